//! The interface's languages: English and Simplified Chinese, from Project Fluent message
//! files (`assets/i18n/<language>/nnviz.ftl`) compiled into the binary.
//!
//! Every user-facing sentence is a message id looked up with [`tr!`](crate::tr), whose ids and
//! arguments are checked against the English file at compile time (i18n-embed-fl). Plurals
//! and numbers are Fluent's job (`{ $count -> [one] … *[other] … }`), never string surgery.
//! [`set_language`] switches at once, for the window and the CLI alike; machine-readable
//! output (the CLI's `Error:` and `final:` lines, JSON files) never goes through here.

use i18n_embed::LanguageLoader;
use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU8, Ordering};

#[derive(rust_embed::RustEmbed)]
#[folder = "assets/i18n/"]
struct Messages;

/// The loader [`tr!`](crate::tr) reads from; English until [`set_language`] says otherwise.
pub static LOADER: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
    let loader: FluentLanguageLoader = fluent_language_loader!();
    // The English file is compiled in and checked by the build; it cannot be missing.
    let _ = loader.load_fallback_language(&Messages);
    // No Unicode isolation marks around arguments: egui would draw them as boxes.
    loader.set_use_isolating(false);
    loader
});

/// Looks up a message in the current language: `tr!("id")` or `tr!("id", name = value, …)`.
#[macro_export]
macro_rules! tr {
    ($($args:tt)*) => {
        i18n_embed_fl::fl!(&*$crate::i18n::LOADER, $($args)*)
    };
}

/// A language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    /// English (the fallback of every message).
    #[default]
    #[serde(rename = "en")]
    English,
    /// Simplified Chinese, as a Chinese textbook writes it.
    #[serde(rename = "zh-CN")]
    SimplifiedChinese,
}

impl Language {
    /// Every language, in the order the menu lists them.
    pub const ALL: [Language; 2] = [Language::English, Language::SimplifiedChinese];

    /// The language's tag: `en`, `zh-CN` (also the folder of its message file).
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::SimplifiedChinese => "zh-CN",
        }
    }

    /// The language's name in itself, as a language menu shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::SimplifiedChinese => "简体中文",
        }
    }

    /// The language a locale or tag asks for: `en`, `en-GB`, `zh`, `zh-CN`, `zh-Hans`,
    /// `zh_CN.UTF-8`, … (case-insensitive); `None` for any other language.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let tag = tag.split(['.', '@']).next().unwrap_or("");
        let primary = tag.split('-').next().unwrap_or("");
        match primary {
            "en" => Some(Language::English),
            // Traditional Chinese readers are better served by English than by a script
            // they do not use day to day.
            "zh" if tag.contains("hant") || tag.ends_with("-tw") || tag.ends_with("-hk") => None,
            "zh" => Some(Language::SimplifiedChinese),
            _ => None,
        }
    }

    /// The language of the system's locale, English when it is neither language.
    pub fn from_system() -> Self {
        sys_locale::get_locales()
            .find_map(|l| Language::from_tag(&l))
            .unwrap_or_default()
    }

    fn code(self) -> u8 {
        match self {
            Language::English => 0,
            Language::SimplifiedChinese => 1,
        }
    }
}

/// The language to use: the `--lang` flag, else the one saved, else the system's.
pub fn choose(flag: Option<Language>, saved: Option<Language>) -> Language {
    flag.or(saved).unwrap_or_else(Language::from_system)
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Makes `language` the language of every message from now on.
pub fn set_language(language: Language) {
    let id: unic_langid::LanguageIdentifier = match language.tag().parse() {
        Ok(id) => id,
        Err(_) => return,
    };
    // Both files are compiled in and checked by the tests; a failure leaves English.
    if LOADER.load_languages(&Messages, &[id]).is_ok() {
        // Loading makes new bundles, which isolate arguments again.
        LOADER.set_use_isolating(false);
        CURRENT.store(language.code(), Ordering::Relaxed);
    }
}

/// The language messages are in now.
pub fn language() -> Language {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Language::SimplifiedChinese,
        _ => Language::English,
    }
}

/// A message looked up by an id known only at run time (no arguments), if the current
/// language has it. Compile-time checked [`tr!`](crate::tr) is the rule; this is for
/// texts keyed by other names, such as the CLI's help by option name.
pub fn lookup(id: &str) -> Option<String> {
    (language() != Language::English && LOADER.has(id)).then(|| LOADER.get(id))
}

/// The message file of `language`, as compiled in (for the tests that compare the files).
pub fn message_file(language: Language) -> Option<String> {
    let path = format!("{}/nnviz.ftl", language.tag());
    Messages::get(&path).and_then(|f| String::from_utf8(f.data.into_owned()).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_locales_map_to_the_two_languages() {
        for (tag, want) in [
            ("en", Some(Language::English)),
            ("en-GB", Some(Language::English)),
            ("EN_us.UTF-8", Some(Language::English)),
            ("zh", Some(Language::SimplifiedChinese)),
            ("zh-CN", Some(Language::SimplifiedChinese)),
            ("zh_CN.UTF-8", Some(Language::SimplifiedChinese)),
            ("zh-Hans-CN", Some(Language::SimplifiedChinese)),
            ("zh-TW", None),
            ("zh-Hant", None),
            ("de-DE", None),
            ("C", None),
            ("", None),
        ] {
            assert_eq!(Language::from_tag(tag), want, "{tag:?}");
        }
        for l in Language::ALL {
            assert_eq!(Language::from_tag(l.tag()), Some(l));
        }
    }

    #[test]
    fn the_language_is_stored_by_its_tag() {
        let json = serde_json::to_string(&Language::SimplifiedChinese).unwrap();
        assert_eq!(json, "\"zh-CN\"");
        let back: Language = serde_json::from_str("\"en\"").unwrap();
        assert_eq!(back, Language::English);
    }
}
