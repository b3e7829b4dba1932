//! Table-driven tests of the referral lifecycle, the consent rule and
//! overdue detection.

use super::*;
use ReferralStatus::*;

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_780_000_000, 0).unwrap()
}

fn at(status: ReferralStatus) -> Referral {
    Referral {
        status,
        ..Referral::new(Urgency::Routine, t0())
    }
}

/// Every move the lifecycle allows, with the reason it is given.
const ALLOWED: &[(ReferralStatus, ReferralStatus, Option<&str>)] = &[
    (Pending, Sent, None),
    (Pending, Cancelled, Some("survivor changed their mind")),
    (Sent, Acknowledged, None),
    (Sent, Cancelled, Some("sent to the wrong service")),
    (Acknowledged, Accepted, None),
    (Acknowledged, Declined, Some("no places left")),
    (Acknowledged, Cancelled, Some("case transferred")),
    (Accepted, Completed, None),
    (Accepted, Cancelled, Some("moved away")),
];

#[test]
fn every_allowed_move_succeeds() {
    for (from, to, reason) in ALLOWED {
        let mut r = at(*from);
        assert_eq!(r.transition(*to, *reason), Ok(()), "{from} -> {to}");
        assert_eq!(r.status, *to);
    }
}

#[test]
fn every_other_move_is_refused_and_changes_nothing() {
    for from in ReferralStatus::ALL {
        for to in ReferralStatus::ALL {
            if ALLOWED.iter().any(|(f, t, _)| (*f, *t) == (from, to)) {
                continue;
            }
            let mut r = at(from);
            let err = r.transition(to, Some("a reason")).unwrap_err();
            if from == to {
                assert_eq!(err, ReferralError::Unchanged(to));
            } else {
                assert_eq!(
                    err,
                    ReferralError::NotAllowed { from, to },
                    "{from} -> {to}"
                );
            }
            assert_eq!(r, at(from), "{from} -> {to} changed the referral");
        }
    }
}

#[test]
fn the_next_list_matches_the_allowed_table() {
    for from in ReferralStatus::ALL {
        let expected: Vec<_> = ALLOWED
            .iter()
            .filter(|(f, _, _)| *f == from)
            .map(|(_, t, _)| *t)
            .collect();
        assert_eq!(from.next(), expected.as_slice(), "{from}");
    }
}

#[test]
fn refusals_say_what_is_possible() {
    let err = at(Pending).transition(Completed, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a pending referral cannot become completed; from pending it can become: sent, cancelled"
    );
    let err = at(Completed).transition(Sent, None).unwrap_err();
    assert!(err.to_string().ends_with("nothing (it is closed)"), "{err}");
}

#[test]
fn declining_and_cancelling_need_a_reason_which_is_kept() {
    let cases = [
        (Acknowledged, Declined),
        (Pending, Cancelled),
        (Accepted, Cancelled),
    ];
    for (from, to) in cases {
        for missing in [None, Some(""), Some("   ")] {
            let mut r = at(from);
            assert_eq!(
                r.transition(to, missing),
                Err(ReferralError::ReasonRequired(to)),
                "{from} -> {to} with {missing:?}"
            );
            assert_eq!(r.status, from);
        }
        let long = "x".repeat(MAX_REASON_CHARS + 1);
        assert_eq!(
            at(from).transition(to, Some(&long)),
            Err(ReferralError::ReasonTooLong(MAX_REASON_CHARS + 1))
        );
    }
    let mut r = at(Acknowledged);
    r.transition(Declined, Some("  no capacity ")).unwrap();
    assert_eq!(r.decline_reason.as_deref(), Some("no capacity"));
    let mut r = at(Sent);
    r.transition(Cancelled, Some("duplicate")).unwrap();
    assert_eq!(r.cancel_reason.as_deref(), Some("duplicate"));
}

#[test]
fn the_consent_rule() {
    use RiskLevel::*;
    let override_reason = Some("child in immediate danger; caregiver is the perpetrator");
    // (risk, consent given, override reason, expected)
    // Ok(true) means the referral goes ahead on an override.
    type Case<'a> = (
        RiskLevel,
        bool,
        Option<&'a str>,
        Result<bool, ReferralError>,
    );
    let cases: &[Case<'_>] = &[
        (None, true, Option::None, Ok(false)),
        (Low, true, Option::None, Ok(false)),
        (Medium, true, Option::None, Ok(false)),
        (High, true, Option::None, Ok(false)),
        (Critical, true, override_reason, Ok(false)),
        (
            None,
            false,
            override_reason,
            Err(ReferralError::ConsentRequired(None)),
        ),
        (
            Low,
            false,
            override_reason,
            Err(ReferralError::ConsentRequired(Low)),
        ),
        (
            Medium,
            false,
            override_reason,
            Err(ReferralError::ConsentRequired(Medium)),
        ),
        (
            Medium,
            false,
            Option::None,
            Err(ReferralError::ConsentRequired(Medium)),
        ),
        (High, false, override_reason, Ok(true)),
        (Critical, false, override_reason, Ok(true)),
        (
            High,
            false,
            Option::None,
            Err(ReferralError::OverrideReasonRequired),
        ),
        (
            Critical,
            false,
            Some("  "),
            Err(ReferralError::OverrideReasonRequired),
        ),
    ];
    for (risk, given, reason, expected) in cases {
        let got = check_consent(*risk, *given, *reason);
        let got = got.map(|basis| matches!(basis, ConsentBasis::Override { .. }));
        assert_eq!(&got, expected, "{risk} given={given} reason={reason:?}");
    }
    assert_eq!(
        check_consent(High, false, Some(" danger ")),
        Ok(ConsentBasis::Override {
            reason: "danger".into()
        })
    );
}

#[test]
fn urgency_follows_risk_and_round_trips_its_rank() {
    let cases = [
        (RiskLevel::Critical, Urgency::Emergency),
        (RiskLevel::High, Urgency::Urgent),
        (RiskLevel::Medium, Urgency::Routine),
        (RiskLevel::Low, Urgency::Routine),
        (RiskLevel::None, Urgency::Routine),
    ];
    for (risk, urgency) in cases {
        assert_eq!(Urgency::for_risk(risk), urgency, "{risk}");
    }
    for u in Urgency::ALL {
        assert_eq!(Urgency::from_rank(u.rank()), u);
    }
    assert_eq!(Urgency::from_rank(9), Urgency::Emergency);
}

#[test]
fn statuses_round_trip() {
    for s in ReferralStatus::ALL {
        assert_eq!(s.as_str().parse::<ReferralStatus>(), Ok(s));
        assert_eq!(s.needs_reason(), matches!(s, Declined | Cancelled));
    }
    assert!("lost".parse::<ReferralStatus>().is_err());
}

#[test]
fn only_open_referrals_past_due_are_overdue() {
    let later = t0() + Duration::hours(2);
    for status in ReferralStatus::ALL {
        let r = at(status);
        assert_eq!(r.is_overdue(later), status.is_open(), "{status}");
        assert!(!r.is_overdue(t0()), "{status} is overdue at its due moment");
        assert!(!r.is_overdue(t0() - Duration::hours(1)));
    }
    assert_eq!(at(Accepted).overdue_by(later), Some(Duration::hours(2)));
    let open: Vec<_> = ReferralStatus::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .collect();
    assert_eq!(open, vec![Pending, Sent, Acknowledged, Accepted]);
}
