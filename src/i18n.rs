//! The interface's words in the operator's language: Project Fluent
//! message catalogs (`assets/i18n/<code>.ftl`), embedded at build.
//!
//! A message missing from a language falls back to English; a catalog that
//! does not parse is replaced by English whole, with a warning in the log,
//! so a bad translation never stops a helpline from answering.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::Arc;

/// A language the interface ships in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    En,
    Sw,
    Fr,
    Pt,
    Es,
    Ar,
}

impl Language {
    /// Every shipped language, in the order the login key cycles them.
    pub const ALL: [Language; 6] = [
        Language::En,
        Language::Sw,
        Language::Fr,
        Language::Pt,
        Language::Es,
        Language::Ar,
    ];

    /// The code used in the config, the database and the file name.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Sw => "sw",
            Language::Fr => "fr",
            Language::Pt => "pt",
            Language::Es => "es",
            Language::Ar => "ar",
        }
    }

    /// The language's own name for itself, as a speaker looks for it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Sw => "Kiswahili",
            Language::Fr => "Français",
            Language::Pt => "Português",
            Language::Es => "Español",
            Language::Ar => "العربية",
        }
    }

    /// The language with this code (`en`, `sw`, …), if helpline ships it.
    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The codes helpline ships, for error messages: `en, sw, fr, …`.
    pub fn codes() -> String {
        Language::ALL.map(Language::code).join(", ")
    }

    /// The next language, for the login screen's key.
    pub fn next(self) -> Language {
        let i = Language::ALL.iter().position(|l| *l == self).unwrap_or(0);
        Language::ALL[(i + 1) % Language::ALL.len()]
    }

    /// The catalog's Fluent source, embedded at build.
    pub fn source(self) -> &'static str {
        match self {
            Language::En => include_str!("../assets/i18n/en.ftl"),
            Language::Sw => include_str!("../assets/i18n/sw.ftl"),
            Language::Fr => include_str!("../assets/i18n/fr.ftl"),
            Language::Pt => include_str!("../assets/i18n/pt.ftl"),
            Language::Es => include_str!("../assets/i18n/es.ftl"),
            Language::Ar => include_str!("../assets/i18n/ar.ftl"),
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

/// Builds one language's bundle, or says why it cannot.
fn bundle(language: Language, source: &str) -> Result<Bundle, String> {
    let resource = FluentResource::try_new(source.to_string()).map_err(|(_, errors)| {
        format!(
            "the {} catalog has {} syntax error(s)",
            language.code(),
            errors.len()
        )
    })?;
    let locale = language
        .code()
        .parse()
        .map_err(|_| format!("{} is not a language tag", language.code()))?;
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    // Bidi isolation marks (U+2068/U+2069) around arguments would reach the
    // terminal as stray characters; right-to-left drawing is done apart.
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).map_err(|errors| {
        format!(
            "the {} catalog repeats {} id(s)",
            language.code(),
            errors.len()
        )
    })?;
    Ok(bundle)
}

/// The English bundle every catalog falls back to; the shipped file is
/// checked by tests, so an empty bundle here is only a last resort.
fn english() -> Bundle {
    bundle(Language::En, Language::En.source()).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "the English catalog does not load");
        let mut empty =
            FluentBundle::new_concurrent(vec![unic_langid::LanguageIdentifier::default()]);
        empty.set_use_isolating(false);
        empty
    })
}

/// The interface's messages in one language, English beneath.
#[derive(Clone)]
pub struct Catalog {
    language: Language,
    /// None when the language is English or its catalog did not load.
    own: Option<Arc<Bundle>>,
    english: Arc<Bundle>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog::new(Language::En)
    }
}

impl Catalog {
    /// The shipped catalog of `language`.
    pub fn new(language: Language) -> Catalog {
        Catalog::from_source(language, language.source())
    }

    /// A catalog from Fluent source; a source that does not load leaves
    /// English in its place, with a warning in the log.
    pub fn from_source(language: Language, source: &str) -> Catalog {
        let english = Arc::new(english());
        let own = if language == Language::En {
            None
        } else {
            match bundle(language, source) {
                Ok(b) => Some(Arc::new(b)),
                Err(e) => {
                    tracing::warn!(error = %e, "a catalog does not load; English is used");
                    None
                }
            }
        };
        Catalog {
            language,
            own,
            english,
        }
    }

    /// The language asked for (its messages may be English where missing).
    pub fn language(&self) -> Language {
        self.language
    }

    /// The message `id` without arguments.
    pub fn t(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with arguments (numbers select plural forms):
    /// `t_args("alerts-count", &[("count", 3.into())])`.
    pub fn t_args(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.format(id, Some(&fluent_args))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        self.own
            .as_deref()
            .and_then(|b| format_in(b, id, args))
            .or_else(|| format_in(&self.english, id, args))
            // A missing id shows itself, so a gap is seen, never a panic.
            .unwrap_or_else(|| id.to_string())
    }
}

fn format_in(bundle: &Bundle, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::warn!(id, errors = errors.len(), "a message did not format fully");
    }
    Some(text.into_owned())
}

/// The message ids of a Fluent source, in file order (none if it does not
/// parse).
pub fn message_ids(source: &str) -> Vec<String> {
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err(_) => return Vec::new(),
    };
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) if m.value.is_some() => {
                Some(m.id.name.to_string())
            }
            _ => None,
        })
        .collect()
}

/// How much of the English catalog a language covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub language: Language,
    pub present: usize,
    pub total: usize,
    /// English ids the language lacks (it shows English for them).
    pub missing: Vec<String>,
    /// Why the catalog does not load at all, if it does not.
    pub error: Option<String>,
}

/// Coverage of `source` (a catalog of `language`) against English.
pub fn coverage_of(language: Language, source: &str) -> Coverage {
    let english = message_ids(Language::En.source());
    let error = bundle(language, source).err();
    let own = if error.is_some() {
        Vec::new()
    } else {
        message_ids(source)
    };
    let missing: Vec<String> = english
        .iter()
        .filter(|id| !own.contains(id))
        .cloned()
        .collect();
    Coverage {
        language,
        present: english.len() - missing.len(),
        total: english.len(),
        missing,
        error,
    }
}

/// Coverage of every shipped catalog.
pub fn coverage() -> Vec<Coverage> {
    Language::ALL
        .into_iter()
        .map(|l| coverage_of(l, l.source()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_catalog_loads_and_covers_english() {
        // The coverage list: a language that lacks an id is reported here
        // by name, and shown in English on screen.
        for c in coverage() {
            assert_eq!(c.error, None, "{} does not load", c.language.code());
            assert!(
                c.missing.is_empty(),
                "{} lacks {} of {} ids: {}",
                c.language.code(),
                c.missing.len(),
                c.total,
                c.missing.join(", ")
            );
            assert_eq!(c.present, c.total);
        }
        assert!(message_ids(Language::En.source()).len() > 40);
    }

    #[test]
    fn plurals_follow_each_language() {
        let en = Catalog::new(Language::En);
        assert_eq!(
            en.t_args("status-alerts", &[("count", 1.into())]),
            "⚠ 1 alert"
        );
        assert_eq!(
            en.t_args("status-alerts", &[("count", 3.into())]),
            "⚠ 3 alerts"
        );
        let fr = Catalog::new(Language::Fr);
        assert_eq!(
            fr.t_args("status-alerts", &[("count", 2.into())]),
            "⚠ 2 alertes"
        );
        let ar = Catalog::new(Language::Ar);
        assert_eq!(
            ar.t_args("status-alerts", &[("count", 2.into())]),
            "⚠ تنبيهان"
        );
        assert_eq!(
            ar.t_args("status-alerts", &[("count", 5.into())]),
            "⚠ 5 تنبيهات"
        );
    }

    #[test]
    fn no_bidi_isolation_marks_reach_the_terminal() {
        for language in Language::ALL {
            let text = Catalog::new(language).t_args(
                "status-on-shift",
                &[("hours", 2.into()), ("minutes", "05".into())],
            );
            assert!(
                !text.contains(['\u{2068}', '\u{2069}']),
                "{}: {text:?}",
                language.code()
            );
            assert!(text.contains("05"));
        }
    }

    #[test]
    fn a_missing_message_falls_back_to_english() {
        let partial = Catalog::from_source(Language::Sw, "login-title = ingia\n");
        assert_eq!(partial.t("login-title"), "ingia");
        assert_eq!(partial.t("login-password"), "Password");
        let c = coverage_of(Language::Sw, "login-title = ingia\n");
        assert_eq!(c.present, 1);
        assert!(c.missing.contains(&"login-password".to_string()));
    }

    #[test]
    fn a_broken_catalog_is_english_and_never_panics() {
        let broken = Catalog::from_source(Language::Fr, "login-title = {\n= = =\n");
        assert_eq!(broken.t("login-title"), "helpline · sign in");
        assert!(
            coverage_of(Language::Fr, "login-title = {\n")
                .error
                .is_some()
        );
        // An unknown id shows itself rather than nothing.
        assert_eq!(broken.t("no-such-id"), "no-such-id");
    }

    #[test]
    fn codes_round_trip_and_cycle() {
        for l in Language::ALL {
            assert_eq!(Language::from_code(l.code()), Some(l));
        }
        assert_eq!(Language::from_code("xx"), None);
        assert_eq!(Language::Ar.next(), Language::En);
        assert_eq!(Language::En.next(), Language::Sw);
    }
}
