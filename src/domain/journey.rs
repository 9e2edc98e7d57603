//! Journey templates (a community's mentoring process: stages, the diary's agenda, contract clauses, a goal library,
//! the minimum of interactions), Tandem's three built-in templates, each project's stage and its checklist.
//!
//! A project takes the published version of its community's template when it becomes active and keeps it: later
//! edits make a new version and never change a running project (its coordinator may move it to the newer one).
//!
//! ```text
//!  stage 1 ──move on (mentor; a note when the checklist is not complete)──► stage 2 ──► … ──► last stage
//! ```

use super::community::{Module, Modules};
use super::error::Invalid;
use super::text::Text;
use serde::{Deserialize, Serialize};

/// The tools a stage leans on (the overview points to them).
pub const TOOLS: &[&str] = &["chat", "plan", "diary", "goals", "contract", "documents", "messages"];

/// What the checklist of a stage can look at: facts the project's space computes, never text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// A version of the contract is in force.
    ContractInForce,
    /// Every mentee has at least one agreed goal.
    GoalPerMentee,
    /// At least one session was held.
    FirstSessionHeld,
    /// A session is planned in the future.
    NextSessionPlanned,
    /// No held session is waiting for its diary for more than three days.
    DiariesUpToDate,
    /// The interactions counted reach the template's minimum.
    MinimumInteractions,
    /// Every agreed goal has been reviewed or closed.
    GoalsReviewed,
    /// Every goal is closed (achieved, partly, not achieved, dropped).
    GoalsClosed,
}

impl Check {
    pub const ALL: [Check; 8] = [
        Check::ContractInForce,
        Check::GoalPerMentee,
        Check::FirstSessionHeld,
        Check::NextSessionPlanned,
        Check::DiariesUpToDate,
        Check::MinimumInteractions,
        Check::GoalsReviewed,
        Check::GoalsClosed,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub title: String,
    pub description: String,
    /// How long the stage is expected to last.
    pub days: i64,
    pub tools: Vec<String>,
    pub checks: Vec<Check>,
}

/// An item of the diary's agenda (its `key` is stable: `next_topic` and `homework` pre-fill the next session, `target`
/// offers goal reviews).
pub use super::diary::AgendaItem;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryGoal {
    pub title: String,
    pub objectives: Vec<String>,
}

/// One row of the organisational template's action plan: a phase, what is done in it, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRow {
    pub phase: String,
    pub activity: String,
    /// "mentor", "organisation" (the mentees' side) or "coordinator".
    pub owner: String,
}

/// Who drafts version 1 of a project's contract (a community's choice, in its template).
pub use super::contract::Drafter;

/// A journey template: what a community's projects follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub title: String,
    pub description: String,
    pub stages: Vec<Stage>,
    pub agenda: Vec<AgendaItem>,
    pub clauses: Vec<Clause>,
    pub goal_library: Vec<LibraryGoal>,
    pub min_interactions: i64,
    pub duration_months: i64,
    pub contract_drafter: Drafter,
    /// Mentees may edit the session plan themselves (otherwise they propose changes to the mentor).
    pub mentees_edit_plan: bool,
    /// The organisational template's grid of phases and activities (empty for the others).
    pub action_plan: Vec<PlanRow>,
    /// The thresholds of its projects' health (templates stored before health read the defaults).
    #[serde(default)]
    pub health: super::health::Rules,
}

pub const TITLE: Text = Text::line(1, 120);
pub const DESCRIPTION: Text = Text::lines(0, 2000);
pub const ITEM: Text = Text::lines(1, 2000);
pub const MAX_STAGES: usize = 12;
pub const MAX_ITEMS: usize = 40;

impl Template {
    /// Reads a template an admin sent (or one stored), checking every limit; `field` prefixes the error's field.
    pub fn parse(v: &serde_json::Value) -> Result<Template, Invalid> {
        let t: Template = serde_json::from_value(v.clone())
            .map_err(|e| Invalid::new("template", "template_invalid", format!("This template cannot be read: {e}.")))?;
        t.checked()
    }

    fn checked(self) -> Result<Template, Invalid> {
        let mut t = self;
        t.title = TITLE.parse("title", &t.title)?;
        t.description = DESCRIPTION.parse("description", &t.description)?;
        if t.stages.is_empty() || t.stages.len() > MAX_STAGES {
            return Err(Invalid::new("stages", "stages_count", format!("A journey has 1 to {MAX_STAGES} stages.")));
        }
        for (i, s) in t.stages.iter_mut().enumerate() {
            s.title = TITLE.parse(&format!("stages.{i}.title"), &s.title)?;
            s.description = DESCRIPTION.parse(&format!("stages.{i}.description"), &s.description)?;
            if !(1..=365).contains(&s.days) {
                return Err(Invalid::new(format!("stages.{i}.days"), "out_of_range", "A stage lasts 1 to 365 days."));
            }
            if let Some(bad) = s.tools.iter().find(|x| !TOOLS.contains(&x.as_str())) {
                return Err(Invalid::new(format!("stages.{i}.tools"), "not_in_list", format!("\"{bad}\" is not one of Tandem's tools.")));
            }
        }
        if t.agenda.is_empty() || t.agenda.len() > 12 {
            return Err(Invalid::new("agenda", "agenda_count", "The diary's agenda has 1 to 12 items."));
        }
        let mut keys: Vec<String> = Vec::new();
        for (i, a) in t.agenda.iter_mut().enumerate() {
            a.title = TITLE.parse(&format!("agenda.{i}.title"), &a.title)?;
            if a.key.is_empty() || a.key.len() > 40 || !a.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                return Err(Invalid::new(format!("agenda.{i}.key"), "key_invalid", "A key is 1 to 40 lowercase letters or _."));
            }
            if keys.contains(&a.key) {
                return Err(Invalid::new(format!("agenda.{i}.key"), "duplicate", "Each agenda item has its own key."));
            }
            keys.push(a.key.clone());
        }
        t.health = t.health.checked()?;
        if t.clauses.len() > MAX_ITEMS || t.goal_library.len() > MAX_ITEMS || t.action_plan.len() > MAX_ITEMS {
            return Err(Invalid::new("template", "too_many_items", format!("Each list holds at most {MAX_ITEMS} items.")));
        }
        for (i, c) in t.clauses.iter_mut().enumerate() {
            c.title = TITLE.parse(&format!("clauses.{i}.title"), &c.title)?;
            c.text = ITEM.parse(&format!("clauses.{i}.text"), &c.text)?;
        }
        for (i, g) in t.goal_library.iter_mut().enumerate() {
            g.title = TITLE.parse(&format!("goal_library.{i}.title"), &g.title)?;
            if g.objectives.len() > 12 {
                return Err(Invalid::new(format!("goal_library.{i}.objectives"), "too_many_items", "A goal suggests at most 12 objectives."));
            }
        }
        if !(0..=100).contains(&t.min_interactions) {
            return Err(Invalid::new("min_interactions", "out_of_range", "The minimum is between 0 and 100 interactions."));
        }
        if !(1..=36).contains(&t.duration_months) {
            return Err(Invalid::new("duration_months", "out_of_range", "A mentoring lasts 1 to 36 months."));
        }
        Ok(t)
    }

    /// The template of a stage, if the index is one.
    pub fn stage(&self, index: i64) -> Option<&Stage> {
        usize::try_from(index).ok().and_then(|i| self.stages.get(i))
    }
}

/// The facts a checklist reads, computed by the project's space from its own data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub contract_in_force: bool,
    pub mentees: i64,
    pub mentees_with_agreed_goal: i64,
    pub sessions_held: i64,
    pub next_session_at: Option<i64>,
    pub diaries_missing: i64,
    pub interactions: i64,
    pub goals_open: i64,
    pub goals_unreviewed: i64,
    /// Held sessions whose diary was written (the interactions count those; figures stored before this field read
    /// as none).
    #[serde(default)]
    pub sessions_with_diary: i64,
}

impl Progress {
    /// Where the community turned the diary off, a held session counts as an interaction by itself, and no diary
    /// is missing.
    pub fn with_modules(mut self, m: Modules) -> Progress {
        if !m.on(Module::Diary) {
            self.interactions = self.interactions.saturating_add((self.sessions_held - self.sessions_with_diary).max(0));
            self.diaries_missing = 0;
        }
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Item {
    pub check: Check,
    pub done: bool,
}

pub fn done(check: Check, p: &Progress, min_interactions: i64) -> bool {
    match check {
        Check::ContractInForce => p.contract_in_force,
        Check::GoalPerMentee => p.mentees > 0 && p.mentees_with_agreed_goal >= p.mentees,
        Check::FirstSessionHeld => p.sessions_held > 0,
        Check::NextSessionPlanned => p.next_session_at.is_some(),
        Check::DiariesUpToDate => p.diaries_missing == 0,
        Check::MinimumInteractions => p.interactions >= min_interactions,
        Check::GoalsReviewed => p.goals_unreviewed == 0,
        Check::GoalsClosed => p.goals_open == 0,
    }
}

/// The checklist of a stage: each of its checks, done or not.
/// The stage's checklist, without the checks of the modules the community turned off.
pub fn checklist(stage: &Stage, p: &Progress, min_interactions: i64, modules: Modules) -> Vec<Item> {
    stage.checks.iter().filter(|c| c.module().is_none_or(|m| modules.on(m))).map(|&check| Item { check, done: done(check, p, min_interactions) }).collect()
}

impl Check {
    /// The module a check reads (a module turned off leaves it out of every checklist).
    pub fn module(self) -> Option<Module> {
        match self {
            Check::ContractInForce => Some(Module::Contract),
            Check::GoalPerMentee | Check::GoalsReviewed | Check::GoalsClosed => Some(Module::Goals),
            Check::DiariesUpToDate => Some(Module::Diary),
            Check::FirstSessionHeld | Check::NextSessionPlanned | Check::MinimumInteractions => None,
        }
    }
}

pub const STAGE_NOTE: Text = Text::lines(0, 1000);

/// Moving a project on to its next stage: there must be one, and when the checklist is not complete the mentor says
/// why in a note (it goes into the history).
pub fn move_on(t: &Template, stage: i64, p: &Progress, note: &str, modules: Modules) -> Result<i64, Invalid> {
    let Some(current) = t.stage(stage) else {
        return Err(Invalid::new("stage", "stage_unknown", "This project's stage is not in its journey."));
    };
    if t.stage(stage + 1).is_none() {
        return Err(Invalid::new("stage", "last_stage", "This is the journey's last stage: complete the project instead."));
    }
    let note = STAGE_NOTE.parse("note", note)?;
    let unmet = checklist(current, p, t.min_interactions, modules).iter().filter(|i| !i.done).count();
    if unmet > 0 && note.is_empty() {
        return Err(Invalid::new("note", "stage_note_required", "Some items of this stage are not done yet: say in a note why you move on."));
    }
    Ok(stage + 1)
}

/// Whose a row of the action plan is.
pub const OWNERS: &[&str] = &["mentor", "organisation", "coordinator"];
/// Where a row of a project's action plan stands.
pub const ITEM_STATES: &[&str] = &["open", "doing", "done"];
pub const ITEM_NOTE: Text = Text::lines(0, 500);

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    /// A project's own follow-up of one row of its journey's action plan: who, by when, how far.
    pub struct ItemInput {
        pub row: i64,
        pub owner: String,
        pub due: Option<String>,
        pub state: String,
        pub note: String,
    }
}

/// One row of a project's action plan, checked against its journey's grid (`rows`: how many the grid has).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanItem {
    pub row: i64,
    pub owner: String,
    pub due: Option<String>,
    pub state: String,
    pub note: String,
}

impl PlanItem {
    pub fn parse(i: &ItemInput, rows: usize) -> Result<PlanItem, Invalid> {
        if usize::try_from(i.row).map_or(true, |r| r >= rows) {
            return Err(Invalid::new("row", "out_of_range", "This journey's action plan has no such row."));
        }
        let pick = |field: &str, v: &str, list: &[&str]| {
            if list.contains(&v) { Ok(v.to_string()) } else { Err(Invalid::new(field, "not_in_list", "Choose one of the values offered.")) }
        };
        let due = match i.due.as_deref().map(str::trim).unwrap_or("") {
            "" => None,
            d => Some(super::contract::parse_date("due", d)?),
        };
        Ok(PlanItem { row: i.row, owner: pick("owner", i.owner.trim(), OWNERS)?, due, state: pick("state", i.state.trim(), ITEM_STATES)?, note: ITEM_NOTE.parse("note", &i.note)? })
    }
}

/// Tandem's built-in templates, by key (a community without templates of its own uses `three_stages`).
pub const BUILT_IN: [&str; 3] = ["three_stages", "blended", "organisational"];

fn clauses() -> Vec<Clause> {
    [
        ("Commitment", "The mentee sets their own goals and takes responsibility for working towards them; the mentor gives time, experience and honest feedback."),
        ("Openness", "We speak openly and listen without judging. Advice is guidance: each mentee makes their own decisions."),
        ("Confidentiality", "What is said in our sessions stays between us, also after the mentoring ends, unless someone is at risk of harm."),
        ("Boundaries", "We keep our contact to the agreed channels and times, and tell each other early when we cannot keep an appointment."),
        ("Support", "In a group, mentees support each other and respect every member's time to speak."),
        ("Ending", "Either of us may ask the coordinator to end the mentoring; we aim to close with a final session that reviews what was reached."),
    ]
    .into_iter()
    .map(|(title, text)| Clause { title: title.into(), text: text.into() })
    .collect()
}

fn library() -> Vec<LibraryGoal> {
    let goal = |title: &str, objectives: &[&str]| LibraryGoal {
        title: title.into(),
        objectives: objectives.iter().map(|o| o.to_string()).collect(),
    };
    vec![
        goal("Find a first job in my field", &["Update my CV", "List ten employers to approach", "Prepare for an interview"]),
        goal("Plan my next career step", &["Write down my strengths", "Talk to two people in the role I want", "Choose a course"]),
        goal("Start my own business", &["Describe the idea on one page", "Estimate the first year's costs", "Find a first customer"]),
        goal("Build confidence at work", &["Speak once in each team meeting", "Ask for feedback on one piece of work"]),
    ]
}

fn stage(title: &str, description: &str, days: i64, tools: &[&str], checks: &[Check]) -> Stage {
    Stage {
        title: title.into(),
        description: description.into(),
        days,
        tools: tools.iter().map(|t| t.to_string()).collect(),
        checks: checks.to_vec(),
    }
}

/// A built-in template by key.
pub fn built_in(key: &str) -> Option<Template> {
    use Check as C;
    let base = |title: &str, description: &str, stages: Vec<Stage>| Template {
        title: title.into(),
        description: description.into(),
        stages,
        agenda: super::diary::default_agenda(),
        clauses: clauses(),
        goal_library: library(),
        min_interactions: 4,
        duration_months: 6,
        contract_drafter: Drafter::Mentor,
        mentees_edit_plan: false,
        action_plan: Vec::new(),
        health: super::health::Rules::default(),
    };
    let start = [C::ContractInForce, C::GoalPerMentee, C::FirstSessionHeld, C::NextSessionPlanned];
    let work = [C::NextSessionPlanned, C::DiariesUpToDate, C::MinimumInteractions, C::GoalsReviewed];
    let end = [C::DiariesUpToDate, C::GoalsClosed];
    Some(match key {
        "three_stages" => base(
            "Three stages",
            "Rapport and goals, working together, then a planned ending.",
            vec![
                stage("Building rapport and setting goals", "Get to know each other, agree the contract, set goals and plan the sessions.", 30, &["contract", "goals", "plan", "chat"], &start),
                stage("Working together", "Meet as planned, keep the diary after each session, and review the goals as you go.", 120, &["plan", "diary", "goals", "documents"], &work),
                stage("Ending the relationship", "Review what was reached, close the goals and say goodbye in a final session.", 30, &["goals", "diary", "plan"], &end),
            ],
        ),
        "blended" => base(
            "Blended mentoring",
            "An initial session, task-oriented sessions online and face to face, and a final session.",
            vec![
                stage("Initial session", "Meet, check the match, agree the contract, set personal and group goals and the session plan.", 14, &["contract", "goals", "plan"], &start),
                stage("Task-oriented sessions", "Follow the session plan and its agenda; the diarist fills in the diary and the mentor comments.", 150, &["plan", "diary", "chat", "documents"], &work),
                stage("Final session", "Evaluate the results together: where you started, what you reached, what comes next.", 14, &["diary", "goals"], &end),
            ],
        ),
        "organisational" => Template {
            action_plan: [
                ("Consensus and preparation", "Agree the operating principles and who is responsible", "coordinator"),
                ("Consensus and preparation", "Set up the evaluation plan", "coordinator"),
                ("Getting acquainted", "Learn the organisation's context and practices", "mentor"),
                ("Planning together", "Position the organisation (for example a SWOT analysis)", "organisation"),
                ("Planning together", "Agree a timetable and responsibilities: the preliminary action plan", "mentor"),
                ("Mentoring", "Opening session with staff and stakeholders", "mentor"),
                ("Mentoring", "Put the practice to work and follow it up", "organisation"),
                ("Evaluation", "Collect feedback and agree improvements", "coordinator"),
            ]
            .into_iter()
            .map(|(phase, activity, owner)| PlanRow { phase: phase.into(), activity: activity.into(), owner: owner.into() })
            .collect(),
            contract_drafter: Drafter::Coordinator,
            ..base(
                "Organisational mentoring",
                "Mentoring an organisation through a transfer of practice, phase by phase, with an action plan.",
                vec![
                    stage("Consensus and preparation", "Agree the operating principles, the people responsible and the evaluation plan.", 30, &["contract", "documents"], &[C::ContractInForce]),
                    stage("Getting acquainted and planning", "Understand the organisation, position it and agree the preliminary action plan.", 45, &["goals", "plan", "documents"], &[C::GoalPerMentee, C::NextSessionPlanned]),
                    stage("Mentoring", "The opening session, then working sessions following the action plan.", 120, &["plan", "diary", "chat"], &[C::FirstSessionHeld, C::DiariesUpToDate, C::MinimumInteractions]),
                    stage("Evaluation and follow-up", "Evaluate against the plan, agree improvements, close the goals.", 30, &["goals", "diary"], &end),
                ],
            )
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_ins_are_valid_templates() {
        for key in BUILT_IN {
            let t = built_in(key).unwrap();
            let json = serde_json::to_value(&t).unwrap();
            assert_eq!(Template::parse(&json).unwrap(), t, "{key}");
            assert_eq!(t.agenda.len(), 5);
            assert_eq!(t.min_interactions, 4);
        }
        assert_eq!(built_in("organisational").unwrap().action_plan.len(), 8);
        assert!(built_in("nope").is_none());
    }

    #[test]
    fn limits_name_the_field() {
        let mut json = serde_json::to_value(built_in("three_stages").unwrap()).unwrap();
        json["stages"][1]["days"] = 0.into();
        assert_eq!(Template::parse(&json).unwrap_err().field, "stages.1.days");
        json["stages"] = serde_json::json!([]);
        assert_eq!(Template::parse(&json).unwrap_err().code, "stages_count");
        let mut json = serde_json::to_value(built_in("blended").unwrap()).unwrap();
        json["stages"][0]["tools"] = serde_json::json!(["chat", "telepathy"]);
        assert_eq!(Template::parse(&json).unwrap_err().field, "stages.0.tools");
        json["surprise"] = 1.into();
        assert_eq!(Template::parse(&json).unwrap_err().code, "template_invalid");
    }

    #[test]
    fn checklists_follow_the_facts() {
        let t = built_in("three_stages").unwrap();
        let mut p = Progress { mentees: 1, ..Progress::default() };
        let first = checklist(&t.stages[0], &p, 4, Modules::ALL_ON);
        assert_eq!(first.iter().filter(|i| i.done).count(), 0);
        // A community without contracts and goals: their checks are not on the list.
        let light = checklist(&t.stages[0], &p, 4, Modules::ALL_ON.with(Module::Contract, false).with(Module::Goals, false));
        assert!(light.len() < first.len() && light.iter().all(|i| i.check.module().is_none()));
        p.contract_in_force = true;
        p.mentees_with_agreed_goal = 1;
        p.sessions_held = 1;
        p.next_session_at = Some(1);
        assert!(checklist(&t.stages[0], &p, 4, Modules::ALL_ON).iter().all(|i| i.done));
        // Without diaries, three held sessions (one with a diary) are three interactions, and none is missing.
        let no_diary = Modules::ALL_ON.with(Module::Diary, false);
        let held = Progress { sessions_held: 3, sessions_with_diary: 1, interactions: 2, diaries_missing: 2, ..p };
        assert_eq!((held.with_modules(no_diary).interactions, held.with_modules(no_diary).diaries_missing), (4, 0));
        assert_eq!(held.with_modules(Modules::ALL_ON), held);
        assert!(!done(Check::MinimumInteractions, &p, 4));
        p.interactions = 4;
        assert!(done(Check::MinimumInteractions, &p, 4));
    }

    #[test]
    fn action_plan_items_are_checked_against_the_grid() {
        let ok = ItemInput { row: 7, owner: "coordinator".into(), due: Some("2027-02-01".into()), state: "doing".into(), note: "".into() };
        assert_eq!(PlanItem::parse(&ok, 8).map(|i| i.state), Ok("doing".to_string()));
        let field = |i: ItemInput, rows| PlanItem::parse(&i, rows).unwrap_err().field;
        assert_eq!(field(ItemInput { row: 8, ..ok.clone() }, 8), "row");
        assert_eq!(field(ItemInput { row: -1, ..ok.clone() }, 8), "row");
        assert_eq!(field(ItemInput { owner: "anyone".into(), ..ok.clone() }, 8), "owner");
        assert_eq!(field(ItemInput { state: "late".into(), ..ok.clone() }, 8), "state");
        assert_eq!(field(ItemInput { due: Some("2027-02-30".into()), ..ok }, 8), "due");
    }

    #[test]
    fn moving_on_asks_for_a_note_when_items_are_open() {
        let t = built_in("three_stages").unwrap();
        let open = Progress::default();
        let all = Modules::ALL_ON;
        assert_eq!(move_on(&t, 0, &open, "", all).unwrap_err().code, "stage_note_required");
        assert_eq!(move_on(&t, 0, &open, "We agreed goals by phone.", all), Ok(1));
        let ready = Progress { diaries_missing: 0, next_session_at: Some(5), interactions: 9, ..Progress::default() };
        assert_eq!(move_on(&t, 1, &ready, "", all), Ok(2));
        assert_eq!(move_on(&t, 2, &ready, "", all).unwrap_err().code, "last_stage");
        assert_eq!(move_on(&t, 7, &ready, "", all).unwrap_err().code, "stage_unknown");
    }
}
