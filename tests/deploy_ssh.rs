//! The shipped SSH deployment (deploy/ssh/): the wrapper starts helpline
//! and nothing else whatever the client asked to run, with the database and
//! configuration fixed; a session without a terminal gets nothing; and the
//! sshd snippet parses and forces the wrapper (when sshd is installed).

use std::path::{Path, PathBuf};
use std::process::Command;

fn deploy(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("deploy/ssh")
        .join(file)
}

fn whoami() -> String {
    let out = Command::new("id").arg("-un").output().expect("id -un");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The wrapper, installed in `dir` with a stub in place of helpline that
/// records how it was started, running as its own service account.
fn installed_wrapper(dir: &Path) -> (PathBuf, PathBuf) {
    let record = dir.join("record");
    let stub = dir.join("helpline-stub");
    std::fs::write(
        &stub,
        format!(
            "#!/bin/sh\n{{ echo \"args=$#:$*\"; echo \"db=$HELPLINE_DB\"; echo \"config=$HELPLINE_CONFIG\"; echo \"original=${{SSH_ORIGINAL_COMMAND-unset}}\"; }} > '{}'\n",
            record.display()
        ),
    )
    .unwrap();
    let script = std::fs::read_to_string(deploy("helpline-ssh")).unwrap();
    let script = script
        .replace(
            "HELPLINE_BIN=/usr/local/bin/helpline\n",
            &format!("HELPLINE_BIN='{}'\n", stub.display()),
        )
        .replace(
            "SERVICE_USER=helpline\n",
            &format!("SERVICE_USER='{}'\n", whoami()),
        );
    assert!(
        script.contains(&stub.display().to_string()),
        "settings block moved"
    );
    let wrapper = dir.join("helpline-ssh");
    std::fs::write(&wrapper, script).unwrap();
    for path in [&stub, &wrapper] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    (wrapper, record)
}

#[test]
fn the_wrapper_ignores_the_requested_command_and_fixes_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let (wrapper, record) = installed_wrapper(dir.path());
    // With a terminal (script gives it one), as sshd starts it for
    // `ssh -t host 'sh -c "cat /etc/shadow"'`.
    let out = Command::new("script")
        .args(["-q", "-e", "-c"])
        .arg(format!("'{}' --evil argument", wrapper.display()))
        .arg("/dev/null")
        .env("SSH_ORIGINAL_COMMAND", "sh -c 'cat /etc/shadow'")
        .env("HELPLINE_DB", "/tmp/someone-elses.db")
        .env("HELPLINE_CONFIG", "/tmp/evil.toml")
        .output()
        .expect("script runs");
    assert!(out.status.success(), "{out:?}");
    let seen = std::fs::read_to_string(&record).expect("helpline was started");
    assert_eq!(
        seen.lines().collect::<Vec<_>>(),
        [
            "args=0:",
            "db=/srv/helpline/helpline.db",
            "config=/etc/helpline/config.toml",
            "original=unset"
        ],
        "{seen}"
    );
}

#[test]
fn a_session_without_a_terminal_gets_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (wrapper, record) = installed_wrapper(dir.path());
    let out = Command::new(&wrapper)
        .env("SSH_ORIGINAL_COMMAND", "scp -f /srv/helpline/helpline.db")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("interactive terminal"));
    assert!(!record.exists(), "helpline must not start");
}

#[test]
fn authorized_keys_example_restricts_and_forces_the_wrapper() {
    let text = std::fs::read_to_string(deploy("authorized_keys.example")).unwrap();
    let line = text
        .lines()
        .find(|l| !l.starts_with('#') && !l.trim().is_empty())
        .expect("a key line");
    let options = line.split(" ssh-").next().unwrap();
    for option in ["restrict", "pty", "command=\"/usr/local/bin/helpline-ssh\""] {
        assert!(
            options.split(',').any(|o| o == option),
            "{option} in {options}"
        );
    }
}

/// `sshd -t` on a configuration that includes the shipped snippet, and
/// `sshd -T` for a matching account: the forced command and the closed
/// forwardings. Skipped where openssh-server is not installed (.ci/run
/// installs it) or its privilege-separation folder cannot be made.
#[test]
fn the_sshd_snippet_parses_and_forces_the_wrapper() {
    let sshd = ["/usr/sbin/sshd", "/usr/bin/sshd"]
        .into_iter()
        .map(Path::new)
        .find(|p| p.exists());
    let Some(sshd) = sshd else {
        eprintln!("skipped: sshd is not installed");
        return;
    };
    if !Path::new("/run/sshd").exists() && std::fs::create_dir_all("/run/sshd").is_err() {
        eprintln!("skipped: /run/sshd cannot be created");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("host_key");
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", ""])
        .arg("-f")
        .arg(&key)
        .status()
        .expect("ssh-keygen");
    assert!(made.success());
    let snippet = std::fs::read_to_string(deploy("sshd_config.d-helpline.conf")).unwrap();
    assert!(snippet.contains("\nMatch Group helpline-operators\n"));
    // The group test needs a real member; the same block under a user match
    // shows what sshd applies to a matched login.
    let by_user = dir.path().join("by_user.conf");
    std::fs::write(
        &by_user,
        snippet.replace("\nMatch Group helpline-operators\n", "\nMatch User amina\n"),
    )
    .unwrap();
    for (name, include) in [
        ("group", deploy("sshd_config.d-helpline.conf")),
        ("user", by_user),
    ] {
        let config = dir.path().join(format!("sshd_config_{name}"));
        std::fs::write(
            &config,
            format!(
                "HostKey {}\nPidFile none\nInclude {}\n",
                key.display(),
                include.display()
            ),
        )
        .unwrap();
        let out = Command::new(sshd)
            .arg("-t")
            .arg("-f")
            .arg(&config)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if name == "user" {
            let out = Command::new(sshd)
                .arg("-T")
                .arg("-f")
                .arg(&config)
                .args(["-C", "user=amina,host=example,addr=192.0.2.1"])
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout).to_lowercase();
            for line in [
                "forcecommand /usr/local/bin/helpline-ssh",
                "permittty yes",
                "allowtcpforwarding no",
                "allowagentforwarding no",
                "x11forwarding no",
                "disableforwarding yes",
                "permituserenvironment no",
            ] {
                assert!(text.lines().any(|l| l == line), "{line} missing:\n{text}");
            }
        }
    }
}
