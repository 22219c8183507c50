/* While a dossier is generating, follow its progress and reload the page once it is done. */
(function () {
  "use strict";
  var box = document.getElementById("dossier-state");
  if (!box) return;
  var state = box.getAttribute("data-state");
  if (state !== "queued" && state !== "running") return;
  function poll() {
    fetch(box.getAttribute("data-api"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (job) {
        var bar = document.getElementById("job-progress"), step = document.getElementById("job-step");
        if (bar) bar.value = job.progress;
        if (step) step.textContent = job.step;
        if (job.state === "done" || job.state === "failed") window.location.reload();
        else setTimeout(poll, 1500);
      }).catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
