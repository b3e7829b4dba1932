//! Professional judgement: a worker may raise the level the rules computed,
//! with a written reason, but nobody can lower it (domain reference, section 4).

use crate::domain::RiskLevel;
use serde::{Deserialize, Serialize};

/// A worker's decision to raise an assessment's level. Only
/// [`Judgement::raise`] builds one, so an accepted judgement always raised
/// the level and always has a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgement {
    level: RiskLevel,
    reason: String,
}

/// Why a judgement was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JudgementError {
    #[error(
        "the computed level is {computed}; professional judgement can raise it but never lower it to {requested}"
    )]
    WouldLower {
        computed: RiskLevel,
        requested: RiskLevel,
    },
    #[error("the level is already {0}; choose a higher level to raise it")]
    NotHigher(RiskLevel),
    #[error("write the reason for raising the level")]
    NoReason,
}

impl Judgement {
    /// Raises `computed` to `requested` for the written `reason`. Refused when
    /// `requested` is not above `computed`, or when the reason is blank.
    pub fn raise(
        computed: RiskLevel,
        requested: RiskLevel,
        reason: &str,
    ) -> Result<Judgement, JudgementError> {
        if requested < computed {
            return Err(JudgementError::WouldLower {
                computed,
                requested,
            });
        }
        if requested == computed {
            return Err(JudgementError::NotHigher(computed));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(JudgementError::NoReason);
        }
        Ok(Judgement {
            level: requested,
            reason: reason.to_string(),
        })
    }

    /// The level the worker chose.
    pub fn level(&self) -> RiskLevel {
        self.level
    }

    /// The worker's written reason.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// The level that counts: the computed level, raised by the judgement if
/// there is one. A max, not a replacement, so that a judgement recorded
/// before answers changed (or read back from storage) can never pull a
/// level down.
pub fn final_level(computed: RiskLevel, judgement: Option<&Judgement>) -> RiskLevel {
    judgement.map_or(computed, |j| computed.max(j.level))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every computed level against every requested level, with and without
    /// a reason: judgement never lowers, and raises exactly when asked to go
    /// higher with a reason.
    #[test]
    fn judgement_never_lowers_a_computed_level() {
        for computed in RiskLevel::ALL {
            for requested in RiskLevel::ALL {
                for reason in ["", "   ", "Survivor says he bought a gun yesterday"] {
                    let outcome = Judgement::raise(computed, requested, reason);
                    let expected = if requested < computed {
                        Err(JudgementError::WouldLower {
                            computed,
                            requested,
                        })
                    } else if requested == computed {
                        Err(JudgementError::NotHigher(computed))
                    } else if reason.trim().is_empty() {
                        Err(JudgementError::NoReason)
                    } else {
                        Ok(requested)
                    };
                    assert_eq!(
                        outcome.clone().map(|j| j.level()),
                        expected,
                        "{computed} -> {requested}"
                    );
                    let level = final_level(computed, outcome.as_ref().ok());
                    assert!(level >= computed, "{computed} -> {requested} gave {level}");
                    assert_eq!(level, expected.unwrap_or(computed));
                }
            }
        }
    }

    #[test]
    fn a_stored_judgement_below_the_computed_level_is_ignored() {
        let stored: Judgement =
            serde_json::from_str(r#"{"level":"medium","reason":"old"}"#).unwrap();
        for computed in RiskLevel::ALL {
            assert_eq!(
                final_level(computed, Some(&stored)),
                computed.max(RiskLevel::Medium)
            );
        }
        assert_eq!(final_level(RiskLevel::Low, None), RiskLevel::Low);
    }

    #[test]
    fn reason_is_kept_trimmed() {
        let j = Judgement::raise(
            RiskLevel::None,
            RiskLevel::High,
            "  strangulation disclosed \n",
        )
        .unwrap();
        assert_eq!(j.reason(), "strangulation disclosed");
        assert_eq!(j.level(), RiskLevel::High);
    }
}
