//! Time-zone rules from the runtime: `domain::plan::Zones` answered by `Intl.DateTimeFormat` (workerd carries the
//! IANA database), for repeat rules, the hours warning and reminders in each recipient's zone.

use crate::domain::plan::Zones;
use std::cell::RefCell;
use std::collections::HashMap;
use worker::js_sys::{Array, Function, Object, Reflect};
use worker::wasm_bindgen::{JsCast, JsValue};

/// Zone offsets from the runtime's `Intl.DateTimeFormat` (one formatter per zone, kept for the request). Every call
/// that could throw is caught: an unknown zone is `None`, never a trap.
#[derive(Default)]
pub struct IntlZones {
    formatters: RefCell<HashMap<String, Option<(JsValue, Function)>>>,
}

impl IntlZones {
    fn formatter(zone: &str) -> Option<(JsValue, Function)> {
        let intl = Reflect::get(&worker::js_sys::global(), &"Intl".into()).ok()?;
        let ctor: Function = Reflect::get(&intl, &"DateTimeFormat".into()).ok()?.dyn_into().ok()?;
        let options = Object::new();
        Reflect::set(&options, &"timeZone".into(), &zone.into()).ok()?;
        Reflect::set(&options, &"timeZoneName".into(), &"longOffset".into()).ok()?;
        let f = Reflect::construct(&ctor, &Array::of2(&"en-US".into(), &options)).ok()?;
        let parts: Function = Reflect::get(&f, &"formatToParts".into()).ok()?.dyn_into().ok()?;
        Some((f, parts))
    }
}

/// "GMT+01:00", "GMT-05:30" or "GMT" as minutes east of UTC.
fn offset_of(name: &str) -> Option<i32> {
    let rest = name.strip_prefix("GMT")?;
    if rest.is_empty() {
        return Some(0);
    }
    let (sign, rest) = match rest.as_bytes().first()? {
        b'+' => (1, rest.get(1..)?),
        b'-' => (-1, rest.get(1..)?),
        _ => return None,
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    Some(sign * (h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?))
}

impl Zones for IntlZones {
    fn offset_minutes(&self, zone: &str, utc_ms: i64) -> Option<i32> {
        let mut cache = self.formatters.borrow_mut();
        let entry = cache.entry(zone.to_string()).or_insert_with(|| Self::formatter(zone));
        let (f, parts) = entry.as_ref()?;
        #[allow(clippy::cast_precision_loss)]
        let date = worker::js_sys::Date::new(&JsValue::from_f64(utc_ms as f64));
        let list: Array = parts.call1(f, &date).ok()?.dyn_into().ok()?;
        list.iter().find_map(|p| {
            let kind = Reflect::get(&p, &"type".into()).ok()?.as_string()?;
            (kind == "timeZoneName").then(|| Reflect::get(&p, &"value".into()).ok()?.as_string()).flatten()
        })
        .and_then(|v| offset_of(&v))
    }
}

