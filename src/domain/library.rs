//! The library of open educational resources and learning paths (#13, groundwork): what a resource is (a link, a
//! document or a text, with its licence, languages, fields, level and audience), the curation of its state, the
//! steps of a learning path, and a person's search turned into a safe full-text query. Pure: `store::library` keeps
//! them in D1, `app::library` serves them, and a project's shares, own paths and ticks live in its space.
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
    Path,
}

impl Kind {
    pub const NAMES: &'static [&'static str] = &["link", "document", "text", "path"];
    /// What a person writes in the form (a document's file is uploaded to it afterwards).
    pub const WRITTEN: &'static [&'static str] = &["link", "document", "text", "path"];
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "link" => Kind::Link,
            "document" => Kind::Document,
            "text" => Kind::Text,
            "path" => Kind::Path,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Link => "link",
            Kind::Document => "document",
            Kind::Text => "text",
            Kind::Path => "path",
        }
    }
}

/// The licences a resource may carry: Creative Commons first, then the public domain, then the rest.
pub const LICENCES: &[&str] =
    &["cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0", "cc-by-nc-sa-4.0", "cc-by-nd-4.0", "cc-by-nc-nd-4.0", "cc0-1.0", "public-domain", "other-open", "all-rights-reserved"];

/// Who a resource or path is for.
pub const AUDIENCES: &[&str] = &["everyone", "mentors", "mentees"];
pub const LEVELS: &[&str] = &["introductory", "intermediate", "advanced"];
/// What an item is about: a field of study or a sector of work (Tandem's two vocabularies, each code once).
pub const TOPICS: &[&str] = &[
    "education", "arts_humanities", "social_sciences", "business_law", "natural_sciences", "ict", "engineering", "agriculture",
    "health_welfare", "services", "other", "manufacturing", "energy", "construction", "trade", "transport", "hospitality", "finance",
    "real_estate", "professional", "administration", "public_sector", "health", "arts", "nonprofit",
];

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
/// long it should take. `id`: the step's id when an edit keeps it (what people ticked stays ticked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub id: Option<String>,
    pub resource: Option<String>,
    pub text: String,
    /// Pages or minutes of the resource, from and to.
    pub range: Option<(i64, i64)>,
    pub minutes: i64,
}

super::input::input! {
    #[derive(Debug, Default)]
    pub struct StepInput {
        pub id: Option<String>,
        pub resource: Option<String>,
        pub text: String,
        pub range_from: Option<i64>,
        pub range_to: Option<i64>,
        pub minutes: Option<i64>,
    }
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
            let text = STEP_TEXT.parse(&f("text"), &s.text)?;
            let resource = s.resource.as_deref().filter(|r| !r.is_empty()).map(str::to_string);
            if resource.is_none() && text.is_empty() {
                return Err(Invalid::new(f("text"), "required", "A step is a resource or its own text."));
            }
            let range = match (s.range_from, s.range_to) {
                (None, None) => None,
                (Some(from), Some(to)) if resource.is_some() && from >= 0 && to >= from => Some((from, to)),
                _ => return Err(Invalid::new(f("range_from"), "out_of_range", "A range goes with a resource, from a number to one not smaller.")),
            };
            let minutes = s.minutes.unwrap_or(0);
            if !(0..=600).contains(&minutes) {
                return Err(Invalid::new(f("minutes"), "out_of_range", "Estimate from 0 to 600 minutes."));
            }
            let id = s.id.clone().filter(|id| super::token::is_id_shaped(id));
            Ok(Step { id, resource, text, range, minutes })
        })
        .collect()
}

super::input::input! {
    #[derive(Debug, Default)]
    /// A resource or path as written in the form.
    pub struct ItemInput {
        pub kind: String,
        pub title: String,
        pub description: String,
        pub url: String,
        pub body: String,
        pub licence: String,
        pub languages: Vec<String>,
        pub fields: Vec<String>,
        pub level: String,
        pub audience: String,
        pub provenance: String,
        pub derived_from: Option<String>,
        pub steps: Vec<StepInput>,
        pub client_key: Option<String>,
    }
}

/// A resource or path, parsed: what its kind needs is there, every list value is one offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: Kind,
    pub title: String,
    pub description: String,
    pub url: String,
    pub body: String,
    pub licence: String,
    /// Codes, space-separated (as stored).
    pub languages: String,
    pub fields: String,
    pub level: String,
    pub audience: String,
    pub provenance: String,
    pub derived_from: Option<String>,
    pub steps: Vec<Step>,
    /// A path's estimate: its steps' minutes added up.
    pub minutes: i64,
}

/// Codes of a vocabulary, at most `max`, each once, space-separated.
fn codes(field: &str, raw: &[String], lists: &[&[&str]], max: usize) -> Result<String, Invalid> {
    if raw.len() > max {
        return Err(Invalid::new(field, "out_of_range", format!("Choose at most {max}.")));
    }
    let mut out: Vec<&str> = Vec::new();
    for (i, c) in raw.iter().enumerate() {
        if !lists.iter().any(|l| l.contains(&c.as_str())) {
            return Err(Invalid::new(format!("{field}.{i}"), "not_in_list", "Choose one of the values offered."));
        }
        if !out.contains(&c.as_str()) {
            out.push(c);
        }
    }
    Ok(out.join(" "))
}

pub fn parse_item(i: &ItemInput) -> Result<Item, Invalid> {
    let kind = Kind::parse(&i.kind).filter(|k| Kind::WRITTEN.contains(&k.as_str())).ok_or_else(|| Invalid::new("kind", "not_in_list", "Choose one of the values offered."))?;
    let title = TITLE.parse("title", &i.title)?;
    let description = DESCRIPTION.parse("description", &i.description)?;
    let url = if kind == Kind::Link { parse_url("url", &i.url)? } else { String::new() };
    let body = if kind == Kind::Text { BODY.parse("body", &i.body)? } else { String::new() };
    let steps = if kind == Kind::Path { parse_steps(&i.steps)? } else { Vec::new() };
    let default = |raw: &str, d: &str| if raw.is_empty() { d.to_string() } else { raw.to_string() };
    Ok(Item {
        kind,
        title,
        description,
        url,
        body,
        licence: one_of("licence", LICENCES, &i.licence)?,
        languages: codes("languages", &i.languages, &[super::vocab::LANGUAGES], 5)?,
        fields: codes("fields", &i.fields, &[TOPICS], 8)?,
        level: one_of("level", LEVELS, &default(&i.level, "introductory"))?,
        audience: one_of("audience", AUDIENCES, &default(&i.audience, "everyone"))?,
        provenance: PROVENANCE.parse("provenance", &i.provenance)?,
        derived_from: i.derived_from.clone().filter(|d| !d.is_empty()),
        minutes: steps.iter().map(|s| s.minutes).sum(),
        steps,
    })
}

pub const REVIEW: Text = Text::lines(0, 2000);
pub const NOTE: Text = Text::lines(0, 1000);

/// A rating from 1 to 5.
pub fn parse_rating(n: i64) -> Result<i64, Invalid> {
    if (1..=5).contains(&n) {
        Ok(n)
    } else {
        Err(Invalid::new("rating", "out_of_range", "Rate from 1 to 5."))
    }
}

/// A document goes to the curators, or out, with its file.
pub fn ready(kind: Kind, has_file: bool, action: Action) -> Result<(), Refusal> {
    match (kind, action) {
        (Kind::Document, Action::Submit | Action::Publish) if !has_file => Err(Refusal::Impossible("Upload the document's file first.")),
        _ => Ok(()),
    }
}

/// Who reads an item: anyone on its shelf once published; before and after, its author and the curators.
pub fn readable(state: State, who: Who) -> bool {
    state == State::Published || who.author || who.curator
}

/// Who changes it: the curators at any time; its author while it is a draft or waits to be published.
pub fn editable(state: State, who: Who) -> bool {
    who.curator || (who.author && matches!(state, State::Draft | State::Submitted))
}

/// What happens to people's ticks when a path's steps change: a step keeps its id (and its ticks) when the edit
/// names it and it was one of the path's; every other step is new.
pub fn keep_ids(old: &[String], steps: &mut [Step], mut new_id: impl FnMut() -> String) {
    let mut used: Vec<String> = Vec::new();
    for s in steps.iter_mut() {
        let keep = s.id.take().filter(|id| old.contains(id) && !used.contains(id));
        let id = keep.unwrap_or_else(&mut new_id);
        used.push(id.clone());
        s.id = Some(id);
    }
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
        let mut both: Vec<&str> = super::super::vocab::FIELDS.iter().chain(super::super::vocab::SECTORS).copied().collect();
        both.sort_unstable();
        both.dedup();
        let mut topics = TOPICS.to_vec();
        topics.sort_unstable();
        assert_eq!(topics, both, "the fields of study and the sectors, each once");
        assert!(one_of("licence", LICENCES, "cc0-1.0").is_ok());
        assert_eq!(one_of("level", LEVELS, "expert").map_err(|e| e.code), Err("not_in_list"));
        assert_eq!(Kind::NAMES.iter().filter_map(|k| Kind::parse(k)).map(Kind::as_str).collect::<Vec<_>>(), Kind::NAMES);
    }

    fn step(resource: Option<&str>, text: &str, range: Option<(i64, i64)>, minutes: i64) -> StepInput {
        StepInput { id: None, resource: resource.map(str::to_string), text: text.into(), range_from: range.map(|r| r.0), range_to: range.map(|r| r.1), minutes: Some(minutes) }
    }

    #[test]
    fn steps_are_a_resource_or_a_text_with_sensible_ranges() {
        let ok = parse_steps(&[step(Some("r1"), "Read chapter 2", Some((10, 24)), 30), step(None, "Write three questions for your mentor", None, 15)]).unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].range, Some((10, 24)));
        let field = |s: StepInput| parse_steps(&[s]).unwrap_err().field;
        assert_eq!(field(step(None, " ", None, 5)), "steps.0.text");
        assert_eq!(field(step(None, "x", Some((1, 2)), 5)), "steps.0.range_from");
        assert_eq!(field(step(Some("r"), "", Some((5, 2)), 5)), "steps.0.range_from");
        assert_eq!(field(step(Some("r"), "", None, 601)), "steps.0.minutes");
        assert_eq!(field(StepInput { range_from: Some(1), ..step(Some("r"), "", None, 5) }), "steps.0.range_from", "a range has both ends");
        assert_eq!(parse_steps(&[]).unwrap_err().field, "steps");
    }

    #[test]
    fn an_item_has_what_its_kind_needs_and_only_listed_values() {
        let link = ItemInput { kind: "link".into(), title: "Giving feedback".into(), url: "https://example.org/feedback".into(), licence: "cc-by-4.0".into(), languages: vec!["en".into(), "it".into(), "en".into()], fields: vec![], ..Default::default() };
        let item = parse_item(&link).unwrap();
        assert_eq!((item.languages.as_str(), item.level.as_str(), item.audience.as_str()), ("en it", "introductory", "everyone"));
        let field = |i: ItemInput| parse_item(&i).unwrap_err().field;
        assert_eq!(field(ItemInput { url: "javascript:alert(1)".into(), ..link_like(&link) }), "url");
        assert_eq!(field(ItemInput { licence: "wtfpl".into(), ..link_like(&link) }), "licence");
        assert_eq!(field(ItemInput { languages: vec!["xx".into()], ..link_like(&link) }), "languages.0");
        let document = parse_item(&ItemInput { kind: "document".into(), ..link_like(&link) }).unwrap();
        assert_eq!((document.url.as_str(), document.body.as_str()), ("", ""), "a document's file comes afterwards");
        assert!(ready(Kind::Document, false, Action::Submit).is_err() && ready(Kind::Document, true, Action::Publish).is_ok());
        assert!(ready(Kind::Link, false, Action::Submit).is_ok());
        assert_eq!(field(ItemInput { kind: "text".into(), ..link_like(&link) }), "body");
        assert_eq!(field(ItemInput { kind: "path".into(), ..link_like(&link) }), "steps");
        let path = parse_item(&ItemInput { kind: "path".into(), steps: vec![step(None, "a", None, 20), step(None, "b", None, 25)], ..link_like(&link) }).unwrap();
        assert_eq!((path.minutes, path.url.as_str()), (45, ""), "a path keeps no link");
        assert_eq!(parse_rating(0).map_err(|e| e.field), Err("rating".to_string()));
        assert!(readable(State::Published, Who::default()) && !readable(State::Draft, Who::default()));
        assert!(editable(State::Submitted, Who { author: true, curator: false }) && !editable(State::Published, Who { author: true, curator: false }));
    }

    fn link_like(i: &ItemInput) -> ItemInput {
        ItemInput { kind: i.kind.clone(), title: i.title.clone(), url: i.url.clone(), licence: i.licence.clone(), languages: i.languages.clone(), ..Default::default() }
    }

    #[test]
    fn edited_steps_keep_their_ids_once() {
        let mut steps = parse_steps(&[
            StepInput { id: Some("01aaaaaaaaaaaaaaaaaaaaaaaaaa".into()), ..step(None, "kept", None, 1) },
            StepInput { id: Some("01aaaaaaaaaaaaaaaaaaaaaaaaaa".into()), ..step(None, "copy", None, 1) },
            StepInput { id: Some("01bbbbbbbbbbbbbbbbbbbbbbbbbb".into()), ..step(None, "not of this path", None, 1) },
        ])
        .unwrap();
        let mut n = 0;
        keep_ids(&["01aaaaaaaaaaaaaaaaaaaaaaaaaa".to_string()], &mut steps, || {
            n += 1;
            format!("new{n}")
        });
        let ids: Vec<_> = steps.iter().map(|s| s.id.clone().unwrap()).collect();
        assert_eq!(ids, ["01aaaaaaaaaaaaaaaaaaaaaaaaaa", "new1", "new2"]);
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
