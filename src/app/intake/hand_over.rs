//! An intake leaving this session: its content as the offer carries it,
//! frozen while offered, and gone once a colleague has taken it.

use super::{IntakePane, draft_assessments};
use crate::app::intake::HandingOver;

/// Everything of an intake a hand-over carries, as a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftContent {
    pub local: u64,
    pub draft_id: Option<i64>,
    pub form_id: String,
    pub started_at: i64,
    pub answers_json: String,
    pub focus: String,
    pub attach_case_id: Option<i64>,
    pub assessments_json: Option<String>,
}

impl IntakePane {
    /// The intake on screen with every keystroke so far, for an offer; or
    /// why it cannot be offered now.
    pub fn hand_over_content(&self) -> Result<DraftContent, String> {
        let s = self
            .session()
            .ok_or("Open the intake you want to hand over first.")?;
        if s.completing {
            return Err("This intake is being recorded; it cannot be handed over now.".into());
        }
        if s.draft_id.is_none() {
            // Its first save creates the row: an offer now could make a second.
            return Err("Saving this new intake first: press the key again in a moment.".into());
        }
        let answers_json = s
            .answers
            .to_json()
            .map_err(|e| format!("The answers cannot be written ({e})."))?;
        let assessments_json = if s.assessments_unread && s.assessments.is_empty() {
            None
        } else {
            Some(
                draft_assessments::to_json(&s.assessments)
                    .map_err(|e| format!("The screens run cannot be written ({e})."))?,
            )
        };
        Ok(DraftContent {
            local: s.local,
            draft_id: s.draft_id,
            form_id: s.form_id.clone(),
            started_at: s.started_at,
            answers_json,
            focus: s.focus.clone(),
            attach_case_id: s.attach_case_id,
            assessments_json,
        })
    }

    /// The draft left behind under the list's cursor, if it is on one:
    /// (draft, its operator's name).
    pub fn selected_left_behind(&self) -> Option<(i64, String)> {
        let at = self.list_selected.checked_sub(self.sessions.len())?;
        self.stale.get(at).map(|d| (d.id, d.operator.clone()))
    }

    /// Marks the intake offered (frozen), or takes the mark off.
    pub fn set_handing_over(&mut self, local: u64, handing: Option<HandingOver>) {
        if let Some(s) = self.by_local(local) {
            s.handing_over = handing;
        }
    }

    /// The offer the intake `local` waits on, once recorded.
    pub fn offer_of(&self, local: u64) -> Option<i64> {
        self.sessions
            .iter()
            .find(|s| s.local == local)
            .and_then(|s| s.handing_over.as_ref())
            .and_then(|h| h.offer_id)
    }

    /// Every recorded offer this session waits on: (intake, offer).
    pub fn offers_out(&self) -> Vec<(u64, i64)> {
        self.sessions
            .iter()
            .filter_map(|s| Some((s.local, s.handing_over.as_ref()?.offer_id?)))
            .collect()
    }

    /// Whether the intake on screen is frozen by an offer.
    pub fn frozen(&self) -> Option<&HandingOver> {
        self.session().and_then(|s| s.handing_over.as_ref())
    }

    /// The intake was taken by a colleague: it leaves this session
    /// without another save (the draft is theirs now).
    pub fn handed_over(&mut self, local: u64) {
        let Some(index) = self.sessions.iter().position(|s| s.local == local) else {
            return;
        };
        self.sessions.remove(index);
        self.current = match self.current {
            Some(c) if c == index => None,
            Some(c) if c > index => Some(c - 1),
            other => other,
        };
        self.list_selected = 0;
    }

    /// Brings a draft just taken into this session and puts it on screen,
    /// at the field where the giver stopped.
    pub fn open_taken(
        &mut self,
        forms: &crate::domain::forms::FormCatalog,
        draft: crate::store::drafts::Draft,
    ) {
        let id = draft.id;
        self.on_drafts_loaded(forms, Ok(vec![draft]));
        self.current = self.sessions.iter().position(|s| s.draft_id == Some(id));
    }
}
