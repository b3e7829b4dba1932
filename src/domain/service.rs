//! The service directory: the kinds of service a helpline refers to
//! (domain reference, section 6) and the rules one directory entry obeys,
//! whether typed on a screen or imported from a CSV file.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The kind of help a service gives. Offering a service never depends on
/// the GBV incident type (reference, section 3): the operator chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceType {
    SafeShelter,
    Police,
    Medical,
    MentalHealth,
    LegalAid,
    ChildProtection,
    Education,
    Livelihoods,
    Other,
}

impl ServiceType {
    /// Every service type, in the order screens list them.
    pub const ALL: [ServiceType; 9] = [
        ServiceType::SafeShelter,
        ServiceType::Police,
        ServiceType::Medical,
        ServiceType::MentalHealth,
        ServiceType::LegalAid,
        ServiceType::ChildProtection,
        ServiceType::Education,
        ServiceType::Livelihoods,
        ServiceType::Other,
    ];

    /// Stable code stored in the database and written in CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::SafeShelter => "safe_shelter",
            ServiceType::Police => "police",
            ServiceType::Medical => "medical",
            ServiceType::MentalHealth => "mental_health",
            ServiceType::LegalAid => "legal_aid",
            ServiceType::ChildProtection => "child_protection",
            ServiceType::Education => "education",
            ServiceType::Livelihoods => "livelihoods",
            ServiceType::Other => "other",
        }
    }

    /// Human label for screens and the case timeline.
    pub fn label(self) -> &'static str {
        match self {
            ServiceType::SafeShelter => "Safe shelter",
            ServiceType::Police => "Police / gender desk",
            ServiceType::Medical => "Medical care (incl. post-rape care)",
            ServiceType::MentalHealth => "Mental health / psychosocial",
            ServiceType::LegalAid => "Legal aid",
            ServiceType::ChildProtection => "Child protection services",
            ServiceType::Education => "Education",
            ServiceType::Livelihoods => "Livelihoods",
            ServiceType::Other => "Other",
        }
    }

    /// The types whose code or label has a word starting with `prefix`
    /// (case-insensitive), so type-to-search finds "shelter" or "legal".
    pub fn matching_prefix(prefix: &str) -> Vec<ServiceType> {
        let wanted = prefix.trim().to_lowercase();
        if wanted.is_empty() {
            return Vec::new();
        }
        ServiceType::ALL
            .into_iter()
            .filter(|t| {
                let label = t.label().to_lowercase();
                t.as_str().starts_with(&wanted)
                    || t.as_str().split('_').any(|w| w.starts_with(&wanted))
                    || label.starts_with(&wanted)
                    || label
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w.starts_with(&wanted))
            })
            .collect()
    }
}

impl fmt::Display for ServiceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text is not one of the service type codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown service type `{0}` (expected safe_shelter, police, medical, mental_health, legal_aid, child_protection, education, livelihoods or other)"
)]
pub struct UnknownServiceType(pub String);

impl FromStr for ServiceType {
    type Err = UnknownServiceType;

    /// Accepts the code in any case, with spaces or hyphens for the
    /// underscores, as spreadsheets tend to write it.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        ServiceType::ALL
            .into_iter()
            .find(|t| t.as_str() == wanted)
            .ok_or_else(|| UnknownServiceType(s.chars().take(40).collect()))
    }
}

/// One entry of the service directory, as imported, exported and edited.
/// Optional fields are empty strings rather than absent, so a CSV file and
/// the database hold the same thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRecord {
    pub organisation: String,
    pub service_type: ServiceType,
    pub name: String,
    pub location: String,
    pub phone: String,
    pub email: String,
    pub opening_hours: String,
    pub languages: String,
    pub notes: String,
}

/// The fields of a directory entry: the CSV columns, in the order export
/// writes them, with the longest text each may hold (in characters).
pub const FIELDS: [Field; 9] = [
    Field::new("organisation", 200, true, false),
    Field::new("service_type", 40, true, false),
    Field::new("name", 200, true, false),
    Field::new("location", 200, false, false),
    Field::new("phone", 60, false, false),
    Field::new("email", 254, false, false),
    Field::new("opening_hours", 300, false, true),
    Field::new("languages", 200, false, false),
    Field::new("notes", 2000, false, true),
];

/// One field of a directory entry and its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub max_chars: usize,
    pub required: bool,
    /// Notes and opening hours may span lines; a name on two lines is a
    /// mistake (usually a broken quote in a spreadsheet).
    pub multiline: bool,
}

impl Field {
    const fn new(name: &'static str, max_chars: usize, required: bool, multiline: bool) -> Field {
        Field {
            name,
            max_chars,
            required,
            multiline,
        }
    }
}

impl ServiceRecord {
    /// Builds and checks an entry from raw text fields in [`FIELDS`] order,
    /// trimming surrounding spaces. Returns every problem found, each naming
    /// its field but never repeating the text.
    pub fn from_fields(values: [&str; 9]) -> Result<ServiceRecord, Vec<String>> {
        let mut problems = Vec::new();
        for (field, value) in FIELDS.iter().zip(values) {
            if let Some(problem) = check_field(field, value.trim()) {
                problems.push(problem);
            }
        }
        let email = values[5].trim();
        if !email.is_empty() && !looks_like_email(email) {
            problems.push("email: not an e-mail address".into());
        }
        let service_type = match values[1].trim() {
            "" => None,
            text => match text.parse::<ServiceType>() {
                Ok(t) => Some(t),
                Err(e) => {
                    problems.push(e.to_string());
                    None
                }
            },
        };
        match service_type {
            Some(service_type) if problems.is_empty() => Ok(ServiceRecord {
                organisation: values[0].trim().to_string(),
                service_type,
                name: values[2].trim().to_string(),
                location: values[3].trim().to_string(),
                phone: values[4].trim().to_string(),
                email: email.to_string(),
                opening_hours: values[6].trim().to_string(),
                languages: values[7].trim().to_string(),
                notes: values[8].trim().to_string(),
            }),
            _ => Err(problems),
        }
    }

    /// The fields as text in [`FIELDS`] order, as export writes them.
    pub fn to_fields(&self) -> [&str; 9] {
        [
            &self.organisation,
            self.service_type.as_str(),
            &self.name,
            &self.location,
            &self.phone,
            &self.email,
            &self.opening_hours,
            &self.languages,
            &self.notes,
        ]
    }

    /// What makes two entries the same service: one organisation's service
    /// of one name at one place, compared without regard to case or spacing.
    pub fn duplicate_key(&self) -> String {
        [&self.organisation, &self.name, &self.location]
            .map(|s| fold(s))
            .join("\u{1f}")
    }
}

/// Text folded for matching and duplicate checks: lower case in every
/// script (SQL's NOCASE folds only ASCII) and single spaces, so
/// "Ülkü  Trust" and "ülkü trust" are the same.
pub fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn check_field(field: &Field, value: &str) -> Option<String> {
    let name = field.name;
    if value.is_empty() {
        return field
            .required
            .then(|| format!("{name}: required but empty"));
    }
    let chars = value.chars().count();
    if chars > field.max_chars {
        return Some(format!(
            "{name}: too long ({chars} characters; at most {})",
            field.max_chars
        ));
    }
    let allowed = |c: char| field.multiline && (c == '\n' || c == '\r' || c == '\t');
    if value.chars().any(|c| c.is_control() && !allowed(c)) {
        return Some(format!("{name}: holds a line break or control character"));
    }
    None
}

fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> [&'static str; 9] {
        [
            "City Hospital",
            "medical",
            "Post-rape care clinic",
            "Kisumu",
            "+254 700 000 000",
            "clinic@example.org",
            "24 hours",
            "en, sw",
            "Ask for the duty nurse",
        ]
    }

    #[test]
    fn codes_round_trip_and_accept_spreadsheet_spellings() {
        for t in ServiceType::ALL {
            assert_eq!(t.as_str().parse::<ServiceType>(), Ok(t));
        }
        assert_eq!(
            "Legal Aid".parse::<ServiceType>(),
            Ok(ServiceType::LegalAid)
        );
        assert_eq!(
            " safe-shelter ".parse::<ServiceType>(),
            Ok(ServiceType::SafeShelter)
        );
        assert!("spa".parse::<ServiceType>().is_err());
    }

    #[test]
    fn type_prefixes_match_words_of_codes_and_labels() {
        let cases: &[(&str, &[ServiceType])] = &[
            ("shel", &[ServiceType::SafeShelter]),
            ("legal", &[ServiceType::LegalAid]),
            ("psycho", &[ServiceType::MentalHealth]),
            ("gender", &[ServiceType::Police]),
            ("", &[]),
            ("zzz", &[]),
        ];
        for (prefix, expected) in cases {
            assert_eq!(&ServiceType::matching_prefix(prefix), expected, "{prefix}");
        }
    }

    #[test]
    fn a_good_record_is_trimmed_and_round_trips() {
        let mut raw = fields();
        raw[0] = "  City Hospital ";
        let record = ServiceRecord::from_fields(raw).unwrap();
        assert_eq!(record.organisation, "City Hospital");
        assert_eq!(record.to_fields(), fields());
    }

    #[test]
    fn bad_records_report_every_problem_without_the_text() {
        let long = "x".repeat(201);
        let cases: &[(usize, &str, &str)] = &[
            (0, "", "organisation: required but empty"),
            (2, "   ", "name: required but empty"),
            (1, "", "service_type: required but empty"),
            (1, "spa", "unknown service type `spa`"),
            (2, &long, "name: too long (201 characters; at most 200)"),
            (2, "two\nlines", "name: holds a line break"),
            (5, "not-an-address", "email: not an e-mail address"),
        ];
        for (index, value, expected) in cases {
            let mut raw = fields();
            raw[*index] = value;
            let problems = ServiceRecord::from_fields(raw).unwrap_err();
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected}: {problems:?}"
            );
        }
        let mut raw = fields();
        raw[8] = "line one\nline two";
        assert!(
            ServiceRecord::from_fields(raw).is_ok(),
            "notes may span lines"
        );
        let mut raw = fields();
        raw[0] = "";
        raw[2] = "";
        assert_eq!(ServiceRecord::from_fields(raw).unwrap_err().len(), 2);
    }

    #[test]
    fn duplicates_ignore_case_and_spacing() {
        let a = ServiceRecord::from_fields(fields()).unwrap();
        let mut raw = fields();
        raw[0] = "city  HOSPITAL";
        raw[6] = "weekdays";
        let b = ServiceRecord::from_fields(raw).unwrap();
        assert_eq!(a.duplicate_key(), b.duplicate_key());
        let mut raw = fields();
        raw[3] = "Nairobi";
        let c = ServiceRecord::from_fields(raw).unwrap();
        assert_ne!(a.duplicate_key(), c.duplicate_key());
    }
}
