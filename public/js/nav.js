// The header's navigation, one row on a phone: Home, Notifications and Messages (an icon over a short label, the
// unread count as a badge), and a "More" button that opens the rest (communities, my profile and account, admin,
// the language, log out) below the bar; from 64rem on, the rest sits in the row too. Logged out: Log in, Sign up
// and the language.
import { h, clear, append } from './dom.js';
import { t } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
const PATHS = {
  home: 'M3 11 12 3l9 8M5 9.5V21h5v-6h4v6h5V9.5',
  bell: 'M6 16v-5a6 6 0 0 1 12 0v5l2 2H4zM10 21h4',
  mail: 'M3 6h18v12H3zM3 7l9 6 9-6',
  more: 'M4 7h16M4 12h16M4 17h16',
  login: 'M10 17l5-5-5-5M15 12H3M14 4h6v16h-6',
  signup: 'M3 20a6 6 0 0 1 12 0M9 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8M19 8v6M16 11h6',
  globe: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18M3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18',
};

/** A line icon, hidden from screen readers (the text next to it says what it is). */
export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icon');
  const p = document.createElementNS(SVG, 'path');
  p.setAttribute('d', PATHS[name]);
  svg.append(p);
  return svg;
}

/** A tab of the bar; `count`: an unread count, a badge on the icon that is said as "(n new)" after the label. */
function tab(href, name, label, { id, count = 0, countText = '' } = {}) {
  const a = h('a', { href, id, class: 'tab' });
  fillTab(a, name, label, count, countText);
  return h('li', null, a);
}

function fillTab(a, name, label, count, countText) {
  append(clear(a), [icon(name), h('span', { class: 'tab-label' }, label),
    count ? [h('span', { class: 'sr-only' }, ' ' + countText), h('span', { class: 'dot', 'aria-hidden': 'true' }, count > 99 ? '99+' : String(count))] : null]);
}

/** The unread counts changed: redraw the two tabs in place (an open menu stays open, the focus where it is). */
export function setCounts(unread, unreadMessages) {
  const notes = document.getElementById('nav-notes');
  const msgs = document.getElementById('nav-messages');
  if (notes) fillTab(notes, 'bell', t('nav.notifications'), unread, t('nav.unread', { n: unread }));
  if (msgs) fillTab(msgs, 'mail', t('nav.messages'), unreadMessages, t('nav.unread_messages', { n: unreadMessages }));
}

let menu = null;
let moreBtn = null;

function setOpen(open, focusButton = false) {
  if (!menu || !moreBtn) return;
  menu.classList.toggle('open', open);
  moreBtn.setAttribute('aria-expanded', String(open));
  if (!open && focusButton) moreBtn.focus();
}

/** Draw the navigation into `ul`. `me`: the session (or null); `lang`: the language control (placed in the menu
 * when logged in, else in the bar after the navigation); `logout`: its button's action. */
export function drawNav(ul, { me, unread = 0, unreadMessages = 0, lang, logout, bar }) {
  clear(ul);
  menu = moreBtn = null;
  if (!me) {
    ul.append(tab('/login', 'login', t('nav.login')), tab('/signup', 'signup', t('nav.signup')));
    if (lang && bar) bar.append(lang);
    return;
  }
  const item = (href, label) => h('li', null, h('a', { href }, label));
  menu = h('ul', { id: 'nav-more', class: 'menu' });
  append(menu, [
    item('/communities', t('nav.communities')),
    item('/profile', t('nav.profile')),
    item('/account', t('nav.account')),
    me.user.platform_admin ? item('/admin', t('nav.admin')) : null,
    lang ? h('li', { class: 'menu-lang' }, lang) : null,
    h('li', null, h('button', { type: 'button', class: 'linklike', onclick: logout }, t('nav.logout'))),
  ]);
  moreBtn = h('button', { type: 'button', class: 'tab more-btn', 'aria-expanded': 'false', 'aria-controls': 'nav-more' },
    icon('more'), h('span', { class: 'tab-label' }, t('nav.more')));
  moreBtn.addEventListener('click', () => setOpen(!menu.classList.contains('open')));
  const more = h('li', { class: 'more-item' }, moreBtn, menu);
  // Escape closes it (back to its button); so does leaving it, and choosing something in it.
  more.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && menu.classList.contains('open')) { e.preventDefault(); setOpen(false, true); }
  });
  more.addEventListener('focusout', (e) => { if (e.relatedTarget && !more.contains(e.relatedTarget)) setOpen(false); });
  menu.addEventListener('click', (e) => { if (e.target.closest('a')) setOpen(false); });
  append(ul, [
    tab('/', 'home', t('nav.home')),
    tab('/notifications', 'bell', t('nav.notifications'), { id: 'nav-notes', count: unread, countText: t('nav.unread', { n: unread }) }),
    tab('/messages', 'mail', t('nav.messages'), { id: 'nav-messages', count: unreadMessages, countText: t('nav.unread_messages', { n: unreadMessages }) }),
    more,
  ]);
}

// A click or a tap anywhere else closes the menu.
document.addEventListener('click', (e) => {
  if (menu && menu.classList.contains('open') && !e.target.closest('.more-item')) setOpen(false);
});

/** Mark the link of the page shown (aria-current), and close the menu. */
export function markNav(path) {
  document.querySelectorAll('#nav-list a').forEach((a) => {
    const href = a.getAttribute('href');
    const on = href === path || (href !== '/' && path.startsWith(href + '/'));
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  // "More" says when the page shown is one of its own.
  if (moreBtn) moreBtn.classList.toggle('current', !!menu.querySelector('[aria-current]'));
  setOpen(false);
}
