/* Service worker of the recording page (the point's /r/<token>/campaign and a member's /m/<token>):
 * keeps the page and its files so a phone without network can still reload it and queue records.
 * The gate scanner's worker, for these paths: network first, the cache as fallback; only GET requests
 * of the recording page and of /static/ are touched, everything else (the API) passes by. */
"use strict";
var CACHE = "ceremony-campaign-v1";
var PAGE = /^\/(r\/[^\/]+\/campaign|m\/[^\/]+)$/;

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
  if (!PAGE.test(url.pathname) && url.pathname.indexOf("/static/") !== 0) return;
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
