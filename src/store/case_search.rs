//! Type-to-search over cases: names, phones, any part of a case number,
//! locations, intake narratives and notes, each hit saying which field
//! matched. Names, phones, locations, narratives and notes each have their
//! own FTS5 index (see 0002_cases.sql and 0011_search_text.sql); parts of a
//! case number are runs of the unique index on `number` (see
//! `domain::case_number_part`). The newest matches of each are the
//! candidates among which the most urgent come first.

use super::audit::{AuditEntry, append};
use super::case_access::{ties_at, ties_columns};
use super::cases::{CaseRow, ROW_COLUMN_COUNT, ROW_COLUMNS, SORT_KEY, case_row};
use super::{Store, StoreResult, unix_now};
use crate::domain::access::{CaseAction, CaseTies, Decision, Viewer, decide, decide_for, initials};
use crate::domain::{AuditAction, case_number_part};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};
use std::collections::BTreeMap;

/// Which field of a case a search matched, in the order results list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchedField {
    CaseNumber,
    Name,
    Phone,
    Location,
    Narrative,
    Note,
}

impl MatchedField {
    /// Whether the field identifies a case rather than tells what it holds.
    pub fn identifies(self) -> bool {
        matches!(
            self,
            MatchedField::CaseNumber | MatchedField::Name | MatchedField::Phone
        )
    }

    /// The word shown in the results' "matched" column.
    pub fn label(self) -> &'static str {
        match self {
            MatchedField::CaseNumber => "case number",
            MatchedField::Name => "name",
            MatchedField::Phone => "phone",
            MatchedField::Location => "location",
            MatchedField::Narrative => "narrative",
            MatchedField::Note => "note",
        }
    }
}

/// One search result: the case's list line and the fields that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub row: CaseRow,
    /// Never empty; in `MatchedField` order.
    pub matched: Vec<MatchedField>,
    /// A case outside the viewer's rights: the row holds only its number,
    /// the child's initials, age, level and step, for recognising a
    /// returning caller; opening it means breaking the glass.
    pub minimal: bool,
}

impl SearchHit {
    /// The hit as `viewer` may see it: whole when the matrix lets them view
    /// the case; otherwise minimal, and only when it was found by what
    /// identifies a case (number, name, phone), never by what was said
    /// about it (a word of a note would tell what the case holds); or
    /// nothing at all.
    fn as_seen_by(
        viewer: &Viewer,
        ties: &CaseTies,
        mut row: CaseRow,
        matched: Vec<MatchedField>,
    ) -> Option<SearchHit> {
        if decide_for(viewer.case_role, ties, CaseAction::View) == Decision::Allow {
            return Some(SearchHit {
                row,
                matched,
                minimal: false,
            });
        }
        let minimal = decide(
            viewer.case_role,
            ties.relation(),
            ties.restricted,
            CaseAction::SearchMinimal,
        );
        let matched: Vec<MatchedField> = matched.into_iter().filter(|m| m.identifies()).collect();
        if minimal != Decision::Allow || matched.is_empty() {
            return None;
        }
        row.child_name = Some(initials(row.child_name.as_deref()));
        row.category = None;
        row.subcategory = None;
        row.worker = None;
        row.deadline_at = None;
        row.unassessed.clear();
        row.unreachable = false;
        row.closure = None;
        Some(SearchHit {
            row,
            matched,
            minimal: true,
        })
    }

    /// The matched fields as one line, e.g. "name, note".
    pub fn matched_label(&self) -> String {
        self.matched
            .iter()
            .map(|m| m.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Marks the look-up of a case-number part, which is no single statement.
const NUMBER_PART: &str = "case number part";

/// Words shorter than this never search free text (notes, narratives,
/// locations): a one- or two-letter prefix would merge most of the
/// vocabulary, and names already answer the first keystrokes.
const MIN_TEXT_WORD: usize = 3;

/// Where each source's candidates come from: the statement gives case ids
/// of the newest `?2` index matches of `?1`. Every index keys its rows by
/// the negated id (see 0019_search_newest_first.sql), so the newest come
/// first in ascending rowid order, the way FTS5 walks fastest.
const NAME_IDS: &str = "SELECT -rowid FROM case_search WHERE case_search MATCH ?1
     ORDER BY rowid LIMIT ?2";
const PHONE_IDS: &str = "SELECT -rowid FROM case_phone_search WHERE case_phone_search MATCH ?1
     ORDER BY rowid LIMIT ?2";
const NUMBER_PREFIX_IDS: &str =
    "SELECT id FROM cases WHERE number >= ?1 AND number < ?1 || '~' ORDER BY number DESC LIMIT ?2";
/// Cases whose number lies in one run, newest first.
const NUMBER_RUN_IDS: &str = "SELECT id FROM cases WHERE number BETWEEN ?1 AND ?2
     ORDER BY number DESC LIMIT ?3";
/// The years cases were opened in, with their last sequence number.
const CASE_YEARS: &str = "SELECT year, last_seq FROM case_counters";
const LOCATION_IDS: &str = "SELECT -rowid FROM case_location_search
     WHERE case_location_search MATCH ?1 ORDER BY rowid LIMIT ?2";
const NARRATIVE_IDS: &str =
    "SELECT c.case_id FROM contacts c WHERE c.case_id IS NOT NULL AND c.id IN
     (SELECT -rowid FROM contact_narrative_search WHERE contact_narrative_search MATCH ?1
      ORDER BY rowid LIMIT ?2)";
const CONTACT_LOCATION_IDS: &str =
    "SELECT c.case_id FROM contacts c WHERE c.case_id IS NOT NULL AND c.id IN
     (SELECT -rowid FROM contact_location_search WHERE contact_location_search MATCH ?1
      ORDER BY rowid LIMIT ?2)";
const NOTE_IDS: &str = "SELECT e.case_id FROM case_events e WHERE e.id IN
     (SELECT -rowid FROM note_search WHERE note_search MATCH ?1 ORDER BY rowid LIMIT ?2)";

impl Store {
    /// Type-to-search, as list lines only (see `search_cases_matched`).
    pub fn search_cases(
        &self,
        viewer: &Viewer,
        text: &str,
        limit: u32,
    ) -> StoreResult<Vec<CaseRow>> {
        Ok(self
            .search_cases_matched(viewer, text, limit)?
            .into_iter()
            .map(|hit| hit.row)
            .collect())
    }

    /// Type-to-search: a case number (its start, or any part of 3+
    /// characters), word prefixes of the child's name, any fragment of a
    /// phone number (3+ digits), and whole words (3+ letters each) of a
    /// location, an intake narrative or a note. Open and closed cases alike, most
    /// urgent first among the newest matches of each field, at most `limit`.
    /// Cases outside the viewer's rights come as minimal results (see
    /// `SearchHit::as_seen_by`), or not at all.
    pub fn search_cases_matched(
        &self,
        viewer: &Viewer,
        text: &str,
        limit: u32,
    ) -> StoreResult<Vec<SearchHit>> {
        let plan = SearchPlan::for_text(text);
        if plan.is_empty() {
            return Ok(Vec::new());
        }
        // A few more candidates than shown, so that the most urgent among
        // them rise to the top; an index walk stops after them.
        let candidates = i64::from(limit) * 4;
        let mut matched: BTreeMap<i64, Vec<MatchedField>> = BTreeMap::new();
        for (field, sql, needle) in &plan.lookups {
            let ids = if *sql == NUMBER_PART {
                self.case_ids_by_number_part(needle, candidates)?
            } else {
                let mut stmt = self.conn().prepare_cached(sql)?;
                stmt.query_map(params![needle, candidates], |r| r.get::<_, i64>(0))?
                    .collect::<rusqlite::Result<Vec<i64>>>()?
            };
            for id in ids {
                let fields = matched.entry(id).or_default();
                if !fields.contains(field) {
                    fields.push(*field);
                }
            }
        }
        if matched.is_empty() {
            return Ok(Vec::new());
        }
        let ids = serde_json::to_string(&matched.keys().collect::<Vec<_>>())
            .map_err(|e| super::StoreError::Invalid(e.to_string()))?;
        let (ties, mut args) = ties_columns(viewer, unix_now());
        args.push(Value::Text(ids));
        args.push(Value::Integer(i64::from(limit)));
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {ROW_COLUMNS}, {ties} FROM cases c LEFT JOIN users u ON u.id = c.worker_id
             WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY {SORT_KEY} LIMIT ?"
        ))?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok((case_row(r)?, ties_at(r, ROW_COLUMN_COUNT)?))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (row, ties) = row?;
            let mut fields = matched.remove(&row.id).unwrap_or_default();
            fields.sort();
            if let Some(hit) = SearchHit::as_seen_by(viewer, &ties, row, fields) {
                hits.push(hit);
            }
        }
        Ok(hits)
    }

    /// The newest `limit` cases whose number contains `part` (digits and
    /// dashes): a few seeks on the number index, run by run.
    fn case_ids_by_number_part(&self, part: &str, limit: i64) -> StoreResult<Vec<i64>> {
        let years = self
            .conn()
            .prepare_cached(CASE_YEARS)?
            .query_map([], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, u32>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn().prepare_cached(NUMBER_RUN_IDS)?;
        let mut ids = Vec::new();
        for run in case_number_part::runs_containing(part, &years) {
            let wanted = limit - ids.len() as i64;
            if wanted <= 0 {
                break;
            }
            let (first, last) = run.bounds();
            for id in stmt.query_map(params![first, last, wanted], |r| r.get::<_, i64>(0))? {
                ids.push(id?);
            }
        }
        Ok(ids)
    }

    /// Records that `user` searched cases and how many results the final
    /// query showed. Never the text typed: it may hold a child's name.
    pub fn record_case_search(&mut self, user: i64, results: usize) -> StoreResult<()> {
        let detail = format!("results={results}");
        self.write(|tx| {
            append(
                tx,
                &AuditEntry::new(Some(user), AuditAction::CasesSearched).detail(&detail),
            )
        })
    }
}

/// The index look-ups one search text needs: (field, statement, needle).
#[derive(Debug, Default, PartialEq, Eq)]
struct SearchPlan {
    lookups: Vec<(MatchedField, &'static str, String)>,
}

impl SearchPlan {
    fn for_text(text: &str) -> Self {
        let text = text.trim();
        let mut plan = SearchPlan::default();
        if text.is_empty() {
            return plan;
        }
        let upper = text.to_uppercase();
        if upper.starts_with("HL-") {
            // A number typed from its start: a range on the unique index.
            plan.push(MatchedField::CaseNumber, NUMBER_PREFIX_IDS, upper);
            return plan;
        }
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let numeric = text
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        if numeric {
            let international = text.trim_start().starts_with('+');
            let subscriber = phone_fragment(&digits, international);
            if subscriber.len() >= 3 {
                plan.push(MatchedField::Phone, PHONE_IDS, fts_phrase(subscriber));
            }
            // Any part of a case number, with its dashes as typed.
            let part: String = text
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '-')
                .collect();
            if part.len() >= 3 {
                plan.push(MatchedField::CaseNumber, NUMBER_PART, part);
            }
            return plan;
        }
        let words = words(text);
        if words.is_empty() {
            return plan;
        }
        plan.push(
            MatchedField::Name,
            NAME_IDS,
            format!("child_name : ({})", prefixes(&words)),
        );
        if words.iter().all(|w| w.chars().count() >= MIN_TEXT_WORD) {
            let all = whole_words(&words);
            plan.push(MatchedField::Location, LOCATION_IDS, all.clone());
            plan.push(MatchedField::Location, CONTACT_LOCATION_IDS, all.clone());
            plan.push(MatchedField::Narrative, NARRATIVE_IDS, all.clone());
            plan.push(MatchedField::Note, NOTE_IDS, all);
        }
        plan
    }

    fn push(&mut self, field: MatchedField, sql: &'static str, needle: String) {
        if !needle.is_empty() {
            self.lookups.push((field, sql, needle));
        }
    }

    fn is_empty(&self) -> bool {
        self.lookups.is_empty()
    }
}

/// The words of a search text: runs of letters and digits. Anything else
/// (quotes, FTS operators' punctuation) only separates words.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Every word as a quoted prefix, so that all must match the start of a
/// word ("wanj nya" finds "Wanjiku Nyambura"); the quotes keep words such
/// as OR or NEAR from being read as FTS syntax.
fn prefixes(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("\"{w}\"*"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every word whole and quoted: free text matches whole words only, since
/// a prefix of a common word merges every posting of every word it starts.
fn whole_words(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The digits of a phone fragment as the index holds numbers: their last
/// nine digits (see 0017_phone_search_national.sql). A longer fragment is
/// looked up by its last nine; a shorter one typed with "+" loses its
/// country code (taken as three digits, the most a code has: a shorter
/// code only widens the search); a leading trunk 0 ("0722…") is dropped,
/// as the index never holds it before the subscriber digits.
fn phone_fragment(digits: &str, international: bool) -> &str {
    if digits.len() > PHONE_DIGITS_INDEXED {
        return &digits[digits.len() - PHONE_DIGITS_INDEXED..];
    }
    if international && digits.len() >= 6 {
        return &digits[3..];
    }
    let last_nine = digits;
    let without_trunk = last_nine.trim_start_matches('0');
    if last_nine.len() > without_trunk.len() && without_trunk.len() >= 3 {
        // Only the one trunk zero: "0072…" keeps its inner zero.
        &last_nine[1..]
    } else {
        last_nine
    }
}

/// Digits of each phone number the search index holds.
const PHONE_DIGITS_INDEXED: usize = 9;

/// A quoted phrase for a trigram index (needs 3+ characters).
fn fts_phrase(part: &str) -> String {
    if part.len() < 3 {
        String::new()
    } else {
        format!("\"{part}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needles(text: &str) -> Vec<(MatchedField, String)> {
        SearchPlan::for_text(text)
            .lookups
            .into_iter()
            .map(|(f, _, n)| (f, n))
            .collect()
    }

    #[test]
    fn phone_fragments_are_looked_up_by_their_subscriber_digits() {
        assert_eq!(phone_fragment("254722123456", true), "722123456");
        assert_eq!(phone_fragment("0722123456", false), "722123456");
        assert_eq!(phone_fragment("0722123", false), "722123");
        assert_eq!(phone_fragment("254733999", true), "733999");
        assert_eq!(phone_fragment("123", false), "123");
        assert_eq!(phone_fragment("0000", false), "0000");
        assert_eq!(phone_fragment("0072", false), "0072");
        assert_eq!(phone_fragment("00722", false), "0722");
    }

    #[test]
    fn search_text_becomes_safe_queries_per_field() {
        assert_eq!(
            needles("Wanj"),
            [
                (MatchedField::Name, "child_name : (\"Wanj\"*)".to_string()),
                (MatchedField::Location, "\"Wanj\"".to_string()),
                (MatchedField::Location, "\"Wanj\"".to_string()),
                (MatchedField::Narrative, "\"Wanj\"".to_string()),
                (MatchedField::Note, "\"Wanj\"".to_string()),
            ]
        );
        // Short words search names only.
        assert_eq!(
            needles(" wanj  K "),
            [(
                MatchedField::Name,
                "child_name : (\"wanj\"* \"K\"*)".to_string()
            )]
        );
        assert_eq!(
            needles("\"OR\" NEAR(")[0].1,
            "child_name : (\"OR\"* \"NEAR\"*)"
        );
        assert!(needles("--").is_empty());
        assert!(needles("12").is_empty());
        assert_eq!(
            needles("2025-0012"),
            [
                (MatchedField::Phone, "\"20250012\"".to_string()),
                (MatchedField::CaseNumber, "2025-0012".to_string()),
            ]
        );
        assert_eq!(
            needles("hl-2025"),
            [(MatchedField::CaseNumber, "HL-2025".to_string())]
        );
    }
}
