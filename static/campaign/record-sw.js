/* Service worker of the recording page (the point's /r/<token>/campaign and a member's /m/<token>):
 * keeps the page and its files so a phone without network can still reload it and queue records
 * (static/core/offline-sw.js). */
"use strict";
importScripts("/static/core/offline-sw.js");
offlineWorker("ceremony-campaign-v1", /^\/(r\/[^\/]+\/campaign|m\/[^\/]+)$/);
