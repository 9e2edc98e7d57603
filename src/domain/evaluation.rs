//! Evaluation and feedback forms (#12): forms per audience (mentee, mentor, organisation, and the midpoint "are we
//! well matched?"), questions of five kinds, each saying who may read its answer; answers parsed strictly against
//! their form; when a request is reminded and expires; when a pair's answers are revealed to each other; aggregates
//! that never show fewer than five anonymous answers.

use super::error::Invalid;
use super::text::Text;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub const DAY_MS: i64 = 86_400_000;
/// A member's request expires after this long (reminded after 7, 14 and 21 days).
pub const EXPIRES_MS: i64 = 28 * DAY_MS;
/// A guest's one-time link lasts this long.
pub const GUEST_MS: i64 = 14 * DAY_MS;
/// Anonymous answers are shown only as aggregates over at least this many.
pub const MIN_ANONYMOUS: usize = 5;

pub const SHORT: Text = Text::line(1, 200);
pub const LONG: Text = Text::lines(1, 4000);
pub const QUESTION: Text = Text::line(1, 300);
pub const OPTION: Text = Text::line(1, 120);
pub const GUEST_NAME: Text = Text::line(1, 120);
pub const MAX_QUESTIONS: usize = 30;
pub const MAX_OPTIONS: usize = 12;

/// Who a form is for.
pub const AUDIENCES: &[&str] = &["mentee", "mentor", "organisation", "fit"];
pub const KINDS: &[&str] = &["scale", "single", "multiple", "short", "long"];
/// Who may read an answer: the project's other members, the programme (the coordinator, with the respondent's name),
/// or nobody but as an aggregate of at least five.
pub const READERS: &[&str] = &["project", "programme", "anonymous"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub key: String,
    pub kind: String,
    pub text: String,
    #[serde(default)]
    pub options: Vec<String>,
    pub required: bool,
    pub readers: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    pub audience: String,
    pub title: String,
    pub intro: String,
    pub questions: Vec<Question>,
}

impl Form {
    /// Reads a form an admin sent (or one stored), checking every limit.
    pub fn parse(v: &Value) -> Result<Form, Invalid> {
        let f: Form = serde_json::from_value(v.clone()).map_err(|e| Invalid::new("form", "form_invalid", format!("This form cannot be read: {e}.")))?;
        f.checked()
    }

    fn checked(mut self) -> Result<Form, Invalid> {
        if !AUDIENCES.contains(&self.audience.as_str()) {
            return Err(Invalid::new("audience", "not_in_list", "A form is for the mentee, the mentor, the organisation, or the fit check."));
        }
        self.title = QUESTION.parse("title", &self.title)?;
        self.intro = Text::lines(0, 2000).parse("intro", &self.intro)?;
        if self.questions.is_empty() || self.questions.len() > MAX_QUESTIONS {
            return Err(Invalid::new("questions", "questions_count", format!("A form has 1 to {MAX_QUESTIONS} questions.")));
        }
        let mut keys: Vec<String> = Vec::new();
        for (i, q) in self.questions.iter_mut().enumerate() {
            let at = |f: &str| format!("questions.{i}.{f}");
            q.text = QUESTION.parse(&at("text"), &q.text)?;
            if q.key.is_empty() || q.key.len() > 40 || !q.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                return Err(Invalid::new(at("key"), "key_invalid", "A key is 1 to 40 lowercase letters or _."));
            }
            if keys.contains(&q.key) {
                return Err(Invalid::new(at("key"), "duplicate", "Each question has its own key."));
            }
            keys.push(q.key.clone());
            if !KINDS.contains(&q.kind.as_str()) {
                return Err(Invalid::new(at("kind"), "not_in_list", "A question is a scale, single or multiple choice, or short or long text."));
            }
            if !READERS.contains(&q.readers.as_str()) {
                return Err(Invalid::new(at("readers"), "not_in_list", "An answer is read by the project, the programme, or anonymously."));
            }
            let choice = matches!(q.kind.as_str(), "single" | "multiple");
            if choice == q.options.is_empty() || q.options.len() > MAX_OPTIONS {
                return Err(Invalid::new(at("options"), "options_count", format!("Choices have 2 to {MAX_OPTIONS} options; other questions none.")));
            }
            if choice && q.options.len() < 2 {
                return Err(Invalid::new(at("options"), "options_count", format!("Choices have 2 to {MAX_OPTIONS} options; other questions none.")));
            }
            for (j, o) in q.options.iter_mut().enumerate() {
                *o = OPTION.parse(&format!("questions.{i}.options.{j}"), o)?;
            }
        }
        // The fit check's question is what raises a concern: a community may reword it, never remove or change it.
        if self.audience == "fit" {
            let kept = self.question("fit").is_some_and(|q| q.kind == "single" && q.readers == "programme" && q.options == ["yes", "not_sure", "no"]);
            if !kept {
                return Err(Invalid::new("questions", "fit_question", "The fit check keeps its question \"fit\": single choice of yes, not_sure and no, read by the programme."));
            }
        }
        Ok(self)
    }

    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }
}

/// One answer, parsed: its question's key and readers, and its value (a number, an option, options, or text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub key: String,
    pub readers: String,
    pub value: Value,
}

/// Answers as sent (`{key: value}`) checked against their form: every key a question, every value of its kind,
/// every required question answered. Nothing is stored unless all of it is right.
pub fn parse_answers(form: &Form, sent: &Map<String, Value>) -> Result<Vec<Answer>, Invalid> {
    if let Some(k) = sent.keys().find(|k| form.question(k).is_none()) {
        return Err(Invalid::new(format!("answers.{k}"), "unknown_question", "This form has no such question."));
    }
    let mut out = Vec::new();
    for q in &form.questions {
        let field = format!("answers.{}", q.key);
        let v = sent.get(&q.key).filter(|v| !v.is_null() && v.as_str() != Some("") && v.as_array().is_none_or(|a| !a.is_empty()));
        let Some(v) = v else {
            if q.required {
                return Err(Invalid::new(field, "required", "Answer this question."));
            }
            continue;
        };
        let value = match q.kind.as_str() {
            "scale" => match v.as_i64() {
                Some(n) if (1..=5).contains(&n) => Value::from(n),
                _ => return Err(Invalid::new(field, "out_of_range", "Choose from 1 to 5.")),
            },
            "single" => match v.as_str() {
                Some(s) if q.options.iter().any(|o| o == s) => Value::from(s),
                _ => return Err(Invalid::new(field, "not_in_list", "Choose one of the options.")),
            },
            "multiple" => {
                let picked: Vec<&str> = v.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
                let all_known = picked.iter().all(|p| q.options.iter().any(|o| o == p));
                let distinct = picked.iter().enumerate().all(|(i, p)| !picked.iter().take(i).any(|x| x == p));
                if picked.is_empty() || !all_known || !distinct || v.as_array().is_none_or(|a| a.len() != picked.len()) {
                    return Err(Invalid::new(field, "not_in_list", "Choose among the options, each once."));
                }
                Value::from(picked)
            }
            "short" => Value::from(SHORT.parse(&field, v.as_str().unwrap_or_default())?),
            _ => Value::from(LONG.parse(&field, v.as_str().unwrap_or_default())?),
        };
        out.push(Answer { key: q.key.clone(), readers: q.readers.clone(), value });
    }
    Ok(out)
}

/// A request's state.
pub const STATES: &[&str] = &["requested", "submitted", "expired"];

/// Which reminder is due for a request still unanswered (1, 2, 3: after 7, 14 and 21 days), if any not yet sent.
pub fn reminder_due(requested_at: i64, now: i64, sent: i64) -> Option<i64> {
    let due = ((now - requested_at) / (7 * DAY_MS)).clamp(0, 3);
    (due > sent).then_some(due)
}

/// A round's project-readable answers are revealed to its members when every request of the round is answered or
/// the round has expired. `states`: each request's state; `expires_at`: the round's.
pub fn revealed(states: &[&str], expires_at: i64, now: i64) -> bool {
    now >= expires_at || states.iter().all(|s| *s == "submitted")
}

/// "Are we well matched?": the answers that raise a concern.
pub fn fit_concern(answer: &str) -> bool {
    matches!(answer, "not_sure" | "no")
}

/// An aggregate of one anonymous question's answers, or nothing when fewer than five.
pub fn aggregate(kind: &str, options: &[String], values: &[Value]) -> Option<Value> {
    if values.len() < MIN_ANONYMOUS {
        return None;
    }
    Some(match kind {
        "scale" => {
            let nums: Vec<i64> = values.iter().filter_map(Value::as_i64).collect();
            let counts: Vec<usize> = (1..=5).map(|n| nums.iter().filter(|x| **x == n).count()).collect();
            let sum: i64 = nums.iter().sum();
            let mean = if nums.is_empty() { 0.0 } else { (sum as f64) / (nums.len() as f64) };
            serde_json::json!({"n": values.len(), "mean": (mean * 10.0).round() / 10.0, "counts": counts})
        }
        "single" | "multiple" => {
            let chosen = |o: &str| values.iter().filter(|v| v.as_str() == Some(o) || v.as_array().is_some_and(|a| a.iter().any(|x| x.as_str() == Some(o)))).count();
            serde_json::json!({"n": values.len(), "options": options.iter().map(|o| serde_json::json!({"option": o, "count": chosen(o)})).collect::<Vec<_>>()})
        }
        // Texts without their authors, in an order that says nothing about who wrote first.
        _ => {
            let mut texts: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            texts.sort_unstable();
            serde_json::json!({"n": values.len(), "texts": texts})
        }
    })
}

fn q(key: &str, kind: &str, text: &str, options: &[&str], required: bool, readers: &str) -> Question {
    Question { key: key.into(), kind: kind.into(), text: text.into(), options: options.iter().map(|o| (*o).to_string()).collect(), required, readers: readers.into() }
}

/// Tandem's forms, written from the seeds (the handbook's exit questions, the pilot's brief report, the WBL-TOI
/// feedback templates). Communities adapt them.
pub fn built_in(audience: &str) -> Option<Form> {
    const REACHED: &[&str] = &["Yes", "Partly", "No"];
    let (title, intro, questions) = match audience {
        "mentee" => (
            "Your mentoring: how did it go?",
            "A few questions at the end of your mentoring. Each says who will read your answer.",
            vec![
                q("goals_reached", "single", "Did you reach the goals you set?", REACHED, true, "project"),
                q("useful", "scale", "How useful was the mentoring for you? (1: not at all, 5: very)", &[], true, "anonymous"),
                q("best", "long", "What helped you most?", &[], false, "project"),
                q("next", "long", "What will you do next?", &[], false, "project"),
                q("report", "long", "In brief: what did you do, and what came of it? (for the programme's report)", &[], false, "programme"),
                q("recommend", "single", "Would you recommend e-mentoring to a friend?", &["Yes", "Maybe", "No"], true, "anonymous"),
            ],
        ),
        "mentor" => (
            "Your mentoring: looking back",
            "The questions of the exit stage. Each says who will read your answer.",
            vec![
                q("achieved", "single", "Did you achieve what you set out to achieve together?", REACHED, true, "project"),
                q("realistic", "single", "Were the goals realistic?", &["Yes", "Partly", "No"], true, "programme"),
                q("gained", "long", "What did you gain from the experience?", &[], false, "project"),
                q("lessons", "long", "What went right, what went wrong, and what can be learned?", &[], false, "programme"),
                q("signposting", "multiple", "Which next steps did you signpost?", &["Further study", "Training", "A job or placement", "Peer mentoring", "Another support service", "None"], false, "programme"),
                q("again", "single", "Would you mentor again?", &["Yes", "Maybe", "No"], true, "anonymous"),
                q("support", "scale", "How well did the programme support you? (1: poorly, 5: very well)", &[], true, "anonymous"),
            ],
        ),
        "organisation" => (
            "Feedback from the organisation",
            "Your feedback on the mentoring your organisation received.",
            vec![
                q("targets_met", "single", "Were the targets set at the start met?", REACHED, true, "programme"),
                q("quality", "scale", "How would you rate the quality of the support? (1: poor, 5: excellent)", &[], true, "anonymous"),
                q("plan_adopted", "single", "Was the action plan adopted in your organisation?", &["Yes", "In part", "Not yet", "No"], true, "programme"),
                q("improve", "long", "What should improve?", &[], false, "programme"),
                q("comments", "long", "Anything you would like the mentor and mentee to know?", &[], false, "project"),
            ],
        ),
        "fit" => (
            "Are we well matched?",
            "After your first sessions: only the coordinator reads this, to help if something is not right.",
            vec![
                q("fit", "single", "Do you feel you and your mentoring partner are well matched?", &["yes", "not_sure", "no"], true, "programme"),
                q("note", "long", "Anything you would like the coordinator to know? (optional)", &[], false, "programme"),
            ],
        ),
        _ => return None,
    };
    Some(Form { audience: audience.into(), title: title.into(), intro: intro.into(), questions })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sent(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn the_built_in_forms_are_valid() {
        for a in AUDIENCES {
            let f = built_in(a).unwrap();
            assert_eq!(Form::parse(&serde_json::to_value(&f).unwrap()).unwrap(), f, "{a}");
        }
        assert!(built_in("nobody").is_none());
    }

    #[test]
    fn answers_are_checked_against_their_form() {
        let f = built_in("mentee").unwrap();
        let good = sent(json!({"goals_reached": "Partly", "useful": 4, "recommend": "Yes", "next": "Apply for the summer school."}));
        let a = parse_answers(&f, &good).unwrap();
        assert_eq!(a.len(), 4);
        assert_eq!(a.iter().find(|x| x.key == "useful").unwrap().readers, "anonymous");
        let bad: Vec<(Value, &str, &str)> = vec![
            (json!({"goals_reached": "Partly", "useful": 6, "recommend": "Yes"}), "answers.useful", "out_of_range"),
            (json!({"goals_reached": "Partly", "useful": 0, "recommend": "Yes"}), "answers.useful", "out_of_range"),
            (json!({"goals_reached": "Partly", "useful": "4", "recommend": "Yes"}), "answers.useful", "out_of_range"),
            (json!({"goals_reached": "Maybe", "useful": 3, "recommend": "Yes"}), "answers.goals_reached", "not_in_list"),
            (json!({"useful": 3, "recommend": "Yes"}), "answers.goals_reached", "required"),
            (json!({"goals_reached": "Yes", "useful": 3, "recommend": "Yes", "extra": 1}), "answers.extra", "unknown_question"),
            (json!({"goals_reached": "Yes", "useful": 3, "recommend": "Yes", "best": "x".repeat(4001)}), "answers.best", "text_too_long"),
        ];
        for (v, field, code) in bad {
            let e = parse_answers(&f, &sent(v.clone())).unwrap_err();
            assert_eq!((e.field.as_str(), e.code), (field, code), "{}", v.to_string().chars().take(80).collect::<String>());
        }
        let m = built_in("mentor").unwrap();
        let base = json!({"achieved": "Yes", "realistic": "Yes", "again": "Yes", "support": 5});
        let with = |k: &str, v: Value| {
            let mut o = sent(base.clone());
            o.insert(k.into(), v);
            o
        };
        assert!(parse_answers(&m, &with("signposting", json!(["Training", "Further study"]))).is_ok());
        assert_eq!(parse_answers(&m, &with("signposting", json!(["Training", "Training"]))).unwrap_err().code, "not_in_list");
        assert_eq!(parse_answers(&m, &with("signposting", json!(["Travel"]))).unwrap_err().code, "not_in_list");
        assert_eq!(parse_answers(&m, &with("signposting", json!(["Training", 3]))).unwrap_err().code, "not_in_list");
    }

    #[test]
    fn forms_are_checked() {
        let mut f = serde_json::to_value(built_in("fit").unwrap()).unwrap();
        f["questions"][1]["key"] = json!("fit");
        assert_eq!(Form::parse(&f).unwrap_err().code, "duplicate");
        let mut f = serde_json::to_value(built_in("fit").unwrap()).unwrap();
        f["questions"][0]["options"] = json!(["yes"]);
        assert_eq!(Form::parse(&f).unwrap_err().field, "questions.0.options");
        let mut f = serde_json::to_value(built_in("fit").unwrap()).unwrap();
        f["questions"][0]["readers"] = json!("project");
        assert_eq!(Form::parse(&f).unwrap_err().code, "fit_question", "the fit question stays the programme's");
        let mut f = serde_json::to_value(built_in("fit").unwrap()).unwrap();
        f["questions"][1]["readers"] = json!("everyone");
        assert_eq!(Form::parse(&f).unwrap_err().field, "questions.1.readers");
    }

    #[test]
    fn reminders_after_7_14_21_days_each_once() {
        let t = 1_800_000_000_000;
        assert_eq!(reminder_due(t, t + 6 * DAY_MS, 0), None);
        assert_eq!(reminder_due(t, t + 7 * DAY_MS, 0), Some(1));
        assert_eq!(reminder_due(t, t + 8 * DAY_MS, 1), None);
        assert_eq!(reminder_due(t, t + 14 * DAY_MS, 1), Some(2));
        assert_eq!(reminder_due(t, t + 30 * DAY_MS, 2), Some(3));
        assert_eq!(reminder_due(t, t + 40 * DAY_MS, 3), None);
    }

    #[test]
    fn a_pairs_answers_are_revealed_when_both_submitted_or_the_round_expired() {
        assert!(!revealed(&["submitted", "requested"], 100, 50));
        assert!(revealed(&["submitted", "submitted"], 100, 50));
        assert!(revealed(&["submitted", "requested"], 100, 100));
        assert!(fit_concern("not_sure") && fit_concern("no") && !fit_concern("yes"));
    }

    #[test]
    fn anonymous_aggregates_need_five_answers() {
        let four: Vec<Value> = (1..=4).map(Value::from).collect();
        assert!(aggregate("scale", &[], &four).is_none());
        let five: Vec<Value> = [5, 4, 4, 3, 5].into_iter().map(Value::from).collect();
        let a = aggregate("scale", &[], &five).unwrap();
        assert_eq!(a["n"], 5);
        assert_eq!(a["mean"], 4.2);
        assert_eq!(a["counts"], json!([0, 0, 1, 2, 2]));
        let opts = vec!["Yes".to_string(), "No".to_string()];
        let v: Vec<Value> = ["Yes", "Yes", "No", "Yes", "No"].into_iter().map(Value::from).collect();
        assert_eq!(aggregate("single", &opts, &v).unwrap()["options"][0]["count"], 3);
        let t: Vec<Value> = ["b", "a", "c", "e", "d"].into_iter().map(Value::from).collect();
        assert_eq!(aggregate("long", &[], &t).unwrap()["texts"], json!(["a", "b", "c", "d", "e"]));
    }
}
