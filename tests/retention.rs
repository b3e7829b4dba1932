//! Retention on a real database file: the dry run lists exactly what
//! `apply` then does, `apply` is idempotent, anonymised cases leave every
//! search index and keep what the aggregate counts need, and purging old
//! audit rows leaves a chain that `helpline doctor` still verifies.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::*;
use helpline::domain::retention::RetentionSchedule;
use helpline::domain::{AuditAction, RiskLevel, Role};
use helpline::store::Store;
use helpline::store::audit::AuditEntry;
use helpline::store::cases::NewCase;
use helpline::store::contacts::{CaseTarget, NewContact};
use helpline::store::dialog_drafts::{DialogKey, DialogKind, DialogWrite};
use helpline::store::drafts::DraftSave;

const YEAR: i64 = 365 * 86_400;
const DAY: i64 = 86_400;

struct Fixture {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    store: Store,
    now: DateTime<Utc>,
    operator: i64,
    /// Closed long ago: anonymised.
    old_closed: Vec<(i64, String)>,
    /// Closed recently, and open though old: kept.
    kept: Vec<(i64, String)>,
}

/// An intake with a name, a phone, a place, a narrative and a free-text
/// answer, opening a case `years_ago`.
fn intake(
    store: &mut Store,
    operator: i64,
    at: i64,
    name: &str,
    phone: &str,
    subcategory: &str,
) -> (i64, String) {
    let answers = format!(
        r#"{{"channel":{{"kind":"choice","value":"phone_call"}},
            "child_name":{{"kind":"text","value":"{name}"}},
            "caller_phone":{{"kind":"text","value":"{phone}"}},
            "child_age":{{"kind":"number","value":12}},
            "safe_contact_times":{{"kind":"text","value":"after school near Kibera"}}}}"#
    );
    let category = subcategory.split('.').next();
    let saved = store
        .complete_intake(
            None,
            operator,
            &NewContact {
                form_id: "child_helpline",
                channel: "phone_call",
                contact_type: "child_about_self",
                started_at: at,
                ended_at: at + 600,
                caller_name: Some("Grace Achieng"),
                caller_phone: Some(phone),
                phone_norm: Some(phone),
                child_name: Some(name),
                child_age: Some(12),
                child_gender: Some("girl"),
                location: Some("Kibera Olympic"),
                category,
                subcategory: Some(subcategory),
                answers_json: &answers,
                narrative: Some("beaten by the uncle behind the butchery"),
                next_time_note: Some("asks for Zawadi"),
                ..Default::default()
            },
            CaseTarget::Open(NewCase {
                opened_at: at,
                risk: RiskLevel::High,
                child_name: Some(name),
                child_age: Some(12),
                child_gender: Some("girl"),
                location: Some("Kibera Olympic"),
                category,
                subcategory: Some(subcategory),
                phone_norm: Some(phone),
                ..Default::default()
            }),
            &[],
            at + 600,
            &|_, _| None,
        )
        .expect("intake");
    saved.case.expect("a case")
}

fn raw(db: &std::path::Path, sql: &str, params: impl rusqlite::Params) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute(sql, params)
        .unwrap();
}

fn close(db: &std::path::Path, case_id: i64, at: i64) {
    raw(
        db,
        "UPDATE cases SET status = 'closed', closed_at = ?2, closure_reason = 'needs_met',
                          outcome_note = 'Wanjiku safe with her aunt'
         WHERE id = ?1",
        (case_id, at),
    );
}

fn fixture() -> Fixture {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let now = Utc::now();
    let t = now.timestamp();
    let operator = add_user(&mut store, "amina", Role::Operator, "correct horse battery");
    let mut old_closed = Vec::new();
    let mut kept = Vec::new();
    for (i, (name, sub)) in [
        ("Wanjiku Kamau", "violence.physical"),
        ("Achieng Otieno", "violence.sexual"),
        ("Baraka Mwangi", "violence.physical"),
    ]
    .into_iter()
    .enumerate()
    {
        let case = intake(
            &mut store,
            operator,
            t - 9 * YEAR + i as i64 * DAY,
            name,
            &format!("25472212345{i}"),
            sub,
        );
        close(&db, case.0, t - 8 * YEAR + i as i64 * 30 * DAY);
        old_closed.push(case);
    }
    // Closed two years ago, and open for nine: both kept.
    let recent = intake(
        &mut store,
        operator,
        t - 9 * YEAR,
        "Njeri Wambui",
        "254733000111",
        "violence.physical",
    );
    close(&db, recent.0, t - 2 * YEAR);
    kept.push(recent);
    kept.push(intake(
        &mut store,
        operator,
        t - 9 * YEAR,
        "Otieno Ouma",
        "254733000222",
        "mental_health.self_harm",
    ));
    // A note on an old case, and a dialog being typed about it.
    let version: i64 = store.reload_case_detail(old_closed[0].0).unwrap().version;
    store
        .add_case_note(
            old_closed[0].0,
            version,
            "Zawadi the neighbour took her in",
            operator,
            t - 8 * YEAR - DAY,
        )
        .unwrap();
    let dialog = |target_id: i64| DialogWrite {
        key: DialogKey {
            kind: DialogKind::Note,
            target_id,
        },
        state: r#"{"text":"Zawadi again"}"#,
        urgent: false,
        writer: 1,
        rev: 1,
    };
    store
        .keep_dialog_draft(operator, &dialog(kept[0].0), t - 60 * DAY)
        .unwrap();
    store
        .keep_dialog_draft(operator, &dialog(kept[1].0), t - DAY)
        .unwrap();
    // Contacts without a case: an old silent call with a number, a new one.
    for (at, phone) in [(t - 9 * YEAR, "254700999888"), (t - DAY, "254700111222")] {
        store
            .complete_intake(
                None,
                operator,
                &NewContact {
                    form_id: "child_helpline",
                    channel: "phone_call",
                    contact_type: "silent",
                    started_at: at,
                    ended_at: at + 30,
                    caller_phone: Some(phone),
                    phone_norm: Some(phone),
                    answers_json: "{}",
                    ..Default::default()
                },
                CaseTarget::NoCase,
                &[],
                at + 30,
                &|_, _| None,
            )
            .unwrap();
    }
    // Intake drafts: one abandoned two months ago, one from yesterday.
    for at in [t - 60 * DAY, t - DAY] {
        store
            .save_draft(
                &DraftSave {
                    draft_id: None,
                    operator_id: operator,
                    form_id: "child_helpline",
                    answers_json: r#"{"child_name":{"kind":"text","value":"Halima"}}"#,
                    focus_field: None,
                    attach_case_id: None,
                    assessments_json: None,
                    started_at: at,
                },
                at,
            )
            .unwrap();
    }
    Fixture {
        _dir: dir,
        db,
        store,
        now,
        operator,
        old_closed,
        kept,
    }
}

fn schedule() -> RetentionSchedule {
    RetentionSchedule {
        drafts_days: Some(30),
        anonymise_closed_after_years: Some(7),
        audit_keep_years: None,
    }
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn numbers(cases: &[(i64, String)]) -> Vec<String> {
    cases.iter().map(|(_, n)| n.clone()).collect()
}

#[test]
fn the_dry_run_lists_exactly_what_apply_does_and_apply_is_idempotent() {
    let mut f = fixture();
    let plan = f.store.retention_plan(&schedule(), f.now).unwrap();
    assert_eq!(plan.cases, numbers(&f.old_closed), "oldest closing first");
    assert_eq!(
        (
            plan.intake_drafts,
            plan.dialog_drafts,
            plan.contacts_without_case
        ),
        (1, 1, 1)
    );
    // The dry run changed nothing.
    assert_eq!(count(&f.db, "SELECT count(*) FROM drafts"), 2);
    // Batches of two rows (and one case): several transactions each.
    let done = f
        .store
        .apply_retention_in_batches(&schedule(), f.now, 2)
        .unwrap();
    assert_eq!(done, plan);
    assert_eq!(count(&f.db, "SELECT count(*) FROM drafts"), 1);
    assert_eq!(count(&f.db, "SELECT count(*) FROM dialog_drafts"), 1);
    assert_eq!(
        count(
            &f.db,
            "SELECT count(*) FROM cases WHERE anonymised_at IS NOT NULL"
        ),
        3
    );
    // Run again (as after an interruption): nothing left to do.
    let again = f.store.apply_retention(&schedule(), f.now).unwrap();
    assert!(again.is_empty(), "{again:?}");
    assert!(
        f.store
            .retention_plan(&schedule(), f.now)
            .unwrap()
            .is_empty()
    );
    // Each case audited by id, never with content.
    let audit = f.store.recent_audit(50).unwrap();
    let anonymised: Vec<_> = audit
        .iter()
        .filter(|a| a.action == AuditAction::CaseAnonymised.as_str())
        .collect();
    assert_eq!(anonymised.len(), 3);
    assert!(
        anonymised
            .iter()
            .all(|a| a.detail.as_deref() == Some("retention"))
    );
    assert!(
        audit.iter().any(
            |a| a.action == "drafts_purged" && a.detail.as_deref() == Some("intake=1 dialog=1")
        )
    );
    assert!(f.store.verify_audit_chain().unwrap().holds());
}

#[test]
fn an_interrupted_run_continues_where_it_stopped() {
    let mut f = fixture();
    let plan = f.store.retention_plan(&schedule(), f.now).unwrap();
    // A first run that got through one case only (as if killed after its
    // first transaction): the second run does the rest, and the two
    // together did exactly the plan.
    let first = f
        .store
        .apply_retention_in_batches(
            &RetentionSchedule {
                anonymise_closed_after_years: Some(7),
                ..Default::default()
            },
            // Cases closed 8 years, and 8 years less 30 and 60 days, ago:
            // a year less 17 days earlier only the first is 7 years old.
            f.now - Duration::days(348),
            1,
        )
        .unwrap();
    assert_eq!(first.cases.len(), 1, "{first:?}");
    let rest = f.store.apply_retention(&schedule(), f.now).unwrap();
    let mut all = first.cases.clone();
    all.extend(rest.cases);
    assert_eq!(all, plan.cases);
}

#[test]
fn anonymised_cases_leave_every_search_and_keep_the_counts() {
    let mut f = fixture();
    let per_category = |db: &std::path::Path| -> Vec<(String, String, i64, i64)> {
        let conn = rusqlite::Connection::open(db).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT category, subcategory, count(*), sum(child_age) FROM cases
                 GROUP BY 1, 2 ORDER BY 1, 2",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let before = per_category(&f.db);
    let found = |store: &Store, text: &str| -> Vec<String> {
        store
            .search_cases_matched(&helpline::domain::access::Viewer::whole_floor(1), text, 50)
            .unwrap()
            .into_iter()
            .map(|h| h.row.number)
            .collect()
    };
    let old = numbers(&f.old_closed);
    assert!(found(&f.store, "Wanjiku").contains(&old[0]));
    assert!(found(&f.store, "butchery").contains(&old[0]));
    assert!(found(&f.store, "Zawadi").contains(&old[0]));
    assert!(found(&f.store, "Olympic").contains(&old[0]));
    assert!(found(&f.store, "2123450").contains(&old[0]));

    f.store.apply_retention(&schedule(), f.now).unwrap();

    for text in [
        "Wanjiku", "Achieng", "butchery", "Zawadi", "Olympic", "2123450",
    ] {
        let hits = found(&f.store, text);
        assert!(
            old.iter().all(|n| !hits.contains(n)),
            "{text} still finds {hits:?}"
        );
    }
    // Kept cases are still found by name, phone and narrative.
    assert_eq!(found(&f.store, "Njeri"), vec![f.kept[0].1.clone()]);
    assert!(found(&f.store, "butchery").contains(&f.kept[1].1));
    // Returning-caller checks no longer match the old phones or names.
    assert!(
        f.store
            .find_returning(Some("254722123450"), Some("Wanjiku Kamau"), Some(12), 10)
            .unwrap()
            .is_empty()
    );
    assert!(f.store.caller_profile("254700999888").unwrap().is_none());
    // The aggregate counts (category, subcategory, ages) are unchanged.
    assert_eq!(per_category(&f.db), before);
    // No identifying text is left in the tables.
    let conn = rusqlite::Connection::open(&f.db).unwrap();
    let ids = f
        .old_closed
        .iter()
        .map(|(id, _)| id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    for (sql, what) in [
        (
            format!(
                "SELECT group_concat(ifnull(child_name,'') || ifnull(phone_norm,'') || ifnull(location,'') || ifnull(outcome_note,''), '|') FROM cases WHERE id IN ({ids})"
            ),
            "cases",
        ),
        (
            format!(
                "SELECT group_concat(ifnull(caller_name,'') || ifnull(caller_phone,'') || ifnull(child_name,'') || ifnull(narrative,'') || ifnull(location,'') || ifnull(next_time_note,'') || ifnull(answers,''), '|') FROM contacts WHERE case_id IN ({ids}) OR case_id IS NULL AND started_at < unixepoch() - 8 * 31536000"
            ),
            "contacts",
        ),
        (
            format!(
                "SELECT group_concat(summary || ifnull(body,''), '|') FROM case_events WHERE case_id IN ({ids})"
            ),
            "timeline",
        ),
    ] {
        let text: Option<String> = conn.query_row(&sql, [], |r| r.get(0)).unwrap();
        let text = text.unwrap_or_default();
        for word in [
            "Wanjiku", "Achieng", "Baraka", "Grace", "2547", "Kibera", "butchery", "Zawadi",
            "aunt", "school",
        ] {
            assert!(!text.contains(word), "{what} still holds {word}: {text}");
        }
    }
    // Coded answers stay.
    let answers: String = conn
        .query_row(
            &format!(
                "SELECT answers FROM contacts WHERE case_id = {}",
                f.old_closed[0].0
            ),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        answers.contains("phone_call") && answers.contains("12"),
        "{answers}"
    );
    // Screens say "anonymised", not an empty name.
    let detail = f.store.reload_case_detail(f.old_closed[0].0).unwrap();
    assert!(detail.row.anonymised && detail.row.child_name.is_none());
    assert_eq!(detail.row.child_age, Some(12));
    let _ = f.operator;
}

#[test]
fn purging_old_audit_rows_keeps_the_chain_verifiable() {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "amina", Role::Operator, "correct horse battery");
    for n in 0..9 {
        store
            .audit(AuditEntry::new(None, AuditAction::CaseViewed).on("case", n))
            .unwrap();
    }
    let rows_before = count(&db, "SELECT count(*) FROM audit_log");
    let last_before = count(&db, "SELECT max(id) FROM audit_log");
    // Eleven years on, every row is older than ten years: all but the
    // newest go (the next row chains to it), three per transaction.
    let later = Utc::now() + Duration::days(11 * 366);
    let keep = RetentionSchedule {
        audit_keep_years: Some(10),
        ..Default::default()
    };
    let plan = store.retention_plan(&keep, later).unwrap();
    assert_eq!(plan.audit_rows as i64, rows_before - 1);
    assert_eq!(plan.audit_through, Some(last_before - 1));
    let done = store.apply_retention_in_batches(&keep, later, 3).unwrap();
    assert_eq!(done, plan);
    let report = store.verify_audit_chain().unwrap();
    assert!(report.holds(), "{report:?}");
    assert_eq!(report.purged_through, Some(last_before - 1));
    assert_eq!(
        count(&db, "SELECT min(id) FROM audit_log"),
        last_before,
        "the newest old row stays"
    );
    // New work chains on, and doctor agrees.
    store
        .audit(AuditEntry::new(None, AuditAction::CaseViewed).on("case", 99))
        .unwrap();
    drop(store);
    let out = helpline(dir.path())
        .args(["--db", db.to_str().unwrap(), "doctor"])
        .output()
        .unwrap();
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(out.status.success(), "{text}");
    assert!(text.contains("audit log: a chain of"), "{text}");

    // Rows cannot be deleted above the anchor, even by hand...
    let conn = rusqlite::Connection::open(&db).unwrap();
    let refused = conn.execute("DELETE FROM audit_log WHERE id = ?1", [last_before + 2]);
    assert!(refused.is_err(), "the delete trigger still holds");
    // ...and an anchor slipped in without a purge in the log is found.
    conn.execute_batch(&format!(
        "INSERT INTO audit_anchors (first_kept_id, prev_hash, purged_rows, at)
         SELECT {id}, hash, 1, 0 FROM audit_log WHERE id = {prev};
         DELETE FROM audit_log WHERE id < {id};",
        id = last_before + 2,
        prev = last_before + 1
    ))
    .unwrap();
    drop(conn);
    let report = open(&db).verify_audit_chain().unwrap();
    assert_eq!(
        report.broken.as_ref().map(|b| b.0),
        Some(last_before + 2),
        "{report:?}"
    );
}

#[test]
fn the_retention_command_lists_numbers_never_names_then_applies() {
    let f = fixture();
    let home = f.db.parent().unwrap().to_path_buf();
    let config = home.join("config.toml");
    let run = |args: &[&str]| {
        helpline(&home)
            .args([
                "--db",
                f.db.to_str().unwrap(),
                "--config",
                config.to_str().unwrap(),
            ])
            .args(args)
            .output()
            .unwrap()
    };
    std::fs::write(&config, "").unwrap();
    let out = run(&["retention", "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("every record is kept"),
        "{}",
        stdout(&out)
    );

    std::fs::write(&config, "[retention]\ndrafts_days = 0\n").unwrap();
    let out = run(&["retention", "--dry-run"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("retention.drafts_days"),
        "{}",
        stderr(&out)
    );

    std::fs::write(
        &config,
        "[retention]\ndrafts_days = 30\nanonymise_closed_after_years = 7\naudit_keep_years = 10\n",
    )
    .unwrap();
    let out = run(&["retention", "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = stdout(&out);
    for (_, number) in &f.old_closed {
        assert!(listed.contains(number.as_str()), "{listed}");
    }
    for (_, number) in &f.kept {
        assert!(!listed.contains(number.as_str()), "{listed}");
    }
    assert!(listed.contains(": 3 to anonymise"), "{listed}");
    assert!(listed.contains("Nothing was changed"), "{listed}");
    for name in ["Wanjiku", "Achieng", "Baraka", "Grace"] {
        assert!(!listed.contains(name), "{listed}");
    }
    let out = run(&["retention", "apply"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(": 3 anonymised"), "{}", stdout(&out));
    let out = run(&["retention"]);
    assert!(
        stdout(&out).contains(": 0 to anonymise"),
        "{}",
        stdout(&out)
    );
    let out = run(&["doctor"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
}
