//! Passwords: the policy (8 to 128 characters, not among the most common) and hashing (argon2id, PHC strings).

use super::error::Invalid;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;

/// OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane.
pub const M_COST_KIB: u32 = 19 * 1024;
pub const T_COST: u32 = 2;
pub const P_COST: u32 = 1;

/// The most common passwords (`common_passwords.txt`, one per line). The worker reads the list from its static assets
/// when a password is chosen (`scripts/build.sh` puts it there), rather than carrying it in the wasm (12 KB gzipped).
#[cfg(test)]
const COMMON: &str = include_str!("common_passwords.txt");

/// A password that meets the policy. Never logged, never serialised.
pub struct Password(String);

impl Password {
    /// `common`: the list of common passwords, as the file holds it.
    pub fn parse(field: &str, raw: &str, common: &str) -> Result<Self, Invalid> {
        let len = raw.chars().count();
        if len < MIN_CHARS {
            return Err(Invalid::new(field, "password_too_short", format!("Use at least {MIN_CHARS} characters.")));
        }
        if len > MAX_CHARS {
            return Err(Invalid::new(field, "password_too_long", format!("Use at most {MAX_CHARS} characters.")));
        }
        if is_common(raw, common) {
            return Err(Invalid::new(
                field,
                "password_common",
                "This password is one of the most common ones and easy to guess. Choose another.",
            ));
        }
        Ok(Password(raw.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub fn is_common(candidate: &str, common: &str) -> bool {
    // The list is ASCII: ASCII case folding finds every entry.
    let lower = candidate.to_ascii_lowercase();
    common.lines().filter(|l| !l.starts_with('#')).any(|l| l == lower)
}

fn hasher() -> Result<Argon2<'static>, String> {
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None).map_err(|e| e.to_string())?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes with argon2id at the current parameters; `salt` must be 16 random bytes.
pub fn hash(password: &str, salt: &[u8; 16]) -> Result<String, String> {
    let salt = SaltString::encode_b64(salt).map_err(|e| e.to_string())?;
    let phc = hasher()?.hash_password(password.as_bytes(), &salt).map_err(|e| e.to_string())?;
    Ok(phc.to_string())
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Wrong,
    /// Right, and the stored hash uses the current parameters.
    Right,
    /// Right, but the hash should be recomputed at the current parameters.
    RightNeedsRehash,
}

pub fn verify(password: &str, phc: &str) -> Verdict {
    let Ok(parsed) = PasswordHash::new(phc) else { return Verdict::Wrong };
    if Argon2::default().verify_password(password.as_bytes(), &parsed).is_err() {
        return Verdict::Wrong;
    }
    let current = parsed.algorithm.as_str() == "argon2id"
        && parsed.params.get_decimal("m") == Some(M_COST_KIB)
        && parsed.params.get_decimal("t") == Some(T_COST)
        && parsed.params.get_decimal("p") == Some(P_COST);
    if current {
        Verdict::Right
    } else {
        Verdict::RightNeedsRehash
    }
}

/// A hash of a password nobody knows, verified when the e-mail is unknown so that both answers take the same time.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$dGFuZGVtLWR1bW15LXNhbHQ$Vd4Y+qf2jN6yQyJv3S1w7rJ0cZBo9vJ8s3cUu0zq4lo";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert_eq!(Password::parse("password", "short", COMMON).err().map(|e| e.code), Some("password_too_short"));
        assert_eq!(Password::parse("password", &"x".repeat(129), COMMON).err().map(|e| e.code), Some("password_too_long"));
        assert_eq!(Password::parse("password", "Password1", COMMON).err().map(|e| e.code), Some("password_common"));
        assert_eq!(Password::parse("password", "qwertyuiop", COMMON).err().map(|e| e.code), Some("password_common"));
        assert!(Password::parse("password", "demo-password-2026", COMMON).is_ok());
        assert!(Password::parse("password", "ünïcödé pässphräse", COMMON).is_ok());
        // No composition rules: all lowercase letters and spaces is fine.
        assert!(Password::parse("password", "correct horse battery staple", COMMON).is_ok());
    }

    #[test]
    fn the_list_is_shipped() {
        assert!(COMMON.lines().filter(|l| !l.starts_with('#')).count() > 3000);
    }

    #[test]
    fn hash_and_verify() {
        let phc = hash("demo-password-2026", &[7u8; 16]).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(verify("demo-password-2026", &phc), Verdict::Right);
        assert_eq!(verify("demo-password-2027", &phc), Verdict::Wrong);
        assert_eq!(verify("anything", "not a hash"), Verdict::Wrong);
    }

    #[test]
    fn weaker_hashes_are_upgraded() {
        let weak = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(1024, 1, 1, None).unwrap());
        let salt = SaltString::encode_b64(&[1u8; 16]).unwrap();
        let phc = weak.hash_password(b"demo-password-2026", &salt).unwrap().to_string();
        assert_eq!(verify("demo-password-2026", &phc), Verdict::RightNeedsRehash);
    }

    #[test]
    fn dummy_hash_parses_and_matches_nothing() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert_eq!(verify("", DUMMY_HASH), Verdict::Wrong);
    }
}
