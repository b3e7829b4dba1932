//! Reading a new password: without echo at a terminal, or one line from
//! standard input for scripts.

use crate::auth::check_password_strength;
use std::io::{BufRead, IsTerminal};

/// Asks for a new password twice at a terminal; reads one line otherwise.
pub fn read_new_password(whose: &str) -> Result<String, String> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {whose}: "))
            .map_err(|e| format!("cannot read the password: {e}"))?;
        let second = rpassword::prompt_password("Type it again: ")
            .map_err(|e| format!("cannot read the password: {e}"))?;
        if first != second {
            return Err("the two passwords differ; nothing was changed".into());
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
        line.trim_end_matches(['\n', '\r']).to_string()
    };
    check_password_strength(&password, whose)?;
    Ok(password)
}

/// Reads the password of an existing account: without echo at a
/// terminal, one line from standard input otherwise.
pub fn read_password(whose: &str) -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(format!("Password for {whose}: "))
            .map_err(|e| format!("cannot read the password: {e}"));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

/// Asks a question at a terminal, or reads one line from standard input.
pub fn read_line(prompt: &str) -> Result<String, String> {
    use std::io::Write;
    if std::io::stdin().is_terminal() {
        eprint!("{prompt}");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    Ok(line.trim().to_string())
}
