//! Key bindings as data: the shipped keymap (`assets/keymap.toml`) with the
//! configuration's `[keys.CONTEXT]` tables merged over it.

use super::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;

/// Where a binding applies. `Global` bindings work in every context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Login,
    Shell,
    Help,
    Cases,
    CaseSearch,
    Case,
    CaseEntry,
    Editor,
    Alerts,
    AlertAck,
    BreakGlass,
    RiskPick,
    Risk,
    RiskText,
    IntakeList,
    IntakeForm,
    IntakePick,
    Referrals,
    ReferralReason,
    Services,
    ServiceSearch,
    ServiceForm,
    ServiceConfirm,
    Refer,
    CaseDialog,
    FollowUps,
    FollowUpForm,
    CasePlan,
    PlanDialog,
    Audit,
    AuditFilter,
    WellbeingCheck,
    MyShift,
    Wallboard,
    HandOverPick,
    Reports,
    ReportRange,
}

impl Context {
    pub const ALL: [Context; 38] = [
        Context::Global,
        Context::Login,
        Context::Shell,
        Context::Help,
        Context::Cases,
        Context::CaseSearch,
        Context::Case,
        Context::CaseEntry,
        Context::Editor,
        Context::Alerts,
        Context::AlertAck,
        Context::BreakGlass,
        Context::RiskPick,
        Context::Risk,
        Context::RiskText,
        Context::IntakeList,
        Context::IntakeForm,
        Context::IntakePick,
        Context::Referrals,
        Context::ReferralReason,
        Context::Services,
        Context::ServiceSearch,
        Context::ServiceForm,
        Context::ServiceConfirm,
        Context::Refer,
        Context::CaseDialog,
        Context::FollowUps,
        Context::FollowUpForm,
        Context::CasePlan,
        Context::PlanDialog,
        Context::Audit,
        Context::AuditFilter,
        Context::WellbeingCheck,
        Context::MyShift,
        Context::Wallboard,
        Context::HandOverPick,
        Context::Reports,
        Context::ReportRange,
    ];

    /// The name used in keymap files and the config's `[keys.NAME]`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Login => "login",
            Context::Shell => "shell",
            Context::Help => "help",
            Context::Cases => "cases",
            Context::CaseSearch => "case_search",
            Context::Case => "case",
            Context::CaseEntry => "case_entry",
            Context::Editor => "editor",
            Context::Alerts => "alerts",
            Context::AlertAck => "alert_ack",
            Context::BreakGlass => "break_glass",
            Context::RiskPick => "risk_pick",
            Context::Risk => "risk",
            Context::RiskText => "risk_text",
            Context::IntakeList => "intake_list",
            Context::IntakeForm => "intake",
            Context::IntakePick => "intake_pick",
            Context::Referrals => "referrals",
            Context::ReferralReason => "referral_reason",
            Context::Services => "services",
            Context::ServiceSearch => "service_search",
            Context::ServiceForm => "service_form",
            Context::ServiceConfirm => "service_confirm",
            Context::Refer => "refer",
            Context::CaseDialog => "case_dialog",
            Context::FollowUps => "follow_ups",
            Context::FollowUpForm => "follow_up_form",
            Context::CasePlan => "case_plan",
            Context::PlanDialog => "plan_dialog",
            Context::Audit => "audit",
            Context::AuditFilter => "audit_filter",
            Context::WellbeingCheck => "wellbeing_check",
            Context::MyShift => "my_shift",
            Context::HandOverPick => "hand_over_pick",
            Context::Wallboard => "wallboard",
            Context::Reports => "reports",
            Context::ReportRange => "report_range",
        }
    }

    /// How the help overlay titles this context's keys.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Login => "Sign-in screen",
            Context::Shell => "Main screen",
            Context::Help => "Help",
            Context::Cases => "Case list",
            Context::CaseSearch => "Searching cases",
            Context::Case => "Open case",
            Context::CaseEntry => "Reading a timeline entry",
            Context::Editor => "Writing a note",
            Context::Alerts => "Alerts",
            Context::AlertAck => "Acknowledging a critical alert (letters type the note)",
            Context::BreakGlass => "Opening a case outside your work (letters type the reason)",
            Context::RiskPick => "Choosing an instrument",
            Context::Risk => "Answering an assessment (digits answer scales)",
            Context::RiskText => "Typing an answer or a reason",
            Context::IntakeList => "Intakes on hold",
            Context::IntakeForm => "Filling an intake (letters type into the field)",
            Context::IntakePick => "Choosing a form",
            Context::Referrals => "Referral queue",
            Context::ReferralReason => "Typing the reason for declining or cancelling",
            Context::Services => "Service directory",
            Context::ServiceSearch => "Searching the directory",
            Context::ServiceForm => "Adding or editing a service (letters type into the field)",
            Context::ServiceConfirm => "Confirming a change to the directory",
            Context::Refer => "Referring a case (letters type into the field)",
            Context::CaseDialog => "Changing a case's step or worker",
            Context::FollowUps => "Follow-ups list",
            Context::FollowUpForm => "Recording a follow-up",
            Context::CasePlan => "The case plan",
            Context::PlanDialog => "Adding to the case plan (letters type into the field)",
            Context::Audit => "Audit log",
            Context::AuditFilter => "Filtering the audit log (letters type into the field)",
            Context::WellbeingCheck => "After a heavy contact (1 to 5 say how you are)",
            Context::MyShift => "Your shift (only you see it)",
            Context::HandOverPick => "Handing an intake over (letters filter the names)",
            Context::Wallboard => "Wallboard (supervisors)",
            Context::Reports => "Reports",
            Context::ReportRange => "Typing a report's period (YYYY-MM-DD YYYY-MM-DD)",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// One key with its modifiers, as written in keymaps: `q`, `?`, `ctrl-c`,
/// `f1`, `backtab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("space", KeyCode::Char(' ')),
];

impl KeySpec {
    /// Parses a key name; `None` when it is not a key helpline knows.
    pub fn parse(text: &str) -> Option<KeySpec> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if lower.len() > 5 && lower.starts_with("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[5..];
            } else if lower.len() > 4 && lower.starts_with("alt-") {
                mods |= KeyModifiers::ALT;
                rest = &rest[4..];
            } else if lower == "shift-tab" {
                return Some(KeySpec {
                    code: KeyCode::BackTab,
                    mods,
                });
            } else {
                break;
            }
        }
        let lower = rest.to_ascii_lowercase();
        let code = if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == lower) {
            *code
        } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            if !(1..=12).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() => KeyCode::Char(if mods.is_empty() {
                    c
                } else {
                    c.to_ascii_lowercase()
                }),
                _ => return None,
            }
        };
        Some(KeySpec { code, mods })
    }

    /// The spec that a key event matches. Shift is dropped for characters,
    /// since the character itself already carries it ('?' not 'shift-/').
    pub fn from_event(ev: &KeyEvent) -> KeySpec {
        let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match ev.code {
            KeyCode::Char(c) if !mods.is_empty() => KeyCode::Char(c.to_ascii_lowercase()),
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        KeySpec { code, mods }
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if !self.mods.is_empty() => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            other => {
                let name = NAMED
                    .iter()
                    .find(|(_, c)| *c == other)
                    .map(|(n, _)| *n)
                    .unwrap_or("?");
                let mut chars = name.chars();
                match chars.next() {
                    Some(first) => write!(f, "{}{}", first.to_ascii_uppercase(), chars.as_str()),
                    None => Ok(()),
                }
            }
        }
    }
}

/// The bindings in force, per context, in the order they are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Context, Vec<(KeySpec, Action)>>,
}

/// Why a binding is not usable.
pub fn check_binding(context: &str, key: &str, action: &str) -> Result<(), String> {
    if Context::from_name(context).is_none() {
        return Err(format!(
            "unknown key context `{context}` (expected one of: {})",
            Context::ALL.map(Context::name).join(", ")
        ));
    }
    if KeySpec::parse(key).is_none() {
        return Err(format!("`{key}` is not a key helpline knows"));
    }
    if action != "none" && Action::from_name(action).is_none() {
        return Err(format!("unknown action `{action}`"));
    }
    Ok(())
}

/// Actions that must keep a key, or a user could be stuck: with no way to
/// quit, log out or save, a keymap override locks people in or loses work.
/// Each is looked up in its context and then in `global`.
pub const ESSENTIAL: &[(Context, Action, &str)] = &[
    (Context::Shell, Action::Quit, "quit from the main screen"),
    (Context::Login, Action::Quit, "quit from the sign-in screen"),
    (Context::Shell, Action::Logout, "log out"),
    (Context::IntakeForm, Action::Complete, "save an intake"),
    (Context::Editor, Action::Save, "save a note"),
    (Context::Risk, Action::Save, "save an assessment"),
    (
        Context::CaseDialog,
        Action::Save,
        "save a step or worker change",
    ),
    (Context::ServiceForm, Action::Save, "save a service"),
    (Context::Refer, Action::Save, "save a referral"),
    (Context::FollowUpForm, Action::Save, "save a follow-up"),
    (
        Context::PlanDialog,
        Action::Save,
        "save a goal or action of the plan",
    ),
];

impl Keymap {
    /// The first essential action (see [`ESSENTIAL`]) left without a key:
    /// (context, action, what it is for).
    pub fn missing_essential(&self) -> Option<(Context, Action, &'static str)> {
        ESSENTIAL.iter().copied().find(|(context, action, _)| {
            ![*context, Context::Global]
                .iter()
                .any(|ctx| self.bindings(*ctx).iter().any(|(_, a)| a == action))
        })
    }

    /// The shipped keymap with `overrides` (context -> key -> action name;
    /// `none` unbinds) merged over it.
    pub fn with_overrides(
        overrides: &BTreeMap<String, BTreeMap<String, String>>,
    ) -> Result<Keymap, String> {
        // Parsed as a table that keeps the file's order, so help pages and
        // hints list keys the way the keymap file does.
        let shipped: toml::Table =
            toml::from_str(crate::assets::KEYMAP).map_err(|e| format!("built-in keymap: {e}"))?;
        let mut layers: Vec<(String, String, String)> = Vec::new();
        for (context, keys) in &shipped {
            let Some(keys) = keys.as_table() else {
                return Err(format!("built-in keymap: [{context}] is not a table"));
            };
            for (key, action) in keys {
                let action = action.as_str().unwrap_or_default();
                layers.push((context.clone(), key.clone(), action.to_string()));
            }
        }
        for (context, keys) in overrides {
            for (key, action) in keys {
                layers.push((context.clone(), key.clone(), action.clone()));
            }
        }
        let mut map = Keymap {
            bindings: BTreeMap::new(),
        };
        for (context, key, action) in layers {
            check_binding(&context, &key, &action)?;
            let (Some(ctx), Some(spec)) = (Context::from_name(&context), KeySpec::parse(&key))
            else {
                continue;
            };
            let list = map.bindings.entry(ctx).or_default();
            list.retain(|(k, _)| *k != spec);
            if let Some(action) = Action::from_name(&action) {
                list.push((spec, action));
            }
        }
        Ok(map)
    }

    /// The shipped keymap alone.
    pub fn shipped() -> Keymap {
        Self::with_overrides(&BTreeMap::new()).unwrap_or(Keymap {
            bindings: BTreeMap::new(),
        })
    }

    /// The action bound to a key in the first of `contexts` that binds it.
    pub fn lookup(&self, contexts: &[Context], key: &KeyEvent) -> Option<Action> {
        let spec = KeySpec::from_event(key);
        contexts.iter().find_map(|ctx| {
            self.bindings
                .get(ctx)?
                .iter()
                .find(|(k, _)| *k == spec)
                .map(|(_, a)| *a)
        })
    }

    /// Every binding of a context, for the help overlay.
    pub fn bindings(&self, context: Context) -> &[(KeySpec, Action)] {
        self.bindings
            .get(&context)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The first key bound to `action` in `context`, for short hints.
    pub fn first_key_for(&self, context: Context, action: Action) -> String {
        self.bindings(context)
            .iter()
            .find(|(_, a)| *a == action)
            .map(|(k, _)| k.to_string())
            .unwrap_or_default()
    }

    /// The keys bound to `action` in `context`, joined for a hint ("?/F1").
    pub fn keys_for(&self, context: Context, action: Action) -> String {
        self.bindings(context)
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(k, _)| k.to_string())
            .collect::<Vec<_>>()
            .join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new_with_kind(code, mods, KeyEventKind::Press)
    }

    #[test]
    fn key_names_parse_and_print() {
        for (text, shown) in [
            ("q", "q"),
            ("?", "?"),
            ("ctrl-c", "Ctrl-C"),
            ("F1", "F1"),
            ("backtab", "Shift-Tab"),
            ("shift-tab", "Shift-Tab"),
            ("pagedown", "PgDn"),
            ("enter", "Enter"),
            ("alt-x", "Alt-X"),
            ("space", "Space"),
        ] {
            let spec = KeySpec::parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(spec.to_string(), shown);
        }
        for bad in ["", "ctrl-", "f13", "qq", "hyper-x"] {
            assert!(KeySpec::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn shipped_keymap_binds_help_and_quit() {
        let map = Keymap::shipped();
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(
            map.lookup(&[Context::Shell, Context::Global], &q),
            Some(Action::Quit)
        );
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            map.lookup(&[Context::Login, Context::Global], &ctrl_c),
            Some(Action::Quit)
        );
        let shifted = key(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(map.lookup(&[Context::Shell], &shifted), Some(Action::Help));
        assert_eq!(map.keys_for(Context::Shell, Action::Help), "?/F1");
    }

    #[test]
    fn overrides_rebind_and_unbind() {
        let mut o = BTreeMap::new();
        o.insert(
            "shell".to_string(),
            BTreeMap::from([
                ("x".to_string(), "pane_cases".to_string()),
                ("q".to_string(), "none".to_string()),
            ]),
        );
        let map = Keymap::with_overrides(&o).unwrap();
        let x = key(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(map.lookup(&[Context::Shell], &x), Some(Action::PaneCases));
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(map.lookup(&[Context::Shell, Context::Global], &q), None);
    }

    #[test]
    fn the_shipped_keymap_keeps_every_essential_action() {
        assert_eq!(Keymap::shipped().missing_essential(), None);
    }

    #[test]
    fn unbinding_every_quit_key_leaves_quit_missing() {
        let mut o = BTreeMap::new();
        o.insert(
            "shell".to_string(),
            BTreeMap::from([("q".to_string(), "none".to_string())]),
        );
        assert_eq!(
            Keymap::with_overrides(&o).unwrap().missing_essential(),
            None
        );
        o.insert(
            "global".to_string(),
            BTreeMap::from([("ctrl-c".to_string(), "none".to_string())]),
        );
        let missing = Keymap::with_overrides(&o).unwrap().missing_essential();
        assert_eq!(
            missing,
            Some((Context::Shell, Action::Quit, "quit from the main screen"))
        );
    }

    #[test]
    fn bad_bindings_are_explained() {
        assert!(
            check_binding("shel", "q", "quit")
                .unwrap_err()
                .contains("shel")
        );
        assert!(
            check_binding("shell", "qq", "quit")
                .unwrap_err()
                .contains("qq")
        );
        assert!(
            check_binding("shell", "q", "explode")
                .unwrap_err()
                .contains("explode")
        );
    }
}
