//! Digest e-mails (#13): the cron's pass over the people whose digest falls due, each period's digest gathered
//! from D1 and the projects' spaces and queued once through the outbox; and the link that stops them.

use super::http::{no_content, ApiResult, Ctx};
use super::space::{client, DigestFacts};
use super::store::{digest as store, Db};
use super::zones::IntlZones;
use crate::domain::digest::{self, Contents, Coordination, Period, ProjectLine, Schedule};
use crate::domain::error::ApiError;
use crate::domain::forum::Audience;
use crate::domain::mail::{secret_link, Mail};
use crate::domain::notifications::{Delivery, Kind};
use crate::domain::words::Words;
use crate::domain::token::sha256_hex;

/// At most this many people a pass (the cron runs every minute; the rest wait for the next): each asks its projects'
/// spaces (at most 20), and a cron invocation has a budget of subrequests.
const PER_PASS: i64 = 10;
/// A person whose digest could not be made is looked at again this much later.
const RETRY_MS: i64 = 15 * 60_000;

/// Looks at every person whose digest may be due: sends the period's digest once (nothing when there is nothing to
/// tell), and says when to look next. Returns how many digests were queued.
pub async fn pass(env: &worker::Env, db: &Db, now: i64, base_url: &str) -> Result<usize, ApiError> {
    let zones = IntlZones::default();
    let mut catalogues = super::words::Catalogues::default();
    let mut queued = 0;
    for r in store::due(db, now, PER_PASS).await? {
        let schedule = Schedule::parse(&r.cadence, r.weekday, r.hour).unwrap_or(Schedule::DEFAULT);
        let next = digest::next_check(&schedule, &zones, &r.zone, now);
        let recent = r.last_sent_at.is_some_and(|t| now - t < digest::MIN_GAP_MS);
        let period = digest::due(&schedule, &zones, &r.zone, now).filter(|p| r.status == "active" && !recent && r.last_key.as_deref() != Some(p.key.as_str()));
        let Some(period) = period else {
            store::later(db, &r.user_id, next, None).await?;
            continue;
        };
        let words = catalogues.get(env, r.language.as_deref().unwrap_or("en")).await;
        match one(env, db, &r, (&schedule, &period, next), words, now, base_url, &zones).await {
            Ok(true) => queued += 1,
            Ok(false) => {}
            Err(e) => {
                worker::console_error!("digest for {}: {}", r.user_id, e.message);
                store::later(db, &r.user_id, Some(now + RETRY_MS), None).await?;
            }
        }
    }
    Ok(queued)
}

#[allow(clippy::too_many_arguments)]
async fn one(
    env: &worker::Env,
    db: &Db,
    r: &store::DueRow,
    (schedule, period, next): (&Schedule, &Period, Option<i64>),
    words: &Words,
    now: i64,
    base_url: &str,
    zones: &IntlZones,
) -> Result<bool, ApiError> {
    let f = store::facts(db, &r.user_id, digest::since(period, r.last_sent_at, now), period.weekly, now).await?;
    let ids: Vec<String> = f.projects.iter().map(|p| p.id.clone()).collect();
    let spaces = client::call_many(env, &ids, &r.user_id, "/digest", &serde_json::json!({"at": now})).await;
    // A project's space that did not answer: the digest waits for it (tried again later), rather than go out wrong.
    if spaces.iter().any(Option::is_none) {
        return Err(ApiError::new(503, "space_unavailable", "A project's space did not answer."));
    }
    let projects = f
        .projects
        .iter()
        .zip(spaces)
        .map(|(p, space)| {
            let s: Option<DigestFacts> = space.and_then(|v| serde_json::from_value(v).ok());
            ProjectLine {
                title: p.title.clone(),
                next_session: s.as_ref().and_then(|s| s.next_session_at).map(|at| local_time(zones, &r.zone, at)),
                homework: s.as_ref().is_some_and(|s| s.homework),
                diaries_to_comment: s.as_ref().filter(|_| p.role == "mentor" && p.diary_off == 0).map_or(0, |s| s.diaries_to_comment),
                chat_unread: s.as_ref().map_or(0, |s| s.chat_unread),
                messages_unread: s.as_ref().map_or(0, |s| s.messages_unread),
            }
        })
        .collect();
    let (notices, unread) = sort_notices(&f, words);
    let contents = Contents { projects, new_threads: threads(&f.threads, words), replies: f.replies.iter().map(|x| (x.title.clone(), x.n)).collect(),
        library: f.library.iter().filter_map(|v| v.get("title").and_then(serde_json::Value::as_str).map(str::to_string)).collect(), notices, unread, coordination: coordination(&f.coordination) };
    if contents.is_empty() {
        store::later(db, &r.user_id, next, Some(&period.key)).await?;
        return Ok(false);
    }
    // The link's secret is made when the mail is sent (only its hash is stored); until then a placeholder's hash.
    let placeholder = super::http::secret()?;
    let (subject, body) = digest::text(&contents, words, schedule.cadence, &format!("{base_url}/"), &secret_link(base_url, "/unsubscribe"));
    let mail = Mail { to: r.email.clone(), subject, body, made: String::new() };
    let id = super::http::id(now)?;
    let link_hash = sha256_hex(&placeholder);
    store::send(db, &store::Outgoing { user: &r.user_id, key: &period.key, next_at: next, mail: &mail, id: &id, link_hash: &link_hash }, now).await
}

/// "2027-03-30 18:00 (Europe/Rome)": a time in the person's zone, named.
fn local_time(zones: &IntlZones, zone: &str, at: i64) -> String {
    let zone_name = if zone.is_empty() { "UTC" } else { zone };
    format!("{} ({zone_name})", crate::domain::plan::local_label(zones, zone, at))
}

/// The period's unread notifications: those of the topics read in the digest, in words (at most ten); how many
/// others.
fn sort_notices(f: &store::Facts, words: &Words) -> (Vec<String>, i64) {
    let mut lines = Vec::new();
    let mut others = 0;
    for n in &f.notices {
        let Some(kind) = Kind::parse(&n.kind) else { continue };
        let delivery = f.topics.iter().find(|t| t.topic == kind.topic().as_str()).and_then(|t| Delivery::parse(&t.delivery));
        if delivery == Some(Delivery::Digest) && lines.len() < 10 && !kind.points_at_note() {
            lines.push(kind.sentence(words, &n.title));
        } else {
            others += 1;
        }
    }
    (lines, others)
}

/// New threads by room ("Demo Community · Common room"), at most five titles each.
fn threads(rows: &[store::NewThread], words: &Words) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for t in rows {
        let room = Audience::parse(&t.audience).map_or(t.audience.clone(), |a| words.say(&format!("room.{}", a.as_str()), &[]));
        let name = format!("{} \u{b7} {room}", t.community);
        match out.last_mut() {
            Some((n, titles)) if *n == name => {
                if titles.len() < 5 {
                    titles.push(t.title.clone());
                }
            }
            _ => out.push((name, vec![t.title.clone()])),
        }
    }
    out
}

fn coordination(rows: &[store::StateCount]) -> Vec<Coordination> {
    let mut out: Vec<(String, Coordination)> = Vec::new();
    for r in rows {
        if out.last().is_none_or(|(id, _)| *id != r.community_id) {
            out.push((r.community_id.clone(), Coordination { community: r.community.clone(), reports: r.reports, ..Coordination::default() }));
        }
        if let (Some((_, c)), Some(state)) = (out.last_mut(), &r.state) {
            if state == "awaiting_match" {
                c.to_match = r.n;
            }
            c.states.push((state.clone(), r.n));
        }
    }
    out.into_iter().map(|(_, c)| c).collect()
}

/// `POST /api/digest/unsubscribe?token=…`: the digest's link (the page it opens posts here), and the mail's
/// one-click `List-Unsubscribe-Post` (RFC 8058, which posts `List-Unsubscribe=One-Click` and no Origin). Stops the
/// person's digests; an unknown or expired link is refused and changes nothing.
pub async fn unsubscribe(ctx: &mut Ctx) -> ApiResult {
    // The mail program's post carries the token in the address (and a form body, not read); the page, in its body.
    let token = match ctx.query("token") {
        Some(t) => t,
        None => ctx.json::<TokenInput>().await?.token.unwrap_or_default(),
    };
    if !store::unsubscribe(&ctx.db, &sha256_hex(&token), ctx.now).await? {
        return Err(ApiError::bad_request("token_invalid", "This link is invalid or expired. Change your digests in your notification settings.").with_field("token"));
    }
    no_content()
}

crate::domain::input::input! {
    struct TokenInput {
        token: Option<String>,
    }
}

/// `POST /api/admin/tasks/digests`: the digests' pass now (the cron runs it each minute; tests drive it with the
/// injected clock).
pub async fn run_now(ctx: &mut Ctx) -> ApiResult {
    let queued = pass(&ctx.env, &ctx.db, ctx.now, &ctx.base_url).await?;
    super::mail::deliver_soon(ctx);
    super::http::ok(&serde_json::json!({"queued": queued}))
}
