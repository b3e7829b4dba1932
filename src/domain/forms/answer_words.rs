//! Yes / no / don't know typed as a whole word, in the languages operators
//! answer in, as well as by its first letter: `y`, `yes`, `ja` and `ndiyo`
//! all answer yes, and the letters after the first never spill into the
//! next field.

use super::value::YesNoDk;

/// Words that answer a yes/no/don't-know question, lower case.
const WORDS: &[(&str, YesNoDk)] = &[
    // English
    ("y", YesNoDk::Yes),
    ("yes", YesNoDk::Yes),
    ("yeah", YesNoDk::Yes),
    ("n", YesNoDk::No),
    ("no", YesNoDk::No),
    ("nope", YesNoDk::No),
    ("d", YesNoDk::DontKnow),
    ("dk", YesNoDk::DontKnow),
    ("dont know", YesNoDk::DontKnow),
    ("don't know", YesNoDk::DontKnow),
    ("don’t know", YesNoDk::DontKnow),
    // Kiswahili
    ("ndiyo", YesNoDk::Yes),
    ("ndio", YesNoDk::Yes),
    ("hapana", YesNoDk::No),
    ("sijui", YesNoDk::DontKnow),
    // French
    ("oui", YesNoDk::Yes),
    ("non", YesNoDk::No),
    ("je ne sais pas", YesNoDk::DontKnow),
    // Portuguese and Spanish
    ("sim", YesNoDk::Yes),
    ("si", YesNoDk::Yes),
    ("sí", YesNoDk::Yes),
    ("não", YesNoDk::No),
    ("nao", YesNoDk::No),
    ("não sei", YesNoDk::DontKnow),
    ("nao sei", YesNoDk::DontKnow),
    ("no sé", YesNoDk::DontKnow),
    ("no se", YesNoDk::DontKnow),
    // German and Afrikaans
    ("ja", YesNoDk::Yes),
    ("nein", YesNoDk::No),
    ("nee", YesNoDk::No),
    // Arabic
    ("نعم", YesNoDk::Yes),
    ("لا", YesNoDk::No),
    ("لا أعرف", YesNoDk::DontKnow),
];

/// The answer `typed` (any case) means when it is a whole word.
pub fn answer_word(typed: &str) -> Option<YesNoDk> {
    let typed = typed.trim().to_lowercase();
    WORDS.iter().find(|(w, _)| *w == typed).map(|(_, v)| *v)
}

/// Whether `typed` (any case) is the start of some answer word, so that
/// more letters may follow.
pub fn starts_answer_word(typed: &str) -> bool {
    let typed = typed.to_lowercase();
    !typed.is_empty() && WORDS.iter().any(|(w, _)| w.starts_with(&typed))
}

/// Whether a longer answer word starts with `typed` (`y` grows into `yes`,
/// `yes` into nothing), so the next letter may still belong to it.
pub fn grows_into_answer_word(typed: &str) -> bool {
    let typed = typed.to_lowercase();
    WORDS
        .iter()
        .any(|(w, _)| w.len() > typed.len() && w.starts_with(&typed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_and_first_letters() {
        let table = [
            ("y", Some(YesNoDk::Yes)),
            ("YES", Some(YesNoDk::Yes)),
            ("Ndiyo", Some(YesNoDk::Yes)),
            ("ja", Some(YesNoDk::Yes)),
            ("n", Some(YesNoDk::No)),
            ("hapana", Some(YesNoDk::No)),
            ("d", Some(YesNoDk::DontKnow)),
            ("don't know", Some(YesNoDk::DontKnow)),
            ("sijui", Some(YesNoDk::DontKnow)),
            ("maybe", None),
            ("", None),
        ];
        for (typed, expected) in table {
            assert_eq!(answer_word(typed), expected, "{typed}");
        }
        for prefix in ["ye", "nd", "ndi", "don", "don'", "hap", "j", "s", "si"] {
            assert!(starts_answer_word(prefix), "{prefix}");
        }
        for not in ["yx", "q", "", "yesx"] {
            assert!(!starts_answer_word(not), "{not}");
        }
    }
}
