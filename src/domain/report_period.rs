//! The period a report or an export covers: whole UTC days, from the first
//! day to the day after the last, so every report, the pane and the command
//! line count the same contacts whatever the machine's time zone.

use chrono::{Datelike, Duration, NaiveDate};

const DAY: i64 = 86_400;

/// A span of whole UTC days: `from` inclusive, `to` exclusive, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub from: i64,
    pub to: i64,
}

impl Period {
    /// The days `first` to `last`, both included.
    pub fn days(first: NaiveDate, last: NaiveDate) -> Result<Period, String> {
        if last < first {
            return Err(format!(
                "the period ends ({last}) before it starts ({first})"
            ));
        }
        Ok(Period {
            from: day_start(first),
            to: day_start(last) + DAY,
        })
    }

    /// The UTC day numbers (seconds / 86 400) covered: first, and one past
    /// the last, as the roll-up tables key them.
    pub fn day_numbers(self) -> (i64, i64) {
        (self.from.div_euclid(DAY), self.to.div_euclid(DAY))
    }

    pub fn first_day(self) -> NaiveDate {
        date_of(self.from)
    }

    pub fn last_day(self) -> NaiveDate {
        date_of(self.to - DAY)
    }

    /// "2026-11-01 to 2026-11-30", or one day alone.
    pub fn label(self) -> String {
        if self.first_day() == self.last_day() {
            self.first_day().to_string()
        } else {
            format!("{} to {}", self.first_day(), self.last_day())
        }
    }

    /// A calendar year.
    pub fn year(year: i32) -> Result<Period, String> {
        let first = NaiveDate::from_ymd_opt(year, 1, 1)
            .ok_or_else(|| format!("{year} is not a year helpline can count"))?;
        let last = NaiveDate::from_ymd_opt(year, 12, 31)
            .ok_or_else(|| format!("{year} is not a year helpline can count"))?;
        Period::days(first, last)
    }

    /// A calendar month given as YYYY-MM.
    pub fn month(text: &str) -> Result<Period, String> {
        let first = NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d").map_err(
            |_| {
                format!(
                    "a month is written YYYY-MM, not `{}`",
                    super::safe_text::terminal_line(text, 20)
                )
            },
        )?;
        Period::days(first, month_end(first))
    }
}

/// The periods the Reports pane offers, and the command line's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PeriodChoice {
    Today,
    ThisWeek,
    #[default]
    ThisMonth,
    LastMonth,
    /// Chosen days, both included.
    Custom {
        first: NaiveDate,
        last: NaiveDate,
    },
}

impl PeriodChoice {
    /// The choices a key cycles through (a custom range is typed).
    pub const CYCLE: [PeriodChoice; 4] = [
        PeriodChoice::Today,
        PeriodChoice::ThisWeek,
        PeriodChoice::ThisMonth,
        PeriodChoice::LastMonth,
    ];

    pub fn label(self) -> String {
        match self {
            PeriodChoice::Today => "today".into(),
            PeriodChoice::ThisWeek => "this week".into(),
            PeriodChoice::ThisMonth => "this month".into(),
            PeriodChoice::LastMonth => "last month".into(),
            PeriodChoice::Custom { first, last } => format!("{first} to {last}"),
        }
    }

    /// The next choice of the cycle (a custom range goes back to today).
    pub fn next(self) -> PeriodChoice {
        let at = PeriodChoice::CYCLE.iter().position(|c| *c == self);
        match at {
            Some(i) => PeriodChoice::CYCLE[(i + 1) % PeriodChoice::CYCLE.len()],
            None => PeriodChoice::Today,
        }
    }

    /// The days this choice covers when `today` is the UTC date. Weeks start
    /// on Monday; this week and this month run to today.
    pub fn resolve(self, today: NaiveDate) -> Period {
        let span = |first: NaiveDate, last: NaiveDate| Period {
            from: day_start(first),
            to: day_start(last) + DAY,
        };
        match self {
            PeriodChoice::Today => span(today, today),
            PeriodChoice::ThisWeek => {
                let back = i64::from(today.weekday().num_days_from_monday());
                span(today - Duration::days(back), today)
            }
            PeriodChoice::ThisMonth => span(month_start(today), today),
            PeriodChoice::LastMonth => {
                let last = month_start(today) - Duration::days(1);
                span(month_start(last), last)
            }
            PeriodChoice::Custom { first, last } => span(first.min(last), first.max(last)),
        }
    }
}

/// A day given as YYYY-MM-DD on the command line or in the pane.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        format!(
            "a day is written YYYY-MM-DD, not `{}`",
            super::safe_text::terminal_line(text, 20)
        )
    })
}

/// The period of `--from` and `--to`: either alone means that day to
/// today (or the month's first day to that day); neither, this month.
pub fn from_flags(
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> Result<Period, String> {
    match (from, to) {
        (None, None) => Ok(PeriodChoice::ThisMonth.resolve(today)),
        (Some(from), None) => Period::days(parse_day(from)?, today),
        (None, Some(to)) => {
            let last = parse_day(to)?;
            Period::days(month_start(last), last)
        }
        (Some(from), Some(to)) => Period::days(parse_day(from)?, parse_day(to)?),
    }
}

fn day_start(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default()
}

fn date_of(at: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

fn month_end(first: NaiveDate) -> NaiveDate {
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    next.map_or(first, |n| n - Duration::days(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        parse_day(text).unwrap()
    }

    #[test]
    fn each_choice_covers_its_days() {
        // 2026-11-18 is a Wednesday.
        let today = d("2026-11-18");
        let table = [
            (PeriodChoice::Today, "2026-11-18", "2026-11-18"),
            (PeriodChoice::ThisWeek, "2026-11-16", "2026-11-18"),
            (PeriodChoice::ThisMonth, "2026-11-01", "2026-11-18"),
            (PeriodChoice::LastMonth, "2026-10-01", "2026-10-31"),
            (
                PeriodChoice::Custom {
                    first: d("2026-02-10"),
                    last: d("2026-02-01"),
                },
                "2026-02-01",
                "2026-02-10",
            ),
        ];
        for (choice, first, last) in table {
            let p = choice.resolve(today);
            assert_eq!(
                (p.first_day(), p.last_day()),
                (d(first), d(last)),
                "{choice:?}"
            );
            assert_eq!((p.to - p.from) % DAY, 0);
        }
        let january = PeriodChoice::LastMonth.resolve(d("2026-01-05"));
        assert_eq!(january.label(), "2025-12-01 to 2025-12-31");
    }

    #[test]
    fn years_months_and_flags() {
        let y = Period::year(2026).unwrap();
        assert_eq!(y.label(), "2026-01-01 to 2026-12-31");
        assert_eq!(y.day_numbers().1 - y.day_numbers().0, 365);
        assert_eq!(
            Period::month("2024-02").unwrap().last_day(),
            d("2024-02-29")
        );
        assert_eq!(
            Period::month("2026-12").unwrap().last_day(),
            d("2026-12-31")
        );
        assert!(Period::month("2026-13").is_err());
        assert!(Period::month("nov").is_err());
        let today = d("2026-11-18");
        type Want<'a> = Result<(&'a str, &'a str), ()>;
        let table: [(Option<&str>, Option<&str>, Want); 5] = [
            (None, None, Ok(("2026-11-01", "2026-11-18"))),
            (Some("2026-11-10"), None, Ok(("2026-11-10", "2026-11-18"))),
            (None, Some("2026-10-15"), Ok(("2026-10-01", "2026-10-15"))),
            (
                Some("2026-01-01"),
                Some("2026-03-31"),
                Ok(("2026-01-01", "2026-03-31")),
            ),
            (Some("2026-03-31"), Some("2026-01-01"), Err(())),
        ];
        for (from, to, want) in table {
            let got = from_flags(from, to, today)
                .map(|p| (p.first_day(), p.last_day()))
                .map_err(|_| ());
            assert_eq!(got, want.map(|(a, b)| (d(a), d(b))), "{from:?} {to:?}");
        }
        assert!(from_flags(Some("yesterday"), None, today).is_err());
    }

    #[test]
    fn the_cycle_visits_every_choice_and_leaves_a_custom_range() {
        let mut c = PeriodChoice::Today;
        for _ in 0..4 {
            c = c.next();
        }
        assert_eq!(c, PeriodChoice::Today);
        let custom = PeriodChoice::Custom {
            first: d("2026-01-01"),
            last: d("2026-01-02"),
        };
        assert_eq!(custom.next(), PeriodChoice::Today);
    }
}
