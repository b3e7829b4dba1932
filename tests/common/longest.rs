//! The world of the 80x24 longest-text tests: names, teams, places,
//! services, agencies and phones as long as real ones get, the longest
//! reason for contact, and a case, an alert and a referral carrying them.

use super::directory::{self, NOW, shell};
use super::*;
use helpline::app::State;
use helpline::auth::hash_password;
use helpline::domain::{RiskLevel, Role, ServiceType};
use helpline::store::Store;
use helpline::store::cases::NewCase;
use helpline::store::referrals::NewReferral;
use helpline::store::users::NewUser;
use ratatui::crossterm::event::KeyCode;

pub const CHILD: &str = "Nyambura Wanjirũ-Ōtsuka Kariũki Ngʼangʼa wa Muthoni";
pub const WORKER: &str = "Wanjiru Nyambura-Ōtsuka Kariũki Ngʼangʼa Muthoni";
pub const SUPERVISOR: &str = "Amani Achieng-Ōtieno wa Nyakach, Kisumu Mashariki";
pub const TEAM: &str = "Timu ya Ulinzi wa Watoto, Pwani Kaskazini na Kusini";
pub const LOCATION: &str = "Kijiji cha Mwembe Tayari, Kaunti ndogo ya Kilifi Kaskazini";
pub const LANGUAGE: &str = "Kiswahili, English, Somali, Giriama";
pub const SERVICE: &str = "Kituo cha Msaada wa Kisheria cha Ngʼambo ya Mto";
pub const AGENCY: &str = "Ushirika wa Haki za Watoto na Wanawake wa Pwani";
pub const PHONE: &str =
    "+254 20 765 4321 ext. 8890 / +254 722 000 111 / +254 733 999 888 (WhatsApp)";
/// The longest reason for contact in the shipped taxonomy.
pub const REASON: &str = "violence.commercial_sexual_exploitation";

pub struct World {
    pub store: Store,
    pub state: State,
    pub case_id: i64,
    pub worker: i64,
    pub supervisor: i64,
    _dir: tempfile::TempDir,
}

fn add_person(store: &mut Store, username: &str, name: &str, role: Role) -> i64 {
    let hash = hash_password("long enough").unwrap();
    store
        .create_user(
            &NewUser {
                username,
                display_name: name,
                role,
                team: Some(TEAM),
                password_hash: &hash,
            },
            None,
        )
        .unwrap()
}

/// A critical case with every header field at its longest, assigned to a
/// worker with a long name; an unassigned high-risk case late for a
/// worker; a referral to a service with a long name, agency and phone.
/// The supervisor is signed in.
pub fn world() -> World {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let supervisor = add_person(&mut store, "amani", SUPERVISOR, Role::Supervisor);
    let worker = add_person(&mut store, "wanjiru", WORKER, Role::Caseworker);
    add_person(
        &mut store,
        "otieno",
        "Otieno Odhiambo-Oyugi Ochieng wa Alego Usonga",
        Role::Caseworker,
    );
    let (case_id, _) = store
        .open_case(
            &NewCase {
                opened_at: NOW - 7 * 86_400,
                risk: RiskLevel::High,
                child_name: Some(CHILD),
                child_age: Some(17),
                child_gender: Some("prefers not to say"),
                location: Some(LOCATION),
                language: Some(LANGUAGE),
                category: Some("violence"),
                subcategory: Some(REASON),
                phone_norm: Some("254722000111999"),
                team: Some(TEAM),
                ..NewCase::default()
            },
            None,
        )
        .unwrap();
    let version = store.reload_case_detail(case_id).unwrap().version;
    store
        .assign_case(case_id, version, worker, supervisor, NOW - 6 * 86_400)
        .unwrap();
    store
        .set_case_risk(
            case_id,
            RiskLevel::Critical,
            Some(NOW + 86_400 * 99 + 3600 * 23),
            None,
            NOW - 3 * 3600,
        )
        .unwrap();
    let (late, _) = store
        .open_case(
            &NewCase {
                opened_at: NOW - 2 * 86_400,
                risk: RiskLevel::High,
                child_name: Some("Thị Hương Nguyễn-Kariũki"),
                subcategory: Some(REASON),
                ..NewCase::default()
            },
            None,
        )
        .unwrap();
    let _ = late;
    store.raise_unassigned_alerts(NOW, 3600).unwrap();
    let service = store
        .add_service(
            &directory::record(
                AGENCY,
                ServiceType::LegalAid,
                SERVICE,
                LOCATION,
                LANGUAGE,
                "Mon-Fri 8-17",
                PHONE,
            ),
            None,
        )
        .unwrap();
    store
        .create_referral(
            &NewReferral {
                case_id,
                service_id: service,
                urgency: None,
                consent_given: false,
                override_reason: Some(
                    "Mtoto yuko hatarini sasa hivi na mlezi hapatikani kutoa idhini",
                ),
                note: Some("Piga simu kabla ya saa kumi jioni; mtoto hana simu yake mwenyewe."),
            },
            &helpline::domain::ResponseTimes::default(),
            Some(worker),
            directory::at(NOW - 5 * 86_400),
        )
        .unwrap();
    let mut state = directory::logged_in(&store, supervisor);
    state.size = (80, 24);
    drive(&mut state, &mut store, helpline::app::Msg::DataChanged);
    World {
        store,
        state,
        case_id,
        worker,
        supervisor,
        _dir: dir,
    }
}

pub fn press(w: &mut World, code: KeyCode) {
    drive(&mut w.state, &mut w.store, key(code));
}

pub fn screen(w: &World) -> String {
    draw(&w.state, 80, 24)
}

/// Opens the long case from the case list.
pub fn open_the_case(w: &mut World) {
    press(w, KeyCode::Char('3'));
    let at = shell(&w.state)
        .cases
        .rows
        .iter()
        .position(|r| r.id == w.case_id)
        .expect("the case is listed");
    for _ in 0..at {
        press(w, KeyCode::Down);
    }
    press(w, KeyCode::Enter);
    assert!(shell(&w.state).cases.open.is_some(), "the case is open");
}
