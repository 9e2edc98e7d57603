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
    secret_cookie(header, COOKIE)
}

/// Log-in throttling, after OWASP's guidance: failures count per account *and* address together, so one person
/// failing behind a shared address (a school, a carrier's NAT) holds back nobody else; a browser that has logged into
/// the account before (its device cookie) counts only its own failures, so an attacker's failures never lock the owner
/// out; untrusted browsers together are held back after more failures on one account; and a high per-address limit
/// slows a password spray across many accounts.
pub const FAILURE_WINDOW_MS: i64 = 15 * MINUTE_MS;
pub const MAX_PAIR_FAILURES: usize = 5;
pub const MAX_DEVICE_FAILURES: usize = 5;
pub const MAX_UNTRUSTED_FAILURES: usize = 20;
pub const MAX_ADDRESS_FAILURES: usize = 100;

/// The throttling keys of one log-in attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginKeys {
    /// This account from this address (untrusted browsers).
    pub pair: String,
    /// This account from any untrusted browser.
    pub account: String,
    /// Any account from this address.
    pub address: String,
    /// This account from this trusted browser, when the browser's device cookie is trusted for it.
    pub device: Option<String>,
}

impl LoginKeys {
    pub fn new(email: &str, address: &str, trusted_device: Option<&str>) -> Self {
        LoginKeys {
            pair: format!("pair:{email}|{address}"),
            account: format!("acct:{email}"),
            address: format!("ip:{address}"),
            device: trusted_device.map(|d| format!("dev:{}|{email}", d.get(..32).unwrap_or(d))),
        }
    }
    /// The keys a failure is counted under, with the limit each one has.
    pub fn limits(&self) -> Vec<(&str, usize)> {
        match &self.device {
            // Held back by its own failures only: nothing done from elsewhere, not even a spray from its own
            // address, locks the owner's known browser out.
            Some(d) => vec![(d.as_str(), MAX_DEVICE_FAILURES)],
            None => vec![
                (self.pair.as_str(), MAX_PAIR_FAILURES),
                (self.account.as_str(), MAX_UNTRUSTED_FAILURES),
                (self.address.as_str(), MAX_ADDRESS_FAILURES),
            ],
        }
    }
    /// The keys a success clears (never the account-wide or address-wide ones, which an attacker shares).
    pub fn cleared_by_success(&self) -> Vec<&str> {
        [Some(self.pair.as_str()), self.device.as_deref()].into_iter().flatten().collect()
    }
    /// Seconds to wait before this attempt may be tried, given recent failures as (key, time) pairs.
    pub fn wait(&self, failures: &[(String, i64)], now: i64) -> Option<u64> {
        self.limits()
            .into_iter()
            .filter_map(|(key, max)| {
                let times: Vec<i64> = failures.iter().filter(|(k, _)| k == key).map(|(_, t)| *t).collect();
                throttle(&times, now, max, FAILURE_WINDOW_MS)
            })
            .max()
    }
}

/// Given the times of recent events for one key, how many seconds until another is allowed when at most `max` may
/// happen in `window` (None: allowed now).
pub fn throttle(times: &[i64], now: i64, max: usize, window: i64) -> Option<u64> {
    let mut recent: Vec<i64> = times.iter().copied().filter(|t| now - t < window).collect();
    if recent.len() < max.max(1) {
        return None;
    }
    recent.sort_unstable();
    // Allowed again once enough of the window's events have aged out.
    let idx = recent.len() - max.max(1);
    let unlock_at = recent.get(idx).copied().unwrap_or(now) + window;
    Some(u64::try_from((unlock_at - now + 999) / 1000).unwrap_or(1).max(1))
}

/// Mail a stranger can trigger for one address (sign-up, verification, reset): at most 3 in 15 minutes asked from one
/// address, so a stranger's requests cannot use up the owner's; and at most 10 in all, so nobody floods the inbox.
pub const MAIL_WINDOW_MS: i64 = 15 * MINUTE_MS;
pub const MAX_MAIL_REQUESTS: usize = 3;
pub const MAX_MAIL_REQUESTS_PER_ADDRESS: usize = 10;

/// `requests`: (who asked, when) for one e-mail address.
pub fn mail_wait(requests: &[(String, i64)], requester: &str, now: i64) -> Option<u64> {
    let mine: Vec<i64> = requests.iter().filter(|(who, _)| who == requester).map(|(_, at)| *at).collect();
    let all: Vec<i64> = requests.iter().map(|(_, at)| *at).collect();
    [throttle(&mine, now, MAX_MAIL_REQUESTS, MAIL_WINDOW_MS), throttle(&all, now, MAX_MAIL_REQUESTS_PER_ADDRESS, MAIL_WINDOW_MS)]
        .into_iter()
        .flatten()
        .max()
}

/// "1 minute", "12 minutes": how long to wait, rounded up to whole minutes.
pub fn minutes_phrase(secs: u64) -> String {
    match secs.div_ceil(60).max(1) {
        1 => "1 minute".into(),
        n => format!("{n} minutes"),
    }
}

/// The device cookie: a random token (only its hash is stored, per account it logged into), kept for a year.
pub const DEVICE_COOKIE: &str = "__Host-tandem_device";
pub const DEVICE_MS: i64 = 365 * DAY_MS;

pub fn set_device_cookie(token: &str) -> String {
    format!("{DEVICE_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age={}", DEVICE_MS / 1000)
}

/// A named cookie's value from a `Cookie` header, if it has the shape of one of our secrets.
pub fn secret_cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|part| part.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
        .filter(|v| super::token::is_secret_shaped(v))
}

/// Reads near the reader: the D1 bookmark of a person's newest write (or newest read) travels in this cookie, so
/// their next request reads from a replica at least that new: they always see what they just did. It is no secret
/// (a position in the database's history), but it comes from the browser, so only its known shape is taken.
pub const BOOKMARK_COOKIE: &str = "__Host-tandem_bookmark";

/// The bookmark from a `Cookie` header, when it has a bookmark's shape (hex digits in dash-separated groups, as
/// D1 writes them); anything else is ignored, and the request starts at the primary.
pub fn bookmark_from_cookie(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|part| part.trim().split_once('='))
        .find(|(n, _)| *n == BOOKMARK_COOKIE)
        .map(|(_, value)| value)
        .filter(|v| {
            (8..=128).contains(&v.len())
                && v.split('-').all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_hexdigit()))
        })
}

pub fn clear_bookmark_cookie() -> String {
    format!("{BOOKMARK_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// Keeps the bookmark for as long as a session can last.
pub fn set_bookmark_cookie(bookmark: &str) -> String {
    format!("{BOOKMARK_COOKIE}={bookmark}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={}", ABSOLUTE_MS / 1000)
}

/// One-time links: e-mail verification lasts a day, password reset 15 minutes, e-mail change an hour.
pub const VERIFY_TTL_MS: i64 = DAY_MS;
pub const RESET_TTL_MS: i64 = 15 * MINUTE_MS;
pub const CHANGE_EMAIL_TTL_MS: i64 = HOUR_MS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bookmarks_are_taken_only_in_their_shape() {
        let real = "00000085-0000024c-00004c6d-8e61117bf38d7adb71b934ebbf891683";
        let header = format!("{COOKIE}=abc; {BOOKMARK_COOKIE}={real}");
        assert_eq!(bookmark_from_cookie(&header), Some(real));
        for bad in ["first-primary", "first-unconstrained", "", "0000-", "00000085--0000024c", "zz000085-0000024c", &"0".repeat(129)] {
            assert_eq!(bookmark_from_cookie(&format!("{BOOKMARK_COOKIE}={bad}")), None, "{bad}");
        }
        assert!(set_bookmark_cookie(real).starts_with("__Host-tandem_bookmark="));
    }

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
    fn throttle_counts_the_window_and_says_how_long() {
        let now = 10 * HOUR_MS;
        let four: Vec<i64> = (0..4).map(|i| now - i * MINUTE_MS).collect();
        assert_eq!(throttle(&four, now, 5, FAILURE_WINDOW_MS), None);
        let five: Vec<i64> = (0..5).map(|i| now - i * MINUTE_MS).collect();
        // Oldest failure was 4 minutes ago: 11 minutes to wait.
        assert_eq!(throttle(&five, now, 5, FAILURE_WINDOW_MS), Some(11 * 60));
        let old: Vec<i64> = (0..5).map(|i| now - FAILURE_WINDOW_MS - i).collect();
        assert_eq!(throttle(&old, now, 5, FAILURE_WINDOW_MS), None);
        assert_eq!(minutes_phrase(11 * 60), "11 minutes");
        assert_eq!(minutes_phrase(5), "1 minute");
    }

    fn failures(key: &str, n: i64, now: i64) -> Vec<(String, i64)> {
        (0..n).map(|i| (key.to_string(), now - i * 1000)).collect()
    }

    #[test]
    fn one_person_failing_behind_a_shared_address_holds_back_nobody_else() {
        let now = 10 * HOUR_MS;
        let failing = LoginKeys::new("eve@x.org", "10.0.0.1", None);
        let mut seen = failures(&failing.pair, 10, now);
        seen.extend(failures(&failing.account, 10, now));
        seen.extend(failures(&failing.address, 10, now));
        assert!(failing.wait(&seen, now).is_some(), "the one who fails waits");
        let neighbour = LoginKeys::new("ann@x.org", "10.0.0.1", None);
        assert_eq!(neighbour.wait(&seen, now), None, "the others behind the address do not");
    }

    #[test]
    fn the_owners_known_browser_ignores_an_attackers_failures() {
        let now = 10 * HOUR_MS;
        let attacker = LoginKeys::new("ann@x.org", "198.51.100.9", None);
        let mut seen = failures(&attacker.pair, 50, now);
        seen.extend(failures(&attacker.account, 50, now));
        seen.extend(failures(&attacker.address, 50, now));
        assert!(attacker.wait(&seen, now).is_some());
        assert!(LoginKeys::new("ann@x.org", "203.0.113.5", None).wait(&seen, now).is_some(), "untrusted browsers wait");
        let owner = LoginKeys::new("ann@x.org", "203.0.113.5", Some(&"d".repeat(64)));
        assert_eq!(owner.wait(&seen, now), None);
        // Not even a spray from the owner's own address holds it back.
        let behind = LoginKeys::new("ann@x.org", "198.51.100.9", Some(&"d".repeat(64)));
        assert_eq!(behind.wait(&seen, now), None);
        assert_eq!(owner.cleared_by_success().len(), 2);
    }

    #[test]
    fn a_strangers_mail_requests_do_not_use_up_the_owners() {
        let now = 10 * HOUR_MS;
        let stranger: Vec<(String, i64)> = (0..3).map(|i| ("ip:1".to_string(), now - i * MINUTE_MS)).collect();
        assert!(mail_wait(&stranger, "ip:1", now).is_some());
        assert_eq!(mail_wait(&stranger, "ip:2", now), None);
        let many: Vec<(String, i64)> = (0..10).map(|i| (format!("ip:{i}"), now - i * 1000)).collect();
        assert!(mail_wait(&many, "ip:99", now).is_some(), "10 in all from anywhere");
    }

    #[test]
    fn a_spray_from_one_address_is_slowed() {
        let now = 10 * HOUR_MS;
        let k = LoginKeys::new("new@x.org", "198.51.100.9", None);
        let spray = failures(&k.address, 99, now);
        assert_eq!(k.wait(&spray, now), None);
        let spray = failures(&k.address, 100, now);
        assert!(k.wait(&spray, now).is_some());
    }
}
