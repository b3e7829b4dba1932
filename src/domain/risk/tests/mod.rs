//! Table-driven tests of the shipped instruments against their published
//! rules, of the parser against invalid files, and of the assessment API.

mod asq;
mod catalog;
mod cp_risk;
mod cssrs;
mod dash;
mod flow;
mod invalid;

use super::{Answer, Answers, Catalog, Instrument};

/// Answers as written in a table row.
type Given = Vec<(&'static str, Answer)>;

fn shipped(id: &str) -> Instrument {
    Catalog::shipped().unwrap().get(id).unwrap().clone()
}

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    pairs
        .iter()
        .map(|(id, a)| (id.to_string(), a.clone()))
        .collect()
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}
