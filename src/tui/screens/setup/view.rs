//! The quiz setup form: settings, categories and kinds with question counts, packs, and how
//! many questions match.

use super::{Field, Section, Setup, Tick};
use crate::quiz::Mode;
use crate::text::sanitize_line;
use crate::tui::app::App;
use crate::tui::view::cells::{clip, clip_spans, fit};
use crate::tui::view::theme::Theme;
use crate::tui::view::{Hit, list_hit, panel, render_list};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Where each section is drawn (sections not shown at this size are left out), and the
/// line saying how many questions match.
fn layout(setup: &Setup, body: Rect) -> (Vec<(Section, Rect)>, Rect) {
    let settings_h = Field::ALL.len() as u16 + 2;
    let packs_h = setup.packs.len() as u16 + 2;
    let [main, status] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(body);
    if body.width >= 80 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(main);
        // Settings and kinds on the left (whole at 80×24), categories and packs on the right.
        let [settings, kinds] =
            Layout::vertical([Constraint::Length(settings_h), Constraint::Min(3)]).areas(left);
        let [categories, packs] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(packs_h.min(6))]).areas(right);
        (
            vec![
                (Section::Settings, settings),
                (Section::Kinds, kinds),
                (Section::Packs, packs),
                (Section::Categories, categories),
            ],
            status,
        )
    } else {
        // Narrow: the settings and the list being edited (categories by default).
        let list = match setup.section {
            Section::Settings => Section::Categories,
            other => other,
        };
        let [settings, rest] =
            Layout::vertical([Constraint::Length(settings_h), Constraint::Min(3)]).areas(main);
        (vec![(Section::Settings, settings), (list, rest)], status)
    }
}

fn tick_rows(list: &[Tick], counts: Option<&[usize]>, width: usize) -> Vec<Line<'static>> {
    let none = list.iter().all(|t| !t.on);
    list.iter()
        .enumerate()
        .map(|(i, t)| {
            let tick = if t.on {
                "[x]"
            } else if none {
                "[·]"
            } else {
                "[ ]"
            };
            let count = counts
                .and_then(|c| c.get(i))
                .map_or_else(String::new, |n| format!("{n:>4}"));
            let title = fit(
                &sanitize_line(&t.title),
                width.saturating_sub(6 + count.len()),
            );
            Line::raw(format!("{tick} {title} {count}"))
        })
        .collect()
}

pub fn render(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some(setup) = app.setup.as_ref() else {
        return;
    };
    let (sections, status) = layout(setup, body);
    let (per_category, per_kind, total) = setup.counts(&app.packs);
    for (section, area) in sections {
        let focused = setup.section == section;
        let title = match section {
            Section::Categories | Section::Kinds => {
                format!("{} (none ticked = all)", section.title())
            }
            _ => section.title().to_owned(),
        };
        let block = panel(&title, focused, theme);
        let inner = block.inner(area);
        block.render(area, buf);
        let w = usize::from(inner.width);
        match section {
            Section::Settings => {
                let rows: Vec<Line<'static>> = Field::ALL
                    .iter()
                    .map(|f| {
                        let inactive = *f == Field::TimeLimit && setup.mode != Mode::Exam;
                        let value = setup.value(*f);
                        let label = fit(f.label(), 11);
                        let value = clip(&sanitize_line(&value), w.saturating_sub(16));
                        let style = if inactive { theme.dim() } else { theme.title() };
                        Line::from(vec![
                            Span::raw(format!("{label} ")),
                            Span::styled("‹ ", theme.dim()),
                            Span::styled(value, style),
                            Span::styled(" ›", theme.dim()),
                        ])
                    })
                    .collect();
                render_list(rows, focused.then_some(setup.field), inner, buf, theme);
            }
            Section::Packs => render_list(
                tick_rows(&setup.packs, None, w),
                focused.then_some(setup.pack_cursor),
                inner,
                buf,
                theme,
            ),
            Section::Categories => render_list(
                tick_rows(&setup.categories, Some(&per_category), w),
                focused.then_some(setup.category_cursor),
                inner,
                buf,
                theme,
            ),
            Section::Kinds => render_list(
                tick_rows(&setup.kinds, Some(&per_kind), w),
                focused.then_some(setup.kind_cursor),
                inner,
                buf,
                theme,
            ),
        }
    }
    let asked = total.min(setup.count as usize);
    let line = if total == 0 {
        Line::styled(" No question matches: widen the filters.", theme.warn())
    } else {
        clip_spans(
            vec![
                Span::styled(format!(" {total} questions match"), theme.title()),
                Span::raw(format!(
                    " · the quiz asks {asked} · {}{}",
                    setup.mode.name(),
                    if setup.seed.is_empty() {
                        String::new()
                    } else {
                        format!(" · seed {}", setup.seed)
                    }
                )),
                Span::styled(" · Enter starts", theme.key()),
            ],
            usize::from(status.width),
        )
    };
    Paragraph::new(line).render(status, buf);
}

pub fn hit(app: &App, body: Rect, column: u16, row: u16) -> Option<Hit> {
    let setup = app.setup.as_ref()?;
    let (sections, _) = layout(setup, body);
    sections.into_iter().find_map(|(section, area)| {
        let inner = area.inner(Margin::new(1, 1));
        let focused = setup.section == section;
        let (cursor, len) = match section {
            Section::Settings => (setup.field, Field::ALL.len()),
            Section::Packs => (setup.pack_cursor, setup.packs.len()),
            Section::Categories => (setup.category_cursor, setup.categories.len()),
            Section::Kinds => (setup.kind_cursor, setup.kinds.len()),
        };
        list_hit(inner, if focused { cursor } else { 0 }, len, column, row)
            .map(|i| Hit::Setup(section, i))
    })
}
