//! Bounded text fields. Every free-text input passes through here: trimmed, control characters refused, length capped.

use super::error::Invalid;

/// Checks a free-text value: trims it, refuses control characters (newlines allowed when `multiline`), and bounds its
/// length in characters. `min == 0` allows an empty value.
pub fn bounded(field: &str, raw: &str, min: usize, max: usize, multiline: bool) -> Result<String, Invalid> {
    let value = raw.trim();
    let bad = value.chars().any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\r' || c == '\t')));
    if bad {
        return Err(Invalid::new(field, "text_control_chars", "Remove the special control characters from this text."));
    }
    let len = value.chars().count();
    if len < min {
        return Err(if len == 0 {
            Invalid::new(field, "required", "This field is required.")
        } else {
            Invalid::new(field, "text_too_short", format!("Use at least {min} characters (you have {len})."))
        });
    }
    if len > max {
        return Err(Invalid::new(field, "text_too_long", format!("Use at most {max} characters (you have {len}).")));
    }
    Ok(value.to_string())
}

/// Percent-decoding (`%41` is `A`); a `%` not followed by two hex digits stays as it is. The bytes are returned as
/// they are: what they mean is the caller's to decide.
pub fn percent_decode(raw: &str) -> Vec<u8> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |j: usize| bytes.get(j).and_then(|c| char::from(*c).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// The original name of an uploaded file, from its percent-encoded `X-File-Name` header: UTF-8, or refused (a name
/// is never stored with replacement characters).
pub fn file_name_header(raw: &str) -> Result<String, Invalid> {
    let bad = || Invalid::new("name", "name_not_utf8", "The file name is not valid text (UTF-8). Rename the file and try again.");
    // Raw bytes that were not UTF-8 reach us already replaced (the runtime decodes headers leniently): refused too.
    String::from_utf8(percent_decode(raw)).ok().filter(|s| !s.contains('\u{FFFD}')).ok_or_else(bad)
}

/// The rule of a free-text field: its length in characters (after trimming) and whether it may span lines. Parsers
/// check with it, and the API description (`routes.rs`) states it, so the two cannot drift apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub min: usize,
    pub max: usize,
    pub multiline: bool,
}

impl Text {
    pub const fn line(min: usize, max: usize) -> Self {
        Text { min, max, multiline: false }
    }
    pub const fn lines(min: usize, max: usize) -> Self {
        Text { min, max, multiline: true }
    }
    pub fn parse(&self, field: &str, raw: &str) -> Result<String, Invalid> {
        bounded(field, raw, self.min, self.max, self.multiline)
    }
}

pub const DISPLAY_NAME: Text = Text::line(1, 80);
/// Why a platform admin suspends an account.
pub const SUSPENSION_REASON: Text = Text::lines(1, 500);
/// The admins' user search.
pub const SEARCH: Text = Text::line(0, 100);

/// A person's public name: 1 to 80 characters, one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        DISPLAY_NAME.parse("display_name", raw).map(DisplayName)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Unicode normalisation, composed (NFC) or decomposed (NFD). In the worker it is the runtime's own
/// (`String.prototype.normalize`), which keeps the Unicode tables out of the wasm (62 KB of it gzipped); natively,
/// where the domain's tests run, the unicode-normalization crate, which follows the same standard.
pub fn normalized(s: &str, composed: bool) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(worker::js_sys::JsString::from(s).normalize(if composed { "NFC" } else { "NFD" }))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use unicode_normalization::UnicodeNormalization;
        if composed {
            s.nfc().collect()
        } else {
            s.nfd().collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_and_file_names() {
        assert_eq!(percent_decode("a%20b%2Fc%zz%4"), b"a b/c%zz%4".to_vec());
        assert_eq!(file_name_header("Citt%C3%A0.pdf").ok().as_deref(), Some("Città.pdf"));
        assert_eq!(file_name_header("plain.txt").ok().as_deref(), Some("plain.txt"));
        let bad = file_name_header("bad%FF%FE.pdf").err().map(|e| (e.field, e.code));
        assert_eq!(bad, Some(("name".to_string(), "name_not_utf8")));
        assert!(file_name_header("a\u{FFFD}.txt").is_err(), "a raw byte the runtime replaced");
    }

    #[test]
    fn trims_and_bounds() {
        assert_eq!(DisplayName::parse("  Anna Rossi ").map(|n| n.as_str().to_string()), Ok("Anna Rossi".into()));
        assert_eq!(DisplayName::parse("   ").map_err(|e| e.code), Err("required"));
        assert_eq!(DisplayName::parse(&"x".repeat(81)).map_err(|e| e.code), Err("text_too_long"));
        assert_eq!(DisplayName::parse("a\u{0007}b").map_err(|e| e.code), Err("text_control_chars"));
    }

    #[test]
    fn multiline_allows_newlines_only_when_asked() {
        assert!(bounded("bio", "line one\nline two", 0, 100, true).is_ok());
        assert!(bounded("bio", "line one\nline two", 0, 100, false).is_err());
        assert_eq!(bounded("bio", "", 0, 100, true), Ok(String::new()));
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(DisplayName::parse(&"è".repeat(80)).is_ok());
    }
}

