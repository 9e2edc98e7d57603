// My data (#14): ask for a copy of everything Tandem holds about me (the cron writes it; it is e-mailed when ready
// and kept 7 days), download it, or delete my account (in 14 days; logging in before then cancels it).
import { h, field, onSubmit, announce, say, statusOf, btn, clear, fmtDate } from '../dom.js';
import { t, tError } from '../i18n.js';
import { api } from '../api.js';
import { state } from '../session.js';
import { toLogin } from '../router.js';

export async function page(ctx) {
  ctx.heading(t('data.title'));
  ctx.root.append(h('p', null, t('data.intro')), exportSection(), researchSection(), eraseSection());
}

// Consent to research on record-level rows (the community's research export): separate, and withdrawn as easily.
function researchSection() {
  const f = field({ name: 'research_consent', label: t('data.research_consent'), type: 'checkbox' });
  const box = f.control;
  const sec = h('section', { id: 'research', 'aria-labelledby': 'rc-h' }, h('h2', { id: 'rc-h' }, t('data.research_title')),
    h('p', null, t('data.research_intro')), f);
  statusOf(sec);
  api('GET', '/api/me/export').then((s) => { box.checked = s.research_consent; }, () => {});
  box.addEventListener('change', async () => {
    try {
      const r = await api('PUT', '/api/me/research-consent', { given: box.checked });
      say(sec, r.research_consent ? t('data.research_given') : t('data.research_withdrawn'));
    } catch (e) {
      box.checked = !box.checked;
      if (!e.handled) say(sec, tError(e), 'error');
    }
  });
  return sec;
}

function exportSection() {
  const body = h('div');
  const sec = h('section', { id: 'export', 'aria-labelledby': 'ex-h' }, h('h2', { id: 'ex-h' }, t('data.export_title')),
    h('p', null, t('data.export_intro')), body);
  statusOf(sec);
  load().catch((e) => say(sec, tError(e), 'error'));
  return sec;

  async function load() {
    const s = await api('GET', '/api/me/export');
    clear(body);
    const e = s.export;
    if (e && e.state === 'working') body.append(h('p', { class: 'notice', role: 'note' }, t('data.export_working')));
    if (e && e.state === 'ready') {
      body.append(h('p', null, t('data.export_ready', { date: fmtDate(e.expires_at) })),
        h('ul', { class: 'downloads' }, Array.from({ length: e.parts }, (_, i) => h('li', null,
          h('a', { href: `/api/me/export/${e.id}?part=${i + 1}`, download: `tandem-data-${String(i + 1).padStart(4, '0')}.json` },
            t('data.export_part', { n: i + 1 }))))));
    }
    if (s.next_at) body.append(h('p', { class: 'hint' }, t('data.export_next', { date: fmtDate(s.next_at) })));
    else {
      body.append(h('p', null, btn(t('data.export_ask'), async (ev) => {
        ev.target.disabled = true;
        try {
          await api('POST', '/api/me/export');
          await load();
          say(sec, t('data.export_asked'));
        } catch (err) {
          ev.target.disabled = false;
          if (!err.handled) say(sec, tError(err), 'error');
        }
      }, 'primary')));
    }
  }
}

function eraseSection() {
  const f = h('form', { 'aria-labelledby': 'er-h', 'data-draft': 'own' }, h('h2', { id: 'er-h' }, t('data.delete_title')),
    h('p', null, t('data.delete_intro')),
    field({ name: 'password', label: t('field.password'), type: 'password', autocomplete: 'current-password', required: true }),
    h('p', { class: 'actions' }, h('button', { type: 'submit' }, t('data.delete_submit'))));
  onSubmit(f, async () => {
    const r = await api('DELETE', '/api/me', { password: f.password.value });
    state.me = null;
    await toLogin(false);
    announce(t('data.deleted', { date: fmtDate(r.erase_at) }));
  });
  return f;
}
