//! The terminal itself, for the app and the class view: raw mode on the alternate screen
//! (mouse and bracketed paste on), input read on a thread of its own, signals and hang-ups
//! noticed at once (whatever the clock does), and the terminal restored on every way out:
//! quit, an error, a panic, SIGTERM, SIGHUP, SIGINT, or the terminal window closing.
//!
//! Why a thread for input: crossterm's reader loops without end once its terminal is gone
//! (a read that returns nothing is tried again at once: crossterm-rs/crossterm#793), so a
//! loop that waits inside `event::poll` would never see the hang-up, and the process would
//! linger at full CPU with the database open.
//!
//! Why no clock in the wait: the loop waits on one channel with a plain blocking `recv`, fed
//! by the input thread, a ticker thread, a signal thread (a self-pipe written by the signal
//! handler) and a hang-up thread (`poll` without a timeout). A wait with a timeout
//! (`recv_timeout`) computes its deadline from the clock, and under a shifted clock
//! (libfaketime) or a jump after suspend it never returns: the loop then spins, deaf to
//! SIGTERM and to its terminal closing. Here a signal or a hang-up wakes the loop whatever
//! the clock does; a clock that races only makes the ticker block on the full channel.

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
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::time::Duration;

/// How often the loop wakes when no input comes (the exam timer shows seconds).
const TICK: Duration = Duration::from_millis(250);

/// Whether the terminal is in the app's mode (so restoring twice does nothing).
static ACTIVE: AtomicBool = AtomicBool::new(false);

pub type Term = Terminal<CrosstermBackend<io::Stdout>>;

/// What wakes the loop.
#[derive(Debug)]
enum Wake {
    Input(io::Result<Event>),
    /// The ticker: time to redraw the clock.
    Tick,
    /// A signal arrived or the terminal hung up: `Console::stop` says which.
    Stop,
}

/// How many wake-ups may wait unread: a racing ticker blocks instead of filling memory.
const QUEUED_WAKES: usize = 16;

/// The terminal set up for the app, what it types, and the signals caught.
#[derive(Debug)]
pub struct Console {
    pub terminal: Term,
    caught: Arc<AtomicUsize>,
    wakes: Receiver<Wake>,
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

    /// The next input event, or `None` after a tick, a signal or a hang-up (check
    /// [`Console::stop`]).
    pub fn next_event(&self) -> io::Result<Option<Event>> {
        next_wake(&self.wakes)
    }
}

fn next_wake(wakes: &Receiver<Wake>) -> io::Result<Option<Event>> {
    match wakes.recv() {
        Ok(Wake::Input(Ok(event))) => Ok(Some(event)),
        Ok(Wake::Input(Err(error))) => Err(error),
        Ok(Wake::Tick | Wake::Stop) => Ok(None),
        Err(mpsc::RecvError) => Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the terminal's input ended",
        )),
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
    let (wake, wakes) = mpsc::sync_channel(QUEUED_WAKES);
    wake_on_signals(&STOP_SIGNALS, wake.clone())?;
    wake_on_hang_up(wake.clone());
    tick(wake.clone(), || std::thread::sleep(TICK));
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
        wakes,
    };
    read_events(wake);
    let result = body(&mut console).or_else(|error| console.stop().map(Some).ok_or(error));
    if console.terminal.show_cursor().is_err() {
        // The terminal is gone: ratatui's own drop would try again and report the failure
        // with `eprintln!`, which panics when standard error is that dead terminal.
        std::mem::forget(console.terminal);
    }
    result
}

/// Input events from a thread of their own, in order; the thread ends with the first error.
fn read_events(wake: SyncSender<Wake>) {
    std::thread::spawn(move || {
        loop {
            let event = event::read();
            let failed = event.is_err();
            if wake.send(Wake::Input(event)).is_err() || failed {
                return;
            }
        }
    });
}

/// A tick after each `pause` (a sleep in the app; a fake clock in tests), until the loop
/// is gone. The channel is bounded, so a pause that returns at once cannot run away.
fn tick(wake: SyncSender<Wake>, mut pause: impl FnMut() + Send + 'static) {
    std::thread::spawn(move || {
        loop {
            pause();
            if wake.send(Wake::Tick).is_err() {
                return;
            }
        }
    });
}

/// Wakes the loop when one of `signals` arrives: the handler writes a byte to a pipe (all a
/// signal handler may safely do) and a thread blocked reading it passes the word on.
fn wake_on_signals(signals: &[i32], wake: SyncSender<Wake>) -> io::Result<()> {
    use std::io::Read;
    let (mut read, write) = std::os::unix::net::UnixStream::pair()?;
    for &signal in signals {
        signal_hook::low_level::pipe::register(signal, write.try_clone()?)?;
    }
    std::thread::spawn(move || {
        let mut byte = [0u8; 1];
        loop {
            match read.read(&mut byte) {
                Ok(0) => return,
                Ok(_) => {
                    if wake.send(Wake::Stop).is_err() {
                        return;
                    }
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return,
            }
        }
    });
    Ok(())
}

/// Wakes the loop when standard input hangs up: `poll` with no timeout, so no clock.
fn wake_on_hang_up(wake: SyncSender<Wake>) {
    use rustix::event::{PollFd, PollFlags, poll};
    std::thread::spawn(move || {
        let stdin = io::stdin();
        loop {
            let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
            match poll(&mut fds, None) {
                Ok(_)
                    if fds[0]
                        .revents()
                        .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) =>
                {
                    let _ = wake.send(Wake::Stop);
                    return;
                }
                Ok(_) | Err(rustix::io::Errno::INTR) => {}
                Err(_) => return,
            }
        }
    });
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

/// The signals that end the app.
const STOP_SIGNALS: [i32; 3] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
];

/// SIGTERM, SIGHUP and SIGINT set a flag the loop checks (a second one ends the process at
/// once, in case the loop is stuck).
fn watch_signals() -> io::Result<Arc<AtomicUsize>> {
    let caught = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(AtomicBool::new(false));
    for signal in STOP_SIGNALS {
        signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&seen))?;
        signal_hook::flag::register(signal, Arc::clone(&seen))?;
        signal_hook::flag::register_usize(signal, Arc::clone(&caught), signal as usize)?;
    }
    Ok(caught)
}

#[cfg(test)]
mod tests {
    use super::*;
    use signal_hook::consts::{SIGUSR1, SIGUSR2};

    /// Waits for the first `Stop`, counting the ticks before it; gives up after `most`
    /// wake-ups so a broken loop fails the test rather than hanging it.
    fn ticks_before_stop(wakes: &Receiver<Wake>, most: usize) -> Option<usize> {
        let mut ticks = 0;
        for _ in 0..most {
            match wakes.recv() {
                Ok(Wake::Stop) => return Some(ticks),
                Ok(Wake::Tick) => ticks += 1,
                Ok(Wake::Input(_)) | Err(_) => return None,
            }
        }
        None
    }

    #[test]
    fn signals_end_the_loop_under_a_frozen_clock() {
        // A clock that never moves: the ticker's pause never returns. The old loop waited
        // with `recv_timeout`, whose deadline never came, and never looked at the signal.
        let (wake, wakes) = mpsc::sync_channel(QUEUED_WAKES);
        wake_on_signals(&[SIGUSR1], wake.clone()).unwrap();
        tick(wake, || {
            loop {
                std::thread::park();
            }
        });
        signal_hook::low_level::raise(SIGUSR1).unwrap();
        assert_eq!(ticks_before_stop(&wakes, 1), Some(0));
        // And `next_wake` hands the loop a `None`, after which it checks `stop`.
        signal_hook::low_level::raise(SIGUSR1).unwrap();
        assert!(matches!(next_wake(&wakes), Ok(None)));
    }

    #[test]
    fn signals_end_the_loop_under_a_racing_clock() {
        // A clock that jumps ahead on every reading: the pause returns at once. The ticker
        // fills the bounded queue and blocks; the signal still gets through.
        let (wake, wakes) = mpsc::sync_channel(QUEUED_WAKES);
        wake_on_signals(&[SIGUSR2], wake.clone()).unwrap();
        tick(wake, || {});
        // The ticker runs flat out.
        for _ in 0..QUEUED_WAKES * 4 {
            assert!(matches!(wakes.recv(), Ok(Wake::Tick)));
        }
        signal_hook::low_level::raise(SIGUSR2).unwrap();
        assert!(
            ticks_before_stop(&wakes, 1_000_000).is_some(),
            "the signal never came through"
        );
    }
}
