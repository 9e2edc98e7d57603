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

/// A message to queue, already rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub fn verification(to: &str, name: &str, link: &str) -> Mail {
    Mail {
        to: to.into(),
        subject: "Confirm your e-mail address for Tandem".into(),
        body: format!("Hello {name},\n\nPlease confirm your e-mail address by opening this link within 24 hours:\n{link}\n\nIf you did not sign up for Tandem, ignore this message.\n"),
    }
}

pub fn password_reset(to: &str, link: &str) -> Mail {
    Mail {
        to: to.into(),
        subject: "Reset your Tandem password".into(),
        body: format!("Someone asked to reset the password of this Tandem account.\n\nOpen this link within 15 minutes to choose a new password:\n{link}\n\nIf it was not you, ignore this message: your password stays as it is.\n"),
    }
}

pub fn email_change(to: &str, link: &str) -> Mail {
    Mail {
        to: to.into(),
        subject: "Confirm your new e-mail address for Tandem".into(),
        body: format!("Open this link within an hour to make this your Tandem e-mail address:\n{link}\n"),
    }
}

pub fn email_changed_notice(to: &str, new_email: &str) -> Mail {
    Mail {
        to: to.into(),
        subject: "Your Tandem e-mail address was changed".into(),
        body: format!("The e-mail address of your Tandem account is now {new_email}.\nIf you did not do this, reset your password and contact the platform administrators.\n"),
    }
}

pub fn password_changed_notice(to: &str) -> Mail {
    Mail {
        to: to.into(),
        subject: "Your Tandem password was changed".into(),
        body: "The password of your Tandem account was changed and your other sessions were ended.\nIf you did not do this, reset your password now.\n".into(),
    }
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
    fn mails_carry_their_link() {
        let m = verification("a@b.co", "Anna", "https://x/verify#t");
        assert!(m.body.contains("https://x/verify#t"));
        assert_eq!(m.to, "a@b.co");
    }
}
