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

/// A person's public name: 1 to 80 characters, one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        bounded("display_name", raw, 1, 80, false).map(DisplayName)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
