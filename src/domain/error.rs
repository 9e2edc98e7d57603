//! The one error shape of the API: `{"error":{"code","message","field"}}` with an HTTP status.

use serde::Serialize;

/// A refused input: which field, a stable code the frontend translates, and an English message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Invalid { field: field.into(), code, message: message.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
    /// Seconds, sent as `Retry-After` with 429.
    pub retry_after: Option<u64>,
    /// The methods the address accepts, sent as `Allow` with 405.
    pub allow: Option<String>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}
#[derive(Serialize)]
struct Inner<'a> {
    code: &'a str,
    message: &'a str,
    field: Option<&'a str>,
}

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into(), field: None, retry_after: None, allow: None }
    }
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(400, code, message)
    }
    pub fn unauthenticated() -> Self {
        Self::new(401, "unauthenticated", "Please log in first.")
    }
    pub fn forbidden() -> Self {
        Self::new(403, "forbidden", "You do not have permission to do this.")
    }
    pub fn not_found() -> Self {
        Self::new(404, "not_found", "Nothing was found here.")
    }
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(409, code, message)
    }
    pub fn too_many(retry_after: u64) -> Self {
        ApiError {
            retry_after: Some(retry_after.max(1)),
            ..Self::new(429, "rate_limited", "Too many attempts. Please wait a few minutes and try again.")
        }
    }
    /// 405, with the methods the address does accept (sent as `Allow`).
    pub fn method_not_allowed(allowed: &[&str]) -> Self {
        ApiError {
            allow: Some(allowed.join(", ")),
            ..Self::new(405, "method_not_allowed", format!("This address accepts {} only.", allowed.join(", ")))
        }
    }
    pub fn payload_too_large(message: impl Into<String>) -> Self {
        Self::new(413, "payload_too_large", message)
    }
    pub fn unsupported_type(message: impl Into<String>) -> Self {
        Self::new(415, "unsupported_media_type", message)
    }
    pub fn internal() -> Self {
        Self::new(500, "internal", "Something went wrong on our side. Please try again.")
    }
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
    pub fn to_json(&self) -> String {
        let body = Body {
            error: Inner { code: self.code, message: &self.message, field: self.field.as_deref() },
        };
        serde_json::to_string(&body).unwrap_or_else(|_| String::from(r#"{"error":{"code":"internal","message":"error","field":null}}"#))
    }
}

impl From<Invalid> for ApiError {
    fn from(e: Invalid) -> Self {
        ApiError { status: 422, code: e.code, message: e.message, field: Some(e.field), retry_after: None, allow: None }
    }
}

/// The unique constraint a database error names, as SQLite writes it (`table.column`, or `table.a, table.b` for a
/// constraint over several columns), when the error is a unique violation.
pub fn unique_violation(message: &str) -> Option<&str> {
    let rest = message.split("UNIQUE constraint failed: ").nth(1)?;
    let end = rest.find([':', '\n']).unwrap_or(rest.len());
    Some(rest.get(..end)?.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_violations_are_named_by_their_columns() {
        assert_eq!(unique_violation("D1_ERROR: UNIQUE constraint failed: communities.slug: SQLITE_CONSTRAINT"), Some("communities.slug"));
        assert_eq!(
            unique_violation("UNIQUE constraint failed: folder_items.project_id, folder_items.parent_id, folder_items.name_key"),
            Some("folder_items.project_id, folder_items.parent_id, folder_items.name_key")
        );
        assert_eq!(unique_violation("FOREIGN KEY constraint failed"), None);
    }

    #[test]
    fn error_shape_is_stable() {
        let e: ApiError = Invalid::new("email", "email_invalid", "Enter an e-mail address like name@example.org.").into();
        assert_eq!(e.status, 422);
        assert_eq!(
            e.to_json(),
            r#"{"error":{"code":"email_invalid","message":"Enter an e-mail address like name@example.org.","field":"email"}}"#
        );
        assert_eq!(ApiError::not_found().to_json(), r#"{"error":{"code":"not_found","message":"Nothing was found here.","field":null}}"#);
    }

    #[test]
    fn rate_limit_carries_retry_after() {
        assert_eq!(ApiError::too_many(0).retry_after, Some(1));
        assert_eq!(ApiError::too_many(90).status, 429);
    }
}
