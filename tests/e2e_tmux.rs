//! End-to-end: the real binary in a real terminal (tmux). Log in with a
//! demo account, open help, quit, and find the shell prompt back with the
//! terminal restored. Waits on what the screen shows, never on fixed sleeps.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(home: &Path, width: u16, height: u16) -> Option<Tmux> {
        // One tmux server per test: tests in this file run in parallel.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let socket = format!("helpline-e2e-{}-{n}", std::process::id());
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "e2e",
            ])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .args(["env", "-i"])
            .arg(format!("HOME={}", home.display()))
            .arg(format!(
                "PATH={}",
                std::env::var("PATH").unwrap_or_default()
            ))
            .args(["TERM=xterm-256color", "PS1=e2e-prompt$ ", "sh"])
            .status()
            .ok()?;
        status.success().then_some(Tmux { socket })
    }

    fn send(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "e2e"])
            .args(keys)
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

    fn type_text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "e2e", "-l", text])
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

    /// The process id of the program running in the pane's shell.
    fn child_pid(&self) -> Option<u32> {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "list-panes",
                "-t",
                "e2e",
                "-F",
                "#{pane_pid}",
            ])
            .output()
            .ok()?;
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let out = Command::new("pgrep").args(["-P", &shell]).output().ok()?;
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()?
            .trim()
            .parse()
            .ok()
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "e2e"])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the screen until `ok` holds, or fails with the last screen.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.wait_within(Duration::from_secs(20), what, ok)
    }

    /// As `wait_for`, with its own time-out.
    fn wait_within(&self, limit: Duration, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + limit;
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// A demo database of `cases` cases and a tmux session at the shell
/// prompt, in a temp home; None (test skipped) where tmux is missing,
/// which CI does not allow.
fn demo_session(
    cases: u32,
    width: u16,
    height: u16,
) -> Option<(tempfile::TempDir, std::path::PathBuf, Tmux)> {
    if tmux_missing() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install tmux for this test"
        );
        eprintln!("skipped: tmux is not installed");
        return None;
    }
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("demo.db");
    let out = common::helpline(home.path())
        .args([
            "demo",
            "--cases",
            &cases.to_string(),
            "--db",
            db.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(common::stdout(&out).contains("Demo login: user `demo`"));
    let tmux = Tmux::start(home.path(), width, height).expect("tmux session");
    tmux.wait_for("the shell prompt", |s| s.contains("e2e-prompt$"));
    Some((home, db, tmux))
}

fn tmux_missing() -> bool {
    Command::new("tmux").arg("-V").output().is_err()
}

#[test]
fn log_in_open_help_quit_and_get_the_shell_back() {
    let Some((_home, db, tmux)) = demo_session(300, 100, 30) else {
        return;
    };
    tmux.type_text(&format!(
        "{} --db {}",
        env!("CARGO_BIN_EXE_helpline"),
        db.display()
    ));
    tmux.send(&["Enter"]);
    // A database made by `helpline demo`, opened with --db, still reminds
    // a newcomer of the demo logins.
    let login = tmux.wait_for("the login screen", |s| s.contains("sign in"));
    assert!(
        login.contains("Demo database: log in as demo / demo"),
        "{login}"
    );

    tmux.type_text("demo");
    tmux.send(&["Tab"]);
    tmux.type_text("wrong password");
    tmux.send(&["Enter"]);
    tmux.wait_for("the refusal", |s| s.contains("Wrong user name or password"));

    tmux.type_text("demo");
    tmux.send(&["Enter"]);
    let shell = tmux.wait_for("the main screen", |s| s.contains("on shift"));
    assert!(shell.contains("Demo Supervisor"), "{shell}");
    assert!(shell.contains("[1 Intake]"), "{shell}");

    tmux.send(&["3"]);
    tmux.wait_for("the Cases pane", |s| s.contains("[3 Cases]"));

    tmux.send(&["?"]);
    let help = tmux.wait_for("the help overlay", |s| s.contains("Help · keys"));
    assert!(help.contains("move down"), "{help}");
    tmux.send(&["Escape"]);
    tmux.wait_for("help to close", |s| !s.contains("Help · keys"));

    tmux.send(&["q"]);
    tmux.wait_for("the shell prompt after quitting", |s| {
        !s.contains("on shift") && s.lines().filter(|l| l.contains("e2e-prompt$")).count() >= 2
    });
    // The terminal is back in cooked mode with echo: what we type shows.
    tmux.type_text("stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ,");
    tmux.send(&["Enter"]);
    tmux.wait_for("the restored terminal modes", |s| {
        s.contains("icanon,echo,")
    });
}

#[test]
fn an_alert_raised_by_another_process_appears_within_a_second() {
    let Some((_home, db, tmux)) = demo_session(200, 100, 30) else {
        return;
    };
    tmux.type_text(&format!(
        "{} --db {}",
        env!("CARGO_BIN_EXE_helpline"),
        db.display()
    ));
    tmux.send(&["Enter"]);
    tmux.wait_for("the login screen", |s| s.contains("sign in"));
    tmux.type_text("demo");
    tmux.send(&["Tab"]);
    tmux.type_text("demo");
    tmux.send(&["Enter"]);
    let before = tmux.wait_for("the main screen", |s| s.contains("on shift"));
    let count_before = alert_count(&before);

    // This test process is the other operator: it raises a critical alert.
    let mut store = common::open(&db);
    let now = chrono::Utc::now().timestamp();
    let (case_id, _) = store
        .open_case(
            &helpline::store::cases::NewCase {
                opened_at: now,
                ..Default::default()
            },
            None,
        )
        .unwrap();
    let raised = Instant::now();
    store
        .set_case_risk(
            case_id,
            helpline::domain::RiskLevel::Critical,
            Some(now),
            None,
            now,
        )
        .unwrap();
    let after = tmux.wait_for("the new alert", |s| alert_count(s) > count_before);
    let waited = raised.elapsed();
    assert!(after.contains("ALERT"), "{after}");
    assert!(
        waited < Duration::from_secs(1),
        "the alert took {waited:?} to reach the other session"
    );
    tmux.send(&["q"]);
    tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));
}

/// The unacknowledged-alert count in the status bar ("⚠ 3 alerts", "✓ no alerts").
fn alert_count(screen: &str) -> usize {
    screen
        .lines()
        .rev()
        .find_map(|line| {
            let at = line.find("⚠ ")?;
            line[at + "⚠ ".len()..]
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// The seconds shown by the call timer ("⏱ 01:05" is 65).
fn timer_secs(screen: &str) -> Option<u32> {
    let at = screen.find("⏱ ")?;
    let text: String = screen[at + "⏱ ".len()..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let mut secs = 0;
    for part in text.split(':') {
        secs = secs * 60 + part.parse::<u32>().ok()?;
    }
    Some(secs)
}

/// Starts helpline on `db` and logs in a demo account (password "demo").
fn start_and_log_in(tmux: &Tmux, db: &Path, user: &str) {
    start_with_env_and_log_in(tmux, "", db, user, "demo");
}

#[test]
fn typing_survives_a_killed_process() {
    let Some((_home, db, tmux)) = demo_session(100, 120, 40) else {
        return;
    };
    start_and_log_in(&tmux, &db, "operator1");
    tmux.send(&["C-n"]);
    tmux.wait_for("the form picker", |s| s.contains("choose the form"));
    tmux.send(&["Enter"]);
    tmux.wait_for("the intake", |s| s.contains("⏱"));
    tmux.type_text("phone");
    tmux.send(&["Enter"]);
    tmux.type_text("someone");
    tmux.send(&["Enter"]);
    // Tab field by field, each time waiting for the focus to move, so a
    // slow machine never gets Tabs ahead of the screen.
    for _ in 0..12 {
        let before = tmux.screen();
        if before.contains("▸ Caller's name") {
            break;
        }
        tmux.send(&["Tab"]);
        tmux.wait_for("the focus to move", |s| {
            s.lines().find(|l| l.contains('▸')) != before.lines().find(|l| l.contains('▸'))
        });
    }
    tmux.wait_for("the caller's name field", |s| s.contains("▸ Caller's name"));
    let kept = "Wanjikũ Njeri 🌻 אבי";
    tmux.type_text(kept);
    let typed_at = tmux.wait_for("the typed name", |s| s.contains("Wanjikũ Njeri"));
    // Wait until the call timer shows two more seconds: everything above
    // was typed more than a second before the kill.
    let t0 = timer_secs(&typed_at).expect("a call timer");
    tmux.wait_for("two seconds on the call timer", |s| {
        timer_secs(s).is_some_and(|t| t >= t0 + 2)
    });
    tmux.type_text(" and more");
    let pid = tmux.child_pid().expect("helpline's pid");
    let status = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    // A killed process cannot restore the terminal: the shell comes back
    // under the old screen. Reset it as an operator would.
    tmux.wait_for("the shell after the kill", |s| s.contains("Killed"));
    // Raw mode is still on, so Enter sends a bare CR: end the line with LF.
    tmux.type_text("stty sane; tput rmcup; clear");
    tmux.send(&["C-j"]);
    tmux.wait_for("a clean shell", |s| {
        !s.contains("on shift") && s.contains("e2e-prompt$")
    });

    // Start again: the intake is waiting, with what was typed.
    start_and_log_in(&tmux, &db, "operator1");
    tmux.send(&["1"]);
    tmux.wait_for("the intakes on hold", |s| s.contains("On hold"));
    tmux.send(&["Enter"]);
    let resumed = tmux.wait_for("the resumed intake", |s| s.contains("▸ Caller's name"));
    assert!(resumed.contains(kept), "{resumed}");
    // Esc and q sent together can arrive as one Alt-q: wait in between.
    tmux.send(&["Escape"]);
    tmux.wait_for("the intake on hold", |s| !s.contains("▸ Caller's name"));
    tmux.send(&["q"]);
    tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));
}

#[test]
fn two_operators_changing_one_case_never_overwrite_each_other() {
    let Some((_home, db, tmux)) = demo_session(100, 120, 40) else {
        return;
    };
    start_and_log_in(&tmux, &db, "demo");
    tmux.send(&["3"]);
    tmux.wait_for("the case list", |s| s.contains("1 of "));
    tmux.send(&["Enter"]);
    let open = tmux.wait_for("the open case", |s| s.contains("Timeline"));
    // The open case's number is in its title ("Case HL-…"); the alert
    // banner above may name another case.
    let at = open.find("Case HL-").expect("a case title") + "Case ".len();
    let number: String = open[at..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    tmux.send(&["n"]);
    tmux.wait_for("the note editor", |s| s.contains("New note"));
    tmux.type_text("Mine: visited the school today.");
    tmux.wait_for("the typed note", |s| s.contains("visited the school"));

    // Meanwhile this process, another operator, writes to the same case.
    let mut store = common::open(&db);
    let case = store
        .search_cases(
            &helpline::domain::access::Viewer::whole_floor(1),
            &number,
            1,
        )
        .unwrap()
        .remove(0);
    let version = store.reload_case_detail(case.id).unwrap().version;
    let other = store.find_login("worker1").unwrap().unwrap().user.id;
    store
        .add_case_note(
            case.id,
            version,
            "Theirs: called the mother.",
            other,
            chrono::Utc::now().timestamp(),
        )
        .unwrap();

    tmux.send(&["C-s"]);
    let conflict = tmux.wait_for("the conflict message", |s| {
        s.contains("Someone else changed")
    });
    assert!(
        conflict.contains("visited the school"),
        "the typed note is kept:\n{conflict}"
    );
    tmux.wait_for("their note on the timeline", |s| {
        s.contains("called the mother")
    });
    tmux.send(&["C-s"]);
    tmux.wait_for("both notes saved", |s| {
        !s.contains("New note") && s.contains("visited the school")
    });
    let notes: Vec<String> = store
        .case_timeline(case.id, None, 50)
        .unwrap()
        .into_iter()
        .filter_map(|e| e.body)
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("called the mother")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("visited the school")),
        "{notes:?}"
    );
    tmux.send(&["Escape"]);
    tmux.wait_for("the case list", |s| !s.contains("Timeline"));
    tmux.send(&["q"]);
    tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));
}

/// The title line of the Cases pane's list, which names its filters.
fn cases_title(screen: &str) -> Option<String> {
    screen
        .lines()
        .find(|l| l.contains("┌ Cases ·"))
        .map(|l| l.trim().to_string())
}

#[test]
fn a_case_opens_at_once_while_another_process_holds_the_write_lock() {
    let Some((_home, db, tmux)) = demo_session(200, 120, 30) else {
        return;
    };
    start_and_log_in(&tmux, &db, "demo");
    tmux.send(&["3"]);
    let list = tmux.wait_for("the case list", |s| {
        cases_title(s).is_some() && s.contains("HL-")
    });
    let title = cases_title(&list).unwrap();
    let viewed = |db: &Path| -> i64 {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'case_viewed'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let viewed_before = viewed(&db);

    // Another process (here, this test's own connection) takes the write
    // lock and keeps it while the case opens.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let asked = Instant::now();
    tmux.send(&["Enter"]);
    // Filter keys typed right behind Enter, as a fast typist would.
    tmux.type_text("mro");
    tmux.wait_for("the open case", |s| s.contains("┌ Case HL-"));
    let waited = asked.elapsed();
    assert!(
        waited < Duration::from_secs(2),
        "the case took {waited:?} to open behind the lock"
    );
    holder.execute_batch("COMMIT").unwrap();
    drop(holder);

    tmux.send(&["Escape"]);
    let back = tmux.wait_for("the list again", |s| cases_title(s).is_some());
    assert_eq!(
        cases_title(&back).unwrap(),
        title,
        "keys typed while the case opened changed the filters"
    );
    tmux.send(&["q"]);
    tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));
    // The access was audited once the lock came free.
    let deadline = Instant::now() + Duration::from_secs(10);
    while viewed(&db) <= viewed_before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(viewed(&db), viewed_before + 1);
}

#[test]
fn a_mistyped_database_path_is_refused_and_nothing_is_created() {
    let Some((home, db, tmux)) = demo_session(20, 100, 30) else {
        return;
    };
    let mistyped = db.with_file_name("demo.dbb");
    tmux.type_text(&format!(
        "{} --db {}",
        env!("CARGO_BIN_EXE_helpline"),
        mistyped.display()
    ));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("the refusal", |s| s.contains("does not exist"));
    assert!(screen.contains("demo.dbb"), "{screen}");
    assert!(
        !mistyped.exists(),
        "a database was created at the mistyped path"
    );
    drop(home);
}

#[test]
fn a_high_alert_raised_to_critical_by_another_process_reaches_the_supervisor_within_a_second() {
    let Some((_home, db, tmux)) = demo_session(200, 120, 40) else {
        return;
    };
    start_and_log_in(&tmux, &db, "demo");
    tmux.send(&["5"]);
    let shown = tmux.wait_for("the Alerts pane", |s| s.contains("[5 Alerts]"));
    let count_shown = alert_count(&shown);

    // This test process is another worker's session: an older critical
    // alert is open, a case holds a high alert, and the supervisor's
    // screen counts both.
    let mut store = common::open(&db);
    let now = chrono::Utc::now().timestamp();
    let (older, _) = store
        .open_case(
            &helpline::store::cases::NewCase {
                opened_at: now - 120,
                ..Default::default()
            },
            None,
        )
        .unwrap();
    store
        .set_case_risk(
            older,
            helpline::domain::RiskLevel::Critical,
            Some(now + 480),
            None,
            now - 120,
        )
        .unwrap();
    let (case_id, number) = store
        .open_case(
            &helpline::store::cases::NewCase {
                opened_at: now,
                ..Default::default()
            },
            None,
        )
        .unwrap();
    let number = number.to_string();
    store
        .set_case_risk(
            case_id,
            helpline::domain::RiskLevel::High,
            Some(now + 3600),
            None,
            now,
        )
        .unwrap();
    let banner = format!("CRITICAL ALERT · urgent risk · {number}");
    let before = tmux.wait_for("both alerts", |s| alert_count(s) >= count_shown + 2);
    assert!(!before.contains(&banner), "{before}");
    let count_before = alert_count(&before);

    // The same alert becomes critical: the count does not move.
    let raised = Instant::now();
    store
        .set_case_risk(
            case_id,
            helpline::domain::RiskLevel::Critical,
            Some(now + 600),
            None,
            chrono::Utc::now().timestamp(),
        )
        .unwrap();
    let after = tmux.wait_for("the critical banner", |s| s.contains(&banner));
    let waited = raised.elapsed();
    assert!(
        waited < Duration::from_secs(1),
        "the raise took {waited:?} to reach the supervisor's screen"
    );
    assert_eq!(alert_count(&after), count_before, "{after}");
    tmux.send(&["q"]);
    tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));
}

/// Polls the database until `ok` holds for `user`'s dialog drafts, or
/// fails after a time-out with what was there.
fn wait_for_drafts(
    db: &Path,
    user: &str,
    what: &str,
    ok: impl Fn(&[helpline::store::dialog_drafts::DialogDraft]) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let store = common::open(db);
        let id = store.find_login(user).unwrap().unwrap().user.id;
        let drafts = store.operator_dialog_drafts(id).unwrap();
        if ok(&drafts) {
            return;
        }
        if Instant::now() > deadline {
            panic!("timed out waiting for {what}; the drafts were {drafts:?}");
        }
        drop(store);
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_note_being_written_survives_a_killed_process() {
    let Some((_home, db, tmux)) = demo_session(100, 120, 40) else {
        return;
    };
    start_and_log_in(&tmux, &db, "demo");
    tmux.send(&["3"]);
    tmux.wait_for("the case list", |s| s.contains("1 of "));
    tmux.send(&["Enter"]);
    let open = tmux.wait_for("the open case", |s| s.contains("Timeline"));
    let at = open.find("Case HL-").expect("a case title") + "Case ".len();
    let number: String = open[at..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    tmux.send(&["n"]);
    tmux.wait_for("the note editor", |s| s.contains("New note"));
    let kept = "Visited Wanjikũ 🌻 at school";
    tmux.type_text(kept);
    tmux.wait_for("the typed note", |s| s.contains("at school"));
    // Kept within a second of typing, without saving or leaving.
    wait_for_drafts(&db, "demo", "the note's draft", |d| {
        d.iter().any(|d| d.state.contains("at school"))
    });
    let pid = tmux.child_pid().expect("helpline's pid");
    let status = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    tmux.wait_for("the shell after the kill", |s| s.contains("Killed"));
    tmux.type_text("stty sane; tput rmcup; clear");
    tmux.send(&["C-j"]);
    tmux.wait_for("a clean shell", |s| {
        !s.contains("on shift") && s.contains("e2e-prompt$")
    });

    // At the next log-in the note is back, in its editor, on its case.
    start_and_log_in(&tmux, &db, "demo");
    let back = tmux.wait_for("the note back in its editor", |s| {
        s.contains("New note") && s.contains(kept)
    });
    assert!(back.contains(&format!("Case {number}")), "{back}");
    // Saved: the draft is forgotten.
    tmux.send(&["C-s"]);
    tmux.wait_for("the note saved", |s| !s.contains("New note"));
    wait_for_drafts(&db, "demo", "the draft forgotten", |d| d.is_empty());
    tmux.send(&["Escape"]);
    tmux.wait_for("the case list", |s| !s.contains("Timeline"));
    tmux.send(&["q"]);
    tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));
}

#[test]
fn a_plan_goal_being_typed_survives_a_killed_process_at_80x24() {
    let Some((_home, db, tmux)) = demo_session(100, 80, 24) else {
        return;
    };
    start_and_log_in(&tmux, &db, "demo");
    tmux.send(&["3"]);
    tmux.wait_for("the case list", |s| s.contains("1 of "));
    tmux.send(&["Enter"]);
    tmux.wait_for("the open case", |s| s.contains("Timeline"));
    tmux.send(&["p"]);
    tmux.wait_for("the plan view", |s| s.contains("Case plan: goals"));
    tmux.send(&["g"]);
    tmux.wait_for("the goal dialog", |s| s.contains("New goal of the plan"));
    let kept = "Safe at home 🌻 school";
    tmux.type_text(kept);
    tmux.wait_for("the typed goal", |s| s.contains("home 🌻 school"));
    wait_for_drafts(&db, "demo", "the goal's draft", |d| {
        d.iter().any(|d| d.state.contains("school"))
    });
    let pid = tmux.child_pid().expect("helpline's pid");
    let status = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    tmux.wait_for("the shell after the kill", |s| s.contains("Killed"));
    tmux.type_text("stty sane; tput rmcup; clear");
    tmux.send(&["C-j"]);
    tmux.wait_for("a clean shell", |s| {
        !s.contains("on shift") && s.contains("e2e-prompt$")
    });

    // At the next log-in the goal is back in its dialog, on its case.
    start_and_log_in(&tmux, &db, "demo");
    tmux.wait_for("the goal back in its dialog", |s| {
        s.contains("New goal of the plan") && s.contains("home 🌻 school")
    });
    tmux.send(&["C-s"]);
    tmux.wait_for("the goal saved", |s| s.contains("Goal Safe at home"));
    wait_for_drafts(&db, "demo", "the draft forgotten", |d| d.is_empty());
    tmux.send(&["Escape"]);
    tmux.send(&["Escape"]);
    tmux.wait_for("the case list", |s| {
        !s.contains("Timeline") && !s.contains("Case plan:")
    });
    tmux.send(&["q"]);
    tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));
}

#[test]
fn an_assessment_survives_a_dropped_connection_and_comes_back_first() {
    let Some((home, db, tmux)) = demo_session(100, 120, 40) else {
        return;
    };
    // A second window plays the SSH session that drops: killing it hangs
    // up on helpline as a lost connection would.
    let status = Command::new("tmux")
        .args(["-L", &tmux.socket, "new-window", "-t", "e2e", "-n", "ssh"])
        .args(["-e", &format!("HOME={}", home.path().display())])
        .args(["env", "TERM=xterm-256color", "PS1=e2e-prompt$ ", "sh"])
        .status()
        .unwrap();
    assert!(status.success());
    tmux.wait_for("the second window's prompt", |s| s.contains("e2e-prompt$"));
    start_and_log_in(&tmux, &db, "demo");
    tmux.send(&["3"]);
    tmux.wait_for("the case list", |s| s.contains("1 of "));
    tmux.send(&["Enter"]);
    tmux.wait_for("the open case", |s| s.contains("Timeline"));
    tmux.send(&["a"]);
    tmux.wait_for("the instrument picker", |s| s.contains("ASQ"));
    tmux.send(&["Up", "Up", "Up", "Up", "Up", "Enter"]);
    tmux.wait_for("the ASQ questions", |s| s.contains("Wished dead"));
    tmux.send(&["y"]);
    tmux.wait_for("the answer", |s| {
        s.lines()
            .any(|l| l.contains("Wished dead") && l.contains("yes"))
    });
    let status = Command::new("tmux")
        .args(["-L", &tmux.socket, "kill-window", "-t", "e2e:ssh"])
        .status()
        .unwrap();
    assert!(status.success());
    wait_for_drafts(&db, "demo", "the assessment's draft", |d| {
        d.first()
            .is_some_and(|d| d.urgent && d.state.contains("yes"))
    });

    // The first window: log in again, and the assessment is offered first.
    tmux.wait_for("the first window's prompt", |s| s.contains("e2e-prompt$"));
    start_and_log_in(&tmux, &db, "demo");
    let back = tmux.wait_for("the assessment back", |s| {
        s.contains("Interrupted assessment")
    });
    assert!(
        back.lines()
            .any(|l| l.contains("Wished dead") && l.contains("yes")),
        "{back}"
    );
    assert!(back.contains("[2 Risk]"), "{back}");
    tmux.send(&["Escape"]);
    tmux.wait_for("the warning", |s| s.contains("Esc again"));
    tmux.send(&["Escape"]);
    tmux.wait_for("the answers thrown away", |s| !s.contains("Wished dead"));
    wait_for_drafts(&db, "demo", "the draft forgotten", |d| d.is_empty());
    tmux.send(&["q"]);
    tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));
}

/// The label of the intake field that has the focus ("▸ Label*  value"),
/// as far as the screen shows it (long labels end in "…").
fn focused_label(screen: &str) -> Option<String> {
    let line = screen.lines().find(|l| l.contains("▸ "))?;
    let after = line.split("▸ ").nth(1)?;
    // The label ends at its required mark, its elision or the padding.
    let end = ["*", "…", "  ", "│"]
        .iter()
        .filter_map(|stop| after.find(stop))
        .min()
        .unwrap_or(after.len());
    Some(after[..end].trim().to_string())
}

/// The field of the child-helpline form a shown label belongs to.
fn field_for(label: &str) -> Option<helpline::domain::forms::Field> {
    let forms = helpline::domain::forms::FormCatalog::builtin().ok()?;
    let form = forms.form("child_helpline")?;
    if let Some(f) = form.fields().find(|f| f.label == label) {
        return Some(f.clone());
    }
    // A long label wraps: its first line can run into the field's hint
    // ("Is the child in immediate y / n / d"), so the longest run of its
    // first words that starts a label names the field.
    let words: Vec<&str> = label.split_whitespace().collect();
    (1..=words.len()).rev().find_map(|n| {
        let start = words[..n].join(" ");
        form.fields().find(|f| f.label.starts_with(&start)).cloned()
    })
}

#[test]
fn a_case_worker_reads_what_the_caller_said_on_the_timeline() {
    let Some((_home, db, tmux)) = demo_session(50, 120, 40) else {
        return;
    };
    start_and_log_in(&tmux, &db, "demo");
    tmux.send(&["C-n"]);
    tmux.wait_for("the form picker", |s| s.contains("choose the form"));
    tmux.send(&["Enter"]);
    tmux.wait_for("the intake", |s| s.contains("⏱"));
    tmux.type_text("phone");
    tmux.send(&["Enter"]);
    tmux.type_text("child");
    tmux.send(&["Enter"]);
    tmux.wait_for("the safety question", |s| {
        focused_label(s).as_deref() == Some("Is it safe to talk now?")
    });
    tmux.type_text("y");
    let narrative = "Mwanafunzi anasema mwalimu alimpiga kwa fimbo. Anaogopa kurudi shuleni kesho.";
    let saved = complete_on_screen(&tmux, narrative);
    let number = saved
        .split("Saved: new case ")
        .nth(1)
        .and_then(|rest| rest.split([' ', '.']).next())
        .expect("the case number")
        .to_string();

    // Open the case from the Cases pane, then the contact on its timeline.
    tmux.send(&["3"]);
    tmux.wait_for("the Cases pane", |s| s.contains("[3 Cases]"));
    tmux.send(&["/"]);
    tmux.type_text(&number);
    tmux.wait_for("the case found", |s| s.contains("1 of 1 shown"));
    tmux.send(&["Enter"]);
    tmux.wait_for("the timeline", |s| s.contains("Timeline (newest first)"));
    for _ in 0..10 {
        let screen = tmux.screen();
        if screen
            .lines()
            .any(|l| l.contains("▸ ") && l.contains("Contact "))
        {
            break;
        }
        tmux.send(&["Down"]);
        tmux.wait_for("the selection to move", |s| s != screen);
    }
    tmux.send(&["Enter"]);
    let opened = tmux.wait_for("the contact in full", |s| s.contains("Taken by"));
    assert!(opened.contains("Is it safe to talk now?: yes"), "{opened}");
    assert!(opened.contains("Channel: Phone call"), "{opened}");
    // The narrative is further down: page to it.
    let mut screen = opened;
    for _ in 0..10 {
        if screen.contains("kurudi shuleni kesho.") {
            break;
        }
        tmux.send(&["PageDown"]);
        let before = screen.clone();
        screen = tmux.wait_for("the page to move", |s| s != before);
    }
    assert!(screen.contains("What the caller told us"), "{screen}");
    assert!(screen.contains("Mwanafunzi anasema mwalimu"), "{screen}");
    assert!(screen.contains("kurudi shuleni kesho."), "{screen}");

    tmux.send(&["Escape"]);
    let back = tmux.wait_for("the timeline again", |s| {
        s.contains("Timeline (newest first)")
    });
    assert!(
        back.lines()
            .any(|l| l.contains("▸ ") && l.contains("Contact ")),
        "back on the same entry: {back}"
    );
    // Esc and q apart: sent at once, a terminal may read them as Alt-q.
    tmux.send(&["Escape"]);
    tmux.wait_for("the case list", |s| !s.contains("Timeline"));
    tmux.send(&["q"]);
    tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));
}

/// Presses Tab until the intake field labelled `label` has the focus.
fn tab_to(tmux: &Tmux, label: &str) {
    for _ in 0..60 {
        let screen = tmux.screen();
        if focused_label(&screen).as_deref() == Some(label) {
            return;
        }
        tmux.send(&["Tab"]);
        // The focus itself, not any change: the call timer redraws the
        // screen every second, and a second Tab sent before the first one
        // was drawn would jump past the field.
        let was = focused_label(&screen);
        tmux.wait_for("the focus to move", |s| focused_label(s) != was);
    }
    panic!("never reached {label:?}:\n{}", tmux.screen());
}

/// Presses Ctrl-S until the intake is saved, answering each field it marks
/// the way an operator clearing the marks would (a narrative gets
/// `narrative`); returns the saved screen.
fn complete_on_screen(tmux: &Tmux, narrative: &str) -> String {
    let mut answered = String::new();
    loop {
        tmux.send(&["C-s"]);
        let screen = tmux.wait_for("the next field to answer, or the save", |s| {
            s.contains("✓ Saved")
                || s.contains("recorded (no case needed)")
                || s.contains("Press Ctrl-S again")
                || (s.contains("need attention") && focused_label(s).is_some_and(|l| l != answered))
        });
        if screen.contains("✓ Saved") || screen.contains("recorded (no case needed)") {
            return screen;
        }
        if screen.contains("Press Ctrl-S again") {
            // A draft save was under way: the message says to press again.
            continue;
        }
        answered = focused_label(&screen).unwrap();
        let field = field_for(&answered)
            .unwrap_or_else(|| panic!("no field labelled {answered:?}:\n{screen}"));
        use helpline::domain::forms::FieldKind;
        match field.kind {
            FieldKind::YesNoDk => tmux.type_text("n"),
            FieldKind::SingleChoice(_) => tmux.send(&["Enter"]),
            FieldKind::MultipleChoice(_) => tmux.send(&["Space"]),
            FieldKind::Number { .. } => {
                tmux.send(&["C-u"]);
                tmux.type_text("13");
            }
            FieldKind::DateTime { .. } => {
                tmux.send(&["C-u"]);
                tmux.type_text("2026-11-20 21:30");
            }
            FieldKind::Phone => {
                tmux.send(&["C-u"]);
                tmux.type_text("+254 733 000 222");
            }
            FieldKind::MultiLineText { .. } => tmux.type_text(narrative),
            FieldKind::Text { .. } => tmux.type_text("noted"),
        }
    }
}

#[test]
fn a_suicidal_child_is_screened_inside_the_intake_and_never_left_at_none() {
    let Some((_home, db, tmux)) = demo_session(50, 120, 40) else {
        return;
    };
    start_and_log_in(&tmux, &db, "demo");
    tmux.send(&["C-n"]);
    tmux.wait_for("the form picker", |s| s.contains("choose the form"));
    tmux.send(&["Enter"]);
    tmux.wait_for("the intake", |s| s.contains("⏱"));
    tmux.type_text("phone");
    tmux.send(&["Enter"]);
    tmux.type_text("child");
    tmux.send(&["Enter"]);
    tab_to(&tmux, "Categories");
    tmux.type_text("mental");
    tmux.send(&["Space"]);
    tab_to(&tmux, "Reasons");
    tmux.type_text("suicidal");
    tmux.send(&["Space"]);
    // The reason alone sets a provisional level, shown before anything runs.
    tmux.wait_for("the provisional level", |s| {
        s.contains("Risk not assessed: at least high")
    });
    // Ctrl-R opens the ASQ at once; the result comes back to the call.
    tmux.send(&["C-r"]);
    tmux.wait_for("the ASQ", |s| {
        s.contains("[2 Risk]") && s.contains("ASQ suicide risk screening")
    });
    for answer in ["y", "n", "n", "n", "y"] {
        let before = tmux.screen();
        tmux.type_text(answer);
        tmux.wait_for("the answer to show", |s| s != before);
    }
    tmux.send(&["C-s"]);
    tmux.wait_for("the intake with the screen's result", |s| {
        s.contains("[1 Intake]") && s.contains("stored with this contact")
    });
    let saved = complete_on_screen(&tmux, "She says she wants to die.");
    assert!(saved.contains("new case"), "{saved}");
    assert!(
        saved.contains("critical"),
        "an acute screen is critical: {saved}"
    );
}

#[test]
fn a_child_who_calls_again_without_a_name_is_recognised_by_number() {
    let Some((_home, db, tmux)) = demo_session(50, 120, 40) else {
        return;
    };
    start_and_log_in(&tmux, &db, "demo");
    for call in 0..2 {
        tmux.send(&["C-n"]);
        tmux.wait_for("the form picker", |s| s.contains("choose the form"));
        tmux.send(&["Enter"]);
        tmux.wait_for("the intake", |s| s.contains("⏱") && s.contains("▸ Channel"));
        tmux.type_text("phone");
        tmux.send(&["Enter"]);
        tmux.type_text("silent");
        tmux.send(&["Enter"]);
        // Picking the contact type moves on to the number by itself.
        tmux.wait_for("the number field", |s| {
            focused_label(s).as_deref() == Some("Number or chat handle")
        });
        tmux.type_text(if call == 0 {
            "+254 711 222 333"
        } else {
            "+254711222333"
        });
        if call == 0 {
            tab_to(&tmux, "Note for next time");
            tmux.type_text("Says hello twice before talking");
            complete_on_screen(&tmux, "");
        }
    }
    let screen = tmux.wait_for("the caller's profile", |s| {
        s.contains("Contacted us 1 time(s)")
    });
    assert!(screen.contains("Says hello twice"), "{screen}");
}

/// Polls the database until one of `user`'s intake drafts satisfies `ok`,
/// or fails after a time-out.
fn wait_for_intake_draft(
    db: &Path,
    user: &str,
    what: &str,
    ok: impl Fn(&helpline::store::drafts::Draft) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let store = common::open(db);
        let id = store.find_login(user).unwrap().unwrap().user.id;
        if store.operator_drafts(id).unwrap().iter().any(&ok) {
            return;
        }
        if Instant::now() > deadline {
            panic!("timed out waiting for {what}");
        }
        drop(store);
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_screen_run_inside_the_intake_survives_a_killed_process() {
    let Some((_home, db, tmux)) = demo_session(50, 120, 40) else {
        return;
    };
    start_and_log_in(&tmux, &db, "demo");
    tmux.send(&["C-n"]);
    tmux.wait_for("the form picker", |s| s.contains("choose the form"));
    tmux.send(&["Enter"]);
    tmux.wait_for("the intake", |s| s.contains("⏱"));
    tmux.type_text("phone");
    tmux.send(&["Enter"]);
    tmux.type_text("child");
    tmux.send(&["Enter"]);
    tab_to(&tmux, "Categories");
    tmux.type_text("mental");
    tmux.send(&["Space"]);
    tab_to(&tmux, "Reasons");
    tmux.type_text("suicidal");
    tmux.send(&["Space"]);
    tmux.wait_for("the provisional level", |s| {
        s.contains("Risk not assessed: at least high")
    });
    tmux.send(&["C-r"]);
    tmux.wait_for("the ASQ", |s| {
        s.contains("[2 Risk]") && s.contains("ASQ suicide risk screening")
    });
    for answer in ["y", "n", "n", "n", "y"] {
        let before = tmux.screen();
        tmux.type_text(answer);
        tmux.wait_for("the answer to show", |s| s != before);
    }
    tmux.send(&["C-s"]);
    tmux.wait_for("the intake with the screen's result", |s| {
        s.contains("[1 Intake]") && s.contains("stored with this contact")
    });
    // In the draft as soon as the screen is done.
    wait_for_intake_draft(&db, "demo", "the screen in the intake's draft", |d| {
        d.assessments_json
            .as_deref()
            .is_some_and(|j| j.contains("asq"))
    });
    let pid = tmux.child_pid().expect("helpline's pid");
    let status = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    tmux.wait_for("the shell after the kill", |s| s.contains("Killed"));
    tmux.type_text("stty sane; tput rmcup; clear");
    tmux.send(&["C-j"]);
    tmux.wait_for("a clean shell", |s| {
        !s.contains("on shift") && s.contains("e2e-prompt$")
    });

    // Start again: the intake is waiting, with the screen's level.
    start_and_log_in(&tmux, &db, "demo");
    tmux.send(&["1"]);
    tmux.wait_for("the intakes on hold", |s| s.contains("On hold"));
    tmux.send(&["Enter"]);
    let resumed = tmux.wait_for("the resumed intake with its screen", |s| {
        s.contains("stored with this contact")
    });
    assert!(
        resumed.contains("acute positive screen → critical"),
        "{resumed}"
    );
    assert!(!resumed.contains("Risk not assessed"), "{resumed}");
    let saved = complete_on_screen(&tmux, "She says she wants to die.");
    assert!(saved.contains("critical"), "{saved}");
    // A critical contact offers the operator a moment; Esc skips it.
    tmux.wait_for("the check after a heavy contact", |s| {
        s.contains("A moment for you")
    });
    tmux.send(&["Escape"]);
    tmux.wait_for("the check skipped", |s| !s.contains("A moment for you"));
    tmux.send(&["q"]);
    tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));
}

/// Starts helpline in the session with `env` before the command, and logs
/// `user` in with `password`.
fn start_with_env_and_log_in(tmux: &Tmux, env: &str, db: &Path, user: &str, password: &str) {
    let command = format!("{} --db {}", env!("CARGO_BIN_EXE_helpline"), db.display());
    tmux.type_text(format!("{env} {command}").trim_start());
    tmux.send(&["Enter"]);
    tmux.wait_for("the login screen", |s| s.contains("sign in"));
    tmux.type_text(user);
    tmux.send(&["Tab"]);
    tmux.type_text(password);
    tmux.send(&["Enter"]);
    tmux.wait_for("the main screen", |s| s.contains("on shift"));
}

#[test]
fn a_follow_up_is_recorded_from_its_pane_and_a_missed_one_reaches_the_supervisor() {
    if tmux_missing() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install tmux for this test"
        );
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("helpline.db");
    let clock = home.path().join("clock");
    std::fs::write(&clock, "0").unwrap();
    let mut store = common::open(&db);
    let password = "follow-up journey";
    let worker = common::add_user(
        &mut store,
        "wanjiru",
        helpline::domain::Role::Caseworker,
        password,
    );
    let sup = common::add_user(
        &mut store,
        "baraka",
        helpline::domain::Role::Supervisor,
        password,
    );
    let now = chrono::Utc::now().timestamp();
    let (case_id, number) = store
        .open_case(
            &helpline::store::cases::NewCase {
                opened_at: now,
                risk: helpline::domain::RiskLevel::High,
                child_name: Some("Achieng"),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    let number = number.to_string();
    let version = store.case_step(case_id).unwrap().version;
    store
        .assign_case(case_id, version, worker, sup, now)
        .unwrap();
    drop(store);

    // The case worker, at 80x24: the case is on her list, due in a week.
    let tmux = Tmux::start(home.path(), 80, 24).expect("tmux session");
    tmux.wait_for("the shell prompt", |s| s.contains("e2e-prompt$"));
    let env = format!("HELPLINE_TEST_CLOCK={}", clock.display());
    start_with_env_and_log_in(&tmux, &env, &db, "wanjiru", password);
    tmux.send(&["8"]);
    tmux.wait_for("her follow-up listed", |s| {
        s.contains(&number) && s.contains("upcoming")
    });
    // She records one without leaving the list: reached, safe, a note.
    tmux.send(&["f"]);
    tmux.wait_for("the form", |s| {
        s.contains(&format!("Follow-up of {number}"))
    });
    for _ in 0..7 {
        tmux.send(&["Enter"]);
    }
    tmux.type_text("Spoke with Achieng after school; she is staying with her aunt.");
    tmux.send(&["C-s"]);
    // The next one is the schedule's: a week from now (the session's zone is UTC).
    let week = chrono::DateTime::from_timestamp(now + 7 * 86_400, 0)
        .unwrap()
        .format("%Y-%m-%d")
        .to_string();
    let saved = tmux.wait_for("the saved message", |s| s.contains("✓ Follow-up recorded"));
    assert!(saved.contains(&format!("next {week}")), "{saved}");
    let follow_ups = common::open(&db).follow_up_state(case_id).unwrap();
    assert_eq!(follow_ups.attempts, 0);
    tmux.send(&["q"]);
    tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));

    // Nine days on, nobody followed up again: past the week and the day's
    // grace of a high case, the supervisor hears of it.
    std::fs::write(&clock, (9 * 86_400).to_string()).unwrap();
    start_with_env_and_log_in(&tmux, &env, &db, "baraka", password);
    tmux.send(&["5"]);
    let alerts = tmux.wait_for("the missed follow-up in the Alerts pane", |s| {
        s.contains("follow-up missed") && s.contains(&number)
    });
    assert!(
        !alerts.contains("follow-up due"),
        "the reminder is the worker's own:\n{alerts}"
    );
    tmux.send(&["8"]);
    tmux.wait_for("the case overdue in the team's follow-ups", |s| {
        s.contains(&number) && s.contains("overdue")
    });

    // While she watches, another process's clock check finds a second case
    // missed (a critical one, due yesterday): her screen shows it within
    // a second, without a key.
    let mut store = common::open(&db);
    let (critical, critical_number) = store
        .open_case(
            &helpline::store::cases::NewCase {
                opened_at: now - 2 * 86_400,
                risk: helpline::domain::RiskLevel::Critical,
                ..Default::default()
            },
            None,
        )
        .unwrap();
    let critical_number = critical_number.to_string();
    let raised = Instant::now();
    assert!(store.raise_follow_up_reminders(now).unwrap() >= 1);
    tmux.wait_for("the critical banner", |s| {
        s.contains("CRITICAL") && s.contains(&critical_number)
    });
    let waited = raised.elapsed();
    assert!(
        waited < Duration::from_secs(1),
        "the missed follow-up took {waited:?} to reach the supervisor's screen"
    );
    assert!(store.follow_up_state(critical).unwrap().next_at.is_some());
    tmux.send(&["q"]);
    tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));
}

/// The label of the step highlighted in the step dialog ("▸ Closed").
fn highlighted_step(screen: &str) -> Option<String> {
    // The dialog sits over the timeline, whose selected entry is marked
    // the same way on the same row: look at every mark.
    screen.lines().find_map(|line| {
        line.match_indices("▸ ").find_map(|(at, mark)| {
            let rest = &line[at + mark.len()..];
            // The timeline's selected entry starts with its date.
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            Some(
                rest.split(['║', '│'])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string(),
            )
        })
    })
}

#[test]
fn a_workers_closure_of_a_high_case_waits_for_a_supervisor_in_another_process() {
    let Some((home, db, worker)) = demo_session(100, 80, 24) else {
        return;
    };
    // The most urgent open case: critical or high, so its closure waits.
    let store = common::open(&db);
    let first = store
        .list_cases(
            &helpline::domain::access::Viewer::whole_floor(1),
            &helpline::store::cases::CaseQuery::default(),
            None,
            1,
        )
        .unwrap()
        .remove(0);
    assert!(first.risk >= helpline::domain::RiskLevel::High);
    let has_pending = |store: &helpline::store::Store| {
        store
            .reload_case_detail(first.id)
            .unwrap()
            .row
            .closure
            .is_some()
    };
    assert!(!has_pending(&store));

    start_and_log_in(&worker, &db, "worker1");
    worker.send(&["3"]);
    worker.wait_for("the case list", |s| s.contains("1 of "));
    worker.send(&["Enter"]);
    worker.wait_for("the open case", |s| {
        s.contains(&first.number) && s.contains("Timeline")
    });
    worker.send(&["s"]);
    let mut screen = worker.wait_for("the step dialog", |s| s.contains("Move the case to"));
    for _ in 0..6 {
        let on = highlighted_step(&screen);
        if on.as_deref() == Some("Closed") {
            break;
        }
        worker.send(&["Down"]);
        screen = worker.wait_for("the next step highlighted", |s| highlighted_step(s) != on);
    }
    worker.send(&["Enter"]);
    worker.wait_for("the closing form saying it will wait", |s| {
        s.contains("will wait for a supervisor")
    });
    worker.send(&["Tab"]);
    worker.type_text("Safe with her aunt; school re-enrolled.");
    worker.wait_for("the typed note", |s| s.contains("school re-enrolled"));
    worker.send(&["C-s"]);
    worker.wait_for("the pending marker on the header", |s| {
        s.contains("◷ Closure pending approval")
    });
    assert!(has_pending(&store));
    assert_ne!(
        store.case_step(first.id).unwrap().status,
        helpline::domain::CaseStatus::Closed
    );

    // A supervisor, in another process, finds it in the approvals list.
    let sup = Tmux::start(home.path(), 80, 24).expect("second tmux session");
    sup.wait_for("the shell prompt", |s| s.contains("e2e-prompt$"));
    start_and_log_in(&sup, &db, "demo");
    sup.send(&["3"]);
    sup.wait_for("the case list", |s| s.contains("1 of "));
    sup.send(&["p"]);
    sup.wait_for("the approvals list", |s| {
        s.contains("closures awaiting approval") && s.contains(&first.number)
    });
    sup.send(&["Enter"]);
    sup.wait_for("the case with its approval keys", |s| {
        s.contains(&first.number) && s.contains("A approve")
    });
    sup.send(&["A"]);
    sup.wait_for("the approval to confirm", |s| s.contains("Enter approves"));
    sup.send(&["Enter"]);
    sup.wait_for("the case closed", |s| s.contains("Step Closed"));
    // The worker's session shows it too, without a key.
    worker.wait_for("the closure reaching the worker", |s| {
        s.contains("Step Closed")
    });
    assert_eq!(
        store.case_step(first.id).unwrap().status,
        helpline::domain::CaseStatus::Closed
    );
    for tmux in [&worker, &sup] {
        tmux.send(&["Escape"]);
        tmux.wait_for("the case list", |s| !s.contains("Timeline"));
        tmux.send(&["q"]);
        tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));
    }
}

#[test]
fn an_operator_breaks_the_glass_with_a_reason_and_the_supervisor_is_alerted() {
    use helpline::domain::access::{CaseAction, Decision, decide_for};
    let Some((home, db, operator)) = demo_session(150, 100, 30) else {
        return;
    };
    // A case the supervisor `demo` oversees and `operator1` has no tie to.
    let store = common::open(&db);
    let id_of = |name: &str| {
        store
            .list_users()
            .unwrap()
            .into_iter()
            .find(|u| u.user.username == name)
            .unwrap()
            .user
            .id
    };
    let op = store.viewer(id_of("operator1")).unwrap();
    let sup = store.viewer(id_of("demo")).unwrap();
    let now = chrono::Utc::now().timestamp();
    let may = |who: &helpline::domain::access::Viewer, case: i64| {
        let ties = store.case_ties(case, who, now).unwrap().unwrap();
        decide_for(who.case_role, &ties, CaseAction::View) == Decision::Allow
    };
    let case = store
        .list_cases(
            &sup,
            &helpline::store::cases::CaseQuery::default(),
            None,
            200,
        )
        .unwrap()
        .into_iter()
        .find(|r| r.child_name.is_some() && !may(&op, r.id))
        .expect("a case outside the operator's work");
    let name = case.child_name.clone().unwrap();

    start_and_log_in(&operator, &db, "operator1");
    operator.send(&["3", "/"]);
    operator.type_text(&case.number);
    let found = operator.wait_for("the minimal search result", |s| {
        s.contains(&case.number) && s.contains("🔒") && s.contains("outside your work")
    });
    assert!(
        !found.contains(&name),
        "the child's name of a case outside the operator's work was shown:\n{found}"
    );
    operator.send(&["Enter"]);
    operator.wait_for("the break-the-glass dialog", |s| {
        s.contains("Break the glass") && s.contains("outside your work")
    });
    operator.type_text("short");
    operator.send(&["Enter"]);
    operator.wait_for("the reason refused", |s| {
        s.contains("at least 10 characters")
    });
    operator.type_text(" - caller says the child is outside the police post now");
    operator.send(&["Enter"]);
    operator.wait_for("the case opened, its name shown", |s| {
        s.contains("Timeline") && s.contains(&name) && s.contains("Glass broken")
    });

    // The supervisor, in another process, has the alert.
    let supervisor = Tmux::start(home.path(), 100, 30).expect("second tmux session");
    supervisor.wait_for("the shell prompt", |s| s.contains("e2e-prompt$"));
    start_and_log_in(&supervisor, &db, "demo");
    supervisor.send(&["5"]);
    supervisor.wait_for("the glass alert", |s| {
        s.contains("glass broken") && s.contains(&case.number)
    });
}

#[test]
fn an_idle_screen_locks_hides_the_case_and_unlocks_with_the_password() {
    let Some((home, db, tmux)) = demo_session(100, 120, 40) else {
        return;
    };
    // Nine seconds: long enough for the steps below between keys, short
    // enough to wait for.
    let config = home.path().join("idle.toml");
    std::fs::write(&config, "[security]\nidle_lock_minutes = 0.15\n").unwrap();
    let env = format!("HELPLINE_CONFIG={}", config.display());
    start_with_env_and_log_in(&tmux, &env, &db, "demo", "demo");
    tmux.send(&["3"]);
    tmux.wait_for("the case list", |s| s.contains("1 of "));
    tmux.send(&["Enter"]);
    let open = tmux.wait_for("the open case", |s| s.contains("Timeline"));
    let at = open.find("Case HL-").expect("a case title") + "Case ".len();
    let number: String = open[at..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let store = common::open(&db);
    let case = store
        .search_cases(
            &helpline::domain::access::Viewer::whole_floor(1),
            &number,
            1,
        )
        .unwrap()
        .remove(0);
    let child = case.child_name.clone();
    if let Some(child) = &child {
        assert!(open.contains(child.as_str()), "{open}");
    }

    let locked = tmux.wait_for("the lock screen", |s| s.contains("screen locked"));
    assert!(locked.contains("Demo Supervisor"), "{locked}");
    assert!(!locked.contains(&number), "{locked}");
    assert!(!locked.contains("Timeline"), "{locked}");
    if let Some(child) = &child {
        assert!(!locked.contains(child.as_str()), "{locked}");
    }

    tmux.type_text("demo");
    tmux.send(&["Enter"]);
    let back = tmux.wait_for("the case again", |s| {
        s.contains("Timeline") && s.contains(&number)
    });
    if let Some(child) = &child {
        assert!(back.contains(child.as_str()), "{back}");
    }
    tmux.send(&["C-c"]);
    tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));
}

/// The line of the wallboard naming `name`, if it is on screen.
fn wallboard_line(screen: &str, name: &str) -> Option<String> {
    screen
        .lines()
        .find(|l| l.contains(name))
        .map(str::to_string)
}

#[test]
fn a_supervisor_sees_presence_live_and_a_killed_session_drops_off_within_30_s() {
    let Some((home, db, sup)) = demo_session(100, 120, 40) else {
        return;
    };
    let name = common::open(&db)
        .find_login("operator1")
        .unwrap()
        .unwrap()
        .user
        .display_name;
    start_and_log_in(&sup, &db, "demo");
    sup.send(&["9"]);
    sup.wait_for("the wallboard", |s| s.contains("on the floor"));
    assert!(wallboard_line(&sup.screen(), &name).is_none());

    // An operator signs in in another terminal: on the floor at once.
    let op = Tmux::start(home.path(), 100, 30).expect("second tmux session");
    op.wait_for("the shell prompt", |s| s.contains("e2e-prompt$"));
    start_and_log_in(&op, &db, "operator1");
    let signed_in = Instant::now();
    let line = sup.wait_for("the operator on the wallboard", |s| {
        wallboard_line(s, &name).is_some_and(|l| l.contains("available"))
    });
    assert!(
        signed_in.elapsed() < Duration::from_secs(3),
        "took {:?}:\n{line}",
        signed_in.elapsed()
    );

    // Operators are refused the wallboard, and never see others' workload.
    op.send(&["9"]);
    let refused = op.wait_for("the refusal", |s| s.contains("for supervisors"));
    assert!(!refused.contains("on the floor"), "{refused}");
    assert!(!refused.contains("Load"), "{refused}");

    // A break shows in the next presence write (at most ten seconds).
    op.send(&["b"]);
    op.wait_for("the break notice", |s| s.contains("On a break"));
    sup.wait_for("the break on the wallboard", |s| {
        wallboard_line(s, &name).is_some_and(|l| l.contains("on break"))
    });

    // Killed (no sign-out): gone from the floor within thirty seconds.
    let pid = op.child_pid().expect("helpline's process id");
    let status = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let killed = Instant::now();
    let gone = sup.wait_within(Duration::from_secs(40), "the killed session to go", |s| {
        s.contains("on the floor") && wallboard_line(s, &name).is_none()
    });
    assert!(
        killed.elapsed() <= Duration::from_secs(30),
        "still shown {:?} after the kill:\n{gone}",
        killed.elapsed()
    );
    sup.send(&["q"]);
    sup.wait_for("helpline to quit", |s| !s.contains("on shift"));
}

#[test]
fn a_live_intake_is_handed_over_and_the_receiver_types_on_with_nothing_lost() {
    let Some((home, db, giver)) = demo_session(30, 100, 40) else {
        return;
    };
    let store = common::open(&db);
    let receiver_name = store
        .find_login("worker1")
        .unwrap()
        .unwrap()
        .user
        .display_name;
    let giver_name = store
        .find_login("operator1")
        .unwrap()
        .unwrap()
        .user
        .display_name;
    drop(store);
    let receiver = Tmux::start(home.path(), 100, 40).expect("second tmux session");
    receiver.wait_for("the shell prompt", |s| s.contains("e2e-prompt$"));
    start_and_log_in(&receiver, &db, "worker1");
    start_and_log_in(&giver, &db, "operator1");

    giver.send(&["C-n"]);
    giver.wait_for("the form picker", |s| s.contains("choose the form"));
    giver.send(&["Enter"]);
    giver.wait_for("the intake", |s| s.contains("⏱") && s.contains("▸ Channel"));
    giver.type_text("phone");
    giver.send(&["Enter"]);
    giver.type_text("child");
    giver.send(&["Enter"]);
    giver.wait_for("the first save", |s| s.contains("draft saved"));
    tab_to(&giver, "What the caller told us");
    // Typed up to the very moment of the hand-over: no wait for a save.
    let said = "Her uncle hits her when her mother is away";
    giver.type_text(said);
    giver.send(&["C-p"]);
    giver.wait_for("the picker with the receiver", |s| {
        s.contains("Hand this intake to") && s.contains(&receiver_name)
    });
    let first = receiver_name.split_whitespace().next().unwrap().to_string();
    giver.type_text(&first);
    giver.send(&["Enter"]);
    giver.wait_for("the offer", |s| s.contains("waiting for them to take it"));

    // The receiver is told within a second and takes it with one key.
    let offered = Instant::now();
    receiver.wait_for("the hand-over banner", |s| {
        s.contains(&format!("{giver_name} hands you"))
    });
    assert!(
        offered.elapsed() < Duration::from_secs(2),
        "took {:?}",
        offered.elapsed()
    );
    receiver.send(&["C-x"]);
    let taken = receiver.wait_for("the intake taken", |s| s.contains("Taken from"));
    assert!(taken.contains(said), "every word the giver typed: {taken}");
    assert_eq!(
        focused_label(&taken).as_deref(),
        Some("What the caller told us"),
        "where the giver stopped: {taken}"
    );
    let timer = timer_secs(&taken).expect("the call timer");
    assert!(timer >= 1, "the call timer runs on: {taken}");
    giver.wait_for("the giver told", |s| {
        s.contains(&format!("Handed over to {receiver_name}"))
    });

    // The receiver types on in the same field; the draft is theirs alone.
    let more = " and she is scared to go home";
    receiver.type_text(more);
    let whole = format!("{said}{more}");
    wait_for_intake_draft(&db, "worker1", "the receiver's words in the draft", |d| {
        d.answers_json.contains(&whole)
    });
    let store = common::open(&db);
    let operator = store.find_login("operator1").unwrap().unwrap().user.id;
    assert!(store.operator_drafts(operator).unwrap().is_empty());
    drop(store);
    receiver.send(&["C-c"]);
    receiver.wait_for("helpline to quit", |s| !s.contains("on shift"));
    giver.send(&["C-c"]);
    giver.wait_for("helpline to quit", |s| !s.contains("on shift"));
}
