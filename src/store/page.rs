//! Paging for lists that can grow long (service directory, referral queue).

/// One page of a list: at most `limit` rows after skipping `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub offset: u32,
}

impl Page {
    /// The most rows one page may ask for, so no screen can ask for the
    /// whole table by mistake.
    pub const MAX_LIMIT: u32 = 500;

    /// The first page of `limit` rows.
    pub fn first(limit: u32) -> Page {
        Page { limit, offset: 0 }
    }

    /// The page after this one.
    pub fn next(self) -> Page {
        Page {
            limit: self.limit,
            offset: self.offset.saturating_add(self.limit),
        }
    }

    /// The limit to bind, capped at [`Page::MAX_LIMIT`].
    pub(crate) fn sql_limit(self) -> i64 {
        i64::from(self.limit.min(Self::MAX_LIMIT))
    }

    /// The offset to bind.
    pub(crate) fn sql_offset(self) -> i64 {
        i64::from(self.offset)
    }
}

impl Default for Page {
    /// A screenful and a bit: 50 rows from the start.
    fn default() -> Self {
        Page::first(50)
    }
}
