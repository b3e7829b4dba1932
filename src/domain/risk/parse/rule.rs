//! Reading results, score bands and rules.

use super::condition::condition;
use super::raw::{RawBand, RawResult, RawRule};
use super::{check_id, known_result, level, non_empty, read};
use crate::domain::risk::error::Problem;
use crate::domain::risk::instrument::{Band, Effect, Item, MAX_SCORE, ResultSpec, Rule};

pub(super) fn read_result(
    table: toml::Table,
    earlier: &[ResultSpec],
) -> Result<ResultSpec, Problem> {
    let raw: RawResult = read(table)?;
    check_id(&raw.name)?;
    if earlier.iter().any(|r| r.name == raw.name) {
        return Err(Problem::Duplicate);
    }
    let level = level(&raw.level)?;
    // Severity is the declaration order; a level going down would make
    // "the most severe result" disagree with "the highest level".
    if let Some(previous) = earlier.last().map(|r| r.level).filter(|p| *p > level) {
        return Err(Problem::ResultsOutOfOrder {
            name: raw.name,
            level,
            previous,
        });
    }
    Ok(ResultSpec {
        label: raw.label.unwrap_or_else(|| raw.name.replace('_', " ")),
        name: raw.name,
        level,
        advice: raw.advice,
    })
}

pub(super) fn read_band(
    table: toml::Table,
    earlier: &[Band],
    results: &[ResultSpec],
) -> Result<Band, Problem> {
    let raw: RawBand = read(table)?;
    known_result(&raw.result, results)?;
    if raw.min > MAX_SCORE {
        return Err(Problem::BandTooHigh(raw.min));
    }
    let in_order = match earlier.last() {
        None => raw.min == 0,
        Some(previous) => raw.min > previous.min,
    };
    if !in_order {
        return Err(Problem::BandOrder(raw.min));
    }
    Ok(Band {
        min: raw.min,
        result: raw.result,
    })
}

pub(super) fn read_rule(
    table: toml::Table,
    items: &[Item],
    results: &[ResultSpec],
) -> Result<Rule, Problem> {
    let raw: RawRule = read(table)?;
    check_id(&raw.id)?;
    non_empty(&raw.reason, "reason")?;
    let effect = match (raw.result, raw.floor, raw.suggest_judgement) {
        (Some(result), None, false) => {
            known_result(&result, results)?;
            Effect::Result(result)
        }
        (None, Some(floor), false) => Effect::Floor(level(&floor)?),
        (None, None, true) => Effect::SuggestJudgement,
        _ => return Err(Problem::RuleEffect),
    };
    let any_item = |id: &str| {
        items
            .iter()
            .find(|i| i.id == id)
            .ok_or_else(|| Problem::UnknownItem(id.to_string()))
    };
    let when = condition(raw.when, &any_item)?;
    Ok(Rule {
        id: raw.id,
        when,
        effect,
        reason: raw.reason,
        open_question: raw.open_question,
    })
}
