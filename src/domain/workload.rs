//! Workload: a worker's open cases weighted by risk, and the cap above
//! which assigning one more asks the supervisor to confirm with a reason.
//! Weights and the cap come from the configuration (`[workload]`).

use super::RiskLevel;

/// How much an open case of each level weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RiskWeights {
    pub none: u32,
    pub low: u32,
    pub medium: u32,
    pub high: u32,
    pub critical: u32,
}

impl Default for RiskWeights {
    /// Critical 5, high 3, medium 2, low 1; a case not yet assessed
    /// weighs as a low one.
    fn default() -> Self {
        RiskWeights {
            none: 1,
            low: 1,
            medium: 2,
            high: 3,
            critical: 5,
        }
    }
}

impl RiskWeights {
    pub fn of(&self, level: RiskLevel) -> u32 {
        match level {
            RiskLevel::None => self.none,
            RiskLevel::Low => self.low,
            RiskLevel::Medium => self.medium,
            RiskLevel::High => self.high,
            RiskLevel::Critical => self.critical,
        }
    }
}

/// Open cases of one worker by level, lowest level first (index = rank).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LevelCounts(pub [u32; 5]);

impl LevelCounts {
    pub fn get(&self, level: RiskLevel) -> u32 {
        self.0[level.rank() as usize]
    }

    /// One more case at `level`.
    pub fn with(mut self, level: RiskLevel) -> LevelCounts {
        let slot = &mut self.0[level.rank() as usize];
        *slot = slot.saturating_add(1);
        self
    }

    pub fn total(&self) -> u32 {
        self.0.iter().fold(0u32, |sum, n| sum.saturating_add(*n))
    }

    /// The weighted caseload (saturating: absurd counts never wrap).
    pub fn weighted(&self, weights: &RiskWeights) -> u32 {
        RiskLevel::ALL.into_iter().fold(0u32, |sum, level| {
            sum.saturating_add(self.get(level).saturating_mul(weights.of(level)))
        })
    }
}

/// The caseload a worker should not go above without a supervisor's
/// recorded reason. None: no cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cap(pub Option<u32>);

impl Default for Cap {
    fn default() -> Self {
        Cap(Some(40))
    }
}

/// Assigning one more case would put the worker over the cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverCap {
    pub before: u32,
    pub after: u32,
    pub cap: u32,
}

/// Whether assigning a case at `level` to a worker with `counts` goes
/// over the cap: the assignment then needs confirming with a reason.
pub fn over_cap(
    counts: &LevelCounts,
    level: RiskLevel,
    weights: &RiskWeights,
    cap: Cap,
) -> Option<OverCap> {
    let cap = cap.0?;
    let before = counts.weighted(weights);
    let after = counts.with(level).weighted(weights);
    (after > cap).then_some(OverCap { before, after, cap })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn level() -> impl Strategy<Value = RiskLevel> {
        (0i64..5).prop_map(RiskLevel::from_rank)
    }

    fn counts() -> impl Strategy<Value = LevelCounts> {
        proptest::array::uniform5(0u32..500).prop_map(LevelCounts)
    }

    fn weights() -> impl Strategy<Value = RiskWeights> {
        (0u32..20, 0u32..20, 0u32..20, 0u32..20, 0u32..20).prop_map(
            |(none, low, medium, high, critical)| RiskWeights {
                none,
                low,
                medium,
                high,
                critical,
            },
        )
    }

    #[test]
    fn default_weights_are_the_documented_ones() {
        let w = RiskWeights::default();
        let table = [
            (RiskLevel::Critical, 5),
            (RiskLevel::High, 3),
            (RiskLevel::Medium, 2),
            (RiskLevel::Low, 1),
        ];
        for (level, weight) in table {
            assert_eq!(w.of(level), weight, "{level:?}");
        }
        // Two critical, one high, one low: 5 + 5 + 3 + 1.
        let c = LevelCounts::default()
            .with(RiskLevel::Critical)
            .with(RiskLevel::Critical)
            .with(RiskLevel::High)
            .with(RiskLevel::Low);
        assert_eq!(c.weighted(&w), 14);
        assert_eq!(c.total(), 4);
    }

    #[test]
    fn the_cap_is_crossed_by_the_case_that_goes_over_it() {
        let w = RiskWeights::default();
        let at_38 = LevelCounts([0, 0, 4, 10, 0]); // 8 + 30
        assert_eq!(over_cap(&at_38, RiskLevel::Medium, &w, Cap(Some(40))), None);
        assert_eq!(
            over_cap(&at_38, RiskLevel::High, &w, Cap(Some(40))),
            Some(OverCap {
                before: 38,
                after: 41,
                cap: 40
            })
        );
        assert_eq!(over_cap(&at_38, RiskLevel::Critical, &w, Cap(None)), None);
    }

    proptest! {
        #[test]
        fn weighted_is_the_sum_of_count_times_weight(c in counts(), w in weights()) {
            let expected: u64 = RiskLevel::ALL
                .iter()
                .map(|l| u64::from(c.get(*l)) * u64::from(w.of(*l)))
                .sum();
            prop_assert_eq!(u64::from(c.weighted(&w)), expected);
        }

        #[test]
        fn one_more_case_adds_exactly_its_weight(c in counts(), w in weights(), l in level()) {
            prop_assert_eq!(c.with(l).weighted(&w), c.weighted(&w) + w.of(l));
            prop_assert_eq!(c.with(l).total(), c.total() + 1);
        }

        #[test]
        fn heavier_weights_never_lighten_a_caseload(c in counts(), w in weights(), l in level(), extra in 0u32..10) {
            let mut heavier = w;
            match l {
                RiskLevel::None => heavier.none += extra,
                RiskLevel::Low => heavier.low += extra,
                RiskLevel::Medium => heavier.medium += extra,
                RiskLevel::High => heavier.high += extra,
                RiskLevel::Critical => heavier.critical += extra,
            }
            prop_assert!(c.weighted(&heavier) >= c.weighted(&w));
        }

        #[test]
        fn over_cap_exactly_when_the_new_load_exceeds_it(
            c in counts(), w in weights(), l in level(), cap in 0u32..5000
        ) {
            let after = c.with(l).weighted(&w);
            let verdict = over_cap(&c, l, &w, Cap(Some(cap)));
            prop_assert_eq!(verdict.is_some(), after > cap);
            if let Some(v) = verdict {
                prop_assert_eq!(v.after, after);
                prop_assert_eq!(v.before, c.weighted(&w));
                prop_assert!(v.before <= v.after);
            }
            // A higher cap never asks when a lower one did not.
            if verdict.is_none() {
                prop_assert!(over_cap(&c, l, &w, Cap(Some(cap.saturating_add(1)))).is_none());
            }
            prop_assert!(over_cap(&c, l, &w, Cap(None)).is_none());
        }

        #[test]
        fn huge_counts_saturate_and_never_panic(n in proptest::array::uniform5(any::<u32>()), w in weights(), l in level()) {
            let c = LevelCounts(n);
            let _ = c.weighted(&w);
            let _ = over_cap(&c, l, &w, Cap(Some(u32::MAX)));
            prop_assert!(c.with(l).total() >= c.total());
        }
    }
}
