// No import circles between the worker's modules: a module that uses another (`super::x`, `crate::app::x`,
// `crate::domain::x`) must not be used back by it, directly or round a longer loop. Test code is left out.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";

const root = new URL("../../", import.meta.url).pathname;
const FOLDERS = ["src/app", "src/app/store", "src/app/space", "src/domain"];

function graph() {
  const edges = new Map();
  for (const folder of FOLDERS) {
    for (const file of readdirSync(root + folder).filter((f) => f.endsWith(".rs") && f !== "mod.rs")) {
      const name = `${folder}/${file.slice(0, -3)}`;
      const src = readFileSync(`${root}${folder}/${file}`, "utf8").split("#[cfg(test)]")[0];
      const deps = new Set();
      const add = (dir, m) => {
        if (existsSync(`${root}${dir}/${m}.rs`)) deps.add(`${dir}/${m}`);
      };
      for (const [, m] of src.matchAll(/\bsuper::([a-z_]+)/g)) add(folder, m);
      for (const [, m] of src.matchAll(/\bcrate::app::([a-z_]+)/g)) add("src/app", m);
      for (const [, m] of src.matchAll(/\bcrate::domain::([a-z_]+)/g)) add("src/domain", m);
      deps.delete(name);
      edges.set(name, deps);
    }
  }
  return edges;
}

export function cycles(edges) {
  const found = [];
  const state = new Map(); // 1: on the path, 2: done
  const visit = (n, path) => {
    state.set(n, 1);
    for (const d of edges.get(n) ?? []) {
      if (state.get(d) === 1) found.push([...path.slice(path.indexOf(d)), d].join(" -> "));
      else if (!state.has(d)) visit(d, [...path, d]);
    }
    state.set(n, 2);
  };
  for (const n of edges.keys()) if (!state.has(n)) visit(n, [n]);
  return found;
}

test("the loop finder finds a loop", () => {
  assert.deepEqual(cycles(new Map([["a", new Set(["b"])], ["b", new Set(["c"])], ["c", new Set(["a"])]])), ["a -> b -> c -> a"]);
  assert.deepEqual(cycles(new Map([["a", new Set(["b"])], ["b", new Set()]])), []);
});

test("no import circles between the worker's modules", () => {
  const edges = graph();
  assert.ok(edges.size > 30, `read ${edges.size} modules`);
  assert.deepEqual(cycles(edges), []);
});
