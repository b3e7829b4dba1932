//! Pure types and rules: no I/O, no terminal, no SQL.

pub mod access;
pub mod account_name;
pub mod audit;
pub mod case;
pub mod case_number_part;
pub mod case_plan;
pub mod closure_approval;
pub mod closure_reasons;
pub mod demo;
pub mod erasure;
pub mod follow_up;
pub mod forms;
pub mod gbv;
pub mod idle_lock;
pub mod lockout;
pub mod next_step;
pub mod phone;
pub mod referral;
pub mod response_times;
pub mod retention;
pub mod risk;
pub mod risk_level;
pub mod role;
pub mod safe_text;
pub mod service;
pub mod taxonomy;
pub mod workflow;

pub use audit::AuditAction;
pub use case::{CaseNumber, CaseStatus};
pub use lockout::LockoutPolicy;
pub use referral::{ReferralStatus, Urgency};
pub use response_times::ResponseTimes;
pub use risk_level::RiskLevel;
pub use role::Role;
pub use service::ServiceType;
pub use workflow::Workflow;
