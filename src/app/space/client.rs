//! How the worker asks a project's space (the space trusts only the worker): who asks, what, and the answer as JSON
//! or as the space's refusal, passed on as it is (it speaks the one error shape).

use crate::domain::error::ApiError;
use serde::Serialize;
use serde_json::Value;
use worker::{Headers, Method, Request, RequestInit, Response};

/// Passes on a project space's refusal as it is (the answer of `call`/`call_as` is `Ok(value)` or `Err(response)`).
macro_rules! or_refused {
    ($answer:expr) => {
        match $answer {
            Ok(v) => v,
            Err(refused) => return Ok(refused),
        }
    };
}
pub(crate) use or_refused;

/// A request to a project's space. `headers` say who asks (`x-member-id`) and more.
pub async fn ask(env: &worker::Env, project: &str, method: Method, path: &str, headers: &[(&str, &str)], body: Option<String>) -> worker::Result<Response> {
    let h = Headers::new();
    h.set("x-project-id", project)?;
    for (k, v) in headers {
        h.set(k, v)?;
    }
    if body.is_some() {
        h.set("content-type", "application/json")?;
    }
    let mut init = RequestInit::new();
    init.with_method(method).with_headers(h).with_body(body.map(Into::into));
    let req = Request::new_with_init(&format!("https://space{path}"), &init)?;
    env.durable_object("PROJECT_SPACE")?.id_from_name(project)?.get_stub()?.fetch_with_request(req).await
}

/// An operation on a project's content for a member: its JSON answer, or the space's refusal as a response.
pub async fn call<B: Serialize>(env: &worker::Env, project: &str, member: &str, path: &str, body: &B) -> Result<Result<Value, Response>, ApiError> {
    let body = serde_json::to_string(body).map_err(|e| super::super::http::internal(e.to_string()))?;
    let mut resp = ask(env, project, Method::Post, path, &[("x-member-id", member)], Some(body)).await?;
    if resp.status_code() >= 400 {
        return Ok(Err(resp));
    }
    Ok(Ok(resp.json::<Value>().await?))
}

/// The same, for an answer of a known shape.
pub async fn call_as<B: Serialize, T: serde::de::DeserializeOwned>(env: &worker::Env, project: &str, member: &str, path: &str, body: &B) -> Result<Result<T, Response>, ApiError> {
    match call(env, project, member, path, body).await? {
        Ok(v) => Ok(Ok(serde_json::from_value(v).map_err(|e| super::super::http::internal(format!("project space {path}: {e}")))?)),
        Err(refused) => Ok(Err(refused)),
    }
}

/// Starts these tasks at once (each as a JS promise, running while the caller goes on) and gives a future of their
/// results, in order.
pub fn at_once<F>(tasks: Vec<F>) -> impl std::future::Future<Output = Vec<worker::wasm_bindgen::JsValue>>
where
    F: std::future::Future<Output = worker::wasm_bindgen::JsValue> + 'static,
{
    use worker::wasm_bindgen_futures::{future_to_promise, JsFuture};
    let started: Vec<_> = tasks.into_iter().map(|t| future_to_promise(async move { Ok(t.await) })).collect();
    async move {
        let mut out = Vec::with_capacity(started.len());
        for promise in started {
            out.push(JsFuture::from(promise).await.unwrap_or(worker::wasm_bindgen::JsValue::NULL));
        }
        out
    }
}

/// Asks several spaces the same at once (a person's projects): each answer as JSON, or None where a space could not
/// answer or refused.
pub async fn call_many<B: Serialize>(env: &worker::Env, projects: &[String], member: &str, path: &str, body: &B) -> Vec<Option<Value>> {
    let Ok(text) = serde_json::to_string(body) else { return vec![None; projects.len()] };
    let tasks = projects.iter().map(|p| {
        let (env, p, member, path, text) = (env.clone(), p.clone(), member.to_string(), path.to_string(), text.clone());
        async move {
            match ask(&env, &p, Method::Post, &path, &[("x-member-id", &member)], Some(text)).await {
                Ok(mut resp) if resp.status_code() < 400 => resp.text().await.map(|t| worker::wasm_bindgen::JsValue::from_str(&t)).unwrap_or(worker::wasm_bindgen::JsValue::NULL),
                Ok(resp) => {
                    worker::console_warn!("project space {p}{path}: {}", resp.status_code());
                    worker::wasm_bindgen::JsValue::NULL
                }
                Err(e) => {
                    worker::console_error!("project space {p}{path}: {e}");
                    worker::wasm_bindgen::JsValue::NULL
                }
            }
        }
    });
    at_once(tasks.collect()).await.into_iter().map(|v| v.as_string().and_then(|t| serde_json::from_str(&t).ok())).collect()
}
