//! GBVIMS classification of a gender-based-violence incident (domain
//! reference, section 3).
//!
//! The type is for statistics only: it must never change which services are
//! offered. Context (intimate partner violence, child sexual abuse,
//! exploitation, domestic violence) is recorded beside it, never as a type.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::domain::forms::{Answers, FieldKind, FieldValue, Form, YesNoDk, visible_fields};

/// Id of the form whose answers are classified.
pub const FORM_ID: &str = "gbv";
/// Non-consensual penetration, however slight.
pub const PENETRATION: &str = "gbv_penetration";
/// Attempted rape (no penetration).
pub const ATTEMPTED_RAPE: &str = "gbv_attempted_rape";
/// Female genital mutilation / cutting.
pub const FGMC: &str = "gbv_fgmc";
/// Other non-consensual sexual contact.
pub const SEXUAL_CONTACT: &str = "gbv_sexual_contact";
/// Physical violence that is not sexual.
pub const PHYSICAL_ASSAULT: &str = "gbv_physical_assault";
pub const FORCED_MARRIAGE: &str = "gbv_forced_marriage";
/// Denial of resources, opportunities or services (not general poverty).
pub const DENIAL_OF_RESOURCES: &str = "gbv_denial_of_resources";
pub const PSYCHOLOGICAL_ABUSE: &str = "gbv_psychological_abuse";
/// Whether money, goods, benefits or services were exchanged.
pub const MONEY_OR_GOODS: &str = "money_goods_exchanged";
/// The survivor's age at the time of the incident.
pub const SURVIVOR_AGE: &str = "survivor_age";

/// Yes / no / don't know fields the classification reads.
const YES_NO_FIELDS: [&str; 9] = [
    PENETRATION,
    ATTEMPTED_RAPE,
    FGMC,
    SEXUAL_CONTACT,
    PHYSICAL_ASSAULT,
    FORCED_MARRIAGE,
    DENIAL_OF_RESOURCES,
    PSYCHOLOGICAL_ABUSE,
    MONEY_OR_GOODS,
];

/// The GBVIMS incident type. Ids match the `gbv_incident_types` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GbvType {
    Rape,
    /// Includes attempted rape and FGM/C.
    SexualAssault,
    PhysicalAssault,
    ForcedMarriage,
    DenialOfResources,
    PsychologicalAbuse,
    NonGbv,
}

impl GbvType {
    /// The six core types in the order they are checked: most specific first.
    pub const CORE_ORDER: [GbvType; 6] = [
        GbvType::Rape,
        GbvType::SexualAssault,
        GbvType::PhysicalAssault,
        GbvType::ForcedMarriage,
        GbvType::DenialOfResources,
        GbvType::PsychologicalAbuse,
    ];

    /// Stable id, stored and reported.
    pub fn as_str(self) -> &'static str {
        match self {
            GbvType::Rape => "rape",
            GbvType::SexualAssault => "sexual_assault",
            GbvType::PhysicalAssault => "physical_assault",
            GbvType::ForcedMarriage => "forced_marriage",
            GbvType::DenialOfResources => "denial_of_resources",
            GbvType::PsychologicalAbuse => "psychological_abuse",
            GbvType::NonGbv => "non_gbv",
        }
    }
}

/// What happened, as far as the classification needs to know. `true` means
/// the answer was "yes"; "no" and "don't know" both leave a fact unproven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IncidentFacts {
    pub penetration: bool,
    pub attempted_rape: bool,
    pub fgmc: bool,
    pub sexual_contact: bool,
    pub physical_assault: bool,
    pub forced_marriage: bool,
    pub denial_of_resources: bool,
    pub psychological_abuse: bool,
    pub money_or_goods_exchanged: bool,
    /// Age at the time of the incident, when known.
    pub survivor_age: Option<i64>,
}

impl IncidentFacts {
    /// The facts from answers to the GBV form, reading only fields the form
    /// shows, so a stale answer to a question no longer asked counts for
    /// nothing.
    pub fn from_answers(form: &Form, answers: &Answers) -> IncidentFacts {
        let shown: HashSet<&str> = visible_fields(form, answers)
            .iter()
            .map(|v| v.field.id.as_str())
            .collect();
        let value = |id: &str| shown.contains(id).then(|| answers.get(id));
        let yes = |id: &str| matches!(value(id), Some(FieldValue::YesNoDk(YesNoDk::Yes)));
        IncidentFacts {
            penetration: yes(PENETRATION),
            attempted_rape: yes(ATTEMPTED_RAPE),
            fgmc: yes(FGMC),
            sexual_contact: yes(SEXUAL_CONTACT),
            physical_assault: yes(PHYSICAL_ASSAULT),
            forced_marriage: yes(FORCED_MARRIAGE),
            denial_of_resources: yes(DENIAL_OF_RESOURCES),
            psychological_abuse: yes(PSYCHOLOGICAL_ABUSE),
            money_or_goods_exchanged: yes(MONEY_OR_GOODS),
            survivor_age: match value(SURVIVOR_AGE) {
                Some(FieldValue::Number(n)) => Some(*n),
                _ => None,
            },
        }
    }

    fn shows(&self, gbv_type: GbvType) -> bool {
        match gbv_type {
            // Attempted rape is not rape: it falls to sexual assault.
            GbvType::Rape => self.penetration,
            GbvType::SexualAssault => self.attempted_rape || self.fgmc || self.sexual_contact,
            GbvType::PhysicalAssault => self.physical_assault,
            GbvType::ForcedMarriage => self.forced_marriage,
            GbvType::DenialOfResources => self.denial_of_resources,
            GbvType::PsychologicalAbuse => self.psychological_abuse,
            GbvType::NonGbv => false,
        }
    }
}

/// The type of an incident and the flags derived from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GbvClassification {
    pub gbv_type: GbvType,
    /// Forced marriage of a survivor under 18.
    pub early_marriage: bool,
    /// Rape or sexual assault where money or goods were exchanged.
    pub possible_sexual_exploitation: bool,
}

/// Classifies an incident: the first core type that applies, in
/// [`GbvType::CORE_ORDER`], else non-GBV.
pub fn classify(facts: &IncidentFacts) -> GbvClassification {
    let gbv_type = GbvType::CORE_ORDER
        .into_iter()
        .find(|&t| facts.shows(t))
        .unwrap_or(GbvType::NonGbv);
    GbvClassification {
        gbv_type,
        early_marriage: gbv_type == GbvType::ForcedMarriage
            && facts.survivor_age.is_some_and(|age| age < 18),
        possible_sexual_exploitation: matches!(gbv_type, GbvType::Rape | GbvType::SexualAssault)
            && facts.money_or_goods_exchanged,
    }
}

/// Fields the classification reads that `form` lacks or has with another
/// kind, as `(field id, kind it needs)`.
pub fn missing_fields(form: &Form) -> Vec<(&'static str, &'static str)> {
    let has = |id: &str, ok: fn(&FieldKind) -> bool| form.field(id).is_some_and(|f| ok(&f.kind));
    let mut missing: Vec<(&'static str, &'static str)> = YES_NO_FIELDS
        .into_iter()
        .filter(|id| !has(id, |k| matches!(k, FieldKind::YesNoDk)))
        .map(|id| (id, "yes_no_dk"))
        .collect();
    if !has(SURVIVOR_AGE, |k| matches!(k, FieldKind::Number { .. })) {
        missing.push((SURVIVOR_AGE, "number"));
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(set: &[&str], age: Option<i64>) -> IncidentFacts {
        let on = |id| set.contains(&id);
        IncidentFacts {
            penetration: on(PENETRATION),
            attempted_rape: on(ATTEMPTED_RAPE),
            fgmc: on(FGMC),
            sexual_contact: on(SEXUAL_CONTACT),
            physical_assault: on(PHYSICAL_ASSAULT),
            forced_marriage: on(FORCED_MARRIAGE),
            denial_of_resources: on(DENIAL_OF_RESOURCES),
            psychological_abuse: on(PSYCHOLOGICAL_ABUSE),
            money_or_goods_exchanged: on(MONEY_OR_GOODS),
            survivor_age: age,
        }
    }

    #[test]
    fn first_applicable_type_wins() {
        let cases: &[(&[&str], GbvType)] = &[
            (&[PENETRATION], GbvType::Rape),
            (&[SEXUAL_CONTACT], GbvType::SexualAssault),
            (&[ATTEMPTED_RAPE], GbvType::SexualAssault),
            (&[FGMC], GbvType::SexualAssault),
            (&[PHYSICAL_ASSAULT], GbvType::PhysicalAssault),
            (&[FORCED_MARRIAGE], GbvType::ForcedMarriage),
            (&[DENIAL_OF_RESOURCES], GbvType::DenialOfResources),
            (&[PSYCHOLOGICAL_ABUSE], GbvType::PsychologicalAbuse),
            (&[], GbvType::NonGbv),
            (&[MONEY_OR_GOODS], GbvType::NonGbv),
            (&[PENETRATION, PHYSICAL_ASSAULT], GbvType::Rape),
            (&[PENETRATION, ATTEMPTED_RAPE], GbvType::Rape),
            (
                &[FGMC, PHYSICAL_ASSAULT, FORCED_MARRIAGE],
                GbvType::SexualAssault,
            ),
            (
                &[PHYSICAL_ASSAULT, PSYCHOLOGICAL_ABUSE],
                GbvType::PhysicalAssault,
            ),
            (
                &[FORCED_MARRIAGE, DENIAL_OF_RESOURCES],
                GbvType::ForcedMarriage,
            ),
            (
                &[DENIAL_OF_RESOURCES, PSYCHOLOGICAL_ABUSE],
                GbvType::DenialOfResources,
            ),
            (&YES_NO_FIELDS, GbvType::Rape),
        ];
        for (set, expected) in cases {
            assert_eq!(classify(&facts(set, None)).gbv_type, *expected, "{set:?}");
        }
    }

    #[test]
    fn early_marriage_needs_forced_marriage_under_18() {
        let cases: &[(&[&str], Option<i64>, bool)] = &[
            (&[FORCED_MARRIAGE], Some(17), true),
            (&[FORCED_MARRIAGE], Some(0), true),
            (&[FORCED_MARRIAGE], Some(18), false),
            (&[FORCED_MARRIAGE], None, false),
            (&[PHYSICAL_ASSAULT], Some(17), false),
            // A rape of a married 15-year-old is typed rape; the flag
            // belongs to forced-marriage incidents.
            (&[PENETRATION, FORCED_MARRIAGE], Some(15), false),
        ];
        for (set, age, expected) in cases {
            let got = classify(&facts(set, *age)).early_marriage;
            assert_eq!(got, *expected, "{set:?} at {age:?}");
        }
    }

    #[test]
    fn possible_exploitation_needs_sexual_type_and_exchange() {
        let cases: &[(&[&str], bool)] = &[
            (&[PENETRATION, MONEY_OR_GOODS], true),
            (&[ATTEMPTED_RAPE, MONEY_OR_GOODS], true),
            (&[SEXUAL_CONTACT, MONEY_OR_GOODS], true),
            (&[PENETRATION], false),
            (&[PHYSICAL_ASSAULT, MONEY_OR_GOODS], false),
            (&[MONEY_OR_GOODS], false),
        ];
        for (set, expected) in cases {
            for age in [Some(17), Some(18), None] {
                let got = classify(&facts(set, age)).possible_sexual_exploitation;
                assert_eq!(got, *expected, "{set:?} at {age:?}");
            }
        }
    }

    #[test]
    fn type_ids_are_stable() {
        let ids: Vec<&str> = GbvType::CORE_ORDER.iter().map(|t| t.as_str()).collect();
        assert_eq!(
            ids,
            [
                "rape",
                "sexual_assault",
                "physical_assault",
                "forced_marriage",
                "denial_of_resources",
                "psychological_abuse"
            ]
        );
        assert_eq!(GbvType::NonGbv.as_str(), "non_gbv");
    }
}
