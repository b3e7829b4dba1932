//! What a load-test worker tells the parent: one JSON object per line on
//! its standard output, so a worker that dies still leaves what it did.

use serde::{Deserialize, Serialize};

/// A store call an operator makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    CreateDraft,
    SaveDraft,
    CompleteIntake,
    RecordAssessment,
    /// A follow-up recorded on a case.
    RecordFollowUp,
    /// The Follow-ups pane's queue.
    FollowUpQueue,
    /// The audited case header read: a write.
    OpenCase,
    CaseTimeline,
    ListCases,
    SearchCases,
    /// The status bar's alert count, refreshed when others commit.
    CountAlerts,
    CreateReferral,
    /// A referral moved along its lifecycle.
    MoveReferral,
    ReadReferral,
    ReferralQueue,
    /// The session's presence: state and heartbeat, every ten seconds.
    RecordPresence,
}

impl Op {
    /// Whether the call commits a write transaction.
    pub fn writes(self) -> bool {
        matches!(
            self,
            Op::CreateDraft
                | Op::SaveDraft
                | Op::CompleteIntake
                | Op::RecordAssessment
                | Op::RecordFollowUp
                | Op::OpenCase
                | Op::CreateReferral
                | Op::MoveReferral
                | Op::RecordPresence
        )
    }

    /// The store function's name, as the report prints it.
    pub fn name(self) -> &'static str {
        match self {
            Op::CreateDraft => "create_draft",
            Op::SaveDraft => "save_draft",
            Op::CompleteIntake => "complete_intake",
            Op::RecordAssessment => "record_assessment",
            Op::RecordFollowUp => "record_follow_up",
            Op::FollowUpQueue => "follow_up_queue",
            Op::OpenCase => "open_case_detail",
            Op::CaseTimeline => "case_timeline",
            Op::ListCases => "list_cases",
            Op::SearchCases => "search_cases",
            Op::CountAlerts => "count_open_alerts",
            Op::CreateReferral => "create_referral",
            Op::MoveReferral => "change_referral_status",
            Op::ReadReferral => "referral",
            Op::ReferralQueue => "referral_queue",
            Op::RecordPresence => "record_presence",
        }
    }
}

/// One line of a worker's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Report {
    /// A call that succeeded, how long it took (lock waits included), and
    /// how many times it found the lock taken and retried.
    Done { op: Op, us: u64, retries: u64 },
    /// A call that failed: what the operator would have seen.
    Error { op: Op, message: String },
    /// A completed intake: the draft it came from, the contact and case it
    /// wrote, and a digest of the answers it stored.
    Intake {
        /// None when it was completed before its first save.
        draft_id: Option<i64>,
        contact_id: i64,
        case_id: Option<i64>,
        answers: u64,
    },
    /// An intake still being typed when the run ended: the digest of its
    /// last committed save.
    OpenDraft { draft_id: i64, answers: u64 },
    /// A stored assessment and its case.
    Assessment { id: i64, case_id: i64 },
    /// A recorded follow-up and its case.
    FollowUp { id: i64, case_id: i64 },
    /// A referral created or moved: its case and the status committed.
    Referral {
        id: i64,
        case_id: i64,
        status: String,
    },
    /// The worker's last line.
    Finished {
        busy_retries: u64,
        /// The longest this operator went without a commit, start included.
        longest_gap_us: u64,
    },
}

/// A stable digest of stored text (64-bit FNV-1a), so reports can name
/// what was saved without copying it.
pub fn digest(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_round_trip_as_json_lines() {
        let reports = [
            Report::Done {
                op: Op::SaveDraft,
                us: 812,
                retries: 2,
            },
            Report::Intake {
                draft_id: Some(4),
                contact_id: 9,
                case_id: None,
                answers: digest("{}"),
            },
            Report::Finished {
                busy_retries: 3,
                longest_gap_us: 1_000_000,
            },
        ];
        for report in reports {
            let line = serde_json::to_string(&report).unwrap();
            assert!(!line.contains('\n'));
            assert_eq!(serde_json::from_str::<Report>(&line).unwrap(), report);
        }
        assert_eq!(digest(""), 0xcbf2_9ce4_8422_2325);
        assert_ne!(digest("ab"), digest("ba"));
    }
}
