/* Every page: same-origin fetch() calls that change something carry the page's CSRF token (the API
   refuses the session cookie on writes without it), and two behaviours that would otherwise need inline
   handlers, which the Content-Security-Policy does not run: forms that submit when a field changes
   (data-autosubmit) and forms that ask first (data-confirm). */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta && window.fetch) {
    var token = meta.getAttribute("content"), original = window.fetch;
    var UNSAFE = ["POST", "PUT", "PATCH", "DELETE"];
    window.fetch = function (input, init) {
      init = init || {};
      var request = typeof input === "string" || input instanceof URL ? null : input;
      var method = String(init.method || (request && request.method) || "GET").toUpperCase();
      var url = new URL(request ? request.url : String(input), window.location.href);
      if (url.origin === window.location.origin && UNSAFE.indexOf(method) >= 0) {
        var headers = new Headers(init.headers || (request && request.headers) || {});
        if (!headers.has("X-CSRFToken")) headers.set("X-CSRFToken", token);
        init = Object.assign({}, init, {headers: headers});
      }
      return original.call(this, input, init);
    };
  }
  document.addEventListener("change", function (event) {
    var field = event.target.closest && event.target.closest("[data-autosubmit]");
    if (field && field.form) field.form.submit();
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute && form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
