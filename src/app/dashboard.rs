//! My dashboard: my mentoring, what waits for my answer, and for community admins their queues.

use super::http::{ok, ApiResult, Ctx};
use super::store::mentoring as store;
use serde_json::{json, Value};

pub async fn dashboard(ctx: &mut Ctx) -> ApiResult {
    let me = ctx.actor()?.user_id.clone();
    let mut d = match ctx.pre.take() {
        Some(pre) => store::dashboard_rows(&pre)?,
        None => store::dashboard(&ctx.db, &me).await?,
    };
    // Unread chat messages in each active project, asked of the rooms at once.
    let live: Vec<&mut store::MyProjectRow> = d.projects.iter_mut().filter(|p| p.status == "active" && p.state == "active").collect();
    let ids: Vec<String> = live.iter().map(|p| p.id.clone()).collect();
    let counts = super::chat::unread_many(&ctx.env, &ids, &me).await;
    for (p, n) in live.into_iter().zip(counts) {
        p.chat_unread = n;
    }
    let (as_mentee, as_mentor): (Vec<_>, Vec<_>) = d.projects.into_iter().partition(|p| p.role == "mentee");
    // Group invitations wait for an answer too.
    let invitations: Vec<&store::MyProjectRow> =
        as_mentee.iter().chain(as_mentor.iter()).filter(|p| p.status == "invited" && p.state == "awaiting_consent").collect();
    let mut queues: Vec<Value> = Vec::new();
    for c in &d.admin_counts {
        let entry = match queues.iter_mut().find(|q| q["community_id"] == c.community_id.as_str()) {
            Some(e) => e,
            None => {
                queues.push(json!({"community_id": c.community_id, "community_name": c.community_name, "counts": {}}));
                match queues.last_mut() {
                    Some(e) => e,
                    None => continue,
                }
            }
        };
        if let Some(counts) = entry.get_mut("counts").and_then(Value::as_object_mut) {
            counts.insert(c.state.clone(), json!(c.n));
        }
    }
    ok(&json!({
        "as_mentee": as_mentee,
        "as_mentor": as_mentor,
        "waiting_for_me": d.waiting,
        "invitations": invitations,
        "applications": d.applications,
        "community_admin": queues,
        "unread_notifications": d.unread,
        "unread_messages": d.unread_messages,
    }))
}
