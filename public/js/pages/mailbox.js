// The local mailbox (only on a developer's machine, where mail is printed rather than sent): the mail Tandem sent,
// links included, so that verification and reset links can be opened. Anywhere else the server has no such page.
import { h } from '../dom.js';
import { t, tError } from '../i18n.js';
import { api } from '../api.js';

/** A mail's text with its web addresses as links. */
function linked(text) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s]+/g)) {
    out.push(text.slice(last, m.index), h('a', { href: m[0] }, m[0]));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

export async function mailbox(ctx) {
  ctx.heading(t('mailbox.title'));
  let data;
  try {
    data = await api('GET', '/api/local/mailbox', null, { quiet: true });
  } catch (e) {
    ctx.root.append(h('p', null, e.status === 404 ? t('mailbox.missing') : tError(e)));
    return;
  }
  ctx.root.append(h('p', { class: 'notice' }, t('mailbox.local')));
  if (!data.items.length) {
    ctx.root.append(h('p', null, t('mailbox.empty')));
    return;
  }
  ctx.root.append(h('ul', { class: 'cards' }, ...data.items.map((m) => h('li', { class: 'card' },
    h('h2', null, m.subject),
    h('p', { class: 'meta' }, t('mailbox.to', { to: m.to_email }), ' · ', new Date(m.sent_at).toLocaleString()),
    h('p', { class: 'prewrap' }, ...linked(m.body))))));
}
