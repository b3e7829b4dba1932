//! Answers the shipped forms accept or refuse, and how the refusal reads.

use chrono::NaiveDate;

use super::test_answers::*;
use super::{Answers, FieldValue, validate};
use crate::domain::gbv;

#[test]
fn values_are_checked_against_their_fields() {
    let catalog = catalog();
    let form = catalog.form("child_helpline").unwrap();
    let base = [
        ("contact_type", choice("someone_about_child")),
        ("child_age_known", choice("known")),
    ];
    let long_id = "x".repeat(5000);
    let cases: Vec<(&str, FieldValue, Option<&str>)> = vec![
        (
            "child_age",
            FieldValue::Number(121),
            Some("121 is outside the allowed range 0 to 120"),
        ),
        (
            "child_age",
            FieldValue::Number(-1),
            Some("-1 is outside the allowed range 0 to 120"),
        ),
        ("child_age", FieldValue::Number(0), None),
        ("child_age", FieldValue::Number(120), None),
        (
            "child_age",
            text("12"),
            Some("expected a number, found text"),
        ),
        ("caller_phone", text("0722 123 456"), None),
        (
            "caller_phone",
            text("12345"),
            Some("too short: 5 digits, a phone number has 7 to 15"),
        ),
        (
            "caller_phone",
            text("call me"),
            Some("`c` does not belong in a phone number"),
        ),
        ("caller_name", text(&"😀".repeat(100)), None),
        (
            "caller_name",
            text(&"😀".repeat(101)),
            Some("too long: 101 characters, at most 100 allowed"),
        ),
        (
            "caller_name",
            text("Ali\u{7}"),
            Some("contains control characters"),
        ),
        ("narrative", text("line one\n\tline two"), None),
        ("caller_relationship", choice("parent"), None),
        (
            "caller_relationship",
            choice("landlord"),
            Some("`landlord` is not one of the options offered"),
        ),
        (
            "caller_relationship",
            choices(&["parent"]),
            Some("expected one choice, found several choices"),
        ),
        (
            "caller_relationship",
            choice(&long_id),
            Some("`xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…` is not one"),
        ),
        ("vulnerabilities", choices(&["disability", "orphan"]), None),
        (
            "vulnerabilities",
            choices(&["disability", "wealthy"]),
            Some("`wealthy` is not one of the options offered"),
        ),
        (
            "consent_recorded_at",
            FieldValue::Number(2026),
            Some("expected a date, found a number"),
        ),
        (
            "safe_to_talk",
            choice("yes"),
            Some("expected yes / no / don't know, found one choice"),
        ),
        ("safe_to_talk", text("   "), Some("an answer is required")),
    ];
    for (field, value, expected) in cases {
        let mut a = answers(&base);
        a.insert(field, value.clone());
        let got = message_for(form, &a, field);
        match (expected, got) {
            (None, None) => {}
            (Some(want), Some(got)) => assert!(got.starts_with(want), "{field}={value:?}: {got}"),
            (want, got) => panic!("{field}={value:?}: want {want:?}, got {got:?}"),
        }
    }
}

#[test]
fn subcategories_must_belong_to_a_chosen_category() {
    let catalog = catalog();
    let form = catalog.form("child_helpline").unwrap();
    let cases = [
        (
            &["violence"][..],
            &["violence.bullying", "violence.unspecified_other"][..],
            true,
        ),
        (
            &["violence", "mental_health"],
            &["violence.bullying", "mental_health.self_harm"],
            true,
        ),
        (&["sexuality"], &["violence.bullying"], false),
        (&["violence"], &["bullying"], false),
    ];
    for (categories, reasons, ok) in cases {
        let a = answers(&[
            ("contact_type", choice("child_about_self")),
            ("reason_categories", choices(categories)),
            ("reason_subcategories", choices(reasons)),
        ]);
        let err = message_for(form, &a, "reason_subcategories");
        assert_eq!(err.is_none(), ok, "{categories:?} {reasons:?}: {err:?}");
    }
}

#[test]
fn any_script_is_kept_and_a_megabyte_paste_is_refused_clearly() {
    let catalog = catalog();
    let form = catalog.form("child_helpline").unwrap();
    let name_field = form.field("child_name").unwrap();
    let narrative_field = form.field("narrative").unwrap();
    let names = [
        "فاطمة الزهراء",                      // Arabic, right to left
        "\u{202B}مريم\u{202C} (Mariam)",      // explicit embedding marks
        "Zoe\u{0308} Nguye\u{0302}\u{0303}n", // combining marks
        "👩\u{200D}👧 family",                // emoji with a zero-width joiner
        "Ἀλέξανδρος",
        "ሰላም",
    ];
    for name in names {
        let mut a = answers(&[("contact_type", choice("child_about_self"))]);
        a.set(name_field, text(name));
        assert_eq!(a.get("child_name"), &text(name));
        assert_eq!(message_for(form, &a, "child_name"), None, "{name}");
    }

    let megabyte = "ب".repeat(1 << 20);
    let mut a = answers(&[("contact_type", choice("child_about_self"))]);
    a.set(narrative_field, text(&megabyte));
    a.set(name_field, text(&format!("{megabyte}\u{1b}[2J")));
    assert_eq!(
        message_for(form, &a, "narrative").as_deref(),
        Some("too long: 1048576 characters, at most 20000 allowed; shorten the text")
    );
    assert_eq!(
        message_for(form, &a, "child_name").as_deref(),
        Some("too long: 1048579 characters, at most 100 allowed; shorten the text")
    );
}

#[test]
fn a_full_gbv_intake_is_complete_and_round_trips_as_json() {
    let catalog = catalog();
    let form = catalog.form(gbv::FORM_ID).unwrap();
    let when = NaiveDate::from_ymd_opt(2026, 3, 1)
        .unwrap()
        .and_hms_opt(14, 30, 0)
        .unwrap();
    let a = answers(&[
        ("channel", choice("whatsapp")),
        ("contact_type", choice("adult_survivor_about_self")),
        ("safe_to_talk", YES),
        ("safe_contact_method", choice("sms")),
        ("perpetrator_location", choice("elsewhere")),
        ("immediate_danger", NO),
        ("survivor_name", text("أمينة 🌸")),
        ("survivor_age_known", choice("known")),
        ("survivor_age", FieldValue::Number(24)),
        ("survivor_gender", choice("girl")),
        ("incident_time_of_day", choice("evening_night")),
        ("incident_place", choice("survivor_home")),
        ("report_delay", choice("days_0_to_3")),
        ("perpetrator_count", choice("one")),
        ("perpetrator_relationships", choices(&["intimate_partner"])),
        ("reported_elsewhere", NO),
        (gbv::PENETRATION, YES),
        (
            "gbv_context",
            choices(&["intimate_partner_violence", "domestic_violence"]),
        ),
        (gbv::MONEY_OR_GOODS, NO),
        (
            "narrative",
            text("Told us what happened.\nSafe at a friend's place tonight."),
        ),
        ("consent_own", YES),
        ("consent_for", choices(&["services", "share_information"])),
        ("consent_share_with", choices(&["medical_care", "police"])),
        ("consent_recorded_at", FieldValue::DateTime(when)),
    ]);
    assert_eq!(validate(form, &a), vec![]);
    let json = a.to_json().unwrap();
    assert!(
        json.contains(
            r#""consent_recorded_at":{"kind":"date_time","value":"2026-03-01T14:30:00"}"#
        ),
        "{json}"
    );
    assert_eq!(Answers::from_json(&json).unwrap(), a);
    assert!(Answers::from_json(r#"{"x":{"kind":"date_time","value":"yesterday"}}"#).is_err());
}
