//! Tests of [`super::Session`]: answering, deadlines, resume, retake, adaptive sessions.
use super::*;
use crate::quiz::{Filters, plan, plan_of};

fn packs() -> Vec<Pack> {
    vec![crate::pack::load_bundled().unwrap()]
}

fn new_plan(packs: &[Pack], mode: Mode, limit: Option<u64>) -> Plan {
    Plan {
        items: plan(packs, &Filters::default(), Some(4), 5),
        mode,
        seed: 5,
        filters_json: "{}".to_owned(),
        time_limit_ms: limit,
        profile: None,
    }
}

#[test]
fn answering_stays_on_the_question_until_advanced_then_ends() {
    let packs = packs();
    let mut session = Session::new(new_plan(&packs, Mode::Practice, None), 1_000);
    for i in 0..4 {
        assert_eq!(session.index(), i);
        let shown = 1_000 * (i as i64 + 1);
        let Answer::Counted(given) = session.skip(&packs, shown + 500 + i as i64) else {
            panic!("counted");
        };
        assert_eq!((given.index, given.score), (i, 0.0));
        assert_eq!(given.time_taken_ms, 500 + i as u64);
        assert_eq!(session.index(), i, "feedback is on the answered question");
        assert_eq!(
            session.skip(&packs, shown + 900),
            Answer::Nothing,
            "answered once"
        );
        assert_eq!(session.advance(shown + 1_000), i < 3);
    }
    assert!(session.is_over());
    assert_eq!((session.answered(), session.missed()), (4, 4));
    assert!(!session.score_withheld());
}

#[test]
fn past_the_deadline_an_answer_is_late_and_the_rest_time_out() {
    let packs = packs();
    let mut session = Session::new(new_plan(&packs, Mode::Exam, Some(60_000)), 0);
    assert!(session.score_withheld());
    assert!(!session.kept_when_left(), "kept with its first answer");
    assert!(matches!(session.skip(&packs, 10), Answer::Counted(_)));
    session.advance(10);
    assert_eq!(session.time_out_if_due(59_999), None);
    let Answer::Late(rest) = session.skip(&packs, 60_000) else {
        panic!("late");
    };
    assert_eq!(
        rest.iter().map(|g| g.index).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(
        rest.iter().map(|g| g.response.clone()).collect::<Vec<_>>(),
        vec![
            Response::TimedOut,
            Response::NotReached,
            Response::NotReached
        ],
        "only the question on screen was seen"
    );
    assert!(rest.iter().all(|g| g.score == 0.0));
    assert!(session.is_over() && session.timed_out());
    assert_eq!(session.time_out_if_due(70_000), None, "only once");
}

#[test]
fn a_resumed_session_is_the_whole_session_with_its_answers_in_place() {
    let packs = packs();
    let plan = new_plan(&packs, Mode::Practice, Some(600_000));
    let ids = plan.question_ids(&packs);
    let first = Session::new(plan.clone(), 0);
    let pack_id = packs[0].meta.id.as_str();
    let mut stored_ids = ids.clone();
    stored_ids.push("no-longer-here".to_owned());
    let stored = StoredSession {
        mode: Mode::Practice,
        seed: 5,
        filters_json: "{}",
        pack_ids: vec![pack_id],
        question_ids: &stored_ids,
        time_limit_secs: Some(600),
        profile: None,
        started_at_ms: 0,
    };
    let answers = [ids[1].as_str(), ids[0].as_str()].map(|id| StoredAnswer {
        pack_id,
        question_id: id,
        response: None,
        score: 1.0,
        time_taken_ms: 3,
        overridden: false,
    });
    let resumed = Session::resume(&packs, &stored, answers, 5_000);
    assert_eq!(
        resumed.items(),
        first.items(),
        "same questions, order, choices"
    );
    assert_eq!((resumed.index(), resumed.answered()), (2, 2));
    assert_eq!(resumed.total_score(), 2.0);
    assert_eq!(resumed.left_out(), 1);
    assert_eq!(
        resumed.deadline_ms(),
        Some(600_000),
        "the clock kept running"
    );
    assert_eq!(
        resumed.results()[0].as_ref().map(|a| &a.response),
        Some(&Response::Skipped),
        "an unreadable stored response counts as skipped"
    );
}

#[test]
fn only_a_typed_answer_marked_wrong_may_be_overruled_once() {
    let packs = packs();
    let typed = |kind: crate::pack::KindName| Filters {
        kinds: vec![kind],
        ..Filters::default()
    };
    let shorts = plan(&packs, &typed(crate::pack::KindName::Short), Some(2), 5);
    let singles = plan(&packs, &typed(crate::pack::KindName::Single), Some(1), 5);
    let items: Vec<Item> = shorts.into_iter().chain(singles).collect();
    let mut session = Session::new(
        Plan {
            items,
            ..new_plan(&packs, Mode::Practice, None)
        },
        0,
    );
    let wrong = Response::Text {
        text: "certainly not this".to_owned(),
    };
    session.answer(&packs, wrong.clone(), None, 1);
    assert_eq!(session.missed(), 3);
    let overruled = session.override_current(&packs).unwrap();
    assert_eq!((overruled.index, overruled.was), (0, 0.0));
    let question = session.items()[0].question(&packs).unwrap();
    assert_eq!(overruled.question_id, question.id);
    let answered = session.current_answer().unwrap();
    assert!(answered.overridden && answered.score == 1.0);
    assert_eq!(answered.response, wrong, "what was typed is kept");
    assert_eq!((session.total_score(), session.missed()), (1.0, 2));
    assert_eq!(session.override_current(&packs), None, "once");
    // A skip, a choice and an unanswered slot may not be overruled.
    session.advance(2);
    assert_eq!(session.overrule(&packs, 1), None, "not answered yet");
    session.skip(&packs, 3);
    assert_eq!(session.override_current(&packs), None, "a skip");
    session.advance(4);
    session.answer(&packs, Response::Choices { picked: vec![9] }, None, 5);
    assert_eq!(session.override_current(&packs), None, "a choice");
    assert_eq!(session.total_score(), 1.0);
    // A retake leaves out the answer marked right.
    let retake = session.retake(&packs, None, 1).unwrap();
    assert_eq!(retake.items.len(), 2, "the overruled answer is not retaken");
}

#[test]
fn a_retake_asks_what_was_missed_once_in_order() {
    let packs = packs();
    let singles = Filters {
        kinds: vec![crate::pack::KindName::Single],
        ..Filters::default()
    };
    let plan = Plan {
        items: plan(&packs, &singles, Some(4), 5),
        ..new_plan(&packs, Mode::Exam, None)
    };
    let mut session = Session::new(plan, 0);
    for i in 0..4 {
        let item = session.current().unwrap().clone();
        let crate::pack::Kind::Single { answer, .. } = item.question(&packs).unwrap().kind else {
            panic!("single");
        };
        let response = if i % 2 == 0 {
            Response::Choices {
                picked: vec![answer],
            }
        } else {
            Response::Choices {
                picked: vec![(answer + 1) % item.order.len()],
            }
        };
        session.answer(&packs, response, None, 1);
        session.advance(1);
    }
    assert_eq!(session.missed(), 2);
    let plan = session.retake(&packs, Some(4), 9).unwrap();
    let expected: Vec<(usize, usize)> = [1, 3]
        .map(|i| (session.items()[i].pack, session.items()[i].question))
        .to_vec();
    let got: Vec<(usize, usize)> = plan.items.iter().map(|i| (i.pack, i.question)).collect();
    assert_eq!(got, expected);
    assert_eq!(plan.mode, Mode::Exam);
    assert_eq!(
        SessionKind::of("exam", &plan.filters_json),
        SessionKind::Retake { of: Some(4) }
    );
}

/// Asks the pack's questions in pack order, `cap` of them, skipping what was asked.
#[derive(Debug, Clone)]
struct InOrder {
    cap: usize,
    calls: Vec<usize>,
}

impl Adaptive for InOrder {
    fn next(&mut self, packs: &[Pack], asked: &[(&Item, f64)]) -> Option<Item> {
        self.calls.push(asked.len());
        if asked.len() >= self.cap {
            return None;
        }
        let question = (0..).find(|q| !asked.iter().any(|(i, _)| i.question == *q))?;
        plan_of(packs, &[(0, question)], 1).pop()
    }
    fn progress(&self) -> String {
        format!("{} calls", self.calls.len())
    }
    fn cap(&self) -> usize {
        self.cap
    }
    fn boxed_clone(&self) -> Box<dyn Adaptive> {
        Box::new(self.clone())
    }
}

fn placement_plan() -> Plan {
    Plan {
        items: Vec::new(),
        mode: Mode::Exam,
        seed: 1,
        filters_json: r#"{"placement":{}}"#.to_owned(),
        time_limit_ms: None,
        profile: None,
    }
}

#[test]
fn an_adaptive_session_grows_one_question_per_answer_until_its_picker_stops() {
    let packs = packs();
    let picker = InOrder {
        cap: 3,
        calls: Vec::new(),
    };
    let mut session = Session::adaptive(placement_plan(), Box::new(picker), &packs, 0);
    assert_eq!(*session.kind(), SessionKind::Placement);
    assert_eq!((session.items().len(), session.planned()), (1, 3));
    assert_eq!(session.position_words(), "1 of at most 3");
    for n in 1..=3 {
        assert!(matches!(session.skip(&packs, n), Answer::Counted(_)));
        assert_eq!(session.advance(n), n < 3, "question {n}");
    }
    assert!(session.is_over());
    let asked: Vec<usize> = session.items().iter().map(|i| i.question).collect();
    assert_eq!(asked, vec![0, 1, 2]);
    assert_eq!(session.progress_line().as_deref(), Some("4 calls"));
}

#[test]
fn a_resumed_adaptive_session_holds_what_it_asked_and_goes_on_once_attached() {
    let packs = packs();
    let pack_id = packs[0].meta.id.as_str();
    let ids: Vec<String> = [4, 2].map(|q| packs[0].questions[q].id.clone()).to_vec();
    let stored = StoredSession {
        mode: Mode::Exam,
        seed: 1,
        filters_json: r#"{"placement":{}}"#,
        pack_ids: vec![pack_id],
        // Only the first question is planned when a placement is stored.
        question_ids: &ids[..1],
        time_limit_secs: None,
        profile: None,
        started_at_ms: 0,
    };
    let answers = ids.iter().map(|id| StoredAnswer {
        pack_id,
        question_id: id,
        response: Some(Response::Skipped),
        score: 0.0,
        time_taken_ms: 1,
        overridden: false,
    });
    let mut session = Session::resume(&packs, &stored, answers, 10);
    assert_eq!(session.answered(), 2, "both answers in their slots");
    assert!(session.is_over(), "nothing left until the picker is back");
    session.attach(
        Box::new(InOrder {
            cap: 3,
            calls: Vec::new(),
        }),
        &packs,
        10,
    );
    assert!(!session.is_over());
    assert_eq!(
        (session.index(), session.current().map(|i| i.question)),
        (2, Some(0))
    );
    assert_eq!(session.position_words(), "3 of at most 3");
}
