// The community directory and a community's home (members, join/leave, settings and requests for its admins).
import { h, append, field, onSubmit, submit, announce, say, statusOf, btn, clear, fmtDate, pagedList, qs } from '../dom.js';
import { t, tError, has, addStrings } from '../i18n.js';
import { api } from '../api.js';
import { refreshMe } from '../session.js';

function membershipLabel(m) {
  if (!m) return null;
  if (m.status === 'pending') return t('membership.pending');
  return t(m.role === 'admin' ? 'membership.admin' : 'membership.member');
}

export async function join(id) {
  const res = await api('POST', `/api/communities/${id}/join`, {});
  refreshMe().catch(() => {});
  return res.membership;
}

export function directory(ctx) {
  ctx.heading(t('communities.title'));
  ctx.root.append(h('p', null, t('communities.intro')));
  const list = pagedList((cursor) => api('GET', '/api/communities?' + qs({ cursor, limit: 20 })), (c) => {
    const status = h('p', { class: 'membership' });
    const li = h('li', { class: 'card' },
      h('h2', { class: 'h3' }, h('a', { href: `/communities/${c.id}` }, c.name)),
      c.description ? h('p', { class: 'clamp' }, c.description) : null,
      h('p', { class: 'hint' }, t('communities.members_count', { n: c.member_count }), ' · ', t('policy.' + c.join_policy),
        c.archived ? [' · ', h('span', { class: 'badge warn' }, t('communities.archived'))] : null),
      status);
    const show = (m) => {
      clear(status);
      if (m) status.append(h('span', { class: 'badge' }, membershipLabel(m)));
      else if (!c.archived) {
        status.append(btn(c.join_policy === 'approval' ? t('communities.ask_to_join') : t('communities.join'), async (e) => {
          e.target.disabled = true;
          try {
            const m2 = await join(c.id);
            show(m2);
            say(li, m2 && m2.status === 'pending' ? t('communities.requested', { name: c.name }) : t('communities.joined', { name: c.name }));
            status.querySelector('.badge')?.setAttribute('tabindex', '-1');
          } catch (err) {
            e.target.disabled = false;
            if (!err.handled) say(li, tError(err), 'error');
          }
        }, 'primary small', ));
        status.querySelector('button').setAttribute('aria-label', `${c.join_policy === 'approval' ? t('communities.ask_to_join') : t('communities.join')}: ${c.name}`);
      }
    };
    show(c.membership);
    statusOf(li);
    return li;
  }, { empty: t('communities.none') });
  ctx.root.append(list);
  return list.load();
}

const MODULES = ['rooms', 'library', 'contract', 'goals', 'diary', 'evaluations'];

/** Its admins turn the community's modules off, or on again: what is off leaves every page, and its rules sleep. */
/** What the community keeps of a finished project, and who answers for it: for everyone who sees its page. */
function privacyNote(c) {
  return h('section', { 'aria-labelledby': 'priv-h' }, h('h2', { id: 'priv-h' }, t('privacy.title')),
    h('p', null, t('privacy.retention', { n: c.retention_months })),
    h('p', null, c.controller ? t('privacy.controller', { name: c.controller }) : t('privacy.controller_admins')));
}

/** Its admins set the retention and name the controller. */
function privacySection(id, c, note) {
  const months = field({ name: 'retention_months', label: t('privacy.months'), type: 'number', inputmode: 'numeric', min: '1', max: '120', value: c.retention_months, hint: t('privacy.months_hint') });
  const controller = field({ name: 'controller', label: t('privacy.controller_label'), maxlength: 200, value: c.controller || '', hint: t('privacy.controller_hint'), required: true });
  const form = h('form', { class: 'privacy' }, months, controller, submit(t('privacy.save')));
  onSubmit(form, async () => {
    const res = await api('PUT', `/api/communities/${id}/privacy`, { retention_months: Number(months.control.value), controller: controller.control.value });
    Object.assign(c, res);
    note.replaceWith(note = privacyNote(c));
    say(form, t('common.saved'));
  }, 'privacy');
  return h('section', { 'aria-labelledby': 'privset-h' }, h('h2', { id: 'privset-h' }, t('privacy.settings_title')), form);
}

function modulesSection(id, modules) {
  const boxes = MODULES.map((m) => field({ name: 'module_' + m, label: t('modules.' + m), type: 'checkbox', value: modules[m] !== false, hint: t('modules.' + m + '_hint') }));
  const form = h('form', { class: 'modules' }, h('fieldset', null, h('legend', null, t('modules.legend')), boxes), submit(t('modules.save')));
  onSubmit(form, async () => {
    const body = Object.fromEntries(MODULES.map((m, i) => [m, boxes[i].control.checked]));
    await api('PUT', `/api/communities/${id}/modules`, body);
    say(form, t('common.saved'));
  });
  return h('section', { 'aria-labelledby': 'mod-h' }, h('h2', { id: 'mod-h' }, t('modules.title')), h('p', { class: 'hint' }, t('modules.hint')), form);
}

export function settingsForm(c, onSave, submitLabel) {
  c = c || {};
  const form = h('form', { class: 'settings' },
    field({ name: 'name', label: t('field.community_name'), required: true, maxlength: 100, value: c.name }),
    field({ name: 'description', label: t('field.description'), type: 'textarea', rows: 5, maxlength: 4000, value: c.description }),
    field({ name: 'join_policy', label: t('field.join_policy'), type: 'select', value: c.join_policy || 'open', options: [['open', t('policy.open')], ['approval', t('policy.approval')]] }),
    field({ name: 'models', label: t('field.models'), type: 'select', value: c.models || 'ab', options: ['a', 'b', 'ab'].map((m) => [m, t('models.' + m)]), hint: t('hint.models') }),
    field({ name: 'allow_external_mentors', label: t('field.allow_external_mentors'), type: 'checkbox', value: c.allow_external_mentors }),
    field({ name: 'request_timeout_days', label: t('field.request_timeout_days'), type: 'number', min: '1', max: '90', inputmode: 'numeric', value: String(c.request_timeout_days || 14) }),
    submit(submitLabel || t('common.save')));
  onSubmit(form, async () => {
    const days = Number(form.request_timeout_days.value);
    await onSave({
      name: form.elements.name.value, description: form.description.value, join_policy: form.join_policy.value,
      models: form.models.value, allow_external_mentors: form.allow_external_mentors.checked,
      request_timeout_days: Number.isFinite(days) && form.request_timeout_days.value !== '' ? Math.trunc(days) : 0,
    }, form);
  });
  return form;
}

export async function home(ctx) {
  const [id] = ctx.params;
  let data;
  try {
    data = await api('GET', `/api/communities/${id}`);
  } catch (e) {
    if (e.status === 404) { ctx.heading(t('notfound.title')); ctx.root.append(h('p', null, t('notfound.text'))); return; }
    throw e;
  }
  // Its admins' "Needs attention" and "Evaluations" links are named in the health and evaluations strings
  // (public/i18n/health.<lang>.json, evaluations.<lang>.json).
  if (data.can_manage) {
    await Promise.all([has('attention.link') ? null : addStrings('health'), has('evaluations.link') ? null : addStrings('evaluations')]
      .map((p) => p && p.catch(() => {})));
  }
  if (!ctx.alive()) return;
  const c = data.community;
  ctx.heading(c.name);
  const m = data.membership;
  const active = m && m.status === 'active';
  const facts = h('dl', { class: 'facts' },
    h('dt', null, t('field.join_policy')), h('dd', null, t('policy.' + c.join_policy)),
    h('dt', null, t('field.models')), h('dd', null, t('models.' + c.models)),
    h('dt', null, t('field.allow_external_mentors')), h('dd', null, c.allow_external_mentors ? t('common.yes') : t('common.no')),
    h('dt', null, t('communities.members')), h('dd', null, String(c.member_count)));
  const me = h('div', { class: 'membership-box' });
  const showMe = (mm) => {
    clear(me);
    if (c.archived) me.append(h('p', { class: 'badge warn' }, t('communities.archived_text')));
    if (mm) {
      me.append(h('p', null, h('strong', null, membershipLabel(mm))));
      me.append(btn(mm.status === 'pending' ? t('communities.withdraw') : t('communities.leave'), async (e) => {
        if (mm.status === 'active' && !confirm(t('communities.leave_confirm', { name: c.name }))) return;
        e.target.disabled = true;
        try {
          await api('POST', `/api/communities/${id}/leave`, {});
          refreshMe().catch(() => {});
          showMe(null);
          say(me, t('communities.left', { name: c.name }));
        } catch (err) {
          e.target.disabled = false;
          if (!err.handled) say(me, tError(err), 'error');
        }
      }));
    } else if (!c.archived) {
      me.append(btn(c.join_policy === 'approval' ? t('communities.ask_to_join') : t('communities.join'), async (e) => {
        e.target.disabled = true;
        try {
          const m2 = await join(id);
          const msg = m2.status === 'pending' ? t('communities.requested', { name: c.name }) : t('communities.joined', { name: c.name });
          // Joined: the page has more to show (the members, mentoring), and opens again; asked: said here.
          if (m2.status === 'active') { await ctx.rerender(); announce(msg); } else { showMe(m2); say(me, msg); }
        } catch (err) {
          e.target.disabled = false;
          if (!err.handled) say(me, tError(err), 'error');
        }
      }, 'primary'));
    }
    // The box's status line stays, under whatever it shows now.
    if (me.statusBox) me.append(me.statusBox); else statusOf(me);
  };
  showMe(m);
  append(ctx.root, [c.description ? h('p', { class: 'lead prewrap' }, c.description) : null, facts, me]);

  // The discussion rooms, with how many threads have new posts (filled in when known; the page does not wait).
  const roomsLink = h('a', { href: `/communities/${id}/rooms` }, t('rooms.link'));
  const on = (m) => !(data.modules && data.modules[m] === false);
  if (active && on('rooms')) {
    api('GET', `/api/communities/${id}/rooms`, null, { quiet: true }).then((r) => {
      const n = r.rooms.reduce((sum, x) => sum + (x.unread || 0), 0);
      if (n) roomsLink.textContent = t('rooms.link_new', { n });
    }).catch(() => {});
  }
  if (active || data.can_manage) {
    ctx.root.append(h('section', { 'aria-labelledby': 'ment-h' }, h('h2', { id: 'ment-h' }, t('mentoring.title')),
      h('ul', { class: 'links' },
        active && !c.archived ? h('li', null, h('a', { href: `/communities/${id}/request`, class: 'button primary' }, t('mentoring.ask_mentor'))) : null,
        h('li', null, h('a', { href: `/communities/${id}/roll` }, t('roll.title'))),
        active && on('rooms') ? h('li', null, roomsLink) : null,
        active && on('library') ? h('li', null, h('a', { href: `/communities/${id}/library` }, t('library.link'))) : null,
        data.can_manage ? h('li', null, h('a', { href: `/communities/${id}/matching` }, t('mentoring.queue'))) : null,
        data.can_manage ? h('li', null, h('a', { href: `/communities/${id}/group` }, t('group.form'))) : null,
        data.can_manage ? h('li', null, h('a', { href: `/communities/${id}/journeys` }, t('mentoring.journeys'))) : null,
        data.can_manage && has('attention.link') ? h('li', null, h('a', { href: `/communities/${id}/attention` }, t('attention.link'))) : null,
        data.can_manage && on('evaluations') && has('evaluations.link') ? h('li', null, h('a', { href: `/communities/${id}/evaluations` }, t('evaluations.link'))) : null,
        data.can_manage ? h('li', null, h('a', { href: `/communities/${id}/usage` }, t('usage.link'))) : null)));
  }

  if (data.members) {
    const rows = data.members;
    const memberItem = (u) => h('li', null, h('a', { href: `/users/${u.id}` }, u.display_name), u.role === 'admin' ? [' ', h('span', { class: 'badge' }, t('role.admin'))] : null);
    const sec = h('section', { 'aria-labelledby': 'mem-h' }, h('h2', { id: 'mem-h' }, t('communities.members')));
    const list = pagedList(async (cursor) => {
      if (!cursor) return { items: rows, next_cursor: data.members_next_cursor || null };
      return api('GET', `/api/communities/${id}/members?` + qs({ cursor, limit: 50 }));
    }, memberItem, { cls: 'members', empty: t('communities.no_members') });
    sec.append(list);
    ctx.root.append(sec);
    list.load();
  } else if (!active) {
    ctx.root.append(h('p', { class: 'hint' }, t('communities.members_hidden')));
  }

  const note = privacyNote(c);
  ctx.root.append(note);

  if (data.can_manage) {
    const reqSec = h('section', { 'aria-labelledby': 'req-h' }, h('h2', { id: 'req-h' }, t('communities.requests_title', { n: data.pending_requests || 0 })));
    const reqList = h('ul', { class: 'cards' });
    reqSec.append(reqList);
    statusOf(reqSec);
    const loadRequests = async () => {
      const res = await api('GET', `/api/communities/${id}/requests`);
      clear(reqList);
      if (!res.items.length) reqList.append(h('li', { class: 'hint' }, t('communities.no_requests')));
      for (const r of res.items) {
        const li = h('li', { class: 'card' }, h('p', null, h('a', { href: `/users/${r.id}` }, r.display_name), ' ', h('span', { class: 'hint' }, fmtDate(r.requested_at))));
        const decide = (what) => async (e) => {
          e.target.disabled = true;
          try {
            await api('POST', `/api/communities/${id}/requests/${r.id}/${what}`, {});
            li.remove();
            say(reqSec, t(what === 'approve' ? 'communities.approved' : 'communities.rejected', { name: r.display_name }));
            if (!reqList.children.length) reqList.append(h('li', { class: 'hint' }, t('communities.no_requests')));
          } catch (err) {
            e.target.disabled = false;
            if (!err.handled) say(li, tError(err), 'error');
          }
        };
        const approve = btn(t('communities.approve'), decide('approve'), 'primary small');
        approve.setAttribute('aria-label', `${t('communities.approve')}: ${r.display_name}`);
        const reject = btn(t('communities.reject'), decide('reject'), 'small');
        reject.setAttribute('aria-label', `${t('communities.reject')}: ${r.display_name}`);
        li.append(h('p', { class: 'actions' }, approve, reject));
        reqList.append(li);
      }
    };
    const setSec = h('section', { 'aria-labelledby': 'set-h' }, h('h2', { id: 'set-h' }, t('communities.settings_title')));
    setSec.append(settingsForm(c, async (body, form) => {
      const res = await api('PUT', `/api/communities/${id}`, body);
      Object.assign(c, res.community);
      say(form, t('common.saved'));
    }));
    ctx.root.append(reqSec, setSec, modulesSection(id, data.modules || {}), privacySection(id, c, note));
    await loadRequests();
  }
}
