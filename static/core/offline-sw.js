/* What the offline pages' service workers share (the gate scanner, the campaign recording page):
 * keep a page and its files so a phone without network can still reload it. Network first, the cache
 * as fallback; only GET requests of the page itself and of /static/ are touched, everything else (the
 * API) passes by. A worker calls offlineWorker(cache name, pattern of its page's path). */
"use strict";

function offlineWorker(cacheName, pagePath) {
  self.addEventListener("install", function () { self.skipWaiting(); });
  self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

  self.addEventListener("message", function (event) {
    var urls = (event.data && event.data.precache) || [];
    event.waitUntil(caches.open(cacheName).then(function (cache) { return cache.addAll(urls); }).then(function () {
      if (event.source) event.source.postMessage({ precached: urls.length });
    }).catch(function (error) {
      if (event.source) event.source.postMessage({ precacheError: String(error) });
    }));
  });

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "GET") return;
    var url = new URL(request.url);
    if (url.origin !== self.location.origin) return;
    if (!pagePath.test(url.pathname) && url.pathname.indexOf("/static/") !== 0) return;
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(cacheName).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreSearch: true }).then(function (hit) { return hit || Response.error(); });
    }));
  });
}
