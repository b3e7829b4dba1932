//! Application state and the update function: keys become actions, actions
//! change state and ask for effects. No terminal and no SQL here.

pub mod action;
pub mod alerts;
pub mod audit;
mod audit_route;
pub mod break_glass;
pub mod case_dialog;
mod case_drafts;
pub mod case_plan;
mod case_plan_route;
mod case_routes;
pub mod cases;
pub mod closures;
pub mod dialog_drafts;
mod dialog_resume;
pub mod entry_doc;
pub mod follow_ups;
mod follow_ups_route;
pub mod hand_over;
pub mod idle_lock;
pub mod intake;
pub mod keymap;
pub mod message;
pub mod paging;
pub mod pane;
pub mod presence;
pub mod refer;
pub mod referrals;
pub mod reports;
mod reports_route;
pub mod risk;
mod risk_draft;
pub mod route;
pub mod search_audit;
pub mod service_form;
pub mod services;
pub mod state;
pub mod text_input;
pub mod timeline_entry;
pub mod update;
pub mod wallboard;
mod wallboard_route;
pub mod wellbeing;

pub use action::Action;
pub use state::State;
pub use update::{Effect, Msg, update};
