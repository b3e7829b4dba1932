// TEMP SHIM until helper/demo merges
use crate::domain::demo::*;
impl super::Store {
    pub fn fill_demo(
        &mut self,
        _o: &DemoOptions,
        h: &str,
        _p: &mut dyn FnMut(u64, u64),
    ) -> super::StoreResult<DemoSummary> {
        self.create_user(
            &super::users::NewUser {
                username: "demo",
                display_name: "Demo Supervisor",
                role: crate::domain::Role::Supervisor,
                team: None,
                password_hash: h,
            },
            None,
        )?;
        Ok(DemoSummary {
            cases: 0,
            contacts: 0,
            events: 0,
            alerts: 0,
            accounts: 1,
            elapsed: Default::default(),
        })
    }
}
