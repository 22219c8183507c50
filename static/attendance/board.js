/* Live attendance board: a snapshot on (re)connect, then one increment per check-in. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("board-config").textContent);
  var M = cfg.messages;
  function set(selector, value) { document.querySelectorAll(selector).forEach(function (el) { el.textContent = value; }); }
  function bump(selector) { document.querySelectorAll(selector).forEach(function (el) { el.textContent = String((parseInt(el.textContent, 10) || 0) + 1); }); }
  function time(iso) {
    try { return new Date(iso).toLocaleTimeString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" }); } catch (e) { return iso; }
  }
  function prepend(listId, result, text) {
    var ul = document.getElementById(listId), li = document.createElement("li"), tag = document.createElement("span");
    tag.className = "tag tag-" + (listId === "conflicts" ? "conflict" : result);
    tag.textContent = M.results[result] || result;
    li.appendChild(tag);
    li.appendChild(document.createTextNode(" " + text));
    ul.insertBefore(li, ul.firstChild);
    while (ul.children.length > 30) ul.removeChild(ul.lastChild);
    var empty = document.getElementById("no-conflicts");
    if (listId === "conflicts" && empty) empty.remove();
  }
  function snapshot(c) {
    set("[data-count=present]", c.present); set("[data-count=invited]", c.invited);
    set("[data-count=vip-present]", c.vip.present); set("[data-count=vip-invited]", c.vip.invited);
    set("[data-count=late]", c.late); set("[data-count=headcount]", c.headcount_total);
    set("[data-count=scans]", c.scans); set("[data-count=conflicts]", c.conflicts);
    c.by_tier.forEach(function (t) { set('[data-tier-present="' + t.tier + '"]', t.present); });
    c.by_category.forEach(function (k) { set('[data-category-present="' + (k.category_id || "") + '"]', k.present); });
    c.by_site.forEach(function (s) {
      set('[data-site-present="' + s.site_id + '"]', s.present);
      set('[data-site-headcount="' + s.site_id + '"]', s.headcount == null ? "" : s.headcount);
    });
  }
  var status = document.getElementById("live-status");
  var source = new EventSource(cfg.streamUrl);
  source.addEventListener("open", function () { status.textContent = M.live; });
  source.addEventListener("error", function () { status.textContent = M.reconnecting; });
  // A gap in the live channel: "interrupted", then a fresh snapshot on the same connection.
  source.addEventListener("interrupted", function () { status.textContent = M.reconnecting; });
  source.addEventListener("snapshot", function (e) { snapshot(JSON.parse(e.data)); status.textContent = M.live; });
  source.addEventListener("checkin", function (e) {
    var d = JSON.parse(e.data);
    bump("[data-count=present]");
    if (d.is_vip) bump("[data-count=vip-present]");
    if (d.is_late) bump("[data-count=late]");
    bump('[data-tier-present="' + d.tier + '"]');
    bump('[data-category-present="' + (d.category_id || "") + '"]');
    bump('[data-site-present="' + d.site_id + '"]');
  });
  source.addEventListener("scan", function (e) {
    var d = JSON.parse(e.data);
    bump("[data-count=scans]");
    var text = (d.name || "") + " · " + M.gate + " " + d.gate + " · " + time(d.at);
    prepend("recent", d.result, text);
    if (d.is_conflict) { bump("[data-count=conflicts]"); prepend("conflicts", d.result, text); }
  });
  source.addEventListener("headcount", function (e) {
    var d = JSON.parse(e.data), cell = document.querySelector('[data-site-headcount="' + d.site_id + '"]');
    var before = cell ? (parseInt(cell.textContent, 10) || 0) : 0;
    if (cell) cell.textContent = d.count;
    var total = document.querySelector("[data-count=headcount]");
    if (total) total.textContent = String((parseInt(total.textContent, 10) || 0) - before + d.count);
  });
})();
