// The outbox: what a person sends while offline (a private message, a profile edit, a mentoring request) waits on
// this device (localStorage, per person) and goes once, in order, when the connection returns: each carries its
// client key, so a send repeated after a lost answer is stored once; a later edit of the same thing replaces the
// earlier one still waiting. The page says how many things wait ("2 things waiting for the connection").
import { api } from './api.js';
import { t } from './i18n.js';

let owner = null;
let box = null;
let flushing = null;

const key = () => `tandem.outbox.${owner}`;
/** What waits longer than a week is dropped: sent that late, an edit would undo newer ones made elsewhere. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
function load() {
  let items = [];
  try { items = JSON.parse(localStorage.getItem(key()) || '[]'); } catch { /* private mode */ }
  return items.filter((i) => Date.now() - i.at < MAX_AGE_MS);
}

/** How many things wait (for the log-out's question). */
export const count = () => (owner ? load().length : 0);
function save(items) {
  try { if (items.length) localStorage.setItem(key(), JSON.stringify(items)); else localStorage.removeItem(key()); } catch { /* private mode */ }
  show();
}

/** A client key for something sent from this browser. */
export const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));

function show() {
  if (!box) return;
  const n = owner ? load().length : 0;
  box.hidden = !n;
  box.textContent = n ? t('outbox.waiting', { n }) : '';
}

/** Whose outbox (the person logged in, or nobody), and the line that tells how much waits. */
export function start(id, line) {
  owner = id || null;
  box = line;
  show();
  if (owner && navigator.onLine) flush();
}

const offline = (e) => e && e.status === 0;

/** Sends now if it can; offline, keeps it for later and answers `{ queued: true }`. `replaces`: what a newer send
 * makes obsolete while both wait (a profile edit replaces the last one). Refusals (4xx) are thrown as usual. */
export async function send(method, path, body, { replaces } = {}) {
  if (navigator.onLine && !load().length) {
    try { return await api(method, path, body); } catch (e) { if (!offline(e)) throw e; }
  }
  if (!owner) throw { status: 0, code: 'network' };
  const items = load().filter((i) => !(replaces && i.replaces === replaces));
  items.push({ method, path, body, replaces: replaces || null, at: Date.now() });
  save(items);
  return { queued: true };
}

/** Sends what waits, oldest first, each once: stops at the first that cannot go yet. Only as the person whose it
 * is (another may have logged in from another tab). */
export function flush() {
  if (flushing || !owner || !load().length) return flushing;
  flushing = (async () => {
    const me = await api('GET', '/api/me', null, { quiet: true }).catch(() => null);
    if (!me || me.user.id !== owner) return;
    for (let items = load(); items.length; items = load()) {
      const [first] = items;
      try {
        await api(first.method, first.path, first.body, { quiet: true });
      } catch (e) {
        // Offline, logged out, or the server busy or failing: it waits for the next try. Refused (4xx): it would be
        // refused again; it goes, and the page says so.
        if (offline(e) || e.status === 401 || e.status === 429 || e.status >= 500) break;
        if (box) { box.hidden = false; box.textContent = t('outbox.refused'); }
      }
      save(load().filter((i) => i.at !== first.at || i.path !== first.path));
    }
  })().finally(() => { flushing = null; });
  return flushing;
}

// Tried again when the connection returns, when the tab is shown, and every minute while something waits (a
// network that is up without reaching Tandem sends no "online").
window.addEventListener('online', () => flush());
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible' && navigator.onLine) flush(); });
setInterval(() => { if (navigator.onLine) flush(); }, 60_000);
