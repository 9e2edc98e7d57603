//! The project chatroom's rules: what a message is, how clients talk to the room, how fast a member may send.
//!
//! Client frames (JSON over the WebSocket, or the same fields over HTTP):
//! - `{"type":"send","client_id":"…","text":"…"}`: post a message. `client_id` is the client's own id for it;
//!   sending the same one again (a retry) never makes a second message.
//! - `{"type":"read","seq":N}`: I have read up to N.
//! - `{"type":"resume","after":N}`: send me what came after N (on reconnecting).
//!
//! Server frames: `ack` (client_id, seq), `message` (seq, client_id, author, text, at), `history` (messages, more),
//! `state` (read_only), `error` (code, message, client_id). A message is stored before it is acknowledged or
//! broadcast.

use super::error::Invalid;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::VecDeque;

pub const MAX_CHARS: usize = 4000;
/// At most this many messages…
pub const RATE_MESSAGES: usize = 10;
/// …in this many milliseconds, per member.
pub const RATE_WINDOW_MS: i64 = 10_000;
pub const PAGE: i64 = 50;
pub const MAX_PAGE: i64 = 200;

pub fn parse_text(raw: &str) -> Result<String, Invalid> {
    if raw.trim().is_empty() {
        return Err(Invalid::new("text", "required", "Write a message first."));
    }
    if raw.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(Invalid::new("text", "text_control_chars", "Remove the special control characters from this message."));
    }
    let len = raw.chars().count();
    if len > MAX_CHARS {
        return Err(Invalid::new("text", "text_too_long", format!("A message can have at most {MAX_CHARS} characters (this one has {len}).")));
    }
    Ok(raw.trim_end().to_string())
}

pub fn parse_client_id(raw: &str) -> Result<String, Invalid> {
    let ok = !raw.is_empty() && raw.len() <= 64 && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(raw.to_string())
    } else {
        Err(Invalid::new("client_id", "client_id_invalid", "Each message needs a client id of up to 64 letters, digits, - or _."))
    }
}

/// One member's recent sends, oldest first: may they send now (at most `limit` in [`RATE_WINDOW_MS`])?
/// Kept in the room's memory between messages; only the newest `limit` sends can matter, so no more are kept.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RateWindow {
    times: VecDeque<i64>,
}

impl RateWindow {
    /// From stored send times, in any order.
    pub fn new(times: impl IntoIterator<Item = i64>) -> Self {
        let mut times: Vec<i64> = times.into_iter().collect();
        times.sort_unstable();
        RateWindow { times: times.into() }
    }

    /// `Ok` when a message may be sent at `now`; otherwise the milliseconds to wait.
    pub fn check(&mut self, now: i64, limit: usize) -> Result<(), i64> {
        let limit = limit.max(1);
        while self.times.front().is_some_and(|t| now - t >= RATE_WINDOW_MS) {
            self.times.pop_front();
        }
        while self.times.len() > limit {
            self.times.pop_front();
        }
        match self.times.front() {
            Some(oldest) if self.times.len() >= limit => Err((oldest + RATE_WINDOW_MS - now).max(1)),
            _ => Ok(()),
        }
    }

    /// A message was stored at `at`.
    pub fn record(&mut self, at: i64) {
        self.times.push_back(at);
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientFrame {
    Send { client_id: String, text: String },
    Read { seq: i64 },
    Resume { after: i64 },
}

impl ClientFrame {
    pub fn parse(raw: &str) -> Result<ClientFrame, Invalid> {
        if raw.len() > MAX_CHARS * 4 + 512 {
            return Err(Invalid::new("text", "text_too_long", format!("A message can have at most {MAX_CHARS} characters.")));
        }
        let bad = || Invalid::new("frame", "frame_invalid", "Unknown message: send {\"type\":\"send\",\"client_id\":…,\"text\":…}, read or resume.");
        // Read in one pass into borrowed fields (a frame is parsed for every message); a missing string is empty,
        // which the send rules then refuse with their own message.
        #[derive(Deserialize)]
        struct Raw<'a> {
            #[serde(rename = "type", borrow)]
            kind: Cow<'a, str>,
            #[serde(default, borrow)]
            client_id: Option<Cow<'a, str>>,
            #[serde(default, borrow)]
            text: Option<Cow<'a, str>>,
            #[serde(default)]
            seq: Option<i64>,
            #[serde(default)]
            after: Option<i64>,
        }
        let v: Raw = serde_json::from_str(raw).map_err(|_| bad())?;
        let s = |x: Option<Cow<str>>| x.map(Cow::into_owned).unwrap_or_default();
        match v.kind.as_ref() {
            "send" => Ok(ClientFrame::Send { client_id: s(v.client_id), text: s(v.text) }),
            "read" => v.seq.map(|seq| ClientFrame::Read { seq }).ok_or_else(bad),
            "resume" => Ok(ClientFrame::Resume { after: v.after.unwrap_or(0) }),
            _ => Err(bad()),
        }
    }
}

/// Paging through history by sequence number: `before` pages back, `after` pages forward (resume); neither gives
/// the newest page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Latest(i64),
    Before(i64, i64),
    After(i64, i64),
}

pub fn window(before: Option<i64>, after: Option<i64>, limit: Option<i64>) -> Window {
    let limit = limit.unwrap_or(PAGE).clamp(1, MAX_PAGE);
    match (before, after) {
        (_, Some(a)) => Window::After(a.max(0), limit),
        (Some(b), None) => Window::Before(b.max(0), limit),
        (None, None) => Window::Latest(limit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages() {
        assert_eq!(parse_text("  hello\n"), Ok("  hello".into()));
        assert_eq!(parse_text(" \n ").map_err(|e| e.code), Err("required"));
        assert!(parse_text(&"é".repeat(4000)).is_ok());
        assert_eq!(parse_text(&"é".repeat(4001)).map_err(|e| e.code), Err("text_too_long"));
        assert_eq!(parse_text("bell\u{7}").map_err(|e| e.code), Err("text_control_chars"));
        assert!(parse_client_id("c-1_x").is_ok());
        assert!(parse_client_id("").is_err() && parse_client_id("a b").is_err() && parse_client_id(&"a".repeat(65)).is_err());
    }

    #[test]
    fn rate_limit_is_ten_in_ten_seconds() {
        let now = 100_000;
        let mut nine = RateWindow::new((0..9).map(|i| now - i * 100));
        assert_eq!(nine.check(now, RATE_MESSAGES), Ok(()));
        nine.record(now);
        assert_eq!(nine.check(now, RATE_MESSAGES), Err(RATE_WINDOW_MS - 800));
        let mut ten = RateWindow::new((0..10).map(|i| now - i * 100));
        assert_eq!(ten.check(now, RATE_MESSAGES), Err(RATE_WINDOW_MS - 900));
        assert_eq!(ten.clone().check(now, 11), Ok(()));
        // The oldest send leaves the window, and a place is free again.
        assert_eq!(ten.check(now - 900 + RATE_WINDOW_MS, RATE_MESSAGES), Ok(()));
        let mut old = RateWindow::new((0..10).map(|i| now - RATE_WINDOW_MS - i));
        assert_eq!(old.check(now, RATE_MESSAGES), Ok(()));
        // A lower limit than the sends kept: the newest `limit` decide.
        let mut many = RateWindow::new((0..20).map(|i| now - i));
        assert_eq!(many.check(now, 2), Err(RATE_WINDOW_MS - 1));
    }

    #[test]
    fn frames() {
        assert_eq!(
            ClientFrame::parse(r#"{"type":"send","client_id":"a1","text":"hi"}"#),
            Ok(ClientFrame::Send { client_id: "a1".into(), text: "hi".into() })
        );
        assert_eq!(ClientFrame::parse(r#"{"type":"read","seq":7}"#), Ok(ClientFrame::Read { seq: 7 }));
        assert_eq!(ClientFrame::parse(r#"{"type":"resume"}"#), Ok(ClientFrame::Resume { after: 0 }));
        assert_eq!(
            ClientFrame::parse(r#"{"type":"send","text":"caf\u00e9 \"x\""}"#),
            Ok(ClientFrame::Send { client_id: String::new(), text: "café \"x\"".into() })
        );
        assert!(ClientFrame::parse(r#"{"type":"read"}"#).is_err());
        assert!(ClientFrame::parse(r#"{"client_id":"a"}"#).is_err());
        assert!(ClientFrame::parse("not json").is_err());
        assert!(ClientFrame::parse(r#"{"type":"shout"}"#).is_err());
    }

    #[test]
    fn windows() {
        assert_eq!(window(None, None, None), Window::Latest(50));
        assert_eq!(window(Some(100), None, Some(500)), Window::Before(100, 200));
        assert_eq!(window(Some(100), Some(5), Some(0)), Window::After(5, 1));
    }
}
