// A community's Roll of Mentors: its mentors, applying, my mentor settings; for the supervisor the applications,
// the decisions and the hand-over; for community admins creating the roll.
import { h, append, field, onSubmit, submit, announce, say, statusOf, btn, clear, fmtDate } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { state } from '../session.js';
import { load, profileFacts, run, allMembers } from './common.js';

export async function roll(ctx) {
  const [cid] = ctx.params;
  const home = await load(ctx, `/api/communities/${cid}`);
  if (!home) return;
  const data = await load(ctx, `/api/communities/${cid}/roll`);
  if (!data || !ctx.alive()) return;
  const c = home.community;
  ctx.heading(t('roll.title_of', { name: c.name }));
  ctx.root.append(h('p', null, h('a', { href: `/communities/${cid}` }, t('mentoring.back_to', { name: c.name }))));

  if (!data.roll) {
    ctx.root.append(h('p', null, t('roll.none')));
    if (home.can_manage) {
      const create = btn(t('roll.create'), () => run(null, create, async () => {
        await api('POST', `/api/communities/${cid}/roll`, {});
        await ctx.rerender();
        announce(t('roll.created'));
      }), 'primary');
      ctx.root.append(h('p', null, t('roll.create_hint')), create);
    }
    return;
  }
  ctx.root.append(h('p', null, t('roll.supervisor', { name: data.roll.supervisor_name || '' })));

  // Me: apply, where my application stands, my settings as a mentor.
  ctx.root.append(mySection(cid, data, ctx));

  // The mentors.
  const mentors = h('section', { 'aria-labelledby': 'mentors-h' }, h('h2', { id: 'mentors-h' }, t('roll.mentors', { n: data.mentors.length })));
  if (!data.mentors.length) mentors.append(h('p', { class: 'hint' }, t('roll.no_mentors')));
  else {
    mentors.append(h('ul', { class: 'cards' }, data.mentors.map((m) => h('li', { class: 'card' },
      h('h3', { class: 'h3' }, h('a', { href: `/users/${m.user_id}` }, m.display_name)),
      h('p', null, h('span', { class: 'badge' + (m.available ? ' ok' : ' warn') }, m.available ? t('roll.available') : t('roll.unavailable')), ' ',
        h('span', { class: 'hint' }, t('roll.capacity_n', { n: m.capacity }))),
      m.profile && m.profile.presentation ? h('p', { class: 'clamp' }, m.profile.presentation) : null,
      profileFacts(m.profile),
      m.profile && m.profile.mentor_experience ? h('details', null, h('summary', null, t('roll.experience_of', { name: m.display_name })),
        h('p', { class: 'prewrap' }, m.profile.mentor_experience)) : null))));
  }
  ctx.root.append(mentors);

  const accredited = data.mine && data.mine.status === 'accredited';
  if (accredited || home.can_manage) {
    ctx.root.append(h('p', { class: 'actions' }, h('a', { href: `/communities/${cid}/group`, class: 'button' }, t('group.form'))));
  }

  if (data.is_supervisor) {
    ctx.root.append(await applicationsSection(cid, ctx), await handOverSection(cid, ctx));
  }
}

function mySection(cid, data, ctx) {
  const sec = h('section', { 'aria-labelledby': 'mine-h' }, h('h2', { id: 'mine-h' }, t('roll.mine_title')));
  const mine = data.mine;
  if (mine) {
    sec.append(h('p', null, t('roll.my_status'), ' ', h('strong', null, t('entry.' + mine.status))));
    if (mine.decision_note) sec.append(h('p', null, t('roll.note_from_supervisor')), h('blockquote', { class: 'prewrap' }, mine.decision_note));
    if (mine.status === 'applied') sec.append(h('p', { class: 'hint' }, t('roll.applied_hint', { date: fmtDate(mine.applied_at) })));
  }
  // The roll's training path: done before accreditation.
  if (data.training && (!mine || mine.status === 'applied' || mine.status === 'rejected')) {
    const tr = data.training;
    sec.append(h('p', { class: 'notice' }, t('roll.training_needed'), ' ', h('a', { href: `/communities/${cid}/library/${tr.path_id}` }, tr.title),
      mine ? ' ' + t('roll.training_progress', { done: mine.training_done, n: tr.steps }) : ''));
  }
  if (!mine || mine.status === 'rejected') {
    const form = h('form', null,
      field({ name: 'motivation', label: t('roll.motivation'), type: 'textarea', rows: 5, maxlength: 4000, required: true, hint: t('roll.motivation_hint') }),
      submit(mine ? t('roll.apply_again') : t('roll.apply')));
    onSubmit(form, async () => {
      await api('POST', `/api/communities/${cid}/roll/applications`, { motivation: form.motivation.value });
      await ctx.rerender();
      announce(t('roll.applied'));
    }, 'roll');
    sec.append(form);
  }
  if (mine && mine.status === 'accredited') {
    const form = h('form', { 'aria-labelledby': 'set-h' }, h('h3', { id: 'set-h', class: 'h3' }, t('roll.settings')),
      field({ name: 'available', label: t('roll.available_label'), type: 'checkbox', value: mine.available }),
      field({ name: 'capacity', label: t('roll.capacity'), type: 'number', min: '1', max: '20', inputmode: 'numeric', value: String(mine.capacity), hint: t('roll.capacity_hint') }),
      field({ name: 'open_to_other_communities', label: t('field.open_to_other_communities'), type: 'checkbox', value: mine.open_to_other_communities }),
      submit(t('common.save')));
    onSubmit(form, async () => {
      const n = Number(form.capacity.value);
      await api('PUT', `/api/communities/${cid}/roll/me`, {
        available: form.available.checked, capacity: form.capacity.value === '' || !Number.isFinite(n) ? 0 : Math.trunc(n),
        open_to_other_communities: form.open_to_other_communities.checked,
      });
      say(form, t('common.saved'));
    }, 'roll');
    sec.append(form);
  }
  return sec;
}

const DECISIONS = { applied: ['accredit', 'reject'], accredited: ['suspend'], suspended: ['reinstate'], rejected: [] };

async function applicationsSection(cid, ctx) {
  const res = await api('GET', `/api/communities/${cid}/roll/applications`);
  const sec = h('section', { 'aria-labelledby': 'apps-h' });
  const waiting = res.items.filter((e) => e.status === 'applied').length;
  sec.append(h('h2', { id: 'apps-h' }, t('roll.applications', { n: waiting })));
  if (!res.items.length) sec.append(h('p', { class: 'hint' }, t('roll.no_applications')));
  const ul = h('ul', { class: 'cards' });
  for (const e of res.items) ul.append(entryCard(cid, e, ctx, res.training));
  sec.append(ul, trainingForm(cid, res.training));
  return sec;
}

/** The supervisor chooses the training path mentors complete before accreditation (a published path of the library). */
function trainingForm(cid, training) {
  const choice = field({ name: 'path_id', label: t('roll.training_path'), type: 'select', options: [['', t('roll.training_none')]], value: training ? training.path_id : '', hint: t('roll.training_hint') });
  api('GET', `/api/communities/${cid}/library?kind=path`, null, { quiet: true }).then((r) => {
    for (const p of r.items.filter((i) => i.state === 'published')) choice.control.append(h('option', { value: p.id, selected: training && training.path_id === p.id }, p.title));
  }).catch(() => {});
  const form = h('form', { 'aria-labelledby': 'train-h' }, h('h3', { id: 'train-h', class: 'h3' }, t('roll.training_title')), choice, submit(t('common.save')));
  onSubmit(form, async () => {
    await api('PUT', `/api/communities/${cid}/roll/training`, { path_id: choice.control.value });
    say(form, t('common.saved'));
  }, 'roll');
  return form;
}

function entryCard(cid, e, ctx, training) {
  const li = h('li', { class: 'card' });
  const draw = () => {
    clear(li);
    append(li, [
      h('h3', { class: 'h3' }, h('a', { href: `/users/${e.user_id}` }, e.display_name)),
      h('p', null, h('span', { class: 'badge' + (e.status === 'applied' ? ' warn' : '') }, t('entry.' + e.status)), ' ',
        h('span', { class: 'hint' }, t('roll.applied_on', { date: fmtDate(e.applied_at) }))),
      h('p', { class: 'prewrap' }, e.motivation),
      training && e.status === 'applied' ? h('p', null, h('span', { class: 'badge' + (e.training_done >= training.steps ? ' ok' : ' warn') },
        e.training_done >= training.steps ? t('roll.training_done') : t('roll.training_progress', { done: e.training_done, n: training.steps }))) : null,
      e.decision_note ? h('p', { class: 'hint prewrap' }, t('roll.last_note', { note: e.decision_note })) : null]);
    // The card's status line stays across redrawing: a decision is said in its card.
    if (li.statusBox) li.append(li.statusBox); else statusOf(li);
    const decisions = DECISIONS[e.status] || [];
    if (!decisions.length) return;
    const form = h('form', { class: 'decide' },
      field({ name: 'note', label: t('roll.note_for', { name: e.display_name }), type: 'textarea', rows: 2, maxlength: 2000, hint: t('roll.note_hint') }));
    form.noValidate = true;
    form.addEventListener('submit', (ev) => ev.preventDefault());
    const buttons = decisions.map((d) => {
      const b = btn(t('decision.' + d), () => run(form, b, async () => {
        const r = await api('POST', `/api/communities/${cid}/roll/entries/${e.user_id}/decision`, { decision: d, note: form.note.value });
        e = r.entry;
        draw();
        say(li, t(`decision.done_${d}`, { name: e.display_name }));
        li.querySelector('h3 a')?.focus();
      }, 'roll'), d === 'accredit' || d === 'reinstate' ? 'primary small' : 'small');
      b.setAttribute('aria-label', `${t('decision.' + d)}: ${e.display_name}`);
      return b;
    });
    form.append(h('p', { class: 'actions' }, buttons));
    li.append(form);
  };
  draw();
  return li;
}

async function handOverSection(cid, ctx) {
  const sec = h('section', { 'aria-labelledby': 'hand-h' }, h('h2', { id: 'hand-h' }, t('roll.hand_over')));
  const me = state.me && state.me.user.id;
  const admins = (await allMembers(cid)).filter((m) => m.role === 'admin' && m.id !== me);
  if (!admins.length) {
    sec.append(h('p', { class: 'hint' }, t('roll.hand_over_none')));
    return sec;
  }
  const form = h('form', null,
    h('p', { class: 'hint' }, t('roll.hand_over_hint')),
    field({ name: 'user_id', label: t('roll.new_supervisor'), type: 'select', required: true, options: [['', t('common.choose')], ...admins.map((m) => [m.id, m.display_name])] }),
    submit(t('roll.hand_over_submit')));
  onSubmit(form, async () => {
    await api('PUT', `/api/communities/${cid}/roll/supervisor`, { user_id: form.user_id.value });
    const name = form.user_id.selectedOptions[0].textContent;
    await ctx.rerender();
    announce(t('roll.handed_over', { name }));
  }, 'roll');
  sec.append(form);
  return sec;
}
