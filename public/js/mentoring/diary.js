// A held session's diary, on its page (/projects/{id}/plan/{session}, js/mentoring/plan.js): the diarist writes it
// (who took part, how long, a few lines on each point of the journey's agenda), kept on this device as it is typed
// and saved when it can (js/mentoring/diary-drafts.js does that, without DOM), then submits it; the mentor reads it,
// comments, closes it; everyone in the project reads it once submitted, with its earlier versions. A save that finds
// another text stored meanwhile shows both, point by point, to merge. After submitting: the next session's pre-filled
// topic and homework, and the way to record progress on the goals. The coordinator sees its state and dates only.
import { h, append, field, onSubmit, submit, say, statusOf, clear, fmtDate, uid, setFieldError } from '../dom.js';
import { t, tError } from '../i18n.js';
import { api } from '../api.js';
import { run } from './common.js';
import { diaryDraft, draftStore, parseEntry, textOf, sameText } from './diary-drafts.js';

/** The draft being written on this page (one at a time): stopped when another opens. */
let live = null;

/** What the goals page offers after a diary is submitted (js/mentoring/goals.js reads it). */
export const reviewKey = (pid) => `tandem.review.${pid}`;

/** A request for the drafts: the answer's status and body, also for errors (the 409 carries the stored text). */
async function request(method, path, body) {
  try {
    return { status: 200, data: await api(method, path, body) };
  } catch (e) {
    if (e.status === 0) throw e;
    return { status: e.status, data: e.body || { error: { code: e.code, message: e.message, field: e.field } } };
  }
}

/** Draw the diary of held session `s` into `box`. `c`: the plan's context (js/mentoring/plan.js). `sessionChanged`
 * (plan): the session's card is drawn again from it. */
export async function diarySection(ctx, c, s, box, sessionChanged) {
  const path = `/api/projects/${c.pid}/sessions/${s.id}/diary`;
  let v = await api('GET', path, null, { keep: true }).catch((e) => {
    if (e.status === 0) return null;
    throw e;
  });
  if (!ctx.alive()) return;
  const id = uid('diary');
  const head = h('h2', { id, tabindex: '-1' }, t('diary.title_n', { n: s.number }));
  const body = h('div');
  const sec = h('section', { class: 'diary', 'aria-labelledby': id }, head, body);
  box.append(sec);
  statusOf(sec, head);
  const agenda = (v && v.agenda && v.agenda.length ? v.agenda : c.agenda) || [];
  const diarist = (v ? v.diarist_id : s.diarist_id) === c.me && c.member;
  let editing = false;

  /** Something done: said under the heading, where the focus goes (the button pressed is gone). */
  const said = (msg, kind = 'ok') => {
    head.focus();
    say(sec, msg, kind, head);
  };

  function draw() {
    if (live && live.form && !live.form.isConnected) { live.drafts.stop(); live = null; }
    sec.querySelector('.after-submit')?.remove();
    clear(body);
    const entry = v && v.entry;
    const state = entry ? entry.state : null;
    if (!c.member) {
      body.append(coordinatorView(entry));
      return;
    }
    const actions = v ? v.actions || [] : diarist && c.active ? ['write', 'submit'] : [];
    const writes = diarist && actions.includes('write');
    body.append(h('p', null, t('diary.by', { name: c.name(v ? v.diarist_id : s.diarist_id) }), ' ',
      state ? h('span', { class: 'badge' + (state === 'draft' ? ' warn' : ' ok') }, t('diary.state.' + state)) : h('span', { class: 'badge warn' }, t('diary.state.none'))));
    if (entry && entry.comment) body.append(commentView(c, entry));
    if (writes && (!state || state === 'draft' || editing)) {
      body.append(editor(actions, state));
      return;
    }
    if (state && state !== 'draft') body.append(readView(c, agenda, entry));
    else body.append(h('p', null, t(diarist ? 'diary.closed_to_you' : 'diary.not_yet', { name: c.name(v ? v.diarist_id : s.diarist_id) })));
    if (writes) {
      const b = h('button', { type: 'button' }, t('diary.change'));
      b.addEventListener('click', () => { editing = true; draw(); body.querySelector('textarea')?.focus(); });
      body.append(h('p', { class: 'actions' }, b));
    }
    if (actions.includes('comment')) body.append(commentForm(entry));
    if (actions.includes('close')) body.append(closeBox());
    if (v && v.revisions && v.revisions.length) body.append(revisionsView(c, agenda, v.revisions));
  }

  // ---- Writing ----------------------------------------------------------------------------------------------------

  /** The form the diarist writes in, its text from the draft kept on this device or the server's. */
  function editor(actions, state) {
    if (live) live.drafts.stop();
    const draft = state && state !== 'draft';
    const form = h('form', { class: 'diary-form' });
    const people = c.people.length ? c.people : [];
    const att = h('fieldset', { 'data-field': 'attendance', tabindex: '-1' }, h('legend', null, t('diary.attendance')),
      people.map((p) => {
        const f = field({ name: 'present', label: `${p.display_name} (${t('member.' + p.role)})`, type: 'checkbox', value: true });
        f.control.value = p.id;
        return f;
      }));
    const minutes = field({ name: 'minutes', label: t('diary.minutes'), type: 'number', min: '0', max: '600', inputmode: 'numeric', value: String(s.duration || ''), hint: t('diary.minutes_hint') });
    const answers = agenda.map((a, i) => field({ name: `answer${i}`, field: `answers.${i}`, label: a.title, type: 'textarea', rows: 4, maxlength: 4000 }));
    const line = h('p', { class: 'save-line hint', 'aria-live': 'off' });
    const row = h('p', { class: 'actions' });
    const merge = h('div', { class: 'merge-box' });
    append(form, [draft ? h('p', { class: 'notice' }, t('diary.editing_submitted')) : h('p', { class: 'hint' }, t('diary.write_hint')),
      att, minutes, answers, line, row]);
    const wrap = h('div', null, merge, form);

    const textNow = () => ({
      answers: answers.map((f) => f.control.value),
      attendance: [...att.querySelectorAll('input[type="checkbox"]')].map((i) => ({ user: i.value, present: i.checked })),
      minutes: minutes.control.value === '' ? null : Number(minutes.control.value),
    });
    const fill = (text) => {
      answers.forEach((f, i) => { f.control.value = (text.answers || [])[i] || ''; });
      if ((text.attendance || []).length) {
        for (const i of att.querySelectorAll('input[type="checkbox"]')) {
          const a = text.attendance.find((x) => x.user === i.value);
          i.checked = a ? a.present : true;
        }
      }
      if (text.minutes != null) minutes.control.value = String(text.minutes);
    };

    let lastSaid = '';
    let shownConflict = null;
    const drafts = diaryDraft({
      pid: c.pid, sid: s.id, user: c.me, size: agenda.length, request, store: draftStore(), auto: !draft,
      on: { change: (st) => shown(st) },
    });
    live = { drafts, form };

    /** What the draft's state means for the person writing, said next to the buttons when it changes. */
    function shown(st) {
      if (!form.isConnected) return;
      line.textContent = st.status === 'saving' ? t('diary.saving') : st.status === 'saved' && st.savedAt ? t('diary.saved_at', { time: fmtDate(st.savedAt) }) : st.dirty ? t('diary.kept_here') : '';
      let msg = '';
      let kind = 'ok';
      if (st.status === 'saved') msg = t('diary.saved');
      else if (st.status === 'offline') { msg = t('diary.offline'); kind = 'error'; }
      else if (st.status === 'retrying') { msg = t('diary.retrying'); kind = 'error'; }
      else if (st.status === 'error') {
        msg = tError(st.error, 'diary');
        kind = 'error';
        const at = st.error.field && form.querySelector(`[data-field="${CSS.escape(st.error.field)}"]`);
        if (at) setFieldError(at, msg);
      } else if (st.status === 'conflict') { msg = t('diary.conflict'); kind = 'error'; }
      // While the two texts are compared, the form waits (what is typed in the merge is what gets saved).
      if (st.status === 'conflict') { if (shownConflict !== st.conflict) showMerge(st); }
      else if (shownConflict) { shownConflict = null; clear(merge); form.hidden = false; }
      if (msg && msg !== lastSaid) {
        const mform = merge.querySelector('form');
        if (mform) say(mform, msg, kind, mform.querySelector('h3'));
        else say(form, msg, kind);
      }
      lastSaid = msg;
    }

    /** Both texts, point by point, where they differ: keep yours, take the stored one, or combine them. */
    function showMerge(st) {
      const mine = st.text;
      const theirs = st.conflict.theirs;
      shownConflict = st.conflict;
      form.hidden = true;
      clear(merge);
      const mid = uid('merge');
      const mform = h('form', { class: 'merge', 'aria-labelledby': mid },
        h('h3', { class: 'h3', id: mid, tabindex: '-1' }, t('diary.merge_title')),
        h('p', null, t('diary.merge_hint')));
      const fields = agenda.map((a, i) => {
        const yours = mine.answers[i] || '';
        const stored = theirs.answers[i] || '';
        if (yours === stored) return null;
        const f = field({ name: `merge${i}`, field: `answers.${i}`, label: t('diary.merge_yours'), type: 'textarea', rows: 4, maxlength: 4000, value: yours });
        const take = h('button', { type: 'button', class: 'small' }, t('diary.merge_take'));
        take.addEventListener('click', () => { f.control.value = stored; f.control.focus(); });
        const add = h('button', { type: 'button', class: 'small' }, t('diary.merge_add'));
        add.addEventListener('click', () => { f.control.value = [f.control.value.trim(), stored.trim()].filter(Boolean).join('\n\n'); f.control.focus(); });
        mform.append(h('fieldset', { class: 'merge-item' }, h('legend', null, a.title),
          h('div', { class: 'merge-pair' },
            h('div', { class: 'mine' }, f),
            h('div', { class: 'theirs' }, h('p', { class: 'merge-label' }, t('diary.merge_stored')),
              stored ? h('blockquote', { class: 'prewrap' }, stored) : h('p', { class: 'hint' }, t('diary.empty_answer')),
              h('p', { class: 'actions' }, take, add)))));
        return [i, f];
      }).filter(Boolean);
      if (!fields.length) mform.append(h('p', null, t('diary.merge_same')));
      if (!sameText({ ...mine, answers: [] }, { ...theirs, answers: [] })) mform.append(h('p', { class: 'hint' }, t('diary.merge_attendance')));
      mform.append(h('p', { class: 'actions' }, submit(t('diary.merge_save'))));
      mform.dataset.draft = 'own'; // a merge of two texts: not a draft to keep
      onSubmit(mform, async () => {
        const text = textOf(mine);
        text.answers = agenda.map((a, i) => (mine.answers[i] || ''));
        for (const [i, f] of fields) text.answers[i] = f.control.value;
        fill(text);
        lastSaid = '';
        await drafts.resolve(text);
        if (!drafts.state().conflict) form.querySelector('textarea')?.focus();
      }, 'diary');
      merge.append(mform);
      mform.querySelector('h3').focus();
    }

    // Every change is kept on this device at once; a field left, the page hidden: saved now.
    form.addEventListener('input', () => drafts.edit(textNow()));
    form.addEventListener('change', () => drafts.edit(textNow()));
    if (!draft) form.addEventListener('focusout', () => drafts.flush());
    const hidden = () => {
      if (!form.isConnected) { document.removeEventListener('visibilitychange', hidden); window.removeEventListener('pagehide', hidden); drafts.stop(); return; }
      if (document.visibilityState === 'hidden') drafts.flush();
    };
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', hidden);

    if (actions.includes('submit') && !draft) {
      const b = h('button', { type: 'button', class: 'primary' }, t('diary.submit'));
      b.addEventListener('click', () => run(null, b, async () => {
        const st = await drafts.flush();
        if (st.dirty || st.conflict) {
          say(form, st.conflict ? t('diary.conflict') : navigator.onLine ? t('diary.submit_unsaved') : t('diary.submit_offline'), 'error');
          return;
        }
        const res = await api('POST', path + '/actions', { action: 'submit' });
        v = res;
        drafts.adopt(res);
        await submitted(res);
      }, 'diary'));
      row.append(b);
    }
    if (draft) {
      const save = h('button', { type: 'button', class: 'primary' }, t('diary.save_changes'));
      save.addEventListener('click', () => run(null, save, async () => {
        const st = await drafts.flush();
        if (st.dirty || st.conflict) return;
        v = await api('GET', path, null, { keep: true });
        editing = false;
        draw();
        said(t('diary.changes_saved'));
      }, 'diary'));
      const done = h('button', { type: 'button' }, t('diary.stop_changing'));
      done.addEventListener('click', () => { editing = false; draw(); head.focus(); });
      row.append(save, done);
    }
    statusOf(form, row);
    drafts.start(v).then((text) => {
      if (!form.isConnected) return;
      fill(text);
    });
    return wrap;
  }

  /** After submitting: said, the next session's pre-fill, and the way to the goals' reviews. */
  async function submitted(res) {
    editing = false;
    draw();
    const plan = await api('GET', `/api/projects/${c.pid}/sessions`, null, { keep: true }).catch(() => null);
    if (plan) sessionChanged(plan);
    const next = plan && plan.sessions.find((x) => x.state === 'planned' && x.start_at > s.start_at);
    const notes = h('div', { class: 'notice after-submit' });
    const pf = res.prefill;
    if (next && pf && (pf.topic || pf.homework)) {
      notes.append(h('p', null, t('diary.prefilled', { n: next.number, when: c.whenText(next.start_at, next.zone) })),
        h('ul', null,
          next.topic ? h('li', null, t('diary.next_topic', { topic: next.topic })) : null,
          next.homework ? h('li', null, h('span', null, t('diary.next_homework')), ' ', h('span', { class: 'prewrap' }, next.homework)) : null),
        h('p', null, h('a', { href: `/projects/${c.pid}/plan` }, t('diary.see_plan'))));
    }
    if (res.review_hint) {
      try { sessionStorage.setItem(reviewKey(c.pid), JSON.stringify({ hint: res.review_hint, session: s.id, number: s.number })); } catch { /* private mode */ }
      notes.append(h('p', null, t('diary.review_offer')), h('blockquote', { class: 'prewrap' }, res.review_hint),
        h('p', null, h('a', { href: `/projects/${c.pid}/goals#review`, class: 'button' }, t('diary.review_goals'))));
    }
    said(t('diary.submitted_done', { name: c.name(mentorOf(c)) }));
    if (notes.children.length) (sec.statusBox || head).after(notes);
  }

  // ---- Reading, commenting ----------------------------------------------------------------------------------------

  function commentForm(entry) {
    const form = h('form', { class: 'note-form comment-form' },
      field({ name: 'comment', label: t(entry.comment ? 'diary.comment_change' : 'diary.comment'), type: 'textarea', rows: 3, maxlength: 4000, required: true,
        value: entry.comment || '', hint: t('diary.comment_hint') }),
      h('p', { class: 'actions' }, submit(t(entry.comment ? 'diary.comment_update' : 'diary.comment_send'))));
    onSubmit(form, async () => {
      if (!form.comment.value.trim()) throw { code: 'required', field: 'comment' };
      v = await api('POST', path + '/actions', { action: 'comment', comment: form.comment.value });
      draw();
      said(t('diary.commented', { name: c.name(v.diarist_id) }));
    }, 'diary');
    return form;
  }

  function closeBox() {
    const b = h('button', { type: 'button' }, t('diary.close'));
    b.addEventListener('click', () => run(null, b, async () => {
      v = await api('POST', path + '/actions', { action: 'close' });
      draw();
      said(t('diary.closed_done'));
    }, 'diary'));
    return h('div', { class: 'close-box' }, h('p', { class: 'hint' }, t('diary.close_hint')), h('p', { class: 'actions' }, b));
  }

  draw();
}

const mentorOf = (c) => (c.people.find((p) => p.role === 'mentor') || {}).id;

/** What the coordinator sees: that a diary exists, its state and its dates. */
function coordinatorView(entry) {
  if (!entry) return h('p', null, t('diary.none_yet'));
  return h('dl', { class: 'facts small' },
    h('dt', null, t('diary.state_label')), h('dd', null, t('diary.state.' + entry.state)),
    entry.submitted_at ? [h('dt', null, t('diary.submitted_on')), h('dd', null, fmtDate(entry.submitted_at))] : null,
    entry.commented_at ? [h('dt', null, t('diary.commented_on')), h('dd', null, fmtDate(entry.commented_at))] : null,
    h('dt', null, t('diary.updated_on')), h('dd', null, fmtDate(entry.updated_at)));
}

/** The mentor's comment. */
function commentView(c, entry) {
  return h('div', { class: 'diary-comment' },
    h('h3', { class: 'h3' }, t('diary.comment_by', { name: c.name(mentorOf(c)) })),
    h('blockquote', { class: 'prewrap' }, entry.comment),
    entry.commented_at ? h('p', { class: 'hint' }, fmtDate(entry.commented_at)) : null);
}

/** A submitted diary: who took part, how long, each point's answer. */
function readView(c, agenda, raw) {
  const e = parseEntry(raw);
  const present = e.attendance.filter((a) => a.present).map((a) => c.name(a.user));
  const absent = e.attendance.filter((a) => !a.present).map((a) => c.name(a.user));
  return h('div', { class: 'diary-read' },
    raw.submitted_at ? h('p', { class: 'hint' }, t('diary.submitted_at', { date: fmtDate(raw.submitted_at) })) : null,
    present.length ? h('p', null, t('diary.present', { names: present.join(', ') })) : null,
    absent.length ? h('p', null, t('diary.absent', { names: absent.join(', ') })) : null,
    e.minutes ? h('p', null, t('diary.lasted', { n: e.minutes })) : null,
    agenda.map((a, i) => [h('h3', { class: 'h3 sub' }, a.title),
      e.answers[i] ? h('p', { class: 'prewrap' }, e.answers[i]) : h('p', { class: 'hint' }, t('diary.empty_answer'))]));
}

/** The versions before each change made after submitting. */
function revisionsView(c, agenda, revisions) {
  return h('details', { class: 'revisions' }, h('summary', null, t('diary.revisions', { n: revisions.length })),
    revisions.map((r) => {
      const answers = Array.isArray(r.answers) ? r.answers : parseEntry({ answers: r.answers }).answers;
      return h('div', { class: 'revision' },
        h('h3', { class: 'h3 sub' }, t('diary.revision', { n: r.revision, date: fmtDate(r.at) })),
        agenda.map((a, i) => [h('h4', { class: 'h4' }, a.title),
          answers[i] ? h('p', { class: 'prewrap' }, answers[i]) : h('p', { class: 'hint' }, t('diary.empty_answer'))]));
    }));
}
