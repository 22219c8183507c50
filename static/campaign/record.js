/* The recording form: a record goes into the outbox (localStorage) first, then to the API; the
   member's total on the page is the server's answer. */
(function () {
  "use strict";
  var form = document.getElementById("record-form");
  if (!form) return;
  var status = document.getElementById("queue-state");
  var consent = document.getElementById("has-consent"), fields = document.getElementById("consent-fields");
  function show(text, ok) { status.textContent = text; status.classList.toggle("ok", !!ok); }
  consent.addEventListener("change", function () {
    fields.hidden = !consent.checked;
    if (!consent.checked) fields.querySelectorAll("input").forEach(function (i) { i.value = ""; });
  });
  var outbox = new window.Outbox({
    url: form.getAttribute("data-api"),
    storeKey: form.getAttribute("data-store"),
    headers: {"X-Site-Token": form.getAttribute("data-token"), "X-Member-Token": form.getAttribute("data-member-token")},
    onSent: function (body) {
      document.querySelectorAll('[data-member-total="' + body.member_id + '"]').forEach(function (el) {
        el.textContent = String(body.member_total);
      });
      show(form.getAttribute("data-msg-sent"), true);
    },
    onWaiting: function (n) { show(form.getAttribute("data-msg-waiting").replace("{n}", n), false); },
    onRefused: function (reason) { show(form.getAttribute("data-msg-refused") + " " + reason, false); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    var record = {
      idempotency_key: data.get("idempotency_key"), member_id: Number(data.get("member_id")),
      guided_on: data.get("guided_on"), count: Number(data.get("count")), skills: data.getAll("skills"),
      has_consent: consent.checked, citizen_name: consent.checked ? (data.get("citizen_name") || "") : "",
      citizen_phone: consent.checked ? (data.get("citizen_phone") || "") : ""
    };
    form.querySelector("[name=idempotency_key]").value = window.Outbox.newKey();  // the next record is a new one
    show(form.getAttribute("data-msg-queued"), false);
    outbox.push(record);
    consent.checked = false; fields.hidden = true;
    fields.querySelectorAll("input").forEach(function (i) { i.value = ""; });
  });
  // A page reloaded from the offline cache carries an old key: every page view starts with a fresh one.
  form.querySelector("[name=idempotency_key]").value = window.Outbox.newKey();
  outbox.flush();  // records left over from a previous visit

  // Keep this page and its files for a reload without network (service worker, network first).
  window.campaignOffline = {ready: false};
  var sw = form.getAttribute("data-service-worker");
  if (sw && "serviceWorker" in navigator && window.isSecureContext) {
    var scope = location.pathname.indexOf("/m/") === 0 ? "/m/" : "/r/";
    navigator.serviceWorker.addEventListener("message", function (e) {
      if (e.data && e.data.precached) window.campaignOffline.ready = true;
    });
    navigator.serviceWorker.register(sw, {scope: scope}).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var files = [location.pathname].concat(Array.prototype.map.call(
        document.querySelectorAll("link[rel=stylesheet][href], script[src]"), function (el) { return el.href || el.src; }));
      registration.active.postMessage({precache: files});
    }).catch(function () { /* no offline reload on this browser; queuing offline still works */ });
  }
})();
