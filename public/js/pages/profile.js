// My profile (edit every field, CV upload with progress) and another member's profile.
import { h, field, onSubmit, submit, announce, say, btn, clear, fmtDate, fmtSize, setFieldError, showError, uid } from '../dom.js';
import { t, vocab, languageName, getLang } from '../i18n.js';
import { api, upload, vocabularies } from '../api.js';
import { state } from '../session.js';

const CV_MAX = 5 * 1024 * 1024;
const CV_EXT = /\.(pdf|docx?|odt)$/i;

const opts = (kind, codes) => [['', t('common.none')], ...codes.map((c) => [c, vocab(kind, c)])];

function timezones() {
  let zones = [];
  try { zones = Intl.supportedValuesOf('timeZone'); } catch { /* old browser */ }
  if (!zones.includes('UTC')) zones = ['UTC', ...zones];
  return zones;
}

function langOptions(codes) {
  const named = codes.map((c) => [c, languageName(c)]);
  named.sort((a, b) => a[1].localeCompare(b[1], getLang()));
  return [['', t('common.choose')], ...named];
}

function languageRow(v, item, list) {
  const row = h('li', { class: 'row' });
  const code = field({ name: 'lang_code', label: t('profile.language'), type: 'select', options: langOptions(v.languages), value: item.code });
  const level = field({ name: 'lang_level', label: t('profile.level'), type: 'select', options: [['', t('common.choose')], ...v.language_levels.map((c) => [c, vocab('level', c)])], value: item.level });
  row.append(code, level, btn(t('common.remove'), () => { row.remove(); renumber(list, 'languages'); }, 'small'));
  return row;
}

function contactRow(v, item, list) {
  const row = h('li', { class: 'row' });
  const tool = field({ name: 'contact_tool', label: t('profile.tool'), type: 'select', options: [['', t('common.choose')], ...v.contact_tools.map((c) => [c, vocab('tool', c)])], value: item.tool });
  const handle = field({ name: 'contact_handle', label: t('profile.handle'), value: item.handle, maxlength: 120 });
  row.append(tool, handle, btn(t('common.remove'), () => { row.remove(); renumber(list, 'contact_tools'); }, 'small'));
  return row;
}

/** Give each row's controls their API field names (languages.0.code, ...), so errors land next to them. */
function renumber(list, kind) {
  [...list.children].forEach((row, i) => {
    const c = row.querySelectorAll('select, input');
    const names = kind === 'languages' ? ['code', 'level'] : ['tool', 'handle'];
    c.forEach((el, j) => { if (names[j]) el.dataset.field = `${kind}.${i}.${names[j]}`; });
    const b = row.querySelector('button');
    if (b) b.setAttribute('aria-label', `${t('common.remove')}: ${t(kind === 'languages' ? 'profile.language' : 'profile.tool')} ${i + 1}`);
  });
}

/** Whether I am on, or applying to, a Roll of Mentors: then the profile asks what only mentors are asked. Told by my
 * roll entries (the dashboard's `applications`) and the mentoring I give; failing that, by what the profile holds. */
const MENTOR_STATES = ['applied', 'accredited', 'suspended'];
function isMentor(p, d) {
  if (!d) return !!(p.mentor_experience || p.mentor_motivation || p.accepting_mentees);
  return (d.as_mentor || []).length > 0 || (d.applications || []).some((e) => MENTOR_STATES.includes(e.status));
}

export async function myProfile(ctx) {
  ctx.heading(t('profile.title'));
  const [me, v, dash] = await Promise.all([api('GET', '/api/me', null, { keep: true }), vocabularies(),
    api('GET', '/api/dashboard', null, { quiet: true }).catch(() => null)]);
  if (!ctx.alive()) return;
  const p = me.profile || {};
  const mentor = isMentor(p, dash);
  const langList = h('ul', { class: 'rows', id: uid('langs') });
  (p.languages || []).forEach((l) => langList.append(languageRow(v, l, langList)));
  renumber(langList, 'languages');
  const contactList = h('ul', { class: 'rows' });
  (p.contact_tools || []).forEach((c) => contactList.append(contactRow(v, c, contactList)));
  renumber(contactList, 'contact_tools');
  const tzs = timezones();
  let tzNow = '';
  try { tzNow = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch { /* none */ }

  const langSet = h('fieldset', { 'data-field': 'languages', tabindex: '-1' }, h('legend', null, t('field.languages')), langList,
    btn(t('profile.add_language'), () => {
      if (langList.children.length >= 10) return say(langSet, t('error.too_many'), 'error');
      const row = languageRow(v, { code: '', level: '' }, langList);
      langList.append(row); renumber(langList, 'languages'); row.querySelector('select').focus();
    }, 'small'));
  const contactSet = h('fieldset', { 'data-field': 'contact_tools', tabindex: '-1' }, h('legend', null, t('field.contact_tools')), contactList,
    btn(t('profile.add_tool'), () => {
      if (contactList.children.length >= 10) return say(contactSet, t('error.too_many'), 'error');
      const row = contactRow(v, { tool: '', handle: '' }, contactList);
      contactList.append(row); renumber(contactList, 'contact_tools'); row.querySelector('select').focus();
    }, 'small'));
  // What only a mentor is asked: to everyone else, a pointer to the roll, where one applies.
  const mentoring = mentor
    ? [field({ name: 'mentor_experience', label: t('field.mentor_experience'), type: 'textarea', maxlength: 4000, value: p.mentor_experience }),
      field({ name: 'mentor_motivation', label: t('field.mentor_motivation'), type: 'textarea', maxlength: 4000, value: p.mentor_motivation }),
      field({ name: 'accepting_mentees', label: t('field.accepting_mentees'), type: 'checkbox', value: p.accepting_mentees }),
      field({ name: 'open_to_other_communities', label: t('field.open_to_other_communities'), type: 'checkbox', value: p.open_to_other_communities })]
    : [h('p', { class: 'hint' }, t('profile.mentor_hint'), ' ', h('a', { href: '/communities' }, t('profile.mentor_hint_link')))];

  const form = h('form', { class: 'profile-form' },
    h('fieldset', null, h('legend', null, t('profile.about')),
      field({ name: 'display_name', label: t('field.display_name'), autocomplete: 'name', required: true, maxlength: 80, value: me.user.display_name }),
      field({ name: 'presentation', label: t('field.presentation'), type: 'textarea', rows: 5, maxlength: 2000, value: p.presentation, hint: t('hint.presentation') }),
      field({ name: 'position', label: t('field.position'), maxlength: 120, value: p.position }),
      field({ name: 'status', label: t('field.status'), type: 'select', options: opts('status', v.statuses), value: p.status }),
      field({ name: 'education_level', label: t('field.education_level'), type: 'select', options: opts('education', v.education_levels), value: p.education_level }),
      field({ name: 'field_of_study', label: t('field.field_of_study'), type: 'select', options: opts('field', v.fields), value: p.field_of_study }),
      field({ name: 'sector', label: t('field.sector'), type: 'select', options: opts('sector', v.sectors), value: p.sector }),
      field({ name: 'timezone', label: t('field.timezone'), type: 'select', options: [['', t('common.none')], ...tzs.map((z) => [z, z.replace(/_/g, ' ')])], value: p.timezone || '', hint: tzNow ? t('hint.timezone', { tz: tzNow }) : null })),
    langSet,
    contactSet,
    h('fieldset', null, h('legend', null, t('profile.mentoring')),
      mentoring,
      field({ name: 'open_to_groups', label: t('field.open_to_groups'), type: 'checkbox', value: p.open_to_groups })),
    submit(t('profile.save')));

  onSubmit(form, async () => {
    const val = (n) => form.elements[n].value;
    const body = {
      display_name: val('display_name'),
      presentation: val('presentation'), position: val('position'), status: val('status'), education_level: val('education_level'),
      field_of_study: val('field_of_study'), sector: val('sector'), timezone: val('timezone'),
      languages: [...langList.children].map((r) => { const s = r.querySelectorAll('select'); return { code: s[0].value, level: s[1].value }; }),
      contact_tools: [...contactList.children].map((r) => ({ tool: r.querySelector('select').value, handle: r.querySelector('input').value })),
      open_to_groups: form.elements.open_to_groups.checked,
    };
    // Fields not shown are not sent: the server keeps what they hold.
    if (mentor) {
      Object.assign(body, {
        mentor_experience: val('mentor_experience'), mentor_motivation: val('mentor_motivation'),
        accepting_mentees: form.elements.accepting_mentees.checked,
        open_to_other_communities: form.elements.open_to_other_communities.checked,
      });
    }
    // Offline, the edit waits in the outbox (a newer edit replaces it) and is saved when the connection returns.
    const res = await (await import('../outbox.js')).send('PUT', '/api/me/profile', body, { replaces: 'profile' });
    if (res.queued) { say(form, t('outbox.kept')); return; }
    if (state.me) {
      state.me.profile = res.profile;
      if (res.display_name) state.me.user.display_name = res.display_name;
    }
    say(form, t('profile.saved'));
  });

  ctx.root.append(
    h('p', null, t('profile.intro'), ' ', h('a', { href: `/users/${me.user.id}` }, t('profile.view_public'))),
    form,
    cvSection(me.cv));
}

function cvSection(initial) {
  const sec = h('section', { class: 'cv', 'aria-labelledby': 'cv-h' }, h('h2', { id: 'cv-h' }, t('cv.title')));
  const current = h('div', { class: 'cv-current' });
  const showCurrent = (cv) => {
    clear(current);
    if (!cv) { current.append(h('p', null, t('cv.none'))); return; }
    current.append(
      h('p', null, t('cv.current'), ' ', h('strong', { class: 'cv-name' }, cv.name), ` (${fmtSize(cv.size)}, ${fmtDate(cv.uploaded_at)})`),
      h('p', { class: 'actions' },
        h('a', { href: '/api/me/cv', download: cv.name, class: 'button' }, t('cv.download')),
        btn(t('cv.remove'), async () => {
          if (!confirm(t('cv.remove_confirm'))) return;
          try { await api('DELETE', '/api/me/cv'); showCurrent(null); if (state.me) state.me.cv = null; say(form, t('cv.removed')); } catch (e) { showError(form, e, 'cv'); }
        })));
  };
  showCurrent(initial);
  const file = field({ name: 'cv', label: t('cv.choose'), type: 'file', accept: '.pdf,.doc,.docx,.odt,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text', hint: t('cv.hint') });
  const progressId = uid('prog');
  const progress = h('progress', { id: progressId, max: '100', value: '0' });
  const progressWrap = h('div', { class: 'progress', hidden: true }, h('label', { for: progressId }, t('cv.uploading')), progress);
  const form = h('form', null, file, progressWrap, submit(t('cv.upload')));
  onSubmit(form, async () => {
    const input = file.control;
    const f = input.files && input.files[0];
    if (!f) return announce(''), setFieldError(input, t('cv.pick_first')), input.focus();
    if (f.size > CV_MAX) throw { code: 'payload_too_large', field: 'cv' };
    if (!CV_EXT.test(f.name)) throw { code: 'unsupported_media_type', field: 'cv' };
    progressWrap.hidden = false;
    progress.value = 0;
    try {
      const res = await upload('/api/me/cv', f, (x) => { progress.value = Math.round(x * 100); });
      showCurrent(res.cv);
      if (state.me) state.me.cv = res.cv;
      input.value = '';
      say(form, t('cv.uploaded', { name: res.cv.name }));
    } finally {
      progressWrap.hidden = true;
    }
  }, 'cv');
  sec.append(current, form);
  return sec;
}

// ---- Another member's profile -------------------------------------------------------------------------------------

export async function userProfile(ctx) {
  const [id] = ctx.params;
  let data;
  try {
    data = await api('GET', `/api/users/${id}`);
  } catch (e) {
    if (e.status === 404) {
      ctx.heading(t('notfound.title'));
      ctx.root.append(h('p', null, t('user.not_visible')));
      return;
    }
    throw e;
  }
  if (!ctx.alive()) return;
  ctx.heading(data.user.display_name);
  const p = data.profile || {};
  const dl = h('dl', { class: 'facts' });
  const fact = (label, value) => { if (value) dl.append(h('dt', null, label), h('dd', null, value)); };
  fact(t('field.position'), p.position);
  fact(t('field.status'), vocab('status', p.status));
  fact(t('field.education_level'), vocab('education', p.education_level));
  fact(t('field.field_of_study'), vocab('field', p.field_of_study));
  fact(t('field.sector'), vocab('sector', p.sector));
  fact(t('field.timezone'), p.timezone);
  if ((p.languages || []).length) {
    fact(t('field.languages'), h('ul', { class: 'plain' }, p.languages.map((l) => h('li', null, `${languageName(l.code)}: ${vocab('level', l.level)}`))));
  }
  if ((p.contact_tools || []).length) {
    fact(t('field.contact_tools'), h('ul', { class: 'plain' }, p.contact_tools.map((c) => h('li', null, `${vocab('tool', c.tool)}: ${c.handle}`))));
  }
  const flags = ['accepting_mentees', 'open_to_other_communities', 'open_to_groups'].filter((k) => p[k]).map((k) => h('li', null, t('field.' + k)));
  ctx.root.append(
    p.presentation ? h('p', { class: 'lead prewrap' }, p.presentation) : null,
    dl,
    flags.length ? h('ul', { class: 'badges' }, flags) : null,
    p.mentor_experience ? [h('h2', null, t('field.mentor_experience')), h('p', { class: 'prewrap' }, p.mentor_experience)] : null,
    p.mentor_motivation ? [h('h2', null, t('field.mentor_motivation')), h('p', { class: 'prewrap' }, p.mentor_motivation)] : null,
    h('h2', null, t('cv.title')),
    data.cv
      ? h('p', null, h('a', { href: `/api/users/${id}/cv`, download: data.cv.name }, t('cv.download_named', { name: data.cv.name })), ` (${fmtSize(data.cv.size)})`)
      : h('p', null, t('cv.none_other')));
}
