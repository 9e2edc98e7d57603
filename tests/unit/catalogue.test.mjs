// The catalogues (public/i18n): every language has every key, with the placeholders English has and the plural
// forms its language has; every key the code uses exists; and every error code the server can send has a message in
// every language (read from the Rust sources, where each code is written once, as the argument of the constructor that
// makes the error).
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

/** The languages, as the interface offers them (public/js/i18n.js). */
const LANGS = JSON.parse(/export const LANGS = (\[[^\]]*\])/.exec(readFileSync(new URL("public/js/i18n.js", root), "utf8"))[1].replace(/'/g, '"'));
/** The catalogue files: the main one ("") and those a lazy module adds (<part>.<lang>.json). */
const PARTS = ["", ...readdirSync(new URL("public/i18n/", root)).filter((f) => /^[a-z]+\.en\.json$/.test(f)).map((f) => f.replace(/en\.json$/, ""))];
const file = (part, lang) => JSON.parse(readFileSync(new URL(`public/i18n/${part}${lang}.json`, root), "utf8"));
const catalogue = (lang) => Object.assign({}, ...PARTS.map((p) => file(p, lang)));
const placeholders = (s) => new Set([...s.matchAll(/\{(?:[aA]:)?(\w+)\}/g)].map((m) => m[1]));
const PLURAL = /\.(zero|one|two|few|many)$/;

test("seven languages, Arabic among them", () => {
  assert.deepEqual([...LANGS].sort(), ["ar", "de", "en", "es", "fr", "it", "pt"]);
});

test("every catalogue file has every English key, the same placeholders and only its language's plural forms", () => {
  for (const part of PARTS) {
    const en = file(part, "en");
    for (const lang of LANGS.filter((l) => l !== "en")) {
      const cat = file(part, lang);
      const where = `${part}${lang}.json`;
      assert.deepEqual(Object.keys(en).filter((k) => !(k in cat)), [], `${where}: missing keys`);
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const [k, v] of Object.entries(cat)) {
        assert.ok(typeof v === "string" && v.trim(), `${where}: ${k} is empty`);
        const plural = PLURAL.exec(k);
        const base = plural && !(k in en) ? k.replace(PLURAL, "") : k;
        assert.ok(base in en, `${where}: ${k} is not an English key`);
        if (plural && !(k in en)) {
          assert.ok(`${base}.one` in en, `${where}: ${k}: English has no plural forms for ${base}`);
          assert.ok(categories.includes(plural[1]), `${where}: ${k}: ${lang} has no "${plural[1]}" form`);
        }
        // What is put in is what English puts in (a plural form may leave the number out).
        const extra = [...placeholders(v)].filter((p) => !placeholders(en[base] ?? "").has(p) && !placeholders(en[base.replace(PLURAL, "")] ?? "").has(p) && p !== "n");
        assert.deepEqual(extra, [], `${where}: ${k} puts in what English does not`);
      }
    }
  }
});

test("every key the code uses exists, and the vocabularies the API serves are all translated", () => {
  const en = catalogue("en");
  const js = new URL("public/js/", root);
  const files = ["", "pages/", "mentoring/", "community/"].flatMap((d) => readdirSync(new URL(d, js)).filter((f) => f.endsWith(".js")).map((f) => new URL(d + f, js)));
  const src = files.map((f) => readFileSync(f, "utf8")).join("\n");
  for (const [, k] of src.matchAll(/\bt\('([a-z_]+(?:\.[a-z_]+)+)'/g)) assert.ok(k in en, `missing key ${k}`);
  const vocab = { education: "EDUCATION_LEVELS", status: "STATUSES", sector: "SECTORS", field: "FIELDS", level: "LANGUAGE_LEVELS", tool: "CONTACT_TOOLS" };
  const rs = readFileSync(new URL("src/domain/vocab.rs", root), "utf8");
  for (const [prefix, name] of Object.entries(vocab)) {
    const list = new RegExp(`pub const ${name}: &\\[&str\\] =\\s*&\\[([^\\]]*)\\]`).exec(rs)[1];
    for (const code of list.match(/"([a-z0-9_]+)"/g).map((s) => s.slice(1, -1))) assert.ok(`${prefix}.${code}` in en, `missing ${prefix}.${code}`);
  }
});

test("every error code the server sends has a message in every language", () => {
  const codes = serverCodes();
  assert.ok(codes.size > 40, `found ${codes.size} codes`);
  for (const lang of LANGS) {
    const keys = Object.keys(catalogue(lang));
    const missing = [...codes].filter((c) => !keys.some((k) => k === `error.${c}` || (k.startsWith("error.") && k.endsWith(`.${c}`))));
    assert.deepEqual(missing, [], `${lang}: codes without a message`);
  }
});
