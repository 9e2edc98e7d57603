//! My notifications and my notification preferences.

use super::http::{no_content, ok, ApiResult, Ctx};
use super::store::notifications as notes;
use super::store::paginate;
use crate::domain::digest::{self, Schedule};
use crate::domain::error::Invalid;
use crate::domain::notifications::{Delivery, Topic};
use serde_json::json;

pub async fn notifications(ctx: &mut Ctx) -> ApiResult {
    let me = ctx.actor()?.user_id.clone();
    let (limit, cursor) = ctx.page()?;
    let (rows, unread, email) = notes::list(&ctx.db, &me, &cursor, limit).await?;
    let (items, next) = paginate(rows, limit, |n| n.id.clone());
    ok(&json!({"items": items, "next_cursor": next, "unread": unread, "email_notifications": email}))
}

crate::domain::input::input! {
    #[derive(Default)]
    struct ReadInput {
        ids: Vec<String>,
    }
}

pub async fn mark_read(ctx: &mut Ctx) -> ApiResult {
    let input: ReadInput = ctx.json().await?;
    if input.ids.len() > 200 || !input.ids.iter().all(|i| crate::domain::token::is_id_shaped(i)) {
        return Err(Invalid::new("ids", "not_in_list", "Send up to 200 notification ids, or none to mark all read.").into());
    }
    let me = ctx.actor()?.user_id.clone();
    notes::mark_read(&ctx.db, &me, &input.ids, ctx.now).await?;
    no_content()
}

crate::domain::input::input! {
    struct TopicInput {
        topic: String,
        delivery: String,
    }
}

crate::domain::input::input! {
    struct Prefs {
        email_notifications: Option<bool>,
        language: Option<String>,
        language_chosen: Option<bool>,
        topics: Vec<TopicInput>,
        digest_cadence: Option<String>,
        digest_weekday: Option<i64>,
        digest_hour: Option<i64>,
    }
}

/// `GET /api/me/preferences`: e-mail on or off, the language, how each topic is heard of, the digest's schedule and
/// the zone it keeps.
pub async fn get_preferences(ctx: &mut Ctx) -> ApiResult {
    let me = ctx.actor()?.user_id.clone();
    let (p, topics) = notes::preferences(&ctx.db, &me).await?;
    ok(&view(&p, &topics))
}

fn view(p: &notes::PrefsRow, topics: &[notes::TopicRow]) -> serde_json::Value {
    let by_topic: serde_json::Map<String, serde_json::Value> = Topic::ALL
        .iter()
        .map(|t| {
            let d = topics.iter().find(|r| r.topic == t.as_str()).map_or("instant", |r| r.delivery.as_str());
            (t.as_str().to_string(), json!(d))
        })
        .collect();
    let s = p.cadence.as_deref().and_then(|c| Schedule::parse(c, p.weekday.unwrap_or(0), p.hour.unwrap_or(8)).ok()).unwrap_or(Schedule::DEFAULT);
    json!({
        "email_notifications": p.email_notifications.is_none_or(|e| e != 0),
        "language": p.language,
        "language_chosen": p.language_chosen.is_some_and(|c| c != 0),
        "zone": p.zone.clone().unwrap_or_default(),
        "topics": by_topic,
        "digest": {"cadence": s.cadence.as_str(), "weekday": s.weekday, "hour": s.hour},
    })
}

/// `PUT /api/me/preferences`: what is given changes, the rest stays; answers the preferences as they now are.
pub async fn preferences(ctx: &mut Ctx) -> ApiResult {
    let input: Prefs = ctx.json().await?;
    let language = match input.language.as_deref() {
        None => None,
        Some(l) => Some((
            crate::domain::words::LANGUAGES.contains(&l).then_some(l).ok_or_else(|| Invalid::new("language", "not_in_list", "Choose one of the values offered."))?,
            input.language_chosen.unwrap_or(true),
        )),
    };
    let mut topics = Vec::new();
    for (i, t) in input.topics.iter().enumerate() {
        let topic = Topic::parse(&t.topic).ok_or_else(|| Invalid::new(format!("topics.{i}.topic"), "not_in_list", "Choose one of the topics offered."))?;
        let delivery = Delivery::parse(&t.delivery)
            .ok_or_else(|| Invalid::new(format!("topics.{i}.delivery"), "not_in_list", "Choose instant, digest or off."))?;
        topics.push((topic, delivery));
    }
    let me = ctx.actor()?.user_id.clone();
    let (before, _) = notes::preferences(&ctx.db, &me).await?;
    let digest = if input.digest_cadence.is_some() || input.digest_weekday.is_some() || input.digest_hour.is_some() {
        let cadence = input.digest_cadence.as_deref().or(before.cadence.as_deref()).unwrap_or("off");
        let s = Schedule::parse(cadence, input.digest_weekday.or(before.weekday).unwrap_or(0), input.digest_hour.or(before.hour).unwrap_or(8))
            .map_err(|mut e| {
                e.field = format!("digest_{}", e.field);
                e
            })?;
        // The first digest is the next period's: choosing 08:00 at 10:00 starts tomorrow.
        let zone = before.zone.clone().unwrap_or_default();
        Some((s, digest::next_check(&s, &super::zones::IntlZones::default(), &zone, ctx.now)))
    } else {
        None
    };
    let changes = notes::Changes { email: input.email_notifications, language, topics: &topics, digest };
    notes::set_preferences(&ctx.db, &me, &changes, ctx.now).await?;
    let (p, topics) = notes::preferences(&ctx.db, &me).await?;
    ok(&view(&p, &topics))
}
