// The project chatroom, for a phone on a poor connection: a WebSocket to the project's room (resume from the last
// contiguous sequence, reconnect with backoff, keep-alive ping), HTTP send plus long-polling when WebSockets fail,
// and an offline queue in localStorage whose messages keep their client id until the server acknowledges them.
// The last messages shown are kept on the device (js/seen.js), and shown, marked as such, when it opens offline.
// Protocol: src/domain/chat.rs. Text is always set as text, never as HTML.
import { h, clear, fmtDate, uid, lastSeen } from '../dom.js';
import { t, tError } from '../i18n.js';
import { api } from '../api.js';
import { state } from '../app.js';

const MAX_CHARS = 4000;
const WARN_AT = 3500;
const PAGE = 50;
const PING_MS = 25000;
const PONG_MS = 10000;
const ACK_MS = 12000;
const WS_TRIES = 2;
/** Errors after which resending the same message cannot help. */
const FINAL = ['text_too_long', 'client_id_invalid', 'required', 'text_control_chars', 'frame_invalid', 'read_only', 'invalid_json'];

const STATUS = {
  connecting: () => t('chat.status_connecting'),
  connected: () => t('chat.status_connected'),
  connected_http: () => t('chat.status_connected_http'),
  offline: () => t('chat.status_offline'),
  unavailable: () => t('chat.status_unavailable'),
};

const chars = (s) => [...s].length;
const seen = () => import('../seen.js');

function newClientId() {
  const b = new Uint8Array(9);
  crypto.getRandomValues(b);
  return Date.now().toString(36) + '-' + [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** The offline queue of one member in one project: [{client_id, text, at, error?}]. */
function queueStore(pid, me) {
  const key = `tandem.chat.${pid}.${me}`;
  return {
    load() {
      try {
        const v = JSON.parse(localStorage.getItem(key) || '[]');
        return Array.isArray(v) ? v.filter((q) => q && typeof q.client_id === 'string' && typeof q.text === 'string') : [];
      } catch { return []; }
    },
    save(list) {
      try {
        if (list.length) localStorage.setItem(key, JSON.stringify(list));
        else localStorage.removeItem(key);
      } catch { /* private mode or full: the queue lives in memory only */ }
    },
  };
}

/**
 * The chat panel of a project. Returns {el, refresh(readOnly), stop()}; it stops itself once its section has left
 * the page. `unread`: the count to show until the room tells; `onCount(n)`: how many messages it shows, after each
 * drawing once the history has come; `onUnread(n)`: how many are unread, whenever that is told.
 */
export function chatPanel(pid, { readOnly = false, unread = 0, onCount = () => {}, onUnread = () => {} } = {}) {
  const me = state.me.user.id;
  const store = queueStore(pid, me);
  const c = {
    ws: null, mode: 'ws', wsFails: 0, backoff: 0, timer: 0, pingTimer: 0, pongTimer: 0, ackTimer: 0,
    poll: null, stopped: false, opened: false, initial: true,
    msgs: new Map(), base: null, last: 0, oldest: null, moreOlder: false,
    queue: store.load(), inflight: new Set(), holdUntil: 0,
    readSent: 0, unread: 0, readOnly,
    // Offline before the history came: the messages last seen here ({at, messages}), shown until it comes.
    kept: null, keeping: false,
  };

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
  const conn = h('p', { id: connId, class: 'chat-status chat-conn', 'aria-live': 'polite', 'data-state': 'connecting' }, t('chat.status_connecting'));
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
    conn,
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
        h('strong', null, mine ? t('chat.you') : (m.author && m.author.display_name) || ''), ' ',
        m.at ? h('time', { datetime: new Date(m.at).toISOString() }, fmtDate(m.at)) : null),
      h('p', { class: 'msg-text prewrap' }, m.text));
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
    const seqs = [...c.msgs.keys()].sort((a, b) => a - b);
    for (const s of seqs) list.append(item(c.msgs.get(s), false));
    if (c.initial && c.kept) for (const m of c.kept.messages) list.append(item(m, false));
    for (const q of c.queue) list.append(item(q, true));
    keptNote.hidden = !(c.initial && c.kept);
    if (c.initial && c.kept) keptNote.textContent = lastSeen(c.kept.at);
    empty.hidden = list.children.length > 0 || c.initial;
    older.hidden = !c.moreOlder;
    if (stick) toBottom(); else scroller.scrollTop = scroller.scrollHeight - top;
    if (!c.initial) { onCount(list.children.length); keepSoon(); }
  }

  /** Keep the newest page of what is shown (without a gap) for reading offline next time. */
  function keepSoon() {
    if (c.keeping) return;
    c.keeping = true;
    setTimeout(() => {
      c.keeping = false;
      const seqs = [...c.msgs.keys()].filter((s) => s <= c.last).sort((a, b) => a - b).slice(-PAGE);
      if (seqs.length) seen().then((m) => m.keep('chat ' + pid, { messages: seqs.map((s) => c.msgs.get(s)) })).catch(() => {});
    }, 0);
  }

  /** Offline before the history came: show what was last seen here, if anything was kept. */
  function showKept() {
    if (c.kept) return;
    seen().then((m) => m.recall('chat ' + pid)).then((k) => {
      if (!k || !c.initial || c.stopped || !Array.isArray(k.data.messages)) return;
      c.kept = { at: k.at, messages: k.data.messages };
      draw();
    }).catch(() => {});
  }

  /** What a queued message says: it waits while offline, it is on its way once online. */
  const pendingText = () => t(status.dataset.state === 'offline' ? 'chat.waiting' : 'chat.sending');

  function setStatus(kind) {
    if (kind === 'offline' && c.initial) showKept();
    if (status.dataset.state === kind) return;
    status.dataset.state = conn.dataset.state = kind;
    status.textContent = conn.textContent = STATUS[kind]();
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
    c.unread = n;
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

  // ---- Messages -----------------------------------------------------------------------------------------------
  /** Keep a message; the contiguous sequence moves on only without a gap. Returns true when it was new. */
  function see(m, { announceIt = false } = {}) {
    if (!m || typeof m.seq !== 'number') return false;
    const isNew = !c.msgs.has(m.seq);
    c.msgs.set(m.seq, m);
    if (c.base === null) c.base = m.seq - 1;
    if (c.last < c.base) c.last = c.base;
    while (c.msgs.has(c.last + 1)) c.last++;
    if (c.oldest === null || m.seq < c.oldest) c.oldest = m.seq;
    // My own message, sent from here or another device: no longer pending.
    if (m.author && m.author.id === me && c.queue.some((q) => q.client_id === m.client_id)) removeQueued(m.client_id);
    if (isNew && announceIt && m.author && m.author.id !== me) {
      live.append(h('p', null, t('chat.new_from', { name: m.author.display_name, text: m.text.slice(0, 200) })));
      while (live.children.length > 3) live.firstChild.remove();
    }
    return isNew;
  }

  /** A first page (the newest messages): the contiguous sequence starts below its oldest message. */
  function firstPage(messages, more) {
    const floor = messages.length ? messages[0].seq - 1 : 0;
    if (c.base === null || floor < c.base) { c.base = floor; c.last = floor; }
    c.moreOlder = !!more;
    c.initial = false;
    messages.forEach((m) => see(m));
  }

  function removeQueued(clientId) {
    const before = c.queue.length;
    c.queue = c.queue.filter((q) => q.client_id !== clientId);
    c.inflight.delete(clientId);
    if (c.queue.length !== before) store.save(c.queue);
  }

  function drop(clientId) {
    removeQueued(clientId);
    draw();
  }

  function onAck(a) {
    const q = c.queue.find((x) => x.client_id === a.client_id);
    if (q && !c.msgs.has(a.seq)) see({ seq: a.seq, client_id: a.client_id, author: { id: me, display_name: state.me.user.display_name }, text: q.text, at: a.at });
    removeQueued(a.client_id);
    if (!c.inflight.size) clearTimeout(c.ackTimer);
    draw();
    markRead();
  }

  function onSendError(clientId, code, retryMs) {
    c.inflight.delete(clientId);
    if (code === 'rate_limited') {
      c.holdUntil = Date.now() + (retryMs || 2000);
      setTimeout(flush, (retryMs || 2000) + 50);
      return;
    }
    const q = c.queue.find((x) => x.client_id === clientId);
    if (q && FINAL.includes(code)) {
      q.error = code;
      store.save(c.queue);
      draw();
    }
  }

  // ---- Sending ------------------------------------------------------------------------------------------------
  function write() {
    const text = ta.value;
    if (c.readOnly) return;
    if (!text.trim()) { ta.focus(); return; }
    if (chars(text) > MAX_CHARS) { updateCounter(); ta.focus(); return; }
    const q = { client_id: newClientId(), text: text.replace(/\s+$/, ''), at: Date.now() };
    c.queue.push(q);
    store.save(c.queue);
    ta.value = '';
    updateCounter();
    draw();
    toBottom();
    flush();
  }

  /** Send every queued message not yet on its way (the same client id each time: the server never doubles one). */
  function flush() {
    if (c.stopped || !navigator.onLine || Date.now() < c.holdUntil) return;
    const todo = c.queue.filter((q) => !q.error && !c.inflight.has(q.client_id));
    if (!todo.length) return;
    if (c.mode === 'ws') {
      if (!c.ws || c.ws.readyState !== WebSocket.OPEN || !c.opened) return;
      for (const q of todo) {
        c.inflight.add(q.client_id);
        c.ws.send(JSON.stringify({ type: 'send', client_id: q.client_id, text: q.text }));
      }
      // No answer in time: the socket is dead though it looks open. Start again (the queue is resent).
      clearTimeout(c.ackTimer);
      c.ackTimer = setTimeout(() => { if (c.inflight.size) restart(); }, ACK_MS);
    } else {
      httpSend(todo);
    }
  }

  async function httpSend(todo) {
    for (const q of todo) {
      if (c.stopped || c.mode !== 'http') return;
      c.inflight.add(q.client_id);
      try {
        onAck(await api('POST', `/api/projects/${pid}/chat/messages`, { client_id: q.client_id, text: q.text }, { quiet: true }));
      } catch (e) {
        if (e.status === 0 || e.status >= 500) { c.inflight.delete(q.client_id); setStatus('offline'); schedule(); return; }
        onSendError(q.client_id, e.code, e.code === 'rate_limited' ? 5000 : 0);
        if (e.code === 'rate_limited') return;
      }
    }
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
  const io = 'IntersectionObserver' in window ? new IntersectionObserver(() => markRead()) : null;
  if (io) io.observe(sentinel);
  let scrollTick = 0;
  scroller.addEventListener('scroll', () => { clearTimeout(scrollTick); scrollTick = setTimeout(markRead, 150); });

  function markRead() {
    const top = Math.max(0, ...c.msgs.keys());
    if (top <= c.readSent || !endVisible()) return;
    c.readSent = top;
    if (c.mode === 'ws' && c.ws && c.ws.readyState === WebSocket.OPEN) c.ws.send(JSON.stringify({ type: 'read', seq: top }));
    else api('POST', `/api/projects/${pid}/chat/read`, { seq: top }, { quiet: true }).then((u) => setUnread(u.unread), () => { c.readSent = 0; });
  }

  // ---- The WebSocket ------------------------------------------------------------------------------------------
  function connect() {
    if (c.stopped || alive()) return;
    if (!navigator.onLine) { setStatus('offline'); return; }
    if (c.mode === 'http') return startPolling();
    setStatus('connecting');
    let ws;
    try {
      ws = new WebSocket((location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + `/api/projects/${pid}/chat`);
    } catch { return failed(false); }
    c.ws = ws;
    c.opened = false;
    let opened = false;
    ws.onopen = () => { opened = true; };
    ws.onmessage = (ev) => { if (ws === c.ws) onFrame(ev.data); };
    ws.onclose = () => {
      if (ws !== c.ws) return;
      c.ws = null;
      c.opened = false;
      c.inflight.clear();
      clearTimeout(c.pingTimer);
      clearTimeout(c.pongTimer);
      clearTimeout(c.ackTimer);
      failed(opened);
    };
  }

  const alive = () => c.ws && (c.ws.readyState === WebSocket.OPEN || c.ws.readyState === WebSocket.CONNECTING);

  function failed(hadOpened) {
    if (c.stopped) return;
    if (!navigator.onLine) { setStatus('offline'); return; }
    if (hadOpened) c.wsFails = 0;
    else if (++c.wsFails >= WS_TRIES) { c.mode = 'http'; c.backoff = 0; startPolling(); return; }
    setStatus('connecting');
    schedule();
  }

  /** Try again later: 1, 2, 4… up to 30 seconds, with some jitter. */
  function schedule() {
    clearTimeout(c.timer);
    const ms = Math.min(30000, 1000 * 2 ** c.backoff) * (0.75 + Math.random() * 0.5);
    c.backoff = Math.min(c.backoff + 1, 5);
    c.timer = setTimeout(() => (c.mode === 'http' ? startPolling() : connect()), ms);
  }

  function restart() {
    if (c.ws) { const ws = c.ws; c.ws = null; c.opened = false; try { ws.close(); } catch { /* gone */ } }
    c.inflight.clear();
    clearTimeout(c.timer);
    connect();
  }

  function ping() {
    clearTimeout(c.pingTimer);
    c.pingTimer = setTimeout(() => {
      if (!c.ws || c.ws.readyState !== WebSocket.OPEN) return;
      c.ws.send('ping');
      clearTimeout(c.pongTimer);
      c.pongTimer = setTimeout(restart, PONG_MS);
      ping();
    }, PING_MS);
  }

  function onFrame(raw) {
    if (raw === 'pong') { clearTimeout(c.pongTimer); return; }
    let f;
    try { f = JSON.parse(raw); } catch { return; }
    switch (f.type) {
      case 'state':
        setReadOnly(f.read_only);
        if (!c.opened) {
          c.opened = true;
          c.backoff = 0;
          c.wsFails = 0;
          setStatus('connected');
          c.ws.send(JSON.stringify({ type: 'resume', after: c.initial ? 0 : c.last }));
          ping();
        }
        break;
      case 'history': {
        const initial = c.initial;
        if (initial) firstPage(f.messages, f.more);
        else f.messages.forEach((m) => see(m, { announceIt: true }));
        if (typeof f.read_only === 'boolean') setReadOnly(f.read_only);
        draw();
        if (f.more && !initial) c.ws.send(JSON.stringify({ type: 'resume', after: c.last }));
        else {
          flush();
          // The unread count without moving the marker (it only moves forward), then mark what is on screen.
          c.ws.send(JSON.stringify({ type: 'read', seq: 0 }));
          markRead();
        }
        break;
      }
      case 'message':
        if (see(f, { announceIt: true })) {
          if (f.author && f.author.id !== me && f.seq > c.readSent) setUnread(c.unread + 1);
          draw();
          markRead();
        }
        break;
      case 'ack':
        onAck(f);
        break;
      case 'unread':
        setUnread(f.unread);
        break;
      case 'error':
        if (f.client_id) onSendError(f.client_id, f.code, f.retry_after_ms);
        break;
      default:
    }
  }

  // ---- HTTP: long-polling -------------------------------------------------------------------------------------
  async function startPolling() {
    if (c.stopped || c.poll) return;
    if (!navigator.onLine) { setStatus('offline'); return; }
    const ctl = new AbortController();
    c.poll = ctl;
    setStatus('connecting');
    try {
      if (c.initial) {
        const r = await get('', ctl);
        firstPage(r.messages, r.more);
        setReadOnly(r.read_only);
        draw();
      }
      setStatus('connected_http');
      c.backoff = 0;
      flush();
      markRead();
      while (!c.stopped && c.poll === ctl) {
        const r = await get(`?after=${c.last}&wait=25`, ctl);
        setReadOnly(r.read_only);
        setStatus('connected_http');
        flush();
        if (r.messages.length) {
          r.messages.forEach((m) => see(m, { announceIt: true }));
          draw();
          markRead();
        }
      }
    } catch (e) {
      if (c.poll !== ctl) return;
      c.poll = null;
      if (e.status === 404 || e.status === 401 || e.status === 403) { stop(); setStatus('unavailable'); return; }
      setStatus('offline');
      schedule();
      return;
    }
    if (c.poll === ctl) c.poll = null;
  }

  async function get(query, ctl) {
    let res;
    try {
      res = await fetch(`/api/projects/${pid}/chat/messages${query}`, { credentials: 'same-origin', headers: { accept: 'application/json' }, signal: ctl.signal });
    } catch { throw { status: 0 }; }
    if (!res.ok) throw { status: res.status };
    return res.json();
  }

  async function loadOlder() {
    if (c.oldest === null) return;
    older.disabled = true;
    try {
      const r = await api('GET', `/api/projects/${pid}/chat/messages?before=${c.oldest}&limit=${PAGE}`, null, { quiet: true });
      const firstBefore = list.querySelector('li');
      r.messages.forEach((m) => see(m));
      c.moreOlder = r.more;
      draw();
      if (firstBefore && firstBefore.dataset.seq) list.querySelector(`li[data-seq="${firstBefore.dataset.seq}"]`)?.scrollIntoView({ block: 'start' });
    } catch {
      setStatus('offline');
    } finally {
      older.disabled = false;
      if (!older.hidden) older.focus(); else scroller.focus();
    }
  }

  // ---- Life cycle ---------------------------------------------------------------------------------------------
  const onOnline = () => { c.backoff = 0; clearTimeout(c.timer); c.mode === 'http' ? startPolling() : connect(); };
  const onOffline = () => {
    setStatus('offline');
    if (c.ws) { const ws = c.ws; c.ws = null; c.opened = false; c.inflight.clear(); try { ws.close(); } catch { /* gone */ } }
    if (c.poll) { c.poll.abort(); c.poll = null; }
    clearTimeout(c.timer);
  };
  const onVisible = () => { if (document.visibilityState === 'visible') { markRead(); if (!alive() && !c.poll) onOnline(); } };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  document.addEventListener('visibilitychange', onVisible);
  coarse.addEventListener('change', setHelp);
  // Stop once the page has moved on (the section is no longer in the document).
  const watch = setInterval(() => { if (!section.isConnected) stop(); }, 1000);

  function stop() {
    c.stopped = true;
    clearInterval(watch);
    [c.timer, c.pingTimer, c.pongTimer, c.ackTimer].forEach(clearTimeout);
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    document.removeEventListener('visibilitychange', onVisible);
    coarse.removeEventListener('change', setHelp);
    if (io) io.disconnect();
    if (c.poll) { c.poll.abort(); c.poll = null; }
    if (c.ws) { const ws = c.ws; c.ws = null; try { ws.close(); } catch { /* gone */ } }
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
  if (unread > 0) setUnread(unread);
  draw();
  if (navigator.onLine) connect(); else setStatus('offline');

  return {
    el: section,
    /** The project changed (an action here): reconnect, so the room learns whether it is read-only now. */
    refresh(ro) { setReadOnly(ro); if (c.mode === 'ws') restart(); },
    stop,
  };
}
