//! Reading an instrument from TOML text and checking it before any worker
//! sees it: an instrument with a dangling reference would silently mis-score.
//!
//! The file is read in two steps. The top level is deserialised with its
//! sections (items, results, bands, rules) kept as plain tables; each table is
//! then read on its own, so that any error, even an unknown field, can name
//! the item or rule it is in.

mod condition;
mod item;
mod raw;
mod rule;

use super::error::{InstrumentError, Place, Problem};
use super::instrument::{Band, Instrument, Item, MAX_SCORE, ResultSpec, Rule};
use crate::domain::RiskLevel;
use raw::RawInstrument;
use serde::de::DeserializeOwned;

/// See [`Instrument::parse`].
pub(super) fn parse(file: &str, text: &str) -> Result<Instrument, InstrumentError> {
    let fail = |place: Place, problem: Problem| InstrumentError::Invalid {
        file: file.to_string(),
        place,
        problem,
    };
    let raw: RawInstrument = toml::from_str(text).map_err(|e| {
        let place = e
            .span()
            .map_or(Place::Instrument, |s| Place::Line(line_of(text, s.start)));
        fail(place, Problem::Malformed(e.message().trim().to_string()))
    })?;

    check_id(&raw.id).map_err(|p| fail(Place::Instrument, p))?;
    let version = u32::try_from(raw.version)
        .ok()
        .filter(|v| *v >= 1)
        .ok_or_else(|| fail(Place::Instrument, Problem::BadVersion(raw.version)))?;
    non_empty(&raw.title, "title").map_err(|p| fail(Place::Instrument, p))?;
    non_empty(&raw.credit, "credit").map_err(|p| fail(Place::Instrument, p))?;
    if raw.items.is_empty() {
        return Err(fail(Place::Instrument, Problem::Missing("item")));
    }
    if raw.results.is_empty() {
        return Err(fail(Place::Instrument, Problem::Missing("result")));
    }

    // Every id up front, to tell a reference to a later item from a typo.
    let item_names: Vec<String> = raw
        .items
        .iter()
        .enumerate()
        .map(|(n, t)| name_of(t, "id", n))
        .collect();
    let mut items: Vec<Item> = Vec::with_capacity(raw.items.len());
    for (table, name) in raw.items.into_iter().zip(&item_names) {
        let place = || Place::Item(name.clone());
        let item = item::read_item(table, &items, &item_names).map_err(|p| fail(place(), p))?;
        if items.iter().any(|i| i.id == item.id) {
            return Err(fail(place(), Problem::Duplicate));
        }
        items.push(item);
    }
    let most = items
        .iter()
        .try_fold(0i64, |total, item| total.checked_add(item.max_points()));
    if most.is_none_or(|m| m > MAX_SCORE) {
        return Err(fail(Place::Instrument, Problem::ScoreTooLarge));
    }

    let mut results: Vec<ResultSpec> = Vec::with_capacity(raw.results.len());
    for (n, table) in raw.results.into_iter().enumerate() {
        let place = Place::Result(name_of(&table, "name", n));
        let result = rule::read_result(table, &results).map_err(|p| fail(place, p))?;
        results.push(result);
    }

    let mut bands: Vec<Band> = Vec::with_capacity(raw.bands.len());
    for (n, table) in raw.bands.into_iter().enumerate() {
        let band =
            rule::read_band(table, &bands, &results).map_err(|p| fail(Place::Band(n + 1), p))?;
        bands.push(band);
    }

    let mut rules: Vec<Rule> = Vec::with_capacity(raw.rules.len());
    for (n, table) in raw.rules.into_iter().enumerate() {
        let name = name_of(&table, "id", n);
        let rule = rule::read_rule(table, &items, &results)
            .map_err(|p| fail(Place::Rule(name.clone()), p))?;
        if rules.iter().any(|r| r.id == rule.id) {
            return Err(fail(Place::Rule(name), Problem::Duplicate));
        }
        rules.push(rule);
    }

    Ok(Instrument {
        id: raw.id,
        version,
        title: raw.title,
        credit: raw.credit,
        description: raw.description,
        items,
        results,
        bands,
        rules,
    })
}

pub(super) fn read<T: DeserializeOwned>(table: toml::Table) -> Result<T, Problem> {
    table
        .try_into()
        .map_err(|e: toml::de::Error| Problem::Malformed(e.message().trim().to_string()))
}

pub(super) fn known_result(name: &str, results: &[ResultSpec]) -> Result<(), Problem> {
    if results.iter().any(|r| r.name == name) {
        Ok(())
    } else {
        Err(Problem::UnknownResult(name.to_string()))
    }
}

pub(super) fn level(name: &str) -> Result<RiskLevel, Problem> {
    name.parse()
        .map_err(|_| Problem::UnknownLevel(name.to_string()))
}

pub(super) fn check_id(id: &str) -> Result<(), Problem> {
    let mut chars = id.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    if starts_well && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        Ok(())
    } else {
        Err(Problem::BadId(id.to_string()))
    }
}

pub(super) fn non_empty(value: &str, field: &'static str) -> Result<(), Problem> {
    if value.trim().is_empty() {
        Err(Problem::Empty(field))
    } else {
        Ok(())
    }
}

/// The id or name a table gives itself, or its position when it has none.
fn name_of(table: &toml::Table, key: &str, index: usize) -> String {
    table
        .get(key)
        .and_then(toml::Value::as_str)
        .map_or_else(|| format!("#{}", index + 1), str::to_string)
}

/// 1-based line of a byte offset; counts bytes so it cannot split a character.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|b| **b == b'\n')
        .count()
        + 1
}
