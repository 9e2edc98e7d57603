// WCAG 2.2 AA beyond what axe-core can see (the accessibility statement, /accessibility, says what is tested here):
// journeys with the keyboard alone, focus never hidden, targets at least 24 x 24 px, text at 200 %, reduced motion.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_PASSWORD, DEMO_COMMUNITY, PROJECTS } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, noViolations } from "../support/browser.mjs";
import { totp } from "../support/totp.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

/** Presses Tab until the focused element's accessible text matches `name` (at most `max` presses); each focused element
 * on the way must be visible, not hidden under anything (WCAG 2.4.11), and show where the focus is (2.4.7). */
async function tabTo(page, name, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      el.scrollIntoView({ block: "nearest" });
      const r = el.getBoundingClientRect();
      const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1), y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
      const top = document.elementFromPoint(x, y);
      const s = getComputedStyle(el);
      return {
        text: (el.getAttribute("aria-label") || el.labels?.[0]?.textContent || el.textContent || el.value || "").trim(),
        seen: r.width > 0 && r.height > 0 && (el === top || el.contains(top) || (top && top.contains(el)) || top?.tagName === "LABEL"),
        ring: s.outlineStyle !== "none" || s.boxShadow !== "none",
      };
    });
    if (!f) continue;
    assert.ok(f.seen, `focus on "${f.text}" is hidden`);
    assert.ok(f.ring, `focus on "${f.text}" does not show`);
    if (typeof name === "string" ? f.text === name : name.test(f.text)) return;
  }
  assert.fail(`no "${name}" within ${max} presses of Tab`);
}

test("with the keyboard alone: log in with a code, find a community, write in a project's chat", async () => {
  // Carla has two-factor on: the log-in has its second step.
  const api = await w.login(DEMO.carla);
  const start = await w.fetch("/api/me/two-factor", { method: "POST", json: { password: DEMO_PASSWORD }, cookie: api });
  assert.equal((await w.fetch("/api/me/two-factor/confirm", { method: "POST", json: { code: totp(start.data.secret, Date.now()) }, cookie: api })).status, 200);

  const { context, page } = await newPage(browser);
  await page.goto(w.url + "/login");
  await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
  await tabTo(page, "E-mail address");
  await page.keyboard.type(DEMO.carla);
  await page.keyboard.press("Tab");
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await page.getByLabel("Code").waitFor();
  // The code's field has the focus already.
  await page.keyboard.type(totp(start.data.secret, Date.now() + 30_000));
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: /^Hello, Carla/ }).waitFor();

  await tabTo(page, "More");
  await page.keyboard.press("Enter");
  await tabTo(page, "Communities");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: "Communities" }).waitFor();
  await tabTo(page, "Demo Community");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: "Demo Community" }).waitFor();

  await page.goto(`${w.url}/projects/${PROJECTS.annaCarla}/chat`);
  await page.locator("section.chat form p.chat-status").filter({ hasText: /^Connected$/ }).waitFor();
  await tabTo(page, "Your message", 80);
  await page.keyboard.type("Typed with the keyboard alone");
  await page.keyboard.press("Enter");
  await page.locator("section.chat").getByRole("listitem").filter({ hasText: "Typed with the keyboard alone" }).waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

/** Every control on the page a person can touch is at least 24 x 24 CSS px (WCAG 2.5.8), or has room around it (the
 * criterion's spacing exception: a 24 px circle on its centre meets no other target nor another such circle), or is
 * a link inside a sentence (the inline exception). */
async function smallTargets(page) {
  return page.evaluate(() => {
    const all = [...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex='0']")]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ el, r }) => r.width && r.height && getComputedStyle(el).visibility !== "hidden");
    const under = all.filter(({ el, r }) => {
      if (r.width >= 24 && r.height >= 24) return false;
      const label = el.labels?.[0]?.getBoundingClientRect();
      if (label && label.height >= 24) return false;
      const block = el.closest("p, li, dd, td, label, h1, h2, h3");
      return !(el.tagName === "A" && block && block.textContent.trim().length > el.textContent.trim().length);
    });
    const centre = (r) => [r.left + r.width / 2, r.top + r.height / 2];
    const meetsRect = ([x, y], r) => {
      const dx = Math.max(r.left - x, 0, x - r.right), dy = Math.max(r.top - y, 0, y - r.bottom);
      return dx * dx + dy * dy < 144;
    };
    return under.filter((u) => all.some((o) => o !== u && !o.el.contains(u.el) && !u.el.contains(o.el) && (meetsRect(centre(u.r), o.r)
      || (under.includes(o) && Math.hypot(centre(u.r)[0] - centre(o.r)[0], centre(u.r)[1] - centre(o.r)[1]) < 24))))
      .map(({ el, r }) => `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || el.name || "").trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  });
}

/** At 320 CSS px (200 % zoom of a 640 px window), the page needs no scrolling sideways. */
async function reflows(page, path) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 320, `${path}: ${wide} px wide at 320`);
}

const PAGES = ["/", `/projects/${PROJECTS.annaCarla}`, `/projects/${PROJECTS.annaCarla}/chat`, `/communities/${DEMO_COMMUNITY}`, "/account", "/notifications", "/messages", "/accessibility"];

test("targets of at least 24 x 24 px, and every page reflowing at 200 % zoom (320 CSS px)", async () => {
  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.anna);
  for (const path of PAGES) {
    await page.goto(w.url + path);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.waitForLoadState("networkidle");
    assert.deepEqual(await smallTargets(page), [], `${path}: targets under 24 x 24 px`);
    // At 200 % zoom a 640 px window is 320 CSS px wide (WCAG's reflow width): nothing needs scrolling sideways.
    await page.setViewportSize({ width: 320, height: 740 });
    await reflows(page, path);
    await page.setViewportSize({ width: 360, height: 740 });
  }
  await context.close();
});

test("the landing page and the accessibility statement: clean, reflowing at 200 % zoom, and still with reduced motion", async () => {
  const { context, page } = await newPage(browser, { reducedMotion: "reduce" });
  for (const path of ["/", "/accessibility", "/login"]) {
    await page.goto(w.url + path);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.waitForLoadState("networkidle");
    assert.deepEqual(await smallTargets(page), [], path);
    assert.equal(await page.evaluate(() => document.getAnimations().length), 0, `${path}: something moves`);
    await noViolations(page);
    await page.setViewportSize({ width: 320, height: 740 });
    await reflows(page, path);
    await page.setViewportSize({ width: 360, height: 740 });
  }
  await page.goto(w.url + "/accessibility");
  await page.getByRole("heading", { level: 2, name: "Tell us about a barrier" }).waitFor();
  await page.getByText("WCAG) 2.2 at level AA").waitFor();
  await context.close();
});
