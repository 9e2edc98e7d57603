// The workspace's "Goals" section (/projects/{id}/goals): the goals' figures and what this stage asks of them; each
// goal I follow (its state, whose it is, by when, why and how success looks, its progress, its objectives to tick,
// its reviews and comments) with the buttons for what I may do (agree, change, close with an outcome, drop with a
// note, reopen); proposing a goal, or starting from the journey's library (the goal, then its suggested objectives);
// recording progress from a diary just submitted (js/mentoring/diary.js leaves its "Dealing with the target" answer).
// The coordinator sees counts, states and progress, never titles or text. Strings: public/i18n/process.<lang>.json.
import { h, append, field, onSubmit, submit, say, statusOf, clear, fmtDate, fmtNumber, uid } from '../dom.js';
import { t, has, addStrings, getLang } from '../i18n.js';
import { api } from '../api.js';
import { state } from '../session.js';
import { run } from './common.js';
import { fmtDay } from './when.js';

const GOAL_CHECKS = ['goal_per_mentee', 'goals_reviewed', 'goals_closed'];
const CLOSED = ['achieved', 'partly_achieved', 'not_achieved', 'dropped'];
const OUTCOMES = ['achieved', 'partly_achieved', 'not_achieved'];
const NOTE_REQUIRED = ['drop'];
const NOTE_OPTIONAL = ['reopen'];

const strings = () => (has('goals.state.agreed') ? null : addStrings('process'));
const reviewKey = (pid) => `tandem.review.${pid}`;

function context(d) {
  const me = state.me && state.me.user.id;
  const names = new Map((d.members || []).map((m) => [m.id, m.display_name]));
  const co = d.process && d.process.coordinator;
  if (co && co.id) names.set(co.id, co.display_name);
  const member = d.my_member_status === 'active';
  return {
    d, pid: d.project.id, me, member, active: d.project.state === 'active' && member,
    mentor: member && !!d.my_roles.mentor,
    mentee: member && !!d.my_roles.mentee,
    isGroup: d.project.kind === 'group',
    mentees: (d.members || []).filter((m) => m.role === 'mentee' && (!m.status || m.status === 'active')),
    mentorName: ((d.members || []).find((m) => m.role === 'mentor') || {}).display_name || '',
    name: (id) => (id && names.get(id)) || t('plan.former_member'),
    lang: getLang(),
  };
}

const badge = (cls, text) => h('span', { class: 'badge' + (cls ? ' ' + cls : '') }, text);
const stateBadge = (s) => badge(s === 'agreed' || s === 'achieved' ? 'ok' : s === 'proposed' ? '' : 'warn', t('goals.state.' + s));

/** Draw the section into f.body; returns the heading that takes the focus. */
export async function section(ctx, d, f) {
  const pid = d.project.id;
  const [, first] = await Promise.all([strings(), api('GET', `/api/projects/${pid}/goals`, null, { keep: true })]);
  if (!ctx.alive()) return null;
  const c = context(d);
  let view = first;
  const head = h('h2', { id: 'goals-h', tabindex: '-1' }, t('section.goals'));
  const figures = h('div');
  const top = h('section', { 'aria-labelledby': 'goals-h' }, head, figures);
  const drawFigures = (dd) => append(clear(figures), figuresOf(dd));
  drawFigures(d);
  f.body.append(top);

  // The coordinator: counts, states and progress only.
  if (!c.member) {
    top.append(summaryView(view.summary));
    return head;
  }

  // What a diary just submitted said about the target, for a review.
  let hint = null;
  try { hint = JSON.parse(sessionStorage.getItem(reviewKey(pid)) || 'null'); } catch { /* none */ }
  const hintBox = hint && hint.hint ? reviewHint(c, hint, () => { hint = null; drawList(); }) : null;
  if (hintBox) f.body.append(hintBox);

  const listHead = h('h2', { id: 'goal-list-h', tabindex: '-1' }, t('goals.list'));
  const list = h('div');
  const listSec = h('section', { class: 'goal-list', 'aria-labelledby': 'goal-list-h' }, listHead);
  statusOf(listSec, listHead);
  const known = () => new Set(view.goals.map((g) => g.id));

  /** After a change: drawn again, the focus on the goal's title (or `focus` inside it), what happened said there. */
  const after = (res, msg, gid, focus) => {
    view = res;
    drawList();
    // The figures follow (asked for in the background).
    api('GET', `/api/projects/${pid}`).then((dd) => { if (figures.isConnected) drawFigures(dd); }).catch(() => {});
    const card = gid && list.querySelector(`[data-goal="${gid}"]`);
    if (!card) { listHead.focus(); say(listSec, msg, 'ok', listHead); return; }
    const at = (focus && card.querySelector(focus)) || card.querySelector('h3');
    at.focus();
    // Said where the focus is: under the title, or under the objectives when one was ticked.
    say(card, msg, 'ok', at.tagName === 'H3' ? at : at.closest('.objective-list') || at);
  };

  function drawList() {
    // The reviews and comments opened stay open when the goals are drawn again.
    const opened = new Set([...list.querySelectorAll('li.goal details[open]')].map((d) => `${d.closest('li.goal').dataset.goal} ${d.className}`));
    clear(list);
    if (!view.goals.length) list.append(h('p', null, t(c.active ? 'goals.none_propose' : 'goals.none')));
    else list.append(h('ul', { class: 'cards goals' }, view.goals.map((g) => goalCard(c, g, after, hint))));
    for (const d of list.querySelectorAll('li.goal details')) if (opened.has(`${d.closest('li.goal').dataset.goal} ${d.className}`)) d.open = true;
  }
  if (c.active) listSec.append(proposeBox(c, after, known));
  listSec.append(list);
  drawList();
  f.body.append(listSec);

  const lib = d.process.journey && d.process.journey.goal_library;
  if (c.active && lib && lib.length) f.body.append(librarySection(c, lib, after, known));
  return location.hash === '#review' && hintBox ? hintBox.querySelector('h2') : head;
}

/** The figures the stage's checklist reads, and what this stage asks of the goals. */
function figuresOf(d) {
  const p = d.process.progress || {};
  const out = [h('dl', { class: 'facts figures' },
    h('dt', null, t('goals.agreed')), h('dd', null, t('goals.agreed_of', { n: fmtNumber(p.mentees_with_agreed_goal || 0), of: fmtNumber(p.mentees || 0) })),
    h('dt', null, t('goals.open')), h('dd', null, fmtNumber(p.goals_open || 0)),
    h('dt', null, t('goals.unreviewed')), h('dd', null, fmtNumber(p.goals_unreviewed || 0)))];
  const checks = (d.process.checklist || []).filter((c) => GOAL_CHECKS.includes(c.check));
  if (checks.length) {
    out.push(h('p', null, t('goals.this_stage')), h('ul', { class: 'checklist' }, checks.map((c) => h('li', null,
      h('span', { class: 'badge' + (c.done ? ' ok' : ' warn') }, t(c.done ? 'workspace.done' : 'workspace.not_done')), ' ', t('check.' + c.check)))));
  }
  return out;
}

/** The coordinator's view: how many goals in each state, and each goal's state and progress, numbered. */
function summaryView(summary) {
  const box = h('div', { class: 'goal-summary' }, h('p', { class: 'hint' }, t('goals.summary_hint')));
  if (!summary || !summary.goals.length) { box.append(h('p', null, t('goals.none'))); return box; }
  box.append(h('h3', { class: 'h3 sub' }, t('goals.by_state')),
    h('dl', { class: 'facts figures' }, summary.by_state.filter(([, n]) => n > 0).map(([s, n]) => [h('dt', null, t('goals.state.' + s)), h('dd', null, fmtNumber(n))])),
    h('h3', { class: 'h3 sub' }, t('goals.each')),
    h('ol', { class: 'plain goal-meta' }, summary.goals.map(([, s, progress], i) => h('li', null,
      h('strong', null, t('goals.goal_n', { n: i + 1 })), ' ', stateBadge(s), ' ',
      progress == null ? h('span', { class: 'hint' }, t('goals.no_progress')) : progressBar(progress)))));
  return box;
}

function progressBar(n) {
  const id = uid('prog');
  return h('span', { class: 'goal-progress' }, h('label', { for: id }, t('goals.progress_n', { n })), h('progress', { id, max: '100', value: String(n) }));
}

/** What the diary said about the target: shown above the goals until hidden; each review form can link to it. */
function reviewHint(c, hint, hidden) {
  const id = uid('hint');
  const b = h('button', { type: 'button', class: 'small' }, t('goals.hint_hide'));
  const sec = h('section', { class: 'notice review-hint', 'aria-labelledby': id },
    h('h2', { id, tabindex: '-1' }, t('goals.hint_title', { n: hint.number })),
    h('blockquote', { class: 'prewrap' }, hint.hint),
    h('p', null, t('goals.hint_how')),
    h('p', { class: 'actions' }, b));
  b.addEventListener('click', () => {
    try { sessionStorage.removeItem(reviewKey(c.pid)); } catch { /* gone */ }
    sec.remove();
    hidden();
    document.getElementById('goal-list-h')?.focus();
  });
  return sec;
}

// ---- A goal -------------------------------------------------------------------------------------------------------

function goalCard(c, g, after, hint) {
  const id = uid('g');
  const card = h('li', { class: 'card goal g-' + g.state, 'data-goal': g.id, 'aria-labelledby': id });
  const whose = g.kind === 'group' ? t('goals.group_goal') : t('goals.whose', { name: c.name(g.owner_id) });
  append(card, [
    h('h3', { class: 'h3', id, tabindex: '-1' }, g.title),
    h('p', null, stateBadge(g.state), ' ', h('span', { class: 'hint' }, whose), g.shared ? [' ', badge('', t('goals.shared'))] : null),
    g.target_date ? h('p', null, t('goals.by_date', { date: fmtDay(g.target_date, c.lang) })) : null,
    g.progress == null ? h('p', { class: 'hint' }, t('goals.no_progress')) : h('p', null, progressBar(g.progress))]);
  if (g.why || g.success) {
    card.append(h('dl', { class: 'facts small' },
      g.why ? [h('dt', null, t('goals.why')), h('dd', { class: 'prewrap' }, g.why)] : null,
      g.success ? [h('dt', null, t('goals.success')), h('dd', { class: 'prewrap' }, g.success)] : null));
  }
  if (g.note && CLOSED.includes(g.state)) card.append(h('blockquote', { class: 'prewrap' }, g.note));
  card.append(objectives(c, g, after));

  // The buttons for the goal itself, each form opening below them.
  const acts = c.active ? g.actions || [] : [];
  const panel = h('div', { id: uid('panel'), hidden: true });
  const row = h('p', { class: 'actions' });
  let by = null;
  const close = () => { panel.hidden = true; clear(panel); if (by) { by.setAttribute('aria-expanded', 'false'); by.focus(); } by = null; };
  const opener = (action, build, cls = 'small') => {
    const b = h('button', { type: 'button', class: cls, 'aria-expanded': 'false', 'aria-controls': panel.id, 'data-action': action }, t('goals.action.' + action));
    b.addEventListener('click', () => {
      const was = by;
      if (by) { panel.hidden = true; clear(panel); by.setAttribute('aria-expanded', 'false'); by = null; }
      if (was === b) { b.focus(); return; }
      by = b;
      b.setAttribute('aria-expanded', 'true');
      panel.append(build());
      panel.hidden = false;
      panel.querySelector('input, textarea, select')?.focus();
    });
    row.append(b);
  };
  const outcomes = acts.filter((a) => OUTCOMES.includes(a));
  for (const a of acts) {
    if (OUTCOMES.includes(a)) {
      // The three outcomes are one button, "Close the goal", and a choice in its form.
      if (a === outcomes[0]) opener('close', () => closeForm(c, g, outcomes, after, close));
      continue;
    }
    if (a === 'agree') {
      const b = h('button', { type: 'button', class: 'small primary', 'data-action': a }, t('goals.action.agree'));
      b.addEventListener('click', () => run(null, b, async () => {
        const res = await api('POST', `/api/projects/${c.pid}/goals/${g.id}/actions`, { action: 'agree', note: '' });
        after(res, t('goals.done.agree'), g.id);
      }, 'goals'));
      row.append(b);
    } else if (a === 'edit') opener(a, () => goalForm(c, { goal: g, after, close }));
    else if (NOTE_REQUIRED.includes(a) || NOTE_OPTIONAL.includes(a)) opener(a, () => noteForm(c, g, a, after, close));
  }
  if (row.children.length) card.append(row, panel);
  card.append(reviews(c, g, after, hint), comments(c, g, after));
  return card;
}

/** Closing an agreed goal: how it went (achieved, partly, not), with a note. */
function closeForm(c, g, outcomes, after, close) {
  const id = uid('outcome');
  const choice = h('fieldset', { 'data-field': 'action', tabindex: '-1' }, h('legend', null, t('goals.outcome')),
    outcomes.map((a, i) => {
      const rid = `${id}-${i}`;
      return h('div', { class: 'field check' },
        h('input', { type: 'radio', id: rid, name: 'outcome', value: a, checked: i === 0 }),
        h('label', { for: rid }, t('goals.state.' + a)));
    }));
  const form = h('form', { class: 'note-form' }, choice,
    field({ name: 'note', label: t('goals.note.close'), type: 'textarea', rows: 3, maxlength: 500, hint: t('goals.optional') }),
    h('p', { class: 'actions' }, submit(t('goals.confirm.close')), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
  onSubmit(form, async () => {
    const a = (form.querySelector('input[name="outcome"]:checked') || {}).value;
    if (!a) throw { code: 'required', field: 'action' };
    const res = await api('POST', `/api/projects/${c.pid}/goals/${g.id}/actions`, { action: a, note: form.note.value });
    after(res, t('goals.done.' + a), g.id);
  }, 'goals');
  return form;
}

/** An action with its note (required to drop a goal). */
function noteForm(c, g, a, after, close) {
  const required = NOTE_REQUIRED.includes(a);
  const form = h('form', { class: 'note-form' },
    field({ name: 'note', label: t('goals.note.' + a), type: 'textarea', rows: 3, maxlength: 500, required, hint: required ? null : t('goals.optional') }),
    h('p', { class: 'actions' }, submit(t('goals.confirm.' + a)), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
  onSubmit(form, async () => {
    if (required && !form.note.value.trim()) throw { code: 'required', field: 'note' };
    const res = await api('POST', `/api/projects/${c.pid}/goals/${g.id}/actions`, { action: a, note: form.note.value });
    after(res, t('goals.done.' + a), g.id);
  }, 'goals');
  return form;
}

/** Its objectives: each ticked done (by whoever follows the goal) with who did it and when; added by its owner or
 * the mentor while it is open. */
function objectives(c, g, after) {
  const id = uid('obj');
  const box = h('div', { class: 'objectives', role: 'group', 'aria-labelledby': id }, h('h4', { class: 'h4', id }, t('goals.objectives')));
  const list = [...(g.objectives || [])].sort((a, b) => (a.ord ?? 0) - (b.ord ?? 0));
  if (!list.length) box.append(h('p', { class: 'hint' }, t('goals.no_objectives')));
  else {
    box.append(h('ul', { class: 'plain objective-list' }, list.map((o) => {
      const done = !!o.done_at;
      const due = o.due ? t('goals.due', { date: fmtDay(o.due, c.lang) }) : '';
      const who = done ? t('goals.done_by', { name: c.name(o.done_by), date: fmtDate(o.done_at) }) : '';
      if (c.active && g.can_follow) {
        const f = field({ name: 'done', label: o.title, type: 'checkbox', value: done, hint: [due, who].filter(Boolean).join(' · ') || null });
        f.control.dataset.objective = o.id;
        f.control.addEventListener('change', () => {
          const box2 = f.control;
          box2.disabled = true;
          run(null, box2, async () => {
            const res = await api('PUT', `/api/projects/${c.pid}/goals/${g.id}/objectives/${o.id}`, { done: box2.checked });
            after(res, t(box2.checked ? 'goals.ticked' : 'goals.unticked', { title: o.title }), g.id, `input[data-objective="${o.id}"]`);
            return true;
          }, 'goals').then((ok) => { if (!ok) box2.checked = !box2.checked; });
        });
        return h('li', { class: done ? 'done' : null }, f);
      }
      return h('li', { class: done ? 'done' : null }, badge(done ? 'ok' : 'warn', t(done ? 'goals.obj_done' : 'goals.obj_open')), ' ', o.title,
        due || who ? h('span', { class: 'hint' }, ' · ', [due, who].filter(Boolean).join(' · ')) : null);
    })));
  }
  if (c.active && g.can_plan) {
    const panel = h('div', { id: uid('add'), hidden: true });
    const b = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false', 'aria-controls': panel.id }, t('goals.add_objective'));
    const close = () => { panel.hidden = true; clear(panel); b.setAttribute('aria-expanded', 'false'); b.focus(); };
    b.addEventListener('click', () => {
      if (!panel.hidden) { close(); return; }
      const form = h('form', { class: 'note-form' },
        field({ name: 'title', label: t('goals.objective_title'), maxlength: 200, required: true }),
        field({ name: 'due', label: t('goals.objective_due'), type: 'date', hint: t('goals.optional') }),
        h('p', { class: 'actions' }, submit(t('goals.objective_add')), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
      onSubmit(form, async () => {
        if (!form.title.value.trim()) throw { code: 'required', field: 'title' };
        const body = { title: form.title.value, order: list.length };
        if (form.due.value) body.due = form.due.value;
        const res = await api('POST', `/api/projects/${c.pid}/goals/${g.id}/objectives`, body);
        after(res, t('goals.objective_added', { title: form.title.value.trim() }), g.id);
      }, 'goals');
      panel.append(form);
      panel.hidden = false;
      b.setAttribute('aria-expanded', 'true');
      form.title.focus();
    });
    box.append(h('p', { class: 'actions' }, b), panel);
  }
  return box;
}

/** Its progress reviews (newest first) and, while it is agreed, the form that records one. */
function reviews(c, g, after, hint) {
  const list = [...(g.reviews || [])].sort((a, b) => b.at - a.at);
  const open = c.active && g.can_follow && g.state === 'agreed';
  const det = h('details', { class: 'reviews', open: !!(hint && open && location.hash === '#review') },
    h('summary', null, t('goals.reviews', { n: list.length })));
  if (list.length) {
    det.append(h('ul', { class: 'plain' }, list.map((r) => h('li', null,
      h('p', null, h('strong', null, t('goals.progress_n', { n: r.progress })), ' ', h('span', { class: 'hint' }, t('goals.by_on', { name: c.name(r.by_id), date: fmtDate(r.at) }))),
      r.diary_entry ? h('p', { class: 'hint' }, t('goals.from_diary')) : null,
      r.note ? h('p', { class: 'prewrap' }, r.note) : null))));
  }
  if (open) {
    const form = h('form', { class: 'note-form review-form' },
      field({ name: 'progress', label: t('goals.review_progress'), type: 'number', min: '0', max: '100', inputmode: 'numeric', required: true,
        value: g.progress == null ? '' : String(g.progress), hint: t('goals.review_progress_hint') }),
      field({ name: 'note', label: t('goals.review_note'), type: 'textarea', rows: 3, maxlength: 2000, hint: t('goals.optional') }),
      hint && hint.session ? field({ name: 'from_diary', label: t('goals.review_link', { n: hint.number }), type: 'checkbox', value: true }) : null,
      h('p', { class: 'actions' }, submit(t('goals.review_save'))));
    onSubmit(form, async () => {
      const n = Number(form.progress.value);
      if (form.progress.value === '' || !Number.isInteger(n) || n < 0 || n > 100) throw { code: 'out_of_range', field: 'progress' };
      const body = { progress: n, note: form.note.value };
      if (form.from_diary && form.from_diary.checked) body.diary_entry = hint.session;
      const res = await api('POST', `/api/projects/${c.pid}/goals/${g.id}/reviews`, body);
      after(res, t('goals.reviewed', { n }), g.id);
    }, 'goals');
    det.append(form);
  } else if (!list.length) det.append(h('p', { class: 'hint' }, t(g.state === 'proposed' ? 'goals.review_after_agree' : 'goals.reviews_none')));
  return det;
}

/** Its comments, and the form that adds one. */
function comments(c, g, after) {
  const list = g.comments || [];
  const det = h('details', { class: 'comments' }, h('summary', null, t('goals.comments', { n: list.length })));
  if (list.length) {
    det.append(h('ul', { class: 'plain' }, list.map((x) => h('li', null,
      h('p', { class: 'hint' }, t('goals.by_on', { name: c.name(x.author_id), date: fmtDate(x.at) })),
      h('p', { class: 'prewrap' }, x.text)))));
  }
  if (c.active && g.can_follow) {
    const form = h('form', { class: 'note-form' },
      field({ name: 'text', label: t('goals.comment'), type: 'textarea', rows: 2, maxlength: 2000, required: true }),
      h('p', { class: 'actions' }, submit(t('goals.comment_send'))));
    onSubmit(form, async () => {
      if (!form.text.value.trim()) throw { code: 'required', field: 'text' };
      const res = await api('POST', `/api/projects/${c.pid}/goals/${g.id}/comments`, { text: form.text.value });
      after(res, t('goals.commented'), g.id);
    }, 'goals');
    det.append(form);
  }
  return det;
}

// ---- Proposing ----------------------------------------------------------------------------------------------------

/** "Propose a goal", its form below it. */
function proposeBox(c, after, known) {
  const panel = h('div', { id: uid('propose'), hidden: true });
  const b = h('button', { type: 'button', class: 'primary', 'aria-expanded': 'false', 'aria-controls': panel.id }, t('goals.propose'));
  const close = () => { panel.hidden = true; clear(panel); b.setAttribute('aria-expanded', 'false'); b.focus(); };
  b.addEventListener('click', () => {
    if (!panel.hidden) { close(); return; }
    panel.append(goalForm(c, { after, close, known }));
    panel.hidden = false;
    b.setAttribute('aria-expanded', 'true');
    panel.querySelector('input, select, textarea')?.focus();
  });
  return h('div', { class: 'disclosure' }, h('p', { class: 'actions' }, b), panel);
}

/** The journey's goals to start from: each opens the form with its title and suggested objectives. */
function librarySection(c, lib, after, known) {
  return h('section', { class: 'library', 'aria-labelledby': 'library-h' },
    h('h2', { id: 'library-h' }, t('goals.library')),
    h('p', { class: 'hint' }, t('goals.library_hint')),
    h('ul', { class: 'cards' }, lib.map((g) => {
      const id = uid('lib');
      const panel = h('div', { id: uid('lib-panel'), hidden: true });
      const b = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false', 'aria-controls': panel.id, 'aria-describedby': id }, t('goals.use'));
      const close = () => { panel.hidden = true; clear(panel); b.setAttribute('aria-expanded', 'false'); b.focus(); };
      b.addEventListener('click', () => {
        if (!panel.hidden) { close(); return; }
        panel.append(goalForm(c, { library: g, after, close, known }));
        panel.hidden = false;
        b.setAttribute('aria-expanded', 'true');
        panel.querySelector('input, select, textarea')?.focus();
      });
      return h('li', { class: 'card', 'aria-labelledby': id },
        h('h3', { class: 'h3', id }, g.title),
        g.objectives.length ? h('ul', null, g.objectives.map((o) => h('li', null, o))) : null,
        h('p', { class: 'actions' }, b), panel);
    })));
}

/** A goal's words: a new one (from the library, with its objectives to add), or a change to `goal`. */
function goalForm(c, { goal = null, library = null, after, close, known }) {
  const form = h('form', { class: 'goal-form' });
  const creating = !goal;
  const kind = creating && c.isGroup ? field({ name: 'kind', label: t('goals.kind'), type: 'select', value: 'personal',
    options: [['personal', t('goals.kind.personal')], ['group', t('goals.kind.group')]] }) : null;
  const owner = creating && c.mentor && c.mentees.length > 1 ? field({ name: 'owner', label: t('goals.owner'), type: 'select', required: true,
    options: [['', t('common.choose')], ...c.mentees.map((m) => [m.id, m.display_name])] }) : null;
  const mine = goal ? goal.kind === 'personal' && goal.owner_id === c.me : c.mentee;
  const shared = c.isGroup && mine && (!goal || goal.kind === 'personal')
    ? field({ name: 'shared', label: t('goals.share'), type: 'checkbox', value: goal ? !!goal.shared : false, hint: t('goals.share_hint') }) : null;
  const objs = library && library.objectives.length ? h('fieldset', null, h('legend', null, t('goals.library_objectives')),
    library.objectives.map((o) => {
      const f = field({ name: 'objective', label: o, type: 'checkbox', value: true });
      f.control.value = o;
      return f;
    })) : null;
  append(form, [
    library ? h('p', { class: 'hint' }, t('goals.from_library')) : null,
    kind, owner,
    field({ name: 'title', label: t('goals.title'), maxlength: 200, required: true, value: goal ? goal.title : library ? library.title : '' }),
    field({ name: 'why', label: t('goals.why'), type: 'textarea', rows: 3, maxlength: 2000, value: goal ? goal.why : '', hint: t('goals.why_hint') }),
    field({ name: 'success', label: t('goals.success'), type: 'textarea', rows: 3, maxlength: 2000, value: goal ? goal.success : '', hint: t('goals.success_hint') }),
    field({ name: 'target_date', label: t('goals.target_date'), type: 'date', value: goal ? goal.target_date || '' : '', hint: t('goals.optional') }),
    shared, objs,
    h('p', { class: 'actions' }, submit(t(goal ? 'goals.save' : 'goals.propose_confirm')), h('button', { type: 'button', onclick: close }, t('common.cancel')))]);
  // Group goals have no owner, and are the whole group's.
  if (kind) kind.control.addEventListener('change', () => {
    const group = kind.control.value === 'group';
    if (owner) owner.hidden = group;
    if (shared) shared.hidden = group;
  });
  onSubmit(form, async () => {
    if (!form.title.value.trim()) throw { code: 'required', field: 'title' };
    const body = { title: form.title.value, why: form.why.value, success: form.success.value };
    if (form.target_date.value) body.target_date = form.target_date.value;
    const group = kind && kind.control.value === 'group';
    if (creating) {
      if (kind) body.kind = kind.control.value;
      if (owner && !group) {
        if (!owner.control.value) throw { code: 'required', field: 'owner' };
        body.owner = owner.control.value;
      }
    }
    if (shared && !group) body.shared = shared.control.checked;
    if (goal) {
      const res = await api('PUT', `/api/projects/${c.pid}/goals/${goal.id}`, body);
      after(res, t('goals.saved'), goal.id);
      return;
    }
    const before = known();
    let res = await api('POST', `/api/projects/${c.pid}/goals`, body);
    const made = res.goals.find((g) => !before.has(g.id));
    // Then its objectives, in order (a failure leaves the goal made, and says which were not added).
    const wanted = objs ? [...objs.querySelectorAll('input:checked')].map((i) => i.value) : [];
    let missing = 0;
    for (const [i, title] of wanted.entries()) {
      try {
        res = await api('POST', `/api/projects/${c.pid}/goals/${made.id}/objectives`, { title, order: i });
      } catch (e) {
        if (e.status === 0 || e.status >= 400) missing += 1;
      }
    }
    const msg = c.mentee ? t('goals.proposed_mine', { name: c.mentorName }) : t('goals.proposed');
    after(res, missing ? `${msg} ${t('goals.objectives_missing', { n: missing })}` : msg, made && made.id);
  }, 'goals');
  return form;
}
