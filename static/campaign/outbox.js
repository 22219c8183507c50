/* An outbox for a phone on a weak network, the mechanism of the readiness operator page made reusable:
   each item carries an idempotency key, waits in localStorage and is resent (backing off up to 30 s,
   and at once when the browser says it is online) until the server answers; a 4xx drops it with the
   server's reason. The server stores a key once, so an item sent twice counts once. */
(function () {
  "use strict";
  function Outbox(options) {
    this.url = options.url;
    this.storeKey = options.storeKey;
    this.headers = options.headers || {};
    this.onSent = options.onSent || function () {};
    this.onWaiting = options.onWaiting || function () {};
    this.onRefused = options.onRefused || function () {};
    this.delay = 2000; this.timer = null; this.sending = false;
    var self = this;
    window.addEventListener("online", function () { self.delay = 2000; self.flush(); });
  }
  Outbox.newKey = function () {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return (Date.now().toString(16) + Math.random().toString(16).slice(2) + Math.random().toString(16).slice(2)).slice(0, 32);
  };
  Outbox.prototype.load = function () {
    try { return JSON.parse(localStorage.getItem(this.storeKey)) || []; } catch (e) { return []; }
  };
  Outbox.prototype.save = function (queue) { localStorage.setItem(this.storeKey, JSON.stringify(queue)); };
  Outbox.prototype.drop = function (key) {
    this.save(this.load().filter(function (item) { return item.idempotency_key !== key; }));
  };
  Outbox.prototype.push = function (item) {
    var queue = this.load();
    queue.push(item);
    this.save(queue);
    this.flush();
  };
  Outbox.prototype.flush = function () {
    if (this.sending) return;
    var queue = this.load(), self = this;
    if (!queue.length) return;
    this.sending = true;
    var item = queue[0];
    var headers = {"Content-Type": "application/json", "Accept": "application/json"};
    for (var name in this.headers) if (this.headers[name]) headers[name] = this.headers[name];
    fetch(this.url, {method: "POST", headers: headers, body: JSON.stringify(item), credentials: "same-origin"})
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          self.sending = false;
          if (response.ok) {
            self.drop(item.idempotency_key);
            self.delay = 2000;
            self.onSent(body, item);
            self.flush();
          } else if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
            self.drop(item.idempotency_key);
            self.onRefused(body.message || String(response.status), item);
            self.flush();
          } else { self.retry(); }
        });
      })
      .catch(function () { self.sending = false; self.retry(); });
  };
  Outbox.prototype.retry = function () {
    var self = this;
    this.onWaiting(this.load().length);
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.flush(); }, this.delay);
    this.delay = Math.min(this.delay * 2, 30000);
  };
  window.Outbox = Outbox;
})();
