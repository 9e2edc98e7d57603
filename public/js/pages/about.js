// About Tandem: the accessibility statement (WCAG 2.2 AA: how it is tested, what is known not to work yet, how to
// report a barrier). Its strings come with it (about.<lang>.json).
import { h } from '../dom.js';
import { t, addStrings } from '../i18n.js';

export async function accessibility(ctx) {
  await addStrings('about');
  if (!ctx.alive()) return;
  ctx.heading(t('a11y.title'));
  const list = (prefix, n) => h('ul', null, Array.from({ length: n }, (_, i) => h('li', null, t(`${prefix}_${i + 1}`))));
  ctx.root.append(
    h('p', { class: 'lead' }, t('a11y.intro')),
    h('h2', null, t('a11y.status_title')), h('p', null, t('a11y.status_text')),
    h('h2', null, t('a11y.tested_title')), list('a11y.tested', 4),
    h('h2', null, t('a11y.limits_title')), list('a11y.limits', 4),
    h('h2', null, t('a11y.report_title')), h('p', null, t('a11y.report_text')),
    h('p', { class: 'hint' }, t('a11y.updated')));
}
