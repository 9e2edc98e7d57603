// An organisation's contact answers their evaluation form (/evaluate#token=…; #12), without an account and without
// a session: the one-time token is read from the address's fragment (never sent to the server but in the API's query
// and body), then dropped from the address bar and kept for this tab only (sessionStorage), so that a reload still
// finds it. The form is the project's, for the organisation; its answers are kept on this device as they are given
// (with the form itself, so that it can be answered offline after a reload), and sent with a client key of their own
// (sending again is the same submission); then a thank-you. A link used or expired says so in words. Strings:
// public/i18n/evaluations.<lang>.json.
import { h, append, onSubmit, submit, say, clear } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { strings, questionFields, dayText, formText } from '../mentoring/evaluation-form.js';
import { answerDraft, guestKey } from '../mentoring/evaluation-drafts.js';

const TAB = 'tandem.evaluate';

/** The token: from the fragment (then dropped from the address bar and kept for this tab), else the one this tab
 * kept. */
function takeToken() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  if (/^[0-9a-f]{64}$/i.test(fromHash)) {
    try { sessionStorage.setItem(TAB, fromHash); } catch { /* private mode: this load only */ }
    return fromHash;
  }
  try { return sessionStorage.getItem(TAB) || ''; } catch { return ''; }
}

export async function page(ctx) {
  const token = takeToken();
  await strings();
  if (!ctx.alive()) return;
  const head = ctx.heading(t('evaluations.guest.title'));
  if (!token) {
    ctx.root.append(h('p', { class: 'form-error' }, t('evaluations.guest.no_token')));
    return;
  }
  const draft = answerDraft({ key: await guestKey(token) });
  const kept = await draft.start();
  if (!ctx.alive()) return;

  let view = null;
  let offline = false;
  try {
    view = await api('POST', '/api/evaluations/guest/open', { token }, { quiet: true });
  } catch (e) {
    if (!ctx.alive()) return;
    if (e.status === 0 && kept.view && !kept.submitted_at) {
      view = kept.view;
      offline = true;
    } else if (e.code === 'token_invalid' || (e.status === 0 && kept.submitted_at)) {
      spent(ctx, kept);
      return;
    } else throw e;
  }
  if (!ctx.alive()) return;
  // Kept with the answers: the form can be answered offline after a reload.
  draft.keep({ view });
  head.textContent = t('evaluations.guest.title_of', { title: view.project_title });
  document.title = `${head.textContent} · ${t('app.name')}`;
  const form = view.form;
  const fields = questionFields(form, { guest: true });
  const line = h('p', { class: 'save-line hint', 'aria-live': 'off' });
  const el = h('form', { class: 'evaluation-form guest-form' }, fields.el, line, h('p', { class: 'actions' }, submit(t('evaluations.send'))));
  append(ctx.root, [
    offline ? h('p', { class: 'notice stale' }, t('evaluations.guest.offline')) : null,
    h('p', { class: 'lead' }, t('evaluations.guest.hello', { name: view.name })),
    h('h2', null, formText(form.title)),
    form.intro ? h('p', { class: 'prewrap' }, formText(form.intro)) : null,
    h('p', { class: 'hint' }, t('evaluations.guest.until', { date: dayText(view.expires_at) }), ' ', t('evaluations.kept_hint')),
    el]);
  const shown = () => {
    const c = fields.count();
    line.textContent = c.n ? t('evaluations.kept', { n: c.n, of: c.of }) : '';
  };
  if (Object.keys(kept.answers).length) { fields.fill(kept.answers); shown(); }
  const edited = () => { draft.edit(fields.collect()).then(() => { if (el.isConnected) shown(); }); };
  el.addEventListener('input', edited);
  el.addEventListener('change', edited);
  el.dataset.draft = 'own'; // kept by its own drafts
  onSubmit(el, async () => {
    fields.check();
    const answers = fields.collect();
    await draft.edit(answers);
    try {
      await api('POST', '/api/evaluations/guest', { token, answers, client_key: draft.clientKey }, { quiet: true });
    } catch (e) {
      if (e.code === 'token_invalid') {
        spent(ctx, draft.data, true);
        return;
      }
      throw e;
    }
    // Sent: the answers go; that it was sent stays (the link opened again says so).
    await draft.edit({});
    await draft.keep({ view: null });
    await draft.submitted();
    try { sessionStorage.removeItem(TAB); } catch { /* gone anyway */ }
    thanks(ctx, view);
  }, 'evaluation');
}

/** Sent: thank you, and nothing more to do. */
function thanks(ctx, view) {
  clear(ctx.root);
  const h1 = ctx.heading(t('evaluations.guest.thanks_title'));
  ctx.root.append(h('p', { class: 'lead' }, t('evaluations.guest.thanks', { title: view.project_title })),
    h('p', { class: 'hint' }, t('evaluations.guest.thanks_hint')));
  h1.focus();
  say(ctx.root, t('evaluations.guest.sent'), 'ok', h1);
}

/** The link is spent or expired: said in words (sent from this device: when). */
function spent(ctx, kept, justNow = false) {
  clear(ctx.root);
  const h1 = ctx.heading(t('evaluations.guest.used_title'));
  append(ctx.root, [
    h('p', { class: 'form-error', role: justNow ? 'alert' : null }, t('evaluations.guest.used')),
    kept && kept.submitted_at ? h('p', null, t('evaluations.guest.sent_on', { date: dayText(kept.submitted_at) })) : null,
    h('p', { class: 'hint' }, t('evaluations.guest.used_hint'))]);
  if (justNow) h1.focus();
}
