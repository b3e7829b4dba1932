//! Everything typed survives: the note editor, an assessment in progress,
//! the referral, closure and assignment dialogs and the service form are
//! kept in the store as the operator types (at most a second behind, never
//! per keystroke), and forgotten once the dialog is saved or thrown away.
//!
//! Each dialog writes its own state as JSON; this file only compares what
//! is open now with what the store holds and asks for the difference.

use super::state::Shell;
use super::update::Effect;
use crate::store::dialog_drafts::{DialogDraft, DialogKey, DialogKind};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Store work for dialog drafts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogDraftsEffect {
    /// The operator's drafts from earlier sessions, at log-in.
    Load {
        operator: i64,
    },
    Keep {
        operator: i64,
        key: DialogKey,
        state: String,
        urgent: bool,
        /// This session, and the number of this write in it.
        writer: i64,
        rev: i64,
    },
    Forget {
        operator: i64,
        key: DialogKey,
    },
}

/// The store's answers to [`DialogDraftsEffect`].
#[derive(Debug, Clone)]
pub enum DialogDraftsMsg {
    Loaded(Result<Vec<DialogDraft>, String>),
    /// A keep (or forget) went through, or why not.
    Written {
        key: DialogKey,
        kept: bool,
        result: Result<(), String>,
    },
}

/// One open dialog's state as it would be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub key: DialogKey,
    pub state: String,
    pub urgent: bool,
}

/// A multi-line editor's text and cursor, as a draft keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AreaText {
    pub lines: Vec<String>,
    /// Row and column of the cursor, in characters.
    pub cursor: (usize, usize),
}

impl AreaText {
    pub fn of(area: &TextArea<'_>) -> AreaText {
        let at = area.cursor();
        AreaText {
            lines: area.lines().to_vec(),
            cursor: (at.0, at.1),
        }
    }

    /// Whether anything but blanks was written.
    pub fn has_text(&self) -> bool {
        self.lines.iter().any(|l| !l.trim().is_empty())
    }

    /// An editor holding the text, its cursor where it was.
    pub fn to_area(&self) -> TextArea<'static> {
        let lines = if self.lines.is_empty() {
            vec![String::new()]
        } else {
            self.lines.clone()
        };
        let mut area = TextArea::new(lines);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        area.move_cursor(CursorMove::Jump(clamp(self.cursor.0), clamp(self.cursor.1)));
        area
    }
}

/// What was typed while a save was under way: `current` less the `sent`
/// text the save took. None when nothing was added.
pub fn typed_while_saving(sent: &str, current: &str) -> Option<String> {
    if current.trim() == sent.trim() {
        return None;
    }
    let rest = match current.strip_prefix(sent) {
        Some(rest) => rest.trim_start_matches(['\n', ' ']),
        // Changed within what was sent: all of it is kept.
        None => current,
    };
    (!rest.trim().is_empty()).then(|| rest.to_string())
}

/// Serialises a dialog's draft state; a state that cannot be written is
/// left out (and logged without its content) rather than stopping the app.
pub fn to_json<T: Serialize>(kind: DialogKind, value: &T) -> Option<String> {
    match serde_json::to_string(value) {
        Ok(json) => Some(json),
        Err(e) => {
            tracing::warn!(kind = kind.as_str(), error = %e, "dialog draft not serialised");
            None
        }
    }
}

/// What this session knows of its dialog drafts in the store.
#[derive(Debug, Default)]
pub struct DialogDrafts {
    /// The state the store holds for each dialog this session wrote or
    /// reopened.
    kept: HashMap<DialogKey, String>,
    /// Writes not answered yet: no second write for the same dialog until
    /// the first answers, so an older state never lands after a newer one.
    in_flight: HashSet<DialogKey>,
    /// Drafts from an earlier session not reopened yet: those on a case
    /// come back when that case is opened.
    pub waiting: Vec<DialogDraft>,
    /// Names this session's writes, numbered by `rev`, so that a late
    /// older write never replaces a newer one (at the end of a session the
    /// last writes do not wait for those under way).
    writer: i64,
    rev: i64,
}

/// Sessions started in this process, to tell their writers apart.
static SESSIONS: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

impl DialogDrafts {
    /// The drafts of a session that started at `started_ms` (UTC ms).
    pub fn new(started_ms: i64) -> DialogDrafts {
        let n = SESSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        DialogDrafts {
            writer: started_ms.saturating_mul(1000).saturating_add(n % 1000),
            ..DialogDrafts::default()
        }
    }

    /// Whether the store is behind what is on screen.
    pub fn pending(&self, open: &[Snapshot]) -> bool {
        let changed = open
            .iter()
            .any(|s| !self.in_flight.contains(&s.key) && self.kept.get(&s.key) != Some(&s.state));
        changed || self.closed(open).any(|k| !self.in_flight.contains(k))
    }

    fn closed<'a>(&'a self, open: &'a [Snapshot]) -> impl Iterator<Item = &'a DialogKey> {
        self.kept
            .keys()
            .filter(move |k| !open.iter().any(|s| s.key == **k))
    }

    /// Writes what changed and forgets what closed. `all` writes even a
    /// dialog whose last write is under way: for the end of a session,
    /// when writes run one after the other.
    pub fn sync(&mut self, open: Vec<Snapshot>, operator: i64, all: bool) -> Vec<Effect> {
        let mut effects = Vec::new();
        let closed: Vec<DialogKey> = self.closed(&open).copied().collect();
        for key in closed {
            if !all && self.in_flight.contains(&key) {
                continue;
            }
            self.kept.remove(&key);
            self.in_flight.insert(key);
            effects.push(Effect::DialogDrafts(DialogDraftsEffect::Forget {
                operator,
                key,
            }));
        }
        for s in open {
            if (!all && self.in_flight.contains(&s.key)) || self.kept.get(&s.key) == Some(&s.state)
            {
                continue;
            }
            self.kept.insert(s.key, s.state.clone());
            self.in_flight.insert(s.key);
            self.rev += 1;
            effects.push(Effect::DialogDrafts(DialogDraftsEffect::Keep {
                operator,
                key: s.key,
                state: s.state,
                urgent: s.urgent,
                writer: self.writer,
                rev: self.rev,
            }));
        }
        effects
    }

    /// A draft reopened from the store: it holds `state` already.
    pub fn reopened(&mut self, key: DialogKey, state: &str) {
        self.waiting.retain(|d| d.key != key);
        self.kept.insert(key, state.to_string());
    }

    /// The store answered a write. A keep that failed is tried again at
    /// the next autosave.
    pub fn on_written(&mut self, key: DialogKey, kept: bool, result: Result<(), String>) {
        self.in_flight.remove(&key);
        if let Err(message) = result {
            tracing::warn!(kind = key.kind.as_str(), error = %message, "dialog draft not written");
            if kept {
                self.kept.remove(&key);
            }
        }
    }

    /// A waiting draft of `kind` on `target_id`, taken out of the queue.
    pub fn take_waiting(&mut self, kind: DialogKind, target_id: i64) -> Option<DialogDraft> {
        let at = self
            .waiting
            .iter()
            .position(|d| d.key.kind == kind && d.key.target_id == target_id)?;
        Some(self.waiting.remove(at))
    }
}

/// The state of every open dialog that holds something worth keeping.
pub fn snapshots(shell: &Shell) -> Vec<Snapshot> {
    let mut open = Vec::new();
    if let Some(view) = &shell.cases.open {
        open.extend(view.drafts());
    }
    if shell.referring()
        && let Some(dialog) = &shell.refer
    {
        open.extend(dialog.draft());
    }
    open.extend(shell.risk.draft());
    open.extend(shell.services.form.as_ref().and_then(|f| f.draft()));
    open.extend(shell.follow_ups.form.as_ref().and_then(|f| f.draft()));
    open
}

impl Shell {
    /// Whether a dialog's typing has not reached the store yet.
    pub fn dialog_drafts_pending(&self) -> bool {
        self.dialog_drafts.pending(&snapshots(self))
    }

    /// Keeps every changed dialog and forgets every closed one; `all` for
    /// the end of a session.
    pub fn sync_dialog_drafts(&mut self, all: bool) -> Vec<Effect> {
        let open = snapshots(self);
        let operator = self.session.user.id;
        self.dialog_drafts.sync(open, operator, all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_was_added_while_saving_is_kept() {
        let cases = [
            ("Called the school.", "Called the school.", None),
            ("Called the school.", "Called the school.  ", None),
            (
                "Called the school.",
                "Called the school. Then the aunt.",
                Some("Then the aunt."),
            ),
            (
                "Called the school.",
                "Called the school.\nThen the aunt.",
                Some("Then the aunt."),
            ),
            // Changed inside what was sent: everything is kept.
            (
                "Called the school.",
                "Called the clinic.",
                Some("Called the clinic."),
            ),
            ("Wanjikũ 🌻", "Wanjikũ 🌻 אבי", Some("אבי")),
        ];
        for (sent, current, kept) in cases {
            assert_eq!(
                typed_while_saving(sent, current).as_deref(),
                kept,
                "{sent:?} → {current:?}"
            );
        }
    }

    #[test]
    fn a_write_under_way_holds_the_next_one_back_except_at_the_end() {
        let key = DialogKey {
            kind: DialogKind::Note,
            target_id: 1,
        };
        let snap = |state: &str| Snapshot {
            key,
            state: state.into(),
            urgent: false,
        };
        let mut drafts = DialogDrafts::default();
        assert_eq!(drafts.sync(vec![snap("a")], 7, false).len(), 1);
        assert!(!drafts.pending(&[snap("ab")]), "held back while in flight");
        assert!(drafts.sync(vec![snap("ab")], 7, false).is_empty());
        assert_eq!(drafts.sync(vec![snap("ab")], 7, true).len(), 1, "flushed");
        drafts.on_written(key, true, Ok(()));
        drafts.on_written(key, true, Ok(()));
        assert!(!drafts.pending(&[snap("ab")]));
        // Closed: forgotten once.
        assert!(drafts.pending(&[]));
        let forget = drafts.sync(Vec::new(), 7, false);
        assert!(matches!(
            forget.as_slice(),
            [Effect::DialogDrafts(DialogDraftsEffect::Forget { .. })]
        ));
        drafts.on_written(key, false, Ok(()));
        assert!(!drafts.pending(&[]));
        // A keep that failed is tried again.
        drafts.sync(vec![snap("c")], 7, false);
        drafts.on_written(key, true, Err("busy".into()));
        assert!(drafts.pending(&[snap("c")]));
    }
}
