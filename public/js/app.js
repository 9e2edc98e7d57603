// Tandem's app shell: session state, the shell (header, nav, language switcher), client-side routing.
import { h, clear, announce, btn, lastSeen } from './dom.js';
import { t, setLang, pickLang, getLang, LANGS, autonym } from './i18n.js';
import { api, setUnauthenticatedHandler, setStaleHandler } from './api.js';
import { drawNav, markNav, setCounts, icon } from './nav.js';
import * as auth from './pages/auth.js';

export const state = { me: null, unread: 0, unreadMessages: 0 };

const ID = '([0-9a-f]{28})';
// [pattern, page, needs a session]
const routes = [
  [/^\/$/, auth.home, false],
  [/^\/signup$/, auth.signup, false],
  [/^\/verify$/, auth.verify, false],
  [/^\/login$/, auth.login, false],
  [/^\/forgot$/, auth.forgot, false],
  [/^\/reset$/, auth.reset, false],
  [/^\/confirm-email$/, auth.confirmEmail, false],
  // A developer's machine only (the server answers 404 anywhere else).
  [/^\/mailbox$/, lazy('pages/mailbox', 'mailbox'), false],
  // The members' pages: loaded on demand, so that the first visit (logged out) carries only the log-in's code.
  [/^\/profile$/, lazy('pages/profile', 'myProfile'), true],
  [/^\/account$/, lazy('pages/account', 'page'), true],
  [/^\/communities$/, lazy('pages/communities', 'directory'), true],
  [new RegExp(`^/communities/${ID}$`), lazy('pages/communities', 'home'), true],
  [new RegExp(`^/users/${ID}$`), lazy('pages/profile', 'userProfile'), true],
  [/^\/admin(?:\/(users|communities|outbox|audit))?$/, adminPage, true],
  // Mentoring: loaded on demand.
  [/^\/notifications$/, lazy('mentoring/dashboard', 'notifications'), true],
  [/^\/messages$/, lazy('mentoring/messages', 'inbox'), true],
  [new RegExp(`^/messages/${ID}$`), lazy('mentoring/messages', 'thread'), true],
  [new RegExp(`^/communities/${ID}/roll$`), lazy('mentoring/roll', 'roll'), true],
  [new RegExp(`^/communities/${ID}/request$`), lazy('mentoring/project', 'newRequest'), true],
  [new RegExp(`^/communities/${ID}/matching$`), lazy('mentoring/project', 'matching'), true],
  [new RegExp(`^/communities/${ID}/group$`), lazy('mentoring/project', 'newGroup'), true],
  [new RegExp(`^/projects/${ID}$`), lazy('mentoring/project', 'project'), true],
  [new RegExp(`^/projects/${ID}/files$`), lazy('mentoring/files', 'folder'), true],
  [new RegExp(`^/projects/${ID}/files/trash$`), lazy('mentoring/files', 'trash'), true],
];

/** A page from a module of js/ (`pages/profile`, `mentoring/chat`), imported when first needed. */
export function lazy(mod, name) {
  return async (ctx) => (await import(`./${mod}.js`))[name](ctx);
}

async function adminPage(ctx) {
  if (!state.me.user.platform_admin) {
    ctx.heading(t('forbidden.title'));
    ctx.root.append(h('p', null, t('forbidden.text')));
    return;
  }
  const mod = await import('./admin.js');
  return mod.page(ctx);
}

// What was last seen, kept for reading offline (js/seen.js): loaded only once someone is or was logged in.
const seen = () => import('./seen.js');
const keptOwner = () => { try { return localStorage.getItem('tandem.seen.owner'); } catch { return null; } };
/** Forget what was kept (at log-out, or when the server says the session is gone). */
const forgetSeen = () => (keptOwner() ? seen().then((m) => m.forget()).catch(() => {}) : Promise.resolve());

/** Whether state.me is the one kept from an earlier visit (offline at start), not a fresh answer. */
let meKept = false;

/** Ask who is logged in. `orKept`: offline, carry on with the answer kept from the last visit, if any. */
export async function refreshMe(orKept = false) {
  const before = state.me && state.me.user.id;
  try {
    const me = await api('GET', '/api/me', null, { quiet: true });
    state.me = me;
    meKept = false;
    seen().then(async (m) => { await m.setOwner(me.user.id); await m.keep('/api/me', me); }).catch(() => {});
  } catch (e) {
    const kept = orKept && e.status === 0 && keptOwner() ? await seen().then((m) => m.recall('/api/me'), () => null) : null;
    if (kept) {
      state.me = kept.data;
      meKept = true;
    } else {
      if (e.status !== 401 && e.status !== 403) throw e;
      state.me = null;
      forgetSeen();
    }
  }
  unreachable = null;
  if ((state.me && state.me.user.id) !== before) { state.unread = 0; state.unreadMessages = 0; unreadAt = 0; askedAt.n = askedAt.m = performance.now(); }
  renderNav();
  return state.me;
}

/** The error of a first GET /api/me that got no answer (offline, or Tandem down): whether someone is logged in is
 * not known, so no page is drawn (nor the log-in form) until it answers. */
let unreachable = null;
let retrying = null;

/** Ask /api/me again (when the connection returns, or on "Try again"); once it answers, draw the page asked for. */
function retryMe(byHand = false) {
  if (!retrying) {
    retrying = refreshMe().then(() => render(), (e) => {
      // With a session known (fresh, or kept), pages seen before can still be read: only the page waits.
      if (!state.me) unreachable = e;
      if (byHand) announce(t(e.status ? 'offline.still_down' : 'offline.still'), 'error');
    }).finally(() => { retrying = null; });
  }
  return retrying;
}

/** Whether the page shows something that waits for the connection: its "No connection" text, or answers kept
 * from earlier (the time of the oldest), or a session kept from an earlier visit. */
const page = { offline: false, staleAt: 0 };
const waiting = () => !!(unreachable || page.offline || page.staleAt || meKept);

/** An answer kept from `at` is shown: say so at the top of the page ("Offline: shown as last seen at 14:05"). */
setStaleHandler((at, path) => {
  if (path === '/api/me') return;
  const root = document.querySelector('#view > .page');
  if (!root) return;
  page.staleAt = page.staleAt ? Math.min(page.staleAt, at) : at;
  let note = root.querySelector(':scope > .stale');
  if (!note) {
    note = h('p', { class: 'notice stale' });
    const h1 = root.querySelector(':scope > h1');
    if (h1) h1.after(note); else root.prepend(note);
  }
  note.textContent = lastSeen(page.staleAt);
});

/** A network failure or a module that could not be fetched, while offline. */
const isOffline = (e) => e && (e.status === 0 || (e instanceof TypeError && !navigator.onLine));

function waitForConnection(ctx, e = unreachable) {
  const down = e && e.status;
  ctx.heading(t(down ? 'offline.down_title' : 'offline.title'));
  ctx.root.append(h('p', { class: 'notice' }, t(down ? 'offline.down_text' : 'offline.text')),
    h('p', null, btn(t('offline.retry'), () => retryMe(true))));
}

/** Where `next` may lead after logging in: a path of this site, never the log-in or sign-up page again. */
export function safeNext(next) {
  return next && /^\/(?![/\\])/.test(next) && !/^\/(login|signup)(?:[?#]|$)/.test(next) ? next : '/';
}

let current = 0;

export function navigate(to, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  return render();
}

/** The login page, then back here. */
export function toLogin(replace = true) {
  const here = location.pathname + location.search;
  const next = here.startsWith('/login') || here === '/' ? '' : '?next=' + encodeURIComponent(here);
  return navigate('/login' + next, { replace });
}

async function render() {
  const token = ++current;
  const main = document.getElementById('view');
  const path = location.pathname;
  let match = null;
  let draw = notFound;
  let needsAuth = false;
  for (const [re, fn, a] of routes) {
    match = re.exec(path);
    if (match) { draw = fn; needsAuth = a; break; }
  }
  if (unreachable) draw = waitForConnection;
  else if (needsAuth && !state.me) return toLogin();
  else if (state.me && (path === '/login' || path === '/signup')) {
    // Already logged in: on to where the log-in would lead.
    return navigate(safeNext(new URLSearchParams(location.search).get('next')), { replace: true });
  }
  const root = h('div', { class: 'page' });
  clear(main).append(root);
  page.offline = false;
  page.staleAt = 0;
  announce('');
  markNav(path);
  setUnread();
  const ctx = {
    root,
    params: match ? match.slice(1) : [],
    query: new URLSearchParams(location.search),
    alive: () => token === current,
    rerender: () => render(),
    heading(text) {
      const h1 = h('h1', { tabindex: '-1' }, text);
      root.prepend(h1);
      document.title = `${text} · ${t('app.name')}`;
      if (token === current && !firstRender) h1.focus();
      return h1;
    },
  };
  try {
    await draw(ctx);
  } catch (e) {
    if (e.handled || !ctx.alive()) { /* said already, or another page is drawn */ } else if (isOffline(e)) {
      // Nothing kept for this page: it says it waits for the connection, and carries on when it returns.
      page.offline = true;
      clear(root);
      announce('');
      waitForConnection(ctx, e);
    } else {
      root.append(h('p', { class: 'form-error', role: 'alert' }, e.code ? t('error.load') + ' ' + (e.message || '') : t('error.unknown')));
      console.error(e);
    }
  }
  firstRender = false;
  if (ctx.alive()) precache();
}
let firstRender = true;

function notFound(ctx) {
  ctx.heading(t('notfound.title'));
  ctx.root.append(h('p', null, t('notfound.text')), h('p', null, h('a', { href: '/' }, t('nav.home'))));
}

// ---- The shell ----------------------------------------------------------------------------------------------------

function renderShell() {
  document.getElementById('skip').textContent = t('shell.skip');
  const brand = document.getElementById('brand');
  brand.textContent = t('app.name');
  brand.setAttribute('aria-label', t('shell.home_label'));
  clear(langBox);
  const sel = h('select', { id: 'lang-select', onchange: async (e) => { await setLang(e.target.value, true); renderShell(); render(); } },
    LANGS.map((l) => h('option', { value: l, lang: l, selected: l === getLang() }, autonym(l))));
  // In the bar (logged out) a globe says what it is; in the menu, the word.
  langBox.append(h('label', { for: 'lang-select', class: 'lang-label' }, icon('globe'), h('span', { class: 'lang-name' }, t('shell.language'))), sel);
  document.getElementById('nav').setAttribute('aria-label', t('shell.nav'));
  document.getElementById('foot').textContent = t('shell.footer');
  renderNav();
}

// The language switcher: in the bar, or in the navigation's menu (js/nav.js moves it), so held here.
const langBox = document.getElementById('lang');

function renderNav() {
  const ul = clear(document.getElementById('nav-list'));
  const bar = document.querySelector('.top .bar');
  if (unreachable) { bar.append(langBox); return; }
  drawNav(ul, { me: state.me, unread: state.unread, unreadMessages: state.unreadMessages, lang: langBox, logout, bar });
  markNav(location.pathname);
}

/** Show the unread counts (notifications, private messages) in the header; with no number, ask the server: when the
 * last answer is older than `maxAge` ms (30 s on each page; 10 s when the tab is shown again), or now when `force`d
 * (after opening a thread or sending a message). A count asked for earlier never replaces one asked for later. */
let unreadAt = 0;
const askedAt = { n: 0, m: 0 };
const VISIBLE_MS = 10000;
export async function setUnread(n, force = false, maxAge = 30000) {
  let m;
  const at = performance.now();
  if (n === undefined) {
    if (!state.me || (!force && Date.now() - unreadAt < maxAge)) return;
    unreadAt = Date.now();
    const get = (path) => api('GET', path, null, { quiet: true }).then((r) => r.unread);
    try { [n, m] = await Promise.all([get('/api/notifications?limit=1'), get('/api/me/messages?limit=1')]); } catch { return; }
  } else unreadAt = Date.now();
  showUnread(n, m, at);
}

export const setUnreadMessages = (m) => showUnread(undefined, m, performance.now());

function showUnread(n, m, at) {
  let changed = false;
  if (n !== undefined && at >= askedAt.n) { askedAt.n = at; changed = changed || n !== state.unread; state.unread = n; }
  if (m !== undefined && at >= askedAt.m) { askedAt.m = at; changed = changed || m !== state.unreadMessages; state.unreadMessages = m; }
  if (changed && state.me) setCounts(state.unread, state.unreadMessages);
}

async function logout() {
  try { await api('POST', '/api/auth/logout', {}, { quiet: true }); } catch { /* gone already */ }
  state.me = null;
  meKept = false;
  await forgetSeen();
  renderNav();
  await navigate('/login', { replace: false });
  announce(t('auth.logged_out'));
}

// ---- Start -------------------------------------------------------------------------------------------------------

setUnauthenticatedHandler(() => {
  const wasIn = !!state.me;
  state.me = null;
  meKept = false;
  forgetSeen();
  renderNav();
  if (!location.pathname.startsWith('/login')) {
    toLogin().then(() => announce(t(wasIn ? 'auth.session_ended' : 'auth.please_login'), 'error'));
  }
});

document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  e.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});
window.addEventListener('popstate', render);

// Back online, or back on this tab: a page waiting for the connection (or showing what was last seen) tries again;
// one where something is being written (a chat message, an answer) is not redrawn under the writer's fingers: it
// offers to show what is new.
window.addEventListener('online', () => {
  if (!waiting()) return;
  const note = document.querySelector('#view > .page > .stale');
  const writing = [...document.querySelectorAll('#view textarea')].some((ta) => ta.value.trim());
  if (!note || !writing) { retryMe(); return; }
  clear(note).append(t('offline.back'), ' ', btn(t('offline.refresh'), () => retryMe(), 'small'));
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'visible') return;
  if (waiting() && navigator.onLine) retryMe();
  else setUnread(undefined, false, VISIBLE_MS);
});

// ---- Offline use: the service worker ----------------------------------------------------------------------------

/** Once the first page is usable and the browser is idle, the service worker is installed, then asked to keep what
 * this person needs offline: the strings of their language and, for members, the pages' code. Asked again after
 * logging in and after a change of language. */
let swAsked = '';
export function precache() {
  if (!('serviceWorker' in navigator) || unreachable) return;
  const want = { type: 'precache', lang: getLang(), member: !!state.me, admin: !!(state.me && state.me.user.platform_admin) };
  const key = JSON.stringify(want);
  if (key === swAsked) return;
  swAsked = key;
  idle(() => navigator.serviceWorker.register('/sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => reg.active && reg.active.postMessage(want))
    .catch(() => { swAsked = ''; }));
}

function idle(fn) {
  const go = () => ('requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 3000 }) : setTimeout(fn, 200));
  if (document.readyState === 'complete') go();
  else window.addEventListener('load', go, { once: true });
}

async function start() {
  await Promise.all([setLang(pickLang()), refreshMe(true).catch((e) => { unreachable = e; })]);
  renderShell();
  await render();
}
start();
