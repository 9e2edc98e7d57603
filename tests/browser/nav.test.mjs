// The header on a phone: one row of navigation (Home, Notifications, Messages, "More") on every main page, logged in
// and out, in English and Italian (and a project's section bar, one row too); the "More" menu is a real disclosure button, usable with the keyboard; axe finds
// nothing to fix with it open.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, axe } from "../support/browser.mjs";
import { PROJECTS } from "../support/demo.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

const PROJECT = PROJECTS.annaCarla;
const ROW = 56;

/** The header's height and the navigation's items' rows (distinct tops) at 360 px. */
async function header(page) {
  return page.evaluate(() => {
    const top = document.querySelector("header").getBoundingClientRect();
    const tops = new Set([...document.querySelectorAll("#nav-list > li")].filter((li) => li.offsetParent)
      .map((li) => Math.round(li.getBoundingClientRect().top)));
    return { height: Math.round(top.height), rows: tops.size, width: document.documentElement.scrollWidth };
  });
}

async function oneRow(page, path, heading) {
  await page.goto(w.url + path);
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  const hd = await header(page);
  assert.ok(hd.height <= ROW, `${path}: the header is ${hd.height} px high`);
  assert.equal(hd.rows, 1, `${path}: the navigation takes ${hd.rows} rows`);
  assert.ok(hd.width <= 360, `${path}: the page is ${hd.width} px wide`);
}

test("logged in, the navigation is one row of at most 56 px on every main page", async () => {
  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.admin);
  await w.secondFactor(DEMO.admin);
  for (const [path, heading] of [["/", /^Hello, /], ["/notifications", "Notifications"], ["/messages", "Messages"],
    ["/communities", "Communities"], [`/communities/${DEMO_COMMUNITY}`, "Demo Community"], ["/profile", "My profile"],
    ["/account", "My account"], ["/admin/users", "Admin: Users"], [`/communities/${DEMO_COMMUNITY}/roll`, /^Roll of Mentors/]]) {
    await oneRow(page, path, heading);
  }
  // The tabs in the row; the rest behind "More".
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const name of ["Home", "Notifications", "Messages"]) assert.ok(await nav.getByRole("link", { name, exact: true }).isVisible(), name);
  assert.equal(await nav.getByRole("link", { name: "My profile" }).isVisible(), false);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a member's project and its chat, logged out pages, and Italian: one row too", async () => {
  const carla = await newPage(browser);
  await loginUi(carla.page, w.url, DEMO.carla);
  // Its overview and its sections: the header stays one row, and so does the project's section bar.
  for (const part of ["", "/chat", "/contract", "/people", "/files"]) {
    await oneRow(carla.page, `/projects/${PROJECT}${part}`, part === "/files" ? "Documents" : "Mentoring for Carla Esposito: a first job in software");
    const bar = await carla.page.evaluate(() => new Set([...document.querySelectorAll(".sections li")].map((li) => Math.round(li.getBoundingClientRect().top))).size);
    assert.equal(bar, 1, `${part}: the section bar takes ${bar} rows`);
  }
  await carla.context.close();

  const anon = await newPage(browser);
  await oneRow(anon.page, "/", "Mentoring, wherever you are");
  await oneRow(anon.page, "/login", "Log in");
  await oneRow(anon.page, "/signup", "Create your account");
  // The language stays at hand, in the bar.
  assert.ok(await anon.page.getByLabel("Language").isVisible());
  await anon.context.close();

  const it = await newPage(browser, { lang: "it-IT" });
  await oneRow(it.page, "/login", "Accedi");
  await it.page.getByLabel("Indirizzo e-mail").fill(DEMO.coordinator);
  await it.page.getByLabel("Password", { exact: true }).fill("demo-password-2026");
  await it.page.getByRole("button", { name: "Accedi" }).click();
  await it.page.getByRole("heading", { level: 1, name: /^Ciao, / }).waitFor();
  await oneRow(it.page, "/", /^Ciao, /);
  await oneRow(it.page, "/profile", "Il mio profilo");
  await oneRow(it.page, `/communities/${DEMO_COMMUNITY}`, "Demo Community");
  await it.context.close();
});

test("“More” opens and closes with the keyboard (a button with aria-expanded), and its links work", async () => {
  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.anna);
  await page.getByRole("heading", { level: 1, name: /^Hello, / }).waitFor();
  const more = page.getByRole("button", { name: "More" });
  assert.equal(await more.getAttribute("aria-expanded"), "false");
  const profile = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My profile" });
  assert.equal(await profile.isVisible(), false);

  // Tab to it and open it with Enter: the links follow it in the tab order.
  await more.focus();
  await page.keyboard.press("Enter");
  assert.equal(await more.getAttribute("aria-expanded"), "true");
  await profile.waitFor();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Communities");
  // Escape closes it and gives the focus back to the button.
  await page.keyboard.press("Escape");
  assert.equal(await more.getAttribute("aria-expanded"), "false");
  await profile.waitFor({ state: "hidden" });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-controls")), "nav-more");

  // Space opens it too; axe is content with it open; a link leads there and closes it.
  await page.keyboard.press("Space");
  await profile.waitFor();
  const menu = await page.evaluate(() => {
    const r = document.getElementById("nav-more").getBoundingClientRect();
    return { left: r.left, right: r.right };
  });
  assert.ok(menu.left >= 0 && menu.right <= 360, `the menu fits the screen: ${JSON.stringify(menu)}`);
  assert.deepEqual(await axe(page), []);
  await profile.click();
  await page.getByRole("heading", { level: 1, name: "My profile" }).waitFor();
  assert.equal(await more.getAttribute("aria-expanded"), "false");
  // "More" says that the page shown is in it.
  assert.match(await more.getAttribute("class"), /\bcurrent\b/);
  assert.equal(await page.locator('#nav-more a[href="/profile"]').getAttribute("aria-current"), "page");

  // A tap elsewhere closes it; the language is in it; so is Log out.
  await more.click();
  await page.getByRole("navigation", { name: "Main" }).getByLabel("Language").waitFor();
  await page.locator("main").click({ position: { x: 10, y: 300 } });
  await profile.waitFor({ state: "hidden" });
  // The language, there and back (after a reload too: the menu is drawn anew each time).
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "My profile" }).waitFor();
  await more.click();
  await page.getByRole("navigation", { name: "Main" }).getByLabel("Language").selectOption("it");
  await page.getByRole("heading", { level: 1, name: "Il mio profilo" }).waitFor();
  await page.getByRole("button", { name: "Altro" }).click();
  await page.getByRole("navigation", { name: "Principale" }).getByLabel("Lingua").selectOption("en");
  await page.getByRole("heading", { level: 1, name: "My profile" }).waitFor();
  await more.click();
  await page.getByRole("button", { name: "Log out" }).click();
  await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("the unread counts show on the tabs and are said in their names", async () => {
  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.coordinator);
  // Something to count: Dev applies to the roll, the supervisor (the coordinator) is told.
  const dev = await w.login(DEMO.dev);
  const r = await w.fetch(`/api/communities/${DEMO_COMMUNITY}/roll/applications`, { method: "POST", cookie: dev, headers: { origin: w.url },
    json: { motivation: "I would like to help young engineers." } });
  assert.equal(r.status, 201, r.text);
  await page.goto(w.url + "/");
  const notes = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Notifications \(\d+ new\)$/ });
  await notes.waitFor();
  assert.match(await notes.locator(".dot").innerText(), /^\d+$/);
  assert.equal((await header(page)).rows, 1);
  await context.close();
});
