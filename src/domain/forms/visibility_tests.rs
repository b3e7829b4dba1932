//! Which fields the shipped forms show and require for given answers.

use super::test_answers::*;
use super::{Answers, FieldValue, YesNoDk, is_complete, validate, visible_fields};
use crate::domain::gbv::{self, GbvType, IncidentFacts};

#[test]
fn contacts_without_a_case_complete_with_channel_and_type() {
    let catalog = catalog();
    for form in catalog.forms() {
        for contact_type in [
            "information_request",
            "silent",
            "hang_up",
            "wrong_number",
            "prank_abusive",
            "thank_you_follow_up",
        ] {
            let a = answers(&[
                ("channel", choice("sms")),
                ("contact_type", choice(contact_type)),
            ]);
            assert!(
                is_complete(form, &a),
                "{} {contact_type}: {:?}",
                form.id,
                validate(form, &a)
            );
        }
        let empty = Answers::new();
        assert_eq!(
            error_ids(form, &empty),
            ["channel", "contact_type"],
            "{}",
            form.id
        );
    }
}

#[test]
fn case_contacts_ask_safety_first_and_require_more() {
    let catalog = catalog();
    let form = catalog.form("child_helpline").unwrap();
    let a = answers(&[
        ("channel", choice("phone_call")),
        ("contact_type", choice("child_about_self")),
    ]);
    let ids = shown(form, &a);
    // Safe contact times wait until a way of making contact is chosen.
    assert_eq!(
        &ids[..6],
        [
            "channel",
            "contact_type",
            "safe_to_talk",
            "safe_contact_method",
            "perpetrator_location",
            "immediate_danger"
        ]
    );
    let errors = error_ids(form, &a);
    for required in [
        "safe_to_talk",
        "immediate_danger",
        "child_age_known",
        "reason_categories",
        "narrative",
        "action_taken",
        "consent_for",
    ] {
        assert!(
            errors.iter().any(|e| e == required),
            "{required} in {errors:?}"
        );
    }
    // The caller block is for someone calling about a child only.
    assert!(!ids.iter().any(|i| i.starts_with("caller_")));
    assert!(!errors.iter().any(|e| e == "caller_relationship"));
    let a = answers(&[
        ("channel", choice("phone_call")),
        ("contact_type", choice("someone_about_child")),
    ]);
    assert!(shown(form, &a).iter().any(|i| i == "caller_relationship"));
    assert!(
        error_ids(form, &a)
            .iter()
            .any(|e| e == "caller_relationship")
    );
}

#[test]
fn field_conditions_follow_earlier_answers() {
    let catalog = catalog();
    let form = catalog.form("child_helpline").unwrap();
    let base = [("contact_type", choice("child_about_self"))];
    let cases: &[(Extra, &str, bool)] = &[
        (&[("child_age_known", choice("known"))], "child_age", true),
        (
            &[("child_age_known", choice("unknown"))],
            "child_age",
            false,
        ),
        (
            &[("safe_contact_method", choice("sms"))],
            "safe_contact_times",
            true,
        ),
        (
            &[("safe_contact_method", choice("do_not_contact"))],
            "safe_contact_times",
            false,
        ),
        (&[], "safe_contact_times", false),
        (
            &[("action_taken", choices(&["referral_other_organisation"]))],
            "referral_organisation",
            true,
        ),
        (
            &[("action_taken", choices(&["referral_police"]))],
            "referral_organisation",
            false,
        ),
        (
            &[("consent_for", choices(&["services", "share_information"]))],
            "consent_share_with",
            true,
        ),
        (
            &[
                ("child_age_known", choice("known")),
                ("child_age", FieldValue::Number(30)),
            ],
            "school_status",
            false,
        ),
        (
            &[
                ("child_age_known", choice("known")),
                ("child_age", FieldValue::Number(12)),
            ],
            "school_status",
            true,
        ),
        // A stale age behind "unknown" counts for nothing.
        (
            &[
                ("child_age_known", choice("unknown")),
                ("child_age", FieldValue::Number(30)),
            ],
            "school_status",
            true,
        ),
    ];
    for (extra, field, expected) in cases {
        let mut a = answers(&base);
        for (id, v) in extra.iter() {
            a.insert(*id, v.clone());
        }
        assert_eq!(
            shown(form, &a).iter().any(|i| i == field),
            *expected,
            "{field} with {extra:?}"
        );
    }
}

#[test]
fn consent_follows_age_rule() {
    let catalog = catalog();
    let form = catalog.form("child_helpline").unwrap();
    // (age, shown consent fields, required consent fields)
    let cases: &[(Option<i64>, &[&str], &[&str])] = &[
        (Some(3), &["consent_caregiver"], &["consent_caregiver"]),
        (
            Some(6),
            &["consent_caregiver", "consent_child_assent"],
            &["consent_caregiver", "consent_child_assent"],
        ),
        (
            Some(14),
            &["consent_caregiver", "consent_child_assent"],
            &["consent_caregiver", "consent_child_assent"],
        ),
        (
            Some(15),
            &["consent_caregiver", "consent_own"],
            &["consent_own"],
        ),
        (
            Some(17),
            &["consent_caregiver", "consent_own"],
            &["consent_own"],
        ),
        (Some(18), &["consent_own"], &["consent_own"]),
        (None, &["consent_caregiver", "consent_own"], &[]),
    ];
    for (age, want_shown, want_required) in cases {
        let mut a = answers(&[("contact_type", choice("child_about_self"))]);
        match age {
            Some(n) => {
                a.insert("child_age_known", choice("known"));
                a.insert("child_age", FieldValue::Number(*n));
            }
            None => a.insert("child_age_known", choice("unknown")),
        }
        let visible = visible_fields(form, &a);
        let consent: Vec<_> = visible
            .iter()
            .filter(|v| {
                ["consent_caregiver", "consent_child_assent", "consent_own"]
                    .contains(&v.field.id.as_str())
            })
            .collect();
        let got_shown: Vec<&str> = consent.iter().map(|v| v.field.id.as_str()).collect();
        let got_required: Vec<&str> = consent
            .iter()
            .filter(|v| v.required)
            .map(|v| v.field.id.as_str())
            .collect();
        assert_eq!(&got_shown, want_shown, "shown at {age:?}");
        assert_eq!(&got_required, want_required, "required at {age:?}");
    }
}

#[test]
fn gbv_questions_stop_at_the_first_yes_and_classify() {
    let catalog = catalog();
    let form = catalog.form(gbv::FORM_ID).unwrap();
    let base = [
        ("contact_type", choice("adult_survivor_about_self")),
        ("survivor_age_known", choice("known")),
        ("survivor_age", FieldValue::Number(16)),
    ];
    let cases: &[(Extra, GbvType, &[&str])] = &[
        (
            &[(gbv::PENETRATION, YES), (gbv::PHYSICAL_ASSAULT, YES)],
            GbvType::Rape,
            &[gbv::PENETRATION],
        ),
        (
            &[(gbv::PENETRATION, NO), (gbv::ATTEMPTED_RAPE, YES)],
            GbvType::SexualAssault,
            &[gbv::PENETRATION, gbv::ATTEMPTED_RAPE],
        ),
        (
            &[
                (gbv::PENETRATION, NO),
                (gbv::ATTEMPTED_RAPE, FieldValue::YesNoDk(YesNoDk::DontKnow)),
                (gbv::FGMC, YES),
            ],
            GbvType::SexualAssault,
            &[gbv::PENETRATION, gbv::ATTEMPTED_RAPE, gbv::FGMC],
        ),
        (
            &[
                (gbv::PENETRATION, NO),
                (gbv::ATTEMPTED_RAPE, NO),
                (gbv::FGMC, NO),
                (gbv::SEXUAL_CONTACT, NO),
                (gbv::PHYSICAL_ASSAULT, NO),
                (gbv::FORCED_MARRIAGE, YES),
            ],
            GbvType::ForcedMarriage,
            &[
                gbv::PENETRATION,
                gbv::ATTEMPTED_RAPE,
                gbv::FGMC,
                gbv::SEXUAL_CONTACT,
                gbv::PHYSICAL_ASSAULT,
                gbv::FORCED_MARRIAGE,
            ],
        ),
    ];
    for (extra, expected, questions) in cases {
        let mut a = answers(&base);
        for (id, v) in extra.iter() {
            a.insert(*id, v.clone());
        }
        let asked: Vec<String> = shown(form, &a)
            .into_iter()
            .filter(|id| id.starts_with("gbv_") && id != "gbv_context")
            .collect();
        assert_eq!(asked, *questions, "{extra:?}");
        let result = gbv::classify(&IncidentFacts::from_answers(form, &a));
        assert_eq!(result.gbv_type, *expected, "{extra:?}");
        assert_eq!(result.early_marriage, *expected == GbvType::ForcedMarriage);
    }

    // A "yes" left behind a question no longer asked does not count.
    let a = answers(&[
        ("contact_type", choice("adult_survivor_about_self")),
        ("survivor_age_known", choice("unknown")),
        ("survivor_age", FieldValue::Number(12)),
        (gbv::PENETRATION, NO),
        (gbv::ATTEMPTED_RAPE, NO),
        (gbv::FGMC, NO),
        (gbv::SEXUAL_CONTACT, NO),
        (gbv::PHYSICAL_ASSAULT, NO),
        (gbv::FORCED_MARRIAGE, YES),
        (gbv::PSYCHOLOGICAL_ABUSE, YES),
    ]);
    let facts = IncidentFacts::from_answers(form, &a);
    assert_eq!(facts.survivor_age, None);
    assert!(!facts.psychological_abuse);
    let result = gbv::classify(&facts);
    assert_eq!(result.gbv_type, GbvType::ForcedMarriage);
    assert!(!result.early_marriage, "age unknown");
}
