//! A project's document folder: folders, uploads streamed to R2 (never whole in memory), versions, downloads,
//! rename, move, and a trash kept for 30 days. Active members only (the routes' policy); writes need an active
//! project.

use super::http::id;
use super::http::{env_var, json, ok, ApiResult, Ctx};
use super::http::send_file;
use super::store::files::{self as store, ItemRow, NewFolder, NewVersion};
use crate::domain::error::{ApiError, Invalid};
use crate::domain::files::{self, FileKind, ItemName, HEAD_BYTES, MAX_DEPTH, MAX_FILE_BYTES, TRASH_MS};
use crate::domain::token::is_id_shaped;
use serde_json::{json as j, Value};
use worker::js_sys::{Reflect, Uint8Array};
use worker::wasm_bindgen::{JsCast, JsValue};
use worker::wasm_bindgen_futures::{future_to_promise, JsFuture};
use worker::web_sys::{ReadableStream, ReadableStreamDefaultReader};
use worker::{Bucket, Data, HttpMetadata};

fn quota(ctx: &Ctx) -> u64 {
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

/// A folder id from the query or a body (`""` is the root); it must name a live folder of the project.
async fn folder(ctx: &Ctx, project: &str, raw: &str) -> Result<String, ApiError> {
    if raw.is_empty() {
        return Ok(String::new());
    }
    if !is_id_shaped(raw) || store::path(&ctx.db, project, raw).await?.is_empty() {
        return Err(folder_gone());
    }
    Ok(raw.to_string())
}

fn folder_gone() -> ApiError {
    Invalid::new("folder", "folder_not_found", "That folder was not found: it may have been deleted.").into()
}

fn too_deep() -> ApiError {
    Invalid::new("folder", "folder_too_deep", format!("Folders can be nested at most {MAX_DEPTH} deep.")).into()
}

pub fn item_json(i: &ItemRow) -> Value {
    let mut v = serde_json::to_value(i).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        if let Some(at) = i.deleted_at {
            o.insert("purge_at".into(), j!(at + TRASH_MS));
        }
    }
    v
}

pub async fn list(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let raw = ctx.query("folder").unwrap_or_default();
    if !raw.is_empty() && !is_id_shaped(&raw) {
        return Err(ApiError::not_found());
    }
    let l = store::list(&ctx.db, &pid, &raw).await?;
    if !raw.is_empty() && l.path.is_empty() {
        return Err(ApiError::not_found());
    }
    ok(&j!({
        "folder": l.path.last(),
        "path": l.path,
        "items": l.items.iter().map(item_json).collect::<Vec<_>>(),
        "usage": {"used_bytes": l.used, "quota_bytes": quota(ctx)},
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
    let pid = ctx.param("project")?.to_string();
    let input: FolderInput = ctx.json().await?;
    writable(ctx)?;
    let name = ItemName::parse("name", &input.name)?;
    let parent = folder(ctx, &pid, &input.folder).await?;
    if !parent.is_empty() && store::path(&ctx.db, &pid, &parent).await?.len() >= MAX_DEPTH {
        return Err(too_deep());
    }
    let fid = id(ctx.now)?;
    let me = ctx.actor()?.user_id.clone();
    let f = NewFolder { id: &fid, project: &pid, parent: &parent, name: name.as_str(), key: &name.key(), by: &me, now: ctx.now };
    if !store::create_folder(&ctx.db, &f).await? {
        return Err(folder_gone());
    }
    let item = store::item(&ctx.db, &pid, &fid).await?.ok_or_else(ApiError::internal)?;
    json(201, &j!({"item": item_json(&item)}))
}

/// Uploads a file into a folder: the raw bytes as the body, with its `Content-Length`, the name in `X-File-Name`
/// (percent-encoded). Sizes, name and type are checked before anything is stored; the bytes then stream to R2; the
/// file is listed only once they are all there.
pub async fn upload(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    writable(ctx)?;
    let parent = ctx.query("folder").unwrap_or_default();
    let (live, used) = if parent.is_empty() || is_id_shaped(&parent) { store::room(&ctx.db, &pid, &parent).await? } else { (false, 0) };
    if !live {
        return Err(folder_gone());
    }
    let name = ItemName::parse("name", &crate::domain::text::file_name_header(&ctx.header("x-file-name"))?)?;
    let quota = quota(ctx);
    let used = u64::try_from(used).unwrap_or(0);
    let size = files::check_size(&ctx.header("content-length"), used, quota)?;
    let body = ctx.req.inner().body().ok_or_else(|| ApiError::bad_request("file_empty", "The file is empty.").with_field("file"))?;
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let head = read_head(&reader, size).await?;
    let Some(kind) = files::sniff(&head.bytes, head.complete, name.extension().as_deref()) else {
        let _ = reader.cancel();
        return Err(files::unsupported());
    };
    let name = name.for_kind(kind);
    if store::named(&ctx.db, &pid, &parent, &name.key()).await?.is_some_and(|i| i.kind == "folder") {
        let _ = reader.cancel();
        return Err(store::name_taken(name.as_str()));
    }
    let upload_id = id(ctx.now)?;
    let r2_key = store::object_key(&pid, &upload_id);
    let bucket = ctx.env.bucket("FILES")?;
    store::begin_upload(&ctx.db, &upload_id, &pid, &r2_key, ctx.now).await?;
    if let Err(e) = stream_to_r2(&bucket, &r2_key, size, kind.mime(), &body, &reader, head).await {
        worker::console_warn!("upload {upload_id} did not arrive whole: {e:?}");
        let _ = bucket.delete(&r2_key).await;
        let _ = store::end_upload(&ctx.db, &upload_id).await;
        return Err(ApiError::bad_request(
            "upload_incomplete",
            "The file did not arrive whole (the connection may have dropped). Nothing was saved: please try again.",
        )
        .with_field("file"));
    }
    let me = ctx.actor()?.user_id.clone();
    let v = NewVersion {
        id: &upload_id,
        project: &pid,
        parent: &parent,
        name: name.as_str(),
        key: &name.key(),
        r2_key: &r2_key,
        size: i64::try_from(size).unwrap_or(i64::MAX),
        content_type: kind.mime(),
        by: &me,
        now: ctx.now,
        quota: i64::try_from(quota).unwrap_or(i64::MAX),
    };
    let listed = store::finish_upload(&ctx.db, &v).await;
    let number = match listed {
        Ok(Some(n)) => n,
        other => {
            // Not listed: leave nothing behind, and say why.
            let _ = bucket.delete(&r2_key).await;
            let _ = store::end_upload(&ctx.db, &upload_id).await;
            other?;
            let used = u64::try_from(store::used(&ctx.db, &pid).await?).unwrap_or(0);
            return Err(if used.saturating_add(size) > quota {
                files::quota_full(used, quota)
            } else if !parent.is_empty() && store::path(&ctx.db, &pid, &parent).await?.is_empty() {
                folder_gone()
            } else {
                store::name_taken(name.as_str())
            });
        }
    };
    // (Found by its version: it may have been renamed meanwhile.)
    let item = store::by_version(&ctx.db, &pid, &upload_id).await?.ok_or_else(ApiError::internal)?;
    json(if number == 1 { 201 } else { 200 }, &j!({"item": item_json(&item), "version": number}))
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

async fn live_item(ctx: &Ctx) -> Result<(String, ItemRow), ApiError> {
    let pid = ctx.param("project")?.to_string();
    let item = store::item(&ctx.db, &pid, ctx.param("item")?).await?.ok_or_else(ApiError::not_found)?;
    Ok((pid, item))
}

pub async fn details(ctx: &mut Ctx) -> ApiResult {
    let (pid, item) = live_item(ctx).await?;
    let versions = store::versions(&ctx.db, &item.id).await?;
    let path = if item.parent_id.is_empty() { Vec::new() } else { store::path(&ctx.db, &pid, &item.parent_id).await? };
    ok(&j!({"item": item_json(&item), "path": path, "versions": versions}))
}

pub async fn download(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let version = ctx.query("version").unwrap_or_default();
    if !version.is_empty() && !is_id_shaped(&version) {
        return Err(ApiError::not_found());
    }
    let (item, v) = store::version(&ctx.db, &pid, ctx.param("item")?, &version).await?.ok_or_else(ApiError::not_found)?;
    let current = item.version_id.as_deref() == Some(v.id.as_str());
    send_file(ctx, &v.r2_key, &named_for(&item.name, &v.content_type, (!current).then_some(v.number)), &v.content_type).await
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
    let (pid, item) = live_item(ctx).await?;
    if input.name.is_none() && input.folder.is_none() {
        return Err(Invalid::new("name", "required", "Give a new name, or a folder to move it to.").into());
    }
    let name = match &input.name {
        // A document keeps the extension of what it is (renaming `run.txt` to `run.bat` gives `run.bat.txt`).
        Some(raw) => match item.content_type.as_deref().and_then(FileKind::from_mime) {
            Some(kind) => ItemName::parse("name", raw)?.for_kind(kind),
            None => ItemName::parse("name", raw)?,
        }
        .as_str()
        .to_string(),
        None => item.name.clone(),
    };
    let parent = match &input.folder {
        Some(raw) => folder(ctx, &pid, raw).await?,
        None => item.parent_id.clone(),
    };
    let inside_itself = || ApiError::from(Invalid::new("folder", "folder_inside_itself", "A folder cannot be moved inside itself."));
    if item.kind == "folder" && !parent.is_empty() {
        let target = store::path(&ctx.db, &pid, &parent).await?;
        if target.iter().any(|p| p.id == item.id) {
            return Err(inside_itself());
        }
        let height = usize::try_from(store::height(&ctx.db, &pid, &item.id).await?).unwrap_or(usize::MAX);
        if target.len().saturating_add(1).saturating_add(height) > MAX_DEPTH {
            return Err(too_deep());
        }
    }
    let me = ctx.actor()?.user_id.clone();
    if !store::rename_move(&ctx.db, &pid, &item.id, &parent, &name, &me, ctx.now).await? {
        // Something changed meanwhile: say what.
        return Err(if store::item(&ctx.db, &pid, &item.id).await?.is_none() {
            ApiError::not_found()
        } else if !parent.is_empty() && store::path(&ctx.db, &pid, &parent).await?.is_empty() {
            folder_gone()
        } else {
            inside_itself()
        });
    }
    let item = store::item(&ctx.db, &pid, &item.id).await?.ok_or_else(ApiError::not_found)?;
    ok(&j!({"item": item_json(&item)}))
}

/// Moves an item (and all it holds) to the trash.
pub async fn delete(ctx: &mut Ctx) -> ApiResult {
    writable(ctx)?;
    let (pid, item) = live_item(ctx).await?;
    let me = ctx.actor()?.user_id.clone();
    let n = store::trash(&ctx.db, &pid, &item.id, &me, ctx.now).await?;
    if n == 0 {
        return Err(ApiError::not_found());
    }
    ok(&j!({"trashed": n, "purge_at": ctx.now + TRASH_MS}))
}

pub async fn trash(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let items: Vec<Value> = store::trash_list(&ctx.db, &pid)
        .await?
        .iter()
        .map(|(i, n, bytes)| {
            let mut v = item_json(i);
            if let Some(o) = v.as_object_mut() {
                o.insert("contains".into(), j!(n));
                o.insert("total_bytes".into(), j!(bytes));
            }
            v
        })
        .collect();
    ok(&j!({"items": items, "kept_days": TRASH_MS / 86_400_000}))
}

/// Brings a deletion back where it was (to the root if that folder is gone), renamed if its name was taken since.
pub async fn restore(ctx: &mut Ctx) -> ApiResult {
    writable(ctx)?;
    let pid = ctx.param("project")?.to_string();
    let item = store::trashed(&ctx.db, &pid, ctx.param("item")?).await?.ok_or_else(ApiError::not_found)?;
    let parent = if item.parent_id.is_empty() || store::path(&ctx.db, &pid, &item.parent_id).await?.is_empty() {
        String::new()
    } else {
        item.parent_id.clone()
    };
    let taken = store::names_in(&ctx.db, &pid, &parent).await?;
    let name = files::restored_name(&item.name, |k| taken.iter().any(|t| t == k));
    let me = ctx.actor()?.user_id.clone();
    store::restore(&ctx.db, &pid, &item.id, &parent, &name, &me, ctx.now).await?;
    let back = store::item(&ctx.db, &pid, &item.id).await?.ok_or_else(ApiError::internal)?;
    let path = if parent.is_empty() { Vec::new() } else { store::path(&ctx.db, &pid, &parent).await? };
    ok(&j!({"item": item_json(&back), "path": path}))
}

/// Deletes a deletion for good, freeing its space.
pub async fn purge(ctx: &mut Ctx) -> ApiResult {
    writable(ctx)?;
    let pid = ctx.param("project")?.to_string();
    let item = store::trashed(&ctx.db, &pid, ctx.param("item")?).await?.ok_or_else(ApiError::not_found)?;
    forget(&ctx.env.bucket("FILES")?, &ctx.db, &item.id).await?;
    super::http::no_content()
}

async fn forget(bucket: &Bucket, db: &super::store::Db, trash_id: &str) -> Result<(), ApiError> {
    let keys = store::trashed_keys(db, trash_id).await?;
    for batch in keys.chunks(1000) {
        bucket.delete_multiple(batch.to_vec()).await?;
    }
    store::forget(db, trash_id).await
}

/// Housekeeping (the cron trigger): empties deletions older than 30 days and uploads that never finished.
pub async fn sweep(env: &worker::Env, db: &super::store::Db, now: i64) -> Result<(), ApiError> {
    let (trash, stale) = store::expired(db, now - TRASH_MS, now - files::STALE_UPLOAD_MS).await?;
    let bucket = env.bucket("FILES")?;
    // One failure is logged and the rest still swept; what failed is tried again next time.
    for t in &trash {
        if let Err(e) = forget(&bucket, db, t).await {
            worker::console_error!("trash {t}: {}", e.message);
        }
    }
    for u in &stale {
        let done = match bucket.delete(&u.name).await {
            Ok(()) => store::end_upload(db, &u.id).await,
            Err(e) => Err(e.into()),
        };
        if let Err(e) = done {
            worker::console_error!("upload {}: {}", u.id, e.message);
        }
    }
    Ok(())
}
