// A project's workspace (issue #11): its overview at /projects/{id} (the stage, what to do next, the next session,
// the stage's checklist, interactions against the minimum, moving on to the next stage, the project's health with the
// way to its oversight panel (js/mentoring/health.js, loaded once the page is drawn), its evaluations (a form to answer,
// where the rounds stand: js/mentoring/evaluations.js, loaded once the page is drawn), the coordinator, the newest
// documents) and its sections at their own addresses, each drawn by its own module, loaded when first opened: the
// chat, plan & diary, goals, the contract, the private messages, people & history. The documents are the folder's
// pages (js/mentoring/files.js). The section bar and the frame are js/mentoring/sections.js.
import { h, append, field, onSubmit, submit, say, clear, fmtDate, fmtSize, fmtNumber, uid } from '../dom.js';
import { t, tError, has, getLang } from '../i18n.js';
import { api } from '../api.js';
import { state } from '../session.js';
import { navigate } from '../router.js';
import { load } from './common.js';
import { frame, isWorkspace, sections } from './sections.js';
import { stateLine } from './parts.js';
import { myZone, sessionTime, city } from './when.js';

const DAY = 86_400_000;

/** Where each item of a checklist is worked on: the section its link leads to. */
const CHECK_SECTION = {
  contract_in_force: 'contract', goal_per_mentee: 'goals', first_session_held: 'plan', next_session_planned: 'plan',
  diaries_up_to_date: 'plan', goals_reviewed: 'goals', goals_closed: 'goals',
};

/** May this person move the project on through its stages? Its mentor, and its coordinator. */
const canMoveOn = (d) => d.project.state === 'active' && ((d.my_roles.mentor && d.my_member_status === 'active') || d.my_roles.coordinator);

/** The number of stages (the journey's list, or the count other admins get). */
const stageCount = (pr) => (pr.journey ? pr.journey.stages.length : pr.stages || 0);

// ---- The overview -------------------------------------------------------------------------------------------------

/** The overview (js/mentoring/project.js hands it a view it has loaded). */
export async function overview(ctx, data) {
  const pid = data.project.id;
  frame(ctx, data, 'overview');
  const body = h('div');
  ctx.root.append(body);
  let current = data;
  // What to do next follows the private messages, the chat and the contract, asked for once the page is drawn.
  const extra = { summary: null, chatCount: null, contract: null };
  const todo = h('div');
  const drawTodo = () => { clear(todo).append(todoSection(current, extra)); };
  // The project's health (js/mentoring/health.js, loaded with its strings), for its members and community admins.
  const health = h('div', { class: 'health-slot' });
  // The final report (js/mentoring/report.js): its state and the way to it; for the coordinator, the copies shared.
  const report = h('div', { class: 'report-slot' });
  // Its evaluations (js/mentoring/evaluations.js, loaded with its strings): a form to answer comes first of them.
  const evaluations = h('div', { class: 'evaluations-slot' });
  const draw = (d) => {
    current = d;
    clear(body);
    const active = d.project.state === 'active';
    if (active) drawTodo();
    append(body, [
      h('div', { class: 'overview' }, stateLine(d),
        active ? null : h('p', { class: 'notice' }, t('workspace.ended'))),
      stageSection(d),
      active ? todo : null,
      evaluations,
      nextSession(d),
      checklistSection(d, moved),
      health,
      report,
      coordinatorLine(d),
      filesSection(d)]);
  };
  // Moved on: the overview shows the new stage; the focus goes to its title, and what happened is said under it (the
  // form pressed is gone).
  const moved = (res) => {
    draw(res);
    const sec = body.querySelector('.stage');
    const hd = sec && sec.querySelector('h2');
    if (hd) hd.focus();
    if (sec) say(sec, t('workspace.moved_on', { n: res.process.stage + 1, title: stageTitle(res.process) }), 'ok', hd);
  };
  draw(data);
  import('./report.js').then((m) => m.reportCard(data, report, ctx.alive)).catch(() => { if (ctx.alive()) clear(report); });
  const healthDrawn = Promise.all([loadHealth(ctx, data, health), loadEvaluations(ctx, data, evaluations)]);
  // What to do next is asked for by those who do something in the project: its members and its coordinator.
  if (data.project.state !== 'active' || (data.my_member_status !== 'active' && !data.my_roles.coordinator)) {
    await healthDrawn;
    return;
  }
  const member = data.my_member_status === 'active';
  const quiet = (p) => p.catch(() => null);
  await Promise.all([
    member ? quiet(api('GET', `/api/projects/${pid}/messages`, null, { keep: true }).then((s) => { extra.summary = s; })) : null,
    member && !(data.chat_unread > 0) ? quiet(api('GET', `/api/projects/${pid}/chat/messages?limit=1`).then((c) => { extra.chatCount = c.messages.length; })) : null,
    quiet(api('GET', `/api/projects/${pid}/contract`).then((c) => { extra.contract = c; })),
    healthDrawn,
  ]);
  if (ctx.alive() && current.project.state === 'active') drawTodo();
}

/** The health card, for those who see it; offline with nothing kept, or refused, it says so in its place. */
async function loadHealth(ctx, d, box) {
  if (!(d.my_member_status === 'active' || d.my_roles.community_admin || d.my_roles.coordinator)) return;
  try {
    const m = await import('./health.js');
    await m.healthCard(d, box, ctx.alive);
  } catch (e) {
    if (!ctx.alive()) return;
    if (e && (e.status === 404 || e.status === 403)) { clear(box); return; }
    clear(box).append(h('p', { class: 'hint' }, e && e.status === 0 && has('health.offline') ? t('health.offline') : t('error.load')));
  }
}

/** The evaluations' card, for those who may see them; offline with nothing kept, or refused, it stays empty (the
 * evaluations' page says more). */
async function loadEvaluations(ctx, d, box) {
  if (!(d.my_member_status === 'active' || d.my_roles.community_admin || d.my_roles.coordinator)) return;
  if (d.modules && d.modules.evaluations === false) return;
  try {
    const m = await import('./evaluations.js');
    await m.overviewCard(d, box, ctx.alive);
  } catch {
    if (ctx.alive()) clear(box);
  }
}

function stageTitle(pr) {
  const s = pr.journey && pr.journey.stages[pr.stage];
  return s ? s.title : '';
}

/** The stage: its title, which of how many, the day of it, what it is about, the journey. */
function stageSection(d) {
  const pr = d.process;
  const n = pr.stage + 1;
  const of = stageCount(pr);
  const s = pr.journey && pr.journey.stages[pr.stage];
  const id = uid('stage');
  const sec = h('section', { class: 'stage', 'aria-labelledby': id },
    h('h2', { id, tabindex: '-1' }, s ? s.title : t('workspace.stage_n', { n, of })));
  const day = Math.max(1, Math.floor((Date.now() - pr.stage_since) / DAY) + 1);
  const days = s ? s.days : 0;
  sec.append(h('p', { class: 'lead' },
    s ? [t('workspace.stage_n', { n, of }), ' · '] : null,
    days ? t(day > days ? 'workspace.day_over' : 'workspace.day_of', { n: fmtNumber(day), m: fmtNumber(days) }) : t('workspace.day', { n: fmtNumber(day) })));
  if (s && s.description) sec.append(h('p', { class: 'hint' }, s.description));
  if (pr.journey) sec.append(h('p', { class: 'hint' }, t('workspace.journey', { title: pr.journey.title })));
  return sec;
}

/** The next steps of an active project for me: answer a message, read the chat or say hello there, sign or draft the
 * contract, share a document. Links lead to the section where it is done. */
function todoSection(d, { summary, chatCount, contract }) {
  const p = d.project;
  const base = `/projects/${p.id}`;
  const sec = h('section', { 'aria-labelledby': 'todo-h' }, h('h2', { id: 'todo-h' }, t('todo.title')));
  const items = [];
  const item = (href, text) => items.push(h('li', null, h('a', { href }, text)));
  for (const m of (summary && summary.members) || []) {
    const got = (m.received || [])[0];
    const sent = (m.sent || [])[0];
    // Unread, or not answered since: ids are time-ordered.
    if (got && (!got.read_at || !sent || sent.id < got.id)) item(`/messages/${got.id}`, t('todo.answer', { name: m.display_name }));
  }
  const unread = d.chat_unread || 0;
  // The chat opens on the new messages (#unread), or on its message box (#write).
  if (unread > 0) item(`${base}/chat#unread`, t('todo.read_chat', { n: unread }));
  else if (chatCount === 0) item(`${base}/chat#write`, t('todo.say_hello'));
  const open = contract && (contract.versions || []).find((v) => ['draft', 'awaiting_signatures', 'returned'].includes(v.state));
  if (open && open.actions.includes('sign')) item(`${base}/contract`, t('todo.sign_contract', { n: open.version }));
  else if (open && open.actions.includes('propose')) item(`${base}/contract`, t('todo.propose_contract', { n: open.version }));
  else if (open && open.state === 'returned' && open.actions.includes('edit')) item(`${base}/contract`, t('todo.returned_contract', { n: open.version }));
  else if (contract && contract.can_start && !(contract.versions || []).length) item(`${base}/contract`, t('todo.draft_contract'));
  const member = d.my_member_status === 'active';
  if (member && Array.isArray(d.recent_files) && !d.recent_files.length) {
    item(`${base}/files`, d.my_roles.mentor ? t('todo.session_plan') : t('todo.share_cv'));
  } else if (member && !Array.isArray(d.recent_files) && d.my_roles.mentee && state.me && !state.me.cv) {
    item('/profile', t('todo.upload_cv'));
  }
  sec.append(items.length ? h('ul', { class: 'todo' }, items) : h('p', { class: 'hint' }, t(member ? 'todo.none' : 'todo.none_viewer')));
  return sec;
}

/** The next session planned, or none (and where to plan one). Its time reads as on the plan: in this person's zone
 * (their profile's, else this device's), named after it. */
function nextSession(d) {
  const pr = d.process;
  const at = pr.progress && pr.progress.next_session_at;
  const plan = sections(d).some((s) => s.key === 'plan');
  const sec = h('section', { 'aria-labelledby': 'next-h' }, h('h2', { id: 'next-h' }, t('workspace.next_session')));
  if (at) {
    const zone = myZone(state.me && state.me.profile && state.me.profile.timezone);
    const when = sessionTime(at, zone, zone, getLang());
    sec.append(h('p', { class: 'next-session' }, h('time', { datetime: new Date(at).toISOString() }, when.mine), ' ',
      h('span', { class: 'hint' }, `(${city(when.zone)})`)));
  } else sec.append(h('p', null, t('workspace.none_planned')));
  if (plan) sec.append(h('p', null, h('a', { href: `/projects/${d.project.id}/plan` }, t(at ? 'workspace.to_plan' : 'workspace.plan_one'))));
  return sec;
}

/** The stage's checklist, each item done or not in words (and a link to where it is done), the interactions against
 * the minimum, and moving on to the next stage. */
function checklistSection(d, moved) {
  const pr = d.process;
  const have = new Set(sections(d).map((s) => s.key));
  const sec = h('section', { 'aria-labelledby': 'check-h' }, h('h2', { id: 'check-h' }, t('workspace.checklist')));
  if (!pr.checklist.length) sec.append(h('p', { class: 'hint' }, t('workspace.checklist_empty')));
  else {
    sec.append(h('ul', { class: 'checklist' }, pr.checklist.map((c) => {
      const where = CHECK_SECTION[c.check];
      const text = t('check.' + c.check, { n: pr.min_interactions });
      return h('li', { class: c.done ? 'done' : 'open' },
        h('span', { class: 'badge' + (c.done ? ' ok' : ' warn') }, t(c.done ? 'workspace.done' : 'workspace.not_done')), ' ',
        where && have.has(where) ? h('a', { href: `/projects/${d.project.id}/${where}` }, text) : text);
    })));
  }
  const p = pr.progress || {};
  sec.append(h('p', null, pr.min_interactions
    ? t('workspace.interactions', { n: fmtNumber(p.interactions || 0), min: fmtNumber(pr.min_interactions) })
    : t('workspace.interactions_only', { n: fmtNumber(p.interactions || 0) })));
  if (canMoveOn(d)) sec.append(moveOn(d, moved));
  return sec;
}

/** "Move on to the next stage": a form that asks for a note when the checklist is not complete. */
function moveOn(d, moved) {
  const pr = d.process;
  const wrap = h('div', { class: 'move-on' });
  if (pr.stage + 1 >= stageCount(pr)) {
    wrap.append(h('p', { class: 'hint' }, t('workspace.last_stage')));
    return wrap;
  }
  const open = pr.checklist.filter((c) => !c.done).length;
  const next = pr.journey && pr.journey.stages[pr.stage + 1];
  const panel = h('div', { id: uid('move'), hidden: true });
  const button = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': panel.id }, t('workspace.move_on'));
  const close = () => { panel.hidden = true; clear(panel); button.setAttribute('aria-expanded', 'false'); };
  button.addEventListener('click', () => {
    if (!panel.hidden) { close(); return; }
    const form = h('form', { class: 'note-form' },
      open ? h('p', { class: 'notice' }, t('workspace.open_items', { n: open })) : null,
      field({ name: 'note', label: t(open ? 'workspace.note_why' : 'workspace.note'), type: 'textarea', rows: 3, maxlength: 1000,
        required: !!open, hint: open ? null : t('note.optional') }),
      h('p', { class: 'actions' },
        submit(next ? t('workspace.move_to', { n: pr.stage + 2, title: next.title }) : t('workspace.move_on')),
        h('button', { type: 'button', onclick: () => { close(); button.focus(); } }, t('common.cancel'))));
    onSubmit(form, async () => {
      if (open && !form.note.value.trim()) throw { code: 'stage_note_required', field: 'note' };
      const res = await api('POST', `/api/projects/${d.project.id}/stage`, { note: form.note.value });
      moved(res);
    }, 'stage');
    panel.append(form);
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    form.note.focus();
  });
  wrap.append(h('p', { class: 'actions' }, button), panel);
  return wrap;
}

function coordinatorLine(d) {
  const c = d.process.coordinator;
  return h('p', { class: 'coordinator' }, h('strong', null, t('workspace.coordinator')), ' ',
    c && c.id ? h('a', { href: `/users/${c.id}` }, c.display_name) : t('workspace.no_coordinator'));
}

/** The project folder's newest documents (when the view has them) and the way to the folder. */
function filesSection(d) {
  if (!Array.isArray(d.recent_files)) return null;
  const pid = d.project.id;
  const sec = h('section', { 'aria-labelledby': 'files-h' }, h('h2', { id: 'files-h' }, t('files.recent')));
  if (!d.recent_files.length) sec.append(h('p', { class: 'hint' }, t('files.none')));
  else {
    // Who changed it last: `updated_by_name`, or `updated_by: {display_name}`.
    const by = (f) => f.updated_by_name || (f.updated_by && f.updated_by.display_name) || t('admin.system');
    sec.append(h('ul', { class: 'files' }, d.recent_files.map((f) => h('li', null,
      h('a', { href: `/api/projects/${pid}/files/${f.id}/download`, download: f.name }, f.name),
      h('p', { class: 'hint' }, f.size != null ? [fmtSize(f.size), ' · '] : null, t('files.updated', { date: fmtDate(f.updated_at), name: by(f) }))))));
  }
  sec.append(h('p', null, h('a', { href: `/projects/${pid}/files`, class: 'button' }, t('files.open'))));
  return sec;
}

// ---- The sections -------------------------------------------------------------------------------------------------

/** The chat: today's panel (js/mentoring/chat.js), its unread count shown on the bar. `#unread` in the address
 * puts the focus on the messages, `#write` on the message box. */
async function chatSection(ctx, d, f) {
  const [chatMod] = await Promise.all([import('./chat.js'), import('./chat-connection.js')]);
  if (!ctx.alive()) return null;
  const chat = chatMod.chatPanel(d.project.id, {
    readOnly: d.project.state !== 'active', unread: d.chat_unread || 0, onUnread: (n) => f.bar.setUnread(n),
  });
  chat.el.id = 'chat';
  f.body.append(chat.el);
  const hash = location.hash;
  if (hash === '#unread') return chat.el.querySelector('.chat-scroll');
  if (hash === '#write') return chat.el.querySelector('textarea');
  return chat.el.querySelector('h2');
}

/** The private messages with each other member (js/mentoring/messages.js). */
async function messagesSection(ctx, d, f) {
  const m = await import('./messages.js');
  if (!ctx.alive()) return null;
  const msgs = m.projectMessages(d.project.id, { writable: d.project.state === 'active' });
  f.body.append(msgs.el);
  // Offline with nothing kept, the page waits for the connection (the router says so); other errors are said here.
  await msgs.refresh().catch((e) => {
    if (e.status === 0) throw e;
    if (!e.handled) msgs.el.append(h('p', { class: 'form-error' }, tError(e)));
  });
  return msgs.el.querySelector('h2');
}

const DRAW = {
  chat: chatSection,
  messages: messagesSection,
  plan: async (...a) => (await import('./plan.js')).section(...a),
  goals: async (...a) => (await import('./goals.js')).section(...a),
  contract: async (...a) => (await import('./contract.js')).section(...a),
  people: async (...a) => (await import('./people.js')).section(...a),
};

/** A section's page: /projects/{id}/{chat|plan|goals|contract|messages|people}. A request not active yet, or a
 * section this person does not have, leads to the project's page. */
export async function section(ctx) {
  const [pid, key] = ctx.params;
  const d = await load(ctx, `/api/projects/${pid}`, { keep: true });
  if (!d || !ctx.alive()) return;
  if (!isWorkspace(d) || !sections(d).some((s) => s.key === key)) {
    await navigate(`/projects/${pid}`, { replace: true });
    return;
  }
  const f = frame(ctx, d, key);
  f.body = h('div', { class: 'section-body' });
  ctx.root.append(f.body);
  const to = await DRAW[key](ctx, d, f);
  if (!ctx.alive() || !to) return;
  // Come from the bar or a link (not a page opened afresh): the focus goes to the section, past the title and bar.
  if (document.activeElement === f.h1 || location.hash) {
    if (to.tabIndex < 0 && !to.hasAttribute('tabindex')) to.setAttribute('tabindex', '-1');
    if (to.tagName === 'H2') to.focus({ preventScroll: true });
    else {
      // Inside the section (the chat's messages or its box): the section at the top of the screen.
      (to.closest('section') || to).scrollIntoView({ block: 'start' });
      to.focus();
    }
  }
}
