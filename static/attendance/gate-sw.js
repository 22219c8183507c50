/* Service worker of the gate scanner: keeps the scanner page and its files so a gate whose network
 * is gone can still reload the page and scan from its local list. Network first, cache as fallback;
 * only GET requests of the scanner page and of /static/ are touched, everything else passes by. */
"use strict";
var CACHE = "ceremony-gate-v1";
var SCANNER = /^\/ceremonies\/\d+\/attendance\/scan$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.precache) || [];
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(urls); }).then(function () {
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
  if (!SCANNER.test(url.pathname) && url.pathname.indexOf("/static/") !== 0) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreSearch: true }).then(function (hit) { return hit || Response.error(); });
  }));
});
