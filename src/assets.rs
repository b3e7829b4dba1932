//! Data files shipped inside the binary (see `assets/`).

/// The default key bindings.
pub const KEYMAP: &str = include_str!("../assets/keymap.toml");

/// The case-management workflow: which step may follow which.
pub const WORKFLOW: &str = include_str!("../assets/workflow.toml");
