//! helpline: a keyboard-driven terminal application for child-protection and
//! gender-based-violence helplines.
//!
//! The crate is a library with a thin binary (`src/main.rs`), so tests and
//! benchmarks drive the same code the application runs.

pub mod domain;
pub mod store;
