/* The operator form on a flaky network: each report gets an idempotency key, waits in localStorage
   and is resent until the server answers, so a report sent twice is stored once. */
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  if (!form) return;
  var status = document.getElementById("queue-state");
  var token = form.getAttribute("data-token");
  var storeKey = "readiness-queue-" + form.getAttribute("data-site");
  var delay = 2000, timer = null, sending = false;

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return (Date.now().toString(16) + Math.random().toString(16).slice(2) + Math.random().toString(16).slice(2)).slice(0, 32);
  }
  function load() { try { return JSON.parse(localStorage.getItem(storeKey)) || []; } catch (e) { return []; } }
  function save(queue) { localStorage.setItem(storeKey, JSON.stringify(queue)); }
  function headers() {
    var h = {"Content-Type": "application/json", "Accept": "application/json"};
    if (token) h["X-Site-Token"] = token;
    var csrf = form.querySelector("input[name=csrf_token]");
    if (csrf) h["X-CSRFToken"] = csrf.value;  // an account's session cookie needs it on writes
    return h;
  }
  function show(text, ok) { status.textContent = text; status.classList.toggle("ok", !!ok); }

  // A delivered report changes this point's status: repaint it (and the window it counted for).
  function showStatus(body) {
    var point = document.getElementById("point-status"), phase = document.getElementById("point-phase");
    if (!point || !body || !body.status) return;
    if (phase && body.phase && body.phase !== phase.getAttribute("data-phase")) {
      var phases = JSON.parse(phase.getAttribute("data-labels") || "{}");
      if (!phases[body.phase]) return;
      phase.textContent = phases[body.phase];
      phase.setAttribute("data-phase", body.phase);
    }
    var labels = JSON.parse(point.getAttribute("data-labels") || "{}");
    point.textContent = labels[body.status] || body.status;
    point.setAttribute("data-status", body.status);
    point.className = point.className.replace(/\bstatus-[\w-]+/, "status-" + body.status);
  }

  function payload() {
    var data = new FormData(form), answers = [];
    form.querySelectorAll("fieldset[data-item]").forEach(function (fs) {
      var key = fs.getAttribute("data-item");
      answers.push({item: key, state: data.get("state_" + key) || "unchecked", note: data.get("note_" + key) || "",
                    value: data.get("value_" + key) || "", is_measured: data.get("is_measured_" + key) === "1"});
    });
    var number = function (name) { var v = data.get(name); return v === null || v === "" ? null : Number(v); };
    var measured = data.get("measurements");  // the self-test's figures (static/selftest/selftest.js)
    return {idempotency_key: data.get("idempotency_key"), answers: answers, bandwidth_mbps: number("bandwidth_mbps"),
            headcount: number("headcount"), note: data.get("note") || "", observed_at: new Date().toISOString(),
            measurements: measured ? JSON.parse(measured) : null};
  }

  function flush() {
    if (sending) return;
    var queue = load();
    if (!queue.length) return;
    sending = true;
    var report = queue[0];
    fetch(form.getAttribute("data-api"), {method: "POST", headers: headers(), body: JSON.stringify(report),
                                          credentials: "same-origin"})
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          sending = false;
          if (response.ok) {
            save(load().filter(function (r) { return r.idempotency_key !== report.idempotency_key; }));
            delay = 2000;
            show(form.getAttribute("data-msg-sent"), true);
            showStatus(body);
            flush();
          } else if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
            save(load().filter(function (r) { return r.idempotency_key !== report.idempotency_key; }));
            show(form.getAttribute("data-msg-refused") + " " + (body.message || response.status), false);
          } else { retry(); }
        });
      })
      .catch(function () { sending = false; retry(); });
  }

  function retry() {
    show(form.getAttribute("data-msg-waiting").replace("{n}", load().length), false);
    clearTimeout(timer);
    timer = setTimeout(flush, delay);
    delay = Math.min(delay * 2, 30000);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var queue = load();
    queue.push(payload());
    save(queue);
    form.querySelector("[name=idempotency_key]").value = newKey();  // the next report is a new one
    show(form.getAttribute("data-msg-queued"), false);
    flush();
  });
  window.addEventListener("online", flush);
  flush();  // reports left over from a previous visit

  // During the live phase (by this phone's clock) tell the control room every 15 s that we are on air.
  var opens = Date.parse(form.getAttribute("data-live-opens") || ""), closes = Date.parse(form.getAttribute("data-live-closes") || "");
  if (!isNaN(opens) && !isNaN(closes)) {
    var beat = function () {
      var now = Date.now();
      if (now < opens - 60000 || now > closes) return;
      fetch(form.getAttribute("data-heartbeat"), {method: "POST", headers: headers(), credentials: "same-origin"})
        .catch(function () {});
    };
    beat();
    setInterval(beat, 15000);
  }
})();
