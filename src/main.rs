//! The `helpline` binary: parse the command line and dispatch.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = helpline::cli::Cli::parse();
    match helpline::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // Messages quote files, names and keys others wrote: never
            // let them reach the terminal as control sequences.
            eprintln!(
                "helpline: {}",
                helpline::domain::safe_text::terminal_text(&message, 4_000)
            );
            ExitCode::FAILURE
        }
    }
}
