// The project chatroom's panel, for a phone on a poor connection: it draws the connection of js/mentoring/
// chat-connection.js (which has no DOM: socket, long-poll fallback, backoff, the offline queue, acks): the messages,
// the state of the connection, what waits to be sent, the unread count, the message box. The last messages shown are
// kept on the device (js/seen.js), and shown, marked as such, when it opens offline. Text is always set as text,
// never as HTML.
import { h, clear, fmtDate, uid, lastSeen } from '../dom.js';
import { t, tError } from '../i18n.js';
import { api } from '../api.js';
import { state } from '../session.js';
import { chatConnection, PAGE } from './chat-connection.js';

const MAX_CHARS = 4000;
const WARN_AT = 3500;

const STATUS = {
  connecting: () => t('chat.status_connecting'),
  connected: () => t('chat.status_connected'),
  connected_http: () => t('chat.status_connected_http'),
  offline: () => t('chat.status_offline'),
  unavailable: () => t('chat.status_unavailable'),
};

const chars = (s) => [...s].length;
const seen = () => import('../seen.js');

/**
 * The chat panel of a project. Returns {el, refresh(readOnly), stop()}; it stops itself once its section has left
 * the page. `unread`: the count to show until the room tells; `onCount(n)`: how many messages it shows, after each
 * drawing once the history has come; `onUnread(n)`: how many are unread, whenever that is told.
 */
export function chatPanel(pid, { readOnly = false, unread = 0, onCount = () => {}, onUnread = () => {} } = {}) {
  const me = state.me.user.id;
  const c = {
    readOnly,
    // Offline before the history came: the messages last seen here ({at, messages}), shown until it comes.
    kept: null, keeping: false,
  };
  const conn = chatConnection(pid, { id: me, display_name: state.me.user.display_name }, {
    api,
    canRead: () => endVisible(),
    on: {
      status: setStatus,
      change: () => draw(),
      readOnly: (ro) => setReadOnly(ro),
      unread: (n) => setUnread(n),
      arrived: (m) => {
        live.append(h('p', null, t('chat.new_from', { name: m.author.display_name, text: m.text.slice(0, 200) })));
        while (live.children.length > 3) live.firstChild.remove();
      },
    },
  });

  // ---- The panel ----------------------------------------------------------------------------------------------
  const headId = uid('chat-h');
  const count = h('span', { class: 'count', hidden: true });
  const heading = h('h2', { id: headId }, t('chat.title'), count);
  // The connection's state: above the list, and again next to the message box (off-screen from here while typing);
  // only the one by the box is announced.
  const status = h('p', { class: 'chat-status', 'data-state': 'connecting' }, t('chat.status_connecting'));
  const older = h('button', { type: 'button', class: 'small', hidden: true, onclick: () => loadOlder() }, t('chat.load_older'));
  const list = h('ol', { class: 'chat-list', 'aria-label': t('chat.messages') });
  const empty = h('p', { class: 'hint chat-empty', hidden: true }, t('chat.empty'));
  // Below the newest message: when it is on screen (inside the scrolled box and the page), everything has been seen.
  const sentinel = h('div', { class: 'chat-end' });
  const scroller = h('div', { class: 'chat-scroll', tabindex: '0', role: 'region', 'aria-label': t('chat.messages') }, older, empty, list, sentinel);
  const live = h('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'false' });
  const roNote = h('p', { class: 'notice', hidden: true }, t('chat.read_only'));
  const keptNote = h('p', { class: 'notice stale', hidden: true });
  const taId = uid('chat-text');
  const counterId = taId + '-count';
  const helpId = taId + '-help';
  const connId = taId + '-conn';
  const ta = h('textarea', { id: taId, name: 'text', rows: '2', 'aria-describedby': `${helpId} ${connId} ${counterId}`, autocomplete: 'off' });
  const connEl = h('p', { id: connId, class: 'chat-status chat-conn', 'aria-live': 'polite', 'data-state': 'connecting' }, t('chat.status_connecting'));
  // On a touch screen there is no Shift key: Enter starts a new line there, and the button sends.
  const coarse = matchMedia('(pointer: coarse)');
  const help = h('p', { id: helpId, class: 'hint' });
  const setHelp = () => { help.textContent = t(coarse.matches ? 'chat.help_touch' : 'chat.help'); };
  setHelp();
  const counter = h('p', { id: counterId, class: 'hint chat-counter', 'aria-live': 'polite' });
  const sendBtn = h('button', { type: 'submit', class: 'primary' }, t('chat.send'));
  const form = h('form', { class: 'chat-form' },
    h('label', { for: taId }, t('chat.label')),
    help,
    h('div', { class: 'chat-compose' }, ta, sendBtn),
    connEl,
    counter);
  const section = h('section', { class: 'chat', 'aria-labelledby': headId }, heading, status, keptNote, scroller, live, roNote, form);
  form.noValidate = true;

  // ---- Drawing ------------------------------------------------------------------------------------------------
  const nearBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  const toBottom = () => { scroller.scrollTop = scroller.scrollHeight; };

  function item(m, pending) {
    const mine = pending || (m.author && m.author.id === me);
    const li = h('li', { class: 'msg' + (mine ? ' mine' : '') + (pending ? ' pending' : '') + (pending && m.error ? ' failed' : '') },
      h('p', { class: 'msg-meta' },
        h('strong', null, mine ? t('chat.you') : (m.author && m.author.display_name) || t('data.former_member')), ' ',
        m.at ? h('time', { datetime: new Date(m.at).toISOString() }, fmtDate(m.at)) : null),
      // An erased account's words read "message deleted" (the message keeps its place).
      m.text ? h('p', { class: 'msg-text prewrap' }, m.text) : h('p', { class: 'msg-text hint' }, t('chat.deleted')));
    if (pending) {
      li.dataset.clientId = m.client_id;
      if (m.error) {
        const del = h('button', { type: 'button', class: 'small', onclick: () => { drop(m.client_id); ta.focus(); } }, t('chat.delete'));
        li.append(h('p', { class: 'msg-state field-error' }, t('chat.not_sent', { reason: tError({ code: m.error }, 'chat') })), h('p', null, del));
      } else {
        li.append(h('p', { class: 'msg-state hint' }, pendingText()));
      }
    } else li.dataset.seq = String(m.seq);
    return li;
  }

  function draw() {
    const stick = nearBottom();
    const top = scroller.scrollHeight - scroller.scrollTop;
    clear(list);
    const seqs = [...conn.msgs.keys()].sort((a, b) => a - b);
    for (const s of seqs) list.append(item(conn.msgs.get(s), false));
    if (conn.initial && c.kept) for (const m of c.kept.messages) list.append(item(m, false));
    for (const q of conn.queue) list.append(item(q, true));
    keptNote.hidden = !(conn.initial && c.kept);
    if (conn.initial && c.kept) keptNote.textContent = lastSeen(c.kept.at);
    empty.hidden = list.children.length > 0 || conn.initial;
    older.hidden = !conn.moreOlder;
    if (stick) toBottom(); else scroller.scrollTop = scroller.scrollHeight - top;
    if (!conn.initial) { onCount(list.children.length); keepSoon(); }
  }

  /** Keep the newest page of what is shown (without a gap) for reading offline next time. */
  function keepSoon() {
    if (c.keeping) return;
    c.keeping = true;
    setTimeout(() => {
      c.keeping = false;
      const seqs = [...conn.msgs.keys()].filter((s) => s <= conn.last).sort((a, b) => a - b).slice(-PAGE);
      if (seqs.length) seen().then((m) => m.keep('chat ' + pid, { messages: seqs.map((s) => conn.msgs.get(s)) })).catch(() => {});
    }, 0);
  }

  /** Offline before the history came: show what was last seen here, if anything was kept. */
  function showKept() {
    if (c.kept) return;
    seen().then((m) => m.recall('chat ' + pid)).then((k) => {
      if (!k || !conn.initial || conn.stopped || !Array.isArray(k.data.messages)) return;
      c.kept = { at: k.at, messages: k.data.messages };
      draw();
    }).catch(() => {});
  }

  /** What a queued message says: it waits while offline, it is on its way once online. */
  const pendingText = () => t(status.dataset.state === 'offline' ? 'chat.waiting' : 'chat.sending');

  function setStatus(kind) {
    if (kind === 'offline' && conn.initial) showKept();
    if (status.dataset.state === kind) return;
    status.dataset.state = connEl.dataset.state = kind;
    status.textContent = connEl.textContent = STATUS[kind]();
    const text = pendingText();
    list.querySelectorAll('.msg.pending:not(.failed) .msg-state').forEach((p) => { p.textContent = text; });
  }

  function setReadOnly(on) {
    c.readOnly = !!on;
    roNote.hidden = !c.readOnly;
    ta.disabled = c.readOnly;
    sendBtn.disabled = c.readOnly;
    form.hidden = false;
  }

  function setUnread(n) {
    count.hidden = !n;
    count.textContent = n ? ' ' + t('chat.unread', { n }) : '';
    onUnread(n);
  }

  function updateCounter() {
    const n = chars(ta.value);
    if (n >= WARN_AT) {
      counter.textContent = n > MAX_CHARS ? t('chat.too_many', { n: n - MAX_CHARS }) : t('chat.left', { n: MAX_CHARS - n });
      counter.classList.toggle('over', n > MAX_CHARS);
    } else if (counter.textContent) {
      counter.textContent = '';
      counter.classList.remove('over');
    }
  }

  function drop(clientId) {
    conn.drop(clientId);
    draw();
  }

  // ---- Sending ------------------------------------------------------------------------------------------------
  function write() {
    const text = ta.value;
    if (c.readOnly) return;
    if (!text.trim()) { ta.focus(); return; }
    if (chars(text) > MAX_CHARS) { updateCounter(); ta.focus(); return; }
    conn.enqueue(text);
    ta.value = '';
    updateCounter();
    draw();
    toBottom();
    conn.flush();
  }

  // ---- Read markers -------------------------------------------------------------------------------------------
  // Is the end of the list on screen, inside the scrolled box and the page? (Measured now: the layout may have
  // changed since the observer last spoke.)
  function endVisible() {
    if (!section.isConnected || document.visibilityState !== 'visible') return false;
    const r = sentinel.getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    return box.height > 0 && r.top <= Math.min(window.innerHeight, box.bottom) + 4 && r.bottom >= Math.max(0, box.top) - 4;
  }
  const markRead = () => conn.markRead();
  const io = 'IntersectionObserver' in window ? new IntersectionObserver(() => markRead()) : null;
  if (io) io.observe(sentinel);
  let scrollTick = 0;
  scroller.addEventListener('scroll', () => { clearTimeout(scrollTick); scrollTick = setTimeout(markRead, 150); });

  async function loadOlder() {
    if (conn.oldest === null) return;
    older.disabled = true;
    try {
      if (await conn.loadOlder()) {
        const firstBefore = list.querySelector('li');
        draw();
        if (firstBefore && firstBefore.dataset.seq) list.querySelector(`li[data-seq="${firstBefore.dataset.seq}"]`)?.scrollIntoView({ block: 'start' });
      }
    } finally {
      older.disabled = false;
      if (!older.hidden) older.focus(); else scroller.focus();
    }
  }

  // ---- Life cycle ---------------------------------------------------------------------------------------------
  const onOnline = () => conn.online();
  const onOffline = () => conn.offline();
  const onVisible = () => { if (document.visibilityState === 'visible') conn.visible(); };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  document.addEventListener('visibilitychange', onVisible);
  coarse.addEventListener('change', setHelp);
  // Stop once the page has moved on (the section is no longer in the document).
  const watch = setInterval(() => { if (!section.isConnected) stop(); }, 1000);

  function stop() {
    conn.stop();
    clearInterval(watch);
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    document.removeEventListener('visibilitychange', onVisible);
    coarse.removeEventListener('change', setHelp);
    if (io) io.disconnect();
  }

  ta.addEventListener('input', updateCounter);
  ta.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !coarse.matches && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      write();
    }
  });
  form.addEventListener('submit', (e) => { e.preventDefault(); write(); });

  setReadOnly(readOnly);
  if (unread > 0) conn.setUnread(unread);
  draw();
  conn.start();

  return {
    el: section,
    /** The project changed (an action here): reconnect, so the room learns whether it is read-only now. */
    refresh(ro) { setReadOnly(ro); conn.refresh(); },
    stop,
  };
}
