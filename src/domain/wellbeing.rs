//! Support for workers after heavy contacts: which contacts count as heavy,
//! the short check offered after one, and when the team's supervisors are
//! told without being asked.
//!
//! The check's answers are the worker's own. A supervisor sees them only
//! when the worker chooses to talk to one; reports use them only as counts.

use super::RiskLevel;

/// Reasons for contact after which the check is offered whatever the
/// level: subcategory ids of assets/taxonomies/reasons.toml (with or
/// without their "category." prefix) or category ids.
pub const DEFAULT_HEAVY_REASONS: [&str; 6] = [
    "sexual_violence",
    "suicidal_thoughts",
    "suicide_attempt",
    "commercial_sexual_exploitation",
    "online_sexual_abuse",
    "trafficking",
];

/// The rules, from the `[wellbeing]` section of the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WellbeingPolicy {
    /// Offer the check after every contact completed at critical level.
    pub after_critical: bool,
    /// And after contacts for these reasons (subcategory or category ids).
    pub after_reasons: Vec<String>,
    /// The team's supervisors are told when a worker has handled this
    /// many critical contacts within one shift; 0 never.
    pub critical_contacts_per_shift: u32,
}

impl Default for WellbeingPolicy {
    fn default() -> Self {
        WellbeingPolicy {
            after_critical: true,
            after_reasons: DEFAULT_HEAVY_REASONS.map(String::from).to_vec(),
            critical_contacts_per_shift: 3,
        }
    }
}

impl WellbeingPolicy {
    /// Whether a contact completed at `level` for this reason is heavy:
    /// the check is offered after it, and it counts as exposure.
    pub fn heavy(
        &self,
        level: RiskLevel,
        category: Option<&str>,
        subcategory: Option<&str>,
    ) -> bool {
        // A stored subcategory is "category.subcategory"; either form of
        // its id may be configured.
        let bare = subcategory.and_then(|s| s.split_once('.').map(|(_, sub)| sub));
        (self.after_critical && level == RiskLevel::Critical)
            || [category, subcategory, bare]
                .into_iter()
                .flatten()
                .any(|reason| self.after_reasons.iter().any(|r| r == reason))
    }

    /// Whether the critical contact that brought a worker's count this
    /// shift to `critical_count` is the one that tells the supervisors
    /// (once, when the threshold is reached).
    pub fn tells_supervisors(&self, critical_count: u32) -> bool {
        self.critical_contacts_per_shift > 0 && critical_count == self.critical_contacts_per_shift
    }
}

/// How the worker is, from 1 (not well at all) to 5 (fine).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Feeling(u8);

impl Feeling {
    pub fn new(value: u8) -> Option<Feeling> {
        (1..=5).contains(&value).then_some(Feeling(value))
    }

    pub fn value(self) -> u8 {
        self.0
    }

    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "not well at all",
            2 => "not well",
            3 => "so-so",
            4 => "all right",
            _ => "fine",
        }
    }
}

/// What the worker chose to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextMove {
    TakeBreak,
    TalkToSupervisor,
    CarryOn,
}

impl NextMove {
    pub fn as_str(self) -> &'static str {
        match self {
            NextMove::TakeBreak => "break",
            NextMove::TalkToSupervisor => "talk",
            NextMove::CarryOn => "carry_on",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NextMove::TakeBreak => "take a break",
            NextMove::TalkToSupervisor => "talk to a supervisor",
            NextMove::CarryOn => "carry on",
        }
    }
}

/// One heavy contact, as the check after it and the shift view know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeavyContact {
    pub contact_id: i64,
    pub level: RiskLevel,
    /// Critical contacts this worker handled this shift, this one included.
    pub critical_this_shift: u32,
    /// The supervisors were told because of this contact.
    pub supervisors_told: bool,
}

/// A worker's own shift, for their private view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShiftSummary {
    pub contacts: u32,
    pub heavy_contacts: u32,
    pub critical_contacts: u32,
    /// Seconds spent on the contacts recorded this shift.
    pub time_on_contacts: i64,
    /// Breaks chosen after a check this shift.
    pub breaks: u32,
    /// Checks answered this shift, and the latest feeling given.
    pub checks: u32,
    pub latest_feeling: Option<Feeling>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn critical_contacts_and_named_reasons_are_heavy() {
        let p = WellbeingPolicy::default();
        assert!(p.heavy(RiskLevel::Critical, None, None));
        assert!(p.heavy(
            RiskLevel::Low,
            Some("violence"),
            Some("violence.sexual_violence")
        ));
        assert!(p.heavy(RiskLevel::None, None, Some("suicidal_thoughts")));
        assert!(!p.heavy(RiskLevel::High, Some("violence"), Some("violence.bullying")));
        let quiet = WellbeingPolicy {
            after_critical: false,
            after_reasons: vec!["violence".into()],
            ..WellbeingPolicy::default()
        };
        assert!(!quiet.heavy(RiskLevel::Critical, None, None));
        assert!(quiet.heavy(RiskLevel::Low, Some("violence"), Some("violence.neglect")));
    }

    #[test]
    fn supervisors_are_told_once_at_the_threshold() {
        let p = WellbeingPolicy::default();
        let told: Vec<u32> = (1..=6).filter(|n| p.tells_supervisors(*n)).collect();
        assert_eq!(told, [3]);
        let never = WellbeingPolicy {
            critical_contacts_per_shift: 0,
            ..WellbeingPolicy::default()
        };
        assert!((0..10).all(|n| !never.tells_supervisors(n)));
    }

    #[test]
    fn feelings_run_from_one_to_five() {
        assert_eq!(Feeling::new(0), None);
        assert_eq!(Feeling::new(6), None);
        assert_eq!(Feeling::new(1).unwrap().label(), "not well at all");
        assert_eq!(Feeling::new(5).unwrap().value(), 5);
    }
}
