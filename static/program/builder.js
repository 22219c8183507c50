/* Drag and drop reordering of the program; the Up/Down buttons are the keyboard alternative. */
(function () {
  "use strict";
  const list = document.getElementById("segments");
  if (!list) return;
  let dragged = null;
  list.addEventListener("dragstart", (e) => {
    dragged = e.target.closest(".segment");
    if (!dragged) return;
    dragged.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", dragged.dataset.segmentId);
  });
  list.addEventListener("dragover", (e) => {
    const over = e.target.closest(".segment");
    if (!dragged || !over || over === dragged) return;
    e.preventDefault();
    list.querySelectorAll(".drop-target").forEach((el) => el.classList.remove("drop-target"));
    over.classList.add("drop-target");
  });
  list.addEventListener("drop", async (e) => {
    const over = e.target.closest(".segment");
    if (!dragged || !over || over === dragged) return;
    e.preventDefault();
    const items = [...list.querySelectorAll(".segment")];
    list.insertBefore(dragged, items.indexOf(dragged) < items.indexOf(over) ? over.nextSibling : over);
    const ids = [...list.querySelectorAll(".segment")].map((el) => Number(el.dataset.segmentId));
    const response = await fetch(list.dataset.orderUrl, {
      method: "POST", headers: {"Content-Type": "application/json", "X-CSRFToken": list.dataset.csrf},
      body: JSON.stringify({segment_ids: ids}),
    });
    window.location.reload(response.ok);
  });
  list.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    list.querySelectorAll(".drop-target").forEach((el) => el.classList.remove("drop-target"));
    dragged = null;
  });
})();
