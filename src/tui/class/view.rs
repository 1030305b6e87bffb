//! The class view as a pure function of its state: tabs for the class gap chart, the
//! students × categories table and the items with their flags, an item's distractor table,
//! the help, and the "enlarge the terminal" message when too small.

use crate::report::class::{ClassReport, ItemStat, beats_one};
use crate::text::sanitize_line;
use crate::tui::class::{CLASS_KEYS, ClassAction, ClassView, Tab};
use crate::tui::screens::gaps::view::bar_spans;
use crate::tui::view::cells::{clip, fit, wrap};
use crate::tui::view::theme::Theme;
use crate::tui::view::{canvas, centered, panel, render_list};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

impl Widget for &ClassView {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some((area, theme)) = canvas(area, buf, self.color, "the class view", "q") else {
            return;
        };
        let [title, tabs, body, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        title_line(&self.report, title, buf, &theme);
        tab_line(self, tabs, buf, &theme);
        match self.tab {
            Tab::Chart => chart(self, body, buf, &theme),
            Tab::Students => students(self, body, buf, &theme),
            Tab::Items => items(self, body, buf, &theme),
        }
        key_line(self, keys, buf, &theme);
        if self.help {
            help(area, buf, &theme);
        }
    }
}

fn title_line(report: &ClassReport, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let brand = " skillgap class ";
    let room = usize::from(area.width).saturating_sub(brand.len() + 1);
    let heading = report.heading();
    let heading = heading.strip_prefix("Class report · ").unwrap_or(&heading);
    Paragraph::new(Line::from(vec![
        Span::styled(brand, theme.brand()),
        Span::raw(" "),
        Span::styled(clip(heading, room), theme.title()),
    ]))
    .render(area, buf);
}

fn tab_line(view: &ClassView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let flagged = view.report.flagged().count();
    let mut spans = Vec::new();
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let label = match tab {
            Tab::Items if flagged > 0 => format!(" {} {} (⚠ {flagged}) ", i + 1, tab.title()),
            _ => format!(" {} {} ", i + 1, tab.title()),
        };
        let style = if *tab == view.tab {
            theme.selected().patch(theme.title())
        } else {
            theme.dim()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

fn key_line(view: &ClassView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    // From the keymap the handler reads; the Items tab's two keys say what they do now.
    let keys: Vec<(&str, &str)> = CLASS_KEYS
        .0
        .iter()
        .filter(|b| view.tab == Tab::Items || !b.action.items_only())
        .filter_map(|b| {
            let (key, word) = b.bar_entry()?;
            let word = match b.action {
                ClassAction::Choices if view.detail => "hide choices",
                ClassAction::Flagged if view.flagged_only => "all items",
                _ => word,
            };
            Some((key, word))
        })
        .collect();
    // Whole entries only; help and quit always.
    let spans = crate::tui::view::key_spans(&keys, 2, usize::from(area.width), theme);
    Paragraph::new(Line::from(spans)).render(area, buf);
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn opt_pct(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), pct)
}

/// Skipped files and notes, as dim lines (they matter: files left out of the report).
fn problem_lines(report: &ClassReport, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for s in &report.skipped {
        let text = format!(
            " ⚠ {}: skipped: {}",
            sanitize_line(&s.file),
            sanitize_line(&s.reason)
        );
        for line in wrap(&text, width) {
            out.push(Line::styled(line, theme.warn()));
        }
    }
    for n in &report.notes {
        for line in wrap(&format!(" note: {}", sanitize_line(n)), width) {
            out.push(Line::styled(line, theme.dim()));
        }
    }
    out
}

/// The test statistics (reliability, SEM, distribution) and the minimum-students gate.
fn test_lines(report: &ClassReport, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if let Some(t) = &report.test {
        let two = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), |x| format!("{x:.2}"));
        let text = format!(
            " Test ({} students{}): alpha {} · SEM ± {} marks · mean {} · median {} · SD {} · skewness {}",
            t.students,
            if t.indicative { ", indicative" } else { "" },
            two(t.alpha),
            t.sem.map_or_else(|| "–".to_owned(), |x| format!("{x:.1}")),
            pct(t.share(t.mean)),
            pct(t.share(t.median)),
            t.sd.map_or_else(|| "–".to_owned(), |sd| pct(t.share(sd))),
            two(t.skewness),
        );
        for line in wrap(&text, width) {
            out.push(Line::styled(line, theme.dim()));
        }
    }
    if let Some(gate) = report.gate_note() {
        for line in wrap(&format!(" {gate}"), width) {
            out.push(Line::styled(line, theme.warn()));
        }
    }
    out
}

fn chart(view: &ClassView, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let report = &view.report;
    let block = panel(Tab::Chart.title(), true, theme);
    let inner = block.inner(body);
    block.render(body, buf);
    let width = usize::from(inner.width);
    let mut problems = test_lines(report, width.saturating_sub(1), theme);
    problems.extend(problem_lines(report, width.saturating_sub(1), theme));
    let problem_rows = (problems.len() as u16).min(inner.height / 3);
    let [head, list, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(problem_rows),
    ])
    .areas(inner);
    let title_w = (width / 4).clamp(8, 24);
    let numbers = 38;
    let bar_w = width.saturating_sub(title_w + numbers + 3).max(4);
    let target = report
        .profile
        .as_ref()
        .map_or_else(|| "no profile".to_owned(), |(_, t)| sanitize_line(t));
    Paragraph::new(vec![
        Line::styled(
            clip(
                &format!(
                    " █ class mean  │ target ({target})  spread = standard deviation  sorted by gap"
                ),
                width,
            ),
            theme.dim(),
        ),
        Line::styled(
            format!(
                " {} {} {:>5} {:>6} {:>9} {:>6} {:>5} {:>3}",
                fit("category", title_w),
                fit("", bar_w),
                "mean",
                "spread",
                "min–max",
                "target",
                "gap",
                "n"
            ),
            theme.title(),
        ),
    ])
    .render(head, buf);
    let rows: Vec<Line<'static>> = report
        .chart_order()
        .into_iter()
        .map(|c| {
            let mut spans = vec![Span::raw(format!(
                " {} ",
                fit(&sanitize_line(&c.title), title_w)
            ))];
            spans.extend(bar_spans(c.mean, c.mean, c.target, bar_w, theme));
            let gap = c
                .gap
                .map_or_else(|| "–".to_owned(), |g| format!("{:+.0}%", g * 100.0));
            let gap_style = if c.gap.is_some_and(|g| g > 0.0) {
                theme.bad()
            } else {
                theme.good()
            };
            spans.push(Span::raw(format!(
                " {:>5} {:>6} {:>9} {:>6} ",
                pct(c.mean),
                pct(c.sd),
                format!("{}–{}", pct(c.min), pct(c.max)),
                opt_pct(c.target),
            )));
            spans.push(Span::styled(format!("{gap:>5}"), gap_style));
            spans.push(Span::raw(format!(" {:>3}", c.students)));
            Line::from(spans)
        })
        .collect();
    if rows.is_empty() {
        Paragraph::new(Line::styled(" No student's results to show.", theme.dim()))
            .render(list, buf);
    } else {
        render_list(rows, Some(view.cursor()), list, buf, theme);
    }
    Paragraph::new(problems).render(foot, buf);
}

fn students(view: &ClassView, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let report = &view.report;
    let block = panel(
        "Students × categories (mean score; – = not asked)",
        true,
        theme,
    );
    let inner = block.inner(body);
    block.render(body, buf);
    let width = usize::from(inner.width);
    let [head, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let name_w = (width / 4).clamp(8, 22);
    let fixed = name_w + 1 + 6 + 9;
    let cats = report.categories.len().max(1);
    let col = (width.saturating_sub(fixed) / cats).clamp(5, 12);
    // Categories that do not fit are left out, the columns that do stay readable.
    let shown = (width.saturating_sub(fixed) / col).min(report.categories.len());
    let mut heading = format!(" {}", fit("student", name_w));
    for c in report.categories.iter().take(shown) {
        heading.push_str(&format!(
            "{:>col$}",
            clip(&sanitize_line(&c.title), col - 1)
        ));
    }
    heading.push_str(&format!("{:>6}{:>9}", "all", "answered"));
    Paragraph::new(Line::styled(clip(&heading, width), theme.title())).render(head, buf);
    let rows: Vec<Line<'static>> = report
        .students
        .iter()
        .map(|s| {
            let mut text = format!(" {}", fit(&sanitize_line(&s.name), name_w));
            for score in s.categories.iter().take(shown) {
                text.push_str(&format!("{:>col$}", opt_pct(*score)));
            }
            text.push_str(&format!("{:>6}{:>9}", pct(s.total), s.answered));
            Line::raw(text)
        })
        .collect();
    render_list(rows, Some(view.cursor()), list, buf, theme);
}

fn item_line(n: usize, item: &ItemStat, width: usize, theme: &Theme) -> Line<'static> {
    let id_w = width.saturating_sub(55).clamp(8, 40);
    let discr = item
        .discrimination
        .map_or_else(|| "–".to_owned(), |d| format!("{d:.2}"));
    let mut spans = vec![Span::raw(format!(
        " {:>3} {} {} {:>4} {:>4} {:>5} {:>6} ",
        n,
        fit(&sanitize_line(&item.id), id_w),
        fit(&sanitize_line(&item.kind), 9),
        item.students,
        item.omitted,
        format!("{:.2}", item.facility),
        discr
    ))];
    if item.is_flagged() {
        let marks: Vec<&str> = item.flags.iter().map(|f| f.mark()).collect();
        spans.push(Span::styled(format!("⚠ {}", marks.join(" ")), theme.warn()));
    }
    Line::from(spans)
}

fn items(view: &ClassView, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let report = &view.report;
    let shown = view.items();
    let selected = view.selected_item().and_then(|i| report.items.get(i));
    let detail_rows = match (view.detail, selected) {
        (true, Some(item)) => {
            detail_lines(item, usize::from(body.width).saturating_sub(2), theme).len() as u16 + 2
        }
        _ => 0,
    };
    let detail_rows = detail_rows.min(body.height / 2);
    let [top, bottom] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(detail_rows)]).areas(body);
    let title = if view.flagged_only {
        "Items: flagged only"
    } else {
        "Items"
    };
    let block = panel(title, true, theme);
    let inner = block.inner(top);
    block.render(top, buf);
    let width = usize::from(inner.width);
    let [legend, head, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    Paragraph::new(Line::styled(
        clip(
            " omit = students who left it unanswered · facility = mean score · discr. = corrected point-biserial · NEG negative discrimination · DIST distractor beats key · EASY/HARD",
            width,
        ),
        theme.dim(),
    ))
    .render(legend, buf);
    let id_w = width.saturating_sub(55).clamp(8, 40);
    Paragraph::new(Line::styled(
        clip(
            &format!(
                " {:>3} {} {} {:>4} {:>4} {:>5} {:>6} flags",
                "#",
                fit("question", id_w),
                fit("kind", 9),
                "n",
                "omit",
                "facil",
                "discr."
            ),
            width,
        ),
        theme.title(),
    ))
    .render(head, buf);
    let rows: Vec<Line<'static>> = shown
        .iter()
        .filter_map(|&i| {
            report
                .items
                .get(i)
                .map(|item| item_line(i + 1, item, width, theme))
        })
        .collect();
    if rows.is_empty() {
        let text = if view.flagged_only {
            " No question is flagged (f shows them all)."
        } else {
            " No question was answered."
        };
        Paragraph::new(Line::styled(text, theme.dim())).render(list, buf);
    } else {
        render_list(rows, Some(view.cursor()), list, buf, theme);
    }
    if let (true, Some(item)) = (detail_rows > 0, selected) {
        let block = panel(
            &format!("Choices of {}", clip(&sanitize_line(&item.id), 40)),
            false,
            theme,
        );
        let inner = block.inner(bottom);
        block.render(bottom, buf);
        Paragraph::new(detail_lines(item, usize::from(inner.width), theme))
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

/// The selected item's flags, prompt and distractor table.
fn detail_lines(item: &ItemStat, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let flags: Vec<&str> = item.flags.iter().map(|f| f.word()).collect();
    out.push(Line::styled(
        clip(
            &format!(
                " {} · {} · {} students, {} omitted · DI {} · DE {}{}",
                sanitize_line(&item.kind),
                sanitize_line(&item.category),
                item.students,
                item.omitted,
                item.discrimination_index
                    .map_or_else(|| "–".to_owned(), |x| format!("{x:.0}%")),
                item.discriminative_efficiency
                    .map_or_else(|| "–".to_owned(), |x| format!("{x:.0}%")),
                if flags.is_empty() {
                    String::new()
                } else {
                    format!(" · ⚠ {}", flags.join(", "))
                }
            ),
            width,
        ),
        if flags.is_empty() {
            theme.dim()
        } else {
            theme.warn()
        },
    ));
    if let Some(prompt) = &item.prompt {
        out.push(Line::raw(clip(
            &format!(" {}", sanitize_line(prompt)),
            width,
        )));
    }
    match &item.distractors {
        Some(d) => {
            let label_w = width.saturating_sub(36).clamp(6, 50);
            for o in &d.options {
                let beats = !o.key && d.key_known && beats_one(d, o);
                out.push(Line::from(vec![
                    Span::styled(
                        format!(" {} ", if o.key { "✓ key" } else { "     " }),
                        theme.good(),
                    ),
                    Span::raw(format!(
                        "{} {:>4}",
                        fit(&sanitize_line(&o.label), label_w),
                        o.count
                    )),
                    Span::styled(
                        if beats { "  ← more than the key" } else { "" }.to_owned(),
                        theme.bad(),
                    ),
                ]));
            }
            out.push(Line::styled(
                format!("       {} {:>4}", fit("(no answer)", label_w), d.no_answer),
                theme.dim(),
            ));
            if !d.key_known {
                out.push(Line::styled(
                    " key unknown: no pack and no answer scored 1",
                    theme.dim(),
                ));
            }
        }
        None if !item.answers_given.is_empty() => {
            out.push(Line::styled(
                " Answers given (how many · mean score · answer):",
                theme.title(),
            ));
            let text_w = width.saturating_sub(16).max(6);
            for given in &item.answers_given {
                let style = if given.mean_score >= crate::quiz::Verdict::RIGHT_FROM {
                    theme.good()
                } else {
                    theme.bad()
                };
                let mark = if given.mean_score >= crate::quiz::Verdict::RIGHT_FROM {
                    "✓"
                } else {
                    "✗"
                };
                out.push(Line::from(vec![
                    Span::raw(format!(" {:>4} ", given.count)),
                    Span::styled(format!("{mark} {:.2} ", given.mean_score), style),
                    Span::raw(clip(&given.text, text_w)),
                ]));
            }
        }
        None => out.push(Line::styled(
            " No choice table and no typed answer for this question.",
            theme.dim(),
        )),
    }
    out
}

fn help(area: Rect, buf: &mut Buffer, theme: &Theme) {
    let keys: Vec<String> = CLASS_KEYS
        .help()
        .into_iter()
        .map(|(keys, what)| format!("{keys:<12} {what}"))
        .collect();
    let about = [
        "",
        "Facility: mean score of the students who answered.",
        "Discrimination: correlation of the item's score with",
        "the rest of the student's score. Below 0 (NEG), strong",
        "students did worse: check the key. DIST: a wrong choice",
        "was picked more often than the key.",
    ];
    let lines: Vec<&str> = keys
        .iter()
        .map(String::as_str)
        .chain(about.iter().copied())
        .collect();
    let width = (lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 4) as u16;
    let rect = centered(area, width, lines.len() as u16 + 2);
    Clear.render(rect, buf);
    let block = panel("Help · any key closes", true, theme);
    let inner = block.inner(rect);
    block.render(rect, buf);
    Paragraph::new(
        lines
            .iter()
            .map(|l| Line::raw(format!(" {l}")))
            .collect::<Vec<_>>(),
    )
    .render(inner, buf);
}
