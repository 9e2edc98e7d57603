// Evaluations in the browser, at phone size (#12). Anna completes her project with Carla (through the API): each is
// asked their end-of-mentoring form. Carla answers hers from the overview's "You have a form to answer": part of it,
// a reload (what she gave is still there, kept on her device), then the rest; sent, she reads her own answers (those
// counted anonymously said to be so), not yet Anna's. Anna leaves a required scale unanswered (said next to it), then
// sends hers: now each reads the other's answers meant for the project, never those meant for the programme, which the
// coordinator reads with their names. The coordinator asks an organisation's contact (a bad address refused next to
// its field); the contact opens the e-mailed link without an account, answers (a reload keeps the draft), is thanked;
// the link opened again says it was used (offline, sending says so and keeps the answers). The coordinator asks the
// members "are we well matched?": Carla is not sure, and the coordinator sees the concern marked. Another contact's form
// opens offline after a reload (the service worker keeps the page), with what they had given. The community's evaluations page: counts per audience, anonymous answers
// hidden under five, a form edited into a new version (errors next to their fields). Carla's page in Italian. No
// horizontal scrolling at 360 px, and axe on every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { withBrowser, newPage, signedIn, fits, noViolations, cached } from "../support/browser.mjs";
import { PROJECTS } from "../support/demo.mjs";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee); Cora coordinates it
const TITLE = "Mentoring for Carla Esposito: a first job in software";
const BEST = "The mock interviews before each application.";
const REPORT = "Two applications, one offer.";
const GAINED = "Patience, and a fresh look at hiring.";
const LESSONS = "Start the CV work earlier.";
const COMMENTS = "Our staff now run the workshops themselves.";
const GUEST = "giulia@example.org";

let w, browser;
withBrowser((s) => ({ w, browser } = s), {}, async () => {
  const anna = await w.login(DEMO.anna);
  const r = await w.fetch(`/api/projects/${PROJECT}/actions`, { method: "POST", cookie: anna, headers: { origin: w.url }, json: { action: "complete" } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.project.state, "completed");
});

const as = (email) => signedIn(browser, w.url, email);
const section = (page, name) => page.locator("section", { has: page.getByRole("heading", { level: 2, name, exact: true }) });
const status = (scope, text) => scope.getByRole("status").filter({ hasText: text }).first().waitFor();
const question = (scope, name) => scope.getByRole("group", { name, exact: true });

test("Carla answers her form: a reload keeps what she gave; sent, she reads her answers but not yet Anna's", async () => {
  const { context, page } = await as(DEMO.carla);
  await page.goto(`${w.url}/projects/${PROJECT}`);
  const card = section(page, "Evaluation and feedback");
  await card.getByRole("link", { name: "You have a form to answer" }).click();
  await page.waitForURL(`${w.url}/projects/${PROJECT}/evaluations`);
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  assert.equal(await page.title(), `Evaluation and feedback · ${TITLE} · Tandem`);
  let form = section(page, "Your form: Your mentoring: how did it go?");
  // Each question says who will read its answer.
  const goals = question(form, "Did you reach the goals you set? (required)");
  await goals.getByText("Who reads it: your project's other members.").waitFor();
  const useful = question(form, "How useful was the mentoring for you? (1: not at all, 5: very) (required)");
  await useful.getByText("Who reads it: nobody on its own. It is counted anonymously: only as a total of at least 5 answers.").waitFor();
  assert.equal(await useful.getByRole("radio").count(), 5);
  await form.getByText("Who reads it: the programme (your coordinator, with your name). Up to 4,000 characters.").waitFor();
  assert.equal(await form.getByLabel("What helped you most?").getAttribute("maxlength"), "4000");
  await fits(page);
  await noViolations(page);

  // Part of it, then a reload: what she gave is still there.
  await goals.getByLabel("Partly").check();
  await useful.getByLabel("4", { exact: true }).check();
  await form.getByLabel("What helped you most?").fill(BEST);
  await form.getByText("Kept on this device: 3 of 6 questions answered.").waitFor();
  await page.reload();
  form = section(page, "Your form: Your mentoring: how did it go?");
  await form.getByText("Kept on this device: 3 of 6 questions answered.").waitFor();
  assert.ok(await question(form, "Did you reach the goals you set? (required)").getByLabel("Partly").isChecked());
  assert.ok(await question(form, "How useful was the mentoring for you? (1: not at all, 5: very) (required)").getByLabel("4", { exact: true }).isChecked());
  assert.equal(await form.getByLabel("What helped you most?").inputValue(), BEST);

  await form.getByLabel("In brief: what did you do, and what came of it? (for the programme's report)").fill(REPORT);
  await question(form, "Would you recommend e-mentoring to a friend? (required)").getByLabel("Yes").check();
  await form.getByRole("button", { name: "Send my answers" }).click();
  const answers = section(page, "Answers");
  await status(answers, "Sent, thank you. Your answers are below.");
  assert.equal(await page.getByRole("button", { name: "Send my answers" }).count(), 0);
  const mine = answers.locator("article", { has: page.getByRole("heading", { level: 3, name: "Your answers: Your mentoring: how did it go?" }) });
  await mine.getByText(BEST).waitFor();
  await mine.getByText(REPORT).waitFor();
  await mine.getByText("Partly", { exact: true }).waitFor();
  assert.equal(await mine.getByText("Counted anonymously: not kept with your name, so not shown here.").count(), 2);
  // Not yet Anna's: said in words.
  await answers.getByText("Anna Bianchi's answers will show when both of you have answered.").waitFor();
  const round = section(page, "Who was asked").locator("li.round");
  await round.locator("li", { hasText: "Anna Bianchi" }).getByText("Waiting", { exact: true }).waitFor();
  await round.locator("li", { hasText: "Carla Esposito" }).getByText("Answered", { exact: true }).waitFor();
  await round.getByText(/^The answers meant for the project are revealed when both have answered/).waitFor();
  await fits(page);
  await noViolations(page);

  // The overview no longer asks; the draft is gone from this device.
  await page.goto(`${w.url}/projects/${PROJECT}`);
  await section(page, "Evaluation and feedback").getByText("2 forms asked, 1 answered.").waitFor();
  assert.equal(await page.getByRole("link", { name: "You have a form to answer" }).count(), 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a required scale left unanswered is said next to it; Anna sends hers, and each reads the other's answers", async () => {
  const { context, page } = await as(DEMO.anna);
  await page.goto(`${w.url}/projects/${PROJECT}/evaluations`);
  const form = section(page, "Your form: Your mentoring: looking back");
  await question(form, "Did you achieve what you set out to achieve together? (required)").getByLabel("Partly").check();
  await question(form, "Were the goals realistic? (required)").getByLabel("Yes").check();
  await question(form, "Would you mentor again? (required)").getByLabel("Yes").check();
  const signposting = question(form, "Which next steps did you signpost?");
  await signposting.getByLabel("Training").check();
  await signposting.getByLabel("Further study").check();
  await form.getByLabel("What did you gain from the experience?").fill(GAINED);
  await form.getByLabel("What went right, what went wrong, and what can be learned?").fill(LESSONS);
  await form.getByRole("button", { name: "Send my answers" }).click();
  // The scale of support is missing: said in its group, which takes the focus.
  const support = question(form, "How well did the programme support you? (1: poorly, 5: very well) (required)");
  await support.getByText("Answer this question.").waitFor();
  assert.equal(await support.getAttribute("aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement.tagName), "FIELDSET");
  await fits(page);
  await noViolations(page);
  await support.getByLabel("5", { exact: true }).check();
  assert.equal(await support.getAttribute("aria-invalid"), null);
  await form.getByRole("button", { name: "Send my answers" }).click();
  const answers = section(page, "Answers");
  await status(answers, "Sent, thank you.");
  // Both have answered: Carla's answers meant for the project, never those for the programme.
  const carlas = answers.locator("article", { has: page.getByRole("heading", { level: 3, name: "Carla Esposito's answers" }) });
  await carlas.getByText(BEST).waitFor();
  await carlas.getByText("Partly", { exact: true }).waitFor();
  assert.equal(await page.getByText(REPORT).count(), 0);
  const mine = answers.locator("article", { has: page.getByRole("heading", { level: 3, name: "Your answers: Your mentoring: looking back" }) });
  await mine.getByText("Further study, Training").waitFor();
  await mine.getByText(LESSONS).waitFor();
  await section(page, "Who was asked").getByText("Everyone asked has answered: the members read each other's answers meant for the project.").waitFor();
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();

  const carla = await as(DEMO.carla);
  await carla.page.goto(`${w.url}/projects/${PROJECT}/evaluations`);
  const annas = section(carla.page, "Answers").locator("article", { has: carla.page.getByRole("heading", { level: 3, name: "Anna Bianchi's answers" }) });
  await annas.getByText(GAINED).waitFor();
  assert.equal(await carla.page.getByText(LESSONS).count(), 0, "Anna's answers for the programme are not Carla's to read");
  assert.equal(await carla.page.getByText(/will show when both of you have answered/).count(), 0);
  assert.deepEqual(carla.page.errors, []);
  await carla.context.close();
});

test("the coordinator reads the programme's answers and asks an organisation's contact, who answers once through the link", async () => {
  const cora = await as(DEMO.coordinator);
  let page = cora.page;
  await page.goto(`${w.url}/projects/${PROJECT}`);
  await section(page, "Evaluation and feedback").getByRole("link", { name: "See the evaluations" }).click();
  const programme = section(page, "The programme's answers");
  await programme.locator("article", { hasText: "Carla Esposito" }).getByText(REPORT).waitFor();
  await programme.locator("article", { hasText: "Anna Bianchi" }).getByText(LESSONS).waitFor();
  // The project's answers are the members'.
  assert.equal(await page.getByText(BEST).count(), 0);
  await fits(page);
  await noViolations(page);

  const ask = section(page, "Ask for feedback");
  const open = ask.getByRole("button", { name: "Ask an organisation's contact" });
  await open.click();
  assert.equal(await open.getAttribute("aria-expanded"), "true");
  await ask.getByLabel("Contact's name").fill("Giulia Neri");
  await ask.getByLabel("Contact's e-mail address").fill("not-an-address");
  await ask.getByRole("button", { name: "E-mail the link" }).click();
  await ask.getByText("Enter an e-mail address like name@example.org.").waitFor();
  assert.equal(await ask.getByLabel("Contact's e-mail address").getAttribute("aria-invalid"), "true");
  await noViolations(page);
  await ask.getByLabel("Contact's e-mail address").fill(GUEST);
  await ask.getByRole("button", { name: "E-mail the link" }).click();
  await status(section(page, "Ask for feedback"), "Sent: Giulia Neri has been e-mailed a link to the organisation's form.");
  const round = section(page, "Who was asked").locator("li.round", { hasText: "The organisation's feedback, asked on" });
  await round.locator("li", { hasText: "Giulia Neri (the organisation's contact)" }).getByText("Waiting", { exact: true }).waitFor();
  await fits(page);

  // "Are we well matched?": Carla is not sure (through the API); the coordinator sees the concern marked, in words.
  await section(page, "Ask for feedback").getByRole("button", { name: "Ask the members: are we well matched?" }).click();
  await status(section(page, "Ask for feedback"), "Asked: each member has been told to say whether you are well matched.");
  const carla = await w.login(DEMO.carla);
  const asked = (await w.fetch(`/api/projects/${PROJECT}/evaluations`, { cookie: carla })).data.open;
  assert.equal(asked.length, 1);
  const r = await w.fetch(`/api/projects/${PROJECT}/evaluations/${asked[0]}/answers`, { method: "POST", cookie: carla, headers: { origin: w.url },
    json: { answers: { fit: "not_sure" }, client_key: "carla-fit-1" } });
  assert.equal(r.status, 200, r.text);
  await page.reload();
  const fit = section(page, "The programme's answers").locator("article", { hasText: "Fit check" });
  await fit.getByText("A concern about the match", { exact: true }).waitFor();
  await fit.getByText("Not sure", { exact: true }).waitFor();
  await section(page, "Who was asked").locator("li.round", { hasText: "Are we well matched? Asked on" }).getByText("A concern about the match").waitFor();
  await fits(page);
  await noViolations(page);
  // The history names the contact asked.
  await page.goto(`${w.url}/projects/${PROJECT}/people`);
  await section(page, "State and history").getByText("Cora Coordinator asked Giulia Neri, the organisation's contact, for feedback", { exact: true }).waitFor();
  assert.deepEqual(page.errors, []);
  await cora.context.close();

  // The contact, without an account: the link from the e-mail.
  const token = await w.mailedToken(GUEST);
  assert.ok(token, "the delivered mail carries the link");
  const guest = await newPage(browser);
  page = guest.page;
  await page.goto(`${w.url}/evaluate#token=${token}`);
  await page.getByRole("heading", { level: 1, name: `Your feedback on “${TITLE}”` }).waitFor();
  assert.ok(!page.url().includes(token), "the token leaves the address bar");
  await page.getByText("Hello Giulia Neri: thank you").waitFor();
  const form = page.locator("form.guest-form");
  await form.getByText("Who reads it: the project's mentor and mentee. Up to 4,000 characters.").waitFor();
  await question(form, "Were the targets set at the start met? (required)").getByLabel("Yes").check();
  await form.getByLabel("Anything you would like the mentor and mentee to know?").fill(COMMENTS);
  await form.getByText("Kept on this device: 2 of 5 questions answered.").waitFor();
  await fits(page);
  await noViolations(page);
  // A reload (the token kept for this tab): the draft is still there.
  await page.reload();
  await form.getByText("Kept on this device: 2 of 5 questions answered.").waitFor();
  assert.equal(await form.getByLabel("Anything you would like the mentor and mentee to know?").inputValue(), COMMENTS);
  await question(form, "How would you rate the quality of the support? (1: poor, 5: excellent) (required)").getByLabel("5", { exact: true }).check();
  await question(form, "Was the action plan adopted in your organisation? (required)").getByLabel("In part").check();
  // Offline: not sent, and said so; nothing given is lost.
  await guest.context.setOffline(true);
  await form.getByRole("button", { name: "Send my answers" }).click();
  await status(form, "No connection: your answers are kept on this device. Send them again once you are back online.");
  await guest.context.setOffline(false);
  await form.getByRole("button", { name: "Send my answers" }).click();
  await page.getByRole("heading", { level: 1, name: "Thank you" }).waitFor();
  await page.getByText(`Your feedback on “${TITLE}” has been sent.`).waitFor();
  await fits(page);
  await noViolations(page);
  // The link again: used, said in words.
  await page.goto(`${w.url}/evaluate#token=${token}`);
  await page.getByRole("heading", { level: 1, name: "This link cannot be used" }).waitFor();
  await page.getByText("This link has been used already, or it has expired.").waitFor();
  await page.getByText(/^Your answers were sent from this device on .+\. Thank you\.$/).waitFor();
  await fits(page);
  await noViolations(page);
  // Only the request refused while offline.
  assert.deepEqual(page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await guest.context.close();
});

test("the community's evaluations: counts per audience, anonymous answers hidden under five, a form edited into a new version", async () => {
  const { context, page } = await as(DEMO.coordinator);
  await page.goto(`${w.url}/communities/${DEMO_COMMUNITY}`);
  await page.getByRole("link", { name: "Evaluations", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Evaluations: Demo Community" }).waitFor();
  const counts = section(page, "Asked and answered");
  assert.equal(await counts.locator('dd[data-audience="mentee"]').innerText(), "1 answered · 0 waiting · 0 expired");
  assert.equal(await counts.locator('dd[data-audience="mentor"]').innerText(), "1 answered · 0 waiting · 0 expired");
  assert.equal(await counts.locator('dd[data-audience="organisation"]').innerText(), "1 answered · 0 waiting · 0 expired");
  const anonymous = section(page, "Anonymous answers");
  const useful = anonymous.locator("li.card", { has: page.getByRole("heading", { level: 3, name: "How useful was the mentoring for you? (1: not at all, 5: very)" }) });
  await useful.getByText("Fewer than 5 answers: hidden, so that nobody can be recognised.").waitFor();
  assert.equal(await anonymous.locator("li.card").count(), await anonymous.getByText("Fewer than 5 answers: hidden, so that nobody can be recognised.").count());
  assert.equal(await anonymous.locator("meter").count(), 0);
  await fits(page);
  await noViolations(page);

  // The mentees' form: a question added, refused until it has a text and its options, then saved as version 1.
  const forms = section(page, "The forms");
  const mentee = forms.locator("li.card", { has: page.getByRole("heading", { level: 3, name: "The mentees' form" }) });
  await mentee.getByText("Tandem's form, as it comes.").waitFor();
  await mentee.getByRole("button", { name: "Edit The mentees' form" }).click();
  const editor = mentee.locator("form.form-editor");
  await editor.getByRole("button", { name: "Add a question" }).click();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label") || document.activeElement.labels?.[0]?.textContent), "Text of question 7");
  await editor.getByRole("button", { name: "Save as a new version" }).click();
  await editor.getByText("This field is required.").waitFor();
  assert.equal(await editor.getByLabel("Text of question 7").getAttribute("aria-invalid"), "true");
  await editor.getByLabel("Text of question 7").fill("Would you like to mentor someone one day?");
  await editor.getByLabel("Kind of question 7").selectOption("single");
  await editor.getByLabel("Options of question 7").fill("Yes");
  await editor.getByRole("button", { name: "Save as a new version" }).click();
  await editor.getByText("A choice has 2 to 12 options; other questions have none.").waitFor();
  assert.equal(await editor.getByLabel("Options of question 7").getAttribute("aria-invalid"), "true");
  await fits(page);
  await noViolations(page);
  await editor.getByLabel("Options of question 7").fill("Yes\nPerhaps\nNo");
  await editor.getByLabel("Who reads the answers to question 7").selectOption("anonymous");
  await editor.getByRole("button", { name: "Save as a new version" }).click();
  await status(forms, "Saved: version 1 of The mentees' form, for the forms asked from now on.");
  const saved = forms.locator("li.card", { has: page.getByRole("heading", { level: 3, name: "The mentees' form" }) });
  await saved.getByText(/^The community's version 1, saved on /).waitFor();
  await saved.getByText("Its 7 questions").click();
  await saved.getByText("Would you like to mentor someone one day?").waitFor();
  await saved.getByText("One choice · optional · Anonymous, in totals").waitFor();
  await fits(page);
  await noViolations(page);
  const stored = (await w.fetch(`/api/communities/${DEMO_COMMUNITY}/evaluation-forms`, { cookie: await w.login(DEMO.coordinator) })).data.forms.find((f) => f.audience === "mentee");
  assert.equal(stored.version, 1);
  assert.deepEqual(stored.form.questions.at(-1).options, ["Yes", "Perhaps", "No"]);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a contact's form opens offline after a reload (the service worker keeps the page), the draft with it", async () => {
  const cora = await w.login(DEMO.coordinator);
  const r = await w.fetch(`/api/projects/${PROJECT}/evaluations`, { method: "POST", cookie: cora, headers: { origin: w.url },
    json: { kind: "organisation", name: "Marco Rossi", email: "marco@example.org" } });
  assert.equal(r.status, 200, r.text);
  const token = await w.mailedToken("marco@example.org");
  const { context, page } = await newPage(browser, { serviceWorkers: "allow" });
  await page.goto(`${w.url}/evaluate#token=${token}`);
  const form = page.locator("form.guest-form");
  await form.getByRole("button", { name: "Send my answers" }).waitFor();
  // Once the service worker keeps the page's code and strings (polled, no sleeping).
  await cached(page, ["/js/pages/evaluate.js", "/js/mentoring/evaluation-form.js", "/js/mentoring/evaluation-drafts.js", "/i18n/evaluations.en.json"]);
  await form.getByLabel("Anything you would like the mentor and mentee to know?").fill(COMMENTS);
  await form.getByText("Kept on this device: 1 of 5 questions answered.").waitFor();
  await context.setOffline(true);
  await page.reload();
  await page.getByText("Offline: you can answer now, and send your answers once you are back online.").waitFor();
  assert.equal(await form.getByLabel("Anything you would like the mentor and mentee to know?").inputValue(), COMMENTS);
  await question(form, "Were the targets set at the start met? (required)").getByLabel("No").check();
  await question(form, "How would you rate the quality of the support? (1: poor, 5: excellent) (required)").getByLabel("3", { exact: true }).check();
  await question(form, "Was the action plan adopted in your organisation? (required)").getByLabel("Not yet").check();
  await fits(page);
  await context.setOffline(false);
  await form.getByRole("button", { name: "Send my answers" }).click();
  await page.getByRole("heading", { level: 1, name: "Thank you" }).waitFor();
  assert.equal(await w.count("SELECT COUNT(*) FROM evaluation_requests WHERE guest_email = 'marco@example.org' AND state = 'submitted'"), 1);
  assert.deepEqual(page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e)), []);
  await context.close();
});

test("in Italian: Carla's evaluations", async () => {
  const { context, page } = await newPage(browser, { lang: "it-IT" });
  await page.goto(w.url + "/login");
  await page.getByLabel("Indirizzo e-mail").fill(DEMO.carla);
  await page.getByLabel("Password", { exact: true }).fill("demo-password-2026");
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.goto(`${w.url}/projects/${PROJECT}`);
  await section(page, "Valutazione e riscontri").getByRole("link", { name: "Vedi le valutazioni" }).click();
  await page.getByRole("heading", { level: 2, name: "Valutazione e riscontri" }).waitFor();
  assert.equal(await page.title(), `Valutazione e riscontri · ${TITLE} · Tandem`);
  const answers = section(page, "Risposte");
  await answers.locator("article", { has: page.getByRole("heading", { level: 3, name: "Le risposte di Anna Bianchi" }) }).getByText(GAINED).waitFor();
  // The organisation's comments, meant for the project, are the members' to read.
  await answers.locator("article", { has: page.getByRole("heading", { level: 3, name: "Le risposte di Giulia Neri (referente dell'organizzazione)" }) }).getByText(COMMENTS).waitFor();
  // Tandem's own forms read in Italian, their questions and options too.
  const mine = answers.locator("article", { has: page.getByRole("heading", { level: 3, name: "Le tue risposte: Il tuo mentoring: com'è andato?" }) });
  await mine.getByText("Hai raggiunto gli obiettivi che ti eri dato?", { exact: true }).waitFor();
  await mine.getByText("In parte", { exact: true }).waitFor();
  await mine.getByText("Chi la legge: gli altri membri del tuo progetto.").first().waitFor();
  await mine.getByText("Conta in forma anonima: non è conservata con il tuo nome, quindi non compare qui.").first().waitFor();
  // The fit check's answer, a code, in words.
  await answers.locator("article", { has: page.getByRole("heading", { level: 3, name: "Le tue risposte: Siamo ben abbinati?" }) }).getByText("Non ne sono sicuro/a", { exact: true }).waitFor();
  await section(page, "A chi è stato chiesto").getByText("Con risposta", { exact: true }).first().waitFor();
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});
