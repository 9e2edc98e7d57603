//! Routes about the API itself.

use super::http::{ok, ApiResult, Ctx};
use crate::domain::error::ApiError;
use crate::domain::vocab;
use serde_json::json;

pub fn health(_ctx: &mut Ctx) -> ApiResult {
    ok(&json!({"ok": true}))
}

/// The API description, made from the route table at build time (`src/bin/openapi.rs`) and kept with the static
/// assets.
pub async fn openapi(ctx: &mut Ctx) -> ApiResult {
    let resp = ctx.env.assets("ASSETS")?.fetch("https://assets.local/openapi.json", None).await?;
    let is_json = resp.headers().get("content-type")?.is_some_and(|t| t.starts_with("application/json"));
    if resp.status_code() != 200 || !is_json {
        worker::console_error!("public/openapi.json is missing: scripts/build.sh makes it");
        return Err(ApiError::internal());
    }
    Ok(resp)
}

pub fn vocabularies(_ctx: &mut Ctx) -> ApiResult {
    ok(&vocab::ALL)
}
