//! Routes about the API itself.

use super::http::{ok, ApiResult, Ctx};
use crate::domain::{routes, vocab};
use serde_json::json;

pub fn health(_ctx: &mut Ctx) -> ApiResult {
    ok(&json!({"ok": true}))
}

pub fn openapi(_ctx: &mut Ctx) -> ApiResult {
    ok(&routes::openapi())
}

pub fn vocabularies(_ctx: &mut Ctx) -> ApiResult {
    ok(&vocab::ALL)
}
