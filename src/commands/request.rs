//! `helpline request erase | list | approve | carry-out`: a person's
//! request to have their data anonymised. The acting account is named with
//! --as and proves itself with its password (the login check, with its
//! lockout and audit), so the four-eyes rule holds between real accounts.

use super::password::read_password;
use crate::cli::RequestCommand;
use crate::config::Config;
use crate::domain::Role;
use crate::domain::safe_text::terminal_line;
use crate::store::Store;
use crate::store::users::User;
use std::path::Path;

pub fn run(db: &Path, config: &Config, cmd: RequestCommand) -> Result<(), String> {
    if let RequestCommand::List = cmd {
        return list(db, config);
    }
    let mut store = super::open_store(db, config, false)?;
    let now = chrono::Utc::now().timestamp();
    match cmd {
        RequestCommand::Erase {
            cases,
            reason,
            as_user,
        } => {
            let user = log_in(&mut store, config, &as_user)?;
            let id = store
                .request_erasure(user.id, &cases, &reason, now)
                .map_err(|e| e.to_string())?;
            println!(
                "Erasure request {id} recorded for {} case(s); an admin other than {} approves it with `helpline request approve {id} --as ADMIN`.",
                cases.len(),
                terminal_line(&user.username, 40)
            );
        }
        RequestCommand::Approve { id, as_user } => {
            let user = log_in(&mut store, config, &as_user)?;
            store
                .approve_erasure(id, user.id, now)
                .map_err(|e| e.to_string())?;
            println!("Erasure request {id} approved.");
            carry_out(&mut store, id, &user, now)?;
        }
        RequestCommand::CarryOut { id, as_user } => {
            let user = log_in(&mut store, config, &as_user)?;
            if user.role != Role::Admin {
                return Err("only an admin may carry out an erasure request".into());
            }
            carry_out(&mut store, id, &user, now)?;
        }
        RequestCommand::List => {}
    }
    Ok(())
}

fn carry_out(store: &mut Store, id: i64, user: &User, now: i64) -> Result<(), String> {
    let done = store.carry_out_erasure(id, Some(user.id), now).map_err(|e| {
        format!("{e}; what was done so far stays done: `helpline request carry-out {id} --as ADMIN` finishes it")
    })?;
    println!(
        "Erasure request {id} carried out: {} case(s) anonymised.",
        done.len()
    );
    for number in done {
        println!("    {}", terminal_line(&number, 40));
    }
    Ok(())
}

/// The account named by --as, after its password was checked.
fn log_in(store: &mut Store, config: &Config, name: &str) -> Result<User, String> {
    let password = read_password(name)?;
    crate::auth::login(
        store,
        &config.security.lockout_policy(),
        name,
        &password,
        chrono::Utc::now(),
    )
    .map_err(|e| e.to_string())
}

fn list(db: &Path, config: &Config) -> Result<(), String> {
    let store = super::open_store_read_only(db, config)?;
    let requests = store.erasure_requests().map_err(|e| e.to_string())?;
    if requests.is_empty() {
        println!("No erasure requests.");
    }
    let when = |at: i64| {
        chrono::DateTime::from_timestamp(at, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    };
    for r in requests {
        let mut line = format!(
            "#{:<4} {:<11} asked by {} {}",
            r.id,
            r.state.as_str(),
            terminal_line(&r.requested_by, 40),
            when(r.requested_at)
        );
        if let (Some(by), Some(at)) = (&r.approved_by, r.approved_at) {
            line.push_str(&format!(
                "; approved by {} {}",
                terminal_line(by, 40),
                when(at)
            ));
        }
        if let Some(at) = r.carried_out_at {
            line.push_str(&format!("; carried out {}", when(at)));
        }
        println!("{line}");
        println!(
            "      cases: {}",
            terminal_line(&r.case_numbers.join(" "), 2_000)
        );
        println!("      reason: {}", terminal_line(&r.reason, 300));
    }
    Ok(())
}
