// Client-side routing: the page for the address (from the route table js/routes.js gives it), navigate(), pages
// loaded when first needed (lazy), and the page that waits for the connection.
import { h, clear, announce, btn, lastSeen } from './dom.js';
import { t } from './i18n.js';
import { setStaleHandler } from './api.js';
import { markNav } from './nav.js';
import { state, session, refreshMe, setUnread } from './session.js';

// [pattern, page, needs a session, drawn whoever is (or is not) logged in], and what to do once a page is drawn: given
// by startRouter.
let routes = [];
let afterRender = () => {};

/** Start routing with this table; `rendered()` runs after each page drawn. Draws nothing yet (call render()). */
export function startRouter(table, { rendered = () => {} } = {}) {
  routes = table;
  afterRender = rendered;
  window.addEventListener('popstate', render);
}

/** A page from a module of js/ (`pages/profile`, `mentoring/project`), imported when first needed. */
export function lazy(mod, name) {
  return async (ctx) => (await import(`./${mod}.js`))[name](ctx);
}

let retrying = null;

/** Ask /api/me again (when the connection returns, or on "Try again"); once it answers, draw the page asked for. */
export function retryMe(byHand = false) {
  if (!retrying) {
    retrying = refreshMe().then(() => render(), (e) => {
      // With a session known (fresh, or kept), pages seen before can still be read: only the page waits.
      if (!state.me) session.unreachable = e;
      if (byHand) announce(t(e.status ? 'offline.still_down' : 'offline.still'), 'error');
    }).finally(() => { retrying = null; });
  }
  return retrying;
}

/** Whether the page shows something that waits for the connection: its "No connection" text, or answers kept
 * from earlier (the time of the oldest), or a session kept from an earlier visit. */
const page = { offline: false, staleAt: 0 };
export const waiting = () => !!(session.unreachable || page.offline || page.staleAt || session.kept);

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

function waitForConnection(ctx, e = session.unreachable) {
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

/** Draw the page for the current address. */
export async function render() {
  const token = ++current;
  const main = document.getElementById('view');
  const path = location.pathname;
  let match = null;
  let draw = notFound;
  let needsAuth = false;
  let anyone = false;
  for (const [re, fn, a, free] of routes) {
    match = re.exec(path);
    if (match) { draw = fn; needsAuth = a; anyone = !!free; break; }
  }
  // Whether someone is logged in is not known (no answer yet): only a page that needs no session is drawn.
  if (session.unreachable && !anyone) draw = waitForConnection;
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
  if (ctx.alive()) afterRender();
}
let firstRender = true;

function notFound(ctx) {
  ctx.heading(t('notfound.title'));
  ctx.root.append(h('p', null, t('notfound.text')), h('p', null, h('a', { href: '/' }, t('nav.home'))));
}
