//! The service directory: organisations and the services they offer.
//! Adding and editing entries, with an optimistic version check; listing
//! and type-to-search are in `service_search`.

use super::audit::{AuditEntry, append};
use super::{Store, StoreError, StoreResult, unix_now};
use crate::domain::service::{ServiceRecord, fold};
use crate::domain::{AuditAction, ServiceType};
use rusqlite::{Connection, OptionalExtension, Row, params};

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
pub(crate) const SERVICE_COLUMNS: &str =
    "s.id, s.organisation_id, o.name, s.service_type, s.name, s.location,
     s.phone, s.email, s.opening_hours, s.languages, s.notes, s.active, s.version";

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
        .prepare_cached("SELECT id FROM organisations WHERE name_key = ?1")?
        .query_row([fold(name)], |r| r.get(0))
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
        "INSERT INTO organisations (name, name_key, org_type, contact, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute(params![
        org.name.trim(),
        fold(org.name),
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
        "INSERT INTO services (organisation_id, service_type, name, name_key, location,
                               location_key, phone, email, opening_hours, languages, notes,
                               created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    )?
    .execute(params![
        organisation_id,
        record.service_type.as_str(),
        record.name,
        fold(&record.name),
        record.location,
        fold(&record.location),
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

/// Whether an active service other than `except` has the same
/// organisation, name and location as `record` (folded).
pub(crate) fn is_duplicate(
    conn: &Connection,
    record: &ServiceRecord,
    except: i64,
) -> StoreResult<bool> {
    let found: Option<i64> = conn
        .prepare_cached(
            "SELECT s.id FROM services s JOIN organisations o ON o.id = s.organisation_id
             WHERE o.name_key = ?1 AND s.name_key = ?2 AND s.location_key = ?3
               AND s.active = 1 AND s.id <> ?4",
        )?
        .query_row(
            params![
                fold(&record.organisation),
                fold(&record.name),
                fold(&record.location),
                except
            ],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.is_some())
}

/// Refuses a record that would duplicate another active service.
fn check_not_duplicate(conn: &Connection, record: &ServiceRecord, except: i64) -> StoreResult<()> {
    if is_duplicate(conn, record, except)? {
        return Err(StoreError::Invalid(
            "that organisation already lists a service of this name at this location".into(),
        ));
    }
    Ok(())
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
                    "SELECT id FROM organisations WHERE name_key = ?1",
                    [fold(org.name)],
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
                        name_key = ?4, location = ?5, location_key = ?6, phone = ?7, email = ?8,
                        opening_hours = ?9, languages = ?10, notes = ?11, updated_at = ?12,
                        version = version + 1
                 WHERE id = ?13 AND version = ?14",
                params![
                    organisation_id,
                    record.service_type.as_str(),
                    record.name,
                    fold(&record.name),
                    record.location,
                    fold(&record.location),
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

    /// Every active service, ordered by organisation, name and location, as
    /// `helpline services export` writes them.
    pub fn active_services(&self) -> StoreResult<Vec<ServiceRecord>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {SERVICE_COLUMNS} FROM services s
             JOIN organisations o ON o.id = s.organisation_id
             WHERE s.active = 1 ORDER BY o.name_key, s.name_key, s.location_key, s.id"
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
