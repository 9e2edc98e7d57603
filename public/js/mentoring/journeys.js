// A community's journey templates (/communities/{id}/journeys, for its admins): the community's own versions (drafts
// and published ones, and which one new projects take) and Tandem's built-in ones; a copy of either becomes a draft,
// a draft is edited (title, description, stages, clauses, minimum of interactions, length, who drafts the contract,
// whether mentees edit the plan) and published, optionally as the default. Its strings come with it
// (public/i18n/process.<lang>.json).
import { h, append, field, onSubmit, submit, say, statusOf, clear, fmtDate, uid } from '../dom.js';
import { t, has, addStrings } from '../i18n.js';
import { api } from '../api.js';
import { load, forbidden, run } from './common.js';

const MAX_STAGES = 12;
const MAX_ITEMS = 40;

export async function page(ctx) {
  const [cid] = ctx.params;
  const [, home] = await Promise.all([has('journeys.title') ? null : addStrings('process'), load(ctx, `/api/communities/${cid}`)]);
  if (!home || !ctx.alive()) return;
  if (!home.can_manage) return forbidden(ctx);
  let data = await load(ctx, `/api/communities/${cid}/journeys`);
  if (!data || !ctx.alive()) return;
  const c = home.community;
  ctx.heading(t('journeys.title', { name: c.name }));
  const mineH = h('h2', { id: 'mine-h', tabindex: '-1' }, t('journeys.mine'));
  const mine = h('section', { 'aria-labelledby': 'mine-h' }, mineH);
  const mineList = h('div');
  mine.append(mineList);
  // What a change did is said under this heading, where the focus goes once it is done.
  statusOf(mine, mineH);
  const builtIn = h('section', { 'aria-labelledby': 'builtin-h' }, h('h2', { id: 'builtin-h' }, t('journeys.built_in')),
    h('p', { class: 'hint' }, t('journeys.built_in_hint')));
  const builtList = h('ul', { class: 'cards' });
  builtIn.append(builtList);
  ctx.root.append(h('p', null, t('journeys.intro')),
    h('p', null, h('a', { href: `/communities/${cid}` }, t('mentoring.back_to', { name: c.name }))),
    mine, builtIn);

  const isDefault = (id) => data.default === id;
  const defaultBadge = (id) => (isDefault(id) ? [' ', h('span', { class: 'badge ok' }, t('journeys.default'))] : null);

  /** After a change: the list again from the server, and what happened said under "This community's journeys". */
  async function refresh(msg, openId) {
    data = await api('GET', `/api/communities/${cid}/journeys`);
    draw();
    mineH.focus();
    if (msg) say(mine, msg, 'ok', mineH);
    if (openId) mineList.querySelector(`[data-id="${openId}"] button[data-action="edit"]`)?.click();
  }

  /** A copy of a built-in template or a stored version becomes a new draft (opened to edit). */
  const copy = (from, button) => run(null, button, async () => {
    const made = await api('POST', `/api/communities/${cid}/journeys`, { from });
    await refresh(t('journeys.copied', { title: made.title, n: made.version }), made.id);
  }, 'journeys');

  function draw() {
    clear(mineList);
    const items = data.items || [];
    if (!items.length) mineList.append(h('p', { class: 'hint' }, t('journeys.none')));
    else mineList.append(h('ul', { class: 'cards' }, items.map(storedCard)));
    clear(builtList).append(...(data.built_in || []).map(builtInCard));
  }

  function storedCard(j) {
    const id = uid('j');
    const tpl = j.template || {};
    const li = h('li', { class: 'card', 'aria-labelledby': id, 'data-id': j.id },
      h('h3', { class: 'h3', id }, j.title),
      h('p', null, t('journeys.version', { n: j.version }), ' ', h('span', { class: 'badge' + (j.state === 'draft' ? ' warn' : '') }, t('journeys.state.' + j.state)), defaultBadge(j.id)),
      h('p', { class: 'hint' }, j.published_at ? t('journeys.published_on', { date: fmtDate(j.published_at) }) : t('journeys.created_on', { date: fmtDate(j.created_at) })),
      facts(tpl));
    const panel = h('div', { id: uid('panel'), hidden: true });
    const row = h('p', { class: 'actions' });
    let by = null;
    const close = () => { panel.hidden = true; clear(panel); if (by) { by.setAttribute('aria-expanded', 'false'); by.focus(); } by = null; };
    const opener = (action, label, build) => {
      const b = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false', 'aria-controls': panel.id, 'data-action': action, 'aria-label': `${label}: ${j.title}` }, label);
      b.addEventListener('click', () => {
        const was = by;
        if (by) { panel.hidden = true; clear(panel); by.setAttribute('aria-expanded', 'false'); by = null; }
        if (was === b) { b.focus(); return; }
        by = b;
        b.setAttribute('aria-expanded', 'true');
        panel.append(build(close));
        panel.hidden = false;
        panel.querySelector('input, textarea, select')?.focus();
      });
      row.append(b);
    };
    if (j.state === 'draft') {
      opener('edit', t('journeys.edit'), (close) => editor(j, close));
      opener('publish', t('journeys.publish'), (close) => publishForm(j, close));
    } else {
      const b = h('button', { type: 'button', class: 'small', 'aria-label': `${t('journeys.new_version')}: ${j.title}` }, t('journeys.new_version'));
      b.addEventListener('click', () => copy(j.id, b));
      row.append(b);
    }
    li.append(row, panel);
    return li;
  }

  function builtInCard(b) {
    const id = uid('b');
    const tpl = b.template || {};
    const copyBtn = h('button', { type: 'button', class: 'small', 'aria-label': `${t('journeys.copy')}: ${tpl.title}` }, t('journeys.copy'));
    copyBtn.addEventListener('click', () => copy(b.id, copyBtn));
    return h('li', { class: 'card', 'aria-labelledby': id },
      h('h3', { class: 'h3', id }, tpl.title, defaultBadge(b.id)),
      tpl.description ? h('p', null, tpl.description) : null,
      facts(tpl),
      h('p', { class: 'actions' }, copyBtn));
  }

  function publishForm(j, close) {
    const form = h('form', { class: 'note-form' },
      h('p', null, t('journeys.publish_intro')),
      field({ name: 'default', label: t('journeys.make_default'), type: 'checkbox', value: false }),
      h('p', { class: 'actions' }, submit(t('journeys.publish_confirm', { n: j.version })), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
    onSubmit(form, async () => {
      const def = form.elements.default.checked;
      const res = await api('POST', `/api/communities/${cid}/journeys/${j.id}/publish`, { default: def });
      await refresh(t(def ? 'journeys.published_default' : 'journeys.published', { title: res.title, n: res.version }));
    }, 'journeys');
    return form;
  }

  /** A draft's editor. Fields a form does not show (tools, checks, the agenda, the goal library, the action plan)
   * are sent back as they were. */
  function editor(j, close) {
    const tpl = j.template;
    const form = h('form', { class: 'journey-form' });
    const stages = rows({
      legend: t('journeys.stages'), field: 'template.stages', max: MAX_STAGES, min: 1, items: tpl.stages,
      add: t('journeys.add_stage'), blank: () => ({ title: '', description: '', days: 30, tools: [], checks: [] }),
      fields: (s, n) => [
        field({ name: 'stage_title', label: t('journeys.stage_title', { n }), maxlength: 120, value: s.title, field: 'title' }),
        field({ name: 'stage_description', label: t('journeys.stage_description', { n }), type: 'textarea', rows: 2, maxlength: 2000, value: s.description, field: 'description' }),
        field({ name: 'stage_days', label: t('journeys.stage_days', { n }), type: 'number', min: '1', max: '365', inputmode: 'numeric', value: String(s.days ?? ''), field: 'days' })],
      remove: (n) => t('journeys.remove_stage', { n }),
      read: (li, s) => ({ ...s, title: li.querySelector('[name="stage_title"]').value, description: li.querySelector('[name="stage_description"]').value, days: int(li.querySelector('[name="stage_days"]').value) }),
    });
    const clauses = rows({
      legend: t('journeys.clauses'), hint: t('journeys.clauses_hint'), field: 'template.clauses', max: MAX_ITEMS, min: 0, items: tpl.clauses,
      add: t('journeys.add_clause'), blank: () => ({ title: '', text: '' }),
      fields: (cl, n) => [
        field({ name: 'clause_title', label: t('journeys.clause_title', { n }), maxlength: 120, value: cl.title, field: 'title' }),
        field({ name: 'clause_text', label: t('journeys.clause_text', { n }), type: 'textarea', rows: 3, maxlength: 2000, value: cl.text, field: 'text' })],
      remove: (n) => t('journeys.remove_clause', { n }),
      read: (li) => ({ title: li.querySelector('[name="clause_title"]').value, text: li.querySelector('[name="clause_text"]').value }),
    });
    append(form, [
      field({ name: 'title', label: t('journeys.field_title'), maxlength: 120, required: true, value: tpl.title, field: 'template.title' }),
      field({ name: 'description', label: t('journeys.field_description'), type: 'textarea', rows: 3, maxlength: 2000, value: tpl.description, field: 'template.description' }),
      stages.el, clauses.el,
      field({ name: 'min_interactions', label: t('journeys.min_interactions'), type: 'number', min: '0', max: '100', inputmode: 'numeric', value: String(tpl.min_interactions), field: 'template.min_interactions', hint: t('journeys.min_interactions_hint') }),
      field({ name: 'duration_months', label: t('journeys.duration_months'), type: 'number', min: '1', max: '36', inputmode: 'numeric', value: String(tpl.duration_months), field: 'template.duration_months' }),
      field({ name: 'contract_drafter', label: t('journeys.contract_drafter'), type: 'select', value: tpl.contract_drafter, field: 'template.contract_drafter',
        options: [['mentor', t('journeys.drafter.mentor')], ['coordinator', t('journeys.drafter.coordinator')]] }),
      field({ name: 'mentees_edit_plan', label: t('journeys.mentees_edit_plan'), type: 'checkbox', value: tpl.mentees_edit_plan, field: 'template.mentees_edit_plan' }),
      h('p', { class: 'actions' }, submit(t('journeys.save')), h('button', { type: 'button', onclick: close }, t('common.cancel')))]);
    onSubmit(form, async () => {
      const template = {
        ...tpl,
        title: form.elements.title.value,
        description: form.elements.description.value,
        stages: stages.read(),
        clauses: clauses.read(),
        min_interactions: int(form.min_interactions.value),
        duration_months: int(form.duration_months.value),
        contract_drafter: form.contract_drafter.value,
        mentees_edit_plan: form.mentees_edit_plan.checked,
      };
      for (const k of ['min_interactions', 'duration_months']) if (template[k] === null) throw { code: 'required', field: 'template.' + k };
      template.stages.forEach((s, i) => { if (s.days === null) throw { code: 'required', field: `template.stages.${i}.days` }; });
      const res = await api('PUT', `/api/communities/${cid}/journeys/${j.id}`, { template });
      await refresh(t('journeys.saved', { title: res.title, n: res.version }));
    }, 'journeys');
    return form;
  }

  draw();
}

/** A whole number from a field, or null when it holds none. */
const int = (v) => (v.trim() === '' || !Number.isFinite(Number(v)) ? null : Math.trunc(Number(v)));

/** A template's figures in brief: stages, length, minimum of interactions, who drafts the contract. */
function facts(tpl) {
  return h('p', { class: 'hint' }, t('journeys.facts', { stages: (tpl.stages || []).length, months: tpl.duration_months, n: tpl.min_interactions }),
    ' · ', t('journeys.drafts.' + tpl.contract_drafter));
}

/** A list of rows (stages, clauses) in a fieldset: each row's fields, a button to remove it, one to add a row. Each
 * control is named by its place (`template.stages.1.days`) as the server names it, so that an error lands next to
 * it. Returns {el, read()}. */
function rows({ legend, hint, field: path, max, min, items, add, blank, fields, remove, read }) {
  const list = h('ol', { class: 'rows-list' });
  const addBtn = h('button', { type: 'button', class: 'small' }, add);
  const row = (item) => {
    const li = h('li', { class: 'row-item' });
    li.item = item;
    return li;
  };
  // Drawn again after each change, from what the fields hold, so that labels and names follow the numbering.
  const fill = (values, focus) => {
    clear(list);
    values.forEach((item, i) => {
      const li = row(item);
      for (const f of fields(item, i + 1)) {
        f.control.dataset.field = `${path}.${i}.${f.control.dataset.field}`;
        li.append(f);
      }
      const rm = h('button', { type: 'button', class: 'small', hidden: values.length <= min }, remove(i + 1));
      rm.addEventListener('click', () => {
        const rest = [...list.children].filter((x) => x !== li).map((x) => read(x, x.item));
        fill(rest, Math.min(i, rest.length - 1));
      });
      li.append(h('p', { class: 'actions' }, rm));
      list.append(li);
    });
    addBtn.hidden = values.length >= max;
    if (focus !== undefined) (focus >= 0 && list.children[focus] ? list.children[focus].querySelector('input, textarea') : addBtn).focus();
  };
  fill((items || []).map((x) => ({ ...x })));
  addBtn.addEventListener('click', () => {
    const now = [...list.children].map((li) => read(li, li.item));
    fill([...now, blank()], now.length);
  });
  const el = h('fieldset', { 'data-field': path, tabindex: '-1' }, h('legend', null, legend), hint ? h('p', { class: 'hint' }, hint) : null, list, h('p', null, addBtn));
  return { el, read: () => [...list.children].map((li) => read(li, li.item)) };
}
