//! What the audit log records. Entries carry codes, never personal details.

/// An auditable action. The stored name is stable: reports and external
/// reviewers read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Login,
    LoginFailed,
    LoginRefusedLocked,
    LoginRefusedDisabled,
    AccountLocked,
    Logout,
    UserCreated,
    UserDisabled,
    UserEnabled,
    UserUnlocked,
    DemoCreated,
    CaseCreated,
    CaseViewed,
    /// The Cases pane was searched (one line per search, not per key).
    CasesSearched,
    CaseUpdated,
    AlertAcknowledged,
    AssessmentRecorded,
    DraftDiscarded,
    ContactRecorded,
    OrganisationAdded,
    ServiceAdded,
    ServiceUpdated,
    ServicesImported,
    ReferralCreated,
    ReferralStatusChanged,
    AlertRaised,
    FollowUpRecorded,
    /// A closure was asked for and waits for a supervisor.
    ClosureRequested,
    /// A supervisor approved a closure (the case closed).
    ClosureApproved,
    /// A supervisor sent a closure back with a reason.
    ClosureSentBack,
    /// A closed case was reopened with a reason.
    CaseReopened,
    /// A goal or action of a case plan was added or changed.
    CasePlanChanged,
    /// A proposed next step was dismissed.
    NextStepDismissed,
    /// Someone opened a case outside their rights, with a written reason.
    GlassBroken,
    /// A case was marked restricted, or the restriction lifted.
    CaseRestricted,
    /// An admin account was given a role on cases, or had it taken away.
    CaseRoleChanged,
    /// A case list was shown (one line per list loaded, with its count).
    CasesListed,
    /// Audit lines were exported as CSV.
    AuditExported,
    /// A report was shown or printed: the detail names the report, the
    /// period and the team.
    ReportViewed,
    /// A standard aggregate export (CHI, GBVIMS) was written: the detail
    /// names the export, the period and the threshold.
    ReportExported,
    /// The screen locked: after the idle time, or by the person's own key
    /// (the detail says which).
    ScreenLocked,
    /// The person logged in typed their password on the lock screen.
    ScreenUnlocked,
    /// A wrong password on the lock screen.
    ScreenUnlockFailed,
    /// The session ended on the lock screen: too many wrong passwords, or
    /// the account was disabled meanwhile (the detail says which).
    LockLogout,
    /// A case's names, phones, places and free text were removed
    /// (retention or an erasure request); the detail says which.
    CaseAnonymised,
    /// Contacts without a case were anonymised by retention (a count).
    ContactsAnonymised,
    /// Old intake and dialog drafts were deleted by retention (counts).
    DraftsPurged,
    /// Audit rows older than the retention period were deleted; the
    /// detail names the last row removed and the count.
    AuditPurged,
    /// A supervisor asked for a person's data to be anonymised.
    ErasureRequested,
    /// An admin approved an erasure request.
    ErasureApproved,
    /// Every case of an approved erasure request was anonymised.
    ErasureCarriedOut,
    /// An operator offered a live intake to a colleague.
    HandOverOffered,
    /// A live intake moved to its receiver (or a supervisor took over the
    /// draft of someone no longer on the floor).
    HandOverTaken,
    /// The receiver of a hand-over declined it.
    HandOverDeclined,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Login => "login",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::LoginRefusedLocked => "login_refused_locked",
            AuditAction::LoginRefusedDisabled => "login_refused_disabled",
            AuditAction::AccountLocked => "account_locked",
            AuditAction::Logout => "logout",
            AuditAction::UserCreated => "user_created",
            AuditAction::UserDisabled => "user_disabled",
            AuditAction::UserEnabled => "user_enabled",
            AuditAction::UserUnlocked => "user_unlocked",
            AuditAction::DemoCreated => "demo_created",
            AuditAction::CaseCreated => "case_created",
            AuditAction::CaseViewed => "case_viewed",
            AuditAction::CasesSearched => "cases_searched",
            AuditAction::CaseUpdated => "case_updated",
            AuditAction::AlertAcknowledged => "alert_acknowledged",
            AuditAction::AssessmentRecorded => "assessment_recorded",
            AuditAction::DraftDiscarded => "draft_discarded",
            AuditAction::ContactRecorded => "contact_recorded",
            AuditAction::OrganisationAdded => "organisation_added",
            AuditAction::ServiceAdded => "service_added",
            AuditAction::ServiceUpdated => "service_updated",
            AuditAction::ServicesImported => "services_imported",
            AuditAction::ReferralCreated => "referral_created",
            AuditAction::ReferralStatusChanged => "referral_status_changed",
            AuditAction::AlertRaised => "alert_raised",
            AuditAction::FollowUpRecorded => "follow_up_recorded",
            AuditAction::ClosureRequested => "closure_requested",
            AuditAction::ClosureApproved => "closure_approved",
            AuditAction::ClosureSentBack => "closure_sent_back",
            AuditAction::CaseReopened => "case_reopened",
            AuditAction::CasePlanChanged => "case_plan_changed",
            AuditAction::NextStepDismissed => "next_step_dismissed",
            AuditAction::GlassBroken => "glass_broken",
            AuditAction::CaseRestricted => "case_restricted",
            AuditAction::CaseRoleChanged => "case_role_changed",
            AuditAction::CasesListed => "cases_listed",
            AuditAction::AuditExported => "audit_exported",
            AuditAction::ReportViewed => "report_viewed",
            AuditAction::ReportExported => "report_exported",
            AuditAction::ScreenLocked => "screen_locked",
            AuditAction::ScreenUnlocked => "screen_unlocked",
            AuditAction::ScreenUnlockFailed => "screen_unlock_failed",
            AuditAction::LockLogout => "lock_logout",
            AuditAction::CaseAnonymised => "case_anonymised",
            AuditAction::ContactsAnonymised => "contacts_anonymised",
            AuditAction::DraftsPurged => "drafts_purged",
            AuditAction::AuditPurged => "audit_purged",
            AuditAction::ErasureRequested => "erasure_requested",
            AuditAction::ErasureApproved => "erasure_approved",
            AuditAction::ErasureCarriedOut => "erasure_carried_out",
            AuditAction::HandOverOffered => "hand_over_offered",
            AuditAction::HandOverTaken => "hand_over_taken",
            AuditAction::HandOverDeclined => "hand_over_declined",
        }
    }
}
