// Home, sign-up, e-mail verification, log-in, forgot and reset password, confirm an e-mail change.
import { h, field, onSubmit, submit, announce, say, clear } from '../dom.js';
import { t, tError, getLang, setLang, LANGS, chosenHere } from '../i18n.js';
import { api } from '../api.js';
import { state, refreshMe } from '../session.js';
import { navigate, safeNext } from '../router.js';

const emailField = (value) => field({ name: 'email', label: t('field.email'), type: 'email', autocomplete: 'email', required: true, value });
const newPassword = (name = 'password', label = t('field.new_password')) =>
  field({ name, label, type: 'password', autocomplete: 'new-password', required: true, hint: t('hint.password') });

/** Read the one-time token from the URL fragment, then drop it from the address bar. */
function takeToken() {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  return token;
}

/** The first page a visitor sees: what Tandem does for them, how a mentoring relationship works here, what stays
 * private and how to start, in a few seconds on a phone. */
function landing(ctx) {
  ctx.heading(t('home.title'));
  const start = () => h('p', { class: 'actions' }, h('a', { href: '/signup', class: 'button primary' }, t('nav.signup')), h('a', { href: '/login', class: 'button' }, t('nav.login')));
  const part = (key) => h('section', { class: 'card', 'aria-labelledby': `l-${key}` }, h('h2', { id: `l-${key}` }, t(`home.${key}`)), h('p', null, t(`home.${key}_text`)));
  ctx.root.append(
    h('p', { class: 'lead' }, t('home.intro')),
    start(),
    h('div', { class: 'audiences' }, part('for_mentees'), part('for_mentors'), part('for_coordinators')),
    h('h2', null, t('home.how_title')),
    h('ol', { class: 'steps' }, [1, 2, 3, 4].map((i) => h('li', null, t(`home.how_${i}`)))),
    h('h2', null, t('home.private_title')), h('p', null, t('home.private_text')),
    h('h2', null, t('home.start_title')), h('p', null, t('home.start_text')),
    start());
}

export async function home(ctx) {
  const me = state.me;
  if (!me) return landing(ctx);
  ctx.heading(t('home.welcome', { name: me.user.display_name }));
  // The mentoring dashboard comes first; it is loaded on demand, so the first visit stays small.
  const dash = h('div', { class: 'dashboard' });
  ctx.root.append(dash);
  const loading = import('../mentoring/dashboard.js').then((m) => m.sections(dash, ctx));
  const list = me.communities || [];
  ctx.root.append(h('h2', null, t('home.my_communities')));
  if (!list.length) ctx.root.append(h('p', null, t('home.no_communities')));
  else {
    ctx.root.append(h('ul', { class: 'cards' }, list.map((c) => h('li', { class: 'card' },
      h('a', { href: `/communities/${c.id}` }, c.name), ' ',
      h('span', { class: 'badge' }, c.status === 'pending' ? t('membership.pending') : t('role.' + c.role))))));
  }
  ctx.root.append(h('p', { class: 'actions' },
    h('a', { href: '/communities', class: 'button' }, t('home.browse')),
    h('a', { href: '/profile', class: 'button' }, t('home.edit_profile'))));
  if (!me.profile || !me.profile.presentation) ctx.root.append(h('p', { class: 'hint' }, t('home.complete_profile')));
  return loading;

}

export function signup(ctx) {
  ctx.heading(t('signup.title'));
  const form = h('form', null,
    field({ name: 'display_name', label: t('field.display_name'), autocomplete: 'name', required: true, maxlength: 80 }),
    emailField(),
    newPassword('password', t('field.password')),
    submit(t('signup.submit')));
  onSubmit(form, async () => {
    const email = form.email.value.trim();
    await api('POST', '/api/auth/register', { display_name: form.display_name.value, email, password: form.password.value, language: getLang() });
    clear(ctx.root);
    ctx.heading(t('signup.check_title'));
    ctx.root.append(h('p', { class: 'lead' }, t('signup.check_text', { email })), h('p', { class: 'hint' }, t('signup.check_hint')));
    announce(t('signup.check_title'));
  });
  ctx.root.append(form, h('p', null, t('signup.have_account'), ' ', h('a', { href: '/login' }, t('nav.login'))));
}

function resendForm(email) {
  const form = h('form', { class: 'inline-form' }, emailField(email), submit(t('verify.resend')));
  onSubmit(form, async () => {
    await api('POST', '/api/auth/resend-verification', { email: form.email.value.trim() });
    say(form, t('verify.resent'));
  });
  return form;
}

export async function verify(ctx) {
  ctx.heading(t('verify.title'));
  const token = takeToken();
  const p = h('p', { role: 'status' }, t('common.working'));
  ctx.root.append(p);
  try {
    await api('POST', '/api/auth/verify', { token });
    p.textContent = t('verify.done');
    ctx.root.append(h('p', null, state.me ? h('a', { href: '/', class: 'button primary' }, t('nav.home')) : h('a', { href: '/login', class: 'button primary' }, t('nav.login'))));
  } catch (e) {
    p.textContent = t('error.token_invalid');
    p.className = 'form-error';
    ctx.root.append(h('h2', null, t('verify.resend_title')), resendForm(''));
  }
}

export function login(ctx) {
  ctx.heading(t('login.title'));
  const next = ctx.query.get('next');
  const extra = h('div');
  const form = h('form', null,
    emailField(),
    field({ name: 'password', label: t('field.password'), type: 'password', autocomplete: 'current-password', required: true }),
    submit(t('login.submit')));
  async function signedIn() {
    await refreshMe();
    // The language follows the person: the one they chose (on any device), unless they chose another here; else
    // this page's, which their e-mails are then written in.
    try {
      const prefs = await api('GET', '/api/me/preferences', undefined, { quiet: true });
      if (prefs.language_chosen && !chosenHere() && prefs.language !== getLang() && LANGS.includes(prefs.language)) {
        await setLang(prefs.language, true);
        window.dispatchEvent(new Event('tandem:lang'));
      } else if (prefs.language !== getLang() || (chosenHere() && !prefs.language_chosen)) {
        api('PUT', '/api/me/preferences', { language: getLang(), language_chosen: chosenHere() }, { quiet: true }).catch(() => {});
      }
    } catch { /* the page's language stays */ }
    await navigate(safeNext(next), { replace: true });
  }
  onSubmit(form, async () => {
    clear(extra);
    const email = form.email.value.trim();
    let res;
    try {
      res = await api('POST', '/api/auth/login', { email, password: form.password.value }, { quiet: true });
    } catch (e) {
      if (e.code === 'email_unverified') {
        extra.append(h('h2', null, t('verify.resend_title')), resendForm(email));
      }
      throw e;
    }
    if (res && res.two_factor) return secondStep(res.challenge);
    await signedIn();
  });
  // Two-factor on: the password was the first step; a code from the app (or a recovery code) is the second.
  function secondStep(challenge) {
    const code = h('form', { 'aria-labelledby': 'code-h' },
      h('h2', { id: 'code-h' }, t('login.code_title')),
      h('p', null, t('login.code_intro')),
      field({ name: 'code', label: t('field.code'), autocomplete: 'one-time-code', required: true, inputmode: 'text', hint: t('login.code_recovery') }),
      submit(t('login.code_submit')));
    onSubmit(code, async () => {
      try {
        await api('POST', '/api/auth/two-factor', { challenge, code: code.code.value }, { quiet: true });
      } catch (e) {
        if (e.code !== 'challenge_invalid') throw e;
        // Too late or too many tries: back to the password, saying why where the person looks.
        code.replaceWith(form);
        form.password.value = '';
        say(form, tError(e), 'error');
        return;
      }
      await signedIn();
    });
    form.replaceWith(code);
    code.code.focus();
  }
  ctx.root.append(form, extra,
    h('p', null, h('a', { href: '/forgot' }, t('login.forgot'))),
    h('p', null, t('login.no_account'), ' ', h('a', { href: '/signup' }, t('nav.signup'))));
}

export function forgot(ctx) {
  ctx.heading(t('forgot.title'));
  const form = h('form', null, h('p', null, t('forgot.intro')), emailField(), submit(t('forgot.submit')));
  onSubmit(form, async () => {
    await api('POST', '/api/auth/forgot', { email: form.email.value.trim() });
    clear(form).append(h('p', { class: 'lead' }, t('forgot.sent')));
    announce(t('forgot.sent'));
  });
  ctx.root.append(form);
}

export function reset(ctx) {
  ctx.heading(t('reset.title'));
  const token = takeToken();
  const form = h('form', null,
    newPassword('password'),
    field({ name: 'confirm', label: t('field.confirm_password'), type: 'password', autocomplete: 'new-password', required: true }),
    submit(t('reset.submit')));
  onSubmit(form, async () => {
    if (form.password.value !== form.confirm.value) throw { code: 'passwords_differ', field: 'confirm', message: t('error.passwords_differ') };
    try {
      await api('POST', '/api/auth/reset', { token, password: form.password.value });
    } catch (e) {
      if (e.code === 'token_invalid') {
        form.replaceWith(h('div', null, h('p', { class: 'form-error', role: 'alert' }, t('error.token_invalid')), h('p', null, h('a', { href: '/forgot' }, t('reset.ask_again')))));
        return;
      }
      throw e;
    }
    state.me = null;
    await refreshMe();
    form.replaceWith(h('div', null, h('p', { class: 'lead' }, t('reset.done')), h('p', null, h('a', { href: '/login', class: 'button primary' }, t('nav.login')))));
    announce(t('reset.done'));
  });
  if (!token) ctx.root.append(h('p', { class: 'form-error' }, t('error.token_invalid')), h('p', null, h('a', { href: '/forgot' }, t('reset.ask_again'))));
  else ctx.root.append(form);
}

export async function confirmEmail(ctx) {
  ctx.heading(t('confirm_email.title'));
  const token = takeToken();
  const p = h('p', { role: 'status' }, t('common.working'));
  ctx.root.append(p);
  try {
    await api('POST', '/api/auth/confirm-email', { token });
    p.textContent = t('confirm_email.done');
    if (state.me) await refreshMe();
    ctx.root.append(h('p', null, h('a', { href: state.me ? '/account' : '/login', class: 'button primary' }, state.me ? t('nav.account') : t('nav.login'))));
  } catch {
    p.textContent = t('error.token_invalid');
    p.className = 'form-error';
  }

}
