use super::*;

/// The reference weights: critical 5, high 3, medium 2, low and none 1.
const W: crate::domain::workload::RiskWeights = crate::domain::workload::RiskWeights {
    none: 1,
    low: 1,
    medium: 2,
    high: 3,
    critical: 5,
};

fn counts(pairs: &[(&str, i64)]) -> Vec<(String, i64)> {
    pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

fn cells(table: &ReportTable) -> Vec<(String, Vec<String>)> {
    table
        .rows
        .iter()
        .map(|r| (r.label.clone(), r.values.iter().map(|v| v.raw()).collect()))
        .collect()
}

#[test]
fn percentiles_take_the_nearest_rank() {
    let table: [(&[i64], u32, Option<i64>); 7] = [
        (&[], 50, None),
        (&[7], 50, Some(7)),
        (&[7], 90, Some(7)),
        (&[4, 1, 3, 2], 50, Some(2)),
        (&[4, 1, 3, 2], 90, Some(4)),
        (&[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90, Some(90)),
        (&[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 50, Some(50)),
    ];
    for (samples, p, want) in table {
        assert_eq!(percentile(samples, p), want, "{samples:?} p{p}");
    }
}

#[test]
fn counts_merge_blank_codes_and_sort_most_first() {
    let t = build(
        ReportData::Counts(
            ReportName::Categories,
            counts(&[
                ("violence", 3),
                ("", 1),
                ("mental_health", 3),
                ("", 2),
                ("x", 0),
            ]),
        ),
        0,
        &W,
    );
    assert_eq!(
        cells(&t),
        vec![
            ("(not recorded)".into(), vec!["3".into(), "33.3".into()]),
            ("mental_health".into(), vec!["3".into(), "33.3".into()]),
            ("violence".into(), vec!["3".into(), "33.3".into()]),
            ("total".into(), vec!["9".into(), "100.0".into()]),
        ]
    );
}

#[test]
fn hours_move_to_the_helpline_clock() {
    let mut utc = [0; 24];
    utc[0] = 5;
    utc[23] = 2;
    let t = build(ReportData::Hours(utc), 3, &W);
    assert_eq!(t.rows.len(), 24);
    assert_eq!(t.rows[3].label, "03:00");
    assert_eq!(t.rows[3].values, vec![Value::Count(5)]);
    assert_eq!(t.rows[2].values, vec![Value::Count(2)]);
    let west = build(ReportData::Hours(utc), -1, &W);
    assert_eq!(west.rows[23].values, vec![Value::Count(5)]);
}

#[test]
fn hang_ups_and_silent_contacts_are_abandoned() {
    let t = build(
        ReportData::Answered(counts(&[
            ("child_about_self", 6),
            ("hang_up", 1),
            ("silent", 1),
            ("prank_abusive", 2),
        ])),
        0,
        &W,
    );
    assert_eq!(
        cells(&t),
        vec![
            ("answered".into(), vec!["8".into(), "80.0".into()]),
            ("abandoned".into(), vec!["2".into(), "20.0".into()]),
            ("total".into(), vec!["10".into(), "100.0".into()]),
        ]
    );
}

#[test]
fn handle_time_averages_per_channel_and_overall() {
    let t = build(
        ReportData::HandleTime(vec![
            ("sms".into(), 2, 100),
            ("phone_call".into(), 3, 900),
            ("email".into(), 0, 0),
        ]),
        0,
        &W,
    );
    assert_eq!(
        cells(&t),
        vec![
            ("phone_call".into(), vec!["3".into(), "300".into()]),
            ("sms".into(), vec!["2".into(), "50".into()]),
            ("all channels".into(), vec!["5".into(), "200".into()]),
        ]
    );
    assert_eq!(t.rows[0].values[1].display(), "5m 00s");
}

#[test]
fn follow_ups_on_time_by_the_end_of_the_next_day() {
    let table = [
        (100, 100, true),
        (100, 50, true),
        (0, 86_400, true),
        (0, 86_401, false),
    ];
    for (due, done, want) in table {
        assert_eq!(on_time(due, done), want, "{due} {done}");
    }
    let t = build(
        ReportData::FollowUps(FollowUpCounts {
            on_time: 3,
            late: 1,
            unscheduled: 2,
        }),
        0,
        &W,
    );
    assert_eq!(
        cells(&t),
        vec![
            ("on time".into(), vec!["3".into(), "75.0".into()]),
            ("late".into(), vec!["1".into(), "25.0".into()]),
            ("not scheduled".into(), vec!["2".into(), "".into()]),
        ]
    );
}

#[test]
fn caseload_weighs_levels() {
    // none, low, medium, high, critical
    let t = build(
        ReportData::Caseload(vec![
            ("amina".into(), [1, 1, 0, 0, 1]),
            ("bo".into(), [0, 0, 1, 2, 0]),
        ]),
        0,
        &W,
    );
    assert_eq!(
        cells(&t),
        vec![
            (
                "bo".into(),
                ["8", "3", "0", "2", "1", "0", "0"]
                    .map(String::from)
                    .to_vec()
            ),
            (
                "amina".into(),
                ["7", "3", "1", "0", "0", "1", "1"]
                    .map(String::from)
                    .to_vec()
            ),
        ]
    );
}

#[test]
fn timings_give_median_and_ninetieth_percentile() {
    let t = build(
        ReportData::Timings(TimingSamples {
            to_case: vec![60, 120, 180],
            to_assignment: vec![3600],
            to_first_referral: vec![],
            to_referral_accepted: vec![86_400, 172_800],
        }),
        0,
        &W,
    );
    assert_eq!(
        cells(&t),
        vec![
            (
                "to case opened".into(),
                vec!["3".into(), "120".into(), "180".into()]
            ),
            (
                "to assignment".into(),
                vec!["1".into(), "3600".into(), "3600".into()]
            ),
            (
                "to first referral".into(),
                vec!["0".into(), "".into(), "".into()]
            ),
            (
                "to referral accepted".into(),
                vec!["2".into(), "86400".into(), "172800".into()]
            ),
        ]
    );
}

#[test]
fn names_round_trip_and_durations_read_as_words() {
    for name in ReportName::ALL {
        assert_eq!(ReportName::parse(name.as_str()), Some(name));
    }
    assert_eq!(ReportName::parse("nope"), None);
    let table = [
        (0, "0m 00s"),
        (65, "1m 05s"),
        (3600, "1h 00m"),
        (90_061, "1d 1h"),
    ];
    for (secs, want) in table {
        assert_eq!(duration_words(secs), want);
    }
}
