//! Spreads demo cases over the period that ends at `now`.
//!
//! Case `i` of `n` lands at a position that only grows with `i`, so the
//! store inserts cases in `opened_at` order and case numbers follow time
//! within each year. The spread still looks lived-in: more cases recently
//! than two years ago, and a daily rhythm that is quiet at night.

use super::vocab::HOUR_WEIGHTS;

const DAY: i64 = 86_400;

/// How much busier the last day is than the first (0.6 = 60 % busier),
/// as a helpline becomes better known.
const GROWTH: f64 = 0.6;

/// Maps a fraction of the period, `0.0..1.0`, to a time, monotonically.
#[derive(Debug, Clone)]
pub(super) struct Calendar {
    /// Midnight (UTC) that starts the first day.
    first_midnight: i64,
    now: i64,
    /// Running total of the day weights: `cumulative[d]` is the weight of
    /// the days before day `d`; the last entry is the total.
    cumulative: Vec<f64>,
    /// The share of the last day's traffic that happened before `now`.
    last_day_share: f64,
}

impl Calendar {
    /// `days` whole or partial days ending at `now` (UTC seconds).
    pub fn new(now: i64, days: i64) -> Self {
        let days = days.max(1);
        let today = now.div_euclid(DAY) * DAY;
        let last_day_share = hour_cdf(now - today);
        let mut cumulative = Vec::with_capacity(days as usize + 1);
        let mut total = 0.0;
        cumulative.push(total);
        for d in 0..days {
            let mut weight = 1.0 + GROWTH * d as f64 / days as f64;
            if d == days - 1 {
                weight *= last_day_share;
            }
            total += weight;
            cumulative.push(total);
        }
        Calendar {
            first_midnight: today - (days - 1) * DAY,
            now,
            cumulative,
            last_day_share,
        }
    }

    /// The earliest time the calendar can return.
    pub fn start(&self) -> i64 {
        self.first_midnight
    }

    /// The time at `fraction` (`0.0..1.0`) of the period's traffic.
    pub fn at(&self, fraction: f64) -> i64 {
        let days = self.cumulative.len() - 1;
        let total = self.cumulative[days];
        let target = fraction.clamp(0.0, 1.0) * total;
        // The day whose slice of the cumulative weight holds the target.
        let day = self
            .cumulative
            .partition_point(|&c| c <= target)
            .saturating_sub(1)
            .min(days - 1);
        let width = self.cumulative[day + 1] - self.cumulative[day];
        let within = if width > 0.0 {
            ((target - self.cumulative[day]) / width).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let share = if day == days - 1 {
            within * self.last_day_share
        } else {
            within
        };
        let t = self.first_midnight + day as i64 * DAY + time_of_day(share);
        t.min(self.now)
    }
}

/// The share of a day's traffic that falls before `secs` past midnight.
fn hour_cdf(secs: i64) -> f64 {
    let total: u32 = HOUR_WEIGHTS.iter().sum();
    let secs = secs.clamp(0, DAY);
    let hour = (secs / 3600) as usize;
    let before: u32 = HOUR_WEIGHTS[..hour.min(24)].iter().sum();
    let partial = if hour < 24 {
        f64::from(HOUR_WEIGHTS[hour]) * (secs % 3600) as f64 / 3600.0
    } else {
        0.0
    };
    (f64::from(before) + partial) / f64::from(total)
}

/// The inverse of [`hour_cdf`]: seconds past midnight by which `share` of
/// the day's traffic has happened.
fn time_of_day(share: f64) -> i64 {
    let total: u32 = HOUR_WEIGHTS.iter().sum();
    let mut left = share.clamp(0.0, 1.0) * f64::from(total);
    for (hour, &weight) in HOUR_WEIGHTS.iter().enumerate() {
        let weight = f64::from(weight);
        if left < weight {
            return hour as i64 * 3600 + (left / weight * 3600.0) as i64;
        }
        left -= weight;
    }
    DAY - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_780_000_000; // 2026-05-28 20:26:40 UTC

    #[test]
    fn times_only_grow_and_stay_inside_the_period() {
        let cal = Calendar::new(NOW, 730);
        let mut last = i64::MIN;
        for i in 0..=10_000 {
            let t = cal.at(i as f64 / 10_000.0);
            assert!(t >= last, "step {i}");
            assert!(t >= cal.start() && t <= NOW);
            last = t;
        }
        assert!(cal.start() <= NOW - 729 * DAY);
        assert!(cal.start() > NOW - 731 * DAY);
    }

    #[test]
    fn nights_are_quieter_than_afternoons() {
        let cal = Calendar::new(NOW, 730);
        let mut by_hour = [0u32; 24];
        for i in 0..20_000 {
            let t = cal.at((i as f64 + 0.5) / 20_000.0);
            by_hour[(t.rem_euclid(DAY) / 3600) as usize] += 1;
        }
        assert!(by_hour[16] > 3 * by_hour[3], "{by_hour:?}");
    }

    #[test]
    fn inverse_matches_cdf() {
        for secs in [0, 1800, 3600 * 13 + 60, DAY - 1] {
            let back = time_of_day(hour_cdf(secs));
            assert!((back - secs).abs() <= 1, "{secs} -> {back}");
        }
    }
}
