//! My notifications and my notification preferences.

use super::http::{no_content, ok, ApiResult, Ctx};
use super::store::notifications as notes;
use super::store::paginate;
use crate::domain::error::Invalid;
use serde_json::json;

pub async fn notifications(ctx: &mut Ctx) -> ApiResult {
    let me = ctx.actor()?.user_id.clone();
    let (limit, cursor) = ctx.page()?;
    let (rows, unread, email) = notes::list(&ctx.db, &me, &cursor, limit).await?;
    let (items, next) = paginate(rows, limit, |n| n.id.clone());
    ok(&json!({"items": items, "next_cursor": next, "unread": unread, "email_notifications": email}))
}

crate::domain::input::input! {
    #[derive(Default)]
    struct ReadInput {
        ids: Vec<String>,
    }
}

pub async fn mark_read(ctx: &mut Ctx) -> ApiResult {
    let input: ReadInput = ctx.json().await?;
    if input.ids.len() > 200 || !input.ids.iter().all(|i| crate::domain::token::is_id_shaped(i)) {
        return Err(Invalid::new("ids", "not_in_list", "Send up to 200 notification ids, or none to mark all read.").into());
    }
    let me = ctx.actor()?.user_id.clone();
    notes::mark_read(&ctx.db, &me, &input.ids, ctx.now).await?;
    no_content()
}

crate::domain::input::input! {
    struct Prefs {
        email_notifications: Option<bool>,
        language: Option<String>,
    }
}

/// Whether notifications are also e-mailed, and the language they are written in (each as given; the rest stays).
pub async fn preferences(ctx: &mut Ctx) -> ApiResult {
    let input: Prefs = ctx.json().await?;
    let language = match input.language.as_deref() {
        None => None,
        Some(l) => Some(crate::domain::notifications::Lang::parse(l).map(|_| l.to_string()).ok_or_else(|| {
            crate::domain::error::Invalid::new("language", "not_in_list", "Choose one of the values offered.")
        })?),
    };
    let me = ctx.actor()?.user_id.clone();
    notes::set_preferences(&ctx.db, &me, input.email_notifications, language.as_deref(), ctx.now).await?;
    ok(&json!({"email_notifications": input.email_notifications, "language": language}))
}
