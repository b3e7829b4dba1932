//! The `helpline` binary: parse the command line and dispatch.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = helpline::cli::Cli::parse();
    match helpline::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("helpline: {message}");
            ExitCode::FAILURE
        }
    }
}
