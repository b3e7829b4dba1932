use super::*;

fn groups() -> ExportGroups {
    ExportGroups::parse(crate::assets::REPORT_GROUPS).unwrap()
}

fn tally(section: &'static str, group: &str, item: &str, count: i64) -> Tally {
    Tally {
        section,
        group: group.into(),
        item: item.into(),
        count,
    }
}

fn cells(lines: &[ExportLine]) -> Vec<(String, String, String)> {
    lines
        .iter()
        .map(|l| (l.group.clone(), l.item.clone(), l.cell.clone()))
        .collect()
}

fn row(group: &str, item: &str, cell: &str) -> (String, String, String) {
    (group.into(), item.into(), cell.into())
}

#[test]
fn the_shipped_groups_parse_and_place_every_age() {
    let g = groups();
    let table = [
        (Some(0), "0-6", "0-11"),
        (Some(6), "0-6", "0-11"),
        (Some(7), "7-9", "0-11"),
        (Some(12), "10-12", "12-17"),
        (Some(17), "16-17", "12-17"),
        (Some(18), "18+", "18-25"),
        (Some(61), "18+", "61+"),
        (Some(-1), "unknown", "unknown"),
        (None, "unknown", "unknown"),
    ];
    for (age, chi, gbv) in table {
        assert_eq!(age_group(&g.chi.age_groups, age), chi, "{age:?}");
        assert_eq!(age_group(&g.gbvims.age_groups, age), gbv, "{age:?}");
    }
}

#[test]
fn small_counts_and_the_totals_that_would_reveal_them_are_suppressed() {
    let t = [
        // One group, one small cell: the total would give it away.
        tally("a", "", "x", 10),
        tally("a", "", "y", 3),
        tally("a", "", "z", 0),
        // Two groups; the second's total is hidden, so the section's is too.
        tally("b", "g1", "x", 7),
        tally("b", "g2", "x", 9),
        tally("b", "g2", "y", 1),
        // Nothing small: every total shown.
        tally("c", "", "x", 5),
        tally("c", "", "y", 6),
        // A total that is itself small.
        tally("d", "", "x", 2),
    ];
    let lines = suppress(&t, 5);
    assert_eq!(
        cells(&lines),
        vec![
            row("", "x", "10"),
            row("", "y", "<5"),
            row("", "z", "0"),
            row("", "total", "suppressed"),
            row("g1", "x", "7"),
            row("g1", "total", "7"),
            row("g2", "x", "9"),
            row("g2", "y", "<5"),
            row("g2", "total", "suppressed"),
            row("all", "total", "suppressed"),
            row("", "y", "6"),
            row("", "x", "5"),
            row("", "total", "11"),
            row("", "x", "<5"),
            row("", "total", "<5"),
        ]
    );
    // A higher threshold is honoured.
    let lines = suppress(&[tally("c", "", "x", 9), tally("c", "", "y", 10)], 10);
    assert_eq!(
        cells(&lines),
        vec![
            row("", "y", "10"),
            row("", "x", "<10"),
            row("", "total", "suppressed")
        ]
    );
}

#[test]
fn chi_counts_channels_types_reasons_and_children() {
    let counts = ChiCounts {
        by_channel_type: vec![
            ("phone_call".into(), "child_about_self".into(), 6),
            ("sms".into(), "child_about_self".into(), 5),
            ("phone_call".into(), "silent".into(), 7),
        ],
        by_reason: vec![
            ("violence".into(), "violence.bullying".into(), 6),
            ("violence".into(), "violence.neglect".into(), 5),
            ("".into(), "".into(), 7),
        ],
        by_child: vec![
            ("child_about_self".into(), Some(8), "girl".into(), 6),
            ("child_about_self".into(), None, "".into(), 5),
            ("silent".into(), None, "".into(), 7),
        ],
    };
    let lines = suppress(&chi_tallies(&counts, &groups().chi), 5);
    let of = |section: &str| {
        lines
            .iter()
            .filter(|l| l.section == section)
            .map(|l| format!("{}/{}={}", l.group, l.item, l.cell))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        of("contacts_by_channel"),
        ["/phone_call=13", "/sms=5", "/total=18"]
    );
    assert_eq!(
        of("contacts_by_type"),
        ["/child_about_self=11", "/silent=7", "/total=18"]
    );
    assert_eq!(
        of("reasons"),
        [
            "violence/bullying=6",
            "violence/neglect=5",
            "violence/total=11"
        ]
    );
    assert_eq!(of("child_age_group"), ["/7-9=6", "/unknown=5", "/total=11"]);
    assert_eq!(of("child_gender"), ["/girl=6", "/unknown=5", "/total=11"]);
}

#[test]
fn gbvims_lists_every_type_and_bands_the_delay() {
    let incident = |t, age, delay: &str| GbvIncident {
        gbv_type: t,
        survivor_age: age,
        survivor_gender: Some("girl".into()),
        report_delay: Some(delay.into()),
    };
    let mut incidents = Vec::new();
    for _ in 0..5 {
        incidents.push(incident(GbvType::Rape, Some(15), "days_0_to_3"));
    }
    incidents.push(incident(GbvType::PhysicalAssault, Some(30), "whenever"));
    let lines = suppress(
        &gbvims_tallies(&incidents, &[("medical".into(), 6)], &groups().gbvims),
        5,
    );
    let of = |section: &str| {
        lines
            .iter()
            .filter(|l| l.section == section)
            .map(|l| format!("{}/{}={}", l.group, l.item, l.cell))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        of("incidents_by_type"),
        [
            "/rape=5",
            "/physical_assault=<5",
            "/denial_of_resources=0",
            "/forced_marriage=0",
            "/non_gbv=0",
            "/psychological_abuse=0",
            "/sexual_assault=0",
            "/total=suppressed"
        ]
    );
    assert_eq!(
        of("time_incident_to_report"),
        ["/days_0_to_3=5", "/unknown=<5", "/total=suppressed"]
    );
    assert_eq!(of("referrals_by_service_type"), ["/medical=6", "/total=6"]);
    let csv = to_csv("2026-11", &lines);
    assert!(
        csv.starts_with("period,section,group,item,count\n2026-11,incidents_by_type,,rape,5\n")
    );
}

#[test]
fn an_organisations_own_code_is_quoted_and_never_a_formula() {
    let lines = [ExportLine {
        section: "reasons",
        group: "=HYPERLINK(\"x\")".into(),
        item: "a,b".into(),
        cell: "<5".into(),
    }];
    let text = to_csv("2026", &lines);
    let second = text.lines().nth(1).unwrap();
    assert!(second.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
    assert!(second.contains("\"a,b\""), "{text}");
    assert!(text.starts_with("period,section,group,item,count\n"));
}
