//! `helpline init`: create the database and its first admin.

use super::password::{read_line, read_new_password};
use crate::auth::hash_password;
use crate::config::Config;
use crate::domain::Role;
use crate::store::users::NewUser;
use std::path::Path;

pub fn run(db: &Path, config: &Config, admin: Option<String>) -> Result<(), String> {
    let mut store = super::open_store(db, config, true)?;
    if store.count_users().map_err(|e| e.to_string())? > 0 {
        return Err(format!(
            "{} already has accounts; add more with `helpline user add`",
            db.display()
        ));
    }
    let name = match admin {
        Some(name) => name,
        None => {
            let typed = read_line("Admin user name [admin]: ")?;
            if typed.is_empty() {
                "admin".to_string()
            } else {
                typed
            }
        }
    };
    crate::store::users::validate_username(&name).map_err(|e| e.to_string())?;
    let password = read_new_password(&name)?;
    let hash = hash_password(&password)?;
    store
        .create_user(
            &NewUser {
                username: &name,
                display_name: &name,
                role: Role::Admin,
                team: None,
                password_hash: &hash,
            },
            None,
        )
        .map_err(|e| e.to_string())?;
    println!("Created {} with admin {name}.", db.display());
    println!("Add staff with: helpline user add NAME --role operator|caseworker|supervisor|admin");
    Ok(())
}
