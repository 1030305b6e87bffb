//! The app under a shifted clock (libfaketime, issue 16 item 9): in a real terminal (tmux),
//! at several offsets including `+0 days`, SIGTERM, SIGHUP and SIGINT end it with the
//! terminal restored (normal screen, cursor shown, mouse reporting off, line mode back), and a
//! closed terminal ends it rather than leaving it spinning.
//!
//! Needs `faketime` and `tmux` (CI installs them): without them the test fails saying so.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Times as `date -d` takes them (the faked clock starts there and runs on, as under the
/// `faketime` command): no shift at all, days back, and years ahead.
const OFFSETS: [&str; 3] = ["+0 days", "-3 days", "2031-01-01 00:00:00"];

/// How long the app may take to draw, or to end once told to, before it is called stuck
/// (the app ends in a fraction of a second; this only keeps a hang from hanging the test).
const STUCK: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq)]
enum End {
    Signal(&'static str, i32),
    /// The terminal goes away (the tmux server is killed).
    Close,
}

fn require(tool: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "`{tool}` is needed to run the app under a shifted clock in a real terminal: install it (Debian: apt-get install faketime tmux)"
    );
}

/// libfaketime, preloaded directly. Not through the `faketime` command: it names a
/// semaphore after its pid and leaves it behind when a closed terminal kills it (as this
/// test does), and a later `faketime` that gets the same pid refuses to start
/// ("sem_open: File exists"). Debian's `faketime` package installs both.
fn libfaketime() -> PathBuf {
    let candidates = std::fs::read_dir("/usr/lib")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("faketime/libfaketime.so.1"))
        .chain([PathBuf::from("/usr/lib/faketime/libfaketime.so.1")]);
    candidates.into_iter().find(|path| path.is_file()).expect(
        "libfaketime.so.1 is needed under /usr/lib: install it (Debian: apt-get install faketime)",
    )
}

/// `offset` as the start time libfaketime takes (`@YYYY-MM-DD hh:mm:ss`, the clock running
/// on from there), read by `date -d` as the `faketime` command reads it.
fn start_time(offset: &str) -> String {
    let out = Command::new("date")
        .args(["-d", offset, "+%Y-%m-%d %H:%M:%S"])
        .output()
        .unwrap();
    assert!(out.status.success(), "date -d '{offset}': {out:?}");
    format!("@{}", String::from_utf8_lossy(&out.stdout).trim())
}

/// A private tmux server running the app under libfaketime at `offset`, in a shell that says
/// how the app exited and whether the terminal is back in line mode.
struct Terminal {
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl Terminal {
    fn start(offset: &str) -> Terminal {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("tmux.sock");
        let home = dir.path().join("home");
        let script = format!(
            "SKILLGAP_HOME='{}' LD_PRELOAD='{}' FAKETIME='{}' '{}'; echo \"exited $?\"; stty -a | tr ' ' '\\n' | grep -x -- '-*icanon'; sleep 600",
            home.display(),
            libfaketime().display(),
            start_time(offset),
            env!("CARGO_BIN_EXE_skillgap"),
        );
        let terminal = Terminal { socket, _dir: dir };
        let started = terminal.tmux(&[
            "new-session",
            "-d",
            "-s",
            "app",
            "-x",
            "100",
            "-y",
            "30",
            &script,
        ]);
        assert!(started.status.success(), "tmux: {started:?}");
        terminal
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            // The pane's command is written for sh, whatever the user's shell; and a tmux
            // the tests run in is not this one.
            .env("SHELL", "/bin/sh")
            .env_remove("TMUX")
            .arg("-S")
            .arg(&self.socket)
            .args(["-f", "/dev/null"])
            .args(args)
            .output()
            .unwrap()
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "app"]).stdout)
            .into_owned()
    }

    /// tmux's view of the pane's modes: alternate screen, cursor shown, mouse reporting.
    fn modes(&self) -> String {
        let out = self.tmux(&[
            "display-message",
            "-p",
            "-t",
            "app",
            "#{alternate_on} #{cursor_flag} #{mouse_any_flag}",
        ]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    fn pane_pid(&self) -> u32 {
        let out = self.tmux(&["display-message", "-p", "-t", "app", "#{pane_pid}"]);
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    }

    fn wait_for(&self, what: &str, done: impl Fn(&Terminal) -> bool) {
        let start = Instant::now();
        while !done(self) {
            assert!(
                start.elapsed() < STUCK,
                "{what} never happened; the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

/// The parent of process `pid`, from /proc.
fn parent(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (name) state ppid ...`; the name may hold spaces, so read after the last `)`.
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// The app's process: the descendant of `ancestor` running the skillgap binary (the shell
/// runs it as a child).
fn app_process(ancestor: u32) -> Option<u32> {
    let binary = Path::new(env!("CARGO_BIN_EXE_skillgap"))
        .canonicalize()
        .ok()?;
    std::fs::read_dir("/proc")
        .ok()?
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary)
        })
        .find(|&pid| {
            let mut at = pid;
            while let Some(up) = parent(at).filter(|&p| p > 1) {
                if up == ancestor {
                    return true;
                }
                at = up;
            }
            false
        })
}

/// Whether `pid` has ended (gone, or a zombie not yet reaped).
fn ended(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |stat| {
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next().map(|s| s == "Z"))
            .unwrap_or(true)
    })
}

/// CPU time `pid` has used, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(0, |stat| {
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
        // After the name: state is field 0, utime 11, stime 12.
        let field = |n: usize| fields.get(n).and_then(|f| f.parse::<u64>().ok());
        field(11).unwrap_or(0) + field(12).unwrap_or(0)
    })
}

/// Runs the app at `offset`, ends it as `end` says; a description of what went wrong, if
/// anything did.
fn run(offset: &str, end: End) -> Result<(), String> {
    let terminal = Terminal::start(offset);
    // Its first frame drawn: the loop runs, its signal handlers are in place.
    terminal.wait_for("the dashboard", |t| t.screen().contains("Readiness"));
    let pane = terminal.pane_pid();
    let pid = app_process(pane).ok_or("the app's process was not found")?;
    match end {
        End::Signal(name, _) => {
            let sent = Command::new("kill")
                .args([&format!("-{name}"), &pid.to_string()])
                .status()
                .unwrap();
            assert!(sent.success());
        }
        End::Close => {
            terminal.tmux(&["kill-server"]);
        }
    }
    let start = Instant::now();
    while !ended(pid) {
        if start.elapsed() > STUCK {
            let before = cpu_ticks(pid);
            std::thread::sleep(Duration::from_secs(1));
            let busy = cpu_ticks(pid).saturating_sub(before);
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            return Err(format!(
                "still running {} s after {end:?}, using {busy} CPU ticks a second",
                STUCK.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let End::Signal(name, number) = end else {
        return Ok(());
    };
    terminal.wait_for("the shell's report", |t| t.screen().contains("icanon"));
    let screen = terminal.screen();
    let mut wrong = Vec::new();
    if !screen.contains(&format!("exited {}", 128 + number)) {
        wrong.push(format!("not the exit code of SIG{name} ({})", 128 + number));
    }
    if screen.lines().any(|l| l.trim() == "-icanon") {
        wrong.push("the terminal was left in raw mode".to_owned());
    }
    let modes = terminal.modes();
    if modes != "0 1 0" {
        wrong.push(format!(
            "alternate screen, cursor shown, mouse reporting are `{modes}`, not `0 1 0`"
        ));
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!("{}; the screen:\n{screen}", wrong.join("; ")))
    }
}

#[test]
fn signals_and_a_closed_terminal_end_the_app_under_a_shifted_clock() {
    require("faketime");
    require("tmux");
    let ends = [
        End::Signal("TERM", 15),
        End::Signal("HUP", 1),
        End::Signal("INT", 2),
        End::Close,
    ];
    let mut failures = Vec::new();
    for offset in OFFSETS {
        for end in ends {
            if let Err(why) = run(offset, end) {
                failures.push(format!("faketime '{offset}', {end:?}: {why}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
