// A community's "Needs attention" page (/communities/{id}/attention, for its admins; #12): its active projects
// counted by health and by stage, the queue of those at risk or stalled and not acknowledged (each: its title leading
// to the project, its level and reasons in words, its coordinator, the way to its oversight panel), and those on
// hold until a date. Figures and names only, never a project's text. Strings: public/i18n/health.<lang>.json.
import { h, fmtNumber, uid } from '../dom.js';
import { t } from '../i18n.js';
import { load, forbidden } from './common.js';
import { strings, LEVELS, levelBadge, reasonList, whenText, dayText } from './health.js';

export async function page(ctx) {
  const [cid] = ctx.params;
  const [, home] = await Promise.all([strings(), load(ctx, `/api/communities/${cid}`)]);
  if (!home || !ctx.alive()) return;
  if (!home.can_manage) return forbidden(ctx);
  const data = await load(ctx, `/api/communities/${cid}/attention`, { keep: true });
  if (!data || !ctx.alive()) return;
  const c = home.community;
  ctx.heading(t('attention.title', { name: c.name }));
  ctx.root.append(h('p', null, t('attention.intro')),
    h('p', null, h('a', { href: `/communities/${cid}` }, t('mentoring.back_to', { name: c.name }))),
    summary(data), queue(data), onHold(data));
}

/** The active projects counted: by level (those not assessed or on hold apart), and by stage. */
function summary(data) {
  const levels = [...LEVELS, 'unknown'].map((l) => [l, (data.by_level && data.by_level[l]) || 0]);
  return h('section', { 'aria-labelledby': 'glance-h' }, h('h2', { id: 'glance-h' }, t('attention.summary')),
    h('p', { class: 'lead' }, t('attention.active', { n: data.active || 0 })),
    h('h3', { class: 'h3 sub' }, t('attention.by_level')),
    h('dl', { class: 'facts counts' }, levels.map(([l, n]) => [
      h('dt', null, l === 'unknown' ? t('attention.level_unknown') : levelBadge(l)),
      h('dd', { 'data-level': l }, fmtNumber(n))])),
    h('h3', { class: 'h3 sub' }, t('attention.by_stage')),
    (data.by_stage || []).length
      ? h('dl', { class: 'facts counts' }, data.by_stage.map((s) => [
        h('dt', null, t('attention.stage_n', { n: s.stage + 1 })), h('dd', null, t('attention.projects', { n: s.projects }))]))
      : h('p', { class: 'hint' }, t('attention.no_active')));
}

/** A project of the queue, or on hold: its title (to the project), level, reasons, coordinator, oversight panel. */
function projectCard(p, held) {
  const id = uid('att');
  const co = p.coordinator_id
    ? t('attention.coordinator', { name: p.coordinator_name || '' })
    : t('attention.no_coordinator');
  return h('li', { class: 'card' + (held ? '' : ' attention'), 'aria-labelledby': id, 'data-project': p.project_id },
    h('h3', { class: 'h3', id }, h('a', { href: `/projects/${p.project_id}` }, p.title)),
    held
      ? h('p', { class: 'notice' }, t('attention.held_until', { date: dayText(p.hold_until) }))
      : h('p', null, levelBadge(p.level), p.computed_at ? [' ', h('span', { class: 'hint' }, t('health.checked', { date: whenText(p.computed_at) }))] : null),
    !held && p.reasons && p.reasons.length ? reasonList(p.reasons, { steps: false }) : null,
    h('p', { class: 'hint' }, co, p.stage != null
      ? [' · ', p.stage_title ? t('attention.stage_named', { n: p.stage + 1, title: p.stage_title }) : t('attention.stage_n', { n: p.stage + 1 })]
      : null),
    h('p', null, h('a', { href: `/projects/${p.project_id}/oversight`, 'aria-label': t('attention.oversight_of', { title: p.title }) }, t('attention.oversight'))));
}

function queue(data) {
  const items = data.needs_attention || [];
  const sec = h('section', { 'aria-labelledby': 'queue-h', class: 'attention-queue' },
    h('h2', { id: 'queue-h' }, t('attention.queue', { n: items.length })));
  if (!items.length) sec.append(h('p', { class: 'empty' }, t('attention.empty')));
  else sec.append(h('ul', { class: 'cards' }, items.map((p) => projectCard(p, false))));
  return sec;
}

function onHold(data) {
  const items = data.on_hold || [];
  const sec = h('section', { 'aria-labelledby': 'hold-h', class: 'attention-hold' },
    h('h2', { id: 'hold-h' }, t('attention.on_hold', { n: items.length })));
  if (!items.length) sec.append(h('p', { class: 'hint' }, t('attention.none_held')));
  else sec.append(h('ul', { class: 'cards' }, items.map((p) => projectCard(p, true))));
  return sec;
}
