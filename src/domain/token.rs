//! Secrets and identifiers. Random bytes come from the platform CSPRNG (getrandom: `crypto.getRandomValues` in workerd).

use sha2::{Digest, Sha256};

pub fn random_bytes<const N: usize>() -> Result<[u8; N], String> {
    let mut buf = [0u8; N];
    getrandom::getrandom(&mut buf).map_err(|e| e.to_string())?;
    Ok(buf)
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// A 256-bit secret for a session or a one-time link, as 64 hex characters. Only its SHA-256 is stored.
pub fn new_secret() -> Result<String, String> {
    Ok(hex(&random_bytes::<32>()?))
}

pub fn sha256_hex(value: &str) -> String {
    hex(&Sha256::digest(value.as_bytes()))
}

/// Does this look like a secret we issued? (Cheap shape check before any lookup.)
pub fn is_secret_shaped(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A new TEXT id: creation time then randomness, so ids sort by age (cursor pagination uses that).
pub fn new_id(now_ms: i64) -> Result<String, String> {
    let ms = u64::try_from(now_ms.max(0)).unwrap_or(0);
    Ok(format!("{:012x}{}", ms, hex(&random_bytes::<8>()?)))
}

/// Ids in paths are checked before they reach a query.
pub fn is_id_shaped(value: &str) -> bool {
    value.len() == 28 && value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_256_bits_and_distinct() {
        let a = new_secret().unwrap();
        let b = new_secret().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(is_secret_shaped(&a));
        assert!(!is_secret_shaped("abc"));
    }

    #[test]
    fn sha256_matches_known_vector() {
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn ids_sort_by_time() {
        let a = new_id(1_700_000_000_000).unwrap();
        let b = new_id(1_700_000_000_001).unwrap();
        assert!(a < b);
        assert!(is_id_shaped(&a));
        assert!(!is_id_shaped("../etc/passwd"));
        assert!(!is_id_shaped(&a.to_uppercase()));
    }
}
