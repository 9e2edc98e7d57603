// Private messages between project members: the inbox and the sent box, a whole thread with its reply form, and on
// the project home the last messages with each other member and a "write to" form. Text is set as text, never HTML.
import { h, field, onSubmit, submit, say, statusOf, btn, clear, fmtDate, uid, pagedList, qs } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { state, setUnread, setUnreadMessages } from '../session.js';
import { load } from './common.js';

const SUBJECT_MAX = 150;
const BODY_MAX = 10000;

const subjectOf = (m) => m.subject || t('msg.no_subject');
const time = (ms) => h('time', { datetime: new Date(ms).toISOString() }, fmtDate(ms));
const isMine = (m) => state.me && m.sender_id === state.me.user.id;
const newBadge = () => [h('span', { class: 'badge new' }, t('msg.new')), ' '];

function excerpt(s, n = 140) {
  const one = s.replace(/\s+/g, ' ').trim();
  return [...one].length > n ? [...one].slice(0, n - 1).join('') + '…' : one;
}

// ---- Inbox and sent -----------------------------------------------------------------------------------------------

export async function inbox(ctx) {
  const sent = ctx.query.get('box') === 'sent';
  ctx.heading(sent ? t('msg.sent_title') : t('msg.inbox_title'));
  const tab = (href, label, on) => h('li', null, h('a', { href, 'aria-current': on ? 'page' : null }, label));
  const count = h('p', { class: 'notice', hidden: true });
  const list = pagedList(async (cursor) => {
    const res = await api('GET', '/api/me/messages?' + qs({ box: sent ? 'sent' : '', cursor, limit: 20 }), null, { keep: !cursor });
    setUnreadMessages(res.unread);
    count.hidden = sent || !res.unread;
    count.textContent = t('msg.unread_n', { n: res.unread });
    return res;
  }, (m) => row(m, sent), { empty: sent ? t('msg.none_sent') : t('msg.none'), more: t('msg.older') });
  ctx.root.append(
    h('nav', { class: 'tabs', 'aria-label': t('msg.boxes') }, h('ul', null,
      tab('/messages', t('msg.inbox'), !sent), tab('/messages?box=sent', t('msg.sent'), sent))),
    h('p', { class: 'hint' }, t('msg.intro')),
    count, list);
  await list.load();
}

function row(m, sent) {
  const unread = !sent && !m.read_at;
  return h('li', { class: 'card' + (unread ? ' unread' : '') },
    h('p', { class: 'msg-subject' }, unread ? newBadge() : null, h('a', { href: `/messages/${m.id}` }, subjectOf(m))),
    h('p', { class: 'hint' },
      sent ? t('msg.to', { name: m.recipient_name }) : t('msg.from', { name: m.sender_name }), ' · ', time(m.created_at),
      // Whether the other has read what I sent.
      sent ? [' · ', m.read_at ? t('msg.read_yes') : t('msg.read_no')] : null, h('br'),
      t('msg.in', { title: m.project_title })),
    h('p', { class: 'clamp' }, excerpt(m.body)));
}

// ---- A thread -----------------------------------------------------------------------------------------------------

export async function thread(ctx) {
  const [mid] = ctx.params;
  const d = await load(ctx, `/api/messages/${mid}`, { keep: true });
  if (!d || !ctx.alive()) return;
  const items = d.items;
  const first = items[0] || {};
  ctx.heading(subjectOf(first));
  // Opening the thread marked what I received as read: update the header's count.
  setUnread(undefined, true);
  const last = items[items.length - 1] || first;
  const other = isMine(last) ? last.recipient_name : last.sender_name;
  const list = h('ol', { class: 'thread', 'aria-label': t('msg.thread') }, items.map(bubble));
  ctx.root.append(
    h('p', null, t('msg.in_project'), ' ', h('a', { href: `/projects/${d.project_id}` }, d.project_title)),
    h('p', { class: 'links' }, h('a', { href: '/messages' }, t('msg.back_inbox')), h('a', { href: '/messages?box=sent' }, t('msg.back_sent'))),
    list);

  const form = h('form', { class: 'reply', 'aria-labelledby': 'reply-h' },
    h('h2', { id: 'reply-h' }, t('msg.reply_title')),
    field({ name: 'body', label: t('msg.reply_label', { name: other }), type: 'textarea', rows: 5, maxlength: BODY_MAX, required: true }),
    submit(t('msg.reply_send')));
  onSubmit(form, async () => {
    if (!form.body.value.trim()) throw { code: 'required', field: 'body' };
    // The answer keeps the thread's subject, so that the inbox can tell what it answers.
    const subject = first.subject ? [...t('msg.re', { subject: first.subject })].slice(0, SUBJECT_MAX).join('') : '';
    const outbox = await import('../outbox.js');
    const res = await outbox.send('POST', `/api/projects/${d.project_id}/messages`, { reply_to: mid, subject, body: form.body.value, client_key: outbox.newKey() });
    form.body.value = '';
    if (res.queued) { say(form, t('outbox.kept')); return; }
    list.append(bubble(res.message));
    say(form, t('msg.reply_sent', { name: other }));
    setUnread(undefined, true);
  }, 'msg');
  ctx.root.append(form);
}

function bubble(m) {
  const mine = isMine(m);
  return h('li', { class: 'card msg' + (mine ? ' mine' : ''), 'data-id': m.id },
    h('p', { class: 'msg-meta' },
      h('strong', null, mine ? t('msg.you_wrote', { name: m.recipient_name }) : t('msg.wrote', { name: m.sender_name })), ' ',
      time(m.created_at)),
    h('p', { class: 'prewrap' }, m.body));
}

// ---- On the project home ------------------------------------------------------------------------------------------

/**
 * The project home's "Last messages": with each other member, the last message received and sent (links to their
 * threads) and, while the project is active, a form to write to them. Returns {el, refresh(), setWritable(bool),
 * data}; `onLoad(data)` follows every refresh.
 */
export function projectMessages(pid, { writable = false, onLoad = () => {} } = {}) {
  const head = h('h2', { id: 'pm-h', tabindex: '-1' }, t('msg.last'));
  const sec = h('section', { class: 'pm', id: 'messages', 'aria-labelledby': 'pm-h' }, head);
  const body = h('div');
  sec.append(body, h('p', null, h('a', { href: '/messages' }, t('msg.all'))));
  // What was sent is said under the heading, where the focus goes.
  statusOf(sec, head);
  const self = {
    el: sec,
    data: null,
    async refresh() {
      self.data = await api('GET', `/api/projects/${pid}/messages`, null, { keep: true });
      draw();
      onLoad(self.data);
      return self.data;
    },
    setWritable(on) { writable = on; if (self.data) draw(); },
  };

  function draw() {
    clear(body);
    const members = self.data.members || [];
    if (!members.length) { body.append(h('p', { class: 'hint' }, t('msg.nobody'))); return; }
    body.append(h('ul', { class: 'cards' }, members.map(memberCard)));
  }

  function memberCard(m) {
    const hid = uid('pm');
    const got = (m.received || [])[0];
    const sent = (m.sent || [])[0];
    const dl = h('dl', { class: 'facts small' });
    const link = (x, unread) => h('dd', null, unread ? newBadge() : null, h('a', { href: `/messages/${x.id}` }, subjectOf(x)), ' ',
      h('span', { class: 'hint' }, time(x.created_at)));
    if (got) dl.append(h('dt', null, t('msg.last_from', { name: m.display_name })), link(got, !got.read_at));
    if (sent) dl.append(h('dt', null, t('msg.last_to', { name: m.display_name })), link(sent, false));
    const li = h('li', { class: 'card', 'aria-labelledby': hid },
      h('h3', { class: 'h3', id: hid }, m.display_name, ' ', h('span', { class: 'badge' }, t('member.' + m.role))),
      got || sent ? dl : h('p', { class: 'hint' }, t('msg.none_with', { name: m.display_name })));
    if (writable) li.append(writeBox(m));
    return li;
  }

  function writeBox(m) {
    const panel = h('div', { id: uid('write'), hidden: true });
    const open = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false', 'aria-controls': panel.id }, t('msg.write_to', { name: m.display_name }));
    const close = () => { panel.hidden = true; open.setAttribute('aria-expanded', 'false'); clear(panel); };
    open.addEventListener('click', () => {
      if (!panel.hidden) { close(); return; }
      const form = h('form', { class: 'note-form' },
        field({ name: 'subject', label: t('msg.subject'), maxlength: SUBJECT_MAX, hint: t('msg.subject_hint') }),
        field({ name: 'body', label: t('msg.body'), type: 'textarea', rows: 5, maxlength: BODY_MAX, required: true }),
        h('p', { class: 'actions' }, submit(t('msg.send_to', { name: m.display_name })), btn(t('common.cancel'), () => { close(); open.focus(); })));
      onSubmit(form, async () => {
        if (!form.body.value.trim()) throw { code: 'required', field: 'body' };
        const outbox = await import('../outbox.js');
        const res = await outbox.send('POST', `/api/projects/${pid}/messages`, { to: m.id, subject: form.subject.value.trim(), body: form.body.value, client_key: outbox.newKey() });
        if (res.queued) { form.reset(); say(form, t('outbox.kept')); return; }
        await self.refresh();
        say(sec, t('msg.sent_to', { name: m.display_name }));
        setUnread(undefined, true);
        sec.querySelector('h2')?.focus();
      }, 'msg');
      panel.append(form);
      panel.hidden = false;
      open.setAttribute('aria-expanded', 'true');
      form.subject.focus();
    });
    return h('div', { class: 'write' }, h('p', { class: 'actions' }, open), panel);
  }

  return self;
}
