//! The case generator: one [`DemoEntry`] per case, in `opened_at` order.

mod referral;
mod workflow;

use super::calendar::Calendar;
use super::names::{REGIONS, Region};
use super::rng::DemoRng;
use super::vocab::{self, Severity};
use super::{
    DEMO_DAYS, DemoCase, DemoContact, DemoEntry, DemoEvent, DemoOptions, EVENT_CONTACT,
    demo_accounts,
};
use crate::domain::{CaseNumber, CaseStatus, RiskLevel, Role};
use chrono::{DateTime, Datelike};
use std::borrow::Cow;

const MINUTE: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// How many recent phone numbers are kept for returning callers.
const RECENT_PHONES: usize = 64;

/// The staff, arranged the way the generator picks them.
#[derive(Debug, Clone)]
struct Staff {
    display_names: Vec<String>,
    /// Operator account index and the team index it belongs to.
    operators: Vec<(usize, usize)>,
    /// Case workers per team.
    workers: Vec<Vec<usize>>,
    /// Supervisors per team (the demo login sits in the first team).
    supervisors: Vec<Vec<usize>>,
}

impl Staff {
    fn new() -> Self {
        let accounts = demo_accounts();
        let teams = vocab::TEAMS.len();
        let mut staff = Staff {
            display_names: accounts.iter().map(|a| a.display_name.clone()).collect(),
            operators: Vec::new(),
            workers: vec![Vec::new(); teams],
            supervisors: vec![Vec::new(); teams],
        };
        for (i, account) in accounts.iter().enumerate() {
            let Some(team) = account
                .team
                .and_then(|t| vocab::TEAMS.iter().position(|x| *x == t))
            else {
                continue;
            };
            match account.role {
                Role::Operator => staff.operators.push((i, team)),
                Role::Caseworker => staff.workers[team].push(i),
                Role::Supervisor => staff.supervisors[team].push(i),
                Role::Admin => {}
            }
        }
        staff
    }
}

/// A caller's number as shown and as matched.
#[derive(Debug, Clone)]
struct Phone {
    region: usize,
    display: String,
    digits: String,
}

/// Yields the demo cases for one [`DemoOptions`]; see the module docs.
#[derive(Debug, Clone)]
pub struct DemoGenerator {
    rng: DemoRng,
    total: u64,
    made: u64,
    now: i64,
    calendar: Calendar,
    /// Average seconds between two cases, to place uncased contacts.
    spacing: i64,
    year: i32,
    seq: u32,
    staff: Staff,
    region_weights: Vec<(usize, u32)>,
    recent_phones: Vec<Phone>,
}

impl DemoGenerator {
    /// A generator for `opts.cases` cases ending at `opts.now`.
    pub fn new(opts: &DemoOptions) -> Self {
        let now = opts.now.timestamp();
        let calendar = Calendar::new(now, DEMO_DAYS);
        let spacing = ((now - calendar.start()) / opts.cases.max(1) as i64).max(MINUTE);
        DemoGenerator {
            rng: DemoRng::new(opts.seed),
            total: opts.cases,
            made: 0,
            now,
            year: 0,
            seq: 0,
            spacing,
            calendar,
            staff: Staff::new(),
            region_weights: REGIONS.iter().map(|r| r.weight).enumerate().collect(),
            recent_phones: Vec::with_capacity(RECENT_PHONES),
        }
    }

    /// The next case number for a case opened at `t`; sequences restart
    /// each year, and `t` never goes back, so one counter suffices.
    fn number_for(&mut self, t: i64) -> CaseNumber {
        let year = DateTime::from_timestamp(t, 0).map_or(self.year, |d| d.year());
        if year != self.year {
            self.year = year;
            self.seq = 0;
        }
        self.seq += 1;
        CaseNumber {
            year,
            seq: self.seq,
        }
    }

    fn new_phone(&mut self, region: usize) -> Phone {
        let pattern = *self.rng.pick(REGIONS[region].phones);
        let mut display = String::with_capacity(pattern.len());
        let mut digits = String::with_capacity(pattern.len());
        for c in pattern.chars() {
            let c = if c == '#' {
                char::from(b'0' + self.rng.below(10) as u8)
            } else {
                c
            };
            display.push(c);
            if c.is_ascii_digit() {
                digits.push(c);
            }
        }
        let phone = Phone {
            region,
            display,
            digits,
        };
        if self.recent_phones.len() < RECENT_PHONES {
            self.recent_phones.push(phone.clone());
        } else {
            let slot = (self.made % RECENT_PHONES as u64) as usize;
            self.recent_phones[slot] = phone.clone();
        }
        phone
    }

    fn person_name(&mut self, region: &Region, female: bool) -> (&'static str, &'static str) {
        let given = if female { region.female } else { region.male };
        (*self.rng.pick(given), *self.rng.pick(region.family))
    }

    fn operator(&mut self) -> (usize, usize) {
        *self.rng.pick(&self.staff.operators)
    }

    fn contact_duration(&mut self, channel: &str) -> i64 {
        let minutes = match channel {
            "phone_call" => self.rng.between(3, 12) + self.rng.between(0, 30),
            "whatsapp" | "web_chat" | "social_media" => {
                self.rng.between(8, 25) + self.rng.between(0, 35)
            }
            "sms" => self.rng.between(5, 60),
            "walk_in" => self.rng.between(15, 90),
            _ => self.rng.between(5, 20),
        };
        minutes * MINUTE + self.rng.between(0, 59)
    }

    fn uncased_contact(&mut self, before: i64) -> DemoContact {
        let region_index = *self.rng.weighted(&self.region_weights);
        let region = &REGIONS[region_index];
        let contact_type = *self.rng.weighted(vocab::NON_CASE_CONTACT_TYPES);
        let channel = self.rng.weighted(vocab::CHANNELS).0;
        let (lo, hi) = match contact_type {
            "silent" => (5, 90),
            "hang_up" => (1, 20),
            "wrong_number" => (10, 60),
            "prank_abusive" => (20, 300),
            _ => (60, 600),
        };
        let duration_s = self.rng.between(lo, hi);
        let started_at = (before - self.rng.between(0, self.spacing)).max(self.calendar.start());
        let phone = vocab::channel_has_phone(channel).then(|| self.new_phone(region_index));
        let information = contact_type == "information_request";
        let subcategory = information.then(|| *self.rng.weighted(vocab::INFORMATION_REASONS));
        let caller_name = if information && self.rng.chance(40) {
            let female = self.rng.chance(60);
            Some(self.person_name(region, female).0.to_string())
        } else {
            None
        };
        let speaks = contact_type != "silent" && contact_type != "hang_up";
        DemoContact {
            channel,
            contact_type,
            operator: self.operator().0,
            started_at,
            duration_s,
            caller_name,
            caller_relationship: None,
            caller_phone: phone.as_ref().map(|p| p.display.clone()),
            phone_norm: phone.map(|p| p.digits),
            child_name: None,
            child_age: None,
            child_gender: None,
            location: (information && self.rng.chance(50)).then(|| *self.rng.pick(region.places)),
            language: speaks.then(|| *self.rng.weighted(region.languages)),
            category: subcategory.map(|s| s.split_once('.').map_or(s, |(c, _)| c)),
            subcategory,
            narrative: information.then(|| vocab::narrative("non_counselling")),
        }
    }

    fn next_case(&mut self) -> DemoCase {
        let fraction = (self.made as f64 + self.rng.unit()) / self.total as f64;
        let opened_at = self.calendar.at(fraction);
        let number = self.number_for(opened_at);

        // A returning caller keeps their number, and so their region.
        let returning = (!self.recent_phones.is_empty() && self.rng.chance(4))
            .then(|| self.rng.pick(&self.recent_phones).clone());
        let region_index = returning
            .as_ref()
            .map_or_else(|| *self.rng.weighted(&self.region_weights), |p| p.region);
        let region = &REGIONS[region_index];

        let &(contact_type, type_label) = self.rng.weighted(vocab::CASE_CONTACT_TYPES);
        let adult = contact_type == "adult_survivor_about_self";
        let gender = *self.rng.weighted(if adult {
            &[("girl", 88), ("boy", 9), ("non_binary", 1), ("unknown", 2)][..]
        } else {
            &[("girl", 55), ("boy", 38), ("non_binary", 2), ("unknown", 5)][..]
        });
        let age = self.age(contact_type);
        let female = gender == "girl" || (gender != "boy" && self.rng.chance(50));
        let (given, family) = self.person_name(region, female);
        let child_name = match self.rng.below(100) {
            0..=4 => None,
            5..=21 => Some(given.to_string()),
            _ => Some(full_name(region, given, family)),
        };
        let &(subcategory, severity) = self.rng.weighted(if adult {
            vocab::SURVIVOR_REASONS
        } else {
            vocab::CHILD_REASONS
        });
        let category = subcategory.split_once('.').map_or(subcategory, |(c, _)| c);
        let risk = self.risk(severity);
        let location = *self.rng.pick(region.places);
        let language = *self.rng.weighted(region.languages);
        let (relationship, caller_name) = if contact_type == "someone_about_child" {
            let relationship = *self.rng.weighted(vocab::RELATIONSHIPS);
            let caller_female = self.rng.chance(70);
            let (caller_given, caller_family) = self.person_name(region, caller_female);
            let caller_family = if matches!(relationship, "parent" | "relative") {
                family
            } else {
                caller_family
            };
            let name =
                (!self.rng.chance(15)).then(|| full_name(region, caller_given, caller_family));
            (relationship, name)
        } else {
            ("self", child_name.clone())
        };

        let (operator, team) = self.operator();
        // Returning callers are recognised by the number they call from.
        let (channel, channel_label) = match returning {
            Some(_) => vocab::CHANNELS[0].0,
            None => *self.rng.weighted(vocab::CHANNELS),
        };
        let phone = match returning {
            Some(p) => Some(p),
            None => vocab::channel_has_phone(channel).then(|| self.new_phone(region_index)),
        };
        let duration_s = self.contact_duration(channel);
        // The case is registered as the contact that opened it ends.
        let first = DemoContact {
            channel,
            contact_type,
            operator,
            started_at: opened_at - duration_s,
            duration_s,
            caller_name,
            caller_relationship: Some(relationship),
            caller_phone: phone.as_ref().map(|p| p.display.clone()),
            phone_norm: phone.as_ref().map(|p| p.digits.clone()),
            child_name: child_name.clone(),
            child_age: age,
            child_gender: Some(gender),
            location: Some(location),
            language: Some(language),
            category: Some(category),
            subcategory: Some(subcategory),
            narrative: Some(vocab::narrative(category)),
        };
        let mut case = DemoCase {
            number,
            status: CaseStatus::Open,
            risk,
            child_name,
            child_age: age,
            child_gender: gender,
            location,
            language,
            category,
            subcategory,
            phone_norm: first.phone_norm.clone(),
            worker: None,
            team: vocab::TEAMS[team],
            opened_at,
            updated_at: opened_at,
            assigned_at: None,
            deadline_at: None,
            closed_at: None,
            closure_reason: None,
            outcome_note: None,
            created_by: operator,
            contacts: Vec::with_capacity(3),
            events: Vec::with_capacity(8),
            alert: None,
            referral: None,
        };
        case.events.push(DemoEvent {
            at: opened_at,
            actor: operator,
            kind: EVENT_CONTACT,
            summary: Cow::Owned(format!("{channel_label}: {type_label}")),
            contact: Some(0),
        });
        case.contacts.push(first);
        let in_service_at = self.work_the_case(&mut case, team);
        self.follow_up_contacts(&mut case, type_label);
        if let Some(at) = in_service_at {
            case.referral = self.referral(&case, at);
        }
        case.events.sort_by_key(|e| e.at);
        case.deadline_at = workflow::deadline(&case);
        case.alert = self.alert(&case, team);
        case
    }

    fn age(&mut self, contact_type: &str) -> Option<u8> {
        if self.rng.chance(6) {
            return None;
        }
        let age = match contact_type {
            // Children who call themselves are mostly teenagers.
            "child_about_self" => {
                const WEIGHTS: [u32; 12] = [1, 1, 2, 3, 5, 7, 9, 11, 12, 12, 10, 8];
                let ages: [(u8, u32); 12] = std::array::from_fn(|i| (6 + i as u8, WEIGHTS[i]));
                *self.rng.weighted(&ages)
            }
            "adult_survivor_about_self" => {
                if self.rng.chance(70) {
                    self.rng.between(18, 35) as u8
                } else {
                    self.rng.between(36, 70) as u8
                }
            }
            _ => self.rng.between(0, 17) as u8,
        };
        Some(age)
    }

    fn risk(&mut self, severity: Severity) -> RiskLevel {
        let weights = vocab::risk_weights(severity);
        let levels: [(RiskLevel, u32); 5] =
            std::array::from_fn(|i| (RiskLevel::ALL[i], weights[i]));
        *self.rng.weighted(&levels)
    }
}

impl Iterator for DemoGenerator {
    type Item = DemoEntry;

    fn next(&mut self) -> Option<DemoEntry> {
        if self.made >= self.total {
            return None;
        }
        let case = self.next_case();
        // About one uncased contact for every seven cases.
        let uncased = self
            .rng
            .chance(15)
            .then(|| self.uncased_contact(case.opened_at));
        self.made += 1;
        Some(DemoEntry { uncased, case })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.total - self.made).unwrap_or(usize::MAX);
        (left, Some(left))
    }
}

fn full_name(region: &Region, given: &str, family: &str) -> String {
    if region.family_first {
        format!("{family} {given}")
    } else {
        format!("{given} {family}")
    }
}
