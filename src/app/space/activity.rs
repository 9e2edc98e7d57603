//! What a project's space tells D1 about the project: counts and dates per tool, never text (see
//! `store::activity`). A change marks the activity as changed (in memory, and once in `meta` so that it survives an
//! eviction) and asks the alarm to push it within seconds; a push that fails is retried until D1 has it. Each push
//! carries a version one above the last, and D1 keeps only a newer one, so the coordinator's view may lag by
//! seconds but never goes back or loses a change.

use super::{int_at, now, raw_rows, ProjectSpace};
use crate::app::store::activity::{self as store, Activity};
use crate::app::store::{Db, Start};

/// How soon after a change the activity is pushed (changes meanwhile go in the same push).
pub const PUSH_DELAY_MS: i64 = 2_000;
/// The same after a chat message: a lively room pushes at most this often, and its messages cost no more.
pub const CHAT_PUSH_DELAY_MS: i64 = 15_000;
/// How soon a failed push, or failed housekeeping, is tried again.
pub const RETRY_MS: i64 = 10_000;
const WEEK_MS: i64 = 7 * 86_400_000;

impl ProjectSpace {
    /// Something others may count has changed: the activity is pushed soon.
    pub(super) fn changed(&self) {
        if self.mark_changed() {
            self.wake_by(now() + PUSH_DELAY_MS);
        }
    }

    /// A chat message was stored: the activity is pushed within `CHAT_PUSH_DELAY_MS`.
    pub(super) fn chat_changed(&self) {
        if self.mark_changed() {
            self.wake_by(now() + CHAT_PUSH_DELAY_MS);
        }
    }

    /// Marks the activity as changed, in memory and (once) in `meta`, so that an eviction forgets nothing. True when
    /// it was not marked yet.
    fn mark_changed(&self) -> bool {
        if self.dirty.replace(true) {
            return false;
        }
        if let Err(e) = self.sql.exec("INSERT INTO meta (key, value) VALUES ('activity_changed', '1') ON CONFLICT (key) DO UPDATE SET value = '1'", None) {
            worker::console_error!("project space: could not mark the activity: {e}");
        }
        true
    }

    fn meta_int(&self, key: &str) -> worker::Result<i64> {
        let rows = raw_rows(self.sql.exec("SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?", vec![super::text(key)])?)?;
        rows.first().map_or(Ok(0), |r| int_at(r, 0))
    }

    /// The counts as they are now, under the next version.
    fn activity(&self, t: i64) -> worker::Result<Activity> {
        let rows = raw_rows(self.sql.exec(
            // The chat's numbers have no gaps and its times only rise: its count is its newest number, and this
            // week's count reads back from the newest to the first message older than a week (no scan of the year).
            "SELECT (SELECT COALESCE(MAX(seq), 0) FROM messages), (SELECT COALESCE((SELECT at FROM messages ORDER BY seq DESC LIMIT 1), 0)), \
               (SELECT COALESCE(MAX(seq), 0) FROM messages) - COALESCE((SELECT seq FROM messages WHERE at <= ?1 ORDER BY seq DESC LIMIT 1), 0), \
               (SELECT COUNT(*) FROM private_messages), (SELECT COALESCE(MAX(created_at), 0) FROM private_messages), \
               (SELECT COUNT(*) FROM private_messages WHERE created_at > ?1), \
               (SELECT COUNT(*) FROM folder_items WHERE kind = 'file' AND deleted_at IS NULL), \
               (SELECT COALESCE(SUM(size), 0) FROM file_versions), \
               (SELECT COALESCE(MAX(MAX(updated_at), COALESCE(MAX(deleted_at), 0)), 0) FROM folder_items)",
            vec![super::int(t - WEEK_MS)],
        )?)?;
        let row = rows.first().ok_or_else(|| worker::Error::RustError("project space: no activity row".into()))?;
        let at = |i| int_at(row, i);
        let last = |i| at(i).map(|v| (v > 0).then_some(v));
        Ok(Activity {
            project_id: self.project().map_err(|e| worker::Error::RustError(e.message))?,
            chat_messages: at(0)?,
            chat_last_at: last(1)?,
            chat_week: at(2)?,
            private_messages: at(3)?,
            messages_last_at: last(4)?,
            messages_week: at(5)?,
            files: at(6)?,
            file_bytes: at(7)?,
            files_last_at: last(8)?,
            version: self.meta_int("activity_version")? + 1,
            at: t,
        })
    }

    /// Pushes the activity to D1 if it changed. Returns when to try again (None: nothing waits).
    ///
    /// Each attempt takes a new version, kept before D1 is told (a push whose answer was lost is followed by a newer
    /// one, never by one D1 would ignore). The mark is cleared only once D1 has the counts and nothing changed
    /// meanwhile: evicted mid-push, the object pushes again after its next wake.
    pub(super) async fn push_activity(&self, t: i64) -> Option<i64> {
        let changed = self.dirty.get() || self.meta_int("activity_changed").unwrap_or(1) != 0;
        if !changed {
            return None;
        }
        // A change made while D1 is being told sets this again.
        self.dirty.set(false);
        let pushed = async {
            let a = self.activity(t)?;
            self.sql.exec(
                "INSERT INTO meta (key, value) VALUES ('activity_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                vec![super::text(&a.version.to_string())],
            )?;
            let db = Db::open(&self.env, Start::Primary).map_err(|e| worker::Error::RustError(e.message))?;
            // The process's figures ride in the same batch, under the same version.
            let progress = self.stored_progress(&a.project_id, a.version, a.at).map_err(|e| worker::Error::RustError(e.message))?;
            store::push(&db, &a, &progress).await.map_err(|e| worker::Error::RustError(e.message))?;
            if !self.dirty.get() {
                self.sql.exec("UPDATE meta SET value = '0' WHERE key = 'activity_changed'", None)?;
            }
            Ok::<(), worker::Error>(())
        }
        .await;
        match pushed {
            Ok(()) if self.dirty.get() => Some(t + PUSH_DELAY_MS),
            Ok(()) => None,
            Err(e) => {
                worker::console_error!("project space: activity not pushed (tried again in {} s): {e}", RETRY_MS / 1000);
                // Marked again, without an earlier alarm: the alarm's own retry comes in RETRY_MS.
                self.mark_changed();
                Some(t + RETRY_MS)
            }
        }
    }
}
