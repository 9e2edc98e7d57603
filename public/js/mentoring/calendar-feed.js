// My private calendar feed, for Plan & diary (js/mentoring/plan.js) and the account page (js/pages/account.js): an
// address a calendar app subscribes to, with every session of the projects I am a member of. Making one stops the
// one before; it can be copied, and stopped. The address is the secret, and the page says so. Its strings are the
// main catalogue's (calendar.*), so the account page needs nothing more.
import { h, say, statusOf, clear, uid } from '../dom.js';
import { t, tError } from '../i18n.js';
import { api } from '../api.js';

/** The section: its heading (an h2, or `level`), what it is, "Make a private address" and "Stop the feed". */
export function calendarFeed({ level = 'h2' } = {}) {
  const id = uid('cal');
  const head = h(level, { id, tabindex: '-1' }, t('calendar.title'));
  const make = h('button', { type: 'button', class: 'primary' }, t('calendar.make'));
  const stop = h('button', { type: 'button' }, t('calendar.stop'));
  const row = h('p', { class: 'actions' }, make, stop);
  const out = h('div', { class: 'feed-url', hidden: true });
  const sec = h('section', { class: 'calendar-feed', 'aria-labelledby': id }, head,
    h('p', null, t('calendar.intro')), h('p', { class: 'hint' }, t('calendar.one_session')), row, out);
  statusOf(sec, row);

  const busy = async (button, fn) => {
    button.disabled = true;
    try {
      await fn();
    } catch (e) {
      if (!e.handled) say(sec, tError(e), 'error', row);
    } finally {
      button.disabled = false;
    }
  };

  /** The address, to copy, with what to know about it. */
  function show(url) {
    const inputId = uid('feed');
    const warnId = uid('feed-warn');
    const input = h('input', { id: inputId, type: 'text', readonly: true, value: url, 'aria-describedby': warnId, spellcheck: 'false', autocomplete: 'off' });
    const copy = h('button', { type: 'button' }, t('calendar.copy'));
    const copyRow = h('p', { class: 'actions' }, copy);
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(url);
        say(out, t('calendar.copied'), 'ok', copyRow);
      } catch {
        // No clipboard here: the address is selected, to copy by hand.
        input.focus();
        input.select();
        say(out, t('calendar.copy_by_hand'), 'error', copyRow);
      }
    });
    clear(out).append(
      h('div', { class: 'field' }, h('label', { for: inputId }, t('calendar.address')), input),
      copyRow,
      h('p', { class: 'notice', id: warnId }, t('calendar.private')));
    statusOf(out, copyRow);
    out.hidden = false;
    make.textContent = t('calendar.make_new');
  }

  make.addEventListener('click', () => busy(make, async () => {
    const res = await api('POST', '/api/me/calendar', {});
    show(res.url);
    const input = out.querySelector('input');
    input.focus();
    input.select();
    say(sec, t('calendar.made'), 'ok', row);
  }));
  stop.addEventListener('click', () => busy(stop, async () => {
    await api('DELETE', '/api/me/calendar');
    out.hidden = true;
    clear(out);
    make.textContent = t('calendar.make');
    say(sec, t('calendar.stopped'), 'ok', row);
  }));
  return sec;
}
