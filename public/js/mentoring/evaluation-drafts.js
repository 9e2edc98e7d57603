// An evaluation form's draft, with no DOM (js/mentoring/evaluations.js and js/pages/evaluate.js draw the form): the
// answers are kept on this device as they are given (IndexedDB, the store the diary's drafts use: per user and
// request, or per guest link), so that a reload, a lost connection or a closed tab loses nothing; and with them the
// client key the submission carries, made once per form and kept, so that a submission sent again (its answer lost,
// a second tap, after a reload) is the same submission for the server. Everything it touches outside itself (the
// store, the clock, the key maker) can be given.
import { draftStore } from './diary-drafts.js';

/** A client key the server accepts (up to 64 letters, digits, - or _). */
export function newClientKey() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return 'e-' + Date.now().toString(36) + '-' + [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** The key a member's draft is kept under. */
export const memberKey = (user, request) => `evaluation ${user} ${request}`;

/** The key a guest's draft is kept under: a digest of their link's token, never the token itself. */
export async function guestKey(token) {
  let digest = '';
  try {
    const buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
    digest = [...new Uint8Array(buf)].map((x) => x.toString(16).padStart(2, '0')).join('');
  } catch {
    // No SubtleCrypto (an insecure origin): a plain hash (FNV-1a), still not the token.
    let x = 0x811c9dc5;
    for (const c of token) { x ^= c.charCodeAt(0); x = Math.imul(x, 0x01000193) >>> 0; }
    digest = 'f' + x.toString(16);
  }
  return `evaluation guest ${digest}`;
}

/** Answers as kept: an object of question keys, each a number, a string or a list of strings. */
const clean = (answers) => {
  const out = {};
  for (const [k, v] of Object.entries(answers || {})) {
    if (typeof v === 'number' || typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x) => typeof x === 'string');
  }
  return out;
};

/**
 * The draft kept under `key`: {answers, client_key, at, submitted_at, ...extra}. start() reads it (or makes a new one
 * with its client key); edit(answers) keeps the answers now (writes in order: the newest lands last); keep(patch)
 * keeps more with it (a guest's form, to answer offline); submitted() marks it sent; forget() removes it.
 */
export function answerDraft({ key, store = draftStore(), makeKey = newClientKey, now = () => Date.now() } = {}) {
  let d = null;
  let writes = Promise.resolve();
  const persist = () => {
    const copy = JSON.parse(JSON.stringify(d));
    writes = writes.then(() => store.put(key, copy)).catch(() => {});
    return writes;
  };
  return {
    key,
    async start() {
      let kept = null;
      try { kept = await store.get(key); } catch { /* none */ }
      if (kept && typeof kept === 'object' && typeof kept.client_key === 'string' && kept.client_key) {
        d = { ...kept, answers: clean(kept.answers) };
      } else d = { answers: {}, client_key: makeKey(), at: 0, submitted_at: 0 };
      return { ...d, answers: { ...d.answers } };
    },
    /** The answers given so far: kept on this device now. Resolves once they are written. */
    edit(answers) {
      if (!d) return writes;
      d = { ...d, answers: clean(answers), at: now() };
      return persist();
    },
    keep(patch) {
      if (!d) return writes;
      d = { ...d, ...patch };
      return persist();
    },
    submitted() {
      if (!d) return writes;
      d = { ...d, submitted_at: now() };
      return persist();
    },
    get clientKey() { return d ? d.client_key : ''; },
    get answers() { return d ? { ...d.answers } : {}; },
    get data() { return d ? { ...d } : null; },
    /** Once every write is done. */
    settled: () => writes,
    async forget() {
      await writes;
      d = null;
      try { await store.del(key); } catch { /* gone anyway */ }
    },
  };
}
