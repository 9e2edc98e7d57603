// The admin area (loaded on demand): users, communities, the e-mail outbox, the audit log.
import { h, field, onSubmit, submit, say, statusOf, btn, clear, fmtDate, pagedList, qs } from './dom.js';
import { t, tError, has } from './i18n.js';
import { api } from './api.js';
import { state, refreshMe } from './session.js';
import { settingsForm } from './pages/communities.js';

// (The usage report is a page of its own: /admin/usage; the platform's library is /library.)
const TABS = ['users', 'communities', 'outbox', 'audit', 'usage', 'library'];

export async function page(ctx) {
  const tab = ctx.params[0] || 'users';
  ctx.heading(t('admin.title') + ': ' + t('admin.tab.' + tab));
  ctx.root.append(h('nav', { 'aria-label': t('admin.sections'), class: 'tabs' },
    h('ul', null, TABS.map((k) => h('li', null, h('a', { href: k === 'library' ? '/library' : `/admin/${k}`, 'aria-current': k === tab ? 'page' : null }, t('admin.tab.' + k)))))));
  const body = h('div');
  ctx.root.append(body);
  // Platform administration needs a log-in that gave a second factor (asked afresh: it may have just been given).
  await refreshMe().catch(() => {});
  if (state.me && state.me.two_factor_needed) {
    body.append(h('p', { class: 'notice', role: 'note' }, t('tf.admin_needs')),
      h('p', null, h('a', { href: '/account#two-factor', class: 'button primary' }, t('tf.set_up'))));
    return;
  }
  return { users, communities, outbox, audit }[tab](body, ctx);
}

/** Run a card's button: what goes wrong is said in its card. */
async function act(e, fn) {
  const b = e.target;
  const where = b.closest('li') || b.parentElement;
  b.disabled = true;
  try {
    await fn();
  } catch (err) {
    if (!err.handled) say(where, tError(err), 'error');
  } finally {
    b.disabled = false;
  }
}

/** A redrawn card keeps its status line (at its end). */
const keepStatus = (li) => (li.statusBox ? li.append(li.statusBox) : statusOf(li));

// ---- Users --------------------------------------------------------------------------------------------------------

function users(root) {
  const search = h('form', { role: 'search', class: 'inline-form' },
    field({ name: 'q', label: t('admin.search_users'), type: 'search', maxlength: 100 }), submit(t('common.search')));
  let q = '';
  const list = pagedList((cursor) => api('GET', '/api/admin/users?' + qs({ q, cursor, limit: 20 })), userItem, { empty: t('admin.no_users') });
  onSubmit(search, async () => { q = search.q.value.trim(); await list.reload(); say(search, t('admin.results_shown')); });
  root.append(search, list);
  return list.load();
}

function userItem(u) {
  const li = h('li', { class: 'card' });
  const render = () => {
    clear(li);
    const self = state.me && state.me.user.id === u.id;
    li.append(
      h('p', null, h('a', { href: `/users/${u.id}` }, h('strong', null, u.display_name)), ' ',
        u.platform_admin ? h('span', { class: 'badge' }, t('admin.platform_admin')) : null, ' ',
        u.status === 'suspended' ? h('span', { class: 'badge warn' }, t('admin.suspended')) : null,
        !u.email_verified ? [' ', h('span', { class: 'badge' }, t('admin.unverified'))] : null),
      h('p', { class: 'email hint' }, u.email),
      u.status === 'suspended' && u.suspended_reason ? h('p', { class: 'prewrap' }, t('admin.suspended_reason', { reason: u.suspended_reason })) : null);
    const actions = h('p', { class: 'actions' });
    const label = (b, text) => { b.setAttribute('aria-label', `${text}: ${u.display_name}`); return b; };
    if (u.status === 'suspended') {
      actions.append(label(btn(t('admin.reactivate'), (e) => act(e, async () => {
        u = (await api('POST', `/api/admin/users/${u.id}/reactivate`, {})).user; render(); say(li, t('admin.reactivated', { name: u.display_name }));
      }), 'small'), t('admin.reactivate')));
    } else if (!self) {
      actions.append(label(btn(t('admin.suspend'), () => {
        const form = h('form', { class: 'suspend' },
          field({ name: 'reason', label: t('admin.reason', { name: u.display_name }), type: 'textarea', rows: 2, maxlength: 500, required: true }),
          h('p', { class: 'actions' }, submit(t('admin.suspend_confirm')), btn(t('common.cancel'), () => { form.remove(); actions.hidden = false; })));
        onSubmit(form, async () => {
          u = (await api('POST', `/api/admin/users/${u.id}/suspend`, { reason: form.reason.value })).user;
          render();
          say(li, t('admin.suspended_done', { name: u.display_name }));
        });
        actions.hidden = true;
        li.append(form);
        form.reason.focus();
      }, 'small'), t('admin.suspend')));
    }
    if (!(self && u.platform_admin)) {
      const text = u.platform_admin ? t('admin.revoke_admin') : t('admin.grant_admin');
      actions.append(label(btn(text, (e) => act(e, async () => {
        if (!confirm(t(u.platform_admin ? 'admin.revoke_confirm' : 'admin.grant_confirm', { name: u.display_name }))) return;
        u = (await api('PUT', `/api/admin/users/${u.id}/platform-admin`, { granted: !u.platform_admin })).user;
        render();
        say(li, t('common.saved'));
      }), 'small'), text));
    }
    li.append(actions);
    keepStatus(li);
  };
  render();
  return li;
}

// ---- Communities --------------------------------------------------------------------------------------------------

function communities(root) {
  const details = h('details', { class: 'create' }, h('summary', null, t('admin.new_community')));
  const create = h('div', null, details);
  details.append(settingsForm({}, async (body, form) => {
    const res = await api('POST', '/api/communities', body);
    form.reset();
    details.open = false;
    say(create, t('admin.community_created', { name: res.community.name }));
    await list.reload();
  }, t('admin.create')));
  statusOf(create, details);
  const list = pagedList((cursor) => api('GET', '/api/communities?' + qs({ cursor, limit: 20 })), communityItem, { empty: t('communities.none') });
  root.append(create, list);
  return list.load();
}

function communityItem(c) {
  const li = h('li', { class: 'card' });
  const render = () => {
    clear(li);
    li.append(
      h('h2', { class: 'h3' }, h('a', { href: `/communities/${c.id}` }, c.name), c.archived ? [' ', h('span', { class: 'badge warn' }, t('communities.archived'))] : null),
      h('p', { class: 'hint' }, t('communities.members_count', { n: c.member_count }), ' · ', t('policy.' + c.join_policy)));
    const toggle = c.archived ? t('admin.restore') : t('admin.archive');
    const b = btn(toggle, (e) => act(e, async () => {
      if (!c.archived && !confirm(t('admin.archive_confirm', { name: c.name }))) return;
      c = (await api('POST', `/api/admin/communities/${c.id}/${c.archived ? 'restore' : 'archive'}`, {})).community;
      render();
      say(li, c.archived ? t('admin.archived', { name: c.name }) : t('admin.restored', { name: c.name }));
    }), 'small');
    b.setAttribute('aria-label', `${toggle}: ${c.name}`);
    const edit = h('a', { href: `/communities/${c.id}`, class: 'button small', 'aria-label': `${t('admin.edit')}: ${c.name}` }, t('admin.edit'));
    const roles = h('details', null, h('summary', null, t('admin.roles', { name: c.name })));
    let loaded = false;
    roles.addEventListener('toggle', () => {
      if (!roles.open || loaded) return;
      loaded = true;
      const members = pagedList((cursor) => api('GET', `/api/communities/${c.id}/members?` + qs({ cursor, limit: 50 })), (m) => roleItem(c, m), { cls: 'members', empty: t('communities.no_members') });
      roles.append(members);
      members.load().catch(() => {});
    });
    li.append(h('p', { class: 'actions' }, edit, b), roles);
    keepStatus(li);
  };
  render();
  return li;
}

function roleItem(c, m) {
  const li = h('li');
  const render = () => {
    clear(li);
    const text = m.role === 'admin' ? t('admin.make_member') : t('admin.make_admin');
    const b = btn(text, (e) => act(e, async () => {
      const res = await api('PUT', `/api/admin/communities/${c.id}/members/${m.id}/role`, { role: m.role === 'admin' ? 'member' : 'admin' });
      m.role = res.membership.role;
      render();
      say(li, t('admin.role_set', { name: m.display_name, role: t('role.' + m.role) }));
    }), 'small');
    b.setAttribute('aria-label', `${text}: ${m.display_name}`);
    li.append(h('span', null, m.display_name, ' ', h('span', { class: 'badge' }, t('role.' + m.role))), ' ', b);
    keepStatus(li);
  };
  render();
  return li;
}

// ---- Outbox and audit log -----------------------------------------------------------------------------------------

function outbox(root) {
  const list = pagedList((cursor) => api('GET', '/api/admin/outbox?' + qs({ cursor, limit: 20 })), (m) => h('li', { class: 'card' },
    h('p', null, h('strong', null, m.subject)),
    h('p', { class: 'hint' }, t('admin.mail_to', { to: m.to_email }), ' · ', fmtDate(m.created_at)),
    h('p', null, h('span', { class: 'badge' + (m.status === 'failed' ? ' warn' : '') }, has('mail.' + m.status) ? t('mail.' + m.status) : m.status), ' ',
      t('admin.attempts', { n: m.attempts }), m.sent_at ? ' · ' + t('admin.sent_at', { at: fmtDate(m.sent_at) }) : ''),
    m.last_error ? h('p', { class: 'form-error' }, m.last_error) : null,
    // A delivered (or given up) mail's body leaves the outbox: there is nothing more to show.
    m.body ? h('details', null, h('summary', null, t('admin.show_body')), h('pre', null, m.body)) : h('p', { class: 'hint' }, t('admin.body_gone'))),
  { empty: t('admin.no_mail') });
  root.append(list);
  return list.load();
}

function audit(root) {
  const list = pagedList((cursor) => api('GET', '/api/admin/audit?' + qs({ cursor, limit: 30 })), (a) => h('li', { class: 'card' },
    h('p', null, h('strong', null, has('audit.' + a.action) ? t('audit.' + a.action) : a.action)),
    h('p', { class: 'hint' }, fmtDate(a.at), ' · ', t('admin.by', { name: (a.actor && a.actor.display_name) || t('admin.system') })),
    h('p', null, t('admin.target', { type: has('target.' + a.target_type) ? t('target.' + a.target_type) : a.target_type }), ' ',
      a.target_type === 'user' ? h('a', { href: `/users/${a.target_id}` }, a.target_name || h('code', null, a.target_id))
        : a.target_type === 'community' ? h('a', { href: `/communities/${a.target_id}` }, a.target_name || h('code', null, a.target_id))
          : a.target_name || h('code', null, a.target_id)),
    a.before || a.after ? h('pre', { class: 'json' }, [a.before ? `${t('admin.before')}: ${JSON.stringify(a.before)}` : null, a.after ? `${t('admin.after')}: ${JSON.stringify(a.after)}` : null].filter(Boolean).join('\n')) : null),
  { empty: t('admin.no_audit') });
  root.append(list);
  return list.load();
}

