/* The live readiness board: server-sent events repaint tiles and counts without a reload. */
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) return;
  var labels = JSON.parse(board.getAttribute("data-labels"));
  var lastLabel = (document.getElementById("last-report-label") || {}).innerHTML || "";
  var state = document.getElementById("live-state");
  var timeFormat = new Intl.DateTimeFormat("vi-VN", {hour: "2-digit", minute: "2-digit", timeZone: "Asia/Ho_Chi_Minh"});
  var source = null;

  function tile(siteId) { return board.querySelector('.tile[data-site-id="' + siteId + '"]'); }

  function paint(data, flash) {
    var el = tile(data.site_id);
    if (!el) return;
    var before = el.getAttribute("data-status");
    el.setAttribute("data-status", data.status);
    el.className = el.className.replace(/\bstatus-\w+/, "status-" + data.status);
    el.querySelector(".label").textContent = labels[data.status] || data.status;
    if (data.flagged !== undefined) el.classList.toggle("flagged", !!data.flagged);
    var when = el.querySelector(".when");
    if (data.last_report_at) {
      when.setAttribute("datetime", data.last_report_at);
      when.textContent = lastLabel + " " + timeFormat.format(new Date(data.last_report_at));
    }
    if (data.figures !== undefined) figures(el, data.figures, data.below || []);
    if (data.open_tickets !== undefined) {
      var tickets = el.querySelector(".tickets");
      if (tickets) tickets.textContent = data.open_tickets ? tickets.getAttribute("data-label").replace("{n}", data.open_tickets) : "";
    }
    if (flash && before !== data.status) {
      el.classList.remove("changed"); void el.offsetWidth; el.classList.add("changed");
    }
  }

  // Numbers as the page's language writes them: 25,0 in Vietnamese, 25.0 in English.
  var numberFormats = {};
  function num(value, digits) {
    if (!numberFormats[digits]) {
      numberFormats[digits] = new Intl.NumberFormat(document.documentElement.lang || "vi",
                                                    {minimumFractionDigits: digits, maximumFractionDigits: digits});
    }
    return numberFormats[digits].format(Number(value));
  }

  // The self-test figures of a tile, and what sorting and the "below a threshold" filter read.
  function figures(el, f, below) {
    var box = el.querySelector(".figures");
    if (!box) return;
    var attrs = {download: f && f.download_mbps, upload: f && f.upload_mbps, rtt: f && f.rtt_ms,
                 clock: f && f.clock_offset_ms !== null && f.clock_offset_ms !== undefined ? Math.abs(f.clock_offset_ms) : null};
    Object.keys(attrs).forEach(function (k) {
      el.setAttribute("data-" + k, attrs[k] === null || attrs[k] === undefined ? "" : attrs[k]);
    });
    if (below.length) el.setAttribute("data-below", below.join(" ")); else el.removeAttribute("data-below");
    box.textContent = "";
    if (!f) return;
    function part(text, name) {
      var span = document.createElement("span");
      span.textContent = text;
      if (below.indexOf(name) >= 0) span.className = "below";
      box.appendChild(span);
      box.appendChild(document.createTextNode(" "));
    }
    if (f.download_mbps !== null && f.download_mbps !== undefined) part("↓" + num(f.download_mbps, 1), "download_mbps");
    if (f.upload_mbps !== null && f.upload_mbps !== undefined) { part("↑" + num(f.upload_mbps, 1), "upload_mbps"); part("Mbit/s"); }
    if (f.rtt_ms !== null && f.rtt_ms !== undefined) part("· " + num(f.rtt_ms, 0) + " ms", "rtt_ms");
    if (f.media_path) part("· " + f.media_path.toUpperCase(), "media_path");
    if (f.media_mos !== null && f.media_mos !== undefined) part("· MOS " + num(f.media_mos, 1));
  }

  // Sorting by a figure gathers every tile into one list (worst first); "board order" puts them back.
  var sortSelect = document.getElementById("board-sort"), sorted = null;
  function sortTiles() {
    var key = sortSelect ? sortSelect.value : "";
    var tiles = Array.prototype.slice.call(board.querySelectorAll(".tile"));
    tiles.forEach(function (el, i) { if (!el.__home) { el.__home = el.parentNode; el.__index = i; } });
    if (!key) {
      tiles.sort(function (a, b) { return a.__index - b.__index; }).forEach(function (el) { el.__home.appendChild(el); });
      if (sorted) { sorted.parentNode.removeChild(sorted); sorted = null; }
      board.classList.remove("sorted");
      return;
    }
    if (!sorted) {
      sorted = document.createElement("ul");
      sorted.className = "tiles sorted-tiles";
      board.insertBefore(sorted, board.firstChild);
    }
    var ascending = key === "download" || key === "upload";
    function value(el) { var v = el.getAttribute("data-" + key); return v === null || v === "" ? null : parseFloat(v); }
    tiles.sort(function (a, b) {
      var va = value(a), vb = value(b);
      if (va === null && vb === null) return a.__index - b.__index;
      if (va === null) return 1;
      if (vb === null) return -1;
      return ascending ? va - vb : vb - va;
    }).forEach(function (el) { sorted.appendChild(el); });
    board.classList.add("sorted");
  }
  if (sortSelect) sortSelect.addEventListener("change", sortTiles);

  function recount() {
    var counts = {};
    board.querySelectorAll(".tile").forEach(function (el) {
      var s = el.getAttribute("data-status"), t = el.getAttribute("data-tier");
      counts["total-" + s] = (counts["total-" + s] || 0) + 1;
      counts[t + "-" + s] = (counts[t + "-" + s] || 0) + 1;
    });
    document.querySelectorAll("[data-count]").forEach(function (cell) {
      cell.textContent = counts[cell.getAttribute("data-count")] || 0;
    });
  }

  // The national board draws big units as their counts: the server's counts are the truth there
  // (tiles of a unit not on screen cannot be counted in the page).
  function unitsMode() { return board.getAttribute("data-mode") === "units"; }

  function countCells(counts) {
    document.querySelectorAll("[data-count]").forEach(function (cell) {
      var key = cell.getAttribute("data-count"), cut = key.lastIndexOf("-");
      var row = counts[key.slice(0, cut)] || {};
      cell.textContent = row[key.slice(cut + 1)] || 0;
    });
  }

  function unitCells(siteId, total) {
    var unit = board.querySelector('.unit[data-unit="' + siteId + '"]');
    if (!unit) return;
    unit.querySelectorAll("[data-unit-count]").forEach(function (cell) {
      cell.textContent = total[cell.getAttribute("data-unit-count")] || 0;
    });
  }

  // A delta: the changed point's own counts and those of every unit above it.
  function applyAncestors(ancestors) {
    var scope = board.getAttribute("data-scope");
    ancestors.forEach(function (a) {
      if (String(a.site_id) === scope) countCells(a.counts);
      unitCells(a.site_id, a.counts.total || {});
    });
  }

  function applySnapshotCounts(data) {
    countCells(data.counts || {});
    (data.units || []).forEach(function (u) { unitCells(u.site_id, u.counts || {}); });
  }

  function connect() {
    source = new EventSource(board.getAttribute("data-stream"));
    source.addEventListener("open", function () { state.textContent = board.getAttribute("data-connected"); });
    source.addEventListener("error", function () { state.textContent = board.getAttribute("data-disconnected"); });
    // A gap in the live channel: the server says so, then sends a fresh snapshot on this connection.
    source.addEventListener("interrupted", function () { state.textContent = board.getAttribute("data-disconnected"); });
    source.addEventListener("snapshot", function (e) {
      var data = JSON.parse(e.data);
      state.textContent = board.getAttribute("data-connected");
      if (data.phase) board.setAttribute("data-phase", data.phase.key);
      data.groups.forEach(function (g) { g.tiles.forEach(function (t) { paint(t, false); }); });
      if (unitsMode()) applySnapshotCounts(data); else recount();
    });
    source.addEventListener("point", function (e) {
      var data = JSON.parse(e.data);
      if (data.phase && board.getAttribute("data-phase") && data.phase !== board.getAttribute("data-phase")) return;
      paint(data, true);
      if (unitsMode() && data.ancestors) applyAncestors(data.ancestors); else if (!unitsMode()) recount();
      if (sortSelect && sortSelect.value) sortTiles();
    });
    source.addEventListener("phase", function () {
      // A window opened or closed: take a fresh snapshot (flags, the new current window).
      source.close();
      connect();
    });
  }

  document.querySelectorAll(".board-filters button").forEach(function (button) {
    button.addEventListener("click", function () {
      board.setAttribute("data-filter", button.getAttribute("data-filter"));
      document.querySelectorAll(".board-filters button").forEach(function (b) {
        b.setAttribute("aria-pressed", b === button ? "true" : "false");
      });
    });
  });
  connect();
})();
