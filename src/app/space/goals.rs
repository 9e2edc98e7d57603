//! Goals in the project's space: personal and group goals, their objectives, progress reviews and comments. The
//! rules (who may do what, who sees what) are `domain::goals`; the coordinator gets counts, states and progress.

use super::journey::Who;
use super::{ToRows, int, opt_text, text, ProjectSpace};
use crate::domain::error::{ApiError, Invalid};
use crate::domain::goals::{self as rules, Action, CommentInput, Content, Facts, GoalInput, Kind, NewGoal, Objective, ObjectiveInput, Review, ReviewInput, State, Viewer, Visibility};
use serde::Serialize;
use worker::SqlStorageValue;

pub const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS goals (id TEXT PRIMARY KEY, kind TEXT NOT NULL, owner_id TEXT, shared INTEGER NOT NULL, \
     title TEXT NOT NULL, why TEXT NOT NULL, success TEXT NOT NULL, target_date TEXT, state TEXT NOT NULL, note TEXT NOT NULL, \
     proposed_by TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS objectives (id TEXT PRIMARY KEY, goal_id TEXT NOT NULL, title TEXT NOT NULL, due TEXT, \
     ord INTEGER NOT NULL, done_by TEXT, done_at INTEGER, nudged INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS objectives_goal ON objectives (goal_id, ord)",
    "CREATE TABLE IF NOT EXISTS goal_reviews (id TEXT PRIMARY KEY, goal_id TEXT NOT NULL, progress INTEGER NOT NULL, \
     note TEXT NOT NULL, diary_entry TEXT, by_id TEXT NOT NULL, at INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS goal_reviews_goal ON goal_reviews (goal_id, at)",
    "CREATE TABLE IF NOT EXISTS goal_comments (id TEXT PRIMARY KEY, goal_id TEXT NOT NULL, author_id TEXT NOT NULL, \
     text TEXT NOT NULL, at INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS goal_comments_goal ON goal_comments (goal_id, at)",
];

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    pub struct Row {
        pub id: String,
        pub kind: String,
        pub owner_id: Option<String>,
        pub shared: i64,
        pub title: String,
        pub why: String,
        pub success: String,
        pub target_date: Option<String>,
        pub state: String,
        pub note: String,
        pub proposed_by: String,
        pub created_at: i64,
        pub updated_at: i64,
    }
}

const COLUMNS: &str = "id, kind, owner_id, shared, title, why, success, target_date, state, note, proposed_by, created_at, updated_at";

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    pub struct ObjectiveRow {
        pub id: String,
        pub goal_id: String,
        pub title: String,
        pub due: Option<String>,
        pub ord: i64,
        pub done_by: Option<String>,
        pub done_at: Option<i64>,
        pub created_at: i64,
    }
}

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    pub struct ReviewRow {
        pub id: String,
        pub goal_id: String,
        pub progress: i64,
        pub note: String,
        pub diary_entry: Option<String>,
        pub by_id: String,
        pub at: i64,
    }
}

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    pub struct CommentRow {
        pub id: String,
        pub goal_id: String,
        pub author_id: String,
        pub text: String,
        pub at: i64,
    }
}

crate::domain::input::input! {
    #[derive(Serialize)]
    /// One operation on the goals: `op` names it (create, edit, act, objective, tick, review, comment), `id` is the
    /// goal (or the new goal's id), `item` a new or existing objective's id.
    pub struct Op {
        pub who: Who,
        pub op: String,
        pub id: String,
        pub item: String,
        pub goal: Option<GoalInput>,
        pub objective: Option<ObjectiveInput>,
        pub done: Option<bool>,
        pub review: Option<ReviewInput>,
        pub comment: Option<CommentInput>,
        pub action: String,
        pub note: String,
    }
}

/// A goal as a member who follows it sees it.
#[derive(Serialize)]
pub struct GoalView {
    #[serde(flatten)]
    pub goal: Row,
    pub objectives: Vec<ObjectiveRow>,
    pub reviews: Vec<ReviewRow>,
    pub comments: Vec<CommentRow>,
    /// The latest review's progress.
    pub progress: Option<i64>,
    pub actions: Vec<&'static str>,
    pub can_plan: bool,
    pub can_follow: bool,
}

/// What the goal operations answer: the goals this person sees in full, or (the coordinator) the figures.
#[derive(Serialize)]
pub struct View {
    pub goals: Vec<GoalView>,
    pub summary: Option<rules::Summary>,
    /// A notice to send (kind, the members who see the goal), after a move that tells.
    pub tell: Option<(String, Vec<String>)>,
}

fn viewer(w: &Who) -> Viewer<'_> {
    Viewer { user_id: &w.user_id, mentor: w.mentor, mentee: w.mentee, coordinator: w.coordinator }
}


fn facts(g: &Row) -> Result<Facts, ApiError> {
    Ok(Facts {
        kind: Kind::parse(&g.kind).ok_or_else(ApiError::internal)?,
        state: State::parse(&g.state).ok_or_else(ApiError::internal)?,
        owner: g.owner_id.clone(),
        proposed_by: g.proposed_by.clone(),
        shared: g.shared != 0,
    })
}

impl ProjectSpace {
    fn goal_rows(&self) -> Result<Vec<Row>, ApiError> {
        self.sql.exec(&format!("SELECT {COLUMNS} FROM goals ORDER BY created_at, id"), None)?.to_rows::<Row>()
    }

    fn goal_row(&self, id: &str) -> Result<Row, ApiError> {
        let rows: Vec<Row> = self.sql.exec(&format!("SELECT {COLUMNS} FROM goals WHERE id = ?"), vec![text(id)])?.to_rows()?;
        rows.into_iter().next().ok_or_else(ApiError::not_found)
    }

    fn latest_progress(&self, goal: &str) -> Result<Option<i64>, ApiError> {
        let rows: Vec<ReviewRow> = self
            .sql
            .exec("SELECT id, goal_id, progress, note, diary_entry, by_id, at FROM goal_reviews WHERE goal_id = ? ORDER BY at DESC, id DESC LIMIT 1", vec![text(goal)])?
            .to_rows()?;
        Ok(rows.first().map(|r| r.progress))
    }

    /// The goals as this person sees them.
    pub fn goals_view(&self, w: &Who) -> Result<View, ApiError> {
        let me = viewer(w);
        let mut goals = Vec::new();
        let mut metas = Vec::new();
        for g in self.goal_rows()? {
            let f = facts(&g)?;
            let progress = self.latest_progress(&g.id)?;
            metas.push(rules::GoalMeta { id: g.id.clone(), state: f.state, progress: progress.and_then(|p| u8::try_from(p).ok()) });
            if rules::visible(&f, me, w.is_group) != Visibility::Full {
                continue;
            }
            let id = g.id.clone();
            goals.push(GoalView {
                objectives: self.sql.exec("SELECT id, goal_id, title, due, ord, done_by, done_at, created_at FROM objectives WHERE goal_id = ? ORDER BY ord, created_at", vec![text(&id)])?.to_rows()?,
                reviews: self.sql.exec("SELECT id, goal_id, progress, note, diary_entry, by_id, at FROM goal_reviews WHERE goal_id = ? ORDER BY at, id", vec![text(&id)])?.to_rows()?,
                comments: self.sql.exec("SELECT id, goal_id, author_id, text, at FROM goal_comments WHERE goal_id = ? ORDER BY at, id", vec![text(&id)])?.to_rows()?,
                progress,
                actions: rules::available(&f, me).into_iter().map(Action::as_str).collect(),
                can_plan: rules::can_plan(&f, me).is_ok() && !f.state.is_closed(),
                can_follow: rules::can_follow(&f, me, w.is_group).is_ok(),
                goal: g,
            });
        }
        // The coordinator (not a member) sees the figures only.
        let summary = (w.coordinator && !w.member).then(|| rules::summary(&metas));
        Ok(View { goals, summary, tell: None })
    }

    /// One operation on the goals, then the goals as this person sees them.
    pub fn goals_op(&self, o: &Op) -> Result<View, ApiError> {
        let w = &o.who;
        let me = viewer(w);
        // A goal this person does not follow is, to them, like no goal at all.
        let goal = |id: &str| -> Result<Row, ApiError> {
            let g = self.goal_row(id)?;
            if rules::visible(&facts(&g)?, me, w.is_group) == Visibility::Full { Ok(g) } else { Err(ApiError::not_found()) }
        };
        let at = w.at;
        let mut tell = None;
        let missing = |field: &str| ApiError::from(Invalid::new(field, "required", "This field is required."));
        match o.op.as_str() {
            "create" => {
                rules::can_create(me)?;
                let input = o.goal.as_ref().ok_or_else(|| missing("title"))?;
                let g = NewGoal::parse(input, rules::Context { is_group: w.is_group, actor: me, mentees: &w.mentees })?;
                self.sql.exec(
                    &format!("INSERT INTO goals ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'proposed', '', ?, ?, ?)"),
                    vec![
                        text(&o.id), text(g.kind.as_str()), opt_text(g.owner.as_deref()), int(i64::from(g.shared)), text(&g.content.title),
                        text(&g.content.why), text(&g.content.success), opt_text(g.content.target_date.as_deref()), text(&w.user_id), int(at), int(at),
                    ],
                )?;
            }
            "edit" => {
                let g = goal(&o.id)?;
                let f = facts(&g)?;
                rules::next(&f, Action::Edit, me)?;
                let input = o.goal.as_ref().ok_or_else(|| missing("title"))?;
                let (c, shared): (Content, bool) = rules::parse_edit(input, &f, me, w.is_group)?;
                self.sql.exec(
                    "UPDATE goals SET title = ?, why = ?, success = ?, target_date = ?, shared = ?, updated_at = ? WHERE id = ?",
                    vec![text(&c.title), text(&c.why), text(&c.success), opt_text(c.target_date.as_deref()), int(i64::from(shared)), int(at), text(&g.id)],
                )?;
            }
            "act" => {
                let g = goal(&o.id)?;
                let f = facts(&g)?;
                let action = Action::parse(&o.action).filter(|a| *a != Action::Edit).ok_or_else(|| {
                    ApiError::from(Invalid::new("action", "not_in_list", "Choose agree, achieved, partly_achieved, not_achieved, drop or reopen."))
                })?;
                let e = rules::effects(&f, action, me)?;
                let note = rules::parse_note(action, &o.note)?;
                self.sql.exec("UPDATE goals SET state = ?, note = ?, updated_at = ? WHERE id = ?", vec![text(e.to.as_str()), text(&note), int(at), text(&g.id)])?;
                if let Some((_, kind)) = e.tell.first() {
                    let moved = Facts { state: e.to, ..f };
                    let viewers = w
                        .members
                        .iter()
                        .filter(|m| **m != w.user_id)
                        .filter(|m| {
                            let is_mentor = **m == w.mentor_id;
                            let v = Viewer { user_id: m, mentor: is_mentor, mentee: !is_mentor, coordinator: false };
                            rules::visible(&moved, v, w.is_group) == Visibility::Full
                        })
                        .cloned()
                        .collect();
                    tell = Some((kind.as_str().to_string(), viewers));
                }
            }
            "objective" => {
                let g = goal(&o.id)?;
                let f = facts(&g)?;
                rules::can_plan(&f, me)?;
                let input = o.objective.as_ref().ok_or_else(|| missing("title"))?;
                let obj = Objective::parse(input, f.state)?;
                self.sql.exec(
                    "INSERT INTO objectives (id, goal_id, title, due, ord, done_by, done_at, nudged, created_at) \
                     VALUES (?, ?, ?, ?, COALESCE(?, (SELECT COALESCE(MAX(ord), 0) + 1 FROM objectives WHERE goal_id = ?)), NULL, NULL, 0, ?)",
                    vec![text(&o.item), text(&g.id), text(&obj.title), opt_text(obj.due.as_deref()), obj.order.map_or(SqlStorageValue::Null, int), text(&g.id), int(at)],
                )?;
            }
            "objective_edit" => {
                // A change of its words (what is not given stays), and/or of its done mark.
                let g = goal(&o.id)?;
                let f = facts(&g)?;
                let rows: Vec<ObjectiveRow> = self
                    .sql
                    .exec("SELECT id, goal_id, title, due, ord, done_by, done_at, created_at FROM objectives WHERE id = ? AND goal_id = ?", vec![text(&o.item), text(&g.id)])?
                    .to_rows()?;
                let current = rows.into_iter().next().ok_or_else(ApiError::not_found)?;
                if let Some(input) = o.objective.as_ref() {
                    rules::can_plan(&f, me)?;
                    let merged = ObjectiveInput {
                        title: if input.title.trim().is_empty() { current.title.clone() } else { input.title.clone() },
                        due: input.due.clone().or_else(|| current.due.clone()),
                        order: input.order,
                    };
                    let obj = Objective::parse(&merged, f.state)?;
                    self.sql.exec(
                        "UPDATE objectives SET title = ?, due = ?, ord = COALESCE(?, ord), nudged = CASE WHEN due IS ? THEN nudged ELSE 0 END WHERE id = ?",
                        vec![text(&obj.title), opt_text(obj.due.as_deref()), obj.order.map_or(SqlStorageValue::Null, int), opt_text(obj.due.as_deref()), text(&current.id)],
                    )?;
                }
                if let Some(done) = o.done {
                    rules::can_follow(&f, me, w.is_group)?;
                    let d = rules::tick(done, &w.user_id, at);
                    self.sql.exec(
                        "UPDATE objectives SET done_by = ?, done_at = ? WHERE id = ?",
                        vec![opt_text(d.done_by.as_deref()), d.done_at.map_or(SqlStorageValue::Null, int), text(&current.id)],
                    )?;
                }
            }
            "review" => {
                let g = goal(&o.id)?;
                let f = facts(&g)?;
                rules::can_follow(&f, me, w.is_group)?;
                if f.state.is_closed() || f.state == State::Proposed {
                    return Err(Invalid::new("goal", "goal_not_agreed", "Progress is recorded on an agreed goal that is still open.").into());
                }
                let r = Review::parse(o.review.as_ref().ok_or_else(|| missing("progress"))?)?;
                self.sql.exec(
                    "INSERT INTO goal_reviews (id, goal_id, progress, note, diary_entry, by_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    vec![text(&o.item), text(&g.id), int(i64::from(r.progress)), text(&r.note), opt_text(r.diary_entry.as_deref()), text(&w.user_id), int(at)],
                )?;
            }
            "comment" => {
                let g = goal(&o.id)?;
                rules::can_follow(&facts(&g)?, me, w.is_group)?;
                let t = rules::parse_comment(o.comment.as_ref().ok_or_else(|| missing("text"))?)?;
                self.sql.exec(
                    "INSERT INTO goal_comments (id, goal_id, author_id, text, at) VALUES (?, ?, ?, ?, ?)",
                    vec![text(&o.item), text(&g.id), text(&w.user_id), text(&t), int(at)],
                )?;
            }
            "list" => {}
            _ => return Err(ApiError::not_found()),
        }
        if o.op != "list" {
            self.changed();
        }
        let mut v = self.goals_view(w)?;
        v.tell = tell;
        Ok(v)
    }

    /// The goals' figures for the checklist and D1: mentees with an agreed goal, open goals, agreed goals never
    /// reviewed, and per goal its state and latest progress.
    pub fn goals_summary(&self, mentees: &[String]) -> Result<GoalFigures, ApiError> {
        let rows = self.goal_rows()?;
        let agreed_like = |s: &str| matches!(s, "agreed" | "achieved" | "partly_achieved");
        let group_agreed = rows.iter().any(|g| g.kind == "group" && agreed_like(&g.state));
        let with_goal = mentees
            .iter()
            .filter(|m| group_agreed || rows.iter().any(|g| g.owner_id.as_deref() == Some(m.as_str()) && agreed_like(&g.state)))
            .count();
        let mut detail = Vec::new();
        let mut unreviewed = 0;
        for g in &rows {
            let progress = self.latest_progress(&g.id)?;
            if g.state == "agreed" && progress.is_none() {
                unreviewed += 1;
            }
            detail.push(serde_json::json!({"id": g.id, "state": g.state, "progress": progress}));
        }
        Ok(GoalFigures {
            goals: i64::try_from(rows.len()).unwrap_or(0),
            agreed: i64::try_from(rows.iter().filter(|g| agreed_like(&g.state)).count()).unwrap_or(0),
            open: i64::try_from(rows.iter().filter(|g| matches!(g.state.as_str(), "proposed" | "agreed")).count()).unwrap_or(0),
            unreviewed,
            mentees_with_agreed_goal: i64::try_from(with_goal).unwrap_or(0),
            detail,
        })
    }
}

pub struct GoalFigures {
    pub goals: i64,
    pub agreed: i64,
    pub open: i64,
    pub unreviewed: i64,
    pub mentees_with_agreed_goal: i64,
    pub detail: Vec<serde_json::Value>,
}
