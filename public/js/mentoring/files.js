// The project's document folder: a folder's documents and sub-folders (versions, who changed what and when), uploads
// with a progress bar each, new folders, renaming, moving, deleting to the trash, and the trash itself (restore,
// delete forever). Its strings come with it (public/i18n/files.<lang>.json), so the first visit does not carry them.
import { h, append, field, onSubmit, submit, announce, say, statusOf, btn, clear, fmtDate, fmtSize, fmtNumber, uid } from '../dom.js';
import { t, tError, has, addStrings } from '../i18n.js';
import { api, upload } from '../api.js';
import { load, run } from './common.js';
import { isWorkspace, sectionBar } from './sections.js';

const TRASH_DAYS = 30;
const MB = 1048576;
const NAME_MAX = 120;

/** Sizes: whole megabytes without decimals (limits, the quota), nothing as "0 KB". */
const mb = (n) => (n % MB ? fmtSize(n) : t('size.mb', { n: fmtNumber(n / MB) }));
const size = (n) => (n ? fmtSize(n) : t('size.kb', { n: fmtNumber(0) }));
const download = (pid, id, version) => `/api/projects/${pid}/files/${id}/download` + (version ? `?version=${version}` : '');

/** The strings, the page's data (or null: "not found" is drawn) and the project's title. */
async function open(ctx, path) {
  const [pid] = ctx.params;
  const [, data, view] = await Promise.all([
    has('folder.title') ? null : addStrings('files'),
    load(ctx, path),
    api('GET', `/api/projects/${pid}`, null, { quiet: true }).catch(() => null),
  ]);
  if (!data || !ctx.alive()) return null;
  const p = view && view.project;
  return { data, project: p, title: p ? (p.kind === 'group' && p.group_name) || p.title : t('folder.project'),
    // The workspace's section bar, with "Documents" marked (when the project's view came).
    bar: isWorkspace(view) ? sectionBar(view, 'files', view.chat_unread || 0) : null };
}

/** Where we are: the project, the folder's root, then each folder down to this page (the last). */
function crumbs(pid, title, trail) {
  const all = [[`/projects/${pid}`, title], ...trail];
  return h('nav', { class: 'crumbs', 'aria-label': t('folder.crumbs') }, h('ol', null, all.map(([href, label], i) =>
    h('li', null, h('a', { href, 'aria-current': i === all.length - 1 ? 'page' : null }, label)))));
}

const folderBadge = () => [' ', h('span', { class: 'badge' }, t('folder.folder'))];

/** An upload's or a change's error in plain words. */
function why(e, max) {
  if (e.code === 'payload_too_large') return t('folder.too_large', { max: mb(max) });
  return tError(e, 'folder');
}

/** A button that opens a panel below its item (and closes it when pressed again). */
function panelButtons(name) {
  const panel = h('div', { id: uid('panel'), hidden: true });
  const row = h('p', { class: 'actions' });
  let by = null;
  const close = () => {
    panel.hidden = true;
    clear(panel);
    if (by) by.setAttribute('aria-expanded', 'false');
    by = null;
  };
  const add = (label, build) => {
    const b = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false', 'aria-controls': panel.id, 'aria-label': `${label}: ${name}` }, label);
    b.addEventListener('click', () => {
      const was = by;
      close();
      if (was === b) return;
      by = b;
      b.setAttribute('aria-expanded', 'true');
      panel.hidden = false;
      panel.append(build(() => { close(); b.focus(); }));
      panel.querySelector('input, select, button')?.focus();
    });
    row.append(b);
  };
  return { row, panel, add };
}

// ---- A folder -----------------------------------------------------------------------------------------------------

export async function folder(ctx) {
  const [pid] = ctx.params;
  const fid = ctx.query.get('folder') || '';
  const q = fid ? '?folder=' + encodeURIComponent(fid) : '';
  const first = await open(ctx, `/api/projects/${pid}/files${q}`);
  if (!first) return;
  let d = first.data;
  const home = `/projects/${pid}/files`;
  const here = d.folder ? d.folder.name : t('folder.title');
  ctx.heading(here);
  if (first.bar) ctx.root.append(first.bar);
  ctx.root.append(crumbs(pid, first.title, [[home, t('folder.title')], ...d.path.map((f) => [`${home}?folder=${f.id}`, f.name])]));

  const readOnly = h('p', { class: 'notice' }, t('folder.read_only'));
  const usage = h('div');
  const list = h('div');
  const listH = h('h2', { id: 'items-h', tabindex: '-1' }, d.folder ? t('folder.in', { name: here }) : t('folder.contents'));
  const adder = addSection();
  // What a change to an item did is said under the list's heading, where the focus goes once it is done.
  const items = h('section', { 'aria-labelledby': 'items-h' }, listH, list);
  statusOf(items, listH);
  ctx.root.append(readOnly, usage, adder, items,
    h('p', { class: 'links' }, h('a', { href: `${home}/trash` }, t('folder.to_trash'))),
    h('p', { class: 'hint' }, t('folder.trash_hint', { n: TRASH_DAYS })));

  // Every folder of the project, for "Move": walked through the listing, level by level, once per refresh.
  let folders = null;
  const tree = () => folders || (folders = walk().catch((e) => { folders = null; throw e; }));
  async function walk() {
    const out = [{ id: '', label: t('folder.title'), chain: [] }];
    let level = [out[0]];
    while (level.length && out.length < 200) {
      const lists = await Promise.all(level.map((f) => api('GET', `/api/projects/${pid}/files` + (f.id ? '?folder=' + f.id : ''))));
      const next = [];
      lists.forEach((l, i) => {
        for (const x of l.items) {
          if (x.kind === 'folder') next.push({ id: x.id, label: `${level[i].label} › ${x.name}`, chain: [...level[i].chain, x.id] });
        }
      });
      out.push(...next);
      level = next;
    }
    return out;
  }

  async function refresh() {
    d = await api('GET', `/api/projects/${pid}/files${q}`);
    folders = null;
    draw();
  }

  function draw() {
    readOnly.hidden = d.writable;
    adder.hidden = !d.writable;
    const id = uid('use');
    clear(usage).append(
      h('label', { for: id }, t('folder.usage', { used: size(d.usage.used_bytes), quota: mb(d.usage.quota_bytes) })),
      h('meter', { id, min: '0', max: String(d.usage.quota_bytes), value: String(d.usage.used_bytes), high: String(Math.round(d.usage.quota_bytes * 0.9)), optimum: '0' }));
    drawItems();
  }

  // The cards of items that have not changed stay as they are (with an open panel, and the focus), so that an upload
  // finishing in the background does not close the form someone is filling in.
  let ul = null;
  let cards = new Map();
  function drawItems() {
    if (!d.items.length) {
      ul = null;
      cards = new Map();
      const empty = !d.writable ? 'folder.empty_read_only' : d.folder ? 'folder.empty_here' : 'folder.empty';
      clear(list).append(h('p', { class: 'hint' }, t(empty)));
      return;
    }
    if (!ul) clear(list).append(ul = h('ul', { class: 'cards folder' }));
    const next = new Map();
    d.items.forEach((it, i) => {
      const sig = [it.name, it.updated_at, it.versions, d.writable].join('/');
      const old = cards.get(it.id);
      const li = old && old.sig === sig ? old.li : item(it);
      next.set(it.id, { li, sig });
      if (ul.children[i] !== li) ul.insertBefore(li, ul.children[i] || null);
    });
    while (ul.children.length > d.items.length) ul.lastChild.remove();
    cards = next;
  }

  /** Upload documents, make a folder. */
  function addSection() {
    const file = field({ name: 'file', label: t('folder.upload'), type: 'file', hint: t('folder.upload_hint', { max: mb(d.max_file_bytes) }) });
    file.control.multiple = true;
    const uploads = h('ul', { class: 'plain', 'aria-label': t('folder.uploads'), hidden: true });
    let chain = Promise.resolve();
    file.control.addEventListener('change', () => {
      const jobs = [...file.control.files].map((f) => uploadRow(f, uploads));
      file.control.value = '';
      // One at a time: kinder to a poor connection, and each ends before the next starts.
      chain = chain.then(async () => { for (const job of jobs) if (job) await job(); }).catch(() => {});
    });
    const name = field({ name: 'name', label: t('folder.new_folder'), maxlength: NAME_MAX });
    const form = h('form', { class: 'inline-form' }, name, submit(t('folder.create')));
    onSubmit(form, async () => {
      const value = name.control.value.trim();
      if (!value) throw { code: 'required', field: 'name' };
      const res = await api('POST', `/api/projects/${pid}/folders`, fid ? { name: value, folder: fid } : { name: value });
      name.control.value = '';
      await refresh();
      say(form, t('folder.created', { name: res.item.name }));
    }, 'folder');
    const sec = h('section', { 'aria-labelledby': 'add-h' }, h('h2', { id: 'add-h' }, t('folder.add')), file, uploads, form);
    // Uploads are said under their progress bars.
    statusOf(sec, uploads);
    return sec;
  }

  /** A row for one chosen file: refused at once if too large, else a progress bar and the upload to run. */
  function uploadRow(f, uploads) {
    uploads.hidden = false;
    const li = h('li', { class: 'progress' });
    uploads.append(li);
    const failed = (msg) => {
      clear(li).append(h('p', null, h('strong', null, f.name)), h('p', { class: 'field-error' }, msg));
      say(adder, `${f.name}: ${msg}`, 'error');
    };
    if (f.size > d.max_file_bytes) {
      failed(t('folder.too_big', { size: fmtSize(f.size), max: mb(d.max_file_bytes) }));
      return null;
    }
    const id = uid('up');
    const label = h('label', { for: id }, t('folder.progress', { name: f.name, pct: 0 }));
    const bar = h('progress', { id, max: '100', value: '0' });
    const note = h('p', { class: 'hint' }, t('folder.waiting'));
    li.append(label, bar, note);
    return async () => {
      note.textContent = t('folder.sending');
      let res;
      try {
        res = await upload(`/api/projects/${pid}/files${q}`, f, (x) => {
          const pct = Math.round(x * 100);
          bar.value = pct;
          label.textContent = t('folder.progress', { name: f.name, pct });
        });
      } catch (e) {
        if (!e.handled) failed(why(e, d.max_file_bytes));
        return;
      }
      const msg = res.version > 1 ? t('folder.new_version', { name: res.item.name, n: res.version })
        : t(res.item.name === f.name ? 'folder.uploaded' : 'folder.uploaded_as', { name: res.item.name });
      note.textContent = msg;
      say(adder, res.version > 1 ? msg : t('folder.uploaded_named', { name: res.item.name }));
      if (ctx.alive()) await refresh().catch(() => {});
    };
  }

  /** One document or folder, and what may be done with it. */
  function item(it) {
    const hid = uid('it');
    const isFolder = it.kind === 'folder';
    const name = isFolder ? h('a', { href: `${home}?folder=${it.id}` }, it.name) : h('a', { href: download(pid, it.id), download: it.name }, it.name);
    const when = (key, at, by) => t(key, { date: fmtDate(at), name: by });
    const changed = it.updated_at !== it.created_at;
    const li = h('li', { class: 'card', 'aria-labelledby': hid },
      h('h3', { class: 'h3', id: hid }, name, isFolder ? folderBadge() : null),
      h('p', { class: 'hint' },
        isFolder ? null : [size(it.size), ' · ', t('folder.versions', { n: it.versions }), h('br')],
        when('folder.added', it.created_at, it.created_by_name),
        changed ? [h('br'), when('folder.changed', it.updated_at, it.updated_by_name)] : null));
    const { row, panel, add } = panelButtons(it.name);
    if (!isFolder) add(t('folder.details'), (close) => details(it, close));
    if (d.writable) {
      add(t('folder.rename'), (close) => renameForm(it, close));
      add(t('folder.move'), (close) => moveForm(it, close));
      add(t('folder.delete'), (close) => deleteBox(it, close));
    }
    if (row.childNodes.length) li.append(row, panel);
    return li;
  }

  function details(it, close) {
    const box = h('div', { class: 'note-form' }, h('p', { class: 'hint' }, t('common.working')));
    api('GET', `/api/projects/${pid}/files/${it.id}`).then((r) => {
      clear(box).append(
        h('h4', { class: 'h3' }, t('folder.versions_of', { name: r.item.name })),
        h('ol', { class: 'plain' }, r.versions.map((v, i) => h('li', null,
          h('a', { href: download(pid, it.id, v.id), download: r.item.name }, t('folder.version', { n: v.number })),
          i === 0 ? [' ', h('span', { class: 'badge ok' }, t('folder.current'))] : null,
          h('p', { class: 'hint' }, size(v.size), ' · ', t('folder.uploaded_by', { date: fmtDate(v.created_at), name: v.uploaded_by_name }))))),
        h('p', null, btn(t('folder.close'), close, 'small')));
    }).catch((e) => {
      if (!e.handled) clear(box).append(h('p', { class: 'field-error' }, tError(e, 'folder')), h('p', null, btn(t('folder.close'), close, 'small')));
    });
    return box;
  }

  function renameForm(it, close) {
    const name = field({ name: 'name', label: t('folder.new_name', { name: it.name }), maxlength: NAME_MAX, required: true, value: it.name });
    const form = h('form', { class: 'note-form' }, name, h('p', { class: 'actions' }, submit(t('folder.rename_save')), btn(t('common.cancel'), close)));
    onSubmit(form, async () => {
      const value = name.control.value.trim();
      if (!value) throw { code: 'required', field: 'name' };
      if (value === it.name) { close(); return; }
      const res = await api('PATCH', `/api/projects/${pid}/files/${it.id}`, { name: value });
      await refresh();
      say(items, t('folder.renamed', { old: it.name, name: res.item.name }));
      listH.focus();
    }, 'folder');
    return form;
  }

  function moveForm(it, close) {
    const to = field({ name: 'folder', label: t('folder.move_to', { name: it.name }), type: 'select', options: [['', t('common.working')]] });
    const go = submit(t('folder.move_here'));
    to.control.disabled = go.disabled = true;
    const form = h('form', { class: 'note-form' }, to, h('p', { class: 'actions' }, go, btn(t('common.cancel'), close)));
    tree().then((all) => {
      // Not where it is already, not itself, nor (for a folder) anywhere inside it.
      const places = all.filter((f) => f.id !== it.parent_id && !f.chain.includes(it.id));
      clear(to.control);
      if (!places.length) {
        to.control.append(h('option', { value: '' }, t('folder.nowhere')));
        return;
      }
      places.forEach((f) => to.control.append(h('option', { value: f.id }, f.label)));
      to.control.disabled = go.disabled = false;
      to.control.focus();
    }).catch((e) => { if (!e.handled) form.prepend(h('p', { class: 'form-error', role: 'alert' }, tError(e, 'folder'))); });
    onSubmit(form, async () => {
      const where = to.control.selectedOptions[0].textContent;
      await api('PATCH', `/api/projects/${pid}/files/${it.id}`, { folder: to.control.value });
      await refresh();
      say(items, t('folder.moved', { name: it.name, where }));
      listH.focus();
    }, 'folder');
    return form;
  }

  function deleteBox(it, close) {
    const qid = uid('q');
    const yes = btn(t('folder.delete_yes'), () => run(null, yes, async () => {
      await api('DELETE', `/api/projects/${pid}/files/${it.id}`);
      await refresh();
      say(items, t('folder.trashed', { name: it.name, n: TRASH_DAYS }));
      listH.focus();
    }, 'folder'), 'primary');
    yes.setAttribute('aria-describedby', qid);
    return h('div', { class: 'note-form' },
      h('p', { id: qid }, t(it.kind === 'folder' ? 'folder.delete_folder_q' : 'folder.delete_q', { name: it.name, n: TRASH_DAYS })),
      h('p', { class: 'actions' }, yes, btn(t('common.cancel'), close)));
  }

  draw();
}

// ---- The trash ----------------------------------------------------------------------------------------------------

export async function trash(ctx) {
  const [pid] = ctx.params;
  const first = await open(ctx, `/api/projects/${pid}/trash`);
  if (!first) return;
  let d = first.data;
  const home = `/projects/${pid}/files`;
  const h1 = ctx.heading(t('trash.title'));
  const writable = !!first.project && first.project.state === 'active';
  const list = h('div');
  append(ctx.root, [
    first.bar,
    crumbs(pid, first.title, [[home, t('folder.title')], [`${home}/trash`, t('trash.title')]]),
    h('p', null, t('trash.intro', { n: d.kept_days })),
    writable ? null : h('p', { class: 'notice' }, t('folder.read_only')),
    list,
    h('p', { class: 'links' }, h('a', { href: home }, t('trash.back')))]);

  const refresh = async () => {
    d = await api('GET', `/api/projects/${pid}/trash`);
    draw();
    h1.focus();
  };
  const draw = () => clear(list).append(d.items.length ? h('ul', { class: 'cards folder' }, d.items.map(card)) : h('p', { class: 'hint' }, t('trash.empty')));

  function card(it) {
    const hid = uid('tr');
    const isFolder = it.kind === 'folder';
    const li = h('li', { class: 'card', 'aria-labelledby': hid },
      h('h2', { class: 'h3', id: hid }, it.name, isFolder ? folderBadge() : null),
      h('p', { class: 'hint' },
        // The space it holds: every version of everything in it.
        isFolder ? (it.contains ? [t('trash.contains', { n: it.contains }), ' · ', size(it.total_bytes)] : t('trash.empty_folder'))
          : [size(it.total_bytes ?? it.size), ' · ', t('folder.versions', { n: it.versions })], h('br'),
        t('trash.deleted', { date: fmtDate(it.deleted_at), name: it.deleted_by_name }), h('br'),
        h('strong', null, t('trash.purge', { date: fmtDate(it.purge_at) }))));
    if (!writable) return li;
    const { row, panel, add } = panelButtons(it.name);
    const restore = btn(t('trash.restore'), () => run(null, restore, async () => {
      const res = await api('POST', `/api/projects/${pid}/trash/${it.id}/restore`);
      const where = [t('folder.title'), ...res.path.map((f) => f.name)].join(' › ');
      await refresh();
      announce(t(res.item.name === it.name ? 'trash.restored' : 'trash.restored_as', { name: res.item.name, where }));
    }, 'folder'), 'small primary');
    restore.setAttribute('aria-label', `${t('trash.restore')}: ${it.name}`);
    row.append(restore);
    add(t('trash.forever'), (close) => {
      const qid = uid('q');
      const yes = btn(t('trash.forever_yes'), () => run(null, yes, async () => {
        await api('DELETE', `/api/projects/${pid}/trash/${it.id}`);
        await refresh();
        announce(t('trash.gone', { name: it.name }));
      }, 'folder'), 'primary');
      yes.setAttribute('aria-describedby', qid);
      return h('div', { class: 'note-form' },
        h('p', { id: qid }, t(isFolder ? 'trash.forever_folder_q' : 'trash.forever_q', { name: it.name })),
        h('p', { class: 'actions' }, yes, btn(t('common.cancel'), close)));
    });
    li.append(row, panel);
    return li;
  }

  draw();
}
