//! Everything a key can ask for. Actions are data: keymaps name them, so
//! bindings can be changed in the config without touching code.

/// Declares the actions once: the variant, its keymap name, and what the
/// help overlay says it does.
macro_rules! actions {
    ($($variant:ident => $name:literal, $describe:literal;)*) => {
        /// A command the user can give. The snake_case names are used in keymaps.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $($variant,)*
        }

        impl Action {
            /// Every action, for validating keymaps.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// What the action does, for the help overlay and the key hints.
            pub fn describe(self) -> &'static str {
                match self {
                    $(Action::$variant => $describe,)*
                }
            }
        }
    };
}

actions! {
    Quit => "quit", "quit helpline";
    Help => "help", "show all keys";
    Close => "close", "close";
    Redraw => "redraw", "redraw the screen";
    Logout => "logout", "log out";
    Lock => "lock", "lock the screen now (your password unlocks it)";
    Submit => "submit", "log in";
    CycleLanguage => "language", "show the sign-in screen in the next language";
    NextField => "next_field", "next field";
    PrevField => "prev_field", "previous field";
    NextPane => "next_pane", "next pane";
    PrevPane => "prev_pane", "previous pane";
    PaneIntake => "pane_intake", "Intake pane";
    PaneRisk => "pane_risk", "Risk pane";
    PaneCases => "pane_cases", "Cases pane";
    PaneReferrals => "pane_referrals", "Referrals pane";
    PaneAlerts => "pane_alerts", "Alerts pane";
    PaneServices => "pane_services", "Services pane";
    PaneReports => "pane_reports", "Reports pane";
    PaneFollowUps => "pane_follow_ups", "Follow-ups pane";
    PaneAudit => "pane_audit", "Audit pane (supervisors and admins)";
    MyShift => "my_shift", "your own shift: contacts, heavy ones, time on contacts, breaks (only you see it)";
    TakeBreak => "take_break", "take a break";
    TalkToSupervisor => "talk_to_supervisor", "ask to talk to a supervisor (your team's supervisors are told at once)";
    CarryOn => "carry_on", "carry on";
    HandOver => "hand_over", "hand this intake to a colleague on the floor (again: take it back)";
    TakeHandOver => "take_hand_over", "take the intake a colleague is handing you";
    DeclineHandOver => "decline_hand_over", "decline the intake a colleague is handing you";
    TakeOver => "take_over", "take over the intake left behind by someone off the floor (supervisors)";
    PaneWallboard => "pane_wallboard", "Wallboard: the floor live (supervisors)";
    ToggleBreak => "toggle_break", "go on a break, or come back from one";
    Up => "up", "move up";
    Down => "down", "move down";
    PageUp => "page_up", "page up";
    PageDown => "page_down", "page down";
    First => "first", "go to the top";
    Open => "open", "open the selected case";
    Back => "back", "back to the list";
    Search => "search", "search by case number, name or phone";
    FilterAll => "filter_all", "show all cases";
    FilterMine => "filter_mine", "show my cases";
    FilterTeam => "filter_team", "show my team's cases";
    FilterUnassigned => "filter_unassigned", "show unassigned cases";
    CycleStatus => "cycle_status", "filter by step (open, each step, closed)";
    CycleRisk => "cycle_risk", "filter by lowest risk level shown";
    ToggleOverdue => "toggle_overdue", "show only overdue cases";
    CycleCategory => "cycle_category", "filter by reason for contact";
    Reload => "reload", "reload from the database";
    CyclePeriod => "cycle_period", "next period (today, this week or the last 7 days, this month or the last 30 days, …)";
    CycleTeam => "cycle_team", "next team (or every team)";
    CustomPeriod => "custom_period", "type a period: first and last day";
    AddNote => "add_note", "write a note";
    Save => "save", "save";
    Cancel => "cancel", "cancel";
    Acknowledge => "acknowledge", "acknowledge the selected alert";
    AssessRisk => "assess_risk", "assess this case's risk";
    AnswerYes => "answer_yes", "answer yes";
    AnswerNo => "answer_no", "answer no";
    AnswerDontKnow => "answer_dont_know", "answer don't know";
    AnswerRefused => "answer_refused", "answer refused";
    Raise => "raise", "raise the level by professional judgement";
    NewIntake => "new_intake", "start a new intake";
    Select => "select", "choose / next field";
    Toggle => "toggle", "tick or untick an option";
    Attach => "attach_case", "add this contact to the returning caller's case";
    Now => "now", "fill a date-time field with the date and time now";
    Complete => "complete", "complete the intake and save it";
    Discard => "discard", "throw the selected intake away";
    CycleAgency => "cycle_agency", "filter by agency (each organisation in turn)";
    CycleServiceType => "cycle_service_type", "filter by service type";
    CycleReferralStatus => "cycle_referral_status", "filter by status (open ones, then each status)";
    MarkSent => "mark_sent", "mark the referral sent to the service";
    MarkAcknowledged => "mark_acknowledged", "mark the referral acknowledged by the service";
    MarkAccepted => "mark_accepted", "mark the referral accepted by the service";
    MarkDeclined => "mark_declined", "mark the referral declined (asks for the reason)";
    MarkCompleted => "mark_completed", "mark the referral completed";
    MarkCancelled => "mark_cancelled", "cancel the referral (asks for the reason)";
    Confirm => "confirm", "confirm";
    NewService => "new_service", "add a service to the directory";
    EditService => "edit_service", "edit the selected service";
    ToggleActive => "toggle_active", "retire the selected service, or bring it back";
    FinishSearch => "finish_search", "keep the results and leave the search field";
    NextChoice => "next_choice", "next choice";
    PrevChoice => "prev_choice", "previous choice";
    Refer => "refer", "refer this case to a service";
    ChangeStep => "change_step", "move the case to another step (or close it)";
    AssignCase => "assign", "assign the case to a case worker";
    RestrictCase => "restrict", "restrict the case to its worker and supervisors, or lift that";
    RecordFollowUp => "record_follow_up", "record a follow-up of the selected case";
    FilterApprovals => "filter_approvals", "show closures awaiting a supervisor's approval";
    ApproveClosure => "approve_closure", "approve the closure waiting on this case (supervisors)";
    SendBackClosure => "send_back_closure", "send the closure waiting on this case back with a reason (supervisors)";
    RequestErasure => "request_erasure", "ask for this closed case's personal data to be anonymised, with a reason (supervisors; another person, an admin, approves)";
    CasePlan => "case_plan", "show the case plan: goals and their actions";
    AddGoal => "add_goal", "add a goal (a need to meet) to the plan";
    AddAction => "add_action", "add an action under the selected goal";
    EditPlanItem => "edit_plan_item", "change the selected goal or open action";
    MarkDone => "mark_done", "mark the selected action done";
    DropAction => "drop_action", "drop the selected action (asks for the reason)";
    AcceptProposal => "accept_proposal", "accept the proposed next step";
    DismissProposal => "dismiss_proposal", "dismiss the proposed next step";
    FilterAudit => "filter_audit", "filter by person, case, action and dates";
    ExportCsv => "export_csv", "export what the filters find as CSV (the export is audited)";
}

impl Action {
    /// Looks an action up by its keymap name.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut names = std::collections::HashSet::new();
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(*a));
            assert!(names.insert(a.name()), "{}", a.name());
        }
    }
}
