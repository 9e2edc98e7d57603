// No import circles in the frontend: every module of public/js/ is read for its static imports, its dynamic imports
// (a literal or a template literal without placeholders) and its lazy('pages/x', ...) pages (js/router.js imports
// them for it), and the graph they make must have no cycle.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const js = fileURLToPath(new URL("../../public/js/", import.meta.url));
const files = readdirSync(js, { recursive: true }).filter((f) => f.endsWith(".js")).map((f) => f.split(sep).join("/")).sort();

/** The modules `file` imports (paths relative to public/js/), and the specifiers that could not be resolved. */
function edges(file, src) {
  // Comments out, so that an example in one is not taken for an import.
  const code = src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:'"`\\])\/\/.*$/gm, "$1");
  const found = [];
  for (const m of code.matchAll(/\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?(['"])([^'"]+)\1/g)) found.push(m[2]);
  for (const m of code.matchAll(/\bexport\s*(?:\*|\{[^}]*\})\s*from\s*(['"])([^'"]+)\1/g)) found.push(m[2]);
  for (const m of code.matchAll(/\bimport\(\s*(?:(['"])([^'"]+)\1|`([^`$]*)`)\s*\)/g)) found.push(m[2] ?? m[3]);
  const out = found.map((spec) => relative(js, resolve(dirname(join(js, file)), spec)).split(sep).join("/"));
  // Pages registered with lazy('dir/name', 'export'): a module of public/js/ by its name from there.
  for (const m of code.matchAll(/\blazy\(\s*(['"])([^'"]+)\1/g)) out.push(m[2] + ".js");
  return out;
}

const graph = new Map(files.map((f) => [f, edges(f, readFileSync(join(js, f), "utf8"))]));

test("every import of public/js names a module that exists", () => {
  for (const [from, tos] of graph) for (const to of tos) assert.ok(existsSync(join(js, to)), `${from} imports ${to}, which does not exist`);
});

test("no import cycle in public/js", () => {
  const cycles = [];
  const state = new Map(); // undefined: not seen; 1: on the current path; 2: done
  const path = [];
  const visit = (f) => {
    state.set(f, 1);
    path.push(f);
    for (const to of graph.get(f) || []) {
      if (state.get(to) === 1) cycles.push([...path.slice(path.indexOf(to)), to].join(" -> "));
      else if (!state.has(to)) visit(to);
    }
    path.pop();
    state.set(f, 2);
  };
  for (const f of files) if (!state.has(f)) visit(f);
  assert.deepEqual(cycles, [], "import cycles:\n" + cycles.join("\n"));
});

test("no module imports app.js", () => {
  const importers = [...graph].filter(([, tos]) => tos.includes("app.js")).map(([f]) => f);
  assert.deepEqual(importers, []);
});

test("the graph is read: the shell's imports, lazy pages and dynamic imports are edges", () => {
  assert.ok(graph.get("app.js").includes("router.js"));
  assert.ok(graph.get("routes.js").includes("pages/auth.js"));
  assert.ok(graph.get("routes.js").includes("mentoring/project.js"));
  assert.ok(graph.get("routes.js").includes("admin.js"));
  assert.ok(graph.get("mentoring/project.js").includes("mentoring/chat.js"));
});
