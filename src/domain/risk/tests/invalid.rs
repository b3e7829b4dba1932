//! Invalid instrument files: each is refused with an error that names the
//! file and the place in it.

use super::*;
use crate::domain::risk::{InstrumentError, Place, Problem};

/// (file name, text)
type Fixture = (&'static str, &'static str);

macro_rules! fixture {
    ($name:literal) => {
        (
            concat!($name, ".toml"),
            include_str!(concat!(
                "../../../../tests/fixtures/instruments/invalid/",
                $name,
                ".toml"
            )),
        )
    };
}

#[test]
fn the_fixture_base_is_valid() {
    let text = include_str!("../../../../tests/fixtures/instruments/valid/minimal.toml");
    let instrument = Instrument::parse("minimal.toml", text).unwrap();
    assert_eq!(instrument.items().len(), 2);
}

#[test]
fn invalid_files_name_the_file_and_the_place() {
    let cases: Vec<(Fixture, Place, &str, Option<Problem>)> = vec![
        (
            fixture!("unknown_field_item"),
            Place::Item("weapons".into()),
            "item `weapons`: unknown field `colour`",
            None,
        ),
        (
            fixture!("unknown_field_top"),
            Place::Line(4),
            "line 4: unknown field `auther`",
            None,
        ),
        (
            fixture!("unknown_field_rule"),
            Place::Rule("weapons_high".into()),
            "rule `weapons_high`: unknown field `levle`",
            None,
        ),
        (
            fixture!("duplicate_item"),
            Place::Item("threats".into()),
            "item `threats`: the id is used more than once",
            Some(Problem::Duplicate),
        ),
        (
            fixture!("duplicate_rule"),
            Place::Rule("weapons_high".into()),
            "rule `weapons_high`: the id is used more than once",
            Some(Problem::Duplicate),
        ),
        (
            fixture!("condition_unknown_item"),
            Place::Item("weapons".into()),
            "item `weapons`: refers to unknown item `threat`",
            Some(Problem::UnknownItem("threat".into())),
        ),
        (
            fixture!("condition_later_item"),
            Place::Item("threats".into()),
            "item `threats`: refers to item `weapons`, which is not asked before this one",
            Some(Problem::LaterItem("weapons".into())),
        ),
        (
            fixture!("condition_self"),
            Place::Item("weapons".into()),
            "item `weapons`: refers to item `weapons`",
            Some(Problem::LaterItem("weapons".into())),
        ),
        (
            fixture!("rule_unknown_item"),
            Place::Rule("weapons_high".into()),
            "rule `weapons_high`: refers to unknown item `knife`",
            Some(Problem::UnknownItem("knife".into())),
        ),
        (
            fixture!("bad_level"),
            Place::Result("high".into()),
            "result `high`: unknown level `severe`",
            Some(Problem::UnknownLevel("severe".into())),
        ),
        (
            fixture!("bad_floor_level"),
            Place::Rule("weapons_high".into()),
            "rule `weapons_high`: unknown level `urgent`",
            Some(Problem::UnknownLevel("urgent".into())),
        ),
        (
            fixture!("unknown_answer"),
            Place::Item("weapons".into()),
            "item `weapons`: unknown answer `maybe` for item `threats`",
            None,
        ),
        (
            fixture!("unknown_result"),
            Place::Rule("weapons_high".into()),
            "rule `weapons_high`: unknown result `severe`",
            Some(Problem::UnknownResult("severe".into())),
        ),
        (
            fixture!("results_out_of_order"),
            Place::Result("high".into()),
            "result `high`: results must be listed from least to most severe",
            None,
        ),
        (
            fixture!("bad_condition_shape"),
            Place::Rule("weapons_high".into()),
            "rule `weapons_high`: a condition on `item` needs exactly one of",
            None,
        ),
        (fixture!("syntax_error"), Place::Line(3), "line 3: ", None),
        (
            fixture!("field_not_for_kind"),
            Place::Item("weapons".into()),
            "item `weapons`: `min/max` does not apply to a yes_no item",
            None,
        ),
        (
            fixture!("at_least_on_yes_no"),
            Place::Rule("weapons_high".into()),
            "rule `weapons_high`: `at_least` needs a number or choice item",
            Some(Problem::NotNumeric("weapons".into())),
        ),
        (
            fixture!("bad_band_order"),
            Place::Band(2),
            "score band 2: the first band must start at 0",
            Some(Problem::BandOrder(0)),
        ),
        (
            fixture!("missing_item_id"),
            Place::Item("#2".into()),
            "item `#2`: missing field `id`",
            None,
        ),
        (
            fixture!("bad_version"),
            Place::Instrument,
            "instrument: version must be a whole number of 1 or more, not 0",
            Some(Problem::BadVersion(0)),
        ),
        (
            fixture!("two_effects"),
            Place::Rule("weapons_high".into()),
            "rule `weapons_high`: a rule needs exactly one of",
            Some(Problem::RuleEffect),
        ),
        (
            fixture!("weight_overflow"),
            Place::Item("threats".into()),
            "item `threats`: weight 4611686018427387904 is too large (at most 1000)",
            Some(Problem::WeightTooLarge(4_611_686_018_427_387_904)),
        ),
        (
            fixture!("band_too_high"),
            Place::Band(2),
            "score band 2: band minimum 9223372036854775807 is too large",
            Some(Problem::BandTooHigh(i64::MAX)),
        ),
    ];
    for ((file, text), place, message, problem) in cases {
        let err = Instrument::parse(file, text).expect_err(file);
        let InstrumentError::Invalid {
            file: named,
            place: got_place,
            problem: got_problem,
        } = &err
        else {
            panic!("{file}: unexpected error {err:?}");
        };
        assert_eq!(named, file);
        assert_eq!(got_place, &place, "{file}: {err}");
        let shown = err.to_string();
        assert!(
            shown.starts_with(&format!("{file}: {message}")),
            "{file}: got `{shown}`"
        );
        assert!(!shown.contains('\n'), "one line: {shown}");
        if let Some(problem) = problem {
            assert_eq!(got_problem, &problem, "{file}");
        }
    }
}

#[test]
fn the_example_message_reads_as_documented() {
    let text = include_str!("../../../../tests/fixtures/instruments/invalid/unknown_answer.toml");
    let err = Instrument::parse("dash.toml", text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "dash.toml: item `weapons`: unknown answer `maybe` for item `threats` (expected yes, no, dont_know or refused)"
    );
}

#[test]
fn odd_input_is_an_error_not_a_panic() {
    let texts = [
        "",
        "\u{0}",
        "id = 3",
        "[[items]]\nid = \"é\"",
        "items = 4",
        "version = 99999999999",
    ];
    for text in texts {
        assert!(Instrument::parse("odd.toml", text).is_err(), "{text:?}");
    }
}

#[test]
fn weights_that_together_pass_the_bound_are_refused() {
    let base = include_str!("../../../../tests/fixtures/instruments/valid/minimal.toml");
    let mut text = base.replace("weight = 1\n", "weight = 1000\n");
    for n in 0..1000 {
        text.push_str(&format!(
            "\n[[items]]\nid = \"extra{n}\"\ntext = \"Q?\"\nkind = \"yes_no\"\nweight = 1000\n"
        ));
    }
    let err = Instrument::parse("big.toml", &text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "big.toml: instrument: the weights add up to more than 1000000; use smaller weights"
    );
}

#[test]
fn a_total_that_would_overflow_stays_at_the_top_instead_of_wrapping() {
    let text = include_str!("../../../../tests/fixtures/instruments/valid/minimal.toml");
    let mut instrument = Instrument::parse("minimal.toml", text).unwrap();
    // Built past the parser's bounds, as a future bug might.
    for item in &mut instrument.items {
        item.kind = crate::domain::risk::instrument::AnswerKind::YesNo {
            weight: i64::MAX / 2 + 1,
        };
    }
    let given = super::answers(&[("threats", Answer::Yes), ("weapons", Answer::Yes)]);
    let outcome = crate::domain::risk::scoring::score(&instrument, &given);
    assert_eq!(outcome.score, i64::MAX);
    assert_eq!(outcome.result_name, "high");
    assert_eq!(outcome.level, crate::domain::RiskLevel::High);
    assert_eq!(instrument.max_score(), i64::MAX);
}
