//! The service directory: organisations and the services they offer.
//! Adding, editing (with an optimistic version check), listing and
//! type-to-search.

use super::audit::{AuditEntry, append};
use super::{Page, Store, StoreError, StoreResult, unix_now};
use crate::domain::service::ServiceRecord;
use crate::domain::{AuditAction, ServiceType};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

/// A directory entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRow {
    pub id: i64,
    pub organisation_id: i64,
    pub record: ServiceRecord,
    pub active: bool,
    /// Pass back to [`Store::update_service`]; it changes on every edit.
    pub version: i64,
}

/// A new organisation. The service directory creates organisations by name
/// as services arrive; this adds one with its details.
#[derive(Debug, Clone, Copy)]
pub struct NewOrganisation<'a> {
    pub name: &'a str,
    /// E.g. government, NGO, UN agency, community-based.
    pub org_type: &'a str,
    pub contact: &'a str,
    pub notes: &'a str,
}

/// The columns every service query reads, in the order [`service_of`] expects.
const SERVICE_COLUMNS: &str = "s.id, s.organisation_id, o.name, s.service_type, s.name, s.location,
     s.phone, s.email, s.opening_hours, s.languages, s.notes, s.active, s.version";

/// The most search words used; more words only narrow an already short list.
const MAX_SEARCH_TERMS: usize = 5;

pub(crate) fn service_of(row: &Row<'_>) -> rusqlite::Result<ServiceRow> {
    Ok(ServiceRow {
        id: row.get(0)?,
        organisation_id: row.get(1)?,
        record: ServiceRecord {
            organisation: row.get(2)?,
            service_type: service_type_of(row, 3)?,
            name: row.get(4)?,
            location: row.get(5)?,
            phone: row.get(6)?,
            email: row.get(7)?,
            opening_hours: row.get(8)?,
            languages: row.get(9)?,
            notes: row.get(10)?,
        },
        active: row.get::<_, i64>(11)? != 0,
        version: row.get(12)?,
    })
}

pub(crate) fn service_type_of(row: &Row<'_>, idx: usize) -> rusqlite::Result<ServiceType> {
    let text: String = row.get(idx)?;
    text.parse()
        .map_err(|e: crate::domain::service::UnknownServiceType| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        })
}

/// The id of the organisation called `name` (ignoring case), creating it
/// when it does not exist. Returns the id and whether it was created.
pub(crate) fn organisation_for(
    conn: &Connection,
    name: &str,
    actor: Option<i64>,
) -> StoreResult<(i64, bool)> {
    let found: Option<i64> = conn
        .prepare_cached("SELECT id FROM organisations WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok((id, false));
    }
    let id = insert_organisation(
        conn,
        &NewOrganisation {
            name,
            org_type: "",
            contact: "",
            notes: "",
        },
        actor,
    )?;
    Ok((id, true))
}

fn insert_organisation(
    conn: &Connection,
    org: &NewOrganisation<'_>,
    actor: Option<i64>,
) -> StoreResult<i64> {
    let now = unix_now();
    conn.prepare_cached(
        "INSERT INTO organisations (name, org_type, contact, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![
        org.name.trim(),
        org.org_type.trim(),
        org.contact.trim(),
        org.notes.trim(),
        now
    ])?;
    let id = conn.last_insert_rowid();
    append(
        conn,
        &AuditEntry::new(actor, AuditAction::OrganisationAdded).on("organisation", id),
    )?;
    Ok(id)
}

/// Inserts a service for an existing organisation and audits it.
pub(crate) fn insert_service(
    conn: &Connection,
    organisation_id: i64,
    record: &ServiceRecord,
    actor: Option<i64>,
) -> StoreResult<i64> {
    let now = unix_now();
    conn.prepare_cached(
        "INSERT INTO services (organisation_id, service_type, name, location, phone, email,
                               opening_hours, languages, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute(params![
        organisation_id,
        record.service_type.as_str(),
        record.name,
        record.location,
        record.phone,
        record.email,
        record.opening_hours,
        record.languages,
        record.notes,
        now
    ])?;
    let id = conn.last_insert_rowid();
    append(
        conn,
        &AuditEntry::new(actor, AuditAction::ServiceAdded)
            .on("service", id)
            .detail(record.service_type.as_str()),
    )?;
    Ok(id)
}

/// The id and duplicate key of every active service, for duplicate checks.
/// The directory is small (hundreds to a few thousand services), and the
/// key folds case and spacing in ways SQL collations do not.
pub(crate) fn active_service_keys(conn: &Connection) -> StoreResult<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SERVICE_COLUMNS} FROM services s JOIN organisations o ON o.id = s.organisation_id
         WHERE s.active = 1"
    ))?;
    let rows = stmt.query_map([], service_of)?;
    let mut keys = Vec::new();
    for row in rows {
        let row = row?;
        keys.push((row.id, row.record.duplicate_key()));
    }
    Ok(keys)
}

/// Refuses a record that would duplicate another active service than `except`.
fn check_not_duplicate(conn: &Connection, record: &ServiceRecord, except: i64) -> StoreResult<()> {
    let key = record.duplicate_key();
    if active_service_keys(conn)?
        .iter()
        .any(|(id, k)| *id != except && *k == key)
    {
        return Err(StoreError::Invalid(
            "that organisation already lists a service of this name at this location".into(),
        ));
    }
    Ok(())
}

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
    /// Adds an organisation with its details.
    pub fn add_organisation(
        &mut self,
        org: &NewOrganisation<'_>,
        actor: Option<i64>,
    ) -> StoreResult<i64> {
        if org.name.trim().is_empty() {
            return Err(StoreError::Invalid("an organisation needs a name".into()));
        }
        self.write(|tx| {
            let exists: Option<i64> = tx
                .query_row(
                    "SELECT id FROM organisations WHERE name = ?1",
                    [org.name.trim()],
                    |r| r.get(0),
                )
                .optional()?;
            if exists.is_some() {
                return Err(StoreError::Invalid(
                    "an organisation with that name already exists".into(),
                ));
            }
            insert_organisation(tx, org, actor)
        })
    }

    /// Adds a service, creating its organisation when the name is new.
    pub fn add_service(&mut self, record: &ServiceRecord, actor: Option<i64>) -> StoreResult<i64> {
        self.write(|tx| {
            check_not_duplicate(tx, record, 0)?;
            let (organisation_id, _) = organisation_for(tx, &record.organisation, actor)?;
            insert_service(tx, organisation_id, record, actor)
        })
    }

    /// Replaces a service's details if nobody changed it since `version` was
    /// read; otherwise [`StoreError::Conflict`] and nothing changes.
    /// Returns the new version.
    pub fn update_service(
        &mut self,
        id: i64,
        version: i64,
        record: &ServiceRecord,
        actor: Option<i64>,
    ) -> StoreResult<i64> {
        self.write(|tx| {
            check_not_duplicate(tx, record, id)?;
            let (organisation_id, _) = organisation_for(tx, &record.organisation, actor)?;
            let changed = tx.execute(
                "UPDATE services SET organisation_id = ?1, service_type = ?2, name = ?3,
                        location = ?4, phone = ?5, email = ?6, opening_hours = ?7,
                        languages = ?8, notes = ?9, updated_at = ?10, version = version + 1
                 WHERE id = ?11 AND version = ?12",
                params![
                    organisation_id,
                    record.service_type.as_str(),
                    record.name,
                    record.location,
                    record.phone,
                    record.email,
                    record.opening_hours,
                    record.languages,
                    record.notes,
                    unix_now(),
                    id,
                    version
                ],
            )?;
            finish_service_update(tx, id, version, changed, actor, "details")
        })
    }

    /// Retires a service from the directory (or brings it back), with the
    /// same version check as [`Store::update_service`]. Retired services
    /// stay on the referrals already made to them.
    pub fn set_service_active(
        &mut self,
        id: i64,
        version: i64,
        active: bool,
        actor: Option<i64>,
    ) -> StoreResult<i64> {
        self.write(|tx| {
            if active {
                let current = tx
                    .prepare_cached(&format!(
                        "SELECT {SERVICE_COLUMNS} FROM services s
                         JOIN organisations o ON o.id = s.organisation_id WHERE s.id = ?1"
                    ))?
                    .query_row([id], service_of)
                    .optional()?;
                if let Some(current) = current {
                    check_not_duplicate(tx, &current.record, id)?;
                }
            }
            let changed = tx.execute(
                "UPDATE services SET active = ?1, updated_at = ?2, version = version + 1
                 WHERE id = ?3 AND version = ?4",
                params![active as i64, unix_now(), id, version],
            )?;
            let detail = if active { "activated" } else { "retired" };
            finish_service_update(tx, id, version, changed, actor, detail)
        })
    }

    /// One service, active or not.
    pub fn service(&self, id: i64) -> StoreResult<ServiceRow> {
        self.conn()
            .prepare_cached(&format!(
                "SELECT {SERVICE_COLUMNS} FROM services s
                 JOIN organisations o ON o.id = s.organisation_id WHERE s.id = ?1"
            ))?
            .query_row([id], service_of)
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "service".into(),
            })
    }

    /// Active services in name order, one page at a time.
    pub fn list_services(&self, page: Page) -> StoreResult<Vec<ServiceRow>> {
        self.search_services("", page)
    }

    /// Active services matching what was typed, in name order. Every word
    /// typed must start the name, the organisation, the location or one of
    /// their words, or a word of the service type.
    pub fn search_services(&self, query: &str, page: Page) -> StoreResult<Vec<ServiceRow>> {
        let mut sql = format!(
            "SELECT {SERVICE_COLUMNS} FROM services s
             JOIN organisations o ON o.id = s.organisation_id WHERE s.active = 1"
        );
        let mut values: Vec<Value> = Vec::new();
        for term in query.split_whitespace().take(MAX_SEARCH_TERMS) {
            let escaped = like_escape(term);
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
                field("s.name"),
                field("o.name"),
                field("s.location"),
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
            " ORDER BY s.name, o.name, s.location, s.id LIMIT ?{} OFFSET ?{}",
            n + 1,
            n + 2
        ));
        values.push(Value::Integer(page.sql_limit()));
        values.push(Value::Integer(page.sql_offset()));
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), service_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every active service, ordered by organisation, name and location, as
    /// `helpline services export` writes them.
    pub fn active_services(&self) -> StoreResult<Vec<ServiceRecord>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {SERVICE_COLUMNS} FROM services s
             JOIN organisations o ON o.id = s.organisation_id
             WHERE s.active = 1 ORDER BY o.name, s.name, s.location, s.id"
        ))?;
        let rows = stmt.query_map([], |r| service_of(r).map(|s| s.record))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// After a version-checked UPDATE: no row changed means the service is
/// gone or someone else changed it first.
fn finish_service_update(
    conn: &Connection,
    id: i64,
    version: i64,
    changed: usize,
    actor: Option<i64>,
    detail: &str,
) -> StoreResult<i64> {
    if changed == 0 {
        let exists: Option<i64> = conn
            .prepare_cached("SELECT id FROM services WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        return Err(match exists {
            Some(_) => StoreError::Conflict {
                what: "the service",
            },
            None => StoreError::NotFound {
                what: "service".into(),
            },
        });
    }
    append(
        conn,
        &AuditEntry::new(actor, AuditAction::ServiceUpdated)
            .on("service", id)
            .detail(detail),
    )?;
    Ok(version + 1)
}
