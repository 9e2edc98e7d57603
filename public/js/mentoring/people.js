// The workspace's "People & history" section (/projects/{id}/people): the members and the coordinator (whom a
// community admin may change), the journey the project follows (which its coordinator may change), the request it
// started from, and its state, the moves that may be made (complete, cancel, reopen) and its history.
import { h, append, field, onSubmit, submit, say, announce, clear, uid } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { allMembers } from './common.js';
import { stateLine, requestText, actionButtons, membersSection, attachmentsSection, historyList } from './parts.js';
import { sectionBar } from './sections.js';

/** Draw the section into f.body; returns the heading that takes the focus. */
export async function section(ctx, d, f) {
  const body = h('div');
  f.body.append(body);
  // After a change the section is drawn again from the answer, and what happened is said next to where it was done.
  const redraw = (res, where, msg) => {
    // What this person may see can change with it (a coordinator handing the project over): the bar follows.
    const bar = sectionBar(res, 'people', res.chat_unread || 0);
    f.bar.replaceWith(bar);
    f.bar = bar;
    draw(res);
    const sec = body.querySelector(`[data-part="${where}"]`);
    const hd = sec && sec.querySelector('h2');
    if (hd) { hd.setAttribute('tabindex', '-1'); hd.focus(); }
    if (sec) say(sec, msg, 'ok', hd);
    else announce(msg);
  };
  const draw = (v) => {
    clear(body);
    const people = membersSection(v);
    people.dataset.part = 'people';
    people.querySelector('ul.cards').append(coordinatorCard(v, redraw));
    const att = v.attachments && v.attachments.length ? attachmentsSection(v, (res, msg) => redraw(res, 'attachments', msg)) : null;
    if (att) att.dataset.part = 'attachments';
    append(body, [people, journeySection(v, redraw), requestSection(v), att, stateSection(v, redraw)]);
  };
  draw(d);
  return body.querySelector('h2');
}

/** The coordinator's card: who follows the project for the community; a community admin may hand it to another. */
function coordinatorCard(d, redraw) {
  const c = d.process.coordinator;
  const li = h('li', { class: 'card' },
    h('h3', { class: 'h3' }, c && c.id ? h('a', { href: `/users/${c.id}` }, c.display_name) : t('workspace.no_coordinator')),
    h('p', null, h('span', { class: 'badge' }, t('member.coordinator'))),
    h('p', { class: 'hint' }, t('people.coordinator_hint')));
  if (d.my_roles.community_admin) {
    li.append(disclosure(t('people.change_coordinator'), async (close) => {
      const admins = (await allMembers(d.project.community.id)).filter((m) => m.role === 'admin' && (!c || m.id !== c.id));
      if (!admins.length) return h('p', { class: 'hint' }, t('people.no_other_admin'));
      const form = h('form', { class: 'note-form' },
        field({ name: 'user_id', label: t('people.new_coordinator'), type: 'select', required: true,
          options: [['', t('common.choose')], ...admins.map((a) => [a.id, a.display_name])] }),
        field({ name: 'note', label: t('people.coordinator_note'), type: 'textarea', rows: 2, maxlength: 1000, hint: t('note.optional') }),
        h('p', { class: 'actions' }, submit(t('people.make_coordinator')), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
      onSubmit(form, async () => {
        if (!form.user_id.value) throw { code: 'required', field: 'user_id' };
        const name = admins.find((a) => a.id === form.user_id.value).display_name;
        const res = await api('PUT', `/api/projects/${d.project.id}/coordinator`, { user_id: form.user_id.value, note: form.note.value });
        redraw(res, 'people', t('people.coordinator_changed', { name }));
      }, 'coordinator');
      return form;
    }));
  }
  return li;
}

/** The journey: its title and description, its stages (the current one said in words), its length and minimum of
 * interactions; its coordinator may move the project to another published version. */
function journeySection(d, redraw) {
  const pr = d.process;
  const j = pr.journey;
  const id = uid('journey');
  const sec = h('section', { 'aria-labelledby': id, 'data-part': 'journey' }, h('h2', { id }, t('people.journey')));
  if (!j) {
    sec.append(h('p', null, t('workspace.stage_n', { n: pr.stage + 1, of: pr.stages || 0 })));
    return sec;
  }
  sec.append(h('p', null, h('strong', null, j.title)));
  if (j.description) sec.append(h('p', { class: 'hint' }, j.description));
  sec.append(h('ol', { class: 'stages' }, j.stages.map((s, i) => h('li', { class: i === pr.stage ? 'current' : null, 'aria-current': i === pr.stage ? 'step' : null },
    h('strong', null, s.title), i === pr.stage ? [' ', h('span', { class: 'badge ok' }, t('people.current_stage'))] : null,
    h('br'), h('span', { class: 'hint' }, t('people.stage_days', { n: s.days }))))));
  sec.append(h('p', { class: 'hint' }, t('people.journey_facts', { months: j.duration_months, n: j.min_interactions })));
  if (d.my_roles.coordinator && d.project.state === 'active') {
    sec.append(disclosure(t('people.change_journey'), async (close) => {
      const list = await api('GET', `/api/communities/${d.project.community.id}/journeys`);
      const options = [
        ...list.items.filter((x) => x.state === 'published').map((x) => [x.id, t('people.journey_version', { title: x.title, n: x.version })]),
        ...list.built_in.map((b) => [b.id, t('people.journey_builtin', { title: b.template.title })]),
      ].filter(([v]) => v !== j.ref);
      const form = h('form', { class: 'note-form' },
        h('p', { class: 'hint' }, t('people.journey_hint')),
        field({ name: 'journey_id', label: t('people.new_journey'), type: 'select', required: true, options: [['', t('common.choose')], ...options] }),
        field({ name: 'note', label: t('people.journey_note'), type: 'textarea', rows: 2, maxlength: 1000, hint: t('note.optional') }),
        h('p', { class: 'actions' }, submit(t('people.move_journey')), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
      onSubmit(form, async () => {
        if (!form.journey_id.value) throw { code: 'required', field: 'journey_id' };
        const res = await api('PUT', `/api/projects/${d.project.id}/journey`, { journey_id: form.journey_id.value, note: form.note.value });
        redraw(res, 'journey', t('people.journey_changed', { title: res.process.journey ? res.process.journey.title : '' }));
      }, 'journey');
      return form;
    }));
  }
  return sec;
}

/** What the mentee asked for, when the project started. */
function requestSection(d) {
  const text = requestText(d).filter(Boolean);
  if (!text.length) return null;
  return h('section', { 'aria-labelledby': 'req-h' }, h('h2', { id: 'req-h' }, t('people.request')), text);
}

/** The project's state, the moves that may be made to it (complete, cancel, reopen), and its history. */
function stateSection(d, redraw) {
  const sec = h('section', { 'aria-labelledby': 'state-h', 'data-part': 'state' }, h('h2', { id: 'state-h' }, t('project.state_history')));
  append(sec, stateLine(d));
  if (d.actions.length) sec.append(...actionButtons(d, (res, msg) => redraw(res, 'state', msg)));
  sec.append(historyList(d), h('p', null, h('a', { href: `/projects/${d.project.id}/access` }, t('grants.link'))));
  return sec;
}

/** A button that opens a panel below it (built when opened, by `build(close)`), and closes it when pressed again. */
function disclosure(label, build) {
  const panel = h('div', { id: uid('panel'), hidden: true });
  const button = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false', 'aria-controls': panel.id }, label);
  const close = () => { panel.hidden = true; clear(panel); button.setAttribute('aria-expanded', 'false'); button.focus(); };
  button.addEventListener('click', async () => {
    if (!panel.hidden) { close(); return; }
    button.disabled = true;
    try {
      const el = await build(close);
      clear(panel).append(el);
      panel.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      panel.querySelector('select, input, textarea, button')?.focus();
    } catch (e) {
      if (!e.handled) say(button.parentElement, t('error.load'), 'error', button);
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'disclosure' }, h('p', { class: 'actions' }, button), panel);
}
