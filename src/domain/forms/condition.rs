//! Conditions that show a section or field, or make a field required,
//! depending on earlier answers.
//!
//! Conditions may only look back: a field's condition reads fields above it.
//! That keeps one top-to-bottom pass enough to decide what is shown, and an
//! answer can never hide the question that led to it.

use serde::Serialize;

use super::error::Problem;
use super::model::{Field, FieldKind};
use super::raw::RawCondition;
use super::value::{FieldValue, YesNoDk};

/// A test on earlier answers. Answers of hidden fields count as empty, so a
/// condition on a hidden field holds only for `answered = false`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The answer is (or, for several choices, includes) one of `values`.
    /// A `flag = "..."` test is stored as the options carrying the flag.
    AnyOf { field: String, values: Vec<String> },
    /// The field is answered and the answer includes none of `values`.
    NoneOf { field: String, values: Vec<String> },
    /// The number answered is within the inclusive bounds.
    Range {
        field: String,
        min: Option<i64>,
        max: Option<i64>,
    },
    /// The field is (or is not) answered.
    Answered { field: String, answered: bool },
    /// At least one of the conditions holds.
    Any(Vec<Condition>),
    /// Every condition holds.
    All(Vec<Condition>),
}

impl Condition {
    /// Whether the condition holds, reading answers through `value_of`,
    /// which gives `None` for fields that are unanswered or hidden.
    pub fn holds<'a>(&self, value_of: &dyn Fn(&str) -> Option<&'a FieldValue>) -> bool {
        match self {
            Condition::AnyOf { field, values } => {
                value_of(field).is_some_and(|v| matches(v, values))
            }
            Condition::NoneOf { field, values } => {
                value_of(field).is_some_and(|v| !v.is_empty() && !matches(v, values))
            }
            Condition::Range { field, min, max } => match value_of(field) {
                Some(FieldValue::Number(n)) => {
                    min.is_none_or(|min| *n >= min) && max.is_none_or(|max| *n <= max)
                }
                _ => false,
            },
            Condition::Answered { field, answered } => {
                value_of(field).is_some_and(|v| !v.is_empty()) == *answered
            }
            Condition::Any(all) => all.iter().any(|c| c.holds(value_of)),
            Condition::All(all) => all.iter().all(|c| c.holds(value_of)),
        }
    }
}

fn matches(value: &FieldValue, values: &[String]) -> bool {
    match value {
        FieldValue::Choice(id) => values.contains(id),
        FieldValue::Choices(ids) => ids.iter().any(|id| values.contains(id)),
        FieldValue::YesNoDk(v) => values.iter().any(|x| x == v.as_str()),
        _ => false,
    }
}

/// What a condition being built may refer to.
pub(super) struct Scope<'a> {
    /// Fields above the place the condition is written, in form order.
    pub earlier: Vec<&'a Field>,
    /// Ids of every field in the file, to tell "later" from "unknown".
    pub all_ids: &'a [String],
}

impl Scope<'_> {
    fn field(&self, id: &str) -> Result<&Field, Problem> {
        match self.earlier.iter().find(|f| f.id == id) {
            Some(f) => Ok(f),
            None if self.all_ids.iter().any(|known| known == id) => {
                Err(Problem::ConditionNotEarlier(id.to_string()))
            }
            None => Err(Problem::ConditionUnknownField(id.to_string())),
        }
    }
}

/// Checks a written condition against the fields it may refer to.
pub(super) fn build(raw: RawCondition, scope: &Scope<'_>) -> Result<Condition, Problem> {
    let RawCondition {
        field,
        any_of,
        none_of,
        flag,
        min,
        max,
        answered,
        any,
        all,
    } = raw;
    let tests = [
        any_of.is_some(),
        none_of.is_some(),
        flag.is_some(),
        min.is_some() || max.is_some(),
        answered.is_some(),
    ]
    .into_iter()
    .filter(|&t| t)
    .count();

    let Some(field_id) = field else {
        return match (any, all, tests) {
            (Some(list), None, 0) if !list.is_empty() => {
                Ok(Condition::Any(build_all(list, scope)?))
            }
            (None, Some(list), 0) if !list.is_empty() => {
                Ok(Condition::All(build_all(list, scope)?))
            }
            _ => Err(Problem::ConditionShape),
        };
    };
    if tests != 1 || any.is_some() || all.is_some() {
        return Err(Problem::ConditionShape);
    }
    let target = scope.field(&field_id)?;
    let wrong_kind = |test| Problem::ConditionWrongKind {
        test,
        field: field_id.clone(),
        kind: target.kind.name(),
    };

    if let Some(values) = any_of {
        check_values(target, &values, "any_of")?;
        return Ok(Condition::AnyOf {
            field: field_id,
            values,
        });
    }
    if let Some(values) = none_of {
        check_values(target, &values, "none_of")?;
        return Ok(Condition::NoneOf {
            field: field_id,
            values,
        });
    }
    if let Some(flag) = flag {
        let choices = target.kind.choices().ok_or_else(|| wrong_kind("flag"))?;
        let values: Vec<String> = choices
            .options
            .iter()
            .filter(|o| o.has_flag(&flag))
            .map(|o| o.id.clone())
            .collect();
        if values.is_empty() {
            return Err(Problem::ConditionUnknownFlag {
                field: field_id,
                flag,
            });
        }
        return Ok(Condition::AnyOf {
            field: field_id,
            values,
        });
    }
    if let Some(answered) = answered {
        return Ok(Condition::Answered {
            field: field_id,
            answered,
        });
    }
    if !matches!(target.kind, FieldKind::Number { .. }) {
        return Err(wrong_kind("min/max"));
    }
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        return Err(Problem::MinAboveMax { min, max });
    }
    Ok(Condition::Range {
        field: field_id,
        min,
        max,
    })
}

fn build_all(list: Vec<RawCondition>, scope: &Scope<'_>) -> Result<Vec<Condition>, Problem> {
    list.into_iter().map(|c| build(c, scope)).collect()
}

/// Checks that every value of an `any_of` / `none_of` test can be answered.
fn check_values(target: &Field, values: &[String], test: &'static str) -> Result<(), Problem> {
    if values.is_empty() {
        return Err(Problem::ConditionShape);
    }
    let known = |value: &str| match &target.kind {
        FieldKind::YesNoDk => YesNoDk::from_id(value).is_some(),
        kind => kind.choices().is_some_and(|c| c.option(value).is_some()),
    };
    if target.kind.choices().is_none() && target.kind != FieldKind::YesNoDk {
        return Err(Problem::ConditionWrongKind {
            test,
            field: target.id.clone(),
            kind: target.kind.name(),
        });
    }
    match values.iter().find(|v| !known(v)) {
        Some(value) => Err(Problem::ConditionUnknownValue {
            field: target.id.clone(),
            value: value.clone(),
        }),
        None => Ok(()),
    }
}
