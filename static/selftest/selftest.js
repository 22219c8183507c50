/* The operator page's self-test: one button, about 20 seconds. Measures the network to this service
   (RTT and jitter over a burst, download and upload sized for weak 4G, loss), the clock offset, the
   WebRTC media path against the service's own media peer, the camera, the microphone and the
   speakers; then fills the checklist (marked "đo tự động") for the operator to check and send. */
(function () {
  "use strict";
  var root = document.getElementById("selftest");
  if (!root) return;
  var M = JSON.parse(root.getAttribute("data-messages"));
  var limits = JSON.parse(root.getAttribute("data-limits"));
  var iceServers = JSON.parse(root.getAttribute("data-ice-servers") || "[]");
  var mediaTimeout = parseFloat(root.getAttribute("data-media-timeout") || "10") * 1000;
  var token = root.getAttribute("data-token");
  var button = document.getElementById("selftest-run");
  var stateLine = document.getElementById("selftest-state");
  var confirmBox = document.getElementById("speaker-confirm");
  var form = document.getElementById("checkin-form");
  var running = false;

  // Numbers as the page's language writes them: 25,0 Mbit/s in Vietnamese, 25.0 Mbit/s in English.
  var numberFormats = {};
  function fmt(value, digits) {
    digits = digits === undefined ? 1 : digits;
    if (!numberFormats[digits]) {
      numberFormats[digits] = new Intl.NumberFormat(document.documentElement.lang || "vi",
                                                    {minimumFractionDigits: digits, maximumFractionDigits: digits});
    }
    return numberFormats[digits].format(Number(value));
  }
  function say(key, values) {
    var text = M[key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }
  function headers(extra) {
    var h = extra || {};
    if (token) h["X-Site-Token"] = token;
    return h;
  }
  function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }
  function median(xs) { var s = xs.slice().sort(function (a, b) { return a - b; }); var n = s.length;
    return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : null; }
  function percentile(xs, p) { var s = xs.slice().sort(function (a, b) { return a - b; });
    return s.length ? s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)] : null; }

  function step(key, result, value, help) {
    var li = root.querySelector('[data-step="' + key + '"]');
    if (!li) return;
    li.setAttribute("data-result", result);
    li.querySelector("use").setAttribute("href", "#st-icon-" + (result === "running" ? "running" : result));
    if (value !== undefined) li.querySelector(".step-value").textContent = value;
    li.querySelector(".step-help").textContent = help || "";
  }

  function timedFetch(url, options, ms) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, ms) : null;
    options = options || {};
    options.credentials = "same-origin";
    options.cache = "no-store";
    if (controller) options.signal = controller.signal;
    return fetch(url, options).finally(function () { if (timer) clearTimeout(timer); });
  }

  /* ---- network: a burst of small requests ---- */
  async function pingBurst(count) {
    var rtts = [], offsets = [], failed = 0;
    for (var i = 0; i < count; i++) {
      var sentEpoch = Date.now(), t0 = performance.now();
      try {
        var response = await timedFetch(root.getAttribute("data-ping") + "?seq=" + i, {headers: headers()}, 3000);
        var body = await response.json();
        var rtt = performance.now() - t0;
        if (!response.ok) { failed++; continue; }
        rtts.push(rtt);
        offsets.push({rtt: rtt, offset: body.server_time_ms - (sentEpoch + rtt / 2)});
      } catch (e) { failed++; }
    }
    var jitter = null;
    if (rtts.length > 1) {
      var sum = 0;
      for (var j = 1; j < rtts.length; j++) sum += Math.abs(rtts[j] - rtts[j - 1]);
      jitter = sum / (rtts.length - 1);
    }
    // The clock offset from the quickest round trips: their midpoint is the least uncertain.
    offsets.sort(function (a, b) { return a.rtt - b.rtt; });
    var best = offsets.slice(0, Math.max(1, Math.ceil(offsets.length / 4))).map(function (o) { return o.offset; });
    return {rtt: median(rtts), p95: percentile(rtts, 95), jitter: jitter, loss: 100 * failed / count,
            offset: offsets.length ? median(best) : null, answered: rtts.length};
  }

  /* ---- download: a small probe, then a transfer sized to last ~2.5 s (at most 4 MiB) ---- */
  async function downloadOnce(size) {
    var t0 = performance.now();
    var response = await timedFetch(root.getAttribute("data-download") + "?size=" + size, {headers: headers()}, 20000);
    if (!response.ok || !response.body) throw new Error("download " + response.status);
    var reader = response.body.getReader(), total = 0, firstAt = null, firstBytes = 0;
    while (true) {
      var chunk = await reader.read();
      if (chunk.done) break;
      if (firstAt === null) { firstAt = performance.now(); firstBytes = chunk.value.length; }
      total += chunk.value.length;
    }
    var end = performance.now();
    // From the first byte on: the round trip before it is latency, not bandwidth.
    var seconds = (end - firstAt) / 1000, bytes = total - firstBytes;
    if (seconds < 0.05 || bytes < size / 4) { seconds = (end - t0) / 1000; bytes = total; }
    return bytes * 8 / seconds / 1e6;
  }
  async function measureDownload() {
    var probe = await downloadOnce(64 * 1024);
    var size = Math.round(Math.min(4 * 1024 * 1024, Math.max(128 * 1024, probe * 1e6 / 8 * 2.5)));
    return downloadOnce(size);
  }

  /* ---- upload: the browser times it, the server times its side ---- */
  async function uploadOnce(size, rtt) {
    var body = new Uint8Array(size);
    if (window.crypto && crypto.getRandomValues) {
      for (var i = 0; i < size; i += 65536) crypto.getRandomValues(body.subarray(i, Math.min(size, i + 65536)));
    }
    var t0 = performance.now();
    var response = await timedFetch(root.getAttribute("data-upload"), {method: "POST", body: body,
      headers: headers({"Content-Type": "application/octet-stream"})}, 30000);
    var answer = await response.json();
    var seconds = Math.max((performance.now() - t0 - (rtt || 0)) / 1000, 0.001);
    return {mbps: size * 8 / seconds / 1e6, server: answer.server_mbps};
  }
  async function measureUpload(rtt) {
    var probe = await uploadOnce(64 * 1024, rtt);
    var size = Math.round(Math.min(2 * 1024 * 1024, Math.max(128 * 1024, probe.mbps * 1e6 / 8 * 2)));
    return uploadOnce(size, rtt);
  }

  /* ---- the media path: WebRTC loopback to the service's media peer ---- */
  function toneStream() {
    var ctx = new (window.AudioContext || window.webkitAudioContext)();
    var osc = ctx.createOscillator(), dest = ctx.createMediaStreamDestination();
    osc.frequency.value = 440;
    osc.connect(dest);
    osc.start();
    return {stream: dest.stream, stop: function () { osc.stop(); ctx.close(); }};
  }
  async function measureMedia() {
    if (!window.RTCPeerConnection) return {path: "untested", reason: "unsupported"};
    var pc = new RTCPeerConnection({iceServers: iceServers});
    var tone = toneStream();
    tone.stream.getTracks().forEach(function (t) { pc.addTrack(t, tone.stream); });
    var channel = pc.createDataChannel("probe");
    var echoes = [];
    channel.onmessage = function (e) { echoes.push(performance.now() - parseFloat(e.data)); };
    try {
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise(function (resolve) {  // all candidates in the offer: the peer does not trickle
        if (pc.iceGatheringState === "complete") return resolve();
        pc.addEventListener("icegatheringstatechange", function () { if (pc.iceGatheringState === "complete") resolve(); });
        setTimeout(resolve, 3000);
      });
      var response = await timedFetch(root.getAttribute("data-media"), {method: "POST",
        headers: headers({"Content-Type": "application/json"}),
        body: JSON.stringify({sdp: pc.localDescription.sdp, type: pc.localDescription.type})}, 30000);
      if (!response.ok) return {path: "untested", reason: "peer"};
      await pc.setRemoteDescription(await response.json());
      var connected = await new Promise(function (resolve) {
        if (pc.connectionState === "connected") return resolve(true);
        pc.addEventListener("connectionstatechange", function () {
          if (pc.connectionState === "connected") resolve(true);
          if (pc.connectionState === "failed") resolve(false);
        });
        setTimeout(function () { resolve(pc.connectionState === "connected"); }, mediaTimeout);
      });
      if (!connected) return {path: "blocked"};
      await new Promise(function (resolve) {
        if (channel.readyState === "open") return resolve();
        channel.onopen = resolve; setTimeout(resolve, 2000);
      });
      for (var i = 0; i < 10; i++) {  // data-channel echoes while the audio flows
        if (channel.readyState === "open") channel.send(String(performance.now()));
        await sleep(300);
      }
      await sleep(500);
      return Object.assign(await mediaStats(pc), {echo: median(echoes)});
    } catch (e) {
      return {path: "untested", reason: String(e)};
    } finally {
      pc.close();
      tone.stop();
    }
  }
  async function mediaStats(pc) {
    var stats = await pc.getStats(), byId = {}, pair = null, inbound = null, remoteIn = null;
    stats.forEach(function (s) { byId[s.id] = s; });
    stats.forEach(function (s) {
      if (s.type === "transport" && s.selectedCandidatePairId) pair = byId[s.selectedCandidatePairId];
      if (s.type === "inbound-rtp" && s.kind === "audio") inbound = s;
      if (s.type === "remote-inbound-rtp" && s.kind === "audio") remoteIn = s;
    });
    if (!pair) stats.forEach(function (s) { if (s.type === "candidate-pair" && s.nominated && s.state === "succeeded") pair = s; });
    var local = pair && byId[pair.localCandidateId], remote = pair && byId[pair.remoteCandidateId];
    var path = "udp";
    if ((local && local.candidateType === "relay") || (remote && remote.candidateType === "relay")) path = "relay";
    else if (local && local.protocol === "tcp") path = "tcp";
    var rtt = pair && pair.currentRoundTripTime !== undefined ? pair.currentRoundTripTime * 1000 :
      (remoteIn && remoteIn.roundTripTime !== undefined ? remoteIn.roundTripTime * 1000 : null);
    var jitter = inbound && inbound.jitter !== undefined ? inbound.jitter * 1000 : null;
    var loss = null;
    if (inbound && inbound.packetsReceived !== undefined) {
      var lost = Math.max(0, inbound.packetsLost || 0), got = inbound.packetsReceived;
      loss = got + lost > 0 ? 100 * lost / (got + lost) : null;
    }
    if (remoteIn && remoteIn.fractionLost !== undefined && loss !== null) loss = Math.max(loss, remoteIn.fractionLost * 100);
    return {path: path, rtt: rtt, jitter: jitter, loss: loss};
  }
  function mos(rtt, jitter, loss) {  // the E-model simplification (same as the server's)
    var eff = rtt / 2 + 2 * jitter + 10;
    var r = 93.2 - (eff < 160 ? eff / 40 : (eff - 120) / 10) - 2.5 * loss;
    r = Math.max(0, Math.min(100, r));
    return r > 0 ? Math.round((1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r)) * 100) / 100 : 1;
  }

  /* ---- camera, microphone, speakers ---- */
  function mediaError(error, kind) {
    var name = error && error.name;
    if (name === "NotAllowedError" || name === "PermissionDeniedError" || name === "SecurityError")
      return {code: "denied", help: say(kind === "camera" ? "camera_denied" : "mic_denied")};
    if (name === "NotFoundError" || name === "DevicesNotFoundError" || name === "OverconstrainedError")
      return {code: "missing", help: say(kind === "camera" ? "camera_missing" : "mic_missing")};
    if (name === "NotReadableError" || name === "TrackStartError" || name === "AbortError")
      return {code: "busy", help: say(kind === "camera" ? "camera_busy" : "mic_busy")};
    return {code: "error", help: (error && error.message) || String(error)};
  }
  async function openDevice(kind) {
    try {
      // The echo check must hear the page's own tone: echo cancellation would remove exactly that
      // (and noise suppression and gain control would flatten a steady tone and the level meter).
      return {stream: await navigator.mediaDevices.getUserMedia(kind === "camera" ? {video: true}
        : {audio: {echoCancellation: false, noiseSuppression: false, autoGainControl: false}})};
    } catch (e) { return {error: mediaError(e, kind)}; }
  }
  async function measureCamera(stream) {
    var track = stream.getVideoTracks()[0], settings = track.getSettings ? track.getSettings() : {};
    var video = document.createElement("video");
    video.muted = true; video.playsInline = true; video.srcObject = stream;
    await video.play().catch(function () {});
    await new Promise(function (resolve) { if (video.videoWidth) return resolve(); video.onloadeddata = resolve; setTimeout(resolve, 2000); });
    var canvas = document.createElement("canvas"); canvas.width = 160; canvas.height = 120;
    var ctx = canvas.getContext("2d", {willReadFrequently: true}), frames = [];
    for (var i = 0; i < 3; i++) {
      ctx.drawImage(video, 0, 0, 160, 120);
      frames.push(ctx.getImageData(0, 0, 160, 120).data);
      if (i < 2) await sleep(600);
    }
    var luma = 0, pixels = frames[2].length / 4;
    for (var p = 0; p < frames[2].length; p += 4) luma += 0.299 * frames[2][p] + 0.587 * frames[2][p + 1] + 0.114 * frames[2][p + 2];
    var diff = 0;
    for (var q = 0; q < frames[0].length; q += 16) diff += Math.abs(frames[0][q] - frames[2][q]) + Math.abs(frames[1][q] - frames[2][q]);
    video.srcObject = null;
    return {width: settings.width || video.videoWidth || null, height: settings.height || video.videoHeight || null,
            brightness: luma / pixels, frozen: diff / (frames[0].length / 16) < 0.5};
  }
  function level(analyser, buffer) {
    analyser.getFloatTimeDomainData(buffer);
    var sum = 0;
    for (var i = 0; i < buffer.length; i++) sum += buffer[i] * buffer[i];
    return Math.sqrt(sum / buffer.length);
  }
  function toneBin(analyser, freqs, hz) {
    analyser.getFloatFrequencyData(freqs);
    var bin = Math.round(hz / (analyser.context.sampleRate / analyser.fftSize));
    return Math.max(freqs[bin - 1], freqs[bin], freqs[bin + 1], -200);
  }
  function toneProminence(freqs, hz, sampleRate, fftSize) {
    // How far the tone's bin stands above the spectrum around it (bins 8 to 30 away, median):
    // a loud sound at another pitch lifts the whole neighbourhood, a tone only its own bin.
    var bin = Math.round(hz / (sampleRate / fftSize)), around = [];
    for (var k = 8; k <= 30; k++) around.push(Math.max(freqs[bin - k], -200), Math.max(freqs[bin + k], -200));
    return Math.max(freqs[bin - 1], freqs[bin], freqs[bin + 1], -200) - median(around);
  }
  async function measureAudio(micStream) {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    var ctx = new Ctx();
    if (ctx.state === "suspended") await ctx.resume().catch(function () {});
    var out = {speakers: ctx.state === "running" && ctx.destination.maxChannelCount > 0};
    var analyser = null, buffer = null, freqs = null, TONE = 1800;
    if (micStream) {
      analyser = ctx.createAnalyser(); analyser.fftSize = 2048;
      ctx.createMediaStreamSource(micStream).connect(analyser);
      buffer = new Float32Array(analyser.fftSize); freqs = new Float32Array(analyser.frequencyBinCount);
      var peak = 0, before = -200;
      for (var i = 0; i < 30; i++) {  // 1.5 s of listening: level meter and silence
        peak = Math.max(peak, level(analyser, buffer));
        before = Math.max(before, toneBin(analyser, freqs, TONE));
        await sleep(50);
      }
      out.micLevel = peak > 0 ? 20 * Math.log10(peak) : -200;
      out.micSilent = out.micLevel < -60;
    }
    if (out.speakers) {  // the test tone; heard back when its frequency rises in the microphone
      var osc = ctx.createOscillator(), gain = ctx.createGain();
      osc.frequency.value = TONE; gain.gain.value = 0.3;
      osc.connect(gain); gain.connect(ctx.destination); osc.start();
      // Up to 2.4 s, stopping once the tone's bin has stood 15 dB above what the room gave before,
      // and 20 dB above the spectrum around it, for 3 readings in a row: Bluetooth and HDMI speakers start late (200-400 ms), so a short
      // window would miss a tone that does come back.
      var above = 0;
      for (var j = 0; j < 48 && above < 3; j++) {
        await sleep(50);
        if (!analyser) continue;
        var rise = toneBin(analyser, freqs, TONE) - before;
        above = rise > 15 && toneProminence(freqs, TONE, ctx.sampleRate, analyser.fftSize) > 20 ? above + 1 : 0;
      }
      osc.stop();
      out.heard = analyser ? above >= 3 : null;
    }
    ctx.close();
    return out;
  }

  /* ---- checklist ---- */
  function fill(key, ok, value, problems) {
    if (!form) return;
    var fs = form.querySelector('fieldset[data-item="' + key + '"]');
    if (!fs) return;
    var radio = fs.querySelector('input[type=radio][value="' + (ok ? "ok" : "problem") + '"]');
    if (radio) radio.checked = true;
    var note = fs.querySelector('input[name="note_' + key + '"]');
    if (note) note.value = ok ? "" : problems.join("; ");
    var holder = fs.querySelector(".measured");
    if (!holder) {
      holder = document.createElement("p"); holder.className = "measured";
      holder.innerHTML = '<span class="measured-value"></span> <span class="auto-badge"></span>' +
        '<input type="hidden" name="value_' + key + '"><input type="hidden" name="is_measured_' + key + '">';
      fs.insertBefore(holder, fs.querySelector("legend").nextSibling);
      fs.addEventListener("input", function () {  // the operator corrected it: no longer measured
        holder.querySelector('[name="is_measured_' + key + '"]').value = "";
        holder.querySelector(".auto-badge").textContent = "";
      });
    }
    holder.querySelector(".measured-value").textContent = value;
    holder.querySelector(".auto-badge").textContent = M.auto;
    holder.querySelector('[name="value_' + key + '"]').value = value;
    holder.querySelector('[name="is_measured_' + key + '"]').value = "1";
  }
  function setMeasurements(m) {
    if (!form) return;
    var input = form.querySelector('input[name="measurements"]');
    if (!input) { input = document.createElement("input"); input.type = "hidden"; input.name = "measurements"; form.appendChild(input); }
    input.value = JSON.stringify(m);
    var bw = form.querySelector('input[name="bandwidth_mbps"]');
    if (bw && m.download_mbps !== undefined) bw.value = Math.round(m.download_mbps * 10) / 10;
  }

  function missingFeatures() {
    var missing = [];
    if (!window.fetch || !window.Promise) missing.push("fetch");
    if (!window.ReadableStream) missing.push("streams");
    if (!(window.AudioContext || window.webkitAudioContext)) missing.push("Web Audio");
    if (!window.RTCPeerConnection) missing.push("WebRTC");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) missing.push("getUserMedia");
    return missing;
  }

  async function run() {
    if (running) return;
    running = true; button.disabled = true; confirmBox.hidden = true;
    root.querySelectorAll("[data-step]").forEach(function (li) { step(li.getAttribute("data-step"), "pending", "", ""); });
    stateLine.textContent = M.running;
    var missing = missingFeatures();
    if (missing.indexOf("fetch") >= 0) { stateLine.textContent = say("unsupported", {what: missing.join(", ")}); running = false; return; }
    var m = {user_agent: navigator.userAgent.slice(0, 300)}, netProblems = [];
    try {
      step("network", "running");
      var net = await pingBurst(20);
      if (!net.answered) {
        step("network", "fail", "", M.network_failed); stateLine.textContent = M.network_failed; return;
      }
      m.rtt_ms = net.rtt; m.rtt_p95_ms = net.p95; m.jitter_ms = net.jitter || 0; m.loss_pct = net.loss;
      if (net.rtt > limits.max_rtt_ms) netProblems.push(say("rtt_high", {value: fmt(net.rtt, 0), limit: fmt(limits.max_rtt_ms, 0)}));
      if (net.loss > limits.max_loss_pct) netProblems.push(say("loss_high", {value: fmt(net.loss), limit: fmt(limits.max_loss_pct)}));
      var stable = net.loss === 0 && m.jitter_ms <= limits.max_jitter_ms;
      step("network", netProblems.length ? "problem" : "ok",
           M.rtt_word + " " + fmt(net.rtt, 0) + " ms (p95 " + fmt(net.p95, 0) + " ms) · " + M.jitter_word + " " + fmt(m.jitter_ms, 0) + " ms · " +
           (stable ? M.stable : M.unstable), netProblems.join("; "));
      var offset = net.offset;
      m.clock_offset_ms = offset;
      var clockBad = Math.abs(offset) > limits.max_clock_offset_ms;
      step("clock", clockBad ? "problem" : "ok", (offset >= 0 ? "+" : "") + fmt(offset, 0) + " ms",
           clockBad ? say("clock_off", {value: fmt(Math.abs(offset), 0), limit: fmt(limits.max_clock_offset_ms, 0)}) : "");
      if (clockBad) netProblems.push(say("clock_off", {value: fmt(Math.abs(offset), 0), limit: fmt(limits.max_clock_offset_ms, 0)}));

      step("download", "running");
      try {
        m.download_mbps = Math.round(await measureDownload() * 1000) / 1000;
        var downLow = m.download_mbps < limits.min_download_mbps;
        if (downLow) netProblems.push(say("download_low", {value: fmt(m.download_mbps), limit: fmt(limits.min_download_mbps)}));
        step("download", downLow ? "problem" : "ok", fmt(m.download_mbps) + " Mbit/s",
             downLow ? say("download_low", {value: fmt(m.download_mbps), limit: fmt(limits.min_download_mbps)}) : "");
      } catch (e) { step("download", "fail", "", M.network_failed); }
      step("upload", "running");
      try {
        var up = await measureUpload(net.rtt);
        m.upload_mbps = Math.round(up.mbps * 1000) / 1000;
        if (up.server) m.server_upload_mbps = up.server;
        var upLow = m.upload_mbps < limits.min_upload_mbps;
        if (upLow) netProblems.push(say("upload_low", {value: fmt(m.upload_mbps), limit: fmt(limits.min_upload_mbps)}));
        step("upload", upLow ? "problem" : "ok", fmt(m.upload_mbps) + " Mbit/s",
             upLow ? say("upload_low", {value: fmt(m.upload_mbps), limit: fmt(limits.min_upload_mbps)}) : "");
      } catch (e) { step("upload", "fail", "", M.network_failed); }

      step("media", "running");
      var media = await measureMedia();
      m.media_path = media.path;
      if (media.path === "untested") {
        step("media", "problem", "", media.reason === "unsupported" ? say("unsupported", {what: "WebRTC"}) : M.media_unavailable);
      } else if (media.path !== "udp") {
        var help = media.path === "tcp" ? M.media_tcp : media.path === "relay" ? M.media_relay : M.media_blocked;
        netProblems.push(help);
        step("media", "fail", "", help);
      } else {
        m.media_rtt_ms = media.rtt !== null ? media.rtt : (media.echo || 0);
        m.media_jitter_ms = media.jitter !== null ? media.jitter : 0;
        m.media_loss_pct = media.loss !== null ? media.loss : 0;
        m.media_mos = mos(m.media_rtt_ms, m.media_jitter_ms, m.media_loss_pct);
        var mediaProblems = [];
        if (m.media_jitter_ms > limits.max_jitter_ms) mediaProblems.push(say("jitter_high", {value: fmt(m.media_jitter_ms, 0), limit: fmt(limits.max_jitter_ms, 0)}));
        if (m.media_loss_pct > limits.max_loss_pct) mediaProblems.push(say("loss_high", {value: fmt(m.media_loss_pct), limit: fmt(limits.max_loss_pct)}));
        netProblems = netProblems.concat(mediaProblems);
        step("media", mediaProblems.length ? "problem" : "ok",
             M.media_udp + " · " + M.rtt_word + " " + fmt(m.media_rtt_ms, 0) + " ms · " + M.jitter_word + " " + fmt(m.media_jitter_ms, 0) +
             " ms · " + fmt(m.media_loss_pct) + " % · MOS " + fmt(m.media_mos, 1), mediaProblems.join("; "));
      }
      var netValue = "↓ " + fmt(m.download_mbps || 0) + " Mbit/s · ↑ " + fmt(m.upload_mbps || 0) + " Mbit/s · " + M.rtt_word + " " +
        fmt(m.rtt_ms, 0) + " ms" + (m.media_path ? " · " + m.media_path.toUpperCase() : "");
      fill("network", !netProblems.length, netValue, netProblems);

      if (missing.indexOf("getUserMedia") >= 0) {
        var why = location.protocol === "https:" || location.hostname === "localhost" || location.hostname === "127.0.0.1"
          ? say("unsupported", {what: "getUserMedia"}) : M.insecure;
        ["camera", "microphone", "speakers"].forEach(function (k) { step(k, "fail", "", why); });
        fill("camera", false, "—", [why]); fill("microphone", false, "—", [why]);
      } else {
        step("camera", "running");
        var cam = await openDevice("camera");
        if (cam.error) {
          step("camera", "fail", "", cam.error.help); fill("camera", false, "—", [cam.error.help]);
        } else {
          var c = await measureCamera(cam.stream);
          cam.stream.getTracks().forEach(function (t) { t.stop(); });
          m.camera_width = c.width; m.camera_height = c.height; m.camera_brightness = Math.round(c.brightness * 10) / 10;
          m.camera_frozen = c.frozen;
          var camProblems = [];
          if (c.brightness < 40) camProblems.push(M.camera_dark);
          if (c.frozen) camProblems.push(M.camera_frozen);
          var camValue = c.width + "×" + c.height;  // a resolution, written 1280×720 in every language
          step("camera", camProblems.length ? "problem" : "ok", camValue, camProblems.join(" "));
          fill("camera", !camProblems.length, camValue, camProblems);
        }
        step("microphone", "running");
        var mic = await openDevice("microphone");
        if (mic.error) { step("microphone", "fail", "", mic.error.help); fill("microphone", false, "—", [mic.error.help]); }
        step("speakers", "running");
        var audio = await measureAudio(mic.stream || null);
        if (mic.stream) {
          mic.stream.getTracks().forEach(function (t) { t.stop(); });
          m.mic_level_db = Math.round(audio.micLevel * 10) / 10; m.mic_silent = audio.micSilent;
          var micValue = fmt(audio.micLevel, 0) + " dBFS";
          step("microphone", audio.micSilent ? "problem" : "ok", micValue, audio.micSilent ? M.mic_silent : "");
          fill("microphone", !audio.micSilent, micValue, audio.micSilent ? [M.mic_silent] : []);
        }
        if (!audio.speakers) {
          step("speakers", "fail", "", M.speakers_missing); fill("speakers", false, "—", [M.speakers_missing]);
        } else if (audio.heard) {
          m.speakers_heard = true;
          step("speakers", "ok", M.speakers_heard); fill("speakers", true, M.speakers_heard, []);
        } else {
          m.speakers_heard = audio.heard === null ? undefined : false;
          step("speakers", "running", "", M.speakers_confirm);
          confirmBox.hidden = false;
        }
      }
      setMeasurements(m);
      stateLine.textContent = M.done;
      root.setAttribute("data-done", "1");
    } finally {
      running = false; button.disabled = false;
    }
  }

  confirmBox.querySelectorAll("button[data-heard]").forEach(function (b) {
    b.addEventListener("click", function () {
      var yes = b.getAttribute("data-heard") === "yes";
      var input = form && form.querySelector('input[name="measurements"]');
      var m = input && input.value ? JSON.parse(input.value) : {};
      m.speakers_confirmed = yes;
      setMeasurements(m);
      step("speakers", yes ? "ok" : "fail", yes ? M.speakers_yes : "", yes ? "" : M.speakers_no);
      fill("speakers", yes, yes ? M.speakers_yes : "—", yes ? [] : [M.speakers_no]);
      confirmBox.hidden = true;
    });
  });
  button.addEventListener("click", run);
  if (form) form.addEventListener("submit", function () {
    // Sent with this report (operator.js read it first): the next report measures again.
    setTimeout(function () { var input = form.querySelector('input[name="measurements"]'); if (input) input.value = ""; }, 0);
  });
})();
