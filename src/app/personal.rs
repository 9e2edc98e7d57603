//! Personal data (#14): a person's export (asked for here, written by the cron a page at a time into R2, downloaded
//! for 7 days) and their erasure (asked for here, done by the cron after 14 days unless they log in).

use super::http::{id, json, ok, send_file, ApiResult, Ctx};
use super::store::personal::{self as store, ExportRow};
use super::store::Db;
use crate::domain::error::ApiError;
use crate::domain::mail as letter;
use crate::domain::personal::{self as rules, Cursor, Step, PLATFORM, SPACE};
use serde_json::{json, Value};
use worker::{Env, HttpMetadata};

/// Pages written per export per run of the cron (each a D1 or space read and an R2 write).
const STEPS: usize = 60;

fn view(e: Option<&ExportRow>, now: i64, consent: bool) -> Value {
    let next = rules::next_export(e.map(|e| e.asked_at), now).err();
    let export = e.filter(|e| e.state != "expired").map(|e| {
        json!({"id": e.id, "state": e.state, "asked_at": e.asked_at, "ready_at": e.ready_at, "expires_at": e.expires_at,
               "parts": if e.state == "ready" { e.parts } else { 0 }, "bytes": e.bytes})
    });
    json!({"export": export, "next_at": next, "research_consent": consent})
}

/// `GET /api/me/export`: the latest export, and when another may be asked for.
pub async fn status(ctx: &mut Ctx) -> ApiResult {
    let user = ctx.actor()?.user_id.clone();
    let (last, consent) = store::status(&ctx.db, &user).await?;
    ok(&view(last.as_ref(), ctx.now, consent))
}

crate::domain::input::input! {
    struct ConsentInput {
        given: bool,
    }
}

/// `PUT /api/me/research-consent`: gives or withdraws consent to research on record-level rows.
pub async fn consent(ctx: &mut Ctx) -> ApiResult {
    let input: ConsentInput = ctx.json().await?;
    let user = ctx.actor()?.user_id.clone();
    store::set_consent(&ctx.db, &user, input.given, ctx.now).await?;
    ok(&json!({"research_consent": input.given}))
}

/// `POST /api/me/export`: asks for a copy of everything Tandem holds about the person (one a day).
pub async fn ask(ctx: &mut Ctx) -> ApiResult {
    let user = ctx.actor()?.user_id.clone();
    let now = ctx.now;
    let last = store::last_export(&ctx.db, &user).await?;
    let once_a_day = |when: i64| ApiError {
        code: "export_once_a_day",
        message: "You asked for your data less than a day ago: you can ask again after that.".into(),
        ..ApiError::too_many(u64::try_from((when - now) / 1000).unwrap_or(1))
    };
    if let Err(when) = rules::next_export(last.as_ref().map(|e| e.asked_at), now) {
        return Err(once_a_day(when));
    }
    if !store::ask_export(&ctx.db, &id(now)?, &user, now - rules::EXPORT_EVERY_MS, now).await? {
        return Err(once_a_day(now + rules::EXPORT_EVERY_MS));
    }
    let (last, consent) = store::status(&ctx.db, &user).await?;
    json(202, &view(last.as_ref(), now, consent))
}

/// `GET /api/me/export/{export}?part=n`: one document of a ready export, to its owner only.
pub async fn part(ctx: &mut Ctx) -> ApiResult {
    let user = ctx.actor()?.user_id.clone();
    let export = ctx.param("export")?.to_string();
    let n: i64 = ctx.query("part").and_then(|p| p.parse().ok()).unwrap_or(0);
    let e = store::last_export(&ctx.db, &user).await?.filter(|e| e.id == export && e.state == "ready" && e.expires_at.is_some_and(|t| t > ctx.now));
    match e {
        Some(e) if (1..=e.parts).contains(&n) => send_file(ctx, &store::part_key(&e.id, n), &format!("tandem-data-{n:04}.json"), "application/json").await,
        _ => Err(ApiError::not_found()),
    }
}

crate::domain::input::input! {
    struct EraseInput {
        password: String,
    }
}

/// `DELETE /api/me`: the account is erased in 14 days (logging in cancels it); refused while others depend on it.
pub async fn erase(ctx: &mut Ctx) -> ApiResult {
    let input: EraseInput = ctx.json().await?;
    let user = ctx.actor()?.user_id.clone();
    let email = super::accounts::check_password(ctx, &user, "password", &input.password).await?;
    let standing = store::standing(&ctx.db, &user).await?;
    if let Some((code, message)) = rules::refusal(&standing) {
        return Err(ApiError::conflict(code, message));
    }
    let now = ctx.now;
    let on = crate::domain::calendar::iso_date(now + rules::GRACE_MS);
    let due = store::ask_erasure(&ctx.db, &user, (&id(now)?, &letter::erasure_asked(&email, &on)), now).await?;
    // Every session ended, and so every open chat socket.
    super::accounts::close_sockets(ctx, &user, true, &[]).await?;
    super::mail::deliver_soon(ctx);
    let resp = ok(&json!({"erase_at": due}))?;
    super::http::with_headers(resp, &[("set-cookie", &crate::domain::session::clear_cookie())])
}

/// The cron's part: expired exports cleared, one export advanced, one due erasure done. Each goes on whatever the
/// others did (a failure is logged, and that export or erasure is tried again after the others).
pub async fn run(env: &Env, db: &Db, now: i64, base_url: &str) -> Result<(), ApiError> {
    let bucket = env.bucket("FILES")?;
    for e in store::expired(db, now).await? {
        delete_parts(&bucket, &e.id, e.parts).await?;
        store::mark_expired(db, &e.id).await?;
    }
    // A run of the cron has a minute: an export is held for five, an erasure for ten, before another run may take it.
    if let Some(e) = store::take_working(db, now, now + 5 * 60_000).await? {
        if let Err(err) = export(env, db, &bucket, &e, now, base_url).await {
            worker::console_error!("export {}: {}", e.id, err.message);
        }
    }
    if let Some(user) = store::take_erasure(db, now, now + 10 * 60_000).await? {
        erase_now(env, db, &bucket, &user, now).await?;
    }
    Ok(())
}

/// Deletes an export's documents (their keys are known from its count).
async fn delete_parts(bucket: &worker::Bucket, export: &str, parts: i64) -> Result<(), ApiError> {
    let keys: Vec<String> = (1..=parts).map(|n| store::part_key(export, n)).collect();
    for chunk in keys.chunks(500) {
        bucket.delete_multiple(chunk.to_vec()).await?;
    }
    Ok(())
}

/// Advances an export by up to `STEPS` pages: each page of rows is one JSON document in R2, written before the
/// cursor moves past it (a failure in between writes the same document again, under the same key).
async fn export(env: &Env, db: &Db, bucket: &worker::Bucket, e: &ExportRow, now: i64, base_url: &str) -> Result<(), ApiError> {
    let Some(person) = store::person(db, &e.user_id).await? else { return Ok(()) };
    let mut c = Cursor { holding: usize::try_from(e.holding).unwrap_or(usize::MAX), after: e.after, project: e.project.clone(), parts: e.parts };
    let mut bytes = e.bytes;
    for _ in 0..STEPS {
        let (index, page) = match rules::step(&c) {
            Step::Platform(i) => {
                let h = PLATFORM.get(i).ok_or_else(ApiError::internal)?;
                let (mut rows, last) = store::page(db, h, &e.user_id, &person.email, c.after).await?;
                for row in &mut rows {
                    rules::link(h.table, "", row);
                }
                (i, (rows, last))
            }
            Step::Space(i) => {
                let asked = json!({"holding": i, "after": c.after});
                let got = super::space::client::call(env, &c.project, &e.user_id, "/personal/page", &asked).await?.map_err(|_| ApiError::internal())?;
                let rows = got.get("rows").and_then(Value::as_array).cloned().unwrap_or_default();
                (PLATFORM.len() + i, (rows, got.get("last").and_then(Value::as_i64)))
            }
            Step::NextProject => match store::projects_after(db, &e.user_id, &c.project).await?.into_iter().next() {
                Some(p) => {
                    c = Cursor { holding: PLATFORM.len(), after: 0, project: p, parts: c.parts };
                    continue;
                }
                None => {
                    let until = crate::domain::calendar::iso_date(now + rules::EXPORT_KEEP_MS);
                    let mail = letter::export_ready(&person.email, &format!("{base_url}/account/data"), &until);
                    return store::finish(db, &e.id, (&id(now)?, &mail), now).await;
                }
            },
        };
        let (rows, last) = page;
        let table = if index < PLATFORM.len() { PLATFORM.get(index).map(|h| h.table) } else { SPACE.get(index - PLATFORM.len()).map(|h| h.table) };
        match last {
            Some(last) => {
                c.parts += 1;
                let full = last != i64::MAX && i64::try_from(rows.len()).unwrap_or(0) >= rules::PAGE;
                let doc = json!({"export": e.id, "part": c.parts, "table": table, "project": (!c.project.is_empty()).then_some(&c.project), "rows": rows});
                let body = doc.to_string();
                bytes += i64::try_from(body.len()).unwrap_or(0);
                bucket
                    .put(store::part_key(&e.id, c.parts), body)
                    .http_metadata(HttpMetadata { content_type: Some("application/json".into()), ..Default::default() })
                    .execute()
                    .await?;
                if full {
                    c.after = last;
                } else {
                    c.holding = index + 1;
                    c.after = 0;
                }
            }
            None => {
                c.holding = index + 1;
                c.after = 0;
            }
        }
        store::advance(db, &e.id, &c, bytes).await?;
    }
    store::release(db, &e.id).await
}

/// Erases an account whose 14 days have passed: each project's space first (its files only they uploaded go from
/// R2), then what D1 and R2 hold, in one batch.
async fn erase_now(env: &Env, db: &Db, bucket: &worker::Bucket, user: &str, now: i64) -> Result<(), ApiError> {
    let Some(person) = store::person(db, user).await? else { return Ok(()) };
    // What was true when it was asked for may not be now (another admin or mentor left meanwhile).
    if let Some((code, _)) = rules::refusal(&store::standing(db, user).await?) {
        worker::console_error!("erasure of {user} dropped: {code}");
        return store::drop_erasure(db, user).await;
    }
    let mut keys = store::own_keys(db, user).await?;
    for p in store::all_projects(db, user).await? {
        let quoted: Vec<&str> = [person.display_name.as_str(), p.title.as_str()].into_iter().filter(|t| !t.is_empty()).collect();
        let erase = json!({"mentor": p.mentor != 0, "mentee": p.mentee != 0, "quoted": quoted});
        let got = super::space::client::call(env, &p.project_id, user, "/personal/erase", &erase).await?.map_err(|_| ApiError::internal())?;
        let found = got.get("r2_keys").and_then(Value::as_array).cloned().unwrap_or_default();
        keys.extend(found.iter().filter_map(Value::as_str).map(str::to_string));
    }
    for e in store::exports_of(db, user).await? {
        keys.extend((1..=e.parts).map(|n| store::part_key(&e.id, n)));
    }
    for chunk in keys.chunks(500) {
        bucket.delete_multiple(chunk.to_vec()).await?;
    }
    scrub_archive(db, bucket, user).await?;
    store::erase(db, user, &person.email, &id(now)?, now).await
}

/// The audit entries archived to R2 made as the erasure makes those in D1 (`rules::scrub_audit`): each chunk that
/// names the person is written again. Done before D1's erasure, so a failure here is done again at the next run (and
/// while the erasure runs, entries naming them stay in D1: `store::retention::old_audit`).
async fn scrub_archive(db: &Db, bucket: &worker::Bucket, user: &str) -> Result<(), ApiError> {
    for key in super::store::retention::archived_naming(db, user).await? {
        let Some(got) = bucket.get(&key).execute().await? else { continue };
        let Some(body) = got.body() else { continue };
        let text = body.text().await?;
        let mut changed = false;
        let mut out = String::with_capacity(text.len());
        for line in text.lines() {
            let mut entry = serde_json::from_str::<Value>(line).unwrap_or(Value::Null);
            if rules::scrub_audit(&mut entry, user) {
                changed = true;
                out.push_str(&entry.to_string());
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        if changed {
            bucket.put(&key, out).http_metadata(super::store::retention::audit_archive_meta()).execute().await?;
        }
    }
    Ok(())
}
