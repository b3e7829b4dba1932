//! One recorded answer to one item of an instrument.

use serde::{Deserialize, Serialize};

/// An answer as the worker records it. Stored as JSON: `"yes"`, `"dont_know"`,
/// `{"value": 3}`, `{"text": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    DontKnow,
    Refused,
    /// A number, or the value of the chosen option of a choice item.
    Value(i64),
    /// Free text (never scored, never repeated in explanations).
    Text(String),
}

impl Answer {
    /// The word an instrument file uses for this answer in conditions, if it
    /// has one (numbers are written as numbers, free text cannot be written).
    pub fn word(&self) -> Option<&'static str> {
        match self {
            Answer::Yes => Some("yes"),
            Answer::No => Some("no"),
            Answer::DontKnow => Some("dont_know"),
            Answer::Refused => Some("refused"),
            Answer::Value(_) | Answer::Text(_) => None,
        }
    }

    /// The answer an instrument file means by `word`.
    pub fn from_word(word: &str) -> Option<Answer> {
        match word {
            "yes" => Some(Answer::Yes),
            "no" => Some(Answer::No),
            "dont_know" => Some(Answer::DontKnow),
            "refused" => Some(Answer::Refused),
            _ => None,
        }
    }

    /// Don't know and refused: the question stays open, and by default it
    /// never scores.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Answer::DontKnow | Answer::Refused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_json_is_stable() {
        let cases = [
            (Answer::Yes, r#""yes""#),
            (Answer::No, r#""no""#),
            (Answer::DontKnow, r#""dont_know""#),
            (Answer::Refused, r#""refused""#),
            (Answer::Value(3), r#"{"value":3}"#),
            (
                Answer::Text("by the river".into()),
                r#"{"text":"by the river"}"#,
            ),
        ];
        for (answer, json) in cases {
            assert_eq!(serde_json::to_string(&answer).unwrap(), json);
            assert_eq!(serde_json::from_str::<Answer>(json).unwrap(), answer);
        }
    }

    #[test]
    fn words_round_trip() {
        for answer in [Answer::Yes, Answer::No, Answer::DontKnow, Answer::Refused] {
            let word = answer.word().unwrap();
            assert_eq!(Answer::from_word(word), Some(answer));
        }
        assert_eq!(Answer::from_word("maybe"), None);
    }
}
