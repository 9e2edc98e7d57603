//! The library's rows (#13): items (resources and paths) on the platform's shelf (`community_id` NULL) or a
//! community's, their steps, reviews, librarians and a person's own ticks. Lists answer as JSON rows as they are
//! (what the page shows); what the rules read is decoded strictly (`ItemRow`). A path's steps are written from one
//! JSON list in one statement (`json_each`).

use super::{all, batch, first, row, run, stmt, Arg, Db};
use crate::domain::error::ApiError;
use crate::domain::library::{Item, Step};
use serde_json::{json, Value};

/// The columns a list shows of an item.
const LISTED: &str = "i.id, i.community_id IS NULL AS platform, i.kind, i.title, i.description, i.url, i.file_name, i.file_type, i.file_size, i.licence, i.languages, i.fields, \
    i.level, i.audience, i.state, i.author_id, u.display_name AS author_name, i.minutes, i.rating_sum, i.ratings, i.shares, i.clones, \
    i.version, i.updated_at, i.published_at";

/// What a shelf's list is filtered by (each "" for any).
pub struct Filter<'a> {
    pub query: Option<String>,
    pub kind: &'a str,
    pub audience: &'a str,
    pub language: &'a str,
    pub field: &'a str,
    /// "", "mine" or "to_curate".
    pub show: &'a str,
}

/// Whether `me` curates the shelf: its admins (`admin`), and on a community's shelf the librarians they named.
const CURATOR: &str = "(?3 = 1 OR EXISTS (SELECT 1 FROM library_curators c WHERE c.community_id = ?1 AND c.user_id = ?2))";

/// A shelf as `me` sees it, in one round trip: its published items, mine in any state and, for its curators,
/// everything on it (a community's shelf shows the platform's published items too); whether `me` curates it; and
/// its librarians. `community`: None for the platform's shelf.
pub async fn list(db: &Db, community: Option<&str>, me: &str, admin: bool, f: &Filter<'_>) -> Result<(Vec<Value>, bool, Vec<Value>), ApiError> {
    let (from, order) = match f.query {
        Some(_) => ("library_search s JOIN library_items i ON i.rowid = s.rowid", "s.rank"),
        None => ("library_items i", "COALESCE(i.published_at, i.updated_at) DESC"),
    };
    let search = if f.query.is_some() { "library_search MATCH ?9 AND " } else { "" };
    let sql = format!(
        "SELECT {LISTED} FROM {from} LEFT JOIN users u ON u.id = i.author_id \
         WHERE {search}(i.community_id = ?1 OR i.community_id IS NULL) \
           AND (i.state = 'published' OR i.author_id = ?2 OR (i.community_id IS ?1 AND {CURATOR})) \
           AND (?4 = '' OR i.kind = ?4) AND (?5 = '' OR i.audience = ?5) \
           AND (?6 = '' OR ' ' || i.languages || ' ' LIKE '% ' || ?6 || ' %') \
           AND (?7 = '' OR ' ' || i.fields || ' ' LIKE '% ' || ?7 || ' %') \
           AND (?8 = '' OR (?8 = 'mine' AND i.author_id = ?2) OR (?8 = 'to_curate' AND i.state = 'submitted' AND i.community_id IS ?1 AND {CURATOR})) \
         ORDER BY {order} LIMIT 100"
    );
    let mut args = vec![super::opt(community), Arg::S(me), Arg::B(admin), Arg::S(f.kind), Arg::S(f.audience), Arg::S(f.language), Arg::S(f.field), Arg::S(f.show)];
    if let Some(q) = &f.query {
        args.push(Arg::S(q));
    }
    let r = batch(db, vec![
        stmt(db, &sql, &args)?,
        stmt(db, &format!("SELECT {CURATOR} AS curator"), &[super::opt(community), Arg::S(me), Arg::B(admin)])?,
        stmt(db, "SELECT c.user_id AS id, u.display_name FROM library_curators c JOIN users u ON u.id = c.user_id WHERE c.community_id = ?1 ORDER BY u.display_name", &[super::opt(community)])?,
    ])
    .await?;
    let curator = super::one::<Value>(&r, 1)?.and_then(|v| v.get("curator").and_then(Value::as_i64)) == Some(1);
    Ok((super::rows(&r, 0)?, curator, super::rows(&r, 2)?))
}

row! {
    /// An item as its rules read it.
    pub struct ItemRow {
        pub id: String,
        pub community_id: Option<String>,
        pub kind: String,
        pub title: String,
        pub state: String,
        pub author_id: Option<String>,
        pub version: i64,
        pub file_key: String,
        pub file_name: String,
        pub file_type: String,
        pub file_size: i64,
    }
}

/// Whether `me` curates the community's shelf besides its admins (a librarian its admins named).
pub async fn librarian(db: &Db, community: &str, me: &str) -> Result<bool, ApiError> {
    Ok(first::<Value>(db, "SELECT 1 AS x FROM library_curators WHERE community_id = ?1 AND user_id = ?2", &[Arg::S(community), Arg::S(me)]).await?.is_some())
}

const ITEM: &str = "SELECT id, community_id, kind, title, state, author_id, version, file_key, file_name, file_type, file_size FROM library_items WHERE id = ?1";

pub async fn item(db: &Db, id: &str) -> Result<Option<ItemRow>, ApiError> {
    first(db, ITEM, &[Arg::S(id)]).await
}

/// The whole of an item as its page shows it, in one round trip: its fields, its steps (with their resources'
/// titles, kinds and links), its reviews (with names), the steps `me` ticked; with it, the item as its rules read it
/// and whether `me` is a librarian of `community`.
pub async fn page(db: &Db, id: &str, community: Option<&str>, me: &str) -> Result<Option<(Value, ItemRow, bool)>, ApiError> {
    let r = batch(db, vec![
        stmt(db, &format!("SELECT {LISTED}, i.body, i.provenance, i.derived_from, d.title AS derived_title, i.note, i.created_at \
                           FROM library_items i LEFT JOIN users u ON u.id = i.author_id LEFT JOIN library_items d ON d.id = i.derived_from WHERE i.id = ?1"), &[Arg::S(id)])?,
        stmt(db, ITEM, &[Arg::S(id)])?,
        // A step's resource is named only while it is published (or is the reader's own).
        stmt(db, "SELECT s.id, s.n, s.resource_id, s.text, s.range_from, s.range_to, s.minutes, r.title AS resource_title, r.kind AS resource_kind, \
                  r.url AS resource_url, r.state AS resource_state FROM library_steps s \
                  LEFT JOIN library_items r ON r.id = s.resource_id AND (r.state = 'published' OR r.author_id = ?2) WHERE s.path_id = ?1 ORDER BY s.n", &[Arg::S(id), Arg::S(me)])?,
        stmt(db, "SELECT v.user_id, u.display_name, v.rating, v.text, v.at FROM library_reviews v JOIN users u ON u.id = v.user_id WHERE v.item_id = ?1 ORDER BY v.at DESC LIMIT 100", &[Arg::S(id)])?,
        stmt(db, "SELECT step_id FROM library_progress WHERE user_id = ?1 AND path_id = ?2", &[Arg::S(me), Arg::S(id)])?,
        stmt(db, "SELECT EXISTS (SELECT 1 FROM library_curators WHERE community_id = ?1 AND user_id = ?2) AS x", &[super::opt(community), Arg::S(me)])?,
    ])
    .await?;
    let (Some(mut item), Some(row)) = (super::one::<Value>(&r, 0)?, super::one::<ItemRow>(&r, 1)?) else { return Ok(None) };
    let done: Vec<Value> = super::rows::<Value>(&r, 4)?.into_iter().filter_map(|v| v.get("step_id").cloned()).collect();
    let librarian = super::one::<Value>(&r, 5)?.and_then(|v| v.get("x").and_then(Value::as_i64)) == Some(1);
    if let Some(o) = item.as_object_mut() {
        o.insert("steps".into(), Value::Array(super::rows(&r, 2)?));
        o.insert("reviews".into(), Value::Array(super::rows(&r, 3)?));
        o.insert("done".into(), Value::Array(done));
    }
    Ok(Some((item, row, librarian)))
}

/// The ids among `ids` that a step may point at from this shelf: resources (not paths) on it or on the platform's,
/// published, or `me`'s own or the edited item's `author`'s.
pub async fn usable(db: &Db, community: Option<&str>, me: &str, author: &str, ids: &[String]) -> Result<Vec<String>, ApiError> {
    let list = Value::from(ids.to_vec()).to_string();
    let rows: Vec<Value> = all(
        db,
        "SELECT id FROM library_items WHERE id IN (SELECT value FROM json_each(?3)) AND kind <> 'path' \
         AND (community_id IS ?1 OR community_id IS NULL) AND (state = 'published' OR author_id = ?2 OR author_id = ?4)",
        &[super::opt(community), Arg::S(me), Arg::S(&list), Arg::S(author)],
    )
    .await?;
    Ok(rows.iter().filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_string)).collect())
}

/// A path's steps as one JSON list (what `json_each` reads).
pub fn steps_json(steps: &[Step]) -> String {
    Value::Array(
        steps
            .iter()
            .map(|s| json!({"id": s.id, "resource": s.resource, "text": s.text, "from": s.range.map(|r| r.0), "to": s.range.map(|r| r.1), "minutes": s.minutes}))
            .collect(),
    )
    .to_string()
}

const INSERT_STEPS: &str = "INSERT INTO library_steps (path_id, n, id, resource_id, text, range_from, range_to, minutes) \
    SELECT ?1, key, json_extract(value, '$.id'), json_extract(value, '$.resource'), json_extract(value, '$.text'), json_extract(value, '$.from'), \
    json_extract(value, '$.to'), json_extract(value, '$.minutes') FROM json_each(?2)";

/// A new item, a draft (its steps with it). A repeat of the same client key stores nothing and answers the first.
pub async fn create(db: &Db, id: &str, community: Option<&str>, me: &str, item: &Item, key: &str, now: i64) -> Result<String, ApiError> {
    let r = batch(db, vec![
        stmt(db, "INSERT INTO library_items (id, community_id, kind, title, description, url, body, licence, languages, fields, level, audience, \
                  provenance, derived_from, state, author_id, minutes, client_key, created_at, updated_at) \
                  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'draft', ?15, ?16, ?17, ?18, ?18) \
                  ON CONFLICT (author_id, client_key) WHERE client_key IS NOT NULL DO NOTHING", &[
            Arg::S(id), super::opt(community), Arg::S(item.kind.as_str()), Arg::S(&item.title), Arg::S(&item.description), Arg::S(&item.url),
            Arg::S(&item.body), Arg::S(&item.licence), Arg::S(&item.languages), Arg::S(&item.fields), Arg::S(&item.level), Arg::S(&item.audience),
            Arg::S(&item.provenance), super::opt(item.derived_from.as_deref()), Arg::S(me), Arg::N(item.minutes), Arg::S(key), Arg::N(now),
        ])?,
        stmt(db, &format!("{INSERT_STEPS} WHERE EXISTS (SELECT 1 FROM library_items WHERE id = ?1)"), &[Arg::S(id), Arg::S(&steps_json(&item.steps))])?,
        stmt(db, "SELECT id FROM library_items WHERE author_id = ?1 AND client_key = ?2", &[Arg::S(me), Arg::S(key)])?,
    ])
    .await?;
    super::one::<Value>(&r, 2)?.and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_string)).ok_or_else(ApiError::internal)
}

/// The ids of a path's steps now (an edit keeps those it names).
pub async fn step_ids(db: &Db, path: &str) -> Result<Vec<String>, ApiError> {
    let rows: Vec<Value> = all(db, "SELECT id FROM library_steps WHERE path_id = ?1", &[Arg::S(path)]).await?;
    Ok(rows.iter().filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_string)).collect())
}

/// An edit: its fields and steps replaced, its version one more (a project's copy says which it was taken from). Guarded by the version read (a
/// concurrent edit: 409).
pub async fn edit(db: &Db, id: &str, version: i64, item: &Item, now: i64) -> Result<(), ApiError> {
    let r = batch(db, vec![
        stmt(db, "UPDATE library_items SET title = ?3, description = ?4, url = ?5, body = ?6, licence = ?7, languages = ?8, fields = ?9, level = ?10, \
                  audience = ?11, provenance = ?12, derived_from = ?13, minutes = ?14, version = version + 1, updated_at = ?15 WHERE id = ?1 AND version = ?2", &[
            Arg::S(id), Arg::N(version), Arg::S(&item.title), Arg::S(&item.description), Arg::S(&item.url), Arg::S(&item.body), Arg::S(&item.licence),
            Arg::S(&item.languages), Arg::S(&item.fields), Arg::S(&item.level), Arg::S(&item.audience), Arg::S(&item.provenance),
            super::opt(item.derived_from.as_deref()), Arg::N(item.minutes), Arg::N(now),
        ])?,
        // Only when this edit's update went through (the version it made, at its time).
        stmt(db, "DELETE FROM library_steps WHERE path_id = ?1 AND EXISTS (SELECT 1 FROM library_items WHERE id = ?1 AND version = ?2 AND updated_at = ?3)", &[Arg::S(id), Arg::N(version + 1), Arg::N(now)])?,
        stmt(db, &format!("{INSERT_STEPS} WHERE EXISTS (SELECT 1 FROM library_items WHERE id = ?1 AND version = ?3 AND updated_at = ?4)"), &[Arg::S(id), Arg::S(&steps_json(&item.steps)), Arg::N(version + 1), Arg::N(now)])?,
    ])
    .await?;
    if r.first().map(super::changes) == Some(0) {
        return Err(ApiError::conflict("library_changed", "Someone changed this item meanwhile: open it again to see their changes."));
    }
    Ok(())
}

/// Where one upload of a document's file is kept in R2.
pub fn file_key(id: &str, upload: &str) -> String {
    format!("library/{id}/{upload}")
}

/// A document's file arrived: where it is, its name, type and size, and a version more.
pub async fn set_file(db: &Db, id: &str, key: &str, name: &str, mime: &str, size: i64, now: i64) -> Result<(), ApiError> {
    run(
        db,
        "UPDATE library_items SET file_key = ?6, file_name = ?2, file_type = ?3, file_size = ?4, version = version + 1, updated_at = ?5 WHERE id = ?1",
        &[Arg::S(id), Arg::S(name), Arg::S(mime), Arg::N(size), Arg::N(now), Arg::S(key)],
    )
    .await
    .map(|_| ())
}

/// A curation move, guarded by the state read.
pub async fn set_state(db: &Db, id: &str, from: &str, to: &str, note: &str, now: i64) -> Result<(), ApiError> {
    let n = run(
        db,
        "UPDATE library_items SET state = ?3, note = ?4, updated_at = ?5, published_at = CASE WHEN ?3 = 'published' THEN COALESCE(published_at, ?5) ELSE published_at END \
         WHERE id = ?1 AND state = ?2",
        &[Arg::S(id), Arg::S(from), Arg::S(to), Arg::S(note), Arg::N(now)],
    )
    .await?;
    if n == 0 {
        return Err(ApiError::conflict("library_changed", "Someone changed this item meanwhile: open it again to see their changes."));
    }
    Ok(())
}

/// A member's rating and review (one per item, replaced), and the item's figures with it.
pub async fn review(db: &Db, id: &str, me: &str, rating: i64, text: &str, now: i64) -> Result<(), ApiError> {
    batch(db, vec![
        stmt(db, "INSERT INTO library_reviews (item_id, user_id, rating, text, at) VALUES (?1, ?2, ?3, ?4, ?5) \
                  ON CONFLICT (item_id, user_id) DO UPDATE SET rating = excluded.rating, text = excluded.text, at = excluded.at",
             &[Arg::S(id), Arg::S(me), Arg::N(rating), Arg::S(text), Arg::N(now)])?,
        stmt(db, "UPDATE library_items SET rating_sum = (SELECT COALESCE(SUM(rating), 0) FROM library_reviews WHERE item_id = ?1), \
                  ratings = (SELECT COUNT(*) FROM library_reviews WHERE item_id = ?1) WHERE id = ?1", &[Arg::S(id)])?,
    ])
    .await?;
    Ok(())
}

/// `me` ticks (or unticks) a step of a path on their own.
pub async fn tick(db: &Db, me: &str, path: &str, step: &str, done: bool, now: i64) -> Result<bool, ApiError> {
    let n = if done {
        run(db, "INSERT INTO library_progress (user_id, path_id, step_id, done_at) SELECT ?1, ?2, ?3, ?4 \
                 WHERE EXISTS (SELECT 1 FROM library_steps s WHERE s.path_id = ?2 AND s.id = ?3) ON CONFLICT DO NOTHING",
            &[Arg::S(me), Arg::S(path), Arg::S(step), Arg::N(now)]).await?
    } else {
        run(db, "DELETE FROM library_progress WHERE user_id = ?1 AND path_id = ?2 AND step_id = ?3", &[Arg::S(me), Arg::S(path), Arg::S(step)]).await?
    };
    Ok(n > 0)
}

/// Names or unnames a librarian: an active member of the community.
pub async fn set_librarian(db: &Db, community: &str, user: &str, on: bool, by: &str, now: i64) -> Result<usize, ApiError> {
    if on {
        run(db, "INSERT INTO library_curators (community_id, user_id, named_by, created_at) SELECT ?1, ?2, ?3, ?4 \
                 WHERE EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = ?1 AND m.user_id = ?2 AND m.status = 'active') ON CONFLICT DO NOTHING",
            &[Arg::S(community), Arg::S(user), Arg::S(by), Arg::N(now)]).await
    } else {
        run(db, "DELETE FROM library_curators WHERE community_id = ?1 AND user_id = ?2", &[Arg::S(community), Arg::S(user)]).await
    }
}

/// The community's librarians, with names.
pub async fn librarians(db: &Db, community: &str) -> Result<Vec<Value>, ApiError> {
    all(db, "SELECT c.user_id AS id, u.display_name FROM library_curators c JOIN users u ON u.id = c.user_id WHERE c.community_id = ?1 ORDER BY u.display_name", &[Arg::S(community)]).await
}

// ---- In projects -------------------------------------------------------------------------------------------------

/// An item a project may take: published, on the project's community's shelf or the platform's.
pub async fn for_project(db: &Db, project: &str, id: &str) -> Result<Option<ItemRow>, ApiError> {
    first(
        db,
        "SELECT i.id, i.community_id, i.kind, i.title, i.state, i.author_id, i.version, i.file_key, i.file_name, i.file_type, i.file_size FROM library_items i JOIN projects p ON p.id = ?1 \
         WHERE i.id = ?2 AND i.state = 'published' AND (i.community_id = p.community_id OR i.community_id IS NULL)",
        &[Arg::S(project), Arg::S(id)],
    )
    .await
}

/// The steps of a path, as a project's copy takes them.
pub async fn steps_of(db: &Db, path: &str) -> Result<Vec<Value>, ApiError> {
    all(db, "SELECT id, resource_id AS resource, text, range_from AS \"from\", range_to AS \"to\", minutes FROM library_steps WHERE path_id = ?1 ORDER BY n", &[Arg::S(path)]).await
}

/// Counts a share or a clone of the item: on the item, and (for the usage report) by the project's community and day.
pub async fn count(db: &Db, project: &str, id: &str, clone: bool, now: i64) -> Result<(), ApiError> {
    let sql = if clone { "UPDATE library_items SET clones = clones + 1 WHERE id = ?1" } else { "UPDATE library_items SET shares = shares + 1 WHERE id = ?1" };
    batch(db, vec![
        stmt(db, sql, &[Arg::S(id)])?,
        stmt(db, "INSERT INTO library_uses (community_id, item_id, kind, at) SELECT p.community_id, ?2, ?3, ?4 FROM projects p WHERE p.id = ?1",
             &[Arg::S(project), Arg::S(id), Arg::S(if clone { "clone" } else { "share" }), Arg::N(now)])?,
    ])
    .await
    .map(|_| ())
}

/// What a project's page shows of the library items it names (shared, cloned from, or a step's resource): their
/// current titles, kinds, links and states, and the steps of the shared paths.
pub async fn named(db: &Db, ids: &[String], paths: &[String]) -> Result<(Vec<Value>, Vec<Value>), ApiError> {
    let (ids, paths) = (Value::from(ids.to_vec()).to_string(), Value::from(paths.to_vec()).to_string());
    let r = batch(db, vec![
        stmt(db, "SELECT id, kind, title, description, CASE WHEN state = 'published' THEN url ELSE '' END AS url, file_name, file_size, state, licence, minutes, version \
                  FROM library_items WHERE id IN (SELECT value FROM json_each(?1))", &[Arg::S(&ids)])?,
        stmt(db, "SELECT s.path_id, s.id, s.n, s.resource_id, s.text, s.range_from, s.range_to, s.minutes, r.title AS resource_title, r.kind AS resource_kind, r.url AS resource_url \
                  FROM library_steps s LEFT JOIN library_items r ON r.id = s.resource_id AND r.state = 'published' \
                  WHERE s.path_id IN (SELECT value FROM json_each(?1)) ORDER BY s.path_id, s.n", &[Arg::S(&paths)])?,
    ])
    .await?;
    Ok((super::rows(&r, 0)?, super::rows(&r, 1)?))
}
