// The workspace's "Goals" section (/projects/{id}/goals): the goals' figures the stage's checklist reads (mentees with
// an agreed goal, goals open, goals waiting for a review), what the checklist asks about them, and the journey's goal
// library to start from. (Writing goals and objectives here comes with their API: this module is where they will be
// drawn.)
import { h, fmtNumber } from '../dom.js';
import { t } from '../i18n.js';

const GOAL_CHECKS = ['goal_per_mentee', 'goals_reviewed', 'goals_closed'];

/** Draw the section into f.body; returns its heading (which takes the focus). */
export async function section(ctx, d, f) {
  const pr = d.process;
  const p = pr.progress || {};
  const j = pr.journey;
  const head = h('h2', { id: 'goals-h' }, t('section.goals'));
  const facts = h('dl', { class: 'facts figures' },
    h('dt', null, t('goals.agreed')), h('dd', null, t('goals.agreed_of', { n: fmtNumber(p.mentees_with_agreed_goal || 0), of: fmtNumber(p.mentees || 0) })),
    h('dt', null, t('goals.open')), h('dd', null, fmtNumber(p.goals_open || 0)),
    h('dt', null, t('goals.unreviewed')), h('dd', null, fmtNumber(p.goals_unreviewed || 0)));
  const sec = h('section', { 'aria-labelledby': 'goals-h' }, head, facts);
  // What this stage's checklist asks of the goals, done or not.
  const checks = pr.checklist.filter((c) => GOAL_CHECKS.includes(c.check));
  if (checks.length) {
    sec.append(h('p', null, t('goals.this_stage')), h('ul', { class: 'checklist' }, checks.map((c) => h('li', null,
      h('span', { class: 'badge' + (c.done ? ' ok' : ' warn') }, t(c.done ? 'workspace.done' : 'workspace.not_done')), ' ', t('check.' + c.check)))));
  }
  sec.append(h('p', { class: 'hint' }, t('goals.how')));
  f.body.append(sec);

  if (j && j.goal_library && j.goal_library.length) {
    f.body.append(h('section', { 'aria-labelledby': 'library-h' },
      h('h2', { id: 'library-h' }, t('goals.library')),
      h('p', { class: 'hint' }, t('goals.library_hint')),
      h('ul', { class: 'cards' }, j.goal_library.map((g, i) => h('li', { class: 'card', 'aria-labelledby': `lib-${i}` },
        h('h3', { class: 'h3', id: `lib-${i}` }, g.title),
        g.objectives.length ? h('ul', null, g.objectives.map((o) => h('li', null, o))) : null)))));
  }
  return head;
}
