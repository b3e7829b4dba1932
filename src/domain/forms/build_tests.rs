//! Form files that must be refused, and how the refusal reads.

use super::{FieldKind, Requirement, parse_form};
use crate::domain::taxonomy::Taxonomy;

/// A form whose first section holds `choice` (options `a` with flag `hot`,
/// and `b`), `count` (0..=10) and `note`, followed by a section `s` with
/// the given fields.
fn form_with(fields: &str) -> String {
    format!(
        r#"
[form]
id = "test"
title = "Test"
version = 1

[[section]]
id = "base"
title = "Base"

[[section.field]]
id = "choice"
label = "Choice"
kind = "single_choice"
options = [{{ id = "a", label = "A", flags = ["hot"] }}, {{ id = "b", label = "B" }}]

[[section.field]]
id = "count"
label = "Count"
kind = "number"
min = 0
max = 10

[[section.field]]
id = "note"
label = "Note"
kind = "text"

[[section]]
id = "s"
title = "S"
{fields}"#
    )
}

fn taxonomy() -> Taxonomy {
    let mut taxonomy = Taxonomy::default();
    taxonomy
        .add_lists(
            "lists.toml",
            "[[list]]\nid = \"colours\"\nlabel = \"Colours\"\noptions = [{ id = \"red\", label = \"Red\" }]\n",
        )
        .unwrap();
    taxonomy
        .set_reasons(
            "reasons.toml",
            "[[category]]\nid = \"cat\"\nlabel = \"Cat\"\nsubcategories = [{ id = \"sub\", label = \"Sub\" }]\n",
        )
        .unwrap();
    taxonomy
}

fn field(id: &str, body: &str) -> String {
    format!("[[section.field]]\nid = \"{id}\"\nlabel = \"{id}\"\n{body}\n")
}

#[test]
fn bad_fields_are_refused_with_file_and_field_named() {
    let cases: Vec<(String, &str)> = vec![
        (
            field("age", "kind = \"number\"\nmin = 10\nmax = 5"),
            "field `age`: minimum 10 is above maximum 5",
        ),
        (
            field("age", "kind = \"number\"\nmin = 10"),
            "field `age`: a number field needs both `min` and `max`",
        ),
        (
            field(
                "age",
                "kind = \"number\"\nmin = 0\nmax = 9\ncolour = \"red\"",
            ),
            "field `age`: unknown field `colour`",
        ),
        (
            field("age", "kind = \"colour\""),
            "field `age`: unknown variant `colour`",
        ),
        (
            field("age", "kind = \"number\"\nmin = 0\nmax = 9\nmax_length = 3"),
            "field `age`: `max_length` does not apply to a number field",
        ),
        (
            field("name", "kind = \"text\"\nmax_length = 0"),
            "field `name`: max_length 0 is outside 1..=100000",
        ),
        (
            field("name", "kind = \"text\"\nmax_length = 100001"),
            "field `name`: max_length 100001 is outside",
        ),
        (
            field("name", "kind = \"text\"\nmax_length = -1"),
            "field `name`: invalid value",
        ),
        (
            field("Name", "kind = \"text\""),
            "field `Name`: `Name` is not a valid id",
        ),
        (
            field("note", "kind = \"text\""),
            "field `note`: the id is used more than once",
        ),
        (
            field("c", "kind = \"single_choice\""),
            "field `c`: a single_choice field needs `options` or `options_from`",
        ),
        (
            field("c", "kind = \"single_choice\"\noptions_from = \"sizes\""),
            "field `c`: option list `sizes` does not exist",
        ),
        (
            field(
                "c",
                "kind = \"single_choice\"\noptions_from = \"colours\"\noptions = [{ id = \"x\", label = \"X\" }]",
            ),
            "field `c`: give either `options` or `options_from`, not both",
        ),
        (
            field("c", "kind = \"multiple_choice\"\noptions = []"),
            "field `c`: has no options",
        ),
        (
            field(
                "c",
                "kind = \"multiple_choice\"\noptions = [{ id = \"x\", label = \"X\" }, { id = \"x\", label = \"Y\" }]",
            ),
            "field `c`: option `x` is listed more than once",
        ),
        (
            field(
                "c",
                "kind = \"multiple_choice\"\noptions = [{ id = \"x\", label = \"X\", colour = 1 }]",
            ),
            "field `c`: unknown field `colour`",
        ),
        (
            field(
                "y",
                "kind = \"yes_no_dk\"\nrequired = true\nrequired_when = { field = \"note\", answered = true }",
            ),
            "field `y`: set `required` or `required_when`, not both",
        ),
        (
            field(
                "y",
                "kind = \"yes_no_dk\"\nshow_if = { field = \"later\", answered = true }",
            ) + &field("later", "kind = \"text\""),
            "field `y`: the condition refers to `later`, which is not an earlier field",
        ),
        (
            field(
                "y",
                "kind = \"yes_no_dk\"\nshow_if = { field = \"y\", answered = true }",
            ),
            "field `y`: the condition refers to `y`, which is not an earlier field",
        ),
        (
            field(
                "y",
                "kind = \"yes_no_dk\"\nshow_if = { field = \"ghost\", answered = true }",
            ),
            "field `y`: the condition refers to `ghost`, which is not a field of this form",
        ),
        (
            field(
                "y",
                "kind = \"yes_no_dk\"\nshow_if = { field = \"choice\", any_of = [\"c\"] }",
            ),
            "field `y`: the condition's value `c` is not an option of `choice`",
        ),
        (
            field(
                "y",
                "kind = \"yes_no_dk\"\nshow_if = { field = \"choice\", flag = \"cold\" }",
            ),
            "field `y`: no option of `choice` has the flag `cold`",
        ),
        (
            field(
                "y",
                "kind = \"yes_no_dk\"\nshow_if = { field = \"note\", any_of = [\"a\"] }",
            ),
            "field `y`: the condition's `any_of` test cannot be used on `note`, a text field",
        ),
        (
            field(
                "y",
                "kind = \"yes_no_dk\"\nshow_if = { field = \"choice\", min = 1 }",
            ),
            "field `y`: the condition's `min/max` test cannot be used on `choice`",
        ),
        (
            field(
                "y",
                "kind = \"yes_no_dk\"\nshow_if = { field = \"count\", min = 5, max = 1 }",
            ),
            "field `y`: minimum 5 is above maximum 1",
        ),
        (
            field("y", "kind = \"yes_no_dk\"\nshow_if = { field = \"count\" }"),
            "field `y`: a condition needs `field` and exactly one test",
        ),
        (
            field(
                "y",
                "kind = \"yes_no_dk\"\nshow_if = { field = \"count\", min = 1, answered = true }",
            ),
            "field `y`: a condition needs",
        ),
        (
            field("y", "kind = \"yes_no_dk\"\nshow_if = { any = [] }"),
            "field `y`: a condition needs",
        ),
        (
            field(
                "y",
                "kind = \"yes_no_dk\"\nshow_if = { field = \"choice\", any_of = [] }",
            ),
            "field `y`: a condition needs",
        ),
        (
            field(
                "y",
                "kind = \"yes_no_dk\"\nshow_if = { all = [{ field = \"count\", max = 3 }, { field = \"nowhere\", answered = false }] }",
            ),
            "field `y`: the condition refers to `nowhere`",
        ),
        (
            field(
                "y",
                "kind = \"yes_no_dk\"\nshow_if = { field = \"count\", equals = 3 }",
            ),
            "field `y`: unknown field `equals`",
        ),
        (
            field(
                "r",
                "kind = \"multiple_choice\"\noptions_from = \"reasons\"\nfilter_by = \"note\"",
            ),
            "field `r`: `filter_by` must name an earlier choice field, and `note` is not one",
        ),
        (
            field(
                "r",
                "kind = \"multiple_choice\"\noptions_from = \"reasons\"\nfilter_by = \"choice\"",
            ),
            "field `r`: option `cat.sub` has no group among the options of `choice`",
        ),
        (
            "[[section.field]]\nlabel = \"nameless\"\nkind = \"text\"\n".to_string(),
            "field `#1 of section s`: missing field `id`",
        ),
    ];
    for (fields, expected) in cases {
        let err = parse_form("t.toml", &form_with(&fields), &taxonomy())
            .unwrap_err()
            .to_string();
        let expected = format!("t.toml: {expected}");
        assert!(err.starts_with(&expected), "got:  {err}\nwant: {expected}");
    }
}

#[test]
fn bad_sections_and_headers_are_refused() {
    let header = "[form]\nid = \"test\"\ntitle = \"T\"\nversion = 1\n";
    let text_field = "[[section.field]]\nid = \"a\"\nlabel = \"A\"\nkind = \"text\"\n";
    let cases = [
        (header.to_string(), "t.toml: has no sections"),
        (
            header.replace("\"test\"", "\"Test Form\""),
            "t.toml: `Test Form` is not a valid id",
        ),
        (
            format!("{header}[[section]]\nid = \"s\"\ntitle = \"S\"\n"),
            "t.toml: section `s`: has no fields",
        ),
        (
            format!(
                "{header}[[section]]\nid = \"s\"\ntitle = \"S\"\n{text_field}[[section]]\nid = \"s\"\ntitle = \"S\"\n{}",
                text_field.replace("\"a\"", "\"b\"")
            ),
            "t.toml: section `s`: the id is used more than once",
        ),
        (
            format!(
                "{header}[[section]]\nid = \"s\"\ntitle = \"S\"\nshow_if = {{ field = \"a\", answered = true }}\n{text_field}"
            ),
            "t.toml: section `s`: the condition refers to `a`, which is not an earlier field",
        ),
        (
            format!("{header}colour = \"red\"\n"),
            "t.toml: line 5: unknown field `colour`",
        ),
        (
            format!("{header}[[section]]\nid = \"s\"\ntitel = \"S\"\n"),
            "t.toml: line 7: unknown field `titel`",
        ),
        (
            "[form]\nid = \"test\"\n".to_string(),
            "t.toml: line 1: missing field `title`",
        ),
        ("[form\n".to_string(), "t.toml: line 1: "),
    ];
    for (text, expected) in cases {
        let err = parse_form("t.toml", &text, &taxonomy())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(expected), "got:  {err}\nwant: {expected}");
    }
}

#[test]
fn good_fields_get_their_kinds_and_defaults() {
    let fields = [
        field("t", "kind = \"text\""),
        field("m", "kind = \"multi_line_text\"\nmax_length = 500"),
        field("d", "kind = \"date_time\"\ndate_only = true"),
        field(
            "p",
            "kind = \"phone\"\nrequired_when = { field = \"choice\", flag = \"hot\" }",
        ),
        field(
            "c",
            "kind = \"single_choice\"\noptions_from = \"colours\"\nrequired = true",
        ),
        field(
            "cats",
            "kind = \"multiple_choice\"\noptions_from = \"reason_categories\"",
        ),
        field(
            "r",
            "kind = \"multiple_choice\"\noptions_from = \"reasons\"\nfilter_by = \"cats\"",
        ),
    ]
    .concat();
    let form = parse_form("t.toml", &form_with(&fields), &taxonomy()).unwrap();
    let kind = |id: &str| form.field(id).unwrap().kind.clone();
    assert_eq!(
        kind("t"),
        FieldKind::Text {
            max_length: super::DEFAULT_TEXT_LIMIT
        }
    );
    assert_eq!(kind("m"), FieldKind::MultiLineText { max_length: 500 });
    assert_eq!(kind("d"), FieldKind::DateTime { date_only: true });
    assert_eq!(kind("count"), FieldKind::Number { min: 0, max: 10 });
    let required = |id: &str| form.field(id).unwrap().required.clone();
    assert_eq!(required("c"), Requirement::Always);
    assert_eq!(required("t"), Requirement::Optional);
    // A flag test is kept as the options that carry the flag.
    assert_eq!(
        required("p"),
        Requirement::When(super::Condition::AnyOf {
            field: "choice".into(),
            values: vec!["a".into()]
        })
    );
    let reasons = kind("r");
    let choices = reasons.choices().unwrap();
    assert_eq!(choices.options[0].id, "cat.sub");
    assert_eq!(choices.options[0].group.as_deref(), Some("cat"));
    assert_eq!(choices.list.as_deref(), Some("reasons"));
}
