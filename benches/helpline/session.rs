//! The real binary in a real terminal (tmux): how long until the first
//! frame shows, and how much memory one working session holds.

use crate::stats::{Summary, max};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A private tmux server running one `helpline` session.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(home: &Path, db: &Path, width: u16, height: u16) -> Tmux {
        // A new server each time: a killed one may still be shutting down.
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let socket = format!("helpline-bench-{}-{n}", std::process::id());
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "bench",
            ])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .args(["env", "-i"])
            .arg(format!("HOME={}", home.display()))
            .args([
                "TERM=xterm-256color",
                env!("CARGO_BIN_EXE_helpline"),
                "--db",
            ])
            .arg(db)
            .status()
            .unwrap();
        assert!(status.success(), "tmux new-session failed");
        Tmux { socket }
    }

    fn tmux(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-L", &self.socket]);
        cmd
    }

    fn send(&self, keys: &[&str]) {
        assert!(
            self.tmux()
                .args(["send-keys", "-t", "bench"])
                .args(keys)
                .status()
                .unwrap()
                .success()
        );
    }

    fn type_text(&self, text: &str) {
        assert!(
            self.tmux()
                .args(["send-keys", "-t", "bench", "-l", text])
                .status()
                .unwrap()
                .success()
        );
    }

    fn screen(&self) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-t", "bench"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    fn pid(&self) -> u32 {
        let out = self
            .tmux()
            .args(["list-panes", "-t", "bench", "-F", "#{pane_pid}"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}

/// A kB figure from /proc/PID/status, e.g. `VmRSS`.
fn status_kb(pid: u32, field: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn home_dir(db: &Path) -> PathBuf {
    let home = db.with_extension("home");
    std::fs::create_dir_all(&home).unwrap();
    home
}

pub fn tmux_available() -> bool {
    Command::new("tmux").arg("-V").output().is_ok()
}

/// Process start to the login screen on the terminal, polled through tmux
/// (so the figure includes up to a millisecond or two of polling).
pub fn first_frame(db: &Path, out: &mut Vec<Summary>) {
    let home = home_dir(db);
    let samples = (0..10)
        .map(|_| {
            let started = Instant::now();
            let tmux = Tmux::start(&home, db, 80, 24);
            tmux.wait_for("the login screen", |s| s.contains("sign in"));
            started.elapsed()
        })
        .collect();
    out.push(Summary::new(
        "start (real binary in tmux): to login frame",
        samples,
        max(100),
    ));
}

/// Resident memory of one session after a working tour: log in, the case
/// list, a search, an open case, the Alerts pane.
pub fn memory(db: &Path) -> (u64, u64) {
    let home = home_dir(db);
    let tmux = Tmux::start(&home, db, 200, 60);
    tmux.wait_for("the login screen", |s| s.contains("sign in"));
    tmux.type_text("demo");
    tmux.send(&["Tab"]);
    tmux.type_text("demo");
    tmux.send(&["Enter"]);
    tmux.wait_for("the main screen", |s| s.contains("on shift"));
    tmux.send(&["3"]);
    tmux.wait_for("the case list", |s| {
        s.contains("[3 Cases]") && s.contains("HL-")
    });
    for _ in 0..150 {
        tmux.send(&["Down"]);
    }
    tmux.send(&["/"]);
    tmux.type_text("Wanj");
    tmux.wait_for("search results", |s| s.contains("Wanj"));
    tmux.send(&["Enter"]);
    tmux.wait_for("the open case", |s| s.contains("Consent "));
    tmux.send(&["5"]);
    std::thread::sleep(Duration::from_secs(1));
    tmux.send(&["3"]);
    std::thread::sleep(Duration::from_millis(500));
    let pid = tmux.pid();
    (status_kb(pid, "VmRSS"), status_kb(pid, "VmHWM"))
}
