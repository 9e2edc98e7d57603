// Who is logged in (state.me), the unread counts in the header, and asking the server again: no page, no DOM of its own.
import { api } from './api.js';
import { setCounts } from './nav.js';

export const state = { me: null, unread: 0, unreadMessages: 0 };

/** `kept`: state.me is the one kept from an earlier visit (offline at start), not a fresh answer. `unreachable`: the
 * error of a first GET /api/me that got no answer (offline, or Tandem down): whether someone is logged in is not
 * known, so no page is drawn (nor the log-in form) until it answers. */
export const session = { kept: false, unreachable: null };

// Who is told that the session changed (the shell redraws its navigation).
const listeners = new Set();
/** `fn()` after each change of who is logged in (or of whether it is known). */
export function onSessionChange(fn) { listeners.add(fn); }
const changed = () => listeners.forEach((fn) => fn());

// What was last seen, kept for reading offline (js/seen.js): loaded only once someone is or was logged in.
const seen = () => import('./seen.js');
const keptOwner = () => { try { return localStorage.getItem('tandem.seen.owner'); } catch { return null; } };
/** Forget what was kept (at log-out, or when the server says the session is gone). */
export const forgetSeen = () => (keptOwner() ? seen().then((m) => m.forget()).catch(() => {}) : Promise.resolve());

/** Ask who is logged in. `orKept`: offline, carry on with the answer kept from the last visit, if any. */
export async function refreshMe(orKept = false) {
  const before = state.me && state.me.user.id;
  try {
    const me = await api('GET', '/api/me', null, { quiet: true });
    state.me = me;
    session.kept = false;
    seen().then(async (m) => { await m.setOwner(me.user.id); await m.keep('/api/me', me); }).catch(() => {});
  } catch (e) {
    const kept = orKept && e.status === 0 && keptOwner() ? await seen().then((m) => m.recall('/api/me'), () => null) : null;
    if (kept) {
      state.me = kept.data;
      session.kept = true;
    } else {
      if (e.status !== 401 && e.status !== 403) throw e;
      state.me = null;
      forgetSeen();
    }
  }
  session.unreachable = null;
  if ((state.me && state.me.user.id) !== before) { state.unread = 0; state.unreadMessages = 0; unreadAt = 0; askedAt.n = askedAt.m = performance.now(); }
  changed();
  return state.me;
}

/** The server said the session is gone: forget it. Returns whether someone was logged in. */
export function signedOut() {
  const wasIn = !!state.me;
  state.me = null;
  session.kept = false;
  forgetSeen();
  changed();
  return wasIn;
}

/** Removes this person's drafts and outbox from the device. */
function forgetDrafts(id) {
  try {
    for (const k of Object.keys(localStorage)) {
      if (k.startsWith(`tandem.draft.${id}:`) || k === `tandem.outbox.${id}`) localStorage.removeItem(k);
    }
  } catch { /* private mode */ }
}

/** Log out here and on the server. */
export async function logout() {
  try { await api('POST', '/api/auth/logout', {}, { quiet: true }); } catch { /* gone already */ }
  // On a shared computer nothing of theirs stays: drafts, and what waited for the connection.
  if (state.me) forgetDrafts(state.me.user.id);
  state.me = null;
  session.kept = false;
  await forgetSeen();
  changed();
}

/** Show the unread counts (notifications, private messages) in the header; with no number, ask the server: when the
 * last answer is older than `maxAge` ms (30 s on each page; 10 s when the tab is shown again), or now when `force`d
 * (after opening a thread or sending a message). A count asked for earlier never replaces one asked for later. */
let unreadAt = 0;
const askedAt = { n: 0, m: 0 };
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
