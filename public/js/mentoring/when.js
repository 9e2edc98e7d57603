// Times in time zones for the session plan (js/mentoring/plan.js), through the browser's Intl only: a wall-clock
// time in an IANA zone to a UTC instant (right across daylight saving: the offset is the one that zone has at that
// local time) and back, and an instant as each person reads it (their zone, and the organiser's beside it). No DOM:
// Node tests it (tests/unit/when.test.mjs).
const MINUTE = 60_000;
const DAY = 86_400_000;

const partsOf = new Map();
/** The wall clock of `zone` at `ms`: {year, month, day, hour, minute, second}. */
function wall(zone, ms) {
  let f = partsOf.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    partsOf.set(zone, f);
  }
  const o = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') o[p.type] = Number(p.value);
  if (o.hour === 24) o.hour = 0;
  return o;
}

/** Is `zone` an IANA zone this browser knows? */
export function validZone(zone) {
  if (!zone || typeof zone !== 'string') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone this device's clock is set to (UTC when it cannot say). */
export function deviceZone() {
  try {
    const z = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    return validZone(z) ? z : 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The zone a person reads times in: their profile's, else this device's. */
export const myZone = (profileZone) => (validZone(profileZone) ? profileZone : deviceZone());

/** Every zone this browser knows, for a picker (with `also`, when it is missing from the list). */
export function zoneList(also = []) {
  let zones = [];
  try { zones = Intl.supportedValuesOf('timeZone'); } catch { /* an older browser */ }
  for (const z of ['UTC', ...also]) if (z && !zones.includes(z) && validZone(z)) zones = [z, ...zones];
  return zones;
}

/** A zone's name as people say it: its city ("Asia/Tokyo" -> "Tokyo", "America/Argentina/Buenos_Aires" ->
 * "Buenos Aires"). */
export const city = (zone) => String(zone || '').split('/').pop().replace(/_/g, ' ');

/** The offset of `zone` at the instant `ms`, in minutes (local = UTC + offset). */
export function offsetMinutes(zone, ms) {
  const w = wall(zone, ms);
  const local = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((local - Math.floor(ms / 1000) * 1000) / MINUTE);
}

/** The instant a wall-clock date ("YYYY-MM-DD") and time ("HH:MM") in `zone` name, or null when they are not a
 * date and a time. A time the clock skips (spring forward) moves on by the gap; a time it shows twice (fall back)
 * is the earlier one. The offsets a day before and a day after are the only ones it can have: each is tried. */
export function localToUtc(zone, date, time) {
  const d = /^(\d{4})-(\d\d)-(\d\d)$/.exec(date || '');
  const t = /^(\d\d):(\d\d)/.exec(time || '');
  if (!d || !t || !validZone(zone)) return null;
  const [y, mo, day, hh, mm] = [+d[1], +d[2], +d[3], +t[1], +t[2]];
  if (mo < 1 || mo > 12 || day < 1 || hh > 23 || mm > 59) return null;
  const local = Date.UTC(y, mo - 1, day, hh, mm);
  if (new Date(local).getUTCDate() !== day) return null;
  const at = (offset) => local - offset * MINUTE;
  const fits = (ms) => at(offsetMinutes(zone, ms)) === ms;
  const tries = [offsetMinutes(zone, local - DAY), offsetMinutes(zone, local + DAY)].map(at).filter(fits);
  return tries.length ? Math.min(...tries) : at(offsetMinutes(zone, local - DAY));
}

const pad = (n) => String(n).padStart(2, '0');

/** An instant as a wall-clock date and time in `zone`: {date: "YYYY-MM-DD", time: "HH:MM"} (to fill a form). */
export function utcToLocal(zone, ms) {
  const w = wall(zone, ms);
  return { date: `${w.year}-${pad(w.month)}-${pad(w.day)}`, time: `${pad(w.hour)}:${pad(w.minute)}` };
}

/** Today in `zone`, "YYYY-MM-DD". */
export const today = (zone, now = Date.now()) => utcToLocal(zone, now).date;

/** "Tue, Mar 16, 2027, 18:00" in `zone`, in the page's language (`lang`); the year only when asked. 24-hour
 * times: they are compared across zones, and the warnings say "HH:MM" too. */
export function fmtWhen(ms, zone, lang, { year = false, weekday = true } = {}) {
  return new Intl.DateTimeFormat(lang, {
    timeZone: zone, weekday: weekday ? 'short' : undefined, day: 'numeric', month: 'short', year: year ? 'numeric' : undefined,
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(new Date(ms));
}

/** "18:00" in `zone`. */
export function fmtTime(ms, zone, lang) {
  return new Intl.DateTimeFormat(lang, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
}

/** "Tue, Mar 16, 2027" for a civil date "YYYY-MM-DD". */
export function fmtDay(date, lang) {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(date || '');
  if (!m) return date || '';
  return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })
    .format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
}

/** A session's time as a person reads it: `mine` in their zone (with the year when it is not this year's), and
 * `theirs` in the organiser's zone when its wall clock differs from theirs (the time alone when it is the same day,
 * else the day too); null when it reads the same. */
export function sessionTime(ms, organiserZone, viewerZone, lang, now = Date.now()) {
  const me = validZone(viewerZone) ? viewerZone : 'UTC';
  const org = validZone(organiserZone) ? organiserZone : me;
  const year = wall(me, ms).year !== wall(me, now).year;
  const mine = fmtWhen(ms, me, lang, { year });
  if (org === me || offsetMinutes(org, ms) === offsetMinutes(me, ms)) return { mine, theirs: null, zone: me, organiser: org };
  const a = wall(me, ms);
  const b = wall(org, ms);
  const sameDay = a.year === b.year && a.month === b.month && a.day === b.day;
  return { mine, theirs: sameDay ? fmtTime(ms, org, lang) : fmtWhen(ms, org, lang), zone: me, organiser: org };
}

/** The names of the weekdays, Monday first, in `lang`: [[code, name]] (the API's codes: mon … sun). */
export function weekdays(lang) {
  const f = new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' });
  // 1 January 2024 was a Monday.
  return ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((code, i) => [code, f.format(new Date(Date.UTC(2024, 0, 1 + i)))]);
}
