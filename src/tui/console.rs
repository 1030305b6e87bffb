//! The terminal itself, for the app and the class view: raw mode on the alternate screen
//! (mouse and bracketed paste on), input read on a thread of its own, signals and hang-ups
//! noticed within one tick, and the terminal restored on every way out: quit, an error, a
//! panic, SIGTERM, SIGHUP, SIGINT, or the terminal window closing.
//!
//! Why a thread for input: crossterm's reader loops without end once its terminal is gone
//! (a read that returns nothing is tried again at once: crossterm-rs/crossterm#793), so a
//! loop that waits inside `event::poll` would never see the hang-up, and the process would
//! linger at full CPU with the database open. Waiting on a channel instead keeps the tick.

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

/// How often the loop wakes when no input comes (the exam timer shows seconds).
const TICK: Duration = Duration::from_millis(250);

/// Whether the terminal is in the app's mode (so restoring twice does nothing).
static ACTIVE: AtomicBool = AtomicBool::new(false);

pub type Term = Terminal<CrosstermBackend<io::Stdout>>;

/// The terminal set up for the app, what it types, and the signals caught.
#[derive(Debug)]
pub struct Console {
    pub terminal: Term,
    caught: Arc<AtomicUsize>,
    events: Receiver<io::Result<Event>>,
}

impl Console {
    /// Why the loop must end now, if it must: the number of a signal caught, or SIGHUP's
    /// when the terminal has hung up without one arriving.
    pub fn stop(&self) -> Option<usize> {
        match self.caught.load(Ordering::SeqCst) {
            0 => terminal_hung_up().then_some(signal_hook::consts::SIGHUP as usize),
            signal => Some(signal),
        }
    }

    /// The next input event, or `None` after a tick without one.
    pub fn next_event(&self) -> io::Result<Option<Event>> {
        match self.events.recv_timeout(TICK) {
            Ok(Ok(event)) => Ok(Some(event)),
            Ok(Err(error)) => Err(error),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the terminal's input ended",
            )),
        }
    }
}

/// Runs `body` on the terminal set up for the app, and restores the terminal however
/// `body` ends, a panic included. `body` ends with the number of the signal that stopped
/// it, if one did; an I/O error on a terminal that has hung up (or after a signal) is that
/// hang-up (or signal), not a failure to report.
pub fn on_terminal(
    body: impl FnOnce(&mut Console) -> io::Result<Option<usize>>,
) -> io::Result<Option<usize>> {
    let caught = watch_signals()?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    enter_terminal()?;
    let _guard = TerminalGuard;
    let mut console = Console {
        terminal: Terminal::new(CrosstermBackend::new(io::stdout()))?,
        caught,
        events: read_events(),
    };
    let result = body(&mut console).or_else(|error| console.stop().map(Some).ok_or(error));
    if console.terminal.show_cursor().is_err() {
        // The terminal is gone: ratatui's own drop would try again and report the failure
        // with `eprintln!`, which panics when standard error is that dead terminal.
        std::mem::forget(console.terminal);
    }
    result
}

/// Input events from a thread of their own, in order; the thread ends with the first error.
fn read_events() -> Receiver<io::Result<Event>> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        loop {
            let event = event::read();
            let failed = event.is_err();
            if send.send(event).is_err() || failed {
                return;
            }
        }
    });
    receive
}

/// Whether standard input, the terminal the app reads, has hung up (its window closed).
fn terminal_hung_up() -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
    let now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    poll(&mut fds, Some(&now)).is_ok_and(|ready| ready > 0)
        && fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL)
}

fn enter_terminal() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        Hide
    )
}

/// Raw mode off, mouse capture off, main screen back, cursor visible. Safe to call twice.
fn restore_terminal() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let _ = execute!(
            io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste,
            LeaveAlternateScreen,
            Show
        );
    }
}

/// Restores the terminal when dropped, whatever the way out of the loop.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// SIGTERM, SIGHUP and SIGINT set a flag the loop checks (a second one ends the process at
/// once, in case the loop is stuck).
fn watch_signals() -> io::Result<Arc<AtomicUsize>> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let caught = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(AtomicBool::new(false));
    for signal in [SIGTERM, SIGHUP, SIGINT] {
        signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&seen))?;
        signal_hook::flag::register(signal, Arc::clone(&seen))?;
        signal_hook::flag::register_usize(signal, Arc::clone(&caught), signal as usize)?;
    }
    Ok(caught)
}
