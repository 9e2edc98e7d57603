// A community's discussion rooms in the browser, at phone size (#13). Anna, a mentor, finds the rooms from her
// community's page, starts a thread in the mentors' room about a case (reminded not to identify her mentee), with
// bold text and a mention picked from the room's people; what she writes survives a reload before she sends it.
// Carla, a mentee, has no mentors' room, and its thread is "not found" to her. In the common room Carla replies to
// Anna; Anna reports the reply; Cora, the coordinator, finds it among the reports to review and hides it with a
// reason, which Carla then reads on her post. The Markdown renderer is tried with an XSS corpus: nothing runs, and
// no element or link it draws can. No horizontal scrolling at 360 px, and axe on every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { withBrowser, signedIn, newPage, fits, noViolations } from "../support/browser.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

const as = (email) => signedIn(browser, w.url, email);
const C = DEMO_COMMUNITY;
const status = (scope, text) => scope.getByRole("status").filter({ hasText: text }).first().waitFor();
let caseThread;

test("a mentor starts a case thread in the mentors' room (a draft survives a reload); a mentee cannot see it", async () => {
  const { context, page } = await as(DEMO.anna);
  await page.goto(`${w.url}/communities/${C}`);
  await page.getByRole("link", { name: "Discussion rooms" }).click();
  await page.getByRole("heading", { level: 1, name: "Discussion rooms" }).waitFor();
  assert.deepEqual(await page.locator("ul.rooms h2").allInnerTexts(), ["Mentors' room", "Common room"]);
  await fits(page);
  await noViolations(page);
  await page.getByRole("link", { name: "Mentors' room" }).click();
  await page.getByRole("heading", { level: 1, name: "Mentors' room" }).waitFor();
  await page.getByText("No thread yet: start the first one.").waitFor();
  await page.getByRole("button", { name: "Start a thread" }).click();
  const form = page.locator("form.thread-form");
  await form.getByLabel("Title").fill("A mentee who misses sessions");
  await form.getByLabel("What you want to say").fill("My mentee has missed **two** sessions in a row. ");
  await form.getByLabel("Mention someone").selectOption({ label: "Bruno Costa" });
  await form.getByLabel("I am discussing a case").check();
  await form.getByText("Discussing a case: do not write anything that could identify your mentee").waitFor();
  // A dropped connection, a reload: the draft is still there.
  await page.reload();
  await page.locator("form.thread-form").getByLabel("Title").waitFor();
  assert.equal(await page.locator("form.thread-form").getByLabel("Title").inputValue(), "A mentee who misses sessions");
  const body = await page.locator("form.thread-form").getByLabel("What you want to say").inputValue();
  assert.match(body, /^My mentee has missed \*\*two\*\* sessions in a row\. @\[Bruno Costa\]\(mention:[0-9a-f]{28}\) $/);
  await page.locator("form.thread-form").getByLabel("What you want to say").fill(body + "How do you handle it?");
  await fits(page);
  await noViolations(page);
  await page.locator("form.thread-form").getByRole("button", { name: "Start the thread" }).click();
  await page.getByRole("heading", { level: 1, name: "A mentee who misses sessions" }).waitFor();
  caseThread = new URL(page.url()).pathname.split("/").pop();
  const post = page.locator("li.post").first();
  assert.equal(await post.locator("strong", { hasText: "two" }).count(), 1, "bold drawn as bold");
  assert.equal(await post.locator("a.mention").innerText(), "@Bruno Costa");
  await page.getByText("Discussing a case: do not write anything that could identify your mentee", { exact: false }).first().waitFor();
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();

  const carla = await as(DEMO.carla);
  await carla.page.goto(`${w.url}/communities/${C}/rooms`);
  await carla.page.getByRole("heading", { level: 1, name: "Discussion rooms" }).waitFor();
  assert.deepEqual(await carla.page.locator("ul.rooms h2").allInnerTexts(), ["Mentees' room", "Common room"]);
  await carla.page.goto(`${w.url}/communities/${C}/rooms/mentors/threads/${caseThread}`);
  await carla.page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
  assert.equal(await carla.page.getByText("A mentee who misses sessions").count(), 0);
  await carla.context.close();
});

test("a reply is reported, and the coordinator hides it with a reason its author reads", async () => {
  // Anna asks in the common room; Carla replies.
  const anna = await as(DEMO.anna);
  await anna.page.goto(`${w.url}/communities/${C}/rooms/everyone`);
  await anna.page.getByRole("button", { name: "Start a thread" }).click();
  const form = anna.page.locator("form.thread-form");
  await form.getByLabel("Title").fill("Introduce yourselves");
  await form.getByLabel("What you want to say").fill("Hello! Who is new this month?");
  await form.getByRole("button", { name: "Start the thread" }).click();
  await anna.page.getByRole("heading", { level: 1, name: "Introduce yourselves" }).waitFor();
  const url = anna.page.url();

  const carla = await as(DEMO.carla);
  // Her community's page says the rooms have something new for her.
  await carla.page.goto(`${w.url}/communities/${C}`);
  await carla.page.getByRole("link", { name: "Discussion rooms (1 with new posts)" }).waitFor();
  await carla.page.goto(url);
  const reply = carla.page.locator("form.reply-form");
  await reply.getByLabel("Your reply").fill("I am! Buy cheap followers at [this site](https://example.com/spam).");
  await reply.getByRole("button", { name: "Send" }).click();
  await status(reply, "Sent.");
  await carla.page.locator("li.post").nth(1).getByRole("link", { name: "this site" }).waitFor();

  await anna.page.reload();
  const theirs = anna.page.locator("li.post").nth(1);
  await theirs.getByRole("button", { name: "Report" }).click();
  const rf = theirs.locator("form.report-form");
  await rf.getByRole("button", { name: "Send the report" }).click();
  await rf.getByText("This field is required.").waitFor();
  await rf.getByLabel("Why are you reporting it?").selectOption({ label: "It is spam" });
  await rf.getByRole("button", { name: "Send the report" }).click();
  await status(theirs, "Reported: the moderators will look at it.");
  await fits(anna.page);
  await noViolations(anna.page);
  await anna.context.close();

  const cora = await as(DEMO.coordinator);
  // Told of the report, she follows the notice to the reports to review.
  await cora.page.goto(`${w.url}/notifications`);
  await cora.page.getByRole("link", { name: "A post in “Introduce yourselves” was reported to the moderators." }).click();
  await cora.page.getByRole("heading", { level: 1, name: "Reports to review" }).waitFor();
  const card = cora.page.locator("li.card").first();
  await card.getByText("It is spam").waitFor();
  await card.getByRole("link", { name: "this site" }).waitFor();
  await fits(cora.page);
  await noViolations(cora.page);
  await card.getByRole("link", { name: "Introduce yourselves" }).click();
  const post = cora.page.locator("li.post").nth(1);
  await post.getByRole("button", { name: "Hide" }).click();
  const hf = post.locator("form.hide-form");
  await hf.getByLabel("Why hide it?").fill("Advertising is not allowed here.");
  await hf.getByRole("button", { name: "Hide" }).click();
  await cora.page.locator("li.post").nth(1).getByText("A moderator hid this post.").waitFor();
  await cora.context.close();

  await carla.page.reload();
  const mine = carla.page.locator("li.post").nth(1);
  await mine.getByText("A moderator hid this post. Reason: Advertising is not allowed here.").waitFor();
  assert.equal(await mine.getByRole("link", { name: "this site" }).count(), 0, "its text is gone for her too");
  await fits(carla.page);
  await noViolations(carla.page);
  assert.deepEqual(carla.page.errors, []);
  await carla.context.close();
});

test("the renderer against an XSS corpus: nothing runs, no element or link it draws can", async () => {
  const { context, page } = await as(DEMO.carla);
  await page.goto(`${w.url}/communities/${C}/rooms`);
  await page.getByRole("heading", { level: 1, name: "Discussion rooms" }).waitFor();
  const corpus = [
    "<script>window.__xss = 1</script>",
    "<img src=x onerror=\"window.__xss = 2\">",
    "<svg onload=window.__xss=3>",
    "[click](javascript:window.__xss=4)",
    "[click](JaVaScRiPt:window.__xss=5)",
    "[click]( javascript:window.__xss=6)",
    "[x](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9Nzwvc2NyaXB0Pg==)",
    "[x](https://ok.example/\" onmouseover=\"window.__xss=8)",
    "@[<img src=x onerror=window.__xss=9>](mention:0123456789abcdef0123456789ab)",
    "@[Bad](mention:javascript:alert(1))",
    "**<iframe src=javascript:window.__xss=10>**",
    "`<script>window.__xss=11</script>`",
    "> <a href=\"javascript:window.__xss=12\">quoted</a>",
    "- [list](vbscript:msgbox(13))\n- *<b onclick=window.__xss=14>x</b>*",
    "```\n</code></pre><script>window.__xss=15</script>\n```",
    "&lt;script&gt;window.__xss=16&lt;/script&gt;",
  ];
  const found = await page.evaluate(async (texts) => {
    const m = await import("/js/community/markdown.js");
    const box = document.createElement("div");
    document.body.append(box);
    for (const text of texts) box.append(m.render(text, { mentioned: (id, name) => Object.assign(document.createElement("a"), { href: `/users/${id}`, textContent: "@" + name }) }));
    await new Promise((r) => setTimeout(r, 50));
    const all = [...box.querySelectorAll("*")];
    const out = {
      ran: window.__xss ?? null,
      tags: [...new Set(all.map((e) => e.tagName.toLowerCase()))].sort(),
      handlers: all.flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith("on")),
      hrefs: [...box.querySelectorAll("a")].map((a) => a.getAttribute("href")),
      text: box.textContent,
    };
    box.remove();
    return out;
  }, corpus);
  assert.equal(found.ran, null, "no script ran");
  assert.deepEqual(found.handlers, []);
  for (const tag of found.tags) assert.ok(["a", "blockquote", "br", "code", "em", "li", "p", "pre", "span", "strong", "ul"].includes(tag), `drew <${tag}>`);
  for (const href of found.hrefs) assert.match(href, /^(https?:\/\/|mailto:|\/users\/[0-9a-f]{28}$)/, href);
  assert.match(found.text, /<script>window.__xss = 1<\/script>/, "HTML is shown as the text it is");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("in Italian: the rooms, a room and a thread, a moderator's tools", async () => {
  const { context, page } = await newPage(browser, { lang: "it-IT" });
  await page.goto(w.url + "/login");
  await page.getByLabel("Indirizzo e-mail").fill(DEMO.coordinator);
  await page.getByLabel("Password", { exact: true }).fill("demo-password-2026");
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.goto(`${w.url}/communities/${C}/rooms`);
  await page.getByRole("heading", { level: 1, name: "Stanze di discussione" }).waitFor();
  assert.deepEqual(await page.locator("ul.rooms h2").allInnerTexts(), ["Stanza dei mentori", "Stanza dei mentee", "Sala comune", "Stanza dei coordinatori"]);
  await fits(page);
  await noViolations(page);
  await page.getByRole("link", { name: "Sala comune" }).click();
  await page.getByRole("heading", { level: 1, name: "Sala comune" }).waitFor();
  await page.getByRole("button", { name: "Inizia una discussione" }).waitFor();
  await page.getByText("Impostazioni della stanza").waitFor();
  await noViolations(page);
  await page.getByRole("link", { name: "Introduce yourselves" }).click();
  await page.getByRole("button", { name: "Metti in evidenza" }).waitFor();
  await page.getByLabel("Avvisami delle nuove risposte").waitFor();
  await page.getByRole("heading", { level: 2, name: "Rispondi" }).waitFor();
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("an edit made after a day keeps the earlier text, which its author can read", async () => {
  const cookie = await w.login(DEMO.anna);
  const thread = (await w.fetch(`/api/communities/${C}/rooms/mentors/threads/${caseThread}`, { cookie })).data;
  const post = thread.posts[0];
  const later = Date.now() + 2 * 86_400_000;
  const r = await w.fetch(`/api/communities/${C}/rooms/mentors/posts/${post.id}`, { method: "PATCH", cookie, json: { body: "Solved: we agreed on a new time." }, now: later });
  assert.equal(r.data.revision_kept, true, r.text);
  const { context, page } = await as(DEMO.anna);
  await page.goto(`${w.url}/communities/${C}/rooms/mentors/threads/${caseThread}`);
  const first = page.locator("li.post").first();
  await first.getByText("Solved: we agreed on a new time.").waitFor();
  await first.getByRole("button", { name: "Earlier versions" }).click();
  await first.locator(".revisions").getByText(/My mentee has missed/).waitFor();
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});
