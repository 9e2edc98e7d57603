// Requests and projects: drafting a request, a request's page (state, members, history, attachments, the actions
// this person may take, choosing a mentor), the model A matching queue, forming a group. A project that is, or once
// was, active opens on its workspace instead (js/mentoring/workspace.js).
import { h, append, field, onSubmit, submit, announce, say, btn, clear, fmtDate, uid, qs } from '../dom.js';
import { t, tError, vocab, languageName, getLang } from '../i18n.js';
import { api, vocabularies } from '../api.js';
import { state } from '../session.js';
import { navigate } from '../router.js';
import { load, forbidden, fitBox, profileFacts, run, clientKey, allMembers } from './common.js';
import { overview, actionButtons, membersSection, attachmentsSection, historySection } from './parts.js';
import { isWorkspace, projectTitle } from './sections.js';

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
    // Offline, it waits in the outbox and goes (once: its client key) when the connection returns.
    const res = await (await import('../outbox.js')).send('POST', `/api/communities/${cid}/projects`, {
      title: form.title.value.trim(), summary: form.summary.value, context: form.context.value, client_key: key,
    });
    if (res.queued) { say(form, t('outbox.kept')); return; }
    await navigate(`/projects/${res.project.id}`, { replace: true });
    announce(t('request.created'));
  }, 'request');
  ctx.root.append(form, h('p', null, h('a', { href: `/communities/${cid}` }, t('mentoring.back_to', { name: c.name }))));
}

// ---- A request's page, and the way into a project's workspace -----------------------------------------------------

export async function project(ctx) {
  const [pid] = ctx.params;
  // Kept on this device: offline, the page last seen is shown (and said to be).
  const data = await load(ctx, `/api/projects/${pid}`, { keep: true });
  if (!data || !ctx.alive()) return;
  // A project that is, or once was, active opens on its workspace's overview (its sections have their own pages).
  if (isWorkspace(data)) return (await import('./workspace.js')).overview(ctx, data);
  const h1 = ctx.heading(projectTitle(data.project));
  const body = h('div');
  ctx.root.append(body);
  // A project that ended before projects had a workspace keeps its chat and private messages here, to read.
  let chat = null;
  let msgs = null;
  if (hasChat(data)) {
    const [chatMod] = await Promise.all([import('./chat.js'), import('./chat-connection.js'), import('./messages.js').then((m) => {
      msgs = m.projectMessages(pid);
      return msgs.refresh().catch((e) => { if (!e.handled) msgs.el.append(h('p', { class: 'form-error' }, tError(e))); });
    })]);
    if (!ctx.alive()) return;
    chat = chatMod.chatPanel(pid, { readOnly: data.project.state !== 'active', unread: data.chat_unread || 0 });
  }
  const after = (res, msg, action) => {
    // A mentor who declines, or an invitee who says no, is done with this project: back to the dashboard.
    if (action === 'decline') {
      navigate('/').then(() => announce(msg));
      return;
    }
    // Started (or reopened): the project's workspace opens in its place.
    if (isWorkspace(res)) {
      ctx.rerender().then(() => announce(msg));
      return;
    }
    draw(res).catch(() => {});
    announce(msg);
    h1.focus();
  };
  const draw = (d) => {
    clear(body);
    append(body, [overview(d), actionsSection(d, after), chat ? chat.el : null, membersSection(d), msgs ? msgs.el : null,
      attachmentsSection(d, after), historySection(d)]);
    // Offline, the rest of the page stays readable without the mentors to choose from.
    return d.actions.includes('send') ? loadCandidates(body, pid, after).catch((e) => { if (e.status !== 0) throw e; }) : Promise.resolve();
  };
  await draw(data);
}

/** Active members of a project that once was active have its chatroom (read-only once it has ended). */
function hasChat(d) {
  return d.my_member_status === 'active' && (d.project.state === 'active' || d.history.some((e) => e.to_state === 'active'));
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
