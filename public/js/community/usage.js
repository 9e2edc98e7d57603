// Usage reports (#13): a community's (/communities/{id}/usage, its admins) and the platform's (/admin/usage), over a
// period in weekly buckets. Each view at its own address: participation, features (each one's adoption by the
// active projects), requests (the funnel) and outcomes (with the rooms' answers). Every chart is a small inline SVG
// drawn here, with its data table and a CSV of it; the research export is the server's (audited).
// Strings: public/i18n/usage.<lang>.json.
import { h, fmtNumber } from '../dom.js';
import { t, has, addStrings } from '../i18n.js';
import { load } from '../mentoring/common.js';
import { navigate } from '../router.js';

const strings = () => (has('usage.title') ? null : addStrings('usage'));
const VIEWS = ['participation', 'features', 'requests', 'outcomes'];
const PROJECT_FEATURES = ['chat', 'messages', 'documents', 'contract', 'goals', 'sessions', 'interactions', 'evaluations'];
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, v);
  for (const c of children.flat()) if (c) el.append(c);
  return el;
}

/** "2026-10-26" as a short date in the reader's language. */
const short = (d) => new Intl.DateTimeFormat(document.documentElement.lang || 'en', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(d + 'T00:00:00Z'));
const pct = (permille) => (permille === null || permille === undefined ? '–' : fmtNumber(permille / 10, 0) + ' %');

/** A CSV of rows (the first is the header), offered as a download. */
function csvLink(name, rows) {
  const cell = (v) => {
    const s = String(v ?? '');
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const a = h('a', { href: '#', class: 'csv', download: name + '.csv' }, t('usage.csv'));
  a.addEventListener('click', () => {
    const blob = new Blob([rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'], { type: 'text/csv' });
    a.href = URL.createObjectURL(blob);
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  });
  return a;
}

/** A bar chart of weekly values (one series), with its table and CSV. */
function chart(id, title, weeks, values, fmt = (v) => fmtNumber(v)) {
  const W = 320, H = 120, pad = 18;
  const max = Math.max(1, ...values.map((v) => v || 0));
  const bw = (W - pad) / Math.max(1, values.length);
  const bars = values.map((v, i) => {
    const bh = ((v || 0) / max) * (H - pad);
    return svg('rect', { x: (pad + i * bw + 1).toFixed(1), y: (H - pad - bh).toFixed(1), width: Math.max(1, bw - 2).toFixed(1), height: bh.toFixed(1), class: 'bar' });
  });
  const axis = svg('line', { x1: pad, y1: H - pad, x2: W, y2: H - pad, class: 'axis' });
  const label = (x, text, anchor) => svg('text', { x, y: H - 4, 'text-anchor': anchor, class: 'tick' }, document.createTextNode(text));
  const top = svg('text', { x: 0, y: 10, class: 'tick' }, document.createTextNode(fmt(Math.max(0, ...values.map((v) => v || 0)))));
  const picture = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': id, focusable: 'false' },
    bars, axis, top, weeks.length ? [label(pad, short(weeks[0]), 'start'), label(W, short(weeks[weeks.length - 1]), 'end')] : null);
  const rows = weeks.map((w, i) => [w, values[i] ?? '']);
  return h('figure', { class: 'chart' },
    h('figcaption', { id }, title),
    picture,
    h('details', null, h('summary', null, t('usage.table')),
      h('table', null, h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('usage.week')), h('th', { scope: 'col' }, title))),
        h('tbody', null, weeks.map((w, i) => h('tr', null, h('th', { scope: 'row' }, short(w)), h('td', null, values[i] === null ? '–' : fmt(values[i]))))))),
    csvLink(id, [[t('usage.week'), title], ...rows]));
}

function bar(view, base) {
  return h('nav', { class: 'sections', 'aria-label': t('usage.views') },
    h('ul', null, VIEWS.map((v) => h('li', null, h('a', { href: base + (v === 'participation' ? '' : '/' + v) + location.search, 'aria-current': v === view ? 'page' : null }, t('usage.view.' + v))))));
}

function periodForm(data) {
  const from = h('input', { type: 'date', id: 'u-from', value: data.from });
  const to = h('input', { type: 'date', id: 'u-to', value: data.to });
  const form = h('form', { class: 'period' },
    h('div', { class: 'field' }, h('label', { for: 'u-from' }, t('usage.from')), from),
    h('div', { class: 'field' }, h('label', { for: 'u-to' }, t('usage.to')), to),
    h('button', { type: 'submit' }, t('usage.show')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(location.pathname + '?from=' + encodeURIComponent(from.value) + '&to=' + encodeURIComponent(to.value));
  });
  return form;
}

/** People active per day, on average over each week (7 days). */
const perDay = (weeks) => weeks.map((w) => Math.round((w.events / 7) * 10) / 10);

function participation(d) {
  return ['active_mentors', 'active_mentees', 'active_admins'].map((f) =>
    chart('u-' + f, t('usage.feature.' + f), d.weeks, perDay(d.features[f].weeks), (v) => fmtNumber(v, 1)));
}

/** A small line of a feature's weekly adoption, beside its figures (the row says them in words). */
function sparkline(values) {
  const W = 64, H = 18;
  const step = W / Math.max(1, values.length - 1);
  const points = values.map((v, i) => (v === null ? null : `${(i * step).toFixed(1)},${(H - 1 - (v / 1000) * (H - 2)).toFixed(1)}`)).filter(Boolean);
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, 'aria-hidden': 'true', focusable: 'false', class: 'spark' },
    points.length ? svg('polyline', { points: points.join(' ') }) : null);
}

function features(d) {
  const last = d.weeks.length - 1;
  const trend = (a) => {
    const known = a.filter((v) => v !== null);
    if (known.length < 2) return '–';
    const diff = known[known.length - 1] - known[0];
    return diff > 0 ? t('usage.up', { n: fmtNumber(diff / 10) }) : diff < 0 ? t('usage.down', { n: fmtNumber(-diff / 10) }) : t('usage.flat');
  };
  const rows = PROJECT_FEATURES.map((f) => {
    const x = d.features[f];
    const events = x.weeks.reduce((s, w) => s + w.events, 0);
    return [f, events, x.adoption[last], trend(x.adoption), x.adoption];
  });
  const table = h('table', { class: 'adoption' },
    h('caption', null, t('usage.adoption_caption')),
    h('thead', null, h('tr', null, ['feature', 'events', 'adoption', 'trend'].map((c) => h('th', { scope: 'col' }, t('usage.col.' + c))))),
    h('tbody', null, rows.map(([f, events, share, tr, series]) => h('tr', null, h('th', { scope: 'row' }, t('usage.feature.' + f)), h('td', null, fmtNumber(events)),
      // A module the community turned off says so where its adoption would be.
      h('td', null, d.modules && d.modules[f] === false ? t('usage.off') : pct(share)), h('td', null, sparkline(series), ' ', tr)))));
  // The CSV: every week's adoption of every feature.
  const weekly = [[t('usage.week'), ...PROJECT_FEATURES.map((f) => t('usage.feature.' + f))],
    ...d.weeks.map((w, i) => [w, ...PROJECT_FEATURES.map((f) => (d.features[f].adoption[i] === null ? '' : d.features[f].adoption[i] / 10))])];
  return [
    h('p', { class: 'hint' }, t('usage.adoption_hint')),
    h('div', { class: 'table-scroll' }, table),
    csvLink('usage-adoption', weekly),
    chart('u-active', t('usage.feature.active_projects'), d.weeks, d.features.active_projects.weeks.map((w) => w.projects)),
    chart('u-rooms', t('usage.feature.rooms'), d.weeks, d.features.rooms.weeks.map((w) => w.events)),
  ];
}

/** A bar as wide as its share (set through the CSSOM: the CSP allows no inline style). */
function meter(share, text) {
  const m = h('span', { class: 'meter' }, text);
  m.style.setProperty('--share', (share * 100).toFixed(0) + '%');
  return m;
}

function requests(d) {
  const f = d.funnel;
  if (!f) return h('p', null, t('usage.community_only'));
  const first = Math.max(1, f.steps[0].reached);
  const rows = f.steps.map((s) => [t('usage.step.' + s.step), s.reached, s.median_days ?? '']);
  return [
    h('ol', { class: 'funnel' }, f.steps.map((s) => h('li', null,
      h('span', { class: 'step' }, t('usage.step.' + s.step)),
      meter(s.reached / first, fmtNumber(s.reached)),
      s.median_days === null ? null : h('span', { class: 'hint' }, t('usage.median_days', { n: fmtNumber(s.median_days, 1) }))))),
    csvLink('usage-funnel', [[t('usage.col.step'), t('usage.col.reached'), t('usage.col.median_days')], ...rows]),
    h('dl', { class: 'facts' },
      h('dt', null, t('usage.declines')), h('dd', null, fmtNumber(f.declines)),
      h('dt', null, t('usage.expired')), h('dd', null, fmtNumber(f.expired)),
      h('dt', null, t('usage.withdrawn')), h('dd', null, fmtNumber(f.withdrawn))),
    chart('u-requests', t('usage.feature.requests'), d.weeks, d.features.requests.weeks.map((w) => w.events)),
  ];
}

function outcomes(d) {
  if (!d.outcomes) return h('p', null, t('usage.community_only'));
  const o = d.outcomes;
  const med = (v, unit) => (v === null ? '–' : t(unit, { n: fmtNumber(v, 1) }));
  const share = d.rooms.threads ? Math.round((d.rooms.answered_48h / d.rooms.threads) * 1000) : null;
  const facts = [
    ['completed', fmtNumber(o.completed)], ['cancelled', fmtNumber(o.cancelled)], ['median_duration', med(o.median_days, 'usage.days')],
    ['median_chat', med(o.median_chat, 'usage.n')], ['median_messages', med(o.median_messages, 'usage.n')],
    ['median_documents', med(o.median_documents, 'usage.n')], ['median_sessions', med(o.median_sessions, 'usage.n')],
  ];
  const rooms = [['threads', fmtNumber(d.rooms.threads)], ['posts', fmtNumber(d.rooms.posts)], ['answered', pct(share)]];
  return [
    h('h2', null, t('usage.outcomes_title')),
    h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', null, t('usage.outcome.' + k)), h('dd', null, v)])),
    h('h2', null, t('usage.rooms_title')),
    h('dl', { class: 'facts' }, rooms.map(([k, v]) => [h('dt', null, t('usage.rooms.' + k)), h('dd', null, v)])),
    csvLink('usage-outcomes', [[t('usage.col.measure'), t('usage.col.value')], ...facts.map(([k, v]) => [t('usage.outcome.' + k), v]), ...rooms.map(([k, v]) => [t('usage.rooms.' + k), v])]),
    libraryTable(d.library || []),
  ];
}

/** The library's items most shared and cloned in projects over the period. */
function libraryTable(items) {
  const rows = items.map((i) => [i.title, fmtNumber(i.shares), fmtNumber(i.clones)]);
  const head = [t('usage.library.item'), t('usage.library.shares'), t('usage.library.clones')];
  return [h('h2', null, t('usage.library_title')),
    rows.length ? [h('table', { class: 'library-uses' }, h('thead', null, h('tr', null, head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, rows.map((r) => h('tr', null, h('th', { scope: 'row' }, r[0]), h('td', null, r[1]), h('td', null, r[2]))))),
    csvLink('usage-library', [head, ...rows])] : h('p', { class: 'hint' }, t('usage.library.none'))];
}

async function draw(ctx, view, base, path, extra) {
  await strings();
  const data = await load(ctx, path + location.search);
  if (!data || !ctx.alive()) return;
  ctx.root.append(bar(view, base), periodForm(data), h('p', { class: 'hint' }, t('usage.counted')));
  const body = { participation, features, requests, outcomes }[view](data);
  ctx.root.append(h('section', { 'aria-labelledby': 'u-view' }, h('h2', { id: 'u-view', class: view === 'outcomes' ? 'sr-only' : null }, t('usage.view.' + view)), body));
  if (extra) ctx.root.append(extra(data));
}

/** /communities/{id}/usage(/features|/requests|/outcomes) */
export async function page(ctx) {
  const [cid, view = 'participation'] = ctx.params;
  await strings();
  ctx.heading(t('usage.title'));
  const base = `/communities/${cid}/usage`;
  await draw(ctx, view, base, `/api/communities/${cid}/usage`, (d) => h('section', { 'aria-labelledby': 'u-research' },
    h('h2', { id: 'u-research' }, t('usage.research_title')),
    h('p', null, t('usage.research_text')),
    h('p', null, h('a', { class: 'button', href: `/api/communities/${cid}/usage/export?from=${d.from}&to=${d.to}`, download: '' }, t('usage.research_download')))));
}

/** /admin/usage: the platform's, with each community's totals. */
export async function platform(ctx) {
  const [view = 'participation'] = ctx.params;
  await strings();
  ctx.heading(t('usage.platform_title'));
  await draw(ctx, view, '/admin/usage', '/api/admin/usage', (d) => h('section', { 'aria-labelledby': 'u-communities' },
    h('h2', { id: 'u-communities' }, t('usage.communities')),
    h('table', null,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('usage.col.community')), ['requests', 'chat', 'rooms'].map((f) => h('th', { scope: 'col' }, t('usage.feature.' + f))))),
      h('tbody', null, d.communities.map((c) => h('tr', null, h('th', { scope: 'row' }, c.name),
        ['requests', 'chat', 'rooms'].map((f) => h('td', null, fmtNumber(c.events[f] || 0)))))))));
}
