//! E-mail addresses, parsed once at the edge and stored lowercased.

use super::error::Invalid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let bad = || Invalid::new("email", "email_invalid", "Enter an e-mail address like name@example.org.");
        // Valid addresses are ASCII (non-ASCII is refused below), so ASCII case folding is enough.
        let value = raw.trim().to_ascii_lowercase();
        if value.is_empty() {
            return Err(Invalid::new("email", "required", "Enter your e-mail address."));
        }
        if value.len() > 254 {
            return Err(Invalid::new("email", "email_invalid", "This e-mail address is too long."));
        }
        let (local, domain) = value.rsplit_once('@').ok_or_else(bad)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok {
            Ok(Email(value))
        } else {
            Err(bad())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_lowercases() {
        assert_eq!(Email::parse(" Anna.Rossi+x@Example.ORG ").map(|e| e.0), Ok("anna.rossi+x@example.org".into()));
        assert!(Email::parse("a@b.co").is_ok());
    }

    #[test]
    fn refuses_malformed() {
        for bad in ["", "anna", "anna@", "@example.org", "anna@example", "an na@example.org", "anna@@example.org",
            "anna@-example.org", ".anna@example.org", "anna..r@example.org", "anna@example..org"] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
        assert_eq!(Email::parse("").map_err(|e| e.code), Err("required"));
        assert!(Email::parse(&format!("{}@example.org", "a".repeat(65))).is_err());
    }
}
