// Every error code the server can send has a message in every catalogue (English and Italian): read from the Rust
// sources, where each code is written once, as the argument of the constructor that makes the error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";

const root = new URL("../../", import.meta.url);
const rust = (dir) => readdirSync(new URL(dir, root), { recursive: true }).filter((f) => f.endsWith(".rs")).map((f) => readFileSync(new URL(`${dir}/${f}`, root), "utf8"));

/** The arguments of a call starting at `open` (the index of its "("), split at top-level commas. */
function args(src, open) {
  const out = [];
  let depth = 0, start = open + 1, inStr = false;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (inStr) { if (c === "\\") i++; else if (c === '"') inStr = false; continue; }
    if (c === '"') inStr = true;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) { depth--; if (depth === 0) { out.push(src.slice(start, i).trim()); return out; } }
    else if (c === "," && depth === 1) { out.push(src.slice(start, i).trim()); start = i + 1; }
  }
  return out;
}

// Constructor -> which argument is the code.
const CALLS = { "Invalid::new": 1, "ApiError::new": 1, "ApiError::conflict": 0, "ApiError::bad_request": 0, "Refused::new": 0, "Invalid { field": null };

export function serverCodes() {
  const codes = new Set(["unauthenticated", "forbidden", "not_found", "internal", "rate_limited", "payload_too_large",
    "unsupported_media_type", "method_not_allowed"]);
  for (const src of [...rust("src/domain"), ...rust("src/app")]) {
    for (const [call, at] of Object.entries(CALLS)) {
      if (at === null) continue;
      let i = -1;
      while ((i = src.indexOf(call + "(", i + 1)) !== -1) {
        const a = args(src, i + call.length)[at];
        const m = a && /^"([a-z][a-z0-9_]*)"$/.exec(a);
        if (m) codes.add(m[1]);
      }
    }
    for (const m of src.matchAll(/ApiError \{ code: "([a-z][a-z0-9_]*)"/g)) codes.add(m[1]);
    for (const m of src.matchAll(/"code": "([a-z][a-z0-9_]*)"/g)) codes.add(m[1]);
  }
  return codes;
}

test("every error code the server sends has a message in English and in Italian", () => {
  const codes = serverCodes();
  assert.ok(codes.size > 40, `found ${codes.size} codes`);
  for (const lang of ["en", "it"]) {
    const cat = { ...JSON.parse(readFileSync(new URL(`public/i18n/${lang}.json`, root), "utf8")),
      ...JSON.parse(readFileSync(new URL(`public/i18n/files.${lang}.json`, root), "utf8")) };
    const keys = Object.keys(cat);
    const missing = [...codes].filter((c) => !keys.some((k) => k === `error.${c}` || (k.startsWith("error.") && k.endsWith(`.${c}`))));
    assert.deepEqual(missing, [], `${lang}: codes without a message`);
  }
});
