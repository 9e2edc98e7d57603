// Seven languages: each catalogue drives the whole interface; Arabic lays it out right to left, with names and
// addresses isolated; the language follows the person's own choice from one device to the next. Screenshots of the
// Arabic pages at 360 px go to bench/out/screenshots/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { DEMO, DEMO_COMMUNITY, PROJECTS } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, noViolations, fits } from "../support/browser.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

const cat = (lang) => JSON.parse(readFileSync(new URL(`../../public/i18n/${lang}.json`, import.meta.url), "utf8"));
const shots = new URL("../../bench/out/screenshots/", import.meta.url);
mkdirSync(shots, { recursive: true });

for (const lang of ["en", "ar", "de", "es", "fr", "it", "pt"]) {
  test(`${lang}: the browser's language is the page's, laid out ${lang === "ar" ? "right to left" : "left to right"}, clean and fitting`, async () => {
    const { context, page } = await newPage(browser, { lang });
    const c = cat(lang);
    await page.goto(w.url + "/login");
    await page.getByRole("heading", { level: 1, name: c["login.title"] }).waitFor();
    assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), [lang, lang === "ar" ? "rtl" : "ltr"]);
    await page.getByRole("button", { name: c["login.submit"] }).waitFor();
    await noViolations(page);
    await fits(page);
    // A mistake is told in the language too.
    await page.getByRole("button", { name: c["login.submit"] }).click();
    await page.getByText(c["error.required"]).first().waitFor();
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

test("Arabic on a phone: a mentee's home, project and community, right to left, with what is put in isolated", async () => {
  const { context, page } = await newPage(browser, { lang: "ar" });
  const c = cat("ar");
  await page.goto(w.url + "/login");
  await page.getByLabel(c["field.email"]).fill(DEMO.carla);
  await page.getByLabel(c["field.password"], { exact: true }).fill("demo-password-2026");
  await page.getByRole("button", { name: c["login.submit"] }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.getByRole("heading", { level: 1 }).waitFor();
  // Her name goes into the greeting isolated (U+2068 ... U+2069), so a Latin name cannot reorder the Arabic around it.
  const greeting = await page.getByRole("heading", { level: 1 }).textContent();
  assert.match(greeting, /\u2068Carla[^\u2069]*\u2069/);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), "rtl");
  // The navigation is one row, and starts at the right.
  const nav = await page.locator("#nav").boundingBox();
  assert.ok(nav.height < 80, `navigation ${nav.height} px high`);
  await fits(page);
  await noViolations(page);
  await page.screenshot({ path: new URL("ar-home.png", shots).pathname });
  for (const [path, name] of [[`/projects/${PROJECTS.annaCarla}`, "ar-project.png"], [`/communities/${DEMO_COMMUNITY}`, "ar-community.png"], ["/account", "ar-account.png"]]) {
    await page.goto(w.url + path);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.waitForLoadState("networkidle");
    assert.equal(await page.evaluate(() => document.documentElement.dir), "rtl");
    await fits(page);
    await noViolations(page);
    await page.screenshot({ path: new URL(name, shots).pathname });
  }
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("the language follows the person: chosen on one device, it is theirs on the next", async () => {
  const one = await newPage(browser, { lang: "en-GB" });
  await loginUi(one.page, w.url, DEMO.bruno);
  await one.page.locator("#lang-select").selectOption("de", { force: true }).catch(async () => {
    await one.page.evaluate(() => { const s = document.getElementById("lang-select"); s.value = "de"; s.dispatchEvent(new Event("change")); });
  });
  await one.page.waitForFunction(() => document.documentElement.lang === "de");
  await one.page.waitForFunction(async () => (await (await fetch("/api/me/preferences")).json()).language === "de");
  await one.context.close();
  // Another device whose browser reads English: after the log-in, German.
  const two = await newPage(browser, { lang: "en-GB" });
  await loginUi(two.page, w.url, DEMO.bruno);
  await two.page.waitForFunction(() => document.documentElement.lang === "de");
  await two.page.getByRole("heading", { level: 1, name: new RegExp("^" + cat("de")["home.welcome"].split("{")[0]) }).waitFor();
  assert.deepEqual(two.page.errors, []);
  await two.context.close();
});

test("plural forms come from the language's own rules (Arabic has six)", async () => {
  const { context, page } = await newPage(browser, { lang: "ar" });
  await page.goto(w.url + "/login");
  await page.getByRole("heading", { level: 1 }).waitFor();
  const forms = await page.evaluate(async () => {
    const { t } = await import("/js/i18n.js");
    return [0, 1, 2, 3, 11, 100].map((n) => t("tf.codes_left", { n }));
  });
  const c = cat("ar");
  const fill = (s, n) => s.replace("{n}", `\u2068${n}\u2069`);
  assert.deepEqual(forms, [
    fill(c["tf.codes_left.zero"], 0), fill(c["tf.codes_left.one"], 1), fill(c["tf.codes_left.two"], 2),
    fill(c["tf.codes_left.few"], 3), fill(c["tf.codes_left.many"], 11), fill(c["tf.codes_left"], 100),
  ]);
  await context.close();
});
