// The dashboard (on the home page of a logged-in user) and the notifications page.
import { h, append, say, statusOf, btn, fmtDate, pagedList, qs } from '../dom.js';
import { t, tError, has } from '../i18n.js';
import { api } from '../api.js';
import { setUnread, setUnreadMessages } from '../session.js';
import { stateBadge } from './common.js';

const section = (id, title, ...body) => h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...body);
const cards = (items, render) => h('ul', { class: 'cards' }, items.map(render));

/** Fill `root` with the dashboard's sections. */
export async function sections(root, ctx) {
  let d;
  try {
    // Kept on this device: offline, the dashboard last seen is shown (and said to be).
    d = await api('GET', '/api/dashboard', null, { keep: true });
  } catch (e) {
    if (!e.handled && ctx.alive()) root.append(h('p', { class: 'form-error' }, tError(e)));
    return;
  }
  if (!ctx.alive()) return;
  setUnread(d.unread_notifications);
  if (typeof d.unread_messages === 'number') setUnreadMessages(d.unread_messages);
  if (d.unread_notifications) {
    root.append(h('p', { class: 'notice' }, h('a', { href: '/notifications' }, t('dash.unread', { n: d.unread_notifications }))));
  }
  if (d.unread_messages) {
    root.append(h('p', { class: 'notice' }, h('a', { href: '/messages' }, t('dash.unread_messages', { n: d.unread_messages }))));
  }
  // Requests to read a project (break-glass access) waiting for my answer: their module only when there are some.
  const grantsSlot = h('div');
  root.append(grantsSlot);
  api('GET', '/api/grants', null, { quiet: true }).then(async (g) => {
    if (!g.items.length || !ctx.alive()) return;
    const s = await (await import('./access.js')).waitingSection(g.items);
    if (ctx.alive()) grantsSlot.replaceWith(s);
  }).catch(() => {});
  if (d.waiting_for_me.length) {
    root.append(section('dash-wait', t('dash.waiting'), cards(d.waiting_for_me, (p) => h('li', { class: 'card attention' },
      h('h3', { class: 'h3' }, h('a', { href: `/projects/${p.id}` }, p.title)),
      h('p', null, t('dash.from', { name: p.mentee_name || '', community: p.community_name })),
      p.expires_at ? h('p', { class: 'hint' }, t('dash.answer_by', { date: fmtDate(p.expires_at) })) : null))));
  }
  if (d.invitations.length) {
    root.append(section('dash-inv', t('dash.invitations'), cards(d.invitations, (p) => h('li', { class: 'card attention' },
      h('h3', { class: 'h3' }, h('a', { href: `/projects/${p.id}` }, p.title)),
      h('p', { class: 'hint' }, p.community_name)))));
  }
  const projectCard = (p, other) => h('li', { class: 'card' },
    h('h3', { class: 'h3' }, h('a', { href: `/projects/${p.id}` }, p.title)),
    h('p', null, stateBadge(p.state, p.route, p.hold_until), ' ', h('span', { class: 'hint' }, p.community_name)),
    other ? h('p', { class: 'hint' }, other) : null,
    p.chat_unread > 0 ? h('p', null, h('span', { class: 'badge new' }, t('dash.chat_unread', { n: p.chat_unread }))) : null);
  const mentee = section('dash-mentee', t('dash.as_mentee'),
    d.as_mentee.length
      ? cards(d.as_mentee, (p) => projectCard(p, p.mentor_name ? t('dash.mentor_is', { name: p.mentor_name }) : null))
      : h('p', { class: 'hint' }, t('dash.no_requests')));
  const mentor = d.as_mentor.length ? section('dash-mentor', t('dash.as_mentor'),
    cards(d.as_mentor, (p) => projectCard(p, p.mentee_name ? t('dash.mentee_is', { name: p.mentee_name }) : null))) : null;
  // A mentor with no requests of her own: her mentoring first, the mentee's empty list after it.
  if (mentor && !d.as_mentee.length) root.append(mentor, mentee);
  else append(root, [mentee, mentor]);
  if (d.applications.length) {
    root.append(section('dash-roll', t('dash.applications'), cards(d.applications, (a) => h('li', { class: 'card' },
      h('h3', { class: 'h3' }, h('a', { href: `/communities/${a.community_id}/roll` }, t('roll.title_of', { name: a.community_name }))),
      h('p', null, h('span', { class: 'badge' }, t('entry.' + a.status))),
      a.decision_note ? h('p', { class: 'prewrap' }, t('roll.note_from_supervisor'), ' ', a.decision_note) : null))));
  }
  if (d.community_admin.length) {
    root.append(section('dash-admin', t('dash.coordination'), cards(d.community_admin, (c) => {
      const n = c.counts.awaiting_match || 0;
      const counts = Object.entries(c.counts).map(([s, k]) => h('li', null, t('dash.count', { state: t('state.' + s), n: k })));
      return h('li', { class: 'card' },
        h('h3', { class: 'h3' }, h('a', { href: `/communities/${c.community_id}` }, c.community_name)),
        counts.length ? h('ul', { class: 'plain' }, counts) : h('p', { class: 'hint' }, t('dash.no_projects')),
        h('p', { class: 'actions' },
          h('a', { href: `/communities/${c.community_id}/matching`, class: 'button small' + (n ? ' primary' : '') }, t('dash.queue', { n })),
          h('a', { href: `/communities/${c.community_id}/roll`, class: 'button small' }, t('roll.title'))));
    })));
  }
}

// ---- Notifications ------------------------------------------------------------------------------------------------

/** Where a notification leads. */
function target(n) {
  // The workspace's section a notice is about: the contract, the plan and diary, the goals.
  const part = /^contract_/.test(n.kind) ? '/contract' : /^(session|diary|proposal)_/.test(n.kind) ? '/plan' : /^(goal|objective)_/.test(n.kind) ? '/goals' : '';
  if (n.project_id) return `/projects/${n.project_id}${part}`;
  if (n.community_id && n.kind.startsWith('roll_')) return `/communities/${n.community_id}/roll`;
  // A room's notices: a report to the reports to review, the others to the rooms.
  if (n.community_id && n.kind === 'room_reported') return `/communities/${n.community_id}/rooms/reports`;
  if (n.community_id && n.kind.startsWith('room_')) return `/communities/${n.community_id}/rooms`;
  if (n.community_id) return `/communities/${n.community_id}`;
  return null;
}

export async function notifications(ctx) {
  ctx.heading(t('notes.title'));
  const markAll = btn(t('notes.mark_all'), async () => {
    markAll.disabled = true;
    try {
      await api('POST', '/api/notifications/read', {});
      list.list.querySelectorAll('.unread').forEach((li) => {
        li.classList.remove('unread');
        li.querySelector('.new')?.remove();
      });
      setUnread(0);
      say(bar, t('notes.all_read'));
    } catch (e) {
      if (!e.handled) say(bar, tError(e), 'error');
    } finally {
      markAll.disabled = false;
    }
  });
  const list = pagedList(async (cursor) => {
    const res = await api('GET', '/api/notifications?' + qs({ cursor, limit: 20 }), null, { keep: !cursor });
    setUnread(res.unread);
    return res;
  }, (n) => {
    const href = target(n);
    const text = has('notice.' + n.kind) ? t('notice.' + n.kind, { title: n.title, name: n.actor_name || t('admin.system') }) : n.title;
    const open = () => { if (!n.read_at) api('POST', '/api/notifications/read', { ids: [n.id] }).catch(() => {}); };
    return h('li', { class: 'card' + (n.read_at ? '' : ' unread') },
      h('p', null, n.read_at ? null : [h('span', { class: 'badge new' }, t('notes.new')), ' '],
        href ? h('a', { href, onclick: open }, text) : text),
      !n.note ? null : n.kind.startsWith('health_')
        // A health notice's note names its rules: each said as its next step.
        ? h('p', null, n.note.split(',').filter((r) => has('health.step.' + r)).map((r) => t('health.step.' + r)).join(' '))
        : h('blockquote', { class: 'prewrap' }, n.note),
      h('p', { class: 'hint' }, fmtDate(n.created_at)));
  }, { empty: t('notes.none') });
  const bar = h('div', { class: 'actions' }, markAll);
  statusOf(bar);
  ctx.root.append(bar, list);
  await list.load();
  if (!ctx.alive()) return;

  // E-mail, each topic and the digest: a page of their own.
  ctx.root.append(h('p', null, h('a', { href: '/notifications/settings' }, t('notes.settings'))));
}
