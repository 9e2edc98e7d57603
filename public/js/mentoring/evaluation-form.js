// An evaluation form's questions as accessible fields, and answers in words: shared by a member's form
// (js/mentoring/evaluations.js), the organisation contact's page without an account (js/pages/evaluate.js) and the
// community's page (js/mentoring/community-evaluations.js). Each question says who will read its answer: the
// project's other members, the programme (the coordinator, with the respondent's name), or nobody but as a total of at
// least five. A scale is a group of five radio buttons, a single choice radio buttons, a multiple choice check boxes,
// texts a line or a box with their limits. The fit check's options are codes (yes, not_sure, no), shown as words.
// Strings: public/i18n/evaluations.<lang>.json, loaded with strings().
import { h, field, uid, fmtNumber } from '../dom.js';
import { t, has, addStrings, getLang } from '../i18n.js';
import { TEXTS } from './evaluation-texts.js';

/** The evaluations' strings, added to the language's once. */
export const strings = () => (has('evaluations.title') ? null : addStrings('evaluations'));

export const SHORT_MAX = 200;
export const LONG_MAX = 4000;
export const KINDS = ['scale', 'single', 'multiple', 'short', 'long'];
export const READERS = ['project', 'programme', 'anonymous'];
export const AUDIENCES = ['mentee', 'mentor', 'organisation', 'fit'];
/** The fit check's answers, codes the server reads. */
export const FIT = ['yes', 'not_sure', 'no'];

/** A day, in words ("15 December 2026"), in this device's zone. */
export function dayText(ms) {
  try {
    return new Intl.DateTimeFormat(getLang(), { dateStyle: 'long' }).format(new Date(ms));
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}

/** Who will read an answer, in words (a guest's form says it from their side). */
export const readersText = (readers, guest = false) =>
  t((guest ? 'evaluations.readers_guest.' : 'evaluations.readers.') + (READERS.includes(readers) ? readers : 'programme'));

/** A text of a form in the reader's language when it is one of Tandem's own (evaluation-texts.js), else as written. */
export const formText = (s) => ((TEXTS[getLang()] || {})[s]) || s || '';

/** An option in words: the fit check's codes translated, Tandem's own options too, any other as the form says it. */
export function optionText(q, option) {
  if (q && FIT.includes(option) && (q.options || []).every((o) => FIT.includes(o))) return t('evaluations.fit.' + option);
  return formText(String(option));
}

/** An answer in words. */
export function valueText(q, value) {
  if (value == null || value === '') return t('evaluations.no_answer');
  if (q && q.kind === 'scale') return t('evaluations.scale_value', { n: fmtNumber(Number(value)) });
  if (Array.isArray(value)) return value.map((o) => optionText(q, o)).join(', ');
  if (q && (q.kind === 'single' || q.kind === 'multiple')) return optionText(q, value);
  return String(value);
}

/** A question's text, with "(required)" when it is. */
const questionLabel = (q) => (q.required ? t('evaluations.required_label', { text: formText(q.text) }) : formText(q.text));

/** A group of radio buttons or check boxes: a fieldset named by the question, saying who reads it. */
function choiceGroup(q, name, guest) {
  const hintId = uid('qh');
  const set = h('fieldset', { class: 'question choice', 'data-field': `answers.${q.key}`, 'data-key': q.key, tabindex: '-1', 'aria-describedby': hintId },
    h('legend', null, questionLabel(q)),
    h('p', { id: hintId, class: 'hint readers' }, readersText(q.readers, guest)));
  const items = h('div', { class: q.kind === 'scale' ? 'options scale' : 'options' });
  const type = q.kind === 'multiple' ? 'checkbox' : 'radio';
  const choices = q.kind === 'scale' ? ['1', '2', '3', '4', '5'].map((v) => [v, v]) : q.options.map((o) => [o, optionText(q, o)]);
  // A choice that need not be answered can be left unanswered again.
  if (type === 'radio' && !q.required) choices.unshift(['', t('evaluations.no_answer')]);
  for (const [value, label] of choices) {
    const id = uid('opt');
    const input = h('input', { type, id, name, value, required: type === 'radio' && q.required });
    if (type === 'radio' && !q.required && value === '') input.checked = true;
    items.append(h('div', { class: 'field check' }, input, h('label', { for: id }, label)));
  }
  set.append(items);
  return set;
}

/**
 * The questions of `form` as fields. `guest`: the form is an organisation contact's. Returns {el, collect(),
 * fill(answers), check(), count()}: collect() gives the answers as the server reads them ({key: value}, unanswered
 * questions left out); check() throws a field error for the first required question left unanswered.
 */
export function questionFields(form, { guest = false } = {}) {
  const prefix = uid('q');
  const questions = form.questions || [];
  const parts = questions.map((q) => {
    const name = `${prefix}-${q.key}`;
    if (q.kind === 'short' || q.kind === 'long') {
      const max = q.kind === 'short' ? SHORT_MAX : LONG_MAX;
      const f = field({
        name, field: `answers.${q.key}`, label: questionLabel(q), type: q.kind === 'long' ? 'textarea' : 'text', rows: 5, maxlength: max,
        required: q.required, hint: [readersText(q.readers, guest), t('evaluations.limit', { n: fmtNumber(max) })].join(' '),
      });
      f.classList.add('question');
      f.dataset.key = q.key;
      return { q, el: f, control: f.control };
    }
    return { q, el: choiceGroup(q, name, guest) };
  });
  const el = h('div', { class: 'questions' }, parts.map((p) => p.el));

  function read(p) {
    const { q } = p;
    if (p.control) return p.control.value.trim() ? p.control.value : undefined;
    const on = [...p.el.querySelectorAll('input:checked')].map((i) => i.value).filter((v) => v !== '');
    if (q.kind === 'multiple') return on.length ? on : undefined;
    if (!on.length) return undefined;
    return q.kind === 'scale' ? Number(on[0]) : on[0];
  }

  return {
    el,
    collect() {
      const out = {};
      for (const p of parts) {
        const v = read(p);
        if (v !== undefined) out[p.q.key] = v;
      }
      return out;
    },
    /** How many questions have an answer, of how many. */
    count() {
      return { n: parts.filter((p) => read(p) !== undefined).length, of: parts.length };
    },
    fill(answers) {
      for (const p of parts) {
        const v = (answers || {})[p.q.key];
        if (p.control) { p.control.value = typeof v === 'string' ? v : ''; continue; }
        const want = Array.isArray(v) ? v.map(String) : v == null ? [] : [String(v)];
        for (const i of p.el.querySelectorAll('input')) {
          i.checked = want.length ? want.includes(i.value) : i.value === '' && i.type === 'radio';
        }
      }
    },
    check() {
      for (const p of parts) {
        if (p.q.required && read(p) === undefined) throw { code: 'required', field: `answers.${p.q.key}` };
      }
    },
  };
}

/** Answers to read: each question of the form answered here, with its answer, and who reads it (`readers`: show
 * it). `answers`: {key: value}. `also`: questions to name without their answer (a note in their place). */
export function answerList(form, answers, { readers = false, also = {} } = {}) {
  const dl = h('dl', { class: 'answers' });
  for (const q of form.questions || []) {
    const has = Object.prototype.hasOwnProperty.call(answers || {}, q.key);
    if (!has && !(q.key in also)) continue;
    const v = has ? answers[q.key] : null;
    dl.append(h('dt', null, formText(q.text)),
      h('dd', null,
        has ? h('span', { class: q.kind === 'long' || q.kind === 'short' ? 'prewrap' : 'value' }, valueText(q, v)) : h('span', { class: 'hint' }, also[q.key]),
        readers && has ? h('span', { class: 'hint readers' }, readersText(q.readers)) : null));
  }
  return dl;
}
