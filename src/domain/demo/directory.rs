//! The demo helpline's service directory: invented organisations with the
//! services a child helpline refers to, at least one of every service type
//! of the reference (section 6), in the places demo cases come from. Names,
//! phone numbers and addresses are made up.

use crate::domain::ServiceType::{self, *};
use crate::domain::service::ServiceRecord;

/// (organisation, type, service name, location, phone, e-mail, opening
/// hours, languages, notes)
type Row = (
    &'static str,
    ServiceType,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const ALWAYS_OPEN: &str = "24 hours, every day";
const OFFICE: &str = "Mon-Fri 08:00-17:00";

const SERVICES: &[Row] = &[
    (
        "Lakeside Women and Children Trust",
        SafeShelter,
        "Nyando Safe House",
        "Kenya / Kisumu / Nyando",
        "+254 700 100 201",
        "intake@lakeside-trust.example",
        ALWAYS_OPEN,
        "sw, en, luo",
        "Emergency shelter for girls, women and their children; admission by phone at any hour.",
    ),
    (
        "Lakeside Women and Children Trust",
        MentalHealth,
        "Lakeside counselling clinic",
        "Kenya / Kisumu / Nyando",
        "+254 700 100 202",
        "counselling@lakeside-trust.example",
        OFFICE,
        "sw, en, luo",
        "Trauma counselling for children and survivors; group sessions on Saturdays.",
    ),
    (
        "Nairobi Children's Shelter Network",
        SafeShelter,
        "Boys' emergency shelter",
        "Kenya / Nairobi / Kibra",
        "+254 700 100 301",
        "",
        ALWAYS_OPEN,
        "sw, en",
        "Boys 8-17; up to 30 nights while a family or foster placement is found.",
    ),
    (
        "Nairobi Children's Shelter Network",
        Education,
        "Back-to-school bridging class",
        "Kenya / Nairobi / Mathare",
        "+254 700 100 302",
        "school@ncsn.example",
        "Mon-Fri 08:00-13:00",
        "sw, en",
        "Catch-up classes for children out of school for more than a term.",
    ),
    (
        "County Department of Children's Services",
        ChildProtection,
        "Children's officer, Kisumu",
        "Kenya / Kisumu / Nyando",
        "+254 700 100 401",
        "children.kisumu@county.example",
        OFFICE,
        "sw, en, luo",
        "Statutory child protection: investigations, alternative care, court orders.",
    ),
    (
        "County Department of Children's Services",
        ChildProtection,
        "Children's officer, Nairobi",
        "Kenya / Nairobi / Embakasi",
        "+254 700 100 402",
        "children.nairobi@county.example",
        OFFICE,
        "sw, en",
        "",
    ),
    (
        "National Police Service",
        Police,
        "Gender and children's desk, Kisumu Central",
        "Kenya / Kisumu / Nyando",
        "+254 700 100 501",
        "",
        ALWAYS_OPEN,
        "sw, en",
        "Report violence against children; officers trained in child-friendly interviews.",
    ),
    (
        "National Police Service",
        Police,
        "Gender desk, Kibra",
        "Kenya / Nairobi / Kibra",
        "+254 700 100 502",
        "",
        ALWAYS_OPEN,
        "sw, en",
        "",
    ),
    (
        "Jaramogi Teaching Hospital",
        Medical,
        "Gender-based violence recovery centre",
        "Kenya / Kisumu / Nyando",
        "+254 700 100 601",
        "gbvrc@jth.example",
        ALWAYS_OPEN,
        "sw, en, luo",
        "Post-rape care within 72 hours: PEP, emergency contraception, forensic exam, P3 form.",
    ),
    (
        "Mathare Community Health",
        Medical,
        "Adolescent health clinic",
        "Kenya / Nairobi / Mathare",
        "+254 700 100 602",
        "",
        "Mon-Sat 08:00-18:00",
        "sw, en",
        "Sexual and reproductive health, HIV testing, pregnancy care for adolescents.",
    ),
    (
        "Haki Legal Aid Centre",
        LegalAid,
        "Children's legal aid desk",
        "Kenya / Kisumu / Nyando",
        "+254 700 100 701",
        "help@haki-legal.example",
        OFFICE,
        "sw, en, luo",
        "Free representation for children and survivors: protection orders, custody, maintenance.",
    ),
    (
        "Haki Legal Aid Centre",
        LegalAid,
        "Court accompaniment",
        "Kenya / Nairobi / Kibra",
        "+254 700 100 702",
        "court@haki-legal.example",
        OFFICE,
        "sw, en",
        "A paralegal goes with the child or survivor to court and the police station.",
    ),
    (
        "Fursa Youth Enterprise",
        Livelihoods,
        "Skills and start-up grants for young survivors",
        "Kenya / Kisumu / Nyando",
        "+254 700 100 801",
        "apply@fursa.example",
        OFFICE,
        "sw, en",
        "Vocational training and small grants for survivors 16-24 leaving shelter.",
    ),
    (
        "Safe Haven Lagos",
        SafeShelter,
        "Girls' shelter Ikeja",
        "Nigeria / Lagos / Ikeja",
        "+234 800 555 0101",
        "",
        ALWAYS_OPEN,
        "en, yo, pcm",
        "Girls 10-17; referral by police, social welfare or the helpline.",
    ),
    (
        "Safe Haven Lagos",
        MentalHealth,
        "Child and family psychosocial support",
        "Nigeria / Lagos / Alimosho",
        "+234 800 555 0102",
        "psychosocial@safehaven.example",
        OFFICE,
        "en, yo",
        "",
    ),
    (
        "Mirror Legal Clinic",
        LegalAid,
        "Legal aid for women and girls",
        "Nigeria / FCT / Abuja Municipal",
        "+234 800 555 0201",
        "clinic@mirror-legal.example",
        OFFICE,
        "en, ha",
        "",
    ),
    (
        "Ubuntu Care Centres",
        SafeShelter,
        "Ubuntu shelter for women and children",
        "South Africa / Gauteng / Soweto",
        "+27 800 555 301",
        "",
        ALWAYS_OPEN,
        "zu, en, st",
        "Women with children and unaccompanied girls; stays up to six months.",
    ),
    (
        "Ubuntu Care Centres",
        Medical,
        "Care centre for survivors of sexual violence",
        "South Africa / KwaZulu-Natal / Umlazi",
        "+27 800 555 302",
        "",
        ALWAYS_OPEN,
        "zu, en",
        "Post-rape care within 72 hours, counselling and court preparation in one place.",
    ),
    (
        "Bal Suraksha Foundation",
        ChildProtection,
        "Child welfare committee liaison",
        "India / Delhi / North East Delhi",
        "+91 11 5550 4010",
        "cwc@balsuraksha.example",
        "Mon-Sat 10:00-17:00",
        "hi, en, ur",
        "",
    ),
    (
        "Bal Suraksha Foundation",
        Education,
        "Learning centre for working children",
        "India / Maharashtra / Mumbai Suburban",
        "+91 22 5550 4011",
        "",
        "Mon-Sat 14:00-19:00",
        "hi, mr",
        "Evening classes and school admission support for child labourers.",
    ),
    (
        "Bantay Bata Partners",
        MentalHealth,
        "Online counselling for adolescents",
        "Philippines / Metro Manila / Quezon City",
        "+63 2 8555 0501",
        "talk@bantay.example",
        "Every day 08:00-22:00",
        "tl, en",
        "Video and chat counselling; suicide-risk follow-up within 24 hours.",
    ),
    (
        "Red de Refugios Solidarios",
        SafeShelter,
        "Refugio temporal para mujeres e hijos",
        "Mexico / Ciudad de México / Iztapalapa",
        "+52 55 5550 0601",
        "",
        ALWAYS_OPEN,
        "es",
        "Confidential address, given by phone after a safety check.",
    ),
    (
        "Conselho Tutelar",
        ChildProtection,
        "Conselho Tutelar Salvador",
        "Brazil / Bahia / Salvador",
        "+55 71 5550 0701",
        "",
        ALWAYS_OPEN,
        "pt",
        "",
    ),
    (
        "Umut Çocuk Derneği",
        Livelihoods,
        "Family income support for refugee households",
        "Türkiye / Gaziantep / Şahinbey",
        "+90 342 555 0801",
        "destek@umut.example",
        OFFICE,
        "tr, ar",
        "Cash support and work permits for families so children can leave work for school.",
    ),
    (
        "Veilig Thuis Regio",
        ChildProtection,
        "Advice and reporting centre for domestic violence",
        "Netherlands / Noord-Holland / Amsterdam",
        "+31 20 555 0901",
        "",
        ALWAYS_OPEN,
        "nl, en",
        "",
    ),
    (
        "Asociația Copii în Siguranță",
        Other,
        "Family mediation and parenting support",
        "Romania / Cluj / Cluj-Napoca",
        "+40 264 555 010",
        "familie@copii.example",
        "Mon-Thu 09:00-18:00",
        "ro, hu",
        "Parenting groups and mediation where conflict at home puts a child at risk.",
    ),
];

/// What kind of body runs each public service; the rest are NGOs.
const GOVERNMENT: &[&str] = &[
    "County Department of Children's Services",
    "National Police Service",
    "Jaramogi Teaching Hospital",
    "Conselho Tutelar",
    "Veilig Thuis Regio",
];

/// The kind of organisation (government or NGO) behind a demo service.
pub fn demo_organisation_type(organisation: &str) -> &'static str {
    if GOVERNMENT.contains(&organisation) {
        "government"
    } else {
        "NGO"
    }
}

/// Every service of the demo directory, each with its organisation.
pub fn demo_services() -> Vec<ServiceRecord> {
    SERVICES
        .iter()
        .map(
            |&(
                organisation,
                service_type,
                name,
                location,
                phone,
                email,
                hours,
                languages,
                notes,
            )| {
                ServiceRecord {
                    organisation: organisation.into(),
                    service_type,
                    name: name.into(),
                    location: location.into(),
                    phone: phone.into(),
                    email: email.into(),
                    opening_hours: hours.into(),
                    languages: languages.into(),
                    notes: notes.into(),
                }
            },
        )
        .collect()
}

/// The indexes (into [`demo_services`]) of the services that fit a case's
/// reason for contact, best first; never empty.
pub(super) fn services_for(category: &str, subcategory: &str) -> &'static [usize] {
    // Indexes into SERVICES, see above.
    match (category, subcategory) {
        (_, "violence.sexual_violence") => &[8, 17, 6, 10],
        (_, "violence.physical_violence") => &[6, 0, 4, 10],
        (_, "violence.child_early_forced_marriage" | "violence.female_genital_mutilation") => {
            &[4, 0, 10, 18]
        }
        (_, "violence.child_labour") => &[19, 23, 4],
        (_, "violence.trafficking" | "violence.commercial_sexual_exploitation") => &[7, 13, 4, 15],
        (_, "access_to_services.legal") => &[10, 11, 15],
        (_, "access_to_services.education" | "education_work.academic") => &[3, 19],
        (_, "access_to_services.essential_needs") => &[12, 23, 2],
        ("violence", _) => &[4, 5, 0, 2, 16, 21, 22, 24],
        ("missing_children", _) => &[7, 5, 22],
        ("mental_health", _) => &[1, 20, 14],
        ("physical_health", _) => &[9, 8],
        ("family_relationships", _) => &[25, 4, 1],
        _ => &[1, 25, 20],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_service_type_is_offered_and_every_record_is_valid() {
        let services = demo_services();
        let types: BTreeSet<_> = services.iter().map(|s| s.service_type.as_str()).collect();
        assert_eq!(types.len(), ServiceType::ALL.len(), "{types:?}");
        let organisations: BTreeSet<_> = services.iter().map(|s| &s.organisation).collect();
        assert!(organisations.len() >= 8);
        let mut keys = BTreeSet::new();
        for s in &services {
            assert!(
                ServiceRecord::from_fields(s.to_fields()).is_ok(),
                "{}",
                s.name
            );
            assert!(keys.insert(s.duplicate_key()), "duplicate {}", s.name);
            assert!(!s.location.is_empty() && !s.phone.is_empty() && !s.languages.is_empty());
            assert!(!s.opening_hours.is_empty());
        }
    }

    #[test]
    fn referral_choices_point_at_fitting_services() {
        let services = demo_services();
        for (reason, wanted) in [
            ("violence.sexual_violence", ServiceType::Medical),
            ("violence.physical_violence", ServiceType::Police),
            ("access_to_services.legal", ServiceType::LegalAid),
            ("mental_health.self_harm", ServiceType::MentalHealth),
        ] {
            let category = reason.split_once('.').unwrap().0;
            let choices = services_for(category, reason);
            assert!(!choices.is_empty());
            assert!(choices.iter().all(|&i| i < services.len()));
            assert_eq!(services[choices[0]].service_type, wanted, "{reason}");
        }
    }
}
