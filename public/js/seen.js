// What the person last saw, kept on this device so that it stays readable offline: the answers of a few GETs (who I
// am, the dashboard, a project's home and its messages, a thread, library items saved on purpose: pinned) and a
// chat's last messages, in IndexedDB, for one
// user at a time. Never in the service worker's HTTP cache; emptied at log-out and when someone else logs in.
const NAME = 'tandem-seen';
const STORE = 'answers';
const MAX = 60;
const OWNER = 'tandem.seen.owner';

let db = null;

function open() {
  if (!db) {
    db = new Promise((resolve, reject) => {
      const req = indexedDB.open(NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' }).createIndex('at', 'at');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    }).catch(() => null);
  }
  return db;
}

const done = (req) => new Promise((resolve, reject) => { req.onsuccess = () => resolve(req.result); req.onerror = () => reject(req.error); });

async function tx(mode, fn) {
  const d = await open();
  if (!d) return null;
  try {
    return await fn(d.transaction(STORE, mode).objectStore(STORE));
  } catch {
    return null;
  }
}

function owner() {
  try { return localStorage.getItem(OWNER); } catch { return null; }
}

// A change of owner (or forgetting) in progress: what is kept or recalled meanwhile waits for it, in call order.
let change = Promise.resolve();

/** Whose answers are kept: another user than before empties the store first. */
export function setOwner(userId) {
  change = change.then(async () => {
    if (owner() === userId) return;
    await wipe();
    try { localStorage.setItem(OWNER, userId); } catch { /* private mode: nothing is kept */ }
  });
  return change;
}

/** Keep the answer to `key` (a path) as seen now. `pin`: saved on purpose for reading offline (a library item), never
 * made room for; a later keep of the same answer keeps it pinned. */
export async function keep(key, data, pin = false) {
  await change;
  const user = owner();
  if (!user) return;
  await tx('readwrite', async (s) => {
    const was = await done(s.get(user + ' ' + key));
    await done(s.put({ key: user + ' ' + key, at: Date.now(), data, pinned: pin || !!(was && was.pinned) }));
    // The oldest go first once there are too many.
    let extra = (await done(s.count())) - MAX;
    if (extra <= 0) return;
    const cursor = s.index('at').openCursor();
    await new Promise((resolve) => {
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c || extra <= 0) { resolve(); return; }
        if (!c.value.pinned) { c.delete(); extra -= 1; }
        c.continue();
      };
      cursor.onerror = () => resolve();
    });
  });
}

/** Whether the answer to `key` was saved on purpose for reading offline. */
export async function pinned(key) {
  await change;
  const user = owner();
  if (!user) return false;
  const row = await tx('readonly', (s) => done(s.get(user + ' ' + key)));
  return !!(row && row.pinned);
}

/** No longer keep `key` on purpose (it may still be kept as seen, until room is needed). */
export async function unpin(key) {
  await change;
  const user = owner();
  if (!user) return;
  await tx('readwrite', async (s) => {
    const row = await done(s.get(user + ' ' + key));
    if (row) await done(s.put({ ...row, pinned: false }));
  });
}

/** The kept answer to `key`: {at, data}, or null. */
export async function recall(key) {
  await change;
  const user = owner();
  if (!user) return null;
  const row = await tx('readonly', (s) => done(s.get(user + ' ' + key)));
  return row ? { at: row.at, data: row.data } : null;
}

/** Forget everything kept (at log-out). */
export function forget() {
  change = change.then(wipe);
  return change;
}

async function wipe() {
  try { localStorage.removeItem(OWNER); } catch { /* ignore */ }
  await tx('readwrite', (s) => done(s.clear()));
}
