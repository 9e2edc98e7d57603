//! Two-factor authentication: time-based one-time codes (TOTP, RFC 6238, as authenticator apps make them), ten
//! one-time recovery codes, and the sealing of each person's secret at rest with a key only the worker holds.

use sha2::{Digest, Sha256};

/// A code lasts one 30-second step; the step before and the one after are accepted too (a phone's clock drifts).
pub const STEP_MS: i64 = 30_000;
pub const WINDOW: i64 = 1;
pub const DIGITS: u32 = 6;
/// Recovery codes given at enrolment (and each time they are renewed).
pub const RECOVERY_CODES: usize = 10;
/// The secret: 160 bits, as RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;
/// A log-in that passed the password has this long to give a code, and this many tries.
pub const CHALLENGE_MS: i64 = 5 * 60_000;
pub const CHALLENGE_TRIES: i64 = 5;
/// The sealing key (the Worker secret TOTP_KEY) must be at least this long.
pub const MIN_KEY_LEN: usize = 32;
/// Wrong codes a person may give before waiting: then a minute, doubling with each wrong code, at most a day (a right
/// code starts again). Whatever the number of waiting log-ins or devices, a guesser gets a few dozen tries a day.
pub const FREE_FAILURES: i64 = 5;

/// How many seconds until the next code may be tried, after `failures` wrong ones in a row, the last at `failed_at`.
pub fn wait(failures: i64, failed_at: i64, now: i64) -> Option<u64> {
    if failures < FREE_FAILURES {
        return None;
    }
    let doublings = u32::try_from((failures - FREE_FAILURES).min(12)).unwrap_or(12);
    let delay = (60_000i64 << doublings).min(86_400_000);
    let until = failed_at + delay;
    (now < until).then(|| u64::try_from((until - now + 999) / 1000).unwrap_or(1).max(1))
}

/// A recovery code as it is stored: an HMAC under a key derived from the worker's, with the person's id, so a copy of
/// the database alone cannot be searched for codes, nor one search serve everyone's.
pub fn recovery_hash(key: &[u8], user: &str, code: &str) -> String {
    let k = mac256(key, &[b"tandem two-factor: recovery codes"]);
    super::token::hex(&mac256(&k, &[user.as_bytes(), b":", code.as_bytes()]))
}

/// SHA-1 (FIPS 180-4), for HMAC-SHA-1 as RFC 6238 and every authenticator app use it. Written out here (forty
/// lines) rather than taken from a crate: it keeps the worker small, and RFC 3174's and RFC 6238's vectors test it.
#[allow(clippy::indexing_slicing)] // `w` is indexed modulo 16, a 16-word array.
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&(data.len() as u64).wrapping_mul(8).to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 16];
        for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
            *word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for t in 0..80 {
            if t >= 16 {
                w[t % 16] = (w[(t + 13) % 16] ^ w[(t + 8) % 16] ^ w[(t + 2) % 16] ^ w[t % 16]).rotate_left(1);
            }
            let (f, k) = match t {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let temp = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(w[t % 16]);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = temp;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (o, word) in out.chunks_exact_mut(4).zip(h) {
        o.copy_from_slice(&word.to_be_bytes());
    }
    out
}

fn sha256(data: &[u8]) -> Vec<u8> {
    Sha256::digest(data).to_vec()
}

/// HMAC (RFC 2104) over a hash with 64-byte blocks.
fn hmac(hash: impl Fn(&[u8]) -> Vec<u8>, key: &[u8], message: &[&[u8]]) -> Vec<u8> {
    let mut k = if key.len() > 64 { hash(key) } else { key.to_vec() };
    k.resize(64, 0);
    let mut inner: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    for m in message {
        inner.extend_from_slice(m);
    }
    let mut outer: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    outer.extend_from_slice(&hash(&inner));
    hash(&outer)
}

/// RFC 4226's HOTP value for `counter`, before it is cut to `DIGITS` digits.
fn hotp(key: &[u8], counter: u64) -> u32 {
    let h = hmac(|d| sha1(d).to_vec(), key, &[&counter.to_be_bytes()]);
    let offset = usize::from(h.get(19).copied().unwrap_or(0) & 0x0f);
    let mut word = [0u8; 4];
    for (i, b) in word.iter_mut().enumerate() {
        *b = h.get(offset + i).copied().unwrap_or(0);
    }
    u32::from_be_bytes(word) & 0x7fff_ffff
}

/// The code of time step `step`, as its `DIGITS` digits.
pub fn code_at(key: &[u8], step: i64) -> String {
    let v = hotp(key, u64::try_from(step).unwrap_or(0)) % 10u32.pow(DIGITS);
    format!("{v:0width$}", width = DIGITS as usize)
}

pub fn step_of(now_ms: i64) -> i64 {
    now_ms.div_euclid(STEP_MS)
}

/// Compares two byte strings in time that depends only on their length.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The step whose code `code` is, within the window around `now_ms`, and newer than `last_step` (the newest step
/// accepted before: no code is accepted twice, nor one older than a code already used). Every step of the window is
/// computed and compared, so the time taken says nothing about which matched.
pub fn verify(key: &[u8], code: &str, now_ms: i64, last_step: i64) -> Option<i64> {
    let now = step_of(now_ms);
    let mut found = None;
    for step in now - WINDOW..=now + WINDOW {
        if same(code_at(key, step).as_bytes(), code.as_bytes()) && step > last_step && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// A waiting log-in's throttling keys (kept with it as JSON): counted on a wrong code, cleared when it succeeds.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct ChallengeKeys {
    pub count: Vec<String>,
    pub clear: Vec<String>,
}

/// What a person typed at the second step of a log-in, or to confirm a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// Six digits from the authenticator app.
    Totp(String),
    /// One of the recovery codes, normalised (lower case, no dash or spaces).
    Recovery(String),
}

impl Code {
    pub fn parse(raw: &str) -> Result<Code, super::error::Invalid> {
        let s: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_lowercase();
        if s.len() == DIGITS as usize && s.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Code::Totp(s));
        }
        if s.len() == RECOVERY_LEN && s.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)) {
            return Ok(Code::Recovery(s));
        }
        Err(super::error::Invalid::new(
            "code",
            "code_shape",
            "Enter the six digits your authenticator app shows, or one of your recovery codes.",
        ))
    }
}

/// Recovery codes: ten letters and digits that cannot be mistaken for each other, shown as "abcde-fghjk".
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
const RECOVERY_LEN: usize = 10;

/// A recovery code from random bytes (one byte per character: the alphabet has 31, so the bias is negligible against
/// 10 characters of ~4.95 bits each, about 49 bits in all).
pub fn recovery_code(random: &[u8; RECOVERY_LEN]) -> String {
    let chars: String = random
        .iter()
        .map(|b| char::from(RECOVERY_ALPHABET.get(usize::from(*b) % RECOVERY_ALPHABET.len()).copied().unwrap_or(b'a')))
        .collect();
    let (a, b) = chars.split_at(RECOVERY_LEN / 2);
    format!("{a}-{b}")
}

/// RFC 4648 base32 without padding: the secret as authenticator apps take it.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET.get(((buffer >> bits) & 31) as usize).copied().unwrap_or(b'A')));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET.get(((buffer << (5 - bits)) & 31) as usize).copied().unwrap_or(b'A')));
    }
    out
}

/// The `otpauth://` address an authenticator app opens (a phone follows it as a link; a computer shows it as a QR
/// code or the key typed in).
pub fn otpauth_uri(secret: &[u8], account: &str) -> String {
    let label: String = account.bytes().map(|b| if b.is_ascii_alphanumeric() || b"@.-_".contains(&b) { char::from(b).to_string() } else { format!("%{b:02X}") }).collect();
    format!("otpauth://totp/Tandem:{label}?secret={}&issuer=Tandem&algorithm=SHA1&digits={DIGITS}&period=30", base32(secret))
}

fn mac256(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    hmac(sha256, key, parts)
}

/// Seals `plain` with the worker's key: encrypt-then-MAC, HMAC-SHA-256 as the keystream (counter mode) and as the
/// tag, under two keys derived from the worker's. `nonce` is 16 fresh random bytes. Hex of nonce, text and tag.
pub fn seal(key: &[u8], nonce: &[u8; 16], plain: &[u8]) -> String {
    let enc = mac256(key, &[b"tandem two-factor: encryption"]);
    let auth = mac256(key, &[b"tandem two-factor: authentication"]);
    let mut text: Vec<u8> = plain.to_vec();
    for (i, chunk) in text.chunks_mut(32).enumerate() {
        let block = mac256(&enc, &[nonce, &u32::try_from(i).unwrap_or(u32::MAX).to_be_bytes()]);
        for (b, k) in chunk.iter_mut().zip(block) {
            *b ^= k;
        }
    }
    let tag = mac256(&auth, &[nonce, &text]);
    let mut out = nonce.to_vec();
    out.extend_from_slice(&text);
    out.extend_from_slice(&tag);
    super::token::hex(&out)
}

/// The plain bytes of a sealed value, or None when it was not sealed with this key or was changed.
pub fn open(key: &[u8], sealed: &str) -> Option<Vec<u8>> {
    let bytes = unhex(sealed)?;
    if bytes.len() < 48 {
        return None;
    }
    let (nonce, rest) = bytes.split_at(16);
    let (text, tag) = rest.split_at(rest.len() - 32);
    let auth = mac256(key, &[b"tandem two-factor: authentication"]);
    if !same(&mac256(&auth, &[nonce, text]), tag) {
        return None;
    }
    let enc = mac256(key, &[b"tandem two-factor: encryption"]);
    let mut plain = text.to_vec();
    for (i, chunk) in plain.chunks_mut(32).enumerate() {
        let block = mac256(&enc, &[nonce, &u32::try_from(i).unwrap_or(u32::MAX).to_be_bytes()]);
        for (b, k) in chunk.iter_mut().zip(block) {
            *b ^= k;
        }
    }
    Some(plain)
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_KEY: &[u8] = b"12345678901234567890";

    /// RFC 6238, Appendix B (SHA-1): the eight-digit values, of which an app shows the last six.
    #[test]
    fn rfc_6238_test_vectors() {
        for (secs, eight) in [
            (59i64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            let six = eight.get(2..).unwrap_or_default();
            assert_eq!(code_at(RFC_KEY, step_of(secs * 1000)), six, "at {secs}");
        }
    }

    /// RFC 4226, Appendix D: HOTP values for counters 0 to 9.
    #[test]
    fn sha1_matches_rfc_3174_and_hmac_rfc_2202() {
        let hex = |b: &[u8]| super::super::token::hex(b);
        assert_eq!(hex(&sha1(b"abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(hex(&sha1(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
        assert_eq!(hex(&sha1(&[b'a'; 1_000_000])), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
        assert_eq!(hex(&hmac(|d| sha1(d).to_vec(), &[0x0b; 20], &[b"Hi There"])), "b617318655057264e28bc0b6fb378c8ef146be00");
        assert_eq!(hex(&hmac(|d| sha1(d).to_vec(), &[0xaa; 80], &[b"Test Using Larger Than Block-Size Key - Hash Key First"])), "aa4ae5e15272d00e95705637ce8a3b55ed402112");
        // RFC 4231, case 2 (HMAC-SHA-256).
        assert_eq!(hex(&hmac(sha256, b"Jefe", &[b"what do ya want ", b"for nothing?"])), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn rfc_4226_test_vectors() {
        let want = [755_224, 287_082, 359_152, 969_429, 338_314, 254_676, 287_922, 162_583, 399_871, 520_489];
        for (counter, v) in want.iter().enumerate() {
            assert_eq!(hotp(RFC_KEY, counter as u64) % 1_000_000, *v);
        }
    }

    #[test]
    fn the_window_is_one_step_each_side_and_no_code_is_taken_twice() {
        let now = 1_111_111_111_000;
        let step = step_of(now);
        let code = |s| code_at(RFC_KEY, s);
        assert_eq!(verify(RFC_KEY, &code(step), now, 0), Some(step));
        assert_eq!(verify(RFC_KEY, &code(step - 1), now, 0), Some(step - 1));
        assert_eq!(verify(RFC_KEY, &code(step + 1), now, 0), Some(step + 1));
        assert_eq!(verify(RFC_KEY, &code(step - 2), now, 0), None);
        assert_eq!(verify(RFC_KEY, &code(step + 2), now, 0), None);
        // Used once: not again, and not an older one of the window either.
        assert_eq!(verify(RFC_KEY, &code(step), now, step), None);
        assert_eq!(verify(RFC_KEY, &code(step - 1), now, step), None);
        assert_eq!(verify(RFC_KEY, &code(step + 1), now, step), Some(step + 1));
        assert_eq!(verify(RFC_KEY, "000000x", now, 0), None);
    }

    #[test]
    fn wrong_codes_make_the_next_wait_longer_and_longer() {
        let at = 1_000_000;
        assert_eq!(wait(4, at, at), None);
        assert_eq!(wait(5, at, at), Some(60));
        assert_eq!(wait(5, at, at + 60_000), None);
        assert_eq!(wait(7, at, at), Some(240));
        assert_eq!(wait(40, at, at), Some(86_400), "at most a day");
        let key = b"a worker secret of at least 32 bytes!!";
        assert_ne!(recovery_hash(key, "u1", "abcdefghjk"), recovery_hash(key, "u2", "abcdefghjk"));
        assert_eq!(recovery_hash(key, "u1", "abcdefghjk").len(), 64);
    }

    #[test]
    fn codes_are_parsed_whatever_the_spacing() {
        assert_eq!(Code::parse(" 287 082 "), Ok(Code::Totp("287082".into())));
        assert_eq!(Code::parse("ABCDE-FGHJK"), Ok(Code::Recovery("abcdefghjk".into())));
        for bad in ["", "12345", "1234567", "abcde-fghj1", "abcde-fghji", "28708a"] {
            assert!(Code::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn recovery_codes_are_ten_unambiguous_characters() {
        let c = recovery_code(&[0, 1, 2, 3, 4, 30, 31, 62, 200, 255]);
        assert_eq!(c.len(), 11);
        assert!(matches!(Code::parse(&c), Ok(Code::Recovery(_))));
        assert!(!c.contains(['0', '1', 'l', 'o', 'i']));
    }

    #[test]
    fn base32_matches_rfc_4648() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(RFC_KEY), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert!(otpauth_uri(RFC_KEY, "ana+x@example.org").starts_with("otpauth://totp/Tandem:ana%2Bx@example.org?secret=GEZD"));
    }

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_unchanged() {
        let key = b"a worker secret of at least 32 bytes!!";
        let sealed = seal(key, &[7; 16], RFC_KEY);
        assert!(!sealed.contains(&super::super::token::hex(RFC_KEY)));
        assert_eq!(open(key, &sealed).as_deref(), Some(RFC_KEY));
        assert_eq!(open(b"another key of at least 32 bytes, yes", &sealed), None);
        let mut tampered = sealed.clone().into_bytes();
        if let Some(b) = tampered.get_mut(40) {
            *b = if *b == b'0' { b'1' } else { b'0' };
        }
        assert_eq!(open(key, &String::from_utf8(tampered).unwrap_or_default()), None);
        assert_eq!(open(key, "zz"), None);
        // Two seals of one secret differ by their nonce.
        assert_ne!(seal(key, &[8; 16], RFC_KEY), sealed);
    }
}
