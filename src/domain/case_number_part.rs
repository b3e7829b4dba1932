//! Finding case numbers by any part of them without a text index.
//!
//! A case number is `HL-YYYY-NNNNNN`: a year and a six-digit sequence. A
//! part typed from the phone ("0123", "2025-0001", "25-00") sits somewhere
//! in `YYYY-NNNNNN`; wherever it sits, the numbers it fits are a handful of
//! runs of consecutive sequence numbers of the years it fits. Looking those
//! runs up on the unique index of `number` finds the newest matches in a
//! few index seeks, where a trigram index has to intersect posting lists
//! of trigrams such as "000" that every number holds.

/// Digits of the sequence part of a case number.
pub const SEQ_DIGITS: u32 = 6;

/// The sequence numbers `first..=last` of cases opened in `year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeqRun {
    pub year: i32,
    pub first: u32,
    pub last: u32,
}

impl SeqRun {
    /// The first and last case numbers of the run, as stored.
    pub fn bounds(&self) -> (String, String) {
        let number = |seq: u32| {
            super::case::CaseNumber {
                year: self.year,
                seq,
            }
            .to_string()
        };
        (number(self.first), number(self.last))
    }
}

/// The runs of case numbers that contain `part` after their `HL-` prefix,
/// among `years` (each year with the last sequence number handed out).
/// Newest first: by year, then by sequence, descending; runs never
/// overlap. `part` holds digits and dashes; anything else matches nothing.
/// Sequences beyond six digits (a million cases in one year) are not
/// reached.
pub fn runs_containing(part: &str, years: &[(i32, u32)]) -> Vec<SeqRun> {
    let part = part.as_bytes();
    if part.is_empty() || !part.iter().all(|b| b.is_ascii_digit() || *b == b'-') {
        return Vec::new();
    }
    let mut years: Vec<(i32, u32)> = years
        .iter()
        .copied()
        .filter(|(year, _)| (0..=9999).contains(year))
        .collect();
    years.sort_by_key(|y| std::cmp::Reverse(y.0));
    let mut runs = Vec::new();
    for (year, last_seq) in years {
        let last_seq = last_seq.min(10u32.pow(SEQ_DIGITS) - 1);
        let mut year_runs = Vec::new();
        let template = format!("{year:04}-");
        let width = template.len() + SEQ_DIGITS as usize;
        for offset in 0..=width.saturating_sub(part.len()) {
            if let Some(fixed) = fit_at(part, offset, template.as_bytes()) {
                seq_runs(&fixed, last_seq, &mut year_runs);
            }
        }
        runs.extend(
            merge(year_runs)
                .into_iter()
                .map(|(first, last)| SeqRun { year, first, last }),
        );
    }
    runs
}

/// Where `part` placed at `offset` of `YYYY-NNNNNN` agrees with the year
/// and the dash, the digits it fixes in the sequence: (position in the
/// sequence, digits). None when it disagrees.
fn fit_at(part: &[u8], offset: usize, template: &[u8]) -> Option<(usize, Vec<u8>)> {
    let mut seq_start = None;
    let mut digits = Vec::new();
    for (i, &b) in part.iter().enumerate() {
        let at = offset + i;
        if at < template.len() {
            if template[at] != b {
                return None;
            }
        } else {
            if !b.is_ascii_digit() {
                return None;
            }
            seq_start.get_or_insert(at - template.len());
            digits.push(b - b'0');
        }
    }
    Some((seq_start.unwrap_or(0), digits))
}

/// The sequence runs (at most `last_seq`) whose digits at `start..` are
/// `digits`: every choice of the digits before `start`, each a run over the
/// digits after.
fn seq_runs((start, digits): &(usize, Vec<u8>), last_seq: u32, out: &mut Vec<(u32, u32)>) {
    let after = SEQ_DIGITS as usize - start - digits.len();
    let fixed = digits.iter().fold(0u32, |n, d| n * 10 + u32::from(*d));
    let run_len = 10u32.pow(after as u32);
    let block = 10u32.pow((SEQ_DIGITS as usize - start) as u32);
    let mut prefix = 0u32;
    loop {
        let first = prefix * block + fixed * run_len;
        if first > last_seq {
            break;
        }
        out.push((first, (first + run_len - 1).min(last_seq)));
        prefix += 1;
        if *start == 0 {
            break;
        }
    }
}

/// Runs sorted newest first with overlapping or touching runs joined.
fn merge(mut runs: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    runs.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(runs.len());
    for (first, last) in runs {
        match merged.last_mut() {
            Some(prev) if first <= prev.1.saturating_add(1) => prev.1 = prev.1.max(last),
            _ => merged.push((first, last)),
        }
    }
    merged.reverse();
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::CaseNumber;
    use proptest::prelude::*;

    fn numbers(runs: &[SeqRun]) -> Vec<String> {
        runs.iter()
            .flat_map(|r| (r.first..=r.last).rev().map(move |seq| (r.year, seq)))
            .map(|(year, seq)| CaseNumber { year, seq }.to_string())
            .collect()
    }

    #[test]
    fn last_digits_read_out_on_the_phone() {
        let runs = runs_containing("0123", &[(2025, 2000)]);
        assert_eq!(
            numbers(&runs),
            [
                "HL-2025-001239",
                "HL-2025-001238",
                "HL-2025-001237",
                "HL-2025-001236",
                "HL-2025-001235",
                "HL-2025-001234",
                "HL-2025-001233",
                "HL-2025-001232",
                "HL-2025-001231",
                "HL-2025-001230",
                "HL-2025-000123"
            ]
        );
    }

    #[test]
    fn a_part_across_the_dash_fits_the_years_it_names() {
        let runs = runs_containing("2025-0001", &[(2026, 500), (2025, 300)]);
        assert_eq!(
            runs,
            [SeqRun {
                year: 2025,
                first: 100,
                last: 199
            }]
        );
        assert_eq!(runs[0].bounds().0, "HL-2025-000100");
        // A year alone is every case of that year.
        assert_eq!(
            runs_containing("2026", &[(2026, 50), (2025, 10)])[0],
            SeqRun {
                year: 2026,
                first: 0,
                last: 50
            }
        );
        assert!(runs_containing("12a", &[(2026, 500)]).is_empty());
        assert!(runs_containing("--", &[(2026, 500)]).is_empty());
    }

    proptest! {
        /// A number is in a run exactly when the part is in its text.
        #[test]
        fn runs_hold_exactly_the_numbers_containing_the_part(
            year in 2020i32..2030,
            last_seq in 0u32..3000,
            seq in 0u32..3000,
            random in "[0-9-]{1,8}",
            cut in proptest::option::of((0usize..11, 1usize..9)),
        ) {
            let seq = seq.min(last_seq);
            let text = CaseNumber { year, seq }.to_string();
            // Half the time a part of the number itself.
            let part = match cut {
                Some((start, len)) => {
                    let tail = &text["HL-".len()..];
                    let start = start.min(tail.len() - 1);
                    tail[start..(start + len).min(tail.len())].to_string()
                }
                None => random,
            };
            let contains = text["HL-".len()..].contains(&part);
            let runs = runs_containing(&part, &[(year, last_seq), (year - 1, 10)]);
            let inside = runs.iter().any(|r| r.year == year && (r.first..=r.last).contains(&seq));
            prop_assert_eq!(contains, inside, "{} in {}", part, text);
            for pair in runs.windows(2) {
                prop_assert!((pair[0].year, pair[0].first) > (pair[1].year, pair[1].last));
            }
        }
    }
}
