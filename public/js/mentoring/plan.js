// The workspace's "Plan & diary" section (/projects/{id}/plan): the next session and the sessions' figures, what the
// diary of each session covers (the journey's agenda), the journey's action plan when it has one, and the way to the
// session plan and notes kept in the project's documents. (Planning sessions and writing diaries here come with their
// API: this module is where they will be drawn.)
import { h, fmtDate, fmtNumber } from '../dom.js';
import { t } from '../i18n.js';

/** Draw the section into f.body; returns its heading (which takes the focus). */
export async function section(ctx, d, f) {
  const pr = d.process;
  const p = pr.progress || {};
  const j = pr.journey;
  const base = `/projects/${d.project.id}`;
  const member = d.my_member_status === 'active';
  const head = h('h2', { id: 'plan-h' }, t('section.plan'));
  const at = p.next_session_at;
  const facts = h('dl', { class: 'facts figures' },
    h('dt', null, t('workspace.next_session')),
    h('dd', null, at ? h('time', { datetime: new Date(at).toISOString() }, fmtDate(at)) : t('workspace.none_planned')),
    h('dt', null, t('plan.sessions_held')), h('dd', null, fmtNumber(p.sessions_held || 0)),
    h('dt', null, t('plan.diaries_missing')), h('dd', null, fmtNumber(p.diaries_missing || 0)),
    h('dt', null, t('plan.interactions')), h('dd', null, pr.min_interactions
      ? t('plan.interactions_of', { n: fmtNumber(p.interactions || 0), min: fmtNumber(pr.min_interactions) })
      : fmtNumber(p.interactions || 0)));
  const sec = h('section', { 'aria-labelledby': 'plan-h' }, head, facts);
  // Until the sessions are planned here, the plan and the notes of each session live in the folder.
  sec.append(h('p', null, t(member ? 'plan.documents' : 'plan.documents_viewer')));
  if (member) sec.append(h('p', null, h('a', { href: `${base}/files`, class: 'button' }, t('plan.open_documents'))));
  else if (d.my_roles.coordinator) sec.append(h('p', { class: 'hint' }, t('plan.coordinator_hint')));
  f.body.append(sec);

  if (j && j.agenda && j.agenda.length) {
    f.body.append(h('section', { 'aria-labelledby': 'agenda-h' },
      h('h2', { id: 'agenda-h' }, t('plan.agenda')),
      h('p', { class: 'hint' }, t('plan.agenda_hint')),
      h('ol', { class: 'agenda' }, j.agenda.map((a) => h('li', null, a.title)))));
  }
  if (j && j.action_plan && j.action_plan.length) {
    // Phase by phase, in the order the journey gives them.
    const phases = [];
    for (const row of j.action_plan) {
      let ph = phases.find((x) => x.name === row.phase);
      if (!ph) phases.push(ph = { name: row.phase, rows: [] });
      ph.rows.push(row);
    }
    f.body.append(h('section', { 'aria-labelledby': 'action-h' },
      h('h2', { id: 'action-h' }, t('plan.action_plan')),
      phases.map((ph) => [h('h3', { class: 'h3 sub' }, ph.name),
        h('ul', { class: 'plain action-plan' }, ph.rows.map((r) => h('li', null, r.activity, ' ',
          h('span', { class: 'badge' }, t('plan.owner.' + r.owner)))))])));
  }
  return head;
}
