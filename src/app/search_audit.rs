//! Searches are audited once each, not once per keystroke: a search is
//! recorded when the typing has settled (no change for `SETTLE_SECS`) or
//! when the search box is closed, with the result count of the final query.
//! The text typed is never recorded: it may hold a child's name.

/// Seconds without a change after which a search counts as done.
pub const SETTLE_SECS: i64 = 2;

/// A search typed but not yet recorded.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SearchAudit {
    pending: Option<Pending>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pending {
    changed_at: i64,
    /// The final query's result count, once it has answered.
    results: Option<usize>,
}

impl SearchAudit {
    /// The search text changed at `now` (UTC seconds).
    pub fn typed(&mut self, now: i64) {
        self.pending = Some(Pending {
            changed_at: now,
            results: None,
        });
    }

    /// The latest query answered with `results` rows.
    pub fn answered(&mut self, results: usize) {
        if let Some(pending) = &mut self.pending {
            pending.results = Some(results);
        }
    }

    /// Whether a search waits to be recorded (the clock must tick for it).
    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// The result count to record if the typing has settled by `now`.
    pub fn settled(&mut self, now: i64) -> Option<usize> {
        let pending = self.pending?;
        let results = pending.results?;
        if now - pending.changed_at < SETTLE_SECS {
            return None;
        }
        self.pending = None;
        Some(results)
    }

    /// The search box closed: the count to record, if a search was typed.
    pub fn closed(&mut self) -> Option<usize> {
        self.pending.take().map(|p| p.results.unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_recorded_once_when_it_settles_or_closes() {
        let mut audit = SearchAudit::default();
        assert_eq!(audit.closed(), None);
        for (i, now) in (100..110).enumerate() {
            audit.typed(now);
            audit.answered(10 - i);
            assert_eq!(audit.settled(now + 1), None);
        }
        assert_eq!(audit.settled(111), Some(1));
        assert_eq!(audit.settled(200), None);
        audit.typed(300);
        assert_eq!(audit.settled(310), None, "not answered yet");
        assert_eq!(audit.closed(), Some(0));
        assert!(!audit.is_pending());
    }
}
