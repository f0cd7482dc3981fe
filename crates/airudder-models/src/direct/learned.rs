//! What direct reading learns from the rows before the next one: the order of their members
//! (`order.rs`), and whether they keep being declined.
//!
//! A row declined late costs a direct attempt and serde's decode: measured on call rows whose
//! `NerSlots` (near their end) is `null`, which direct reading leaves to serde, 0.35 of the floor
//! against serde's 0.55 alone. So after
//! [`DECLINES_BEFORE_PAUSE`] declined rows in a row, the next [`PAUSE`] rows go straight to
//! serde, and then one is tried again: a stream whose rows are all declined pays one attempt in
//! `PAUSE + 1` rows, and one whose rows turn plain again is read directly within `PAUSE` rows.

use super::order::MemberOrder;

/// Declined rows in a row after which direct reading pauses.
pub const DECLINES_BEFORE_PAUSE: u32 = 4;

/// Rows left to serde in a pause.
pub const PAUSE: u32 = 64;

/// What direct reading learned from the rows before: the order of their members, and whether
/// they keep being declined. Kept by the caller from one row to the next.
#[derive(Debug, Default, Clone)]
pub struct Learned {
    pub(crate) order: MemberOrder,
    declined_in_a_row: u32,
    paused_for: u32,
}

impl Learned {
    /// Whether to try the next row directly (`false` during a pause, which this counts down).
    pub(crate) fn try_directly(&mut self) -> bool {
        if self.paused_for > 0 {
            self.paused_for -= 1;
            return false;
        }
        true
    }

    /// Notes how the row tried went: read directly, or declined.
    pub(crate) fn tried(&mut self, declined: bool) {
        if !declined {
            self.declined_in_a_row = 0;
            return;
        }
        self.declined_in_a_row += 1;
        if self.declined_in_a_row >= DECLINES_BEFORE_PAUSE {
            self.paused_for = PAUSE;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{DECLINES_BEFORE_PAUSE, Learned, PAUSE};

    #[test]
    fn rows_declined_again_and_again_pause_direct_reading_then_it_is_tried_again() {
        let mut learned = Learned::default();
        for _ in 0..DECLINES_BEFORE_PAUSE - 1 {
            assert!(learned.try_directly());
            learned.tried(true);
        }
        // A row read directly ends the streak.
        learned.tried(false);
        for _ in 0..DECLINES_BEFORE_PAUSE {
            assert!(learned.try_directly());
            learned.tried(true);
        }
        for _ in 0..PAUSE {
            assert!(!learned.try_directly());
        }
        assert!(learned.try_directly());
        // Declined again: another pause at once.
        learned.tried(true);
        assert!(!learned.try_directly());
    }
}
