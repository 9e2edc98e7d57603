//! The library of open educational resources and learning paths (#13, groundwork): what a resource is (a link, a
//! document or a text, with its licence, languages, fields, level and audience), the curation of its state, the
//! steps of a learning path, and a person's search turned into a safe full-text query. Pure: the worker stores and
//! serves them (not yet).
//!
//! ```text
//!            submit (author)          publish (curator)
//!   draft ───────────────────▶ submitted ───────────────────▶ published ◀─┐
//!     ▲  ◀─────────────────────────┘                              │       │ restore (curator)
//!     │      return with a note (curator)          withdraw       ▼       │
//!     └── (a curator may publish a draft directly)  (author or ─▶ withdrawn
//!                                                    curator)
//! ```

use super::error::Invalid;
use super::lifecycle::Refusal;
use super::text::Text;

pub const TITLE: Text = Text::line(1, 200);
pub const DESCRIPTION: Text = Text::lines(0, 2000);
pub const BODY: Text = Text::lines(1, 20_000);
pub const PROVENANCE: Text = Text::line(0, 300);
pub const STEP_TEXT: Text = Text::lines(0, 2000);
pub const MAX_STEPS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Link,
    Document,
    Text,
}

impl Kind {
    pub const NAMES: &'static [&'static str] = &["link", "document", "text"];
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "link" => Kind::Link,
            "document" => Kind::Document,
            "text" => Kind::Text,
            _ => return None,
        })
    }
}

/// The licences a resource may carry: Creative Commons first, then the public domain, then the rest.
pub const LICENCES: &[&str] =
    &["cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0", "cc-by-nc-sa-4.0", "cc-by-nd-4.0", "cc-by-nc-nd-4.0", "cc0-1.0", "public-domain", "other-open", "all-rights-reserved"];

/// Who a resource or path is for.
pub const AUDIENCES: &[&str] = &["everyone", "mentors", "mentees"];
pub const LEVELS: &[&str] = &["introductory", "intermediate", "advanced"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Draft,
    Submitted,
    Published,
    Withdrawn,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::Published => "published",
            State::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(s: &str) -> Option<State> {
        [State::Draft, State::Submitted, State::Published, State::Withdrawn].into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Submit,
    Publish,
    Return,
    Withdraw,
    Restore,
}

impl Action {
    pub const NAMES: &'static [&'static str] = &["submit", "publish", "return", "withdraw", "restore"];
    pub fn parse(s: &str) -> Option<Action> {
        Some(match s {
            "submit" => Action::Submit,
            "publish" => Action::Publish,
            "return" => Action::Return,
            "withdraw" => Action::Withdraw,
            "restore" => Action::Restore,
            _ => return None,
        })
    }
}

/// Who acts, in relation to the item: its author, a curator of its shelf (a community's admins and librarians, or
/// for the platform's shelf its admins), or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Who {
    pub author: bool,
    pub curator: bool,
}

/// The curation's state machine: the next state, or why not.
pub fn next(state: State, action: Action, who: Who) -> Result<State, Refusal> {
    use Action as A;
    use State as S;
    let curator = || if who.curator { Ok(()) } else { Err(Refusal::NotYours("Only the library's curators do this.")) };
    match (state, action) {
        (S::Draft, A::Submit) if who.author => Ok(S::Submitted),
        (S::Draft, A::Submit) => Err(Refusal::NotYours("Its author submits a draft.")),
        (S::Draft | S::Submitted, A::Publish) => curator().map(|()| S::Published),
        (S::Submitted, A::Return) => curator().map(|()| S::Draft),
        (S::Published, A::Withdraw) if who.author || who.curator => Ok(S::Withdrawn),
        (S::Published, A::Withdraw) => Err(Refusal::NotYours("Its author or a curator withdraws it.")),
        (S::Withdrawn, A::Restore) => curator().map(|()| S::Published),
        _ => Err(Refusal::Impossible("This cannot be done to the item in its present state.")),
    }
}

/// A resource's location: a link is http(s) only (no script, no file on the reader's machine).
pub fn parse_url(field: &str, raw: &str) -> Result<String, Invalid> {
    let url = Text::line(1, 2000).parse(field, raw)?;
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') && !url.chars().any(char::is_whitespace) => Ok(url),
        _ => Err(Invalid::new(field, "link_invalid", "Give an address that starts with https:// or http://.")),
    }
}

/// One of a controlled list, or the field named.
pub fn one_of(field: &str, list: &[&str], raw: &str) -> Result<String, Invalid> {
    if list.contains(&raw) {
        Ok(raw.to_string())
    } else {
        Err(Invalid::new(field, "not_in_list", "Choose one of the values offered."))
    }
}

/// A step of a learning path: a resource (with an optional range of pages or minutes in it) or its own text, and how
/// long it should take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub resource: Option<String>,
    pub text: String,
    /// Pages or minutes of the resource, from and to.
    pub range: Option<(i64, i64)>,
    pub minutes: i64,
}

pub struct StepInput<'a> {
    pub resource: Option<&'a str>,
    pub text: &'a str,
    pub range: Option<(i64, i64)>,
    pub minutes: i64,
}

/// A path's steps, in order: each a resource or its own text; a range only with a resource, from before to; at most
/// 50 steps and a day's work (600 minutes) each.
pub fn parse_steps(steps: &[StepInput]) -> Result<Vec<Step>, Invalid> {
    if steps.is_empty() || steps.len() > MAX_STEPS {
        return Err(Invalid::new("steps", "out_of_range", format!("A path has from 1 to {MAX_STEPS} steps.")));
    }
    steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let f = |name: &str| format!("steps.{i}.{name}");
            let text = STEP_TEXT.parse(&f("text"), s.text)?;
            let resource = s.resource.filter(|r| !r.is_empty()).map(str::to_string);
            if resource.is_none() && text.is_empty() {
                return Err(Invalid::new(f("text"), "required", "A step is a resource or its own text."));
            }
            if let Some((from, to)) = s.range {
                if resource.is_none() || from < 0 || to < from {
                    return Err(Invalid::new(f("range"), "out_of_range", "A range goes with a resource, from a number to one not smaller."));
                }
            }
            if !(0..=600).contains(&s.minutes) {
                return Err(Invalid::new(f("minutes"), "out_of_range", "Estimate from 0 to 600 minutes."));
            }
            Ok(Step { resource, text, range: s.range, minutes: s.minutes })
        })
        .collect()
}

/// A person's search as a full-text query (SQLite FTS5): each word (letters and digits) a quoted prefix, all of them
/// required; at most eight words. None when nothing is left to search for. Operators, quotes and column filters in
/// what was typed are only words.
pub fn fts_query(raw: &str) -> Option<String> {
    let words: Vec<String> = raw
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| format!("\"{}\"*", w.to_lowercase()))
        .collect();
    (!words.is_empty()).then(|| words.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curation_moves_by_who_acts() {
        let author = Who { author: true, curator: false };
        let curator = Who { author: false, curator: true };
        let reader = Who::default();
        assert_eq!(next(State::Draft, Action::Submit, author), Ok(State::Submitted));
        assert_eq!(next(State::Submitted, Action::Publish, curator), Ok(State::Published));
        assert_eq!(next(State::Draft, Action::Publish, curator), Ok(State::Published), "a curator's own draft");
        assert_eq!(next(State::Submitted, Action::Return, curator), Ok(State::Draft));
        assert_eq!(next(State::Published, Action::Withdraw, author), Ok(State::Withdrawn));
        assert_eq!(next(State::Withdrawn, Action::Restore, curator), Ok(State::Published));
        for (s, a, w) in [
            (State::Draft, Action::Submit, curator),
            (State::Submitted, Action::Publish, author),
            (State::Published, Action::Withdraw, reader),
            (State::Withdrawn, Action::Restore, author),
        ] {
            assert!(matches!(next(s, a, w), Err(Refusal::NotYours(_))), "{s:?} {a:?}");
        }
        assert!(matches!(next(State::Published, Action::Submit, author), Err(Refusal::Impossible(_))));
        assert!(matches!(next(State::Draft, Action::Withdraw, curator), Err(Refusal::Impossible(_))));
        assert_eq!(Action::NAMES.iter().map(|n| Action::parse(n).is_some()).filter(|x| *x).count(), 5);
    }

    #[test]
    fn links_are_http_and_lists_are_controlled() {
        assert!(parse_url("url", "https://example.org/guide.pdf").is_ok());
        for bad in ["javascript:alert(1)", "file:///etc/passwd", "https://", "http:///x", "https://a b", "ftp://x.org"] {
            assert_eq!(parse_url("url", bad).map_err(|e| e.field), Err("url".to_string()), "{bad}");
        }
        assert_eq!(LICENCES.first(), Some(&"cc-by-4.0"), "Creative Commons first");
        assert!(one_of("licence", LICENCES, "cc0-1.0").is_ok());
        assert_eq!(one_of("level", LEVELS, "expert").map_err(|e| e.code), Err("not_in_list"));
        assert_eq!(Kind::NAMES.iter().filter_map(|k| Kind::parse(k)).count(), 3);
    }

    #[test]
    fn steps_are_a_resource_or_a_text_with_sensible_ranges() {
        let ok = parse_steps(&[
            StepInput { resource: Some("r1"), text: "Read chapter 2", range: Some((10, 24)), minutes: 30 },
            StepInput { resource: None, text: "Write three questions for your mentor", range: None, minutes: 15 },
        ])
        .unwrap();
        assert_eq!(ok.len(), 2);
        let field = |s: StepInput| parse_steps(&[s]).unwrap_err().field;
        assert_eq!(field(StepInput { resource: None, text: " ", range: None, minutes: 5 }), "steps.0.text");
        assert_eq!(field(StepInput { resource: None, text: "x", range: Some((1, 2)), minutes: 5 }), "steps.0.range");
        assert_eq!(field(StepInput { resource: Some("r"), text: "", range: Some((5, 2)), minutes: 5 }), "steps.0.range");
        assert_eq!(field(StepInput { resource: Some("r"), text: "", range: None, minutes: 601 }), "steps.0.minutes");
        assert_eq!(parse_steps(&[]).unwrap_err().field, "steps");
    }

    #[test]
    fn searches_become_safe_prefix_queries() {
        assert_eq!(fts_query("Giving feedback"), Some("\"giving\"* AND \"feedback\"*".into()));
        assert_eq!(fts_query("title:x OR \"y\" NEAR(z) -w"), Some("\"title\"* AND \"x\"* AND \"or\"* AND \"y\"* AND \"near\"* AND \"z\"* AND \"w\"*".into()));
        assert_eq!(fts_query("  ** ()  "), None);
        assert_eq!(fts_query("contratto è già firmato"), Some("\"contratto\"* AND \"è\"* AND \"già\"* AND \"firmato\"*".into()));
        assert_eq!(fts_query("a b c d e f g h i j").map(|q| q.matches(" AND ").count()), Some(7), "eight words at most");
    }
}
