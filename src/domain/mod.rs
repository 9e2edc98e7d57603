//! Pure domain logic: types that parse, rules, state machines and the access policy. Nothing here touches `worker`,
//! so all of it is tested natively with `cargo test`.

pub mod calendar;
pub mod chat;
pub mod community;
pub mod contract;
pub mod diary;
pub mod digest;
pub mod email;
pub mod error;
pub mod evaluation;
pub mod files;
pub mod forum;
pub mod goals;
pub mod health;
pub mod input;
pub mod journey;
pub mod library;
pub mod lifecycle;
pub mod mail;
pub mod matching;
pub mod messages;
pub mod notifications;
pub mod password;
pub mod plan;
pub mod policy;
pub mod profile;
pub mod report;
pub mod request;
pub mod retention;
pub mod roll;
pub mod routes;
pub mod session;
pub mod text;
pub mod token;
pub mod usage;
pub mod vocab;
