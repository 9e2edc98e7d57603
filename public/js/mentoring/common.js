// Shared pieces of the mentoring pages: labels for states, actions and fit reasons, a mentor's profile in brief,
// the "not found" page, and a runner that shows an action's errors in its form.
import { h, clearErrors, showError, announce, say } from '../dom.js';
import { t, tError, vocab, languageName, has, getLang } from '../i18n.js';
import { fmtDay } from './when.js';
import { api } from '../api.js';

/** A state in words; a group waits for its members, not for one mentor. */
export function stateLabel(s, route) {
  if (s === 'awaiting_consent' && route === 'group') return t('state.awaiting_members');
  return has('state.' + s) ? t('state.' + s) : s;
}

/** The state's badge; an active project on hold (`holdUntil`, the start of a UTC day, still ahead) says until when. */
export function stateBadge(s, route, holdUntil) {
  if (s === 'active' && holdUntil > Date.now()) {
    return h('span', { class: 'badge warn' }, t('state.on_hold', { date: fmtDay(new Date(holdUntil).toISOString().slice(0, 10), getLang()) }));
  }
  const warn = s === 'cancelled' ? ' warn' : s === 'active' ? ' ok' : '';
  return h('span', { class: 'badge' + warn }, stateLabel(s, route));
}

/** A fit reason code (`language:it`, `field`, `sector`, `status`, `timezone`) in words. */
export function reasonLabel(code) {
  if (code.startsWith('language:')) return t('fit.language', { lang: languageName(code.slice(9)) });
  return has('fit.' + code) ? t('fit.' + code) : code;
}

export function fitBox(fit) {
  return h('div', { class: 'fit' },
    h('p', null, h('strong', null, t('fit.score', { n: fit.score }))),
    fit.reasons.length
      ? h('ul', { class: 'badges', 'aria-label': t('fit.reasons') }, fit.reasons.map((r) => h('li', null, reasonLabel(r))))
      : h('p', { class: 'hint' }, t('fit.none')));
}

export const tools = (list) => (list || []).map((c) => `${vocab('tool', c.tool)}: ${c.handle}`);
export const langs = (list) => (list || []).map((l) => `${languageName(l.code)} (${vocab('level', l.level)})`).join(', ');

/** A mentor's (or mentee's) profile in brief, as a definition list. */
export function profileFacts(p) {
  p = p || {};
  const dl = h('dl', { class: 'facts small' });
  const fact = (label, value) => { if (value && (!Array.isArray(value) || value.length)) dl.append(h('dt', null, label), h('dd', null, value)); };
  fact(t('field.position'), p.position);
  fact(t('field.status'), vocab('status', p.status));
  fact(t('field.field_of_study'), vocab('field', p.field_of_study));
  fact(t('field.sector'), vocab('sector', p.sector));
  fact(t('field.languages'), langs(p.languages));
  fact(t('field.timezone'), p.timezone);
  const tl = tools(p.contact_tools);
  if (tl.length) fact(t('mentoring.tools'), h('ul', { class: 'plain' }, tl.map((x) => h('li', null, x))));
  return dl;
}

/** "Not found"; or, where the community turned the feature off (`module_off`), that it did. */
export function notFound(ctx, code) {
  ctx.heading(t('notfound.title'));
  ctx.root.append(h('p', null, t(code === 'module_off' ? 'error.module_off' : 'notfound.text')), h('p', null, h('a', { href: '/' }, t('nav.home'))));
}

export function forbidden(ctx) {
  ctx.heading(t('forbidden.title'));
  ctx.root.append(h('p', null, t('forbidden.text')), h('p', null, h('a', { href: '/' }, t('nav.home'))));
}

/** GET, or draw the "not found" / "not allowed" page and return null. `opts.keep`: see api(). */
export async function load(ctx, path, opts) {
  try {
    return await api('GET', path, null, opts);
  } catch (e) {
    if (!ctx.alive()) return null;
    if (e.status === 404) { notFound(ctx, e.code); return null; }
    if (e.status === 403 && !e.handled) { forbidden(ctx); return null; }
    throw e;
  }
}

/** Run fn for a button inside a form: clear the form's errors, disable the button, show what goes wrong (in the
 * form, else next to the button, in its card or section). */
export async function run(form, button, fn, context) {
  if (form) clearErrors(form);
  if (button) button.disabled = true;
  try {
    return await fn();
  } catch (e) {
    if (form) showError(form, e, context);
    else if (!e.handled) {
      const where = button && button.isConnected && button.closest('li, section');
      if (where) say(where, tError(e, context), 'error', button.closest('.actions') || button);
      else announce(tError(e, context), 'error');
    }
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

/** A random key for this draft, so that a double submit makes one request. */
export function clientKey() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** Every active member of a community (the members route, page after page). */
export async function allMembers(cid) {
  const out = [];
  let cursor = '';
  do {
    const res = await api('GET', `/api/communities/${cid}/members?limit=50` + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    out.push(...res.items);
    cursor = res.next_cursor || '';
  } while (cursor && out.length < 2000);
  return out;
}
