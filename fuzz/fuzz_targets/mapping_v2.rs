#![no_main]
//! HL7 v2 bytes → FHIR Bundle: conversion never panics, is deterministic, and every bundle
//! passes the fhir crate's strict reader and `fhir::validate`.
//!
//! The checks live in `fuzz/checks/mapping_v2.rs` and also replay the corpus in
//! `mapping/tests/fuzz_corpus.rs`.

use libfuzzer_sys::fuzz_target;

#[path = "../checks/mapping_v2.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::check(data));
