//! The coded values demo records are drawn from, with how often each occurs.
//! Ids follow the domain reference (sections 1, 2 and 5) in snake_case;
//! weights are plausible shares for a national child helpline, not
//! statistics of any real one.

/// How a contact reached the helpline, with a label for the case timeline.
pub(super) const CHANNELS: &[((&str, &str), u32)] = &[
    (("phone_call", "Phone call"), 52),
    (("whatsapp", "WhatsApp"), 16),
    (("sms", "SMS"), 8),
    (("web_chat", "Web chat"), 11),
    (("email", "E-mail"), 2),
    (("walk_in", "Walk-in"), 5),
    (("social_media", "Social media"), 6),
];

/// Channels on which the helpline sees the caller's number.
pub(super) fn channel_has_phone(channel: &str) -> bool {
    matches!(channel, "phone_call" | "whatsapp" | "sms")
}

/// The contact types that open or update a case (reference, section 1).
pub(super) const CASE_CONTACT_TYPES: &[((&str, &str), u32)] = &[
    (("child_about_self", "child calling about self"), 50),
    (("someone_about_child", "someone calling about a child"), 38),
    (
        (
            "adult_survivor_about_self",
            "adult survivor calling about self",
        ),
        12,
    ),
];

/// The contact types that are counted but never cased.
pub(super) const NON_CASE_CONTACT_TYPES: &[(&str, u32)] = &[
    ("information_request", 30),
    ("silent", 25),
    ("hang_up", 20),
    ("wrong_number", 10),
    ("prank_abusive", 10),
    ("thank_you_follow_up", 5),
];

/// Who calls about someone else's child.
pub(super) const RELATIONSHIPS: &[(&str, u32)] = &[
    ("parent", 40),
    ("relative", 15),
    ("teacher", 11),
    ("neighbour", 10),
    ("friend", 7),
    ("professional", 12),
    ("other", 5),
];

/// How strongly a reason for contact pulls the risk level up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Severity {
    /// Mostly no or low risk (questions, school, friends).
    Mild,
    Usual,
    /// Violence that often means harm already done.
    Serious,
    /// Self-harm and suicidal thoughts: screens often come back positive.
    Acute,
}

use Severity::{Acute, Mild, Serious, Usual};

/// Risk-level weights (none, low, medium, high, critical) per severity.
pub(super) fn risk_weights(severity: Severity) -> [u32; 5] {
    match severity {
        Mild => [60, 28, 10, 2, 0],
        Usual => [30, 33, 26, 9, 2],
        Serious => [4, 18, 42, 26, 10],
        Acute => [0, 8, 30, 42, 20],
    }
}

/// Reasons for contact of cases about children: `category.subcategory`.
pub(super) const CHILD_REASONS: &[((&str, Severity), u32)] = &[
    (("violence.bullying", Usual), 40),
    (("violence.child_early_forced_marriage", Serious), 8),
    (("violence.child_labour", Usual), 8),
    (("violence.commercial_sexual_exploitation", Serious), 5),
    (("violence.female_genital_mutilation", Serious), 3),
    (("violence.other_harmful_practices", Usual), 3),
    (("violence.emotional_violence", Usual), 30),
    (("violence.neglect", Usual), 35),
    (("violence.online_sexual_abuse", Serious), 8),
    (("violence.online_sexual_exploitation", Serious), 6),
    (("violence.physical_violence", Serious), 45),
    (("violence.sexual_violence", Serious), 30),
    (("violence.trafficking", Serious), 3),
    (("violence.unspecified", Usual), 4),
    (("missing_children.abduction", Serious), 2),
    (("missing_children.lost_or_missing", Serious), 5),
    (("missing_children.runaway", Usual), 8),
    (("mental_health.substance_use", Usual), 10),
    (("mental_health.behavioural_problems", Usual), 12),
    (("mental_health.emotional_distress", Usual), 50),
    (("mental_health.eating_problems", Usual), 5),
    (("mental_health.self_harm", Acute), 14),
    (("mental_health.suicidal_thoughts", Acute), 16),
    (("mental_health.traumatic_distress", Usual), 8),
    (("mental_health.unspecified", Usual), 4),
    (("physical_health.general_medical", Mild), 6),
    (("physical_health.hiv_aids", Usual), 4),
    (("physical_health.pregnancy_maternal_care", Usual), 8),
    (("physical_health.sexual_reproductive_health", Mild), 12),
    (("physical_health.nutrition", Usual), 3),
    (("access_to_services.education", Mild), 8),
    (("access_to_services.essential_needs", Usual), 10),
    (("access_to_services.healthcare", Usual), 5),
    (("access_to_services.legal", Mild), 5),
    (("access_to_services.mental_health_services", Usual), 4),
    (("access_to_services.social_protection", Mild), 5),
    (("discrimination.ethnicity_nationality", Mild), 3),
    (("discrimination.financial_situation", Mild), 2),
    (("discrimination.gender", Mild), 2),
    (
        ("discrimination.gender_identity_sexual_orientation", Usual),
        3,
    ),
    (("discrimination.health", Mild), 1),
    (("discrimination.religion", Mild), 1),
    (
        ("family_relationships.relationship_with_caregivers", Usual),
        40,
    ),
    (("family_relationships.alternative_care", Usual), 5),
    (("family_relationships.siblings", Mild), 6),
    (("family_relationships.family_health", Mild), 4),
    (("peer_relationships.friends", Mild), 15),
    (("peer_relationships.partner", Usual), 12),
    (("peer_relationships.classmates_colleagues", Mild), 6),
    (("education_work.academic", Mild), 14),
    (("education_work.teachers_school", Mild), 6),
    (("education_work.work", Mild), 2),
    (("sexuality.orientation_gender_identity", Mild), 5),
    (("sexuality.sexual_behaviour", Mild), 6),
];

/// Reasons adult survivors of gender-based violence call about.
pub(super) const SURVIVOR_REASONS: &[((&str, Severity), u32)] = &[
    (("violence.physical_violence", Serious), 40),
    (("violence.sexual_violence", Serious), 25),
    (("violence.emotional_violence", Usual), 20),
    (("violence.commercial_sexual_exploitation", Serious), 3),
    (("violence.trafficking", Serious), 2),
    (("access_to_services.legal", Usual), 5),
    (("access_to_services.essential_needs", Usual), 5),
    (("mental_health.traumatic_distress", Usual), 6),
    (("mental_health.suicidal_thoughts", Acute), 3),
];

/// What information requests are about.
pub(super) const INFORMATION_REASONS: &[(&str, u32)] = &[
    ("non_counselling.questions_about_helpline", 35),
    ("non_counselling.questions_about_other_services", 35),
    ("non_counselling.parents_questions", 20),
    ("non_counselling.complaints", 5),
    ("non_counselling.unspecified", 5),
];

/// Closure reasons (reference, section 5), with the timeline label.
pub(super) const CLOSURE_REASONS: &[((&str, &str), u32)] = &[
    (("needs_met", "Closed: needs met, safe"), 58),
    (
        (
            "no_contact",
            "Closed: no contact after the follow-up protocol",
        ),
        18,
    ),
    (("survivor_request", "Closed at the survivor's request"), 7),
    (("moved_away", "Closed: moved away"), 5),
    (("transferred", "Closed: transferred to another agency"), 10),
    (("other", "Closed: other reason"), 2),
];

/// Outcome notes written when a case is closed for `reason`: what was done
/// and how the case ended. An "other" reason's note says what the reason was.
pub(super) fn outcome_notes(reason: &str) -> &'static [&'static str] {
    match reason {
        "needs_met" => &[
            "Plan completed; the child is safe at home and knows how to reach us again.",
            "Services in place and working; caregiver and child agree the worry is resolved.",
            "Referral completed and follow-up calls show the child settled back in school.",
            "Survivor in safe accommodation with support; no further action needed from us.",
        ],
        "no_contact" => &[
            "Three follow-up attempts over a month by phone and SMS; no answer. Safety plan was given at first contact.",
            "No reply to the follow-up protocol; number no longer reachable. Case can be reopened if they call.",
        ],
        "survivor_request" => &[
            "Survivor asked us to close the case; told how to come back at any time.",
            "Young person said they now feel able to cope; closed at their request with the helpline number.",
        ],
        "moved_away" => &[
            "Family moved out of the area; the new area's services were given to the caregiver.",
            "Child moved to live with relatives elsewhere; local children's officer informed.",
        ],
        "transferred" => &[
            "Transferred to the children's officer, who now leads the case; handover call done.",
            "Case handed to the shelter's own case manager with the survivor's consent.",
        ],
        _ => &[
            "Duplicate of an earlier case for the same child; contacts moved to that case.",
            "Family declined further contact; no risk indicators remain.",
            "Handled under the school's own safeguarding procedure.",
        ],
    }
}

/// One-line synthetic narratives by category, in the voice of a counsellor.
pub(super) fn narrative(category: &str) -> &'static str {
    match category {
        "violence" => {
            "Caller described harm at home or in the community; safety discussed and options explained."
        }
        "missing_children" => {
            "Concern about a child's whereabouts; details taken and next steps agreed."
        }
        "mental_health" => {
            "Caller shared how they have been feeling; listened, explored coping and support."
        }
        "physical_health" => "Health question discussed; information given about nearby services.",
        "access_to_services" => "Caller needs a service; eligibility and contacts explained.",
        "discrimination" => "Caller feels treated unfairly; rights and reporting routes explained.",
        "family_relationships" => {
            "Difficulties at home discussed; explored who the child can turn to."
        }
        "peer_relationships" => "Conflict with peers or a partner discussed; options explored.",
        "education_work" => "School or work worries discussed; practical steps agreed.",
        "sexuality" => "Questions about identity or relationships answered without judgement.",
        _ => "Information given.",
    }
}

/// Relative number of contacts in each hour of the day: quiet at night,
/// busiest after school.
pub(super) const HOUR_WEIGHTS: [u32; 24] = [
    2, 1, 1, 1, 1, 2, 3, 5, 6, 6, 6, 7, 7, 8, 9, 11, 12, 12, 11, 10, 8, 6, 4, 3,
];

/// Team names, used for the demo accounts and for the cases they hold.
pub(super) const TEAMS: [&str; 3] = ["Amani", "Baraka", "Tumaini"];

/// Why a partner declined a referral.
pub(super) const DECLINE_REASONS: &[&str] = &[
    "No places left this month; waiting list offered.",
    "Outside the area the service covers.",
    "The child's age is outside what the service takes.",
    "Service needs a police report first.",
];

/// Why a referral was cancelled.
pub(super) const CANCEL_REASONS: &[&str] = &[
    "The family moved away before the appointment.",
    "The survivor chose another service.",
    "Referred to a closer service instead.",
    "The child's needs were met before the service could start.",
];

/// Notes sent with a referral.
pub(super) const REFERRAL_NOTES: &[&str] = &[
    "Please call the caregiver before visiting.",
    "Child prefers a female counsellor.",
    "Safe times to call: after 16:00 on weekdays.",
    "Interpreter may be needed.",
];

/// Why an urgent referral went ahead without consent.
pub(super) const CONSENT_OVERRIDES: &[&str] = &[
    "Child at immediate risk; the caregiver is the alleged perpetrator.",
    "Life-threatening risk; consent could not be sought in time.",
];
