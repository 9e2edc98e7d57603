// Tandem's service worker: keeps the app shell for poor connections. Never touches /api/ (what a person last saw is
// kept by the page itself, per user: js/seen.js).
//
// Installed only once the first page is usable (js/app.js), it keeps the shell that page has just loaded (asked
// again with the browser's copy as the validator: a file that has not changed comes back as a bodiless 304, not
// downloaded twice); then the page asks for what this person needs offline (message "precache"): the strings of
// their language only and, for members, the pages' code, one file at a time.
const VERSION = 'tandem-v29';
const SHELL = [
  '/', '/css/app.css', '/js/app.js', '/js/session.js', '/js/router.js', '/js/routes.js', '/js/dom.js', '/js/i18n.js', '/js/api.js',
  '/js/nav.js', '/js/pages/auth.js',
  '/icon.svg', '/manifest.webmanifest',
];
const MEMBER = [
  '/js/seen.js', '/js/outbox.js', '/js/pages/profile.js', '/js/pages/account.js', '/js/pages/two-factor.js', '/js/qr.js', '/js/pages/communities.js', '/js/mentoring/common.js', '/js/mentoring/dashboard.js', '/js/mentoring/project.js', '/js/mentoring/chat.js',
  '/js/mentoring/chat-connection.js', '/js/mentoring/messages.js', '/js/mentoring/files.js', '/js/mentoring/roll.js',
  // A project's workspace: its frame and section bar, its overview, and each section's module.
  '/js/mentoring/sections.js', '/js/mentoring/parts.js', '/js/mentoring/workspace.js', '/js/mentoring/plan.js', '/js/mentoring/goals.js',
  '/js/mentoring/contract.js', '/js/mentoring/people.js', '/js/mentoring/journeys.js',
  // Plan & diary's own: times in zones, the calendar feed, the diary and its drafts (written offline too).
  '/js/mentoring/when.js', '/js/mentoring/calendar-feed.js', '/js/mentoring/diary.js', '/js/mentoring/diary-drafts.js',
  // The project's health on its overview, its oversight panel, a community's Needs attention page.
  '/js/mentoring/health.js', '/js/mentoring/oversight.js', '/js/mentoring/attention.js',
  // The final report and its printable page.
  '/js/mentoring/report.js',
  // Evaluations: a project's (forms answered offline too, their drafts), a community's figures and forms.
  '/js/mentoring/evaluations.js', '/js/mentoring/evaluation-form.js', '/js/mentoring/evaluation-texts.js', '/js/mentoring/evaluation-drafts.js',
  '/js/mentoring/community-evaluations.js',
  // A community's discussion rooms, and the Markdown their posts are drawn from.
  '/js/community/rooms.js', '/js/community/markdown.js',
  // E-mail and digest settings; a community's usage report (its admins).
  '/js/pages/digest.js', '/js/community/usage.js',
  // My data: a copy of it, consent to research, deleting the account; who read a project through break-glass access.
  '/js/pages/data.js', '/js/mentoring/access.js',
  // The library: a community's shelf, its items (saved for reading offline too) and a project's library.
  '/js/community/library.js',
];
/** The page an organisation's contact answers their form on (no account): its code, and its drafts'. */
const EVALUATE = ['/js/pages/evaluate.js', '/js/mentoring/evaluation-form.js', '/js/mentoring/evaluation-texts.js', '/js/mentoring/evaluation-drafts.js',
  '/js/mentoring/diary-drafts.js'];
const LANGS = ['en', 'ar', 'de', 'es', 'fr', 'it', 'pt'];

/** Into the cache, one at a time (kinder to a poor connection), revalidated against the browser's own copy. */
async function keep(cache, urls) {
  for (const url of urls) {
    if (await cache.match(url)) continue;
    try {
      const res = await fetch(new Request(url, { cache: 'no-cache' }));
      if (res.ok) await cache.put(url, res);
    } catch { /* offline: next time */ }
  }
}

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(VERSION).then((c) => keep(c, SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('message', (e) => {
  const d = e.data || {};
  if (d.type !== 'precache' || !LANGS.includes(d.lang)) return;
  const urls = [`/i18n/${d.lang}.json`];
  if (d.member) urls.push(...MEMBER, `/i18n/files.${d.lang}.json`, `/i18n/process.${d.lang}.json`, `/i18n/health.${d.lang}.json`, `/i18n/evaluations.${d.lang}.json`,
    `/i18n/rooms.${d.lang}.json`, `/i18n/digest.${d.lang}.json`,
    `/i18n/usage.${d.lang}.json`, `/i18n/library.${d.lang}.json`, `/i18n/grants.${d.lang}.json`);
  // The final report's strings.
  if (d.member) urls.push(`/i18n/report.${d.lang}.json`);
  if (d.evaluate) urls.push(...EVALUATE, `/i18n/evaluations.${d.lang}.json`);
  if (d.admin) urls.push('/js/admin.js');
  e.waitUntil(caches.open(VERSION).then((c) => keep(c, urls)));
});

self.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  if (req.mode === 'navigate') {
    // Pages: the network first (fresh HTML), the cached shell when offline.
    e.respondWith(fetch(req).catch(() => caches.match('/')));
    return;
  }
  // Static files: the cache first, refreshed in the background (stale-while-revalidate).
  e.respondWith(caches.open(VERSION).then(async (cache) => {
    const hit = await cache.match(req);
    const fresh = fetch(req).then((res) => {
      if (res.ok && res.type === 'basic') cache.put(req, res.clone());
      return res;
    });
    if (hit) { fresh.catch(() => {}); return hit; }
    return fresh;
  }));
});
