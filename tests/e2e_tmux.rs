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
        let socket = format!("helpline-e2e-{}", std::process::id());
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

fn tmux_missing() -> bool {
    Command::new("tmux").arg("-V").output().is_err()
}

#[test]
fn log_in_open_help_quit_and_get_the_shell_back() {
    if tmux_missing() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install tmux for this test"
        );
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("demo.db");
    let out = common::helpline(home.path())
        .args(["demo", "--cases", "300", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(common::stdout(&out).contains("Demo login: user `demo`"));

    let tmux = Tmux::start(home.path(), 100, 30).expect("tmux session");
    tmux.wait_for("the shell prompt", |s| s.contains("e2e-prompt$"));
    tmux.type_text(&format!(
        "{} --db {}",
        env!("CARGO_BIN_EXE_helpline"),
        db.display()
    ));
    tmux.send(&["Enter"]);
    tmux.wait_for("the login screen", |s| s.contains("sign in"));

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
    assert!(help.contains("quit helpline"), "{help}");
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
