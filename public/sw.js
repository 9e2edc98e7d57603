// Tandem's service worker: keeps the app shell for poor connections. Never touches /api/.
const VERSION = 'tandem-v9';
const SHELL = [
  '/', '/css/app.css', '/js/app.js', '/js/dom.js', '/js/i18n.js', '/js/api.js',
  '/js/pages/auth.js', '/js/pages/profile.js', '/js/pages/account.js', '/js/pages/communities.js',
  '/js/mentoring/common.js', '/js/mentoring/dashboard.js', '/js/mentoring/roll.js', '/js/mentoring/project.js', '/js/mentoring/chat.js',
  '/js/mentoring/messages.js', '/js/mentoring/files.js',
  '/i18n/en.json', '/i18n/it.json', '/i18n/files.en.json', '/i18n/files.it.json', '/icon.svg', '/manifest.webmanifest',
];

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(VERSION).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  if (req.mode === 'navigate') {
    // Pages: the network first (fresh HTML), the cached shell when offline.
    e.respondWith(fetch(req).catch(() => caches.match('/')));
    return;
  }
  // Static files: the cache first, refreshed in the background (stale-while-revalidate).
  e.respondWith(caches.open(VERSION).then(async (cache) => {
    const hit = await cache.match(req);
    const fresh = fetch(req).then((res) => {
      if (res.ok && res.type === 'basic') cache.put(req, res.clone());
      return res;
    });
    if (hit) { fresh.catch(() => {}); return hit; }
    return fresh;
  }));
});
