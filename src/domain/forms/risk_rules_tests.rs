//! The shipped forms' risk rules: which instrument fits, which reasons set a
//! provisional floor, and that a hidden answer never sets one.

use super::test_answers::{answers, catalog, choice, choices};
use super::{FieldValue, fitting_instrument, parse_form, risk_floors};
use crate::domain::RiskLevel;

fn child_contact(reasons: &[&str], urgency: Option<&str>) -> super::Answers {
    let categories: Vec<&str> = reasons.iter().filter_map(|r| r.split('.').next()).collect();
    let mut a = answers(&[
        ("channel", choice("phone_call")),
        ("contact_type", choice("child_about_self")),
        ("reason_categories", choices(&categories)),
        ("reason_subcategories", choices(reasons)),
    ]);
    if let Some(u) = urgency {
        a.insert("urgency", choice(u));
    }
    a
}

#[test]
fn the_instrument_that_fits_follows_the_reason() {
    let forms = catalog();
    let form = forms.form("child_helpline").unwrap();
    let table: &[(&[&str], &str)] = &[
        (&["mental_health.suicidal_thoughts"], "asq"),
        (&["mental_health.self_harm"], "asq"),
        (&["mental_health.suicide_attempt"], "asq"),
        (&["violence.physical_violence"], "cp_risk"),
        (
            &["violence.bullying", "mental_health.suicidal_thoughts"],
            "asq",
        ),
        (
            &["violence.physical_violence", "peer_relationships.partner"],
            "dash",
        ),
        (&["education_work.academic"], "cp_risk"),
    ];
    for (reasons, expected) in table {
        let got = fitting_instrument(form, &child_contact(reasons, None));
        assert_eq!(got.as_deref(), Some(*expected), "{reasons:?}");
    }
}

#[test]
fn suicidal_thoughts_set_at_least_high_until_the_asq() {
    let forms = catalog();
    let form = forms.form("child_helpline").unwrap();
    for reason in [
        "mental_health.suicidal_thoughts",
        "mental_health.self_harm",
        "mental_health.suicide_attempt",
    ] {
        let floors = risk_floors(form, &child_contact(&[reason], Some("urgent")));
        let asq = floors.iter().find(|f| f.instrument == "asq");
        assert_eq!(asq.map(|f| f.level), Some(RiskLevel::High), "{reason}");
        // The operator's "within 24 hours" is a floor of its own, replaced
        // by a child-protection assessment.
        let cp = floors.iter().find(|f| f.instrument == "cp_risk");
        assert_eq!(cp.map(|f| f.level), Some(RiskLevel::High), "{reason}");
    }
}

#[test]
fn floors_by_reason_and_urgency() {
    let forms = catalog();
    let form = forms.form("child_helpline").unwrap();
    let table: &[(&[&str], Option<&str>, Option<RiskLevel>)] = &[
        (&["violence.bullying"], Some("routine"), None),
        (&["violence.bullying"], Some("soon"), None),
        (
            &["violence.bullying"],
            Some("urgent"),
            Some(RiskLevel::High),
        ),
        (
            &["violence.bullying"],
            Some("immediate"),
            Some(RiskLevel::Critical),
        ),
        (&["violence.trafficking"], None, Some(RiskLevel::High)),
        (&["missing_children.abduction"], None, Some(RiskLevel::High)),
        (
            &["violence.sexual_violence"],
            Some("routine"),
            Some(RiskLevel::High),
        ),
        // Two rules on one instrument: the higher floor, both reasons.
        (
            &["violence.sexual_violence"],
            Some("immediate"),
            Some(RiskLevel::Critical),
        ),
    ];
    for (reasons, urgency, expected) in table {
        let floors = risk_floors(form, &child_contact(reasons, *urgency));
        let cp = floors.iter().find(|f| f.instrument == "cp_risk");
        assert_eq!(cp.map(|f| f.level), *expected, "{reasons:?} {urgency:?}");
        assert!(floors.iter().filter(|f| f.instrument == "cp_risk").count() <= 1);
    }
    let both = risk_floors(
        form,
        &child_contact(&["violence.sexual_violence"], Some("immediate")),
    );
    assert!(both[0].because.contains("sexual") && both[0].because.contains("immediate"));
}

#[test]
fn an_answer_the_form_no_longer_shows_sets_nothing() {
    let forms = catalog();
    let form = forms.form("child_helpline").unwrap();
    // Reasons typed, then the contact type changed to one with no case:
    // the urgency section is hidden, so its answer is not this caller's.
    let mut a = child_contact(&["violence.bullying"], Some("immediate"));
    a.insert("contact_type", choice("silent"));
    assert!(risk_floors(form, &a).is_empty());
}

#[test]
fn gbv_partner_violence_fits_the_dash() {
    let forms = catalog();
    let form = forms.form("gbv").unwrap();
    let mut a = answers(&[
        ("channel", choice("phone_call")),
        ("contact_type", choice("adult_survivor_about_self")),
    ]);
    a.insert("gbv_context", choices(&["intimate_partner_violence"]));
    assert_eq!(fitting_instrument(form, &a).as_deref(), Some("dash"));
    a.insert("gbv_context", choices(&["exploitation"]));
    a.insert("survivor_age_known", choice("known"));
    a.insert("survivor_age", FieldValue::Number(15));
    assert_eq!(fitting_instrument(form, &a).as_deref(), Some("cp_risk"));
}

#[test]
fn a_case_reason_finds_its_instrument() {
    let forms = catalog();
    let table = [
        (
            Some("mental_health"),
            Some("mental_health.suicidal_thoughts"),
            "asq",
        ),
        (Some("violence"), Some("violence.neglect"), "cp_risk"),
        (Some("gbv"), Some("gbv.rape"), "dash"),
        (None, None, "cp_risk"),
    ];
    for (category, sub, expected) in table {
        assert_eq!(
            forms.instrument_for_reason(category, sub).as_deref(),
            Some(expected),
            "{sub:?}"
        );
    }
}

#[test]
fn bad_rules_are_refused_with_their_reason() {
    let forms = catalog();
    let taxonomy = forms.taxonomy();
    let base = r#"
[form]
id = "ours"
title = "Ours"
version = 1

[[section]]
id = "contact"
title = "Contact"

[[section.field]]
id = "urgency"
label = "Urgency"
kind = "single_choice"
options = [{ id = "now", label = "Now" }]
"#;
    let cases = [
        (
            "[[risk.rule]]\nwhen = { field = \"urgency\", any_of = [\"now\"] }\ninstrument = \"asq\"\nfloor = \"very high\"\nbecause = \"now\"\n",
            "very high",
        ),
        (
            "[[risk.rule]]\nwhen = { field = \"nowhere\", any_of = [\"now\"] }\ninstrument = \"asq\"\nbecause = \"now\"\n",
            "nowhere",
        ),
        (
            "[[risk.rule]]\nwhen = { field = \"urgency\", any_of = [\"later\"] }\ninstrument = \"asq\"\nbecause = \"now\"\n",
            "later",
        ),
        (
            "[[risk.rule]]\nwhen = { field = \"urgency\", any_of = [\"now\"] }\ninstrument = \"asq\"\nbecause = \" \"\n",
            "because",
        ),
        (
            "[[risk.rule]]\nwhen = { field = \"urgency\", any_of = [\"now\"] }\ninstrument = \"asq\"\nbecuase = \"typo\"\n",
            "becuase",
        ),
    ];
    for (rules, expected) in cases {
        let text = format!("{base}\n{rules}");
        let err = parse_form("ours.toml", &text, taxonomy)
            .unwrap_err()
            .to_string();
        assert!(err.contains("ours.toml") && err.contains(expected), "{err}");
    }
    let ok = format!(
        "{base}\n[[risk.rule]]\nwhen = {{ field = \"urgency\", any_of = [\"now\"] }}\ninstrument = \"asq\"\nfloor = \"critical\"\nbecause = \"now\"\n"
    );
    let form = parse_form("ours.toml", &ok, taxonomy).unwrap();
    assert_eq!(form.risk.rules[0].floor, Some(RiskLevel::Critical));
}

#[test]
fn a_rule_whose_reasons_an_organisation_removed_is_listed_as_inactive() {
    let forms = catalog();
    let taxonomy = forms.taxonomy();
    let text = r#"
[form]
id = "ours"
title = "Ours"
version = 1

[[section]]
id = "contact"
title = "Contact"

[[section.field]]
id = "reason_subcategories"
label = "Reasons"
kind = "multiple_choice"
options_from = "reasons"

[[risk.rule]]
when = { field = "reason_subcategories", any_of = ["mental_health.suicidal_thoughts", "gone.no_longer_listed"] }
instrument = "asq"
floor = "high"
because = "suicidal thoughts"

[[risk.rule]]
when = { field = "reason_subcategories", any_of = ["gone.no_longer_listed"] }
instrument = "cp_risk"
floor = "high"
because = "a reason this organisation does not use"
"#;
    let form = parse_form("ours.toml", text, taxonomy).unwrap();
    assert_eq!(form.risk.rules.len(), 1);
    assert_eq!(
        form.risk.inactive,
        vec!["a reason this organisation does not use"]
    );
    let a = answers(&[(
        "reason_subcategories",
        choices(&["mental_health.suicidal_thoughts"]),
    )]);
    assert_eq!(risk_floors(&form, &a)[0].level, RiskLevel::High);
}
