// Requests and projects: drafting a request, the project page (state, members, history, attachments, the actions
// this person may take, choosing a mentor), the model A matching queue, forming a group.
import { h, append, field, onSubmit, submit, announce, btn, clear, fmtDate, fmtSize, setFieldError, uid, qs } from '../dom.js';
import { t, tError, vocab, languageName, getLang } from '../i18n.js';
import { api, upload, vocabularies } from '../api.js';
import { state } from '../session.js';
import { navigate } from '../router.js';
import { load, forbidden, stateBadge, stateLabel, fitBox, profileFacts, langs, tools, run, clientKey, allMembers } from './common.js';

const FILE_MAX = 5 * 1024 * 1024;
const FILE_EXT = /\.(pdf|docx?|odt)$/i;
const FILE_ACCEPT = '.pdf,.doc,.docx,.odt,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text';
/** Actions that need a note, and those that take an optional one. */
const NOTE_REQUIRED = ['decline', 'ask_info', 'reply', 'cancel'];
const NOTE_OPTIONAL = ['withdraw', 'complete', 'reopen'];
const OPEN = ['draft', 'awaiting_match', 'awaiting_consent'];

// ---- A new request ------------------------------------------------------------------------------------------------

export async function newRequest(ctx) {
  const [cid] = ctx.params;
  const home = await load(ctx, `/api/communities/${cid}`);
  if (!home || !ctx.alive()) return;
  ctx.heading(t('request.new_title'));
  const c = home.community;
  if (!home.membership || home.membership.status !== 'active') {
    ctx.root.append(h('p', null, t('request.members_only', { name: c.name })), h('p', null, h('a', { href: `/communities/${cid}` }, c.name)));
    return;
  }
  const key = clientKey();
  const form = h('form', null,
    h('p', null, t('request.intro', { name: c.name })),
    field({ name: 'title', label: t('request.title'), maxlength: 120, value: t('request.proposed_title', { name: state.me.user.display_name }), hint: t('request.title_hint') }),
    field({ name: 'summary', label: t('request.summary'), type: 'textarea', rows: 4, maxlength: 600, required: true, hint: t('request.summary_hint') }),
    field({ name: 'context', label: t('request.context'), type: 'textarea', rows: 8, maxlength: 6000, hint: t('request.context_hint') }),
    submit(t('request.create')));
  onSubmit(form, async () => {
    const res = await api('POST', `/api/communities/${cid}/projects`, {
      title: form.title.value.trim(), summary: form.summary.value, context: form.context.value, client_key: key,
    });
    await navigate(`/projects/${res.project.id}`, { replace: true });
    announce(t('request.created'));
  }, 'request');
  ctx.root.append(form, h('p', null, h('a', { href: `/communities/${cid}` }, t('mentoring.back_to', { name: c.name }))));
}

// ---- The project page ---------------------------------------------------------------------------------------------

export async function project(ctx) {
  const [pid] = ctx.params;
  // Kept on this device: offline, the project home last seen is shown (and said to be).
  const data = await load(ctx, `/api/projects/${pid}`, { keep: true });
  if (!data || !ctx.alive()) return;
  const p = data.project;
  const h1 = ctx.heading(p.kind === 'group' && p.group_name ? p.group_name : p.title);
  const body = h('div');
  ctx.root.append(body);
  // The chatroom and the private messages (their own modules, loaded only here), for the members of a project that
  // has started. They are kept across redraws so the chat's connection and what they show survive an action.
  let chat = null;
  let msgs = null;
  let chatCount = null;
  let chatUnread = data.chat_unread || 0;
  let shownState = p.state;
  let current = data;
  // "What to do next" follows the view, the messages and the chat, redrawn when one of them changes.
  const todo = h('div');
  const drawTodo = () => { clear(todo).append(todoSection(current, msgs && msgs.data, chatCount, chatUnread)); };
  todo.addEventListener('click', jump);
  if (hasChat(data)) {
    const active = p.state === 'active';
    // The chat's connection is asked for with its panel, not after it: one round trip less on a slow network.
    const [chatMod] = await Promise.all([import('./chat.js'), import('./chat-connection.js'), import('./messages.js').then((m) => {
      msgs = m.projectMessages(pid, { writable: active, onLoad: () => drawTodo() });
      return msgs.refresh().catch((e) => { if (!e.handled) msgs.el.append(h('p', { class: 'form-error' }, tError(e))); });
    })]);
    if (!ctx.alive()) return;
    chat = chatMod.chatPanel(pid, {
      readOnly: !active, unread: data.chat_unread || 0,
      onCount: (n) => { if (n !== chatCount) { chatCount = n; drawTodo(); } },
      onUnread: (n) => { if (n !== chatUnread) { chatUnread = n; drawTodo(); } },
    });
    chat.el.id = 'chat';
  }
  const after = (res, msg, action) => {
    // A mentor who declines, or an invitee who says no, is done with this project: back to the dashboard.
    if (action === 'decline') {
      navigate('/').then(() => announce(msg));
      return;
    }
    draw(res).catch(() => {});
    if (res.project && res.project.state !== shownState) {
      const ro = res.project.state !== 'active';
      if (chat) chat.refresh(ro);
      if (msgs) msgs.setWritable(!ro);
    }
    if (res.project) shownState = res.project.state;
    announce(msg);
    h1.focus();
  };
  const draw = (d) => {
    current = d;
    clear(body);
    if (d.project.state === 'active') {
      // The project home, mobile first: what to do next, the people, the chat, the messages, the documents, then
      // the state and its history.
      drawTodo();
      append(body, [overview(d), quickLinks(d, chat, msgs), todo, membersSection(d), chat ? chat.el : null, msgs ? msgs.el : null, filesSection(d),
        d.attachments.length ? attachmentsSection(d, after) : null, stateSection(d, after)]);
      return Promise.resolve();
    }
    append(body, [overview(d), actionsSection(d, after), chat ? chat.el : null, membersSection(d), msgs ? msgs.el : null,
      attachmentsSection(d, after), historySection(d)]);
    // Offline, the rest of the page stays readable without the mentors to choose from.
    return d.actions.includes('send') ? loadCandidates(body, pid, after).catch((e) => { if (e.status !== 0) throw e; }) : Promise.resolve();
  };
  await draw(data);
}

/** A link to a part of this page ("#chat"): scroll there and move the focus there too (to `data-focus` inside it,
 * else its heading), without a trip through the router. */
function jump(e) {
  const a = e.target.closest('a[href^="#"]');
  const el = a && document.getElementById(a.getAttribute('href').slice(1));
  if (!el) return;
  e.preventDefault();
  const to = el.querySelector(a.dataset.focus || 'h2') || el;
  if (to.tabIndex < 0 && !to.hasAttribute('tabindex')) to.setAttribute('tabindex', '-1');
  el.scrollIntoView({ block: 'start' });
  to.focus({ preventScroll: true });
}

/** Short links near the top of an active project's home: its chat, its private messages, its documents. */
function quickLinks(d, chat, msgs) {
  const links = [
    chat ? h('a', { href: '#chat' }, t('project.quick_chat')) : null,
    msgs ? h('a', { href: '#messages' }, t('project.quick_messages')) : null,
    Array.isArray(d.recent_files) ? h('a', { href: `/projects/${d.project.id}/files` }, t('project.quick_files')) : null,
  ].filter(Boolean);
  if (!links.length) return null;
  return h('nav', { class: 'quick', 'aria-label': t('project.quick'), onclick: jump }, h('ul', { class: 'links' }, links.map((a) => h('li', null, a))));
}

/** The next steps of an active project for me: answer a message, read the chat or say hello there, share a document. */
function todoSection(d, summary, chatCount, chatUnread) {
  const p = d.project;
  const sec = h('section', { 'aria-labelledby': 'todo-h' }, h('h2', { id: 'todo-h' }, t('todo.title')));
  const items = [];
  const item = (href, text, focus) => items.push(h('li', null, h('a', { href, 'data-focus': focus }, text)));
  for (const m of (summary && summary.members) || []) {
    const got = (m.received || [])[0];
    const sent = (m.sent || [])[0];
    // Unread, or not answered since: ids are time-ordered.
    if (got && (!got.read_at || !sent || sent.id < got.id)) item(`/messages/${got.id}`, t('todo.answer', { name: m.display_name }));
  }
  if (chatUnread > 0) item('#chat', t('todo.read_chat', { n: chatUnread }), '.chat-scroll');
  else if (chatCount === 0) item('#chat', t('todo.say_hello'), 'textarea');
  const member = d.my_member_status === 'active';
  if (member && Array.isArray(d.recent_files) && !d.recent_files.length) {
    item(`/projects/${p.id}/files`, d.my_roles.mentor ? t('todo.session_plan') : t('todo.share_cv'));
  } else if (member && !Array.isArray(d.recent_files) && d.my_roles.mentee && state.me && !state.me.cv) {
    item('/profile', t('todo.upload_cv'));
  }
  sec.append(items.length ? h('ul', { class: 'todo' }, items) : h('p', { class: 'hint' }, t(member ? 'todo.none' : 'todo.none_viewer')));
  return sec;
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

/** An active project's state, what may be done to it (complete, cancel), and its history. */
function stateSection(d, after) {
  const p = d.project;
  const sec = h('section', { 'aria-labelledby': 'state-h' }, h('h2', { id: 'state-h' }, t('project.state_history')));
  sec.append(h('p', null, stateBadge(p.state, p.route)));
  if (d.actions.length) sec.append(...actionButtons(d, after));
  sec.append(historyList(d));
  return sec;
}

/** Active members of a project that is, or once was, active have its chatroom (read-only once it has ended). */
function hasChat(d) {
  return d.my_member_status === 'active' && (d.project.state === 'active' || d.history.some((e) => e.to_state === 'active'));
}

function overview(d) {
  const p = d.project;
  const box = h('div', { class: 'overview' },
    h('p', null, stateBadge(p.state, p.route), ' ', h('a', { href: `/communities/${p.community.id}` }, p.community.name)),
    p.kind === 'group' && p.motto ? h('p', { class: 'lead' }, p.motto) : null);
  if (p.state === 'awaiting_consent' && p.kind !== 'group' && p.mentor) {
    box.append(h('p', null, t('project.waiting_for', { name: p.mentor.display_name })));
  }
  if (p.state === 'awaiting_match') box.append(h('p', null, t('project.waiting_match')));
  if (p.expires_at) box.append(h('p', { class: 'notice' }, t('project.expires', { date: fmtDate(p.expires_at) })));
  append(box, [
    p.summary ? h('p', { class: 'lead prewrap' }, p.summary) : null,
    p.context ? h('details', null, h('summary', null, t('request.context')), h('p', { class: 'prewrap' }, p.context)) : null]);
  return box;
}

function actionsSection(d, after) {
  const p = d.project;
  const sec = h('section', { 'aria-labelledby': 'act-h' });
  if (!d.actions.length) return sec;
  sec.append(h('h2', { id: 'act-h' }, t('project.what_now')));
  if (d.actions.includes('accept') && p.kind !== 'group') sec.append(h('p', null, t('project.asked_you')));
  if (d.actions.includes('accept') && p.kind === 'group') sec.append(h('p', null, t('project.invited_you')));
  if (d.actions.includes('hand_to_admins')) sec.append(h('p', { class: 'hint' }, t('project.hand_hint')));
  sec.append(...actionButtons(d, after));
  if (d.actions.includes('send')) {
    sec.append(h('section', { 'aria-labelledby': 'choose-h', class: 'choose' },
      h('h3', { id: 'choose-h' }, t('project.choose')),
      h('p', { class: 'hint' }, t('project.choose_hint')),
      h('div', { id: 'candidates' })));
  }
  return sec;
}

/** A button for each move I may make (but choosing a mentor), and the panel where a note is asked for. */
function actionButtons(d, after) {
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

async function loadCandidates(body, pid, after) {
  const box = body.querySelector('#candidates');
  if (!box) return;
  const v = await vocabularies();
  const any = [['', t('filter.any')]];
  const named = (codes, kind) => codes.map((c) => [c, vocab(kind, c)]);
  const langOpts = v.languages.map((c) => [c, languageName(c)]).sort((a, b) => a[1].localeCompare(b[1], getLang()));
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('filter.title') },
    field({ name: 'language', label: t('filter.language'), type: 'select', options: [...any, ...langOpts] }),
    field({ name: 'field', label: t('field.field_of_study'), type: 'select', options: [...any, ...named(v.fields, 'field')] }),
    field({ name: 'sector', label: t('field.sector'), type: 'select', options: [...any, ...named(v.sectors, 'sector')] }),
    field({ name: 'tool', label: t('filter.tool'), type: 'select', options: [...any, ...named(v.contact_tools, 'tool')] }),
    submit(t('filter.apply')));
  const list = h('ul', { class: 'cards' });
  // How many were found: said as the list changes, next to the filters.
  const status = h('p', { class: 'hint', role: 'status' });
  const show = async () => {
    const q = qs({ language: filters.language.value, field: filters.field.value, sector: filters.sector.value, tool: filters.tool.value });
    const res = await api('GET', `/api/projects/${pid}/candidates` + (q ? '?' + q : ''));
    clear(list);
    status.textContent = res.items.length ? t('filter.found', { n: res.items.length }) : t('filter.none');
    for (const m of res.items) {
      const ask = btn(t('project.ask', { name: m.display_name }), () => run(null, ask, async () => {
        const r = await api('POST', `/api/projects/${pid}/actions`, { action: 'send', mentor_id: m.id });
        after(r, t('done.send', { name: m.display_name }));
      }, 'project'), 'primary small');
      list.append(h('li', { class: 'card' },
        h('h4', { class: 'h3' }, h('a', { href: `/users/${m.id}` }, m.display_name)),
        m.community && m.community.name ? h('p', { class: 'hint' }, t('project.mentor_from', { name: m.community.name })) : null,
        m.fit ? fitBox(m.fit) : null,
        h('p', { class: 'hint' }, t('project.load', { load: m.load, capacity: m.capacity })),
        m.profile && m.profile.presentation ? h('p', { class: 'clamp' }, m.profile.presentation) : null,
        // A mentor's ways to be reached are for the members of a project, not for every mentee who chooses.
        profileFacts({ ...m.profile, contact_tools: [] }),
        h('p', { class: 'actions' }, ask)));
    }
  };
  onSubmit(filters, show);
  box.append(filters, status, list);
  await show();
}

function membersSection(d) {
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

function attachmentsSection(d, after) {
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

function historySection(d) {
  return h('section', { 'aria-labelledby': 'his-h' }, h('h2', { id: 'his-h' }, t('project.history')), historyList(d));
}

function historyList(d) {
  return h('ol', { class: 'history' }, d.history.map((e) => h('li', null,
    h('p', null, h('strong', null, t('history.' + e.action, { name: e.actor_name || t('admin.system') }))),
    e.from_state && e.from_state !== e.to_state
      ? h('p', { class: 'hint' }, t('history.moved', { from: stateLabel(e.from_state, d.project.route), to: stateLabel(e.to_state, d.project.route) }))
      : null,
    e.note ? h('blockquote', { class: 'prewrap' }, e.note) : null,
    h('p', { class: 'hint' }, h('time', { datetime: new Date(e.at).toISOString() }, fmtDate(e.at))))));
}

// ---- Model A: the matching queue ----------------------------------------------------------------------------------

export async function matching(ctx) {
  const [cid] = ctx.params;
  const home = await load(ctx, `/api/communities/${cid}`);
  if (!home || !ctx.alive()) return;
  if (!home.can_manage) return forbidden(ctx);
  const res = await load(ctx, `/api/communities/${cid}/matching`);
  if (!res || !ctx.alive()) return;
  ctx.heading(t('queue.title', { name: home.community.name }));
  ctx.root.append(h('p', null, t('queue.intro')), h('p', null, h('a', { href: `/communities/${cid}` }, t('mentoring.back_to', { name: home.community.name }))));
  const ul = h('ul', { class: 'queue' });
  const empty = h('p', { class: 'hint', hidden: res.items.length > 0 }, t('queue.empty'));
  for (const item of res.items) ul.append(queueItem(item, ul, empty));
  ctx.root.append(empty, ul);
}

function queueItem(item, ul, empty) {
  const p = item.project;
  const hid = uid('q');
  const li = h('li', { class: 'card', 'aria-labelledby': hid },
    h('h2', { class: 'h3', id: hid }, h('a', { href: `/projects/${p.id}` }, p.title)),
    h('p', null, t('queue.mentee', { name: p.mentee ? p.mentee.display_name : '' }), ' · ', h('span', { class: 'hint' }, fmtDate(p.updated_at))),
    h('p', { class: 'prewrap' }, p.summary),
    h('details', null, h('summary', null, t('queue.mentee_profile')), profileFacts(item.mentee_profile)));
  const panel = h('div');
  const sugg = h('ul', { class: 'cards' });
  if (!item.suggestions.length) li.append(h('p', { class: 'hint' }, t('queue.no_suggestions')));
  for (const m of item.suggestions) {
    const open = btn(t('queue.match_with', { name: m.display_name }), () => {
      const form = h('form', { class: 'note-form' },
        field({ name: 'note', label: t('queue.note', { name: m.display_name }), type: 'textarea', rows: 2, maxlength: 2000, hint: t('note.optional') }),
        h('p', { class: 'actions' }, submit(t('queue.confirm', { name: m.display_name })), btn(t('common.cancel'), () => { clear(panel); open.focus(); })));
      onSubmit(form, async () => {
        await api('POST', `/api/projects/${p.id}/actions`, { action: 'match', mentor_id: m.id, note: form.note.value });
        li.remove();
        empty.hidden = ul.children.length > 0;
        announce(t('queue.matched', { title: p.title, name: m.display_name }));
        document.querySelector('h1')?.focus();
      }, 'project');
      clear(panel).append(form);
      form.note.focus();
    }, 'small primary');
    sugg.append(h('li', { class: 'card' },
      h('h3', { class: 'h3' }, h('a', { href: `/users/${m.id}` }, m.display_name)),
      fitBox(m.fit),
      h('p', { class: 'hint' }, t('project.load', { load: m.load, capacity: m.capacity })),
      h('details', null, h('summary', null, t('queue.profile_of', { name: m.display_name })), profileFacts(m.profile)),
      h('p', { class: 'actions' }, open)));
  }
  li.append(h('h3', { class: 'h3 sub' }, t('queue.suggested')), sugg, panel);
  return li;
}

// ---- Groups -------------------------------------------------------------------------------------------------------

export async function newGroup(ctx) {
  const [cid] = ctx.params;
  const home = await load(ctx, `/api/communities/${cid}`);
  if (!home || !ctx.alive()) return;
  const rollData = await load(ctx, `/api/communities/${cid}/roll`);
  if (!rollData || !ctx.alive()) return;
  const me = state.me.user.id;
  const accredited = rollData.mine && rollData.mine.status === 'accredited';
  if (!home.can_manage && !accredited) return forbidden(ctx);
  ctx.heading(t('group.title'));
  const members = await allMembers(cid);
  if (!ctx.alive()) return;
  const mentors = home.can_manage ? rollData.mentors : rollData.mentors.filter((m) => m.user_id === me);
  if (!mentors.length) {
    ctx.root.append(h('p', null, t('group.no_mentors')), h('p', null, h('a', { href: `/communities/${cid}/roll` }, t('roll.title'))));
    return;
  }
  const mentorField = field({ name: 'mentor_id', label: t('group.mentor'), type: 'select', required: true,
    value: mentors.some((m) => m.user_id === me) ? me : '',
    options: [...(mentors.length > 1 ? [['', t('common.choose')]] : []), ...mentors.map((m) => [m.user_id, m.display_name])] });
  const box = h('fieldset', { 'data-field': 'mentee_ids', tabindex: '-1' }, h('legend', null, t('group.mentees')), h('p', { class: 'hint' }, t('group.mentees_hint')));
  const checks = h('div');
  box.append(checks);
  const drawChecks = () => {
    const chosen = new Set([...checks.querySelectorAll('input:checked')].map((i) => i.value));
    clear(checks);
    members.filter((m) => m.id !== mentorField.control.value).forEach((m, i) => {
      const f = field({ name: 'mentee', label: m.display_name, type: 'checkbox', value: chosen.has(m.id) });
      f.control.value = m.id;
      f.control.dataset.field = `mentee_ids.${i}`;
      checks.append(f);
    });
  };
  mentorField.control.addEventListener('change', drawChecks);
  drawChecks();
  const form = h('form', null,
    h('p', null, t('group.intro')),
    field({ name: 'name', label: t('group.name'), required: true, maxlength: 80 }),
    field({ name: 'motto', label: t('group.motto'), maxlength: 160 }),
    field({ name: 'summary', label: t('group.summary'), type: 'textarea', rows: 4, maxlength: 600 }),
    mentorField, box, submit(t('group.create')));
  onSubmit(form, async () => {
    const ids = [...checks.querySelectorAll('input:checked')].map((i) => i.value);
    // Number the chosen ones as the API will, so an error lands next to the right box.
    checks.querySelectorAll('input').forEach((i) => { i.dataset.field = i.checked ? `mentee_ids.${ids.indexOf(i.value)}` : ''; });
    const res = await api('POST', `/api/communities/${cid}/groups`, {
      mentor_id: mentorField.control.value, mentee_ids: ids, name: form.elements.name.value, motto: form.motto.value, summary: form.summary.value,
    });
    await navigate(`/projects/${res.project.id}`, { replace: true });
    announce(t('group.created'));
  }, 'group');
  ctx.root.append(form);
}
