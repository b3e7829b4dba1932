// TEMP SHIM until helper/demo merges
pub struct DemoOptions {
    pub cases: u64,
    pub seed: u64,
    pub now: chrono::DateTime<chrono::Utc>,
}
pub struct DemoSummary {
    pub cases: u64,
    pub contacts: u64,
    pub events: u64,
    pub alerts: u64,
    pub accounts: u64,
    pub elapsed: std::time::Duration,
}
