// The workspace's "Contract" section (/projects/{id}/contract) and its printable page (/projects/{id}/contract/print).
// The version in force, the open one (who has signed and who has not), the buttons for what this person may do
// (change it, propose it, read and sign it on the hash of the text shown, return it with a reason, withdraw it), the
// form that starts or changes a version, and the earlier versions. Its text (canonical Markdown from the server) is
// drawn as headings and paragraphs, always as text, never as HTML. Its strings come with it
// (public/i18n/process.<lang>.json).
import { h, append, field, onSubmit, submit, say, statusOf, clear, fmtDate, uid } from '../dom.js';
import { t, tError, has, addStrings, getLang } from '../i18n.js';
import { api } from '../api.js';
import { load, run } from './common.js';
import { projectTitle } from './sections.js';

const OPEN = ['draft', 'awaiting_signatures', 'returned'];
const CHANNELS = ['chat', 'video', 'phone', 'face_to_face', 'email', 'other'];
const MAX_CLAUSES = 30;
/** The longest a contract may run (the server refuses more). */
const MAX_YEARS = 3;

const strings = () => (has('contract.title') ? null : addStrings('process'));

// ---- Dates --------------------------------------------------------------------------------------------------------

const pad = (n) => String(n).padStart(2, '0');
const isoDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** A civil date (YYYY-MM-DD) in the page's language: "1 Dec 2026". */
function fmtDay(s) {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s || '');
  if (!m) return s || '';
  try {
    return new Intl.DateTimeFormat(getLang(), { dateStyle: 'medium' }).format(new Date(+m[1], +m[2] - 1, +m[3]));
  } catch {
    return s;
  }
}

/** A moment to the second, with its time zone (for signatures on the printable page). */
function fmtStamp(ms) {
  try {
    return new Intl.DateTimeFormat(getLang(), { dateStyle: 'long', timeStyle: 'long' }).format(new Date(ms));
  } catch {
    return new Date(ms).toISOString();
  }
}

const time = (ms, text = fmtDate(ms)) => h('time', { datetime: new Date(ms).toISOString() }, text);

// ---- The text -----------------------------------------------------------------------------------------------------

/** The contract's Markdown as the page shows it: "#" lines as headings (from level `top` down), every other block
 * as a paragraph keeping its line breaks. Text only: nothing in it is ever read as HTML. */
export function renderText(text, top = 4) {
  const box = h('div', { class: 'contract-text' });
  for (const raw of String(text || '').replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const block = raw.replace(/^\n+|\n+$/g, '');
    if (!block) continue;
    const m = /^(#{1,6}) +(.+)$/.exec(block);
    if (m && !block.includes('\n')) box.append(h('h' + Math.min(6, top + m[1].length - 1), { class: 'md-h' }, m[2]));
    else box.append(h('p', { class: 'prewrap' }, block));
  }
  return box;
}

// ---- Who ----------------------------------------------------------------------------------------------------------

/** Names by id, from the contract's `people` (a signer who has left is "a former member"). */
const namer = (c) => {
  const names = new Map((c.people || []).map((p) => [p.id, p.display_name]));
  return (id) => names.get(id) || t('contract.former_member');
};

/** Everyone who signs, each with their signature on this version if any: [{person, signature}]. */
function signers(c, v) {
  const byUser = new Map((v.signatures || []).map((s) => [s.user_id, s]));
  const out = (c.people || []).map((p) => ({ person: p, signature: byUser.get(p.id) || null }));
  // Someone who signed and has left since still shows.
  for (const s of v.signatures || []) if (!out.some((x) => x.person.id === s.user_id)) out.push({ person: { id: s.user_id, display_name: t('contract.former_member'), role: '' }, signature: s });
  return out;
}

const stateBadge = (s) => h('span', { class: 'badge' + (s === 'in_force' ? ' ok' : s === 'returned' || s === 'withdrawn' ? ' warn' : '') }, t('contract.state.' + s));

// ---- The section --------------------------------------------------------------------------------------------------

/** Draw the section into f.body; returns its heading (which takes the focus). */
export async function section(ctx, d, f) {
  const pid = d.project.id;
  const [, first] = await Promise.all([strings(), api('GET', `/api/projects/${pid}/contract`, null, { keep: true })]);
  if (!ctx.alive()) return null;
  const head = h('h2', { id: 'contract-h', tabindex: '-1' }, t('contract.title'));
  const body = h('div');
  const sec = h('section', { class: 'contract', 'aria-labelledby': 'contract-h' }, head, body);
  f.body.append(sec);
  // What a move did is said under the heading, where the focus goes once it is done.
  statusOf(sec, head);
  let c = first;
  // Once the project has ended its contract stays readable, and nothing more is done to it.
  const writable = d.project.state === 'active';

  // After a move the section is drawn again; what it did is said on the version's card, under its heading (where
  // the focus goes, the button pressed being gone), else under the section's heading.
  const done = (res, msg, vid) => {
    c = res;
    draw();
    const card = vid && body.querySelector(`article[data-version="${vid}"]`);
    const at = card ? card.querySelector('h3') : head;
    at.setAttribute('tabindex', '-1');
    at.focus();
    say(card || sec, msg, 'ok', at);
  };

  function draw() {
    clear(body);
    const versions = c.versions || [];
    if (!versions.length && Array.isArray(c.summary)) { body.append(summary(c)); return; }
    const inForce = versions.find((v) => v.state === 'in_force');
    const open = versions.find((v) => OPEN.includes(v.state));
    const older = versions.filter((v) => v !== inForce && v !== open);
    if (!versions.length) {
      body.append(h('p', null, t('contract.none')),
        h('p', { class: 'hint' }, t(c.can_start ? 'contract.none_start' : 'contract.none_wait')));
    }
    // What waits to be signed first; then what is in force, and the way to change it.
    if (open) body.append(openCard(open, !!inForce));
    if (inForce) body.append(inForceCard(inForce, !open));
    if (c.can_start && writable) body.append(startBox(inForce));
    if (older.length) {
      body.append(h('details', { class: 'older' }, h('summary', null, t('contract.older', { n: older.length })),
        older.map((v) => h('div', { class: 'card version' },
          h('h3', { class: 'h3' }, t('contract.version', { n: v.version })),
          h('p', null, stateBadge(v.state), ' ', h('span', { class: 'hint' }, time(v.updated_at))),
          v.reason ? h('blockquote', { class: 'prewrap' }, v.reason) : null,
          h('details', null, h('summary', null, t('contract.read_version', { n: v.version })), renderText(v.text, 4))))));
    }
    if (versions.length) body.append(h('p', null, h('a', { href: `/projects/${pid}/contract/print` }, t('contract.printable'))));
  }

  /** The version in force: since when, who signed it and when, and its text. */
  function inForceCard(v, expanded) {
    const id = uid('v');
    const name = namer(c);
    return h('article', { class: 'card version in-force', 'aria-labelledby': id, 'data-version': v.id },
      h('h3', { class: 'h3', id }, t('contract.in_force_title', { n: v.version })),
      h('p', null, stateBadge(v.state), ' ', v.in_force_at ? t('contract.since', { date: fmtDate(v.in_force_at) }) : null),
      h('ul', { class: 'signers' }, (v.signatures || []).map((s) => h('li', null, t('contract.signed_by', { name: name(s.user_id) }), ' ', h('span', { class: 'hint' }, time(s.at))))),
      h('details', { open: expanded }, h('summary', null, t('contract.read_version', { n: v.version })), renderText(v.text, 4)));
  }

  /** The open version: its state, who has signed and who has not, why it was returned, and its buttons. */
  function openCard(v, amendment) {
    const id = uid('v');
    const card = h('article', { class: 'card version open', 'aria-labelledby': id, 'data-version': v.id },
      h('h3', { class: 'h3', id }, t('contract.version', { n: v.version }), ' ', stateBadge(v.state)));
    const name = namer(c);
    card.append(h('p', { class: 'hint' }, t('contract.drafted_by', { name: name(v.drafter_id), date: fmtDate(v.updated_at) })));
    if (v.state === 'returned') {
      card.append(h('div', { class: 'notice' }, h('p', null, t('contract.returned_by', { name: v.returned_by ? name(v.returned_by) : t('contract.former_member') })),
        v.reason ? h('blockquote', { class: 'prewrap' }, v.reason) : null));
    }
    if (amendment && v.terms && v.terms.change_note) card.append(h('p', null, h('strong', null, t('contract.change_note')), ' ', v.terms.change_note));
    if (v.state === 'draft') card.append(h('p', null, t('contract.draft_hint')));
    if (v.state === 'awaiting_signatures') {
      const list = signers(c, v);
      const missing = list.filter((x) => !x.signature).length;
      card.append(h('p', null, missing ? t('contract.waiting_n', { n: missing }) : t('contract.all_signed')),
        h('ul', { class: 'signers' }, list.map((x) => h('li', { class: x.signature ? 'signed' : 'unsigned' },
          h('span', { class: 'badge' + (x.signature ? ' ok' : ' warn') }, t(x.signature ? 'contract.signed' : 'contract.not_signed')), ' ',
          x.person.display_name, x.person.role ? [' ', h('span', { class: 'hint' }, '(' + t('member.' + x.person.role) + ')')] : null,
          x.signature ? [' ', h('span', { class: 'hint' }, time(x.signature.at))] : null))));
    }
    // Its text (whoever signs reads it in the signing form).
    const mine = writable ? v.actions || [] : [];
    if (!mine.includes('sign')) card.append(h('details', null, h('summary', null, t('contract.read_version', { n: v.version })), renderText(v.text, 4)));
    const panel = h('div', { id: uid('panel'), class: 'version-panel', hidden: true });
    const row = h('p', { class: 'actions' });
    let by = null;
    const close = () => { panel.hidden = true; clear(panel); if (by) { by.setAttribute('aria-expanded', 'false'); by.focus(); } by = null; };
    const opener = (action, label, build, cls = '') => {
      const b = h('button', { type: 'button', class: cls, 'aria-expanded': 'false', 'aria-controls': panel.id, 'data-action': action }, label);
      b.addEventListener('click', () => {
        const was = by;
        if (by) { panel.hidden = true; clear(panel); by.setAttribute('aria-expanded', 'false'); by = null; }
        if (was === b) { b.focus(); return; }
        by = b;
        b.setAttribute('aria-expanded', 'true');
        panel.append(build());
        panel.hidden = false;
        panel.querySelector('input, textarea, select, button[type="submit"]')?.focus();
      });
      row.append(b);
      return b;
    };
    if (mine.includes('sign')) opener('sign', t('contract.sign_open', { n: v.version }), () => signForm(v, close), 'primary');
    if (mine.includes('propose')) {
      const b = h('button', { type: 'button', class: 'primary' }, t('contract.propose', { n: v.version }));
      b.addEventListener('click', () => run(null, b, async () => {
        const res = await api('POST', `/api/projects/${pid}/contract/${v.id}/actions`, { action: 'propose' });
        done(res, t('contract.proposed', { n: v.version }), v.id);
      }, 'contract'));
      row.append(b);
    }
    if (mine.includes('edit')) opener('edit', t('contract.edit', { n: v.version }), () => termsForm(v.terms, { version: v, amendment, close }));
    if (mine.includes('decline')) opener('decline', t('contract.decline', { n: v.version }), () => declineForm(v, close));
    if (mine.includes('withdraw')) opener('withdraw', t('contract.withdraw', { n: v.version }), () => withdrawForm(v, close));
    if (row.children.length) card.append(row, panel);
    card.reopen = (action) => card.querySelector(`button[data-action="${action}"]`)?.click();
    return card;
  }

  /** Read and sign: the text as it stands, its fingerprint, a box to tick; the signature is on the hash shown. */
  function signForm(v, close) {
    const agree = field({ name: 'agree', label: t('contract.agree', { n: v.version }), type: 'checkbox' });
    const form = h('form', { class: 'sign-form' },
      h('p', null, t('contract.sign_intro', { n: v.version })),
      renderText(v.text, 4),
      h('p', { class: 'hint' }, t('contract.fingerprint'), ' ', h('code', { class: 'hash' }, v.hash)),
      agree,
      h('p', { class: 'actions' }, submit(t('contract.sign', { n: v.version })), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
    onSubmit(form, async () => {
      if (!agree.control.checked) throw { code: 'sign_confirm', field: 'agree' };
      let res;
      try {
        res = await api('POST', `/api/projects/${pid}/contract/${v.id}/actions`, { action: 'sign', hash: v.hash });
      } catch (e) {
        if (e.code !== 'contract_stale') throw e;
        // The text changed since it was shown: show the new one, open to sign again, and say why.
        c = await api('GET', `/api/projects/${pid}/contract`);
        draw();
        const card = body.querySelector('article.open');
        if (card && card.reopen) card.reopen('sign');
        const again = body.querySelector('form.sign-form');
        const at = again ? again.firstElementChild : head;
        at.setAttribute('tabindex', '-1');
        at.focus();
        say(again || sec, tError(e, 'contract'), 'error', at);
        return;
      }
      const now = res.versions.find((x) => x.id === v.id);
      done(res, now && now.state === 'in_force' ? t('contract.now_in_force', { n: v.version }) : t('contract.signed_done', { n: v.version }), v.id);
    }, 'contract');
    return form;
  }

  function declineForm(v, close) {
    const form = h('form', { class: 'note-form' },
      field({ name: 'reason', label: t('contract.reason'), type: 'textarea', rows: 3, maxlength: 500, required: true, hint: t('contract.reason_hint') }),
      h('p', { class: 'actions' }, submit(t('contract.decline_confirm', { n: v.version })), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
    onSubmit(form, async () => {
      if (!form.reason.value.trim()) throw { code: 'required', field: 'reason' };
      const res = await api('POST', `/api/projects/${pid}/contract/${v.id}/actions`, { action: 'decline', reason: form.reason.value });
      done(res, t('contract.returned', { n: v.version, name: namer(c)(v.drafter_id) }), v.id);
    }, 'contract');
    return form;
  }

  function withdrawForm(v, close) {
    const form = h('form', { class: 'note-form' },
      h('p', null, t('contract.withdraw_intro', { n: v.version })),
      h('p', { class: 'actions' }, submit(t('contract.withdraw_confirm', { n: v.version })), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
    onSubmit(form, async () => {
      const res = await api('POST', `/api/projects/${pid}/contract/${v.id}/actions`, { action: 'withdraw' });
      done(res, t('contract.withdrawn', { n: v.version }));
    }, 'contract');
    return form;
  }

  /** "Draft the contract" (version 1) or "Propose a change" (an amendment of the version in force). */
  function startBox(inForce) {
    const panel = h('div', { id: uid('panel'), hidden: true });
    const b = h('button', { type: 'button', class: inForce ? '' : 'primary', 'aria-expanded': 'false', 'aria-controls': panel.id },
      t(inForce ? 'contract.amend' : 'contract.start'));
    const close = () => { panel.hidden = true; clear(panel); b.setAttribute('aria-expanded', 'false'); b.focus(); };
    b.addEventListener('click', () => {
      if (!panel.hidden) { close(); return; }
      panel.append(termsForm(inForce ? { ...inForce.terms, change_note: '' } : defaults(d), { amendment: !!inForce, close }));
      panel.hidden = false;
      b.setAttribute('aria-expanded', 'true');
      panel.querySelector('input, textarea')?.focus();
    });
    return h('div', { class: 'start' }, h('p', { class: 'actions' }, b), panel);
  }

  /** The terms of a version: its period, meetings, clauses (added and removed), confidentiality, ethics, other
   * agreements and, for an amendment, what changes. `version`: the version changed (else a new one starts). */
  function termsForm(terms, { version = null, amendment = false, close }) {
    const form = h('form', { class: 'contract-form' });
    const period = h('fieldset', null, h('legend', null, t('contract.period')),
      field({ name: 'starts_on', label: t('contract.starts_on'), type: 'date', required: true, value: terms.starts_on }),
      field({ name: 'ends_on', label: t('contract.ends_on'), type: 'date', required: true, value: terms.ends_on, hint: t('contract.ends_hint', { n: MAX_YEARS }) }));
    const channels = h('fieldset', { 'data-field': 'channels', tabindex: '-1' }, h('legend', null, t('contract.channels')));
    CHANNELS.forEach((code) => {
      const f = field({ name: 'channel', label: t('contract.channel.' + code), type: 'checkbox', value: (terms.channels || []).includes(code) });
      f.control.value = code;
      channels.append(f);
    });
    const meetings = h('fieldset', null, h('legend', null, t('contract.meetings')),
      field({ name: 'frequency', label: t('contract.frequency'), maxlength: 120, value: terms.frequency, hint: t('contract.frequency_hint') }), channels);
    // The clauses: numbered as the server numbers them, so that an error lands next to the right one.
    const list = h('ol', { class: 'clauses' });
    const addBtn = h('button', { type: 'button', class: 'small' }, t('contract.add_clause'));
    const renumber = () => {
      [...list.children].forEach((li, i) => {
        li.querySelector('.clause-title label').textContent = t('contract.clause_title', { n: i + 1 });
        li.querySelector('.clause-text label').textContent = t('contract.clause_text', { n: i + 1 });
        li.querySelector('input').dataset.field = `clauses.${i}.title`;
        li.querySelector('textarea').dataset.field = `clauses.${i}.text`;
        const rm = li.querySelector('button');
        rm.textContent = t('contract.remove_clause', { n: i + 1 });
      });
      addBtn.hidden = list.children.length >= MAX_CLAUSES;
    };
    const clause = (cl) => {
      const title = field({ name: 'clause_title', label: '', maxlength: 120, value: cl.title });
      title.classList.add('clause-title');
      const text = field({ name: 'clause_text', label: '', type: 'textarea', rows: 3, maxlength: 2000, value: cl.text });
      text.classList.add('clause-text');
      const li = h('li', { class: 'clause' }, title, text);
      const rm = h('button', { type: 'button', class: 'small' });
      rm.addEventListener('click', () => {
        const next = li.nextElementSibling || li.previousElementSibling;
        li.remove();
        renumber();
        (next ? next.querySelector('input') : addBtn).focus();
      });
      li.append(h('p', { class: 'actions' }, rm));
      return li;
    };
    (terms.clauses || []).forEach((cl) => list.append(clause(cl)));
    addBtn.addEventListener('click', () => {
      const li = clause({ title: '', text: '' });
      list.append(li);
      renumber();
      li.querySelector('input').focus();
    });
    const clauses = h('fieldset', { 'data-field': 'clauses', tabindex: '-1' }, h('legend', null, t('contract.clauses')), list, h('p', null, addBtn));
    renumber();
    append(form, [
      version && version.state === 'awaiting_signatures' ? h('p', { class: 'notice' }, t('contract.edit_clears')) : null,
      period, meetings, clauses,
      field({ name: 'confidentiality', label: t('contract.confidentiality'), type: 'textarea', rows: 3, maxlength: 4000, value: terms.confidentiality, hint: t('contract.optional') }),
      field({ name: 'ethics', label: t('contract.ethics'), type: 'textarea', rows: 3, maxlength: 4000, value: terms.ethics, hint: t('contract.optional') }),
      field({ name: 'free_text', label: t('contract.free_text'), type: 'textarea', rows: 3, maxlength: 4000, value: terms.free_text, hint: t('contract.optional') }),
      amendment ? field({ name: 'change_note', label: t('contract.change_note_label'), type: 'textarea', rows: 2, maxlength: 500, required: true, value: terms.change_note }) : null,
      h('p', { class: 'actions' }, submit(t(version ? 'contract.save_changes' : 'contract.save_draft')), h('button', { type: 'button', onclick: close }, t('common.cancel')))]);
    onSubmit(form, async () => {
      if (amendment && !form.change_note.value.trim()) throw { code: 'required', field: 'change_note' };
      const body = {
        clauses: [...list.children].map((li) => ({ title: li.querySelector('input').value, text: li.querySelector('textarea').value })),
        starts_on: form.starts_on.value,
        ends_on: form.ends_on.value,
        frequency: form.frequency.value,
        channels: [...channels.querySelectorAll('input:checked')].map((i) => i.value),
        confidentiality: form.confidentiality.value,
        ethics: form.ethics.value,
        free_text: form.free_text.value,
        change_note: amendment ? form.change_note.value : '',
      };
      for (const k of ['starts_on', 'ends_on']) if (!body[k]) throw { code: 'required', field: k };
      const res = version
        ? await api('PUT', `/api/projects/${pid}/contract/${version.id}`, body)
        : await api('POST', `/api/projects/${pid}/contract`, body);
      const v = version ? res.versions.find((x) => x.id === version.id) : res.versions[0];
      const n = v ? v.version : 1;
      done(res, t(!version ? 'contract.drafted' : v && v.state === 'awaiting_signatures' ? 'contract.saved_resign' : 'contract.saved', { n }), v && v.id);
    }, 'contract');
    return form;
  }

  draw();
  return head;
}

/** What the project's other viewers see: each version's state and when it was signed. */
function summary(c) {
  if (!c.summary.length) return h('p', null, t('contract.none'));
  return [h('p', { class: 'hint' }, t('contract.summary_hint')),
    h('ul', { class: 'plain summary' }, c.summary.map((s) => h('li', null,
      h('strong', null, t('contract.version', { n: s.version })), ' ', stateBadge(s.state),
      s.in_force_at ? [' ', t('contract.since', { date: fmtDate(s.in_force_at) })] : null,
      (s.signed_at || []).length ? h('p', { class: 'hint' }, t('contract.signatures_on', { n: s.signed_at.length, dates: s.signed_at.map((x) => fmtDate(x)).join(', ') })) : null)))];
}

/** A first version's terms: from today for the journey's length, a few clauses to start from, the chat. */
function defaults(d) {
  const start = new Date();
  const months = Math.min(MAX_YEARS * 12, (d.process && d.process.journey && d.process.journey.duration_months) || 6);
  const end = new Date(start.getFullYear(), start.getMonth() + months, start.getDate());
  const clauses = [1, 2, 3, 4].map((n) => ({ title: t(`contract.default.${n}.title`), text: t(`contract.default.${n}.text`) }));
  return { clauses, starts_on: isoDay(start), ends_on: isoDay(end), frequency: '', channels: ['chat'], confidentiality: '', ethics: '', free_text: '', change_note: '' };
}

// ---- The printable page -------------------------------------------------------------------------------------------

/** Every version with its text, its signatures (who, when, on which hash) and its SHA-256, styled for paper. */
export async function print(ctx) {
  const [pid] = ctx.params;
  const [, d, c] = await Promise.all([strings(), load(ctx, `/api/projects/${pid}`, { keep: true }), load(ctx, `/api/projects/${pid}/contract`, { keep: true })]);
  if (!d || !c || !ctx.alive()) return;
  const title = projectTitle(d.project);
  ctx.heading(t('contract.print_title', { title }));
  const name = namer(c);
  const printBtn = h('button', { type: 'button', class: 'primary' }, t('contract.print'));
  printBtn.addEventListener('click', () => window.print());
  ctx.root.append(
    h('p', { class: 'actions no-print' }, printBtn, h('a', { href: `/projects/${pid}/contract` }, t('contract.back'))),
    h('dl', { class: 'facts' },
      h('dt', null, t('contract.print_project')), h('dd', null, title),
      h('dt', null, t('contract.print_community')), h('dd', null, d.project.community.name),
      (c.people || []).length ? [h('dt', null, t('contract.print_people')),
        h('dd', null, h('ul', { class: 'plain' }, c.people.map((p) => h('li', null, p.display_name, ' (', t('member.' + p.role), ')'))))] : null,
      h('dt', null, t('contract.print_printed')), h('dd', null, fmtStamp(Date.now()))));
  const versions = c.versions || [];
  if (!versions.length) {
    ctx.root.append(Array.isArray(c.summary) && c.summary.length ? summary(c) : h('p', null, t('contract.none')));
    return;
  }
  for (const v of versions) {
    const id = uid('pv');
    const sigs = v.signatures || [];
    ctx.root.append(h('article', { class: 'print-version', 'aria-labelledby': id },
      h('h2', { id }, t('contract.version', { n: v.version }), ' · ', t('contract.state.' + v.state)),
      h('dl', { class: 'facts small' },
        h('dt', null, t('contract.print_drafter')), h('dd', null, name(v.drafter_id)),
        h('dt', null, t('contract.print_period')), h('dd', null, t('contract.period_text', { from: fmtDay(v.terms && v.terms.starts_on), to: fmtDay(v.terms && v.terms.ends_on) })),
        v.in_force_at ? [h('dt', null, t('contract.print_in_force')), h('dd', null, fmtStamp(v.in_force_at))] : null,
        v.reason ? [h('dt', null, t('contract.print_reason')), h('dd', { class: 'prewrap' }, v.reason)] : null,
        h('dt', null, t('contract.print_hash')), h('dd', null, h('code', { class: 'hash' }, v.hash))),
      h('h3', null, t('contract.signatures')),
      sigs.length
        ? h('table', { class: 'signatures' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('contract.print_who')), h('th', { scope: 'col' }, t('contract.print_when')), h('th', { scope: 'col' }, t('contract.print_signed_hash')))),
          h('tbody', null, sigs.map((s) => h('tr', null,
            h('td', null, name(s.user_id)),
            h('td', null, h('time', { datetime: new Date(s.at).toISOString() }, fmtStamp(s.at))),
            h('td', null, h('code', { class: 'hash' }, s.hash))))))
        : h('p', null, t('contract.no_signatures')),
      h('h3', null, t('contract.text')),
      renderText(v.text, 4)));
  }
}
