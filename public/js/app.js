// Tandem's app shell: the header, navigation and language switcher, links handled here, coming back online, and the
// service worker. Who is logged in lives in js/session.js, routing in js/router.js and js/routes.js; nothing imports
// this file.
import { h, clear, announce, btn, setDraftOwner } from './dom.js';
import { t, setLang, pickLang, getLang, LANGS, autonym } from './i18n.js';
import { api, setUnauthenticatedHandler } from './api.js';
import { drawNav, markNav, icon } from './nav.js';
import { state, session, refreshMe, onSessionChange, signedOut, logout, setUnread } from './session.js';
import { startRouter, render, navigate, toLogin, retryMe, waiting } from './router.js';
import { routes } from './routes.js';

// ---- The shell ----------------------------------------------------------------------------------------------------

function renderShell() {
  document.getElementById('skip').textContent = t('shell.skip');
  const brand = document.getElementById('brand');
  brand.textContent = t('app.name');
  brand.setAttribute('aria-label', t('shell.home_label'));
  clear(langBox);
  const sel = h('select', { id: 'lang-select', onchange: async (e) => {
    await setLang(e.target.value, true);
    // Signed in: their e-mails follow the language they chose.
    if (state.me) api('PUT', '/api/me/preferences', { language: e.target.value, language_chosen: true }, { quiet: true }).catch(() => {});
    renderShell();
    render();
  } },
    LANGS.map((l) => h('option', { value: l, lang: l, selected: l === getLang() }, autonym(l))));
  // In the bar (logged out) a globe says what it is; in the menu, the word.
  langBox.append(h('label', { for: 'lang-select', class: 'lang-label' }, icon('globe'), h('span', { class: 'lang-name' }, t('shell.language'))), sel);
  document.getElementById('nav').setAttribute('aria-label', t('shell.nav'));
  document.getElementById('foot').replaceChildren(t('shell.footer'), ' · ', h('a', { href: '/accessibility' }, t('shell.accessibility')));
  renderNav();
}

// The person's own language, found when they log in (pages/auth.js): the shell is drawn again in it.
window.addEventListener('tandem:lang', () => renderShell());

// The language switcher: in the bar, or in the navigation's menu (js/nav.js moves it), so held here.
const langBox = document.getElementById('lang');

// What waits for the connection, said at the top of every page; drafts and the outbox belong to the person logged in.
let outboxLine = null;
function outbox() {
  const id = state.me ? state.me.user.id : null;
  setDraftOwner(id);
  if (!outboxLine) {
    outboxLine = h('p', { id: 'outbox', class: 'outbox', role: 'status', hidden: true });
    document.getElementById('main').prepend(outboxLine);
  }
  if (id || outboxLine.textContent) import('./outbox.js').then((m) => m.start(id, outboxLine)).catch(() => {});
}

function renderNav() {
  outbox();
  const ul = clear(document.getElementById('nav-list'));
  const bar = document.querySelector('.top .bar');
  if (session.unreachable) { bar.append(langBox); return; }
  drawNav(ul, { me: state.me, unread: state.unread, unreadMessages: state.unreadMessages, lang: langBox, logout: logOut, bar });
  markNav(location.pathname);
}
onSessionChange(renderNav);

const VISIBLE_MS = 10000;

async function logOut() {
  // What waits for the connection is forgotten at log-out (this may be a shared computer): asked first.
  const waitingNow = state.me ? await import('./outbox.js').then((m) => m.count(), () => 0) : 0;
  if (waitingNow && !window.confirm(t('outbox.logout_confirm', { n: waitingNow }))) return;
  await logout();
  await navigate('/login', { replace: false });
  announce(t('auth.logged_out'));
}

// ---- Start -------------------------------------------------------------------------------------------------------

setUnauthenticatedHandler(() => {
  const wasIn = signedOut();
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
 * each page (it asks only when something changed: logging in, a change of language). */
let swAsked = '';
function precache() {
  if (!('serviceWorker' in navigator) || session.unreachable) return;
  // An organisation's contact answering through their link (no account) keeps that page's code and strings too.
  const want = { type: 'precache', lang: getLang(), member: !!state.me, admin: !!(state.me && state.me.user.platform_admin),
    evaluate: location.pathname === '/evaluate' };
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
  startRouter(routes, { rendered: precache });
  await Promise.all([setLang(pickLang()), refreshMe(true).catch((e) => { session.unreachable = e; })]);
  renderShell();
  await render();
}
start();
