//! What Tandem keeps, and for how long: the rules the cron's pruning follows (a chunk at a time, every minute).

use super::error::Invalid;
use super::text::Text;

const DAY_MS: i64 = 86_400_000;

/// Read notifications go after 30 days, unread ones after 90.
pub const READ_NOTICE_MS: i64 = 30 * DAY_MS;
pub const UNREAD_NOTICE_MS: i64 = 90 * DAY_MS;
/// Delivered (or given up) mails leave the outbox after 30 days; their bodies leave it at once.
pub const OUTBOX_MS: i64 = 30 * DAY_MS;
/// The audit log keeps 12 months in D1; older entries are archived to R2.
pub const AUDIT_MS: i64 = 365 * DAY_MS;
/// Rows deleted per table per run: small enough that a run never holds the database long.
pub const CHUNK: i64 = 500;

/// How long a community keeps a finished project's content (its chat, messages, folder and process), in months:
/// 24 unless its admins choose from 1 to 120. Then the content goes; the project's metadata and counts stay.
pub const DEFAULT_MONTHS: i64 = 24;
pub const MONTHS: std::ops::RangeInclusive<i64> = 1..=120;
/// A month: a twelfth of the Gregorian year's average (30.436875 days), so that 12 months are a year.
pub const MONTH_MS: i64 = 2_629_746_000;
/// Who answers for the community's personal data (the data controller), as its page names it.
pub const CONTROLLER: Text = Text::line(2, 200);
/// The space's tables a deletion keeps: its metadata, the per-day message counts, and the files still to delete.
pub const SPACE_KEPT: &[&str] = &["meta", "chat_days", "doomed"];

/// A project that finished at `ended_at` loses its content once `now` is past this.
pub fn content_until(ended_at: i64, months: i64) -> i64 {
    ended_at.saturating_add(months.saturating_mul(MONTH_MS))
}

super::input::input! {
    /// `PUT /api/communities/{community}/privacy`.
    pub struct PrivacyInput {
        pub retention_months: i64,
        pub controller: String,
    }
}

/// A community's privacy settings, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Privacy {
    pub retention_months: i64,
    pub controller: String,
}

impl Privacy {
    pub fn parse(i: &PrivacyInput) -> Result<Privacy, Invalid> {
        if !MONTHS.contains(&i.retention_months) {
            return Err(Invalid::new("retention_months", "out_of_range", "Keep a finished project's content for 1 to 120 months."));
        }
        Ok(Privacy { retention_months: i.retention_months, controller: CONTROLLER.parse("controller", &i.controller)? })
    }
}

/// The cut-off times for a run at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cutoffs {
    pub read_notices: i64,
    pub unread_notices: i64,
    pub outbox: i64,
    pub audit: i64,
}

pub fn cutoffs(now: i64) -> Cutoffs {
    Cutoffs { read_notices: now - READ_NOTICE_MS, unread_notices: now - UNREAD_NOTICE_MS, outbox: now - OUTBOX_MS, audit: now - AUDIT_MS }
}

/// The UTC year and month of a time in ms (for the archive's keys).
pub fn year_month(ms: i64) -> (i64, u32) {
    // Howard Hinnant's days-to-civil algorithm.
    let z = ms.div_euclid(DAY_MS) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, u32::try_from(month).unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_of_known_days() {
        assert_eq!(year_month(0), (1970, 1));
        assert_eq!(year_month(951_782_400_000), (2000, 2)); // 2000-02-29
        assert_eq!(year_month(1_790_000_000_000), (2026, 9)); // 2026-09-21
        assert_eq!(year_month(-1), (1969, 12));
    }

    #[test]
    fn content_is_kept_for_whole_months() {
        // 12 months are exactly one Gregorian year on average; 24 are two.
        assert_eq!(content_until(0, 12), 365_2425 * DAY_MS / 10_000);
        assert_eq!(content_until(1_000, 24), 1_000 + 2 * 365_2425 * DAY_MS / 10_000);
        assert_eq!(content_until(i64::MAX - 1, 120), i64::MAX);
    }

    #[test]
    fn privacy_settings_are_parsed_with_limits() {
        let ok = Privacy::parse(&PrivacyInput { retention_months: 24, controller: "  Fondazione Ponte, Milano ".into() });
        assert_eq!(ok, Ok(Privacy { retention_months: 24, controller: "Fondazione Ponte, Milano".into() }));
        for months in [0, 121, -5] {
            let bad = Privacy::parse(&PrivacyInput { retention_months: months, controller: "Ponte".into() });
            assert_eq!(bad.map_err(|e| e.field), Err("retention_months".to_string()));
        }
        for controller in ["", " x ", &"y".repeat(201)] {
            let bad = Privacy::parse(&PrivacyInput { retention_months: 12, controller: controller.into() });
            assert_eq!(bad.map_err(|e| e.field), Err("controller".to_string()));
        }
    }

    #[test]
    fn cutoffs_and_keys() {
        let c = cutoffs(1_000 * DAY_MS);
        assert_eq!(c.read_notices, 970 * DAY_MS);
        assert_eq!(c.unread_notices, 910 * DAY_MS);
    }
}
