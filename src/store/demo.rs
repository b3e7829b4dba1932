//! Fills an empty database with the synthetic demo helpline: staff
//! accounts, the service directory, cases with their contacts, timelines,
//! alerts and referrals, and the contacts that never became cases.
//!
//! The load is one transaction, so a failure leaves the database as it was.
//! It is built to take a million cases in well under a minute: cases arrive
//! in `opened_at` (so rowid and case-number) order, which keeps most index
//! inserts at the right-hand edge of their B-trees; statements are prepared
//! once; and for the load only, SQLite skips fsync and gets a larger page
//! cache. WAL mode stays on throughout.

use super::audit::{AuditEntry, append};
use super::{Store, StoreError, StoreResult};
use crate::domain::demo::{
    DEMO_DAYS, DemoCase, DemoContact, DemoGenerator, DemoOptions, DemoReferral, demo_accounts,
    demo_organisation_type, demo_services,
};
use crate::domain::service::fold;
use crate::domain::{AuditAction, ReferralStatus};
use rusqlite::{
    CachedStatement, Connection, OptionalExtension, Transaction, TransactionBehavior, params,
};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

/// Page cache for the load, in KiB (negative `cache_size` means KiB):
/// 256 MiB holds the hot pages of every index of a million-case load.
const LOAD_CACHE_KIB: i64 = 256 * 1024;

/// What [`Store::fill_demo`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub cases: u64,
    /// Every contact, with or without a case.
    pub contacts: u64,
    pub events: u64,
    /// Every alert, acknowledged or still open.
    pub alerts: u64,
    /// Services in the directory.
    pub services: u64,
    /// Referrals in every state.
    pub referrals: u64,
    pub accounts: u64,
    pub elapsed: Duration,
}

impl Store {
    /// Fills an empty database with demo data generated from `opts`. Every
    /// demo account gets `password_hash` (an argon2 PHC string). `progress`
    /// is called with (cases done, cases total) about every 1 %.
    ///
    /// Refuses a database that already holds cases or contacts, or an
    /// account with a demo user name, so real records never mix with
    /// invented ones.
    pub fn fill_demo(
        &mut self,
        opts: &DemoOptions,
        password_hash: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> StoreResult<DemoSummary> {
        let started = Instant::now();
        opts.check()
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        if password_hash.trim().is_empty() {
            return Err(StoreError::Invalid(
                "the demo accounts need a password hash".into(),
            ));
        }
        let cache_before: i64 = self
            .conn()
            .pragma_query_value(None, "cache_size", |r| r.get(0))?;
        // No fsync and a larger cache, for the load only: just an operating-
        // system crash during the load could cost data, and the database
        // holds no case records yet.
        let loaded = set_load_pragmas(self.conn(), "OFF", -LOAD_CACHE_KIB)
            .and_then(|()| self.load_in_one_transaction(opts, password_hash, progress));
        // Put the connection back the way every other write expects it,
        // whether or not the load went through.
        let restored = set_load_pragmas(self.conn(), "NORMAL", cache_before);
        let mut summary = loaded?;
        restored?;
        // Fold the large WAL into the database file and shrink it, so the
        // first session after the load does not replay it page by page.
        self.conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        summary.elapsed = started.elapsed();
        Ok(summary)
    }

    /// Runs the whole load in one `BEGIN IMMEDIATE` transaction on the
    /// connection itself, since the statements it prepares must live as
    /// long as the transaction.
    fn load_in_one_transaction(
        &mut self,
        opts: &DemoOptions,
        password_hash: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> StoreResult<DemoSummary> {
        let path = self.path().to_path_buf();
        let busy = self.busy_timeout();
        let classify = |e: StoreError| match e {
            StoreError::Sqlite(e) => StoreError::classify(e, &path, busy),
            other => other,
        };
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(e.into()))?;
        let summary = load(&tx, opts, password_hash, progress).map_err(classify)?;
        tx.commit().map_err(|e| classify(e.into()))?;
        Ok(summary)
    }
}

impl Store {
    /// Whether `helpline demo` (or `--demo`) filled this database: such a
    /// database holds only invented people and known demo passwords, and
    /// the login screen says so, whatever the file is called.
    pub fn is_demo(&self) -> StoreResult<bool> {
        let value: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM database_facts WHERE key = ?1",
                [FACT_DEMO],
                |r| r.get(0),
            )
            .optional()?;
        Ok(value.as_deref() == Some("1"))
    }
}

/// The `database_facts` key set on a database filled with demo data.
const FACT_DEMO: &str = "demo";

/// Records, in the load's transaction, that the database holds demo data.
fn mark_as_demo(tx: &Transaction<'_>, now: i64) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO database_facts (key, value, recorded_at) VALUES (?1, '1', ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, recorded_at = excluded.recorded_at",
        params![FACT_DEMO, now],
    )?;
    Ok(())
}

fn set_load_pragmas(conn: &Connection, synchronous: &str, cache_size: i64) -> StoreResult<()> {
    conn.pragma_update(None, "synchronous", synchronous)?;
    conn.pragma_update(None, "cache_size", cache_size)?;
    Ok(())
}

/// Insert triggers paused during the load, each with the statement that
/// does its work in bulk from the same rows: the search indexes (see
/// 0005_search_by_age.sql, 0011_search_text.sql and
/// 0017_phone_search_national.sql and 0019_search_newest_first.sql,
/// whose negated ids, columns and
/// conditions these repeat), and the last-contact stamp of 0013, which the
/// writer sets with each case instead.
const SEARCH_INDEX_FILLS: [(&str, &str); 5] = [
    ("contacts_reach_case", ""),
    (
        "cases_search_insert",
        "INSERT INTO case_search (rowid, child_name, child_age)
             SELECT -id, child_name, child_age FROM cases ORDER BY id DESC;
         INSERT INTO case_phone_search (rowid, phone)
             SELECT -id, substr(phone_norm, -9) FROM cases WHERE phone_norm IS NOT NULL
             ORDER BY id DESC;",
    ),
    (
        "cases_text_search_insert",
        "INSERT INTO case_location_search (rowid, location)
             SELECT -id, location FROM cases WHERE location IS NOT NULL ORDER BY id DESC;",
    ),
    (
        "contacts_text_search_insert",
        "INSERT INTO contact_narrative_search (rowid, narrative)
             SELECT -id, narrative FROM contacts
             WHERE case_id IS NOT NULL AND narrative IS NOT NULL ORDER BY id DESC;
         INSERT INTO contact_location_search (rowid, location)
             SELECT -id, location FROM contacts
             WHERE case_id IS NOT NULL AND location IS NOT NULL ORDER BY id DESC;",
    ),
    (
        "notes_search_insert",
        "INSERT INTO note_search (rowid, body)
             SELECT -id, body FROM case_events WHERE kind = 'note' AND body IS NOT NULL
             ORDER BY id DESC;",
    ),
];

/// The FTS5 search indexes the demo fills in bulk.
const SEARCH_INDEXES: [&str; 6] = [
    "case_search",
    "case_phone_search",
    "case_location_search",
    "contact_narrative_search",
    "contact_location_search",
    "note_search",
];

fn load(
    tx: &Transaction<'_>,
    opts: &DemoOptions,
    password_hash: &str,
    progress: &mut dyn FnMut(u64, u64),
) -> StoreResult<DemoSummary> {
    refuse_unless_empty(tx)?;
    // Filling the search indexes row by row from their insert triggers
    // costs more than the rest of the load; build them in bulk at the end
    // instead, in this same transaction, and put each trigger back exactly
    // as it was.
    let mut paused: Vec<(String, &str)> = Vec::new();
    for (trigger, bulk) in SEARCH_INDEX_FILLS {
        let sql: Option<String> = tx
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                [trigger],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(sql) = sql {
            tx.execute_batch(&format!("DROP TRIGGER {trigger}"))?;
            paused.push((sql, bulk));
        }
    }
    let mut writer = Writer::new(tx, opts, password_hash)?;
    let total = opts.cases;
    let step = (total / 100).max(1);
    let mut last_seq: BTreeMap<i32, u32> = BTreeMap::new();
    progress(0, total);
    for (done, entry) in (1u64..).zip(DemoGenerator::new(opts)) {
        if let Some(contact) = &entry.uncased {
            writer.contact(None, contact)?;
        }
        writer.case(&entry.case)?;
        let seq = last_seq.entry(entry.case.number.year).or_default();
        *seq = (*seq).max(entry.case.number.seq);
        if done % step == 0 || done == total {
            progress(done, total);
        }
    }
    for (trigger_sql, bulk) in &paused {
        tx.execute_batch(bulk)?;
        tx.execute_batch(trigger_sql)?;
    }
    // A bulk fill leaves each index in many segments, and every search
    // then seeks in each of them: merge each index into one.
    for index in SEARCH_INDEXES {
        tx.execute_batch(&format!(
            "INSERT INTO {index} ({index}) VALUES ('optimize')"
        ))?;
    }
    let mut counter = tx.prepare_cached(
        "INSERT INTO case_counters (year, last_seq) VALUES (?1, ?2)
         ON CONFLICT (year) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)",
    )?;
    for (year, seq) in &last_seq {
        counter.execute(params![year, seq])?;
    }
    mark_as_demo(tx, opts.now.timestamp())?;
    append(
        tx,
        &AuditEntry::new(None, AuditAction::DemoCreated).detail(&total.to_string()),
    )?;
    Ok(writer.summary(total))
}

fn refuse_unless_empty(tx: &Transaction<'_>) -> StoreResult<()> {
    let holds_records: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM cases) OR EXISTS (SELECT 1 FROM contacts)
             OR EXISTS (SELECT 1 FROM organisations)",
        [],
        |r| r.get(0),
    )?;
    if holds_records {
        return Err(StoreError::Invalid(
            "this database already holds cases, contacts or services; demo data goes into a new, empty database"
                .into(),
        ));
    }
    let mut exists =
        tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM users WHERE username = ?1)")?;
    for account in demo_accounts() {
        if exists.query_row([&account.username], |r| r.get::<_, bool>(0))? {
            return Err(StoreError::Invalid(format!(
                "this database already has an account named `{}`; demo data goes into a new, empty database",
                account.username
            )));
        }
    }
    Ok(())
}

/// The prepared inserts of the load and what they have written so far.
struct Writer<'tx> {
    case: CachedStatement<'tx>,
    contact: CachedStatement<'tx>,
    event: CachedStatement<'tx>,
    alert: CachedStatement<'tx>,
    referral: CachedStatement<'tx>,
    referral_event: CachedStatement<'tx>,
    /// User id of each account, by its index in `demo_accounts()`.
    user_ids: Vec<i64>,
    /// Id and timeline title ("name (organisation)") of each service, by
    /// its index in `demo_services()`.
    services: Vec<(i64, String)>,
    /// Row ids of the contacts of the case being written.
    contact_ids: Vec<i64>,
    contacts: u64,
    events: u64,
    alerts: u64,
    referrals: u64,
    /// The demo's "now", UTC seconds.
    now: i64,
}

impl<'tx> Writer<'tx> {
    /// Creates the accounts and prepares the other inserts.
    fn new(tx: &'tx Transaction<'_>, opts: &DemoOptions, password_hash: &str) -> StoreResult<Self> {
        // The staff were hired before the first demo case.
        let hired = opts.now.timestamp() - (DEMO_DAYS + 30) * 86_400;
        let mut user = tx.prepare_cached(
            "INSERT INTO users (username, display_name, role, team, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut user_ids = Vec::new();
        for a in demo_accounts() {
            user_ids.push(user.insert(params![
                a.username,
                a.display_name,
                a.role.as_str(),
                a.team,
                password_hash,
                hired
            ])?);
        }
        let services = insert_directory(tx, hired)?;
        Ok(Writer {
            now: opts.now.timestamp(),
            case: tx.prepare_cached(
                "INSERT INTO cases (number, status, risk_level, child_name, child_age, child_gender,
                    location, language, category, subcategory, phone_norm, worker_id, team,
                    opened_at, updated_at, assigned_at, deadline_at, closed_at, closure_reason,
                    outcome_note, created_by, last_contact_at, next_follow_up_at,
                    reminded_due_at, missed_due_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                    ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?24)",
            )?,
            contact: tx.prepare_cached(
                "INSERT INTO contacts (case_id, channel, contact_type, operator_id, started_at,
                    ended_at, duration_s, caller_name, caller_relationship, caller_phone,
                    phone_norm, child_name, child_age, child_gender, location, language, category,
                    subcategory, narrative, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                    ?17, ?18, ?19, ?6)",
            )?,
            event: tx.prepare_cached(
                "INSERT INTO case_events (case_id, at, actor_id, kind, summary, ref_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            alert: tx.prepare_cached(
                "INSERT INTO alerts (case_id, kind, severity, raised_at, acknowledged_at,
                    acknowledged_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            referral: tx.prepare_cached(
                "INSERT INTO referrals (case_id, service_id, status, urgency, consent_given,
                    consent_override_reason, note, due_at, created_by, created_at, updated_at,
                    decline_reason, cancel_reason, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?,
            referral_event: tx.prepare_cached(
                "INSERT INTO case_events (case_id, at, actor_id, kind, summary, body, ref_id)
                 VALUES (?1, ?2, ?3, 'referral', ?4, ?5, ?6)",
            )?,
            user_ids,
            services,
            contact_ids: Vec::with_capacity(4),
            contacts: 0,
            events: 0,
            alerts: 0,
            referrals: 0,
        })
    }

    /// A demo case's next follow-up as a team that keeps its schedule
    /// would have it: its level's rhythm from the last contact, rolled on
    /// to today, with about one open case in twelve up to two days late.
    /// Late ones count as reminded and reported already, so a demo login
    /// is not a flood of old reminders. Returns (next, reminded for).
    fn follow_up_of(
        &self,
        case: &DemoCase,
        last_contact: Option<i64>,
    ) -> (Option<i64>, Option<i64>) {
        if case.status == crate::domain::CaseStatus::Closed {
            return (None, None);
        }
        let rules = crate::domain::follow_up::FollowUpRules::default();
        let from = last_contact.unwrap_or(case.opened_at);
        let Some(mut next) = rules.due_after(case.risk, from) else {
            return (None, None);
        };
        let horizon = if case.number.seq.is_multiple_of(12) {
            self.now - 2 * 86_400
        } else {
            self.now
        };
        while next < horizon {
            match rules.due_after(case.risk, next) {
                Some(later) => next = later,
                None => break,
            }
        }
        (Some(next), (next <= self.now).then_some(next))
    }

    fn user(&self, account: usize) -> StoreResult<i64> {
        self.user_ids.get(account).copied().ok_or_else(|| {
            StoreError::Invalid(format!("demo record refers to unknown account #{account}"))
        })
    }

    fn case(&mut self, case: &DemoCase) -> StoreResult<()> {
        let worker = case.worker.map(|w| self.user(w)).transpose()?;
        let created_by = self.user(case.created_by)?;
        let last_contact = case.contacts.iter().map(|c| c.started_at).max();
        let (next_follow_up, reminded) = self.follow_up_of(case, last_contact);
        let case_id = self.case.insert(params![
            case.number.to_string(),
            case.status.as_str(),
            case.risk.rank(),
            case.child_name,
            case.child_age,
            case.child_gender,
            case.location,
            case.language,
            case.category,
            case.subcategory,
            case.phone_norm,
            worker,
            case.team,
            case.opened_at,
            case.updated_at,
            case.assigned_at,
            case.deadline_at,
            case.closed_at,
            case.closure_reason,
            case.outcome_note,
            created_by,
            last_contact,
            next_follow_up,
            reminded,
        ])?;
        self.contact_ids.clear();
        for contact in &case.contacts {
            let id = self.contact(Some(case_id), contact)?;
            self.contact_ids.push(id);
        }
        for event in &case.events {
            let actor = self.user(event.actor)?;
            let ref_id = event.contact.and_then(|i| self.contact_ids.get(i).copied());
            self.event.execute(params![
                case_id,
                event.at,
                actor,
                event.kind,
                event.summary.as_ref(),
                ref_id
            ])?;
            self.events += 1;
        }
        if let Some(alert) = &case.alert {
            let (acknowledged_at, acknowledged_by) = match alert.acknowledged {
                Some((at, by)) => (Some(at), Some(self.user(by)?)),
                None => (None, None),
            };
            self.alert.execute(params![
                case_id,
                alert.kind,
                alert.severity.rank(),
                alert.raised_at,
                acknowledged_at,
                acknowledged_by
            ])?;
            self.alerts += 1;
        }
        if let Some(referral) = &case.referral {
            self.referral(case_id, referral)?;
        }
        Ok(())
    }

    /// A referral and its lines on the case timeline, worded as the
    /// referral screens word them.
    fn referral(&mut self, case_id: i64, r: &DemoReferral) -> StoreResult<()> {
        let (service_id, title) = self.services.get(r.service).cloned().ok_or_else(|| {
            StoreError::Invalid(format!("demo referral to unknown service #{}", r.service))
        })?;
        let created_by = self.user(r.created_by)?;
        let (decline_reason, cancel_reason) = match r.status {
            ReferralStatus::Declined => (r.reason, None),
            ReferralStatus::Cancelled => (None, r.reason),
            _ => (None, None),
        };
        let id = self.referral.insert(params![
            case_id,
            service_id,
            r.status.as_str(),
            r.urgency.rank(),
            r.consent_given,
            r.override_reason,
            r.note,
            r.due_at,
            created_by,
            r.created_at,
            r.updated_at(),
            decline_reason,
            cancel_reason,
            1 + r.moves.len() as i64,
        ])?;
        self.referrals += 1;
        let consent = if r.consent_given {
            "with consent"
        } else {
            "without consent (override recorded)"
        };
        self.referral_event.execute(params![
            case_id,
            r.created_at,
            created_by,
            format!("Referred to {title}: {}, {consent}", r.urgency),
            None::<&str>,
            id
        ])?;
        self.events += 1;
        for m in &r.moves {
            let body = r.reason.filter(|_| m.to.needs_reason());
            let actor = self.user(m.actor)?;
            self.referral_event.execute(params![
                case_id,
                m.at,
                actor,
                format!(
                    "Referral to {title}: {} -> {}",
                    m.from.label(),
                    m.to.label()
                ),
                body,
                id
            ])?;
            self.events += 1;
        }
        Ok(())
    }

    fn contact(&mut self, case_id: Option<i64>, c: &DemoContact) -> StoreResult<i64> {
        let operator = self.user(c.operator)?;
        let id = self.contact.insert(params![
            case_id,
            c.channel,
            c.contact_type,
            operator,
            c.started_at,
            c.ended_at(),
            c.duration_s,
            c.caller_name,
            c.caller_relationship,
            c.caller_phone,
            c.phone_norm,
            c.child_name,
            c.child_age,
            c.child_gender,
            c.location,
            c.language,
            c.category,
            c.subcategory,
            c.narrative,
        ])?;
        self.contacts += 1;
        Ok(id)
    }

    fn summary(&self, cases: u64) -> DemoSummary {
        DemoSummary {
            cases,
            contacts: self.contacts,
            events: self.events,
            alerts: self.alerts,
            services: self.services.len() as u64,
            referrals: self.referrals,
            accounts: self.user_ids.len() as u64,
            elapsed: Duration::ZERO,
        }
    }
}

/// Writes the demo service directory, as it stood when the staff were
/// hired, and returns each service's id and timeline title.
fn insert_directory(tx: &Transaction<'_>, at: i64) -> StoreResult<Vec<(i64, String)>> {
    let mut organisation = tx.prepare_cached(
        "INSERT INTO organisations (name, name_key, org_type, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
    )?;
    let mut service = tx.prepare_cached(
        "INSERT INTO services (organisation_id, service_type, name, name_key, location,
             location_key, phone, email, opening_hours, languages, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    )?;
    let mut organisations: HashMap<String, i64> = HashMap::new();
    let mut written = Vec::new();
    for record in demo_services() {
        let organisation_id = match organisations.get(&record.organisation) {
            Some(&id) => id,
            None => {
                let id = organisation.insert(params![
                    record.organisation,
                    fold(&record.organisation),
                    demo_organisation_type(&record.organisation),
                    at
                ])?;
                organisations.insert(record.organisation.clone(), id);
                id
            }
        };
        let id = service.insert(params![
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
            at
        ])?;
        written.push((id, format!("{} ({})", record.name, record.organisation)));
    }
    Ok(written)
}
