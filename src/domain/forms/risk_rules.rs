//! What a form says about risk during the intake: which instrument fits the
//! contact (so one key opens it inside the intake), and which reasons or
//! answers set a provisional floor level until that instrument is done.
//!
//! A suicidal child must never be left at 'none' because nobody ran an
//! instrument during the call: a rule such as "suicidal thoughts → at least
//! high until the ASQ says otherwise" is data in the form file.
//!
//! ```toml
//! [risk]
//! default_instrument = "cp_risk"   # fits when no rule does
//!
//! [[risk.rule]]
//! when = { field = "reason_subcategories", any_of = ["mental_health.suicidal_thoughts"] }
//! instrument = "asq"               # the instrument that fits
//! floor = "high"                   # optional: provisional level until it is done
//! because = "suicidal thoughts"    # words for the timeline and the case header
//! ```
//!
//! Rules are tried in file order; the first that holds names the instrument
//! that fits. Every rule that holds and has a floor sets one.

use serde::{Deserialize, Serialize};

use super::condition::{self, Condition, Scope};
use super::error::{FormError, Problem};
use super::model::Form;
use super::raw::RawCondition;
use super::validate::visible_fields;
use super::value::{Answers, FieldValue};
use crate::domain::RiskLevel;

/// The `[risk]` table as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRisk {
    #[serde(default)]
    pub default_instrument: Option<String>,
    #[serde(default)]
    pub rule: Vec<RawRiskRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRiskRule {
    pub when: RawCondition,
    pub instrument: String,
    #[serde(default)]
    pub floor: Option<String>,
    pub because: String,
}

/// A form's risk rules, checked.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RiskRules {
    /// The instrument that fits when no rule does.
    pub default_instrument: Option<String>,
    pub rules: Vec<RiskRule>,
    /// Rules that can never apply because the option lists in use have none
    /// of the values they name (an organisation's own reasons taxonomy, say),
    /// by their `because`: `doctor` lists them.
    pub inactive: Vec<String>,
}

/// One rule: when its condition holds, `instrument` fits the contact and,
/// with a `floor`, the case is at least that level until it is done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskRule {
    pub when: Condition,
    pub instrument: String,
    pub floor: Option<RiskLevel>,
    /// What the rule saw, in words ("suicidal thoughts or self-harm").
    pub because: String,
}

/// A provisional level the answers set until `instrument` is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskFloor {
    pub instrument: String,
    pub level: RiskLevel,
    pub because: String,
}

impl RiskRules {
    /// Every instrument id the rules name, to check against the catalog.
    pub fn instrument_ids(&self) -> impl Iterator<Item = &str> {
        self.default_instrument
            .iter()
            .map(String::as_str)
            .chain(self.rules.iter().map(|r| r.instrument.as_str()))
    }
}

/// Checks the `[risk]` table: conditions may refer to any field of the
/// form (they are read once the answers are in), floors are level names,
/// and every rule says why it fires.
pub(super) fn build(file: &str, raw: RawRisk, form: &Form) -> Result<RiskRules, FormError> {
    let error = |problem| FormError::File {
        file: file.to_string(),
        problem,
    };
    let all_ids: Vec<String> = form.fields().map(|f| f.id.clone()).collect();
    let scope = Scope {
        earlier: form.fields().collect(),
        all_ids: &all_ids,
    };
    let mut rules = Vec::with_capacity(raw.rule.len());
    let mut inactive = Vec::new();
    for (n, rule) in raw.rule.into_iter().enumerate() {
        let at = |problem: Problem| {
            error(Problem::Schema(format!(
                "risk rule {} ({}): {problem}",
                n + 1,
                rule.because
            )))
        };
        if rule.because.trim().is_empty() {
            return Err(at(Problem::Schema("`because` is empty".into())));
        }
        let floor = match rule.floor.as_deref() {
            None => None,
            Some(name) => Some(name.parse::<RiskLevel>().map_err(|_| {
                at(Problem::Schema(format!(
                    "floor `{name}` is not a level (none, low, medium, high, critical)"
                )))
            })?),
        };
        let Some(when) = known_values_only(rule.when, form) else {
            inactive.push(rule.because);
            continue;
        };
        let when = condition::build(when, &scope).map_err(&at)?;
        rules.push(RiskRule {
            when,
            instrument: rule.instrument,
            floor,
            because: rule.because,
        });
    }
    Ok(RiskRules {
        default_instrument: raw.default_instrument,
        rules,
        inactive,
    })
}

/// A rule's condition with the `any_of` values that a reference list (an
/// `options_from` field) does not offer left out, because the shipped
/// forms' rules name shipped reasons and an organisation may replace the
/// reasons taxonomy or a list. None when
/// the condition can no longer hold. Everything else (unknown fields,
/// values of non-choice fields, malformed conditions) is left for the
/// condition checks to refuse.
fn known_values_only(mut raw: RawCondition, form: &Form) -> Option<RawCondition> {
    if let Some(all) = raw.all.take() {
        let kept: Option<Vec<RawCondition>> = all
            .into_iter()
            .map(|c| known_values_only(c, form))
            .collect();
        raw.all = Some(kept?);
        return Some(raw);
    }
    if let Some(any) = raw.any.take() {
        let kept: Vec<RawCondition> = any
            .into_iter()
            .filter_map(|c| known_values_only(c, form))
            .collect();
        if kept.is_empty() {
            return None;
        }
        raw.any = Some(kept);
        return Some(raw);
    }
    let choices = raw
        .field
        .as_deref()
        .and_then(|id| form.field(id))
        .and_then(|f| f.kind.choices())
        // Options written in the form itself are checked strictly: a typo
        // there must not silently switch a rule off.
        .filter(|c| c.list.is_some());
    if let Some(choices) = choices
        && let Some(values) = raw.any_of.take()
    {
        let kept: Vec<String> = values
            .into_iter()
            .filter(|v| choices.option(v).is_some())
            .collect();
        if kept.is_empty() {
            return None;
        }
        raw.any_of = Some(kept);
    }
    Some(raw)
}

/// The answers the form shows, so that an answer a later change hid never
/// sets a level or picks an instrument.
fn shown(form: &Form, answers: &Answers) -> Answers {
    let mut shown = Answers::new();
    for v in visible_fields(form, answers) {
        let value = answers.get(&v.field.id);
        if !value.is_empty() {
            shown.insert(v.field.id.clone(), value.clone());
        }
    }
    shown
}

fn holds(rule: &RiskRule, answers: &Answers) -> bool {
    let value_of = |id: &str| -> Option<&FieldValue> {
        let v = answers.get(id);
        (!v.is_empty()).then_some(v)
    };
    rule.when.holds(&value_of)
}

/// The instrument that fits these answers: the first rule that holds, or
/// the form's default.
pub fn fitting_instrument(form: &Form, answers: &Answers) -> Option<String> {
    let answers = shown(form, answers);
    form.risk
        .rules
        .iter()
        .find(|r| holds(r, &answers))
        .map(|r| r.instrument.clone())
        .or_else(|| form.risk.default_instrument.clone())
}

/// The provisional floors these answers set, at most one per instrument
/// (the highest; reasons joined), in rule order.
pub fn risk_floors(form: &Form, answers: &Answers) -> Vec<RiskFloor> {
    let answers = shown(form, answers);
    let mut floors: Vec<RiskFloor> = Vec::new();
    for rule in form.risk.rules.iter().filter(|r| holds(r, &answers)) {
        let Some(level) = rule.floor else { continue };
        match floors.iter_mut().find(|f| f.instrument == rule.instrument) {
            Some(floor) => {
                floor.level = floor.level.max(level);
                floor.because = format!("{}; {}", floor.because, rule.because);
            }
            None => floors.push(RiskFloor {
                instrument: rule.instrument.clone(),
                level,
                because: rule.because.clone(),
            }),
        }
    }
    floors
}

/// The instrument the first rule names for `answers` read as they are,
/// without the form's visibility (for a case, whose reasons are known but
/// whose form answers are not at hand). No default.
pub fn rule_instrument(form: &Form, answers: &Answers) -> Option<String> {
    form.risk
        .rules
        .iter()
        .find(|r| holds(r, answers))
        .map(|r| r.instrument.clone())
}
