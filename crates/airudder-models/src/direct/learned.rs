//! What direct reading learns from the rows before the next one.
//!
//! The order in which the members of each object type come, for
//! [`Cursor::object_in_order`](super::Cursor::object_in_order): knowing which member comes next,
//! its name is recognized by comparing bytes, not by finding its end and matching it (measured
//! on the call rows, in memory: 4 % of a row's time when every member came as expected, against
//! the 7 in 32 that came out of the spec's order in the bench's rows).
//!
//! At first the members are expected in the type's own order (the spec's); each member that
//! comes after another than expected is noted, and expected there from then on. A server sends
//! every row of a type in one order, so after the first row nearly every name is expected.
//!
//! And whether rows keep being declined. A row declined late costs a direct attempt and serde's
//! decode: measured on call rows whose `NerSlots` (near their end) is `null`, which direct
//! reading leaves to serde, 0.35 of the floor against serde's 0.55 alone. So after
//! [`DECLINES_BEFORE_PAUSE`] declined rows in a row, the next [`PAUSE`] rows go straight to
//! serde, and then one is tried again: a stream whose rows are all declined pays one attempt in
//! `PAUSE + 1` rows, and one whose rows turn plain again is read directly within `PAUSE` rows.

use std::any::TypeId;

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

/// For each object type read so far, the slot expected after each slot.
#[derive(Debug, Default, Clone)]
pub(crate) struct MemberOrder {
    /// The type, and for each position (0: before the first member, `s + 1`: after slot `s`)
    /// the slot expected there.
    types: Vec<(TypeId, Vec<usize>)>,
}

impl MemberOrder {
    /// Where the order of `ty`, a type of `slots` named members, is kept; made the first time.
    /// Objects of a few types are read in a row: a short list searched from the start.
    pub(crate) fn of(&mut self, ty: TypeId, slots: usize) -> usize {
        if let Some(at) = self.types.iter().position(|(known, _)| *known == ty) {
            return at;
        }
        self.types.push((ty, (0..=slots).collect()));
        self.types.len() - 1
    }

    /// The slot expected at `position` (0 before the first member, `s + 1` after slot `s`) of
    /// the type kept at `at`.
    pub(crate) fn expected(&self, at: usize, position: usize) -> usize {
        self.types
            .get(at)
            .and_then(|(_, expected)| expected.get(position))
            .copied()
            .unwrap_or(position)
    }

    /// Notes that `slot` came at `position`.
    pub(crate) fn came(&mut self, at: usize, position: usize, slot: usize) {
        if let Some(expected) = self
            .types
            .get_mut(at)
            .and_then(|(_, expected)| expected.get_mut(position))
        {
            *expected = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::any::TypeId;

    use super::{DECLINES_BEFORE_PAUSE, Learned, MemberOrder, PAUSE};

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

    #[test]
    fn members_are_expected_in_the_types_order_until_another_is_seen() {
        let mut order = MemberOrder::default();
        let at = order.of(TypeId::of::<u8>(), 3);
        assert_eq!(
            (0..=3).map(|p| order.expected(at, p)).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        // Slot 2 came first, then slot 0.
        order.came(at, 0, 2);
        order.came(at, 3, 0);
        assert_eq!(order.expected(at, 0), 2);
        assert_eq!(order.expected(at, 3), 0);
        assert_eq!(order.expected(at, 1), 1);
    }

    #[test]
    fn each_type_has_its_own_order() {
        let mut order = MemberOrder::default();
        let bytes = order.of(TypeId::of::<u8>(), 2);
        let words = order.of(TypeId::of::<u16>(), 2);
        order.came(words, 0, 1);
        assert_eq!(order.of(TypeId::of::<u8>(), 2), bytes);
        assert_eq!(order.expected(bytes, 0), 0);
        assert_eq!(order.expected(words, 0), 1);
    }
}
