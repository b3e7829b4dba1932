//! The messages that drive the app and the effects it asks for: the
//! vocabulary between `update`, the event loop and `effects::perform`.

use super::cases::NoteFailure;
use super::intake::IntakeRecord;
use super::risk::AssessmentToSave;
use super::state::StatusInfo;
use crate::domain::RiskLevel;
use crate::store::alerts::{AlertRow, AlertViewer};
use crate::store::assignment::WorkerLoad;
use crate::store::case_workflow::CaseMove;
use crate::store::cases::{CaseDetail, CaseQuery, CaseRow, PageKey, TimelineEntry};
use crate::store::contacts::{IntakeSaved, PriorMatch};
use crate::store::drafts::{Draft, StaleDraft};
use crate::store::timeline_entry::EntryRecord;
use crate::store::users::User;
use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;

/// Something that happened: a key, a paste, the clock, a store result.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Tick(DateTime<Utc>),
    LoginChecked(Result<User, String>),
    /// The lock screen's password check, or why it could not be made.
    UnlockChecked(Result<crate::auth::UnlockOutcome, String>),
    StatusLoaded(StatusInfo),
    /// The signed-in account's own language (None: the organisation's).
    LanguageLoaded(Option<crate::i18n::Language>),
    /// Another session committed a change to the shared database.
    DataChanged,
    CasesLoaded {
        generation: u64,
        rows: Result<Vec<CaseRow>, String>,
        append: bool,
        limit: u32,
    },
    /// Search results with the fields each case matched.
    /// The case asked for is outside the viewer's rights: offer to break
    /// the glass.
    CaseNeedsGlass {
        case_id: i64,
    },
    /// Breaking the glass failed (a reason too short, the case gone).
    GlassRefused(String),
    CasesSearched {
        generation: u64,
        hits: Result<Vec<crate::store::case_search::SearchHit>, String>,
    },
    CaseLoaded(Box<Result<(CaseDetail, Vec<TimelineEntry>), String>>),
    /// The Alerts pane's rows with the figures read in the same snapshot.
    AlertsLoaded(Result<(StatusInfo, Vec<AlertRow>), String>),
    /// Acknowledged (true when with a note), or why not.
    AlertAcknowledged(Result<bool, String>),
    /// The case's new level, or why the assessment was not saved.
    AssessmentSaved(Result<RiskLevel, String>),
    /// A draft is due to be saved (at most a second after a change).
    AutosaveDue,
    DraftsLoaded(Result<Vec<Draft>, String>),
    /// A draft was saved (its id), or why not.
    DraftSaved {
        local: u64,
        result: Result<i64, super::intake::DraftFailure>,
    },
    ReturningFound {
        local: u64,
        /// The lookup's generation: only the latest one's answer counts.
        generation: u64,
        matches: Vec<PriorMatch>,
        /// What is known of the number or handle, with or without a case.
        profile: Option<crate::store::contacts::CallerProfile>,
    },
    IntakeCompleted {
        local: u64,
        result: Result<IntakeSaved, String>,
        /// The contact was heavy for the operator: the check is offered.
        heavy: Option<crate::domain::wellbeing::HeavyContact>,
    },
    StaleDraftsLoaded(Vec<StaleDraft>),
    /// The open case moved to another step, or why not.
    StepChanged(Result<crate::store::case_workflow::StepOutcome, NoteFailure>),
    WorkersLoaded(Result<Vec<WorkerLoad>, String>),
    CaseAssigned(Result<(), NoteFailure>),
    NoteSaved(Result<(), NoteFailure>),
    /// A timeline entry read in full, or why not.
    TimelineEntryLoaded {
        event_id: i64,
        result: Box<Result<EntryRecord, String>>,
    },
    Referrals(super::referrals::ReferralsMsg),
    Services(super::services::ServicesMsg),
    Audit(super::audit::AuditMsg),
    Wellbeing(super::wellbeing::WellbeingMsg),
    HandOver(super::hand_over::HandOverMsg),
    Refer(super::refer::ReferMsg),
    DialogDrafts(super::dialog_drafts::DialogDraftsMsg),
    FollowUps(super::follow_ups::FollowUpsMsg),
    Reports(super::reports::ReportsMsg),
    Closures(super::closures::ClosuresMsg),
    CasePlan(super::case_plan::CasePlanMsg),
    Wallboard(super::wallboard::WallboardMsg),
}

/// Work for the event loop; store effects run off the render path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    CheckLogin {
        username: String,
        password: String,
    },
    RecordLogout {
        user_id: i64,
    },
    /// Checks the password typed on the lock screen; `attempt` is its
    /// number in a run of wrong passwords (see `auth::unlock`).
    CheckUnlock {
        user_id: i64,
        password: String,
        attempt: u32,
    },
    /// Audits a screen lock: by the person's own key, or after the idle time.
    RecordScreenLocked {
        user_id: i64,
        by_key: bool,
    },
    /// One settled or closed search of the Cases pane (never its text).
    RecordCaseSearch {
        user_id: i64,
        results: usize,
    },
    LoadStatus {
        viewer: AlertViewer,
    },
    /// Loads the status again only when the alerts' change stamp moved
    /// from `known_revision`: other sessions' commits that touch no alert
    /// cost one primary-key read.
    RefreshStatus {
        viewer: AlertViewer,
        known_revision: i64,
    },
    LoadAlerts {
        viewer: AlertViewer,
    },
    AcknowledgeAlert {
        alert_id: i64,
        user_id: i64,
        /// What was done about it, if the acknowledger said.
        note: Option<String>,
    },
    /// Alerts for urgent cases left unassigned past the time to assign.
    RaiseUnassignedAlerts {
        grace_secs: i64,
    },
    LoadCases {
        generation: u64,
        /// The user whose need-to-know bounds the list.
        viewer: i64,
        /// A view the person asked for (audited), not a refresh.
        audit: bool,
        query: CaseQuery,
        after: Option<PageKey>,
        limit: u32,
        append: bool,
    },
    SearchCases {
        generation: u64,
        viewer: i64,
        text: String,
    },
    /// Opens a case outside the viewer's rights with their written reason
    /// (audited; the supervisors are alerted), then shows it.
    BreakGlass {
        case_id: i64,
        viewer: i64,
        reason: String,
    },
    /// Marks the case restricted, or lifts the restriction.
    RestrictCase {
        case_id: i64,
        version: i64,
        restricted: bool,
        viewer: i64,
    },
    /// Writes the audit entries a store queued while another session held
    /// the write lock (see `store::audit_queue`); `wait` waits for the lock
    /// as any write does, for the end of a session.
    FlushAudit {
        wait: bool,
    },
    /// Reads a case and its timeline; `audit` records the access (a
    /// refresh of a case already on screen is not a new access). The read
    /// never waits for the audit entry's write.
    OpenCase {
        case_id: i64,
        viewer: i64,
        audit: bool,
    },
    /// Reads one timeline entry of a case in full; audited as an access.
    OpenTimelineEntry {
        case_id: i64,
        event_id: i64,
        viewer: i64,
    },
    AddNote {
        case_id: i64,
        version: i64,
        text: String,
        actor: i64,
    },
    SaveAssessment {
        record: Box<AssessmentToSave>,
        actor: i64,
    },
    LoadDrafts {
        operator: i64,
    },
    /// The language the signed-in account chose, if any.
    LoadLanguage {
        user_id: i64,
    },
    /// Drafts untouched since `before`, for supervisors.
    LoadStaleDrafts {
        before: i64,
    },
    SaveDraft {
        local: u64,
        /// None: not stored yet (the save creates the row).
        draft_id: Option<i64>,
        form_id: String,
        started_at: i64,
        operator: i64,
        answers_json: String,
        focus: Option<String>,
        attach_case_id: Option<i64>,
        /// The instruments run during the call (JSON); None leaves the
        /// stored value alone (see `DraftSave::assessments_json`).
        assessments_json: Option<String>,
    },
    DiscardDraft {
        draft_id: i64,
        operator: i64,
    },
    FindReturning {
        local: u64,
        generation: u64,
        phone_norm: Option<String>,
        child_name: Option<String>,
        child_age: Option<i64>,
    },
    ChangeStep {
        case_id: i64,
        version: i64,
        step: Box<CaseMove>,
        actor: i64,
    },
    LoadWorkers,
    AssignCase {
        case_id: i64,
        version: i64,
        worker_id: i64,
        actor: i64,
        /// The supervisor's reason for passing the worker's caseload cap.
        above_cap: Option<String>,
    },
    CompleteIntake {
        local: u64,
        draft_id: Option<i64>,
        operator: i64,
        record: Box<IntakeRecord>,
    },
    /// Alerts for open referrals past their due time.
    RaiseOverdueReferralAlerts,
    Referrals(super::referrals::ReferralsEffect),
    Services(super::services::ServicesEffect),
    Audit(super::audit::AuditEffect),
    Wellbeing(super::wellbeing::WellbeingEffect),
    HandOver(super::hand_over::HandOverEffect),
    Refer(super::refer::ReferEffect),
    DialogDrafts(super::dialog_drafts::DialogDraftsEffect),
    FollowUps(super::follow_ups::FollowUpsEffect),
    Reports(super::reports::ReportsEffect),
    CasePlan(super::case_plan::CasePlanEffect),
    /// Reminders of follow-ups due, and alerts for missed ones.
    RaiseFollowUpReminders,
    Closures(super::closures::ClosuresEffect),
    Presence(super::presence::PresenceEffect),
    Wallboard(super::wallboard::WallboardEffect),
    Bell,
    /// Clear and repaint the whole terminal (after line noise over SSH).
    Redraw,
}
