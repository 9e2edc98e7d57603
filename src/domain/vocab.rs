//! Controlled vocabularies: the one place their codes live. The frontend gets them from `GET /api/vocabularies` and
//! translates each code from its message catalogue (languages and time zones are named by the browser's `Intl`).

use serde::Serialize;

pub const EDUCATION_LEVELS: &[&str] =
    &["primary", "lower_secondary", "upper_secondary", "vocational", "bachelor", "master", "doctorate", "other"];

pub const STATUSES: &[&str] =
    &["student", "employed", "self_employed", "job_seeking", "student_worker", "retired", "other"];

/// Sectors of work, after the NACE sections, grouped.
pub const SECTORS: &[&str] = &[
    "agriculture", "manufacturing", "energy", "construction", "trade", "transport", "hospitality", "ict",
    "finance", "real_estate", "professional", "administration", "public_sector", "education", "health",
    "arts", "nonprofit", "other",
];

/// Fields of study, after the ISCED-F broad fields.
pub const FIELDS: &[&str] = &[
    "education", "arts_humanities", "social_sciences", "business_law", "natural_sciences", "ict", "engineering",
    "agriculture", "health_welfare", "services", "other",
];

/// ISO 639-1 codes offered for "known languages".
pub const LANGUAGES: &[&str] = &[
    "ar", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "es", "et", "eu", "fa", "fi", "fr", "ga", "gl", "he",
    "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "mt", "nl", "no", "pl", "pt", "ro", "ru", "sk", "sl",
    "sq", "sr", "sv", "sw", "tr", "uk", "ur", "vi", "zh",
];

/// CEFR levels, plus native.
pub const LANGUAGE_LEVELS: &[&str] = &["a1", "a2", "b1", "b2", "c1", "c2", "native"];

/// One-to-one communication tools a member can offer, with a handle.
pub const CONTACT_TOOLS: &[&str] =
    &["skype", "zoom", "meet", "jitsi", "teams", "whatsapp", "signal", "telegram", "phone", "email"];

pub fn contains(list: &[&str], code: &str) -> bool {
    list.contains(&code)
}

#[derive(Serialize)]
pub struct Vocabularies {
    pub education_levels: &'static [&'static str],
    pub statuses: &'static [&'static str],
    pub sectors: &'static [&'static str],
    pub fields: &'static [&'static str],
    pub languages: &'static [&'static str],
    pub language_levels: &'static [&'static str],
    pub contact_tools: &'static [&'static str],
}

pub const ALL: Vocabularies = Vocabularies {
    education_levels: EDUCATION_LEVELS,
    statuses: STATUSES,
    sectors: SECTORS,
    fields: FIELDS,
    languages: LANGUAGES,
    language_levels: LANGUAGE_LEVELS,
    contact_tools: CONTACT_TOOLS,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        for list in [EDUCATION_LEVELS, STATUSES, SECTORS, FIELDS, LANGUAGES, LANGUAGE_LEVELS, CONTACT_TOOLS] {
            let mut seen = std::collections::HashSet::new();
            for code in list {
                assert!(code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'), "{code}");
                assert!(seen.insert(code), "duplicate {code}");
            }
        }
    }
}
