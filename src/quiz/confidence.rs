//! How sure a learner said they were before an answer was revealed (certainty-based marking).

/// Asked before the answer is revealed; stored with the answer as `low`, `medium` or `high`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub const ALL: [Confidence; 3] = [Confidence::Low, Confidence::Medium, Confidence::High];

    /// The word stored in the history and shown to the learner.
    pub fn name(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    pub fn from_name(name: &str) -> Option<Confidence> {
        Confidence::ALL.into_iter().find(|c| c.name() == name)
    }

    /// What a learner types: `l`/`m`/`h`, `1`/`2`/`3` or the whole word, any case.
    pub fn parse(text: &str) -> Result<Confidence, NotConfidence> {
        let text = text.trim().to_lowercase();
        match text.as_str() {
            "l" | "1" | "low" => Ok(Confidence::Low),
            "m" | "2" | "medium" => Ok(Confidence::Medium),
            "h" | "3" | "high" => Ok(Confidence::High),
            _ => Err(NotConfidence { typed: text }),
        }
    }
}

/// A typed line that names no confidence (the line as typed, trimmed and lowercased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotConfidence {
    pub typed: String,
}

impl std::fmt::Display for NotConfidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is not a confidence: type l (low), m (medium) or h (high)",
            crate::text::sanitize_line(&self.typed)
        )
    }
}

impl std::error::Error for NotConfidence {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_input_is_forgiving() {
        for c in Confidence::ALL {
            assert_eq!(Confidence::from_name(c.name()), Some(c));
            assert_eq!(Confidence::parse(&c.name().to_uppercase()), Ok(c));
        }
        assert_eq!(Confidence::parse(" h "), Ok(Confidence::High));
        assert_eq!(Confidence::parse("2"), Ok(Confidence::Medium));
        let refused = Confidence::parse(" Sure ").unwrap_err();
        assert_eq!(refused.typed, "sure");
        assert_eq!(
            refused.to_string(),
            "`sure` is not a confidence: type l (low), m (medium) or h (high)"
        );
        assert_eq!(Confidence::from_name("Low"), None);
    }
}
