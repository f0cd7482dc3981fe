//! The rule direct reading is held to, shared by its property test
//! (`tests/it/direct.rs`) and its fuzz target (`fuzz/fuzz_targets/direct_reading.rs`): over the
//! same place, [`decode_prefix_over`] gives what serde alone ([`decode_prefix_into`]) gives: the
//! same value and the same length, or the same error.

use std::fmt::Debug;

use serde::de::DeserializeOwned;

use super::{Learned, ReadDirect, decode_prefix_over};
use crate::decode::{PrefixError, decode_prefix_into};

/// Decodes `text` over a copy of `place` directly (with what `learned` holds, which then holds
/// what this row taught) and with serde alone; `Err` says how the two differ.
pub fn direct_agrees_with_serde<T>(
    text: &str,
    place: &T,
    learned: &mut Learned,
) -> Result<(), String>
where
    T: ReadDirect + DeserializeOwned + Clone + Debug,
{
    let (mut direct, mut serde) = (place.clone(), place.clone());
    let by_direct = outcome(decode_prefix_over(text, &mut direct, learned), &direct);
    let by_serde = outcome(decode_prefix_into(text, &mut serde), &serde);
    if by_direct == by_serde {
        Ok(())
    } else {
        Err(format!(
            "{text}\n  direct: {by_direct}\n  serde:  {by_serde}"
        ))
    }
}

/// What a decode over `place` gave: the bytes taken and the value, or the error.
fn outcome<T: Debug>(result: Result<usize, PrefixError>, place: &T) -> String {
    match result {
        Ok(used) => format!("Ok({used}) {place:?}"),
        Err(PrefixError::Incomplete) => "Incomplete".to_owned(),
        Err(PrefixError::Invalid(error)) => format!("Invalid({error})"),
    }
}
