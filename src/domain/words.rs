//! What e-mails say, in the reader's language: a catalogue of words per language (`public/i18n/mail.<lang>.json`,
//! beside the interface's), with `{name}` placeholders and plural forms (`key.one`, `key.two`, `key.few`, `key.many`
//! beside `key`, by each language's rules). English is compiled in (mail is queued in it, and it is every other
//! language's fallback); the worker reads the others from its static assets when it writes or sends a mail.

use std::collections::HashMap;

/// The languages a person may read Tandem in (and so receive its e-mails in).
pub const LANGUAGES: &[&str] = &["en", "ar", "de", "es", "fr", "it", "pt"];

const ENGLISH: &str = include_str!("../../public/i18n/mail.en.json");

#[derive(Debug, Clone)]
pub struct Words {
    pub lang: String,
    map: HashMap<String, String>,
}

impl Words {
    /// A language's catalogue (the file's text); None when it is not one.
    pub fn parse(lang: &str, json: &str) -> Option<Words> {
        let map: HashMap<String, String> = serde_json::from_str(json).ok()?;
        Some(Words { lang: lang.to_string(), map })
    }

    /// English, parsed once.
    pub fn english() -> &'static Words {
        static EN: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
        EN.get_or_init(|| Words::parse("en", ENGLISH).unwrap_or(Words { lang: "en".into(), map: HashMap::new() }))
    }

    /// A language's catalogue, or English's when it is not there.
    pub fn or_english(lang: &str, json: Option<&str>) -> Words {
        json.and_then(|j| Words::parse(lang, j)).unwrap_or_else(|| Words::english().clone())
    }

    /// The words of `key` with `vars` put in; a key the catalogue lacks reads as itself.
    pub fn say(&self, key: &str, vars: &[(&str, &str)]) -> String {
        let mut s = self.map.get(key).cloned().unwrap_or_else(|| key.to_string());
        for (name, value) in vars {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// Like `say`, with the plural form of `n` (and `{n}` put in).
    pub fn count(&self, key: &str, n: i64, vars: &[(&str, &str)]) -> String {
        let form = format!("{key}.{}", plural(&self.lang, n));
        let key = if self.map.contains_key(&form) { form.as_str() } else { key };
        let n = n.to_string();
        let mut all = vars.to_vec();
        all.push(("n", &n));
        self.say(key, &all)
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }
}

/// CLDR's plural category of a whole number in these languages (as `Intl.PluralRules` gives it in the browser).
pub fn plural(lang: &str, n: i64) -> &'static str {
    let n = n.abs();
    match lang {
        "ar" => match (n, n % 100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
        "fr" | "pt" if n <= 1 => "one",
        _ if n == 1 => "one",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_has_six_forms_and_french_counts_zero_as_one() {
        let ar: Vec<&str> = [0, 1, 2, 3, 10, 11, 99, 100, 103, 111].iter().map(|n| plural("ar", *n)).collect();
        assert_eq!(ar, ["zero", "one", "two", "few", "few", "many", "many", "other", "few", "many"]);
        assert_eq!([plural("fr", 0), plural("fr", 1), plural("fr", 2)], ["one", "one", "other"]);
        assert_eq!([plural("en", 0), plural("en", 1), plural("de", 2), plural("it", 1)], ["other", "one", "other", "one"]);
    }

    #[test]
    fn words_put_in_their_values_and_pick_their_plural() {
        let w = Words::parse("en", r#"{"x": "{n} replies in {title}", "x.one": "one reply in {title}"}"#).unwrap_or_else(|| Words::english().clone());
        assert_eq!(w.count("x", 1, &[("title", "T")]), "one reply in T");
        assert_eq!(w.count("x", 3, &[("title", "T")]), "3 replies in T");
        assert_eq!(w.say("missing", &[]), "missing");
        assert!(Words::parse("en", "not json").is_none());
    }

    #[test]
    fn every_catalogue_has_the_english_keys_and_placeholders() {
        let en = Words::english();
        assert!(en.has("kind.request_received") && en.has("digest.unread.one"));
        for (lang, text) in [
            ("ar", include_str!("../../public/i18n/mail.ar.json")),
            ("de", include_str!("../../public/i18n/mail.de.json")),
            ("es", include_str!("../../public/i18n/mail.es.json")),
            ("fr", include_str!("../../public/i18n/mail.fr.json")),
            ("it", include_str!("../../public/i18n/mail.it.json")),
            ("pt", include_str!("../../public/i18n/mail.pt.json")),
        ] {
            assert!(Words::parse(lang, text).is_some(), "{lang} parses");
            let w = Words::parse(lang, text).unwrap_or_else(|| Words::english().clone());
            for (k, v) in &en.map {
                let theirs = w.map.get(k);
                assert!(theirs.is_some(), "{lang}: {k}");
                for p in ["{title}", "{note}", "{sentence}", "{when}", "{room}", "{community}", "{list}", "{name}", "{link}", "{until}", "{on}"] {
                    assert_eq!(v.contains(p), theirs.is_some_and(|t| t.contains(p)), "{lang}: {k} {p}");
                }
            }
        }
    }
}
