//! Evaluation and feedback (#12): rounds of forms requested of a project's members (on completion, by the
//! coordinator at any time, and the fit check after the second session), an organisation's contact answering
//! through a one-time link, answers split by who may read them (the project: its space; the programme: D1, named;
//! anonymous: D1, unlinked), the pair's answers revealed when both are in, reminders and expiry, and the community's
//! figures with anonymous aggregates over at least five.

use super::http::{id, ok, secret, ApiResult, Ctx};
use super::space::client::{call, or_refused};
use super::store::evaluation::{self as store, Request, Round, Submission};
use super::store::notifications::{notify, Notice, To};
use super::store::{Arg, Db};
use crate::domain::email::Email;
use crate::domain::error::{ApiError, Invalid};
use crate::domain::evaluation::{self as rules, Form};
use crate::domain::input::input;
use crate::domain::notifications::Kind;
use crate::domain::token::sha256_hex;
use serde_json::{json as j, Map, Value};

/// A request's form: Tandem's (`builtin:{audience}`) or the community's version it took.
pub fn form_of(form_ref: &str, body: Option<&str>) -> Result<Form, ApiError> {
    if let Some(audience) = form_ref.strip_prefix("builtin:") {
        return rules::built_in(audience).ok_or_else(ApiError::internal);
    }
    let v: Value = serde_json::from_str(body.ok_or_else(ApiError::internal)?).map_err(|_| ApiError::internal())?;
    Form::parse(&v).map_err(|_| ApiError::internal())
}

fn month_of(ms: i64) -> String {
    crate::domain::calendar::iso_date(ms).chars().take(7).collect()
}

// A project's evaluations -------------------------------------------------------------------------------------------

/// `GET /api/projects/{project}/evaluations`: the rounds and their requests; for a member, the forms asked of them,
/// their own answers, and the others' project-readable answers once revealed; for the coordinator, the programme's
/// answers with names. Other community admins see the requests' states and dates only.
pub async fn list(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let a = ctx.actor()?;
    let (me, member, coordinator, admin) = (a.user_id.clone(), a.project.member, a.project.coordinator, a.project.community_admin);
    if !(member || admin) {
        return Err(ApiError::not_found());
    }
    let (requests, programme_rows, bodies) = store::project_page(&ctx.db, &pid).await?;
    let body_of = |form_ref: &str| bodies.iter().find(|b| b.id == form_ref).map(|b| b.body.as_str());
    let now = ctx.now;
    // A round's project-readable answers are revealed when every request of it is in, or it has expired.
    let revealed_round = |round: &str| {
        let of: Vec<&store::RequestRow> = requests.iter().filter(|r| r.round_id == round).collect();
        let states: Vec<&str> = of.iter().map(|r| r.state.as_str()).collect();
        let expires = of.iter().map(|r| r.expires_at).max().unwrap_or(0);
        rules::revealed(&states, expires, now)
    };
    let mut forms = Map::new();
    let mut open = Vec::new();
    for r in &requests {
        let mine = r.respondent_id.as_deref() == Some(me.as_str());
        if ((member && (mine || r.audience != "fit")) || coordinator) && !forms.contains_key(&r.form_ref) {
            forms.insert(r.form_ref.clone(), serde_json::to_value(form_of(&r.form_ref, body_of(&r.form_ref))?).map_err(|_| ApiError::internal())?);
        }
        if mine && r.state == "requested" && r.expires_at > now {
            open.push(r.id.clone());
        }
    }
    // The project's answers this member may read: their own, and the others' in revealed rounds (never the fit check).
    let readable: Vec<String> = if member {
        requests
            .iter()
            .filter(|r| r.state == "submitted")
            .filter(|r| r.respondent_id.as_deref() == Some(me.as_str()) || (r.audience != "fit" && revealed_round(&r.round_id)))
            .map(|r| r.id.clone())
            .collect()
    } else {
        Vec::new()
    };
    let project_answers = if readable.is_empty() {
        Value::Array(Vec::new())
    } else {
        let v = or_refused!(call(&ctx.env, &pid, &me, "/evaluation/read", &j!({"ids": readable})).await?);
        v.get("items").cloned().unwrap_or(Value::Array(Vec::new()))
    };
    // The programme's answers: the coordinator reads all of them (with names); a member their own.
    let programme: Vec<Value> = if coordinator || member {
        programme_rows
            .into_iter()
            .filter(|x| coordinator || requests.iter().any(|r| r.id == x.request_id && r.respondent_id.as_deref() == Some(me.as_str())))
            .map(|x| j!({"request_id": x.request_id, "question": x.question, "value": serde_json::from_str::<Value>(&x.value).unwrap_or(Value::Null)}))
            .collect()
    } else {
        Vec::new()
    };
    // The fit check is private to each respondent and the coordinator: a member does not see the others' requests,
    // nor when they answered.
    let listed: Vec<Value> = requests
        .iter()
        .filter(|r| r.audience != "fit" || coordinator || admin || r.respondent_id.as_deref() == Some(me.as_str()))
        .map(|r| {
            // Who answered what the fit check asked is the coordinator's and the respondent's alone.
            let concern = (coordinator || r.respondent_id.as_deref() == Some(me.as_str())) && r.concern > 0;
            j!({
                "id": r.id, "round_id": r.round_id, "audience": r.audience, "form_ref": r.form_ref, "respondent_id": r.respondent_id,
                "respondent_name": r.respondent_name.clone().or_else(|| r.guest_name.clone()), "guest": r.respondent_id.is_none(),
                "state": r.state, "requested_at": r.requested_at, "expires_at": r.expires_at, "submitted_at": r.submitted_at,
                "revealed": r.audience != "fit" && revealed_round(&r.round_id), "concern": concern,
            })
        })
        .collect();
    ok(&j!({"requests": listed, "open": open, "forms": forms, "answers": project_answers, "programme": programme}))
}

input! {
    struct RoundInput {
        kind: String,
        name: Option<String>,
        email: Option<String>,
    }
}

/// `POST /api/projects/{project}/evaluations`: the coordinator (or another community admin) asks the members
/// (their end-of-mentoring forms, or the fit check), or an organisation's contact by e-mail.
pub async fn request_round(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let input: RoundInput = ctx.json().await?;
    let kind = input.kind.as_str();
    if !matches!(kind, "members" | "fit" | "organisation") {
        return Err(Invalid::new("kind", "not_in_list", "Ask the members, the fit check, or the organisation.").into());
    }
    let p = super::store::mentoring::project(&ctx.db, &pid).await?.ok_or_else(ApiError::not_found)?;
    if !matches!(p.state.as_str(), "active" | "completed") {
        return Err(ApiError::conflict("not_active", "Only an active or completed project is evaluated."));
    }
    let actor = ctx.actor()?.clone();
    let round = id(ctx.now)?;
    let here = format!("{}/projects/{pid}/evaluations", ctx.base_url);
    let title = p.name().to_string();
    let mut statements = Vec::new();
    if kind == "organisation" {
        let name = rules::GUEST_NAME.parse("name", input.name.as_deref().unwrap_or_default())?;
        let email = Email::parse(input.email.as_deref().unwrap_or_default()).map_err(|e| Invalid { field: "email".into(), ..e })?;
        let token = secret()?;
        let token_hash = sha256_hex(&token);
        let link = crate::domain::mail::secret_link(&ctx.base_url, "/evaluate");
        let mail = crate::domain::mail::evaluation_invite(email.as_str(), &name, &title, &actor.display_name, &link);
        let (request_id, mail_id, event_id) = (id(ctx.now)?, id(ctx.now)?, id(ctx.now)?);
        statements.extend(store::guest_request(
            &ctx.db,
            &store::Guest {
                id: &request_id,
                project: &pid,
                round_id: &round,
                name: &name,
                email: email.as_str(),
                token_hash: &token_hash,
                requested_by: &actor.user_id,
                now: ctx.now,
                expires_at: ctx.now + rules::GUEST_MS,
                mail_id: &mail_id,
                mail: &mail,
            },
        )?);
        // The project's history lists the guest.
        statements.push(super::store::stmt(
            &ctx.db,
            "INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) VALUES (?1, ?2, ?3, 'evaluation_guest', '', ?4, '', ?5)",
            &[Arg::S(&event_id), Arg::S(&pid), Arg::S(&actor.user_id), Arg::S(&name), Arg::N(ctx.now)],
        )?);
    } else {
        statements.push(store::member_round(
            &ctx.db,
            &Round { project: &pid, round_id: &round, kind, requested_by: Some(&actor.user_id), now: ctx.now, expires_at: ctx.now + rules::EXPIRES_MS },
            None,
        )?);
        let k = if kind == "fit" { Kind::FitCheck } else { Kind::EvaluationRequested };
        let n = Notice { to: To::ProjectMembers(&pid), kind: k, project: Some(&pid), community: Some(&p.community_id), actor: Some(&actor.user_id), title: &title, note: "", link: &here };
        statements.extend(notify(&ctx.db, &n, ctx.now, None)?);
    }
    statements.push(super::store::audit(
        &ctx.db,
        &super::store::Audit { id: &id(ctx.now)?, actor: &actor.user_id, action: "evaluation.request", target_type: "project", target_id: &pid, after: kind, now: ctx.now },
        super::store::Before::Nothing,
    )?);
    super::store::batch(&ctx.db, statements).await?;
    super::mail::deliver_soon(ctx);
    list(ctx).await
}

input! {
    struct AnswerInput {
        answers: Value,
        client_key: String,
    }
}

fn client_key(raw: &str) -> Result<String, Invalid> {
    let ok = !raw.is_empty() && raw.len() <= 64 && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok { Ok(raw.to_string()) } else { Err(Invalid::new("client_key", "client_key_invalid", "Up to 64 letters, digits, - or _.")) }
}

/// Stores a submission: the project's answers in its space (once), then the request answered with the programme's
/// and the anonymous answers in one D1 batch. The same client key again is the same submission.
async fn submit(ctx: &Ctx, r: &Request, respondent: &str, input: &AnswerInput) -> Result<(), ApiError> {
    let key = client_key(&input.client_key)?;
    let form = form_of(&r.form_ref, r.form_body.as_deref())?;
    let sent = input.answers.as_object().ok_or_else(|| Invalid::new("answers", "wrong_type", "This must be an object."))?;
    let answers = rules::parse_answers(&form, sent)?;
    if r.state == "submitted" && r.client_key.as_deref() == Some(key.as_str()) {
        return Ok(());
    }
    if r.state != "requested" || r.expires_at <= ctx.now {
        return Err(ApiError::conflict("request_closed", "This form can no longer be answered: it was answered already, or it expired."));
    }
    let part = |readers: &'static str| answers.iter().filter(move |a| a.readers == readers);
    let for_project: Map<String, Value> = part("project").map(|a| (a.key.clone(), a.value.clone())).collect();
    if !for_project.is_empty() {
        let put = super::space::evaluation::Put { request_id: r.id.clone(), respondent: respondent.into(), answers: Value::Object(for_project), client_key: key.clone(), at: ctx.now };
        if let Err(refused) = call(&ctx.env, &r.project_id, respondent, "/evaluation/put", &put).await? {
            // The space keeps the first submission: another one (another client key) is refused.
            return Err(match refused.status_code() {
                409 => ApiError::conflict("already_submitted", "This form has already been answered."),
                _ => ApiError::internal(),
            });
        }
    }
    let programme: Vec<(String, String)> = part("programme").map(|a| (a.key.clone(), a.value.to_string())).collect();
    let anonymous: Vec<(String, String)> = part("anonymous").map(|a| (a.key.clone(), a.value.to_string())).collect();
    let concern = r.audience == "fit" && answers.iter().any(|a| a.key == "fit" && a.value.as_str().is_some_and(rules::fit_concern));
    let s = Submission {
        request: &r.id,
        client_key: &key,
        now: ctx.now,
        programme: &programme,
        anonymous: &anonymous,
        community: &r.community_id,
        audience: &r.audience,
        form_ref: &r.form_ref,
        month: &month_of(ctx.now),
        concern,
    };
    if !store::submit(&ctx.db, &s).await? {
        return Err(ApiError::conflict("request_closed", "This form can no longer be answered: it was answered already, or it expired."));
    }
    if concern {
        // A fit concern puts the project at risk at once, and its coordinator hears of it.
        super::health::pass(&ctx.db, ctx.now, &ctx.base_url, Some(&r.project_id)).await?;
        super::mail::deliver_soon(ctx);
    }
    Ok(())
}

/// `POST /api/projects/{project}/evaluations/{request}/answers`: a member answers a form asked of them.
pub async fn answer(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let rid = ctx.param("request")?.to_string();
    let input: AnswerInput = ctx.json().await?;
    let me = ctx.actor()?.user_id.clone();
    let r = store::request(&ctx.db, &pid, &rid).await?.ok_or_else(ApiError::not_found)?;
    if r.respondent_id.as_deref() != Some(me.as_str()) {
        return Err(ApiError::new(403, "not_requested", "This form was not requested of you."));
    }
    submit(ctx, &r, &me, &input).await?;
    list(ctx).await
}

// An organisation's contact, through their one-time link ------------------------------------------------------------

fn token_invalid() -> ApiError {
    ApiError::bad_request("token_invalid", "This link is invalid, already used or expired. Ask for a new one.")
}

async fn guest_request(ctx: &Ctx, token: &str) -> Result<Request, ApiError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(token_invalid());
    }
    let r = store::by_token(&ctx.db, &sha256_hex(token)).await?.ok_or_else(token_invalid)?;
    // Its project gone by (cancelled), the link answers nothing.
    if !matches!(r.project_state.as_str(), "active" | "completed") {
        return Err(token_invalid());
    }
    // Nor while its community has turned evaluations off.
    if r.module_off != 0 {
        return Err(ApiError::new(404, "module_off", "This community has turned this feature off."));
    }
    Ok(r)
}

input! {
    struct OpenInput {
        token: String,
    }
}

/// `POST /api/evaluations/guest/open`: the one form the link opens, and nothing else.
pub async fn guest_form(ctx: &mut Ctx) -> ApiResult {
    let input: OpenInput = ctx.json().await?;
    let r = guest_request(ctx, &input.token).await?;
    if r.state != "requested" || r.expires_at <= ctx.now {
        return Err(token_invalid());
    }
    let form = form_of(&r.form_ref, r.form_body.as_deref())?;
    ok(&j!({"project_title": r.project_title, "name": r.guest_name, "form": form, "expires_at": r.expires_at}))
}

input! {
    struct GuestInput {
        token: String,
        answers: Value,
        client_key: String,
    }
}

/// `POST /api/evaluations/guest`: the contact's answers; the link is spent with them.
pub async fn guest_answer(ctx: &mut Ctx) -> ApiResult {
    let input: GuestInput = ctx.json().await?;
    let r = guest_request(ctx, &input.token).await?;
    // The same answer sent again (its client key) is the same answer; anything else on a spent link is refused.
    let again = r.state == "submitted" && r.client_key.as_deref() == Some(input.client_key.as_str());
    if !again && (r.state != "requested" || r.expires_at <= ctx.now) {
        return Err(token_invalid());
    }
    let a = AnswerInput { answers: input.answers, client_key: input.client_key };
    submit(ctx, &r, "guest", &a).await?;
    ok(&j!({"submitted": true}))
}

// The community's figures and forms -------------------------------------------------------------------------------

/// `GET /api/communities/{community}/evaluations`: requests and answers received per audience, and each anonymous
/// question's aggregate where at least five answered (never fewer).
pub async fn community(ctx: &mut Ctx) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    let (counts, rows, bodies) = store::community_page(&ctx.db, &cid).await?;
    // Published by month, and only for months that have ended: a figure never changes once shown, so comparing it
    // before and after one more answer tells nothing about that answer.
    let this_month = month_of(ctx.now);
    // (audience, form, question, month) and the answers given.
    type Key = (String, String, String, String);
    let mut groups: Vec<(Key, Vec<Value>)> = Vec::new();
    for r in rows {
        let key = (r.audience, r.form_ref, r.question, r.month);
        let v = serde_json::from_str::<Value>(&r.value).unwrap_or(Value::Null);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(v),
            None => groups.push((key, vec![v])),
        }
    }
    let mut aggregates = Vec::new();
    for ((audience, form_ref, question, month), values) in groups {
        let body = bodies.iter().find(|b| b.id == form_ref).map(|b| b.body.as_str());
        let Ok(form) = form_of(&form_ref, body) else { continue };
        let Some(q) = form.question(&question) else { continue };
        let open = month >= this_month;
        let aggregate = if open { None } else { rules::aggregate(&q.kind, &q.options, &values) };
        aggregates.push(j!({
            "audience": audience, "form_ref": form_ref, "question": question, "text": q.text, "kind": q.kind, "month": month,
            "open": open, "enough": values.len() >= rules::MIN_ANONYMOUS, "aggregate": aggregate, "min": rules::MIN_ANONYMOUS,
        }));
    }
    ok(&j!({"counts": counts, "anonymous": aggregates}))
}

/// `GET /api/communities/{community}/evaluation-forms`: the form each audience gets (the community's newest
/// version, or Tandem's).
pub async fn forms(ctx: &mut Ctx) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    let own = store::forms(&ctx.db, &cid).await?;
    let mut out = Vec::new();
    for audience in rules::AUDIENCES {
        let item = match own.iter().find(|f| f.audience == *audience) {
            Some(f) => j!({"audience": audience, "ref": f.id, "version": f.version, "form": form_of(&f.id, Some(&f.body))?, "created_at": f.created_at}),
            None => j!({"audience": audience, "ref": format!("builtin:{audience}"), "version": 0, "form": rules::built_in(audience)}),
        };
        out.push(item);
    }
    ok(&j!({"forms": out}))
}

input! {
    struct FormInput {
        form: Value,
    }
}

/// `PUT /api/communities/{community}/evaluation-forms`: a community's new version of a form (for new requests).
pub async fn save_form(ctx: &mut Ctx) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    let input: FormInput = ctx.json().await?;
    let form = Form::parse(&input.form).map_err(|e| Invalid { field: format!("form.{}", e.field), ..e })?;
    let body = serde_json::to_string(&form).map_err(|_| ApiError::internal())?;
    let actor = ctx.actor()?.user_id.clone();
    store::save_form(&ctx.db, &store::NewForm { id: &id(ctx.now)?, community: &cid, audience: &form.audience, body: &body, actor: &actor, audit_id: &id(ctx.now)?, now: ctx.now }).await?;
    forms(ctx).await
}

// The daily pass: reminders and expiry ------------------------------------------------------------------------------

/// Open requests: reminded after 7, 14 and 21 days (each once), expired when their time is up.
pub async fn pass(db: &Db, now: i64, base_url: &str) -> Result<usize, ApiError> {
    let mut n = 0;
    for r in store::open_due(db, now, 200).await? {
        let mut statements = Vec::new();
        if r.expires_at <= now {
            statements.push(store::expire(db, &r.id, now)?);
        } else if let Some(step) = rules::reminder_due(r.requested_at, now, r.reminders) {
            statements.push(store::reminded(db, &r.id, r.reminders, step)?);
            match (r.respondent_id.as_deref(), r.guest_email.as_deref(), r.token_hash.as_deref()) {
                (Some(user), _, _) => {
                    let link = format!("{base_url}/projects/{}/evaluations", r.project_id);
                    let n = Notice { to: To::User(user), kind: Kind::EvaluationReminder, project: Some(&r.project_id), community: Some(&r.community_id), actor: None, title: &r.project_title, note: "", link: &link };
                    statements.extend(notify(db, &n, now, None)?);
                }
                (None, Some(email), Some(hash)) => {
                    let link = crate::domain::mail::secret_link(base_url, "/evaluate");
                    let mail = crate::domain::mail::evaluation_reminder(email, r.guest_name.as_deref().unwrap_or(""), &r.project_title, &link);
                    statements.extend(store::guest_mail(db, &id(now)?, &mail, hash, now)?);
                }
                _ => {}
            }
        } else {
            continue;
        }
        match super::store::batch(db, statements).await {
            Ok(_) => n += 1,
            Err(e) => worker::console_error!("evaluations: request {}: {}", r.id, e.message),
        }
    }
    Ok(n)
}
