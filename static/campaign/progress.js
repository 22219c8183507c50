/* The progress page follows new records live: each `record` event of the stream reloads the totals,
   charts and tables (one server-rendered fragment, at most once a second). */
(function () {
  "use strict";
  var box = document.getElementById("progress"), state = document.getElementById("live-state");
  if (!box || !window.EventSource) return;
  var timer = null, pending = false;
  function refresh() {
    timer = null;
    fetch(box.getAttribute("data-fragment"), {credentials: "same-origin"}).then(function (r) {
      return r.ok ? r.text() : null;
    }).then(function (html) {
      if (html !== null) { box.innerHTML = html; box.setAttribute("data-refreshed", String(Date.now())); }
      if (pending) { pending = false; schedule(); }
    }).catch(function () {});
  }
  function schedule() { if (timer) { pending = true; return; } timer = setTimeout(refresh, 300); }
  var source = new EventSource(box.getAttribute("data-stream"));
  var opened = false;
  source.addEventListener("hello", function () {  // again after a reconnect: catch up on what was missed
    state.textContent = box.getAttribute("data-msg-live");
    if (opened) schedule();
    opened = true;
  });
  source.addEventListener("record", schedule);
  source.onerror = function () { state.textContent = box.getAttribute("data-msg-offline"); };
  source.onopen = function () { state.textContent = box.getAttribute("data-msg-live"); };
})();
