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
        let deadline = Instant::now() + Duration::from_secs(20);
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

fn start_and_log_in(tmux: &Tmux, db: &Path, user: &str) {
    tmux.type_text(&format!(
        "{} --db {}",
        env!("CARGO_BIN_EXE_helpline"),
        db.display()
    ));
    tmux.send(&["Enter"]);
    tmux.wait_for("the login screen", |s| s.contains("sign in"));
    tmux.type_text(user);
    tmux.send(&["Tab"]);
    tmux.type_text("demo");
    tmux.send(&["Enter"]);
    tmux.wait_for("the main screen", |s| s.contains("on shift"));
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
    tmux.send(&["Escape"]);
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
    let case = store.search_cases(&number, 1).unwrap().remove(0);
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
    tmux.send(&["q"]);
    tmux.wait_for("helpline to quit", |s| !s.contains("on shift"));
}
