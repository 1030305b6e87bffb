//! The real binary in a pseudo-terminal: answering a quiz by keystrokes (the test contract),
//! the store afterwards, the terminal restored on quit, Ctrl-C, SIGTERM and SIGHUP with the
//! answers kept, live resizes, and the dashboard.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use skillgap::store::{SessionStatus, Store};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(20);

/// Leave the alternate screen, show the cursor, mouse reporting off.
const RESTORE: [&str; 4] = ["\x1b[?1049l", "\x1b[?25h", "\x1b[?1000l", "\x1b[?2004l"];

struct Session {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
    size: (u16, u16),
}

impl Session {
    fn start(data: &Path, args: &[&str], size: (u16, u16)) -> Session {
        Session::start_with(data, args, size, &[])
    }

    fn start_with(data: &Path, args: &[&str], size: (u16, u16), env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: size.1,
                cols: size.0,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_skillgap"));
        command.args(args);
        command.env("SKILLGAP_HOME", data);
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pair.slave.spawn_command(command).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = reader.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        });
        Session {
            master: pair.master,
            child,
            writer,
            output,
            size,
        }
    }

    fn bytes(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    /// The screen as a terminal would show it now.
    fn screen(&self) -> String {
        let rows = std::num::NonZeroU16::new(self.size.1).unwrap();
        let cols = std::num::NonZeroU16::new(self.size.0).unwrap();
        let mut parser = vt100::Parser::new(rows, cols, 0);
        parser.process(&self.bytes());
        parser.screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("`{text}` never showed; the screen:\n{}", self.screen());
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn resize(&mut self, size: (u16, u16)) {
        self.size = size;
        self.master
            .resize(PtySize {
                rows: size.1,
                cols: size.0,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    fn signal(&self, name: &str) {
        let pid = self.child.process_id().unwrap();
        let status = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the process to end; returns its exit code.
    fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the app did not exit; the screen:\n{}", self.screen());
    }

    /// The terminal was put back: after the last switch to the alternate screen come the
    /// sequences leaving it, showing the cursor and turning mouse reporting off.
    fn assert_restored(&self) {
        let text = String::from_utf8_lossy(&self.bytes()).into_owned();
        let entered = text
            .rfind("\x1b[?1049h")
            .expect("never entered the alternate screen");
        for sequence in RESTORE {
            let at = text.rfind(sequence);
            assert!(
                at.is_some_and(|at| at > entered),
                "{sequence:?} missing at exit; output tail: {:?}",
                &text[text.len().saturating_sub(300)..]
            );
        }
    }
}

fn store(data: &Path) -> Store {
    Store::open(data).unwrap()
}

/// Answers the question on screen with `1`, then Enter past the feedback.
fn answer_first_choice(app: &mut Session, number: usize, total: usize) {
    app.wait_for(&format!("Question {number} of {total}"));
    app.send("1");
    app.send("\r");
    app.wait_for("score");
    app.send("\r");
}

#[test]
fn a_quiz_answered_by_keystrokes_is_stored() {
    let data = tempfile::tempdir().unwrap();
    let mut app = Session::start(
        data.path(),
        &["quiz", "--kind", "single", "--count", "3", "--seed", "1"],
        (80, 24),
    );
    for n in 1..=3 {
        answer_first_choice(&mut app, n, 3);
    }
    app.wait_for("Session summary");
    app.send("q");
    assert_eq!(app.exit_code(), 0);
    app.assert_restored();
    let store = store(data.path());
    let sessions = store.sessions(None).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].status, SessionStatus::Finished);
    assert_eq!(sessions[0].seed, 1);
    let answers = store.session_answers(sessions[0].id).unwrap();
    assert_eq!(answers.len(), 3);
    assert!(answers.iter().all(|a| a.kind_name() == "Single"));
    assert!(answers.iter().all(|a| a.response_json.contains("choices")));
    // The same quiz in plain mode asks the same questions in the same order.
    assert_eq!(
        sessions[0].question_ids,
        answers
            .iter()
            .map(|a| a.question_id.clone())
            .collect::<Vec<_>>()
    );
}

/// "I was right" by keystroke: the wrong Numeric answer is marked right in the store (the
/// flag, the score it was marked kept, the score log and the session's score counting 1).
#[test]
fn i_was_right_by_keystroke_is_stored() {
    let data = tempfile::tempdir().unwrap();
    let mut app = Session::start(
        data.path(),
        &["quiz", "--kind", "numeric", "--count", "1", "--seed", "1"],
        (100, 30),
    );
    app.wait_for("Question 1 of 1");
    app.send("-987654.25\r");
    app.wait_for("press i: I was right");
    app.send("i");
    app.wait_for("right: marked right by you");
    app.send("\r");
    app.wait_for("Session summary");
    app.wait_for("✓ right (you)");
    app.send("q");
    assert_eq!(app.exit_code(), 0);
    let store = store(data.path());
    let session = &store.sessions(None).unwrap()[0];
    assert_eq!((session.score_sum, session.overridden), (1.0, 1));
    let answers = store.session_answers(session.id).unwrap();
    assert!(answers[0].overridden);
    assert_eq!(answers[0].score, 0.0);
    let mut logged = Vec::new();
    store
        .for_each_scored(&answers[0].pack.id, |row| logged.push(row.score))
        .unwrap();
    assert_eq!(logged, vec![1.0]);
}

fn interrupted(
    kill: impl FnOnce(&mut Session),
) -> (u32, Vec<skillgap::store::SessionRecord>, usize) {
    let data = tempfile::tempdir().unwrap();
    let mut app = Session::start(
        data.path(),
        &["quiz", "--kind", "single", "--count", "3", "--seed", "2"],
        (80, 24),
    );
    answer_first_choice(&mut app, 1, 3);
    app.wait_for("Question 2 of 3");
    kill(&mut app);
    let code = app.exit_code();
    app.assert_restored();
    let store = store(data.path());
    let sessions = store.sessions(None).unwrap();
    let answered = store.session_answers(sessions[0].id).unwrap().len();
    (code, sessions, answered)
}

#[test]
fn a_signal_before_the_first_answer_keeps_no_empty_session() {
    for signal in ["TERM", "HUP"] {
        let data = tempfile::tempdir().unwrap();
        let mut app = Session::start(
            data.path(),
            &["quiz", "--kind", "single", "--count", "3", "--seed", "2"],
            (80, 24),
        );
        app.wait_for("Question 1 of 3");
        // The session is stored with its first answer, not before...
        assert_eq!(store(data.path()).sessions(None).unwrap(), vec![]);
        // ...so a signal before anything was answered leaves none behind.
        app.signal(signal);
        let code = app.exit_code();
        app.assert_restored();
        assert_eq!(code, if signal == "TERM" { 143 } else { 129 });
        assert_eq!(
            store(data.path()).sessions(None).unwrap(),
            vec![],
            "SIG{signal}"
        );
    }
}

/// A timed exam of three single-choice questions, `minutes` long.
fn timed_exam(data: &Path, minutes: &str) -> Session {
    Session::start(
        data,
        &[
            "quiz",
            "--kind",
            "single",
            "--count",
            "3",
            "--seed",
            "2",
            "--mode",
            "exam",
            "--time-limit",
            minutes,
        ],
        (80, 24),
    )
}

#[test]
fn a_timed_exam_killed_before_its_first_answer_keeps_no_empty_session() {
    for signal in ["KILL", "TERM"] {
        let data = tempfile::tempdir().unwrap();
        let mut app = timed_exam(data.path(), "30");
        app.wait_for("Question 1 of 3");
        // Its clock runs, but it is stored with its first answer, the clock's start with it.
        assert_eq!(
            store(data.path()).sessions(None).unwrap(),
            vec![],
            "SIG{signal}"
        );
        app.signal(signal);
        app.exit_code();
        assert_eq!(
            store(data.path()).sessions(None).unwrap(),
            vec![],
            "SIG{signal}"
        );
    }
}

#[test]
fn a_timed_exam_out_of_time_before_its_first_answer_stores_every_question_once() {
    let data = tempfile::tempdir().unwrap();
    let started_by = skillgap::clock::now_ms();
    let mut app = timed_exam(data.path(), "0.05");
    app.wait_for("Question 1 of 3");
    // Three seconds later, time is up: the three answers are saved at once, the first of them
    // storing the session: the question on screen timed out, the two never shown not reached.
    app.wait_for("time is up");
    app.send("q");
    app.exit_code();
    let store = store(data.path());
    let sessions = store.sessions(None).unwrap();
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    assert_eq!(sessions[0].status, SessionStatus::Finished);
    assert!(sessions[0].started_at_ms >= started_by, "{sessions:?}");
    let answers = store.session_answers(sessions[0].id).unwrap();
    assert_eq!(answers.len(), 3, "{answers:?}");
    let responses: Vec<Option<skillgap::quiz::Response>> =
        answers.iter().map(|a| a.response.clone()).collect();
    assert_eq!(
        responses,
        vec![
            Some(skillgap::quiz::Response::TimedOut),
            Some(skillgap::quiz::Response::NotReached),
            Some(skillgap::quiz::Response::NotReached),
        ]
    );
    assert!(answers.iter().all(|a| a.score == 0.0), "{answers:?}");
}

#[test]
fn ctrl_c_mid_quiz_restores_the_terminal_and_keeps_the_answers() {
    let (code, sessions, answered) = interrupted(|app| app.send("\x03"));
    assert_eq!(code, 0);
    assert_eq!(sessions[0].status, SessionStatus::Unfinished);
    assert_eq!(answered, 1);
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_the_answers() {
    let (code, sessions, answered) = interrupted(|app| app.signal("TERM"));
    assert_eq!(code, 128 + 15);
    assert_eq!(sessions[0].status, SessionStatus::Unfinished);
    assert_eq!(answered, 1);
}

#[test]
fn sighup_restores_the_terminal_and_keeps_the_answers() {
    let (code, _, answered) = interrupted(|app| app.signal("HUP"));
    assert_eq!(code, 128 + 1);
    assert_eq!(answered, 1);
}

#[test]
fn live_resizes_redraw_and_a_tiny_terminal_asks_for_room() {
    let data = tempfile::tempdir().unwrap();
    let mut app = Session::start(
        data.path(),
        &[
            "quiz",
            "--kind",
            "true-false",
            "--count",
            "2",
            "--seed",
            "3",
        ],
        (80, 24),
    );
    app.wait_for("Question 1 of 2");
    app.resize((30, 8));
    app.wait_for("Enlarge");
    app.resize((120, 40));
    app.wait_for("Question 1 of 2");
    app.send("\x03");
    assert_eq!(app.exit_code(), 0);
    app.assert_restored();
}

#[test]
fn the_dashboard_opens_and_quits() {
    let data = tempfile::tempdir().unwrap();
    let mut app = Session::start(data.path(), &[], (100, 30));
    app.wait_for("Actions");
    app.wait_for("Readiness");
    app.send("g");
    app.wait_for("Gap chart");
    // Drill down into the first row: its title and mastery over time, from the store.
    app.send("\r");
    app.wait_for("Gap chart ›");
    app.wait_for("Mastery over time");
    // A lone Esc is told from an escape sequence by a short wait.
    for _ in 0..2 {
        app.send("\x1b");
        std::thread::sleep(Duration::from_millis(100));
    }
    app.wait_for("Actions");
    app.send("q");
    assert_eq!(app.exit_code(), 0);
    app.assert_restored();
}

#[test]
fn the_pack_chosen_on_the_dashboard_opens_next_time() {
    let data = tempfile::tempdir().unwrap();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/valid/all-kinds.ron"
    );
    let installed = std::process::Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(["pack", "install", fixture])
        .env("SKILLGAP_HOME", data.path())
        .output()
        .unwrap();
    assert!(installed.status.success(), "{installed:?}");
    // One session of the bundled bank: listed on its dashboard, not on the demo pack's.
    let mut quiz = std::process::Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(["quiz", "--plain", "--count", "1", "--kind", "true-false"])
        .env("SKILLGAP_HOME", data.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    quiz.stdin.take().unwrap().write_all(b"t\n").unwrap();
    assert!(quiz.wait().unwrap().success());

    let mut app = Session::start(data.path(), &[], (100, 30));
    app.wait_for("Backend developer skills 1.0.0");
    app.wait_for("Switch pack");
    app.wait_for("#1 ");
    app.send("P");
    app.wait_for("Choose a pack");
    app.send("2");
    app.wait_for("pack changed");
    app.wait_for("Demo pack 1.0.0");
    app.wait_for("No sessions yet");
    app.send("q");
    assert_eq!(app.exit_code(), 0);
    app.assert_restored();
    assert_eq!(
        store(data.path()).dashboard_pack().unwrap().as_deref(),
        Some("demo")
    );

    let mut app = Session::start(data.path(), &[], (100, 30));
    app.wait_for("Demo pack 1.0.0");
    app.send("q");
    assert_eq!(app.exit_code(), 0);
}

/// Closing the terminal window closes every handle on the pty's master side: the terminal
/// is hung up. The app must end (keeping its answers), not linger: crossterm's reader loops
/// forever on a dead tty (crossterm-rs/crossterm#793), which left the app spinning at full
/// CPU with the database open and the hang-up signal never acted on.
#[test]
fn closing_the_terminal_ends_the_app_and_keeps_the_answers() {
    let data = tempfile::tempdir().unwrap();
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_skillgap"));
    command.args(["quiz", "--kind", "single", "--count", "3", "--seed", "1"]);
    command.env("SKILLGAP_HOME", data.path());
    command.env("TERM", "xterm-256color");
    let mut child = pair.slave.spawn_command(command).unwrap();
    drop(pair.slave);

    // A reader of our own that lets go of its handle once the feedback is drawn, so that
    // dropping the master and the writer below really closes the terminal.
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (shown, screens) = std::sync::mpsc::channel::<&'static str>();
    std::thread::spawn(move || {
        let size = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(size(24), size(80), 0);
        let mut chunk = [0u8; 4096];
        for marker in ["Question 1 of 3", "score"] {
            while !parser.screen().contents().contains(marker) {
                match reader.read(&mut chunk) {
                    Ok(n) if n > 0 => parser.process(&chunk[..n]),
                    _ => return,
                }
            }
            if shown.send(marker).is_err() {
                return;
            }
        }
    });
    let mut writer = pair.master.take_writer().unwrap();
    assert_eq!(screens.recv_timeout(TIMEOUT), Ok("Question 1 of 3"));
    writer.write_all(b"1\r").unwrap();
    writer.flush().unwrap();
    assert_eq!(screens.recv_timeout(TIMEOUT), Ok("score"));

    drop(writer);
    drop(pair.master);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("the app was still running after its terminal was closed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.exit_code(), 129, "128 + SIGHUP");
    let store = store(data.path());
    let session = store
        .last_unfinished()
        .unwrap()
        .expect("the session, unfinished");
    assert_eq!(store.session_answers(session.id).unwrap().len(), 1);
}

#[test]
fn a_panic_restores_the_terminal() {
    let data = tempfile::tempdir().unwrap();
    let mut app = Session::start_with(
        data.path(),
        &["quiz", "--kind", "single", "--count", "1", "--seed", "1"],
        (80, 24),
        &[("SKILLGAP_PANIC_AFTER_DRAW", "1")],
    );
    let code = app.exit_code();
    app.assert_restored();
    assert_eq!(code, 101, "the exit code of a panic");
    let output = String::from_utf8_lossy(&app.output.lock().unwrap()).into_owned();
    assert!(output.contains("panicking on purpose"), "{output}");
}

#[test]
fn only_what_is_due_with_nothing_due_says_so() {
    let data = tempfile::tempdir().unwrap();
    let mut app = Session::start(data.path(), &[], (80, 24));
    app.wait_for("Actions");
    app.send("d");
    app.wait_for("Nothing to review");
    app.wait_for("Nothing is due for review");
    app.send("\r");
    app.wait_for("Actions");
    app.send("q");
    assert_eq!(app.exit_code(), 0);
    app.assert_restored();
}

fn skillgap(data: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(args)
        .env("SKILLGAP_HOME", data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// "How sure?" is one stored setting for both front ends: turned on in the app's setup form,
/// the command line reads it; turned off from the command line, the form shows it off.
#[test]
fn the_how_sure_setting_is_shared_by_the_app_and_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    assert!(skillgap(data.path(), &["profile", "show"]).contains("confidence is not asked"));
    let mut app = Session::start(data.path(), &[], (80, 24));
    app.wait_for("Actions");
    app.send("s");
    app.wait_for("How sure?   ‹ do not ask ›");
    // Down to the row (Questions, Mode, Time limit, Difficulty, Profile, How sure?).
    for _ in 0..5 {
        app.send("\x1b[B");
    }
    app.send("\x1b[C");
    app.wait_for("How sure?   ‹ ask ›");
    app.send("\r");
    app.wait_for("Question 1 of 10");
    app.wait_for("how sure? asked (kept for next time)");
    app.send("\x03");
    assert_eq!(app.exit_code(), 0);
    app.assert_restored();
    assert!(store(data.path()).ask_confidence().unwrap());
    assert!(skillgap(data.path(), &["profile", "show"]).contains("confidence is asked"));

    skillgap(data.path(), &["profile", "set", "--confidence", "off"]);
    let mut app = Session::start(data.path(), &[], (80, 24));
    app.wait_for("Actions");
    app.send("s");
    app.wait_for("How sure?   ‹ do not ask ›");
    app.send("q");
    assert_eq!(app.exit_code(), 0);
}
