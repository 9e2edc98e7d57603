// A community's discussion rooms (#13): the rooms a member reads (/communities/{id}/rooms), a room's threads
// (/rooms/{room}), a thread (/rooms/{room}/threads/{id}) and the reports to review (/rooms/reports). Posts are drawn
// from their Markdown as nodes (markdown.js); what is being written is kept on the device until it is sent, and sent
// with a client key (a retry makes one post). Strings: public/i18n/rooms.<lang>.json.
import { h, append, field, onSubmit, submit, say, statusOf, clear, fmtDate, uid, btn } from '../dom.js';
import { t, has, addStrings } from '../i18n.js';
import { api } from '../api.js';
import { navigate } from '../router.js';
import { load, run, clientKey } from '../mentoring/common.js';
import { render, quote, mention } from './markdown.js';

const strings = () => (has('rooms.title') ? null : addStrings('rooms'));
const MAX_BODY = 10000;
const TITLE_MAX = 160;
const ROOMS = ['everyone', 'mentors', 'mentees', 'coordinators'];

const roomName = (r) => t('rooms.name.' + r);
const base = (cid) => `/communities/${cid}/rooms`;
const when = (ms) => h('time', { datetime: new Date(ms).toISOString() }, fmtDate(ms));

// ---- Drafts: what is being written stays on this device until it is sent ------------------------------------------

const draftKey = (k) => 'tandem.room-draft.' + k;
function draft(k) {
  try { return JSON.parse(localStorage.getItem(draftKey(k)) || 'null'); } catch { return null; }
}
function keepDraft(k, v) {
  try { if (v) localStorage.setItem(draftKey(k), JSON.stringify(v)); else localStorage.removeItem(draftKey(k)); } catch { /* private mode */ }
}

// ---- The rooms ------------------------------------------------------------------------------------------------------

export async function rooms(ctx) {
  const [cid] = ctx.params;
  const [, home, data] = await Promise.all([strings(), load(ctx, `/api/communities/${cid}`), load(ctx, `/api/communities/${cid}/rooms`, { keep: true })]);
  if (!home || !data || !ctx.alive()) return;
  ctx.heading(t('rooms.title'));
  const list = h('ul', { class: 'cards rooms' }, data.rooms.map((r) => h('li', { class: 'card', 'data-room': r.room },
    h('h2', { class: 'h3' }, h('a', { href: `${base(cid)}/${r.room}` }, roomName(r.room))),
    h('p', { class: 'hint' }, t('rooms.who.' + r.room)),
    h('p', null,
      r.access === 'reported' ? t('rooms.sealed_reported') : t('rooms.threads', { n: r.threads }),
      r.unread ? [' ', h('span', { class: 'badge new' }, t('rooms.unread_threads', { n: r.unread }))] : null,
      r.sealed ? [' ', h('span', { class: 'badge' }, t('rooms.sealed'))] : null))));
  append(ctx.root, [
    h('p', null, t('rooms.intro', { name: home.community.name })),
    data.open_reports != null ? h('p', null, h('a', { href: `${base(cid)}/reports` }, t('rooms.reports_link', { n: data.open_reports }))) : null,
    list,
    h('p', null, h('a', { href: `/communities/${cid}` }, t('rooms.back_community', { name: home.community.name })))]);
}

// ---- A room ---------------------------------------------------------------------------------------------------------

export async function room(ctx) {
  const [cid, name] = ctx.params;
  const [, data] = await Promise.all([strings(), load(ctx, `/api/communities/${cid}/rooms/${name}`, { keep: true })]);
  if (!data || !ctx.alive()) return;
  ctx.heading(roomName(name));
  ctx.root.append(h('p', { class: 'hint' }, t('rooms.who.' + name)), h('p', null, h('a', { href: base(cid) }, t('rooms.all'))));
  if (data.sealed) {
    ctx.root.append(h('p', { class: 'notice' }, data.access === 'reported' ? t('rooms.sealed_reported') : t('rooms.sealed_by', { names: data.moderators.map((m) => m.display_name).join(', ') })));
  }
  if (data.banned_until) ctx.root.append(h('p', { class: 'notice warn' }, t('rooms.banned', { date: fmtDate(data.banned_until), reason: data.ban_reason || '' })));
  if (data.access !== 'reported' && !data.banned_until) ctx.root.append(newThread(cid, name, data));
  if (data.admin) ctx.root.append(settingsBox(cid, name, data));
  if (data.bans && data.bans.length) ctx.root.append(bansBox(cid, name, data.bans));
  const sec = h('section', { 'aria-labelledby': 'threads-h' }, h('h2', { id: 'threads-h' }, t('rooms.threads_title')));
  const list = h('ul', { class: 'cards threads' });
  const more = h('p');
  const add = (page) => {
    for (const th of page.threads) list.append(threadCard(cid, name, th));
    clear(more);
    if (page.next_before) {
      more.append(btn(t('common.load_more'), async (e) => {
        const next = await run(null, e.target, () => api('GET', `/api/communities/${cid}/rooms/${name}?before=${page.next_before}`));
        if (next) add(next);
      }));
    }
  };
  add(data);
  if (!data.threads.length) list.append(h('li', { class: 'empty' }, t('rooms.no_threads')));
  sec.append(list, more);
  ctx.root.append(sec);
}

function threadCard(cid, name, th) {
  return h('li', { class: 'card', 'data-thread': th.id },
    h('h3', { class: 'h3' }, h('a', { href: `${base(cid)}/${name}/threads/${th.id}` }, th.title)),
    h('p', null,
      th.pinned ? [h('span', { class: 'badge' }, t('rooms.pinned')), ' '] : null,
      th.locked ? [h('span', { class: 'badge' }, t('rooms.locked')), ' '] : null,
      th.about_case ? [h('span', { class: 'badge' }, t('rooms.case')), ' '] : null,
      th.hidden ? [h('span', { class: 'badge warn' }, t('rooms.hidden')), ' '] : null,
      th.unread ? [h('span', { class: 'badge new' }, t('rooms.unread', { n: th.unread })), ' '] : null,
      th.reports ? [h('span', { class: 'badge warn' }, t('rooms.reports', { n: th.reports })), ' '] : null),
    h('p', { class: 'hint' }, authorName(th.author, th.pseudonymous), ' · ', t('rooms.posts', { n: th.posts }), ' · ', t('rooms.last', { date: fmtDate(th.last_post_at) })));
}

const authorName = (a, pseudonymous) => (a ? a.display_name : pseudonymous ? t('rooms.a_mentee') : t('rooms.someone'));

/** The composer's formatting hint and its "mention someone" list. */
function composer(opts) {
  const f = field({ name: 'body', label: opts.label, type: 'textarea', rows: opts.rows || 6, maxlength: MAX_BODY, required: true, value: opts.value || '', hint: t('rooms.format_hint') });
  const area = f.control;
  if (opts.people && opts.people.length) {
    const pick = h('select', { 'aria-label': t('rooms.mention_pick') },
      h('option', { value: '' }, t('rooms.mention_pick')), opts.people.map((p) => h('option', { value: p.id }, p.display_name)));
    pick.addEventListener('change', () => {
      const p = opts.people.find((x) => x.id === pick.value);
      if (p) {
        const at = area.selectionStart ?? area.value.length;
        area.value = area.value.slice(0, at) + mention(p) + area.value.slice(at);
        area.dispatchEvent(new Event('input', { bubbles: true }));
        area.focus();
      }
      pick.value = '';
    });
    f.append(h('p', { class: 'mention-pick' }, pick));
  }
  return f;
}

function newThread(cid, name, data) {
  const key = `${cid}.${name}.new`;
  const kept = draft(key) || {};
  const box = h('div', { class: 'new-thread' });
  const open = h('button', { type: 'button', 'aria-expanded': 'false' }, t('rooms.new'));
  const form = h('form', { class: 'thread-form', hidden: true });
  const title = field({ name: 'title', label: t('rooms.title_label'), maxlength: TITLE_MAX, required: true, value: kept.title || '' });
  const body = composer({ label: t('rooms.body_label'), value: kept.body || '', people: data.people });
  const extras = [];
  let caseBox = null;
  let pseudo = null;
  if (name === 'mentors') {
    caseBox = field({ name: 'about_case', type: 'checkbox', label: t('rooms.about_case'), value: !!kept.about_case });
    const reminder = h('p', { class: 'notice', hidden: !kept.about_case }, t('rooms.case_reminder'));
    caseBox.control.addEventListener('change', () => { reminder.hidden = !caseBox.control.checked; });
    extras.push(caseBox, reminder);
  }
  if (name === 'mentees') {
    pseudo = field({ name: 'pseudonymous', type: 'checkbox', label: t('rooms.pseudonymous'), value: !!kept.pseudonymous, hint: t('rooms.pseudonymous_hint') });
    extras.push(pseudo);
  }
  form.append(title, body, ...extras, h('p', { class: 'actions' }, submit(t('rooms.start')), h('button', { type: 'button', onclick: () => toggle(false) }, t('common.cancel'))));
  const save = () => keepDraft(key, { title: title.control.value, body: body.control.value, about_case: caseBox?.control.checked, pseudonymous: pseudo?.control.checked, client_key: kept.client_key });
  form.addEventListener('input', save);
  form.addEventListener('change', save);
  function toggle(on) {
    form.hidden = !on;
    open.setAttribute('aria-expanded', String(on));
    if (on) title.control.focus(); else open.focus();
  }
  open.addEventListener('click', () => toggle(form.hidden));
  form.dataset.draft = 'own'; // kept by its own drafts
  onSubmit(form, async () => {
    if (!title.control.value.trim()) throw { code: 'required', field: 'title' };
    if (!body.control.value.trim()) throw { code: 'required', field: 'body' };
    // One key per draft: sent twice (a retry after a dropped connection), it makes one thread.
    kept.client_key = kept.client_key || clientKey();
    save();
    const res = await api('POST', `/api/communities/${cid}/rooms/${name}/threads`, {
      title: title.control.value, body: body.control.value, client_key: kept.client_key,
      ...(caseBox ? { about_case: caseBox.control.checked } : {}), ...(pseudo ? { pseudonymous: pseudo.control.checked } : {}),
    });
    keepDraft(key, null);
    navigate(`${base(cid)}/${name}/threads/${res.thread.id}`);
  });
  box.append(open, form);
  if (kept.title || kept.body) toggle(true);
  return box;
}

/** For the room's moderators: who cannot write in it, until when and why; a ban lifted early. */
function bansBox(cid, name, bans) {
  const det = h('details', { class: 'room-bans' }, h('summary', null, t('rooms.bans', { n: bans.length })));
  det.append(h('ul', { class: 'plain' }, bans.map((b) => {
    const li = h('li', null, h('strong', null, b.display_name), ' · ', t('rooms.ban_until', { date: fmtDate(b.until) }),
      h('blockquote', { class: 'prewrap' }, b.reason));
    const lift = btn(t('rooms.unban', { name: b.display_name }), async (e) => {
      const done = await run(null, e.target, () => api('DELETE', `/api/communities/${cid}/rooms/${name}/bans/${b.user_id}`));
      if (done !== undefined) { clear(li).append(t('rooms.unbanned', { name: b.display_name })); }
    });
    li.append(h('p', { class: 'actions' }, lift));
    return li;
  })));
  return det;
}

/** A community admin seals the room (its moderators then moderate it) or opens it. */
function settingsBox(cid, name, data) {
  const det = h('details', { class: 'room-settings' }, h('summary', null, t('rooms.settings')));
  const form = h('form');
  const sealed = field({ name: 'sealed', type: 'checkbox', label: t('rooms.seal'), value: data.sealed, hint: t('rooms.seal_hint') });
  const chosen = new Set(data.moderators.map((m) => m.id));
  // Moderators come from the room's own audience.
  const people = data.audience || [];
  const set = h('fieldset', { 'data-field': 'moderators' }, h('legend', null, t('rooms.moderators')),
    people.length ? people.map((p) => {
      const id = uid('mod');
      return h('p', { class: 'check' }, h('input', { type: 'checkbox', id, value: p.id, checked: chosen.has(p.id) }), ' ', h('label', { for: id }, p.display_name));
    }) : h('p', { class: 'hint' }, t('rooms.nobody')));
  form.append(sealed, set, h('p', { class: 'actions' }, submit(t('common.save'))));
  onSubmit(form, async () => {
    const moderators = [...set.querySelectorAll('input:checked')].map((i) => i.value);
    await api('PUT', `/api/communities/${cid}/rooms/${name}/settings`, { sealed: sealed.control.checked, moderators });
    say(form, t('rooms.saved'));
  });
  det.append(form);
  return det;
}

// ---- A thread -------------------------------------------------------------------------------------------------------

export async function thread(ctx) {
  const [cid, name, tid] = ctx.params;
  const [, data, roomData] = await Promise.all([strings(), load(ctx, `/api/communities/${cid}/rooms/${name}/threads/${tid}`, { keep: true }),
    api('GET', `/api/communities/${cid}/rooms/${name}`, null, { quiet: true }).catch(() => null)]);
  if (!data || !ctx.alive()) return;
  const th = data.thread;
  const people = (roomData && roomData.people) || [];
  const mod = data.access === 'moderator';
  const admin = !!(roomData && roomData.admin);
  ctx.heading(th.title);
  const top = h('div', { class: 'thread-top' },
    h('p', null, h('a', { href: `${base(cid)}/${name}` }, t('rooms.back_room', { room: roomName(name) }))),
    h('p', null,
      th.pinned ? [h('span', { class: 'badge' }, t('rooms.pinned')), ' '] : null,
      th.locked ? [h('span', { class: 'badge' }, t('rooms.locked')), ' '] : null,
      th.about_case ? [h('span', { class: 'badge' }, t('rooms.case')), ' '] : null,
      th.pseudonymous ? h('span', { class: 'badge' }, t('rooms.pseudonymous_badge')) : null));
  ctx.root.append(top);
  if (th.about_case) ctx.root.append(h('p', { class: 'notice' }, t('rooms.case_reminder')));
  if (data.access !== 'reported') ctx.root.append(followBox(cid, name, th));
  if (mod) ctx.root.append(threadTools(ctx, cid, name, th, admin));

  const list = h('ol', { class: 'posts' });
  const more = h('p');
  const byId = new Map();
  let last = 0;
  // A mention shows the person's name as the room knows it, not as the post spells it.
  const mentioned = (id, n) => h('a', { class: 'mention', href: `/users/${id}` }, '@' + ((people.find((x) => x.id === id) || {}).display_name || n));
  const add = (page) => {
    for (const p of page.posts) {
      byId.set(p.id, p);
      list.append(postItem(p));
      last = Math.max(last, p.seq);
    }
    clear(more);
    if (page.more) more.append(btn(t('common.load_more'), async (e) => {
      const next = await run(null, e.target, () => api('GET', `/api/communities/${cid}/rooms/${name}/threads/${tid}?after=${last}`));
      if (next) { add(next); markRead(); }
    }));
  };
  const markRead = () => { if (last > th.seen && data.access !== 'reported') api('PUT', `/api/communities/${cid}/rooms/${name}/threads/${tid}/read`, { seen: last }, { quiet: true }).catch(() => {}); };

  function postItem(p) {
    const id = uid('post');
    const li = h('li', { class: 'post' + (p.hidden ? ' hidden-post' : ''), id: `post-${p.seq}`, 'data-post': p.id });
    const head = h('p', { class: 'post-head', id },
      h('strong', null, authorName(p.author, th.pseudonymous)), ' · ', when(p.created_at),
      p.edited_at ? [' · ', h('span', { class: 'hint' }, t('rooms.edited'))] : null,
      p.reports ? [' ', h('span', { class: 'badge warn' }, t('rooms.reports', { n: p.reports }))] : null);
    const quoted = p.quote_of && byId.get(p.quote_of);
    const body = h('div', { class: 'post-body' });
    if (p.hidden) body.append(h('p', { class: 'notice' }, t('rooms.hidden_post'), p.hidden_reason ? [' ', t('rooms.hidden_reason', { reason: p.hidden_reason })] : null));
    if (p.body != null) body.append(render(p.body, { mentioned }));
    const actions = h('p', { class: 'actions' });
    if (!p.hidden && data.may_post) actions.append(btn(t('rooms.quote'), () => reply.quoteFrom(p)));
    if (!p.mine && !p.hidden && data.access !== 'reported') actions.append(p.reported ? h('span', { class: 'hint' }, t('rooms.reported')) : btn(t('rooms.report'), () => reportForm(li, p)));
    if (p.mine && !p.hidden) actions.append(btn(t('rooms.edit'), () => editForm(li, body, p)));
    if (mod) actions.append(btn(p.hidden ? t('rooms.restore') : t('rooms.hide'), () => hideForm(li, p)));
    if (mod && p.author && !p.mine) actions.append(btn(t('rooms.ban'), () => banForm(li, p)));
    // The texts an edit after a day replaced: for the author and the moderators.
    if (p.revisions > 0 && (p.mine || mod)) actions.append(btn(t('rooms.earlier'), (e) => earlier(li, p, e.target)));
    // A pseudonymous thread's author, named to its moderators: the others read "a mentee".
    const op = th.pseudonymous && p.author && th.author && p.author.id === th.author.id && !p.mine;
    append(li, [head, op ? h('p', { class: 'hint' }, t('rooms.shown_as_mentee')) : null,
      quoted ? h('p', { class: 'hint' }, t('rooms.replying_to', { name: authorName(quoted.author, th.pseudonymous) })) : null, body, actions]);
    li.setAttribute('aria-labelledby', id);
    statusOf(li, actions);
    return li;
  }

  async function earlier(li, p, button) {
    if (li.querySelector('.revisions')) return;
    const res = await run(null, button, () => api('GET', `/api/communities/${cid}/rooms/${name}/posts/${p.id}/revisions`));
    if (!res) return;
    li.append(h('div', { class: 'revisions' }, h('h3', { class: 'h3' }, t('rooms.earlier')),
      h('ol', null, res.revisions.map((r) => h('li', null, h('p', { class: 'hint' }, t('rooms.replaced', { date: fmtDate(r.replaced_at) })),
        h('div', { class: 'post-body' }, render(r.body, { mentioned })))))));
  }

  function reportForm(li, p) {
    if (li.querySelector('form.report-form')) return;
    const reason = field({ name: 'reason', type: 'select', label: t('rooms.report_reason'), required: true,
      options: [['', t('rooms.choose')], ...['identifies_someone', 'disrespectful', 'unsafe', 'spam', 'off_topic', 'other'].map((r) => [r, t('rooms.reason.' + r)])] });
    const note = field({ name: 'note', type: 'textarea', rows: 2, maxlength: 1000, label: t('rooms.report_note') });
    const form = h('form', { class: 'report-form' }, reason, note, h('p', { class: 'actions' }, submit(t('rooms.report_send')), h('button', { type: 'button', onclick: () => form.remove() }, t('common.cancel'))));
    onSubmit(form, async () => {
      if (!reason.control.value) throw { code: 'required', field: 'reason' };
      await api('POST', `/api/communities/${cid}/rooms/${name}/posts/${p.id}/report`, { reason: reason.control.value, note: note.control.value });
      form.remove();
      p.reported = true;
      say(li, t('rooms.report_done'));
    });
    li.append(form);
    reason.control.focus();
  }

  function editForm(li, body, p) {
    if (li.querySelector('form.edit-form')) return;
    const f = composer({ label: t('rooms.edit_label'), value: p.body, people });
    const form = h('form', { class: 'edit-form' }, f, h('p', { class: 'actions' }, submit(t('common.save')), h('button', { type: 'button', onclick: () => form.remove() }, t('common.cancel'))));
    onSubmit(form, async () => {
      await api('PATCH', `/api/communities/${cid}/rooms/${name}/posts/${p.id}`, { body: f.control.value });
      p.body = f.control.value;
      clear(body).append(render(p.body, { mentioned }));
      form.remove();
      say(li, t('rooms.edit_done'));
    });
    li.append(form);
    f.control.focus();
  }

  function hideForm(li, p) {
    if (p.hidden) {
      run(null, null, async () => {
        await api('POST', `/api/communities/${cid}/rooms/${name}/posts/${p.id}/moderation`, { action: 'restore' });
        await ctx.rerender();
      });
      return;
    }
    if (li.querySelector('form.hide-form')) return;
    const reason = field({ name: 'reason', type: 'textarea', rows: 2, maxlength: 1000, required: true, label: t('rooms.hide_reason'), hint: t('rooms.hide_hint') });
    const form = h('form', { class: 'hide-form' }, reason, h('p', { class: 'actions' }, submit(t('rooms.hide')), h('button', { type: 'button', onclick: () => form.remove() }, t('common.cancel'))));
    onSubmit(form, async () => {
      if (!reason.control.value.trim()) throw { code: 'required', field: 'reason' };
      await api('POST', `/api/communities/${cid}/rooms/${name}/posts/${p.id}/moderation`, { action: 'hide', reason: reason.control.value });
      await ctx.rerender();
    });
    li.append(form);
    reason.control.focus();
  }

  function banForm(li, p) {
    if (li.querySelector('form.ban-form')) return;
    const days = field({ name: 'days', type: 'number', label: t('rooms.ban_days'), required: true, value: '7', min: '1', max: '365' });
    const reason = field({ name: 'reason', type: 'textarea', rows: 2, maxlength: 1000, required: true, label: t('rooms.ban_reason'), hint: t('rooms.ban_hint', { name: p.author.display_name }) });
    const form = h('form', { class: 'ban-form' }, days, reason, h('p', { class: 'actions' }, submit(t('rooms.ban')), h('button', { type: 'button', onclick: () => form.remove() }, t('common.cancel'))));
    onSubmit(form, async () => {
      if (!reason.control.value.trim()) throw { code: 'required', field: 'reason' };
      await api('PUT', `/api/communities/${cid}/rooms/${name}/bans/${p.author.id}`, { days: Number(days.control.value), reason: reason.control.value });
      form.remove();
      say(li, t('rooms.ban_done', { name: p.author.display_name }));
    });
    li.append(form);
    days.control.focus();
  }

  add(data);
  const sec = h('section', { 'aria-labelledby': 'posts-h' }, h('h2', { id: 'posts-h', class: 'sr-only' }, t('rooms.posts_title')), list, more);
  ctx.root.append(sec);
  const reply = replyBox(cid, name, th, data, people, (p) => { byId.set(p.id, p); list.append(postItem(p)); last = Math.max(last, p.seq); markRead(); });
  ctx.root.append(reply.el);
  markRead();
}

function followBox(cid, name, th) {
  const sel = field({ name: 'follow', type: 'select', label: t('rooms.follow'), value: ['instant', 'digest'].includes(th.follow) ? th.follow : 'off',
    options: ['instant', 'digest', 'off'].map((m) => [m, t(`rooms.follow_${m}`)]) });
  const box = h('div', { class: 'follow-box' }, sel);
  statusOf(box);
  sel.control.addEventListener('change', async () => {
    await run(null, sel.control, () => api('PUT', `/api/communities/${cid}/rooms/${name}/threads/${th.id}/follow`, { follow: sel.control.value }));
    say(box, t('rooms.follow_saved'));
  });
  return box;
}

function threadTools(ctx, cid, name, th, admin) {
  const act = (action, to) => async (e) => {
    const res = await run(null, e.target, () => api('POST', `/api/communities/${cid}/rooms/${name}/threads/${th.id}/moderation`, { action, ...(to ? { to } : {}) }));
    if (!res) return;
    if (res.moved_to) navigate(`${base(cid)}/${res.moved_to}/threads/${th.id}`);
    else await ctx.rerender();
  };
  const box = h('div', { class: 'thread-tools actions' },
    btn(th.pinned ? t('rooms.unpin') : t('rooms.pin'), act(th.pinned ? 'unpin' : 'pin')),
    btn(th.locked ? t('rooms.unlock') : t('rooms.lock'), act(th.locked ? 'unlock' : 'lock')));
  if (admin) {
    const to = h('select', { 'aria-label': t('rooms.move_to') }, ROOMS.filter((r) => r !== name).map((r) => h('option', { value: r }, roomName(r))));
    box.append(h('span', { class: 'move' }, to, ' ', btn(t('rooms.move'), (e) => act('move', to.value)(e))));
  }
  statusOf(box);
  return box;
}

function replyBox(cid, name, th, data, people, added) {
  const el = h('section', { 'aria-labelledby': 'reply-h', class: 'reply' }, h('h2', { id: 'reply-h' }, t('rooms.reply')));
  const api_ = { el, quoteFrom: () => {} };
  if (!data.may_post) {
    el.append(h('p', { class: 'hint' }, th.locked ? t('rooms.locked_text') : t('rooms.cannot_post')));
    return api_;
  }
  const key = `${cid}.${name}.${th.id}`;
  const kept = draft(key) || {};
  const f = composer({ label: t('rooms.reply_label'), value: kept.body || '', people, rows: 5 });
  let quoteOf = kept.quote_of || null;
  const form = h('form', { class: 'reply-form' }, f, h('p', { class: 'actions' }, submit(t('rooms.send'))));
  const save = () => keepDraft(key, f.control.value.trim() ? { body: f.control.value, quote_of: quoteOf, client_key: kept.client_key } : null);
  f.control.addEventListener('input', save);
  form.dataset.draft = 'own'; // kept by its own drafts
  onSubmit(form, async () => {
    if (!f.control.value.trim()) throw { code: 'required', field: 'body' };
    kept.client_key = kept.client_key || clientKey();
    save();
    const res = await api('POST', `/api/communities/${cid}/rooms/${name}/threads/${th.id}/posts`, { body: f.control.value, client_key: kept.client_key, ...(quoteOf ? { quote_of: quoteOf } : {}) });
    keepDraft(key, null);
    kept.client_key = null;
    quoteOf = null;
    f.control.value = '';
    added(res.post);
    say(form, t('rooms.sent'));
  });
  el.append(form);
  api_.quoteFrom = (p) => {
    quoteOf = p.id;
    // Quoting a pseudonymous thread's author never writes their name, whoever quotes (their moderators see it).
    const op = th.pseudonymous && (!p.author || !th.author || p.author.id === th.author.id);
    const label = t('rooms.wrote', { name: op ? t('rooms.a_mentee') : authorName(p.author, th.pseudonymous) });
    f.control.value = quote(label, p.body) + f.control.value;
    save();
    f.control.focus();
  };
  return api_;
}

// ---- Reports --------------------------------------------------------------------------------------------------------

export async function reports(ctx) {
  const [cid] = ctx.params;
  const [, data] = await Promise.all([strings(), load(ctx, `/api/communities/${cid}/room-reports`, { keep: true })]);
  if (!data || !ctx.alive()) return;
  ctx.heading(t('rooms.reports_title'));
  ctx.root.append(h('p', null, h('a', { href: base(cid) }, t('rooms.all'))));
  if (!data.reports.length) {
    ctx.root.append(h('p', { class: 'empty' }, t('rooms.no_reports')));
    return;
  }
  ctx.root.append(h('ul', { class: 'cards reports' }, data.reports.map((r) => {
    const id = uid('rep');
    const li = h('li', { class: 'card', 'aria-labelledby': id, 'data-report': r.id },
      h('h2', { class: 'h3', id }, h('a', { href: `${base(cid)}/${r.room}/threads/${r.thread.id}#post-${r.post.seq}` }, r.thread.title)),
      h('p', { class: 'hint' }, roomName(r.room), ' · ', when(r.created_at)),
      h('p', null, h('strong', null, t('rooms.reason.' + r.reason))), r.note ? h('blockquote', { class: 'prewrap' }, r.note) : null,
      h('div', { class: 'post-body' }, h('p', { class: 'hint' }, authorName(r.post.author, false)), render(r.post.body)),
      r.post.hidden ? h('p', { class: 'notice' }, t('rooms.hidden_post')) : null);
    if (r.can_act) {
      const actions = h('p', { class: 'actions' }, btn(t('rooms.resolve'), async (e) => {
        const done = await run(null, e.target, () => api('POST', `/api/communities/${cid}/room-reports/${r.id}/resolve`, {}));
        if (done !== undefined) { li.remove(); }
      }));
      li.append(actions);
      statusOf(li, actions);
    } else li.append(h('p', { class: 'hint' }, t('rooms.sealed_cannot_act')));
    return li;
  })));
}
