//! Counts of a pack's questions by category, kind and difficulty (`skillgap pack stats`).

use super::model::{Difficulty, KindName, Pack};
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub questions: usize,
    /// Per category id, in pack order.
    pub categories: Vec<(String, usize)>,
    /// Per kind, every kind listed.
    pub kinds: Vec<(KindName, usize)>,
    pub difficulty: Vec<(Difficulty, usize)>,
}

impl Stats {
    pub fn of(pack: &Pack) -> Stats {
        let count = |pred: &dyn Fn(&super::Question) -> bool| {
            pack.questions.iter().filter(|q| pred(q)).count()
        };
        Stats {
            questions: pack.questions.len(),
            categories: pack
                .categories
                .iter()
                .map(|c| (c.id.clone(), pack.questions_in(&c.id).count()))
                .collect(),
            kinds: KindName::ALL
                .into_iter()
                .map(|k| (k, count(&|q| q.kind.name() == k)))
                .collect(),
            difficulty: Difficulty::ALL
                .into_iter()
                .map(|d| (d, count(&|q| q.difficulty == d)))
                .collect(),
        }
    }

    /// `{"questions": N, "categories": {...}, "kinds": {...}, "difficulty": {...}}`
    pub fn to_json(&self) -> Value {
        let categories: Map<String, Value> = self
            .categories
            .iter()
            .map(|(id, n)| (id.clone(), json!(n)))
            .collect();
        let kinds: Map<String, Value> = self
            .kinds
            .iter()
            .map(|(k, n)| (k.name().to_owned(), json!(n)))
            .collect();
        let difficulty: Map<String, Value> = self
            .difficulty
            .iter()
            .map(|(d, n)| (d.name().to_owned(), json!(n)))
            .collect();
        json!({
            "questions": self.questions,
            "categories": categories,
            "kinds": kinds,
            "difficulty": difficulty,
        })
    }

    /// A small table for people.
    pub fn to_text(&self, pack: &Pack) -> String {
        let mut out = format!(
            "{} {} ({}): {} questions\n\nby category\n",
            crate::text::sanitize_line(&pack.meta.id),
            crate::text::sanitize_line(&pack.meta.version),
            crate::text::sanitize_line(&pack.meta.title),
            self.questions
        );
        let width = self
            .categories
            .iter()
            .map(|(id, _)| id.len())
            .max()
            .unwrap_or(0)
            .max(10);
        for (id, n) in &self.categories {
            out.push_str(&format!("  {id:<width$} {n:>6}\n"));
        }
        out.push_str("\nby kind\n");
        for (kind, n) in &self.kinds {
            out.push_str(&format!("  {:<width$} {n:>6}\n", kind.name()));
        }
        out.push_str("\nby difficulty\n");
        for (difficulty, n) in &self.difficulty {
            out.push_str(&format!("  {:<width$} {n:>6}\n", difficulty.name()));
        }
        out
    }
}
