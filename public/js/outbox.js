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
function load() {
  try { return JSON.parse(localStorage.getItem(key()) || '[]'); } catch { return []; }
}
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

/** Sends what waits, oldest first, each once: stops at the first that cannot go for want of a connection. */
export function flush() {
  if (flushing || !owner) return flushing;
  flushing = (async () => {
    for (let items = load(); items.length; items = load()) {
      const [first] = items;
      try {
        await api(first.method, first.path, first.body, { quiet: true });
      } catch (e) {
        // Still offline, or logged out: it waits. Refused: it would be refused again; it goes, and the page says so.
        if (offline(e) || e.status === 401) break;
        if (box) { box.hidden = false; box.textContent = t('outbox.refused'); }
      }
      save(load().filter((i) => i.at !== first.at || i.path !== first.path));
    }
  })().finally(() => { flushing = null; });
  return flushing;
}

window.addEventListener('online', () => flush());
