//! A project's document folder: folders, uploads streamed to R2 (never whole in memory), versions, downloads,
//! rename, move, and a trash kept for 30 days. Active members only (the routes' policy); writes need an active
//! project. The listing and versions are in the project's space (`space::files`), which runs each operation whole;
//! this handler checks the request, streams the bytes and names the people.

use super::http::id;
use super::http::{env_var, json, ok, with_names, ApiResult, Ctx};
use super::http::send_file;
use super::space::client::{call, or_refused, call_as};
use super::space::files::{folder_gone, Begin, Change, Finish, Folder, NewFolder, Stamp, Target, Upload};
use crate::domain::error::ApiError;
use crate::domain::files::{self, FileKind, ItemName, HEAD_BYTES, MAX_FILE_BYTES, TRASH_MS};
use crate::domain::token::is_id_shaped;
use serde_json::{json as j, Value};
use std::collections::HashMap;
use worker::js_sys::{Reflect, Uint8Array};
use worker::wasm_bindgen::{JsCast, JsValue};
use worker::wasm_bindgen_futures::{future_to_promise, JsFuture};
use worker::web_sys::{ReadableStream, ReadableStreamDefaultReader};
use worker::{Bucket, Data, HttpMetadata};

pub fn quota(ctx: &Ctx) -> u64 {
    let mb = env_var(&ctx.env, "PROJECT_QUOTA_MB").and_then(|v| v.parse::<u64>().ok()).unwrap_or(files::DEFAULT_QUOTA_MB);
    mb.saturating_mul(1024 * 1024)
}

fn writable(ctx: &Ctx) -> Result<(), ApiError> {
    if ctx.actor()?.project.active {
        Ok(())
    } else {
        Err(ApiError::conflict("read_only", "This project is not active: its folder can be read but not changed."))
    }
}

/// An item as members see it: with its purge date when it is in the trash.
pub fn item_json(i: &Value) -> Value {
    let mut v = i.clone();
    if let Some(o) = v.as_object_mut() {
        if let Some(at) = o.get("deleted_at").and_then(Value::as_i64) {
            o.insert("purge_at".into(), j!(at + TRASH_MS));
        }
        o.remove("deleted_by");
    }
    v
}

/// The space's answer, with people named and trashed items dated, for the member asking.
async fn named(ctx: &Ctx, mut v: Value) -> Result<Value, ApiError> {
    with_names(&ctx.db, &mut v, &HashMap::new()).await?;
    fn dated(v: &mut Value) {
        match v {
            Value::Object(o) => {
                if o.contains_key("kind") && o.contains_key("versions") {
                    *v = item_json(v);
                } else {
                    o.values_mut().for_each(dated);
                }
            }
            Value::Array(a) => a.iter_mut().for_each(dated),
            _ => {}
        }
    }
    dated(&mut v);
    Ok(v)
}

/// An operation on the project's folder, answered as the space answers it (people named).
async fn ask(ctx: &Ctx, path: &str, body: &impl serde::Serialize, status: u16) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    let v = or_refused!(call(&ctx.env, &pid, &me, path, body).await?);
    json(status, &named(ctx, v).await?)
}

pub async fn list(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let raw = ctx.query("folder").unwrap_or_default();
    if !raw.is_empty() && !is_id_shaped(&raw) {
        return Err(ApiError::not_found());
    }
    let me = ctx.actor()?.user_id.clone();
    let l = or_refused!(call(&ctx.env, &pid, &me, "/files/list", &Folder { folder: raw }).await?);
    let l = named(ctx, l).await?;
    let path = l.get("path").cloned().unwrap_or(Value::Array(Vec::new()));
    ok(&j!({
        "folder": path.as_array().and_then(|p| p.last()),
        "path": path,
        "items": l.get("items"),
        "usage": {"used_bytes": l.get("used"), "quota_bytes": quota(ctx)},
        "max_file_bytes": MAX_FILE_BYTES,
        "writable": ctx.actor()?.project.active,
    }))
}

crate::domain::input::input! {
    struct FolderInput {
        name: String,
        folder: String,
    }
}

pub async fn create_folder(ctx: &mut Ctx) -> ApiResult {
    let input: FolderInput = ctx.json().await?;
    writable(ctx)?;
    let name = ItemName::parse("name", &input.name)?;
    if !input.folder.is_empty() && !is_id_shaped(&input.folder) {
        return Err(folder_gone());
    }
    let f = NewFolder { id: id(ctx.now)?, name: name.as_str().to_string(), folder: input.folder, at: ctx.now };
    let pid = ctx.param("project")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    let item = or_refused!(call(&ctx.env, &pid, &me, "/files/folder", &f).await?);
    json(201, &j!({"item": named(ctx, item).await?}))
}

/// Uploads a file into a folder: the raw bytes as the body, with its `Content-Length`, the name in `X-File-Name`
/// (percent-encoded). Sizes, name and type are checked before anything is stored; the bytes then stream to R2; the
/// file is listed only once they are all there.
pub async fn upload(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    writable(ctx)?;
    let me = ctx.actor()?.user_id.clone();
    let parent = ctx.query("folder").unwrap_or_default();
    if !parent.is_empty() && !is_id_shaped(&parent) {
        return Err(folder_gone());
    }
    let room = or_refused!(call(&ctx.env, &pid, &me, "/files/room", &Folder { folder: parent.clone() }).await?);
    let used = room.get("used").and_then(Value::as_u64).unwrap_or(0);
    let name = ItemName::parse("name", &crate::domain::text::file_name_header(&ctx.header("x-file-name"))?)?;
    let quota = quota(ctx);
    let size = files::check_size(&ctx.header("content-length"), used, quota)?;
    let body = ctx.req.inner().body().ok_or_else(|| ApiError::bad_request("file_empty", "The file is empty.").with_field("file"))?;
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let head = read_head(&reader, size).await?;
    let Some(kind) = files::sniff(&head.bytes, head.complete, name.extension().as_deref()) else {
        let _ = reader.cancel();
        return Err(files::unsupported());
    };
    let name = name.for_kind(kind);
    let upload_id = id(ctx.now)?;
    let begin = Begin { id: upload_id.clone(), folder: parent.clone(), name: name.as_str().to_string(), at: ctx.now };
    let started = match call(&ctx.env, &pid, &me, "/files/begin", &begin).await? {
        Ok(v) => v,
        Err(refused) => {
            let _ = reader.cancel();
            return Ok(refused);
        }
    };
    let r2_key = started.get("r2_key").and_then(Value::as_str).ok_or_else(ApiError::internal)?.to_string();
    let bucket = ctx.env.bucket("FILES")?;
    let forget = |bucket: Bucket, ctx: &Ctx| {
        let (env, pid, me, key, upload_id) = (ctx.env.clone(), pid.clone(), me.clone(), r2_key.clone(), upload_id.clone());
        async move {
            let _ = bucket.delete(&key).await;
            let _ = call(&env, &pid, &me, "/files/abort", &Upload { id: upload_id }).await;
        }
    };
    if let Err(e) = stream_to_r2(&bucket, &r2_key, size, kind.mime(), &body, &reader, head).await {
        worker::console_warn!("upload {upload_id} did not arrive whole: {e:?}");
        forget(bucket, ctx).await;
        return Err(ApiError::bad_request(
            "upload_incomplete",
            "The file did not arrive whole (the connection may have dropped). Nothing was saved: please try again.",
        )
        .with_field("file"));
    }
    let finish = Finish {
        id: upload_id.clone(),
        folder: parent,
        name: name.as_str().to_string(),
        size: i64::try_from(size).unwrap_or(i64::MAX),
        content_type: kind.mime().to_string(),
        at: ctx.now,
        quota: i64::try_from(quota).unwrap_or(i64::MAX),
    };
    let listed = match call(&ctx.env, &pid, &me, "/files/finish", &finish).await? {
        Ok(v) => v,
        Err(refused) => {
            // Refused (and forgotten by the space): leave nothing behind, and say why. (When the space could not be
            // asked at all, the file may be listed: the object stays, and if it was not, the space's alarm removes it
            // with its upload.)
            let _ = bucket.delete(&r2_key).await;
            return Ok(refused);
        }
    };
    let number = listed.get("version").and_then(Value::as_i64).unwrap_or(1);
    let item = named(ctx, listed.get("item").cloned().unwrap_or(Value::Null)).await?;
    json(if number == 1 { 201 } else { 200 }, &j!({"item": item, "version": number}))
}

/// A whole file from the request's body into R2 at `key`, for a document outside a project's folder (the library's):
/// its name from X-File-Name, its type by its first bytes, at most 25 MB. Nothing is kept when it does not arrive whole.
pub(super) async fn receive(ctx: &Ctx, key: &str) -> Result<(ItemName, FileKind, u64), ApiError> {
    let name = ItemName::parse("name", &crate::domain::text::file_name_header(&ctx.header("x-file-name"))?)?;
    let size = files::check_size(&ctx.header("content-length"), 0, u64::MAX)?;
    let body = ctx.req.inner().body().ok_or_else(|| ApiError::bad_request("file_empty", "The file is empty.").with_field("file"))?;
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let head = read_head(&reader, size).await?;
    let Some(kind) = files::sniff(&head.bytes, head.complete, name.extension().as_deref()) else {
        let _ = reader.cancel();
        return Err(files::unsupported());
    };
    let bucket = ctx.env.bucket("FILES")?;
    if let Err(e) = stream_to_r2(&bucket, key, size, kind.mime(), &body, &reader, head).await {
        worker::console_warn!("{key} did not arrive whole: {e:?}");
        let _ = bucket.delete(key).await;
        return Err(ApiError::bad_request("upload_incomplete", "The file did not arrive whole (the connection may have dropped). Nothing was saved: please try again.").with_field("file"));
    }
    Ok((name.for_kind(kind), kind, size))
}

/// The first bytes of an upload, kept as the chunks they came in (to pass on untouched) and copied for sniffing.
struct Head {
    chunks: Vec<JsValue>,
    bytes: Vec<u8>,
    /// The body has ended (all of it is in `chunks`).
    ended: bool,
    /// `bytes` is the whole file.
    complete: bool,
}

fn incomplete(e: JsValue) -> ApiError {
    worker::console_warn!("upload body: {e:?}");
    ApiError::bad_request("upload_incomplete", "The file did not arrive whole (the connection may have dropped). Nothing was saved: please try again.")
        .with_field("file")
}

async fn read_head(reader: &ReadableStreamDefaultReader, size: u64) -> Result<Head, ApiError> {
    let mut head = Head { chunks: Vec::new(), bytes: Vec::new(), ended: false, complete: false };
    let mut seen: u64 = 0;
    while head.bytes.len() < HEAD_BYTES {
        let result = JsFuture::from(reader.read()).await.map_err(incomplete)?;
        if Reflect::get(&result, &JsValue::from_str("done")).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            head.ended = true;
            break;
        }
        let value = Reflect::get(&result, &JsValue::from_str("value")).map_err(incomplete)?;
        let chunk: Uint8Array = value.clone().dyn_into().map_err(incomplete)?;
        let want = u32::try_from(HEAD_BYTES - head.bytes.len()).unwrap_or(0).min(chunk.length());
        head.bytes.extend(chunk.subarray(0, want).to_vec());
        seen += u64::from(chunk.length());
        head.chunks.push(value);
    }
    head.complete = head.ended || (seen >= size && head.bytes.len() as u64 >= size);
    Ok(head)
}

/// Streams the upload into R2 through a `FixedLengthStream` of the declared size: the head's chunks first, then
/// the rest of the body piped by the runtime (its bytes never enter wasm memory). A body shorter or longer than
/// declared fails the put, and R2 keeps nothing.
async fn stream_to_r2(
    bucket: &Bucket,
    key: &str,
    size: u64,
    mime: &str,
    body: &ReadableStream,
    reader: &ReadableStreamDefaultReader,
    head: Head,
) -> Result<(), JsValue> {
    let length = u32::try_from(size).map_err(|_| JsValue::from_str("too large"))?;
    let fixed = worker::worker_sys::FixedLengthStream::new(length)?;
    let writable = fixed.writable();
    let writer = writable.get_writer()?;
    // The feeding runs as a promise of its own, started now, while the put below reads the other end.
    let (body, reader) = (body.clone(), reader.clone());
    let feed = future_to_promise(async move {
        for chunk in &head.chunks {
            JsFuture::from(writer.write_with_chunk(chunk)).await?;
        }
        if head.ended {
            JsFuture::from(writer.close()).await?;
        } else {
            writer.release_lock();
            reader.release_lock();
            JsFuture::from(body.pipe_to(&writable)).await?;
        }
        Ok(JsValue::UNDEFINED)
    });
    let stored = bucket
        .put(key, Data::ReadableStream(fixed.readable()))
        .http_metadata(HttpMetadata { content_type: Some(mime.into()), ..Default::default() })
        .execute()
        .await;
    JsFuture::from(feed).await?;
    stored.map(|_| ()).map_err(|e| JsValue::from_str(&e.to_string()))
}

fn item_param(ctx: &Ctx) -> Result<String, ApiError> {
    let item = ctx.param("item")?;
    if !is_id_shaped(item) {
        return Err(ApiError::not_found());
    }
    Ok(item.to_string())
}

pub async fn details(ctx: &mut Ctx) -> ApiResult {
    let t = Target { item: item_param(ctx)?, version: String::new() };
    ask(ctx, "/files/details", &t, 200).await
}

#[derive(serde::Deserialize)]
struct Stored {
    name: String,
    r2_key: String,
    content_type: String,
    number: i64,
    current: bool,
}

pub async fn download(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let version = ctx.query("version").unwrap_or_default();
    if !version.is_empty() && !is_id_shaped(&version) {
        return Err(ApiError::not_found());
    }
    let me = ctx.actor()?.user_id.clone();
    let t = Target { item: item_param(ctx)?, version };
    let v: Stored = or_refused!(call_as(&ctx.env, &pid, &me, "/files/version", &t).await?);
    send_file(ctx, &v.r2_key, &named_for(&v.name, &v.content_type, (!v.current).then_some(v.number)), &v.content_type).await
}

/// A document's latest version read through a break-glass grant (#14; the route's policy checked that the grant opens
/// the folder to this person now): the read is logged first, and the answer carries the grant's id.
pub async fn grant_download(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let gid = ctx.param("grant")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    let t = Target { item: item_param(ctx)?, version: String::new() };
    let v: Stored = or_refused!(call_as(&ctx.env, &pid, &me, "/files/version", &t).await?);
    super::store::grants::log_read(&ctx.db, &id(ctx.now)?, &gid, &me, "folder", &format!("file {}", v.name), ctx.now).await?;
    let resp = send_file(ctx, &v.r2_key, &named_for(&v.name, &v.content_type, None), &v.content_type).await?;
    resp.headers().set("x-tandem-grant", &gid)?;
    Ok(resp)
}

/// A file's name with the extension of what it holds (as stored names already have; this keeps it so), and an older
/// version's number.
fn named_for(name: &str, mime: &str, version: Option<i64>) -> String {
    let Ok(n) = ItemName::parse("name", name) else { return name.to_string() };
    let n = match FileKind::from_mime(mime) {
        Some(kind) => n.for_kind(kind),
        None => n,
    };
    match version {
        Some(number) => n.for_version(number),
        None => n.as_str().to_string(),
    }
}

crate::domain::input::input! {
    struct ChangeInput {
        name: Option<String>,
        folder: Option<String>,
    }
}

/// Renames and/or moves an item (`folder: ""` is the root).
pub async fn change(ctx: &mut Ctx) -> ApiResult {
    let input: ChangeInput = ctx.json().await?;
    writable(ctx)?;
    let item = item_param(ctx)?;
    if input.folder.as_deref().is_some_and(|f| !f.is_empty() && !is_id_shaped(f)) {
        return Err(folder_gone());
    }
    let c = Change { item, name: input.name, folder: input.folder, at: ctx.now };
    let pid = ctx.param("project")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    let item = or_refused!(call(&ctx.env, &pid, &me, "/files/change", &c).await?);
    ok(&j!({"item": named(ctx, item).await?}))
}

/// Moves an item (and all it holds) to the trash.
pub async fn delete(ctx: &mut Ctx) -> ApiResult {
    writable(ctx)?;
    ask(ctx, "/files/delete", &Stamp { item: item_param(ctx)?, at: ctx.now }, 200).await
}

pub async fn trash(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    let items = or_refused!(call(&ctx.env, &pid, &me, "/files/trash", &j!({})).await?);
    ok(&j!({"items": named(ctx, items).await?, "kept_days": TRASH_MS / 86_400_000}))
}

/// Brings a deletion back where it was (to the root if that folder is gone), renamed if its name was taken since.
pub async fn restore(ctx: &mut Ctx) -> ApiResult {
    writable(ctx)?;
    ask(ctx, "/files/restore", &Stamp { item: item_param(ctx)?, at: ctx.now }, 200).await
}

/// Deletes a deletion for good, freeing its space.
pub async fn purge(ctx: &mut Ctx) -> ApiResult {
    writable(ctx)?;
    let pid = ctx.param("project")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    or_refused!(call(&ctx.env, &pid, &me, "/files/purge", &Stamp { item: item_param(ctx)?, at: ctx.now }).await?);
    super::http::no_content()
}
