//! A minimal Rust worker: one route, a JSON answer. The yardstick of `bench/coldstart.mjs`.
use worker::{event, Context, Env, Request, Response, Result};

#[event(fetch)]
async fn fetch(_req: Request, _env: Env, _ctx: Context) -> Result<Response> {
    Response::ok("{\"ok\":true}")
}
