// Message catalogues: public/i18n/<lang>.json. t(key, vars) interpolates {name} placeholders.
// English first; then by name. Arabic is read right to left.
export const LANGS = ['en', 'ar', 'de', 'es', 'fr', 'it', 'pt'];
const RTL = new Set(['ar']);
let lang = 'en';
let messages = {};
let fallback = null;

export function pickLang() {
  let saved = null;
  try { saved = localStorage.getItem('tandem.lang'); } catch { /* private mode */ }
  if (LANGS.includes(saved)) return saved;
  const nav = (navigator.languages && navigator.languages[0]) || navigator.language || 'en';
  const base = nav.toLowerCase().split('-')[0];
  return LANGS.includes(base) ? base : 'en';
}

async function load(l) {
  const res = await fetch(`/i18n/${l}.json`);
  if (!res.ok) throw new Error('catalogue ' + l);
  return res.json();
}

export async function setLang(l, remember = false) {
  messages = await load(l);
  lang = l;
  if (remember) { try { localStorage.setItem('tandem.lang', l); } catch { /* ignore */ } }
  document.documentElement.lang = l;
  document.documentElement.dir = RTL.has(l) ? 'rtl' : 'ltr';
  plurals = null;
}

export const isRtl = () => RTL.has(lang);

let plurals = null;
/** The language's plural category of n (CLDR, through Intl): one, two, few, many, zero or other. */
function category(n) {
  try {
    if (!plurals) plurals = new Intl.PluralRules(lang);
    return plurals.select(n);
  } catch {
    return n === 1 ? 'one' : 'other';
  }
}

export const getLang = () => lang;

/** Whether the language was chosen on this device (rather than read from the browser). */
export function chosenHere() {
  try { return LANGS.includes(localStorage.getItem('tandem.lang')); } catch { return false; }
}

/** Add a lazy module's strings (public/i18n/<part>.<lang>.json) to this language's. */
export async function addStrings(part) {
  const l = lang;
  const more = await load(`${part}.${l}`);
  if (l === lang) Object.assign(messages, more);
}

export function has(key) {
  return Object.prototype.hasOwnProperty.call(messages, key);
}

/** "{a:name}" in a string (Italian): the preposition before the name, "ad" before a vowel ("a Bruno", "ad Anna");
 * "{A:name}" capitalised. */
const prep = (a, v) => (a ? a + (/^[aeiouàèéìíòóùú]/i.test(v) ? 'd ' : ' ') : '');

export function t(key, vars) {
  // Plurals: "key.<category>" when the language has that form (Arabic has six), else "key" (the "other" form).
  if (vars && typeof vars.n === 'number') {
    const c = category(vars.n);
    if (c !== 'other' && (has(key + '.' + c) || (fallback && fallback[key + '.' + c]))) key += '.' + c;
  }
  let s = has(key) ? messages[key] : (fallback && fallback[key]) || key;
  // In a right-to-left language, what is put in (a name, an address, a file's name) is isolated, so its own
  // direction cannot scramble the sentence around it.
  const iso = RTL.has(lang) ? (v) => '\u2068' + v + '\u2069' : (v) => v;
  if (vars) s = s.replace(/\{(?:([aA]):)?(\w+)\}/g, (m, a, k) => (k in vars ? prep(a, String(vars[k])) + iso(vars[k]) : m));
  return s;
}

/** A vocabulary code's label, e.g. vocab('sector', 'ict'). */
export const vocab = (kind, code) => (code ? t(`${kind}.${code}`) : '');

/** An API error in the user's language: error.<context>.<code>, then error.<code>, then the server's message. */
export function tError(e, context) {
  if (!e) return t('error.unknown');
  // Waiting is said in whole minutes ("Wait 12 minutes").
  const vars = e.retryAfter ? { n: Math.max(1, Math.ceil(e.retryAfter / 60)) } : undefined;
  if (context && has(`error.${context}.${e.code}`)) return t(`error.${context}.${e.code}`, vars);
  if (has(`error.${e.code}`)) return t(`error.${e.code}`, vars);
  return e.message || t('error.unknown');
}

let languageNames = null;
export function languageName(code) {
  try {
    if (!languageNames || languageNames.lang !== lang) {
      languageNames = new Intl.DisplayNames([lang], { type: 'language' });
      languageNames.lang = lang;
    }
    return languageNames.of(code) || code;
  } catch {
    return code;
  }
}

export function autonym(code) {
  try {
    const n = new Intl.DisplayNames([code], { type: 'language' }).of(code);
    return n.charAt(0).toLocaleUpperCase(code) + n.slice(1);
  } catch {
    return code;
  }
}
