// Two-factor authentication, in My account: turn it on (a key for the app, a code, recovery codes shown once), new
// recovery codes, turn it off. Platform administrators must have it on.
import { h, field, onSubmit, submit, say, statusOf, btn, clear } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { refreshMe } from '../session.js';

export function twoFactorSection() {
  const body = h('div');
  const sec = h('section', { id: 'two-factor', 'aria-labelledby': 'tf-h' }, h('h2', { id: 'tf-h' }, t('tf.title')), body);
  statusOf(sec);
  load().catch(() => {});
  return sec;

  async function load() {
    const s = await api('GET', '/api/me/two-factor');
    clear(body);
    if (!s.enabled) {
      body.append(h('p', null, t('tf.intro')));
      if (s.required) body.append(h('p', { class: 'notice', role: 'note' }, t('tf.required')));
      body.append(h('p', null, btn(t('tf.turn_on'), () => body.replaceChildren(passwordForm()), 'primary')));
      return;
    }
    body.append(h('p', null, h('strong', null, t('tf.on')), ' ', t('tf.codes_left', { n: s.recovery_left })),
      h('p', { class: 'actions' },
        btn(t('tf.renew'), () => body.replaceChildren(codeForm(t('tf.renew'), async (code) => showCodes((await api('POST', '/api/me/two-factor/recovery', { code })).recovery_codes)))),
        s.required ? null : btn(t('tf.turn_off'), () => body.replaceChildren(codeForm(t('tf.turn_off'), async (code) => {
          await api('DELETE', '/api/me/two-factor', { code });
          await load();
          say(sec, t('tf.off_done'));
        })))));
  }

  function passwordForm() {
    const f = h('form', null, h('p', null, t('tf.password_intro')),
      field({ name: 'password', label: t('field.password'), type: 'password', autocomplete: 'current-password', required: true }),
      submit(t('tf.continue')));
    onSubmit(f, async () => {
      const k = await api('POST', '/api/me/two-factor', { password: f.password.value });
      f.replaceWith(keyForm(k));
    });
    return f;
  }

  function keyForm(k) {
    const grouped = k.secret.match(/.{1,4}/g).join(' ');
    // The code is drawn here, from the address the server gave (which carries the secret: no service ever sees it).
    const qr = h('p', { class: 'qr-box' });
    import('../qr.js').then(({ qrSvg }) => qr.append(qrSvg(k.uri, t('tf.qr')))).catch(() => qr.remove());
    const f = h('form', null,
      h('p', null, t('tf.key_intro')),
      qr,
      h('p', null, h('a', { href: k.uri, class: 'button' }, t('tf.open_app'))),
      h('p', null, t('tf.key'), ': ', h('code', { class: 'secret', dir: 'ltr', translate: 'no' }, grouped)),
      h('p', null, t('tf.confirm_intro')),
      field({ name: 'code', label: t('field.code'), autocomplete: 'one-time-code', inputmode: 'numeric', required: true }),
      submit(t('tf.turn_on')));
    onSubmit(f, async () => {
      const r = await api('POST', '/api/me/two-factor/confirm', { code: f.code.value });
      // This session now counts as one that gave a second factor (administration opens).
      refreshMe().catch(() => {});
      showCodes(r.recovery_codes, t('tf.done'));
    });
    return f;
  }

  function codeForm(label, act) {
    const f = h('form', null, h('p', null, t('tf.code_intro')),
      field({ name: 'code', label: t('field.code'), autocomplete: 'one-time-code', required: true }),
      h('p', { class: 'actions' }, submit(label), btn(t('common.cancel'), () => load())));
    onSubmit(f, () => act(f.code.value));
    return f;
  }

  function showCodes(codes, done) {
    const text = codes.join('\n') + '\n';
    const file = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    body.replaceChildren(
      done ? h('p', { class: 'notice', role: 'status' }, done) : '',
      h('h3', null, t('tf.codes_title')),
      h('p', null, t('tf.codes_intro')),
      h('ul', { class: 'codes', dir: 'ltr', translate: 'no' }, codes.map((c) => h('li', null, h('code', null, c)))),
      h('p', { class: 'actions' },
        h('a', { href: file, download: 'tandem-recovery-codes.txt', class: 'button' }, t('tf.codes_download')),
        btn(t('tf.codes_saved'), () => load(), 'primary')));
  }
}
