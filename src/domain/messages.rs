//! Private messages between the members of a project.

use super::error::Invalid;
use super::text::Text;

pub const MAX_BODY: usize = 10_000;
pub const SUBJECT: Text = Text::line(0, 150);
pub const BODY: Text = Text::lines(1, MAX_BODY);

super::input::input! {
    #[derive(Debug, Clone, Default)]
    pub struct MessageInput {
        /// The recipient (a member of the same project); not needed when replying.
        pub to: String,
        pub subject: String,
        pub body: String,
        /// The message this answers: the reply joins its thread and goes to its other party.
        pub reply_to: String,
        /// The browser's key for this message: sent again (a retry, an outbox emptied twice), it is stored once.
        pub client_key: String,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
    pub client_key: Option<String>,
}

impl Message {
    pub fn parse(input: &MessageInput) -> Result<Message, Invalid> {
        Ok(Message {
            subject: SUBJECT.parse("subject", &input.subject)?,
            body: BODY.parse("body", &input.body)?,
            client_key: super::request::parse_client_key(Some(&input.client_key))?,
        })
    }
}

/// Which list to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Box_ {
    Inbox,
    Sent,
}

impl Box_ {
    pub const ALL: &'static [&'static str] = &["inbox", "sent"];
    pub fn parse(raw: Option<&str>) -> Result<Box_, Invalid> {
        match raw.unwrap_or("inbox") {
            "inbox" | "" => Ok(Box_::Inbox),
            "sent" => Ok(Box_::Sent),
            _ => Err(Invalid::new("box", "not_in_list", "Choose the inbox or the sent messages.")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_need_a_body_and_short_subjects() {
        let ok = Message::parse(&MessageInput { body: "See you on Thursday.\nAnna".into(), ..Default::default() }).unwrap();
        assert_eq!(ok.subject, "");
        assert_eq!(Message::parse(&MessageInput { body: "  ".into(), ..Default::default() }).unwrap_err().code, "required");
        assert_eq!(Message::parse(&MessageInput { body: "x".repeat(MAX_BODY + 1), ..Default::default() }).unwrap_err().field, "body");
        assert_eq!(Message::parse(&MessageInput { subject: "s".repeat(151), body: "ok".into(), ..Default::default() }).unwrap_err().field, "subject");
        assert_eq!(Box_::parse(Some("sent")), Ok(Box_::Sent));
        assert!(Box_::parse(Some("trash")).is_err());
    }
}
