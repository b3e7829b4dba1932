//! Scoring: from an instrument and the recorded answers, which items are
//! asked, the total, the instrument's result, the common level, and the
//! reasons in words a worker can read.

use super::answer::Answer;
use super::condition::Answers;
use super::instrument::{Effect, Instrument, Item, ResultSpec, sum_points};
use crate::domain::RiskLevel;

/// Everything the rules say about one set of answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Total of the weights of the asked items' answers.
    pub score: i64,
    /// Highest total the instrument can give.
    pub max_score: i64,
    /// The instrument's own result, e.g. `acute_positive`.
    pub result_name: String,
    /// The result in words, e.g. "Acute positive screen".
    pub result_label: String,
    /// The computed common level: the result's level, raised by any floor
    /// rule that fired. Professional judgement comes on top (see `judgement`).
    pub level: RiskLevel,
    /// Every rule that fired (and the score band), in order.
    pub reasons: Vec<Reason>,
    /// Danger questions left unresolved (don't know / refused) that a rule
    /// asks the worker to come back to.
    pub open_questions: Vec<OpenQuestion>,
    /// Ids of items that are asked but have no answer yet.
    pub unanswered: Vec<String>,
}

/// One step of the explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The rule's id, or `score_band`, or `default` when nothing fired.
    pub rule: String,
    pub effect: Effect,
    /// The items whose answers made the rule fire, in questionnaire order.
    pub items: Vec<String>,
    /// The reason in plain words, naming the answers.
    pub text: String,
}

/// An item whose don't-know or refused answer must be followed up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenQuestion {
    pub item: String,
    /// The question, to ask again.
    pub text: String,
    pub answer: Answer,
}

/// The items asked, in order, given these answers (skip logic).
pub fn asked_items<'a>(instrument: &'a Instrument, answers: &Answers) -> Vec<&'a Item> {
    walk(instrument, answers).0
}

/// The answers that count: those to asked items that fit the item's kind.
/// An answer left over from before an earlier answer changed is dropped.
pub fn effective_answers(instrument: &Instrument, answers: &Answers) -> Answers {
    walk(instrument, answers).1
}

/// Walks the items in order. Conditions only look back, so one pass decides
/// each item against answers already filtered the same way.
fn walk<'a>(instrument: &'a Instrument, answers: &Answers) -> (Vec<&'a Item>, Answers) {
    let mut asked = Vec::new();
    let mut counted = Answers::new();
    for item in instrument.items() {
        if item.ask_when.as_ref().is_none_or(|c| c.holds(&counted)) {
            asked.push(item);
            if let Some(answer) = answers.get(&item.id).filter(|a| item.accepts(a)) {
                counted.insert(item.id.clone(), answer.clone());
            }
        }
    }
    (asked, counted)
}

/// Scores `answers` (item id -> answer) against `instrument`.
pub fn score(instrument: &Instrument, answers: &Answers) -> Outcome {
    let (asked, given) = walk(instrument, answers);
    let score = sum_points(
        asked
            .iter()
            .filter_map(|i| given.get(&i.id).map(|a| i.points(a))),
    );
    let max_score = instrument.max_score();
    let results = instrument.results();

    let mut reasons = Vec::new();
    let mut open_questions: Vec<OpenQuestion> = Vec::new();
    let mut rank: Option<usize> = None;
    let mut floor = RiskLevel::None;
    let mut floor_reason: Option<String> = None;

    let bands = instrument.bands();
    if let Some((n, band)) = bands.iter().enumerate().rev().find(|(_, b)| score >= b.min) {
        let range = match bands.get(n + 1) {
            Some(next) => format!("{} to {}", band.min, next.min.saturating_sub(1)),
            None => format!("{} or more", band.min),
        };
        let scored: Vec<String> = asked
            .iter()
            .filter(|i| given.get(&i.id).is_some_and(|a| i.points(a) > 0))
            .map(|i| i.id.clone())
            .collect();
        let mut text = format!(
            "Score {score} of {max_score} is in the band {range}: {}.",
            result_words(results, &band.result)
        );
        if !scored.is_empty() {
            text.push_str(&format!(" Scored: {}.", labels(instrument, &scored)));
        }
        rank = rank.max(instrument.result_rank(&band.result));
        reasons.push(Reason {
            rule: "score_band".into(),
            effect: Effect::Result(band.result.clone()),
            items: scored,
            text,
        });
    }

    for rule in instrument.rules() {
        let Some(cited) = rule.when.cited(&given) else {
            continue;
        };
        let cited = in_item_order(instrument, &cited);
        let answers_text = cited_answers(instrument, &given, &cited);
        let consequence = match &rule.effect {
            Effect::Result(name) => {
                rank = rank.max(instrument.result_rank(name));
                result_words(results, name)
            }
            Effect::Floor(level) => {
                if *level > floor {
                    floor_reason = Some(rule.reason.clone());
                }
                floor = floor.max(*level);
                format!("level at least {level}; score and result unchanged")
            }
            Effect::SuggestJudgement => {
                "consider raising the level by professional judgement".to_string()
            }
        };
        if rule.open_question {
            for id in &cited {
                if let (Some(item), Some(answer)) = (instrument.item(id), given.get(id))
                    && !open_questions.iter().any(|q| &q.item == id)
                {
                    open_questions.push(OpenQuestion {
                        item: id.clone(),
                        text: item.text.clone(),
                        answer: answer.clone(),
                    });
                }
            }
        }
        reasons.push(Reason {
            rule: rule.id.clone(),
            effect: rule.effect.clone(),
            text: format!("{} ({answers_text}): {consequence}.", rule.reason),
            items: cited,
        });
    }

    // The first result is the least severe: what a screen with nothing
    // positive gives.
    let decided = rank.unwrap_or(0);
    if rank.is_none()
        && let Some(first) = results.first()
    {
        reasons.push(Reason {
            rule: "default".into(),
            effect: Effect::Result(first.name.clone()),
            items: Vec::new(),
            text: format!(
                "No answer calls for a higher result: {}.",
                result_words(results, &first.name)
            ),
        });
    }
    // Results are never empty in a parsed instrument; the fallback only keeps
    // this function total.
    let (result_name, result_label, mapped) = results
        .get(decided)
        .map_or((String::new(), String::new(), RiskLevel::None), |r| {
            (r.name.clone(), r.label.clone(), r.level)
        });
    let unanswered = asked
        .iter()
        .filter(|i| !given.contains_key(&i.id))
        .map(|i| i.id.clone())
        .collect();
    // A floor rule above the result's own level: the label says so, so that
    // "Low risk" never stands beside HIGH unexplained.
    let result_label = match floor_reason {
        Some(why) if floor > mapped => format!("{result_label}, held at {floor}: {why}"),
        _ => result_label,
    };
    Outcome {
        score,
        max_score,
        result_name,
        result_label,
        level: mapped.max(floor),
        reasons,
        open_questions,
        unanswered,
    }
}

/// "“Acute positive screen” (level critical)".
fn result_words(results: &[ResultSpec], name: &str) -> String {
    match results.iter().find(|r| r.name == name) {
        Some(r) => format!("“{}” (level {})", r.label, r.level),
        None => format!("“{name}”"),
    }
}

/// Item ids deduplicated and put in the order the items are asked.
fn in_item_order(instrument: &Instrument, ids: &[String]) -> Vec<String> {
    instrument
        .items()
        .iter()
        .filter(|i| ids.contains(&i.id))
        .map(|i| i.id.clone())
        .collect()
}

fn labels(instrument: &Instrument, ids: &[String]) -> String {
    let names: Vec<&str> = ids
        .iter()
        .map(|id| {
            instrument
                .item(id)
                .map_or(id.as_str(), |i| i.label.as_str())
        })
        .collect();
    names.join(", ")
}

/// "Wished dead: yes; Better off dead: refused".
fn cited_answers(instrument: &Instrument, given: &Answers, ids: &[String]) -> String {
    let parts: Vec<String> = ids
        .iter()
        .filter_map(|id| Some((instrument.item(id)?, given.get(id)?)))
        .map(|(item, answer)| format!("{}: {}", item.label, item.describe(answer)))
        .collect();
    parts.join("; ")
}
