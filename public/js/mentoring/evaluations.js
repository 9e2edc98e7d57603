// A project's evaluations (#12), at /projects/{id}/evaluations, and their card on the workspace's overview. For a
// member: each form asked of them, to answer (kept on this device as it is answered, js/mentoring/evaluation-drafts.js,
// and sent with a client key of its own, so that sending it again is the same submission), then their own answers,
// and the others' answers the project may read once everyone asked in that round has answered. For everyone who may
// see them: who was asked in each round, and where each request stands. For the coordinator: the programme's answers
// with the respondents' names, a fit concern marked. For the community's admins (the coordinator is one): asking the
// members (their end-of-mentoring forms, or "are we well matched?") or an organisation's contact (by e-mail, a
// one-time link). Strings: public/i18n/evaluations.<lang>.json.
import { h, field, onSubmit, submit, say, statusOf, clear, uid, fmtNumber } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { state } from '../session.js';
import { navigate } from '../router.js';
import { load, run } from './common.js';
import { frame, isWorkspace } from './sections.js';
import { strings, questionFields, answerList, dayText, AUDIENCES, formText } from './evaluation-form.js';
import { answerDraft, memberKey } from './evaluation-drafts.js';
import { draftStore } from './diary-drafts.js';

const NAME_MAX = 120;

const me = () => (state.me && state.me.user.id) || '';
const isAdmin = (d) => !!d.my_roles.community_admin || !!d.my_roles.coordinator;
const isMember = (d) => d.my_member_status === 'active';
/** An active or completed project may be evaluated (the server refuses others). */
const askable = (d) => ['active', 'completed'].includes(d.project.state);

/** A request's audience in words ("Mentee's form"). */
const audienceText = (a) => t('evaluations.audience.' + (AUDIENCES.includes(a) ? a : 'mentee'));

/** Who answers a request: their name, a guest said to be the organisation's contact. */
const nameOf = (r) => (r.guest ? t('evaluations.guest_name', { name: r.respondent_name || '' }) : r.respondent_name || t('evaluations.someone'));

/** The rounds, newest first: [{id, kind, at, expires, requests}]. */
function rounds(v) {
  const by = new Map();
  for (const r of v.requests || []) {
    if (!by.has(r.round_id)) by.set(r.round_id, []);
    by.get(r.round_id).push(r);
  }
  return [...by].map(([id, requests]) => ({
    id,
    requests,
    kind: requests.some((r) => r.audience === 'fit') ? 'fit' : requests.some((r) => r.audience === 'organisation') ? 'organisation' : 'members',
    at: Math.min(...requests.map((r) => r.requested_at)),
    expires: Math.max(...requests.map((r) => r.expires_at)),
  })).sort((a, b) => b.at - a.at);
}

/** "Anna Bianchi's answers will show when both of you have answered" (or everyone asked, in a group). */
const willShow = (r, round) => t(round.requests.length === 2 ? 'evaluations.will_show_both' : 'evaluations.will_show_all', { name: nameOf(r) });

function stateBadge(r) {
  const cls = r.state === 'submitted' ? ' ok' : r.state === 'expired' ? ' warn' : '';
  return h('span', { class: 'badge' + cls }, t('evaluations.state.' + r.state));
}

/** A fit concern: a sign and words, never a colour alone. */
const concernBadge = () => h('span', { class: 'badge warn concern' }, h('span', { class: 'sign', 'aria-hidden': 'true' }, '▲'), ' ',
  h('span', { class: 'word' }, t('evaluations.concern')));

// ---- The overview's card ------------------------------------------------------------------------------------------

/** Who sees the card (and the page): the project's active members and its community's admins. */
export const seesEvaluations = (d) => isMember(d) || isAdmin(d);

/** The overview's card: a form to answer (with the way to it), where the rounds stand, the way to ask. Nothing for a
 * member when nothing was ever asked. Returns the view. */
export async function overviewCard(d, box, alive = () => true) {
  const pid = d.project.id;
  const [, v] = await Promise.all([strings(), api('GET', `/api/projects/${pid}/evaluations`, null, { keep: true })]);
  if (!alive()) return null;
  const requests = v.requests || [];
  const admin = isAdmin(d);
  clear(box);
  if (!requests.length && !(admin && askable(d))) return v;
  const id = uid('evc');
  const sec = h('section', { class: 'evaluations-card', 'aria-labelledby': id }, h('h2', { id }, t('evaluations.title')));
  const href = `/projects/${pid}/evaluations`;
  const open = (v.open || []).length;
  if (open) sec.append(h('p', null, h('a', { href, class: 'button primary' }, t('evaluations.you_have_form', { n: open }))));
  else if (requests.length) {
    const answered = requests.filter((r) => r.state === 'submitted').length;
    sec.append(h('p', null, t('evaluations.summary', { n: requests.length, answered: fmtNumber(answered) })),
      h('p', null, h('a', { href }, t('evaluations.see'))));
  } else sec.append(h('p', { class: 'hint' }, t('evaluations.none_asked')), h('p', null, h('a', { href }, t('evaluations.ask_link'))));
  box.append(sec);
  return v;
}

// ---- The page -----------------------------------------------------------------------------------------------------

export async function page(ctx) {
  const [pid] = ctx.params;
  const [, d] = await Promise.all([strings(), load(ctx, `/api/projects/${pid}`, { keep: true })]);
  if (!d || !ctx.alive()) return;
  if (!isWorkspace(d) || !seesEvaluations(d)) {
    await navigate(`/projects/${pid}`, { replace: true });
    return;
  }
  const first = await load(ctx, `/api/projects/${pid}/evaluations`, { keep: true });
  if (!first || !ctx.alive()) return;
  frame(ctx, d, 'evaluations');
  const head = h('h2', { id: 'evaluations-h', tabindex: '-1' }, t('evaluations.title'));
  const body = h('div');
  const sec = h('section', { class: 'evaluations', 'aria-labelledby': 'evaluations-h' }, head,
    h('p', { class: 'hint' }, t('evaluations.intro')), body);
  statusOf(sec, head);
  ctx.root.append(sec, h('p', null, h('a', { href: `/projects/${pid}` }, t('evaluations.back'))));
  let v = first;
  const member = isMember(d);
  const admin = isAdmin(d);
  const coordinator = !!d.my_roles.coordinator;
  // The forms being answered, kept across redraws (what is typed in one stays there while another is sent).
  const live = new Map();
  const store = draftStore();

  /** Drawn again from the server's answer; the focus on `at` (else the page's section heading), what happened said
   * under it. */
  const done = (res, msg, at) => {
    v = res;
    draw();
    const where = (at && body.querySelector(at)) || sec;
    const hd = where === sec ? head : where.querySelector('h2');
    hd.focus();
    say(where, msg, 'ok', hd);
  };

  function draw() {
    clear(body);
    const open = new Set(v.open || []);
    for (const [rid, x] of live) if (!open.has(rid)) { live.delete(rid); x.draft.forget(); }
    for (const r of v.requests || []) {
      if (open.has(r.id) && v.forms[r.form_ref]) body.append(formPart(r));
    }
    if (member) body.append(answersPart());
    body.append(roundsPart());
    if (coordinator) body.append(programmePart());
    if (admin && askable(d)) body.append(askPart());
    // Drafts of forms answered or closed since are no longer needed on this device.
    for (const r of v.requests || []) {
      if (r.respondent_id === me() && !open.has(r.id)) store.del(memberKey(me(), r.id)).catch(() => {});
    }
  }

  // ---- A form to answer -------------------------------------------------------------------------------------------

  function formPart(r) {
    const kept = live.get(r.id);
    if (kept) return kept.el;
    const form = v.forms[r.form_ref];
    const id = uid('evf');
    const fields = questionFields(form);
    const line = h('p', { class: 'save-line hint', 'aria-live': 'off' });
    const el = h('form', { class: 'evaluation-form', 'data-request': r.id }, fields.el, line,
      h('p', { class: 'actions' }, submit(t('evaluations.send'))));
    const part = h('section', { class: 'evaluation-open', 'aria-labelledby': id, 'data-request': r.id },
      h('h2', { id, tabindex: '-1' }, t('evaluations.your_form', { title: formText(form.title) })),
      form.intro ? h('p', { class: 'prewrap' }, formText(form.intro)) : null,
      h('p', { class: 'hint' }, t('evaluations.open_until', { date: dayText(r.expires_at) }), ' ', t('evaluations.kept_hint')),
      el);
    const draft = answerDraft({ key: memberKey(me(), r.id), store });
    live.set(r.id, { el: part, draft });
    const shown = () => {
      const c = fields.count();
      line.textContent = c.n ? t('evaluations.kept', { n: c.n, of: c.of }) : '';
    };
    const edited = () => { draft.edit(fields.collect()).then(() => { if (el.isConnected) shown(); }); };
    el.addEventListener('input', edited);
    el.addEventListener('change', edited);
    draft.start().then((x) => {
      if (Object.keys(x.answers).length) { fields.fill(x.answers); shown(); }
    });
    el.dataset.draft = 'own'; // kept by its own drafts
    onSubmit(el, async () => {
      fields.check();
      const answers = fields.collect();
      await draft.edit(answers);
      let res;
      try {
        res = await api('POST', `/api/projects/${d.project.id}/evaluations/${r.id}/answers`, { answers, client_key: draft.clientKey });
      } catch (e) {
        if (!['request_closed', 'already_submitted', 'not_requested'].includes(e.code)) throw e;
        // Answered elsewhere, or closed meanwhile: the page as it stands now, and why.
        const now = await api('GET', `/api/projects/${d.project.id}/evaluations`, null, { keep: true }).catch(() => null);
        if (!now) throw e;
        done(now, t('evaluations.closed_now'));
        return;
      }
      await draft.forget();
      live.delete(r.id);
      done(res, t('evaluations.sent'), '.evaluation-answers');
    }, 'evaluation');
    return part;
  }

  // ---- Answers to read --------------------------------------------------------------------------------------------

  function answersPart() {
    const id = uid('eva');
    const part = h('section', { class: 'evaluation-answers', 'aria-labelledby': id }, h('h2', { id, tabindex: '-1' }, t('evaluations.answers')));
    const byRequest = new Map((v.answers || []).map((a) => [a.request_id, a]));
    const list = h('div', { class: 'answer-sets' });
    const waiting = h('ul', { class: 'plain will-show' });
    const all = rounds(v);
    for (const round of all) {
      const mine = round.requests.find((r) => r.respondent_id === me());
      for (const r of round.requests) {
        const form = v.forms[r.form_ref];
        if (r.respondent_id === me()) {
          if (r.state !== 'submitted' || !form) continue;
          const own = { ...((byRequest.get(r.id) || {}).answers || {}) };
          for (const p of v.programme || []) if (p.request_id === r.id) own[p.question] = p.value;
          const anonymous = {};
          for (const q of form.questions) if (q.readers === 'anonymous') anonymous[q.key] = t('evaluations.anonymous_not_shown');
          list.append(answerCard(t('evaluations.your_answers', { title: formText(form.title) }), r, form, own, { readers: true, also: anonymous }));
          continue;
        }
        if (r.audience === 'fit') continue;
        const a = byRequest.get(r.id);
        if (a && form) list.append(answerCard(t('evaluations.answers_of', { name: nameOf(r) }), r, form, a.answers || {}, {}));
        else if (mine && !r.revealed && r.state !== 'expired') waiting.append(h('li', null, willShow(r, round)));
      }
    }
    if (waiting.children.length) part.append(waiting);
    if (list.children.length) part.append(list);
    else if (!waiting.children.length) part.append(h('p', { class: 'hint' }, t('evaluations.no_answers')));
    return part;
  }

  function answerCard(title, r, form, answers, opts) {
    const id = uid('evs');
    return h('article', { class: 'card answer-set', 'aria-labelledby': id, 'data-request': r.id },
      h('h3', { class: 'h3', id }, title),
      h('p', { class: 'hint' }, audienceText(r.audience), r.submitted_at ? [' · ', t('evaluations.answered_on', { date: dayText(r.submitted_at) })] : null),
      answerList(form, answers, opts));
  }

  // ---- Who was asked ----------------------------------------------------------------------------------------------

  function roundsPart() {
    const id = uid('evr');
    const part = h('section', { class: 'evaluation-rounds', 'aria-labelledby': id }, h('h2', { id }, t('evaluations.rounds')));
    const all = rounds(v);
    if (!all.length) {
      part.append(h('p', { class: 'hint' }, t('evaluations.none_asked')));
      return part;
    }
    part.append(h('ol', { class: 'plain rounds' }, all.map((round) => {
      const rid = uid('round');
      const pending = round.requests.some((r) => r.state === 'requested');
      let hint = null;
      if (round.kind === 'fit') hint = t('evaluations.fit_hint');
      else if (round.requests.length > 1) {
        hint = round.requests.some((r) => r.revealed)
          ? t('evaluations.revealed')
          : t('evaluations.reveal_rule', { date: dayText(round.expires) });
      }
      return h('li', { class: 'card round', 'aria-labelledby': rid, 'data-round': round.id },
        h('h3', { class: 'h3', id: rid }, t('evaluations.round.' + round.kind, { date: dayText(round.at) })),
        h('ul', { class: 'plain requests' }, round.requests.map((r) => h('li', { 'data-request': r.id },
          h('p', null, h('strong', null, nameOf(r)), ' · ', audienceText(r.audience), ' ', stateBadge(r), r.concern ? [' ', concernBadge()] : null),
          h('p', { class: 'hint' }, r.state === 'submitted' && r.submitted_at ? t('evaluations.answered_on', { date: dayText(r.submitted_at) })
            : r.state === 'expired' ? t('evaluations.expired_on', { date: dayText(r.expires_at) })
              : t('evaluations.open_until', { date: dayText(r.expires_at) }))))),
        hint && (pending || round.kind !== 'fit') ? h('p', { class: 'hint' }, hint) : null);
    })));
    return part;
  }

  // ---- The programme's answers (the coordinator) ------------------------------------------------------------------

  function programmePart() {
    const id = uid('evp');
    const part = h('section', { class: 'evaluation-programme', 'aria-labelledby': id }, h('h2', { id }, t('evaluations.programme')),
      h('p', { class: 'hint' }, t('evaluations.programme_hint')));
    const by = new Map();
    for (const p of v.programme || []) {
      if (!by.has(p.request_id)) by.set(p.request_id, {});
      by.get(p.request_id)[p.question] = p.value;
    }
    const cards = [];
    for (const round of rounds(v)) {
      for (const r of round.requests) {
        const answers = by.get(r.id);
        const form = v.forms[r.form_ref];
        if (!answers || !form) continue;
        const cid = uid('evpc');
        cards.push(h('article', { class: 'card answer-set' + (r.concern ? ' attention' : ''), 'aria-labelledby': cid, 'data-request': r.id },
          h('h3', { class: 'h3', id: cid }, nameOf(r)),
          h('p', { class: 'hint' }, audienceText(r.audience), r.submitted_at ? [' · ', t('evaluations.answered_on', { date: dayText(r.submitted_at) })] : null),
          r.concern ? h('p', null, concernBadge(), ' ', h('span', { class: 'hint' }, t('evaluations.concern_hint'))) : null,
          answerList(form, answers)));
      }
    }
    part.append(cards.length ? h('div', { class: 'answer-sets' }, cards) : h('p', { class: 'hint' }, t('evaluations.programme_none')));
    return part;
  }

  // ---- Asking (community admins) ----------------------------------------------------------------------------------

  function askPart() {
    const id = uid('evk');
    const part = h('section', { class: 'evaluation-ask', 'aria-labelledby': id }, h('h2', { id, tabindex: '-1' }, t('evaluations.ask')),
      h('p', { class: 'hint' }, t('evaluations.ask_hint')));
    const ask = (kind, label, msg) => {
      const b = h('button', { type: 'button' }, label);
      b.addEventListener('click', () => run(null, b, async () => {
        done(await api('POST', `/api/projects/${d.project.id}/evaluations`, { kind }), msg, '.evaluation-ask');
      }, 'evaluation_ask'));
      return b;
    };
    part.append(h('p', { class: 'actions' },
      ask('members', t('evaluations.ask_members'), t('evaluations.asked_members')),
      ask('fit', t('evaluations.ask_fit'), t('evaluations.asked_fit'))));
    const panel = h('div', { id: uid('evo'), hidden: true });
    const open = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': panel.id }, t('evaluations.ask_organisation'));
    const close = () => { panel.hidden = true; clear(panel); open.setAttribute('aria-expanded', 'false'); open.focus(); };
    open.addEventListener('click', () => {
      if (!panel.hidden) { close(); return; }
      const form = h('form', { class: 'note-form organisation-form' },
        h('p', { class: 'hint' }, t('evaluations.organisation_hint')),
        field({ name: 'name', label: t('evaluations.contact_name'), maxlength: NAME_MAX, required: true, autocomplete: 'off' }),
        field({ name: 'email', label: t('evaluations.contact_email'), type: 'email', required: true, autocomplete: 'off' }),
        h('p', { class: 'actions' }, submit(t('evaluations.send_link')), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
      onSubmit(form, async () => {
        const name = form.elements.name.value.trim();
        const email = form.email.value.trim();
        if (!name) throw { code: 'required', field: 'name' };
        if (!email) throw { code: 'required', field: 'email' };
        const res = await api('POST', `/api/projects/${d.project.id}/evaluations`, { kind: 'organisation', name, email });
        done(res, t('evaluations.asked_organisation', { name }), '.evaluation-ask');
      }, 'evaluation_ask');
      panel.append(form);
      panel.hidden = false;
      open.setAttribute('aria-expanded', 'true');
      form.elements.name.focus();
    });
    part.append(h('p', { class: 'actions' }, open), panel);
    return part;
  }

  draw();
}
