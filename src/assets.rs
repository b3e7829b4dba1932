//! Data files shipped inside the binary (see `assets/`).

/// The default key bindings.
pub const KEYMAP: &str = include_str!("../assets/keymap.toml");
