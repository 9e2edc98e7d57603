//! Digest e-mails (#13, groundwork): when a person's digest falls due in their own time zone, which period it is
//! (one digest per person per period, whatever the cron's retries), and what it says, in their language. Counts and
//! titles only, never private text; an empty digest is not sent. Pure: the cron gathers the facts and asks.

use super::calendar::{civil_from_days, weekday};
use super::error::Invalid;
use super::words::Words;
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

/// A digest's period: its key (one digest per person per key), where what it tells of starts at the latest, and
/// whether it is the week's (a weekly digest, or a daily one on the chosen weekday: it then carries the
/// coordination summary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub key: String,
    pub since: i64,
    pub weekly: bool,
}

fn offset_ms(zones: &dyn Zones, zone: &str, at: i64) -> i64 {
    i64::from(zones.offset_minutes(zone, at).unwrap_or(0)) * 60_000
}

/// The period due now, if one is: from the chosen local hour of the day (daily) or of the chosen weekday (weekly),
/// in the person's zone (UTC when it is unknown), until that local day ends. A change of the clocks moves the hour
/// with the zone: 08:00 in Rome is 08:00 in summer and winter.
pub fn due(s: &Schedule, zones: &dyn Zones, zone: &str, now: i64) -> Option<Period> {
    let local = now + offset_ms(zones, zone, now);
    let day = local.div_euclid(DAY_MS);
    let hour = local.rem_euclid(DAY_MS) / HOUR_MS;
    if hour < s.hour {
        return None;
    }
    let (y, m, d) = civil_from_days(day);
    let date = format!("{y:04}-{m:02}-{d:02}");
    let on_weekday = weekday(day) == s.weekday;
    match s.cadence {
        Cadence::Off => None,
        Cadence::Daily => Some(Period { key: format!("d:{date}"), since: now - DAY_MS, weekly: on_weekday }),
        Cadence::Weekly if on_weekday => Some(Period { key: format!("w:{date}"), since: now - 7 * DAY_MS, weekly: true }),
        Cadence::Weekly => None,
    }
}

/// Never two digests within this much of each other (a change of cadence or zone can make a new period the same day).
pub const MIN_GAP_MS: i64 = 20 * HOUR_MS;

/// Where a digest's news starts: after the last digest sent (so nothing falls between two, whatever the retries or
/// the length of the day), else the period's own start; never more than eight days back.
pub fn since(p: &Period, last_sent_at: Option<i64>, now: i64) -> i64 {
    last_sent_at.unwrap_or(p.since).max(now - 8 * DAY_MS)
}

/// When to look again after `now`: the chosen hour of the next day that can hold a period (today, if its hour is
/// still to come), in the person's zone. Across a change of the clocks the guess may be early: `due` then says no,
/// and this is asked again from there. None when digests are off.
pub fn next_check(s: &Schedule, zones: &dyn Zones, zone: &str, now: i64) -> Option<i64> {
    if s.cadence == Cadence::Off {
        return None;
    }
    let local = now + offset_ms(zones, zone, now);
    let mut day = local.div_euclid(DAY_MS);
    if local.rem_euclid(DAY_MS) >= s.hour * HOUR_MS {
        day += 1;
    }
    if s.cadence == Cadence::Weekly {
        day += (s.weekday - weekday(day)).rem_euclid(7);
    }
    let target = day * DAY_MS + s.hour * HOUR_MS;
    let guess = target - offset_ms(zones, zone, now);
    let at = target - offset_ms(zones, zone, guess);
    Some(if at > now { at } else { now + 15 * 60_000 })
}

/// One of the person's projects in a digest: its name and counts, never its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectLine {
    pub title: String,
    /// The next session in the person's time ("2027-03-30 18:00 (Europe/Rome)").
    pub next_session: Option<String>,
    /// Homework was set for the next session (what it is stays in Tandem).
    pub homework: bool,
    /// Diaries submitted and waiting for the mentor's comment (mentors only).
    pub diaries_to_comment: i64,
    pub chat_unread: i64,
    pub messages_unread: i64,
}

impl ProjectLine {
    fn is_empty(&self) -> bool {
        self.next_session.is_none() && !self.homework && self.diaries_to_comment == 0 && self.chat_unread == 0 && self.messages_unread == 0
    }
}

/// A community the person administers, once a week: what waits for its coordinators.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coordination {
    pub community: String,
    pub to_match: i64,
    /// Projects by state (`lifecycle::State` names), the states with none left out.
    pub states: Vec<(String, i64)>,
    /// Posts reported in its rooms in the last week.
    pub reports: i64,
}

/// What a digest tells, gathered by the cron: counts and titles only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contents {
    pub projects: Vec<ProjectLine>,
    /// New threads in the rooms the person reads: (room's name, titles), at most a few each.
    pub new_threads: Vec<(String, Vec<String>)>,
    /// Threads followed "in my digest" with new replies: (title, how many).
    pub replies: Vec<(String, i64)>,
    /// What the libraries the person reads published for them (their audience), by title.
    pub library: Vec<String>,
    /// Notifications of the topics the person reads in the digest, in words.
    pub notices: Vec<String>,
    /// Other notifications of the period not read yet.
    pub unread: i64,
    pub coordination: Vec<Coordination>,
}

impl Contents {
    /// Nothing new: no digest is sent.
    pub fn is_empty(&self) -> bool {
        self.projects.iter().all(ProjectLine::is_empty)
            && self.new_threads.iter().all(|(_, t)| t.is_empty())
            && self.replies.is_empty()
            && self.library.is_empty()
            && self.notices.is_empty()
            && self.unread == 0
            && self.coordination.iter().all(|c| c.to_match == 0 && c.reports == 0 && c.states.iter().all(|(_, n)| *n == 0))
    }
}

/// The digest as an e-mail: its subject and body, in the words of the person's language, with the link to Tandem
/// and the one to stop digests.
pub fn text(c: &Contents, words: &Words, cadence: Cadence, open: &str, stop: &str) -> (String, String) {
    let subject = words.say(if cadence == Cadence::Weekly { "digest.subject_weekly" } else { "digest.subject_daily" }, &[]);
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
    let count = |key: &str, n: i64| words.count(key, n, &[]);
    for p in &c.projects {
        let mut lines = Vec::new();
        if let Some(n) = &p.next_session {
            lines.push(words.say("digest.next_session", &[("when", n)]));
        }
        if p.homework {
            lines.push(words.say("digest.homework", &[]));
        }
        for (key, n) in [("digest.diaries", p.diaries_to_comment), ("digest.chat_unread", p.chat_unread), ("digest.messages_unread", p.messages_unread)] {
            if n > 0 {
                lines.push(count(key, n));
            }
        }
        part(&p.title, lines);
    }
    part(&words.say("digest.notifications", &[]), c.notices.clone());
    for (room, titles) in &c.new_threads {
        part(&words.say("digest.new_threads", &[("room", room)]), titles.clone());
    }
    let replies = c.replies.iter().map(|(t, n)| words.count("digest.replies", *n, &[("title", t)])).collect();
    part(&words.say("digest.following", &[]), replies);
    part(&words.say("digest.library", &[]), c.library.clone());
    for k in &c.coordination {
        let mut lines = Vec::new();
        if k.to_match > 0 {
            lines.push(count("digest.to_match", k.to_match));
        }
        let states: Vec<String> =
            k.states.iter().filter(|(_, n)| *n > 0).map(|(s, n)| format!("{} {n}", words.say(&format!("digest.state.{s}"), &[]))).collect();
        if !states.is_empty() {
            lines.push(words.say("digest.by_state", &[("list", &states.join(", "))]));
        }
        if k.reports > 0 {
            lines.push(count("digest.reported", k.reports));
        }
        part(&words.say("digest.coordination", &[("community", &k.community)]), lines);
    }
    if c.unread > 0 {
        body.push_str(&count("digest.unread", c.unread));
        body.push_str("\n\n");
    }
    body.push_str(&format!("{}: {open}\n\n{}: {stop}\n", words.say("digest.open", &[]), words.say("digest.stop", &[])));
    (subject, body)
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
    fn the_next_look_is_the_next_periods_hour_across_the_change_of_the_clocks() {
        let daily = Schedule { cadence: Cadence::Daily, weekday: 0, hour: 8 };
        let next = |at: i64| next_check(&daily, &Rome, "Europe/Rome", at);
        // Saturday 27 March 2027 at 07:30 UTC (08:30 in Rome): Sunday's 08:00 is summer time, 06:00 UTC.
        assert_eq!(next(utc(2027, 3, 27, 7, 30)), Some(utc(2027, 3, 28, 6, 0)));
        // Before the hour, the same day's.
        assert_eq!(next(utc(2027, 3, 27, 5, 0)), Some(utc(2027, 3, 27, 7, 0)));
        // Every look lands where `due` opens the period, and a look at it finds the next day's.
        for start in [utc(2027, 3, 26, 12, 0), utc(2027, 10, 30, 9, 0), utc(2027, 10, 31, 0, 30)] {
            let at = next(start).unwrap();
            assert!(due(&daily, &Rome, "Europe/Rome", at).is_some() && due(&daily, &Rome, "Europe/Rome", at - 60_000).is_none(), "{start}");
        }
        let monday = Schedule { cadence: Cadence::Weekly, weekday: 0, hour: 9 };
        // Tuesday 30 March 2027: the next Monday, 5 April, 09:00 in Rome is 07:00 UTC.
        assert_eq!(next_check(&monday, &Rome, "Europe/Rome", utc(2027, 3, 30, 12, 0)), Some(utc(2027, 4, 5, 7, 0)));
        assert_eq!(next_check(&Schedule::DEFAULT, &Rome, "Europe/Rome", 0), None);
        // A daily digest on its weekday carries the week's summary.
        let p = due(&Schedule { cadence: Cadence::Daily, weekday: 0, hour: 8 }, &Rome, "Europe/Rome", utc(2027, 3, 29, 7, 0)).unwrap();
        assert!(p.weekly);
        assert!(!due(&daily, &Rome, "Europe/Rome", utc(2027, 3, 30, 7, 0)).unwrap().weekly);
    }

    #[test]
    fn news_start_after_the_last_digest_and_no_more_than_eight_days_back() {
        let p = Period { key: "d:2027-03-29".into(), since: 1_000 * DAY_MS, weekly: false };
        let now = 1_001 * DAY_MS;
        assert_eq!(since(&p, None, now), 1_000 * DAY_MS);
        assert_eq!(since(&p, Some(now - 25 * HOUR_MS), now), now - 25 * HOUR_MS, "a 25-hour day loses nothing");
        assert_eq!(since(&p, Some(now - 30 * DAY_MS), now), now - 8 * DAY_MS);
    }

    #[test]
    fn the_text_says_counts_and_titles_in_each_language() {
        let c = Contents {
            projects: vec![
                ProjectLine { title: "Carla's mentoring".into(), next_session: Some("2027-03-30 18:00 (Europe/Rome)".into()), homework: true, diaries_to_comment: 2, chat_unread: 1, messages_unread: 0 },
                ProjectLine { title: "Old one".into(), ..ProjectLine::default() },
            ],
            new_threads: vec![("Common room".into(), vec!["Welcome".into()]), ("Mentors' room".into(), vec![])],
            replies: vec![("Session agendas".into(), 3)],
            library: vec!["Giving feedback that helps".into()],
            notices: vec!["A session of \"Carla's mentoring\" was planned: check the time in your zone.".into()],
            unread: 1,
            coordination: vec![Coordination { community: "Demo".into(), to_match: 2, states: vec![("active".into(), 3), ("completed".into(), 0)], reports: 1 }],
        };
        assert!(!c.is_empty());
        let (subject, body) = text(&c, Words::english(), Cadence::Weekly, "https://t/", "https://t/stop");
        assert_eq!(subject, "Tandem: your week");
        assert_eq!(
            body,
            "Carla's mentoring\n- Next session: 2027-03-30 18:00 (Europe/Rome)\n- There is homework for the next session\n\
             - 2 diaries wait for your comment\n- 1 unread message in the chat\n\n\
             Notifications\n- A session of \"Carla's mentoring\" was planned: check the time in your zone.\n\n\
             New threads: Common room\n- Welcome\n\n\
             Threads you follow\n- Session agendas: 3 new replies\n\n\
             New in the library\n- Giving feedback that helps\n\n\
             Coordination: Demo\n- 2 requests wait to be matched\n- Projects by state: active 3\n- 1 post reported this week\n\n\
             1 other notification is waiting for you.\n\n\
             Open Tandem: https://t/\n\nTo stop these digests: https://t/stop\n"
        );
        let (subject, body) = text(&c, &Words::parse("it", include_str!("../../public/i18n/mail.it.json")).unwrap_or_else(|| Words::english().clone()), Cadence::Daily, "https://t/", "https://t/stop");
        assert_eq!(subject, "Tandem: la tua giornata");
        for words in ["Prossima sessione: 2027-03-30", "2 diari aspettano", "Nuove discussioni: Common room\n- Welcome", "3 nuove risposte", "Novità in biblioteca\n- Giving feedback", "Progetti per stato: attivi 3", "Ti aspetta un'altra notifica."] {
            assert!(body.contains(words), "{words}");
        }
        let quiet = Contents {
            projects: vec![ProjectLine { title: "x".into(), ..ProjectLine::default() }],
            new_threads: vec![("r".into(), vec![])],
            coordination: vec![Coordination { community: "c".into(), states: vec![("active".into(), 0)], ..Coordination::default() }],
            ..Contents::default()
        };
        assert!(quiet.is_empty());
    }
}
