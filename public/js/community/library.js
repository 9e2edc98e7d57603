// The library (#13): a community's shelf with the platform's published items beside it (/communities/{id}/library),
// searched and filtered; an item (/library/{item}) with its steps to tick, its curation, ratings and reviews; the
// form to propose or change one (/library/new, /library/{item}/edit); and a project's library (/projects/{id}/library):
// what its members shared, the paths it cloned or wrote, each person's ticks, and the shelf to take more from.
// Strings: public/i18n/library.<lang>.json.
import { h, append, field, onSubmit, submit, say, statusOf, clear, fmtDate, fmtSize, btn } from '../dom.js';
import { t, has, addStrings } from '../i18n.js';
import { api, upload } from '../api.js';
import { navigate } from '../router.js';
import { load, run, clientKey } from '../mentoring/common.js';
import { isWorkspace, sectionBar, projectTitle } from '../mentoring/sections.js';

const strings = () => (has('library.title') ? null : addStrings('library'));
// A community's shelf, or (no community) the platform's.
const shelfApi = (cid) => (cid ? `/api/communities/${cid}/library` : '/api/library');
const shelfPage = (cid) => (cid ? `/communities/${cid}/library` : '/library');
const LANGS = ['en', 'it', 'es', 'fr', 'de', 'pt'];
/** A field of study or a sector of work, by its code (Tandem's vocabularies). */
const topicName = (c) => (has('field.' + c) ? t('field.' + c) : t('sector.' + c));

/** An item's line of facts: kind, audience, level, languages, minutes, rating; where it comes from. */
function facts(i) {
  const stars = i.ratings ? t('library.rating', { avg: (i.rating_sum / i.ratings).toFixed(1), n: i.ratings }) : null;
  return h('p', { class: 'hint' }, [
    t('library.kind.' + i.kind), t('library.audience.' + i.audience), t('library.level.' + i.level),
    i.languages ? i.languages.toUpperCase().split(' ').join(', ') : null,
    i.kind === 'path' && i.minutes ? t('library.minutes', { n: i.minutes }) : null,
    stars, i.platform ? t('library.platform') : null,
  ].filter(Boolean).join(' · '));
}

const stateBadge = (s) => (s === 'published' ? null : h('span', { class: 'badge' + (s === 'withdrawn' ? '' : ' warn') }, t('library.state.' + s)));

/** A list of items as cards, each title a link to its page (`href(i)`), with `extra(i)` under it. */
function cards(items, href, extra = () => null) {
  if (!items.length) return h('p', { class: 'hint' }, t('library.none'));
  return h('ul', { class: 'cards library' }, items.map((i) => h('li', { class: 'card' },
    h('h3', { class: 'h3' }, h('a', { href: href(i) }, i.title), ' ', stateBadge(i.state)),
    facts(i), i.description ? h('p', null, i.description.length > 200 ? i.description.slice(0, 200) + '…' : i.description) : null,
    extra(i))));
}

/** The search form: words and filters, kept in the address (so a search has its own URL). */
function searchForm(ctx, path, data, extra = []) {
  const q = ctx.query;
  const opts = (key, list) => [['', t('library.any')], ...list.map((v) => [v, t(`library.${key}.${v}`)])];
  const words = field({ name: 'q', label: t('library.search'), type: 'search', value: q.get('q') || '', maxlength: 200 });
  const kind = field({ name: 'kind', label: t('library.kind_label'), type: 'select', options: opts('kind', ['link', 'text', 'document', 'path']), value: q.get('kind') || '' });
  const audience = field({ name: 'audience', label: t('library.audience_label'), type: 'select', options: opts('audience', data.audiences), value: q.get('audience') || '' });
  const lang = field({ name: 'language', label: t('library.language_label'), type: 'select', options: [['', t('library.any')], ...LANGS.map((l) => [l, l.toUpperCase()])], value: q.get('language') || '' });
  const topic = field({ name: 'field', label: t('library.field_label'), type: 'select', options: [['', t('library.any')], ...data.topics.map((c) => [c, topicName(c)])], value: q.get('field') || '' });
  const form = h('form', { class: 'search library-search', role: 'search' }, words, h('div', { class: 'row' }, kind, audience, lang, topic), extra, submit(t('library.search_go')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const [k, f] of [['q', words], ['kind', kind], ['audience', audience], ['language', lang], ['field', topic]]) if (f.control.value.trim()) p.set(k, f.control.value.trim());
    navigate(path + (p.toString() ? '?' + p : ''));
  });
  return form;
}

/** The query string of the shelf's API from the page's address. */
function apiQuery(ctx) {
  const p = new URLSearchParams();
  for (const k of ['q', 'kind', 'audience', 'language', 'field', 'show']) if (ctx.query.get(k)) p.set(k, ctx.query.get(k));
  return p.toString() ? '?' + p : '';
}

// ---- The platform's shelf: the same pages without a community ----------------------------------------------------------

export const platformShelf = (ctx) => shelf({ ...ctx, params: [null] });
export const platformItem = (ctx) => item({ ...ctx, params: [null, ...ctx.params] });
export const platformForm = (ctx) => form({ ...ctx, params: [null, ...ctx.params] });

// ---- The shelf ------------------------------------------------------------------------------------------------------

export async function shelf(ctx) {
  const [cid] = ctx.params;
  const [, data] = await Promise.all([strings(), load(ctx, shelfApi(cid) + apiQuery(ctx), { keep: true })]);
  if (!data || !ctx.alive()) return;
  const show = ctx.query.get('show') || '';
  ctx.heading(show ? t('library.show.' + show) : t('library.title'));
  const views = h('ul', { class: 'links row' },
    h('li', null, h('a', { href: shelfPage(cid), 'aria-current': show ? null : 'page' }, t('library.all'))),
    h('li', null, h('a', { href: shelfPage(cid) + '?show=mine', 'aria-current': show === 'mine' ? 'page' : null }, t('library.show.mine'))),
    data.curator ? h('li', null, h('a', { href: shelfPage(cid) + '?show=to_curate', 'aria-current': show === 'to_curate' ? 'page' : null }, t('library.show.to_curate'))) : null,
    h('li', null, h('a', { href: shelfPage(cid) + '?audience=mentors' }, t('library.shelf_mentors'))));
  append(ctx.root, [
    h('p', null, t('library.intro')),
    views,
    // On the platform's shelf only its admins add.
    cid || data.curator ? h('p', null, h('a', { class: 'button primary', href: shelfPage(cid) + '/new' }, t('library.propose'))) : null,
    searchForm(ctx, shelfPage(cid), data),
    h('section', { 'aria-labelledby': 'lib-h' }, h('h2', { id: 'lib-h' }, t('library.found', { n: data.items.length })),
      cards(data.items, (i) => `${shelfPage(cid)}/${i.id}`)),
    data.librarians ? librariansSection(cid, data.librarians) : null,
  ]);
}

/** Its admins name the librarians who curate with them (a member's id, from the members' list). */
function librariansSection(cid, list) {
  const ul = h('ul', { class: 'links' });
  const draw = (ls) => {
    clear(ul);
    if (!ls.length) ul.append(h('li', { class: 'hint' }, t('library.no_librarians')));
    for (const l of ls) {
      const b = btn(t('library.unname'), () => run(null, b, async () => draw((await api('PUT', `/api/communities/${cid}/librarians/${l.id}`, { librarian: false })).librarians)), 'small');
      ul.append(h('li', null, l.display_name, ' ', b));
    }
  };
  draw(list);
  return h('section', { 'aria-labelledby': 'libr-h' }, h('h2', { id: 'libr-h' }, t('library.librarians')), h('p', { class: 'hint' }, t('library.librarians_hint')), ul);
}

// ---- An item --------------------------------------------------------------------------------------------------------

/** A path's steps as a list: each a resource (a link to it) or a text, its range and time; with boxes to tick when
 * `tick(step, done)` is given (`done`: the ids ticked). */
function stepList(steps, done, tick, href) {
  return h('ol', { class: 'steps' }, steps.map((s) => {
    const label = [s.resource_title ? (s.resource_url ? h('a', { href: s.resource_url, rel: 'noopener noreferrer', target: '_blank' }, s.resource_title) : h('a', { href: href(s.resource_id) }, s.resource_title)) : null,
      s.text ? h('span', { class: 'prewrap' }, (s.resource_title ? ' — ' : '') + s.text) : null,
      s.range_from != null ? h('span', { class: 'hint' }, ' ' + t('library.range', { from: s.range_from, to: s.range_to })) : null,
      s.minutes ? h('span', { class: 'hint' }, ' ' + t('library.minutes', { n: s.minutes })) : null];
    if (!tick) return h('li', null, label);
    const box = h('input', { type: 'checkbox', id: 'step-' + s.id });
    box.checked = done.includes(s.id);
    box.addEventListener('change', () => run(null, box, () => tick(s, box.checked)));
    return h('li', { class: 'step' }, h('div', { class: 'field check' }, box, h('label', { for: 'step-' + s.id }, t('library.done_step', { n: s.n + 1 }))), h('p', null, label));
  }));
}

export async function item(ctx) {
  const [cid, id] = ctx.params;
  const [, v] = await Promise.all([strings(), load(ctx, `${shelfApi(cid)}/${id}`, { keep: true })]);
  if (!v || !ctx.alive()) return;
  let i = v;
  const head = ctx.heading(i.title);
  const body = h('div');
  ctx.root.append(h('p', null, h('a', { href: shelfPage(cid) }, t('library.back'))), body);
  statusOf(ctx.root, head);
  const draw = () => {
    clear(body);
    const tick = i.kind === 'path' ? async (s, done) => { i = { ...i, ...await api('PUT', `${shelfApi(cid)}/${id}/progress`, { step: s.id, done }) }; } : null;
    append(body, [
      h('p', null, stateBadge(i.state)), facts(i),
      i.note ? h('p', { class: 'notice prewrap' }, t('library.note', { note: i.note })) : null,
      i.description ? h('p', { class: 'lead prewrap' }, i.description) : null,
      i.kind === 'link' ? h('p', null, h('a', { href: i.url, rel: 'noopener noreferrer', target: '_blank' }, t('library.open_link')), ' ', h('span', { class: 'hint' }, i.url)) : null,
      i.kind === 'text' ? h('div', { class: 'prewrap library-text' }, i.body) : null,
      i.kind === 'document' ? documentBox() : null,
      i.kind === 'path' ? h('section', { 'aria-labelledby': 'steps-h' }, h('h2', { id: 'steps-h' }, t('library.steps')),
        h('p', { class: 'hint' }, t('library.ticks_hint')), stepList(i.steps, i.done, i.state === 'published' ? tick : null, (r) => `${shelfPage(cid)}/${r}`)) : null,
      h('p', { class: 'hint' }, [t('library.licence.' + i.licence), i.author_name ? t('library.by', { name: i.author_name }) : null,
        i.provenance ? t('library.provenance', { text: i.provenance }) : null, i.derived_title ? t('library.derived', { title: i.derived_title }) : null].filter(Boolean).join(' · ')),
      actionsRow(),
      i.state === 'published' ? offlineBox() : null,
      i.can.review ? reviewForm() : null,
      reviewsList(),
    ]);
  };
  function actionsRow() {
    const row = h('p', { class: 'actions' });
    if (i.can.edit && (!i.platform || !cid)) row.append(h('a', { class: 'button', href: `${shelfPage(cid)}/${id}/edit` }, t('library.edit')));
    // A curator returning it says why (its author reads the note).
    const note = i.can.actions.includes('return') ? field({ name: 'note', label: t('library.return_note'), type: 'textarea', rows: 2, maxlength: 1000 }) : null;
    for (const a of i.can.actions) {
      const b = btn(t('library.act.' + a), () => run(null, b, async () => {
        i = await api('POST', `${shelfApi(cid)}/${id}/actions`, { action: a, note: a === 'return' && note ? note.control.value : '' });
        draw();
        say(ctx.root, t('library.done.' + a), 'ok', head);
      }), a === 'publish' || a === 'submit' ? 'primary' : '');
      row.append(b);
    }
    return row.childNodes.length ? h('div', { class: 'curation' }, note, row) : null;
  }
  /** A document: its file to download, and for who may change it the file to upload (it replaces the old one). */
  function documentBox() {
    const box = h('div', { class: 'document' });
    // Offline, the copy saved on this device opens instead.
    if (i.file_size && !navigator.onLine) {
      import('../seen.js').then((seen) => seen.recall(`${shelfApi(cid)}/${id}/file`)).then((kept) => {
        if (!kept || !kept.data || !kept.data.blob) return;
        box.append(h('p', null, h('a', { href: URL.createObjectURL(kept.data.blob), download: kept.data.name }, t('library.offline_copy', { name: kept.data.name }))));
      }).catch(() => {});
    }
    box.append(i.file_size
      ? h('p', null, h('a', { href: `${shelfApi(cid)}/${id}/file`, download: '' }, t('library.file_download', { name: i.file_name, size: fmtSize(i.file_size) })))
      : h('p', { class: 'notice' }, t('library.file_none')));
    if (!i.can.edit) return box;
    const file = field({ name: 'file', label: t('library.file_choose'), type: 'file', hint: t('library.file_hint') });
    const progress = h('progress', { max: '1', value: '0', hidden: true, 'aria-label': t('library.file_choose') });
    const form = h('form', { class: 'upload' }, file, progress, submit(t('library.file_upload')));
    onSubmit(form, async () => {
      const f = file.control.files[0];
      if (!f) return;
      progress.hidden = false;
      try {
        i = await upload(`${shelfApi(cid)}/${id}/file`, f, (x) => { progress.value = x; });
      } finally {
        progress.hidden = true;
      }
      draw();
      say(ctx.root, t('library.file_uploaded'), 'ok', head);
    }, 'library');
    box.append(form);
    return box;
  }

  /** "Save offline": the item (and a path's texts) kept on this device, readable without a connection, with its size. */
  function offlineBox() {
    const path = `${shelfApi(cid)}/${id}`;
    const line = h('p', { class: 'hint', role: 'status' });
    const b = btn(t('library.save_offline'), () => run(null, b, async () => {
      const seen = await import('../seen.js');
      if (await seen.pinned(path)) {
        await seen.unpin(path);
        await seen.unpin(path + '/file');
        b.textContent = t('library.save_offline');
        line.textContent = t('library.offline_removed');
        return;
      }
      // The item as it is now, a document's file, and the texts its steps point at.
      const size = (x) => new Blob([JSON.stringify(x)]).size;
      const fresh = await api('GET', path);
      let bytes = size(fresh);
      await seen.keep(path, fresh, true);
      if (fresh.kind === 'document' && fresh.file_size) {
        const res = await fetch(`${path}/file`, { credentials: 'same-origin' });
        if (res.ok) {
          const blob = await res.blob();
          bytes += blob.size;
          await seen.keep(path + '/file', { blob, name: fresh.file_name }, true);
        }
      }
      for (const st of fresh.steps || []) {
        if (!st.resource_id || st.resource_kind !== 'text') continue;
        const p = `${shelfApi(cid)}/${st.resource_id}`;
        const r = await api('GET', p).catch(() => null);
        if (r) { bytes += size(r); await seen.keep(p, r, true); }
      }
      b.textContent = t('library.offline_forget');
      line.textContent = t(i.kind === 'link' ? 'library.offline_link' : 'library.offline_saved', { size: fmtSize(bytes) });
    }));
    import('../seen.js').then((seen) => seen.pinned(path)).then((yes) => { if (yes) { b.textContent = t('library.offline_forget'); line.textContent = t('library.offline_here'); } }).catch(() => {});
    return h('div', { class: 'offline-save' }, h('p', { class: 'actions' }, b), line);
  }

  function reviewForm() {
    const mine = i.reviews.find((r) => r.user_id === i.me);
    const rating = field({ name: 'rating', label: t('library.your_rating'), type: 'select', options: [['', ''], ...[5, 4, 3, 2, 1].map((n) => [n, t('library.stars.' + n)])], value: mine ? mine.rating : '' });
    const text = field({ name: 'text', label: t('library.your_review'), type: 'textarea', rows: 3, maxlength: 2000, value: mine ? mine.text : '' });
    const form = h('form', { class: 'review' }, h('h2', { class: 'h3' }, t('library.rate')), rating, text, submit(t('library.send_review')));
    onSubmit(form, async () => {
      i = await api('PUT', `${shelfApi(cid)}/${id}/review`, { rating: Number(rating.control.value) || 0, text: text.control.value });
      draw();
      say(ctx.root, t('library.reviewed'), 'ok', head);
    }, 'library');
    return form;
  }
  function reviewsList() {
    if (!i.reviews.length) return null;
    return h('section', { 'aria-labelledby': 'rev-h' }, h('h2', { id: 'rev-h' }, t('library.reviews', { n: i.reviews.length })),
      h('ul', { class: 'cards' }, i.reviews.map((r) => h('li', { class: 'card' }, h('p', null, h('strong', null, r.display_name), ' · ', t('library.stars.' + r.rating), ' · ', fmtDate(r.at)),
        r.text ? h('p', { class: 'prewrap' }, r.text) : null))));
  }
  draw();
}

// ---- Proposing or changing one -----------------------------------------------------------------------------------------

/** The form for an item (`v`: its current page, to change it). Steps are written one per line: "text", or a
 * resource's id and then its text (chosen from the shelf with the picker). */
export async function form(ctx) {
  const [cid, id] = ctx.params;
  const [, data, v] = await Promise.all([strings(), load(ctx, shelfApi(cid)), id ? load(ctx, `${shelfApi(cid)}/${id}`) : null]);
  if (!data || (id && !v) || !ctx.alive()) return;
  ctx.heading(id ? t('library.edit_title', { title: v.title }) : t('library.propose'));
  const x = v || { kind: 'link', title: '', description: '', url: '', body: '', licence: data.licences[0], languages: 'en', level: 'introductory', audience: 'everyone', provenance: '', steps: [] };
  const kind = field({ name: 'kind', label: t('library.kind_label'), type: 'select', options: ['link', 'document', 'text', 'path'].map((k) => [k, t('library.kind.' + k)]), value: x.kind });
  const docHint = h('p', { class: 'hint' }, t('library.f.document_hint'));
  if (id) kind.control.disabled = true;
  const title = field({ name: 'title', label: t('library.f.title'), maxlength: 200, value: x.title, required: true });
  const desc = field({ name: 'description', label: t('library.f.description'), type: 'textarea', rows: 3, maxlength: 2000, value: x.description });
  const url = field({ name: 'url', label: t('library.f.url'), type: 'url', maxlength: 2000, value: x.url, hint: t('library.f.url_hint') });
  const body = field({ name: 'body', label: t('library.f.body'), type: 'textarea', rows: 10, maxlength: 20000, value: x.body });
  const stepsBox = stepEditor(x.steps || [], data.items.filter((r) => r.kind !== 'path' && r.id !== id));
  const licence = field({ name: 'licence', label: t('library.f.licence'), type: 'select', options: data.licences.map((l) => [l, t('library.licence.' + l)]), value: x.licence });
  const lang = field({ name: 'languages', label: t('library.f.language'), type: 'select', options: LANGS.map((l) => [l, l.toUpperCase()]), value: (x.languages || 'en').split(' ')[0] });
  const level = field({ name: 'level', label: t('library.f.level'), type: 'select', options: data.levels.map((l) => [l, t('library.level.' + l)]), value: x.level });
  const audience = field({ name: 'audience', label: t('library.f.audience'), type: 'select', options: data.audiences.map((a) => [a, t('library.audience.' + a)]), value: x.audience });
  const prov = field({ name: 'provenance', label: t('library.f.provenance'), maxlength: 300, value: x.provenance, hint: t('library.f.provenance_hint') });
  const topic = field({ name: 'fields', label: t('library.f.field'), type: 'select', options: [['', t('library.f.no_field')], ...data.topics.map((c) => [c, topicName(c)])], value: (x.fields || '').split(' ')[0] || '' });
  const derived = field({ name: 'derived_from', label: t('library.f.derived'), type: 'select', options: [['', t('library.f.not_derived')], ...data.items.filter((r) => r.id !== id && r.kind !== 'path').map((r) => [r.id, r.title])], value: x.derived_from || '' });
  const show = () => {
    const k = kind.control.value;
    url.hidden = k !== 'link';
    body.hidden = k !== 'text';
    docHint.hidden = k !== 'document';
    stepsBox.hidden = k !== 'path';
  };
  kind.control.addEventListener('change', show);
  show();
  const f = h('form', { class: 'library-form' }, kind, docHint, title, desc, url, body, stepsBox, licence, lang, topic, level, audience, prov, derived,
    h('p', { class: 'actions' }, submit(id ? t('library.save') : t('library.save_draft'))));
  const key = clientKey();
  onSubmit(f, async () => {
    const k = kind.control.value;
    const steps = k === 'path' ? stepsBox.values() : undefined;
    const payload = { kind: k, title: title.control.value, description: desc.control.value, url: k === 'link' ? url.control.value : '', body: k === 'text' ? body.control.value : '',
      // The first language and field are chosen here; the others it had stay.
      licence: licence.control.value, languages: [...new Set([lang.control.value, ...(x.languages || '').split(' ').filter(Boolean)])],
      fields: [...new Set([topic.control.value, ...(x.fields || '').split(' ')].filter(Boolean))], level: level.control.value,
      audience: audience.control.value, provenance: prov.control.value, derived_from: derived.control.value || undefined, steps };
    const r = id ? await api('PUT', `${shelfApi(cid)}/${id}`, payload) : await api('POST', shelfApi(cid), { ...payload, client_key: key });
    await navigate(`${shelfPage(cid)}/${r.id}`);
  }, 'library');
  ctx.root.append(h('p', { class: 'hint' }, t('library.form_hint')), f);
}

/** A path's steps to edit, in order: each a resource of this shelf (or none) with its own words, and the minutes it
 * takes; steps are added and removed. `values()` gives them as the API takes them (a step keeps its id). */
function stepEditor(steps, resources) {
  const list = h('ol', { class: 'step-editor' });
  const renumber = () => [...list.children].forEach((li, i) => {
    li.querySelector('legend').textContent = t('library.f.step', { n: i + 1 });
    for (const [name, el] of Object.entries(li.controls)) el.dataset.field = `steps.${i}.${name}`;
  });
  const row = (st = {}) => {
    const res = field({ name: 'resource', label: t('library.f.step_resource'), type: 'select', options: [['', t('library.f.no_resource')], ...resources.map((r) => [r.id, r.title])], value: st.resource_id || '' });
    const text = field({ name: 'text', label: t('library.f.step_text'), maxlength: 2000, value: st.text || '' });
    const min = field({ name: 'minutes', label: t('library.f.minutes'), type: 'number', min: '0', max: '600', value: st.minutes ?? 15, inputmode: 'numeric' });
    // A part of the resource: pages or minutes, from and to.
    const from = field({ name: 'range_from', label: t('library.f.range_from'), type: 'number', min: '0', inputmode: 'numeric', value: st.range_from ?? '' });
    const to = field({ name: 'range_to', label: t('library.f.range_to'), type: 'number', min: '0', inputmode: 'numeric', value: st.range_to ?? '' });
    const range = h('div', { class: 'row' }, from, to);
    const li = h('li', { class: 'step-row' });
    const rm = btn(t('library.f.remove_step'), () => { li.remove(); renumber(); }, 'small');
    li.append(h('fieldset', null, h('legend'), res, range, text, min, rm));
    li.controls = { resource: res.control, text: text.control, minutes: min.control, range_from: from.control, range_to: to.control };
    const num = (c) => (c.value === '' ? undefined : Number(c.value));
    li.read = () => ({ id: st.id, resource: res.control.value || undefined, text: text.control.value, minutes: Number(min.control.value) || 0,
      range_from: res.control.value ? num(from.control) : undefined, range_to: res.control.value ? num(to.control) : undefined });
    return li;
  };
  for (const st of steps.length ? steps : [{}]) list.append(row(st));
  const add = btn(t('library.f.add_step'), () => { const li = row(); list.append(li); renumber(); li.querySelector('select').focus(); });
  renumber();
  const box = h('fieldset', { class: 'steps-box', 'data-field': 'steps', tabindex: '-1' }, h('legend', null, t('library.f.steps')), h('p', { class: 'hint' }, t('library.f.steps_hint')), list, h('p', null, add));
  box.values = () => [...list.children].map((li) => li.read());
  return box;
}

// ---- A project's library ------------------------------------------------------------------------------------------------

export async function project(ctx) {
  const [pid] = ctx.params;
  const [, data, view] = await Promise.all([strings(), load(ctx, `/api/projects/${pid}/library`, { keep: true }), api('GET', `/api/projects/${pid}`, null, { quiet: true }).catch(() => null)]);
  if (!data || !ctx.alive()) return;
  const p = view && view.project;
  const head = ctx.heading(t('library.project_title'));
  if (isWorkspace(view)) ctx.root.append(sectionBar(view, 'library', view.chat_unread || 0));
  const cid = p && p.community && p.community.id;
  let d = data;
  const list = h('div');
  const main = h('section', { 'aria-labelledby': 'plib-h' }, h('h2', { id: 'plib-h', tabindex: '-1' }, t('library.in_project', { title: p ? projectTitle(p) : '' })), list);
  statusOf(main, main.querySelector('h2'));
  const said = (msg) => say(main, msg, 'ok', main.querySelector('h2'));
  const itemOf = (id) => d.items.find((x) => x.id === id);
  const draw = () => {
    clear(list);
    if (!d.entries.length) { list.append(h('p', { class: 'hint' }, t('library.project_empty'))); return; }
    list.append(h('ul', { class: 'cards' }, d.entries.map((e) => {
      const it = itemOf(e.item);
      const steps = e.kind === 'path' ? d.steps.filter((s) => s.entry === e.id) : it && it.kind === 'path' ? d.item_steps.filter((s) => s.path_id === e.item) : [];
      const mine = d.ticks.filter((x) => x.entry === e.id && x.user === d.me).map((x) => x.step);
      const others = d.ticks.filter((x) => x.entry === e.id && x.user !== d.me).length;
      const tick = async (s, done) => { d = await api('PUT', `/api/projects/${pid}/library/${e.id}/steps/${s.id}`, { done }); said(t(done ? 'library.ticked' : 'library.unticked')); draw(); };
      const remove = btn(t('library.remove'), () => run(null, remove, async () => { d = await api('DELETE', `/api/projects/${pid}/library/${e.id}`); draw(); said(t('library.removed')); }), 'small');
      const titleText = it ? it.title : e.title;
      return h('li', { class: 'card' },
        h('h3', { class: 'h3' }, cid && e.item && e.kind === 'share' ? h('a', { href: `${shelfPage(cid)}/${e.item}` }, titleText) : titleText,
          ' ', h('span', { class: 'badge' }, t(e.kind === 'share' ? 'library.shared' : e.item ? 'library.cloned' : 'library.own_path'))),
        e.note ? h('p', { class: 'prewrap' }, t('library.why', { note: e.note })) : null,
        it && it.state !== 'published' && e.kind === 'share' ? h('p', { class: 'notice' }, t('library.gone')) : null,
        it && it.kind === 'link' && e.kind === 'share' ? h('p', null, h('a', { href: it.url, rel: 'noopener noreferrer', target: '_blank' }, t('library.open_link'))) : null,
        e.kind === 'path' && e.item && it && it.version > e.version ? h('p', { class: 'hint' }, t('library.newer', { v: it.version })) : null,
        steps.length ? [stepList(steps.map((s) => ({ ...s, resource_title: s.resource_id ? (itemOf(s.resource_id) || {}).title || s.resource_title : null, resource_url: s.resource_id ? (itemOf(s.resource_id) || {}).url || s.resource_url : null })), mine, tick, (r) => `${shelfPage(cid)}/${r}`),
          h('p', { class: 'hint' }, t('library.progress', { done: mine.length, n: steps.length }), others ? ' · ' + t('library.others_ticked', { n: others }) : ''),
          linksLine(e), useSteps(pid, e, steps, (nd, msg) => { d = nd; draw(); said(msg); })] : null,
        h('p', { class: 'hint' }, t('library.added_by', { date: fmtDate(e.at) }), ' ', e.by === d.me ? remove : null));
    })));
  };
  /** The steps of this path that stand for objectives of the project's goals. */
  function linksLine(e) {
    const ls = (d.links || []).filter((l) => l.entry === e.id);
    if (!ls.length) return null;
    return h('ul', { class: 'hint links-to' }, ls.map((l) => h('li', null, t(l.done ? 'library.objective_done' : 'library.objective_is', { title: l.title }))));
  }
  draw();
  append(ctx.root, [main, cid ? takeSection(cid, pid, (nd, msg) => { d = nd; draw(); said(msg); }) : null, ownPathForm(pid, (nd) => { d = nd; draw(); said(t('library.path_made')); })]);
}

/** A path's step in the project's process: an objective of one of its goals (ticking the step marks it done), or the
 * homework of the next session. What it offers is read when opened. */
function useSteps(pid, e, steps, done) {
  const box = h('details', { class: 'use-steps' }, h('summary', null, t('library.use_steps')));
  let filled = false;
  box.addEventListener('toggle', async () => {
    if (!box.open || filled) return;
    filled = true;
    const [goals, plan] = await Promise.all([api('GET', `/api/projects/${pid}/goals`, null, { quiet: true }).catch(() => null),
      api('GET', `/api/projects/${pid}/sessions`, null, { quiet: true }).catch(() => null)]);
    const step = field({ name: 'step', label: t('library.use_step'), type: 'select', options: steps.map((s, n) => [s.id, `${n + 1}. ${s.text || s.resource_title || ''}`.slice(0, 80)]) });
    const objectives = goals ? goals.goals.flatMap((g) => (g.objectives || []).filter((o) => !o.done_at).map((o) => [`${g.id} ${o.id}`, `${g.title}: ${o.title}`])) : [];
    const obj = field({ name: 'objective', label: t('library.use_objective'), type: 'select', options: [['', t('library.use_objective_none')], ...objectives] });
    const linkForm = h('form', null, step, goals ? obj : null, goals ? h('p', { class: 'actions' }, submit(t('library.use_link'))) : null);
    onSubmit(linkForm, async () => {
      const [goal = '', objective = ''] = obj.control.value.split(' ');
      done(await api('PUT', `/api/projects/${pid}/library/${e.id}/steps/${step.control.value}/objective`, { goal, objective }), t(objective ? 'library.linked' : 'library.unlinked'));
    }, 'library');
    box.append(linkForm);
    // The next session still planned, whose homework the step becomes (who may change the plan can).
    const next = plan && (plan.sessions || []).filter((s) => s.state === 'planned' && s.start_at > Date.now()).sort((a, b) => a.start_at - b.start_at)[0];
    if (next) {
      const b = btn(t('library.use_homework'), () => run(linkForm, b, async () => {
        const s = steps.find((x) => x.id === step.control.value) || steps[0];
        // Added to what the session's homework says already.
        const homework = [next.homework, [s.resource_title, s.text].filter(Boolean).join(': ')].filter(Boolean).join('\n');
        await api('PUT', `/api/projects/${pid}/sessions/${next.id}`, { topic: next.topic, duration: next.duration, mode: next.mode, place: next.place, homework, diarist: next.diarist_id || undefined });
        say(linkForm, t('library.homework_set', { n: next.number }));
      }, 'library'));
      box.append(h('p', { class: 'actions' }, b));
    }
  });
  return box;
}

/** The shelf, searched from the project: share an item with why, or clone a path. */
function takeSection(cid, pid, done) {
  const out = h('div');
  const words = field({ name: 'q', label: t('library.search'), type: 'search', maxlength: 200 });
  const form = h('form', { class: 'search', role: 'search' }, words, submit(t('library.search_go')));
  const find = async () => {
    const q = words.control.value.trim();
    const r = await api('GET', shelfApi(cid) + (q ? '?q=' + encodeURIComponent(q) : ''));
    clear(out).append(cards(r.items.filter((i) => i.state === 'published'), (i) => `${shelfPage(cid)}/${i.id}`, (i) => {
      const note = field({ name: 'note', label: t('library.why_label'), type: 'textarea', rows: 2, maxlength: 1000 });
      const share = h('form', { class: 'share' }, note, h('p', { class: 'actions' }, submit(t('library.share')),
        i.kind === 'path' ? btn(t('library.clone'), () => send('clone', i, share, note)) : null));
      onSubmit(share, () => send('share', i, share, note), 'library');
      return share;
    }));
  };
  const send = async (action, i, f, note) => {
    const nd = await run(f, null, () => api('POST', `/api/projects/${pid}/library`, { action, item: i.id, note: action === 'share' ? note.control.value : '', client_key: clientKey() }), 'library');
    if (nd) done(nd, t(action === 'share' ? 'library.shared_done' : 'library.cloned_done', { title: i.title }));
  };
  onSubmit(form, find, 'library');
  return h('section', { 'aria-labelledby': 'take-h' }, h('h2', { id: 'take-h' }, t('library.take')), h('p', { class: 'hint' }, t('library.take_hint')), form, out,
    h('p', null, h('a', { href: shelfPage(cid) }, t('library.open_shelf'))));
}

/** A path of the project's own: a title and its steps, one per line. */
function ownPathForm(pid, done) {
  const title = field({ name: 'title', label: t('library.f.title'), maxlength: 200, required: true });
  const steps = field({ name: 'steps', label: t('library.f.steps'), type: 'textarea', rows: 4, hint: t('library.f.steps_hint_own') });
  const f = h('form', { class: 'own-path' }, title, steps, submit(t('library.make_path')));
  onSubmit(f, async () => {
    const lines = steps.control.value.split('\n').map((l) => l.trim()).filter(Boolean);
    done(await api('POST', `/api/projects/${pid}/library`, { action: 'create', title: title.control.value, steps: lines.map((text) => ({ text })), client_key: clientKey() }));
    title.control.value = steps.control.value = '';
  }, 'library');
  return h('details', { class: 'own' }, h('summary', null, t('library.write_path')), f);
}
