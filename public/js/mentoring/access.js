// Break-glass access to a project (#14): /projects/{id}/access lists who asked to read which parts and why, its
// answer, until when it is open, and every read; its admins ask there, its members consent or refuse there, the
// holder reads through /projects/{id}/access/{grant}/{part}. Requests waiting for my answer (a platform admin's too)
// are drawn on the dashboard by `waitingSection`. Strings: grants.<lang>.json.
import { h, append, field, onSubmit, submit, say, statusOf, btn, clear, fmtDate } from '../dom.js';
import { t, has, addStrings } from '../i18n.js';
import { api } from '../api.js';
import { state } from '../session.js';
import { load, run } from './common.js';
import { projectTitle } from './sections.js';

const PARTS = ['chat', 'messages', 'folder', 'process'];
export const strings = () => (has('grants.title') ? null : addStrings('grants'));
const partNames = (list) => list.map((p) => t('grants.part.' + p)).join(', ');
const when = (ms) => h('time', { datetime: new Date(ms).toISOString() }, fmtDate(ms));

export async function page(ctx) {
  const [pid] = ctx.params;
  const [, d, g] = await Promise.all([strings(), load(ctx, `/api/projects/${pid}`), load(ctx, `/api/projects/${pid}/grants`)]);
  if (!d || !g || !ctx.alive()) return;
  ctx.heading(t('grants.title'));
  const list = h('ul', { class: 'cards grants' });
  const more = h('p');
  // A page at a time, newest first; "Load more" adds the next (older) page below.
  const draw = (page, fresh) => {
    if (fresh) clear(list);
    if (fresh && !page.items.length) list.append(h('li', { class: 'hint' }, t('grants.none')));
    for (const x of page.items) list.append(card(x, pid, reload));
    more.replaceChildren(page.next ? btn(t('common.load_more'), async () => draw(await api('GET', `/api/projects/${pid}/grants?before=${page.next}`), false)) : '');
  };
  const reload = async () => draw(await api('GET', `/api/projects/${pid}/grants`), true);
  append(ctx.root, [
    h('p', null, h('a', { href: `/projects/${pid}` }, projectTitle(d.project))),
    h('p', { class: 'hint' }, t('grants.intro')),
    g.can_ask ? askForm(pid, reload) : null,
    h('section', { 'aria-labelledby': 'gl-h' }, h('h2', { id: 'gl-h' }, t('grants.list_title')), list, more),
  ]);
  draw(g, true);
}

/** An admin of the community asks: the parts, why, for how long, who approves. */
function askForm(pid, reload) {
  const boxes = PARTS.map((p) => field({ name: 'part_' + p, label: t('grants.part.' + p), type: 'checkbox' }));
  const category = field({ name: 'category', label: t('grants.category'), type: 'select',
    options: ['safeguarding', 'complaint', 'legal', 'other'].map((c) => [c, t('grants.category.' + c)]) });
  const reason = field({ name: 'reason', label: t('grants.reason'), type: 'textarea', maxlength: 2000, required: true });
  const hours = field({ name: 'hours', label: t('grants.hours'), type: 'number', inputmode: 'numeric', min: '1', max: '72', value: 24 });
  const approval = field({ name: 'approval', label: t('grants.approval'), type: 'select',
    options: [['member', t('grants.approval.member')], ['admin', t('grants.approval.admin')]] });
  const form = h('form', { class: 'grant-ask' }, h('fieldset', { 'data-field': 'scopes' }, h('legend', null, t('grants.parts')), boxes),
    category, reason, hours, approval, submit(t('grants.send')));
  onSubmit(form, async () => {
    await api('POST', `/api/projects/${pid}/grants`, {
      scopes: PARTS.filter((p, i) => boxes[i].control.checked), category: category.control.value, reason: reason.control.value,
      hours: Number(hours.control.value), approval: approval.control.value,
    });
    form.reset();
    await reload();
    say(form, t('grants.asked'));
  }, 'grants');
  return h('section', { 'aria-labelledby': 'ga-h' }, h('h2', { id: 'ga-h' }, t('grants.ask_title')), form);
}

/** One request or grant: who, which parts, why, its state and dates, its reads, and what I may do with it. */
function card(x, pid, reload) {
  const me = state.me.user.id;
  const li = h('li', { class: 'card' },
    h('p', null, h('span', { class: 'badge' + (x.state === 'active' ? ' warn' : '') }, t('grants.state.' + x.state)), ' ',
      h('strong', null, partNames(x.scopes))),
    h('p', { class: 'hint' }, t('grants.by', { name: x.requester_name || '' }), ' ', when(x.created_at), ' · ',
      t('grants.category.' + x.category), ' · ', t('grants.for_hours', { n: x.hours })),
    h('blockquote', { class: 'prewrap' }, x.reason),
    x.expires_at && x.state === 'active' ? h('p', null, t('grants.until'), ' ', when(x.expires_at)) : null,
    x.answered_by_name ? h('p', { class: 'hint' }, t('grants.answered', { name: x.answered_by_name }), ' ', when(x.answered_at)) : null,
    x.delay_reason ? h('p', { class: 'hint' }, t('grants.delayed'), ' ', when(x.tell_at), ': ', x.delay_reason) : null);
  if (x.state === 'active' && x.requester_id === me) {
    li.append(h('ul', { class: 'links' }, x.scopes.map((p) => h('li', null, h('a', { href: `/projects/${pid}/access/${x.id}/${p}` }, t('grants.read', { part: t('grants.part.' + p) }))))));
  }
  const reads = x.reads || [];
  const total = x.reads_total ?? reads.length;
  li.append(h('details', null, h('summary', null, t('grants.reads', { n: total })),
    reads.length < total ? h('p', { class: 'hint' }, t('grants.reads_latest', { n: reads.length })) : null,
    reads.length ? h('ul', null, reads.map((r) => h('li', null, t('grants.read_item', { name: r.reader_name || '', part: t('grants.part.' + r.scope) }),
      // Which document.
      r.what.startsWith('file ') ? [' (', h('bdi', null, r.what.slice(5)), ')'] : null, ' ', when(r.at)))) : h('p', { class: 'hint' }, t('grants.no_reads'))));
  li.append(actions(x, reload));
  statusOf(li);
  return li;
}

/** The buttons a grant offers me, as the server says (`can_answer`, `can_withdraw`, `can_end`): approve or refuse
 * (an approver; an admin may delay telling the members, saying why), withdraw (its requester) or end (its requester or
 * an admin). */
function actions(x, reload) {
  const box = h('div', { class: 'actions' });
  const act = (action, extra = () => ({})) => async (e) => {
    const done = await run(null, e.target, () => api('POST', `/api/grants/${x.id}/actions`, { action, ...extra() }), 'grants');
    if (done) {
      await reload();
      say(document.querySelector('.grants') || document.body, t('grants.done.' + action));
    }
  };
  if (x.can_answer) {
    let days, why;
    if (x.approval === 'admin') {
      days = field({ name: 'delay_days', label: t('grants.delay_days'), type: 'number', inputmode: 'numeric', min: '0', max: '7', value: 0 });
      why = field({ name: 'delay_reason', label: t('grants.delay_reason'), type: 'textarea', maxlength: 1000 });
      box.append(days, why);
    }
    const extra = () => (days && Number(days.control.value) > 0 ? { delay_days: Number(days.control.value), delay_reason: why.control.value } : {});
    box.append(btn(t('grants.approve'), act('approve', extra), 'primary small'), btn(t('grants.refuse'), act('refuse'), 'small'));
  }
  if (x.can_withdraw) box.append(btn(t('grants.withdraw'), act('withdraw'), 'small'));
  if (x.can_end) box.append(btn(t('grants.end'), act('end'), 'small'));
  return box;
}

/** Requests waiting for my answer (`items`, from GET /api/grants), for the dashboard. */
export async function waitingSection(items) {
  await strings();
  const list = h('ul', { class: 'cards grants' });
  const sec = h('section', { 'aria-labelledby': 'gw-h' }, h('h2', { id: 'gw-h' }, t('grants.waiting_title')), list);
  const reload = async () => {
    const again = await api('GET', '/api/grants', null, { quiet: true });
    clear(list);
    for (const x of again.items) list.append(waitingCard(x, reload));
    if (!again.items.length) list.append(h('li', { class: 'hint' }, t('grants.none_waiting')));
  };
  for (const x of items) list.append(waitingCard(x, reload));
  return sec;
}

function waitingCard(x, reload) {
  const li = h('li', { class: 'card' },
    h('p', null, h('strong', null, t('grants.waiting_item', { name: x.requester_name || '', title: x.project_title }))),
    h('p', { class: 'hint' }, partNames(x.scopes), ' · ', t('grants.category.' + x.category), ' · ', t('grants.for_hours', { n: x.hours })),
    h('blockquote', { class: 'prewrap' }, x.reason), actions(x, reload));
  statusOf(li);
  return li;
}

/** Reading through an open grant: a page of the part, newest first, with a way to older pages. */
export async function reader(ctx) {
  const [pid, gid, part] = ctx.params;
  await strings();
  const first = await load(ctx, `/api/projects/${pid}/grants/${gid}/${part}`);
  if (!first || !ctx.alive()) return;
  ctx.heading(t('grants.part.' + part));
  const body = h('div', { class: 'grant-read' });
  append(ctx.root, [h('p', { class: 'notice', role: 'note' }, t('grants.reading', { id: gid })),
    h('p', null, h('a', { href: `/projects/${pid}/access` }, t('grants.title'))), body]);
  const show = (page) => {
    if (part === 'process') return body.append(processView(page));
    const items = page.items || [];
    if (!items.length && !body.children.length) body.append(h('p', { class: 'hint' }, t('grants.empty')));
    body.append(h('ul', { class: 'cards' }, items.map((x) => itemView(part, x, `/api/projects/${pid}/grants/${gid}/files/`))));
    if (page.more) {
      const last = items[items.length - 1];
      const more = btn(t('grants.older'), async () => {
        more.remove();
        show(await api('GET', `/api/projects/${pid}/grants/${gid}/${part}?before=${part === 'chat' ? last.seq : last.n}`));
      }, 'small');
      body.append(more);
    }
    return null;
  };
  show(first);
}

function itemView(part, x, files) {
  if (part === 'chat') return h('li', { class: 'card' }, h('p', { class: 'hint' }, h('bdi', null, x.author_name || ''), ' ', when(x.at)), h('p', { class: 'prewrap' }, x.text));
  if (part === 'messages') {
    return h('li', { class: 'card' }, h('p', { class: 'hint' }, h('bdi', null, x.sender_name || ''), ' → ', h('bdi', null, x.recipient_name || ''), ' ', when(x.created_at)),
      h('p', null, h('strong', null, x.subject)), h('p', { class: 'prewrap' }, x.body));
  }
  // A document opens (downloads) through the grant, logged.
  return h('li', { class: 'card' }, h('p', null, x.kind === 'file' ? h('a', { href: files + x.id, download: '' }, h('bdi', null, x.name)) : h('bdi', null, x.name)), h('p', { class: 'hint' }, x.kind === 'folder' ? t('grants.folder') : `${x.size || 0} B`, ' · ',
    h('bdi', null, x.updated_by_name || x.created_by_name || ''), ' ', when(x.updated_at)));
}

/** The process's records, table by table, as they are stored. */
function processView(p) {
  return h('div', null, Object.entries(p).filter(([k]) => k !== 'grant').map(([table, rows]) => h('section', null,
    h('h2', { class: 'h3' }, table.replace(/_/g, ' ')),
    rows.length ? h('ul', { class: 'cards' }, rows.map((r) => h('li', { class: 'card' }, h('dl', { class: 'facts small' },
      Object.entries(r).flatMap(([k, v]) => [h('dt', null, k.replace(/_/g, ' ')), h('dd', { class: 'prewrap' }, v === null ? '' : String(v))])))))
      : h('p', { class: 'hint' }, t('grants.empty')))));
}
