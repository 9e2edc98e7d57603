// `npm run admin -- email`: the documented way to make the first platform administrator, on a local D1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../../", import.meta.url).pathname;

test("npm run admin makes an existing account platform admin, and refuses unknown or odd addresses", () => {
  const state = mkdtempSync(join(tmpdir(), "tandem-state-"));
  const env = { ...process.env, TANDEM_STATE_DIR: state };
  const sh = (script, ...args) => spawnSync("bash", [`scripts/${script}`, ...args], { cwd: root, env, encoding: "utf8" });
  try {
    assert.equal(sh("local-db.sh").status, 0);
    const unknown = sh("admin.sh", "nobody@example.org");
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /register it first/);
    const odd = sh("admin.sh", "x'; DROP TABLE users; --@a.b");
    assert.equal(odd.status, 2);
    const ok = sh("admin.sh", "Mentee.Carla@tandem.test");
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /mentee.carla@tandem.test is now a platform administrator/);
    const check = spawnSync("wrangler", ["d1", "execute", "DB", "--local", "--persist-to", state, "--json", "--command",
      "SELECT u.is_platform_admin, a.action FROM users u JOIN audit_log a ON a.target_id = u.id WHERE u.email = 'mentee.carla@tandem.test'"],
      { cwd: root, env, encoding: "utf8" });
    const [{ results }] = JSON.parse(check.stdout);
    assert.deepEqual(results, [{ is_platform_admin: 1, action: "cli.grant_platform_admin" }]);
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});
