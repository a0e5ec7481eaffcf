//! Replays the fuzz corpus (`fuzz/corpus/mapping_v2/`) through the same checks as the
//! `mapping_v2` fuzz target, so every saved input stays a regression test without
//! cargo-fuzz or a nightly toolchain. The checks are shared from `fuzz/checks/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../fuzz/checks/replay.rs"]
mod replay;
use replay::replay;

#[path = "../../fuzz/checks/mapping_v2.rs"]
mod mapping_v2;

#[test]
fn mapping_v2_corpus() {
    replay("mapping_v2", mapping_v2::check);
}
