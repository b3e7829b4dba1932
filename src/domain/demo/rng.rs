//! A tiny seeded pseudo-random generator for demo data.
//!
//! SplitMix64 is a few lines, fast, and statistically good enough for
//! synthetic records; most of all it gives the same sequence for the same
//! seed on every platform, which is what makes demo databases reproducible.
//! It is not for anything secret.

/// SplitMix64 (Steele, Lea and Flood, 2014).
#[derive(Debug, Clone)]
pub struct DemoRng(u64);

impl DemoRng {
    /// A generator whose whole sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        DemoRng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0). Multiply-shift instead of `%`
    /// keeps the bias below one in 2^32 for every `n` used here, without
    /// the rejection loop an exact method needs.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < u64::from(percent)
    }

    /// A uniform number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One item of a non-empty list, all equally likely.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// One item of a non-empty list of `(item, weight)`, in proportion to
    /// the weights.
    pub fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut left = self.below(total);
        for (item, weight) in items {
            let weight = u64::from(*weight);
            if left < weight {
                return item;
            }
            left -= weight;
        }
        &items[items.len() - 1].0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_and_ranges_hold() {
        let mut a = DemoRng::new(7);
        let mut b = DemoRng::new(7);
        for _ in 0..1000 {
            assert_eq!(a.next_u64(), b.next_u64());
            let x = a.between(-3, 5);
            assert!((-3..=5).contains(&x));
            b.between(-3, 5);
            assert!(a.unit() < 1.0);
            b.unit();
        }
        assert_ne!(DemoRng::new(1).next_u64(), DemoRng::new(2).next_u64());
        assert_eq!(DemoRng::new(3).below(0), 0);
    }

    #[test]
    fn matches_the_published_splitmix64_sequence() {
        // Pinning the algorithm keeps demo databases reproducible across releases.
        assert_eq!(DemoRng::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn weights_are_respected() {
        let mut rng = DemoRng::new(11);
        let items = [("rare", 1), ("common", 9), ("never", 0)];
        let mut rare = 0;
        for _ in 0..10_000 {
            match *rng.weighted(&items) {
                "rare" => rare += 1,
                "never" => panic!("a zero weight was picked"),
                _ => {}
            }
        }
        assert!((800..1200).contains(&rare), "{rare}");
    }
}
