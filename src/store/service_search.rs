//! Listing and type-to-search over the service directory.

use super::services::{SERVICE_COLUMNS, ServiceRow, service_of};
use super::{Page, Store, StoreResult};
use crate::domain::ServiceType;
use crate::domain::service::fold;
use rusqlite::params_from_iter;
use rusqlite::types::Value;

/// An organisation's id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationName {
    pub id: i64,
    pub name: String,
}

/// The most search words used; more words only narrow an already short list.
const MAX_SEARCH_TERMS: usize = 5;

/// `LIKE` pattern text with the wildcards of `text` escaped (escape `\`).
fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Store {
    /// Active services in name order, one page at a time.
    pub fn list_services(&self, page: Page) -> StoreResult<Vec<ServiceRow>> {
        self.search_services("", page)
    }

    /// Active services matching what was typed, in name order. Every word
    /// typed must start the name, the organisation, the location or one of
    /// their words, or a word of the service type.
    pub fn search_services(&self, query: &str, page: Page) -> StoreResult<Vec<ServiceRow>> {
        self.search_in_directory(query, true, page)
    }

    /// Like [`Store::search_services`], retired services included: the
    /// directory screen shows them (marked) so they can be brought back.
    pub fn search_directory(&self, query: &str, page: Page) -> StoreResult<Vec<ServiceRow>> {
        self.search_in_directory(query, false, page)
    }

    /// Every organisation, by name, for choosing one (the referral queue's
    /// agency filter).
    pub fn organisations(&self) -> StoreResult<Vec<OrganisationName>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, name FROM organisations ORDER BY name_key, id")?;
        let rows = stmt.query_map([], |r| {
            Ok(OrganisationName {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn search_in_directory(
        &self,
        query: &str,
        active_only: bool,
        page: Page,
    ) -> StoreResult<Vec<ServiceRow>> {
        let mut sql = format!(
            "SELECT {SERVICE_COLUMNS} FROM services s
             JOIN organisations o ON o.id = s.organisation_id WHERE (s.active = 1 OR ?1 = 0)"
        );
        let mut values: Vec<Value> = vec![Value::Integer(i64::from(active_only))];
        for term in query.split_whitespace().take(MAX_SEARCH_TERMS) {
            let escaped = like_escape(&fold(term));
            let types: Vec<&str> = ServiceType::matching_prefix(term)
                .into_iter()
                .map(ServiceType::as_str)
                .collect();
            let n = values.len();
            // Start of the field, or start of a word after a space or hyphen.
            let field = |col: &str| {
                format!(
                    "{col} LIKE ?{a} ESCAPE '\\' OR {col} LIKE ?{b} ESCAPE '\\' OR {col} LIKE ?{c} ESCAPE '\\'",
                    a = n + 1,
                    b = n + 2,
                    c = n + 3
                )
            };
            sql.push_str(&format!(
                " AND ({} OR {} OR {} OR s.service_type IN (SELECT value FROM json_each(?{})))",
                field("s.name_key"),
                field("o.name_key"),
                field("s.location_key"),
                n + 4
            ));
            values.push(Value::Text(format!("{escaped}%")));
            values.push(Value::Text(format!("% {escaped}%")));
            values.push(Value::Text(format!("%-{escaped}%")));
            values.push(Value::Text(
                serde_json::to_string(&types).unwrap_or_else(|_| "[]".into()),
            ));
        }
        let n = values.len();
        sql.push_str(&format!(
            " ORDER BY s.name_key, o.name_key, s.location_key, s.id LIMIT ?{} OFFSET ?{}",
            n + 1,
            n + 2
        ));
        values.push(Value::Integer(page.sql_limit()));
        values.push(Value::Integer(page.sql_offset()));
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), service_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
