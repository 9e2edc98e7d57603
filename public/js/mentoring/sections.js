// A project's workspace sections (issue #11): which of them a person has, the compact bar that leads to them (one row
// on a phone, scrolled sideways when it must, the current one marked, the chat's unread count as a badge) and the
// frame every section page shares (the project's title, then the bar). No page of its own: js/mentoring/workspace.js
// draws the sections, js/mentoring/files.js the documents.
import { h, clear, append } from '../dom.js';
import { t } from '../i18n.js';

/** A project that is, or once was, active has a workspace; a request not active yet keeps its single page. */
export const isWorkspace = (d) => !!(d && d.project && d.process);

/** The project's name as its pages show it (a group's name, else the title). */
export const projectTitle = (p) => (p.kind === 'group' && p.group_name ? p.group_name : p.title);

/** The sections this person has, in the bar's order: [{key, href}]. The chat, the documents and the private
 * messages are for the active members; the plan and the goals for those who see the journey (members and the
 * coordinator). */
export function sections(d) {
  const base = `/projects/${d.project.id}`;
  const member = d.my_member_status === 'active';
  const journey = !!(d.process && d.process.journey);
  // A module the community turned off has no section.
  const on = (m) => !(d.modules && d.modules[m] === false);
  return [
    ['overview', ''],
    member && ['chat', '/chat'],
    journey && ['plan', '/plan'],
    journey && on('goals') && ['goals', '/goals'],
    on('contract') && ['contract', '/contract'],
    member && ['files', '/files'],
    member && ['messages', '/messages'],
    member && on('library') && ['library', '/library'],
    ['people', '/people'],
  ].filter(Boolean).map(([key, path]) => ({ key, href: base + path }));
}

/** The section bar. `current`: the section shown (marked aria-current="page"); `unread`: the chat's unread count.
 * Returns the <nav>, with setUnread(n) to change the badge in place. */
export function sectionBar(d, current, unread = 0) {
  const ul = h('ul');
  let chat = null;
  for (const s of sections(d)) {
    const a = h('a', { href: s.href, 'aria-current': s.key === current ? 'page' : null, 'data-section': s.key });
    if (s.key === 'chat') chat = a;
    else a.textContent = t('section.' + s.key);
    ul.append(h('li', null, a));
  }
  const nav = h('nav', { class: 'sections', 'aria-label': t('section.bar') }, ul);
  nav.setUnread = (n) => {
    if (!chat) return;
    append(clear(chat), [t('section.chat'), n > 0
      ? [h('span', { class: 'sr-only' }, ' ' + t('section.unread', { n })), h('span', { class: 'dot', 'aria-hidden': 'true' }, n > 99 ? '99+' : String(n))]
      : null]);
  };
  nav.setUnread(unread);
  // Once on screen, the current section is brought into view inside the bar (sideways only: the page stays put).
  requestAnimationFrame(() => {
    const on = ul.querySelector('[aria-current]');
    if (!on || !ul.isConnected) return;
    const li = on.parentElement;
    if (li.offsetLeft + li.offsetWidth > ul.clientWidth) ul.scrollLeft = li.offsetLeft - (ul.clientWidth - li.offsetWidth) / 2;
  });
  return nav;
}

/** A workspace page's top: the project's title (the page's heading) and the bar. The document's title names the
 * section too. Returns {h1, bar, title}. */
export function frame(ctx, d, current) {
  const title = projectTitle(d.project);
  const h1 = ctx.heading(title);
  if (current !== 'overview') document.title = `${t('section.' + current)} · ${title} · ${t('app.name')}`;
  const bar = sectionBar(d, current, d.chat_unread || 0);
  ctx.root.append(bar);
  return { h1, bar, title };
}
