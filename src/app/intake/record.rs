//! Turns a completed intake's answers into the contact (and case) to store.
//! Both shipped forms and an organisation's own use the same field ids for
//! the columns that lists and searches need; everything else travels in the
//! answers JSON.

use crate::app::risk::AssessmentToSave;
use crate::domain::RiskLevel;
use crate::domain::forms::{Answers, FieldValue, Form, YesNoDk, risk_floors, visible_fields};
use crate::domain::gbv::{IncidentFacts, classify};
use crate::domain::phone;
use crate::domain::risk::LevelBasis;
use crate::domain::taxonomy::Taxonomy;

/// An intake ready to store, owned so it can cross to the store thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeRecord {
    pub form_id: String,
    pub channel: String,
    pub contact_type: String,
    pub started_at: i64,
    pub ended_at: i64,
    pub caller_name: Option<String>,
    pub caller_relationship: Option<String>,
    pub caller_phone: Option<String>,
    pub phone_norm: Option<String>,
    pub child_name: Option<String>,
    pub child_age: Option<i64>,
    pub child_gender: Option<String>,
    pub location: Option<String>,
    pub language: Option<String>,
    pub category: Option<String>,
    pub subcategory: Option<String>,
    pub answers_json: String,
    pub narrative: Option<String>,
    /// What the operator left for whoever takes this caller's next contact.
    pub next_time_note: Option<String>,
    /// The contact type opens or updates a case.
    pub needs_case: bool,
    /// Join this case instead of opening one.
    pub attach_case_id: Option<i64>,
    /// The levels the intake sets, stored as assessments with the contact in
    /// this order: provisional floors first, then what the answers set
    /// (immediate danger) and the instruments run during the intake, so a
    /// real result of an instrument replaces its floor.
    pub risks: Vec<IntakeLevel>,
    /// Who consented, to what and when, in words for the case header.
    pub consent: Option<String>,
}

/// One level an intake sets: an instrument's result, a level its answers
/// set, or a provisional floor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeLevel {
    pub instrument_id: String,
    pub instrument_version: u32,
    pub answers_json: String,
    pub score: i64,
    pub result_name: String,
    pub computed_level: RiskLevel,
    pub final_level: RiskLevel,
    pub judgement_reason: Option<String>,
    /// An instrument's result, a level the answers set, or a provisional
    /// floor held until an instrument is run ("risk not assessed").
    pub basis: LevelBasis,
    /// The case timeline's line.
    pub summary: String,
}

impl IntakeLevel {
    fn from_answers(instrument_id: &str, level: RiskLevel, summary: String) -> IntakeLevel {
        IntakeLevel {
            instrument_id: instrument_id.into(),
            instrument_version: 0,
            answers_json: "{}".into(),
            score: 0,
            result_name: level.as_str().into(),
            computed_level: level,
            final_level: level,
            judgement_reason: None,
            basis: LevelBasis::IntakeAnswers,
            summary,
        }
    }

    fn from_run(a: &AssessmentToSave) -> IntakeLevel {
        IntakeLevel {
            instrument_id: a.instrument_id.clone(),
            instrument_version: a.instrument_version,
            answers_json: a.answers_json.clone(),
            score: a.score,
            result_name: a.result_name.clone(),
            computed_level: a.computed_level,
            final_level: a.final_level,
            judgement_reason: a.judgement_reason.clone(),
            basis: LevelBasis::Instrument,
            summary: format!("During the intake: {}", a.summary),
        }
    }
}

/// The levels a completed intake sets: a provisional floor for each rule
/// of the form that holds and whose instrument was not run during the
/// call; the level the immediate-danger answer sets (it counts as a
/// child-protection assessment, domain reference section 4); and every
/// instrument run during the intake. `title_of` names an instrument.
pub fn intake_levels(
    form: &Form,
    answers: &Answers,
    ran: &[AssessmentToSave],
    title_of: &dyn Fn(&str) -> String,
) -> Vec<IntakeLevel> {
    let mut levels: Vec<IntakeLevel> = risk_floors(form, answers)
        .into_iter()
        .filter(|f| !ran.iter().any(|a| a.instrument_id == f.instrument))
        .map(|f| {
            let mut level = IntakeLevel::from_answers(
                &f.instrument,
                f.level,
                format!(
                    "Intake: {} → at least {} until the {} is done (risk not assessed)",
                    f.because,
                    f.level,
                    title_of(&f.instrument)
                ),
            );
            level.result_name = "provisional".into();
            level.basis = LevelBasis::Provisional;
            level
        })
        .collect();
    match answers.get("immediate_danger") {
        FieldValue::YesNoDk(YesNoDk::Yes) => levels.push(IntakeLevel::from_answers(
            "cp_risk",
            RiskLevel::Critical,
            "Intake: in immediate danger now → critical".into(),
        )),
        FieldValue::YesNoDk(YesNoDk::DontKnow) => levels.push(IntakeLevel::from_answers(
            "cp_risk",
            RiskLevel::High,
            "Intake: immediate danger not known → at least high (open danger question)".into(),
        )),
        _ => {}
    }
    levels.extend(ran.iter().map(IntakeLevel::from_run));
    levels
}

/// Who gave consent (or assent), for what, shared with whom, and when
/// (domain reference, section 5), from the consent fields the form showed.
fn consent_summary(answers: &Answers) -> Option<String> {
    let yes = |id: &str| matches!(answers.get(id), FieldValue::YesNoDk(YesNoDk::Yes));
    let no = |id: &str| matches!(answers.get(id), FieldValue::YesNoDk(YesNoDk::No));
    let mut given = Vec::new();
    let mut refused = Vec::new();
    for (id, who) in [
        ("consent_caregiver", "caregiver"),
        ("consent_child_assent", "child's assent"),
        ("consent_own", "own"),
    ] {
        if yes(id) {
            given.push(who);
        } else if no(id) {
            refused.push(who);
        }
    }
    if given.is_empty() && refused.is_empty() {
        return None;
    }
    let list = |id: &str| match answers.get(id) {
        FieldValue::Choices(ids) => ids
            .iter()
            .map(|i| i.replace('_', " "))
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    };
    let mut text = if given.is_empty() {
        "refused".to_string()
    } else {
        format!("given: {}", given.join(" + "))
    };
    if !refused.is_empty() && !given.is_empty() {
        text.push_str(&format!("; refused: {}", refused.join(" + ")));
    }
    let purposes = list("consent_for");
    if !purposes.is_empty() {
        text.push_str(&format!(" · for {purposes}"));
    }
    let share = list("consent_share_with");
    if !share.is_empty() {
        text.push_str(&format!(" · may share with {share}"));
    }
    if let FieldValue::DateTime(at) = answers.get("consent_recorded_at") {
        text.push_str(&format!(" · {}", at.format("%Y-%m-%d %H:%M")));
    }
    Some(text)
}

fn text(answers: &Answers, ids: &[&str]) -> Option<String> {
    ids.iter().find_map(|id| match answers.get(id) {
        FieldValue::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
        FieldValue::Choice(c) => Some(c.clone()),
        _ => None,
    })
}

fn number(answers: &Answers, ids: &[&str]) -> Option<i64> {
    ids.iter().find_map(|id| match answers.get(id) {
        FieldValue::Number(n) => Some(*n),
        _ => None,
    })
}

fn first_choice(answers: &Answers, id: &str) -> Option<String> {
    match answers.get(id) {
        FieldValue::Choice(c) => Some(c.clone()),
        FieldValue::Choices(c) => c.first().cloned(),
        _ => None,
    }
}

/// How a repeat caller is recognised: the normalised number they contacted
/// us from (or gave), else `@` and their chat handle in lower case.
pub fn caller_phone_norm(answers: &Answers, country: Option<&str>) -> Option<String> {
    let phone = [
        "contact_from",
        "caller_phone",
        "child_phone",
        "survivor_phone",
    ]
    .iter()
    .filter_map(|id| text(answers, &[id]))
    .filter(|raw| !raw.chars().any(char::is_alphabetic))
    .map(|raw| phone::normalise(&raw, country))
    .find(|norm| norm.len() >= phone::MIN_DIGITS);
    phone.or_else(|| {
        // A chat handle or e-mail address: anything with letters in it.
        let handle = text(answers, &["contact_from"])?;
        let handle = handle.trim().trim_start_matches('@').to_lowercase();
        (handle.chars().any(char::is_alphabetic)).then(|| format!("@{handle}"))
    })
}

/// Builds the record. `form` and `taxonomy` decide whether the contact
/// type needs a case and, for the GBV form, the incident type; `ran` are
/// the instruments completed during the intake.
#[allow(clippy::too_many_arguments)]
pub fn build(
    form: &Form,
    taxonomy: &Taxonomy,
    answers: &Answers,
    ran: &[AssessmentToSave],
    title_of: &dyn Fn(&str) -> String,
    started_at: i64,
    ended_at: i64,
    attach_case_id: Option<i64>,
    country: Option<&str>,
) -> Result<IntakeRecord, serde_json::Error> {
    // Only what the form shows counts: an answer to a field that later
    // answers hid (a phone typed before the contact type changed) was never
    // asked of this caller and is not stored.
    let mut shown = Answers::new();
    for v in visible_fields(form, answers) {
        let value = answers.get(&v.field.id);
        if !value.is_empty() {
            shown.insert(v.field.id.clone(), value.clone());
        }
    }
    let answers = &shown;
    let contact_type = text(answers, &["contact_type"]).unwrap_or_default();
    let needs_case = taxonomy.needs_case(&contact_type).unwrap_or(false);
    let (mut category, mut subcategory) = (
        first_choice(answers, "reason_categories"),
        first_choice(answers, "reason_subcategories"),
    );
    let mut stored = serde_json::to_value(answers)?;
    if form.id == "gbv" {
        let result = classify(&IncidentFacts::from_answers(form, answers));
        category = Some("gbv".into());
        subcategory = Some(format!("gbv.{}", result.gbv_type.as_str()));
        if let Some(map) = stored.as_object_mut() {
            map.insert(
                "derived".into(),
                serde_json::json!({
                    "gbv_type": result.gbv_type.as_str(),
                    "early_marriage": result.early_marriage,
                    "possible_sexual_exploitation": result.possible_sexual_exploitation,
                }),
            );
        }
    }
    let risks = intake_levels(form, answers, ran, title_of);
    Ok(IntakeRecord {
        form_id: form.id.clone(),
        channel: text(answers, &["channel"]).unwrap_or_default(),
        contact_type,
        started_at,
        ended_at,
        caller_name: text(answers, &["caller_name"]),
        caller_relationship: text(answers, &["caller_relationship"]),
        caller_phone: text(
            answers,
            &[
                "contact_from",
                "caller_phone",
                "child_phone",
                "survivor_phone",
            ],
        ),
        phone_norm: caller_phone_norm(answers, country),
        child_name: text(answers, &["child_name", "survivor_name"]),
        child_age: number(answers, &["child_age", "survivor_age"]),
        child_gender: text(answers, &["child_gender", "survivor_gender"]),
        location: text(
            answers,
            &["child_location", "survivor_location", "caller_location"],
        ),
        language: text(
            answers,
            &["child_language", "survivor_language", "caller_language"],
        ),
        category,
        subcategory,
        answers_json: stored.to_string(),
        narrative: text(answers, &["narrative"]),
        next_time_note: text(answers, &["next_time_note"]),
        needs_case,
        attach_case_id,
        risks,
        consent: consent_summary(answers),
    })
}
