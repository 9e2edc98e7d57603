// A session diary's draft, with no DOM (js/mentoring/diary.js draws it): what the diarist types is kept on this
// device at once (IndexedDB, per user, project and session), saved to the server after a pause in the typing, when a
// field is left, when the page is hidden and when the connection returns. Each save carries a client key made for
// its text and the revision it was edited from, and kept with the draft: a retry of the same text is the same request
// (the server stores it once), also after a reload. A save that finds a newer revision on the server (409) hands both
// texts to the panel to merge, unless the newer one is this device's own earlier save whose answer was lost. Nothing
// typed is dropped: a save the server refuses keeps the draft. Everything it touches outside itself (the requests,
// the store, timers, the clock, whether the device is online) can be given, so Node tests it
// (tests/unit/diary-drafts.test.mjs). The API: PUT /api/projects/{id}/sessions/{session}/diary.

const DB = 'tandem-drafts';
const STORE = 'drafts';
const RETRY_MAX = 60_000;

/** The drafts kept on this device: IndexedDB, or memory when it cannot be opened (private mode). get/put/del. */
export function draftStore(idb = globalThis.indexedDB) {
  const mem = new Map();
  let db = null;
  const open = () => db || (db = new Promise((resolve) => {
    try {
      const req = idb.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  }));
  async function run(mode, fn) {
    const d = idb ? await open() : null;
    if (!d) throw new Error('no IndexedDB');
    return new Promise((resolve, reject) => {
      const tx = d.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  }
  return {
    async get(key) {
      try {
        const v = await run('readonly', (s) => s.get(key));
        return v === undefined ? mem.get(key) ?? null : v;
      } catch {
        return mem.get(key) ?? null;
      }
    },
    async put(key, value) {
      mem.set(key, value);
      try { await run('readwrite', (s) => s.put(value, key)); } catch { /* memory only */ }
    },
    async del(key) {
      mem.delete(key);
      try { await run('readwrite', (s) => s.delete(key)); } catch { /* memory only */ }
    },
  };
}

function newKey() {
  const b = new Uint8Array(12);
  crypto.getRandomValues(b);
  return 'd-' + Date.now().toString(36) + '-' + [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

const list = (v) => {
  if (Array.isArray(v)) return v;
  try {
    const x = JSON.parse(v || '[]');
    return Array.isArray(x) ? x : [];
  } catch {
    return [];
  }
};

/** A stored entry as the page uses it: its answers and attendance parsed (the API sends them as JSON text). */
export function parseEntry(e) {
  if (!e) return null;
  return {
    answers: list(e.answers).map((a) => String(a ?? '')),
    attendance: list(e.attendance).filter((a) => a && typeof a.user === 'string').map((a) => ({ user: a.user, present: !!a.present })),
    minutes: Number.isFinite(e.minutes) ? e.minutes : null,
    revision: Number(e.revision) || 0,
    state: e.state || 'draft',
  };
}

/** What is written (answers, attendance, minutes), apart from where it stands. */
export const textOf = (x) => ({ answers: [...(x.answers || [])], attendance: (x.attendance || []).map((a) => ({ user: a.user, present: !!a.present })), minutes: x.minutes ?? null });

const norm = (x) => {
  const t = textOf(x);
  while (t.answers.length && t.answers[t.answers.length - 1] === '') t.answers.pop();
  t.attendance.sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
  // The server stores no minutes as 0.
  t.minutes = Number(t.minutes) || 0;
  return JSON.stringify(t);
};
/** The same text? (Trailing empty answers, the order of the attendance and minutes left empty or 0 do not count.) */
export const sameText = (a, b) => !!a && !!b && norm(a) === norm(b);

/**
 * The draft of the diary of session `sid` in project `pid`, by `user`. `size`: the agenda's length (one answer per
 * item). `request(method, path, body)` -> {status, data} (throws when there is no answer at all). `auto`: save after
 * a pause in the typing (a draft); otherwise only when asked (flush), when the page is hidden or the connection
 * returns (an entry already submitted, whose every save is kept as a revision). `on.change(state)` after each change
 * of what the panel shows. Nothing happens until start().
 */
export function diaryDraft({
  pid, sid, user, size,
  request,
  store = draftStore(),
  auto = true,
  delay = 1500,
  online = () => globalThis.navigator?.onLine !== false,
  onOnline = (fn) => { globalThis.addEventListener?.('online', fn); return () => globalThis.removeEventListener?.('online', fn); },
  setTimeout: later = (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: cancel = (id) => globalThis.clearTimeout(id),
  now = () => Date.now(),
  makeKey = newKey,
  on = {},
} = {}) {
  const key = `${user} ${pid} ${sid}`;
  const path = `/api/projects/${pid}/sessions/${sid}/diary`;
  const tell = { change() {}, ...on };
  // status: idle | saving | saved | offline | retrying | conflict | error
  const s = { draft: null, server: null, conflict: null, error: null, status: 'idle', savedAt: 0 };
  let timer = 0;
  let retryTimer = 0;
  let backoff = 0;
  let sending = null;
  let again = false;
  let stopped = false;
  let unlisten = () => {};
  let writes = Promise.resolve();

  const snapshot = () => ({ status: s.status, dirty: !!(s.draft && s.draft.dirty), conflict: s.conflict, error: s.error, savedAt: s.savedAt,
    text: s.draft ? textOf(s.draft) : null, base: s.draft ? s.draft.base : 0, server: s.server });
  const emit = () => { if (!stopped) tell.change(snapshot()); };
  const setStatus = (st) => { s.status = st; emit(); };
  const fit = (answers) => Array.from({ length: Math.max(size, 0) }, (_, i) => String(answers[i] ?? ''));

  /** Keep the draft as it is now (writes in order, so an older one never lands last). */
  function persist() {
    const copy = JSON.parse(JSON.stringify(s.draft));
    writes = writes.then(() => store.put(key, copy)).catch(() => {});
    return writes;
  }

  const blank = (entry) => ({
    ...(entry ? textOf(entry) : { answers: [], attendance: [], minutes: null }),
    base: entry ? entry.revision : 0, dirty: false, key: null, keyFor: null, sent: [], at: now(),
  });

  function schedule(ms) {
    cancel(timer);
    timer = later(() => { timer = 0; save(); }, ms);
  }

  function retry() {
    if (stopped) return;
    if (!online()) { setStatus('offline'); return; }
    setStatus('retrying');
    backoff = Math.min(backoff ? backoff * 2 : 2000, RETRY_MAX);
    cancel(retryTimer);
    retryTimer = later(() => { retryTimer = 0; save(); }, backoff);
  }

  /** Save the draft now, if it changed (one request at a time; a change meanwhile is saved right after). */
  async function save() {
    if (stopped || !s.draft || !s.draft.dirty || s.conflict) return undefined;
    if (sending) { again = true; return sending; }
    if (!online()) { setStatus('offline'); return undefined; }
    cancel(timer);
    timer = 0;
    cancel(retryTimer);
    retryTimer = 0;
    const text = textOf(s.draft);
    const sig = JSON.stringify([text, s.draft.base]);
    // One key per text and base: the same text again (a retry) is the same request.
    if (!s.draft.key || s.draft.keyFor !== sig) s.draft = { ...s.draft, key: makeKey(), keyFor: sig };
    const attempt = { text, base: s.draft.base, key: s.draft.key, sig };
    // Remembered before it leaves: it may be stored without an answer coming back.
    s.draft = { ...s.draft, sent: [...(s.draft.sent || []).filter((x) => x.sig !== sig), { text, base: attempt.base, sig }].slice(-5) };
    persist();
    setStatus('saving');
    sending = send(attempt).finally(() => {
      sending = null;
      if (again) { again = false; save(); }
    });
    return sending;
  }

  async function send(a) {
    const body = { answers: fit(a.text.answers), attendance: a.text.attendance, base: a.base, client_key: a.key };
    if (a.text.minutes != null && a.text.minutes !== '') body.minutes = Number(a.text.minutes);
    let res;
    try {
      res = await request('PUT', path, body);
    } catch {
      // No answer: perhaps stored, perhaps not. Tried again with the same key, so never stored twice.
      retry();
      return;
    }
    if (stopped) return;
    const { status, data } = res || {};
    if (status >= 200 && status < 300) { accepted(a, parseEntry(data && data.entry)); return; }
    const err = (data && data.error) || {};
    if (status === 409 && err.code === 'diary_conflict') { conflicted(parseEntry(data.current), Number(data.revision) || 0); return; }
    if (!status || status >= 500 || status === 429 || status === 408) { retry(); return; }
    // Refused (a field too long, the diary closed, not the diarist any more): said, and kept here.
    s.error = { status, code: err.code || 'http_' + status, message: err.message || '', field: err.field || null };
    setStatus('error');
  }

  function accepted(a, entry) {
    backoff = 0;
    s.server = entry;
    s.error = null;
    if (entry && !sameText(entry, a.text)) {
      // The server holds another text than this one (a repeat of a save someone else's came after): compare.
      s.conflict = { theirs: entry, revision: entry.revision };
      s.draft = { ...s.draft, sent: [] };
      persist();
      setStatus('conflict');
      return;
    }
    const revision = entry ? entry.revision : a.base + 1;
    // Typed meanwhile: that text is based on the one just stored, and waits for its own save.
    const changed = JSON.stringify([textOf(s.draft), a.base]) !== a.sig;
    s.draft = { ...s.draft, base: revision, dirty: changed, sent: [] };
    if (!changed) s.draft = { ...s.draft, key: null, keyFor: null };
    s.savedAt = now();
    persist();
    setStatus(changed ? (auto ? 'saving' : 'idle') : 'saved');
    if (changed && auto) again = true;
  }

  function conflicted(theirs, revision) {
    s.server = theirs;
    // The stored text is one this device sent earlier (its answer lost): not a conflict; carry on from it.
    const own = theirs && (s.draft.sent || []).find((x) => sameText(x.text, theirs) && x.base + 1 === revision);
    if (own) {
      const same = sameText(s.draft, theirs);
      s.draft = { ...s.draft, base: revision, sent: [], dirty: !same, ...(same ? { key: null, keyFor: null } : {}) };
      persist();
      if (same) { s.savedAt = now(); setStatus('saved'); } else again = true;
      return;
    }
    s.conflict = { theirs, revision };
    persist();
    setStatus('conflict');
  }

  const api = {
    key,
    /** Start from the server's view of the diary (GET …/diary; null offline with nothing kept) and the draft kept on
     * this device: a draft not saved yet wins; a kept copy at least as new as the server's too (the view may be one
     * kept from earlier). Returns the text to show. */
    async start(view) {
      const entry = parseEntry(view && view.entry);
      let kept = null;
      try { kept = await store.get(key); } catch { /* none */ }
      if (kept && (!Array.isArray(kept.answers) || typeof kept.base !== 'number')) kept = null;
      if (kept && (kept.dirty || !entry || kept.base >= entry.revision)) s.draft = { sent: [], ...kept };
      else s.draft = blank(entry);
      s.draft.answers = fit(s.draft.answers);
      s.server = entry;
      unlisten = onOnline(() => { backoff = 0; if (s.draft && s.draft.dirty) save(); });
      if (s.draft.dirty) {
        if (online()) save();
        else setStatus('offline');
      } else emit();
      return textOf(s.draft);
    },
    /** Something was typed: kept on this device now, saved after a pause. */
    edit(patch) {
      if (stopped || !s.draft) return;
      // The same text again (a field's change event after its input events): nothing new to keep or save.
      if (JSON.stringify(textOf({ ...s.draft, ...patch })) === JSON.stringify(textOf(s.draft))) return;
      s.draft = { ...s.draft, ...patch, dirty: true, at: now() };
      if (s.status === 'error') { s.error = null; s.status = 'idle'; }
      persist();
      if (auto && !s.conflict) schedule(delay);
      emit();
    },
    /** Save now what is not saved yet (a field left, the page hidden, "Save"); resolves once it is settled. */
    async flush() {
      cancel(timer);
      timer = 0;
      for (let i = 0; i < 4 && s.draft && s.draft.dirty && !s.conflict && online() && !stopped; i++) {
        await save();
        if (['error', 'retrying', 'offline', 'conflict'].includes(s.status)) break;
      }
      await writes;
      return snapshot();
    },
    /** The merged text after a conflict: saved on the stored revision. */
    resolve(text) {
      const c = s.conflict;
      if (!c || stopped) return undefined;
      s.conflict = null;
      s.draft = { ...s.draft, ...textOf(text), answers: fit(text.answers || []), base: c.revision, dirty: true, sent: [], key: null, keyFor: null };
      persist();
      return save();
    },
    /** A newer view of the diary from elsewhere (after submitting it, say): taken when nothing waits to be saved. */
    adopt(view) {
      const entry = parseEntry(view && view.entry);
      if (!entry || !s.draft) return;
      s.server = entry;
      if (!s.draft.dirty && !s.conflict && entry.revision >= s.draft.base) {
        s.draft = { ...s.draft, ...textOf(entry), answers: fit(entry.answers), base: entry.revision };
        persist();
      }
    },
    /** Forget the copy on this device (once nothing waits to be saved). */
    async forget() {
      if (s.draft && s.draft.dirty) return;
      await writes;
      try { await store.del(key); } catch { /* gone anyway */ }
    },
    state: snapshot,
    stop() {
      stopped = true;
      cancel(timer);
      cancel(retryTimer);
      unlisten();
    },
  };
  return api;
}
