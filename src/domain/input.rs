//! Request bodies: parsed once into a JSON value, then read field by field into plain structs declared with
//! `input!`. One JSON deserializer serves every body (a serde derive per body type made the wasm much larger),
//! and a value of the wrong type is a 422 naming the field, not a generic parse error.

use super::error::Invalid;
use serde_json::Value;

pub trait FromJson: Sized {
    /// `v` is the field's value (`Null` when absent); `field` names it for errors.
    fn from_json(v: &Value, field: &str) -> Result<Self, Invalid>;
}

fn wrong(field: &str, what: &str) -> Invalid {
    Invalid::new(field, "wrong_type", format!("This must be {what}."))
}

/// Text; absent or null is empty.
impl FromJson for String {
    fn from_json(v: &Value, field: &str) -> Result<Self, Invalid> {
        match v {
            Value::Null => Ok(String::new()),
            Value::String(s) => Ok(s.clone()),
            _ => Err(wrong(field, "text")),
        }
    }
}

impl FromJson for bool {
    fn from_json(v: &Value, field: &str) -> Result<Self, Invalid> {
        match v {
            Value::Bool(b) => Ok(*b),
            Value::Null => Err(Invalid::new(field, "required", "Choose yes or no.")),
            _ => Err(wrong(field, "true or false")),
        }
    }
}

impl FromJson for i64 {
    fn from_json(v: &Value, field: &str) -> Result<Self, Invalid> {
        match v {
            Value::Number(n) => n.as_i64().ok_or_else(|| wrong(field, "a whole number")),
            Value::Null => Err(Invalid::new(field, "required", "Enter a number.")),
            _ => Err(wrong(field, "a whole number")),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Value, field: &str) -> Result<Self, Invalid> {
        match v {
            Value::Null => Ok(None),
            other => T::from_json(other, field).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Value, field: &str) -> Result<Self, Invalid> {
        match v {
            Value::Null => Ok(Vec::new()),
            Value::Array(items) => items.iter().enumerate().map(|(i, item)| T::from_json(item, &format!("{field}.{i}"))).collect(),
            _ => Err(wrong(field, "a list")),
        }
    }
}

impl FromJson for Value {
    fn from_json(v: &Value, _field: &str) -> Result<Self, Invalid> {
        Ok(v.clone())
    }
}

/// The name of a nested field (`languages.0` + `code`).
pub fn path(parent: &str, field: &str) -> String {
    if parent.is_empty() {
        field.to_string()
    } else {
        format!("{parent}.{field}")
    }
}

/// Declares a body struct read field by field from a JSON object.
macro_rules! input {
    ($(#[$m:meta])* $vis:vis struct $name:ident { $($(#[$fm:meta])* $fvis:vis $f:ident : $t:ty),* $(,)? }) => {
        $(#[$m])* $vis struct $name { $($(#[$fm])* $fvis $f: $t),* }
        impl $crate::domain::input::FromJson for $name {
            fn from_json(v: &serde_json::Value, field: &str) -> Result<Self, $crate::domain::error::Invalid> {
                if !(v.is_object() || v.is_null()) {
                    return Err($crate::domain::error::Invalid::new(field, "wrong_type", "This must be an object."));
                }
                if let Some(obj) = v.as_object() {
                    const KNOWN: &[&str] = &[$(stringify!($f)),*];
                    if let Some(unknown) = obj.keys().find(|k| !KNOWN.contains(&k.as_str())) {
                        return Err($crate::domain::error::Invalid::new(
                            $crate::domain::input::path(field, unknown),
                            "unknown_field",
                            format!("There is no field named \"{unknown}\" here."),
                        ));
                    }
                }
                // Every field is read, the first problem kept: no early return between fields, whose clean-up code
                // (dropping the fields read so far) grew with the square of their number.
                let mut problem = None;
                $(let $f = $crate::domain::input::take(v, field, stringify!($f), &mut problem);)*
                if let Some(e) = problem {
                    return Err(e);
                }
                #[allow(unreachable_patterns)]
                match ($($f,)*) {
                    ($(Some($f),)*) => Ok($name { $($f),* }),
                    _ => Err($crate::domain::error::Invalid::new(field, "wrong_type", "This could not be read.")),
                }
            }
        }
    };
}
pub(crate) use input;

/// One field of an object (`None` when it cannot be read, the first problem noted for the caller).
pub fn take<T: FromJson>(v: &Value, field: &str, name: &str, problem: &mut Option<super::error::Invalid>) -> Option<T> {
    let null = Value::Null;
    match T::from_json(v.get(name).unwrap_or(&null), &path(field, name)) {
        Ok(x) => Some(x),
        Err(e) => {
            problem.get_or_insert(e);
            None
        }
    }
}

/// Parses a request body: JSON, and an object.
pub fn parse<T: FromJson>(body: &[u8]) -> Result<T, super::error::ApiError> {
    let v: Value = serde_json::from_slice(body).map_err(|e| {
        super::error::ApiError::bad_request("invalid_json", format!("The request body is not valid JSON: {e}."))
    })?;
    if !v.is_object() {
        return Err(super::error::ApiError::bad_request("invalid_json", "The request body must be a JSON object."));
    }
    Ok(T::from_json(&v, "")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    input! {
        #[derive(Debug, PartialEq)]
        struct Inner {
            code: String,
        }
    }

    input! {
        #[derive(Debug, PartialEq)]
        struct Body {
            name: String,
            age: Option<i64>,
            ok: Option<bool>,
            items: Vec<Inner>,
        }
    }

    #[test]
    fn reads_fields_and_defaults() {
        let b: Body = parse(br#"{"name":"Anna","items":[{"code":"it"}]}"#).unwrap();
        assert_eq!(b, Body { name: "Anna".into(), age: None, ok: None, items: vec![Inner { code: "it".into() }] });
        let empty: Body = parse(b"{}").unwrap();
        assert_eq!(empty.name, "");
    }

    #[test]
    fn wrong_types_name_the_field() {
        let e = parse::<Body>(br#"{"ok":"yes"}"#).unwrap_err();
        assert_eq!((e.status, e.field.as_deref(), e.code), (422, Some("ok"), "wrong_type"));
        let e = parse::<Body>(br#"{"items":[{"code":5}]}"#).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("items.0.code"));
        assert_eq!(parse::<Body>(b"[1]").unwrap_err().code, "invalid_json");
        assert_eq!(parse::<Body>(b"{oops").unwrap_err().status, 400);
        assert_eq!(parse::<Body>(br#"{"age":1.5}"#).unwrap_err().field.as_deref(), Some("age"));
        let typo = parse::<Body>(br#"{"nmae":"Anna"}"#).unwrap_err();
        assert_eq!((typo.code, typo.field.as_deref()), ("unknown_field", Some("nmae")));
    }
}
