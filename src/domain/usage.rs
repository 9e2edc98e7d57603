//! Usage reports (#13): what each feature is used for, counted once a day per community from what Tandem already
//! stores (no new tracking of people), folded into weekly buckets; the request funnel with its median days per step;
//! outcomes; and the research export's rules (per-export pseudonyms, dates rounded to the week, small counts hidden).
//! Pure: the cron and the report gather the rows and ask.

use super::calendar::{civil_from_days, weekday};

pub const DAY_MS: i64 = 86_400_000;

/// What is counted, per community and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Feature {
    /// Requests and their lifecycle (sent, matched, accepted, ...): events, people acting, projects.
    Requests,
    /// Each project's chat (messages; the projects whose chat moved).
    Chat,
    /// Private messages between a project's members.
    Messages,
    /// Documents in a project's folder.
    Documents,
    /// Contract versions proposed or signed.
    Contract,
    /// Goals set.
    Goals,
    /// Sessions held.
    Sessions,
    /// Interactions counted (sessions with a diary, confirmed interactions, two-sided chat days).
    Interactions,
    /// Evaluation forms answered.
    Evaluations,
    /// Posts in the discussion rooms (people: their authors).
    Rooms,
    /// People active that day, by role (events: how many).
    ActiveMentors,
    ActiveMentees,
    ActiveAdmins,
    /// Projects active at the end of the day (projects: how many).
    ActiveProjects,
}

impl Feature {
    pub const ALL: [Feature; 14] = [
        Feature::Requests,
        Feature::Chat,
        Feature::Messages,
        Feature::Documents,
        Feature::Contract,
        Feature::Goals,
        Feature::Sessions,
        Feature::Interactions,
        Feature::Evaluations,
        Feature::Rooms,
        Feature::ActiveMentors,
        Feature::ActiveMentees,
        Feature::ActiveAdmins,
        Feature::ActiveProjects,
    ];
    /// The features a project uses (their adoption is the share of active projects using them).
    pub const OF_PROJECTS: [Feature; 8] =
        [Feature::Chat, Feature::Messages, Feature::Documents, Feature::Contract, Feature::Goals, Feature::Sessions, Feature::Interactions, Feature::Evaluations];

    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Requests => "requests",
            Feature::Chat => "chat",
            Feature::Messages => "messages",
            Feature::Documents => "documents",
            Feature::Contract => "contract",
            Feature::Goals => "goals",
            Feature::Sessions => "sessions",
            Feature::Interactions => "interactions",
            Feature::Evaluations => "evaluations",
            Feature::Rooms => "rooms",
            Feature::ActiveMentors => "active_mentors",
            Feature::ActiveMentees => "active_mentees",
            Feature::ActiveAdmins => "active_admins",
            Feature::ActiveProjects => "active_projects",
        }
    }
    pub fn parse(s: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// A project's running totals, as its space last pushed them and as the process's figures say: each day's use is
/// what they grew by since the day before.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub chat: i64,
    pub messages: i64,
    pub documents: i64,
    pub contract: i64,
    pub goals: i64,
    pub sessions: i64,
    pub interactions: i64,
}

impl Totals {
    /// What grew since `before`, per feature (a total that fell, a document deleted, counts as no use).
    pub fn grown(&self, before: &Totals) -> [(Feature, i64); 7] {
        let up = |now: i64, was: i64| (now - was).max(0);
        [
            (Feature::Chat, up(self.chat, before.chat)),
            (Feature::Messages, up(self.messages, before.messages)),
            (Feature::Documents, up(self.documents, before.documents)),
            (Feature::Contract, up(self.contract, before.contract)),
            (Feature::Goals, up(self.goals, before.goals)),
            (Feature::Sessions, up(self.sessions, before.sessions)),
            (Feature::Interactions, up(self.interactions, before.interactions)),
        ]
    }
}

/// One day's count of a feature in a community.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Daily {
    pub feature: Feature,
    pub day: i64,
    pub events: i64,
    /// People acting (None where it is not known: a project's space counts use, not people).
    pub people: Option<i64>,
    pub projects: i64,
}

/// What was last kept of a project: its totals, and the features it used in the week they were counted in (a
/// bit per feature of `Totals::grown`, in its order).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Kept {
    pub totals: Totals,
    /// The Monday of that week.
    pub week: i64,
    pub used: i64,
}

/// The day's counts of a community's project features, from each project's totals now and as last kept (`None`:
/// first seen, so its totals are only kept: its history is not one day's use). Events: what the totals grew by;
/// projects: how many used the feature this week so far (so a week's count is its last day's). Also what to keep
/// of each project, in the same order.
pub fn project_days(day: i64, projects: &[(Totals, Option<Kept>)]) -> (Vec<Daily>, Vec<Kept>) {
    let week = week_of(day);
    let mut events = [0i64; 7];
    let mut using = [0i64; 7];
    let mut kept = Vec::with_capacity(projects.len());
    for (now, before) in projects {
        let grown = before.map_or([0; 7], |b| now.grown(&b.totals).map(|(_, n)| n));
        let today = grown.iter().enumerate().filter(|(_, n)| **n > 0).fold(0, |m, (i, _)| m | (1 << i));
        let used = match before {
            Some(b) if b.week == week => b.used | today,
            _ => today,
        };
        for i in 0..7 {
            if let (Some(e), Some(u), Some(g)) = (events.get_mut(i), using.get_mut(i), grown.get(i)) {
                *e += g;
                *u += (used >> i) & 1;
            }
        }
        kept.push(Kept { totals: *now, week, used });
    }
    let features = Totals::default().grown(&Totals::default()).map(|(f, _)| f);
    let days = features.iter().zip(events.iter().zip(using.iter())).map(|(f, (e, u))| Daily { feature: *f, day, events: *e, people: None, projects: *u }).collect();
    (days, kept)
}

/// The Monday (a day number) of the week a day is in.
pub fn week_of(day: i64) -> i64 {
    day - weekday(day)
}

/// A day number as `YYYY-MM-DD`.
pub fn date(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A week's totals of one feature.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Week {
    pub events: i64,
    /// The most projects using it on one day, and the most people on one day (people: None where unknown).
    pub projects: i64,
    pub people: Option<i64>,
    /// Days of the week with a count (for the "per day" averages).
    pub days: i64,
}

/// The Mondays from `from`'s week to `to`'s, at most `max` of them (the latest kept).
pub fn weeks(from: i64, to: i64, max: usize) -> Vec<i64> {
    let mut out: Vec<i64> = (0..).map(|i| week_of(from) + 7 * i).take_while(|w| *w <= to).collect();
    if out.len() > max {
        out.drain(..out.len() - max);
    }
    out
}

/// Each feature's weeks (in `Feature::ALL`'s order), every week present (zero when nothing was counted).
pub fn weekly(days: &[Daily], mondays: &[i64]) -> Vec<Vec<Week>> {
    let mut out: Vec<Vec<Week>> = Feature::ALL.iter().map(|_| vec![Week::default(); mondays.len()]).collect();
    for d in days {
        let Some(i) = mondays.iter().position(|m| *m == week_of(d.day)) else { continue };
        let f = Feature::ALL.iter().position(|f| *f == d.feature);
        if let Some(w) = f.and_then(|f| out.get_mut(f)).and_then(|v| v.get_mut(i)) {
            w.events += d.events;
            w.projects = w.projects.max(d.projects);
            w.people = match (w.people, d.people) {
                (None, p) => p,
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, None) => a,
            };
            w.days += 1;
        }
    }
    out
}

/// A feature's adoption each week: the share (0 to 1, in thousandths) of the active projects that used it.
pub fn adoption(feature: &[Week], active: &[Week]) -> Vec<Option<i64>> {
    feature.iter().zip(active).map(|(f, a)| (a.projects > 0).then(|| (f.projects * 1000 / a.projects).min(1000))).collect()
}

/// The median, to a tenth (None for none).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let m = if n % 2 == 1 { *values.get(n / 2)? } else { (*values.get(n / 2 - 1)? + *values.get(n / 2)?) / 2.0 };
    Some((m * 10.0).round() / 10.0)
}

/// A request's way through the funnel: when it first reached each step (ms), and how it ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path {
    pub sent: Option<i64>,
    pub matched: Option<i64>,
    pub accepted: Option<i64>,
    pub active: Option<i64>,
    pub completed: Option<i64>,
    pub cancelled: Option<i64>,
    pub declines: i64,
    pub expired: bool,
    pub withdrawn: bool,
}

pub const STEPS: [&str; 5] = ["sent", "matched", "accepted", "active", "completed"];

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Step {
    pub step: &'static str,
    /// Requests that reached it.
    pub reached: i64,
    /// Median days from the step before (None for the first, or when none reached it).
    pub median_days: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Funnel {
    pub steps: Vec<Step>,
    pub declines: i64,
    pub expired: i64,
    pub withdrawn: i64,
}

pub fn funnel(paths: &[Path]) -> Funnel {
    let at = |p: &Path, i: usize| match i {
        0 => p.sent,
        1 => p.matched,
        2 => p.accepted,
        3 => p.active,
        _ => p.completed,
    };
    let steps = STEPS
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let reached = paths.iter().filter(|p| at(p, i).is_some()).count();
            #[allow(clippy::cast_precision_loss)]
            let mut gaps: Vec<f64> = paths
                .iter()
                .filter_map(|p| match (i.checked_sub(1).and_then(|b| at(p, b)), at(p, i)) {
                    (Some(a), Some(b)) if b >= a => Some((b - a) as f64 / DAY_MS as f64),
                    _ => None,
                })
                .collect();
            Step { step, reached: i64::try_from(reached).unwrap_or(i64::MAX), median_days: median(&mut gaps) }
        })
        .collect();
    let count = |f: &dyn Fn(&Path) -> bool| i64::try_from(paths.iter().filter(|p| f(p)).count()).unwrap_or(i64::MAX);
    Funnel { steps, declines: paths.iter().map(|p| p.declines).sum(), expired: count(&|p| p.expired), withdrawn: count(&|p| p.withdrawn) }
}

/// The research export's rules.
pub mod research {
    /// A count as the export shows it: those from 1 to 4 as "<5" (0 stays 0: nothing to single out).
    pub fn count(n: i64) -> String {
        if (1..5).contains(&n) { "<5".into() } else { n.to_string() }
    }
    /// A time as the Monday of its week (`YYYY-MM-DD`), or "" for none.
    pub fn week(ms: Option<i64>) -> String {
        ms.map(|t| super::date(super::week_of(t.div_euclid(super::DAY_MS)))).unwrap_or_default()
    }
    /// A pseudonym for an id, new in each export (`salt` is the export's secret): the same id reads the same within
    /// an export, differently in the next, and never leads back to the id.
    pub fn pseudonym(salt: &str, id: &str) -> String {
        let h = crate::domain::token::sha256_hex(&format!("{salt}:{id}"));
        format!("P-{}", h.get(..10).unwrap_or(&h))
    }
    /// A CSV field: quoted when it holds a comma, a quote or a line break; a leading =, +, - or @ is kept as text.
    pub fn csv(field: &str) -> String {
        let safe = if field.starts_with(['=', '+', '-', '@']) { format!("'{field}") } else { field.to_string() };
        if safe.contains([',', '"', '\n', '\r']) { format!("\"{}\"", safe.replace('"', "\"\"")) } else { safe }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::days_from_civil;

    #[test]
    fn a_days_use_is_what_each_projects_totals_grew_by_and_a_week_counts_each_project_once() {
        let monday = days_from_civil(2026, 11, 2);
        let before = Kept { totals: Totals { chat: 10, messages: 2, documents: 3, ..Totals::default() }, week: monday, used: 0 };
        let now = Totals { chat: 15, messages: 2, documents: 2, sessions: 1, ..Totals::default() };
        let fresh = Totals { chat: 4, ..Totals::default() };
        let (d, kept) = project_days(monday, &[(now, Some(before)), (fresh, None)]);
        let of = |d: &[Daily], f: Feature| d.iter().find(|x| x.feature == f).map(|x| (x.events, x.projects));
        assert_eq!(of(&d, Feature::Chat), Some((5, 1)), "a project first seen is only kept: its history is not today's");
        assert_eq!(of(&d, Feature::Documents), Some((0, 0)), "a deletion is no use");
        assert_eq!(of(&d, Feature::Sessions), Some((1, 1)));
        assert!(d.iter().all(|x| x.people.is_none() && x.day == monday));
        assert_eq!(kept[1], Kept { totals: fresh, week: monday, used: 0 });
        // Tuesday: the second project chats, the first does not: two projects chatted this week.
        let (d, kept) = project_days(monday + 1, &[(now, Some(kept[0])), (Totals { chat: 6, ..fresh }, Some(kept[1]))]);
        assert_eq!(of(&d, Feature::Chat), Some((2, 2)));
        assert_eq!(of(&d, Feature::Sessions), Some((0, 1)), "the session was this week");
        // Next Monday: a new week.
        let (d, _) = project_days(monday + 7, &[(now, Some(kept[0]))]);
        assert_eq!(of(&d, Feature::Chat), Some((0, 0)));
    }

    #[test]
    fn weeks_start_on_monday_and_every_week_is_there() {
        let monday = days_from_civil(2026, 10, 26);
        assert_eq!(week_of(monday + 6), monday);
        assert_eq!(date(monday), "2026-10-26");
        let mondays = weeks(monday + 2, monday + 20, 52);
        assert_eq!(mondays, vec![monday, monday + 7, monday + 14]);
        assert_eq!(weeks(monday, monday + 70, 2), vec![monday + 63, monday + 70], "the latest kept");
        let days = vec![
            Daily { feature: Feature::Chat, day: monday + 1, events: 3, people: None, projects: 1 },
            Daily { feature: Feature::Chat, day: monday + 2, events: 4, people: None, projects: 2 },
            Daily { feature: Feature::ActiveProjects, day: monday + 2, events: 0, people: None, projects: 4 },
            Daily { feature: Feature::Rooms, day: monday + 15, events: 2, people: Some(2), projects: 0 },
            Daily { feature: Feature::Rooms, day: monday + 99, events: 9, people: Some(9), projects: 0 },
        ];
        let w = weekly(&days, &mondays);
        let of = |f: Feature| w.get(Feature::ALL.iter().position(|x| *x == f).unwrap()).unwrap();
        let chat = of(Feature::Chat);
        assert_eq!(chat.iter().map(|x| (x.events, x.projects)).collect::<Vec<_>>(), vec![(7, 2), (0, 0), (0, 0)]);
        assert_eq!(of(Feature::Rooms).iter().map(|x| x.people).collect::<Vec<_>>(), vec![None, None, Some(2)]);
        assert_eq!(adoption(chat, of(Feature::ActiveProjects)), vec![Some(500), None, None]);
    }

    #[test]
    fn the_funnel_counts_each_step_and_the_median_days_between() {
        let d = |n: i64| Some(n * DAY_MS);
        let paths = vec![
            Path { sent: d(0), matched: d(2), accepted: d(5), active: d(5), completed: d(95), ..Path::default() },
            Path { sent: d(0), matched: d(4), accepted: d(6), active: d(6), ..Path::default() },
            Path { sent: d(1), matched: d(2), declines: 2, ..Path::default() },
            Path { sent: d(3), expired: true, ..Path::default() },
            Path { sent: d(3), withdrawn: true, ..Path::default() },
        ];
        let f = funnel(&paths);
        assert_eq!(f.steps.iter().map(|s| s.reached).collect::<Vec<_>>(), vec![5, 3, 2, 2, 1]);
        assert_eq!(f.steps.iter().map(|s| s.median_days).collect::<Vec<_>>(), vec![None, Some(2.0), Some(2.5), Some(0.0), Some(90.0)]);
        assert_eq!((f.declines, f.expired, f.withdrawn), (2, 1, 1));
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
    }

    #[test]
    fn the_research_export_hides_small_counts_rounds_dates_and_renames_per_export() {
        assert_eq!([0, 1, 4, 5, 12].map(research::count), ["0", "<5", "<5", "5", "12"]);
        let wed = days_from_civil(2026, 10, 28) * DAY_MS + 3_600_000;
        assert_eq!(research::week(Some(wed)), "2026-10-26");
        assert_eq!(research::week(None), "");
        let a = research::pseudonym("salt-1", "e0000000000000000000000a1c1c");
        assert_eq!(a, research::pseudonym("salt-1", "e0000000000000000000000a1c1c"));
        assert_ne!(a, research::pseudonym("salt-2", "e0000000000000000000000a1c1c"));
        assert!(a.starts_with("P-") && a.len() == 12 && !a.contains("a1c1c"));
        assert_eq!(research::csv("a,b"), "\"a,b\"");
        assert_eq!(research::csv("=cmd()"), "'=cmd()");
        assert_eq!(research::csv("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
