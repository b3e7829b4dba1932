//! Cases: opening, the paged case lists, the case header and its
//! timeline (type-to-search is in `case_search`).

use super::audit::{AuditEntry, append};
use super::audit_queue::QueuedAudit;
use super::case_access::visible_condition;
use super::closure_requests::ClosureRequest;
use super::{Store, StoreError, StoreResult, unix_now};
use crate::domain::access::{CaseAction, Viewer};
use crate::domain::closure_approval::RequestState;
use crate::domain::{AuditAction, CaseNumber, CaseStatus, RiskLevel};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

/// Whose cases a list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CaseScope {
    #[default]
    All,
    Mine(i64),
    Team(String),
    Unassigned,
}

/// Which steps a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// Every step but closed.
    #[default]
    Open,
    Only(CaseStatus),
}

/// A case list's filters. Lists always sort by risk (highest first), then
/// deadline (soonest first, none last), then id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseQuery {
    pub scope: CaseScope,
    pub status: StatusFilter,
    pub min_risk: Option<RiskLevel>,
    /// Reason-for-contact category id, e.g. `violence`.
    pub category: Option<String>,
    /// Only cases whose deadline has passed at this time (UTC seconds).
    pub overdue_at: Option<i64>,
}

/// Where the next page starts: the sort key of the last row shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageKey {
    neg_risk: i64,
    deadline: i64,
    id: i64,
}

/// One line of a case list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: i64,
    pub number: String,
    pub status: CaseStatus,
    pub risk: RiskLevel,
    pub child_name: Option<String>,
    pub child_age: Option<i64>,
    pub category: Option<String>,
    pub subcategory: Option<String>,
    pub worker: Option<String>,
    pub opened_at: i64,
    pub deadline_at: Option<i64>,
    /// Instruments whose provisional level the case still holds: its
    /// reasons set a floor and nobody has run them yet ("risk not assessed").
    pub unassessed: Vec<String>,
    /// Failed follow-up attempts marked the case not reachable.
    pub unreachable: bool,
    /// A closure waiting for a supervisor, or sent back by one.
    pub closure: Option<RequestState>,
    /// Names, phones, places and free text were removed (retention or an
    /// erasure request): screens say so instead of "(no name)".
    pub anonymised: bool,
}

impl CaseRow {
    /// Whether the case holds a provisional level nobody has assessed.
    pub fn risk_not_assessed(&self) -> bool {
        !self.unassessed.is_empty()
    }

    /// The key to pass to get the page after this row.
    pub fn page_key(&self) -> PageKey {
        PageKey {
            neg_risk: -self.risk.rank(),
            deadline: self.deadline_at.unwrap_or(i64::MAX),
            id: self.id,
        }
    }
}

/// The case header: everything shown above the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDetail {
    pub row: CaseRow,
    pub child_gender: Option<String>,
    pub location: Option<String>,
    pub language: Option<String>,
    pub worker_id: Option<i64>,
    pub team: Option<String>,
    pub consent: Option<String>,
    pub closure_reason: Option<String>,
    pub outcome_note: Option<String>,
    pub version: i64,
    /// Next follow-up, attempts and last contact (open cases).
    pub follow_up: super::follow_ups::FollowUpState,
    /// The highest level the case ever held.
    pub peak_risk: RiskLevel,
    /// Why the case was last reopened.
    pub reopen_reason: Option<String>,
    /// The closure request the header shows: waiting, or sent back.
    pub closure_request: Option<ClosureRequest>,
    /// Seen only by its worker and the supervisors (see `domain::access`).
    pub restricted: bool,
}

/// One entry of a case's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub id: i64,
    pub at: i64,
    pub actor: Option<String>,
    pub kind: String,
    pub summary: String,
    pub body: Option<String>,
}

/// What an intake (or an import) knows when it opens a case.
#[derive(Debug, Clone, Default)]
pub struct NewCase<'a> {
    pub opened_at: i64,
    pub risk: RiskLevel,
    pub child_name: Option<&'a str>,
    pub child_age: Option<i64>,
    pub child_gender: Option<&'a str>,
    pub location: Option<&'a str>,
    pub language: Option<&'a str>,
    pub category: Option<&'a str>,
    pub subcategory: Option<&'a str>,
    pub phone_norm: Option<&'a str>,
    pub team: Option<&'a str>,
    pub deadline_at: Option<i64>,
    /// Who consented, to what and when.
    pub consent: Option<&'a str>,
}

/// The sort key, spelled exactly as in the queue indexes.
pub(super) const SORT_KEY: &str = "-c.risk_level, ifnull(c.deadline_at, 9223372036854775807), c.id";

/// How many columns `ROW_COLUMNS` holds.
pub(super) const ROW_COLUMN_COUNT: usize = 15;

pub(super) const ROW_COLUMNS: &str =
    "c.id, c.number, c.status, c.risk_level, c.child_name, c.child_age,
     c.category, c.subcategory, u.display_name, c.opened_at, c.deadline_at, c.unassessed,
     c.closure_request, c.unreachable_since IS NOT NULL, c.anonymised_at IS NOT NULL";

pub(super) fn case_row(r: &Row<'_>) -> rusqlite::Result<CaseRow> {
    let status: String = r.get(2)?;
    Ok(CaseRow {
        id: r.get(0)?,
        number: r.get(1)?,
        status: status.parse().unwrap_or(CaseStatus::Open),
        risk: RiskLevel::from_rank(r.get(3)?),
        child_name: r.get(4)?,
        child_age: r.get(5)?,
        category: r.get(6)?,
        subcategory: r.get(7)?,
        worker: r.get(8)?,
        opened_at: r.get(9)?,
        deadline_at: r.get(10)?,
        unassessed: r
            .get::<_, Option<String>>(11)?
            .map(|s| s.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default(),
        closure: r
            .get::<_, Option<String>>(12)?
            .and_then(|s| RequestState::parse(&s)),
        unreachable: r.get(13)?,
        anonymised: r.get(14)?,
    })
}

/// Hands out the next number of `year` inside the caller's transaction.
fn next_case_number(tx: &Transaction<'_>, year: i32) -> StoreResult<CaseNumber> {
    let seq: i64 = tx.query_row(
        "INSERT INTO case_counters (year, last_seq) VALUES (?1, 1)
         ON CONFLICT (year) DO UPDATE SET last_seq = last_seq + 1
         RETURNING last_seq",
        [year],
        |r| r.get(0),
    )?;
    let seq =
        u32::try_from(seq).map_err(|_| StoreError::Invalid("case numbers exhausted".into()))?;
    Ok(CaseNumber { year, seq })
}

/// Opens a case inside the caller's transaction (so an intake can create
/// the contact and its case together) and returns its id and number.
pub(crate) fn insert_case(
    tx: &Transaction<'_>,
    new: &NewCase<'_>,
    actor: Option<i64>,
    rules: Option<&crate::domain::follow_up::FollowUpRules>,
) -> StoreResult<(i64, CaseNumber)> {
    let year = chrono::DateTime::from_timestamp(new.opened_at, 0)
        .map(|t| chrono::Datelike::year(&t))
        .unwrap_or(1970);
    let number = next_case_number(tx, year)?;
    tx.prepare_cached(
        "INSERT INTO cases (number, risk_level, child_name, child_age, child_gender, location,
                            language, category, subcategory, phone_norm, team, opened_at,
                            updated_at, deadline_at, created_by, consent)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        number.to_string(),
        new.risk.rank(),
        new.child_name,
        new.child_age,
        new.child_gender,
        new.location,
        new.language,
        new.category,
        new.subcategory,
        new.phone_norm,
        new.team,
        new.opened_at,
        new.deadline_at,
        actor,
        new.consent
    ])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached(
        "INSERT INTO case_events (case_id, at, actor_id, kind, summary) VALUES (?1, ?2, ?3, 'status', 'Case opened')",
    )?
    .execute(params![id, new.opened_at, actor])?;
    super::follow_ups::schedule_on_open(tx, rules, id, new.risk, new.opened_at)?;
    append(
        tx,
        &AuditEntry::new(actor, AuditAction::CaseCreated).on("case", id),
    )?;
    Ok((id, number))
}

impl Store {
    /// Opens a case on its own (an intake uses `insert_case` inside its
    /// own transaction instead).
    pub fn open_case(
        &mut self,
        new: &NewCase<'_>,
        actor: Option<i64>,
    ) -> StoreResult<(i64, CaseNumber)> {
        let rules = self.schedule_rules();
        self.write(|tx| insert_case(tx, new, actor, rules.as_deref()))
    }

    /// One page of a case list, after `after` (None: the first page):
    /// only the cases `viewer` may see (see `domain::access`).
    pub fn list_cases(
        &self,
        viewer: &Viewer,
        query: &CaseQuery,
        after: Option<PageKey>,
        limit: u32,
    ) -> StoreResult<Vec<CaseRow>> {
        let (visible, mut args) = visible_condition(viewer, unix_now());
        let mut sql = format!(
            "SELECT {ROW_COLUMNS} FROM cases c LEFT JOIN users u ON u.id = c.worker_id
             WHERE {visible} AND "
        );
        match query.status {
            StatusFilter::Open => sql.push_str("c.status <> 'closed'"),
            StatusFilter::Only(status) => {
                sql.push_str("c.status = ?");
                args.push(Value::Text(status.as_str().into()));
            }
        }
        match &query.scope {
            CaseScope::All => {}
            CaseScope::Mine(id) => {
                sql.push_str(" AND c.worker_id = ?");
                args.push(Value::Integer(*id));
            }
            CaseScope::Team(team) => {
                sql.push_str(" AND c.team = ?");
                args.push(Value::Text(team.clone()));
            }
            CaseScope::Unassigned => sql.push_str(" AND c.worker_id IS NULL"),
        }
        if let Some(min) = query.min_risk {
            sql.push_str(" AND c.risk_level >= ?");
            args.push(Value::Integer(min.rank()));
        }
        if let Some(category) = &query.category {
            sql.push_str(" AND c.category = ?");
            args.push(Value::Text(category.clone()));
        }
        if let Some(now) = query.overdue_at {
            sql.push_str(" AND c.deadline_at < ?");
            args.push(Value::Integer(now));
        }
        if let Some(key) = after {
            sql.push_str(&format!(" AND ({SORT_KEY}) > (?, ?, ?)"));
            args.extend([key.neg_risk, key.deadline, key.id].map(Value::Integer));
        }
        sql.push_str(&format!(" ORDER BY {SORT_KEY} LIMIT ?"));
        args.push(Value::Integer(i64::from(limit)));
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), case_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The case header. Every call is an access to the case and is
    /// audited, but the audit entry never holds up the read: while another
    /// session holds the write lock it is queued and written later, stamped
    /// with the time of this read (see `audit_queue`).
    /// Refused with `NeedToKnow` for a case outside the viewer's rights.
    pub fn open_case_detail(&mut self, case_id: i64, viewer: &Viewer) -> StoreResult<CaseDetail> {
        self.require_case_access(case_id, viewer, CaseAction::View, unix_now())?;
        let detail = self.reload_case_detail(case_id)?;
        self.audit_soon(QueuedAudit {
            user_id: viewer.user_id,
            action: AuditAction::CaseViewed,
            record_type: "case",
            record_id: case_id,
            count: None,
            at: unix_now(),
        });
        Ok(detail)
    }

    /// Records that `viewer` was shown a list of `shown` cases (`what`:
    /// "case_list", "follow_ups"), without holding up the screen: one line
    /// per list the person asked for, not per refresh.
    pub fn audit_list_view(&mut self, viewer: i64, what: &'static str, shown: usize) {
        self.audit_soon(QueuedAudit {
            user_id: viewer,
            action: AuditAction::CasesListed,
            record_type: what,
            record_id: 0,
            count: Some(u32::try_from(shown).unwrap_or(u32::MAX)),
            at: unix_now(),
        });
    }

    /// Re-reads the header of a case already on the viewer's screen (after
    /// another session changed it). Not a new access, so not audited again.
    pub fn reload_case_detail(&self, case_id: i64) -> StoreResult<CaseDetail> {
        let mut detail = read_detail(self.conn(), case_id)?;
        detail.follow_up = self.follow_up_state(case_id)?;
        Ok(detail)
    }

    /// A page of a case's timeline, newest first, before entry `before`.
    pub fn case_timeline(
        &self,
        case_id: i64,
        before: Option<(i64, i64)>,
        limit: u32,
    ) -> StoreResult<Vec<TimelineEntry>> {
        let (at, id) = before.unwrap_or((i64::MAX, i64::MAX));
        let mut stmt = self.conn().prepare_cached(
            "SELECT e.id, e.at, u.display_name, e.kind, e.summary, e.body
             FROM case_events e LEFT JOIN users u ON u.id = e.actor_id
             WHERE e.case_id = ?1 AND (e.at, e.id) < (?2, ?3)
             ORDER BY e.at DESC, e.id DESC LIMIT ?4",
        )?;
        let rows = stmt.query_map(params![case_id, at, id, limit], |r| {
            Ok(TimelineEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                kind: r.get(3)?,
                summary: r.get(4)?,
                body: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds a note to a case's timeline if the case is still at
    /// `expected_version`; otherwise nothing changes and the caller gets a
    /// conflict (someone else changed the case meanwhile).
    pub fn add_case_note(
        &mut self,
        case_id: i64,
        expected_version: i64,
        text: &str,
        actor: i64,
        now: i64,
    ) -> StoreResult<i64> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE cases SET version = version + 1, updated_at = ?1 WHERE id = ?2 AND version = ?3",
                params![now, case_id, expected_version],
            )?;
            if changed == 0 {
                return Err(StoreError::Conflict { what: "the case" });
            }
            tx.execute(
                "INSERT INTO case_events (case_id, at, actor_id, kind, summary, body) VALUES (?1, ?2, ?3, 'note', 'Note added', ?4)",
                params![case_id, now, actor, text],
            )?;
            append(tx, &AuditEntry::new(Some(actor), AuditAction::CaseUpdated).on("case", case_id).detail("note"))?;
            Ok(expected_version + 1)
        })
    }
}

fn read_detail(conn: &rusqlite::Connection, case_id: i64) -> StoreResult<CaseDetail> {
    let mut detail = conn
        .prepare_cached(&format!(
            "SELECT {ROW_COLUMNS}, c.child_gender, c.location, c.language, c.worker_id,
                    c.team, c.consent, c.closure_reason, c.outcome_note, c.version,
                    max(c.peak_risk_level, c.risk_level), c.reopen_reason, c.restricted
             FROM cases c LEFT JOIN users u ON u.id = c.worker_id WHERE c.id = ?1"
        ))?
        .query_row([case_id], |r| {
            Ok(CaseDetail {
                row: case_row(r)?,
                child_gender: r.get(15)?,
                location: r.get(16)?,
                language: r.get(17)?,
                worker_id: r.get(18)?,
                team: r.get(19)?,
                consent: r.get(20)?,
                closure_reason: r.get(21)?,
                outcome_note: r.get(22)?,
                version: r.get(23)?,
                peak_risk: RiskLevel::from_rank(r.get(24)?),
                reopen_reason: r.get(25)?,
                closure_request: None,
                follow_up: Default::default(),
                restricted: r.get::<_, i64>(26)? != 0,
            })
        })
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: "case".into(),
        })?;
    if detail.row.closure.is_some() {
        detail.closure_request = super::closure_requests::latest_request(conn, case_id)?;
    }
    Ok(detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_column_count_matches_the_row_columns() {
        // The search reads the need-to-know ties right after these columns.
        assert_eq!(ROW_COLUMNS.split(',').count(), ROW_COLUMN_COUNT);
    }
}
