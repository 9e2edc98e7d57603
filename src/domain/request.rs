//! Mentoring requests and groups: what a mentee (or a group's founder) writes, parsed.

use super::error::Invalid;
use super::text::Text;

super::input::input! {
    #[derive(Debug, Clone, Default)]
    pub struct RequestInput {
        pub title: Option<String>,
        pub summary: String,
        pub context: String,
        /// The client's own id for this draft: sending the same one twice makes one draft.
        pub client_key: Option<String>,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub title: String,
    pub summary: String,
    pub context: String,
}

/// The title the platform proposes: the mentee may change it.
pub const TITLE: Text = Text::line(3, 120);
pub const SUMMARY: Text = Text::lines(10, 600);
pub const CONTEXT: Text = Text::lines(0, 6000);
/// A note that goes with an action (required for some: a reason to decline or cancel).
pub const NOTE: Text = Text::lines(0, 2000);
pub const GROUP_NAME: Text = Text::line(3, 80);
pub const MOTTO: Text = Text::line(0, 160);
pub const GROUP_SUMMARY: Text = Text::lines(0, 600);
/// Client keys and ids: up to 64 letters, digits, - or _.
pub const CLIENT_KEY_PATTERN: &str = "^[A-Za-z0-9_-]{0,64}$";

pub fn propose_title(mentee_name: &str) -> String {
    format!("Mentoring for {mentee_name}")
}

impl Request {
    pub fn parse(input: &RequestInput, mentee_name: &str) -> Result<Request, Invalid> {
        let title = match input.title.as_deref().map(str::trim) {
            None | Some("") => propose_title(mentee_name).chars().take(120).collect(),
            Some(t) => TITLE.parse("title", t)?,
        };
        Ok(Request {
            title,
            summary: SUMMARY.parse("summary", &input.summary)?,
            context: CONTEXT.parse("context", &input.context)?,
        })
    }
}

pub fn parse_client_key(raw: Option<&str>) -> Result<Option<String>, Invalid> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(k) if k.len() <= 64 && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') => Ok(Some(k.into())),
        Some(_) => Err(Invalid::new("client_key", "client_key_invalid", "The client key must be up to 64 letters, digits, - or _.")),
    }
}

/// A note that goes with an action: a reason to decline or cancel, a question, an answer, a matching note.
pub fn parse_note(raw: &str, required: bool) -> Result<String, Invalid> {
    Text { min: usize::from(required), ..NOTE }.parse("note", raw)
}

super::input::input! {
    #[derive(Debug, Clone, Default)]
    pub struct GroupInput {
        pub mentor_id: String,
        pub mentee_ids: Vec<String>,
        pub name: String,
        pub motto: String,
        pub summary: String,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub mentor_id: String,
    pub mentee_ids: Vec<String>,
    pub name: String,
    pub motto: String,
    pub summary: String,
}

pub const MAX_GROUP_MENTEES: usize = 12;

impl Group {
    pub fn parse(input: &GroupInput) -> Result<Group, Invalid> {
        let id_ok = |s: &str| super::token::is_id_shaped(s);
        if !id_ok(&input.mentor_id) {
            return Err(Invalid::new("mentor_id", "required", "Choose the group's mentor."));
        }
        let mut mentees: Vec<String> = Vec::new();
        for (i, m) in input.mentee_ids.iter().enumerate() {
            if !id_ok(m) {
                return Err(Invalid::new(format!("mentee_ids.{i}"), "not_in_list", "Choose mentees from the community's members."));
            }
            if m == &input.mentor_id {
                return Err(Invalid::new(format!("mentee_ids.{i}"), "mentor_as_mentee", "The mentor cannot also be a mentee of the group."));
            }
            if !mentees.contains(m) {
                mentees.push(m.clone());
            }
        }
        if mentees.len() < 2 {
            return Err(Invalid::new("mentee_ids", "too_few", "A group needs at least two mentees."));
        }
        if mentees.len() > MAX_GROUP_MENTEES {
            return Err(Invalid::new("mentee_ids", "too_many", format!("A group can have at most {MAX_GROUP_MENTEES} mentees.")));
        }
        Ok(Group {
            mentor_id: input.mentor_id.clone(),
            mentee_ids: mentees,
            name: GROUP_NAME.parse("name", &input.name)?,
            motto: MOTTO.parse("motto", &input.motto)?,
            summary: GROUP_SUMMARY.parse("summary", &input.summary)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposes_a_title_when_none_is_given() {
        let r = Request::parse(&RequestInput { summary: "I want to find my first job.".into(), ..Default::default() }, "Dev Patel").unwrap();
        assert_eq!(r.title, "Mentoring for Dev Patel");
        let r = Request::parse(&RequestInput { title: Some(" My own title ".into()), summary: "I want to find my first job.".into(), ..Default::default() }, "Dev").unwrap();
        assert_eq!(r.title, "My own title");
    }

    #[test]
    fn refuses_thin_requests() {
        let e = Request::parse(&RequestInput { summary: "help".into(), ..Default::default() }, "Dev").unwrap_err();
        assert_eq!(e.field, "summary");
        assert!(parse_client_key(Some("a b")).is_err());
        assert_eq!(parse_client_key(Some("k-1")).unwrap(), Some("k-1".into()));
        assert!(parse_note(" ", true).is_err());
    }

    #[test]
    fn groups_need_a_mentor_and_two_distinct_mentees() {
        let m = "d000000000000000000000000a1a".to_string();
        let a = "d000000000000000000000000c1c".to_string();
        let b = "d000000000000000000000000d1d".to_string();
        let ok = GroupInput { mentor_id: m.clone(), mentee_ids: vec![a.clone(), b.clone(), a.clone()], name: "Makers".into(), ..Default::default() };
        assert_eq!(Group::parse(&ok).unwrap().mentee_ids, vec![a.clone(), b.clone()]);
        let few = GroupInput { mentee_ids: vec![a.clone(), a.clone()], ..ok.clone() };
        assert_eq!(Group::parse(&few).unwrap_err().code, "too_few");
        let self_mentee = GroupInput { mentee_ids: vec![a.clone(), m.clone()], ..ok.clone() };
        assert_eq!(Group::parse(&self_mentee).unwrap_err().code, "mentor_as_mentee");
    }
}
