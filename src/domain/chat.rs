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
use serde_json::Value;

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

/// Given the times of this member's recent messages, may they send now (at most `limit` in the window)? Otherwise:
/// milliseconds to wait.
pub fn rate_check(recent: &[i64], now: i64, limit: usize) -> Result<(), i64> {
    let limit = limit.max(1);
    let mut in_window: Vec<i64> = recent.iter().copied().filter(|t| now - t < RATE_WINDOW_MS).collect();
    if in_window.len() < limit {
        return Ok(());
    }
    in_window.sort_unstable();
    let oldest_that_counts = in_window.get(in_window.len() - limit).copied().unwrap_or(now);
    Err((oldest_that_counts + RATE_WINDOW_MS - now).max(1))
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
        let v: Value = serde_json::from_str(raw).map_err(|_| bad())?;
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let n = |k: &str| v.get(k).and_then(Value::as_i64);
        match v.get("type").and_then(Value::as_str) {
            Some("send") => Ok(ClientFrame::Send { client_id: s("client_id"), text: s("text") }),
            Some("read") => n("seq").map(|seq| ClientFrame::Read { seq }).ok_or_else(bad),
            Some("resume") => Ok(ClientFrame::Resume { after: n("after").unwrap_or(0) }),
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
        let nine: Vec<i64> = (0..9).map(|i| now - i * 100).collect();
        assert_eq!(rate_check(&nine, now, RATE_MESSAGES), Ok(()));
        let ten: Vec<i64> = (0..10).map(|i| now - i * 100).collect();
        assert_eq!(rate_check(&ten, now, RATE_MESSAGES), Err(RATE_WINDOW_MS - 900));
        assert_eq!(rate_check(&ten, now, 11), Ok(()));
        let old: Vec<i64> = (0..10).map(|i| now - RATE_WINDOW_MS - i).collect();
        assert_eq!(rate_check(&old, now, RATE_MESSAGES), Ok(()));
    }

    #[test]
    fn frames() {
        assert_eq!(
            ClientFrame::parse(r#"{"type":"send","client_id":"a1","text":"hi"}"#),
            Ok(ClientFrame::Send { client_id: "a1".into(), text: "hi".into() })
        );
        assert_eq!(ClientFrame::parse(r#"{"type":"read","seq":7}"#), Ok(ClientFrame::Read { seq: 7 }));
        assert_eq!(ClientFrame::parse(r#"{"type":"resume"}"#), Ok(ClientFrame::Resume { after: 0 }));
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
