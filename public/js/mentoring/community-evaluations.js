// A community's evaluations (/communities/{id}/evaluations, for its admins; #12): the forms asked and answered per
// audience; each anonymous question's answers as a total (a scale's mean and how many chose each value, a choice's
// count per option, texts listed without their authors), or, with fewer than five answers, nothing but the fact; and
// the form each audience gets, with a simple editor (its title and introduction, each question's text, kind, options,
// whether it must be answered and who reads its answers; questions added and removed) that saves a new version, used
// for requests made from then on. Strings: public/i18n/evaluations.<lang>.json.
import { h, field, onSubmit, submit, say, statusOf, clear, uid, fmtNumber } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { api } from '../api.js';
import { load, forbidden } from './common.js';
import { strings, optionText, dayText, AUDIENCES, KINDS, READERS } from './evaluation-form.js';

const MAX_QUESTIONS = 30;
const MAX_OPTIONS = 12;
const TEXT_MAX = 300;
const OPTION_MAX = 120;
const INTRO_MAX = 2000;

const audienceText = (a) => t('evaluations.form_of.' + (AUDIENCES.includes(a) ? a : 'mentee'));
const isChoice = (kind) => kind === 'single' || kind === 'multiple';
/** The fit check's own question, whose answers (codes) say whether there is a concern: its kind and options stay. */
const locked = (audience, q) => audience === 'fit' && q.key === 'fit';

export async function page(ctx) {
  const [cid] = ctx.params;
  const [, home] = await Promise.all([strings(), load(ctx, `/api/communities/${cid}`)]);
  if (!home || !ctx.alive()) return;
  if (!home.can_manage) return forbidden(ctx);
  const [data, forms] = await Promise.all([
    load(ctx, `/api/communities/${cid}/evaluations`, { keep: true }),
    load(ctx, `/api/communities/${cid}/evaluation-forms`, { keep: true }),
  ]);
  if (!data || !forms || !ctx.alive()) return;
  const c = home.community;
  ctx.heading(t('evaluations.community_title', { name: c.name }));
  ctx.root.append(h('p', null, t('evaluations.community_intro')),
    h('p', null, h('a', { href: `/communities/${cid}` }, t('mentoring.back_to', { name: c.name }))),
    countsPart(data), anonymousPart(data), formsPart(cid, forms));
}

// ---- Figures ------------------------------------------------------------------------------------------------------

function countsPart(data) {
  const sec = h('section', { class: 'evaluation-counts', 'aria-labelledby': 'ev-counts-h' }, h('h2', { id: 'ev-counts-h' }, t('evaluations.counts')));
  const rows = (data.counts || []).filter((x) => AUDIENCES.includes(x.audience));
  if (!rows.length) {
    sec.append(h('p', { class: 'hint' }, t('evaluations.counts_none')));
    return sec;
  }
  sec.append(h('dl', { class: 'facts small evaluation-figures' }, AUDIENCES.map((a) => {
    const x = rows.find((r) => r.audience === a);
    if (!x) return null;
    return [h('dt', null, audienceText(a)), h('dd', { 'data-audience': a },
      t('evaluations.counts_line', { submitted: fmtNumber(x.submitted || 0), requested: fmtNumber(x.requested || 0), expired: fmtNumber(x.expired || 0) }))];
  })));
  return sec;
}

/** A bar per value (a meter, hidden from screen readers: the words beside it say the same). */
function bars(items, n) {
  return h('ul', { class: 'plain bars' }, items.map(([label, count]) => h('li', null,
    h('span', { class: 'bar-label' }, label),
    h('meter', { min: '0', max: String(Math.max(n, 1)), value: String(count), 'aria-hidden': 'true' }),
    h('span', { class: 'bar-n' }, t('evaluations.answers_n', { n: count })))));
}

/** A month ("2027-03") in the reader's language. */
function monthText(month) {
  const [y, m] = month.split('-').map(Number);
  try {
    return new Intl.DateTimeFormat(getLang(), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
  } catch {
    return month;
  }
}

function aggregateOf(item) {
  const a = item.aggregate;
  if (!a) return h('p', { class: 'notice fewer' }, t('evaluations.fewer', { min: item.min || 5 }));
  if (item.kind === 'scale') {
    const counts = a.counts || [];
    return [h('p', null, t('evaluations.mean', { mean: fmtNumber(a.mean, 1), n: a.n })),
      bars([1, 2, 3, 4, 5].map((v, i) => [String(v), counts[i] || 0]), a.n)];
  }
  if (Array.isArray(a.options)) {
    const q = { options: a.options.map((o) => o.option) };
    return [h('p', null, t('evaluations.answered_n', { n: a.n })), bars(a.options.map((o) => [optionText(q, o.option), o.count]), a.n)];
  }
  return [h('p', null, t('evaluations.answered_n', { n: a.n })),
    h('ul', { class: 'plain texts' }, (a.texts || []).map((x) => h('li', null, h('blockquote', { class: 'prewrap' }, x))))];
}

function anonymousPart(data) {
  const sec = h('section', { class: 'evaluation-anonymous', 'aria-labelledby': 'ev-anon-h' }, h('h2', { id: 'ev-anon-h' }, t('evaluations.anonymous')),
    h('p', { class: 'hint' }, t('evaluations.anonymous_hint')));
  const items = data.anonymous || [];
  if (!items.length) {
    sec.append(h('p', { class: 'hint' }, t('evaluations.anonymous_none')));
    return sec;
  }
  const order = (x) => AUDIENCES.indexOf(x.audience);
  sec.append(h('ul', { class: 'cards aggregates' }, [...items].sort((a, b) => order(a) - order(b)).map((item) => {
    const id = uid('agg');
    return h('li', { class: 'card', 'aria-labelledby': id, 'data-question': item.question },
      h('h3', { class: 'h3', id }, item.text),
      h('p', { class: 'hint' }, audienceText(item.audience), item.form_ref && !item.form_ref.startsWith('builtin:') ? [' · ', t('evaluations.community_form')] : null,
        item.month ? [' · ', monthText(item.month)] : null),
      item.open && item.enough
        ? h('p', { class: 'notice' }, t('evaluations.month_open'))
        : aggregateOf(item));
  })));
  return sec;
}

// ---- The forms and their editor -----------------------------------------------------------------------------------

function formsPart(cid, first) {
  let forms = first;
  const head = h('h2', { id: 'ev-forms-h', tabindex: '-1' }, t('evaluations.forms'));
  const list = h('ul', { class: 'cards form-list' });
  const sec = h('section', { class: 'evaluation-forms', 'aria-labelledby': 'ev-forms-h' }, head,
    h('p', { class: 'hint' }, t('evaluations.forms_hint')), list);
  statusOf(sec, head);

  function draw() {
    clear(list).append(...AUDIENCES.map((a) => (forms.forms || []).find((f) => f.audience === a)).filter(Boolean).map(card));
  }

  function card(item) {
    const f = item.form;
    const id = uid('evform');
    const li = h('li', { class: 'card', 'aria-labelledby': id, 'data-audience': item.audience },
      h('h3', { class: 'h3', id }, audienceText(item.audience)),
      h('p', null, h('strong', null, f.title)),
      h('p', { class: 'hint' }, item.version
        ? t('evaluations.version', { n: item.version, date: item.created_at ? dayText(item.created_at) : '' })
        : t('evaluations.tandem_form')),
      h('details', null, h('summary', null, t('evaluations.questions_n', { n: f.questions.length })),
        h('ol', { class: 'question-list' }, f.questions.map((q) => h('li', null,
          h('span', null, q.text),
          h('span', { class: 'hint' }, [t('evaluations.kind.' + q.kind), q.required ? t('evaluations.required') : t('evaluations.optional'), t('evaluations.readers_short.' + q.readers)].join(' · ')),
          isChoice(q.kind) ? h('span', { class: 'hint' }, t('evaluations.options_are', { list: q.options.map((o) => optionText(q, o)).join(', ') })) : null)))));
    const panel = h('div', { id: uid('evedit'), hidden: true });
    const open = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': panel.id, 'aria-label': t('evaluations.edit_of', { form: audienceText(item.audience) }) }, t('evaluations.edit'));
    const close = () => { panel.hidden = true; clear(panel); open.setAttribute('aria-expanded', 'false'); open.focus(); };
    open.addEventListener('click', () => {
      if (!panel.hidden) { close(); return; }
      panel.append(editor(item, close));
      panel.hidden = false;
      open.setAttribute('aria-expanded', 'true');
      panel.querySelector('input')?.focus();
    });
    li.append(h('p', { class: 'actions' }, open), panel);
    return li;
  }

  /** The editor: a new version of this audience's form. */
  function editor(item, close) {
    const f = item.form;
    const audience = item.audience;
    const title = field({ name: 'title', field: 'form.title', label: t('evaluations.editor.title'), maxlength: TEXT_MAX, required: true, value: f.title });
    const intro = field({ name: 'intro', field: 'form.intro', label: t('evaluations.editor.intro'), type: 'textarea', rows: 3, maxlength: INTRO_MAX, value: f.intro || '' });
    const list = h('ol', { class: 'rows-list questions-edit' });
    const addBtn = h('button', { type: 'button', class: 'small' }, t('evaluations.editor.add'));
    const keys = () => [...list.children].map((li) => li.item.key);

    /** A question's row: its fields named by its place, as the server names them (form.questions.2.options). */
    function row(q, i) {
      const n = i + 1;
      const at = (x) => `form.questions.${i}.${x}`;
      const li = h('li', { class: 'row-item question-edit', 'data-key': q.key });
      li.item = q;
      const fs = h('fieldset', null, h('legend', null, t('evaluations.editor.question_n', { n })));
      const text = field({ name: `text-${i}`, field: at('text'), label: t('evaluations.editor.text_n', { n }), maxlength: TEXT_MAX, required: true, value: q.text });
      fs.append(text);
      li.read = () => ({ ...li.item, text: text.control.value });
      if (locked(audience, q)) {
        fs.append(h('p', { class: 'hint' }, t('evaluations.editor.fit_locked')));
      } else {
        const kind = field({ name: `kind-${i}`, field: at('kind'), label: t('evaluations.editor.kind_n', { n }), type: 'select', value: q.kind,
          options: KINDS.map((k) => [k, t('evaluations.kind.' + k)]) });
        const options = field({ name: `options-${i}`, field: at('options'), label: t('evaluations.editor.options_n', { n }), type: 'textarea', rows: 4,
          value: (q.options || []).join('\n'), hint: t('evaluations.editor.options_hint', { max: MAX_OPTIONS }) });
        const showOptions = () => { options.hidden = !isChoice(kind.control.value); };
        kind.control.addEventListener('change', showOptions);
        showOptions();
        fs.append(kind, options);
        li.read = () => ({
          ...li.item, text: text.control.value, kind: kind.control.value,
          options: isChoice(kind.control.value) ? options.control.value.split('\n').map((o) => o.trim()).filter(Boolean) : [],
          required: li.required.control.checked, readers: li.readers.control.value,
        });
      }
      li.required = field({ name: `required-${i}`, field: at('required'), label: t('evaluations.editor.required_n', { n }), type: 'checkbox', value: q.required });
      li.readers = field({ name: `readers-${i}`, field: at('readers'), label: t('evaluations.editor.readers_n', { n }), type: 'select', value: q.readers,
        options: READERS.map((r) => [r, t('evaluations.readers_short.' + r)]) });
      if (locked(audience, q)) {
        const base = li.read;
        li.read = () => ({ ...base(), required: li.required.control.checked, readers: li.readers.control.value });
      }
      fs.append(li.required, li.readers);
      const rm = h('button', { type: 'button', class: 'small', hidden: locked(audience, q) }, t('evaluations.editor.remove_n', { n }));
      rm.addEventListener('click', () => {
        const rest = [...list.children].filter((x) => x !== li).map((x) => x.read());
        fill(rest, Math.min(i, rest.length - 1));
      });
      fs.append(h('p', { class: 'actions' }, rm));
      li.append(fs);
      return li;
    }

    function fill(questions, focus) {
      clear(list);
      questions.forEach((q, i) => list.append(row(q, i)));
      if (questions.length <= 1) list.querySelectorAll('.question-edit button').forEach((b) => { b.hidden = true; });
      addBtn.hidden = questions.length >= MAX_QUESTIONS;
      if (focus !== undefined) (focus >= 0 && list.children[focus] ? list.children[focus].querySelector('input') : addBtn).focus();
    }
    fill(f.questions.map((q) => ({ ...q, options: [...(q.options || [])] })));

    addBtn.addEventListener('click', () => {
      const now = [...list.children].map((li) => li.read());
      fill([...now, { key: newKey(keys()), kind: 'long', text: '', options: [], required: false, readers: 'programme' }], now.length);
    });

    const questions = h('fieldset', { 'data-field': 'form.questions', tabindex: '-1' }, h('legend', null, t('evaluations.editor.questions')),
      h('p', { class: 'hint' }, t('evaluations.editor.questions_hint')), list, h('p', null, addBtn));
    const form = h('form', { class: 'form-editor' }, title, intro, questions,
      h('p', { class: 'actions' }, submit(t('evaluations.editor.save')), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
    onSubmit(form, async () => {
      const qs = [...list.children].map((li) => li.read());
      const empty = qs.findIndex((q) => !q.text.trim());
      if (!title.control.value.trim()) throw { code: 'required', field: 'form.title' };
      if (empty >= 0) throw { code: 'required', field: `form.questions.${empty}.text` };
      const body = { audience, title: title.control.value, intro: intro.control.value, questions: qs.map(({ key, kind, text, options, required, readers }) => ({ key, kind, text, options, required, readers })) };
      forms = await api('PUT', `/api/communities/${cid}/evaluation-forms`, { form: body });
      const saved = (forms.forms || []).find((x) => x.audience === audience);
      draw();
      head.focus();
      say(sec, t('evaluations.editor.saved', { form: audienceText(audience), n: saved ? saved.version : '' }), 'ok', head);
    }, 'evaluation_form');
    return form;
  }

  draw();
  return sec;
}

/** A key for a new question: lowercase letters and _, not used by another. */
function newKey(used) {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (;;) {
    const b = new Uint8Array(6);
    crypto.getRandomValues(b);
    const k = 'q_' + [...b].map((x) => letters[x % 26]).join('');
    if (!used.includes(k)) return k;
  }
}
