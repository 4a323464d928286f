// The service worker: after the first visit the page lints and inspects with the network off.
// scripts/build-site.mjs fills VERSION and FILES (every file of the site). Content-hashed files
// (pkg/) never change, so they come from the cache; everything else (the HTML, the page's own
// modules and styles) is fetched first and the cache is only the fallback when offline.
// Registered by app.js, never in the VS Code webview.
const VERSION = 'dev';
const FILES = [];
const CACHE = `layerlint-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('layerlint-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope);
  const immutable = url.pathname.startsWith(`${scope.pathname}pkg/`);
  event.respondWith(immutable ? cacheFirst(event.request) : networkFirst(event.request));
});

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await caches.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}
