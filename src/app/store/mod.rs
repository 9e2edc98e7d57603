//! Storage: every D1 query and R2 key lives under this module, one file per feature. Writes that belong together
//! are one `batch` (D1's transaction).

pub mod accounts;
pub mod activity;
pub mod admin;
pub mod communities;
pub mod digest;
pub mod evaluation;
pub mod files;
pub mod forum;
pub mod grants;
pub mod health;
pub mod journey;
pub mod library;
pub mod legacy;
pub mod mail;
pub mod mentoring;
pub mod messages;
pub mod notifications;
pub mod personal;
pub mod profiles;
pub mod report;
pub mod retention;
pub mod roll;
pub mod two_factor;
pub mod usage;

use crate::domain::error::ApiError;
use serde_json::Value;
use worker::wasm_bindgen::JsValue;
use std::cell::Cell;
use worker::{D1DatabaseSession, D1PreparedStatement, D1Result, Env};

/// Where a request's reads may start (D1's Sessions API): at the primary, at any replica, or at a replica at least as
/// new as a bookmark the person brought from their last request (so they always read their own writes).
pub enum Start<'a> {
    Primary,
    Anywhere,
    After(&'a str),
}

/// The database as one request (or one cron run) sees it: a D1 session, whose reads may be served by a nearby
/// replica but never go back in time within it, and which counts its round trips.
pub struct Db {
    session: D1DatabaseSession,
    trips: Cell<u32>,
}

impl Db {
    pub fn open(env: &Env, start: Start) -> Result<Db, ApiError> {
        let constraint = match start {
            Start::Primary => "first-primary",
            Start::Anywhere => "first-unconstrained",
            Start::After(bookmark) => bookmark,
        };
        let session = env.d1("DB")?.with_session(Some(constraint))?;
        Ok(Db { session, trips: Cell::new(0) })
    }

    fn prepare(&self, sql: &str) -> D1PreparedStatement {
        record(sql);
        self.session.prepare(sql)
    }

    /// One more round trip to D1 (every query helper below counts itself).
    fn trip(&self) {
        self.trips.set(self.trips.get().saturating_add(1));
    }

    /// Round trips to D1 so far.
    pub fn round_trips(&self) -> u32 {
        self.trips.get()
    }

    /// The newest point in the database this session has seen (after a write: that write), for the person's next
    /// request to start from.
    pub fn bookmark(&self) -> Option<String> {
        self.session.get_bookmark().ok().flatten()
    }
}

thread_local! {
    /// In test mode only: every statement prepared by this instance, for the query-plan check
    /// (`tests/support/plans.mjs`), which fails on a full scan of a table that grows with use.
    static SEEN: std::cell::RefCell<Option<std::collections::BTreeSet<String>>> = const { std::cell::RefCell::new(None) };
}

fn record(sql: &str) {
    SEEN.with(|seen| {
        if let Some(set) = seen.borrow_mut().as_mut() {
            if !set.contains(sql) {
                set.insert(sql.to_string());
            }
        }
    });
}

/// Keeps every statement prepared from now on (test mode).
pub fn keep_statements() {
    SEEN.with(|seen| {
        seen.borrow_mut().get_or_insert_with(Default::default);
    });
}

/// The statements kept so far.
pub fn statements_seen() -> Vec<String> {
    SEEN.with(|seen| seen.borrow().iter().flatten().cloned().collect())
}

/// A bound value. Integers cross into JS as doubles: D1 stores integral doubles as INTEGER.
#[derive(Clone, Copy)]
pub enum Arg<'a> {
    S(&'a str),
    N(i64),
    B(bool),
    Null,
}

impl Arg<'_> {
    fn js(&self) -> JsValue {
        match self {
            Arg::S(s) => JsValue::from_str(s),
            Arg::N(n) => JsValue::from_f64(*n as f64),
            Arg::B(b) => JsValue::from_f64(if *b { 1.0 } else { 0.0 }),
            Arg::Null => JsValue::NULL,
        }
    }
}

/// Whose page is read: a user already known, or the user of the session with this token hash. The second lets a
/// page's reads ride in the same batch (one transaction, one round trip) as the session check, which decides whether
/// they are used at all.
#[derive(Clone, Copy)]
pub enum Who<'a> {
    User(&'a str),
    Session(&'a str),
}

impl<'a> Who<'a> {
    /// The user's id as a SQL expression over the bound parameter `?n`.
    pub fn id_sql(&self, n: usize) -> String {
        match self {
            Who::User(_) => format!("?{n}"),
            Who::Session(_) => format!("(SELECT s.user_id FROM sessions s WHERE s.token_hash = ?{n})"),
        }
    }
    /// The value bound to that parameter.
    pub fn arg(&self) -> Arg<'a> {
        match self {
            Who::User(id) | Who::Session(id) => Arg::S(id),
        }
    }
}

/// A newest-first page's cursor as a bound: below the last id seen, or (on the first page) below every id. A plain
/// `id < ?` keeps the read on the index's range (`?1 = '' OR id < ?1` made SQLite read the whole index).
pub fn below(cursor: &str) -> Arg<'_> {
    Arg::S(if cursor.is_empty() { "\u{10FFFF}" } else { cursor })
}

pub fn opt<'a>(v: Option<&'a str>) -> Arg<'a> {
    v.map(Arg::S).unwrap_or(Arg::Null)
}

pub fn stmt(db: &Db, sql: &str, args: &[Arg]) -> Result<D1PreparedStatement, ApiError> {
    let values: Vec<JsValue> = args.iter().map(Arg::js).collect();
    Ok(db.prepare(sql).bind(&values)?)
}

/// Rows are read from D1 once as JSON values (one deserializer for every table) and then field by field: a
/// `#[derive(Deserialize)]` per row type made the wasm a quarter larger. Reading is strict: a column that is missing
/// or of the wrong type is an internal error naming the row type and the column (never a silent `""`, `0` or `None`),
/// so every test that runs a query also checks its columns.
pub trait FromRow: Sized {
    fn from_row(v: &Value) -> Result<Self, ApiError>;
}

impl FromRow for Value {
    fn from_row(v: &Value) -> Result<Self, ApiError> {
        Ok(v.clone())
    }
}

/// Where a row could not be read: logged with the row type and column, answered as an internal error.
fn unreadable(row: &str, column: &str, problem: &str) -> ApiError {
    worker::console_error!("row {row}: column {column} {problem}");
    ApiError::internal()
}

/// A column's value as a Rust type (`row` and `column` name it in errors). D1 integers arrive as doubles.
pub trait Field: Sized {
    fn field(v: Option<&Value>, row: &str, column: &str) -> Result<Self, ApiError>;
}

impl Field for String {
    fn field(v: Option<&Value>, row: &str, column: &str) -> Result<Self, ApiError> {
        match v {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(unreadable(row, column, "is not text")),
            None => Err(unreadable(row, column, "is missing")),
        }
    }
}

impl Field for Option<String> {
    fn field(v: Option<&Value>, row: &str, column: &str) -> Result<Self, ApiError> {
        match v {
            Some(Value::Null) => Ok(None),
            other => String::field(other, row, column).map(Some),
        }
    }
}

impl Field for i64 {
    fn field(v: Option<&Value>, row: &str, column: &str) -> Result<Self, ApiError> {
        match v {
            #[allow(clippy::cast_possible_truncation)]
            Some(Value::Number(n)) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                .ok_or_else(|| unreadable(row, column, "is not a whole number")),
            Some(_) => Err(unreadable(row, column, "is not a number")),
            None => Err(unreadable(row, column, "is missing")),
        }
    }
}

impl Field for Option<i64> {
    fn field(v: Option<&Value>, row: &str, column: &str) -> Result<Self, ApiError> {
        match v {
            Some(Value::Null) => Ok(None),
            other => i64::field(other, row, column).map(Some),
        }
    }
}

/// One column of a row (`Default` in its place when it cannot be read, the problem noted for the caller).
pub fn read_field<T: Field + Default>(v: &Value, row: &str, column: &str, problem: &mut Option<ApiError>) -> T {
    match T::field(v.get(column), row, column) {
        Ok(x) => x,
        Err(e) => {
            problem.get_or_insert(e);
            T::default()
        }
    }
}

/// Declares a row struct and reads it from a D1 row by its field names.
macro_rules! row {
    ($(#[$m:meta])* $vis:vis struct $name:ident { $($(#[$fm:meta])* $fvis:vis $f:ident : $t:ty),* $(,)? }) => {
        $(#[$m])* $vis struct $name { $($(#[$fm])* $fvis $f: $t),* }
        impl $crate::app::store::FromRow for $name {
            fn from_row(v: &serde_json::Value) -> Result<Self, $crate::domain::error::ApiError> {
                // Every column is read, the first problem kept: no early return between fields, whose clean-up code
                // (dropping the fields read so far) grew with the square of their number.
                let mut problem = None;
                let row = $name { $($f: $crate::app::store::read_field(v, stringify!($name), stringify!($f), &mut problem)),* };
                match problem {
                    None => Ok(row),
                    Some(e) => Err(e),
                }
            }
        }
    };
}
pub(crate) use row;

row! {
    /// A `SELECT COUNT(*) AS n` row.
    pub struct Count {
        pub n: i64,
    }
}

pub async fn first<T: FromRow>(db: &Db, sql: &str, args: &[Arg<'_>]) -> Result<Option<T>, ApiError> {
    db.trip();
    stmt(db, sql, args)?.first::<Value>(None).await?.as_ref().map(T::from_row).transpose()
}

pub async fn all<T: FromRow>(db: &Db, sql: &str, args: &[Arg<'_>]) -> Result<Vec<T>, ApiError> {
    all_of(db, stmt(db, sql, args)?).await
}

/// All rows of a prepared statement.
pub async fn all_of<T: FromRow>(db: &Db, statement: D1PreparedStatement) -> Result<Vec<T>, ApiError> {
    db.trip();
    statement.all().await?.results::<Value>()?.iter().map(T::from_row).collect()
}

/// Runs one statement and says how many rows it changed.
pub async fn run(db: &Db, sql: &str, args: &[Arg<'_>]) -> Result<usize, ApiError> {
    db.trip();
    let result = stmt(db, sql, args)?.run().await?;
    Ok(changes(&result))
}

pub fn changes(result: &D1Result) -> usize {
    result.meta().ok().flatten().and_then(|m| m.changes).unwrap_or(0)
}

/// Runs statements as one transaction.
pub async fn batch(db: &Db, statements: Vec<D1PreparedStatement>) -> Result<Vec<D1Result>, ApiError> {
    db.trip();
    Ok(db.session.batch(statements).await?)
}

/// Like `batch`, but a UNIQUE violation of one of the named constraints (SQLite names a unique constraint by its
/// columns: `table.column`, or `table.a, table.b`) becomes that constraint's error; nothing is written. Any other
/// failure stays an internal error.
pub async fn batch_constrained(
    db: &Db,
    statements: Vec<D1PreparedStatement>,
    on: Vec<(&str, ApiError)>,
) -> Result<Vec<D1Result>, ApiError> {
    db.trip();
    match db.session.batch(statements).await {
        Ok(r) => Ok(r),
        Err(e) => {
            let text = e.to_string();
            let violated = crate::domain::error::unique_violation(&text);
            match on.into_iter().find(|(c, _)| violated == Some(*c)) {
                Some((_, err)) => Err(err),
                None => Err(e.into()),
            }
        }
    }
}

/// Rows of the `n`th result of a batch.
pub fn rows<T: FromRow>(results: &[D1Result], n: usize) -> Result<Vec<T>, ApiError> {
    match results.get(n) {
        Some(r) => r.results::<Value>()?.iter().map(T::from_row).collect(),
        None => Err(ApiError::internal()),
    }
}

pub fn one<T: FromRow>(results: &[D1Result], n: usize) -> Result<Option<T>, ApiError> {
    Ok(rows::<T>(results, n)?.into_iter().next())
}

/// Cursor pagination: ask for `limit + 1`, return `limit` and the cursor of the next page.
pub fn paginate<T>(mut items: Vec<T>, limit: i64, id: impl Fn(&T) -> String) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(50);
    if items.len() > limit {
        items.truncate(limit);
        let next = items.last().map(id);
        (items, next)
    } else {
        (items, None)
    }
}

/// A new audit-log row, as a statement for the caller's batch, with what was there before (read in the same
/// transaction as the change).
pub struct Audit<'a> {
    pub id: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: &'a str,
    pub after: &'a str,
    pub now: i64,
}

/// What an audit entry records as "before".
pub enum Before<'a> {
    /// Nothing (a creation, or a look that changes nothing).
    Nothing,
    /// `json`, a SQL expression over the one row of `table` whose `keys` columns hold the given values (and which
    /// matches `filter`, literal SQL without parameters, or ""). No row: no audit entry, as the change finds nothing.
    Row { json: &'a str, table: &'a str, keys: &'a [(&'a str, Arg<'a>)], filter: &'a str },
}

pub fn audit(db: &Db, a: &Audit, before: Before) -> Result<D1PreparedStatement, ApiError> {
    let mut args = vec![Arg::S(a.id), Arg::S(a.actor), Arg::S(a.action), Arg::S(a.target_type), Arg::S(a.target_id), Arg::S(a.after), Arg::N(a.now)];
    let (json, from) = match before {
        Before::Nothing => ("NULL".to_string(), String::new()),
        Before::Row { json, table, keys, filter } => {
            let mut conditions: Vec<String> = Vec::new();
            for (column, value) in keys {
                args.push(*value);
                conditions.push(format!("{column} = ?{}", args.len()));
            }
            if !filter.is_empty() {
                conditions.push(filter.to_string());
            }
            (json.to_string(), format!("FROM {table} WHERE {}", conditions.join(" AND ")))
        }
    };
    let sql = format!(
        "INSERT INTO audit_log (id, actor_id, action, target_type, target_id, before_json, after_json, at) \
         SELECT ?1, ?2, ?3, ?4, ?5, {json}, ?6, ?7 {from}"
    );
    stmt(db, &sql, &args)
}
