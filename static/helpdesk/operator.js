/* "Cần hỗ trợ" on the operator page: open a ticket (text + optional photo, size and type checked
   here and again on the server), then follow it and talk to the desk (polled every 10 s). */
(function () {
  "use strict";
  var root = document.getElementById("helpdesk");
  if (!root) return;
  var M = JSON.parse(root.getAttribute("data-messages"));
  var token = root.getAttribute("data-token");
  var openButton = document.getElementById("help-open"), form = document.getElementById("help-form");
  var state = document.getElementById("help-state"), list = document.getElementById("point-tickets");
  var MAX = 3 * 1024 * 1024, TYPES = ["image/jpeg", "image/png", "image/webp"];

  function headers() {
    var h = {"Content-Type": "application/json", "Accept": "application/json"};
    if (token) h["X-Site-Token"] = token;
    return h;
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return (Date.now().toString(16) + Math.random().toString(16).slice(2)).slice(0, 32);
  }
  function time(iso) { return iso ? new Date(iso).toLocaleTimeString("vi-VN", {hour: "2-digit", minute: "2-digit"}) : ""; }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
  function ticketUrl(id) { return root.getAttribute("data-ticket").replace(/\/0$/, "/" + id); }

  function readPhoto(file) {
    return new Promise(function (resolve, reject) {
      if (!file) return resolve(null);
      if (TYPES.indexOf(file.type) < 0) return reject(M.bad_type);
      if (file.size > MAX) return reject(M.too_big);
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(M.failed); };
      reader.readAsDataURL(file);
    });
  }

  function render(tickets) {
    list.textContent = "";
    tickets.forEach(function (t) {
      var li = el("li", "ticket");
      li.setAttribute("data-ticket-id", t.id);
      li.setAttribute("data-status", t.status);
      var head = el("div", "head");
      head.appendChild(el("span", "status", M["status_" + t.status]));
      head.appendChild(el("span", "meta-line", M.opened + " " + time(t.opened_at)));
      li.appendChild(head);
      li.appendChild(el("p", "problem", t.problem));
      if (t.acknowledged_by && t.status !== "open") li.appendChild(el("p", "meta-line", M.taken_by.replace("{who}", t.acknowledged_by)));
      var thread = el("ul", "thread");
      t.messages.forEach(function (m) {
        thread.appendChild(el("li", m.from_point ? "from-point" : "from-desk",
          time(m.created_at) + " " + (m.from_point ? M.you : M.desk) + ": " + m.body));
      });
      li.appendChild(thread);
      if (t.status !== "resolved") {
        var reply = el("form", "actions"), input = el("input");
        input.type = "text"; input.name = "body"; input.maxLength = 1000; input.setAttribute("aria-label", M.reply);
        reply.appendChild(input);
        reply.appendChild(el("button", "", M.send));
        reply.addEventListener("submit", function (e) {
          e.preventDefault();
          if (!input.value.trim()) return;
          fetch(ticketUrl(t.id) + "/messages", {method: "POST", headers: headers(), credentials: "same-origin",
            body: JSON.stringify({body: input.value})}).then(refresh);
        });
        li.appendChild(reply);
      }
      list.appendChild(li);
    });
  }

  function refresh() {
    return fetch(root.getAttribute("data-list"), {headers: headers(), credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { if (body) render(body.items.filter(function (t) { return t.status !== "resolved" || Date.now() - Date.parse(t.resolved_at) < 3600000; })); })
      .catch(function () {});
  }

  openButton.addEventListener("click", function () {
    form.hidden = !form.hidden;
    openButton.setAttribute("aria-expanded", form.hidden ? "false" : "true");
    if (!form.hidden) form.querySelector("textarea").focus();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var problem = form.querySelector("textarea").value.trim();
    if (!problem) return;
    var file = form.querySelector("input[type=file]").files[0];
    readPhoto(file).then(function (photo) {
      return fetch(root.getAttribute("data-open"), {method: "POST", headers: headers(), credentials: "same-origin",
        body: JSON.stringify({idempotency_key: newKey(), problem: problem, photo: photo})});
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw (body.message || M.failed);
        state.textContent = M.sent;
        form.reset(); form.hidden = true; openButton.setAttribute("aria-expanded", "false");
        return refresh();
      });
    }).catch(function (message) { state.textContent = typeof message === "string" ? message : M.failed; });
  });
  refresh();
  setInterval(refresh, 10000);
})();
