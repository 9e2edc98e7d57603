//! Outgoing e-mail: one outbox, retried with exponential backoff, never sent twice.

use super::session::{HOUR_MS, MINUTE_MS};

pub const MAX_ATTEMPTS: i64 = 8;

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Status {
    Pending,
    Sent,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Sent => "sent",
            Status::Failed => "failed",
        }
    }
}

/// After a failed attempt number `attempts` (1-based), when to try again, or that we give up.
pub fn after_failure(attempts: i64, now: i64) -> (Status, Option<i64>) {
    if attempts >= MAX_ATTEMPTS {
        return (Status::Failed, None);
    }
    let exp = u32::try_from(attempts.clamp(0, 20)).unwrap_or(0);
    let delay = MINUTE_MS.saturating_mul(2_i64.saturating_pow(exp)).min(6 * HOUR_MS);
    (Status::Pending, Some(now + delay))
}

/// Where a one-time link's secret sits in a queued mail. The secret itself is made only when the mail is handed to
/// the provider (`app/mail.rs` mints it and stores only its hash), so no stored mail, and so no admin, ever holds a
/// usable link. A control character: no person's text (names are refused with one) can contain it.
pub const SECRET_SLOT: &str = "\u{1}secret\u{1}";

/// The mail as sent: the secret in its slot (the last one, after any text a person wrote).
pub fn fill_secret(body: &str, secret: &str) -> String {
    match body.rfind(SECRET_SLOT) {
        Some(at) => format!("{}{secret}{}", body.get(..at).unwrap_or(""), body.get(at + SECRET_SLOT.len()..).unwrap_or("")),
        None => body.to_string(),
    }
}

/// What admins see of a stored mail: the slot said for what it is, and any 64-hex token after `token=` (mails stored
/// before secrets were minted at sending) hidden.
pub fn for_admins(body: &str) -> String {
    let body = body.replace(SECRET_SLOT, "[one-time secret, sent to the recipient only]");
    let mut out = String::with_capacity(body.len());
    let mut rest = body.as_str();
    while let Some(at) = rest.find("token=") {
        let (head, tail) = rest.split_at(at + "token=".len());
        out.push_str(head);
        let hex = tail.bytes().take_while(u8::is_ascii_hexdigit).count();
        if hex >= 32 {
            out.push_str("[hidden]");
            rest = tail.get(hex..).unwrap_or("");
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// Whether this address is a developer's machine (loopback, or the reserved `.test` and `.localhost` names): only
/// there does the console provider keep a local mailbox with usable links.
pub fn is_local_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://")) else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = if authority.starts_with('[') {
        authority.split(']').next().map(|h| format!("{h}]")).unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or("").to_ascii_lowercase()
    };
    host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host.ends_with(".test") || host.ends_with(".localhost")
}

/// A link whose secret is filled in at sending: `{base}{path}#token=` and the slot.
/// A digest's headers to stop digests (RFC 2369 and RFC 8058's one-click): mail programs show an "unsubscribe"
/// button that posts to the link; the link in the body opens a page that asks first.
pub fn list_unsubscribe(base: &str, secret: &str) -> [(&'static str, String); 2] {
    [
        ("List-Unsubscribe", format!("<{base}/api/digest/unsubscribe?token={secret}>")),
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".to_string()),
    ]
}

pub fn secret_link(base: &str, path: &str) -> String {
    format!("{base}{path}#token={SECRET_SLOT}")
}

/// A message to queue, already rendered; `made` is what an account's own mail is made of (empty for others), so that
/// the outbox can write it again in its reader's language when it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub made: String,
}

/// An account's own mail (#14), in English as queued: `account.{kind}.subject` and `.body` of the mail catalogue with
/// `vars` put in. The outbox says it again in the reader's language (`rewrite_account`).
fn account(kind: &str, to: &str, vars: &[(&str, &str)]) -> Mail {
    let mut m = said(super::words::Words::english(), kind, to, vars);
    let vars: serde_json::Map<String, serde_json::Value> = vars.iter().map(|(k, v)| ((*k).to_string(), serde_json::Value::from(*v))).collect();
    m.made = serde_json::json!({"account": kind, "vars": vars}).to_string();
    m
}

fn said(words: &super::words::Words, kind: &str, to: &str, vars: &[(&str, &str)]) -> Mail {
    let subject = words.say(&format!("account.{kind}.subject"), vars);
    Mail { to: to.into(), subject, body: words.say(&format!("account.{kind}.body"), vars), made: String::new() }
}

/// An account's mail written again in another language's words (`None` when `made` is not one).
pub fn rewrite_account(made: &str, words: &super::words::Words, to: &str) -> Option<Mail> {
    let v: serde_json::Value = serde_json::from_str(made).ok()?;
    let kind = v.get("account")?.as_str()?;
    let vars: Vec<(&str, &str)> = v.get("vars")?.as_object()?.iter().filter_map(|(k, x)| Some((k.as_str(), x.as_str()?))).collect();
    Some(said(words, kind, to, &vars))
}

pub fn verification(to: &str, name: &str, link: &str) -> Mail {
    account("verification", to, &[("name", name), ("link", link)])
}

/// Someone tried to sign up with an address that has an account: its owner is told, with the way to reset.
pub fn already_registered(to: &str, link: &str) -> Mail {
    account("already", to, &[("link", link)])
}

/// An organisation's contact asked for feedback (#12): their one-time link opens that form only.
pub fn evaluation_invite(to: &str, name: &str, project: &str, inviter: &str, link: &str) -> Mail {
    Mail {
        to: to.into(),
        subject: format!("Your feedback on the mentoring \"{project}\"").chars().take(120).collect(),
        body: format!(
            "Hello {name},\n\n{inviter} asks for your organisation's feedback on the mentoring \"{project}\". It takes a few minutes, \
             and you need no account:\n{link}\n\nThe link opens this form only, works once, and expires in 14 days.\n"
        ),
        made: String::new(),
    }
}

/// A reminder to such a contact, with a new link (the one before stops working).
pub fn evaluation_reminder(to: &str, name: &str, project: &str, link: &str) -> Mail {
    Mail {
        to: to.into(),
        subject: format!("Reminder: your feedback on the mentoring \"{project}\"").chars().take(120).collect(),
        body: format!(
            "Hello {name},\n\nA reminder: your feedback on the mentoring \"{project}\" is still welcome. Here is a new link (the earlier one \
             no longer works):\n{link}\n\nIt opens this form only and works once.\n"
        ),
        made: String::new(),
    }
}

pub fn password_reset(to: &str, link: &str) -> Mail {
    account("password_reset", to, &[("link", link)])
}

pub fn email_change(to: &str, link: &str) -> Mail {
    account("email_change", to, &[("link", link)])
}

/// The old address is told its account moved (the store fills in the address).
pub fn email_changed_notice() -> Mail {
    account("email_changed", "", &[])
}

pub fn password_changed_notice(to: &str) -> Mail {
    account("password_changed", to, &[])
}

/// Personal data (#14): the export is ready, for 7 days.
pub fn export_ready(to: &str, link: &str, until: &str) -> Mail {
    account("export_ready", to, &[("link", link), ("until", until)])
}

/// Personal data (#14): the account will be erased, unless its owner logs in first.
pub fn erasure_asked(to: &str, on: &str) -> Mail {
    account("erasure_asked", to, &[("on", on)])
}

/// Personal data (#14): logging in cancelled the erasure (the address is the account's, filled in by the store).
pub fn erasure_cancelled() -> Mail {
    account("erasure_cancelled", "", &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_caps_then_gives_up() {
        let now = 0;
        assert_eq!(after_failure(1, now), (Status::Pending, Some(2 * MINUTE_MS)));
        assert_eq!(after_failure(2, now), (Status::Pending, Some(4 * MINUTE_MS)));
        assert_eq!(after_failure(7, now), (Status::Pending, Some(128 * MINUTE_MS)));
        assert_eq!(after_failure(MAX_ATTEMPTS, now), (Status::Failed, None));
    }

    #[test]
    fn secrets_are_filled_at_sending_and_hidden_from_admins() {
        let m = password_reset("a@b.co", &secret_link("https://t.example", "/reset"));
        assert!(!m.body.contains("token=0"));
        let sent = fill_secret(&m.body, &"ab".repeat(32));
        assert!(sent.contains(&format!("https://t.example/reset#token={}\n", "ab".repeat(32))));
        let shown = for_admins(&m.body);
        assert!(shown.contains("#token=[one-time secret, sent to the recipient only]"));
        assert!(!shown.contains(SECRET_SLOT));
        // A mail stored with a raw token (before this change) is hidden too; short hex is left alone.
        let legacy = format!("open https://x/verify#token={} now; token=abc", "f".repeat(64));
        assert_eq!(for_admins(&legacy), "open https://x/verify#token=[hidden] now; token=abc");
        let [(name, value), (post, one_click)] = list_unsubscribe("https://t", "ab12");
        assert_eq!((name, value.as_str()), ("List-Unsubscribe", "<https://t/api/digest/unsubscribe?token=ab12>"));
        assert_eq!((post, one_click.as_str()), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
        let v = fill_secret(&verification("a@b.co", "Eve", &secret_link("https://t", "/verify")).body, "SECRET");
        assert_eq!(v.matches("SECRET").count(), 1);
        assert!(!v.contains(SECRET_SLOT));
    }

    #[test]
    fn local_urls_are_loopback_or_reserved_names() {
        for u in ["http://127.0.0.1:8787", "http://localhost", "http://tandem.test", "http://[::1]:9000/x", "http://a.localhost"] {
            assert!(is_local_url(u), "{u}");
        }
        for u in ["https://tandem.example.org", "https://127.0.0.1.evil.example", "http://test", "", "ftp://localhost"] {
            assert!(!is_local_url(u), "{u}");
        }
    }

    #[test]
    fn mails_carry_their_link() {
        let m = verification("a@b.co", "Anna", "https://x/verify#t");
        assert!(m.body.contains("https://x/verify#t"));
        assert_eq!(m.to, "a@b.co");
    }
}
