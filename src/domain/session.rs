//! Session lifetimes and login throttling: pure rules, times in integer milliseconds.

pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// A session ends after this long without a request.
pub const IDLE_MS: i64 = 3 * DAY_MS;
/// A session ends this long after log-in, whatever happens.
pub const ABSOLUTE_MS: i64 = 30 * DAY_MS;
/// `last_seen_at` is written at most this often, so most requests cost no write.
pub const TOUCH_EVERY_MS: i64 = 5 * MINUTE_MS;

pub const COOKIE: &str = "__Host-tandem_session";

pub fn is_live(created_at: i64, last_seen_at: i64, now: i64) -> bool {
    now - last_seen_at < IDLE_MS && now - created_at < ABSOLUTE_MS
}

pub fn needs_touch(last_seen_at: i64, now: i64) -> bool {
    now - last_seen_at >= TOUCH_EVERY_MS
}

pub fn set_cookie(token: &str) -> String {
    format!("{COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={}", ABSOLUTE_MS / 1000)
}

pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// The session token from a `Cookie` header, if one is there and has the right shape.
pub fn token_from_cookie(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|part| part.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
        .filter(|v| super::token::is_secret_shaped(v))
}

/// Brute-force throttling: this many failures in the window lock an account or an address out.
pub const MAX_FAILURES: usize = 5;
pub const FAILURE_WINDOW_MS: i64 = 15 * MINUTE_MS;

/// Given the times of recent failures for one key, how many seconds until another try is allowed (None: allowed now).
pub fn retry_after(failures: &[i64], now: i64) -> Option<u64> {
    let mut recent: Vec<i64> = failures.iter().copied().filter(|t| now - t < FAILURE_WINDOW_MS).collect();
    if recent.len() < MAX_FAILURES {
        return None;
    }
    recent.sort_unstable();
    // Allowed again once enough of the window's failures have aged out.
    let idx = recent.len() - MAX_FAILURES;
    let unlock_at = recent.get(idx).copied().unwrap_or(now) + FAILURE_WINDOW_MS;
    Some(u64::try_from((unlock_at - now + 999) / 1000).unwrap_or(1))
}

/// One-time links: e-mail verification lasts a day, password reset 15 minutes, e-mail change an hour.
pub const VERIFY_TTL_MS: i64 = DAY_MS;
pub const RESET_TTL_MS: i64 = 15 * MINUTE_MS;
pub const CHANGE_EMAIL_TTL_MS: i64 = HOUR_MS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_and_absolute_lifetimes() {
        let t0 = 1_000_000_000_000;
        assert!(is_live(t0, t0, t0 + IDLE_MS - 1));
        assert!(!is_live(t0, t0, t0 + IDLE_MS));
        assert!(is_live(t0, t0 + ABSOLUTE_MS - 2, t0 + ABSOLUTE_MS - 1));
        assert!(!is_live(t0, t0 + ABSOLUTE_MS - 1, t0 + ABSOLUTE_MS));
    }

    #[test]
    fn cookie_is_host_prefixed_and_locked_down() {
        let c = set_cookie("ab");
        assert!(c.starts_with("__Host-tandem_session=ab; Path=/; Secure; HttpOnly; SameSite=Lax"));
        assert!(!c.contains("Domain"));
    }

    #[test]
    fn reads_token_from_cookie_header() {
        let tok = "a".repeat(64);
        let header = format!("theme=dark; {COOKIE}={tok}; other=1");
        assert_eq!(token_from_cookie(&header), Some(tok.as_str()));
        assert_eq!(token_from_cookie("__Host-tandem_session=short"), None);
        assert_eq!(token_from_cookie(""), None);
    }

    #[test]
    fn throttles_after_five_failures_in_fifteen_minutes() {
        let now = 10 * HOUR_MS;
        let four: Vec<i64> = (0..4).map(|i| now - i * MINUTE_MS).collect();
        assert_eq!(retry_after(&four, now), None);
        let five: Vec<i64> = (0..5).map(|i| now - i * MINUTE_MS).collect();
        // Oldest failure was 4 minutes ago: 11 minutes to wait.
        assert_eq!(retry_after(&five, now), Some(11 * 60));
        let old: Vec<i64> = (0..5).map(|i| now - FAILURE_WINDOW_MS - i).collect();
        assert_eq!(retry_after(&old, now), None);
    }
}
