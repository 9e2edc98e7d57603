// My account: change password, change e-mail, two-factor authentication, my sessions, my calendar feed, and the way
// to my data (pages/data.js).
import { h, field, onSubmit, submit, announce, say, statusOf, btn, clear, fmtDate } from '../dom.js';
import { t, tError } from '../i18n.js';
import { api } from '../api.js';
import { state, refreshMe } from '../session.js';
import { toLogin } from '../router.js';
import { calendarFeed } from '../mentoring/calendar-feed.js';
import { twoFactorSection } from './two-factor.js';

export async function page(ctx) {
  ctx.heading(t('account.title'));
  const me = await refreshMe();
  if (!me || !ctx.alive()) return;
  const u = me.user;
  ctx.root.append(h('dl', { class: 'facts' },
    h('dt', null, t('field.display_name')), h('dd', null, u.display_name),
    h('dt', null, t('field.email')), h('dd', { class: 'email' }, u.email),
    h('dt', null, t('account.member_since')), h('dd', null, fmtDate(u.created_at))));

  const pw = h('form', { 'aria-labelledby': 'pw-h' }, h('h2', { id: 'pw-h' }, t('account.password_title')),
    field({ name: 'current_password', label: t('field.current_password'), type: 'password', autocomplete: 'current-password', required: true }),
    field({ name: 'new_password', label: t('field.new_password'), type: 'password', autocomplete: 'new-password', required: true, hint: t('hint.password') }),
    submit(t('account.password_submit')));
  onSubmit(pw, async () => {
    await api('POST', '/api/me/password', { current_password: pw.current_password.value, new_password: pw.new_password.value });
    pw.reset();
    say(pw, t('account.password_done'));
    loadSessions();
  });

  const em = h('form', { 'aria-labelledby': 'em-h' }, h('h2', { id: 'em-h' }, t('account.email_title')),
    field({ name: 'new_email', label: t('field.new_email'), type: 'email', autocomplete: 'email', required: true }),
    field({ name: 'password', label: t('field.password'), type: 'password', autocomplete: 'current-password', required: true }),
    submit(t('account.email_submit')));
  onSubmit(em, async () => {
    const email = em.new_email.value.trim();
    await api('POST', '/api/me/email', { new_email: email, password: em.password.value });
    em.reset();
    say(em, t('account.email_sent', { email }));
  });

  const sessions = h('ul', { class: 'cards' });
  const sessionsSec = h('section', { 'aria-labelledby': 'ss-h' }, h('h2', { id: 'ss-h' }, t('account.sessions_title')), h('p', { class: 'hint' }, t('account.sessions_intro')), sessions);
  statusOf(sessionsSec);
  async function loadSessions() {
    const res = await api('GET', '/api/me/sessions');
    clear(sessions);
    for (const s of res.items) {
      const li = h('li', { class: 'card' },
        h('p', null, h('strong', null, s.user_agent || t('account.unknown_device')), s.current ? [' ', h('span', { class: 'badge' }, t('account.this_device'))] : null),
        h('p', { class: 'hint' }, t('account.session_times', { created: fmtDate(s.created_at), seen: fmtDate(s.last_seen_at) })),
        btn(s.current ? t('account.end_this') : t('account.end_session'), async () => {
          try {
            await api('DELETE', `/api/me/sessions/${s.id}`);
          } catch (e) {
            if (!e.handled) say(li, tError(e), 'error');
            return;
          }
          if (s.current) { state.me = null; await refreshMe(); await toLogin(false); announce(t('auth.logged_out')); return; }
          li.remove();
          say(sessionsSec, t('account.session_ended'));
        }, 'small'));
      sessions.append(li);
    }
  }
  // My private calendar feed: every session of my projects, for a calendar app.
  const data = h('section', { 'aria-labelledby': 'dt-h' }, h('h2', { id: 'dt-h' }, t('data.title')),
    h('p', null, h('a', { href: '/account/data' }, t('account.data_link'))));
  ctx.root.append(pw, em, twoFactorSection(), sessionsSec, calendarFeed(), data);
  await loadSessions();

}
