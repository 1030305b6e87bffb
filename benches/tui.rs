//! Terminal app speed: drawing the heaviest screens at 200×60 (target ≤ 2 ms), and the
//! whole process from launch to its first frame in a pseudo-terminal (target ≤ 50 ms).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/tui_support/mod.rs"]
mod tui_support;

use criterion::{Criterion, criterion_group, criterion_main};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use skillgap::quiz::Mode;
use std::hint::black_box;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tui_support::*;

fn draw(c: &mut Criterion) {
    let size = (200, 60);
    let mut summary = quiz_app(bundled(), &(0..60).collect::<Vec<_>>(), Mode::Exam, size);
    for _ in 0..60 {
        press(&mut summary, KeyCode::Char('1'));
        press(&mut summary, KeyCode::Enter);
    }
    let mut feedback = quiz_app(long_pack(), &[0], Mode::Practice, size);
    press(&mut feedback, KeyCode::Enter);
    let mut screens = vec![
        ("dashboard", dashboard_app(size)),
        ("gap_chart", {
            let mut app = dashboard_app(size);
            press(&mut app, KeyCode::Char('g'));
            app
        }),
        ("category", category_app(size)),
        (
            "question_long",
            quiz_app(long_pack(), &[0], Mode::Practice, size),
        ),
        (
            "question_match",
            quiz_app(demo(), &[7], Mode::Practice, size),
        ),
        ("feedback_long", feedback),
        ("summary_60", summary),
        ("history", history_app(size)),
    ];
    let mut group = c.benchmark_group("draw_200x60");
    for (name, app) in screens.drain(..) {
        let area = Rect::new(0, 0, size.0, size.1);
        let mut buf = Buffer::empty(area);
        group.bench_function(name, |b| {
            b.iter(|| {
                buf.reset();
                (&app).render(area, &mut buf);
                black_box(&buf);
            })
        });
    }
    group.finish();
}

/// Time from spawning the binary in an 80×24 pseudo-terminal until `marker` has been
/// written to it (its first frame), for `iterations` runs.
fn launch(data: &Path, args: &[&str], marker: &str, iterations: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iterations {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_skillgap"));
        command.args(args);
        command.env("SKILLGAP_HOME", data);
        command.env("TERM", "xterm-256color");
        let mut reader = pair.master.try_clone_reader().unwrap();
        let mut writer = pair.master.take_writer().unwrap();
        let (tx, rx) = mpsc::channel();
        let marker = marker.to_owned();
        std::thread::spawn(move || {
            // The screen as a terminal shows it: ratatui redraws only the cells that
            // change, so the marker need not be written in one piece.
            let rows = std::num::NonZeroU16::new(24).unwrap();
            let cols = std::num::NonZeroU16::new(80).unwrap();
            let mut parser = vt100::Parser::new(rows, cols, 0);
            let mut chunk = [0u8; 8192];
            let mut told = false;
            while let Ok(n) = reader.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                parser.process(&chunk[..n]);
                if !told && parser.screen().contents().contains(&marker) {
                    let _ = tx.send(Instant::now());
                    told = true;
                }
            }
        });
        let start = Instant::now();
        let mut child = pair.slave.spawn_command(command).unwrap();
        let shown = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        total += shown - start;
        writer.write_all(b"\x03").unwrap();
        child.wait().unwrap();
        drop(pair.slave);
    }
    total
}

fn launch_to_first_frame(c: &mut Criterion) {
    let data = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("launch_to_first_frame");
    group.sample_size(20);
    group.bench_function("quiz_bundled_bank", |b| {
        b.iter_custom(|n| {
            launch(
                data.path(),
                &["quiz", "--kind", "single", "--count", "3", "--seed", "1"],
                "Question 1 of 3",
                n,
            )
        })
    });
    group.bench_function("dashboard_bundled_bank", |b| {
        b.iter_custom(|n| launch(data.path(), &[], "Actions", n))
    });
    group.bench_function("dashboard_with_data", |b| {
        b.iter_custom(|n| launch(data.path(), &[], "targets met", n))
    });
    group.finish();
}

criterion_group!(benches, draw, launch_to_first_frame);
criterion_main!(benches);
