//! What Tandem keeps, and for how long: the rules the cron's pruning follows (a chunk at a time, every minute).

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
    fn cutoffs_and_keys() {
        let c = cutoffs(1_000 * DAY_MS);
        assert_eq!(c.read_notices, 970 * DAY_MS);
        assert_eq!(c.unread_notices, 910 * DAY_MS);
    }
}
