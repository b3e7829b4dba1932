//! The instruments run during an intake, as its draft keeps them: a JSON
//! array saved in the same statement as the answers, so a killed process
//! or a dropped connection never loses a completed screen while the
//! intake itself comes back.

use crate::app::risk::AssessmentToSave;

/// The JSON a draft stores for `ran`.
pub fn to_json(ran: &[AssessmentToSave]) -> serde_json::Result<String> {
    serde_json::to_string(ran)
}

/// The instruments a draft holds: none for a draft saved before drafts
/// kept them (or with nothing run), an error for a value that cannot be
/// read (a damaged row), which the caller reports and never stores over.
pub fn from_json(stored: Option<&str>) -> serde_json::Result<Vec<AssessmentToSave>> {
    match stored {
        None => Ok(Vec::new()),
        Some(text) if text.trim().is_empty() => Ok(Vec::new()),
        Some(text) => serde_json::from_str(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RiskLevel;

    fn asq() -> AssessmentToSave {
        AssessmentToSave {
            case_id: 0,
            instrument_id: "asq".into(),
            instrument_version: 1,
            answers_json: r#"{"wished_dead":"yes"}"#.into(),
            score: 2,
            result_name: "acute_positive".into(),
            computed_level: RiskLevel::Critical,
            final_level: RiskLevel::Critical,
            judgement_reason: Some("Zoë said \"tonight\"".into()),
            summary: "ASQ: acute positive → critical".into(),
        }
    }

    #[test]
    fn what_is_saved_reads_back_the_same() {
        let ran = vec![asq()];
        let json = to_json(&ran).unwrap();
        assert_eq!(from_json(Some(&json)).unwrap(), ran);
    }

    #[test]
    fn nothing_stored_is_nothing_run() {
        assert!(from_json(None).unwrap().is_empty());
        assert!(from_json(Some("")).unwrap().is_empty());
        assert!(from_json(Some("[]")).unwrap().is_empty());
    }

    #[test]
    fn a_damaged_value_is_an_error_not_a_panic() {
        for bad in ["{", "[{\"instrument_id\": 3}]", "\"asq\"", "[{}]"] {
            assert!(from_json(Some(bad)).is_err(), "{bad}");
        }
        let wrong_level = to_json(&[asq()]).unwrap().replace("critical", "dire");
        assert!(from_json(Some(&wrong_level)).is_err());
    }
}
