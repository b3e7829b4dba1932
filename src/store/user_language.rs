//! A person's own interface language, stored with their account.

use super::Store;
use super::error::{StoreError, StoreResult};
use crate::i18n::Language;
use rusqlite::{OptionalExtension, params};

impl Store {
    /// Sets the language of the account named `username`; None goes back to
    /// the organisation's default.
    pub fn set_user_language(
        &mut self,
        username: &str,
        language: Option<Language>,
    ) -> StoreResult<()> {
        self.write(|tx| {
            let changed = tx
                .prepare_cached(
                    "UPDATE users SET language = ?1, version = version + 1 WHERE username = ?2",
                )?
                .execute(params![language.map(Language::code), username])?;
            if changed == 0 {
                return Err(StoreError::NotFound {
                    what: "user".into(),
                });
            }
            Ok(())
        })
    }

    /// The language the account `user_id` chose, if any. A code this build
    /// does not ship reads as none, so the organisation's default applies.
    pub fn user_language(&self, user_id: i64) -> StoreResult<Option<Language>> {
        let code: Option<Option<String>> = self
            .conn()
            .prepare_cached("SELECT language FROM users WHERE id = ?1")?
            .query_row([user_id], |r| r.get(0))
            .optional()?;
        match code {
            None => Err(StoreError::NotFound {
                what: "user".into(),
            }),
            Some(code) => Ok(code.as_deref().and_then(Language::from_code)),
        }
    }
}
