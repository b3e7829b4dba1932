//! Every query a pane runs, on the benchmark database, each with a
//! different input on every run so no result is simply served again.

use crate::fixture::user;
use crate::stats::{Summary, p95, p99, time_runs};
use helpline::app::alerts::ALERT_LIMIT;
use helpline::app::cases::{PAGE, SEARCH_LIMIT, TIMELINE_PAGE};
use helpline::domain::demo::DemoRng;
use helpline::domain::{CaseStatus, RiskLevel};
use helpline::store::Store;
use helpline::store::alerts::AlertViewer;
use helpline::store::cases::{CaseQuery, CaseScope, PageKey, StatusFilter};

const RUNS: usize = 200;
const WARMUP: usize = 10;

/// The highest case id, found by probing (case ids have no gaps in a demo
/// database, and there is no need for a count query in the store).
pub fn max_case_id(store: &Store) -> i64 {
    let exists = |id: i64| store.reload_case_detail(id).is_ok();
    assert!(exists(1), "the benchmark database has no cases");
    let mut hi = 1;
    while exists(hi * 2) {
        hi *= 2;
    }
    let (mut lo, mut hi) = (hi, hi * 2);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if exists(mid) { lo = mid } else { hi = mid }
    }
    lo
}

/// The case-list queries: first and deep pages, and every filter.
pub fn case_lists(store: &Store, out: &mut Vec<Summary>) {
    let now = chrono::Utc::now().timestamp();
    let worker = user(store, "worker1");
    let supervisor = user(store, "demo");
    let open = CaseQuery::default();
    let mut measure = |name: &str, query: CaseQuery| {
        let samples = time_runs(WARMUP, RUNS, |_| {
            store
                .list_cases(
                    &helpline::domain::access::Viewer::whole_floor(1),
                    &query,
                    None,
                    PAGE,
                )
                .unwrap();
        });
        out.push(Summary::new(name, samples, p95(10)));
    };
    measure("cases: first page (open, all)", open.clone());
    measure(
        "cases: filter mine (worker1)",
        CaseQuery {
            scope: CaseScope::Mine(worker.id),
            ..open.clone()
        },
    );
    measure(
        "cases: filter my team",
        CaseQuery {
            scope: CaseScope::Team(supervisor.team.clone().unwrap_or_default()),
            ..open.clone()
        },
    );
    measure(
        "cases: filter unassigned",
        CaseQuery {
            scope: CaseScope::Unassigned,
            ..open.clone()
        },
    );
    measure(
        "cases: filter risk high+",
        CaseQuery {
            min_risk: Some(RiskLevel::High),
            ..open.clone()
        },
    );
    measure(
        "cases: filter overdue",
        CaseQuery {
            overdue_at: Some(now),
            ..open.clone()
        },
    );
    measure(
        "cases: filter unassigned+risk medium+ +overdue",
        CaseQuery {
            scope: CaseScope::Unassigned,
            min_risk: Some(RiskLevel::Medium),
            overdue_at: Some(now),
            ..open.clone()
        },
    );
    measure(
        "cases: filter mine + overdue",
        CaseQuery {
            scope: CaseScope::Mine(worker.id),
            overdue_at: Some(now),
            ..open.clone()
        },
    );
    for status in CaseStatus::ALL {
        measure(
            &format!("cases: filter status {}", status.as_str()),
            CaseQuery {
                status: StatusFilter::Only(status),
                ..open.clone()
            },
        );
    }
    // Need-to-know: each role's own open list, the condition of
    // `store::case_access` included (an operator's cases are those of the
    // contacts they took).
    for (name, login) in [
        (
            "cases: need-to-know, an operator's list (operator1)",
            "operator1",
        ),
        (
            "cases: need-to-know, a case worker's list (worker1)",
            "worker1",
        ),
        (
            "cases: need-to-know, a team supervisor's list (demo)",
            "demo",
        ),
    ] {
        let viewer = store.viewer(user(store, login).id).unwrap();
        let samples = time_runs(WARMUP, RUNS, |_| {
            store.list_cases(&viewer, &open, None, PAGE).unwrap();
        });
        out.push(Summary::new(name, samples, p95(10)));
    }
    // A deep page: the key after ten pages of scrolling.
    let mut after: Option<PageKey> = None;
    for _ in 0..10 {
        let rows = store
            .list_cases(
                &helpline::domain::access::Viewer::whole_floor(1),
                &open,
                after,
                PAGE,
            )
            .unwrap();
        after = rows.last().map(|r| r.page_key());
    }
    let samples = time_runs(WARMUP, RUNS, |_| {
        store
            .list_cases(
                &helpline::domain::access::Viewer::whole_floor(1),
                &open,
                after,
                PAGE,
            )
            .unwrap();
    });
    out.push(Summary::new(
        "cases: deep page (after 10 pages)",
        samples,
        p95(10),
    ));
}

/// Opening a case: the audited header read (a write) and its timeline.
pub fn case_detail(store: &mut Store, max_id: i64, out: &mut Vec<Summary>) {
    let viewer = user(store, "worker1").id;
    let mut rng = DemoRng::new(7);
    let mut ids = move || 1 + rng.below(max_id as u64) as i64;
    let samples = time_runs(WARMUP, RUNS, |_| {
        let id = ids();
        store
            .open_case_detail(id, &helpline::domain::access::Viewer::whole_floor(viewer))
            .unwrap();
        store.case_timeline(id, None, TIMELINE_PAGE).unwrap();
    });
    out.push(Summary::new(
        "case: detail (audited) + timeline",
        samples,
        p95(10),
    ));
    let samples = time_runs(WARMUP, RUNS, |_| {
        let id = ids();
        store.reload_case_detail(id).unwrap();
        store.case_timeline(id, None, TIMELINE_PAGE).unwrap();
    });
    out.push(Summary::new(
        "case: refresh (no audit) + timeline",
        samples,
        p95(10),
    ));
}

/// The Alerts pane and the status bar's count, for a supervisor and a
/// worker, and the check every session runs each minute for urgent cases
/// left unassigned.
pub fn alerts(store: &mut Store, out: &mut Vec<Summary>) {
    let now = chrono::Utc::now().timestamp();
    // The first check may raise alerts (a write); later ones find them raised.
    store.raise_unassigned_alerts(now, 3600).unwrap();
    let samples = time_runs(WARMUP, RUNS, |_| {
        store.raise_unassigned_alerts(now, 3600).unwrap();
    });
    out.push(Summary::new(
        "alerts: unassigned check (each minute)",
        samples,
        p95(10),
    ));
    for username in ["demo", "worker1"] {
        let who = user(store, username);
        let viewer = AlertViewer {
            user_id: who.id,
            role: who.role,
            team: who.team.clone(),
            now: chrono::Utc::now().timestamp(),
            escalate_after_secs: 300,
        };
        let role = who.role.as_str();
        let samples = time_runs(WARMUP, RUNS, |_| {
            store.count_open_alerts(&viewer).unwrap();
        });
        out.push(Summary::new(
            &format!("alerts: count ({role})"),
            samples,
            p95(10),
        ));
        let samples = time_runs(WARMUP, RUNS, |_| {
            store.list_open_alerts(&viewer, ALERT_LIMIT).unwrap();
        });
        out.push(Summary::new(
            &format!("alerts: list of {ALERT_LIMIT} ({role})"),
            samples,
            p95(10),
        ));
        let samples = time_runs(WARMUP, RUNS, |_| {
            store.list_open_alerts(&viewer, 1).unwrap();
        });
        out.push(Summary::new(
            &format!("alerts: banner top 1 ({role})"),
            samples,
            p95(10),
        ));
        // What a session reads when another session's commit touched alerts.
        let samples = time_runs(WARMUP, RUNS, |_| {
            store.alert_summary(&viewer).unwrap();
        });
        out.push(Summary::new(
            &format!("alerts: status figures and banner ({role})"),
            samples,
            p95(10),
        ));
    }
    // ...and when it touched none: the change stamp alone.
    let samples = time_runs(WARMUP, RUNS, |_| {
        store.alerts_revision().unwrap();
    });
    out.push(Summary::new("alerts: change stamp", samples, p95(10)));
}

/// Type-to-search, first 50 results: name prefixes, phone fragments and
/// case-number prefixes, including the short prefixes typing goes through.
pub fn search(store: &Store, max_id: i64, out: &mut Vec<Summary>) {
    let mut measure = |name: &str, texts: &[String]| {
        let samples = time_runs(WARMUP, RUNS, |i| {
            store
                .search_cases(
                    &helpline::domain::access::Viewer::whole_floor(1),
                    &texts[i % texts.len()],
                    SEARCH_LIMIT,
                )
                .unwrap();
        });
        out.push(Summary::new(name, samples, p99(10)));
    };
    let fixed = |t: &str| vec![t.to_string()];
    measure("search: name prefix \"Wanj\"", &fixed("Wanj"));
    measure("search: two-word prefix \"wanj kam\"", &fixed("wanj kam"));
    measure("search: as typed \"W\"", &fixed("W"));
    measure("search: as typed \"Wa\"", &fixed("Wa"));
    measure(
        "search: full name \"Wanjiku Kamau\"",
        &fixed("Wanjiku Kamau"),
    );
    measure("search: as typed \"Wanjiku K\"", &fixed("Wanjiku K"));
    let names: Vec<String> = [
        "Ngoz", "Fati", "Nguy", "Moha", "Achi", "Mari", "José", "Zawa",
    ]
    .map(String::from)
    .to_vec();
    measure("search: name prefixes (8 names)", &names);
    let mut rng = DemoRng::new(11);
    let phones: Vec<String> = (0..64)
        .map(|_| {
            let len = rng.between(4, 7) as usize;
            let digits: String = (0..len)
                .map(|_| char::from(b'0' + rng.below(10) as u8))
                .collect();
            digits
        })
        .collect();
    measure("search: phone fragment (4-7 digits)", &phones);
    measure("search: phone fragment \"0712\"", &fixed("0712"));
    let numbers: Vec<String> = (0..64)
        .map(|_| {
            let id = 1 + rng.below(max_id as u64) as i64;
            let number = store.reload_case_detail(id).unwrap().row.number;
            // A number typed most of the way: "HL-2025-00012".
            number[..number.len().saturating_sub(2)].to_string()
        })
        .collect();
    measure("search: case-number prefix", &numbers);
    let parts: Vec<String> = (0..64)
        .map(|_| {
            let id = 1 + rng.below(max_id as u64) as i64;
            let number = store.reload_case_detail(id).unwrap().row.number;
            // The last digits of a number, as read out on the phone: "0012345".
            let len = rng.between(4, 7) as usize;
            number[number.len() - len..].to_string()
        })
        .collect();
    measure("search: case-number part (4-7 last digits)", &parts);
    measure(
        "search: case-number part \"2025-0001\"",
        &fixed("2025-0001"),
    );
    // Words of notes, narratives and locations (demo narratives repeat, so
    // each common word matches a tenth of a million contacts).
    let words: Vec<String> = [
        "Nairobi", "Kibra", "Kenya", "school", "feeling", "safety", "services", "home",
    ]
    .map(String::from)
    .to_vec();
    measure("search: free-text words (8 words)", &words);
    // Two common words that never meet in one narrative: the worst case.
    measure(
        "search: two common words \"school feeling\"",
        &fixed("school feeling"),
    );
    measure("search: no match \"zzzq\"", &fixed("zzzq"));
    // An operator's search: most hits are minimal results, decided per row.
    let operator = store.viewer(user(store, "operator1").id).unwrap();
    let samples = time_runs(WARMUP, RUNS, |_| {
        store.search_cases(&operator, "Wanj", SEARCH_LIMIT).unwrap();
    });
    out.push(Summary::new(
        "search: \"Wanj\" as an operator (need-to-know)",
        samples,
        p99(10),
    ));
}

pub fn returning(store: &Store, out: &mut Vec<Summary>) {
    let mut rng = DemoRng::new(5);
    let phones: Vec<String> = (0..64)
        .map(|_| format!("2547{:08}", rng.below(100_000_000)))
        .collect();
    let mut measure = |name: &str, f: &mut dyn FnMut(usize)| {
        let samples = time_runs(WARMUP, RUNS, f);
        out.push(Summary::new(name, samples, p95(10)));
    };
    measure("returning caller: phone", &mut |i| {
        store
            .find_returning(Some(&phones[i % phones.len()]), None, None, 5)
            .unwrap();
    });
    measure("returning caller: full name + age", &mut |i| {
        store
            .find_returning(None, Some("Wanjiku Kamau"), Some(6 + (i % 12) as i64), 5)
            .unwrap();
    });
    measure("returning caller: given name + age", &mut |i| {
        store
            .find_returning(None, Some("Wanjiku"), Some(6 + (i % 12) as i64), 5)
            .unwrap();
    });
}
