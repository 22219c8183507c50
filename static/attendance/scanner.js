/* Gate scanner: camera QR reading (BarcodeDetector, else the vendored jsQR), typed codes, name search,
 * and an offline mode that answers from a local copy of the ceremony's list and queues the scans
 * (with their nonces) for a later, idempotent upload. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("scanner-config").textContent);
  var M = cfg.messages;
  var PREFIX = "ceremony.attendance." + cfg.ceremonyId + ".";
  var TOKEN_RE = /(?:^|\/i\/)(c(\d{1,9})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{10}))(?:[/?#].*)?$/;
  // The short code under the QR (ceremony.invitations.codes): 7 random characters of an alphabet
  // without look-alikes, then a check character, so a typo is caught here even offline.
  var ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ", WEIGHTS = [1, 7, 11, 13, 17, 19, 23];
  var LETTER_NUMBER_RE = /^\s*(?:s[oố]\s*:?\s*)?\d{1,6}\s*(?:\/\s*[a-zđ][a-zđ0-9.\- ]*)?\s*$/i;
  var TIMEOUT_MS = 4000;
  var $ = function (id) { return document.getElementById(id); };

  function load(key, fallback) {
    try { var raw = localStorage.getItem(key); return raw ? JSON.parse(raw) : fallback; } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full: keep going in memory */ }
  }
  function randomId(bytes) {
    var a = new Uint8Array(bytes);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  // A unit name after another word: its kind in lower case ("điểm cầu thị xã Đức Phổ"), as
  // ceremony/core/wording.in_sentence writes it on the server.
  function inSentence(name) {
    return String(name || "").replace(/^(Thị xã|Thị trấn|Thành phố|Đặc khu|Xã|Phường|Huyện|Quận|Tỉnh)(?= )/, function (k) { return k.toLowerCase(); });
  }

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k] == null ? "" : values[k]; });
  }
  function fold(text) {
    return (text || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  // The gate list holds hashes, not codes: the first 9 bytes of the SHA-256 of the token or short
  // code, base64url (ceremony.attendance.queries.code_hash). Plain JS, so it works without a secure
  // context (crypto.subtle is missing on a phone reaching the server by a LAN address over http).
  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];
  function sha256(text) {
    var bytes = unescape(encodeURIComponent(text)), n = bytes.length, words = [], i, j;
    var total = ((n + 9 + 63) >> 6) << 4;
    for (i = 0; i < total; i++) words[i] = 0;
    for (i = 0; i < n; i++) words[i >> 2] |= (bytes.charCodeAt(i) & 0xff) << (24 - (i % 4) * 8);
    words[n >> 2] |= 0x80 << (24 - (n % 4) * 8);
    words[total - 1] = n * 8;
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    function rotr(x, r) { return (x >>> r) | (x << (32 - r)); }
    for (i = 0; i < total; i += 16) {
      for (j = 0; j < 64; j++) {
        if (j < 16) w[j] = words[i + j] | 0;
        else {
          var s0 = rotr(w[j - 15], 7) ^ rotr(w[j - 15], 18) ^ (w[j - 15] >>> 3);
          var s1 = rotr(w[j - 2], 17) ^ rotr(w[j - 2], 19) ^ (w[j - 2] >>> 10);
          w[j] = (w[j - 16] + s0 + w[j - 7] + s1) | 0;
        }
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (j = 0; j < 64; j++) {
        var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[j] + w[j]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + k) | 0;
    }
    var out = [];
    for (i = 0; i < 32; i++) out.push((h[i >> 2] >>> (24 - (i % 4) * 8)) & 0xff);
    return out;
  }
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  function codeHash(text) {
    var b = sha256(text), out = "";
    for (var i = 0; i < 9; i += 3) {
      var v = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
      out += B64[(v >> 18) & 63] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
    }
    return out;
  }
  function cleanCode(text) { return (text || "").trim().replace(/[\s\-.·_\/]+/g, "").toUpperCase(); }
  function grouped(code) { return code.length === 8 ? code.slice(0, 4) + "-" + code.slice(4) : code; }
  function codeValid(code) {
    if (code.length !== 8) return false;
    var sum = 0;
    for (var i = 0; i < 8; i++) { if (ALPHABET.indexOf(code[i]) < 0) return false; }
    for (var j = 0; j < 7; j++) sum += WEIGHTS[j] * ALPHABET.indexOf(code[j]);
    return ALPHABET[sum % 30] === code[7];
  }
  // [code, problem] as ceremony.invitations.codes.read answers it.
  function readCode(text) {
    if (LETTER_NUMBER_RE.test(text || "")) return [null, "letter_number"];
    var code = cleanCode(text);
    if (!code || !/^[A-Z0-9]+$/.test(code)) return [null, "not_a_code"];
    if (codeValid(code)) return [code, ""];
    if (Math.abs(code.length - 8) > 2) return [null, "not_a_code"];
    if (/[0O1ILU]/.test(code)) return [null, "excluded_characters"];
    return [null, code.length !== 8 ? "length" : "mistyped"];
  }
  function reasonMessage(reason, text, entry) {
    var code = grouped(cleanCode(text));
    if (reason === "replaced" && entry) return fmt(M.reasons.replaced, { name: entry.name, substitute: entry.replaced_by });
    return fmt(M.reasons[reason] || "", { code: code });
  }
  function clock(iso) {
    if (!iso) return "";
    try {
      return new Date(iso).toLocaleTimeString(cfg.locale === "en" ? "en-GB" : "vi-VN",
        { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Ho_Chi_Minh" });
    } catch (e) { return iso; }
  }

  // -- device, gate, local list, queue ---------------------------------------------------------
  var device = localStorage.getItem("ceremony.device") || ("dev-" + randomId(8));
  localStorage.setItem("ceremony.device", device);
  var gateInput = $("gate");
  gateInput.value = localStorage.getItem("ceremony.gate") || "";
  gateInput.addEventListener("change", function () { localStorage.setItem("ceremony.gate", gateInput.value.trim()); });

  // {generated_at, version, url, items: {token hash: entry}, codes: {short code hash: token hash}}
  var list = load(PREFIX + "list", null);
  if (list && list.url !== cfg.gateListUrl) list = null;  // a list of another point, or of the old format
  var queue = load(PREFIX + "queue", []);   // scans made offline, waiting for upload
  var online = navigator.onLine;

  function byDelegate(id) {
    if (!list) return null;
    for (var t in list.items) { if (list.items[t].delegate_id === id && !list.items[t].revoked) return list.items[t]; }
    for (var u in list.items) { if (list.items[u].delegate_id === id) return list.items[u]; }
    return null;
  }
  function showListStatus() {
    $("list-status").textContent = list
      ? fmt(M.list, { n: Object.keys(list.items).length, time: clock(list.generated_at) }) : M.noList;
  }
  function setOnline(value) {
    online = value;
    var el = $("net-status");
    el.textContent = value ? M.online : M.offlineStatus;
    el.className = "net " + (value ? "net-online" : "net-offline");
  }
  function showQueue(conflicts) {
    var parts = [];
    if (queue.length) parts.push(fmt(M.queued, { n: queue.length }));
    if (conflicts) parts.push(fmt(M.conflicts, { n: conflicts }));
    $("queue-status").textContent = parts.join(" · ");
  }

  function request(method, url, body) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, TIMEOUT_MS);
    return fetch(url, {
      method: method, credentials: "same-origin", signal: controller ? controller.signal : undefined,
      // The session cookie alone is refused on writes: the page's CSRF token goes in a header.
      headers: body ? { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": cfg.csrfToken }
                    : { "Accept": "application/json" },
      body: body ? JSON.stringify(body) : undefined
    }).finally(function () { clearTimeout(timer); });
  }

  // The entry of a scanned text (the QR's URL or token, or a typed short code) in the local list.
  function entryFor(text) {
    if (!list) return null;
    var m = TOKEN_RE.exec((text || "").trim());
    if (m) return list.items[codeHash(m[1])] || null;
    var read = readCode(text);
    return read[0] ? list.items[list.codes[codeHash(read[0])]] || null : null;
  }
  function refreshList() {
    var delta = list && list.version;
    var url = cfg.gateListUrl + (delta ? (cfg.gateListUrl.indexOf("?") < 0 ? "?" : "&") + "since=" + encodeURIComponent(list.version) : "");
    return request("GET", url).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (body) {
      // Rows of body.fields: token_hash, code_hash, delegate_id, name, title, unit, zone, seat, is_vip,
      // revoked, replaced_by, checked_in_at, gate, site (index in body.sites).
      var items = {}, codes = {};
      if (!body.full && list) { items = list.items; codes = list.codes; }
      body.items.forEach(function (r) {
        var site = body.sites[r[13]] || {};
        items[r[0]] = { delegate_id: r[2], name: r[3], title: r[4], unit: r[5], zone: r[6], seat: r[7],
                        is_vip: !!r[8], revoked: !!r[9], replaced_by: r[10], checked_in_at: r[11], gate: r[12],
                        site: { name: site.name, tier: site.tier } };
        if (r[1]) codes[r[1]] = r[0];
      });
      list = { generated_at: body.generated_at, version: body.version, url: cfg.gateListUrl, items: items, codes: codes };
      // Keep what this gate learnt offline and has not uploaded yet.
      queue.forEach(function (q) { var e = entryFor(q.text); if (e && q.local_result === "welcome" && !e.checked_in_at) { e.checked_in_at = q.scanned_at; e.gate = q.gate; } });
      save(PREFIX + "list", list);
      setOnline(true);
      showListStatus();
    }).catch(function () { showListStatus(); });
  }

  // -- answering -----------------------------------------------------------------------------
  var ICONS = document.getElementById("scan-icons");  // a <template> of SVG icons, one per result kind
  function iconFor(kind) {
    var found = ICONS && ICONS.content.querySelector('[data-kind="' + kind + '"]');
    return found ? found.innerHTML : "";
  }
  function show(kind, who, detail, note, reason, warning) {
    var box = $("result");
    box.className = "scan-result result-" + kind;
    box.dataset.result = kind;
    box.querySelector(".icon").innerHTML = iconFor(kind);
    box.querySelector(".headline").textContent = (reason && M.headlines[reason]) || M[kind] || kind;
    box.dataset.reason = reason || "";
    box.querySelector(".who").textContent = who || "";
    var d = box.querySelector(".detail");
    d.textContent = detail || "";
    if (note) { var n = document.createElement("div"); n.className = "offline-note"; n.textContent = note; d.appendChild(n); }
    box.dataset.otherPoint = warning ? "yes" : "";
    if (warning) { var w = document.createElement("div"); w.className = "other-point"; w.setAttribute("role", "alert"); w.textContent = warning; d.appendChild(w); }
    if (navigator.vibrate) navigator.vibrate(kind === "welcome" ? 80 : [200, 100, 200]);
  }
  function describe(kind, person, first, note, message, reason) {
    var who = person ? person.name + (person.title ? " — " + person.title : "") + (person.is_vip ? " · " + M.vip : "") : "";
    var detail = "", warning = "";
    if (kind === "welcome" && person) {
      detail = [person.zone ? M.zone + " " + person.zone : "", person.seat ? M.seat + " " + person.seat : ""]
        .filter(Boolean).join(" · ");
      if (first && first.is_late && first.late_segment) detail += (detail ? " · " : "") + M.late + " " + first.late_segment;
      // Invited, but to a bridge point elsewhere: warn, naming it, so the gate can send them on.
      var served = cfg.points && cfg.points.length ? cfg.points : (cfg.venue ? [cfg.venue] : null);
      if (person.site && (served ? served.indexOf(person.site.name) < 0 : person.site.tier !== "province")) {
        warning = fmt(M.otherPoint, { point: person.site.name });
      }
    } else if (kind === "already" && first) {
      detail = fmt(M.alreadyDetail, { time: clock(first.checked_in_at), gate: first.gate });
    } else if (message) {
      detail = message;
    }
    show(kind, who, detail, note, reason, warning);
  }

  function localVerdict(text, delegateId) {
    var entry = null;
    if (delegateId) {
      entry = byDelegate(delegateId);
      if (!entry) return { result: "not_invited" };
    } else {
      var m = TOKEN_RE.exec((text || "").trim());
      if (m) {
        if (String(m[2]) !== String(cfg.ceremonyId)) return { result: "not_invited", reason: "other_ceremony" };
        entry = list && list.items[codeHash(m[1])];
      } else {
        var read = readCode(text);
        if (!read[0]) return { result: "unreadable", reason: read[1] };
        entry = list && list.codes && list.items[list.codes[codeHash(read[0])]];
        if (!entry && list) return { result: "not_invited", reason: "unknown_code" };
      }
      if (!entry) return { result: "not_invited", note: M.unknownOffline };
    }
    if (entry.revoked) return { result: "revoked", entry: entry, reason: entry.replaced_by ? "replaced" : "withdrawn" };
    if (entry.checked_in_at) return { result: "already", entry: entry, first: { checked_in_at: entry.checked_in_at, gate: entry.gate } };
    entry.checked_in_at = new Date().toISOString();
    entry.gate = gateInput.value.trim();
    save(PREFIX + "list", list);
    return { result: "welcome", entry: entry };
  }

  function rememberOnline(body) {
    if (!list || !body.delegate || !body.first_checkin) return;
    for (var t in list.items) {
      var e = list.items[t];
      if (e.delegate_id === body.delegate.id) { e.checked_in_at = body.first_checkin.checked_in_at; e.gate = body.first_checkin.gate; }
    }
    save(PREFIX + "list", list);
  }

  function goOffline(scan) {
    setOnline(false);
    var v = localVerdict(scan.text, scan.delegate_id);
    scan.scanned_at = new Date().toISOString();
    scan.local_result = v.result;
    queue.push(scan);
    save(PREFIX + "queue", queue);
    showQueue();
    describe(v.result, v.entry || null, v.first, (v.note ? v.note + ". " : "") + M.offline,
             v.reason ? reasonMessage(v.reason, scan.text, v.entry) : "", v.reason);
  }

  function submit(fields) {
    var gate = gateInput.value.trim();
    if (!gate) { show("unreadable", "", M.gateFirst); gateInput.focus(); return; }
    var scan = { text: fields.text || "", gate: gate, device: device, nonce: randomId(12), method: fields.method };
    if (fields.delegate_id) scan.delegate_id = fields.delegate_id;
    show("checking", "", "");
    if (!online && navigator.onLine === false) { goOffline(scan); return; }
    request("POST", cfg.checkinUrl, scan).then(function (r) {
      if (r.status === 401) { show("unreadable", "", M.loginAgain); return; }
      if (r.status >= 500) { goOffline(scan); return; }
      return r.json().then(function (body) {
        if (!r.ok) { show("unreadable", "", (body && body.message) || M.error); return; }
        setOnline(true);
        rememberOnline(body);
        describe(body.result, body.delegate, body.first_checkin, null, body.message, body.reason);
        if (queue.length) flush();
      });
    }).catch(function () { goOffline(scan); });
  }

  var flushing = false;
  function flush() {
    if (flushing || !queue.length) return Promise.resolve();
    flushing = true;
    var batch = queue.slice(0, 200);
    return upload(batch).catch(function () { setOnline(false); }).finally(function () { flushing = false; });
  }

  function drop(scans) {
    var sent = {};
    scans.forEach(function (s) { sent[s.nonce] = true; });
    queue = queue.filter(function (s) { return !sent[s.nonce]; });
    save(PREFIX + "queue", queue);
  }

  // Upload a batch. A batch the server refuses as malformed (4xx) is retried one scan at a time,
  // and a single scan it still refuses is parked (kept in localStorage, out of the queue), so one
  // bad scan never blocks the rest of the queue.
  function upload(batch) {
    return request("POST", cfg.batchUrl, { scans: batch }).then(function (r) {
      if (r.status >= 400 && r.status < 500 && r.status !== 401 && r.status !== 429) {
        if (batch.length === 1) {
          var parked = load(PREFIX + "parked", []);
          save(PREFIX + "parked", parked.concat(batch));
          drop(batch);
          return;
        }
        return batch.reduce(function (chain, scan) {
          return chain.then(function () { return upload([scan]); });
        }, Promise.resolve());
      }
      if (!r.ok) throw new Error(r.status);
      return r.json().then(function (body) {
        drop(batch);
        setOnline(true);
        showQueue(body.conflicts);
        body.results.forEach(rememberOnline);
      });
    });
  }

  // -- camera --------------------------------------------------------------------------------
  var video = $("video"), canvas = $("frame"), stream = null, detector = null, timer = null;
  var lastText = "", lastAt = 0, reads = 0;

  function found(text) {
    reads += 1;
    var t = Date.now();
    if (text === lastText && t - lastAt < 4000) return;  // the same code held in front of the camera
    lastText = text; lastAt = t;
    submit({ text: text, method: "scan" });
  }
  function tick() {
    if (!stream || video.readyState < 2) return;
    if (detector) {
      detector.detect(video).then(function (codes) { if (codes.length) found(codes[0].rawValue); }).catch(function () {});
      return;
    }
    if (!window.jsQR) return;
    var w = video.videoWidth, h = video.videoHeight;
    if (!w || !h) return;
    var scale = Math.min(1, 640 / Math.max(w, h));
    canvas.width = Math.round(w * scale); canvas.height = Math.round(h * scale);
    var ctx = canvas.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
    var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" });
    if (code && code.data) found(code.data);
  }
  function pickDetector() {
    if (!("BarcodeDetector" in window)) return Promise.resolve(null);
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      return formats.indexOf("qr_code") >= 0 ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    }).catch(function () { return null; });
  }
  function startCamera() {
    var button = $("camera-toggle");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { $("camera-status").textContent = M.cameraError; return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.play();
      return pickDetector();
    }).then(function (d) {
      if (!stream) return;
      detector = d;
      button.textContent = M.stopCamera;
      $("camera-status").textContent = M.cameraOn + " (" + M.reader + ": " + (detector ? "BarcodeDetector" : "jsQR") + ")";
      timer = setInterval(tick, 200);
    }).catch(function (e) { $("camera-status").textContent = M.cameraError + ": " + e.name; });
  }
  function stopCamera() {
    clearInterval(timer); timer = null;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null; video.srcObject = null;
    $("camera-toggle").textContent = M.startCamera;
    $("camera-status").textContent = "";
  }
  $("camera-toggle").addEventListener("click", function () { if (stream) stopCamera(); else startCamera(); });

  // -- typed code and name search ------------------------------------------------------------
  // A short code is shown grouped as the letter prints it (ABCD-EFGH) while it is typed; a pasted
  // token or URL is left alone.
  $("typed-code").addEventListener("input", function () {
    var value = this.value;
    if (!/^[A-Za-z0-9 \-]*$/.test(value)) return;
    var code = cleanCode(value);
    if (code.length > 8) return;
    var shown = code.length > 4 ? code.slice(0, 4) + "-" + code.slice(4) : code;
    if (shown !== value) this.value = shown;
  });
  $("typed-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var input = $("typed-code");
    submit({ text: input.value, method: "typed" });
    input.value = "";
  });
  var searchTimer = null;
  function renderCandidates(items) {
    var ul = $("candidates");
    ul.textContent = "";
    if (!items.length) { var li0 = document.createElement("li"); li0.className = "meta"; li0.textContent = M.noMatch; ul.appendChild(li0); return; }
    items.forEach(function (c) {
      var li = document.createElement("li"), b = document.createElement("button");
      b.type = "button";
      b.dataset.delegateId = c.id;
      var checked = c.checkin ? " · " + M.checkedIn + " " + clock(c.checkin.checked_in_at) : "";
      var where = [c.unit, c.site ? M.pointShort + " " + inSentence(c.site.name) : ""].filter(Boolean).join(" · ");
      b.textContent = c.name + (c.title ? " — " + c.title : "") + (where ? " · " + where : "") +
        (c.zone ? " · " + M.zone + " " + c.zone : "") + checked;
      b.addEventListener("click", function () { ul.textContent = ""; $("search-q").value = ""; submit({ delegate_id: c.id, method: "search" }); });
      li.appendChild(b); ul.appendChild(li);
    });
  }
  function localSearch(q) {
    if (!list) return [];
    var needle = fold(q), out = [];
    for (var t in list.items) {
      var e = list.items[t];
      if (!e.revoked && (fold(e.name).indexOf(needle) >= 0 || fold(e.title).indexOf(needle) >= 0)) {
        out.push({ id: e.delegate_id, name: e.name, title: e.title, zone: e.zone, unit: e.unit, site: e.site,
                   checkin: e.checked_in_at ? { checked_in_at: e.checked_in_at } : null });
        if (out.length >= 20) break;
      }
    }
    return out;
  }
  $("search-form").addEventListener("submit", function (ev) { ev.preventDefault(); });
  $("search-q").addEventListener("input", function () {
    clearTimeout(searchTimer);
    var q = this.value.trim();
    if (q.length < 2) { $("candidates").textContent = ""; return; }
    searchTimer = setTimeout(function () {
      request("GET", cfg.searchUrl + "?q=" + encodeURIComponent(q)).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (body) { renderCandidates(body.items); })
        .catch(function () { setOnline(false); renderCandidates(localSearch(q)); });
    }, 250);
  });

  window.addEventListener("online", function () { setOnline(true); flush(); refreshList(); });
  window.addEventListener("offline", function () { setOnline(false); });
  setInterval(function () { if (queue.length) flush(); }, 10000);
  setInterval(refreshList, 120000);
  setOnline(navigator.onLine);
  showQueue();
  showListStatus();
  refreshList().then(flush);
  // Keep this page and its files for a reload without network (service worker, network first).
  var offlineReady = false;
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.addEventListener("message", function (e) { if (e.data && e.data.precached) offlineReady = true; });
    navigator.serviceWorker.register(cfg.serviceWorkerUrl, { scope: "/ceremonies/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var files = [location.pathname].concat(Array.prototype.map.call(
        document.querySelectorAll("link[rel=stylesheet][href], script[src]"), function (el) { return el.href || el.src; }));
      registration.active.postMessage({ precache: files });
    }).catch(function () { /* no offline reload on this browser; scanning offline still works */ });
  }
  // Tests and gate supervisors can read the state without reaching into closures.
  window.ceremonyScanner = { flush: flush, codeHash: codeHash, refreshList: refreshList, queueLength: function () { return queue.length; },
                             offlineReady: function () { return offlineReady; },
                             reads: function () { return reads; } };
})();
