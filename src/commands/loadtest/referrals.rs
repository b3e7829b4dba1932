//! Referrals in the load test: an operator refers some of the cases their
//! intakes open, moves their referrals along the lifecycle as services
//! answer, and looks at the referral queue.

use super::protocol::{Op, Report};
use super::worker::Worker;
use crate::domain::ReferralStatus;
use crate::store::referral_queue::QueueFilter;
use crate::store::referrals::NewReferral;
use crate::store::services::NewOrganisation;
use crate::store::{Page, Store, StoreResult};

/// A small directory for a test database that has none, so that the
/// operators have services to refer to.
pub(super) fn ensure_directory(store: &mut Store) -> StoreResult<()> {
    if !store.list_services(Page::first(1))?.is_empty() {
        return Ok(());
    }
    for (name, service_type) in [
        (
            "Tumaini Safe House",
            crate::domain::ServiceType::SafeShelter,
        ),
        (
            "Gender Desk, Central Police",
            crate::domain::ServiceType::Police,
        ),
        (
            "County Children's Office",
            crate::domain::ServiceType::ChildProtection,
        ),
    ] {
        store.add_organisation(
            &NewOrganisation {
                name,
                org_type: "NGO",
                contact: "",
                notes: "",
            },
            None,
        )?;
        store.add_service(
            &crate::domain::service::ServiceRecord {
                organisation: name.into(),
                service_type,
                name: name.into(),
                location: "Nairobi".into(),
                phone: String::new(),
                email: String::new(),
                opening_hours: String::new(),
                languages: String::new(),
                notes: String::new(),
            },
            None,
        )?;
    }
    Ok(())
}

impl Worker {
    /// Refers a case this operator's intake just opened.
    pub(super) fn refer(&mut self, case_id: i64) {
        if self.service_ids.is_empty() {
            return;
        }
        let service_id = *self.rng.pick(&self.service_ids);
        let new = NewReferral {
            case_id,
            service_id,
            urgency: None,
            consent_given: true,
            override_reason: None,
            note: Some("Caller agrees to a visit."),
        };
        let (times, now) = (self.settings.response, chrono::Utc::now());
        if let Some(id) = self.call(Op::CreateReferral, |s| {
            s.create_referral(&new, &times, None, now)
        }) {
            self.referrals.push(id);
            self.report(&Report::Referral {
                id,
                case_id,
                status: ReferralStatus::Pending.as_str().into(),
            });
        }
    }

    /// A service answered: one of this operator's referrals moves on.
    pub(super) fn advance_referral(&mut self) {
        if self.referrals.is_empty() {
            return;
        }
        let id = *self.rng.pick(&self.referrals);
        let Some(row) = self.call(Op::ReadReferral, |s| s.referral(id)) else {
            return;
        };
        let Some(to) = row
            .referral
            .status
            .next()
            .iter()
            .copied()
            .find(|s| !matches!(s, ReferralStatus::Declined | ReferralStatus::Cancelled))
        else {
            return;
        };
        let now = chrono::Utc::now();
        if self
            .call(Op::MoveReferral, |s| {
                s.change_referral_status(id, row.version, to, None, None, now)
            })
            .is_some()
        {
            self.report(&Report::Referral {
                id,
                case_id: row.case_id,
                status: to.as_str().into(),
            });
        }
    }

    /// The referral queue's first page, as a supervisor's screen shows it.
    pub(super) fn read_referral_queue(&mut self) {
        let now = chrono::Utc::now();
        self.call(Op::ReferralQueue, |s| {
            s.referral_queue(&QueueFilter::default(), Page::first(100), now)
        });
    }
}
