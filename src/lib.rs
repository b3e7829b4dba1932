//! helpline: a keyboard-driven terminal application for child-protection and
//! gender-based-violence helplines.
//!
//! The crate is a library with a thin binary (`src/main.rs`), so tests and
//! benchmarks drive the same code the application runs.
//!
//! Data flows one way: key -> [`app::Msg`] -> [`app::update`] -> store
//! effect -> result -> [`app::State`] -> [`ui::render`].

pub mod app;
pub mod assets;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod domain;
pub mod effects;
pub mod i18n;
pub mod logging;
pub mod paths;
pub mod store;
pub mod tui;
pub mod ui;
