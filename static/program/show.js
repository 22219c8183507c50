/* Live program views: one SSE stream, a clock corrected for the offset to the server, the launch switch.
 * Markup: an element [data-program] with data-ceremony, data-stream, data-state, data-time and
 * optional data-site (cue strip); elements with data-bind="..." are filled from the state. */
(function () {
  "use strict";
  const root = document.querySelector("[data-program]");
  if (!root) return;
  const T = JSON.parse(document.getElementById("program-i18n").textContent);
  const site = root.dataset.site || null;
  const fmt = new Intl.DateTimeFormat("vi-VN", {hour: "2-digit", minute: "2-digit", timeZone: "Asia/Ho_Chi_Minh"});
  const view = window.programView = {offset: 0, rtt: null, switchedAt: null, launchSegment: null, state: null};
  let state = null, stateAt = 0, launchTimer = null, fetching = false, again = false;

  const serverNow = () => Date.now() + view.offset;
  const hm = (ms) => (ms ? fmt.format(new Date(ms)) : "");
  function mmss(seconds) {
    const s = Math.abs(Math.round(seconds));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = String(s % 60).padStart(2, "0");
    return (seconds < 0 ? "-" : "") + (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + sec;
  }
  function bind(name, text) {
    root.querySelectorAll('[data-bind="' + name + '"]').forEach((el) => { el.textContent = text; });
  }

  async function measureOffset() {
    let best = null;
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      const body = await (await fetch(root.dataset.time, {cache: "no-store"})).json();
      const t1 = Date.now();
      const sample = {rtt: t1 - t0, offset: body.server_ms - (t0 + t1) / 2};
      if (!best || sample.rtt < best.rtt) best = sample;
    }
    view.offset = best.offset;
    view.rtt = best.rtt;
  }

  async function refresh() {
    if (fetching) { again = true; return; }
    fetching = true;
    try {
      const response = await fetch(root.dataset.state, {cache: "no-store", headers: {Accept: "application/json"}});
      if (response.ok) render(await response.json());
    } finally {
      fetching = false;
      if (again) { again = false; refresh(); }
    }
  }

  function render(next) {
    state = next; view.state = next; stateAt = serverNow();
    root.dataset.status = next.status;
    bind("status", T.status[next.status] || next.status);
    const current = next.segments.find((s) => s.id === next.current_id) || null;
    const upcoming = current ? next.segments[next.segments.indexOf(current) + 1] : (next.status === "ready" ? next.segments[0] : null);
    root.dataset.current = current ? current.id : "";
    bind("current-title", current ? current.title : (next.status === "finished" ? T.finished : T.not_started));
    bind("current-kind", current ? (T.kinds[current.kind] || current.kind) : "");
    bind("current-people", current ? current.people.join(" · ") : "");
    bind("current-script", current ? current.script : "");
    bind("current-control-cue", current ? current.control_cue : "");
    bind("current-remote-cue", current && current.remote_cue ? current.remote_cue : T.no_cue);
    bind("next-title", upcoming ? upcoming.title : "—");
    bind("next-start", upcoming ? hm(upcoming.expected_start_ms) : "");
    bind("expected-end", hm(next.expected_end_ms));
    bind("planned-end", hm(next.planned_end_ms));
    const drift = next.drift_seconds;
    bind("drift", drift === 0 ? T.on_time : (drift > 0 ? T.late.replace("{time}", mmss(drift)) : T.early.replace("{time}", mmss(-drift))));
    root.querySelectorAll("[data-segment]").forEach((row) => {
      const seg = next.segments.find((s) => String(s.id) === row.dataset.segment);
      if (!seg) return;
      row.dataset.state = seg.state;
      row.querySelectorAll("[data-bind-segment=expected-start]").forEach((el) => { el.textContent = hm(seg.expected_start_ms); });
      row.querySelectorAll("[data-bind-segment=expected-end]").forEach((el) => { el.textContent = hm(seg.expected_end_ms); });
      row.querySelectorAll("[data-bind-segment=state]").forEach((el) => { el.textContent = T.states[seg.state] || seg.state; });
    });
    renderFloor(next.floor);
    if (next.launch) scheduleLaunch(next.launch);
    else if (view.launchSegment && next.current_id !== view.launchSegment) hideLaunch();
    tick();
  }

  function renderFloor(floor) {
    const banner = root.querySelector("[data-floor-banner]");
    if (!banner) return;
    const mine = floor && site && floor.code === site;
    banner.hidden = !floor;
    banner.classList.toggle("floor-mine", !!mine);
    banner.textContent = !floor ? "" : (mine ? T.floor_mine : T.floor_other.replace("{point}", floor.name));
    root.dataset.floor = mine ? "mine" : (floor ? "other" : "");
  }

  function tick() {
    if (!state) return;
    const clock = state.clock;
    const el = root.querySelector("[data-clock]");
    if (!clock) { bind("elapsed", "—"); bind("remaining", "—"); if (el) el.dataset.over = "no"; bind("overrun", ""); return; }
    const passed = clock.held ? 0 : (serverNow() - stateAt) / 1000 + (stateAt - state.server_ms) / 1000;
    const elapsed = clock.elapsed + passed;
    const remaining = clock.allotted - elapsed;
    bind("elapsed", mmss(elapsed));
    bind("remaining", mmss(Math.max(0, remaining)));
    bind("overrun", remaining < 0 ? T.overrun.replace("{time}", mmss(-remaining)) : (clock.held ? T.held : ""));
    if (el) el.dataset.over = remaining < 0 ? "yes" : "no";
  }

  function scheduleLaunch(launch) {
    if (view.launchSegment === launch.segment_id) return;
    view.launchSegment = launch.segment_id;
    clearTimeout(launchTimer);
    launchTimer = setTimeout(() => showLaunch(launch), Math.max(0, launch.switch_ms - serverNow()));
  }

  function showLaunch(launch) {
    const panel = document.getElementById("launch-view");
    view.switchedAt = performance.timeOrigin + performance.now();
    if (panel) {
      panel.querySelector("[data-launch=title]").textContent = launch.title;
      panel.querySelector("[data-launch=dignitaries]").textContent = launch.dignitaries.join(" · ");
      panel.hidden = false;
      panel.dataset.switchedAt = String(view.switchedAt);
    }
    document.body.classList.add("launched");
    document.dispatchEvent(new CustomEvent("program:launch", {detail: launch}));
    countdown(launch);
  }

  function countdown(launch) {
    const panel = document.getElementById("launch-view");
    if (!panel) return;
    const seg = state && state.segments.find((s) => s.id === launch.segment_id);
    const total = seg ? seg.countdown_seconds : 0;
    const step = () => {
      const left = total - Math.floor((serverNow() - launch.switch_ms) / 1000);
      panel.querySelector("[data-launch=countdown]").textContent = left > 0 ? String(left) : T.launched;
      if (left > 0 && !panel.hidden) setTimeout(step, 100);
    };
    step();
  }

  function hideLaunch() {
    const panel = document.getElementById("launch-view");
    if (panel) panel.hidden = true;
    document.body.classList.remove("launched");
    view.launchSegment = null;
  }

  function connect() {
    const source = new EventSource(root.dataset.stream);
    // After a gap in the live channel the server says "interrupted" and sends a fresh state on the same
    // connection: the page resynchronises without a reload.
    source.addEventListener("interrupted", () => { root.dataset.connected = "resync"; });
    source.addEventListener("state", (e) => { render(JSON.parse(e.data)); root.dataset.connected = "yes"; });
    // 187 points fetch the state after each change: a little jitter spreads them over a quarter second.
    source.addEventListener("changed", () => setTimeout(refresh, Math.random() * 250));
    source.addEventListener("launch", (e) => {
      const launch = JSON.parse(e.data);
      view.launchArrivedAt = performance.timeOrigin + performance.now();
      scheduleLaunch(launch);
    });
    source.onopen = () => { root.dataset.connected = "yes"; };
    source.onerror = () => { root.dataset.connected = "no"; };
    view.source = source;
  }

  measureOffset().catch(() => {}).finally(() => { root.dataset.synced = "yes"; connect(); });
  setInterval(tick, 250);
  setInterval(() => measureOffset().catch(() => {}), 5 * 60 * 1000);  // clocks drift over a long day
})();
