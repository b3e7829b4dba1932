//! Everything the screen shows, and nothing else: rendering reads only this.

use super::alerts::AlertsPane;
use super::cases::CasesPane;
use super::intake::IntakePane;
use super::keymap::{Context, Keymap};
use super::pane::Pane;
use super::refer::ReferDialog;
use super::referrals::ReferralsPane;
use super::risk::RiskPane;
use super::services::ServicesPane;
use super::text_input::TextInput;
use crate::domain::forms::FormCatalog;
use crate::domain::idle_lock::IdleLock;
use crate::domain::risk::Catalog;
use crate::domain::workflow::Workflow;
use crate::domain::{ResponseTimes, RiskLevel};
use crate::store::alerts::{AlertRow, AlertViewer};
use crate::store::users::User;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Which login field has the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoginField {
    #[default]
    Username,
    Password,
}

#[derive(Debug, Clone, Default)]
pub struct LoginForm {
    pub username: TextInput,
    pub password: TextInput,
    pub focus: LoginField,
    /// The last refusal, shown under the form.
    pub error: Option<String>,
    /// A login check is running; further submits wait for it.
    pub checking: bool,
}

/// The signed-in user and when their shift (this session) began.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub started_at: DateTime<Utc>,
}

#[derive(Debug)]
pub struct Shell {
    pub session: Session,
    pub pane: Pane,
    pub cases: CasesPane,
    pub alerts: AlertsPane,
    pub risk: RiskPane,
    pub intake: IntakePane,
    pub referrals: ReferralsPane,
    pub services: ServicesPane,
    pub follow_ups: super::follow_ups::FollowUpsPane,
    /// The audit log, for supervisors and admins.
    pub audit: super::audit::AuditPane,
    /// The check after a heavy contact, and the person's own shift view.
    pub wellbeing: super::wellbeing::Wellbeing,
    /// Live intakes handed over, to this person or by them.
    pub hand_over: super::hand_over::HandOvers,
    pub wallboard: super::wallboard::WallboardPane,
    pub reports: super::reports::ReportsPane,
    /// Referring the open case to a service (a dialog over the Cases pane).
    pub refer: Option<ReferDialog>,
    /// Dialogs kept in the store as they are typed.
    pub dialog_drafts: super::dialog_drafts::DialogDrafts,
    /// The lock screen, while the screen is locked: nothing of the panes
    /// beneath is drawn.
    pub lock: Option<super::idle_lock::LockScreen>,
    /// When the last key or paste arrived (UTC seconds), for the idle lock.
    pub last_key_at: i64,
    /// This session's presence on the floor.
    pub presence: super::presence::Tracker,
}

impl Shell {
    /// The focused pane's key contexts, most specific first.
    pub fn pane_contexts(&self) -> Vec<Context> {
        if let Some(contexts) = self.wellbeing.contexts() {
            return contexts;
        }
        if let Some(contexts) = self.hand_over.contexts() {
            return contexts;
        }
        match self.pane {
            Pane::Cases if self.referring() => vec![Context::Refer],
            Pane::Cases => self.cases.contexts(),
            Pane::Alerts => self.alerts.contexts(),
            Pane::Referrals => self.referrals.contexts(),
            Pane::Services => self.services.contexts(),
            Pane::Risk => self.risk.contexts(),
            Pane::Intake => self.intake.contexts(),
            Pane::Reports => self.reports.contexts(),
            Pane::FollowUps => self.follow_ups.contexts(),
            Pane::Audit => self.audit.contexts(),
            Pane::Wallboard => self.wallboard.contexts(),
        }
    }

    /// Whether a text field of the focused pane has the keyboard.
    pub fn typing(&self) -> bool {
        if self.wellbeing.contexts().is_some() || self.hand_over.contexts().is_some() {
            return true;
        }
        match self.pane {
            Pane::Cases => self.cases.typing() || self.referring(),
            Pane::Referrals => self.referrals.typing(),
            Pane::Services => self.services.typing(),
            Pane::Risk => self.risk.typing(),
            Pane::Intake => self.intake.typing(),
            Pane::Alerts => self.alerts.typing(),
            Pane::Reports => self.reports.typing(),
            Pane::FollowUps => self.follow_ups.typing(),
            Pane::Audit => self.audit.typing(),
            Pane::Wallboard => false,
        }
    }

    /// Whether this person sees the floor: the wallboard and others'
    /// workload (see `domain::access::sees_floor`).
    pub fn sees_floor(&self) -> bool {
        crate::domain::access::sees_floor(self.session.user.viewer().case_role)
    }

    /// Which of the panes not everyone has this person may open.
    pub fn pane_rights(&self) -> super::pane::PaneRights {
        let user = &self.session.user;
        super::pane::PaneRights::of(user.role, user.viewer().case_role)
    }

    pub fn new(session: Session) -> Shell {
        let started_ms = session.started_at.timestamp_millis();
        let viewer = session.user.id;
        Shell {
            session,
            pane: Pane::default(),
            cases: CasesPane {
                viewer,
                ..CasesPane::default()
            },
            alerts: AlertsPane::default(),
            risk: RiskPane::default(),
            intake: IntakePane::default(),
            referrals: ReferralsPane::default(),
            services: ServicesPane::default(),
            follow_ups: Default::default(),
            audit: Default::default(),
            wellbeing: Default::default(),
            hand_over: Default::default(),
            wallboard: Default::default(),
            reports: Default::default(),
            refer: None,
            dialog_drafts: super::dialog_drafts::DialogDrafts::new(started_ms),
            lock: None,
            last_key_at: started_ms.div_euclid(1000),
            presence: Default::default(),
        }
    }
}

#[derive(Debug)]
pub enum Screen {
    Login(LoginForm),
    /// Boxed: the shell holds every pane's state, the login form very little.
    Shell(Box<Shell>),
}

/// Figures the status bar, the banner and the Alerts pane show, refreshed
/// from the store in one snapshot (see `store::alert_summary`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusInfo {
    pub unacknowledged_alerts: i64,
    /// The newest of the most severe open alerts, for the banner.
    pub top_alert: Option<AlertRow>,
    /// Open critical alerts.
    pub critical_alerts: i64,
    /// Open critical alerts past the escalation time.
    pub escalated_alerts: i64,
    /// The latest raise (or raise in severity) among the open alerts.
    pub latest_raise: Option<i64>,
    /// The alerts' change stamp when these figures were read.
    pub alerts_revision: i64,
}

/// Settings from the configuration that the app's rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Unacknowledged critical alerts reach every supervisor after this.
    pub escalate_after_secs: i64,
    /// Response deadlines, times to assign and referral due times by level.
    pub response: ResponseTimes,
    /// Who may add, edit and retire services (`[directory] editors`).
    pub directory_editors: crate::domain::access::RoleSet,
    /// The wallboard's handle time and the workload weights and cap.
    pub floor: super::wallboard::FloorSettings,
    /// When an idle screen locks. Off in `Settings::default()`, so that
    /// tests and tools driving the app without a person never lock; the
    /// terminal app sets it from the configuration (five minutes unless
    /// configured).
    pub idle_lock: IdleLock,
    /// The organisation's interface language (`[ui] language`), for the
    /// sign-in screen and for accounts that chose none.
    pub default_language: crate::i18n::Language,
}

impl Settings {
    /// The response deadline of a case whose level is set to `level` at `now`.
    pub fn deadline_for(&self, level: RiskLevel, now: i64) -> Option<i64> {
        let since = chrono::DateTime::from_timestamp(now, 0)?;
        self.response
            .case_deadline(level, since)
            .map(|t| t.timestamp())
    }

    /// How long an unassigned high or critical case may wait for a worker.
    pub fn time_to_assign_urgent_secs(&self) -> i64 {
        self.response.time_to_assign(RiskLevel::High).num_seconds()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            escalate_after_secs: 5 * 60,
            response: ResponseTimes::default(),
            directory_editors: Default::default(),
            idle_lock: IdleLock::NEVER,
            floor: Default::default(),
            default_language: Default::default(),
        }
    }
}

/// The application state.
#[derive(Debug)]
pub struct State {
    pub screen: Screen,
    pub keymap: Keymap,
    /// The clock as last ticked; rendering never reads the system clock.
    pub now: DateTime<Utc>,
    /// The database file name, for the status bar.
    pub db_label: String,
    /// Shown on the login screen of a demo database.
    pub demo_hint: Option<String>,
    pub help_open: bool,
    /// First help line shown, when the help is longer than the screen.
    pub help_scroll: usize,
    pub status: StatusInfo,
    /// A one-line message in the status area until the next key.
    pub flash: Option<String>,
    pub quit: bool,
    /// Something changed since the last frame was drawn.
    pub dirty: bool,
    /// The terminal size, for paging by screenfuls.
    pub size: (u16, u16),
    /// The operator's time zone, fixed at start so a frame never asks the OS.
    pub utc_offset: chrono::FixedOffset,
    pub settings: Settings,
    /// The risk instruments: shipped, with the organisation's on top.
    pub instruments: Arc<Catalog>,
    /// The intake forms and reference lists: shipped, with the
    /// organisation's on top.
    pub forms: Arc<FormCatalog>,
    /// Country code for phone numbers typed without one (matching only).
    pub country_code: Option<String>,
    /// The allowed moves between case steps.
    pub workflow: Arc<Workflow>,
    /// When the once-a-minute lateness checks last ran (UTC seconds).
    pub last_checks_at: i64,
    /// The terminal process's id: sessions record their presence on the
    /// floor. None where no person sits at the app (tests, tools).
    pub presence_process: Option<u32>,
    /// The interface's words: the organisation's language on the sign-in
    /// screen (the language key cycles it), the account's after login.
    pub i18n: crate::i18n::Catalog,
}

impl State {
    pub fn new(keymap: Keymap, db_label: String, now: DateTime<Utc>) -> State {
        State {
            screen: Screen::Login(LoginForm::default()),
            keymap,
            now,
            db_label,
            demo_hint: None,
            help_open: false,
            help_scroll: 0,
            status: StatusInfo::default(),
            flash: None,
            quit: false,
            dirty: true,
            size: (80, 24),
            utc_offset: chrono::Offset::fix(&chrono::Utc),
            settings: Settings::default(),
            instruments: Arc::new(Catalog::shipped().unwrap_or_default()),
            forms: Arc::new(FormCatalog::builtin().unwrap_or_default()),
            country_code: None,
            workflow: Arc::new(Workflow::standard().unwrap_or_default()),
            last_checks_at: 0,
            i18n: crate::i18n::Catalog::default(),
            presence_process: None,
        }
    }

    /// The key contexts in force, most specific first. While a text field
    /// has the keyboard, the shell's single-letter keys are left out so
    /// that they type.
    pub fn contexts(&self) -> Vec<Context> {
        if self.help_open {
            return vec![Context::Help, Context::Global];
        }
        let typing = matches!(&self.screen, Screen::Shell(shell) if shell.typing());
        self.screen_contexts(!typing)
    }

    /// The contexts the help overlay lists: those in force without it.
    pub fn help_contexts(&self) -> Vec<Context> {
        self.screen_contexts(true)
    }

    fn screen_contexts(&self, with_shell: bool) -> Vec<Context> {
        let mut contexts = match &self.screen {
            Screen::Login(_) => vec![Context::Login],
            Screen::Shell(shell) => {
                let mut list = shell.pane_contexts();
                if with_shell {
                    list.push(Context::Shell);
                }
                list
            }
        };
        contexts.push(Context::Global);
        contexts
    }

    /// Whether `action` can act now: keys for what the user's role cannot
    /// do, or that the case's step does not allow, are not offered in
    /// hints or help.
    pub fn offers(&self, action: super::action::Action) -> bool {
        use super::action::Action;
        let Screen::Shell(shell) = &self.screen else {
            return true;
        };
        match action {
            Action::AssignCase | Action::FilterApprovals => shell.session.user.role.supervises(),
            Action::PaneWallboard => shell.sees_floor(),
            Action::NewService | Action::EditService | Action::ToggleActive
                if shell.pane == super::pane::Pane::Services =>
            {
                self.settings
                    .directory_editors
                    .contains(shell.session.user.role)
            }
            Action::RestrictCase => shell
                .session
                .user
                .viewer()
                .case_role
                .role
                .is_some_and(crate::domain::Role::supervises),
            // Deciding a closure: supervisors, on a case with one waiting.
            Action::ApproveClosure | Action::SendBackClosure => {
                shell.session.user.role.supervises()
                    && shell
                        .cases
                        .open
                        .as_ref()
                        .is_some_and(super::closures::decidable)
            }
            // Asking for an erasure: supervisors, on a closed case not
            // anonymised yet.
            Action::RequestErasure => {
                shell.session.user.role.supervises()
                    && shell
                        .cases
                        .open
                        .as_ref()
                        .is_some_and(super::closures::erasable)
            }
            // A step move only where the workflow allows one from the
            // case's step (a closed case offers none).
            Action::ChangeStep => shell
                .cases
                .open
                .as_ref()
                .is_none_or(|view| !self.workflow.allowed(view.detail.row.status).is_empty()),
            _ => true,
        }
    }

    /// Whether a note or an assessment is being written and not saved yet.
    pub fn unsaved_text(&self) -> bool {
        match &self.screen {
            Screen::Shell(shell) => {
                let note = shell
                    .cases
                    .open
                    .as_ref()
                    .and_then(|v| v.editor.as_ref())
                    .is_some_and(|e| e.lines().iter().any(|l| !l.trim().is_empty()));
                let answers = shell
                    .risk
                    .assessment
                    .as_ref()
                    .is_some_and(|a| !a.answers().is_empty());
                // Intakes are saved as drafts as they are typed, so they
                // never hold quitting up.
                let forms = shell.services.unsaved()
                    || (shell.referring()
                        && shell.refer.as_ref().is_some_and(ReferDialog::unsaved));
                let dialog = shell
                    .cases
                    .open
                    .as_ref()
                    .and_then(|v| v.dialog.as_ref())
                    .is_some_and(|d| d.has_text())
                    || shell
                        .cases
                        .open
                        .as_ref()
                        .and_then(|v| v.plan.dialog.as_ref())
                        .is_some_and(|d| d.has_text());
                let follow_up = shell
                    .follow_ups
                    .form
                    .as_ref()
                    .is_some_and(super::follow_ups::FollowUpForm::has_input);
                note || answers || dialog || forms || follow_up
            }
            Screen::Login(_) => false,
        }
    }

    /// Whether a call timer is on screen (it needs a tick every second):
    /// in the Intake pane, or on the lock screen, which shows it too.
    pub fn timer_running(&self) -> bool {
        matches!(&self.screen, Screen::Shell(shell)
            if ((shell.pane == Pane::Intake || shell.lock.is_some()) && shell.intake.current.is_some())
                || (shell.pane == Pane::Wallboard && shell.lock.is_none()))
    }

    /// Whether the screen is locked (see `idle_lock`).
    pub fn locked(&self) -> bool {
        matches!(&self.screen, Screen::Shell(shell) if shell.lock.is_some())
    }

    /// When the signed-in session locks if no key comes first (UTC
    /// seconds); None on the sign-in screen, when already locked, or when
    /// idle locking is off.
    pub fn idle_lock_due(&self) -> Option<i64> {
        match &self.screen {
            Screen::Shell(shell) if shell.lock.is_none() => {
                self.settings.idle_lock.due_at(shell.last_key_at)
            }
            _ => None,
        }
    }

    /// Whether a typed search waits to be audited once the typing settles
    /// (the clock then ticks each second).
    pub fn search_audit_pending(&self) -> bool {
        matches!(&self.screen, Screen::Shell(shell) if shell.cases.search_audit.is_pending())
    }

    /// Whether an intake or a dialog has changes not yet saved as a draft.
    pub fn autosave_pending(&self) -> bool {
        matches!(&self.screen, Screen::Shell(shell)
            if shell.intake.autosave_pending() || shell.dialog_drafts_pending())
    }

    /// Rows a list can show: the screen less tabs, headers and bars.
    pub fn body_rows(&self) -> usize {
        usize::from(self.size.1.saturating_sub(8)).max(1)
    }

    /// Who is looking, for deciding which alerts they see.
    pub fn alert_viewer(&self) -> Option<AlertViewer> {
        self.session().map(|s| AlertViewer {
            user_id: s.user.id,
            role: s.user.role,
            team: s.user.team.clone(),
            now: self.now.timestamp(),
            escalate_after_secs: self.settings.escalate_after_secs,
        })
    }

    pub fn session(&self) -> Option<&Session> {
        match &self.screen {
            Screen::Shell(shell) => Some(&shell.session),
            Screen::Login(_) => None,
        }
    }
}
