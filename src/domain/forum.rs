//! A community's discussion rooms (#13): who is in each room's audience, what a reader of it may see and do, the
//! small Markdown subset posts are written in (no raw HTML, links to http(s) and mail only, mentions of people),
//! the author's edit window, moderation moves and their effects. Pure: the worker gathers the facts from D1 on every
//! request (never from a stale list) and asks.
//!
//! ```text
//!  room          audience                                          moderated by
//!  mentors       accredited entries of the Roll, its supervisor     the community's admins, or (sealed) its moderators
//!  mentees       mentees of a project past its draft
//!  everyone      the community's active members
//!  coordinators  the community's admins
//! ```
//!
//! Everyone else, platform admins and other communities' admins included, gets 404: a room does not exist for them.

use super::error::{ApiError, Invalid};
use super::text::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    Mentors,
    Mentees,
    Everyone,
    Coordinators,
}

impl Audience {
    pub const ALL: [Audience; 4] = [Audience::Mentors, Audience::Mentees, Audience::Everyone, Audience::Coordinators];
    pub const NAMES: &'static [&'static str] = &["mentors", "mentees", "everyone", "coordinators"];
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Mentors => "mentors",
            Audience::Mentees => "mentees",
            Audience::Everyone => "everyone",
            Audience::Coordinators => "coordinators",
        }
    }
    pub fn parse(s: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.as_str() == s)
    }
    /// Its name in e-mails (in English).
    pub fn title(self) -> &'static str {
        match self {
            Audience::Mentors => "Mentors' room",
            Audience::Mentees => "Mentees' room",
            Audience::Everyone => "Common room",
            Audience::Coordinators => "Coordinators' room",
        }
    }
}

/// What the person asking is to the community, worked out on this request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Standing {
    /// An active member (any role).
    pub member: bool,
    /// An active admin.
    pub admin: bool,
    /// An accredited entry of its Roll, or the Roll's supervisor (a suspended entry is neither).
    pub mentor: bool,
    /// A mentee of one of its projects past the draft.
    pub mentee: bool,
}

impl Standing {
    /// In this room's audience?
    pub fn in_audience(self, a: Audience) -> bool {
        self.member
            && match a {
                Audience::Mentors => self.mentor,
                Audience::Mentees => self.mentee,
                Audience::Everyone => true,
                Audience::Coordinators => self.admin,
            }
    }
}

/// How a person reads a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Not at all: 404.
    None,
    /// Of its audience: reads everything not hidden, writes, reports.
    Reader,
    /// Moderates it (a community admin, or, when it is sealed, a moderator chosen from its audience): reads hidden
    /// posts too and who wrote pseudonymous threads.
    Moderator,
    /// A community admin outside the audience of a sealed room: only the posts reported to them.
    Reported,
}

impl Access {
    pub fn reads(self) -> bool {
        matches!(self, Access::Reader | Access::Moderator)
    }
    pub fn moderates(self) -> bool {
        self == Access::Moderator
    }
}

/// A room as stored: sealed or not, and whether the person asking is one of its chosen moderators.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Room {
    pub sealed: bool,
    pub moderator: bool,
}

/// How this person reads this room. A sealed room is moderated by its chosen moderators (who must be of its
/// audience); its community's admins then see only what is reported to them, unless they are of the audience.
pub fn access(a: Audience, room: Room, s: Standing) -> Access {
    let inside = s.in_audience(a);
    match (room.sealed, inside, s.admin && s.member) {
        (false, _, true) => Access::Moderator,
        (false, true, false) => Access::Reader,
        (true, true, _) if room.moderator => Access::Moderator,
        (true, true, _) => Access::Reader,
        (true, false, true) => Access::Reported,
        _ => Access::None,
    }
}

// Texts ------------------------------------------------------------------------------------------------------------

pub const TITLE: Text = Text::line(1, 160);
pub const MAX_BODY: usize = 10_000;
/// A post's text as the API describes it (`parse_body` checks the Markdown too).
pub const BODY: Text = Text::lines(1, MAX_BODY);
/// A moderator's reason (hiding, banning); a reader's note with a report.
pub const REASON: Text = Text::lines(1, 1000);
pub const NOTE: Text = Text::lines(0, 1000);
/// An author edits freely this long after posting; later, each edit keeps the earlier text as a revision.
pub const FREE_EDIT_MS: i64 = 24 * 3_600_000;
/// At most this many posts (threads and replies) per person…
pub const RATE_POSTS: i64 = 5;
/// …in this many milliseconds.
pub const RATE_WINDOW_MS: i64 = 60_000;
/// A thread's page of posts, and a room's page of threads.
pub const PAGE: i64 = 50;
/// How long a ban from a room may last.
pub const MAX_BAN_DAYS: i64 = 365;

/// What a post says, checked: its Markdown, and the people it mentions (`@[Name](mention:ID)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub text: String,
    pub mentions: Vec<String>,
}

/// A post's Markdown: 1 to 10,000 characters of the subset the browser renders (paragraphs, **bold**, *italic*,
/// `code`, lists, > quotes, [links](https://…) and mentions). Raw HTML is refused, and so is a link to anything but
/// http(s) or mail: the browser would show neither, so the author is told now rather than surprised later.
pub fn parse_body(field: &str, raw: &str) -> Result<Body, Invalid> {
    let text = raw.trim_end();
    if text.trim().is_empty() {
        return Err(Invalid::new(field, "required", "Write something first."));
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(Invalid::new(field, "text_control_chars", "Remove the special control characters from this text."));
    }
    let len = text.chars().count();
    if len > MAX_BODY {
        return Err(Invalid::new(field, "text_too_long", format!("A post can have at most {MAX_BODY} characters (this one has {len}).")));
    }
    if let Some(tag) = raw_html(text) {
        return Err(Invalid::new(field, "raw_html", format!("HTML is not allowed in posts ({tag}): use the formatting buttons or Markdown.")));
    }
    let mut mentions = Vec::new();
    for target in link_targets(text) {
        if let Some(id) = target.strip_prefix("mention:") {
            if !super::token::is_id_shaped(id) {
                return Err(Invalid::new(field, "link_invalid", "A mention names someone who is not in this room."));
            }
            if !mentions.iter().any(|m| m == id) {
                mentions.push(id.to_string());
            }
        } else if !safe_url(target) {
            return Err(Invalid::new(field, "link_invalid", "Links must start with https://, http:// or mailto:."));
        }
    }
    Ok(Body { text: text.to_string(), mentions })
}

/// The first thing that looks like an HTML tag, comment or entity-free markup (`<b>`, `</p>`, `<!--`, `<?`).
fn raw_html(text: &str) -> Option<String> {
    let b = text.as_bytes();
    b.windows(2).position(|w| matches!(w, [b'<', c] if c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?'))).map(|i| {
        let tag: String = text[i..].chars().take_while(|c| *c != '>' && !c.is_whitespace()).take(20).collect();
        format!("{tag}>")
    })
}

/// Every `](target)` of the text.
fn link_targets(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        let end = after.find(')').unwrap_or(after.len());
        out.push(after[..end].trim());
        rest = &after[end..];
    }
    out
}

/// A link the browser will follow: http(s) or mail, nothing that runs or embeds.
pub fn safe_url(u: &str) -> bool {
    let lower = u.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && u.len() <= 2000
        && !u.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == '"')
}

/// A thread's extras, by room: "discussing a case" in the mentors' room (its author is reminded not to identify
/// the mentee); pseudonymous in the mentees' room (shown as "a mentee"; the moderators still see who).
pub fn check_extras(a: Audience, about_case: bool, pseudonymous: bool) -> Result<(), Invalid> {
    if about_case && a != Audience::Mentors {
        return Err(Invalid::new("about_case", "not_here", "Only the mentors' room has case discussions."));
    }
    if pseudonymous && a != Audience::Mentees {
        return Err(Invalid::new("pseudonymous", "not_here", "Only the mentees' room has threads without your name."));
    }
    Ok(())
}

/// May they post now, with `recent` posts in the last minute?
pub fn too_fast(recent: i64) -> bool {
    recent >= RATE_POSTS
}

/// An author's edit: free within a day of posting; later, the earlier text is kept as a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Free,
    KeepRevision,
}

pub fn edit(author: bool, hidden: bool, created_at: i64, now: i64) -> Result<Edit, ApiError> {
    if !author {
        return Err(ApiError::new(403, "not_allowed", "Only its author can edit a post."));
    }
    if hidden {
        return Err(ApiError::conflict("post_hidden", "A hidden post cannot be edited: the moderators hid it."));
    }
    Ok(if now - created_at <= FREE_EDIT_MS { Edit::Free } else { Edit::KeepRevision })
}

// Moderation -------------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadMove {
    Pin,
    Unpin,
    Lock,
    Unlock,
    /// To another room of the same community.
    Move(Audience),
}

impl ThreadMove {
    pub const NAMES: &'static [&'static str] = &["pin", "unpin", "lock", "unlock", "move"];
    pub fn parse(action: &str, to: Option<&str>) -> Result<ThreadMove, Invalid> {
        Ok(match action {
            "pin" => ThreadMove::Pin,
            "unpin" => ThreadMove::Unpin,
            "lock" => ThreadMove::Lock,
            "unlock" => ThreadMove::Unlock,
            "move" => ThreadMove::Move(to.and_then(Audience::parse).ok_or_else(|| Invalid::new("to", "required", "Choose the room to move it to."))?),
            _ => return Err(Invalid::new("action", "not_in_list", "Choose pin, unpin, lock, unlock or move.")),
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ThreadMove::Pin => "pin",
            ThreadMove::Unpin => "unpin",
            ThreadMove::Lock => "lock",
            ThreadMove::Unlock => "unlock",
            ThreadMove::Move(_) => "move",
        }
    }
}

/// A moderator's move on a thread. Moving it is for the community's admins (who moderate every unsealed room), and
/// only to another room; a pseudonymous or case thread keeps its kind only where the new room allows it.
pub fn thread_move(access: Access, admin: bool, from: Audience, m: ThreadMove) -> Result<ThreadMove, ApiError> {
    moderating(access)?;
    if let ThreadMove::Move(to) = m {
        if !admin {
            return Err(ApiError::new(403, "not_allowed", "Only the community's admins move threads between rooms."));
        }
        if to == from {
            return Err(Invalid::new("to", "same_room", "The thread is already in that room.").into());
        }
    }
    Ok(m)
}

/// Only the room's moderators moderate it (a community admin of a sealed room only looks at what is reported).
pub fn moderating(access: Access) -> Result<(), ApiError> {
    if access.moderates() {
        Ok(())
    } else {
        Err(ApiError::new(403, "not_allowed", "Only this room's moderators can do that."))
    }
}

/// A moderator hides a post (its author is told, with the reason) or restores it.
pub fn hide(access: Access, hidden: bool, restore: bool) -> Result<(), ApiError> {
    moderating(access)?;
    match (hidden, restore) {
        (true, false) => Err(ApiError::conflict("already_hidden", "This post is hidden already.")),
        (false, true) => Err(ApiError::conflict("not_hidden", "This post is not hidden.")),
        _ => Ok(()),
    }
}

/// Who may post in a thread now: the room's readers, unless banned from it or the thread is locked (moderators
/// still may).
pub fn may_post(access: Access, banned: bool, locked: bool) -> Result<(), ApiError> {
    if !access.reads() {
        return Err(ApiError::new(403, "not_allowed", "Only this room's members write in it."));
    }
    if banned && !access.moderates() {
        return Err(ApiError::new(403, "banned", "You cannot write in this room for now: a moderator has banned you from it."));
    }
    if locked && !access.moderates() {
        return Err(ApiError::conflict("thread_locked", "This thread is locked: nobody can reply to it."));
    }
    Ok(())
}

/// The reasons a reader gives when reporting a post.
pub const REPORT_REASONS: &[&str] = &["identifies_someone", "disrespectful", "unsafe", "spam", "off_topic", "other"];

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef0123456789ab";

    #[test]
    fn audiences_come_from_standing() {
        let member = Standing { member: true, ..Default::default() };
        let mentor = Standing { mentor: true, ..member };
        let mentee = Standing { mentee: true, ..member };
        let admin = Standing { admin: true, ..member };
        assert!(member.in_audience(Audience::Everyone));
        assert!(!member.in_audience(Audience::Mentors) && !member.in_audience(Audience::Mentees) && !member.in_audience(Audience::Coordinators));
        assert!(mentor.in_audience(Audience::Mentors) && !mentor.in_audience(Audience::Mentees));
        assert!(mentee.in_audience(Audience::Mentees) && !mentee.in_audience(Audience::Mentors));
        assert!(admin.in_audience(Audience::Coordinators));
        // Not a member (left, or a platform admin, or another community's admin): nowhere, whatever else is true.
        let outsider = Standing { member: false, mentor: true, mentee: true, admin: true };
        for a in Audience::ALL {
            assert!(!outsider.in_audience(a));
            assert_eq!(access(a, Room::default(), outsider), Access::None);
        }
    }

    #[test]
    fn who_reads_and_moderates_each_room() {
        let member = Standing { member: true, ..Default::default() };
        let mentor = Standing { mentor: true, ..member };
        let admin = Standing { admin: true, ..member };
        let open = Room::default();
        let sealed = Room { sealed: true, moderator: false };
        let sealed_mod = Room { sealed: true, moderator: true };
        let table = [
            (Audience::Mentors, open, member, Access::None),
            (Audience::Mentors, open, mentor, Access::Reader),
            (Audience::Mentors, open, admin, Access::Moderator),
            (Audience::Mentors, sealed, admin, Access::Reported),
            (Audience::Mentors, sealed, mentor, Access::Reader),
            (Audience::Mentors, sealed_mod, mentor, Access::Moderator),
            // A moderator who left the audience (suspended from the roll) is no longer one.
            (Audience::Mentors, sealed_mod, member, Access::None),
            (Audience::Mentors, sealed, Standing { mentor: true, ..admin }, Access::Reader),
            (Audience::Everyone, open, member, Access::Reader),
            (Audience::Coordinators, open, admin, Access::Moderator),
            (Audience::Coordinators, open, mentor, Access::None),
        ];
        for (a, room, s, want) in table {
            assert_eq!(access(a, room, s), want, "{a:?} {room:?} {s:?}");
        }
    }

    #[test]
    fn markdown_is_checked() {
        let ok = parse_body("body", "Hello **all**: see [the guide](https://example.org/guide) and ask @[Anna Bianchi](mention:0123456789abcdef0123456789ab).\n\n- one\n- two\n").unwrap();
        assert_eq!(ok.mentions, vec![ID.to_string()]);
        assert!(ok.text.ends_with("- two"), "trailing blank lines trimmed");
        let code = |raw: &str| parse_body("body", raw).err().map(|e| e.code);
        assert_eq!(code("<script>alert(1)</script>"), Some("raw_html"));
        assert_eq!(code("a <img src=x onerror=alert(1)>"), Some("raw_html"));
        assert_eq!(code("</p>"), Some("raw_html"));
        assert_eq!(code("<!-- hidden -->"), Some("raw_html"));
        assert_eq!(code("[click](javascript:alert(1))"), Some("link_invalid"));
        assert_eq!(code("[click]( JavaScript:alert(1))"), Some("link_invalid"));
        assert_eq!(code("[x](data:text/html;base64,AAAA)"), Some("link_invalid"));
        assert_eq!(code("[x](mention:../../admin)"), Some("link_invalid"));
        assert_eq!(code("   "), Some("required"));
        assert_eq!(code(&"a".repeat(MAX_BODY + 1)), Some("text_too_long"));
        assert_eq!(code("bell \u{7}"), Some("text_control_chars"));
        // Comparisons and arrows are text, not HTML.
        assert!(parse_body("body", "2 < 3 and 5 > 4, a <- b, <3").is_ok());
        assert!(parse_body("body", "[mail me](mailto:a@example.org)").is_ok());
        assert_eq!(parse_body("body", &"é".repeat(MAX_BODY)).map(|b| b.text.chars().count()), Ok(MAX_BODY));
    }

    #[test]
    fn extras_belong_to_their_rooms() {
        assert!(check_extras(Audience::Mentors, true, false).is_ok());
        assert!(check_extras(Audience::Mentees, false, true).is_ok());
        assert_eq!(check_extras(Audience::Everyone, true, false).err().map(|e| e.field), Some("about_case".into()));
        assert_eq!(check_extras(Audience::Mentors, false, true).err().map(|e| e.field), Some("pseudonymous".into()));
    }

    #[test]
    fn edits_moderation_and_posting() {
        assert_eq!(edit(true, false, 0, FREE_EDIT_MS), Ok(Edit::Free));
        assert_eq!(edit(true, false, 0, FREE_EDIT_MS + 1), Ok(Edit::KeepRevision));
        assert_eq!(edit(false, false, 0, 1).err().map(|e| e.status), Some(403));
        assert_eq!(edit(true, true, 0, 1).err().map(|e| e.code), Some("post_hidden"));
        assert!(too_fast(RATE_POSTS) && !too_fast(RATE_POSTS - 1));

        assert_eq!(thread_move(Access::Reader, false, Audience::Mentors, ThreadMove::Pin).err().map(|e| e.status), Some(403));
        assert_eq!(thread_move(Access::Moderator, false, Audience::Mentors, ThreadMove::Move(Audience::Everyone)).err().map(|e| e.status), Some(403));
        assert_eq!(thread_move(Access::Moderator, true, Audience::Mentors, ThreadMove::Move(Audience::Mentors)).err().map(|e| e.code), Some("same_room"));
        assert_eq!(thread_move(Access::Moderator, true, Audience::Mentors, ThreadMove::Move(Audience::Everyone)), Ok(ThreadMove::Move(Audience::Everyone)));
        assert_eq!(ThreadMove::parse("move", None).err().map(|e| e.field), Some("to".into()));
        assert_eq!(ThreadMove::parse("delete", None).err().map(|e| e.field), Some("action".into()));

        assert!(hide(Access::Moderator, false, false).is_ok());
        assert_eq!(hide(Access::Moderator, true, false).err().map(|e| e.code), Some("already_hidden"));
        assert_eq!(hide(Access::Reported, false, false).err().map(|e| e.status), Some(403));

        assert!(may_post(Access::Reader, false, false).is_ok());
        assert_eq!(may_post(Access::Reader, true, false).err().map(|e| e.code), Some("banned"));
        assert_eq!(may_post(Access::Reader, false, true).err().map(|e| e.code), Some("thread_locked"));
        assert!(may_post(Access::Moderator, false, true).is_ok());
        assert_eq!(may_post(Access::Reported, false, false).err().map(|e| e.status), Some(403));
    }
}
