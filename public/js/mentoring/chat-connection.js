// The project chatroom's connection, with no DOM (js/mentoring/chat.js draws it): a WebSocket to the project's room
// (resume after the last sequence seen without a gap, reconnect with backoff, keep-alive ping), HTTP send plus
// long-polling when WebSockets fail, the offline queue in localStorage whose messages keep their client id until the
// server acknowledges them (so none is sent twice), acks and read markers. Everything it touches outside itself
// (sockets, fetch, timers, the clock, storage, whether the device is online) can be given, so Node can test it.
// Protocol: src/domain/chat.rs.

export const PAGE = 50;
const PING_MS = 25000;
const PONG_MS = 10000;
const ACK_MS = 12000;
const WS_TRIES = 2;
// WebSocket.readyState
const CONNECTING = 0;
const OPEN = 1;
/** Errors after which resending the same message cannot help. */
const FINAL = ['text_too_long', 'client_id_invalid', 'required', 'text_control_chars', 'frame_invalid', 'read_only', 'invalid_json'];

function newClientId() {
  const b = new Uint8Array(9);
  crypto.getRandomValues(b);
  return Date.now().toString(36) + '-' + [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** The offline queue of one member in one project: [{client_id, text, at, error?}]. */
function queueStore(storage, pid, me) {
  const key = `tandem.chat.${pid}.${me}`;
  return {
    load() {
      try {
        const v = JSON.parse(storage().getItem(key) || '[]');
        return Array.isArray(v) ? v.filter((q) => q && typeof q.client_id === 'string' && typeof q.text === 'string') : [];
      } catch { return []; }
    },
    save(list) {
      try {
        if (list.length) storage().setItem(key, JSON.stringify(list));
        else storage().removeItem(key);
      } catch { /* private mode or full: the queue lives in memory only */ }
    },
  };
}

/**
 * The connection of member `me` ({id, display_name}) to the chat of project `pid`. `api(method, path, body, opts)` is
 * js/api.js's. What it tells (`on`): `status(kind)` each time the state of the connection is said (connecting,
 * connected, connected_http, offline, unavailable), `change()` when what is shown changed, `readOnly(ro)`,
 * `unread(n)`, `arrived(m)` for a new message from someone else. `canRead()`: whether the newest message is on screen
 * (read markers move only then). Nothing starts until start().
 */
export function chatConnection(pid, me, {
  api,
  on = {},
  canRead = () => true,
  WebSocket: WS = globalThis.WebSocket,
  fetch: doFetch = (...a) => globalThis.fetch(...a),
  setTimeout: later = (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: cancel = (id) => globalThis.clearTimeout(id),
  now = () => Date.now(),
  random = Math.random,
  online = () => navigator.onLine,
  wsUrl = () => (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host,
  storage = () => globalThis.localStorage,
  clientId = newClientId,
} = {}) {
  const tell = { status() {}, change() {}, readOnly() {}, unread() {}, arrived() {}, ...on };
  const store = queueStore(storage, pid, me.id);
  const c = {
    ws: null, mode: 'ws', wsFails: 0, backoff: 0, timer: 0, pingTimer: 0, pongTimer: 0, ackTimer: 0,
    poll: null, stopped: false, opened: false, initial: true,
    msgs: new Map(), base: null, last: 0, oldest: null, moreOlder: false,
    queue: store.load(), inflight: new Set(), holdUntil: 0,
    readSent: 0, unread: 0,
  };

  const setStatus = (kind) => tell.status(kind);
  const setReadOnly = (on) => tell.readOnly(!!on);
  function setUnread(n) { c.unread = n; tell.unread(n); }

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
    if (m.author && m.author.id === me.id && c.queue.some((q) => q.client_id === m.client_id)) removeQueued(m.client_id);
    if (isNew && announceIt && m.author && m.author.id !== me.id) tell.arrived(m);
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

  function onAck(a) {
    const q = c.queue.find((x) => x.client_id === a.client_id);
    if (q && !c.msgs.has(a.seq)) see({ seq: a.seq, client_id: a.client_id, author: { id: me.id, display_name: me.display_name }, text: q.text, at: a.at });
    removeQueued(a.client_id);
    if (!c.inflight.size) cancel(c.ackTimer);
    tell.change();
    markRead();
  }

  function onSendError(clientId, code, retryMs) {
    c.inflight.delete(clientId);
    if (code === 'rate_limited') {
      c.holdUntil = now() + (retryMs || 2000);
      later(flush, (retryMs || 2000) + 50);
      return;
    }
    const q = c.queue.find((x) => x.client_id === clientId);
    if (q && FINAL.includes(code)) {
      q.error = code;
      store.save(c.queue);
      tell.change();
    }
  }

  // ---- Sending ------------------------------------------------------------------------------------------------
  /** Put a message in the queue (kept on the device until acknowledged); flush() sends it. */
  function enqueue(text) {
    const q = { client_id: clientId(), text: text.replace(/\s+$/, ''), at: now() };
    c.queue.push(q);
    store.save(c.queue);
    return q;
  }

  /** Send every queued message not yet on its way (the same client id each time: the server never doubles one). */
  function flush() {
    if (c.stopped || !online() || now() < c.holdUntil) return;
    const todo = c.queue.filter((q) => !q.error && !c.inflight.has(q.client_id));
    if (!todo.length) return;
    if (c.mode === 'ws') {
      if (!c.ws || c.ws.readyState !== OPEN || !c.opened) return;
      for (const q of todo) {
        c.inflight.add(q.client_id);
        c.ws.send(JSON.stringify({ type: 'send', client_id: q.client_id, text: q.text }));
      }
      // No answer in time: the socket is dead though it looks open. Start again (the queue is resent).
      cancel(c.ackTimer);
      c.ackTimer = later(() => { if (c.inflight.size) restart(); }, ACK_MS);
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
  function markRead() {
    const top = Math.max(0, ...c.msgs.keys());
    if (top <= c.readSent || !canRead()) return;
    c.readSent = top;
    if (c.mode === 'ws' && c.ws && c.ws.readyState === OPEN) c.ws.send(JSON.stringify({ type: 'read', seq: top }));
    else api('POST', `/api/projects/${pid}/chat/read`, { seq: top }, { quiet: true }).then((u) => setUnread(u.unread), () => { c.readSent = 0; });
  }

  // ---- The WebSocket ------------------------------------------------------------------------------------------
  function connect() {
    if (c.stopped || alive()) return;
    if (!online()) { setStatus('offline'); return; }
    if (c.mode === 'http') return startPolling();
    setStatus('connecting');
    let ws;
    try {
      ws = new WS(wsUrl() + `/api/projects/${pid}/chat`);
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
      cancel(c.pingTimer);
      cancel(c.pongTimer);
      cancel(c.ackTimer);
      failed(opened);
    };
  }

  const alive = () => !!c.ws && (c.ws.readyState === OPEN || c.ws.readyState === CONNECTING);

  function failed(hadOpened) {
    if (c.stopped) return;
    if (!online()) { setStatus('offline'); return; }
    if (hadOpened) c.wsFails = 0;
    else if (++c.wsFails >= WS_TRIES) { c.mode = 'http'; c.backoff = 0; startPolling(); return; }
    setStatus('connecting');
    schedule();
  }

  /** Try again later: 1, 2, 4… up to 30 seconds, with some jitter. */
  function schedule() {
    cancel(c.timer);
    const ms = Math.min(30000, 1000 * 2 ** c.backoff) * (0.75 + random() * 0.5);
    c.backoff = Math.min(c.backoff + 1, 5);
    c.timer = later(() => (c.mode === 'http' ? startPolling() : connect()), ms);
  }

  function restart() {
    if (c.ws) { const ws = c.ws; c.ws = null; c.opened = false; try { ws.close(); } catch { /* gone */ } }
    c.inflight.clear();
    cancel(c.timer);
    connect();
  }

  function ping() {
    cancel(c.pingTimer);
    c.pingTimer = later(() => {
      if (!c.ws || c.ws.readyState !== OPEN) return;
      c.ws.send('ping');
      cancel(c.pongTimer);
      c.pongTimer = later(restart, PONG_MS);
      ping();
    }, PING_MS);
  }

  function onFrame(raw) {
    if (raw === 'pong') { cancel(c.pongTimer); return; }
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
        tell.change();
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
          if (f.author && f.author.id !== me.id && f.seq > c.readSent) setUnread(c.unread + 1);
          tell.change();
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
    if (!online()) { setStatus('offline'); return; }
    const ctl = new AbortController();
    c.poll = ctl;
    setStatus('connecting');
    try {
      if (c.initial) {
        const r = await get('', ctl);
        firstPage(r.messages, r.more);
        setReadOnly(r.read_only);
        tell.change();
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
          tell.change();
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
      res = await doFetch(`/api/projects/${pid}/chat/messages${query}`, { credentials: 'same-origin', headers: { accept: 'application/json' }, signal: ctl.signal });
    } catch { throw { status: 0 }; }
    if (!res.ok) throw { status: res.status };
    return res.json();
  }

  /** The page before the oldest message shown. Returns whether it came (offline: says so, and returns false). */
  async function loadOlder() {
    if (c.oldest === null) return false;
    try {
      const r = await api('GET', `/api/projects/${pid}/chat/messages?before=${c.oldest}&limit=${PAGE}`, null, { quiet: true });
      r.messages.forEach((m) => see(m));
      c.moreOlder = r.more;
      return true;
    } catch {
      setStatus('offline');
      return false;
    }
  }

  // ---- Life cycle ---------------------------------------------------------------------------------------------
  function goOnline() { c.backoff = 0; cancel(c.timer); c.mode === 'http' ? startPolling() : connect(); }
  function goOffline() {
    setStatus('offline');
    if (c.ws) { const ws = c.ws; c.ws = null; c.opened = false; c.inflight.clear(); try { ws.close(); } catch { /* gone */ } }
    if (c.poll) { c.poll.abort(); c.poll = null; }
    cancel(c.timer);
  }

  function stop() {
    c.stopped = true;
    [c.timer, c.pingTimer, c.pongTimer, c.ackTimer].forEach(cancel);
    if (c.poll) { c.poll.abort(); c.poll = null; }
    if (c.ws) { const ws = c.ws; c.ws = null; try { ws.close(); } catch { /* gone */ } }
  }

  return {
    /** Connect (or say it is offline). */
    start() { if (online()) connect(); else setStatus('offline'); },
    enqueue,
    flush,
    /** Forget a queued message (one the server refused). */
    drop: removeQueued,
    markRead,
    loadOlder,
    setUnread,
    online: goOnline,
    offline: goOffline,
    /** The tab is shown again. */
    visible() { markRead(); if (!alive() && !c.poll) goOnline(); },
    /** The project changed: reconnect, so the room tells whether it is read-only now. */
    refresh() { if (c.mode === 'ws') restart(); },
    stop,
    /** The messages received, by sequence. */
    get msgs() { return c.msgs; },
    /** The last sequence received without a gap before it. */
    get last() { return c.last; },
    get oldest() { return c.oldest; },
    get queue() { return c.queue; },
    get initial() { return c.initial; },
    get moreOlder() { return c.moreOlder; },
    get unread() { return c.unread; },
    get stopped() { return c.stopped; },
    get mode() { return c.mode; },
  };
}
