//! The closure reasons a case may be closed for, as data: the
//! `[[closure_reasons]]` list of the workflow file names, in the order to
//! offer them, which of the known reasons an organisation uses and how its
//! screens word them (domain reference, section 5).

use super::workflow::ClosureReason;
use serde::Deserialize;

/// Every reason code helpline knows how to record; a file may use any of
/// them, in any order, with its own words.
pub const KNOWN_CODES: [&str; 7] = [
    "needs_met",
    "no_contact",
    "survivor_request",
    "moved_away",
    "transferred",
    "died",
    "other",
];

/// The longest label kept, in characters.
pub const MAX_LABEL_CHARS: usize = 80;

/// One closure reason as the file gives it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonEntry {
    pub code: String,
    /// Words on screen; `{days}` stands for the "no contact" period.
    pub label: String,
}

/// The reasons offered, checked: known codes, each once, with a label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureReasons(Vec<ReasonEntry>);

impl Default for ClosureReasons {
    /// The reference's reasons, used when a file lists none.
    fn default() -> Self {
        let labels = [
            "Needs met / safe",
            "No contact for {days} days after follow-up",
            "Survivor's request",
            "Moved away",
            "Transferred to another agency",
            "Died",
            "Other",
        ];
        ClosureReasons(
            KNOWN_CODES
                .iter()
                .zip(labels)
                .map(|(code, label)| ReasonEntry {
                    code: (*code).to_string(),
                    label: label.to_string(),
                })
                .collect(),
        )
    }
}

impl ClosureReasons {
    /// Checks a list read from a file; the message names the problem.
    pub fn new(entries: Vec<ReasonEntry>) -> Result<ClosureReasons, String> {
        if entries.is_empty() {
            return Err("[[closure_reasons]] lists no reason: a case could never be closed".into());
        }
        for (i, entry) in entries.iter().enumerate() {
            if !KNOWN_CODES.contains(&entry.code.as_str()) {
                return Err(format!(
                    "the closure reason `{}` is not one helpline knows (known: {})",
                    entry.code,
                    KNOWN_CODES.join(", ")
                ));
            }
            if entries[..i].iter().any(|e| e.code == entry.code) {
                return Err(format!(
                    "the closure reason `{}` is listed twice",
                    entry.code
                ));
            }
            let chars = entry.label.trim().chars().count();
            if chars == 0 || chars > MAX_LABEL_CHARS {
                return Err(format!(
                    "the closure reason `{}` needs a label of 1 to {MAX_LABEL_CHARS} characters",
                    entry.code
                ));
            }
        }
        Ok(ClosureReasons(entries))
    }

    /// The reasons to offer, in order; "no contact" carries `days`.
    pub fn offered(&self, days: u32) -> Vec<ClosureReason> {
        self.0
            .iter()
            .filter_map(|e| ClosureReason::from_code(&e.code, days))
            .collect()
    }

    /// Whether the organisation closes cases for this reason.
    pub fn allows(&self, reason: &ClosureReason) -> bool {
        self.0.iter().any(|e| e.code == reason.code())
    }

    /// The organisation's words for a reason, with `{days}` filled in.
    pub fn label(&self, reason: &ClosureReason) -> String {
        let label = self
            .0
            .iter()
            .find(|e| e.code == reason.code())
            .map_or(reason.label(), |e| e.label.as_str());
        match reason {
            ClosureReason::NoContact { days } => label.replace("{days}", &days.to_string()),
            _ => label.to_string(),
        }
    }
}
