//! Reading one item: its answer kind, weights and skip condition.

use super::condition::condition;
use super::raw::{RawItem, RawKind, RawOption};
use super::{check_id, non_empty, read};
use crate::domain::risk::error::Problem;
use crate::domain::risk::instrument::{AnswerKind, ChoiceOption, Item, MAX_WEIGHT};

pub(super) fn read_item(
    table: toml::Table,
    earlier: &[Item],
    all_ids: &[String],
) -> Result<Item, Problem> {
    let raw: RawItem = read(table)?;
    check_id(&raw.id)?;
    non_empty(&raw.text, "text")?;
    let has_range = raw.min.is_some() || raw.max.is_some();
    let kind = match raw.kind {
        RawKind::YesNo => {
            not_for(
                "yes_no",
                &[("options", raw.options.is_some()), ("min/max", has_range)],
            )?;
            AnswerKind::YesNo {
                weight: weight(raw.weight.unwrap_or(0))?,
            }
        }
        RawKind::Choice => {
            not_for(
                "choice",
                &[("weight", raw.weight.is_some()), ("min/max", has_range)],
            )?;
            AnswerKind::Choice {
                options: options(raw.options.unwrap_or_default())?,
            }
        }
        RawKind::Number => {
            not_for(
                "number",
                &[
                    ("weight", raw.weight.is_some()),
                    ("options", raw.options.is_some()),
                ],
            )?;
            let (min, max) = (raw.min.unwrap_or(0), raw.max.unwrap_or(i64::MAX));
            if min > max {
                return Err(Problem::BadRange { min, max });
            }
            AnswerKind::Number { min, max }
        }
        RawKind::Text => {
            let fields = [
                ("weight", raw.weight.is_some()),
                ("options", raw.options.is_some()),
                ("min/max", has_range),
            ];
            not_for("text", &fields)?;
            AnswerKind::Text
        }
    };
    // Skip logic may only look back: the UI asks items in order, so a
    // condition on a later item could never be known when it is needed.
    let earlier_item = |id: &str| {
        earlier.iter().find(|i| i.id == id).ok_or_else(|| {
            if all_ids.iter().any(|known| known == id) {
                Problem::LaterItem(id.to_string())
            } else {
                Problem::UnknownItem(id.to_string())
            }
        })
    };
    let ask_when = raw
        .ask_when
        .map(|c| condition(c, &earlier_item))
        .transpose()?;
    Ok(Item {
        label: raw.label.unwrap_or_else(|| raw.id.clone()),
        id: raw.id,
        text: raw.text,
        help: raw.help,
        kind,
        ask_when,
        needs_value: raw.needs_value,
    })
}

fn not_for(kind: &'static str, fields: &[(&'static str, bool)]) -> Result<(), Problem> {
    match fields.iter().find(|(_, present)| *present) {
        Some((field, _)) => Err(Problem::FieldNotForKind { field, kind }),
        None => Ok(()),
    }
}

fn weight(weight: i64) -> Result<i64, Problem> {
    // Negative weights would let a later answer hide an earlier risk.
    // Bounded so that no total can overflow: an overflowing sum would wrap
    // to a small number and score a dangerous case as no risk.
    if weight < 0 {
        Err(Problem::NegativeWeight(weight))
    } else if weight > MAX_WEIGHT {
        Err(Problem::WeightTooLarge(weight))
    } else {
        Ok(weight)
    }
}

fn options(raw: Vec<RawOption>) -> Result<Vec<ChoiceOption>, Problem> {
    if raw.is_empty() {
        return Err(Problem::NoOptions);
    }
    let mut options: Vec<ChoiceOption> = Vec::with_capacity(raw.len());
    for option in raw {
        non_empty(&option.label, "label")?;
        if options.iter().any(|o| o.value == option.value) {
            return Err(Problem::DuplicateOption(option.value));
        }
        options.push(ChoiceOption {
            value: option.value,
            label: option.label,
            weight: weight(option.weight)?,
        });
    }
    Ok(options)
}
