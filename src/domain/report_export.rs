//! The standard aggregate exports (domain reference, section 8): Child
//! Helpline International annual data and GBVIMS monthly statistics.
//!
//! Identifier-free by construction: the inputs are counts per code (the
//! store never hands a name, phone, free text or a date here), the period
//! is named by its year or month only, and small counts are suppressed:
//! a count from 1 to threshold - 1 is written "<threshold", and a total
//! from which a suppressed count could be worked out by subtraction is
//! written "suppressed" (a group's total when any of its counts is, and the
//! section's total when any group's total is).

use serde::Deserialize;

use super::gbv::GbvType;

/// The default suppression threshold: counts 1 to 4 become "<5".
pub const DEFAULT_THRESHOLD: i64 = 5;

/// One age group of an export: `from` to `to` years, both included.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeGroup {
    pub id: String,
    pub from: i64,
    pub to: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChiGroups {
    pub age_groups: Vec<AgeGroup>,
    pub child_contact_types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GbvimsGroups {
    pub age_groups: Vec<AgeGroup>,
}

/// The groupings of both exports (`assets/taxonomies/report_groups.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportGroups {
    pub chi: ChiGroups,
    pub gbvims: GbvimsGroups,
}

impl ExportGroups {
    pub fn parse(text: &str) -> Result<ExportGroups, String> {
        toml::from_str(text).map_err(|e| format!("report groups: {e}"))
    }
}

/// The group an age falls in, or "unknown".
pub fn age_group(groups: &[AgeGroup], age: Option<i64>) -> String {
    age.and_then(|age| {
        groups
            .iter()
            .find(|g| age >= g.from && g.to.is_none_or(|to| age <= to))
    })
    .map_or_else(|| "unknown".into(), |g| g.id.clone())
}

/// One line of an export before suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub section: &'static str,
    pub group: String,
    pub item: String,
    pub count: i64,
}

/// One line of an export as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportLine {
    pub section: &'static str,
    pub group: String,
    pub item: String,
    /// A count of `threshold` or more, "0", "<threshold", or "suppressed".
    pub cell: String,
}

/// Adds `n` to the tally of (section, group, item).
pub fn add(tallies: &mut Vec<Tally>, section: &'static str, group: &str, item: &str, n: i64) {
    match tallies
        .iter_mut()
        .find(|t| t.section == section && t.group == group && t.item == item)
    {
        Some(t) => t.count += n,
        None => tallies.push(Tally {
            section,
            group: group.to_string(),
            item: item.to_string(),
            count: n,
        }),
    }
}

/// The lines of an export: per section (in the order first seen), each
/// group's items, most first, then the group's total, then the section's
/// total when it has more than one group; small counts suppressed.
pub fn suppress(tallies: &[Tally], threshold: i64) -> Vec<ExportLine> {
    let small = |n: i64| n > 0 && n < threshold;
    let cell = |n: i64| {
        if small(n) {
            format!("<{threshold}")
        } else {
            n.to_string()
        }
    };
    let mut sections: Vec<&'static str> = Vec::new();
    for t in tallies {
        if !sections.contains(&t.section) {
            sections.push(t.section);
        }
    }
    let mut lines = Vec::new();
    for section in sections {
        let mut groups: Vec<&str> = Vec::new();
        for t in tallies.iter().filter(|t| t.section == section) {
            if !groups.contains(&t.group.as_str()) {
                groups.push(&t.group);
            }
        }
        groups.sort_unstable();
        let (mut grand, mut grand_hidden) = (0, false);
        for group in &groups {
            let mut items: Vec<&Tally> = tallies
                .iter()
                .filter(|t| t.section == section && t.group == *group)
                .collect();
            items.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.item.cmp(&b.item)));
            let total: i64 = items.iter().map(|t| t.count).sum();
            // Any small cell hides the total, which would give it away.
            let hidden = items.iter().any(|t| small(t.count)) || small(total);
            for t in items {
                lines.push(ExportLine {
                    section,
                    group: t.group.clone(),
                    item: t.item.clone(),
                    cell: cell(t.count),
                });
            }
            lines.push(ExportLine {
                section,
                group: group.to_string(),
                item: "total".into(),
                cell: if hidden && !small(total) {
                    "suppressed".into()
                } else {
                    cell(total)
                },
            });
            grand += total;
            grand_hidden |= hidden;
        }
        if groups.len() > 1 {
            lines.push(ExportLine {
                section,
                group: "all".into(),
                item: "total".into(),
                cell: if grand_hidden && !small(grand) {
                    "suppressed".into()
                } else {
                    cell(grand)
                },
            });
        }
    }
    lines
}

/// What the CHI export counts, as the store reads it for one year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChiCounts {
    /// (channel, contact type, contacts)
    pub by_channel_type: Vec<(String, String, i64)>,
    /// (category, subcategory, contacts) of contacts with a reason
    pub by_reason: Vec<(String, String, i64)>,
    /// (contact type, age or None, gender code, contacts)
    pub by_child: Vec<(String, Option<i64>, String, i64)>,
}

fn code(text: &str) -> &str {
    if text.is_empty() { "unknown" } else { text }
}

/// The CHI annual tallies: contacts by channel and by contact type,
/// reasons by category and subcategory, the child's age group and gender.
pub fn chi_tallies(counts: &ChiCounts, groups: &ChiGroups) -> Vec<Tally> {
    let mut t = Vec::new();
    for (channel, _, n) in &counts.by_channel_type {
        add(&mut t, "contacts_by_channel", "", code(channel), *n);
    }
    for (_, kind, n) in &counts.by_channel_type {
        add(&mut t, "contacts_by_type", "", code(kind), *n);
    }
    for (category, subcategory, n) in &counts.by_reason {
        if category.is_empty() {
            continue;
        }
        // Subcategories are written category.sub; the export names the sub.
        let sub = subcategory
            .strip_prefix(&format!("{category}."))
            .unwrap_or(subcategory);
        add(&mut t, "reasons", category, code(sub), *n);
    }
    for (kind, age, gender, n) in &counts.by_child {
        if !groups.child_contact_types.contains(kind) {
            continue;
        }
        add(
            &mut t,
            "child_age_group",
            "",
            &age_group(&groups.age_groups, *age),
            *n,
        );
        add(&mut t, "child_gender", "", code(gender), *n);
    }
    t
}

/// One GBV incident as the export needs it: its type, the survivor's age
/// and gender code, and the report-delay band chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GbvIncident {
    pub gbv_type: GbvType,
    pub survivor_age: Option<i64>,
    pub survivor_gender: Option<String>,
    pub report_delay: Option<String>,
}

impl GbvIncident {
    /// The incident recorded by answers to the GBV form.
    pub fn from_answers(form: &super::forms::Form, answers: &super::forms::Answers) -> GbvIncident {
        use super::forms::FieldValue;
        let facts = super::gbv::IncidentFacts::from_answers(form, answers);
        let choice = |id: &str| match answers.get(id) {
            FieldValue::Choice(c) if !c.is_empty() => Some(c.clone()),
            _ => None,
        };
        GbvIncident {
            gbv_type: super::gbv::classify(&facts).gbv_type,
            survivor_age: facts.survivor_age,
            survivor_gender: choice("survivor_gender"),
            report_delay: choice("report_delay"),
        }
    }
}

/// The GBVIMS bands of time between incident and report, in order.
pub const REPORT_DELAY_BANDS: [&str; 5] = [
    "days_0_to_3",
    "days_4_to_5",
    "days_6_to_14",
    "weeks_2_to_month_1",
    "over_1_month",
];

/// The GBVIMS monthly tallies: incidents by type, survivors by sex and age
/// group, referrals made by service type, time from incident to report.
pub fn gbvims_tallies(
    incidents: &[GbvIncident],
    referrals_by_service_type: &[(String, i64)],
    groups: &GbvimsGroups,
) -> Vec<Tally> {
    let mut t = Vec::new();
    // Every core type has a line, zero or not, as the GBVIMS table does.
    for kind in GbvType::CORE_ORDER
        .iter()
        .chain(std::iter::once(&GbvType::NonGbv))
    {
        add(&mut t, "incidents_by_type", "", kind.as_str(), 0);
    }
    for i in incidents {
        add(&mut t, "incidents_by_type", "", i.gbv_type.as_str(), 1);
        let sex = code(i.survivor_gender.as_deref().unwrap_or(""));
        let age = age_group(&groups.age_groups, i.survivor_age);
        add(&mut t, "survivors_by_sex_and_age", sex, &age, 1);
        let band = i
            .report_delay
            .as_deref()
            .filter(|b| REPORT_DELAY_BANDS.contains(b))
            .unwrap_or("unknown");
        add(&mut t, "time_incident_to_report", "", band, 1);
    }
    for (service_type, n) in referrals_by_service_type {
        add(
            &mut t,
            "referrals_by_service_type",
            "",
            code(service_type),
            *n,
        );
    }
    t
}

/// The export as CSV text: `period,section,group,item,count`.
pub fn to_csv(period: &str, lines: &[ExportLine]) -> String {
    use super::safe_text::spreadsheet_cell as cell;
    // Codes only, but an organisation's own code may hold a comma or start
    // like a formula: the csv crate quotes, and formulas are neutralised.
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut write = |record: [&str; 5]| {
        // Writing to memory cannot fail.
        let _ = writer.write_record(record);
    };
    write(["period", "section", "group", "item", "count"]);
    for l in lines {
        write([
            &cell(period),
            &cell(l.section),
            &cell(&l.group),
            &cell(&l.item),
            &cell(&l.cell),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
#[path = "report_export_tests.rs"]
mod tests;
