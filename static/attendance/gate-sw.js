/* Service worker of the gate scanner: keeps the scanner page and its files so a gate whose network
 * is gone can still reload the page and scan from its local list (static/core/offline-sw.js). */
"use strict";
importScripts("/static/core/offline-sw.js");
offlineWorker("ceremony-gate-v1", /^\/ceremonies\/\d+\/attendance\/scan$/);
