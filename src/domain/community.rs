//! Communities: their settings and the roles of their members.

use super::error::Invalid;
use super::text::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinPolicy {
    Open,
    Approval,
}

impl JoinPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            JoinPolicy::Open => "open",
            JoinPolicy::Approval => "approval",
        }
    }
}

/// Which ways to a mentor a community offers: A, the admins match; B, the mentee chooses from the roll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Models {
    A,
    B,
    Both,
}

impl Models {
    pub fn as_str(self) -> &'static str {
        match self {
            Models::A => "a",
            Models::B => "b",
            Models::Both => "ab",
        }
    }
    pub fn allows_a(self) -> bool {
        matches!(self, Models::A | Models::Both)
    }
    pub fn allows_b(self) -> bool {
        matches!(self, Models::B | Models::Both)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Admin,
    Member,
}

impl Role {
    pub const ALL: &'static [&'static str] = &["admin", "member"];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }
    pub fn parse(raw: &str) -> Result<Role, Invalid> {
        match raw {
            "admin" => Ok(Role::Admin),
            "member" => Ok(Role::Member),
            _ => Err(Invalid::new("role", "not_in_list", "The role must be admin or member.")),
        }
    }
}

pub const DEFAULT_TIMEOUT_DAYS: i64 = 14;

super::input::input! {
    #[derive(Debug, Clone, Default)]
    pub struct CommunityInput {
        pub name: Option<String>,
        pub description: Option<String>,
        pub join_policy: Option<String>,
        pub models: Option<String>,
        pub allow_external_mentors: Option<bool>,
        pub request_timeout_days: Option<i64>,
    }
}

pub const NAME: Text = Text::line(3, 100);
pub const DESCRIPTION: Text = Text::lines(0, 4000);
/// How long a mentoring request waits for an answer, in days.
pub const TIMEOUT_DAYS: std::ops::RangeInclusive<i64> = 1..=90;
pub const JOIN_POLICIES: &[&str] = &["open", "approval"];
pub const MODELS: &[&str] = &["a", "b", "ab"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub name: String,
    pub slug: String,
    pub description: String,
    pub join_policy: JoinPolicy,
    pub models: Models,
    pub allow_external_mentors: bool,
    pub request_timeout_days: i64,
}

/// A URL-friendly name, unique among communities: the name folded for comparison (accents go, full-width letters
/// become the plain ones, case goes), its letters and digits kept in any script, everything else a dash. So
/// "Città Aperta" and "CITTA aperta" make the same slug, and "Сообщество" its own. (Canonical decomposition only: the
/// compatibility tables would add about 90 KB to the gzipped worker for forms no one types in a community's name.)
pub fn slugify(name: &str) -> String {
    use super::text::normalized;
    // The combining diacritical marks (the accents NFD splits off).
    let is_combining_mark = |c: char| matches!(u32::from(c), 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F);
    // Full-width ASCII (U+FF01 to U+FF5E) is the ASCII it looks like.
    let plain = |c: char| match u32::from(c) {
        n @ 0xFF01..=0xFF5E => char::from_u32(n - 0xFF01 + 0x21).unwrap_or(c),
        _ => c,
    };
    let mut out = String::new();
    for c in normalized(name, false).chars().filter(|c| !is_combining_mark(*c)).map(plain).flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed: String = normalized(&out, true).trim_end_matches('-').chars().take(60).collect();
    if trimmed.is_empty() {
        "community".into()
    } else {
        trimmed
    }
}

impl Settings {
    /// Parses an edit: absent fields keep their current values.
    pub fn parse_over(input: &CommunityInput, current: &Settings) -> Result<Settings, Invalid> {
        Settings::parse(&CommunityInput {
            name: input.name.clone().or_else(|| Some(current.name.clone())),
            description: input.description.clone().or_else(|| Some(current.description.clone())),
            join_policy: input.join_policy.clone().or_else(|| Some(current.join_policy.as_str().into())),
            models: input.models.clone().or_else(|| Some(current.models.as_str().into())),
            allow_external_mentors: input.allow_external_mentors.or(Some(current.allow_external_mentors)),
            request_timeout_days: input.request_timeout_days.or(Some(current.request_timeout_days)),
        })
    }

    pub fn parse(input: &CommunityInput) -> Result<Settings, Invalid> {
        let name = NAME.parse("name", input.name.as_deref().unwrap_or(""))?;
        let description = DESCRIPTION.parse("description", input.description.as_deref().unwrap_or(""))?;
        let join_policy = match input.join_policy.as_deref().unwrap_or("open") {
            "open" => JoinPolicy::Open,
            "approval" => JoinPolicy::Approval,
            _ => return Err(Invalid::new("join_policy", "not_in_list", "Choose open or on approval.")),
        };
        let models = match input.models.as_deref().unwrap_or("ab") {
            "a" => Models::A,
            "b" => Models::B,
            "ab" => Models::Both,
            _ => return Err(Invalid::new("models", "not_in_list", "Choose model A, model B or both.")),
        };
        let days = input.request_timeout_days.unwrap_or(DEFAULT_TIMEOUT_DAYS);
        if !TIMEOUT_DAYS.contains(&days) {
            return Err(Invalid::new(
                "request_timeout_days",
                "out_of_range",
                "Unanswered requests must time out after 1 to 90 days.",
            ));
        }
        Ok(Settings {
            slug: slugify(&name),
            name,
            description,
            join_policy,
            models,
            allow_external_mentors: input.allow_external_mentors.unwrap_or(false),
            request_timeout_days: days,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_open_both_models_fourteen_days() {
        let s = Settings::parse(&CommunityInput { name: Some("Demo Community".into()), ..Default::default() }).unwrap();
        assert_eq!(s.slug, "demo-community");
        assert_eq!(s.join_policy, JoinPolicy::Open);
        assert_eq!(s.models, Models::Both);
        assert!(s.models.allows_a() && s.models.allows_b());
        assert_eq!(s.request_timeout_days, 14);
        assert!(!s.allow_external_mentors);
    }

    #[test]
    fn refuses_bad_settings_naming_the_field() {
        let base = CommunityInput { name: Some("Rete Donne".into()), ..Default::default() };
        let cases = [
            (CommunityInput { name: Some("ab".into()), ..base.clone() }, "name"),
            (CommunityInput { join_policy: Some("invite".into()), ..base.clone() }, "join_policy"),
            (CommunityInput { models: Some("c".into()), ..base.clone() }, "models"),
            (CommunityInput { request_timeout_days: Some(0), ..base.clone() }, "request_timeout_days"),
            (CommunityInput { request_timeout_days: Some(91), ..base.clone() }, "request_timeout_days"),
        ];
        for (input, field) in cases {
            assert_eq!(Settings::parse(&input).err().map(|e| e.field), Some(field.to_string()));
        }
    }

    #[test]
    fn an_edit_keeps_what_it_does_not_mention() {
        let current = Settings::parse(&CommunityInput { name: Some("Demo".into()), description: Some("About us".into()), models: Some("a".into()), ..Default::default() }).unwrap();
        let edited = Settings::parse_over(&CommunityInput { request_timeout_days: Some(7), ..Default::default() }, &current).unwrap();
        assert_eq!((edited.description.as_str(), edited.models, edited.request_timeout_days), ("About us", Models::A, 7));
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("  Città Aperta!! 2026 "), "citta-aperta-2026");
        assert_eq!(slugify("ÉCOLE Ñandú"), "ecole-nandu");
        assert_eq!(slugify("???"), "community");
        assert_eq!(slugify("Ｄｅｍｏ Community"), "demo-community", "full-width letters are the plain ones");
        assert_eq!(slugify("Сообщество менторов"), "сообщество-менторов");
        assert_ne!(slugify("Сообщество менторов"), slugify("日本語の会"));
        assert_eq!(slugify("Cafe\u{301} Club"), slugify("Café club"));
    }
}

/// What a community's admins can turn off (#13): each is on until they do. Off, its pages and routes are gone for
/// everyone in the community (404 `module_off`), the rules that read it sleep (no contract is late where there is
/// no contract), and what it holds stays, for when it is turned on again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    Rooms,
    Contract,
    Goals,
    Diary,
    Evaluations,
    Library,
}

impl Module {
    pub const ALL: [Module; 6] = [Module::Rooms, Module::Contract, Module::Goals, Module::Diary, Module::Evaluations, Module::Library];
    pub const NAMES: &'static [&'static str] = &["rooms", "contract", "goals", "diary", "evaluations", "library"];
    pub fn as_str(self) -> &'static str {
        match self {
            Module::Rooms => "rooms",
            Module::Contract => "contract",
            Module::Goals => "goals",
            Module::Diary => "diary",
            Module::Evaluations => "evaluations",
            Module::Library => "library",
        }
    }
    pub fn parse(s: &str) -> Option<Module> {
        Module::ALL.into_iter().find(|m| m.as_str() == s)
    }
    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A community's modules: which are on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Modules {
    off: u8,
}

impl Modules {
    /// Every module on.
    pub const ALL_ON: Modules = Modules { off: 0 };

    /// From the names of those turned off, as D1 gives them (`group_concat`: "rooms,diary"; None: none).
    pub fn from_off(names: Option<&str>) -> Modules {
        let off = names.unwrap_or("").split(',').filter_map(|n| Module::parse(n.trim())).fold(0, |acc, m| acc | m.bit());
        Modules { off }
    }
    pub fn on(self, m: Module) -> bool {
        self.off & m.bit() == 0
    }
    pub fn with(self, m: Module, on: bool) -> Modules {
        Modules { off: if on { self.off & !m.bit() } else { self.off | m.bit() } }
    }
}

#[cfg(test)]
mod module_tests {
    use super::*;

    #[test]
    fn modules_are_on_until_turned_off() {
        let m = Modules::from_off(Some("diary,rooms,nonsense"));
        assert!(!m.on(Module::Diary) && !m.on(Module::Rooms) && m.on(Module::Contract));
        assert_eq!(Modules::from_off(None), Modules::ALL_ON);
        assert!(m.with(Module::Diary, true).on(Module::Diary));
        assert!(!Modules::ALL_ON.with(Module::Goals, false).on(Module::Goals));
        assert_eq!(Module::NAMES, Module::ALL.map(Module::as_str));
    }
}
