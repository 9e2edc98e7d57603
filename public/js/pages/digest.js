// How a person hears of things beyond the app (#13): each topic's notices by e-mail at once, in the digest or only
// in Tandem, and the digest's schedule in their own zone (/notifications/settings); and the page a digest's link to
// stop digests opens (/unsubscribe), which asks before it stops them. Strings: public/i18n/digest.<lang>.json.
import { h, field, onSubmit, submit, say } from '../dom.js';
import { t, has, addStrings, getLang } from '../i18n.js';
import { api } from '../api.js';
import { state } from '../session.js';
import { load } from '../mentoring/common.js';

const strings = () => (has('digest.title') ? null : addStrings('digest'));
const TOPICS = ['requests', 'roll', 'process', 'sessions', 'care', 'rooms', 'moderation'];
const DELIVERY = ['instant', 'digest', 'off'];

// Monday to Sunday in the reader's language (1 January 2024 was a Monday).
const weekdays = () => [...Array(7)].map((_, i) =>
  new Intl.DateTimeFormat(getLang(), { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + i)));
const hh = (n) => String(n).padStart(2, '0') + ':00';

export async function settings(ctx) {
  await strings();
  ctx.heading(t('digest.title'));
  const p = await load(ctx, '/api/me/preferences');
  if (!p || !ctx.alive()) return;
  ctx.root.append(h('p', null, h('a', { href: '/notifications' }, t('digest.back'))));

  const email = field({ name: 'email_notifications', label: t('notes.email_label'), type: 'checkbox', value: p.email_notifications });
  const topics = TOPICS.map((topic) => field({
    name: 'topic_' + topic, field: 'topics', type: 'select', label: t('digest.topic.' + topic), value: p.topics[topic],
    options: DELIVERY.map((d) => [d, t('digest.delivery.' + d)]),
  }));
  const zone = p.zone || 'UTC';
  const cadence = field({ name: 'digest_cadence', type: 'select', label: t('digest.cadence'), value: p.digest.cadence,
    options: ['off', 'daily', 'weekly'].map((c) => [c, t('digest.cadence.' + c)]) });
  const weekday = field({ name: 'digest_weekday', type: 'select', label: t('digest.weekday'), value: p.digest.weekday,
    hint: t('digest.weekday_hint'), options: weekdays().map((d, i) => [i, d]) });
  const hour = field({ name: 'digest_hour', type: 'select', label: t('digest.hour'), value: p.digest.hour,
    options: [...Array(24)].map((_, i) => [i, hh(i)]) });
  const shown = () => {
    const off = cadence.control.value === 'off';
    weekday.hidden = off;
    hour.hidden = off;
  };
  cadence.control.addEventListener('change', shown);
  shown();

  const form = h('form', { 'aria-labelledby': 'mail-h' },
    h('h2', { id: 'mail-h' }, t('notes.email_title')), email,
    h('fieldset', null, h('legend', null, t('digest.topics')), h('p', { class: 'hint' }, t('digest.topics_hint')), topics),
    h('fieldset', null, h('legend', null, t('digest.digest')), h('p', { class: 'hint' }, t('digest.digest_hint')),
      h('p', null, p.zone ? t('digest.zone', { zone }) : [t('digest.no_zone'), ' ', h('a', { href: '/profile' }, t('digest.set_zone'))]),
      cadence, weekday, hour),
    submit(t('common.save')));
  onSubmit(form, async () => {
    await api('PUT', '/api/me/preferences', {
      email_notifications: email.control.checked,
      topics: TOPICS.map((topic, i) => ({ topic, delivery: topics[i].control.value })),
      digest_cadence: cadence.control.value,
      digest_weekday: Number(weekday.control.value),
      digest_hour: Number(hour.control.value),
    });
    say(form, t('common.saved'));
  });
  ctx.root.append(form);
}

export async function unsubscribe(ctx) {
  await strings();
  ctx.heading(t('digest.stop_title'));
  // The link's secret is in the fragment (never sent to a server, never in a log); kept here until the click.
  const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  const form = h('form', null, h('p', null, t('digest.stop_text')), submit(t('digest.stop')));
  onSubmit(form, async () => {
    try {
      await api('POST', '/api/digest/unsubscribe', { token }, { quiet: true });
    } catch (e) {
      if (e.status >= 400 && e.status < 500) {
        say(form, t('error.token_invalid'), 'error');
        return;
      }
      throw e;
    }
    form.replaceWith(h('p', { role: 'status' }, t('digest.stopped')),
      h('p', null, h('a', { href: state.me ? '/notifications/settings' : '/login?next=' + encodeURIComponent('/notifications/settings') }, t('digest.change'))));
  });
  ctx.root.append(form);
}
