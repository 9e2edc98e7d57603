// The pieces of a project's page that its request page (js/mentoring/project.js) and its workspace's "People &
// history" section (js/mentoring/people.js) share: the state and community in brief, the people, the buttons for the
// moves this person may make (with the note some of them ask for), the request's documents, and the history.
import { h, append, field, onSubmit, submit, btn, clear, fmtDate, fmtSize, setFieldError, uid } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { api, upload } from '../api.js';
import { state } from '../session.js';
import { stateBadge, stateLabel, langs, tools, run } from './common.js';
import { fmtDay } from './when.js';

const FILE_MAX = 5 * 1024 * 1024;
const FILE_EXT = /\.(pdf|docx?|odt)$/i;
const FILE_ACCEPT = '.pdf,.doc,.docx,.odt,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text';
/** Actions that need a note, and those that take an optional one. */
const NOTE_REQUIRED = ['decline', 'ask_info', 'reply', 'cancel'];
const NOTE_OPTIONAL = ['withdraw', 'complete', 'reopen'];
/** A request's states before it becomes a project. */
export const OPEN = ['draft', 'awaiting_match', 'awaiting_consent'];
/** History entries about the process (coordinator, stage, journey): the project's state stays as it was. */
const PROCESS = ['coordinator', 'stage', 'journey', 'rematch', 'rematched_from'];

/** The state and the community in a line (and a group's motto). */
export function stateLine(d) {
  const p = d.project;
  return [
    h('p', null, stateBadge(p.state, p.route, p.hold_until), ' ', h('a', { href: `/communities/${p.community.id}` }, p.community.name)),
    p.kind === 'group' && p.motto ? h('p', { class: 'lead' }, p.motto) : null];
}

/** What the mentee asked for: the request's summary, and its context behind a disclosure. */
export function requestText(d) {
  const p = d.project;
  return [
    p.summary ? h('p', { class: 'lead prewrap' }, p.summary) : null,
    p.context ? h('details', null, h('summary', null, t('request.context')), h('p', { class: 'prewrap' }, p.context)) : null];
}

/** A request's page top: its state, whom it waits for, until when, and what it asks. */
export function overview(d) {
  const p = d.project;
  const box = append(h('div', { class: 'overview' }), stateLine(d));
  if (p.state === 'awaiting_consent' && p.kind !== 'group' && p.mentor) {
    box.append(h('p', null, t('project.waiting_for', { name: p.mentor.display_name })));
  }
  if (p.state === 'awaiting_match') box.append(h('p', null, t('project.waiting_match')));
  if (p.expires_at) box.append(h('p', { class: 'notice' }, t('project.expires', { date: fmtDate(p.expires_at) })));
  return append(box, requestText(d));
}

/** A button for each move I may make (but choosing a mentor), and the panel where a note is asked for. */
export function actionButtons(d, after) {
  const p = d.project;
  const acts = d.actions.filter((a) => a !== 'send');
  const row = h('p', { class: 'actions' });
  const panel = h('div');
  for (const a of acts) {
    if (a === 'match') {
      row.append(h('a', { href: `/communities/${p.community.id}/matching`, class: 'button' }, t('action.match')));
      continue;
    }
    const b = btn(t('action.' + a), async () => {
      if (NOTE_REQUIRED.includes(a) || NOTE_OPTIONAL.includes(a)) {
        clear(panel).append(noteForm(p, a, after, () => { clear(panel); b.focus(); }));
        panel.querySelector('textarea').focus();
        return;
      }
      await run(null, b, async () => {
        const res = await api('POST', `/api/projects/${p.id}/actions`, { action: a });
        after(res, doneText(a, res.project), a);
      }, 'project');
    }, a === 'accept' || a === 'hand_to_admins' ? 'primary' : '');
    row.append(b);
  }
  return [row, panel];
}

/** What to announce after an action; in a group, answers to the invitation. */
function doneText(a, p) {
  if (p.kind === 'group' && a === 'accept') return p.state === 'active' ? t('done.group_started') : t('done.accept_group');
  if (p.kind === 'group' && a === 'decline') return t('done.decline_group');
  return t('done.' + a);
}

function noteForm(p, a, after, close) {
  const required = NOTE_REQUIRED.includes(a);
  const form = h('form', { class: 'note-form' },
    field({ name: 'note', label: t('note.' + a), type: 'textarea', rows: 3, maxlength: 2000, required, hint: required ? null : t('note.optional') }),
    h('p', { class: 'actions' }, submit(t('confirm.' + a)), btn(t('common.cancel'), close)));
  onSubmit(form, async () => {
    if (required && !form.note.value.trim()) throw { code: 'required', field: 'note' };
    const res = await api('POST', `/api/projects/${p.id}/actions`, { action: a, note: form.note.value });
    after(res, doneText(a, res.project), a);
  }, 'project');
  return form;
}

/** The people of the project: each member's card (role, position, presentation, languages, ways to reach them). */
export function membersSection(d) {
  const p = d.project;
  const sec = h('section', { 'aria-labelledby': 'mem-h' }, h('h2', { id: 'mem-h' }, t('project.members')));
  const ul = h('ul', { class: 'cards' });
  for (const m of d.members) {
    const tl = tools(m.contact_tools);
    ul.append(h('li', { class: 'card' },
      h('h3', { class: 'h3' }, h('a', { href: `/users/${m.id}` }, m.display_name)),
      h('p', null, h('span', { class: 'badge' }, t('member.' + m.role)),
        m.status !== 'active' ? [' ', h('span', { class: 'badge warn' }, t('member_status.' + m.status))] : null),
      m.position ? h('p', null, m.position) : null,
      m.presentation ? h('p', { class: 'clamp prewrap' }, m.presentation) : null,
      h('dl', { class: 'facts small' },
        m.languages && m.languages.length ? [h('dt', null, t('field.languages')), h('dd', null, langs(m.languages))] : null,
        m.timezone ? [h('dt', null, t('field.timezone')), h('dd', null, m.timezone)] : null,
        h('dt', null, t('mentoring.tools')),
        h('dd', null, tl.length ? h('ul', { class: 'plain' }, tl.map((x) => h('li', null, x))) : t('mentoring.no_tools')))));
  }
  if (p.mentor && p.state === 'awaiting_consent' && p.kind !== 'group' && !d.members.some((m) => m.id === p.mentor.id)) {
    ul.append(h('li', { class: 'card' },
      h('h3', { class: 'h3' }, h('a', { href: `/users/${p.mentor.id}` }, p.mentor.display_name)),
      h('p', null, h('span', { class: 'badge warn' }, t('member.asked')))));
  }
  sec.append(ul);
  return sec;
}

/** The documents attached to the request (and, while it is open, the mentee's upload form). */
export function attachmentsSection(d, after) {
  const p = d.project;
  const sec = h('section', { 'aria-labelledby': 'att-h' }, h('h2', { id: 'att-h' }, t(p.state === 'active' ? 'attach.request_title' : 'attach.title')));
  const me = state.me && state.me.user.id;
  if (!d.attachments.length) sec.append(h('p', { class: 'hint' }, t('attach.none')));
  else {
    sec.append(h('ul', { class: 'members' }, d.attachments.map((a) => {
      const li = h('li', null, h('span', null, h('a', { href: `/api/projects/${p.id}/attachments/${a.id}`, download: a.name }, a.name), ` (${fmtSize(a.size)})`));
      if (a.uploaded_by === me) {
        const rm = btn(t('common.remove'), () => run(null, rm, async () => {
          await api('DELETE', `/api/projects/${p.id}/attachments/${a.id}`);
          after(await api('GET', `/api/projects/${p.id}`), t('attach.removed', { name: a.name }));
        }), 'small');
        rm.setAttribute('aria-label', `${t('common.remove')}: ${a.name}`);
        li.append(rm);
      }
      return li;
    })));
  }
  if (!d.my_roles.mentee || !OPEN.includes(p.state) || p.kind === 'group') return sec;
  const file = field({ name: 'file', label: t('attach.choose'), type: 'file', accept: FILE_ACCEPT, hint: t('attach.hint') });
  const progressId = uid('prog');
  const progress = h('progress', { id: progressId, max: '100', value: '0' });
  const wrap = h('div', { class: 'progress', hidden: true }, h('label', { for: progressId }, t('cv.uploading')), progress);
  const form = h('form', null, file, wrap, submit(t('attach.upload')));
  onSubmit(form, async () => {
    const input = file.control;
    const f = input.files && input.files[0];
    if (!f) { setFieldError(input, t('cv.pick_first')); input.focus(); return; }
    if (f.size > FILE_MAX) throw { code: 'payload_too_large', field: 'file' };
    if (!FILE_EXT.test(f.name)) throw { code: 'unsupported_media_type', field: 'file' };
    wrap.hidden = false;
    progress.value = 0;
    try {
      const res = await upload(`/api/projects/${p.id}/attachments`, f, (x) => { progress.value = Math.round(x * 100); });
      after(await api('GET', `/api/projects/${p.id}`), t('attach.uploaded', { name: res.attachment.name }));
    } finally {
      wrap.hidden = true;
    }
  }, 'attach');
  sec.append(form);
  return sec;
}

/** A grant's parts ("chat,folder") in words (their names are in the main catalogue: the history shows them). */
const grantParts = (list) => list.split(',').map((p) => t('history.part.' + p)).join(', ');

export function historySection(d) {
  return h('section', { 'aria-labelledby': 'his-h' }, h('h2', { id: 'his-h' }, t('project.history')), historyList(d),
    h('p', null, h('a', { href: `/projects/${d.project.id}/access` }, t('grants.link'))));
}

/** The history, oldest first: who did what, the state it moved from and to, the note, when. Changes of the process
 * (its coordinator, stage or journey) leave the state as it was. */
export function historyList(d) {
  return h('ol', { class: 'history' }, d.history.map((e) => h('li', null,
    // A hold that ended on its date was resumed by nobody.
    h('p', null, h('strong', null, t('history.' + e.action + (e.action === 'resume' && !e.actor_id ? '_due' : ''), {
      name: e.actor_name || t('admin.system'),
      // On hold until a day (YYYY-MM-DD), said in the reader's language.
      to: e.action === 'hold' ? fmtDay(e.to_state, getLang()) : e.action === 'grant_opened' ? grantParts(e.to_state) : e.to_state,
    }))),
    e.from_state && e.from_state !== e.to_state && !PROCESS.includes(e.action)
      ? h('p', { class: 'hint' }, t('history.moved', { from: stateLabel(e.from_state, d.project.route), to: stateLabel(e.to_state, d.project.route) }))
      : null,
    // A rematch names the other project: the new request, or the project it came from.
    e.action === 'rematch' || e.action === 'rematched_from'
      ? h('p', null, h('a', { href: `/projects/${e.action === 'rematch' ? e.to_state : e.from_state}` }, t(e.action === 'rematch' ? 'history.rematch_link' : 'history.rematched_link')))
      : null,
    e.note ? h('blockquote', { class: 'prewrap' }, e.note) : null,
    h('p', { class: 'hint' }, h('time', { datetime: new Date(e.at).toISOString() }, fmtDate(e.at))))));
}
