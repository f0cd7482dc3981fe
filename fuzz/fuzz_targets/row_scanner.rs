//! The row scanner, fed arbitrary bytes in arbitrary chunks, reads what `serde_json` reads and
//! fails where it fails (the rule is `airudder_client::fuzzing::scan_agrees_with_serde_json`).
//! The first byte sets how many chunk offsets the next bytes give (two bytes each); the rest is
//! the answer.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Some((&count, rest)) = input.split_first() else {
        return;
    };
    let offsets = rest.len().min(usize::from(count % 16) * 2);
    let (cuts, answer) = rest.split_at(offsets);
    let splits: Vec<usize> = cuts
        .chunks(2)
        .map(|pair| usize::from(u16::from_le_bytes([pair[0], *pair.get(1).unwrap_or(&0)])))
        .collect();
    if let Err(disagreement) =
        airudder_client::fuzzing::scan_agrees_with_serde_json(answer, "detail", &splits)
    {
        panic!("{disagreement}");
    }
});
