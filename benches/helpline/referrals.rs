//! The referral queue on the benchmark database. Demo data has no service
//! directory and no referrals, so the first run adds a directory and refers
//! open cases through the store's own functions (about 20 s once), spread
//! over the last month and over every step of the lifecycle.

use crate::stats::{Summary, p95, time_runs};
use chrono::{Duration, Utc};
use helpline::domain::service::ServiceRecord;
use helpline::domain::{ReferralStatus, ResponseTimes, ServiceType};
use helpline::store::cases::{CaseQuery, PageKey};
use helpline::store::referral_queue::QueueFilter;
use helpline::store::referrals::NewReferral;
use helpline::store::{Page, Store};

/// Referrals the benchmark database holds: a busy helpline's year or two.
const REFERRALS: usize = 20_000;
const ORGANISATIONS: [&str; 6] = [
    "Nairobi Women's Hospital",
    "Kenya Police Service",
    "Childline Legal Aid",
    "Tumaini Safe House",
    "Mathare Youth Centre",
    "County Children's Office",
];

/// Adds the directory and the referrals unless the database has some.
pub fn ensure_referrals(store: &mut Store) {
    let now = Utc::now();
    let any = QueueFilter {
        status: Some(ReferralStatus::Completed),
        ..QueueFilter::default()
    };
    if !store
        .referral_queue(&QueueFilter::default(), Page::first(1), now)
        .unwrap()
        .is_empty()
        || !store
            .referral_queue(&any, Page::first(1), now)
            .unwrap()
            .is_empty()
    {
        return;
    }
    eprintln!("Adding a service directory and {REFERRALS} referrals to the benchmark database…");
    let mut services = Vec::new();
    for organisation in ORGANISATIONS {
        for service_type in ServiceType::ALL {
            let record = ServiceRecord {
                organisation: organisation.into(),
                service_type,
                name: format!("{} ({})", organisation, service_type.as_str()),
                location: "Nairobi".into(),
                phone: "+254 20 000 0000".into(),
                email: String::new(),
                opening_hours: "Mon-Fri 08:00-17:00".into(),
                languages: "sw, en".into(),
                notes: String::new(),
            };
            services.push(store.add_service(&record, None).unwrap());
        }
    }
    let times = ResponseTimes::default();
    let open = CaseQuery::default();
    let mut after: Option<PageKey> = None;
    let mut made = 0;
    while made < REFERRALS {
        let rows = store
            .list_cases(
                &helpline::domain::access::Viewer::whole_floor(1),
                &open,
                after,
                500,
            )
            .unwrap();
        let Some(last) = rows.last() else { break };
        after = Some(last.page_key());
        for row in rows {
            if made == REFERRALS {
                break;
            }
            let created =
                now - Duration::days((made % 30) as i64) - Duration::minutes(made as i64 % 600);
            let new = NewReferral {
                case_id: row.id,
                service_id: services[made % services.len()],
                urgency: None,
                consent_given: true,
                override_reason: None,
                note: Some("Child needs a safe place tonight; mother agrees."),
            };
            let id = store.create_referral(&new, &times, None, created).unwrap();
            // Half stay pending; the rest move along the lifecycle.
            let steps: &[ReferralStatus] = match made % 10 {
                5 | 6 => &[ReferralStatus::Sent],
                7 => &[ReferralStatus::Sent, ReferralStatus::Acknowledged],
                8 => &[
                    ReferralStatus::Sent,
                    ReferralStatus::Acknowledged,
                    ReferralStatus::Accepted,
                ],
                9 => &[
                    ReferralStatus::Sent,
                    ReferralStatus::Acknowledged,
                    ReferralStatus::Accepted,
                    ReferralStatus::Completed,
                ],
                _ => &[],
            };
            let mut version = store.referral(id).unwrap().version;
            for to in steps {
                version = store
                    .change_referral_status(id, version, *to, None, None, created)
                    .unwrap();
            }
            made += 1;
        }
    }
}

/// The referral queue pages and filters supervisors use.
pub fn queue(store: &Store, out: &mut Vec<Summary>) {
    let now = Utc::now();
    let page = Page::first(100);
    let first_service = store
        .referral_queue(&QueueFilter::default(), Page::first(1), now)
        .unwrap()
        .into_iter()
        .next()
        .expect("the benchmark database has referrals");
    let mut measure = |name: &str, filter: QueueFilter, page: Page| {
        let samples = time_runs(10, 200, |_| {
            store.referral_queue(&filter, page, now).unwrap();
        });
        out.push(Summary::new(name, samples, p95(10)));
    };
    measure(
        "referrals: queue first page (open)",
        QueueFilter::default(),
        page,
    );
    let mut deep = page;
    for _ in 0..10 {
        deep = deep.next();
    }
    measure(
        "referrals: queue page 11 (open)",
        QueueFilter::default(),
        deep,
    );
    measure(
        "referrals: filter organisation",
        QueueFilter {
            organisation_id: Some(first_service.organisation_id),
            ..QueueFilter::default()
        },
        page,
    );
    measure(
        "referrals: filter service type",
        QueueFilter {
            service_type: Some(ServiceType::SafeShelter),
            ..QueueFilter::default()
        },
        page,
    );
    measure(
        "referrals: filter status sent",
        QueueFilter {
            status: Some(ReferralStatus::Sent),
            ..QueueFilter::default()
        },
        page,
    );
    measure(
        "referrals: filter status completed",
        QueueFilter {
            status: Some(ReferralStatus::Completed),
            ..QueueFilter::default()
        },
        page,
    );
}
