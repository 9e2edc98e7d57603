//! My dashboard: my mentoring, what waits for my answer, and for community admins their queues.

use super::http::{ok, ApiResult, Ctx};
use super::store::mentoring as store;
use serde::Serialize;
use std::collections::BTreeMap;

pub async fn dashboard(ctx: &mut Ctx) -> ApiResult {
    let me = ctx.actor()?.user_id.clone();
    let mut d = match ctx.pre.take() {
        Some(pre) => store::dashboard_rows(&pre)?,
        None => store::dashboard(&ctx.db, &me).await?,
    };
    // Unread chat (active projects) and private messages (every project I am a member of), asked of the projects'
    // spaces at once.
    let mine: Vec<&mut store::MyProjectRow> = d.projects.iter_mut().filter(|p| p.status == "active").collect();
    let ids: Vec<String> = mine.iter().map(|p| p.id.clone()).collect();
    let homes = super::space::client::call_many(&ctx.env, &ids, &me, "/home", &serde_json::json!({})).await;
    let count = |h: &Option<serde_json::Value>, k: &str| h.as_ref().and_then(|h| h.get(k)).and_then(serde_json::Value::as_i64);
    for (p, h) in mine.into_iter().zip(&homes) {
        if p.state == "active" {
            p.chat_unread = count(h, "unread");
        }
        d.unread_messages += count(h, "messages_unread").unwrap_or(0);
    }
    let (as_mentee, as_mentor): (Vec<_>, Vec<_>) = d.projects.into_iter().partition(|p| p.role == "mentee");
    // Group invitations wait for an answer too.
    let invitations: Vec<&store::MyProjectRow> =
        as_mentee.iter().chain(as_mentor.iter()).filter(|p| p.status == "invited" && p.state == "awaiting_consent").collect();
    // Each community's queues: how many requests are in each state.
    let mut queues: Vec<AdminQueue> = Vec::new();
    for c in &d.admin_counts {
        match queues.iter_mut().find(|q| q.community_id == c.community_id) {
            Some(q) => {
                q.counts.insert(&c.state, c.n);
            }
            None => queues.push(AdminQueue {
                community_id: &c.community_id,
                community_name: &c.community_name,
                counts: BTreeMap::from([(c.state.as_str(), c.n)]),
            }),
        }
    }
    ok(&Dashboard {
        as_mentee: &as_mentee,
        as_mentor: &as_mentor,
        waiting_for_me: &d.waiting,
        invitations,
        applications: &d.applications,
        community_admin: queues,
        unread_notifications: d.unread,
        unread_messages: d.unread_messages,
    })
}

/// `GET /api/dashboard`.
#[derive(Serialize)]
struct Dashboard<'a> {
    as_mentee: &'a [store::MyProjectRow],
    as_mentor: &'a [store::MyProjectRow],
    /// Requests waiting for my consent as a mentor.
    waiting_for_me: &'a [store::WaitingRow],
    /// Group invitations waiting for my answer.
    invitations: Vec<&'a store::MyProjectRow>,
    /// My applications to communities' Rolls of Mentors.
    applications: &'a [store::ApplicationRow],
    /// For the communities I administer: their requests by state.
    community_admin: Vec<AdminQueue<'a>>,
    unread_notifications: i64,
    unread_messages: i64,
}

#[derive(Serialize)]
struct AdminQueue<'a> {
    community_id: &'a str,
    community_name: &'a str,
    counts: BTreeMap<&'a str, i64>,
}
