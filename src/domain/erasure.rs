//! Who may ask for and approve a person's request to have their data
//! anonymised (issue 13, item 6): a supervisor asks (admins have every
//! supervisor right), an admin approves, and never the same person.

use super::Role;

/// Why an account may not take a step of an erasure request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ErasureRefusal {
    #[error("only a supervisor or an admin may ask for a person's data to be anonymised")]
    NotSupervisor,
    #[error("only an admin may approve an erasure request")]
    NotAdmin,
    #[error("the person who asked for an erasure cannot approve it: another admin must")]
    SamePerson,
}

/// Whether `role` may ask for an erasure.
pub fn may_request(role: Role) -> Result<(), ErasureRefusal> {
    match role {
        Role::Supervisor | Role::Admin => Ok(()),
        Role::Operator | Role::Caseworker => Err(ErasureRefusal::NotSupervisor),
    }
}

/// Whether the account `approver` (with `role`) may approve a request
/// made by `requester`.
pub fn may_approve(role: Role, approver: i64, requester: i64) -> Result<(), ErasureRefusal> {
    if role != Role::Admin {
        return Err(ErasureRefusal::NotAdmin);
    }
    if approver == requester {
        return Err(ErasureRefusal::SamePerson);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supervisors_ask_and_another_admin_approves() {
        use ErasureRefusal::*;
        let ask = [
            (Role::Operator, Err(NotSupervisor)),
            (Role::Caseworker, Err(NotSupervisor)),
            (Role::Supervisor, Ok(())),
            (Role::Admin, Ok(())),
        ];
        for (role, want) in ask {
            assert_eq!(may_request(role), want, "{role:?}");
        }
        let approve = [
            (Role::Operator, 2, Err(NotAdmin)),
            (Role::Caseworker, 2, Err(NotAdmin)),
            (Role::Supervisor, 2, Err(NotAdmin)),
            (Role::Admin, 1, Err(SamePerson)),
            (Role::Admin, 2, Ok(())),
        ];
        for (role, approver, want) in approve {
            assert_eq!(may_approve(role, approver, 1), want, "{role:?} {approver}");
        }
    }
}
