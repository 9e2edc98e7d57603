// The workspace's "Plan & diary" section (/projects/{id}/plan) and each session's page (/projects/{id}/plan/{session}).
// The plan: the sessions coming up and the earlier ones, each at its time in the reader's zone with the organiser's
// beside it when it reads differently, its moves ("updated versions"), a mentee's proposed change, the buttons for
// what this person may do (mark it held or missed, cancel, move, change, propose, accept or reject), its .ics file and
// its diary; planning one session or a repeating series (a local time in a zone, turned into UTC with Intl, right
// across daylight saving), with the warning of times outside 08:00-21:00 for someone; the interactions against the
// journey's minimum and how they are counted; my private log book; my calendar feed; what each diary covers; an
// organisational journey's action plan, each row followed by the project (whose it is, by when, where it stands, a
// note; overdue said in words), which its members and its coordinator update. A session's page shows it with its
// diary (js/mentoring/diary.js). The coordinator sees the plan, the figures and the diaries' states. Strings:
// public/i18n/process.<lang>.json.
import { h, append, field, onSubmit, submit, say, statusOf, clear, fmtDate, fmtNumber, uid } from '../dom.js';
import { t, has, addStrings, getLang } from '../i18n.js';
import { api } from '../api.js';
import { state } from '../session.js';
import { navigate } from '../router.js';
import { load, run, clientKey } from './common.js';
import { frame, isWorkspace, sections } from './sections.js';
import { sessionTime, myZone, zoneList, localToUtc, utcToLocal, today, city, fmtWhen, fmtDay, weekdays, validZone } from './when.js';
import { calendarFeed } from './calendar-feed.js';

const MODES = ['video', 'chat', 'phone', 'face_to_face', 'email', 'other'];
const KINDS = ['call', 'meeting', 'email', 'text', 'other'];
/** An action plan's row: whose it is, and where it stands (the server's lists). */
const OWNERS = ['mentor', 'organisation', 'coordinator'];
const ITEM_STATES = ['open', 'doing', 'done'];
/** The longest note on a row of the action plan (the server refuses more). */
const ITEM_NOTE = 500;
/** Sessions coming up shown at first (the rest behind "Show all"). */
const FIRST = 6;

export const strings = () => (has('plan.sessions') ? null : addStrings('process'));

// ---- Who reads the plan, and how times read for them ----------------------------------------------------------------

/** What every part of the section needs: the project, this person (their roles and zone), names by id. */
function context(d, plan) {
  const me = state.me && state.me.user.id;
  const names = new Map();
  for (const m of d.members || []) names.set(m.id, m.display_name);
  for (const p of (plan && plan.people) || []) names.set(p.id, p.display_name);
  const co = d.process && d.process.coordinator;
  if (co && co.id) names.set(co.id, co.display_name);
  const profileZone = state.me && state.me.profile && state.me.profile.timezone;
  const zone = myZone(profileZone);
  const people = ((plan && plan.people) || d.members || []).filter((p) => !p.status || p.status === 'active');
  const member = d.my_member_status === 'active';
  const active = d.project.state === 'active';
  const j = d.process && d.process.journey;
  const lang = getLang();
  const c = {
    d, pid: d.project.id, me, member, active, zone, lang, people, profileZone: validZone(profileZone) ? profileZone : '',
    mentor: !!d.my_roles.mentor && member,
    mentee: !!d.my_roles.mentee && member,
    isGroup: d.project.kind === 'group',
    mentees: people.filter((p) => p.role === 'mentee'),
    agenda: (j && j.agenda) || [],
    name: (id) => (id && names.get(id)) || t('plan.former_member'),
    /** A session's time as this person reads it ("Wed, Mar 17, 2027, 02:00 (Tokyo) · Tue, Mar 16, 18:00 in Rome"). */
    whenText(ms, organiserZone) {
      const w = sessionTime(ms, organiserZone, zone, lang);
      return w.theirs ? t('plan.when_two', { mine: w.mine, zone: city(w.zone), theirs: w.theirs, city: city(w.organiser) }) : w.mine;
    },
    when(ms, organiserZone) {
      return h('time', { datetime: new Date(ms).toISOString() }, c.whenText(ms, organiserZone));
    },
  };
  c.canPlan = active && (c.mentor || (c.mentee && !!(j && j.mentees_edit_plan)));
  return c;
}

const badge = (cls, text) => h('span', { class: 'badge' + (cls ? ' ' + cls : '') }, text);
const stateBadge = (s) => badge(s === 'held' ? 'ok' : s === 'missed' || s === 'cancelled' ? 'warn' : '', t('plan.state.' + s));
const diaryBadge = (s) => badge(s === 'closed' || s === 'commented' ? 'ok' : s === 'draft' ? 'warn' : '', t('diary.state.' + s));
const sessionTitle = (s) => (s.topic ? t('plan.session_topic', { n: s.number, topic: s.topic }) : t('plan.session_n', { n: s.number }));

/** The diary's link of a held session, in words that say what waits for this person. */
function diaryLink(c, s) {
  if (s.state !== 'held') return null;
  const dy = s.diary;
  const mine = c.member && s.diarist_id === c.me;
  let key = 'plan.diary_read';
  if (!c.member) key = 'plan.diary_see';
  else if (mine && (!dy || dy.state === 'draft')) key = dy ? 'plan.diary_continue' : 'plan.diary_write';
  else if (c.mentor && dy && dy.state === 'submitted') key = 'plan.diary_comment';
  else if (!dy || dy.state === 'draft') key = 'plan.diary_see';
  return h('a', { href: `/projects/${c.pid}/plan/${s.id}`, class: key === 'plan.diary_read' || key === 'plan.diary_see' ? null : 'button small' },
    t(key, { n: s.number }));
}

// ---- Fields -------------------------------------------------------------------------------------------------------

function zoneField(c, { name = 'zone', value = c.zone, label = t('plan.zone') } = {}) {
  const zones = zoneList([value, c.zone]);
  const f = field({ name, label, type: 'select', required: true, value, options: zones.map((z) => [z, z.replace(/_/g, ' ')]),
    hint: t('plan.zone_hint', { zone: c.zone.replace(/_/g, ' ') }) });
  return f;
}

/** A date, a time and a zone, read as the wall clock of that zone; `field` names what the server's errors name. */
function whenFields(c, { date = '', time = '', zone = c.zone, required = true, legend = t('plan.when') } = {}) {
  const dateF = field({ name: 'date', field: 'start', label: t('plan.date'), type: 'date', required, value: date, min: today(c.zone) });
  const timeF = field({ name: 'time', field: 'start_time', label: t('plan.time'), type: 'time', required, value: time });
  const zoneF = zoneField(c, { value: zone });
  return { el: h('fieldset', null, h('legend', null, legend), dateF, timeF, zoneF), date: dateF.control, time: timeF.control, zone: zoneF.control };
}

/** The start a date, a time and a zone name, checked before it is sent. */
function startOf(w, { required = true } = {}) {
  const date = w.date.value;
  const time = w.time.value;
  if (!date && !time && !required) return null;
  if (!date) throw { code: 'required', field: 'start' };
  if (!time) throw { code: 'required', field: 'start_time' };
  const at = localToUtc(w.zone.value, date, time);
  if (at == null) throw { code: 'date_invalid', field: 'start' };
  if (at <= Date.now()) throw { code: 'session_in_past', field: 'start' };
  return at;
}

const modeField = (value = 'video') => field({ name: 'mode', label: t('plan.mode'), type: 'select', required: true, value,
  options: MODES.map((m) => [m, t('contract.channel.' + m)]) });
const durationField = (value = 60) => field({ name: 'duration', label: t('plan.duration'), type: 'number', required: true, value: String(value),
  min: '5', max: '480', inputmode: 'numeric', hint: t('plan.duration_hint') });
const topicField = (value = '') => field({ name: 'topic', label: t('plan.topic'), maxlength: 200, value, hint: t('plan.optional') });
const placeField = (value = '') => field({ name: 'place', label: t('plan.place'), maxlength: 300, value, hint: t('plan.place_hint') });
const homeworkField = (value = '') => field({ name: 'homework', label: t('plan.homework'), type: 'textarea', rows: 3, maxlength: 2000, value, hint: t('plan.optional') });

/** Who writes the diary: in a group the mentor may choose (one to one it is always the mentee). */
function diaristField(c, value = '') {
  if (!c.isGroup || c.mentees.length < 2 || !c.mentor) return null;
  return field({ name: 'diarist', label: t('plan.diarist'), type: 'select', value: value || '',
    options: [['', t('plan.diarist_turn')], ...c.mentees.map((m) => [m.id, m.display_name])] });
}

function duration(form) {
  const n = Number(form.duration.value);
  if (!form.duration.value || !Number.isInteger(n) || n < 5 || n > 480) throw { code: 'out_of_range', field: 'duration' };
  return n;
}

/** The warnings after planning: for whom the time falls outside 08:00-21:00, at which local times, which sessions. */
function warningsBox(c, res) {
  const list = res.warnings || [];
  if (!list.length) return null;
  const numbers = new Map((res.sessions || []).map((s) => [s.id, s.number]));
  const byUser = new Map();
  for (const w of list) {
    if (!byUser.has(w.user_id)) byUser.set(w.user_id, new Map());
    const range = `${w.local_start}–${w.local_end}`;
    const m = byUser.get(w.user_id);
    if (!m.has(range)) m.set(range, []);
    m.get(range).push(numbers.get(w.session));
  }
  return h('div', { class: 'notice warnings' },
    h('p', null, h('strong', null, t('plan.warnings_title'))),
    h('ul', null, [...byUser].map(([user, ranges]) => h('li', null, t('plan.warning_line', {
      name: c.name(user),
      times: [...ranges].map(([range, ns]) => t('plan.warning_times', { times: range, n: ns.length, sessions: ns.filter(Boolean).join(', ') })).join('; '),
    })))),
    h('p', { class: 'hint' }, t('plan.warnings_hint')));
}

// ---- The section --------------------------------------------------------------------------------------------------

/** Draw the section into f.body; returns its heading (which takes the focus). */
export async function section(ctx, d, f) {
  const pid = d.project.id;
  const [, first] = await Promise.all([strings(), api('GET', `/api/projects/${pid}/sessions`, null, { keep: true })]);
  if (!ctx.alive()) return null;
  let plan = first;
  const c = context(d, plan);
  const head = h('h2', { id: 'plan-h', tabindex: '-1' }, t('section.plan'));
  const figures = h('div');
  const top = h('section', { class: 'plan-top', 'aria-labelledby': 'plan-h' }, head, figures, zoneLine(c));
  const drawFigures = () => clear(figures).append(figuresList(c, plan), checkInNotice(c, plan) || '');
  drawFigures();
  const list = sessionsSection(c, plan, (res) => { plan = res; drawFigures(); });
  f.body.append(top, list);
  // An organisational journey's action plan: its rows as the project follows them, loaded only for such a journey.
  const j = d.process.journey;
  if (j && j.action_plan && j.action_plan.length) f.body.append(actionPlanSection(c));
  if (c.member || d.my_roles.coordinator) f.body.append(interactionsSection(c));
  // (The reflections belong to the diary: not where the community turned it off.)
  if (c.member) f.body.append(diaryOn(c) ? reflectionsSection(c) : null, calendarFeed());
  if (c.agenda.length) {
    f.body.append(h('section', { 'aria-labelledby': 'agenda-h' },
      h('h2', { id: 'agenda-h' }, t('plan.agenda')),
      h('p', { class: 'hint' }, t('plan.agenda_hint')),
      h('ol', { class: 'agenda' }, c.agenda.map((a) => h('li', null, a.title)))));
  }
  return head;
}

/** The figures: the next session, the sessions held, the diaries still to write, the interactions. */
function figuresList(c, plan) {
  const p = c.d.process.progress || {};
  const now = Date.now();
  const next = plan.sessions.find((s) => s.state === 'planned' && s.start_at > now);
  const held = plan.sessions.filter((s) => s.state === 'held').length;
  const min = c.d.process.min_interactions;
  return h('dl', { class: 'facts figures' },
    h('dt', null, t('workspace.next_session')),
    h('dd', null, next ? c.when(next.start_at, next.zone) : t('workspace.none_planned')),
    h('dt', null, t('plan.sessions_held')), h('dd', null, fmtNumber(held)),
    h('dt', null, t('plan.diaries_missing')), h('dd', null, fmtNumber(p.diaries_missing || 0)),
    h('dt', null, t('plan.interactions')), h('dd', null, min
      ? t('plan.interactions_of', { n: fmtNumber(p.interactions || 0), min: fmtNumber(min) })
      : fmtNumber(p.interactions || 0)));
}

/** The coordinator's latest proposal of a check-in session, until a session is planned after it: who proposed it and
 * when, their words, and (for whoever plans) that it is planned below. */
function checkInNotice(c, plan) {
  const e = (c.d.history || []).filter((x) => x.action === 'check_in').at(-1);
  if (!e || plan.sessions.some((s) => s.state !== 'cancelled' && s.created_at > e.at)) return null;
  return h('div', { class: 'notice check-in' },
    h('p', null, t('plan.check_in', { name: e.actor_name || t('admin.system'), date: fmtDate(e.at) }), c.canPlan ? [' ', t('plan.check_in_plan')] : null),
    e.note ? h('blockquote', { class: 'prewrap' }, e.note) : null);
}

/** Which zone the times are in, and where to change it. */
function zoneLine(c) {
  const z = c.zone.replace(/_/g, ' ');
  return h('p', { class: 'hint' }, c.profileZone ? t('plan.zone_mine', { zone: z }) : t('plan.zone_device', { zone: z }), ' ',
    h('a', { href: '/profile' }, t('plan.zone_change')));
}

/** The sessions: planning them, the ones coming up, what waits for this person, the earlier ones. */
function sessionsSection(c, first, changed) {
  let plan = first;
  let all = false;
  const id = 'sessions-h';
  const head = h('h2', { id, tabindex: '-1' }, t('plan.sessions'));
  const sec = h('section', { class: 'sessions', 'aria-labelledby': id }, head);
  const body = h('div');
  statusOf(sec, head);
  if (c.canPlan) sec.append(planBox(c, (res) => { plan = res; changed(res); draw(); }, () => new Set(plan.sessions.map((x) => x.id))));
  sec.append(body);

  /** After a move on a session: drawn again, the focus on its card's title, what happened said there. */
  const after = (res, msg, sid) => {
    plan = res;
    changed(res);
    draw();
    const card = sid && body.querySelector(`[data-session="${sid}"]`);
    if (card) {
      const det = card.closest('details');
      if (det) det.open = true;
      const h3 = card.querySelector('.session-title');
      h3.focus();
      say(card, msg, 'ok', h3);
    } else {
      head.focus();
      say(sec, msg, 'ok', head);
    }
  };

  function draw() {
    clear(body);
    const now = Date.now();
    const upcoming = plan.sessions.filter((s) => s.state === 'planned');
    const earlier = plan.sessions.filter((s) => s.state !== 'planned').reverse();
    const todo = todoList(c, plan);
    if (todo) body.append(todo);
    body.append(h('h3', { class: 'h3 sub' }, t('plan.coming_up')));
    if (!upcoming.length) body.append(h('p', null, t(c.canPlan ? 'plan.none_planned_plan' : 'plan.none_planned')));
    else {
      const shown = all ? upcoming : upcoming.slice(0, FIRST);
      body.append(h('ol', { class: 'cards session-list' }, shown.map((s) => sessionCard(c, s, after, now))));
      if (shown.length < upcoming.length) {
        const more = h('button', { type: 'button', class: 'more' }, t('plan.show_all', { n: upcoming.length }));
        more.addEventListener('click', () => {
          all = true;
          draw();
          body.querySelectorAll('.session-list > li')[FIRST]?.querySelector('h3')?.focus();
        });
        body.append(h('p', null, more));
      }
    }
    if (earlier.length) {
      body.append(h('details', { class: 'older' }, h('summary', null, t('plan.earlier', { n: earlier.length })),
        h('ol', { class: 'cards session-list' }, earlier.map((s) => sessionCard(c, s, after, now)))));
    }
  }
  draw();
  return sec;
}

/** What waits for this person in the plan: diaries to write, to comment; sessions to say whether they took place. */
function todoList(c, plan) {
  if (!c.member || !c.active) return null;
  const items = [];
  for (const s of plan.sessions) {
    if (!diaryOn(c) && s.state === 'held') {
      continue;
    } else if (s.state === 'held' && s.diarist_id === c.me && (!s.diary || s.diary.state === 'draft')) {
      items.push(h('li', null, h('a', { href: `/projects/${c.pid}/plan/${s.id}` }, t(s.diary ? 'plan.todo_continue' : 'plan.todo_write', { n: s.number, when: c.whenText(s.start_at, s.zone) }))));
    } else if (c.mentor && s.state === 'held' && s.diary && s.diary.state === 'submitted') {
      items.push(h('li', null, h('a', { href: `/projects/${c.pid}/plan/${s.id}` }, t('plan.todo_comment', { n: s.number, name: c.name(s.diary.author_id) }))));
    } else if (s.state === 'planned' && (s.actions || []).includes('hold')) {
      items.push(h('li', null, t('plan.todo_hold', { n: s.number })));
    }
    const p = (s.proposals || []).at(-1);
    if (c.mentor && p && p.state === 'pending') items.push(h('li', null, t('plan.todo_proposal', { n: s.number, name: c.name(p.by_id) })));
  }
  if (!items.length) return null;
  return h('div', { class: 'plan-todo' }, h('h3', { class: 'h3 sub' }, t('plan.todo')), h('ul', { class: 'todo' }, items));
}

// ---- A session's card ---------------------------------------------------------------------------------------------

/** A session: its title and state, its time, how and where, its diarist and homework, its moves, a proposed change,
 * its diary, and the buttons for what this person may do (each form opens below them). `after(res, msg, sid)`:
 * what to do with the plan an action answers with. `tag`: li in a list, article on its own page. */
export function sessionCard(c, s, after, now = Date.now(), tag = 'li') {
  const id = uid('s');
  const card = h(tag, { class: 'card session s-' + s.state, 'data-session': s.id, 'aria-labelledby': id });
  // On its own page the session is the page's first part: an h2. Then, compactly: when, its state, how, how
  // long, where; who writes its diary; its homework.
  append(card, [
    h(tag === 'article' ? 'h2' : 'h3', { class: 'h3 session-title', id, tabindex: '-1' }, sessionTitle(s)),
    h('p', { class: 'when' }, c.when(s.start_at, s.zone)),
    h('p', { class: 'meta' }, stateBadge(s.state), s.state === 'planned' && s.start_at <= now ? [' ', badge('warn', t('plan.started'))] : null, ' ',
      t('plan.how_long_line', { mode: t('contract.channel.' + s.mode), n: s.duration }),
      s.place ? [' · ', h('span', { class: 'place' }, s.place)] : null),
    s.diarist_id ? h('p', { class: 'hint' }, t('plan.diary_by', { name: c.name(s.diarist_id) })) : null,
    s.homework ? h('p', { class: 'homework' }, h('strong', null, t('plan.homework_label')), ' ', h('span', { class: 'prewrap' }, s.homework)) : null]);
  if (s.state === 'cancelled' && s.reason) card.append(h('p', null, h('strong', null, t('plan.cancelled_because')), ' '), h('blockquote', { class: 'prewrap' }, s.reason));
  if ((s.moves || []).length) card.append(movesList(c, s));
  card.append(...proposalBox(c, s, after));
  if (s.state === 'held') {
    const dy = s.diary;
    card.append(h('p', { class: 'diary-line' }, h('strong', null, t('plan.diary')), ' ',
      dy ? diaryBadge(dy.state) : badge('warn', t('plan.diary_none')), ' ', tag === 'article' ? null : diaryLink(c, s)));
  }
  const acts = c.active ? s.actions || [] : [];
  const panel = h('div', { id: uid('panel'), class: 'session-panel', hidden: true });
  const row = h('p', { class: 'actions' });
  let by = null;
  const close = () => { panel.hidden = true; clear(panel); if (by) { by.setAttribute('aria-expanded', 'false'); by.focus(); } by = null; };
  const opener = (action, label, build) => {
    const b = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false', 'aria-controls': panel.id, 'data-action': action }, label);
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
  const direct = (action, label, cls = 'small') => {
    const b = h('button', { type: 'button', class: cls, 'data-action': action }, label);
    b.addEventListener('click', () => run(null, b, async () => {
      const res = await api('POST', `/api/projects/${c.pid}/sessions/${s.id}/actions`, { action });
      after(res, t('plan.done.' + action, { n: s.number }), s.id);
    }, 'plan'));
    row.append(b);
  };
  if (acts.includes('hold')) direct('hold', t('plan.hold'), 'small primary');
  if (acts.includes('miss')) direct('miss', t('plan.miss'));
  if (acts.includes('edit')) opener('edit', t('plan.edit'), () => editForm(c, s, after, close));
  if (acts.includes('reschedule')) opener('reschedule', t('plan.reschedule'), () => rescheduleForm(c, s, after, close));
  if (acts.includes('propose')) opener('propose', t('plan.propose'), () => proposeForm(c, s, after, close));
  if (acts.includes('cancel')) opener('cancel', t('plan.cancel'), () => cancelForm(c, s, after, close));
  // Its calendar file, for the members (the coordinator's plan has no topics or places to put in one).
  if (s.state !== 'cancelled' && c.member) {
    row.append(h('a', { href: `/api/projects/${c.pid}/sessions/${s.id}/ics`, download: `session-${s.number}.ics`, class: 'ics' }, t('plan.ics', { n: s.number })));
  }
  card.append(row, panel);
  return card;
}

/** Its moves, compactly: from when to when, by whom, on which day. */
function movesList(c, s) {
  return h('details', { class: 'moves' }, h('summary', null, t('plan.moves', { n: s.moves.length })),
    h('ol', { class: 'plain' }, s.moves.map((m) => h('li', null,
      t('plan.move', { from: fmtWhen(m.from_start, c.zone, c.lang), to: fmtWhen(m.to_start, c.zone, c.lang) }), ' ',
      h('span', { class: 'hint' }, t('plan.move_by', { name: c.name(m.by_id), date: fmtDate(m.at) }))))));
}

/** A mentee's proposed change waiting for the mentor (who accepts or rejects it here), or the last one answered. */
function proposalBox(c, s, after) {
  const p = (s.proposals || []).at(-1);
  if (!p) return [];
  const what = [p.start_at ? t('plan.proposal_time', { when: c.whenText(p.start_at, s.zone) }) : null,
    p.topic ? t('plan.proposal_topic', { topic: p.topic }) : null].filter(Boolean).join(' ');
  if (p.state !== 'pending') {
    return [h('p', { class: 'hint' }, t('plan.proposal.' + p.state, { name: c.name(p.by_id) }), ' ', what)];
  }
  const box = h('div', { class: 'notice proposal' }, h('p', null, h('strong', null, t('plan.proposal_pending', { name: c.name(p.by_id) })), ' ', what));
  const acts = c.active ? s.actions || [] : [];
  if (acts.includes('accept') || acts.includes('reject')) {
    const row = h('p', { class: 'actions' });
    for (const [action, accept] of [['accept', true], ['reject', false]]) {
      if (!acts.includes(action)) continue;
      const b = h('button', { type: 'button', class: 'small' + (accept ? ' primary' : '') }, t('plan.proposal.' + action));
      b.addEventListener('click', () => run(null, b, async () => {
        const res = await api('POST', `/api/projects/${c.pid}/sessions/${s.id}/proposals/${p.id}`, { accept });
        after(res, t(accept ? 'plan.proposal_accepted_done' : 'plan.proposal_rejected_done', { n: s.number, name: c.name(p.by_id) }), s.id);
      }, 'plan'));
      row.append(b);
    }
    box.append(row);
  }
  return [box];
}

const cancelRow = (label, close) => h('p', { class: 'actions' }, submit(label), h('button', { type: 'button', onclick: close }, t('common.cancel')));

function cancelForm(c, s, after, close) {
  const form = h('form', { class: 'note-form' },
    field({ name: 'reason', label: t('plan.cancel_reason'), type: 'textarea', rows: 3, maxlength: 500, required: true, hint: t('plan.cancel_hint') }),
    cancelRow(t('plan.cancel_confirm', { n: s.number }), close));
  onSubmit(form, async () => {
    if (!form.reason.value.trim()) throw { code: 'required', field: 'reason' };
    const res = await api('POST', `/api/projects/${c.pid}/sessions/${s.id}/actions`, { action: 'cancel', reason: form.reason.value });
    after(res, t('plan.done.cancel', { n: s.number }), s.id);
  }, 'plan');
  return form;
}

function rescheduleForm(c, s, after, close) {
  const at = utcToLocal(s.zone, s.start_at);
  const w = whenFields(c, { date: at.date, time: at.time, zone: s.zone, legend: t('plan.new_time') });
  const form = h('form', { class: 'note-form' }, w.el, cancelRow(t('plan.reschedule_confirm', { n: s.number }), close));
  onSubmit(form, async () => {
    const start = startOf(w);
    const res = await api('POST', `/api/projects/${c.pid}/sessions/${s.id}/reschedule`, { start, zone: w.zone.value });
    after(res, t('plan.done.reschedule', { n: s.number, when: c.whenText(start, w.zone.value) }), s.id);
    showWarnings(c, res, s.id);
  }, 'plan');
  return form;
}

/** After a move, the hours warning goes on the session's card too. */
function showWarnings(c, res, sid) {
  const box = warningsBox(c, { ...res, warnings: (res.warnings || []).filter((x) => x.session === sid) });
  const card = box && document.querySelector(`[data-session="${sid}"]`);
  if (card) card.querySelector('.actions')?.before(box);
}

function editForm(c, s, after, close) {
  const form = h('form', { class: 'note-form' },
    topicField(s.topic), durationField(s.duration), modeField(s.mode), placeField(s.place), homeworkField(s.homework),
    diaristField(c, s.diarist_id),
    cancelRow(t('plan.edit_confirm'), close));
  onSubmit(form, async () => {
    const body = { topic: form.topic.value, duration: duration(form), mode: form.mode.value, place: form.place.value, homework: form.homework.value };
    if (form.diarist && form.diarist.value) body.diarist = form.diarist.value;
    else if (s.diarist_id) body.diarist = s.diarist_id;
    const res = await api('PUT', `/api/projects/${c.pid}/sessions/${s.id}`, body);
    after(res, t('plan.done.edit', { n: s.number }), s.id);
  }, 'plan');
  return form;
}

/** A mentee proposes a new time, a new topic, or both; the mentor answers. */
function proposeForm(c, s, after, close) {
  const w = whenFields(c, { required: false, legend: t('plan.propose_time') });
  const form = h('form', { class: 'note-form' },
    h('p', { class: 'hint' }, t('plan.propose_hint')),
    w.el,
    field({ name: 'topic', label: t('plan.propose_topic'), maxlength: 200, hint: t('plan.optional') }),
    cancelRow(t('plan.propose_confirm'), close));
  onSubmit(form, async () => {
    const start = startOf(w, { required: false });
    const topic = form.topic.value.trim();
    if (start == null && !topic) throw { code: 'proposal_empty', field: 'start' };
    const body = {};
    if (start != null) body.start = start;
    if (topic) body.topic = topic;
    const res = await api('POST', `/api/projects/${c.pid}/sessions/${s.id}/proposals`, body);
    after(res, t('plan.done.propose', { n: s.number }), s.id);
  }, 'plan');
  return form;
}

// ---- Planning -----------------------------------------------------------------------------------------------------

/** "Plan a session" and "Plan repeating sessions", each opening its form below them; what the planning did, and the
 * hours warning, stay next to the form's button. */
function planBox(c, done, known) {
  const panel = h('div', { id: uid('plan-panel'), class: 'plan-panel', hidden: true });
  const row = h('p', { class: 'actions' });
  let by = null;
  const close = () => { panel.hidden = true; clear(panel); if (by) { by.setAttribute('aria-expanded', 'false'); by.focus(); } by = null; };
  const opener = (label, build, cls) => {
    const b = h('button', { type: 'button', class: cls, 'aria-expanded': 'false', 'aria-controls': panel.id }, label);
    b.addEventListener('click', () => {
      const was = by;
      if (by) { panel.hidden = true; clear(panel); by.setAttribute('aria-expanded', 'false'); by = null; }
      if (was === b) { b.focus(); return; }
      by = b;
      b.setAttribute('aria-expanded', 'true');
      panel.append(build());
      panel.hidden = false;
      panel.querySelector('input, select, textarea')?.focus();
    });
    row.append(b);
  };
  opener(t('plan.plan_one'), () => oneForm(c, done, close, known), 'primary');
  opener(t('plan.plan_series'), () => seriesForm(c, done, close, known), '');
  return h('div', { class: 'plan-box' }, row, panel);
}

/** After planning: the plan drawn again, what was planned said by the form's button, the hours warning under it. */
function planned(c, form, res, msg, done) {
  done(res);
  say(form, msg, 'ok');
  form.querySelector('.warnings')?.remove();
  const box = warningsBox(c, res);
  if (box) (form.statusBox || form.lastElementChild).after(box);
}

function oneForm(c, done, close, known) {
  const w = whenFields(c);
  const form = h('form', { class: 'plan-form' },
    topicField(), w.el, durationField(), modeField(), placeField(), homeworkField(), diaristField(c),
    cancelRow(t('plan.plan_one_confirm'), close));
  onSubmit(form, async () => {
    const start = startOf(w);
    const body = { topic: form.topic.value, start, zone: w.zone.value, duration: duration(form), mode: form.mode.value, place: form.place.value, homework: form.homework.value };
    if (form.diarist && form.diarist.value) body.diarist = form.diarist.value;
    const before = known();
    const res = await api('POST', `/api/projects/${c.pid}/sessions`, body);
    const s = res.sessions.find((x) => !before.has(x.id)) || { number: '' };
    planned(c, form, res, t('plan.planned_one', { n: s.number, when: c.whenText(start, w.zone.value) }), done);
  }, 'plan');
  return form;
}

function seriesForm(c, done, close, known) {
  const timeF = field({ name: 'time', label: t('plan.time'), type: 'time', required: true, value: '' });
  const zoneF = zoneField(c);
  const from = field({ name: 'from', label: t('plan.from'), type: 'date', required: true, value: today(c.zone), min: today(c.zone) });
  const until = field({ name: 'until', label: t('plan.until'), type: 'date', required: true, hint: t('plan.until_hint') });
  const form = h('form', { class: 'plan-form' },
    h('p', { class: 'hint' }, t('plan.series_hint')),
    topicField(),
    h('fieldset', null, h('legend', null, t('plan.repeat')),
      field({ name: 'every_weeks', label: t('plan.every'), type: 'select', required: true, value: '1',
        options: [1, 2, 3, 4].map((n) => [String(n), t('plan.every_weeks', { n })]) }),
      field({ name: 'weekday', label: t('plan.weekday'), type: 'select', required: true, value: '',
        options: [['', t('common.choose')], ...weekdays(c.lang)] }),
      timeF, zoneF, from, until),
    durationField(), modeField(), placeField(),
    cancelRow(t('plan.plan_series_confirm'), close));
  // Until the end of the contract in force, when there is one.
  api('GET', `/api/projects/${c.pid}/contract`).then((ct) => {
    const v = (ct.versions || []).find((x) => x.state === 'in_force');
    const end = v && v.terms && v.terms.ends_on;
    if (end && !until.control.value) {
      until.control.value = end;
      until.querySelector('.hint').textContent = t('plan.until_contract');
    }
  }).catch(() => {});
  onSubmit(form, async () => {
    for (const k of ['weekday', 'time', 'from', 'until']) if (!form[k].value) throw { code: 'required', field: k };
    const body = {
      every_weeks: Number(form.every_weeks.value), weekday: form.weekday.value, time: form.time.value.slice(0, 5), zone: form.zone.value,
      from: form.from.value, until: form.until.value, topic: form.topic.value, duration: duration(form), mode: form.mode.value, place: form.place.value,
    };
    const before = known();
    const res = await api('POST', `/api/projects/${c.pid}/sessions/series`, body);
    planned(c, form, res, t('plan.planned_series', { n: res.sessions.filter((x) => !before.has(x.id)).length }), done);
  }, 'plan');
  return form;
}

// ---- Interactions, the log book -----------------------------------------------------------------------------------

/** The interactions counted against the journey's minimum, how they are counted, those logged outside sessions
 * (another member confirms each), and the form that logs one. */
function interactionsSection(c) {
  const id = 'inter-h';
  const head = h('h2', { id, tabindex: '-1' }, t('plan.interactions_title'));
  const body = h('div', null, h('p', { class: 'hint' }, t('plan.loading')));
  const sec = h('section', { class: 'interactions', 'aria-labelledby': id }, head, body);
  statusOf(sec, head);
  let logForm = null;
  const draw = (v, msg, where) => {
    clear(body);
    const min = c.d.process.min_interactions;
    body.append(
      h('p', { class: 'lead' }, min ? t('plan.interactions_so_far', { n: fmtNumber(v.counted), min: fmtNumber(min) }) : t('plan.interactions_count', { n: fmtNumber(v.counted) })),
      h('p', { class: 'hint' }, t('plan.interactions_how', { sessions: fmtNumber(v.sessions), confirmed: fmtNumber(v.confirmed), days: fmtNumber(v.chat_days) })));
    if (v.items.length) {
      body.append(h('ul', { class: 'cards interaction-list' }, v.items.map((i) => interactionCard(c, i, draw))));
    } else body.append(h('p', null, t('plan.interactions_none')));
    if (c.member && c.active) body.append(logBox(c, draw, (f) => { logForm = f; }));
    if (msg) {
      const card = where && body.querySelector(`[data-interaction="${where}"]`);
      if (card) say(card, msg, 'ok');
      else if (logForm && logForm.isConnected) say(logForm, msg, 'ok');
      else say(sec, msg, 'ok', head);
    }
  };
  api('GET', `/api/projects/${c.pid}/interactions`, null, { keep: true }).then((v) => draw(v)).catch((e) => {
    clear(body).append(h('p', { class: 'hint' }, t(e.status === 0 ? 'plan.offline_part' : 'error.load')));
  });
  return sec;
}

function interactionCard(c, i, draw) {
  const li = h('li', { class: 'card', 'data-interaction': i.id },
    h('p', null, h('strong', null, t('plan.kind.' + i.kind)), i.minutes ? ' · ' + t('plan.minutes', { n: i.minutes }) : '', ' · ',
      h('time', { datetime: new Date(i.at).toISOString() }, fmtWhen(i.at, c.zone, c.lang, { year: true }))),
    i.note ? h('p', { class: 'prewrap' }, i.note) : null,
    h('p', { class: 'hint' }, t('plan.logged_by', { name: c.name(i.logged_by) }), ' ',
      i.confirmed_by ? badge('ok', t('plan.confirmed_by', { name: c.name(i.confirmed_by) })) : badge('warn', t('plan.unconfirmed'))));
  if (!i.confirmed_by && c.member && c.active && i.logged_by !== c.me) {
    const b = h('button', { type: 'button', class: 'small' }, t('plan.confirm'));
    b.addEventListener('click', () => run(null, b, async () => {
      const res = await api('POST', `/api/projects/${c.pid}/interactions/${i.id}/confirm`, {});
      draw(res, t('plan.confirmed'), i.id);
    }, 'plan'));
    li.append(h('p', { class: 'actions' }, b));
  }
  return li;
}

/** "Log an interaction": a call, a meeting … at a time (this person's zone), how long, a note. */
function logBox(c, draw, made) {
  const panel = h('div', { id: uid('log'), hidden: true });
  const b = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': panel.id }, t('plan.log'));
  const close = () => { panel.hidden = true; clear(panel); b.setAttribute('aria-expanded', 'false'); b.focus(); };
  b.addEventListener('click', () => {
    if (!panel.hidden) { close(); return; }
    const now = utcToLocal(c.zone, Date.now());
    let key = clientKey();
    const form = h('form', { class: 'note-form' },
      field({ name: 'kind', label: t('plan.kind'), type: 'select', required: true, value: 'call', options: KINDS.map((k) => [k, t('plan.kind.' + k)]) }),
      field({ name: 'date', field: 'at', label: t('plan.date'), type: 'date', required: true, value: now.date, max: now.date }),
      field({ name: 'time', field: 'at_time', label: t('plan.time'), type: 'time', required: true, value: now.time, hint: t('plan.in_zone', { zone: c.zone.replace(/_/g, ' ') }) }),
      field({ name: 'minutes', label: t('plan.how_long'), type: 'number', min: '0', max: '600', inputmode: 'numeric', hint: t('plan.optional') }),
      field({ name: 'note', label: t('plan.note'), type: 'textarea', rows: 2, maxlength: 1000, hint: t('plan.optional') }),
      cancelRow(t('plan.log_confirm'), close));
    // A retry of the same interaction is the same request; another one, another key.
    form.addEventListener('input', () => { key = clientKey(); });
    onSubmit(form, async () => {
      if (!form.date.value) throw { code: 'required', field: 'at' };
      if (!form.time.value) throw { code: 'required', field: 'at_time' };
      const at = localToUtc(c.zone, form.date.value, form.time.value);
      if (at == null) throw { code: 'date_invalid', field: 'at' };
      if (at > Date.now()) throw { code: 'interaction_in_future', field: 'at' };
      const body = { kind: form.kind.value, at, note: form.note.value, client_key: key };
      if (form.minutes.value) body.minutes = Number(form.minutes.value);
      const res = await api('POST', `/api/projects/${c.pid}/interactions`, body);
      draw(res, t('plan.logged'));
    }, 'plan');
    panel.append(form);
    made(form);
    panel.hidden = false;
    b.setAttribute('aria-expanded', 'true');
    form.kind.focus();
  });
  return h('div', { class: 'disclosure' }, h('p', { class: 'actions' }, b), panel);
}

/** My log book: private notes on how the mentoring goes, readable by me alone. */
/** Whether the project's community keeps session diaries (its admins can turn them off). */
const diaryOn = (c) => !(c.d.modules && c.d.modules.diary === false);

function reflectionsSection(c) {
  const id = 'refl-h';
  const list = h('div', null, h('p', { class: 'hint' }, t('plan.loading')));
  let key = clientKey();
  const form = h('form', { class: 'reflect-form' },
    field({ name: 'text', label: t('plan.reflection_new'), type: 'textarea', rows: 3, maxlength: 4000, required: true }),
    h('p', { class: 'actions' }, submit(t('plan.reflection_add'))));
  form.addEventListener('input', () => { key = clientKey(); });
  const draw = (v) => {
    clear(list);
    if (!v.items.length) { list.append(h('p', null, t('plan.reflections_none'))); return; }
    list.append(h('ol', { class: 'plain reflections' }, v.items.map((r) => h('li', null,
      h('p', { class: 'hint' }, h('time', { datetime: new Date(r.at).toISOString() }, fmtDate(r.at))),
      h('p', { class: 'prewrap' }, r.text)))));
  };
  onSubmit(form, async () => {
    if (!form.text.value.trim()) throw { code: 'required', field: 'text' };
    const res = await api('POST', `/api/projects/${c.pid}/reflections`, { text: form.text.value, client_key: key });
    form.text.value = '';
    key = clientKey();
    draw(res);
    say(form, t('plan.reflection_added'), 'ok');
  }, 'plan');
  api('GET', `/api/projects/${c.pid}/reflections`, null, { keep: true }).then(draw).catch((e) => {
    clear(list).append(h('p', { class: 'hint' }, t(e.status === 0 ? 'plan.offline_part' : 'error.load')));
  });
  return h('section', { class: 'log-book', 'aria-labelledby': id }, h('h2', { id }, t('plan.reflections')),
    h('p', { class: 'hint' }, t('plan.reflections_hint')), c.active ? form : null, list);
}

// ---- The action plan (organisational journeys) ---------------------------------------------------------------------

const itemBadge = (s) => badge(s === 'done' ? 'ok' : '', t('action_plan.state.' + s));

/** The journey's action plan, phase by phase: each row (an activity) with how the project follows it: whose it is,
 * by when, where it stands, a note; a row past its due date and not done is said to be overdue. The project's members
 * and its coordinator update a row in a small form under it. Loaded once the section is drawn. */
function actionPlanSection(c) {
  const id = 'action-h';
  const head = h('h2', { id, tabindex: '-1' }, t('plan.action_plan'));
  const body = h('div', null, h('p', { class: 'hint' }, t('plan.loading')));
  const sec = h('section', { class: 'action-plan', 'aria-labelledby': id }, head, h('p', { class: 'hint' }, t('action_plan.hint')), body);
  statusOf(sec, head);
  const canEdit = c.active && (c.member || !!c.d.my_roles.coordinator);
  /** Drawn (again) from the server's answer; after a save, the focus on the row's title and what happened said there. */
  const draw = (v, msg, row) => {
    clear(body);
    const items = new Map((v.items || []).map((i) => [i.row, i]));
    const now = today(c.zone);
    const rows = (v.grid || []).map((g, i) => {
      const item = items.get(i) || null;
      return { i, g, item, overdue: !!(item && item.due && item.due < now && item.state !== 'done') };
    });
    const done = rows.filter((r) => r.item && r.item.state === 'done').length;
    const late = rows.filter((r) => r.overdue).length;
    body.append(h('p', { class: 'lead' }, t('action_plan.summary', { n: fmtNumber(done), of: fmtNumber(rows.length) }),
      late ? [' ', badge('warn', t('action_plan.overdue_n', { n: late }))] : null));
    const phases = [];
    for (const r of rows) {
      let ph = phases.find((x) => x.name === r.g.phase);
      if (!ph) phases.push(ph = { name: r.g.phase, rows: [] });
      ph.rows.push(r);
    }
    for (const ph of phases) {
      body.append(h('h3', { class: 'h3 sub' }, ph.name),
        h('ol', { class: 'cards action-rows' }, ph.rows.map((r) => actionRow(c, r, canEdit, draw))));
    }
    const card = msg && body.querySelector(`[data-row="${row}"]`);
    if (card) {
      const title = card.querySelector('.action-title');
      title.focus();
      say(card, msg, 'ok', title);
    }
  };
  api('GET', `/api/projects/${c.pid}/action-plan`, null, { keep: true }).then((v) => draw(v)).catch((e) => {
    clear(body).append(h('p', { class: 'hint' }, t(e.status === 0 ? 'plan.offline_part' : 'error.load')));
  });
  return sec;
}

/** A row of the action plan: its activity, where it stands (overdue in words), whose it is, its due date in the
 * reader's language, its note, who updated it last; "Update" opens its form below. */
function actionRow(c, r, canEdit, draw) {
  const id = uid('ap');
  const it = r.item;
  const state = it ? it.state : 'open';
  const owner = it ? it.owner : r.g.owner;
  const li = h('li', { class: 'card action-row' + (r.overdue ? ' attention' : ''), 'data-row': String(r.i), 'aria-labelledby': id },
    h('h4', { class: 'h4 action-title', id, tabindex: '-1' }, r.g.activity),
    h('p', { class: 'meta' }, itemBadge(state), r.overdue ? [' ', badge('warn', t('action_plan.overdue'))] : null),
    h('dl', { class: 'facts small' },
      h('dt', null, t('action_plan.owner_short')), h('dd', null, t('plan.owner.' + owner)),
      h('dt', null, t('action_plan.due_short')),
      h('dd', null, it && it.due ? h('time', { datetime: it.due }, fmtDay(it.due, c.lang)) : t('action_plan.no_due')),
      it && it.note ? [h('dt', { class: 'wide' }, t('action_plan.note')), h('dd', { class: 'wide prewrap' }, it.note)] : null),
    it && it.updated_by ? h('p', { class: 'hint' }, t('action_plan.updated', {
      name: c.name(it.updated_by), date: fmtDay(utcToLocal(c.zone, it.updated_at).date, c.lang) })) : null);
  if (!canEdit) return li;
  const panel = h('div', { id: uid('ap-panel'), class: 'action-panel', hidden: true });
  const b = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false', 'aria-controls': panel.id, 'aria-describedby': id },
    t('action_plan.edit'));
  const close = () => { panel.hidden = true; clear(panel); b.setAttribute('aria-expanded', 'false'); b.focus(); };
  b.addEventListener('click', () => {
    if (!panel.hidden) { close(); return; }
    panel.append(itemForm(c, r, close, draw));
    panel.hidden = false;
    b.setAttribute('aria-expanded', 'true');
    panel.querySelector('select').focus();
  });
  li.append(h('p', { class: 'actions' }, b), panel);
  return li;
}

/** A row's form: whose it is, its due date (none: cleared), where it stands, a note. */
function itemForm(c, r, close, draw) {
  const it = r.item || {};
  const form = h('form', { class: 'note-form action-form' },
    field({ name: 'owner', label: t('action_plan.owner'), type: 'select', required: true, value: it.owner || r.g.owner,
      options: OWNERS.map((o) => [o, t('plan.owner.' + o)]) }),
    field({ name: 'due', label: t('action_plan.due'), type: 'date', value: it.due || '', hint: t('action_plan.due_hint') }),
    field({ name: 'state', label: t('action_plan.state'), type: 'select', required: true, value: it.state || 'open',
      options: ITEM_STATES.map((s) => [s, t('action_plan.state.' + s)]) }),
    field({ name: 'note', label: t('action_plan.note'), type: 'textarea', rows: 3, maxlength: ITEM_NOTE, value: it.note || '',
      hint: t('action_plan.note_hint', { n: fmtNumber(ITEM_NOTE) }) }),
    cancelRow(t('action_plan.save'), close));
  onSubmit(form, async () => {
    const due = form.elements.due;
    if (due.validity.badInput) throw { code: 'date_invalid', field: 'due' };
    const body = { row: r.i, owner: form.elements.owner.value, due: due.value || null, state: form.elements.state.value, note: form.elements.note.value };
    const res = await api('PUT', `/api/projects/${c.pid}/action-plan`, body);
    draw(res, t('action_plan.saved', { activity: r.g.activity }), r.i);
  }, 'action_plan');
  return form;
}

// ---- A session's page ---------------------------------------------------------------------------------------------

/** /projects/{id}/plan/{session}: the session (as on the plan) and its diary. */
export async function sessionPage(ctx) {
  const [pid, sid] = ctx.params;
  const [, d] = await Promise.all([strings(), load(ctx, `/api/projects/${pid}`, { keep: true })]);
  if (!d || !ctx.alive()) return;
  if (!isWorkspace(d) || !sections(d).some((s) => s.key === 'plan')) {
    await navigate(`/projects/${pid}`, { replace: true });
    return;
  }
  const f = frame(ctx, d, 'plan');
  const plan = await load(ctx, `/api/projects/${pid}/sessions`, { keep: true });
  if (!plan || !ctx.alive()) return;
  const body = h('div', { class: 'section-body' });
  ctx.root.append(body);
  const back = h('p', null, h('a', { href: `/projects/${pid}/plan` }, t('plan.back')));
  let s = plan.sessions.find((x) => x.id === sid);
  if (!s) {
    body.append(back, h('p', null, t('plan.session_gone')));
    return;
  }
  const c = context(d, plan);
  document.title = `${sessionTitle(s)} · ${f.title} · ${t('app.name')}`;
  const cardBox = h('div');
  const diaryBox = h('div');
  body.append(back, cardBox, diaryBox);
  const drawCard = (res, msg) => {
    if (res) s = res.sessions.find((x) => x.id === sid) || s;
    clear(cardBox).append(sessionCard(c, s, (r, m) => {
      drawCard(r, m);
      drawDiary();
    }, Date.now(), 'article'));
    if (msg) {
      const title = cardBox.querySelector('.session-title');
      title.focus();
      say(cardBox.firstElementChild, msg, 'ok', title);
    }
  };
  const drawDiary = async () => {
    clear(diaryBox);
    if (!diaryOn(c)) return;
    if (s.state !== 'held') {
      diaryBox.append(h('section', { 'aria-labelledby': 'diary-h' }, h('h2', { id: 'diary-h' }, t('diary.title')),
        h('p', null, t(s.state === 'planned' ? 'diary.after_held' : 'diary.not_held'))));
      return;
    }
    const mod = await import('./diary.js');
    if (!ctx.alive()) return;
    await mod.diarySection(ctx, c, s, diaryBox, (res) => drawCard(res));
  };
  drawCard();
  await drawDiary();
}
