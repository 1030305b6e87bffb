//! Sessions whose questions are picked one at a time, as answers come in (placement): the
//! [`Adaptive`] rule a [`super::Session`] asks for its next question once every question it
//! holds is answered, and tells of an answer the learner marked right
//! ([`Adaptive::overruled`]), so that what it picks next sees the corrected score. The rule
//! itself lives with the learning model (`crate::learning::placement`); this module only says
//! what a session needs from it, so the quiz stays below the model.

use super::Item;
use crate::pack::Pack;
use std::fmt;

/// Picks a session's next question from what has been answered so far.
pub trait Adaptive: Send + Sync {
    /// The question to ask after `asked` (every question of the session so far, in order,
    /// with its score), or `None` when the session is over. Called once per answered
    /// question, with the list grown by one each time (a resumed session starts with all the
    /// answers it had); called again with the same list when an answer is overruled while
    /// the question it picked is not yet shown, so that question is picked afresh.
    fn next(&mut self, packs: &[Pack], asked: &[(&Item, f64)]) -> Option<Item>;

    /// The answer at position `index` of the session (to `item`), scored `was` when it was
    /// handed to [`Adaptive::next`], now scores `score`: the learner marked it right ("I was
    /// right", [`super::Session::overrule`]). The next question is to be picked from the
    /// corrected score, and [`Adaptive::progress`] to say so. An answer not yet handed to
    /// `next` needs nothing: it comes with its new score. Rules that keep no evidence ignore it.
    fn overruled(&mut self, packs: &[Pack], index: usize, item: &Item, was: f64, score: f64) {
        let _ = (packs, index, item, was, score);
    }

    /// How far it has got, in a few words ("7 of 11 decided").
    fn progress(&self) -> String;

    /// The most questions it will ask.
    fn cap(&self) -> usize;

    fn boxed_clone(&self) -> Box<dyn Adaptive>;
}

/// An [`Adaptive`] rule held by a session (cloned with it; compared by position only, as two
/// sessions at the same questions with the same answers ask the same next question).
pub struct Picker(pub Box<dyn Adaptive>);

impl Clone for Picker {
    fn clone(&self) -> Picker {
        Picker(self.0.boxed_clone())
    }
}

impl fmt::Debug for Picker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Picker").field(&self.0.progress()).finish()
    }
}

impl PartialEq for Picker {
    fn eq(&self, other: &Picker) -> bool {
        self.0.progress() == other.0.progress() && self.0.cap() == other.0.cap()
    }
}
