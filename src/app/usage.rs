//! Usage reports (#13): the cron's count of each day, a community's report (and the platform's) over any period in
//! weekly buckets, and the research export.

use super::http::{ok, ApiResult, Ctx};
use super::store::usage as store;
use super::store::{Audit, Db};
use crate::domain::error::{ApiError, Invalid};
use crate::domain::usage::{self as rules, research, Daily, Feature, Week, DAY_MS};
use serde_json::{json, Value};

/// Counts yesterday (UTC) once: the cron asks every minute, and only the first ask of a day finds work. Returns
/// whether it counted.
pub async fn count_yesterday(db: &Db, now: i64) -> Result<bool, ApiError> {
    let day = now.div_euclid(DAY_MS) - 1;
    if store::counted(db, day).await? {
        return Ok(false);
    }
    let (projects, counted) = store::day_facts(db, day).await?;
    // The projects come by community (the query's order): each community's in one go.
    let mut rows: Vec<(String, Daily)> = Vec::new();
    let mut kept: Vec<(&str, rules::Kept)> = Vec::new();
    for list in projects.chunk_by(|a, b| a.community_id == b.community_id) {
        let Some(community) = list.first().map(|p| p.community_id.as_str()) else { continue };
        let n = i64::try_from(list.len()).unwrap_or(i64::MAX);
        rows.push((community.to_string(), Daily { feature: Feature::ActiveProjects, day, events: 0, people: None, projects: n }));
        let totals: Vec<(rules::Totals, Option<rules::Kept>)> = list.iter().map(|p| (p.now(), p.before())).collect();
        let (days, keep) = rules::project_days(day, &totals);
        rows.extend(days.into_iter().map(|d| (community.to_string(), d)));
        kept.extend(list.iter().map(|p| p.id.as_str()).zip(keep));
    }
    for c in counted {
        if let Some(feature) = Feature::parse(&c.feature) {
            rows.push((c.community_id, Daily { feature, day, events: c.events, people: c.people, projects: c.projects }));
        }
    }
    store::store_day(db, day, &rows, &kept, now).await
}

/// `POST /api/admin/tasks/usage`: count yesterday now (the cron does it just after midnight UTC).
pub async fn run_now(ctx: &mut Ctx) -> ApiResult {
    let counted = count_yesterday(&ctx.db, ctx.now).await?;
    ok(&json!({"counted": counted}))
}

/// The period asked for (`from`, `to` as dates; by default the last twelve whole weeks, to last Sunday), as day
/// numbers.
fn period(ctx: &Ctx) -> Result<(i64, i64), ApiError> {
    let today = ctx.now.div_euclid(DAY_MS);
    let last_sunday = rules::week_of(today) - 1;
    let day = |name: &str, default: i64| -> Result<i64, ApiError> {
        match ctx.query(name) {
            None => Ok(default),
            Some(s) => Ok(crate::domain::plan::parse_date(name, &s)?),
        }
    };
    let to = day("to", last_sunday)?;
    let from = day("from", rules::week_of(to) - 11 * 7)?;
    if from > to {
        return Err(Invalid::new("from", "out_of_range", "The period must start before it ends.").into());
    }
    if to - from > 3 * 366 {
        return Err(Invalid::new("from", "out_of_range", "Ask for at most three years at a time.").into());
    }
    Ok((from, to))
}

fn features(days: &[Daily], mondays: &[i64]) -> Value {
    let weekly = rules::weekly(days, mondays);
    let none = vec![Week::default(); mondays.len()];
    let of = |f: Feature| Feature::ALL.iter().position(|x| *x == f).and_then(|i| weekly.get(i)).unwrap_or(&none);
    let active = of(Feature::ActiveProjects);
    let mut out = serde_json::Map::new();
    for f in Feature::ALL {
        let weeks = of(f);
        let adoption = if Feature::OF_PROJECTS.contains(&f) { json!(rules::adoption(weeks, active)) } else { Value::Null };
        out.insert(f.as_str().into(), json!({"weeks": weeks, "adoption": adoption}));
    }
    Value::Object(out)
}

/// `GET /api/communities/{community}/usage`: the community's use of each feature by week, participation by role,
/// the request funnel, outcomes and the rooms' answers, over the period.
pub async fn community(ctx: &mut Ctx) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    let (from, to) = period(ctx)?;
    let mondays = rules::weeks(from, to, 160);
    let (start, end) = (from * DAY_MS, (to + 1) * DAY_MS);
    let (day_rows, paths, threads, library) = store::community_report(&ctx.db, &cid, from, to, start, end).await?;
    let days: Vec<Daily> = day_rows.iter().filter_map(store::DayRow::daily).collect();
    let within = |t: Option<i64>| t.is_some_and(|t| (start..end).contains(&t));
    let sent: Vec<rules::Path> = paths.iter().filter(|p| within(p.sent)).map(store::PathRow::path).collect();
    let finished: Vec<&store::PathRow> = paths.iter().filter(|p| within(p.completed.or(p.cancelled)) && matches!(p.state.as_str(), "completed" | "cancelled")).collect();
    #[allow(clippy::cast_precision_loss)]
    let med = |f: &dyn Fn(&store::PathRow) -> Option<f64>| rules::median(&mut finished.iter().filter(|p| p.state == "completed").filter_map(|p| f(p)).collect::<Vec<_>>());
    #[allow(clippy::cast_precision_loss)]
    let outcomes = json!({
        "completed": finished.iter().filter(|p| p.state == "completed").count(),
        "cancelled": finished.iter().filter(|p| p.state == "cancelled").count(),
        "median_days": med(&|p| Some((p.completed? - p.active?) as f64 / DAY_MS as f64)),
        "median_chat": med(&|p| Some(p.chat as f64)),
        "median_messages": med(&|p| Some(p.messages as f64)),
        "median_documents": med(&|p| Some(p.documents as f64)),
        "median_sessions": med(&|p| Some(p.sessions as f64)),
    });
    let answered = threads.iter().filter(|t| t.answered_at.is_some_and(|a| a - t.created_at <= 48 * 3_600_000)).count();
    ok(&json!({
        "from": rules::date(from),
        "to": rules::date(to),
        "weeks": mondays.iter().map(|m| rules::date(*m)).collect::<Vec<_>>(),
        "features": features(&days, &mondays),
        "funnel": rules::funnel(&sent),
        "outcomes": outcomes,
        "rooms": {"threads": threads.len(), "posts": threads.iter().map(|t| t.posts).sum::<i64>(), "answered_48h": answered},
        // The library's items most shared and cloned in the community's projects.
        "library": library,
        // Each module on or off, to set against its use.
        "modules": super::communities::modules_json(ctx.actor()?.modules),
    }))
}

/// `GET /api/admin/usage`: the platform's use of each feature by week, over every community, and each community's
/// totals over the period.
pub async fn platform(ctx: &mut Ctx) -> ApiResult {
    let (from, to) = period(ctx)?;
    let mondays = rules::weeks(from, to, 160);
    let (rows, totals, library) = store::platform_report(&ctx.db, from, to).await?;
    let days: Vec<Daily> = rows.iter().filter_map(store::DayRow::daily).collect();
    // Each community's uses of each feature over the period.
    let mut per_community: Vec<Value> = Vec::new();
    for t in &totals {
        if per_community.last().and_then(|c| c.get("id")).and_then(Value::as_str) != Some(t.id.as_str()) {
            per_community.push(json!({"id": t.id, "name": t.name, "events": {}}));
        }
        if let Some(events) = per_community.last_mut().and_then(|c| c.get_mut("events")).and_then(Value::as_object_mut) {
            events.insert(t.feature.clone(), t.events.into());
        }
    }
    ok(&json!({
        "from": rules::date(from),
        "to": rules::date(to),
        "weeks": mondays.iter().map(|m| rules::date(*m)).collect::<Vec<_>>(),
        "features": features(&days, &mondays),
        "communities": per_community,
        "library": library,
    }))
}

/// `GET /api/communities/{community}/usage/export`: one row per request sent in the period, for research: a
/// pseudonym new in each export, dates as the Monday of their week, counts from 1 to 4 as "<5". Every export is in
/// the audit log.
pub async fn export(ctx: &mut Ctx) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    let (from, to) = period(ctx)?;
    let actor = ctx.actor()?.user_id.clone();
    let after = json!({"from": rules::date(from), "to": rules::date(to)}).to_string();
    let audit_id = super::http::id(ctx.now)?;
    let look = Audit { id: &audit_id, actor: &actor, action: "usage.export", target_type: "community", target_id: &cid, after: &after, now: ctx.now };
    let paths = store::paths_audited(&ctx.db, &cid, &look).await?;
    let salt = super::http::secret()?;
    let (start, end) = (from * DAY_MS, (to + 1) * DAY_MS);
    let mut csv = String::from(
        "project,route,state,week_sent,week_matched,week_active,week_finished,declines,expired,chat_messages,private_messages,documents,sessions_held,interactions,goals\r\n",
    );
    let mut lines: Vec<String> = Vec::new();
    // Record-level rows only of projects whose every member gave research consent (#14).
    for p in paths.iter().filter(|p| p.consented != 0 && p.sent.is_some_and(|t| (start..end).contains(&t))) {
        let fields = [
            research::pseudonym(&salt, &p.id),
            p.route.clone(),
            p.state.clone(),
            research::week(p.sent),
            research::week(p.matched),
            research::week(p.active),
            research::week(p.completed.or(p.cancelled)),
            research::count(p.declines),
            (p.expired != 0).to_string(),
            research::count(p.chat),
            research::count(p.messages),
            research::count(p.documents),
            research::count(p.sessions),
            research::count(p.interactions),
            research::count(p.goals),
        ];
        lines.push(fields.iter().map(|f| research::csv(f)).collect::<Vec<_>>().join(","));
    }
    // In the pseudonyms' order: nothing of the projects' own order (their ids are time-ordered) is left to link two
    // exports by.
    lines.sort();
    for l in lines {
        csv.push_str(&l);
        csv.push_str("\r\n");
    }
    let headers = worker::Headers::new();
    headers.set("content-type", "text/csv; charset=utf-8")?;
    headers.set("content-disposition", &format!("attachment; filename=\"tandem-usage-{}-{}.csv\"", rules::date(from), rules::date(to)))?;
    headers.set("cache-control", "no-store")?;
    Ok(worker::Response::ok(csv)?.with_headers(headers))
}
