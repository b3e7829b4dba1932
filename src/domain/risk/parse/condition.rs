//! Reading conditions (`ask_when`, `when`) and the answers written in them.

use super::raw::RawCondition;
use crate::domain::risk::answer::Answer;
use crate::domain::risk::condition::Condition;
use crate::domain::risk::error::Problem;
use crate::domain::risk::instrument::{AnswerKind, Item};

pub(super) fn condition<'i>(
    raw: RawCondition,
    lookup: &dyn Fn(&str) -> Result<&'i Item, Problem>,
) -> Result<Condition, Problem> {
    let RawCondition {
        any_of,
        all_of,
        item,
        is,
        in_set,
        at_least,
    } = raw;
    let leaf_fields = is.is_some() || in_set.is_some() || at_least.is_some();
    match (any_of, all_of, item) {
        (Some(list), None, None) if !leaf_fields => Ok(Condition::AnyOf(conditions(list, lookup)?)),
        (None, Some(list), None) if !leaf_fields => Ok(Condition::AllOf(conditions(list, lookup)?)),
        (None, None, Some(id)) => {
            let target = lookup(&id)?;
            match (is, in_set, at_least) {
                (Some(value), None, None) => Ok(Condition::AnswerIn {
                    answers: vec![literal(target, &value)?],
                    item: id,
                }),
                (None, Some(values), None) => {
                    if values.is_empty() {
                        return Err(Problem::BadCondition("`in` needs at least one answer"));
                    }
                    let answers = values
                        .iter()
                        .map(|v| literal(target, v))
                        .collect::<Result<_, _>>()?;
                    Ok(Condition::AnswerIn { item: id, answers })
                }
                (None, None, Some(value)) => match target.kind {
                    AnswerKind::Choice { .. } | AnswerKind::Number { .. } => {
                        Ok(Condition::AtLeast { item: id, value })
                    }
                    _ => Err(Problem::NotNumeric(id)),
                },
                _ => Err(Problem::BadCondition(
                    "a condition on `item` needs exactly one of `is`, `in` or `at_least`",
                )),
            }
        }
        _ => Err(Problem::BadCondition(
            "a condition needs exactly one of `any_of`, `all_of` or `item` (with `is`, `in` or `at_least`)",
        )),
    }
}

fn conditions<'i>(
    list: Vec<RawCondition>,
    lookup: &dyn Fn(&str) -> Result<&'i Item, Problem>,
) -> Result<Vec<Condition>, Problem> {
    if list.is_empty() {
        return Err(Problem::BadCondition(
            "`any_of` and `all_of` need at least one condition",
        ));
    }
    list.into_iter().map(|c| condition(c, lookup)).collect()
}

/// An answer as written in a condition: a word or a number, checked against
/// the kind of the item it tests so a typo cannot make a rule that never fires.
fn literal(item: &Item, value: &toml::Value) -> Result<Answer, Problem> {
    let answer = match value {
        toml::Value::String(word) => Answer::from_word(word),
        toml::Value::Integer(n) => Some(Answer::Value(*n)),
        _ => None,
    };
    match answer {
        Some(answer) if item.kind.accepts(&answer) => Ok(answer),
        _ => Err(Problem::UnknownAnswer {
            item: item.id.clone(),
            answer: value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_string),
            expected: item.kind.expected(),
        }),
    }
}
