// Tiny DOM helpers and the widgets every page shares (status messages, fields, paged lists): elements are built with
// h(); text is always set as text, never as HTML.
import { t, tError } from './i18n.js';

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k in el && typeof v !== 'string') el[k] = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let seq = 0;
export const uid = (p = 'id') => `${p}-${++seq}`;

/** Announce a message to screen readers and show it in the page's status line (at the top: for what happens as a
 * page opens; what a form or a button did goes next to it, with say()). */
export function announce(msg, kind = 'ok') {
  const box = document.getElementById('status');
  if (!box) return;
  hush(box);
  fill(box, msg, kind);
  if (msg && box.getBoundingClientRect().top < 0) box.scrollIntoView({ block: 'nearest' });
}

function fill(box, msg, kind) {
  box.said = (box.said || 0) + 1;
  clear(box);
  box.className = box.className.replace(/ (ok|error)\b/g, '') + (msg ? ' ' + kind : '');
  if (msg) box.append(h('p', null, msg));
}

/** One message at a time: empty every status line but `keep`. */
function hush(keep) {
  document.querySelectorAll('#status, .form-status').forEach((b) => { if (b !== keep) fill(b, '', ''); });
}

/** The status line of a form (or of a card, a section): a live region just after `after`, else after its (last)
 * submit button, else at its end. Made when the form is wired (onSubmit), so that the region is there before it
 * speaks. */
export function statusOf(el, after) {
  if (el.statusBox && el.contains(el.statusBox)) return el.statusBox;
  const box = h('div', { class: 'status form-status', role: 'status' });
  if (after && (after === el || !el.contains(after))) after = undefined;
  const b = [...el.querySelectorAll('button[type="submit"]')].pop();
  let at = after || (b && b.parentElement.closest('.actions, p'));
  if (!after && (!at || !el.contains(at) || at === el)) at = b;
  if (at) at.after(box);
  else el.append(box);
  el.statusBox = box;
  return box;
}

/** Say what a form (or a card's button) did where the person is looking: next to its submit button (or `after`),
 * announced to screen readers, scrolled into view when it is not. Every other status line is emptied. */
export function say(el, msg, kind = 'ok', after = undefined) {
  const made = !(el.statusBox && el.contains(el.statusBox));
  const box = statusOf(el, after);
  hush(box);
  const show = () => {
    fill(box, msg, kind);
    if (!msg || !box.isConnected) return;
    const r = box.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) box.scrollIntoView({ block: 'nearest' });
  };
  // A region made just now is not yet known to screen readers: speak a moment later.
  if (made && msg) {
    fill(box, '', kind);
    const n = box.said;
    setTimeout(() => { if (box.said === n) show(); }, 50);
  } else show();
}

/** "Offline: shown as last seen at 14:05" (or "on 12 Nov 2026, 14:05" before today): what is shown was kept. */
export function lastSeen(at) {
  const d = new Date(at);
  if (d.toDateString() !== new Date().toDateString()) return t('offline.stale_date', { date: fmtDate(at) });
  let time;
  try { time = new Intl.DateTimeFormat(document.documentElement.lang || 'en', { timeStyle: 'short' }).format(d); } catch { time = d.toTimeString().slice(0, 5); }
  return t('offline.stale', { time });
}

export function fmtDate(ms) {
  if (!ms) return '';
  try {
    return new Intl.DateTimeFormat(document.documentElement.lang || 'en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
  } catch {
    return new Date(ms).toISOString();
  }
}

/** A number in the page's language ("26,0" in Italian), with `digits` decimals. */
export function fmtNumber(n, digits = 0) {
  try {
    return new Intl.NumberFormat(document.documentElement.lang || 'en', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
  } catch {
    return n.toFixed(digits);
  }
}

export function fmtSize(n) {
  if (n >= 1024 * 1024) return t('size.mb', { n: fmtNumber(n / 1048576, 1) });
  return t('size.kb', { n: fmtNumber(Math.max(1, Math.round(n / 1024))) });
}

// ---- Forms -------------------------------------------------------------------------------------------------------

/** A labelled control. opts: {name, label, type, value, hint, options:[[value,label]], rows, required, autocomplete, ...} */
export function field(opts) {
  const id = opts.id || uid('f');
  const errId = id + '-err';
  const hintId = opts.hint ? id + '-hint' : null;
  let control;
  const common = { id, name: opts.name, 'data-field': opts.field || opts.name, required: !!opts.required };
  if (opts.type === 'select') {
    control = h('select', common, (opts.options || []).map(([v, l]) => h('option', { value: v, selected: String(v) === String(opts.value ?? '') }, l)));
  } else if (opts.type === 'textarea') {
    control = h('textarea', { ...common, rows: String(opts.rows || 4), maxlength: opts.maxlength ? String(opts.maxlength) : null });
    control.value = opts.value ?? '';
  } else if (opts.type === 'checkbox') {
    control = h('input', { ...common, type: 'checkbox' });
    control.checked = !!opts.value;
  } else {
    control = h('input', {
      ...common, type: opts.type || 'text', autocomplete: opts.autocomplete, inputmode: opts.inputmode,
      maxlength: opts.maxlength ? String(opts.maxlength) : null, min: opts.min, max: opts.max, accept: opts.accept,
    });
    if (opts.value !== undefined && opts.type !== 'file') control.value = opts.value;
  }
  if (hintId) control.setAttribute('aria-describedby', hintId);
  control.dataset.errId = errId;
  const label = h('label', { for: id }, opts.label);
  const err = h('p', { id: errId, class: 'field-error', hidden: true });
  const hint = hintId ? h('p', { id: hintId, class: 'hint' }, opts.hint) : null;
  const wrap = opts.type === 'checkbox'
    ? h('div', { class: 'field check' }, control, label, hint, err)
    : h('div', { class: 'field' }, label, hint, control, err);
  wrap.control = control;
  return wrap;
}

export function setFieldError(control, msg) {
  if (!control.dataset.errId) {
    control.dataset.errId = uid('err');
    const p = h('p', { id: control.dataset.errId, class: 'field-error', hidden: true });
    if (control.tagName === 'FIELDSET') control.append(p); else control.after(p);
  }
  const err = document.getElementById(control.dataset.errId);
  const ids = (control.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== control.dataset.errId);
  if (msg) {
    control.setAttribute('aria-invalid', 'true');
    ids.push(control.dataset.errId);
    if (err) { err.textContent = msg; err.hidden = false; }
  } else {
    control.removeAttribute('aria-invalid');
    if (err) { err.textContent = ''; err.hidden = true; }
  }
  if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
  else control.removeAttribute('aria-describedby');
}

export function clearErrors(form) {
  form.querySelectorAll('[aria-invalid="true"]').forEach((c) => setFieldError(c, null));
  const box = form.querySelector('.form-error');
  if (box) { box.textContent = ''; box.hidden = true; }
  if (form.statusBox) fill(form.statusBox, '', '');
}

/** Show an API error next to the field it names (or the nearest enclosing one), else next to the form's button. */
export function showError(form, e, context) {
  if (e && e.handled) return;
  // A status line from an earlier success ("saved") must not stay next to this error.
  hush(null);
  const msg = tError(e, context);
  let name = e && e.field;
  let control = null;
  while (name && !control) {
    control = form.querySelector(`[data-field="${CSS.escape(name)}"]`) || form.querySelector(`[data-field^="${CSS.escape(name)}."]`);
    if (!control) name = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : null;
  }
  if (control) {
    setFieldError(control, msg);
    control.focus();
  } else {
    say(form, msg, 'error');
  }
}

// Drafts: what is typed into a form that sends something is kept on this device, per person, until it goes, so a
// dropped connection or a reload loses nothing. Passwords, files and one-time codes are never kept; forms that keep
// their own (data-draft="own") and searches are left alone.
let draftOwner = null;
export function setDraftOwner(id) { draftOwner = id || null; }
/** The drafts whose form is being sent: a form the page draws again meanwhile (with what was just saved) must not
 * bring them back. */
const sending = new Set();
const KEEPS = new Set(['text', 'textarea', 'email', 'number', 'date', 'time', 'datetime-local', 'url', 'tel', 'select-one', 'select-multiple', 'checkbox', 'radio']);
const TYPED = new Set(['text', 'textarea', 'email', 'number', 'date', 'time', 'datetime-local', 'url', 'tel']);

function draftOf(form) {
  if (!draftOwner || form.dataset.draft === 'own' || form.getAttribute('role') === 'search' || form.querySelector('input[type=password], input[type=file]')) return null;
  const fields = [...form.elements].filter((e) => e.name && KEEPS.has(e.type) && e.getAttribute('autocomplete') !== 'one-time-code');
  if (!fields.some((e) => TYPED.has(e.type))) return null;
  const key = `tandem.draft.${draftOwner}:${location.pathname}:${form.dataset.draft || fields.map((e) => e.name).join(',')}`;
  const values = () => fields.map((e) => (e.type === 'checkbox' || e.type === 'radio' ? e.checked : e.value));
  const initial = JSON.stringify(values());
  return {
    key,
    restore() {
      if (sending.has(key)) return false;
      let kept = null;
      try { kept = JSON.parse(localStorage.getItem(key) || 'null'); } catch { /* private mode */ }
      if (!kept || kept.length !== fields.length || JSON.stringify(kept) === initial) return false;
      fields.forEach((e, i) => { if (e.type === 'checkbox' || e.type === 'radio') e.checked = !!kept[i]; else e.value = kept[i]; });
      return true;
    },
    keep() {
      const now = JSON.stringify(values());
      try { if (now === initial) localStorage.removeItem(key); else localStorage.setItem(key, now); } catch { /* full, or private mode */ }
    },
    drop() { try { localStorage.removeItem(key); } catch { /* private mode */ } },
  };
}

/** Wire a form: clear errors, disable the submit button while `handler` runs, show errors it throws; keep what is
 * typed as a draft until it is sent. */
export function onSubmit(form, handler, context) {
  form.noValidate = true;
  statusOf(form);
  // A field's error goes as soon as the field is changed.
  form.addEventListener('input', (ev) => {
    const bad = ev.target.closest && ev.target.closest('[aria-invalid="true"]');
    if (bad && form.contains(bad)) setFieldError(bad, null);
  });
  // Once the page has filled the form in, the draft kept from before (if any) comes back over it.
  let draft = null;
  queueMicrotask(() => {
    draft = draftOf(form);
    if (!draft) return;
    if (draft.restore()) say(form, t('draft.restored'));
    form.addEventListener('input', () => draft.keep());
    form.addEventListener('change', () => draft.keep());
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const btn = form.querySelector('button[type="submit"]');
    if (btn) btn.disabled = true;
    form.setAttribute('aria-busy', 'true');
    const key = draft && draft.key;
    if (key) sending.add(key);
    try {
      await handler(form);
      if (draft) draft.drop();
    } catch (e) {
      showError(form, e, context);
    } finally {
      if (key) sending.delete(key);
      if (btn) btn.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

export const btn = (label, onclick, cls = '') => h('button', { type: 'button', class: cls, onclick }, label);
export const submit = (label) => h('button', { type: 'submit', class: 'primary' }, label);

/** "Load more" for lists with next_cursor. fetchPage(cursor) -> {items, next_cursor}; renderItem(item) -> <li>. */
export function pagedList(fetchPage, renderItem, { cls = 'cards', empty = t('common.empty'), more: moreLabel = t('common.load_more') } = {}) {
  const ul = h('ul', { class: cls });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, moreLabel);
  const status = h('p', { class: 'hint', hidden: true });
  let cursor = '';
  async function load() {
    more.disabled = true;
    try {
      const res = await fetchPage(cursor);
      const first = ul.children.length;
      res.items.forEach((it) => ul.append(renderItem(it)));
      cursor = res.next_cursor || '';
      more.hidden = !cursor;
      status.hidden = ul.children.length > 0;
      status.textContent = empty;
      if (first > 0 && ul.children[first]) {
        const f = ul.children[first].querySelector('a, button');
        if (f) f.focus();
      }
      return res;
    } catch (e) {
      if (!e.handled) announce(tError(e), 'error');
      throw e;
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', () => load().catch(() => {}));
  const el = h('div', { class: 'paged' }, ul, status, more);
  el.reload = () => { clear(ul); cursor = ''; return load(); };
  el.load = load;
  el.list = ul;
  return el;
}

/** A query string from an object, without its empty values: qs({ cursor, limit: 20 }). */
export const qs = (o) => Object.entries(o).filter(([, v]) => v !== '' && v != null).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
