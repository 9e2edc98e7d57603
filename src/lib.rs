//! Tandem: e-mentoring at the edge.
//!
//! `domain` is pure and tested natively; `app` is the Worker (wasm32 only): request handling, storage, Durable Objects.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic))]

pub mod domain;

#[cfg(target_arch = "wasm32")]
mod app;
