//! Digest e-mails (#13, groundwork): when a person's digest falls due in their own time zone, which period it is
//! (one digest per person per period, whatever the cron's retries), and what it says, in their language. Counts and
//! titles only, never private text; an empty digest is not sent. Pure: the cron gathers the facts and asks.

use super::calendar::{civil_from_days, weekday};
use super::error::Invalid;
use super::plan::Zones;

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    Off,
    Daily,
    /// On one weekday (0 Monday to 6 Sunday).
    Weekly,
}

impl Cadence {
    pub const NAMES: &'static [&'static str] = &["off", "daily", "weekly"];
    pub fn parse(s: &str) -> Option<Cadence> {
        Some(match s {
            "off" => Cadence::Off,
            "daily" => Cadence::Daily,
            "weekly" => Cadence::Weekly,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Off => "off",
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
        }
    }
}

/// When a person wants their digest: how often, on which weekday (weekly), from which local hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub cadence: Cadence,
    pub weekday: i64,
    pub hour: i64,
}

impl Schedule {
    /// Nobody is sent a digest they did not ask for.
    pub const DEFAULT: Schedule = Schedule { cadence: Cadence::Off, weekday: 0, hour: 8 };

    pub fn parse(cadence: &str, weekday: i64, hour: i64) -> Result<Schedule, Invalid> {
        let cadence = Cadence::parse(cadence).ok_or_else(|| Invalid::new("cadence", "not_in_list", "Choose off, daily or weekly."))?;
        if !(0..=6).contains(&weekday) {
            return Err(Invalid::new("weekday", "out_of_range", "Choose a day of the week (0 is Monday, 6 Sunday)."));
        }
        if !(0..=23).contains(&hour) {
            return Err(Invalid::new("hour", "out_of_range", "Choose an hour from 0 to 23."));
        }
        Ok(Schedule { cadence, weekday, hour })
    }
}

/// A digest's period: its key (one digest per person per key) and where what it tells of starts, at the latest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub key: String,
    pub since: i64,
}

/// The period due now, if one is: from the chosen local hour of the day (daily) or of the chosen weekday (weekly),
/// in the person's zone (UTC when it is unknown), until that local day ends. A change of the clocks moves the hour
/// with the zone: 08:00 in Rome is 08:00 in summer and winter.
pub fn due(s: &Schedule, zones: &dyn Zones, zone: &str, now: i64) -> Option<Period> {
    let offset = i64::from(zones.offset_minutes(zone, now).unwrap_or(0)) * 60_000;
    let local = now + offset;
    let day = local.div_euclid(DAY_MS);
    let hour = local.rem_euclid(DAY_MS) / HOUR_MS;
    if hour < s.hour {
        return None;
    }
    let (y, m, d) = civil_from_days(day);
    let date = format!("{y:04}-{m:02}-{d:02}");
    match s.cadence {
        Cadence::Off => None,
        Cadence::Daily => Some(Period { key: format!("d:{date}"), since: now - DAY_MS }),
        Cadence::Weekly if weekday(day) == s.weekday => Some(Period { key: format!("w:{date}"), since: now - 7 * DAY_MS }),
        Cadence::Weekly => None,
    }
}

/// What a digest tells, gathered by the cron: counts and titles only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contents {
    /// New threads in the rooms the person reads: (room's name, titles), at most a few each.
    pub new_threads: Vec<(String, Vec<String>)>,
    /// Threads followed "in my digest" with new replies: (title, how many).
    pub replies: Vec<(String, i64)>,
    /// The person's active projects: (title, the next session in their time, if one is planned).
    pub projects: Vec<(String, Option<String>)>,
    /// Notifications not read yet.
    pub unread: i64,
}

impl Contents {
    /// Nothing new: no digest is sent.
    pub fn is_empty(&self) -> bool {
        self.new_threads.iter().all(|(_, t)| t.is_empty()) && self.replies.is_empty() && self.unread == 0 && self.projects.iter().all(|(_, n)| n.is_none())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    It,
}

/// The digest as an e-mail: its subject and body, in the person's language, with the link to Tandem and the one
/// to stop digests.
pub fn text(c: &Contents, lang: Lang, cadence: Cadence, open: &str, stop: &str) -> (String, String) {
    let it = lang == Lang::It;
    let subject = match (it, cadence) {
        (false, Cadence::Weekly) => "Tandem: your week",
        (false, _) => "Tandem: your day",
        (true, Cadence::Weekly) => "Tandem: la tua settimana",
        (true, _) => "Tandem: la tua giornata",
    };
    let mut body = String::new();
    let mut part = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            body.push_str(title);
            body.push('\n');
            for l in lines {
                body.push_str("- ");
                body.push_str(&l);
                body.push('\n');
            }
            body.push('\n');
        }
    };
    let sessions: Vec<String> = c.projects.iter().filter_map(|(t, n)| n.as_ref().map(|n| format!("{t}: {n}"))).collect();
    part(if it { "Prossime sessioni" } else { "Next sessions" }, sessions);
    for (room, titles) in &c.new_threads {
        let head = if it { format!("Nuove discussioni: {room}") } else { format!("New threads: {room}") };
        part(&head, titles.clone());
    }
    let replies = c
        .replies
        .iter()
        .map(|(t, n)| match (it, *n) {
            (false, 1) => format!("{t}: 1 new reply"),
            (false, n) => format!("{t}: {n} new replies"),
            (true, 1) => format!("{t}: 1 nuova risposta"),
            (true, n) => format!("{t}: {n} nuove risposte"),
        })
        .collect();
    part(if it { "Discussioni che segui" } else { "Threads you follow" }, replies);
    if c.unread > 0 {
        body.push_str(&match (it, c.unread) {
            (false, 1) => "1 notification is waiting for you.\n\n".to_string(),
            (false, n) => format!("{n} notifications are waiting for you.\n\n"),
            (true, 1) => "Ti aspetta 1 notifica.\n\n".to_string(),
            (true, n) => format!("Ti aspettano {n} notifiche.\n\n"),
        });
    }
    let (open_label, stop_label) = if it { ("Apri Tandem", "Per non ricevere più questo riepilogo") } else { ("Open Tandem", "To stop these digests") };
    body.push_str(&format!("{open_label}: {open}\n\n{stop_label}: {stop}\n"));
    (subject.to_string(), body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::days_from_civil;

    /// Rome: UTC+1, UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
    struct Rome;
    impl Zones for Rome {
        fn offset_minutes(&self, zone: &str, utc_ms: i64) -> Option<i32> {
            let (y, _, _) = civil_from_days(utc_ms.div_euclid(DAY_MS));
            let last_sunday = |m: u32| {
                let end = days_from_civil(y, m, 31);
                end - (weekday(end) - 6).rem_euclid(7)
            };
            let summer = (last_sunday(3) * DAY_MS + HOUR_MS..last_sunday(10) * DAY_MS + HOUR_MS).contains(&utc_ms);
            (zone == "Europe/Rome").then_some(if summer { 120 } else { 60 })
        }
    }

    fn utc(y: i64, m: u32, d: u32, hh: i64, mm: i64) -> i64 {
        days_from_civil(y, m, d) * DAY_MS + hh * HOUR_MS + mm * 60_000
    }

    #[test]
    fn schedules_parse_with_limits() {
        assert_eq!(Schedule::parse("weekly", 0, 8), Ok(Schedule { cadence: Cadence::Weekly, weekday: 0, hour: 8 }));
        assert_eq!(Schedule::parse("hourly", 0, 8).map_err(|e| e.field), Err("cadence".into()));
        assert_eq!(Schedule::parse("daily", 7, 8).map_err(|e| e.field), Err("weekday".into()));
        assert_eq!(Schedule::parse("daily", 0, 24).map_err(|e| e.field), Err("hour".into()));
        assert_eq!(due(&Schedule::DEFAULT, &Rome, "Europe/Rome", utc(2027, 3, 1, 12, 0)), None, "off by default");
    }

    #[test]
    fn eight_in_rome_is_eight_across_the_change_of_the_clocks() {
        let daily = Schedule { cadence: Cadence::Daily, weekday: 0, hour: 8 };
        let key = |at: i64| due(&daily, &Rome, "Europe/Rome", at).map(|p| p.key);
        // Saturday 27 March 2027, winter time: 08:00 in Rome is 07:00 UTC.
        assert_eq!(key(utc(2027, 3, 27, 6, 59)), None);
        assert_eq!(key(utc(2027, 3, 27, 7, 0)), Some("d:2027-03-27".into()));
        // Sunday 28 March, the clocks go forward: 08:00 in Rome is 06:00 UTC.
        assert_eq!(key(utc(2027, 3, 28, 5, 59)), None);
        assert_eq!(key(utc(2027, 3, 28, 6, 0)), Some("d:2027-03-28".into()));
        // Every tick of the day is the same period (one digest); the next day is the next one.
        assert_eq!(key(utc(2027, 3, 28, 21, 59)), Some("d:2027-03-28".into()));
        assert_eq!(key(utc(2027, 3, 28, 22, 0)), None, "midnight in Rome: a new day, before its hour");
        // Back in October: 08:00 in Rome is 07:00 UTC again.
        assert_eq!(key(utc(2027, 10, 31, 6, 30)), None);
        assert_eq!(key(utc(2027, 10, 31, 7, 0)), Some("d:2027-10-31".into()));
        // An unknown zone counts as UTC.
        assert_eq!(due(&daily, &Rome, "Mars/Olympus", utc(2027, 3, 28, 8, 0)).map(|p| p.key), Some("d:2027-03-28".into()));
    }

    #[test]
    fn weekly_on_its_day_only() {
        let monday = Schedule { cadence: Cadence::Weekly, weekday: 0, hour: 9 };
        let due_at = |at: i64| due(&monday, &Rome, "Europe/Rome", at);
        // Monday 29 March 2027, 09:00 in Rome (summer) is 07:00 UTC.
        let p = due_at(utc(2027, 3, 29, 7, 0)).unwrap();
        assert_eq!(p.key, "w:2027-03-29");
        assert_eq!(p.since, utc(2027, 3, 22, 7, 0));
        assert_eq!(due_at(utc(2027, 3, 29, 6, 59)), None);
        assert_eq!(due_at(utc(2027, 3, 30, 7, 0)), None, "Tuesday");
    }

    #[test]
    fn the_text_says_counts_and_titles_in_each_language() {
        let c = Contents {
            new_threads: vec![("Common room".into(), vec!["Welcome".into()]), ("Mentors' room".into(), vec![])],
            replies: vec![("Session agendas".into(), 3)],
            projects: vec![("Carla's mentoring".into(), Some("Tue 30 Mar, 18:00 (Europe/Rome)".into())), ("Old one".into(), None)],
            unread: 1,
        };
        assert!(!c.is_empty());
        let (subject, body) = text(&c, Lang::En, Cadence::Weekly, "https://t/", "https://t/stop");
        assert_eq!(subject, "Tandem: your week");
        assert_eq!(
            body,
            "Next sessions\n- Carla's mentoring: Tue 30 Mar, 18:00 (Europe/Rome)\n\nNew threads: Common room\n- Welcome\n\n\
             Threads you follow\n- Session agendas: 3 new replies\n\n1 notification is waiting for you.\n\n\
             Open Tandem: https://t/\n\nTo stop these digests: https://t/stop\n"
        );
        let (subject, body) = text(&c, Lang::It, Cadence::Daily, "https://t/", "https://t/stop");
        assert_eq!(subject, "Tandem: la tua giornata");
        assert!(body.contains("Nuove discussioni: Common room\n- Welcome") && body.contains("3 nuove risposte") && body.contains("Ti aspetta 1 notifica."));
        assert!(Contents { projects: vec![("x".into(), None)], new_threads: vec![("r".into(), vec![])], ..Contents::default() }.is_empty());
    }
}
