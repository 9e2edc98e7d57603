// Times in time zones for the session plan (public/js/mentoring/when.js), through Intl as the browser has it: a
// wall-clock time in a zone to UTC across daylight saving (the times the clock skips and shows twice included), and
// a session's time read in two zones.
import { test } from "node:test";
import assert from "node:assert/strict";
import { localToUtc, utcToLocal, offsetMinutes, sessionTime, city, validZone, weekdays, myZone } from "../../public/js/mentoring/when.js";

const iso = (ms) => new Date(ms).toISOString();

test("18:00 in Rome every Tuesday keeps its wall-clock time across the change to summer time", () => {
  assert.deepEqual(["2027-03-16", "2027-03-23", "2027-03-30", "2027-04-06"].map((d) => iso(localToUtc("Europe/Rome", d, "18:00"))),
    ["2027-03-16T17:00:00.000Z", "2027-03-23T17:00:00.000Z", "2027-03-30T16:00:00.000Z", "2027-04-06T16:00:00.000Z"]);
  assert.equal(offsetMinutes("Europe/Rome", Date.parse("2027-03-16T17:00:00Z")), 60);
  assert.equal(offsetMinutes("Asia/Kolkata", Date.parse("2027-03-16T17:00:00Z")), 330);
});

test("a skipped time moves on by the gap; a time shown twice is the earlier one; nonsense is null", () => {
  assert.equal(iso(localToUtc("Europe/Rome", "2027-03-28", "02:30")), "2027-03-28T01:30:00.000Z");
  assert.equal(iso(localToUtc("Europe/Rome", "2027-10-31", "02:30")), "2027-10-31T00:30:00.000Z");
  assert.equal(iso(localToUtc("America/New_York", "2027-03-14", "02:30")), "2027-03-14T07:30:00.000Z");
  for (const [zone, d, t] of [["Europe/Rome", "2027-02-30", "10:00"], ["Europe/Rome", "2027-02-03", "25:00"], ["Mars/Olympus", "2027-02-03", "10:00"], ["UTC", "", "10:00"]]) {
    assert.equal(localToUtc(zone, d, t), null, `${zone} ${d} ${t}`);
  }
  assert.deepEqual(utcToLocal("Asia/Tokyo", Date.parse("2027-03-30T16:00:00Z")), { date: "2027-03-31", time: "01:00" });
});

test("a session read in Tokyo, with Rome's time beside it; the same zone once", () => {
  const now = Date.parse("2026-12-01T00:00:00Z");
  assert.deepEqual(sessionTime(Date.parse("2027-03-16T17:00:00Z"), "Europe/Rome", "Asia/Tokyo", "en", now),
    { mine: "Wed, Mar 17, 2027, 02:00", theirs: "Tue, Mar 16, 18:00", zone: "Asia/Tokyo", organiser: "Europe/Rome" });
  assert.equal(sessionTime(Date.parse("2027-03-30T16:00:00Z"), "Europe/Rome", "Asia/Tokyo", "en", now).mine, "Wed, Mar 31, 2027, 01:00");
  assert.equal(sessionTime(Date.parse("2027-03-30T16:00:00Z"), "Europe/Rome", "Europe/Rome", "en", now).theirs, null);
  // Paris and Rome read the same clock: no second time.
  assert.equal(sessionTime(Date.parse("2027-03-30T16:00:00Z"), "Europe/Rome", "Europe/Paris", "en", now).theirs, null);
  // The same day in both: the organiser's time alone.
  assert.equal(sessionTime(Date.parse("2027-03-30T10:00:00Z"), "Europe/Rome", "Europe/London", "en", now).theirs, "12:00");
  assert.equal(sessionTime(Date.parse("2027-03-30T16:00:00Z"), "Europe/Rome", "Asia/Tokyo", "it", now).mine, "mer 31 mar 2027, 01:00");
});

test("zone names and lists", () => {
  assert.equal(city("America/Argentina/Buenos_Aires"), "Buenos Aires");
  assert.equal(city("UTC"), "UTC");
  assert.ok(validZone("Asia/Tokyo") && !validZone("Asia/Atlantis") && !validZone(""));
  assert.equal(myZone("Asia/Tokyo"), "Asia/Tokyo");
  assert.ok(validZone(myZone("")));
  assert.deepEqual(weekdays("en").map(([c, n]) => `${c}:${n}`).slice(0, 2), ["mon:Monday", "tue:Tuesday"]);
});
