// A project's oversight panel (/projects/{id}/oversight; #12): the project in figures and dates only, as its
// coordinator and the community admins see it, and the same for its members: the stage and its days, the health,
// the contract's versions with their signature dates, the goals by state and progress, the sessions (date, mode,
// state), the diaries, the interactions against the minimum, the last activity of each tool, the evaluations asked and
// received, the final report's state and when it was shared. Never anything written
// in the project. Times in the reader's zone (their profile's, else this device's). Strings: health.<lang>.json and
// process.<lang>.json.
import { h, fmtNumber, uid } from '../dom.js';
import { t, has, addStrings } from '../i18n.js';
import { navigate } from '../router.js';
import { state } from '../session.js';
import { validZone } from './when.js';
import { load, stateLabel } from './common.js';
import { frame, isWorkspace } from './sections.js';
import { strings, levelBadge, levelOf, reasonList, whenText, dayText, zone } from './health.js';

const processStrings = () => (has('contract.state.draft') ? null : addStrings('process'));

const badge = (cls, text) => h('span', { class: 'badge' + (cls ? ' ' + cls : '') }, text);
const time = (ms) => h('time', { datetime: new Date(ms).toISOString() }, whenText(ms));
/** A word from a catalogue, or the code itself when there is none. */
const word = (key, code) => (has(key + code) ? t(key + code) : code);

export async function page(ctx) {
  const [pid] = ctx.params;
  const [, , d] = await Promise.all([strings(), processStrings(), load(ctx, `/api/projects/${pid}`, { keep: true })]);
  if (!d || !ctx.alive()) return;
  if (!isWorkspace(d)) {
    await navigate(`/projects/${pid}`, { replace: true });
    return;
  }
  const o = await load(ctx, `/api/projects/${pid}/oversight`, { keep: true });
  if (!o || !ctx.alive()) return;
  frame(ctx, d, 'oversight');
  const z = zone().replace(/_/g, ' ');
  const own = validZone(state.me && state.me.profile && state.me.profile.timezone);
  ctx.root.append(h('section', { class: 'oversight', 'aria-labelledby': 'oversight-h' },
    h('h2', { id: 'oversight-h', tabindex: '-1' }, t('oversight.title')),
    h('p', { class: 'hint' }, t('oversight.intro')),
    h('p', { class: 'hint' }, t(own ? 'plan.zone_mine' : 'plan.zone_device', { zone: z })),
    h('dl', { class: 'facts small' },
      h('dt', null, t('oversight.state')), h('dd', null, stateLabel(o.project.state)),
      h('dt', null, t('oversight.coordinator')),
      h('dd', null, o.coordinator && o.coordinator.id ? h('a', { href: `/users/${o.coordinator.id}` }, o.coordinator.name) : t('workspace.no_coordinator'))),
    part('stage', stagePart(o.stage)),
    part('health', healthPart(o.health)),
    part('contract', contractPart(o.contract)),
    part('goals', goalsPart(o.goals)),
    part('sessions', sessionsPart(o.sessions)),
    part('diaries', diariesPart(o.diaries)),
    part('interactions', interactionsPart(o.interactions)),
    part('activity', activityPart(o.activity)),
    part('evaluations', evaluationsPart(o.evaluations)),
    part('report', reportPart(o.report)),
    h('p', null, h('a', { href: `/projects/${pid}` }, t('oversight.back')))));
}

/** A part of the panel: its heading, then its figures. */
function part(key, content) {
  const id = uid('ov');
  return h('section', { class: 'oversight-part', 'aria-labelledby': id, 'data-part': key },
    h('h3', { class: 'h3 sub', id }, t('oversight.' + key)), content);
}

function stagePart(s) {
  if (!s) return h('p', { class: 'hint' }, t('oversight.none'));
  const over = s.expected_days && s.days > s.expected_days;
  return [
    h('p', null, s.title ? t('oversight.stage_line', { n: s.index + 1, of: s.of, title: s.title }) : t('oversight.stage_n', { n: s.index + 1, of: s.of })),
    h('p', null, s.expected_days
      ? t('oversight.stage_days', { n: s.days, expected: fmtNumber(s.expected_days) })
      : t('oversight.stage_days_only', { n: s.days }),
    over ? [' ', badge('warn', t('oversight.stage_over'))] : null),
    s.since ? h('p', { class: 'hint' }, t('oversight.since', { date: whenText(s.since) })) : null];
}

function healthPart(v) {
  if (!v || v.level == null) return [h('p', null, levelBadge(null)), h('p', { class: 'hint' }, t('health.not_assessed'))];
  // The level of the reasons this reader may see (a member does not see another's private concern, nor its level).
  return [
    h('p', null, levelBadge(levelOf(v.level, v.reasons)), v.computed_at ? [' ', h('span', { class: 'hint' }, t('health.checked', { date: whenText(v.computed_at) }))] : null),
    v.hold_until ? h('p', { class: 'notice' }, t('health.on_hold', { date: dayText(v.hold_until) })) : null,
    v.reasons && v.reasons.length ? reasonList(v.reasons, { steps: false }) : h('p', { class: 'hint' }, t('oversight.no_reasons'))];
}

const contractBadge = (s) => badge(s === 'in_force' ? 'ok' : s === 'returned' || s === 'withdrawn' ? 'warn' : '', word('contract.state.', s));

function contractPart(c) {
  if (!c || (!c.state && !(c.versions || []).length)) return h('p', { class: 'hint' }, t('oversight.contract_none'));
  const versions = c.versions || [];
  return [
    c.state && !versions.length ? h('p', null, t('oversight.contract_now', { n: c.version }), ' ', contractBadge(c.state)) : null,
    versions.length ? h('ol', { class: 'plain oversight-list' }, versions.map((v) => h('li', null,
      h('p', null, h('strong', null, t('oversight.version', { n: v.version })), ' ', contractBadge(v.state)),
      v.in_force_at ? h('p', { class: 'hint' }, t('oversight.in_force_at', { date: whenText(v.in_force_at) })) : null,
      (v.signed_at || []).length
        ? [h('p', { class: 'hint' }, t('oversight.signatures', { n: v.signed_at.length })),
          h('ul', { class: 'dates' }, v.signed_at.map((ms) => h('li', null, time(ms))))]
        : h('p', { class: 'hint' }, t('oversight.no_signature'))))) : null];
}

function progressBar(n) {
  const id = uid('prog');
  return h('span', { class: 'goal-progress' }, h('label', { for: id }, t('goals.progress_n', { n })), h('progress', { id, max: '100', value: String(n) }));
}

function goalsPart(g) {
  if (!g || !g.count) return h('p', { class: 'hint' }, t('oversight.goals_none'));
  const items = g.items || [];
  const byState = new Map();
  for (const x of items) byState.set(x.state, (byState.get(x.state) || 0) + 1);
  return [
    h('p', null, t('oversight.goals_count', { n: g.count, agreed: fmtNumber(g.agreed || 0) })),
    byState.size ? h('dl', { class: 'facts counts' }, [...byState].map(([s, n]) => [h('dt', null, word('goals.state.', s)), h('dd', null, fmtNumber(n))])) : null,
    items.length ? h('ol', { class: 'plain goal-meta' }, items.map((x, i) => h('li', null,
      h('strong', null, t('oversight.goal_n', { n: i + 1 })), ' ', badge(x.state === 'agreed' || x.state === 'achieved' ? 'ok' : '', word('goals.state.', x.state)), ' ',
      x.progress == null ? h('span', { class: 'hint' }, t('goals.no_progress')) : progressBar(x.progress)))) : null];
}

const sessionBadge = (s) => badge(s === 'held' ? 'ok' : s === 'missed' || s === 'cancelled' ? 'warn' : '', word('plan.state.', s));

function sessionsPart(s) {
  const items = (s && s.items) || [];
  return [
    h('dl', { class: 'facts figures' },
      h('dt', null, t('oversight.sessions_held')), h('dd', null, fmtNumber((s && s.held) || 0)),
      h('dt', null, t('oversight.next_session')), h('dd', null, s && s.next_at ? time(s.next_at) : t('oversight.none_planned'))),
    items.length
      ? h('ol', { class: 'plain oversight-list sessions-list' }, items.map((x) => h('li', null,
        time(x.start_at), ' · ', word('contract.channel.', x.mode), ' ', sessionBadge(x.state))))
      : h('p', { class: 'hint' }, t('oversight.sessions_none'))];
}

const diaryBadge = (s) => badge(s === 'closed' || s === 'commented' ? 'ok' : s === 'draft' ? 'warn' : '', word('diary.state.', s));

function diariesPart(dy) {
  const items = (dy && dy.items) || [];
  const missing = (dy && dy.missing) || 0;
  return [
    h('p', null, t('oversight.diaries_missing', { n: missing }), missing ? [' ', badge('warn', t('oversight.to_write'))] : null),
    items.length
      ? h('ol', { class: 'plain oversight-list' }, items.map((x, i) => h('li', null,
        h('strong', null, t('oversight.diary_n', { n: i + 1 })), ' ', diaryBadge(x.state),
        x.submitted_at ? [' ', h('span', { class: 'hint' }, t('oversight.submitted', { date: whenText(x.submitted_at) }))] : null)))
      : h('p', { class: 'hint' }, t('oversight.diaries_none'))];
}

function interactionsPart(x) {
  const n = (x && x.count) || 0;
  const min = x && x.min;
  return [
    h('p', null, min ? t('oversight.interactions_of', { n: fmtNumber(n), min: fmtNumber(min) }) : t('oversight.interactions_n', { n }),
      min && n < min ? [' ', badge('warn', t('oversight.below_min'))] : min ? [' ', badge('ok', t('oversight.min_reached'))] : null),
    h('p', { class: 'hint' }, x && x.last_at ? t('oversight.last_interaction', { date: whenText(x.last_at) }) : t('oversight.no_interaction'))];
}

/** A tool's last activity in words: when, this week, in all. */
const toolLine = (last, parts) => [last ? t('oversight.last_at', { date: whenText(last) }) : t('oversight.never'), ...parts].join(' · ');

function activityPart(a) {
  if (!a) return h('p', { class: 'hint' }, t('oversight.activity_none'));
  const tool = (x) => toolLine(x && x.last_at, [t('oversight.this_week', { n: (x && x.week) || 0 }), t('oversight.in_all', { n: (x && x.total) || 0 })]);
  const docs = a.documents || {};
  return [
    h('dl', { class: 'facts small' },
      h('dt', null, t('oversight.tool.chat')), h('dd', null, tool(a.chat)),
      h('dt', null, t('oversight.tool.messages')), h('dd', null, tool(a.messages)),
      h('dt', null, t('oversight.tool.documents')), h('dd', null, toolLine(docs.last_at, [t('oversight.files', { n: docs.files || 0 })]))),
    a.at ? h('p', { class: 'hint' }, t('oversight.counted', { date: whenText(a.at) })) : null];
}

/** Evaluations asked and received, per audience. */
function evaluationsPart(list) {
  if (!list || !list.length) return h('p', { class: 'hint' }, t('oversight.evaluations_none'));
  return h('ul', { class: 'plain' }, list.map((c) => h('li', null,
    h('strong', null, word('oversight.audience.', c.audience)), ' ',
    t('oversight.evaluations_line', { received: c.submitted || 0, asked: (c.submitted || 0) + (c.requested || 0) + (c.expired || 0) }),
    c.expired ? [' ', badge('warn', t('oversight.evaluations_expired', { n: c.expired }))] : null)));
}

/** The final report's state, and whether (and which sections) the mentee shared with the coordinator. */
function reportPart(r) {
  const state = r && r.state;
  return [
    h('p', null, state ? badge(state === 'final' ? 'ok' : '', word('oversight.report_state.', state)) : t('oversight.report_none')),
    h('p', { class: 'hint' }, r && r.shared_at
      ? t('oversight.report_shared', { date: whenText(r.shared_at), sections: (r.shared_sections || []).map((x) => word('oversight.report_section.', x)).join(', ') })
      : t('oversight.report_not_shared'))];
}
