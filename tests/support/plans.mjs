// The query-plan check: every statement the worker prepared (test mode keeps them) is explained against the test's
// own database, and a full scan of a table that grows with use is a failure. The tables are named in schema.sql, on
// its `-- growing:` lines, so the list is kept with the schema.
import { readFileSync } from "node:fs";

const schema = readFileSync(new URL("../../schema.sql", import.meta.url), "utf8");

/** The tables that grow with use, from schema.sql. */
export const GROWING = new Set(
  schema
    .split("\n")
    .filter((l) => l.startsWith("-- growing:"))
    .flatMap((l) => l.slice("-- growing:".length).trim().split(/\s+/))
    .filter(Boolean),
);

const KEYWORDS = new Set(["where", "join", "left", "inner", "cross", "on", "group", "order", "limit", "set", "using", "as", "natural", "union", "values", "select", "returning", "and", "or", "not", "indexed"]);

/** Which tables each name in a statement stands for (a table's own name, or an alias of it). */
function names(sql) {
  const map = new Map();
  const add = (name, table) => map.set(name, new Set([...(map.get(name) ?? []), table]));
  for (const m of sql.matchAll(/\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    const table = m[1];
    add(table, table);
    if (m[2] && !KEYWORDS.has(m[2].toLowerCase())) add(m[2], table);
  }
  return map;
}

/** The highest parameter a statement takes (`?3` -> 3; plain `?` count one each). */
function parameters(sql) {
  const numbered = [...sql.matchAll(/\?(\d+)/g)].map((m) => Number(m[1]));
  const plain = [...sql.matchAll(/\?(?!\d)/g)].length;
  return Math.max(0, ...numbered) + plain;
}

/** The full scans of growing tables in one statement's plan (an empty list: none). */
export async function scans(db, sql) {
  const plan = await db.prepare("EXPLAIN QUERY PLAN " + sql).bind(...Array(parameters(sql)).fill(null)).all();
  const tables = names(sql);
  return plan.results
    .map((r) => r.detail)
    .filter((detail) => {
      const m = /^SCAN (\w+)/.exec(detail);
      // Only tables the statement names: a plan also lists the foreign-key actions an insert might take, which a
      // statement that deletes nothing never runs (deleting a user is checked where it is written).
      const of = m && tables.get(m[1]);
      return Boolean(of) && [...of].some((t) => GROWING.has(t));
    });
}

/** Every statement the worker has prepared so far whose plan reads a growing table whole, with its plan. */
export async function badPlans(worker) {
  const res = await worker.mf.dispatchFetch(worker.url + "/__test/statements");
  const statements = await res.json();
  const bad = [];
  for (const sql of statements) {
    const found = await scans(worker.db, sql);
    if (found.length) bad.push({ sql, scans: found });
  }
  return { checked: statements.length, bad };
}
