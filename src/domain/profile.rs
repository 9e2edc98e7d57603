//! Member profiles: what the mentoring needs to know about a person, parsed from the edit form.

use super::error::Invalid;
use super::text::Text;
use super::vocab;
use serde::Serialize;

super::input::input! {
    #[derive(Debug, Clone, Default)]
    pub struct ProfileInput {
        /// The account's public name (kept on the account, edited with the profile).
        pub display_name: Option<String>,
        pub presentation: Option<String>,
        pub education_level: Option<String>,
        pub status: Option<String>,
        pub position: Option<String>,
        pub field_of_study: Option<String>,
        pub sector: Option<String>,
        pub languages: Option<Vec<LanguageInput>>,
        pub timezone: Option<String>,
        pub contact_tools: Option<Vec<ContactInput>>,
        pub mentor_experience: Option<String>,
        pub mentor_motivation: Option<String>,
        pub accepting_mentees: Option<bool>,
        pub open_to_other_communities: Option<bool>,
        pub open_to_groups: Option<bool>,
    }
}

super::input::input! {
    #[derive(Debug, Clone, Default)]
    pub struct LanguageInput {
        pub code: String,
        pub level: String,
    }
}

super::input::input! {
    #[derive(Debug, Clone, Default)]
    pub struct ContactInput {
        pub tool: String,
        pub handle: String,
    }
}

super::input::input! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct Language {
        pub code: String,
        pub level: String,
    }
}

super::input::input! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct Contact {
        pub tool: String,
        pub handle: String,
    }
}

/// A parsed profile, ready to store. Empty strings mean "not given".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Profile {
    pub presentation: String,
    pub education_level: String,
    pub status: String,
    pub position: String,
    pub field_of_study: String,
    pub sector: String,
    /// In the member's order of preference.
    pub languages: Vec<Language>,
    pub timezone: String,
    pub contact_tools: Vec<Contact>,
    pub mentor_experience: String,
    pub mentor_motivation: String,
    pub accepting_mentees: bool,
    pub open_to_other_communities: bool,
    pub open_to_groups: bool,
}

pub const MAX_LANGUAGES: usize = 10;
pub const PRESENTATION: Text = Text::lines(0, 2000);
pub const POSITION: Text = Text::line(0, 120);
pub const MENTOR_TEXT: Text = Text::lines(0, 4000);
/// A contact tool's handle (a phone number, a user name).
pub const HANDLE: Text = Text::line(1, 120);
pub const MAX_CONTACTS: usize = 10;

fn code(field: &str, value: Option<&str>, list: &[&str]) -> Result<String, Invalid> {
    match value.map(str::trim).unwrap_or("") {
        "" => Ok(String::new()),
        v if vocab::contains(list, v) => Ok(v.to_string()),
        _ => Err(Invalid::new(field, "not_in_list", "Choose one of the values offered.")),
    }
}

/// Every IANA time zone a profile may name, as browsers offer them (`Europe/Rome`, `America/Indiana/Knox`, `UTC`):
/// for the native build (its tests and the API description). The worker asks its runtime, which carries the IANA
/// database (`known_zone`), and keeps the list out of the wasm.
#[cfg(not(target_arch = "wasm32"))]
const TIMEZONES: &str = include_str!("timezones.txt");

#[cfg(not(target_arch = "wasm32"))]
pub fn timezones() -> impl Iterator<Item = &'static str> {
    TIMEZONES.lines().filter(|l| !l.is_empty())
}

#[cfg(target_arch = "wasm32")]
pub fn timezones() -> impl Iterator<Item = &'static str> {
    std::iter::empty()
}

/// Whether this is an IANA zone: in the worker, one its runtime's `Intl.DateTimeFormat` takes (aliases browsers may
/// offer, such as `Asia/Kolkata` for `Asia/Calcutta`, included), spelled with capitals as zones are (`europe/rome`
/// is refused, as natively).
fn known_zone(v: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        use worker::js_sys::{Array, Function, Object, Reflect};
        let takes = || -> Option<()> {
            let intl = Reflect::get(&worker::js_sys::global(), &"Intl".into()).ok()?;
            let ctor: Function = worker::wasm_bindgen::JsCast::dyn_into(Reflect::get(&intl, &"DateTimeFormat".into()).ok()?).ok()?;
            let options = Object::new();
            Reflect::set(&options, &"timeZone".into(), &v.into()).ok()?;
            Reflect::construct(&ctor, &Array::of2(&"en-US".into(), &options)).ok().map(|_| ())
        };
        v.len() <= 64 && v.split('/').all(|part| part.starts_with(|c: char| c.is_ascii_uppercase())) && takes().is_some()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        TIMEZONES.lines().any(|z| z == v)
    }
}

pub fn parse_timezone(raw: &str) -> Result<String, Invalid> {
    let v = raw.trim();
    if v.is_empty() || v == "UTC" {
        return Ok(v.to_string());
    }
    if known_zone(v) {
        Ok(v.to_string())
    } else {
        Err(Invalid::new("timezone", "timezone_invalid", "Choose a time zone from the list, such as Europe/Rome."))
    }
}

impl Profile {
    /// The profile as another person sees it: one-to-one contact handles (a phone number, a Skype name) only for
    /// the person themself and those who share an active project with them; everyone else (mentees browsing
    /// candidates, a roll's readers, admins) sees expertise, languages and availability.
    pub fn seen_by(mut self, may_contact: bool) -> Self {
        if !may_contact {
            self.contact_tools.clear();
        }
        self
    }

    /// Parses an edit: fields that are absent keep their current values (so a partial or mistyped body never wipes
    /// the rest of the profile).
    pub fn parse_over(input: &ProfileInput, current: &Profile) -> Result<Profile, Invalid> {
        let keep = |v: &Option<String>, cur: &str| Some(v.clone().unwrap_or_else(|| cur.to_string()));
        let merged = ProfileInput {
            display_name: None,
            presentation: keep(&input.presentation, &current.presentation),
            education_level: keep(&input.education_level, &current.education_level),
            status: keep(&input.status, &current.status),
            position: keep(&input.position, &current.position),
            field_of_study: keep(&input.field_of_study, &current.field_of_study),
            sector: keep(&input.sector, &current.sector),
            languages: None,
            timezone: keep(&input.timezone, &current.timezone),
            contact_tools: None,
            mentor_experience: keep(&input.mentor_experience, &current.mentor_experience),
            mentor_motivation: keep(&input.mentor_motivation, &current.mentor_motivation),
            accepting_mentees: input.accepting_mentees.or(Some(current.accepting_mentees)),
            open_to_other_communities: input.open_to_other_communities.or(Some(current.open_to_other_communities)),
            open_to_groups: input.open_to_groups.or(Some(current.open_to_groups)),
        };
        let mut p = Profile::parse(&ProfileInput { languages: input.languages.clone(), contact_tools: input.contact_tools.clone(), ..merged })?;
        if input.languages.is_none() {
            p.languages = current.languages.clone();
        }
        if input.contact_tools.is_none() {
            p.contact_tools = current.contact_tools.clone();
        }
        Ok(p)
    }

    pub fn parse(input: &ProfileInput) -> Result<Profile, Invalid> {
        let text = |field: &str, v: &Option<String>, rule: Text| rule.parse(field, v.as_deref().unwrap_or(""));
        let raw_langs = input.languages.as_deref().unwrap_or(&[]);
        if raw_langs.len() > MAX_LANGUAGES {
            return Err(Invalid::new("languages", "too_many", format!("List at most {MAX_LANGUAGES} languages.")));
        }
        let mut languages: Vec<Language> = Vec::with_capacity(raw_langs.len());
        for (i, l) in raw_langs.iter().enumerate() {
            let c = code(&format!("languages.{i}.code"), Some(&l.code), vocab::LANGUAGES)?;
            let lv = code(&format!("languages.{i}.level"), Some(&l.level), vocab::LANGUAGE_LEVELS)?;
            if c.is_empty() || lv.is_empty() {
                return Err(Invalid::new(format!("languages.{i}"), "required", "Choose a language and a level."));
            }
            if languages.iter().any(|x| x.code == c) {
                return Err(Invalid::new(format!("languages.{i}.code"), "duplicate", "This language is listed twice."));
            }
            languages.push(Language { code: c, level: lv });
        }
        let raw_contacts = input.contact_tools.as_deref().unwrap_or(&[]);
        if raw_contacts.len() > MAX_CONTACTS {
            return Err(Invalid::new("contact_tools", "too_many", format!("List at most {MAX_CONTACTS} tools.")));
        }
        let mut contact_tools = Vec::with_capacity(raw_contacts.len());
        for (i, c) in raw_contacts.iter().enumerate() {
            let tool = code(&format!("contact_tools.{i}.tool"), Some(&c.tool), vocab::CONTACT_TOOLS)?;
            let handle = HANDLE.parse(&format!("contact_tools.{i}.handle"), &c.handle)?;
            if tool.is_empty() {
                return Err(Invalid::new(format!("contact_tools.{i}.tool"), "required", "Choose a tool."));
            }
            contact_tools.push(Contact { tool, handle });
        }
        Ok(Profile {
            presentation: text("presentation", &input.presentation, PRESENTATION)?,
            education_level: code("education_level", input.education_level.as_deref(), vocab::EDUCATION_LEVELS)?,
            status: code("status", input.status.as_deref(), vocab::STATUSES)?,
            position: text("position", &input.position, POSITION)?,
            field_of_study: code("field_of_study", input.field_of_study.as_deref(), vocab::FIELDS)?,
            sector: code("sector", input.sector.as_deref(), vocab::SECTORS)?,
            languages,
            timezone: parse_timezone(input.timezone.as_deref().unwrap_or(""))?,
            contact_tools,
            mentor_experience: text("mentor_experience", &input.mentor_experience, MENTOR_TEXT)?,
            mentor_motivation: text("mentor_motivation", &input.mentor_motivation, MENTOR_TEXT)?,
            accepting_mentees: input.accepting_mentees.unwrap_or(false),
            open_to_other_communities: input.open_to_other_communities.unwrap_or(false),
            open_to_groups: input.open_to_groups.unwrap_or(false),
        })
    }
}

/// CV uploads: at most 5 MB, PDF, DOC, DOCX or ODT, recognised by their first bytes, never by name.
pub const CV_MAX_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Pdf,
    Doc,
    Docx,
    Odt,
}

impl DocKind {
    pub fn mime(self) -> &'static str {
        match self {
            DocKind::Pdf => "application/pdf",
            DocKind::Doc => "application/msword",
            DocKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            DocKind::Odt => "application/vnd.oasis.opendocument.text",
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            DocKind::Pdf => "pdf",
            DocKind::Doc => "doc",
            DocKind::Docx => "docx",
            DocKind::Odt => "odt",
        }
    }
}

/// Recognises a CV document from its bytes (the document folder's rules, narrowed to these four types).
pub fn sniff_cv(bytes: &[u8]) -> Option<DocKind> {
    use super::files::{sniff, FileKind};
    match sniff(bytes, true, Some("doc"))? {
        FileKind::Pdf => Some(DocKind::Pdf),
        FileKind::Doc => Some(DocKind::Doc),
        FileKind::Docx => Some(DocKind::Docx),
        FileKind::Odt => Some(DocKind::Odt),
        _ => None,
    }
}

/// A file name safe to show and to put in `Content-Disposition`: no paths, no control or quoting characters.
pub fn safe_file_name(raw: &str, ext: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !"\"';<>:*?|%".contains(*c))
        .take(100)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    let stem = cleaned.rsplit_once('.').map(|(s, _)| s.to_string()).unwrap_or(cleaned);
    let stem = if stem.trim().is_empty() { "document".to_string() } else { stem };
    format!("{stem}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_handles_only_for_those_who_may_contact() {
        let p = Profile { contact_tools: vec![Contact { tool: "whatsapp".into(), handle: "+39 333".into() }], ..Profile::default() };
        assert_eq!(p.clone().seen_by(true).contact_tools.len(), 1);
        assert!(p.seen_by(false).contact_tools.is_empty());
    }

    fn full() -> ProfileInput {
        ProfileInput {
            presentation: Some("I study engineering.\nI like maths.".into()),
            education_level: Some("bachelor".into()),
            status: Some("student".into()),
            field_of_study: Some("engineering".into()),
            languages: Some(vec![
                LanguageInput { code: "it".into(), level: "native".into() },
                LanguageInput { code: "en".into(), level: "b2".into() },
            ]),
            timezone: Some("Europe/Rome".into()),
            contact_tools: Some(vec![ContactInput { tool: "jitsi".into(), handle: "carla.b".into() }]),
            ..Default::default()
        }
    }

    #[test]
    fn parses_a_full_profile_keeping_language_order() {
        let p = Profile::parse(&full()).unwrap();
        assert_eq!(p.languages[0].code, "it");
        assert_eq!(p.languages[1].level, "b2");
        assert_eq!(p.timezone, "Europe/Rome");
        assert!(!p.accepting_mentees);
    }

    #[test]
    fn refuses_values_outside_the_vocabularies_naming_the_field() {
        let mut i = full();
        i.education_level = Some("wizard".into());
        assert_eq!(Profile::parse(&i).err().map(|e| e.field), Some("education_level".to_string()));
        let mut i = full();
        i.languages = Some(vec![LanguageInput { code: "it".into(), level: "z9".into() }]);
        assert_eq!(Profile::parse(&i).err().map(|e| e.field), Some("languages.0.level".to_string()));
        let mut i = full();
        i.languages = Some(vec![
            LanguageInput { code: "it".into(), level: "b1".into() },
            LanguageInput { code: "it".into(), level: "b2".into() },
        ]);
        assert_eq!(Profile::parse(&i).err().map(|e| e.code), Some("duplicate"));
        let mut i = full();
        i.timezone = Some("Mars/Olympus Mons".into());
        assert_eq!(Profile::parse(&i).err().map(|e| e.code), Some("timezone_invalid"));
        i.timezone = Some("Europe/Atlantis".into());
        assert_eq!(Profile::parse(&i).err().map(|e| e.code), Some("timezone_invalid"), "the right shape is not enough");
        assert!(parse_timezone("America/Buenos_Aires").is_ok());
        assert!(parse_timezone("America/Indiana/Knox").is_ok());
        let mut i = full();
        i.contact_tools = Some(vec![ContactInput { tool: "zoom".into(), handle: " ".into() }]);
        assert_eq!(Profile::parse(&i).err().map(|e| e.field), Some("contact_tools.0.handle".to_string()));
    }

    #[test]
    fn an_edit_keeps_what_it_does_not_mention() {
        let current = Profile::parse(&full()).unwrap();
        let p = Profile::parse_over(&ProfileInput { position: Some("Intern".into()), ..Default::default() }, &current).unwrap();
        assert_eq!(p.position, "Intern");
        assert_eq!(p.languages, current.languages);
        assert_eq!(p.timezone, "Europe/Rome");
        let cleared = Profile::parse_over(&ProfileInput { presentation: Some(String::new()), languages: Some(vec![]), ..Default::default() }, &current).unwrap();
        assert_eq!(cleared.presentation, "");
        assert!(cleared.languages.is_empty());
    }

    #[test]
    fn empty_input_is_an_empty_profile() {
        assert_eq!(Profile::parse(&ProfileInput::default()), Ok(Profile::default()));
    }

    #[test]
    fn sniffs_documents_by_content() {
        assert_eq!(sniff_cv(b"%PDF-1.7\n..."), Some(DocKind::Pdf));
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0];
        doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff_cv(&doc), Some(DocKind::Doc));
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend_from_slice(&[0; 22]);
        odt.extend_from_slice(&[8, 0, 0, 0]);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(sniff_cv(&odt), Some(DocKind::Odt));
        let mut docx = b"PK\x03\x04".to_vec();
        docx.extend_from_slice(b"....[Content_Types].xml....word/document.xml");
        assert_eq!(sniff_cv(&docx), Some(DocKind::Docx));
        assert_eq!(sniff_cv(b"MZ\x90\x00 this is an exe renamed cv.pdf"), None);
        assert_eq!(sniff_cv(b"PK\x03\x04 a plain zip"), None);
        assert_eq!(sniff_cv(b""), None);
    }

    #[test]
    fn file_names_are_made_safe() {
        assert_eq!(safe_file_name("../../etc/passwd", "pdf"), "passwd.pdf");
        assert_eq!(safe_file_name("C:\\Users\\me\\My CV.PDF", "pdf"), "My CV.pdf");
        assert_eq!(safe_file_name("a\"b;c\r\n.pdf", "pdf"), "abc.pdf");
        assert_eq!(safe_file_name("", "odt"), "document.odt");
        assert_eq!(safe_file_name(".hidden", "pdf"), "hidden.pdf");
    }
}
