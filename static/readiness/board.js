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
    if (flash && before !== data.status) {
      el.classList.remove("changed"); void el.offsetWidth; el.classList.add("changed");
    }
  }

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
      recount();
    });
    source.addEventListener("point", function (e) {
      var data = JSON.parse(e.data);
      if (data.phase && board.getAttribute("data-phase") && data.phase !== board.getAttribute("data-phase")) return;
      paint(data, true);
      recount();
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
