//! What an opened timeline entry says, as a document of headings, labelled
//! answers and text: built once when the entry arrives from the store, from
//! the form and instrument definitions, so drawing only lays it out.

use crate::domain::forms::{FormCatalog, answer_words, answered_sections, stored_answers};
use crate::domain::risk::{Answer, Answers as RiskAnswers, Catalog, asked_items, score};
use crate::store::cases::TimelineEntry;
use crate::store::timeline_entry::{
    AssessmentRecord, ContactRecord, EntryContent, EntryRecord, ReferralRecord,
};
use chrono::{DateTime, FixedOffset, Utc};

/// An opened entry, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryDoc {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// One piece of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    /// A question (or field) and its answer.
    Pair {
        label: String,
        value: String,
    },
    /// Free text, such as a narrative or a note, kept as written.
    Text(String),
}

/// Word for an entry's kind, as the timeline and the opened entry name it.
pub fn kind_label(kind: &str) -> &str {
    match kind {
        "contact" => "Contact",
        "note" => "Note",
        "assessment" => "Assessment",
        "referral" => "Referral",
        "status" => "Step",
        "assigned" => "Assigned",
        "alert" => "Alert",
        "risk" => "Risk",
        "closure" => "Closure",
        "follow_up" => "Follow-up",
        "plan" => "Plan",
        "proposal" => "Proposal",
        "access" => "Access",
        other => other,
    }
}

/// The definitions the document is read with.
pub struct Definitions<'a> {
    pub forms: &'a FormCatalog,
    pub instruments: &'a Catalog,
    pub offset: FixedOffset,
}

impl Definitions<'_> {
    fn time(&self, ts: i64) -> String {
        DateTime::<Utc>::from_timestamp(ts, 0).map_or_else(
            || "?".into(),
            |t| {
                t.with_timezone(&self.offset)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            },
        )
    }
}

fn pair(label: &str, value: impl Into<String>) -> Block {
    Block::Pair {
        label: label.into(),
        value: value.into(),
    }
}

/// The document of an opened entry.
pub fn build(record: &EntryRecord, defs: &Definitions<'_>) -> EntryDoc {
    let entry = &record.entry;
    match &record.content {
        EntryContent::Contact(contact) => contact_doc(entry, contact, defs),
        EntryContent::Assessment(assessment) => assessment_doc(entry, assessment, defs),
        EntryContent::Referral(referral) => referral_doc(referral, defs),
        EntryContent::Entry => plain_doc(entry, defs),
    }
}

fn contact_doc(entry: &TimelineEntry, c: &ContactRecord, defs: &Definitions<'_>) -> EntryDoc {
    let form = c.form_id.as_deref().and_then(|id| defs.forms.form(id));
    let answers = stored_answers(&c.answers_json);
    // Channel and type in the words the form offers them with.
    let words = |field: &str, id: &str| {
        form.and_then(|f| f.field(field)).map_or_else(
            || id.replace('_', " "),
            |f| {
                answer_words(
                    &f.kind,
                    &crate::domain::forms::FieldValue::Choice(id.into()),
                )
            },
        )
    };
    let sections = form
        .map(|f| answered_sections(f, &answers))
        .unwrap_or_default();
    let answered = |label: &str| {
        sections
            .iter()
            .any(|s| s.answers.iter().any(|(l, _)| l == label))
    };
    let mut blocks = vec![pair(
        "Taken by",
        c.operator.clone().unwrap_or_else(|| "—".into()),
    )];
    // Channel and type come with the answers when the form recorded them.
    if !answered("Channel") {
        blocks.push(pair("Channel", words("channel", &c.channel)));
    }
    if !answered("Contact type") {
        blocks.push(pair("Contact type", words("contact_type", &c.contact_type)));
    }
    blocks.push(pair("Started", defs.time(c.started_at)));
    let duration = c
        .duration_s
        .or_else(|| c.ended_at.map(|e| e - c.started_at));
    if let Some(secs) = duration {
        blocks.push(pair("Duration", duration_words(secs)));
    }
    let mut narrative_shown = false;
    for section in sections {
        blocks.push(Block::Heading(section.title));
        for (label, value) in section.answers {
            narrative_shown |= c.narrative.as_deref() == Some(value.as_str());
            blocks.push(Block::Pair { label, value });
        }
    }
    if let Some(narrative) = c.narrative.as_deref().filter(|n| !n.trim().is_empty())
        && !narrative_shown
    {
        blocks.push(Block::Heading("Narrative".into()));
        blocks.push(Block::Text(narrative.to_string()));
    }
    EntryDoc {
        title: format!("Contact · {}", defs.time(entry.at)),
        blocks,
    }
}

fn duration_words(secs: i64) -> String {
    let secs = secs.max(0);
    match (secs / 3600, secs % 3600 / 60, secs % 60) {
        (0, m, s) => format!("{m}m {s:02}s"),
        (h, m, _) => format!("{h}h {m:02}m"),
    }
}

fn assessment_doc(entry: &TimelineEntry, a: &AssessmentRecord, defs: &Definitions<'_>) -> EntryDoc {
    let instrument = defs.instruments.get(&a.instrument_id);
    let name = instrument.map_or_else(|| a.instrument_id.clone(), |i| i.title().to_string());
    let result = instrument
        .and_then(|i| i.results().iter().find(|r| r.name == a.result_name))
        .map_or_else(|| a.result_name.replace('_', " "), |r| r.label.clone());
    let mut blocks = vec![
        pair("Instrument", name.clone()),
        pair(
            "Assessed by",
            a.assessed_by.clone().unwrap_or_else(|| "—".into()),
        ),
        pair("At", defs.time(a.assessed_at)),
        pair("Result", result),
    ];
    if let Some(max) = instrument.map(|i| i.max_score()).filter(|m| *m > 0) {
        blocks.push(pair("Score", format!("{} of {max}", a.score)));
    }
    blocks.push(pair("Computed level", a.computed_level.to_string()));
    blocks.push(pair("Final level", a.final_level.to_string()));
    if let Some(reason) = a.judgement_reason.as_deref() {
        blocks.push(Block::Heading(format!(
            "Raised from {} to {} by professional judgement",
            a.computed_level, a.final_level
        )));
        blocks.push(Block::Text(reason.to_string()));
    }
    if a.source == "intake" {
        blocks.push(Block::Heading("Set by the intake".into()));
        blocks.push(Block::Text(format!(
            "{}\nThe answers are on the contact of the same call.",
            entry.summary
        )));
    }
    let answers: RiskAnswers = serde_json::from_str(&a.answers_json).unwrap_or_default();
    match instrument {
        Some(instrument) if !answers.is_empty() => {
            blocks.push(Block::Heading("Answers".into()));
            for item in asked_items(instrument, &answers) {
                let value = match answers.get(&item.id) {
                    Some(Answer::Text(text)) => text.clone(),
                    Some(answer) => item.describe(answer),
                    None => "not answered".into(),
                };
                blocks.push(pair(&item.text, value));
            }
            let outcome = score(instrument, &answers);
            blocks.push(Block::Heading("Why".into()));
            for reason in &outcome.reasons {
                blocks.push(Block::Text(format!("• {}", reason.text)));
            }
            if !outcome.open_questions.is_empty() {
                blocks.push(Block::Heading("Open danger questions".into()));
                for q in &outcome.open_questions {
                    let answer = instrument
                        .item(&q.item)
                        .map_or_else(String::new, |i| i.describe(&q.answer));
                    blocks.push(pair(&q.text, answer));
                }
            }
        }
        None if !answers.is_empty() => {
            blocks.push(Block::Heading("Answers".into()));
            for (id, answer) in &answers {
                let value = match answer {
                    Answer::Value(v) => v.to_string(),
                    Answer::Text(text) => text.clone(),
                    other => other.word().unwrap_or_default().replace('_', " "),
                };
                blocks.push(pair(id, value));
            }
        }
        _ => {}
    }
    EntryDoc {
        title: format!("Assessment · {name}"),
        blocks,
    }
}

fn referral_doc(r: &ReferralRecord, defs: &Definitions<'_>) -> EntryDoc {
    let mut blocks = vec![
        pair("Service", r.service.clone()),
        pair("Status", r.status.label()),
        pair("Urgency", r.urgency.to_string()),
        pair("Due", defs.time(r.due_at)),
        pair(
            "Consent",
            if r.consent_given {
                "given".to_string()
            } else {
                "not given: referred without consent (override recorded)".to_string()
            },
        ),
    ];
    if let Some(reason) = r.consent_override_reason.as_deref() {
        blocks.push(pair("Why without consent", reason));
    }
    if let Some(note) = r.note.as_deref() {
        blocks.push(pair("Note for the service", note));
    }
    if let Some(reason) = r.decline_reason.as_deref() {
        blocks.push(pair("Declined because", reason));
    }
    if let Some(reason) = r.cancel_reason.as_deref() {
        blocks.push(pair("Cancelled because", reason));
    }
    blocks.push(Block::Heading("History".into()));
    for step in &r.history {
        let who = step
            .actor
            .as_deref()
            .map(|a| format!(" — {a}"))
            .unwrap_or_default();
        blocks.push(pair(
            &format!("{}{who}", defs.time(step.at)),
            step.summary.clone(),
        ));
        if let Some(body) = step.body.as_deref() {
            blocks.push(Block::Text(body.to_string()));
        }
    }
    EntryDoc {
        title: format!("Referral · {}", r.service),
        blocks,
    }
}

fn plain_doc(entry: &TimelineEntry, defs: &Definitions<'_>) -> EntryDoc {
    let mut blocks = vec![
        pair("At", defs.time(entry.at)),
        pair("By", entry.actor.clone().unwrap_or_else(|| "—".into())),
    ];
    match entry.kind.as_str() {
        "note" => {}
        "status" => blocks.push(pair("Change", step_words(&entry.summary))),
        _ => blocks.push(pair("What", entry.summary.clone())),
    }
    if let Some(body) = entry.body.as_deref().filter(|b| !b.trim().is_empty()) {
        let heading = match entry.kind.as_str() {
            "note" => "Note",
            "status" => "Reason and outcome note",
            _ => "Details",
        };
        blocks.push(Block::Heading(heading.into()));
        blocks.push(Block::Text(body.trim_end().to_string()));
    }
    EntryDoc {
        title: format!("{} · {}", kind_label(&entry.kind), defs.time(entry.at)),
        blocks,
    }
}

/// "Step: Open -> Assessment" reads "from Open to Assessment".
fn step_words(summary: &str) -> String {
    let moved = summary.strip_prefix("Step: ").unwrap_or(summary);
    match moved.split_once(" -> ") {
        Some((from, to)) => format!("from {from} to {to}"),
        None => moved.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RiskLevel;

    fn entry(kind: &str) -> TimelineEntry {
        TimelineEntry {
            id: 1,
            at: 1_795_600_000,
            actor: Some("amina".into()),
            kind: kind.into(),
            summary: "summary".into(),
            body: None,
        }
    }

    fn with_definitions(f: impl FnOnce(&Definitions<'_>)) {
        let forms = FormCatalog::builtin().unwrap();
        let instruments = Catalog::shipped().unwrap();
        f(&Definitions {
            forms: &forms,
            instruments: &instruments,
            offset: chrono::Offset::fix(&Utc),
        });
    }

    #[test]
    fn a_contact_without_form_answers_still_shows_its_narrative() {
        // Imported and demo contacts have a narrative and no answers.
        let record = EntryRecord {
            entry: entry("contact"),
            content: EntryContent::Contact(Box::new(ContactRecord {
                id: 7,
                form_id: None,
                channel: "web_chat".into(),
                contact_type: "child_about_self".into(),
                operator: None,
                started_at: 1_795_600_000,
                ended_at: None,
                duration_s: None,
                answers_json: String::new(),
                narrative: Some("Alimwambia mwalimu.".into()),
            })),
        };
        with_definitions(|defs| {
            let doc = build(&record, defs);
            assert!(doc.blocks.contains(&pair("Channel", "web chat")));
            assert!(doc.blocks.contains(&Block::Heading("Narrative".into())));
            assert!(
                doc.blocks
                    .contains(&Block::Text("Alimwambia mwalimu.".into()))
            );
        });
    }

    #[test]
    fn an_assessment_of_an_instrument_no_longer_shipped_keeps_its_answers() {
        let record = EntryRecord {
            entry: entry("assessment"),
            content: EntryContent::Assessment(Box::new(AssessmentRecord {
                id: 3,
                instrument_id: "retired_tool".into(),
                instrument_version: 2,
                answers_json: r#"{"q1":"dont_know","q2":{"value":4}}"#.into(),
                score: 4,
                result_name: "medium_risk".into(),
                computed_level: RiskLevel::Medium,
                final_level: RiskLevel::High,
                judgement_reason: Some("Siblings also at risk".into()),
                source: "assessment".into(),
                assessed_by: Some("amina".into()),
                assessed_at: 1_795_600_000,
            })),
        };
        with_definitions(|defs| {
            let doc = build(&record, defs);
            assert!(doc.blocks.contains(&pair("Result", "medium risk")));
            assert!(doc.blocks.contains(&pair("q1", "dont know")));
            assert!(doc.blocks.contains(&pair("q2", "4")));
            assert!(
                doc.blocks
                    .contains(&Block::Text("Siblings also at risk".into()))
            );
        });
    }

    #[test]
    fn durations_and_step_changes_read_as_words() {
        assert_eq!(duration_words(480), "8m 00s");
        assert_eq!(duration_words(3725), "1h 02m");
        assert_eq!(duration_words(-5), "0m 00s");
        assert_eq!(
            step_words("Step: Follow-up -> Closed (Needs met / safe)"),
            "from Follow-up to Closed (Needs met / safe)"
        );
        assert_eq!(step_words("Case opened"), "Case opened");
    }

    #[test]
    fn every_kind_the_store_writes_has_a_word() {
        for kind in [
            "contact",
            "note",
            "assessment",
            "referral",
            "status",
            "assigned",
            "alert",
            "risk",
            "closure",
            "follow_up",
            "plan",
            "proposal",
        ] {
            let label = kind_label(kind);
            assert!(
                label.chars().next().is_some_and(char::is_uppercase),
                "{kind}"
            );
            assert!(!label.contains('_'), "{kind}");
        }
    }
}
