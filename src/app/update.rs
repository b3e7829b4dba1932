//! The one place state changes: `update(state, msg)` returns the effects
//! (store work, bell) for the event loop to run.

use super::action::Action;
use super::case_dialog::CaseDialog;
use super::case_routes::{on_case_changed, on_open_case_action};
use super::pane::Pane;
use super::risk::RiskTarget;
use super::state::{LoginField, LoginForm, Screen, Session, Shell, State, StatusInfo};
use crate::store::alerts::AlertViewer;
use crate::store::users::User;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

pub use super::message::{Effect, Msg};

/// Applies one message to the state.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) if key.kind != KeyEventKind::Release => on_key(state, key),
        Msg::Key(_) => Vec::new(),
        Msg::Paste(text) => on_paste(state, &text),
        Msg::Resize(width, height) => {
            state.size = (width, height);
            state.dirty = true;
            Vec::new()
        }
        Msg::Tick(now) => {
            state.now = now;
            state.dirty = state.session().is_some();
            let mut effects = Vec::new();
            if let Screen::Shell(shell) = &mut state.screen {
                effects.extend(shell.cases.on_tick(shell.session.user.id, now.timestamp()));
            }
            effects.extend(super::idle_lock::on_tick(state));
            effects.extend(super::wallboard_route::on_tick(state));
            // The clock ticks every second while a call timer runs; the
            // lateness checks need only run once a minute.
            if now.timestamp() - state.last_checks_at < 60 {
                return effects;
            }
            state.last_checks_at = now.timestamp();
            // Escalation and lateness depend on the clock: look again.
            if let Some(viewer) = state.alert_viewer() {
                effects.extend([
                    Effect::RaiseUnassignedAlerts {
                        grace_secs: state.settings.time_to_assign_urgent_secs(),
                    },
                    Effect::RaiseOverdueReferralAlerts,
                    Effect::RaiseFollowUpReminders,
                    Effect::LoadStatus { viewer },
                ]);
            }
            effects
        }
        Msg::LoginChecked(result) => on_login_checked(state, result),
        Msg::UnlockChecked(result) => super::idle_lock::on_checked(state, result),
        Msg::StatusLoaded(status) => on_status(state, status, true),
        Msg::LanguageLoaded(language) => {
            let language = language.unwrap_or(state.settings.default_language);
            if language != state.i18n.language() {
                state.i18n = crate::i18n::Catalog::new(language);
            }
            state.dirty = true;
            Vec::new()
        }
        Msg::DataChanged => on_data_changed(state),
        Msg::CasesLoaded {
            generation,
            rows,
            append,
            limit,
        } => {
            if let Screen::Shell(shell) = &mut state.screen {
                match rows {
                    Ok(rows) => shell.cases.on_rows(generation, rows, append, limit),
                    Err(message) => {
                        shell.cases.loading = false;
                        shell.cases.error = Some(message);
                    }
                }
                state.dirty = true;
            }
            Vec::new()
        }
        Msg::CasesSearched { generation, hits } => {
            if let Screen::Shell(shell) = &mut state.screen {
                match hits {
                    Ok(hits) => shell.cases.on_search_hits(generation, hits),
                    Err(message) => {
                        shell.cases.loading = false;
                        shell.cases.error = Some(message);
                    }
                }
                state.dirty = true;
            }
            Vec::new()
        }
        Msg::CaseNeedsGlass { case_id } => {
            if let Screen::Shell(shell) = &mut state.screen {
                shell.cases.on_needs_glass(case_id);
                state.dirty = true;
            }
            Vec::new()
        }
        Msg::GlassRefused(message) => {
            if let Screen::Shell(shell) = &mut state.screen {
                shell.cases.on_glass_refused(message);
                state.dirty = true;
            }
            Vec::new()
        }
        Msg::CaseLoaded(result) => {
            let mut effects = Vec::new();
            if let Screen::Shell(shell) = &mut state.screen {
                shell.cases.on_case_loaded(*result);
                state.dirty = true;
                // The plan and the proposals are read with the case.
                effects.extend(shell.cases.open.as_ref().map(super::case_plan_route::load));
            }
            effects.extend(super::dialog_resume::on_case_loaded(state));
            effects
        }
        Msg::AlertsLoaded(loaded) => {
            let (status, rows) = match loaded {
                Ok((status, rows)) => (Some(status), Ok(rows)),
                Err(message) => (None, Err(message)),
            };
            // The rows and the figures come from one snapshot: take both.
            let effects = match status {
                Some(status) => on_status(state, status, false),
                None => Vec::new(),
            };
            if let Screen::Shell(shell) = &mut state.screen {
                shell.alerts.on_rows(rows);
                state.dirty = true;
            }
            effects
        }
        Msg::AlertAcknowledged(result) => {
            let viewer = state.alert_viewer();
            let Screen::Shell(shell) = &mut state.screen else {
                return Vec::new();
            };
            state.dirty = true;
            shell.alerts.message = Some(match result {
                Ok(true) => "✓ Acknowledged, with your note on the case's timeline.".into(),
                Ok(false) => "✓ Acknowledged.".into(),
                Err(message) => message,
            });
            match viewer {
                // The reload brings the status bar's figures with it.
                Some(viewer) => shell.alerts.reload(viewer),
                None => Vec::new(),
            }
        }
        Msg::AssessmentSaved(result) => {
            let Screen::Shell(shell) = &mut state.screen else {
                return Vec::new();
            };
            state.dirty = true;
            let saved = result.is_ok();
            shell.risk.on_saved(result);
            // This session's own commit does not change `data_version` for
            // it: refresh what the new level touches (alerts, lists) here.
            if saved {
                on_data_changed(state)
            } else {
                Vec::new()
            }
        }
        Msg::AutosaveDue => {
            let Screen::Shell(shell) = &mut state.screen else {
                return Vec::new();
            };
            let operator = shell.session.user.id;
            let mut effects = shell.intake.autosave(operator);
            effects.extend(shell.sync_dialog_drafts(false));
            effects
        }
        Msg::DraftsLoaded(drafts) => {
            let forms = std::sync::Arc::clone(&state.forms);
            let country = state.country_code.clone();
            if let Screen::Shell(shell) = &mut state.screen {
                shell.intake.on_drafts_loaded(&forms, drafts);
                state.dirty = true;
                // A resumed intake's returning-caller panel comes back.
                return shell.intake.lookup_all_returning(country.as_deref());
            }
            Vec::new()
        }
        Msg::DraftSaved { local, result } => {
            if let Screen::Shell(shell) = &mut state.screen {
                state.dirty |= result.is_err();
                shell.intake.on_draft_saved(local, result);
            }
            Vec::new()
        }
        Msg::ReturningFound {
            local,
            generation,
            matches,
            profile,
        } => {
            if let Screen::Shell(shell) = &mut state.screen {
                shell
                    .intake
                    .on_returning(local, generation, matches, profile);
                state.dirty = true;
            }
            Vec::new()
        }
        Msg::IntakeCompleted {
            local,
            result,
            heavy,
        } => {
            let Screen::Shell(shell) = &mut state.screen else {
                return Vec::new();
            };
            if let Some(heavy) = heavy {
                shell.wellbeing.offer(heavy);
            }
            state.dirty = true;
            let saved = result.is_ok();
            if let Ok(saved) = &result {
                let case_id = saved.case.as_ref().map(|(id, _)| *id);
                shell.presence.contact_done(state.now.timestamp(), case_id);
            }
            let forms = std::sync::Arc::clone(&state.forms);
            let kept = shell.intake.on_completed(local, result, &forms);
            let mut effects = Vec::new();
            if let Some((case_id, text)) = kept {
                // Typed while the record was written: kept as a note on
                // the case, in its editor, for the operator to save.
                shell.cases.pending_note = Some((case_id, text));
                shell.pane = Pane::Cases;
                let viewer = shell.session.user.id;
                effects.push(shell.cases.begin_open(case_id, viewer));
            }
            // A new case may need the case list and alerts refreshed.
            if saved {
                effects.extend(on_data_changed(state));
            }
            effects
        }
        Msg::StaleDraftsLoaded(stale) => {
            if let Screen::Shell(shell) = &mut state.screen {
                shell.intake.stale = stale;
                state.dirty = true;
            }
            Vec::new()
        }
        Msg::StepChanged(result) => {
            use crate::store::case_workflow::StepOutcome;
            let notice = result.map(|outcome| match outcome {
                StepOutcome::Moved(_) => "✓ Saved.",
                StepOutcome::ClosedApproved(_) => "✓ Closed, and approved by you as supervisor.",
                StepOutcome::ClosureRequested(_) => {
                    "✓ Closure requested: the case stays open until a supervisor approves it."
                }
            });
            on_case_changed(state, notice)
        }
        Msg::CaseAssigned(result) => on_case_changed(state, result.map(|()| "✓ Saved.")),
        Msg::WorkersLoaded(result) => {
            let floor = state.settings.floor;
            if let Screen::Shell(shell) = &mut state.screen
                && let Some(view) = shell.cases.open.as_mut()
            {
                state.dirty = true;
                match result {
                    Ok(mut workers) => {
                        view.edit_version = Some(view.detail.version);
                        // Who would pass the caseload cap with this case.
                        let level = view.detail.row.risk;
                        for w in &mut workers {
                            w.over_cap = crate::domain::workload::over_cap(
                                &w.by_level,
                                level,
                                &floor.weights,
                                floor.cap,
                            );
                        }
                        let selected = view
                            .resume_worker
                            .take()
                            .and_then(|id| workers.iter().position(|w| w.user_id == id))
                            .unwrap_or(0);
                        view.dialog = Some(CaseDialog::Assign { workers, selected })
                    }
                    Err(message) => view.notice = Some(message),
                }
            }
            Vec::new()
        }
        Msg::NoteSaved(result) => {
            if let Screen::Shell(shell) = &mut state.screen {
                state.dirty = true;
                let viewer = shell.session.user.id;
                return shell.cases.on_note_saved(result, viewer);
            }
            Vec::new()
        }
        Msg::TimelineEntryLoaded { event_id, result } => {
            let defs = super::entry_doc::Definitions {
                forms: &state.forms,
                instruments: &state.instruments,
                offset: state.utc_offset,
            };
            let doc = (*result).map(|record| super::entry_doc::build(&record, &defs));
            if let Screen::Shell(shell) = &mut state.screen {
                shell.cases.on_entry_loaded(event_id, doc);
                state.dirty = true;
            }
            Vec::new()
        }
        Msg::Referrals(msg) => super::route::on_referrals_msg(state, msg),
        Msg::Services(msg) => super::route::on_services_msg(state, msg),
        Msg::Refer(msg) => super::route::on_refer_msg(state, msg),
        Msg::DialogDrafts(msg) => super::dialog_resume::on_msg(state, msg),
        Msg::FollowUps(msg) => super::follow_ups_route::on_msg(state, msg),
        Msg::Audit(msg) => super::audit_route::on_msg(state, msg),
        Msg::HandOver(msg) => super::hand_over::on_msg(state, msg),
        Msg::Wellbeing(msg) => {
            if let Screen::Shell(shell) = &mut state.screen {
                state.dirty = true;
                if let Some(notice) = super::wellbeing::on_msg(shell, msg) {
                    state.flash = Some(notice);
                }
            }
            Vec::new()
        }
        Msg::Reports(msg) => super::reports_route::on_msg(state, msg),
        Msg::Closures(msg) => super::closures::on_msg(state, msg),
        Msg::CasePlan(msg) => super::case_plan_route::on_msg(state, msg),
        Msg::Wallboard(msg) => super::wallboard_route::on_msg(state, msg),
    }
}

fn on_paste(state: &mut State, text: &str) -> Vec<Effect> {
    let now = state.now.timestamp();
    if let Screen::Shell(shell) = &mut state.screen {
        shell.last_key_at = now;
    }
    if let Some(effects) = super::idle_lock::on_paste(state, text) {
        return effects;
    }
    if let Screen::Shell(shell) = &mut state.screen
        && (shell.pane == Pane::FollowUps && shell.follow_ups.on_paste(text)
            || super::audit_route::on_paste(shell, text))
    {
        state.dirty = true;
        return Vec::new();
    }
    if let Screen::Shell(shell) = &mut state.screen
        && let Some(effects) = super::route::on_paste(shell, text)
    {
        state.dirty = true;
        return effects;
    }
    match &mut state.screen {
        Screen::Login(form) => focused_input(form).insert(text),
        Screen::Shell(shell) if shell.pane == Pane::Risk => shell.risk.on_paste(text),
        Screen::Shell(shell) if shell.pane == Pane::Intake => {
            state.dirty = true;
            return shell
                .intake
                .on_paste(text, &state.forms, state.country_code.as_deref());
        }
        Screen::Shell(shell) if shell.pane == Pane::Cases => {
            if let Some(glass) = shell.cases.glass.as_mut() {
                glass.on_paste(text);
            } else if let Some(editor) = shell.cases.open.as_mut().and_then(|v| v.editor.as_mut()) {
                editor.insert_str(text);
            } else if let Some(dialog) = shell.cases.open.as_mut().and_then(|v| v.dialog.as_mut()) {
                dialog.on_paste(text);
            } else if let Some(view) = shell.cases.open.as_mut()
                && view.plan.on_paste(text)
            {
            } else if shell.cases.searching {
                shell.cases.search.insert(text);
                state.dirty = true;
                return shell.cases.reload(now);
            }
        }
        Screen::Shell(_) => return Vec::new(),
    }
    state.dirty = true;
    Vec::new()
}

/// New alert figures: the bell when an alert was raised, raised in
/// severity or escalated; the Alerts pane read again when anything about
/// the alerts changed (unless `reload_pane` is false: the figures came
/// with the pane's rows).
fn on_status(state: &mut State, status: StatusInfo, reload_pane: bool) -> Vec<Effect> {
    let mut effects = Vec::new();
    if status.rings_after(&state.status) {
        effects.push(Effect::Bell);
    }
    if status == state.status {
        return effects;
    }
    let viewer = state.alert_viewer();
    if let (Screen::Shell(shell), Some(viewer)) = (&mut state.screen, viewer)
        && reload_pane
        && shell.pane == Pane::Alerts
    {
        effects.extend(shell.alerts.reload(viewer));
    }
    state.status = status;
    state.dirty = true;
    effects
}

fn on_data_changed(state: &mut State) -> Vec<Effect> {
    let now = state.now.timestamp();
    let zone = state.utc_offset;
    let viewer = state.alert_viewer();
    let Screen::Shell(shell) = &mut state.screen else {
        return Vec::new();
    };
    let user = &shell.session.user;
    let mut effects = Vec::new();
    if let Some(viewer) = viewer.clone() {
        effects.push(Effect::RefreshStatus {
            viewer,
            known_revision: state.status.alerts_revision,
        });
    }
    // Only what is on screen is reloaded; other panes reload when shown.
    if shell.pane == Pane::Cases {
        match &shell.cases.open {
            Some(view) => effects.push(Effect::OpenCase {
                case_id: view.detail.row.id,
                viewer: user.id,
                audit: false,
            }),
            None if shell.cases.loaded_once => effects.extend(shell.cases.reload(now)),
            None => {}
        }
    }
    effects.extend(super::route::on_data_changed(shell));
    effects.extend(super::follow_ups_route::on_data_changed(shell, now, zone));
    effects.extend(super::audit_route::on_data_changed(shell, now, zone));
    // An intake handed to this person, or one they offered now taken.
    effects.push(super::hand_over::check(shell));
    // Supervisors: intakes left behind by someone who left the floor.
    if shell.session.user.role.supervises() && shell.pane == Pane::Intake {
        effects.push(Effect::LoadStaleDrafts {
            before: now - super::intake::SHIFT_SECS,
        });
    }
    if let (Pane::Wallboard, Some(viewer)) = (shell.pane, viewer) {
        effects.extend(shell.wallboard.reload(viewer));
    }
    effects
}

fn focused_input(form: &mut LoginForm) -> &mut super::text_input::TextInput {
    match form.focus {
        LoginField::Username => &mut form.username,
        LoginField::Password => &mut form.password,
    }
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if let Screen::Shell(shell) = &mut state.screen {
        shell.last_key_at = state.now.timestamp();
    }
    // A locked screen takes every key itself: nothing reaches the panes.
    if let Some(effects) = super::idle_lock::on_key(state, &key) {
        return effects;
    }
    state.dirty = true;
    state.flash = None;
    let mut action = state.keymap.lookup(&state.contexts(), &key);
    if state.help_open {
        // Quitting and logging out act through the overlay: it closes and
        // the key does what it does without it.
        let beneath = {
            state.help_open = false;
            let contexts = state.contexts();
            state.help_open = true;
            state.keymap.lookup(&contexts, &key)
        };
        let through = match (action, beneath) {
            (Some(a @ (Action::Quit | Action::Lock)), _) => Some(a),
            (None, Some(a @ (Action::Logout | Action::Quit))) => Some(a),
            _ => None,
        };
        if let Some(through) = through {
            state.help_open = false;
            action = Some(through);
        }
    }
    if state.help_open {
        let page = state.body_rows();
        match action {
            Some(Action::Close | Action::Quit) => state.help_open = false,
            Some(Action::Down) => state.help_scroll += 1,
            Some(Action::Up) => state.help_scroll = state.help_scroll.saturating_sub(1),
            Some(Action::PageDown) => state.help_scroll += page,
            Some(Action::PageUp) => state.help_scroll = state.help_scroll.saturating_sub(page),
            _ => {}
        }
        // The overlay clamps the scroll to its text; keep the state in step.
        state.help_scroll = state.help_scroll.min(200);
        return Vec::new();
    }
    // Nothing is drawn on a terminal below the minimum size, so keys must
    // not act on fields the operator cannot see; only quitting works.
    let (width, height) = state.size;
    if (width < crate::ui::MIN_WIDTH || height < crate::ui::MIN_HEIGHT)
        && !matches!(action, Some(Action::Quit | Action::Lock))
    {
        return Vec::new();
    }
    match action {
        Some(Action::Quit | Action::Logout) if state.unsaved_text() => {
            state.flash = Some("Unsaved work: save it (Ctrl-S) or discard it (Esc) first.".into());
            return Vec::new();
        }
        Some(Action::Quit) => {
            // The event loop saves drafts and records the logout on the way
            // out, synchronously (see `exit_effects`).
            state.quit = true;
            return Vec::new();
        }
        Some(Action::Help) => {
            state.help_open = true;
            state.help_scroll = 0;
            return Vec::new();
        }
        // Locking hides everything at once; what was being typed is kept.
        Some(Action::Lock) => return super::idle_lock::lock(state, true),
        _ => {}
    }
    if action == Some(Action::PaneWallboard)
        && let Screen::Shell(shell) = &state.screen
        && !shell.sees_floor()
    {
        state.flash = Some("The wallboard is for supervisors.".into());
        return Vec::new();
    }
    if action == Some(Action::PaneAudit)
        && let Screen::Shell(shell) = &state.screen
        && !shell.pane_rights().audit
    {
        state.flash = Some("The audit log is for supervisors and admins.".into());
        return Vec::new();
    }
    if action == Some(Action::ToggleBreak)
        && let Screen::Shell(shell) = &mut state.screen
    {
        state.flash = Some(if shell.presence.toggle_break() {
            "On a break: supervisors see it on the floor. Press b again when you are back.".into()
        } else {
            "Back from your break: available.".into()
        });
        return Vec::new();
    }
    let rows = state.body_rows();
    // An opened timeline entry is drawn across the pane inside a border.
    let entry_width = usize::from(state.size.0.saturating_sub(2));
    let terminal_width = state.size.0;
    let now = state.now.timestamp();
    let state_viewer = state.alert_viewer();
    let catalog = std::sync::Arc::clone(&state.instruments);
    let forms = std::sync::Arc::clone(&state.forms);
    let country = state.country_code.clone();
    let workflow = std::sync::Arc::clone(&state.workflow);
    let state_now_utc = state.now;
    let utc_offset = state.utc_offset;
    let directory_editors = state.settings.directory_editors;
    match (&mut state.screen, action) {
        (Screen::Login(_), Some(Action::CycleLanguage)) => {
            state.i18n = crate::i18n::Catalog::new(state.i18n.language().next());
            Vec::new()
        }
        (Screen::Login(form), Some(action)) => on_login_action(form, action, &state.i18n),
        (Screen::Login(form), None) => {
            focused_input(form).handle_key(&key);
            Vec::new()
        }
        (Screen::Shell(_), Some(Action::Logout)) => log_out(state, None),
        (Screen::Shell(shell), Some(action)) => {
            let viewer = state_viewer.clone();
            if let Some(effects) = super::wellbeing::on_action(shell, action) {
                return effects;
            }
            if let Some(effects) = super::hand_over::on_action(shell, action) {
                return effects;
            }
            if action == Action::NewIntake {
                shell.pane = Pane::Intake;
                let operator = shell.session.user.id;
                return shell.intake.start_new(&forms, operator, now);
            }
            if let Some(effects) = super::reports_route::on_action(shell, action, now, utc_offset) {
                return effects;
            }
            if let Some(effects) =
                super::wallboard_route::on_action(shell, action, now, utc_offset, viewer.clone())
            {
                return effects;
            }
            if let Some(effects) =
                super::follow_ups_route::on_action(shell, action, now, utc_offset, rows)
            {
                return effects;
            }
            if let Some(effects) =
                super::audit_route::on_action(shell, action, now, utc_offset, rows)
            {
                return effects;
            }
            if shell.pane == Pane::Services
                && matches!(
                    action,
                    Action::NewService | Action::EditService | Action::ToggleActive
                )
                && shell.services.form.is_none()
                && shell.services.confirm.is_none()
                && !directory_editors.contains(shell.session.user.role)
            {
                shell.services.message = Some(format!(
                    "Only {} change the service directory.",
                    editors_in_words(directory_editors)
                ));
                return Vec::new();
            }
            if let Some(effects) = super::route::on_action(shell, action, &key, now, rows) {
                return effects;
            }
            // In a form every action is the form's; on the list of intakes on
            // hold only the list's own, so pane keys still switch panes.
            let list_action = matches!(
                action,
                Action::Down | Action::Up | Action::Open | Action::Discard
            );
            if shell.pane == Pane::Intake
                && action == Action::AssessRisk
                && let Some((local, instrument, child)) = shell.intake.fitting_instrument(&forms)
            {
                // The instrument that fits opens inside the intake; its
                // result comes back to the intake (see `on_shell_action`).
                shell.risk.assess_now(
                    RiskTarget {
                        case_id: 0,
                        number: "this intake".into(),
                        child,
                        intake: Some(local),
                        fits: Some(instrument),
                    },
                    &catalog,
                );
                shell.pane = Pane::Risk;
                return Vec::new();
            }
            if shell.pane == Pane::Intake && (shell.intake.typing() || list_action) {
                let operator = shell.session.user.id;
                let title_of = |id: &str| {
                    catalog
                        .get(id)
                        .map_or_else(|| id.to_string(), |i| i.title().to_string())
                };
                if action == Action::Now && shell.intake.current.is_some() {
                    let local_now = state_now_utc.with_timezone(&utc_offset).naive_local();
                    return shell.intake.fill_now(&forms, local_now, country.as_deref());
                }
                return shell.intake.on_action(
                    action,
                    &key,
                    &forms,
                    operator,
                    now,
                    country.as_deref(),
                    &title_of,
                );
            }
            if shell.pane == Pane::Risk
                && shell.risk.mode == super::risk::RiskMode::Answer
                && matches!(action, Action::PageDown | Action::PageUp)
            {
                shell
                    .risk
                    .scroll_outcome(action, super::risk::outcome_width(terminal_width));
                return Vec::new();
            }
            if shell.pane == Pane::Cases
                && let Some(effects) = shell.cases.on_entry_action(action, entry_width, rows)
            {
                return effects;
            }
            if shell.pane == Pane::Cases
                && let Some(effects) =
                    on_open_case_action(shell, action, &key, &workflow, now, utc_offset)
            {
                return effects;
            }
            if shell.pane == Pane::Cases && action == Action::CycleCategory {
                let categories: Vec<(String, String)> = forms
                    .taxonomy()
                    .reason_categories()
                    .iter()
                    .map(|c| (c.id.clone(), c.label.clone()))
                    .collect();
                return shell.cases.cycle_category(&categories, now);
            }
            on_shell_action(shell, action, now, rows, viewer, catalog, forms)
        }
        (Screen::Shell(shell), None) => {
            if super::wellbeing::on_text_key(shell, &key) {
                return Vec::new();
            }
            if super::hand_over::on_text_key(shell, &key) {
                return Vec::new();
            }
            if shell.pane == Pane::Reports {
                shell.reports.on_key(&key);
                return Vec::new();
            }
            if shell.pane == Pane::FollowUps {
                shell.follow_ups.on_key(&key);
                return Vec::new();
            }
            if super::audit_route::on_text_key(shell, &key) {
                return Vec::new();
            }
            if let Some(effects) = super::route::on_text_key(shell, &key) {
                return effects;
            }
            if shell.pane == Pane::Cases {
                if let Some(glass) = shell.cases.glass.as_mut() {
                    glass.on_key(&key);
                    return Vec::new();
                }
                if let Some(editor) = shell.cases.open.as_mut().and_then(|v| v.editor.as_mut()) {
                    editor.input(key);
                    return Vec::new();
                }
                if let Some(dialog) = shell.cases.open.as_mut().and_then(|v| v.dialog.as_mut()) {
                    dialog.on_key(&key);
                    return Vec::new();
                }
                if let Some(view) = shell.cases.open.as_mut()
                    && view.plan.dialog.is_some()
                {
                    view.plan.on_key(&key);
                    return Vec::new();
                }
                if shell.cases.searching {
                    return shell.cases.on_search_key(&key, now);
                }
            }
            if shell.pane == Pane::Risk {
                shell.risk.on_key(&key);
                return Vec::new();
            }
            if shell.pane == Pane::Intake {
                return shell.intake.on_key(&key, &forms, country.as_deref());
            }
            state.dirty = false;
            Vec::new()
        }
    }
}

/// What must reach the database before a session ends (quit, log out,
/// SIGTERM, SIGHUP, a lost terminal): every intake's and every open
/// dialog's latest typing as a draft, and the logout line in the audit log.
pub fn exit_effects(state: &mut State) -> Vec<Effect> {
    let Screen::Shell(shell) = &mut state.screen else {
        return Vec::new();
    };
    let operator = shell.session.user.id;
    let mut effects = shell.intake.flush(operator);
    effects.extend(shell.sync_dialog_drafts(true));
    effects.extend(shell.cases.close_search_audit(operator));
    effects.extend(super::presence::end(shell, state.now.timestamp()));
    effects.push(Effect::RecordLogout { user_id: operator });
    effects
}

/// Ends the session (drafts saved, logout audited) and shows the sign-in
/// screen, with `reason` under the form when the app ended it.
pub(super) fn log_out(state: &mut State, reason: Option<String>) -> Vec<Effect> {
    let effects = exit_effects(state);
    state.screen = Screen::Login(LoginForm {
        error: reason,
        ..LoginForm::default()
    });
    state.status = StatusInfo::default();
    // The next person signs in on the organisation's language.
    if state.i18n.language() != state.settings.default_language {
        state.i18n = crate::i18n::Catalog::new(state.settings.default_language);
    }
    state.help_open = false;
    state.dirty = true;
    effects
}

fn on_login_action(
    form: &mut LoginForm,
    action: Action,
    text: &crate::i18n::Catalog,
) -> Vec<Effect> {
    match action {
        Action::NextField | Action::PrevField => {
            form.focus = match form.focus {
                LoginField::Username => LoginField::Password,
                LoginField::Password => LoginField::Username,
            };
        }
        Action::Submit if form.checking => {}
        Action::Submit if form.focus == LoginField::Username => {
            form.focus = LoginField::Password;
        }
        Action::Submit => {
            if form.username.value().trim().is_empty() {
                form.error = Some(text.t("login-need-username"));
                form.focus = LoginField::Username;
            } else if form.password.value().is_empty() {
                form.error = Some(text.t("login-need-password"));
            } else {
                form.checking = true;
                form.error = None;
                return vec![Effect::CheckLogin {
                    username: form.username.value().trim().to_string(),
                    password: form.password.value().to_string(),
                }];
            }
        }
        _ => {}
    }
    Vec::new()
}

fn on_login_checked(state: &mut State, result: Result<User, String>) -> Vec<Effect> {
    let Screen::Login(form) = &mut state.screen else {
        return Vec::new();
    };
    state.dirty = true;
    match result {
        Ok(user) => {
            state.screen = Screen::Shell(Box::new(Shell::new(Session {
                user,
                started_at: state.now,
            })));
            if let Screen::Shell(shell) = &mut state.screen {
                shell.reports.weights = state.settings.floor.weights;
            }
            state
                .alert_viewer()
                .map(|viewer| {
                    // The clock's checks first, so that the reminders and
                    // alerts due by now are in the first figures shown.
                    let mut effects = vec![
                        Effect::LoadLanguage {
                            user_id: viewer.user_id,
                        },
                        Effect::RaiseUnassignedAlerts {
                            grace_secs: state.settings.time_to_assign_urgent_secs(),
                        },
                        Effect::RaiseOverdueReferralAlerts,
                        Effect::RaiseFollowUpReminders,
                        Effect::LoadStatus {
                            viewer: viewer.clone(),
                        },
                        Effect::LoadDrafts {
                            operator: viewer.user_id,
                        },
                        Effect::DialogDrafts(super::dialog_drafts::DialogDraftsEffect::Load {
                            operator: viewer.user_id,
                        }),
                        // An intake handed over while this person was away.
                        Effect::HandOver(super::hand_over::HandOverEffect::Check {
                            user: viewer.user_id,
                            offers: Vec::new(),
                        }),
                    ];
                    if viewer.role.supervises() {
                        effects.push(Effect::LoadStaleDrafts {
                            before: viewer.now - super::intake::SHIFT_SECS,
                        });
                    }
                    effects
                })
                .unwrap_or_default()
        }
        Err(message) => {
            form.checking = false;
            form.password.clear();
            form.focus = LoginField::Password;
            form.error = Some(message);
            Vec::new()
        }
    }
}

fn on_shell_action(
    shell: &mut Shell,
    action: Action,
    now: i64,
    rows: usize,
    viewer: Option<AlertViewer>,
    catalog: std::sync::Arc<crate::domain::risk::Catalog>,
    forms: std::sync::Arc<crate::domain::forms::FormCatalog>,
) -> Vec<Effect> {
    let target = shell.pane.target(action, shell.pane_rights());
    if let Some(pane) = target {
        shell.pane = pane;
        if matches!(pane, Pane::Referrals | Pane::Services) {
            return super::route::on_shown(shell);
        }
        if pane == Pane::Cases && !shell.cases.loading {
            // First visit, or back after other sessions may have changed it.
            return match &shell.cases.open {
                Some(view) => vec![Effect::OpenCase {
                    case_id: view.detail.row.id,
                    viewer: shell.session.user.id,
                    audit: false,
                }],
                None => {
                    // Shown again: a new view of the list, audited.
                    shell.cases.listed = None;
                    shell.cases.reload(now)
                }
            };
        }
        if let (Pane::Alerts, Some(viewer)) = (pane, viewer) {
            return shell.alerts.reload(viewer);
        }
        return Vec::new();
    }
    if action == Action::Redraw {
        return vec![Effect::Redraw];
    }
    match shell.pane {
        Pane::Cases => {
            if action == Action::AssessRisk {
                // An assessment of this case left from before comes back
                // instead of a new one.
                let open_case = shell.cases.open.as_ref().map(|v| v.detail.row.id);
                if let Some(case_id) = open_case
                    && super::dialog_resume::resume_assessment(shell, case_id, &catalog)
                {
                    shell.pane = Pane::Risk;
                    return Vec::new();
                }
                if let Some(view) = &shell.cases.open {
                    let row = &view.detail.row;
                    shell.risk.assess(
                        RiskTarget {
                            case_id: row.id,
                            number: row.number.clone(),
                            child: row.child_name.clone().unwrap_or_else(|| "(no name)".into()),
                            intake: None,
                            fits: row.unassessed.first().cloned().or_else(|| {
                                forms.instrument_for_reason(
                                    row.category.as_deref(),
                                    row.subcategory.as_deref(),
                                )
                            }),
                        },
                        &catalog,
                    );
                    shell.pane = Pane::Risk;
                }
                return Vec::new();
            }
            let user = shell.session.user.clone();
            shell.cases.on_action(action, &user, now, rows)
        }
        Pane::Risk => {
            let mut effects = shell
                .risk
                .on_action(action, &catalog, shell.session.user.id);
            if let Some((local, result)) = shell.risk.take_for_intake() {
                if shell.intake.add_assessment(local, result) {
                    shell.pane = Pane::Intake;
                    // Into the intake's draft now, not a second later.
                    effects.extend(shell.intake.autosave(shell.session.user.id));
                } else {
                    shell.risk.message =
                        Some("That intake is no longer open: the result was not kept.".into());
                }
            }
            effects
        }
        Pane::Alerts => {
            let Some(viewer) = viewer else {
                return Vec::new();
            };
            if action == Action::Open {
                // Jump to the alert's case in the Cases pane.
                return match shell.alerts.selected_case() {
                    Some(case_id) => {
                        shell.pane = Pane::Cases;
                        let mut effects = Vec::new();
                        if !shell.cases.loaded_once {
                            effects.extend(shell.cases.reload(now));
                        }
                        effects.push(shell.cases.begin_open(case_id, viewer.user_id));
                        effects
                    }
                    None => Vec::new(),
                };
            }
            shell.alerts.on_action(action, &viewer, rows)
        }
        _ => Vec::new(),
    }
}

/// The roles that may change the directory, in words: "supervisors and
/// admins".
fn editors_in_words(editors: crate::domain::access::RoleSet) -> String {
    let names: Vec<String> = editors
        .roles()
        .into_iter()
        .map(|r| format!("{}s", r.label().to_lowercase()))
        .collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => "nobody".into(),
    }
}
