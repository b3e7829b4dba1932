//! `helpline user add | list | disable | enable | unlock`.

use super::password::read_new_password;
use crate::auth::hash_password;
use crate::cli::UserCommand;
use crate::config::Config;
use crate::domain::Role;
use crate::store::users::NewUser;
use std::path::Path;

pub fn run(db: &Path, config: &Config, cmd: UserCommand) -> Result<(), String> {
    if let UserCommand::List = cmd {
        return list(db, config);
    }
    // Adding an account may create the database; changing one needs it.
    let create = matches!(cmd, UserCommand::Add { .. });
    let mut store = super::open_store(db, config, create)?;
    match cmd {
        UserCommand::Add {
            name,
            role,
            display_name,
            team,
            case_role,
        } => {
            let role: Role = role.parse().map_err(|e| format!("{e}"))?;
            let case_role = case_role.as_deref().map(parse_case_role).transpose()?;
            if case_role.is_some() && role != Role::Admin {
                return Err(format!(
                    "--case-role is for admin accounts; a {role}'s case role is its role"
                ));
            }
            let display_name = display_name.as_deref().unwrap_or(&name);
            // Refused names are said before the password is asked for.
            store
                .check_new_account(&name, display_name)
                .map_err(|e| e.to_string())?;
            let password = read_new_password(&name)?;
            let hash = hash_password(&password)?;
            store
                .create_user(
                    &NewUser {
                        username: &name,
                        display_name,
                        role,
                        team: team.as_deref(),
                        password_hash: &hash,
                    },
                    None,
                )
                .map_err(|e| e.to_string())?;
            if let Some(case_role) = case_role.flatten() {
                store
                    .set_case_role(&name, Some(case_role), None)
                    .map_err(|e| e.to_string())?;
            }
            println!(
                "Added {} ({role}).",
                crate::domain::safe_text::terminal_line(&name, 64)
            );
        }
        // Read-only: answered above, without opening for writing.
        UserCommand::List => {}
        UserCommand::Disable { name } => {
            store
                .set_user_disabled(&name, true, None)
                .map_err(|e| e.to_string())?;
            println!("Disabled {name}.");
        }
        UserCommand::Enable { name } => {
            store
                .set_user_disabled(&name, false, None)
                .map_err(|e| e.to_string())?;
            println!("Enabled {name}.");
        }
        UserCommand::CaseRole { name, role } => {
            let case_role = parse_case_role(&role)?;
            store
                .set_case_role(&name, case_role, None)
                .map_err(|e| e.to_string())?;
            match case_role {
                Some(role) => println!("{name} now reads cases as a {role}."),
                None => println!("{name} no longer reads case content."),
            }
        }
        UserCommand::Language { name, language } => {
            let chosen = parse_language(&language)?;
            store
                .set_user_language(&name, chosen)
                .map_err(|e| e.to_string())?;
            match chosen {
                Some(l) => println!(
                    "{name} now sees helpline in {} ({}).",
                    l.native_name(),
                    l.code()
                ),
                None => println!("{name} now sees helpline in the organisation's language."),
            }
        }
        UserCommand::Unlock { name } => {
            store.unlock_user(&name, None).map_err(|e| e.to_string())?;
            println!("Unlocked {name}.");
        }
    }
    Ok(())
}

/// A language as typed: a shipped code, or `default` for none.
fn parse_language(text: &str) -> Result<Option<crate::i18n::Language>, String> {
    if text.trim().eq_ignore_ascii_case("default") {
        return Ok(None);
    }
    crate::i18n::Language::from_code(text)
        .map(Some)
        .ok_or_else(|| {
            format!(
                "`{}` is not a language helpline ships: use one of {}, or default",
                crate::domain::safe_text::terminal_line(text, 20),
                crate::i18n::Language::codes()
            )
        })
}

/// A case role as typed: operator, caseworker, supervisor, or `none`.
fn parse_case_role(text: &str) -> Result<Option<Role>, String> {
    if text.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    match text.parse::<Role>() {
        Ok(Role::Admin) | Err(_) => Err(format!(
            "unknown case role `{}` (expected operator, caseworker, supervisor or none)",
            crate::domain::safe_text::terminal_line(text, 40)
        )),
        Ok(role) => Ok(Some(role)),
    }
}

/// `user list`: reads only, so it opens the database read-only and refuses
/// a path where there is none, rather than create an empty database there.
fn list(db: &Path, config: &Config) -> Result<(), String> {
    let store = super::open_store_read_only(db, config)?;
    let users = store.list_users().map_err(|e| e.to_string())?;
    if users.is_empty() {
        println!("No accounts yet. Add one with: helpline user add NAME --role admin");
    }
    let now = chrono::Utc::now();
    for u in users {
        let state = if u.disabled {
            "disabled"
        } else if u.locked_until.is_some_and(|t| t > now) {
            "locked"
        } else {
            "active"
        };
        // Names and teams are typed by others: shown, never obeyed.
        let safe = |text: &str| crate::domain::safe_text::terminal_line(text, 80).into_owned();
        // An admin's case role shows beside the role ("admin+supervisor").
        let role = match u.user.case_role {
            Some(case_role) if u.user.role == Role::Admin => format!("admin+{case_role}"),
            _ => u.user.role.as_str().to_string(),
        };
        println!(
            "{:<20} {:<11} {:<9} {}",
            safe(&u.user.username),
            role,
            state,
            safe(u.user.team.as_deref().unwrap_or("-"))
        );
    }
    Ok(())
}
