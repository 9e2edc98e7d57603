// A project's final report (#12): /projects/{id}/report and its printable page /projects/{id}/report/print. The
// report is put together in the browser from what the members can already read (the contract in force, the goals and
// objectives with their states, the sessions held, the interactions against the journey's minimum, one line per diary
// entry, the evaluation answers the project may read), plus two sections written at the end: what has been reached
// and how to continue (the mentees), and the mentor's closing feedback. Its state in words, what comes next for this
// person and the button for it: approve (the mentees), add the feedback (the mentor), make it final (a mentee: the
// whole report goes as Markdown, filed in Documents as "Final report.md"), then share chosen sections with the
// coordinator (a preview of exactly what goes, a confirmation, the shares made). What is typed in the two sections is
// kept on this device as it is typed (localStorage, per person, project and section) until it is saved. The
// coordinator reads the copies shared with them, here and on the project's overview (reportCard). Every text is drawn
// as text (simple Markdown: headings, lists, paragraphs), never as HTML. Strings: public/i18n/report.<lang>.json,
// with process.<lang>.json for the words of states and channels.
import { h, append, field, onSubmit, submit, say, statusOf, clear, fmtNumber, uid } from '../dom.js';
import { t, has, addStrings, getLang } from '../i18n.js';
import { api } from '../api.js';
import { state } from '../session.js';
import { navigate } from '../router.js';
import { load, run } from './common.js';
import { frame, isWorkspace, projectTitle } from './sections.js';
import { myZone, fmtWhen, fmtDay } from './when.js';
import { TEXTS } from './evaluation-texts.js';

/** The report's parts, in its order (the server's list of sections that may be shared). */
export const PARTS = ['contract', 'goals', 'sessions', 'interactions', 'diary', 'evaluations', 'reached', 'mentor'];
/** The longest text of a written section, and of the whole report (the server refuses more). */
const SECTION_MAX = 8000;
const DIARY_STATES = ['submitted', 'commented', 'closed'];
const REPORT_FILE = 'Final report.md';

const strings = () => Promise.all([has('report.title') ? null : addStrings('report'), has('goals.state.agreed') ? null : addStrings('process')]);

// ---- Words and dates ------------------------------------------------------------------------------------------------

const zone = () => myZone(state.me && state.me.profile && state.me.profile.timezone);
const whenText = (ms) => fmtWhen(ms, zone(), getLang(), { year: true });
/** A day in this person's zone: "Tue, 10 Nov 2026". */
const dayText = (ms) => new Intl.DateTimeFormat(getLang(), { timeZone: zone(), weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(ms));
const time = (ms, text = whenText(ms)) => h('time', { datetime: new Date(ms).toISOString() }, text);
/** A word from a catalogue, or the code itself when there is none. */
const word = (key, code) => (has(key + code) ? t(key + code) : code);
/** A text on one line (a diary's answer in the diary's line). */
const oneLine = (s) => String(s || '').replace(/\s+/g, ' ').trim();
const sectionWords = (keys) => keys.map((k) => word('report.word.', k)).join(', ');

/** The state in words on a badge. */
const stateBadge = (s) => h('span', { class: 'badge' + (s === 'final' ? ' ok' : ''), 'data-state': s }, word('report.state.', s));

// ---- Simple Markdown, as text ---------------------------------------------------------------------------------------

/** Markdown drawn as elements, always as text: "#" lines as headings (`shift` levels down, h6 at most), "- " lines as
 * a list, every other run of lines as a paragraph keeping its line breaks. Nothing in it is ever read as HTML. */
export function renderMarkdown(text, shift = 2) {
  const box = h('div', { class: 'report-text' });
  let para = null;
  let list = null;
  const end = () => { para = null; list = null; };
  for (const line of String(text || '').replace(/\r\n?/g, '\n').split('\n')) {
    const head = /^(#{1,6})\s+(.+)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (!line.trim()) end();
    else if (head) {
      end();
      box.append(h('h' + Math.min(6, head[1].length + shift), { class: 'md-h' }, head[2].replace(/\s+#+\s*$/, '')));
    } else if (item) {
      para = null;
      if (!list) box.append(list = h('ul', { class: 'report-lines' }));
      list.append(h('li', null, item[1]));
    } else if (para) para.append('\n' + line);
    else {
      list = null;
      box.append(para = h('p', { class: 'prewrap' }, line));
    }
  }
  return box;
}

/** Markdown's headings `shift` levels down (a text set inside a part of the report). */
const demote = (text, shift) => String(text || '').replace(/\r\n?/g, '\n').trim()
  .replace(/^(#{1,6})(\s+)/gm, (m, hashes, sp) => '#'.repeat(Math.min(6, hashes.length + shift)) + sp);

// ---- The report's parts: blocks drawn on the page and written as Markdown -------------------------------------------

// A part is {key, title, blocks, failed}; a block is {p}, {ul: [lines]}, {h} (a heading inside the part) or {md}
// (a text written in the project, its headings set under the part's).

function blockNodes(b) {
  if (b.p != null) return h('p', { class: 'prewrap' }, b.p);
  if (b.ul) return h('ul', { class: 'report-lines' }, b.ul.map((x) => h('li', null, x)));
  if (b.h != null) return h('h3', { class: 'h3 sub' }, b.h);
  return renderMarkdown(b.md, 2);
}

function blockMarkdown(b) {
  if (b.p != null) return b.p;
  if (b.ul) return b.ul.map((x) => '- ' + oneLine(x)).join('\n');
  if (b.h != null) return '### ' + oneLine(b.h);
  return demote(b.md, 2);
}

/** A part as Markdown: its heading, then its blocks. */
export const partMarkdown = (p) => [`## ${p.title}`, ...p.blocks.map(blockMarkdown)].filter((x) => x.trim()).join('\n\n');

/** A part's content as elements. */
const partNodes = (p) => (p.failed ? h('p', { class: 'notice' }, t('report.part_failed')) : p.blocks.map(blockNodes));

/** The people of the project: [{id, display_name, role}] (the active ones). */
const people = (d) => (d.members || []).filter((m) => !m.status || m.status === 'active');

function namer(d) {
  const names = new Map((d.members || []).map((m) => [m.id, m.display_name]));
  const co = d.process && d.process.coordinator;
  if (co && co.id) names.set(co.id, co.display_name);
  return (id) => names.get(id) || t('report.former_member');
}

/** Everything the report is made from, each asked for at once (kept for offline reading); a source that cannot be
 * read leaves its part marked as not loaded. Then each held session's diary. */
async function gather(pid) {
  const get = (path) => api('GET', `/api/projects/${pid}${path}`, null, { keep: true }).catch((e) => {
    if (e && e.handled) throw e;
    return { failed: e || true };
  });
  const [contract, goals, sessions, interactions, evaluations] = await Promise.all(
    ['/contract', '/goals', '/sessions', '/interactions', '/evaluations'].map(get));
  const held = sessions.failed ? [] : (sessions.sessions || []).filter((s) => s.state === 'held').sort((a, b) => a.start_at - b.start_at);
  const withDiary = held.filter((s) => s.diary && DIARY_STATES.includes(s.diary.state));
  const diaries = await Promise.all(withDiary.map((s) => get(`/sessions/${s.id}/diary`).then((v) => ({ session: s, view: v }))));
  return { contract, goals, sessions, held, interactions, evaluations, diaries };
}

/** The report's parts from what was gathered (`src`), the report's view (`r`) and the project's view (`d`). */
export function buildParts(d, r, src) {
  const name = namer(d);
  const part = (key, blocks, failed = false) => ({ key, title: t('report.part.' + key), blocks: failed ? [] : blocks, failed });
  const out = [];

  // The contract in force: its version, since when, who signed it, its text.
  {
    const c = src.contract;
    const v = !c.failed && (c.versions || []).find((x) => x.state === 'in_force');
    const names = v ? (v.signatures || []).map((s) => name(s.user_id)) : [];
    out.push(part('contract', v
      ? [{ p: t('report.contract_line', { n: v.version, date: v.in_force_at ? dayText(v.in_force_at) : '' }) + (names.length ? ' ' + t('report.contract_signed', { names: names.join(', ') }) : '') },
        { md: v.text }]
      : [{ p: t('report.contract_none') }], !!c.failed));
  }

  // The goals: each with its state, progress, what success looks like, its objectives done or not, its note.
  {
    const g = src.goals;
    const goals = (!g.failed && g.goals) || [];
    const blocks = [];
    if (!goals.length) blocks.push({ p: t('report.goals_none') });
    for (const x of goals) {
      const lines = [t('report.goal_state', { state: word('goals.state.', x.state) })];
      if (x.progress != null) lines.push(t('report.goal_progress', { n: x.progress }));
      if (x.success) lines.push(t('report.goal_success', { text: oneLine(x.success) }));
      if (x.target_date) lines.push(t('report.goal_by', { date: fmtDay(x.target_date, getLang()) }));
      for (const o of x.objectives || []) lines.push(t(o.done_at ? 'report.objective_done' : 'report.objective_open', { title: oneLine(o.title) }));
      if (x.note) lines.push(t('report.goal_note', { text: oneLine(x.note) }));
      blocks.push({ h: x.title }, { ul: lines });
    }
    out.push(part('goals', blocks, !!g.failed));
  }

  // The sessions held: when, how, about what.
  {
    const held = src.held;
    out.push(part('sessions', held.length
      ? [{ p: t('report.sessions_n', { n: held.length }) },
        { ul: held.map((s) => [whenText(s.start_at), word('contract.channel.', s.mode), oneLine(s.topic)].filter(Boolean).join(' · ')) }]
      : [{ p: t('report.sessions_none') }], !!src.sessions.failed));
  }

  // The interactions counted, against the journey's minimum, and how they are counted.
  {
    const v = src.interactions;
    const n = (v && v.counted) || 0;
    const min = d.process && d.process.min_interactions;
    out.push(part('interactions', [
      { p: min ? t(n >= min ? 'report.interactions_reached' : 'report.interactions_below', { n: fmtNumber(n), min: fmtNumber(min) }) : t('report.interactions_n', { n: fmtNumber(n) }) },
      { p: t('report.interactions_how', { sessions: fmtNumber(v.sessions || 0), confirmed: fmtNumber(v.confirmed || 0), days: fmtNumber(v.chat_days || 0) }) }], !!v.failed));
  }

  // The diary: one line per entry (the session, its topic, the homework, the mentor's comment).
  {
    const lines = [];
    let failed = !!src.sessions.failed;
    for (const { session: s, view } of src.diaries) {
      if (view.failed) { if (view.failed.status !== 403 && view.failed.status !== 404) failed = true; continue; }
      const e = view.entry;
      if (!e || !DIARY_STATES.includes(e.state)) continue;
      let answers = [];
      try { answers = Array.isArray(e.answers) ? e.answers : JSON.parse(e.answers || '[]'); } catch { answers = []; }
      const at = (view.agenda || []).findIndex((a) => a.key === 'homework');
      const homework = at >= 0 ? oneLine(answers[at]) : '';
      const bits = [t('report.diary_line', { n: s.number || '', date: dayText(s.start_at), topic: oneLine(s.topic) })];
      if (homework) bits.push(t('report.diary_homework', { text: homework }));
      if (e.comment) bits.push(t('report.diary_comment', { text: oneLine(e.comment) }));
      lines.push(bits.join(' · '));
    }
    out.push(part('diary', lines.length ? [{ ul: lines }] : [{ p: t('report.diary_none') }], failed));
  }

  // The evaluations: the answers the project may read, each question in words.
  {
    const v = src.evaluations;
    const blocks = [];
    const requests = new Map(((!v.failed && v.requests) || []).map((x) => [x.id, x]));
    for (const a of (!v.failed && v.answers) || []) {
      const req = requests.get(a.request_id) || {};
      const form = (v.forms || {})[req.form_ref] || {};
      // Tandem's own forms in the writer's language (evaluation-texts.js); a community's texts as written.
      const tr = (x) => ((TEXTS[getLang()] || {})[x]) || x;
      const texts = new Map((form.questions || []).map((q) => [q.key, tr(q.text)]));
      const lines = Object.entries(a.answers || {}).filter(([, x]) => x != null && x !== '' && !(Array.isArray(x) && !x.length))
        .map(([k, x]) => t('report.answer', { question: texts.get(k) || k, answer: Array.isArray(x) ? x.map((o) => tr(String(o))).join(', ') : tr(String(x)) }));
      if (!lines.length) continue;
      blocks.push({ h: t('report.answers_by', { form: tr(form.title) || t('report.evaluation'), name: req.respondent_name || name(a.respondent) }) }, { ul: lines });
    }
    out.push(part('evaluations', blocks.length ? blocks : [{ p: t('report.evaluations_none') }], !!v.failed));
  }

  // The two sections written at the end.
  out.push(part('reached', r.reached && r.reached.trim() ? [{ md: r.reached }] : [{ p: t('report.not_written') }]));
  out.push(part('mentor', r.mentor && r.mentor.trim() ? [{ md: r.mentor }] : [{ p: t('report.not_written') }]));
  return out;
}

/** The whole report as Markdown, as it is filed: its title, the project, the people, the date, then every part. */
export function documentMarkdown(d, parts, at = Date.now()) {
  const ps = people(d);
  const role = (r) => ps.filter((m) => m.role === r).map((m) => m.display_name).join(', ');
  const co = d.process && d.process.coordinator;
  const facts = [
    t('report.fact_community', { name: d.project.community.name }),
    role('mentor') ? t('report.fact_mentor', { names: role('mentor') }) : null,
    role('mentee') ? t('report.fact_mentees', { names: role('mentee') }) : null,
    co && co.id ? t('report.fact_coordinator', { name: co.display_name }) : null,
    t('report.fact_date', { date: dayText(at) }),
  ].filter(Boolean);
  return [`# ${t('report.doc_title', { title: projectTitle(d.project) })}`, facts.map((x) => '- ' + x).join('\n'), ...parts.map(partMarkdown)].join('\n\n') + '\n';
}

/** The Markdown of exactly the parts named, in the report's order. */
export const sharedMarkdown = (parts, keys) => parts.filter((p) => keys.includes(p.key)).map(partMarkdown).join('\n\n') + '\n';

// ---- Drafts kept on this device -------------------------------------------------------------------------------------

const draftKey = (pid, part) => `tandem.report.${state.me ? state.me.user.id : ''}.${pid}.${part}`;
const drafts = {
  get(pid, part) {
    try { return JSON.parse(localStorage.getItem(draftKey(pid, part)) || 'null'); } catch { return null; }
  },
  put(pid, part, text) {
    try { localStorage.setItem(draftKey(pid, part), JSON.stringify({ text, at: Date.now() })); } catch { /* full, or private mode */ }
  },
  del(pid, part) {
    try { localStorage.removeItem(draftKey(pid, part)); } catch { /* private mode */ }
  },
};

// ---- Who does what next -----------------------------------------------------------------------------------------------

function roles(d, r) {
  const me = state.me && state.me.user.id;
  const member = d.my_member_status === 'active';
  const open = ['active', 'completed'].includes(d.project.state);
  const mentee = member && !!d.my_roles.mentee;
  const mentor = member && !!d.my_roles.mentor;
  return {
    me, member, mentee, mentor, open,
    approved: (r.approvals || []).includes(me),
    editReached: open && mentee && ['draft', 'approved'].includes(r.state),
    editMentor: open && mentor && ['approved', 'mentor_added'].includes(r.state),
  };
}

/** What comes next, in words, for this person. */
function nextText(d, r, who) {
  const ps = people(d);
  const mentor = ps.filter((m) => m.role === 'mentor').map((m) => m.display_name).join(', ') || t('report.the_mentor');
  const waiting = ps.filter((m) => m.role === 'mentee' && !(r.approvals || []).includes(m.id)).map((m) => m.display_name).join(', ');
  switch (r.state) {
    case 'draft':
      if (who.mentee) return who.approved ? t('report.next.approved_wait', { names: waiting }) : t('report.next.mentee_write');
      return t(who.mentor ? 'report.next.mentor_wait_approval' : 'report.next.draft');
    case 'approved':
      if (who.mentor) return t('report.next.mentor_write');
      return t(who.mentee ? 'report.next.mentee_wait_mentor' : 'report.next.approved', { name: mentor });
    case 'mentor_added':
      if (who.mentee) return t('report.next.mentee_finalise');
      return t(who.mentor ? 'report.next.mentor_wait_final' : 'report.next.mentor_added');
    case 'final':
      return t(who.mentee ? 'report.next.final_share' : 'report.next.final', { date: r.final_at ? dayText(r.final_at) : '' });
    default:
      return '';
  }
}

// ---- The report's page ------------------------------------------------------------------------------------------------

export async function page(ctx) {
  const [pid] = ctx.params;
  const [, d] = await Promise.all([strings(), load(ctx, `/api/projects/${pid}`, { keep: true })]);
  if (!d || !ctx.alive()) return;
  if (!isWorkspace(d)) {
    await navigate(`/projects/${pid}`, { replace: true });
    return;
  }
  // The coordinator (not a member) reads the copies shared with them.
  if (d.my_member_status !== 'active') {
    const s = await load(ctx, `/api/projects/${pid}/report/shares`, { keep: true });
    if (!s || !ctx.alive()) return;
    const f = frame(ctx, d, 'report');
    const id = uid('rep');
    const head = h('h2', { id, tabindex: '-1' }, t('report.title'));
    ctx.root.append(h('section', { class: 'report-shared', 'aria-labelledby': id }, head, sharedCopies(s.shares, { full: true }),
      s.shares.length ? h('p', null, h('a', { href: `/projects/${pid}/report/print` }, t('report.printable'))) : null));
    if (document.activeElement === f.h1) head.focus({ preventScroll: true });
    return;
  }
  const [first, src] = await Promise.all([load(ctx, `/api/projects/${pid}/report`, { keep: true }), gather(pid)]);
  if (!first || !ctx.alive()) return;
  const f = frame(ctx, d, 'report');
  let r = first;
  let shares = null;
  const head = h('h2', { id: 'report-h', tabindex: '-1' }, t('report.title'));
  const statusBody = h('div');
  const top = h('section', { class: 'report-status', 'aria-labelledby': 'report-h' }, head, statusBody);
  statusOf(top, head);
  const shareBox = h('div');
  const doc = h('div', { class: 'report-doc' });
  ctx.root.append(top, shareBox, doc);
  const editors = {};

  /** After a move: drawn again from the server's answer, the focus on the report's heading (or on the part saved),
   * what happened said there. */
  const done = (res, msg, part) => {
    r = res;
    draw();
    const sec = part && doc.querySelector(`[data-part="${part}"]`);
    const at = sec ? sec.querySelector('h2') : head;
    at.setAttribute('tabindex', '-1');
    at.focus();
    say(sec || top, msg, 'ok', at);
  };

  function draw() {
    const who = roles(d, r);
    const parts = buildParts(d, r, src);
    const failed = parts.some((p) => p.failed);
    // Where it stands, and what comes next for me.
    append(clear(statusBody), [
      h('p', null, t('report.state_is'), ' ', stateBadge(r.state),
        r.updated_at ? [' ', h('span', { class: 'hint' }, t('report.updated', { date: whenText(r.updated_at) }))] : null),
      h('p', { class: 'lead next' }, nextText(d, r, who)),
      r.state === 'draft' && (r.approvals || []).length ? h('p', { class: 'hint' }, t('report.approved_by', { names: r.approvals.map(namer(d)).join(', ') })) : null,
      failed ? h('p', { class: 'notice' }, t('report.some_failed')) : null,
      actions(who, parts, failed),
      h('ul', { class: 'links' },
        h('li', null, h('a', { href: `/projects/${pid}/report/print` }, t('report.printable'))),
        r.state === 'final' ? h('li', null, h('a', { href: `/projects/${pid}/files` }, t('report.in_documents', { name: REPORT_FILE }))) : null)]);
    // Sharing with the coordinator, once final.
    clear(shareBox);
    if (r.state === 'final') shareBox.append(shareSection(who, parts));
    // The report, part by part; the two written sections with their editors.
    clear(doc);
    for (const p of parts) {
      const id = 'part-' + p.key;
      const sec = h('section', { class: 'report-part', 'aria-labelledby': id, 'data-part': p.key }, h('h2', { id }, p.title));
      const edit = (p.key === 'reached' && who.editReached) || (p.key === 'mentor' && who.editMentor);
      if (edit) {
        sec.append(editor(p.key, r.state));
      } else {
        delete editors[p.key];
        sec.append(...[partNodes(p)].flat());
      }
      doc.append(sec);
    }
  }

  /** The buttons for this person's next move. */
  function actions(who, parts, failed) {
    const row = h('div', { class: 'report-actions' });
    if (!who.open) return row;
    const button = (label, fn, cls = 'primary') => {
      const b = h('button', { type: 'button', class: cls }, label);
      b.addEventListener('click', () => run(null, b, () => fn(b), 'report'));
      row.append(h('p', { class: 'actions' }, b));
      return b;
    };
    if (r.state === 'draft' && who.mentee && !who.approved) {
      button(t('report.approve'), async () => {
        await saveIfChanged('reached');
        const text = editors.reached ? editors.reached.control.value : r.reached;
        if (!String(text || '').trim()) throw { code: 'reached_first' };
        const res = await api('POST', `/api/projects/${pid}/report/actions`, { action: 'approve' });
        done(res, t(res.state === 'approved' ? 'report.done.approved' : 'report.done.approved_wait'));
      });
    }
    if (r.state === 'approved' && who.mentor) {
      button(t('report.add_mentor'), async () => {
        await saveIfChanged('mentor');
        const text = editors.mentor ? editors.mentor.control.value : r.mentor;
        if (!String(text || '').trim()) throw { code: 'mentor_first' };
        done(await api('POST', `/api/projects/${pid}/report/actions`, { action: 'add_mentor' }), t('report.done.mentor_added'));
      });
    }
    if (r.state === 'mentor_added' && who.mentee) {
      if (failed) row.append(h('p', { class: 'hint' }, t('report.finalise_failed')));
      else row.append(finaliseBox(parts));
    }
    return row;
  }

  /** "Make the report final": what it means, then the confirmation; the whole report goes as Markdown. */
  function finaliseBox(parts) {
    const panel = h('div', { id: uid('fin'), class: 'report-panel', hidden: true });
    const b = h('button', { type: 'button', class: 'primary', 'aria-expanded': 'false', 'aria-controls': panel.id }, t('report.finalise'));
    const close = () => { panel.hidden = true; clear(panel); b.setAttribute('aria-expanded', 'false'); b.focus(); };
    b.addEventListener('click', () => {
      if (!panel.hidden) { close(); return; }
      const form = h('form', { class: 'note-form finalise-form' },
        h('p', null, t('report.finalise_intro', { name: REPORT_FILE })),
        h('p', { class: 'actions' }, submit(t('report.finalise_confirm')), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
      onSubmit(form, async () => {
        const markdown = documentMarkdown(d, parts);
        done(await api('POST', `/api/projects/${pid}/report/actions`, { action: 'finalise', document: markdown }), t('report.done.final', { name: REPORT_FILE }));
      }, 'report');
      panel.append(form);
      panel.hidden = false;
      b.setAttribute('aria-expanded', 'true');
      form.querySelector('button[type="submit"]').focus();
    });
    return h('div', { class: 'disclosure' }, h('p', { class: 'actions' }, b), panel);
  }

  /** A written section's editor: what is typed is kept on this device at once, and saved to the report on "Save". */
  function editor(key, st) {
    const saved = r[key] || '';
    const kept = drafts.get(pid, key);
    const restored = kept && typeof kept.text === 'string' && kept.text !== saved;
    if (kept && !restored) drafts.del(pid, key);
    const f = field({ name: key, label: t('report.edit.' + key), type: 'textarea', rows: 8, maxlength: SECTION_MAX, value: restored ? kept.text : saved,
      hint: t('report.edit_hint') });
    const line = h('p', { class: 'hint draft-line' }, restored ? t('report.draft_restored', { date: whenText(kept.at) }) : '');
    const form = h('form', { class: 'report-edit' },
      st === 'approved' && key === 'reached' ? h('p', { class: 'notice' }, t('report.edit_unapproves')) : null,
      f, line, h('p', { class: 'actions' }, submit(t('report.save'))));
    const control = f.control;
    control.addEventListener('input', () => {
      if (control.value === (r[key] || '')) { drafts.del(pid, key); line.textContent = ''; } else {
        drafts.put(pid, key, control.value);
        line.textContent = t('report.draft_kept');
      }
    });
    form.dataset.draft = 'own'; // kept by its own drafts
    onSubmit(form, async () => {
      const res = await save(key);
      done(res, t(res.state === 'draft' && st === 'approved' ? 'report.done.saved_unapproved' : 'report.done.saved'), key);
    }, 'report');
    const ed = { control, form };
    editors[key] = ed;
    return form;
  }

  /** Save a written section; offline, it stays kept on this device and that is said. */
  async function save(key) {
    const ed = editors[key];
    try {
      const res = await api('PUT', `/api/projects/${pid}/report`, { [key]: ed.control.value });
      drafts.del(pid, key);
      return res;
    } catch (e) {
      if (e && e.status === 0) throw { code: 'kept_offline', field: key };
      throw e;
    }
  }

  /** Before a move: a section typed and not saved yet is saved first (so that what is approved is what was typed). */
  async function saveIfChanged(key) {
    const ed = editors[key];
    if (!ed || ed.control.value === (r[key] || '')) return;
    try {
      r = await save(key);
    } catch (e) {
      ed.control.focus();
      throw e;
    }
  }

  /** Share chosen sections with the coordinator: the boxes, a preview of exactly what goes, a confirmation; then the
   * shares made. */
  function shareSection(who, parts) {
    const id = uid('share');
    const head2 = h('h2', { id, tabindex: '-1' }, t('report.share.title'));
    const sec = h('section', { class: 'report-share', 'aria-labelledby': id }, head2);
    const co = d.process && d.process.coordinator;
    const coName = co && co.id ? co.display_name : t('report.share.the_coordinator');
    const list = h('div', { class: 'share-list' });
    const drawList = () => {
      clear(list);
      if (!shares) return;
      list.append(h('h3', { class: 'h3 sub' }, t('report.share.made')),
        shares.length
          ? h('ul', { class: 'plain shares' }, shares.map((s) => h('li', null,
            t('report.share.line', { date: whenText(s.shared_at), sections: sectionWords(s.sections) }),
            s.shared_by !== who.me ? [' ', h('span', { class: 'hint' }, t('report.share.by', { name: s.shared_by_name || namer(d)(s.shared_by) }))] : null)))
          : h('p', { class: 'hint' }, t('report.share.none')));
    };
    if (!who.mentee) {
      sec.append(h('p', { class: 'hint' }, t('report.share.mentee_only', { name: coName })), list);
    } else {
      sec.append(h('p', null, t('report.share.intro', { name: coName })));
      const panel = h('div', { id: uid('sp'), class: 'report-panel', hidden: true });
      const open = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': panel.id }, t('report.share.open'));
      const close = () => { panel.hidden = true; clear(panel); open.setAttribute('aria-expanded', 'false'); open.focus(); };
      open.addEventListener('click', () => {
        if (!panel.hidden) { close(); return; }
        panel.append(shareForm(parts, coName, close, (res, keys) => {
          shares = res.shares || [];
          close();
          drawList();
          head2.focus();
          say(sec, t('report.share.done', { name: coName, sections: sectionWords(keys) }), 'ok', head2);
        }));
        panel.hidden = false;
        open.setAttribute('aria-expanded', 'true');
        panel.querySelector('input')?.focus();
      });
      sec.append(h('p', { class: 'actions' }, open), panel, list);
    }
    drawList();
    if (!shares) {
      api('GET', `/api/projects/${pid}/report/shares`, null, { keep: true }).then((s) => { shares = s.shares || []; drawList(); }).catch(() => {});
    }
    return sec;
  }

  function shareForm(parts, coName, close, shared) {
    const box = h('fieldset', { 'data-field': 'sections', tabindex: '-1' }, h('legend', null, t('report.share.which')));
    const checks = parts.map((p) => {
      const f = field({ name: 'section', label: p.title, type: 'checkbox' });
      f.control.value = p.key;
      box.append(f);
      return f.control;
    });
    const ticked = () => checks.filter((c) => c.checked).map((c) => c.value);
    const previewId = uid('preview');
    const preview = h('div', { class: 'share-preview', id: previewId });
    const drawPreview = () => {
      const keys = ticked();
      clear(preview).append(keys.length ? renderMarkdown(sharedMarkdown(parts, keys), 1) : h('p', { class: 'hint' }, t('report.share.nothing')));
    };
    const confirm = h('div', { class: 'share-confirm notice', hidden: true });
    const sendBtn = submit(t('report.share.submit', { name: coName }));
    const row = h('p', { class: 'actions' }, sendBtn, h('button', { type: 'button', onclick: close }, t('common.cancel')));
    const form = h('form', { class: 'share-form' }, box,
      h('h3', { class: 'h3 sub', id: previewId + '-h' }, t('report.share.preview', { name: coName })),
      preview, row, confirm);
    const unconfirm = () => { confirm.hidden = true; clear(confirm); row.hidden = false; };
    preview.setAttribute('role', 'region');
    preview.setAttribute('aria-labelledby', previewId + '-h');
    box.addEventListener('change', () => { unconfirm(); drawPreview(); });
    drawPreview();
    onSubmit(form, async () => {
      const keys = ticked();
      if (!keys.length) throw { code: 'required', field: 'sections' };
      // The confirmation: which sections, to whom; nothing goes before "Share now".
      row.hidden = true;
      const yes = h('button', { type: 'button', class: 'primary' }, t('report.share.confirm'));
      const back = h('button', { type: 'button' }, t('report.share.back'));
      clear(confirm).append(h('p', null, t('report.share.confirm_text', { name: coName, sections: sectionWords(keys) })), h('p', { class: 'actions' }, yes, back));
      confirm.hidden = false;
      back.addEventListener('click', () => { unconfirm(); sendBtn.focus(); });
      yes.addEventListener('click', () => run(null, yes, async () => {
        const text = sharedMarkdown(parts, keys);
        const res = await api('POST', `/api/projects/${pid}/report/actions`, { action: 'share', sections: keys, text });
        shared(res, keys);
      }, 'report'));
      yes.focus();
    }, 'report');
    return form;
  }

  draw();
  // Come from a link (not a page opened afresh): the focus goes to the report, past the title and the bar.
  if (document.activeElement === f.h1) head.focus({ preventScroll: true });
}

// ---- Copies shared with the coordinator ---------------------------------------------------------------------------------

/** The copies shared, newest first: when, by whom, which sections, and the frozen text (as text). `full`: every copy
 * open; else the newest open and the earlier ones behind a disclosure. */
function sharedCopies(list, { full = false } = {}) {
  if (!list || !list.length) return h('p', { class: 'hint' }, t('report.shared.none'));
  const sorted = [...list].sort((a, b) => b.shared_at - a.shared_at);
  const copy = (s) => h('article', { class: 'shared-copy', 'data-share': s.id },
    h('p', null, h('strong', null, t('report.shared.on', { date: whenText(s.shared_at) })), ' ',
      t('report.shared.by', { name: s.shared_by_name || t('report.former_member'), sections: sectionWords(s.sections) })),
    renderMarkdown(s.text, 1));
  if (full) return sorted.map(copy);
  const [newest, ...rest] = sorted;
  return [copy(newest), rest.length ? h('details', { class: 'older' }, h('summary', null, t('report.shared.earlier', { n: rest.length })), rest.map(copy)) : null];
}

/** The overview's card: for a member, the report's state and what comes next, and the way to it; for the coordinator,
 * the copies shared with them (nothing when none). */
export async function reportCard(d, box, alive = () => true) {
  const pid = d.project.id;
  const member = d.my_member_status === 'active';
  if (!member && !d.my_roles.coordinator) return;
  const [, v] = await Promise.all([strings(), api('GET', `/api/projects/${pid}/report${member ? '' : '/shares'}`, null, { keep: true })]);
  if (!alive()) return;
  const id = uid('rc');
  const sec = h('section', { class: 'report-card', 'aria-labelledby': id }, h('h2', { id }, t('report.title')));
  if (member) {
    sec.append(h('p', null, t('report.state_is'), ' ', stateBadge(v.state)), h('p', null, nextText(d, v, roles(d, v))),
      h('p', null, h('a', { href: `/projects/${pid}/report` }, t('report.open'))));
  } else {
    if (!v.shares || !v.shares.length) return;
    append(sec, [sharedCopies(v.shares)]);
  }
  clear(box).append(sec);
}

// ---- The printable page -------------------------------------------------------------------------------------------------

/** The report as a document: its title, the project, the people, the dates, then each part on a page of its own. */
export async function print(ctx) {
  const [pid] = ctx.params;
  const [, d] = await Promise.all([strings(), load(ctx, `/api/projects/${pid}`, { keep: true })]);
  if (!d || !ctx.alive()) return;
  const member = d.my_member_status === 'active';
  const [r, src, s] = member
    ? await Promise.all([load(ctx, `/api/projects/${pid}/report`, { keep: true }), gather(pid), null])
    : [null, null, await load(ctx, `/api/projects/${pid}/report/shares`, { keep: true })];
  if (!ctx.alive() || (member ? !r : !s)) return;
  const title = projectTitle(d.project);
  ctx.heading(t('report.doc_title', { title }));
  const printBtn = h('button', { type: 'button', class: 'primary' }, t('report.print'));
  printBtn.addEventListener('click', () => window.print());
  const ps = people(d);
  const co = d.process && d.process.coordinator;
  ctx.root.append(
    h('p', { class: 'actions no-print' }, printBtn, h('a', { href: `/projects/${pid}/report` }, t('report.back'))),
    h('dl', { class: 'facts print-facts' },
      h('dt', null, t('report.print_project')), h('dd', null, title),
      h('dt', null, t('report.print_community')), h('dd', null, d.project.community.name),
      ps.length ? [h('dt', null, t('report.print_people')),
        h('dd', null, h('ul', { class: 'plain' }, ps.map((p) => h('li', null, p.display_name, ' (', word('member.', p.role), ')'))))] : null,
      co && co.id ? [h('dt', null, t('report.print_coordinator')), h('dd', null, co.display_name)] : null,
      r ? [h('dt', null, t('report.print_state')), h('dd', null, word('report.state.', r.state))] : null,
      r && r.final_at ? [h('dt', null, t('report.print_final')), h('dd', null, time(r.final_at))] : null,
      h('dt', null, t('report.print_printed')), h('dd', null, time(Date.now()))));
  if (!member) {
    for (const x of s.shares.length ? s.shares : []) {
      const id = uid('pp');
      ctx.root.append(h('section', { class: 'print-part', 'aria-labelledby': id },
        h('h2', { id }, t('report.shared.on', { date: whenText(x.shared_at) })), renderMarkdown(x.text, 1)));
    }
    if (!s.shares.length) ctx.root.append(h('p', null, t('report.shared.none')));
    return;
  }
  for (const p of buildParts(d, r, src)) {
    const id = 'print-' + p.key;
    ctx.root.append(h('section', { class: 'print-part', 'aria-labelledby': id, 'data-part': p.key }, h('h2', { id }, p.title), partNodes(p)));
  }
}
