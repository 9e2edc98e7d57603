// A project's health (#12) as the overview shows it: its level in words with a badge (a sign and a word, not a
// colour alone), each reason in words with its figures and the next step, "on hold until", "not assessed yet". A
// member asks the coordinator for help (an optional text, seen by the coordinator alone) and sees their open request;
// the coordinator reads the open requests; community admins (the coordinator is one) read the acknowledgement and
// acknowledge the project's trouble with a note and a date, or put it on hold until a date. The words for levels and
// reasons are shared with the community's "Needs attention" page and the oversight panel (js/mentoring/oversight.js).
// Strings: public/i18n/health.<lang>.json, loaded with this module.
import { h, field, onSubmit, submit, say, statusOf, clear, uid } from '../dom.js';
import { t, has, addStrings, getLang } from '../i18n.js';
import { api } from '../api.js';
import { state } from '../session.js';
import { run } from './common.js';
import { myZone, fmtWhen, fmtDay } from './when.js';

const DAY = 86_400_000;
/** How far ahead a snooze or a hold may reach (the server refuses more). */
const MAX_DAYS = 120;
const HELP_MAX = 2000;
const NOTE_MAX = 1000;
const MESSAGE_MAX = 2000;
export const LEVELS = ['ok', 'watch', 'at_risk', 'stalled'];
/** A sign beside each level's word, so that it never rests on its colour. */
const SIGN = { ok: '✓', watch: '!', at_risk: '▲', stalled: '■', none: '?' };

export const strings = () => (has('health.level.ok') ? null : addStrings('health'));

// ---- Words and dates ------------------------------------------------------------------------------------------------

/** The zone this person reads times in (their profile's, else this device's). */
export const zone = () => myZone(state.me && state.me.profile && state.me.profile.timezone);

/** A moment in this person's zone, with its year: "Tue, Dec 1, 2026, 14:05". */
export const whenText = (ms) => fmtWhen(ms, zone(), getLang(), { year: true });

/** A day the server keeps as the start of a UTC day (a hold's or a snooze's end) as a civil date. */
export const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
export const dayText = (ms) => fmtDay(isoDay(ms), getLang());

/** The level in words with its sign: a badge. `null`: not assessed yet. */
export function levelBadge(level) {
  const k = LEVELS.includes(level) ? level : 'none';
  return h('span', { class: `badge level level-${k}`, 'data-level': k },
    h('span', { class: 'sign', 'aria-hidden': 'true' }, SIGN[k]), ' ', h('span', { class: 'word' }, t('health.level.' + k)));
}

/** A reason in words, with its figures ("No qualifying interaction for 22 days"). */
export function reasonText(r) {
  const rule = r.rule;
  if (!has('health.reason.' + rule)) return rule;
  return t('health.reason.' + rule, { n: r.days, have: r.have, expected: r.expected, min: r.min });
}

/** Rules that say what a member confided (their step would only say it again). */
const PRIVATE = ['fit_concern', 'help_requested', 'private_concern'];

/** The reasons, each in words and with its next step. */
export function reasonList(reasons, { steps = true } = {}) {
  return h('ul', { class: 'reasons' }, reasons.map((r) => h('li', { 'data-rule': r.rule },
    h('span', { class: 'reason' }, reasonText(r)),
    steps && !PRIVATE.includes(r.rule) && has('health.step.' + r.rule) ? h('span', { class: 'step hint' }, t('health.step.' + r.rule)) : null)));
}

/** The level these reasons make (the worst of them; none: on track), as the server works it out for the reasons a
 * reader may see. `null` stays null (not assessed yet). */
export function levelOf(level, reasons) {
  if (level == null) return null;
  const worst = (reasons || []).reduce((w, r) => Math.max(w, LEVELS.indexOf(r.level)), -1);
  return worst >= 0 ? LEVELS[worst] : 'ok';
}

/** The first and last days a hold or a snooze may end on: from tomorrow to 120 days ahead, as the server counts (the
 * start of that day in UTC after now, and no later than 120 days from now). */
function dayRange(now = Date.now()) {
  return { min: isoDay(now + DAY), max: isoDay(now + MAX_DAYS * DAY) };
}

/** A date field checked before it is sent: empty or not a date, said next to it. */
function dateValue(control, name) {
  if (control.validity.badInput) throw { code: 'date_invalid', field: name };
  if (!control.value) throw { code: 'required', field: name };
  return control.value;
}

// ---- The overview's card --------------------------------------------------------------------------------------------

/** Who sees the card: the project's active members and its community's admins (the coordinator is one). */
export const seesHealth = (d) => d.my_member_status === 'active' || !!d.my_roles.community_admin || !!d.my_roles.coordinator;

/** The overview's health card, drawn into `box` once its strings and the project's health are loaded. An ended
 * project keeps only the way to its oversight panel. */
export async function healthCard(d, box, alive = () => true) {
  const pid = d.project.id;
  const active = d.project.state === 'active';
  const [, first] = await Promise.all([strings(), active ? api('GET', `/api/projects/${pid}/health`, null, { keep: true }) : null]);
  if (!alive()) return;
  const member = d.my_member_status === 'active';
  const admin = !!d.my_roles.community_admin || !!d.my_roles.coordinator;
  const coordinator = !!d.my_roles.coordinator;
  const id = uid('health');
  const head = h('h2', { id, tabindex: '-1' }, t(member ? 'health.title_member' : 'health.title'));
  const body = h('div');
  const sec = h('section', { class: 'health-card', 'aria-labelledby': id }, head, body);
  statusOf(sec, head);
  const oversight = h('p', null, h('a', { href: `/projects/${pid}/oversight` }, t('health.oversight_link')));
  clear(box).append(sec);
  if (!active) {
    body.append(oversight);
    return;
  }
  let v = first;

  /** After a change: drawn again from the server's answer, the focus on the card's title, what happened said there. */
  const done = (res, msg) => {
    v = res;
    draw();
    head.focus();
    say(sec, msg, 'ok', head);
  };

  function draw() {
    clear(body);
    body.append(h('p', { class: 'hint' }, t('health.intro')));
    body.append(h('p', { class: 'health-level' }, levelBadge(v.level), ' ',
      v.computed_at ? h('span', { class: 'hint' }, t('health.checked', { date: whenText(v.computed_at) })) : null));
    if (v.hold_until) body.append(h('p', { class: 'notice' }, t('health.on_hold', { date: dayText(v.hold_until) })));
    if (v.level == null) body.append(h('p', null, t('health.not_assessed')));
    else if (!v.reasons.length) body.append(h('p', null, t(v.hold_until ? 'health.on_hold_quiet' : 'health.all_well')));
    else body.append(h('h3', { class: 'h3 sub' }, t('health.why')), reasonList(v.reasons));
    if (member) body.append(helpBox());
    if (coordinator && v.help.length) body.append(requestsBox());
    if (admin) body.append(ackBox());
    body.append(oversight);
  }

  /** A member's help: their open request (when they wrote, what), or the way to ask. */
  function helpBox() {
    const me = state.me && state.me.user.id;
    const mine = v.help.find((x) => x.user_id === me);
    const wrap = h('div', { class: 'help-box' }, h('h3', { class: 'h3 sub' }, t('health.help.title')));
    if (mine) {
      wrap.append(h('p', { class: 'notice help-asked' }, t('health.help.asked', { date: whenText(mine.created_at) })));
      if (mine.text) wrap.append(h('p', { class: 'hint' }, t('health.help.your_words')), h('blockquote', { class: 'prewrap' }, mine.text));
      return wrap;
    }
    const co = d.process && d.process.coordinator;
    wrap.append(h('p', null, co && co.id ? t('health.help.intro', { name: co.display_name }) : t('health.help.intro_admins')));
    wrap.append(opener(t('health.help.open'), (close) => {
      const form = h('form', { class: 'note-form help-form' },
        field({ name: 'text', label: t('health.help.text'), type: 'textarea', rows: 4, maxlength: HELP_MAX, hint: t('health.help.text_hint') }),
        h('p', { class: 'actions' }, submit(t('health.help.send')), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
      onSubmit(form, async () => {
        if (form.text.value.length > HELP_MAX) throw { code: 'text_too_long', field: 'text' };
        done(await api('POST', `/api/projects/${pid}/help`, { text: form.text.value }), t('health.help.sent'));
      }, 'help');
      return form;
    }));
    return wrap;
  }

  /** The coordinator's list of open requests for help, each with its words. */
  function requestsBox() {
    return h('div', { class: 'help-requests' }, h('h3', { class: 'h3 sub' }, t('health.help.requests')),
      h('ul', { class: 'plain' }, v.help.map((x) => h('li', null,
        h('p', null, t('health.help.asked_by', { name: x.name || t('health.someone'), date: whenText(x.created_at) })),
        x.text ? h('blockquote', { class: 'prewrap' }, x.text) : h('p', { class: 'hint' }, t('health.help.no_text'))))));
  }

  /** The acknowledgement (who, when, what, until when), in the queue or not, and the forms: acknowledge, hold. */
  function ackBox() {
    const a = v.acknowledged || {};
    const wrap = h('div', { class: 'ack-box' }, h('h3', { class: 'h3 sub' }, t('health.ack.title')));
    if (v.needs_attention) {
      wrap.append(h('p', null, h('span', { class: 'badge warn' }, t('health.ack.in_queue')), ' ',
        h('a', { href: `/communities/${d.project.community.id}/attention` }, t('health.ack.queue_link'))));
    }
    if (a.at) {
      wrap.append(h('p', null, t('health.ack.by', { name: a.by_name || t('health.someone'), date: whenText(a.at) })),
        a.note ? h('blockquote', { class: 'prewrap' }, a.note) : null,
        a.snooze_until ? h('p', { class: 'hint' }, t('health.ack.snoozed', { date: dayText(a.snooze_until) })) : null);
    } else wrap.append(h('p', { class: 'hint' }, t('health.ack.none')));
    const row = h('div', { class: 'ack-actions' });
    if (v.level === 'at_risk' || v.level === 'stalled') row.append(opener(t('health.ack.open'), ackForm));
    row.append(opener(t(v.hold_until ? 'health.hold.change' : 'health.hold.open'), holdForm));
    row.append(opener(t('health.message.open'), messageForm));
    if (d.project.route !== 'group') row.append(opener(t('health.rematch.open'), rematchForm));
    if (v.hold_until) {
      const b = h('button', { type: 'button' }, t('health.hold.resume'));
      b.addEventListener('click', () => run(null, b, async () => {
        done(await api('PUT', `/api/projects/${pid}/hold`, {}), t('health.hold.resumed'));
      }, 'until'));
      row.append(h('p', { class: 'actions' }, b));
    }
    wrap.append(row);
    return wrap;
  }

  function ackForm(close) {
    const r = dayRange();
    const form = h('form', { class: 'note-form ack-form' },
      field({ name: 'note', label: t('health.ack.note'), type: 'textarea', rows: 3, maxlength: NOTE_MAX, required: true, hint: t('health.ack.note_hint') }),
      field({ name: 'snooze_until', label: t('health.ack.until'), type: 'date', required: true, min: r.min, max: r.max,
        value: isoDay(Date.now() + 15 * DAY), hint: t('health.ack.until_hint') }),
      h('p', { class: 'actions' }, submit(t('health.ack.submit')), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
    onSubmit(form, async () => {
      if (!form.note.value.trim()) throw { code: 'required', field: 'note' };
      const until = dateValue(form.snooze_until, 'snooze_until');
      const res = await api('POST', `/api/projects/${pid}/health/acknowledge`, { note: form.note.value, snooze_until: until });
      done(res, t('health.ack.done', { date: fmtDay(until, getLang()) }));
    }, 'snooze_until');
    return form;
  }

  /** Writing to the project as its coordinator (every member reads it in the history), or proposing a check-in. */
  function messageForm(close) {
    const checkIn = h('input', { type: 'checkbox', name: 'check_in', id: uid('ci') });
    const form = h('form', { class: 'note-form message-form' },
      field({ name: 'text', label: t('health.message.text'), type: 'textarea', rows: 4, maxlength: MESSAGE_MAX, required: true, hint: t('health.message.hint') }),
      h('p', { class: 'check' }, checkIn, ' ', h('label', { for: checkIn.id }, t('health.message.check_in'))),
      h('p', { class: 'actions' }, submit(t('health.message.send')), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
    onSubmit(form, async () => {
      if (!form.text.value.trim()) throw { code: 'required', field: 'text' };
      await api('POST', `/api/projects/${pid}/coordinator-message`, { text: form.text.value, check_in: checkIn.checked });
      done(v, t(checkIn.checked ? 'health.message.check_in_sent' : 'health.message.sent'));
    }, 'text');
    return form;
  }

  /** Rematch: this project is cancelled (with a reason the members read) and the mentee's request goes back to the
   * coordinators' matching queue as a new one; its history names the new request. */
  function rematchForm(close) {
    const form = h('form', { class: 'note-form rematch-form' },
      h('p', { class: 'hint' }, t('health.rematch.hint')),
      field({ name: 'note', label: t('health.rematch.note'), type: 'textarea', rows: 3, maxlength: NOTE_MAX, required: true }),
      h('p', { class: 'actions' }, submit(t('health.rematch.submit')), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
    onSubmit(form, async () => {
      if (!form.note.value.trim()) throw { code: 'required', field: 'note' };
      const res = await api('POST', `/api/projects/${pid}/actions`, { action: 'cancel', note: form.note.value, rematch: true });
      const ev = (res.history || []).filter((e) => e.action === 'rematch').pop();
      if (ev) location.assign(`/projects/${ev.to_state}`);
      else location.reload();
    }, 'note');
    return form;
  }

  function holdForm(close) {
    const r = dayRange();
    const form = h('form', { class: 'note-form hold-form' },
      field({ name: 'until', label: t('health.hold.until'), type: 'date', required: true, min: r.min, max: r.max,
        value: v.hold_until ? isoDay(v.hold_until) : '', hint: t('health.hold.hint') }),
      h('p', { class: 'actions' }, submit(t('health.hold.submit')), h('button', { type: 'button', onclick: close }, t('common.cancel'))));
    onSubmit(form, async () => {
      const until = dateValue(form.until, 'until');
      done(await api('PUT', `/api/projects/${pid}/hold`, { until }), t('health.hold.done', { date: fmtDay(until, getLang()) }));
    }, 'until');
    return form;
  }

  draw();
}

/** A button that opens a form under it (aria-expanded), and closes it again (Cancel), the focus back on it. */
function opener(label, build) {
  const panel = h('div', { id: uid('hp'), class: 'health-panel', hidden: true });
  const b = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': panel.id }, label);
  const close = () => { panel.hidden = true; clear(panel); b.setAttribute('aria-expanded', 'false'); b.focus(); };
  b.addEventListener('click', () => {
    if (!panel.hidden) { close(); return; }
    panel.append(build(close));
    panel.hidden = false;
    b.setAttribute('aria-expanded', 'true');
    panel.querySelector('textarea, input, select')?.focus();
  });
  return h('div', { class: 'disclosure' }, h('p', { class: 'actions' }, b), panel);
}
