//! How well a mentor fits a mentee: one score, with documented weights, used to rank candidates for mentees
//! (model B) and to suggest mentors to community admins (model A).
//!
//! | what | points |
//! | --- | --- |
//! | each language both know (at most three counted) | 3 |
//! | the mentee's first language is among the mentor's | 2 more |
//! | same field of study | 4 |
//! | same sector of work | 4 |
//! | complementary status: a mentee who studies or seeks work, a mentor who works or has retired | 2 |
//! | same time zone | 1 |

use super::profile::Profile;
use serde::Serialize;

pub const SHARED_LANGUAGE: u32 = 3;
pub const MAX_LANGUAGES_COUNTED: usize = 3;
pub const FIRST_LANGUAGE: u32 = 2;
pub const SAME_FIELD: u32 = 4;
pub const SAME_SECTOR: u32 = 4;
pub const COMPLEMENTARY_STATUS: u32 = 2;
pub const SAME_TIMEZONE: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fit {
    pub score: u32,
    /// Why, as codes the interface translates: `language:it`, `field`, `sector`, `status`, `timezone`.
    pub reasons: Vec<String>,
}

fn learner(status: &str) -> bool {
    matches!(status, "student" | "job_seeking" | "student_worker")
}

fn experienced(status: &str) -> bool {
    matches!(status, "employed" | "self_employed" | "retired")
}

pub fn fit(mentee: &Profile, mentor: &Profile) -> Fit {
    let mut score = 0;
    let mut reasons = Vec::new();
    let shared: Vec<&str> = mentee
        .languages
        .iter()
        .filter(|l| mentor.languages.iter().any(|m| m.code == l.code))
        .map(|l| l.code.as_str())
        .collect();
    for code in shared.iter().take(MAX_LANGUAGES_COUNTED) {
        score += SHARED_LANGUAGE;
        reasons.push(format!("language:{code}"));
    }
    if let Some(first) = mentee.languages.first() {
        if mentor.languages.iter().any(|m| m.code == first.code) {
            score += FIRST_LANGUAGE;
        }
    }
    if !mentee.field_of_study.is_empty() && mentee.field_of_study == mentor.field_of_study {
        score += SAME_FIELD;
        reasons.push("field".into());
    }
    if !mentee.sector.is_empty() && mentee.sector == mentor.sector {
        score += SAME_SECTOR;
        reasons.push("sector".into());
    }
    if learner(&mentee.status) && experienced(&mentor.status) {
        score += COMPLEMENTARY_STATUS;
        reasons.push("status".into());
    }
    if !mentee.timezone.is_empty() && mentee.timezone == mentor.timezone {
        score += SAME_TIMEZONE;
        reasons.push("timezone".into());
    }
    Fit { score, reasons }
}

/// Filters a mentee can set when browsing mentors (empty: any).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub sector: String,
    pub field: String,
    pub language: String,
    pub tool: String,
}

impl Filters {
    pub fn keeps(&self, mentor: &Profile) -> bool {
        (self.sector.is_empty() || mentor.sector == self.sector)
            && (self.field.is_empty() || mentor.field_of_study == self.field)
            && (self.language.is_empty() || mentor.languages.iter().any(|l| l.code == self.language))
            && (self.tool.is_empty() || mentor.contact_tools.iter().any(|t| t.tool == self.tool))
    }
}

/// Ranks candidates best first (ties: by name, so the order is stable).
pub fn rank<T>(mentee: &Profile, candidates: Vec<(T, Profile, String)>) -> Vec<(T, Profile, Fit)> {
    let mut scored: Vec<(T, Profile, Fit, String)> =
        candidates.into_iter().map(|(t, p, name)| (t, fit(mentee, &p), p, name)).map(|(t, f, p, n)| (t, p, f, n)).collect();
    scored.sort_by(|a, b| b.2.score.cmp(&a.2.score).then_with(|| a.3.cmp(&b.3)));
    scored.into_iter().map(|(t, p, f, _)| (t, p, f)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::profile::{Contact, Language};

    fn profile(langs: &[&str], field: &str, sector: &str, status: &str, tz: &str) -> Profile {
        Profile {
            languages: langs.iter().map(|c| Language { code: (*c).into(), level: "b2".into() }).collect(),
            field_of_study: field.into(),
            sector: sector.into(),
            status: status.into(),
            timezone: tz.into(),
            contact_tools: vec![Contact { tool: "jitsi".into(), handle: "x".into() }],
            ..Default::default()
        }
    }

    #[test]
    fn weights_add_up_as_documented() {
        let mentee = profile(&["it", "en"], "ict", "", "student", "Europe/Rome");
        let mentor = profile(&["en", "it", "es"], "ict", "ict", "employed", "Europe/Rome");
        let f = fit(&mentee, &mentor);
        assert_eq!(f.score, 3 + 3 + 2 + 4 + 2 + 1);
        assert_eq!(f.reasons, vec!["language:it", "language:en", "field", "status", "timezone"]);
        assert_eq!(fit(&profile(&[], "", "", "", ""), &mentor).score, 0, "an empty profile matches nothing");
    }

    #[test]
    fn ranks_best_first_and_filters() {
        let mentee = profile(&["it"], "engineering", "construction", "student", "Europe/Rome");
        let anna = profile(&["it", "en"], "ict", "ict", "employed", "Europe/Rome");
        let bruno = profile(&["pt", "it"], "engineering", "construction", "self_employed", "Europe/Lisbon");
        let ranked = rank(&mentee, vec![("anna", anna.clone(), "Anna".into()), ("bruno", bruno.clone(), "Bruno".into())]);
        assert_eq!(ranked[0].0, "bruno");
        let f = Filters { language: "pt".into(), ..Default::default() };
        assert!(f.keeps(&bruno) && !f.keeps(&anna));
        let f = Filters { tool: "zoom".into(), ..Default::default() };
        assert!(!f.keeps(&anna));
    }
}
