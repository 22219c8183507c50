/* While a delegate job (a big import, an invitation issue) runs, follow it through getDelegateJob:
   move the progress bar and the count, and reload the page once its status changes step. */
(function () {
  "use strict";
  var box = document.getElementById("job-state");
  if (!box) return;
  var status = box.getAttribute("data-status");
  if (status !== "queued" && status !== "checking" && status !== "importing") return;
  var labels = JSON.parse(box.getAttribute("data-labels") || "{}");
  var format = new Intl.NumberFormat(document.documentElement.lang || "vi");
  function poll() {
    fetch(box.getAttribute("data-api"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (job) {
        var bar = document.getElementById("job-progress"), count = document.getElementById("job-count"),
            label = document.getElementById("job-status");
        if (bar) bar.value = job.percent;
        if (count) count.textContent = format.format(job.rows_done) + " / " + format.format(job.rows_total);
        if (label && labels[job.status]) label.textContent = labels[job.status];
        if (job.status !== "queued" && job.status !== "checking" && job.status !== "importing") window.location.reload();
        else setTimeout(poll, 1000);
      }).catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 500);
})();
