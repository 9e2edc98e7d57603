//! The HTTP edge: the request context, bodies read with limits, JSON and error responses, security headers.

use crate::domain::error::ApiError;
use crate::domain::policy::Actor;
use crate::domain::routes::Params;
use serde::Serialize;
use super::store::Db;
use worker::{console_error, Context, Env, Headers, Request, Response};

pub type ApiResult = Result<Response, ApiError>;

/// JSON bodies are small; files have their own limits.
pub const JSON_LIMIT: usize = 64 * 1024;

impl From<worker::Error> for ApiError {
    fn from(e: worker::Error) -> Self {
        console_error!("internal error: {e}");
        ApiError::internal()
    }
}

/// Who is asking, through which session.
pub struct Session {
    pub id: String,
    pub actor: Actor,
    /// When the session ends whatever happens (its absolute lifetime), in ms.
    pub ends_at: i64,
}

/// Everything a handler needs for one request.
pub struct Ctx {
    pub req: Request,
    pub env: Env,
    pub worker_ctx: Context,
    pub db: std::rc::Rc<Db>,
    pub now: i64,
    pub params: Params,
    pub session: Option<Session>,
    /// Where links in e-mails point: `APP_URL` (required).
    pub base_url: String,
    pub client_ip: String,
    /// The page's reads that rode in the session check's batch (see `ride_along`), for its handler to take.
    pub pre: Option<Vec<worker::D1Result>>,
}

impl Ctx {
    pub fn param(&self, name: &str) -> Result<&str, ApiError> {
        self.params.get(name).ok_or_else(ApiError::not_found)
    }
    /// The signed-in actor; the route's policy has already required one where this is called.
    pub fn actor(&self) -> Result<&Actor, ApiError> {
        self.session.as_ref().map(|s| &s.actor).ok_or_else(ApiError::unauthenticated)
    }
    pub fn header(&self, name: &str) -> String {
        self.req.headers().get(name).ok().flatten().unwrap_or_default()
    }
    pub fn query(&self, name: &str) -> Option<String> {
        let url = self.req.url().ok()?;
        url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
    }
    /// Page size from `?limit=` (1 to 100, default 50) and the opaque `?cursor=` from the previous page.
    pub fn page(&self) -> Result<(i64, String), ApiError> {
        let limit = match self.query("limit").filter(|l| !l.is_empty()) {
            None => 50,
            Some(l) => l.parse::<i64>().ok().filter(|n| (1..=100).contains(n)).ok_or_else(|| {
                ApiError::from(crate::domain::error::Invalid::new("limit", "out_of_range", "The page size (limit) must be a number from 1 to 100."))
            })?,
        };
        let cursor = self.query("cursor").unwrap_or_default();
        if !cursor.is_empty() && !crate::domain::token::is_id_shaped(&cursor) {
            return Err(crate::domain::error::Invalid::new("cursor", "cursor_invalid", "Use the next_cursor of the previous page.").into());
        }
        Ok((limit, cursor))
    }

    pub async fn json<T: crate::domain::input::FromJson>(&mut self) -> Result<T, ApiError> {
        let ctype = self.header("content-type");
        let media = ctype.split(';').next().unwrap_or("").trim();
        if !media.eq_ignore_ascii_case("application/json") {
            return Err(ApiError::unsupported_type("Send the request body as JSON (Content-Type: application/json)."));
        }
        let bytes = self.body_bytes(JSON_LIMIT).await?;
        crate::domain::input::parse(&bytes)
    }

    /// The whole body, refusing it (413) when it is, or says it is, larger than `limit`.
    pub async fn body_bytes(&mut self, limit: usize) -> Result<Vec<u8>, ApiError> {
        let too_big = || ApiError::payload_too_large(format!("The request is too large: the limit is {} KB.", limit / 1024));
        if let Ok(len) = self.header("content-length").parse::<usize>() {
            if len > limit {
                return Err(too_big());
            }
        }
        // A body cut short (the connection dropped) is the client's to send again, not a server error.
        let bytes = self.req.bytes().await.map_err(|_| {
            ApiError::bad_request("body_incomplete", "The request did not arrive whole (the connection may have dropped). Please try again.")
        })?;
        if bytes.len() > limit {
            return Err(too_big());
        }
        Ok(bytes)
    }

    pub fn wait_until(&self, fut: impl std::future::Future<Output = ()> + 'static) {
        self.worker_ctx.wait_until(fut);
    }
}

/// An unexpected failure: logged with its detail, answered as the one internal error.
pub fn internal(e: String) -> ApiError {
    console_error!("{e}");
    ApiError::internal()
}

/// A new id (time-ordered hex, see `domain::token::new_id`).
pub fn id(now: i64) -> Result<String, ApiError> {
    crate::domain::token::new_id(now).map_err(internal)
}

/// A new 256-bit secret from the platform's CSPRNG, as hex.
pub fn secret() -> Result<String, ApiError> {
    crate::domain::token::new_secret().map_err(internal)
}

/// Streams a stored file back as an attachment with a safe name.
pub async fn send_file(ctx: &Ctx, key: &str, name: &str, mime: &str) -> ApiResult {
    let object = ctx.env.bucket("FILES")?.get(key).execute().await?.ok_or_else(ApiError::not_found)?;
    let body = object.body().ok_or_else(ApiError::not_found)?;
    let headers = Headers::new();
    headers.set("content-type", mime)?;
    // The plain fallback keeps only characters that cannot end or extend the header's value.
    let ascii: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || " ._()-".contains(c) { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._".contains(&b) { char::from(b).to_string() } else { format!("%{b:02X}") })
        .collect();
    headers.set("content-disposition", &format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"))?;
    headers.set("cache-control", "private, no-store")?;
    Ok(Response::from_body(body.response_body()?)?.with_headers(headers))
}

pub fn json<T: Serialize>(status: u16, value: &T) -> ApiResult {
    Ok(Response::from_json(value)?.with_status(status))
}

pub fn ok<T: Serialize>(value: &T) -> ApiResult {
    json(200, value)
}

pub fn no_content() -> ApiResult {
    Ok(Response::empty()?.with_status(204))
}

pub fn error_response(e: &ApiError) -> Response {
    let headers = Headers::new();
    let _ = headers.set("content-type", "application/json; charset=utf-8");
    if let Some(secs) = e.retry_after {
        let _ = headers.set("retry-after", &secs.to_string());
    }
    if let Some(allow) = &e.allow {
        let _ = headers.set("allow", allow);
    }
    Response::ok(e.to_json())
        .map(|r| r.with_status(e.status).with_headers(headers))
        .unwrap_or_else(|_| Response::empty().unwrap_or_else(|_| Response::builder().empty()))
}

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'";

/// Copies the response's headers into fresh ones (fetched responses have immutable headers) and adds the security
/// headers every response carries.
pub fn secure(resp: Response, api: bool) -> Response {
    let headers = Headers::new();
    for (k, v) in resp.headers().entries() {
        // Several Set-Cookie headers each come as an entry of their own: keep them all.
        let _ = if k.eq_ignore_ascii_case("set-cookie") { headers.append(&k, &v) } else { headers.set(&k, &v) };
    }
    for (k, v) in [
        ("content-security-policy", CSP),
        ("strict-transport-security", "max-age=63072000; includeSubDomains"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
        ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()"),
    ] {
        let _ = headers.set(k, v);
    }
    if api && !headers.has("cache-control").unwrap_or(false) {
        let _ = headers.set("cache-control", "no-store");
    }
    resp.with_headers(headers)
}

/// The response with these headers added (each `set-cookie` alongside any already there; others replace).
pub fn with_headers(resp: Response, add: &[(&str, &str)]) -> ApiResult {
    let headers = Headers::new();
    for (k, v) in resp.headers().entries() {
        if k.eq_ignore_ascii_case("set-cookie") {
            headers.append(&k, &v)?;
        } else {
            headers.set(&k, &v)?;
        }
    }
    for (k, v) in add {
        if k.eq_ignore_ascii_case("set-cookie") {
            headers.append(k, v)?;
        } else {
            headers.set(k, v)?;
        }
    }
    Ok(resp.with_headers(headers))
}

/// State-changing requests must come from our own pages: refuse a foreign `Origin` or `Sec-Fetch-Site: cross-site`.
pub fn same_origin_ok(req: &Request, own_origin: &str) -> bool {
    let h = |n: &str| req.headers().get(n).ok().flatten();
    if h("sec-fetch-site").as_deref() == Some("cross-site") {
        return false;
    }
    match h("origin") {
        Some(origin) => origin == own_origin,
        None => true,
    }
}

pub fn is_state_changing(method: &str) -> bool {
    !matches!(method, "GET" | "HEAD" | "OPTIONS")
}

pub fn env_var(env: &Env, name: &str) -> Option<String> {
    env.var(name).ok().map(|v| v.to_string()).filter(|v| !v.is_empty())
}

/// People named by id in a project space's answer, and the name each gets beside it.
const PERSON_KEYS: &[(&str, &str)] = &[
    ("created_by", "created_by_name"),
    ("updated_by", "updated_by_name"),
    ("deleted_by", "deleted_by_name"),
    ("uploaded_by", "uploaded_by_name"),
    ("sender_id", "sender_name"),
    ("recipient_id", "recipient_name"),
];

/// Adds each person's display name beside their id (`created_by` gets `created_by_name`, `sender_id` gets
/// `sender_name`) anywhere in `v`: the names in `known`, the others read from D1 in one query. (A project's space
/// keeps ids only: a new name shows everywhere at once.)
pub async fn with_names(db: &super::store::Db, v: &mut serde_json::Value, known: &std::collections::HashMap<String, String>) -> Result<(), ApiError> {
    fn ids<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::Object(o) => {
                for (k, x) in o {
                    match x.as_str() {
                        Some(id) if PERSON_KEYS.iter().any(|(key, _)| key == k) => out.push(id),
                        _ => ids(x, out),
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| ids(x, out)),
            _ => {}
        }
    }
    fn fill(v: &mut serde_json::Value, names: &std::collections::HashMap<String, String>) {
        match v {
            serde_json::Value::Object(o) => {
                let add: Vec<(&str, String)> = PERSON_KEYS
                    .iter()
                    .filter_map(|(key, name)| o.get(*key).and_then(|id| id.as_str()).map(|id| (*name, names.get(id).cloned().unwrap_or_default())))
                    .collect();
                for x in o.values_mut() {
                    fill(x, names);
                }
                for (name, value) in add {
                    o.insert(name.to_string(), serde_json::Value::String(value));
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| fill(x, names)),
            _ => {}
        }
    }
    let mut wanted = Vec::new();
    ids(v, &mut wanted);
    wanted.retain(|id| !known.contains_key(*id));
    wanted.sort_unstable();
    wanted.dedup();
    let mut names = known.clone();
    names.extend(super::store::accounts::names(db, &wanted).await?);
    fill(v, &names);
    Ok(())
}
