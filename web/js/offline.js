// Offline after one visit: registers the service worker (sw.js) that caches the site's files.
// Not in VS Code's webview (its files are the extension's own, and it has no service workers of
// ours to keep), nor where the page is not served over HTTP(S).
import { host } from './host.js';

export function keepOffline() {
  if (host.inVsCode || !('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  navigator.serviceWorker.register(new URL('../sw.js', import.meta.url)).catch(() => {
    // No service worker (e.g. a private window): the page still works online.
  });
}
