//! What an account's user name and display name may be, and when a new
//! account's names are look-alikes of an existing account's.
//!
//! Names are how colleagues recognise each other on screen, in the audit
//! log and in `user list`. A name that reads like someone else's ("аdmin"
//! with a Cyrillic а, "operatorl" beside "operator1") lets one person pass
//! for another, so a new account's names are compared with every existing
//! account's by their Unicode confusable skeletons (UTS #39): two names
//! whose skeletons match, after case folding, would be mistaken for each
//! other by a reader. The skeleton data comes from the `unicode-security`
//! crate (Unicode's own confusables table).

use super::safe_text;
use unicode_security::{MixedScript, skeleton};

/// The longest user name.
pub const MAX_USERNAME_CHARS: usize = 64;
/// The longest display name.
pub const MAX_DISPLAY_NAME_CHARS: usize = 80;

/// The rule for user names, as said to whoever breaks it.
pub const USERNAME_RULE: &str = "a user name needs 1 to 64 characters: letters of one alphabet, digits, '.', '_' or '-' (no spaces)";

/// Checks a new user name: letters and digits of a single script (so
/// that no name mixes Latin and Cyrillic letters that look alike) and the
/// separators '.', '_' and '-'.
pub fn check_username(name: &str) -> Result<(), String> {
    let count = name.chars().count();
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '-');
    if count == 0
        || count > MAX_USERNAME_CHARS
        || !name.chars().all(allowed)
        || !name.is_single_script()
    {
        return Err(USERNAME_RULE.into());
    }
    Ok(())
}

/// Characters a display name may not hold although they are not control
/// characters: they show as nothing, so two different names could read
/// the same (soft hyphen, zero-width space and joiners, word joiner and
/// invisible operators, Mongolian vowel separator, byte-order mark).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Checks a new display name: printable text, not blank, at most
/// [`MAX_DISPLAY_NAME_CHARS`] characters.
pub fn check_display_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("a display name cannot be empty".into());
    }
    if name.chars().count() > MAX_DISPLAY_NAME_CHARS {
        return Err(format!(
            "a display name has at most {MAX_DISPLAY_NAME_CHARS} characters"
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| safe_text::is_unsafe(*c) || is_invisible(*c))
    {
        return Err(format!(
            "the display name holds an invisible or control character (U+{:04X}); use printable text",
            u32::from(c)
        ));
    }
    Ok(())
}

/// The forms in which two look-alike names are equal: UTS #39 skeletons
/// taken once of the name in capitals and once of it in small letters,
/// each then case-folded. Capitals make "I", "l" and "1" meet, and "0",
/// "O" and "o" (Unicode counts "l" and "1" as look-alikes of the capital
/// "I", and "0" of the capital "O"); small letters make "rn" and "m" meet.
/// Letters of other scripts that look Latin ("а", "Α") meet their Latin
/// twins in both, and invisible characters are dropped. Surrounding
/// spaces do not count.
pub fn look_alike_keys(name: &str) -> [String; 2] {
    let name = name.trim();
    let key = |text: String| skeleton(&text).collect::<String>().to_lowercase();
    [key(name.to_uppercase()), key(name.to_lowercase())]
}

/// Whether a reader could take one name for the other.
pub fn look_alike(a: &str, b: &str) -> bool {
    let (a, b) = (look_alike_keys(a), look_alike_keys(b));
    a[0] == b[0] || a[1] == b[1]
}

/// An existing account's names, as the look-alike check reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingAccount {
    pub username: String,
    pub display_name: String,
}

/// The first existing account that a new account's user name or display
/// name could be mistaken for: either new name against either of its
/// names. Returns that account's user name.
pub fn look_alike_of<'a>(
    username: &str,
    display_name: &str,
    existing: &'a [ExistingAccount],
) -> Option<&'a str> {
    existing
        .iter()
        .find(|account| {
            [username, display_name].iter().any(|new| {
                look_alike(new, &account.username) || look_alike(new, &account.display_name)
            })
        })
        .map(|account| account.username.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(username: &str, display_name: &str) -> ExistingAccount {
        ExistingAccount {
            username: username.into(),
            display_name: display_name.into(),
        }
    }

    #[test]
    fn look_alikes_share_a_key_and_different_names_do_not() {
        for (a, b, same) in [
            // Cyrillic а (U+0430) for the Latin a.
            ("\u{430}dmin", "admin", true),
            // The digit one and the letter l; capital I too.
            ("operator1", "operatorl", true),
            ("operatorI", "operatorl", true),
            ("OPERATORI", "operator1", true),
            // The digit zero and the letter O, in either case.
            ("r00t", "root", true),
            ("R00T", "root", true),
            ("r00t", "ROOT", true),
            // Case alone never makes a new person.
            ("Amina", "amina", true),
            // rn reads as m.
            ("rnary", "mary", true),
            // Greek capital alpha and omicron.
            ("\u{391}MINA", "amina", true),
            // A zero-width space inside changes nothing to the eye.
            ("ami\u{200B}na", "amina", true),
            ("Amina Wanjiru", "  amina wanjiru ", true),
            ("operator1", "operator2", false),
            ("amina", "amina.w", false),
            ("Wanjiku Kamau", "Wanjiru Kamau", false),
        ] {
            assert_eq!(look_alike(a, b), same, "{a} / {b}");
            assert_eq!(look_alike(b, a), same, "{b} / {a}");
        }
    }

    #[test]
    fn a_new_account_resembling_either_name_of_an_existing_one_is_named() {
        let existing = [
            account("admin", "Site Admin"),
            account("operator1", "Amina Wanjiru"),
        ];
        assert_eq!(
            look_alike_of("operatorl", "Someone", &existing),
            Some("operator1")
        );
        assert_eq!(
            look_alike_of("amina", "Amina Wanjiru", &existing),
            Some("operator1")
        );
        assert_eq!(
            look_alike_of("sadmin", "\u{430}dmin", &existing),
            Some("admin")
        );
        assert_eq!(look_alike_of("operator2", "Baraka Otieno", &existing), None);
    }

    #[test]
    fn user_names_are_letters_of_one_script_digits_and_separators() {
        for ok in [
            "amina",
            "amina.wanjiru",
            "op_2",
            "night-shift",
            "Амина",
            "李娜",
        ] {
            assert!(check_username(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "amina wanjiru",
            "amina@home",
            "a\u{1b}[2J",
            "\u{430}dmin",
            "ami\u{200B}na",
            &"x".repeat(65),
        ] {
            let err = check_username(bad).expect_err(bad);
            assert!(err.contains("letters of one alphabet"), "{err}");
        }
    }

    #[test]
    fn display_names_are_printable_and_not_blank() {
        assert!(check_display_name("Amina Wanjiru").is_ok());
        assert!(check_display_name("Nguyễn Thị Hoa").is_ok());
        for bad in [
            "",
            "   ",
            "Amina\u{1b}]0;x\u{7}",
            "Ami\u{200B}na",
            "a\u{202E}b",
        ] {
            assert!(check_display_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_display_name(&"x".repeat(81)).is_err());
    }
}
