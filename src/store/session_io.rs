//! Between a quiz [`Session`] and the store's records: the new session and each answer given
//! as the store keeps them, and a stored session with its answers as a session resumes
//! from. Here, in the store, so that `quiz` never imports the store.

use super::{AnswerRecord, NewAnswer, NewSession, PackRef, SessionRecord};
use crate::pack::{Pack, Question};
use crate::quiz::{Given, Mode, Plan, Response, Session, StoredAnswer, StoredSession};

impl NewAnswer {
    /// What the store keeps of `given`, an answer to `question` of the pack `pack` refers to.
    pub fn given(pack: PackRef, question: &Question, given: &Given) -> NewAnswer {
        NewAnswer {
            pack,
            question_id: question.id.clone(),
            category: question.category.clone(),
            kind: question.kind.name(),
            difficulty: question.difficulty,
            response: given.response.clone(),
            score: given.score,
            confidence: given.confidence,
            time_taken_ms: given.time_taken_ms,
            content_hash: question.content_hash(),
            answered_at_ms: given.answered_at_ms,
        }
    }
}

impl NewSession {
    /// `plan` as the store keeps it, started at `started_at_ms`; `refs` are the references of
    /// `packs` (same order), computed once since hashing a pack takes milliseconds.
    pub fn planned(
        plan: &Plan,
        packs: &[Pack],
        refs: &[PackRef],
        started_at_ms: i64,
    ) -> NewSession {
        NewSession {
            mode: plan.mode,
            seed: plan.seed,
            filters_json: plan.filters_json.clone(),
            packs: plan
                .pack_indices()
                .iter()
                .filter_map(|&i| refs.get(i).cloned())
                .collect(),
            question_ids: plan.question_ids(packs),
            time_limit_secs: plan.time_limit_ms.map(|ms| ms / 1000),
            profile: plan.profile.clone(),
            started_at_ms,
        }
    }
}

impl SessionRecord {
    /// The session's mode (practice when the stored name is unknown).
    pub fn quiz_mode(&self) -> Mode {
        self.mode
    }

    /// This stored session with its `answers`, resumed among `packs` at `now_ms` (see
    /// [`Session::resume`]).
    pub fn resume(&self, packs: &[Pack], answers: &[AnswerRecord], now_ms: i64) -> Session {
        let stored = StoredSession {
            mode: self.quiz_mode(),
            seed: self.seed,
            filters_json: &self.filters_json,
            pack_ids: self.pack_ids(),
            question_ids: &self.question_ids,
            time_limit_secs: self.time_limit_secs,
            profile: self.profile.as_deref(),
            started_at_ms: self.started_at_ms,
        };
        Session::resume(packs, &stored, answers.iter().map(stored_answer), now_ms)
    }

    /// A retake of what this session missed, by its stored `answers`, planned with `seed`.
    pub fn retake(
        &self,
        packs: &[Pack],
        answers: &[AnswerRecord],
        seed: u64,
    ) -> Result<Plan, crate::quiz::NothingToRetake> {
        let given: Vec<(&str, &str, f64)> = answers
            .iter()
            .map(|a| {
                (
                    a.pack.id.as_str(),
                    a.question_id.as_str(),
                    a.counted_score(),
                )
            })
            .collect();
        Plan::retake(
            packs,
            &given,
            Some(self.id),
            self.quiz_mode(),
            self.profile.clone(),
            seed,
        )
    }
}

fn stored_answer(answer: &AnswerRecord) -> StoredAnswer<'_> {
    StoredAnswer {
        pack_id: &answer.pack.id,
        question_id: &answer.question_id,
        response: Response::from_json(&answer.response_json),
        score: answer.score,
        time_taken_ms: answer.time_taken_ms,
        overridden: answer.overridden,
    }
}
