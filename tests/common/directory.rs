//! A small service directory, cases and a referral queue for the pane
//! tests, with names in several scripts.

use chrono::{DateTime, Utc};
use helpline::app::keymap::Keymap;
use helpline::app::state::{Screen, Session, Shell, State};
use helpline::domain::service::ServiceRecord;
use helpline::domain::{ResponseTimes, RiskLevel, ServiceType};
use helpline::store::Store;
use helpline::store::cases::NewCase;
use helpline::store::referrals::NewReferral;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The clock of every pane test.
pub const NOW: i64 = 1_795_600_000;

pub fn at(ts: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(ts, 0).unwrap()
}

/// A directory entry.
pub fn record(
    organisation: &str,
    service_type: ServiceType,
    name: &str,
    location: &str,
    languages: &str,
    hours: &str,
    phone: &str,
) -> ServiceRecord {
    ServiceRecord {
        organisation: organisation.into(),
        service_type,
        name: name.into(),
        location: location.into(),
        phone: phone.into(),
        email: String::new(),
        opening_hours: hours.into(),
        languages: languages.into(),
        notes: String::new(),
    }
}

/// Five services of five organisations; their ids in this order:
/// shelter, police, medical, mental health, legal aid.
pub fn seed_services(store: &mut Store) -> Vec<i64> {
    [
        record(
            "Wanjikũ Trust",
            ServiceType::SafeShelter,
            "Tumaini Safe House",
            "Kisumu",
            "Kiswahili, English",
            "24 hours",
            "+254 700 111 222",
        ),
        record(
            "Kenya Police Service",
            ServiceType::Police,
            "Gender Desk Central",
            "Nairobi",
            "Kiswahili, English",
            "24 hours",
            "999",
        ),
        record(
            "Thị Hương Health",
            ServiceType::Medical,
            "Phòng khám Thị Hương",
            "Mombasa",
            "Tiếng Việt, English",
            "Mon-Fri 8-17\nSat 9-12",
            "+254 711 000 333",
        ),
        record(
            "مؤسسة محمد",
            ServiceType::MentalHealth,
            "Amal Counselling",
            "Garissa",
            "العربية, Somali",
            "Sun-Thu 9-16",
            "+254 722 444 555",
        ),
        record(
            "Haki Legal Aid",
            ServiceType::LegalAid,
            "Haki Legal Clinic",
            "Nakuru",
            "English",
            "Mon-Fri 9-17",
            "+254 733 666 777",
        ),
    ]
    .iter()
    .map(|r| store.add_service(r, None).unwrap())
    .collect()
}

/// A case of a child at `risk`.
pub fn child_case(store: &mut Store, name: &str, age: i64, risk: RiskLevel) -> i64 {
    store
        .open_case(
            &NewCase {
                opened_at: NOW - 7 * 86_400,
                risk,
                child_name: Some(name),
                child_age: Some(age),
                ..NewCase::default()
            },
            None,
        )
        .unwrap()
        .0
}

/// Refers `case_id` to `service_id` with consent, `ago` seconds before NOW.
pub fn refer(store: &mut Store, case_id: i64, service_id: i64, ago: i64, actor: i64) -> i64 {
    store
        .create_referral(
            &NewReferral {
                case_id,
                service_id,
                urgency: None,
                consent_given: true,
                override_reason: None,
                note: None,
            },
            &ResponseTimes::default(),
            Some(actor),
            at(NOW - ago),
        )
        .unwrap()
}

/// Four referrals, in the queue's order: an emergency 2 hours overdue, an
/// urgent one due in 23 hours, a routine one a day overdue, a routine one
/// due in 7 days. Returns (case ids, referral ids, service ids).
pub fn seed_queue(store: &mut Store, actor: i64) -> (Vec<i64>, Vec<i64>, Vec<i64>) {
    let services = seed_services(store);
    let cases = vec![
        child_case(store, "Wanjikũ", 13, RiskLevel::Critical),
        child_case(store, "Thị Hương", 9, RiskLevel::High),
        child_case(store, "محمد", 16, RiskLevel::Medium),
        child_case(store, "José Pérez", 12, RiskLevel::Low),
    ];
    let referrals = vec![
        refer(store, cases[0], services[0], 6 * 3600, actor),
        refer(store, cases[1], services[1], 3600, actor),
        refer(store, cases[2], services[3], 4 * 86_400, actor),
        refer(store, cases[3], services[4], 0, actor),
    ];
    (cases, referrals, services)
}

/// The app at NOW with `user_id` signed in.
pub fn logged_in(store: &Store, user_id: i64) -> State {
    let mut state = State::new(Keymap::shipped(), "helpline.db".into(), at(NOW));
    let user = store
        .list_users()
        .unwrap()
        .into_iter()
        .find(|u| u.user.id == user_id)
        .unwrap()
        .user;
    state.screen = Screen::Shell(Box::new(Shell::new(Session {
        user,
        started_at: state.now,
    })));
    state
}

pub fn shell(state: &State) -> &Shell {
    match &state.screen {
        Screen::Shell(shell) => shell,
        Screen::Login(_) => panic!("not logged in"),
    }
}

/// A key with Ctrl held.
pub fn ctrl(c: char) -> helpline::app::Msg {
    helpline::app::Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Types `text` one key at a time.
pub fn type_text(state: &mut State, store: &mut Store, text: &str) {
    for c in text.chars() {
        super::drive(state, store, super::key(KeyCode::Char(c)));
    }
}
