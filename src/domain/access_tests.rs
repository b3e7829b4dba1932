//! The need-to-know matrix, written out: role × relation × restricted ×
//! action. Each string holds one letter per relation, in the order
//! Worker, TookContact, Team, NoTeam, Other: `Y` allowed, `.` need to know.

use super::*;

fn operator() -> CaseRole {
    CaseRole::of(Role::Operator, None, Some("Nairobi"))
}
fn caseworker() -> CaseRole {
    CaseRole::of(Role::Caseworker, None, Some("Nairobi"))
}
fn team_supervisor() -> CaseRole {
    CaseRole::of(Role::Supervisor, None, Some("Nairobi"))
}
fn floor_supervisor() -> CaseRole {
    CaseRole::of(Role::Supervisor, None, None)
}
fn admin() -> CaseRole {
    CaseRole::of(Role::Admin, None, None)
}
fn admin_as_caseworker() -> CaseRole {
    CaseRole::of(Role::Admin, Some(Role::Caseworker), Some("Nairobi"))
}

fn row(role: CaseRole, restricted: bool, action: CaseAction) -> String {
    Relation::ALL
        .iter()
        .map(|r| match decide(role, *r, restricted, action) {
            Decision::Allow => 'Y',
            Decision::NeedToKnow => '.',
        })
        .collect()
}

/// (who, restricted, view/change, minimal search, restrict)
type Expected = (
    &'static str,
    fn() -> CaseRole,
    bool,
    &'static str,
    &'static str,
    &'static str,
);

const MATRIX: [Expected; 12] = [
    ("operator", operator, false, "YY...", "YYYYY", "....."),
    ("operator", operator, true, "Y....", "Y....", "....."),
    ("case worker", caseworker, false, "YYY..", "YYYYY", "....."),
    ("case worker", caseworker, true, "Y....", "Y....", "....."),
    (
        "team supervisor",
        team_supervisor,
        false,
        "YYYY.",
        "YYYYY",
        "YYYY.",
    ),
    (
        "team supervisor",
        team_supervisor,
        true,
        "YYYY.",
        "YYYY.",
        "YYYY.",
    ),
    (
        "floor supervisor",
        floor_supervisor,
        false,
        "YYYYY",
        "YYYYY",
        "YYYYY",
    ),
    (
        "floor supervisor",
        floor_supervisor,
        true,
        "YYYYY",
        "YYYYY",
        "YYYYY",
    ),
    ("admin", admin, false, ".....", ".....", "....."),
    ("admin", admin, true, ".....", ".....", "....."),
    (
        "admin as case worker",
        admin_as_caseworker,
        false,
        "YYY..",
        "YYYYY",
        ".....",
    ),
    (
        "admin as case worker",
        admin_as_caseworker,
        true,
        "Y....",
        "Y....",
        ".....",
    ),
];

#[test]
fn the_matrix_holds_for_every_role_relation_and_action() {
    for (who, role, restricted, view, minimal, restrict) in MATRIX {
        let role = role();
        let what = |a: &str| format!("{who}, restricted={restricted}, {a}");
        assert_eq!(
            row(role, restricted, CaseAction::View),
            view,
            "{}",
            what("view")
        );
        assert_eq!(
            row(role, restricted, CaseAction::Change),
            view,
            "{}",
            what("change")
        );
        assert_eq!(
            row(role, restricted, CaseAction::SearchMinimal),
            minimal,
            "{}",
            what("minimal search")
        );
        assert_eq!(
            row(role, restricted, CaseAction::Restrict),
            restrict,
            "{}",
            what("restrict")
        );
    }
}

#[test]
fn whoever_may_view_may_also_find_it_minimally() {
    for (_, role, restricted, _, _, _) in MATRIX {
        for relation in Relation::ALL {
            if decide(role(), relation, restricted, CaseAction::View) == Decision::Allow {
                assert_eq!(
                    decide(role(), relation, restricted, CaseAction::SearchMinimal),
                    Decision::Allow
                );
            }
        }
    }
}

#[test]
fn a_broken_glass_opens_the_case_but_gives_no_right_to_restrict_it() {
    let ties = CaseTies {
        restricted: true,
        glass_broken: true,
        ..CaseTies::default()
    };
    for role in [operator(), caseworker(), team_supervisor(), admin()] {
        assert_eq!(decide_for(role, &ties, CaseAction::View), Decision::Allow);
        assert_eq!(decide_for(role, &ties, CaseAction::Change), Decision::Allow);
    }
    assert_eq!(
        decide_for(operator(), &ties, CaseAction::Restrict),
        Decision::NeedToKnow
    );
    let expired = CaseTies {
        glass_broken: false,
        ..ties
    };
    assert_eq!(
        decide_for(operator(), &expired, CaseAction::View),
        Decision::NeedToKnow
    );
}

#[test]
fn the_closest_tie_decides() {
    let ties = CaseTies {
        worker: true,
        team: true,
        ..CaseTies::default()
    };
    assert_eq!(ties.relation(), Relation::Worker);
    let ties = CaseTies {
        took_contact: true,
        no_team: true,
        ..CaseTies::default()
    };
    assert_eq!(ties.relation(), Relation::TookContact);
    assert_eq!(CaseTies::default().relation(), Relation::Other);
}

#[test]
fn an_admin_reads_cases_only_with_a_case_role() {
    assert!(!admin().reads_cases());
    assert!(admin_as_caseworker().reads_cases());
    assert_eq!(
        CaseRole::of(Role::Admin, Some(Role::Admin), None).role,
        None,
        "admin is not a case role"
    );
    assert!(CaseRole::of(Role::Admin, Some(Role::Supervisor), None).whole_floor);
}

#[test]
fn glass_reasons_must_say_something() {
    assert!(check_glass_reason("   ").is_err());
    assert!(check_glass_reason("checking").is_err());
    assert_eq!(
        check_glass_reason("  caller says her case worker is away  "),
        Ok("caller says her case worker is away")
    );
}

#[test]
fn initials_keep_one_letter_per_name() {
    assert_eq!(initials(Some("Wanjiku Kamau")), "W. K.");
    assert_eq!(initials(Some("  zoë  achieng ")), "Z. A.");
    assert_eq!(initials(Some("'Amina")), "A.");
    assert_eq!(initials(None), "—");
    assert_eq!(initials(Some("   ")), "—");
}

#[test]
fn directory_editors_are_supervisors_and_admins_unless_configured() {
    let editors = RoleSet::default();
    assert_eq!(editors.roles(), [Role::Supervisor, Role::Admin]);
    assert!(!editors.contains(Role::Operator));
    let with_caseworkers = RoleSet::of(&[Role::Caseworker, Role::Admin]);
    assert!(with_caseworkers.contains(Role::Caseworker));
    assert!(!with_caseworkers.contains(Role::Supervisor));
}
