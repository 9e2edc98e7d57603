// Tandem's app shell: session state, the shell (header, nav, language switcher), client-side routing.
import { h, clear, announce, btn, append } from './dom.js';
import { t, setLang, pickLang, getLang, LANGS, autonym } from './i18n.js';
import { api, setUnauthenticatedHandler } from './api.js';
import * as auth from './pages/auth.js';
import * as people from './pages/profile.js';
import * as account from './pages/account.js';
import * as communities from './pages/communities.js';

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
  [/^\/profile$/, people.myProfile, true],
  [/^\/account$/, account.page, true],
  [/^\/communities$/, communities.directory, true],
  [new RegExp(`^/communities/${ID}$`), communities.home, true],
  [new RegExp(`^/users/${ID}$`), people.userProfile, true],
  [/^\/admin(?:\/(users|communities|outbox|audit))?$/, adminPage, true],
  // Mentoring: loaded on demand.
  [/^\/notifications$/, lazy('dashboard', 'notifications'), true],
  [/^\/messages$/, lazy('messages', 'inbox'), true],
  [new RegExp(`^/messages/${ID}$`), lazy('messages', 'thread'), true],
  [new RegExp(`^/communities/${ID}/roll$`), lazy('roll', 'roll'), true],
  [new RegExp(`^/communities/${ID}/request$`), lazy('project', 'newRequest'), true],
  [new RegExp(`^/communities/${ID}/matching$`), lazy('project', 'matching'), true],
  [new RegExp(`^/communities/${ID}/group$`), lazy('project', 'newGroup'), true],
  [new RegExp(`^/projects/${ID}$`), lazy('project', 'project'), true],
  [new RegExp(`^/projects/${ID}/files$`), lazy('files', 'folder'), true],
  [new RegExp(`^/projects/${ID}/files/trash$`), lazy('files', 'trash'), true],
];

/** A page from a module of js/mentoring/, imported when first needed. */
export function lazy(mod, name) {
  return async (ctx) => (await import(`./mentoring/${mod}.js`))[name](ctx);
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

export async function refreshMe() {
  const before = state.me && state.me.user.id;
  try {
    state.me = await api('GET', '/api/me', null, { quiet: true });
  } catch (e) {
    if (e.status !== 401 && e.status !== 403) throw e;
    state.me = null;
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
      unreachable = e;
      if (byHand) announce(t(e.status ? 'offline.still_down' : 'offline.still'), 'error');
    }).finally(() => { retrying = null; });
  }
  return retrying;
}

function waitForConnection(ctx) {
  const down = unreachable && unreachable.status;
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
  let page = notFound;
  let needsAuth = false;
  for (const [re, fn, a] of routes) {
    match = re.exec(path);
    if (match) { page = fn; needsAuth = a; break; }
  }
  if (unreachable) page = waitForConnection;
  else if (needsAuth && !state.me) return toLogin();
  else if (state.me && (path === '/login' || path === '/signup')) {
    // Already logged in: on to where the log-in would lead.
    return navigate(safeNext(new URLSearchParams(location.search).get('next')), { replace: true });
  }
  const root = h('div', { class: 'page' });
  clear(main).append(root);
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
    await page(ctx);
  } catch (e) {
    if (!e.handled && ctx.alive()) {
      root.append(h('p', { class: 'form-error', role: 'alert' }, e.code ? t('error.load') + ' ' + (e.message || '') : t('error.unknown')));
      console.error(e);
    }
  }
  firstRender = false;
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
  const langBox = clear(document.getElementById('lang'));
  const sel = h('select', { id: 'lang-select', onchange: async (e) => { await setLang(e.target.value, true); renderShell(); render(); } },
    LANGS.map((l) => h('option', { value: l, lang: l, selected: l === getLang() }, autonym(l))));
  langBox.append(h('label', { for: 'lang-select', class: 'lang-label' }, t('shell.language')), sel);
  document.getElementById('nav').setAttribute('aria-label', t('shell.nav'));
  document.getElementById('foot').textContent = t('shell.footer');
  renderNav();
}

function renderNav() {
  const ul = clear(document.getElementById('nav-list'));
  const link = (href, label) => h('li', null, h('a', { href }, label));
  if (unreachable) return;
  if (state.me) {
    append(ul, [
      link('/', t('nav.home')),
      h('li', null, h('a', { href: '/notifications', id: 'nav-notes' }, t('nav.notifications'),
        state.unread ? [' ', h('span', { class: 'count' }, t('nav.unread', { n: state.unread }))] : null)),
      h('li', null, h('a', { href: '/messages', id: 'nav-messages' }, t('nav.messages'),
        state.unreadMessages ? [' ', h('span', { class: 'count' }, t('nav.unread_messages', { n: state.unreadMessages }))] : null)),
      link('/communities', t('nav.communities')),
      link('/profile', t('nav.profile')),
      link('/account', t('nav.account')),
      state.me.user.platform_admin ? link('/admin', t('nav.admin')) : null,
      h('li', null, btn(t('nav.logout'), logout, 'linklike')),
    ]);
  } else {
    ul.append(link('/login', t('nav.login')), link('/signup', t('nav.signup')));
  }
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
  if (changed && state.me) renderNav();
}

function markNav(path) {
  document.querySelectorAll('#nav-list a').forEach((a) => {
    const href = a.getAttribute('href');
    const on = href === path || (href !== '/' && path.startsWith(href + '/'));
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

async function logout() {
  try { await api('POST', '/api/auth/logout', {}, { quiet: true }); } catch { /* gone already */ }
  state.me = null;
  renderNav();
  await navigate('/login', { replace: false });
  announce(t('auth.logged_out'));
}

// ---- Start -------------------------------------------------------------------------------------------------------

setUnauthenticatedHandler(() => {
  const wasIn = !!state.me;
  state.me = null;
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

// Back online, or back on this tab: a page waiting for the connection tries again.
window.addEventListener('online', () => { if (unreachable) retryMe(); });
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'visible') return;
  if (unreachable) retryMe();
  else setUnread(undefined, false, VISIBLE_MS);
});

async function start() {
  await Promise.all([setLang(pickLang()), refreshMe().catch((e) => { unreachable = e; })]);
  renderShell();
  await render();
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
}
start();
