//! The small expression language that instrument files use to say when an
//! item is asked and when a rule fires.

use super::answer::Answer;
use std::collections::BTreeMap;

/// Answers keyed by item id. Only answers to items that are currently asked
/// should be given to a condition; `scoring` takes care of that.
pub type Answers = BTreeMap<String, Answer>;

/// A test on earlier answers. A missing answer matches nothing, so an item
/// that was skipped can never make a condition true.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// At least one of the conditions holds.
    AnyOf(Vec<Condition>),
    /// Every condition holds.
    AllOf(Vec<Condition>),
    /// The item's answer is one of these (`is = "yes"` is a set of one).
    AnswerIn { item: String, answers: Vec<Answer> },
    /// The item's answer is a number at least this large.
    AtLeast { item: String, value: i64 },
}

impl Condition {
    /// Whether the condition holds for these answers.
    pub fn holds(&self, answers: &Answers) -> bool {
        self.cited(answers).is_some()
    }

    /// When the condition holds, the items whose answers made it hold, so an
    /// explanation can name them. Every matching branch of an `any_of` is
    /// cited, not only the first, so the worker sees all the reasons.
    pub fn cited(&self, answers: &Answers) -> Option<Vec<String>> {
        match self {
            Condition::AnyOf(all) => {
                let cited: Vec<String> = all
                    .iter()
                    .filter_map(|c| c.cited(answers))
                    .flatten()
                    .collect();
                (!cited.is_empty()).then_some(cited)
            }
            Condition::AllOf(all) => {
                let mut cited = Vec::new();
                for condition in all {
                    cited.extend(condition.cited(answers)?);
                }
                Some(cited)
            }
            Condition::AnswerIn { item, answers: set } => {
                let given = answers.get(item)?;
                set.contains(given).then(|| vec![item.clone()])
            }
            Condition::AtLeast { item, value } => match answers.get(item)? {
                Answer::Value(n) if n >= value => Some(vec![item.clone()]),
                _ => None,
            },
        }
    }

    /// Every item id the condition refers to, in the order written.
    pub fn items(&self) -> Vec<&str> {
        match self {
            Condition::AnyOf(all) | Condition::AllOf(all) => {
                all.iter().flat_map(|c| c.items()).collect()
            }
            Condition::AnswerIn { item, .. } | Condition::AtLeast { item, .. } => {
                vec![item.as_str()]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn is(item: &str, set: &[Answer]) -> Condition {
        Condition::AnswerIn {
            item: item.into(),
            answers: set.to_vec(),
        }
    }

    #[test]
    fn leaves_and_combinators() {
        let given = answers(&[
            ("a", Answer::Yes),
            ("b", Answer::Refused),
            ("n", Answer::Value(3)),
        ]);
        let cases: Vec<(Condition, Option<Vec<&str>>)> = vec![
            (is("a", &[Answer::Yes]), Some(vec!["a"])),
            (is("a", &[Answer::No]), None),
            (is("missing", &[Answer::No, Answer::DontKnow]), None),
            (
                Condition::AtLeast {
                    item: "n".into(),
                    value: 3,
                },
                Some(vec!["n"]),
            ),
            (
                Condition::AtLeast {
                    item: "n".into(),
                    value: 4,
                },
                None,
            ),
            (
                Condition::AtLeast {
                    item: "a".into(),
                    value: 0,
                },
                None,
            ),
            (
                Condition::AnyOf(vec![
                    is("a", &[Answer::Yes]),
                    is("b", &[Answer::Yes, Answer::Refused]),
                ]),
                Some(vec!["a", "b"]),
            ),
            (
                Condition::AnyOf(vec![is("a", &[Answer::No]), is("b", &[Answer::No])]),
                None,
            ),
            (Condition::AnyOf(vec![]), None),
            (
                Condition::AllOf(vec![is("a", &[Answer::Yes]), is("b", &[Answer::Refused])]),
                Some(vec!["a", "b"]),
            ),
            (
                Condition::AllOf(vec![is("a", &[Answer::Yes]), is("b", &[Answer::No])]),
                None,
            ),
        ];
        for (condition, expected) in cases {
            let expected = expected.map(|v| v.into_iter().map(String::from).collect::<Vec<_>>());
            assert_eq!(condition.cited(&given), expected, "{condition:?}");
            assert_eq!(condition.holds(&given), expected.is_some());
        }
    }

    #[test]
    fn lists_referenced_items() {
        let c = Condition::AnyOf(vec![
            is("a", &[Answer::Yes]),
            Condition::AllOf(vec![is("b", &[]), is("c", &[])]),
        ]);
        assert_eq!(c.items(), vec!["a", "b", "c"]);
    }
}
