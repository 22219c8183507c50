/* The technical desk: tickets of the points below this desk, live (server-sent events); take one,
   talk in its thread, resolve it. Every action goes through the JSON API (updateTicket). */
(function () {
  "use strict";
  var list = document.getElementById("desk-tickets");
  if (!list) return;
  var M = JSON.parse(list.getAttribute("data-messages"));
  var canAct = !!list.getAttribute("data-can-act");
  var live = document.getElementById("desk-live"), empty = document.getElementById("desk-empty");
  var tickets = {};
  JSON.parse(list.getAttribute("data-tickets")).forEach(function (t) { tickets[t.id] = t; });

  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
  function time(iso) { return iso ? new Date(iso).toLocaleTimeString("vi-VN", {hour: "2-digit", minute: "2-digit", timeZone: "Asia/Ho_Chi_Minh"}) : ""; }
  function url(id) { return list.getAttribute("data-api").replace(/\/0$/, "/" + id); }
  var oneDecimal = new Intl.NumberFormat(document.documentElement.lang || "vi", {minimumFractionDigits: 1, maximumFractionDigits: 1});
  function minutes(seconds) { return M.minutes.replace("{n}", oneDecimal.format(seconds / 60)); }  // 2,5 phút / 2.5 min

  function act(id, body) {
    return fetch(url(id), {method: "PATCH", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"}, body: JSON.stringify(body)})
      .then(function (r) { return r.json().then(function (data) { if (r.ok) upsert(data); else alert(data.message || r.status); }); });
  }

  function card(t) {
    var li = el("li", "ticket");
    li.setAttribute("data-ticket-id", t.id);
    li.setAttribute("data-status", t.status);
    var head = el("div", "head");
    head.appendChild(el("span", "site", t.site_name + " (" + t.site_code + ")"));
    if (t.district) head.appendChild(el("span", "meta-line", t.district));
    head.appendChild(el("span", "status", M["status_" + t.status]));
    li.appendChild(head);
    var meta = M.opened + " " + time(t.opened_at);
    if (t.acknowledge_seconds !== null) meta += " · " + M.taken_by.replace("{who}", t.acknowledged_by) + " (" + minutes(t.acknowledge_seconds) + ")";
    if (t.resolve_seconds !== null) meta += " · " + M.resolved_by.replace("{who}", t.resolved_by) + " (" + minutes(t.resolve_seconds) + ")";
    if (t.escalated_at) meta += " · " + M.escalated.replace("{who}", t.escalated_to || "—");
    li.appendChild(el("p", "meta-line", meta));
    li.appendChild(el("p", "problem", t.problem));
    if (t.has_photo) {
      var img = el("img", "photo");
      img.alt = M.photo; img.loading = "lazy";
      img.src = list.getAttribute("data-photo").replace(/\/0\/photo$/, "/" + t.id + "/photo");
      li.appendChild(img);
    }
    if (t.operator_phone) {
      var call = el("a", "call", M.call + " " + t.operator_phone);
      call.href = "tel:" + t.operator_phone.replace(/\s/g, "");
      li.appendChild(call);
    }
    var thread = el("ul", "thread");
    t.messages.forEach(function (m) {
      thread.appendChild(el("li", m.from_point ? "from-point" : "from-desk", time(m.created_at) + " " + m.author + ": " + m.body));
    });
    li.appendChild(thread);
    if (canAct && t.status !== "resolved") {
      var actions = el("form", "actions"), input = el("input");
      input.type = "text"; input.maxLength = 1000; input.setAttribute("aria-label", M.reply); input.placeholder = M.reply;
      actions.appendChild(input);
      var send = el("button", "send", M.send); send.type = "submit"; actions.appendChild(send);
      if (t.status === "open") {
        var take = el("button", "take", M.take); take.type = "button";
        take.addEventListener("click", function () { act(t.id, {action: "acknowledge", message: input.value}); });
        actions.appendChild(take);
      }
      var resolve = el("button", "resolve", M.resolve); resolve.type = "button";
      resolve.addEventListener("click", function () { act(t.id, {action: "resolve", message: input.value}); });
      actions.appendChild(resolve);
      actions.addEventListener("submit", function (e) {
        e.preventDefault();
        if (input.value.trim()) act(t.id, {action: "comment", message: input.value});
      });
      li.appendChild(actions);
    }
    return li;
  }

  function order(a, b) {
    var ra = a.status === "resolved" ? 1 : 0, rb = b.status === "resolved" ? 1 : 0;
    return ra - rb || Date.parse(b.opened_at) - Date.parse(a.opened_at);
  }
  function render() {
    var rows = Object.keys(tickets).map(function (k) { return tickets[k]; }).sort(order);
    list.textContent = "";
    rows.forEach(function (t) { list.appendChild(card(t)); });
    empty.hidden = rows.some(function (t) { return t.status !== "resolved"; });
  }
  // One ticket changed: replace its card only, keeping what the desk was typing in it.
  function upsert(t) {
    tickets[t.id] = t;
    var old = list.querySelector('[data-ticket-id="' + t.id + '"]'), fresh = card(t);
    var typing = old && old.querySelector("input[type=text]"), hadFocus = typing && document.activeElement === typing;
    var text = typing ? typing.value : "";
    if (old) list.replaceChild(fresh, old);
    else {
      var before = null;
      list.querySelectorAll("[data-ticket-id]").forEach(function (li) {
        if (!before && order(t, tickets[li.getAttribute("data-ticket-id")]) < 0) before = li;
      });
      list.insertBefore(fresh, before);
    }
    var input = fresh.querySelector("input[type=text]");
    if (input && text && t.messages.every(function (m) { return m.body !== text.trim(); })) input.value = text;
    if (input && hadFocus) input.focus();
    empty.hidden = Object.keys(tickets).some(function (k) { return tickets[k].status !== "resolved"; });
  }

  function connect() {
    var source = new EventSource(list.getAttribute("data-stream"));
    source.addEventListener("open", function () { live.textContent = M.connected; });
    source.addEventListener("error", function () { live.textContent = M.disconnected; });
    source.addEventListener("ticket", function (e) { upsert(JSON.parse(e.data)); });
  }
  render();
  connect();
})();
