//! The catalog: shipped instruments and an organisation's overrides.

use super::*;
use crate::domain::RiskLevel;
use crate::domain::risk::{InstrumentError, Place, Problem, score};

const SMALL_DASH: &str = r#"
id = "dash"
version = 2
title = "Our domestic-abuse checklist"
credit = "After SafeLives DASH; our wording"

[[items]]
id = "strangulation"
text = "Have they ever tried to choke you?"
kind = "yes_no"
weight = 1

[[results]]
name = "standard"
level = "low"

[[results]]
name = "high"
level = "high"

[[bands]]
min = 0
result = "standard"

[[bands]]
min = 1
result = "high"
"#;

const WELLBEING: &str = r#"
id = "wellbeing"
version = 1
title = "Wellbeing check"
credit = "Written by our organisation"

[[items]]
id = "mood"
text = "How have you felt this week?"
kind = "choice"
options = [
    { value = 0, label = "Fine", weight = 0 },
    { value = 1, label = "Low at times", weight = 1 },
    { value = 2, label = "Low most days", weight = 3 },
]

[[items]]
id = "sleep_nights"
text = "How many nights did you sleep badly?"
kind = "number"
max = 7

[[results]]
name = "ok"
level = "none"

[[results]]
name = "watch"
level = "medium"

[[bands]]
min = 0
result = "ok"

[[bands]]
min = 3
result = "watch"

[[rules]]
id = "no_sleep"
when = { item = "sleep_nights", at_least = 5 }
floor = "low"
reason = "Sleeping badly most nights"
"#;

#[test]
fn ships_four_instruments_with_credits() {
    let catalog = Catalog::shipped().unwrap();
    let ids: Vec<&str> = catalog.instruments().map(|i| i.id()).collect();
    assert_eq!(ids, ["asq", "cssrs", "dash", "cp_risk"]);
    for instrument in catalog.instruments() {
        assert!(instrument.version() >= 1);
        assert!(!instrument.credit().is_empty() && !instrument.title().is_empty());
        assert!(!instrument.description().is_empty());
        assert!(
            instrument
                .items()
                .iter()
                .all(|i| !i.text.is_empty() && !i.help.is_empty()),
            "{}",
            instrument.id()
        );
    }
    assert_eq!(catalog.source_file("cp_risk"), Some("cp_risk.toml"));
}

#[test]
fn an_organisation_file_replaces_or_adds() {
    let catalog = Catalog::with_overrides(vec![
        ("our_dash.toml".into(), SMALL_DASH.into()),
        ("wellbeing.toml".into(), WELLBEING.into()),
    ])
    .unwrap();
    let ids: Vec<&str> = catalog.instruments().map(|i| i.id()).collect();
    assert_eq!(ids, ["asq", "cssrs", "dash", "cp_risk", "wellbeing"]);
    let dash = catalog.get("dash").unwrap();
    assert_eq!((dash.version(), dash.items().len()), (2, 1));
    assert_eq!(catalog.source_file("dash"), Some("our_dash.toml"));
    assert_eq!(
        score(dash, &answers(&[("strangulation", Answer::Yes)])).level,
        RiskLevel::High
    );

    let wellbeing = catalog.get("wellbeing").unwrap();
    assert_eq!(wellbeing.max_score(), 3);
    let cases = [
        (
            vec![("mood", Answer::Value(2))],
            3,
            "watch",
            RiskLevel::Medium,
        ),
        (vec![("mood", Answer::Value(1))], 1, "ok", RiskLevel::None),
        (
            vec![
                ("mood", Answer::Value(1)),
                ("sleep_nights", Answer::Value(6)),
            ],
            1,
            "ok",
            RiskLevel::Low,
        ),
        (
            vec![("sleep_nights", Answer::Value(9))],
            0,
            "ok",
            RiskLevel::None,
        ),
    ];
    for (list, total, result, level) in cases {
        let outcome = score(wellbeing, &answers(&list));
        assert_eq!(
            (outcome.score, outcome.result_name.as_str(), outcome.level),
            (total, result, level),
            "{list:?}"
        );
    }
}

#[test]
fn a_bad_or_duplicate_file_is_refused_by_name() {
    let bad = SMALL_DASH.replace("level = \"high\"", "level = \"severe\"");
    let err = Catalog::with_overrides(vec![("our_dash.toml".into(), bad)]).unwrap_err();
    assert_eq!(
        err,
        InstrumentError::Invalid {
            file: "our_dash.toml".into(),
            place: Place::Result("high".into()),
            problem: Problem::UnknownLevel("severe".into()),
        }
    );
    assert!(
        err.to_string()
            .starts_with("our_dash.toml: result `high`: unknown level `severe`")
    );

    let err = Catalog::with_overrides(vec![
        ("a.toml".into(), SMALL_DASH.into()),
        ("b.toml".into(), SMALL_DASH.into()),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "b.toml: instrument `dash` is also defined in a.toml"
    );
    assert_eq!(err.file(), "b.toml");
}
