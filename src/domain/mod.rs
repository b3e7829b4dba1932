//! Pure types and rules: no I/O, no terminal, no SQL.

pub mod audit;
pub mod case;
pub mod demo;
pub mod lockout;
pub mod risk_level;
pub mod role;

pub use audit::AuditAction;
pub use case::{CaseNumber, CaseStatus};
pub use lockout::LockoutPolicy;
pub use risk_level::RiskLevel;
pub use role::Role;
