/* A search box that narrows a long <select> (the director's "hand the floor" chooser of up to ~190
   points): <input data-filter-select="<select id>">. A point matches when its name or its group's
   (the district's) name has words starting with the words typed, with or without Vietnamese marks ("duc pho" finds
   "Đức Phổ"). While a search is on, the select opens as a list of the matches. */
(function () {
  "use strict";
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }
  document.querySelectorAll("input[data-filter-select]").forEach(function (input) {
    var select = document.getElementById(input.getAttribute("data-filter-select"));
    if (!select) return;
    var counter = document.getElementById((input.getAttribute("aria-describedby") || "").split(" ")[0]);
    var fmt = new Intl.NumberFormat(document.documentElement.lang || "vi");
    function filter() {
      var words = fold(input.value).split(" ").filter(Boolean), shown = [];
      select.querySelectorAll("option").forEach(function (option) {
        if (!option.value) return;  // "nobody (take it back)" always stays
        var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : "";
        var hay = " " + fold(option.textContent + " " + group);
        var match = words.every(function (w) { return hay.indexOf(" " + w) >= 0; });  // word starts
        option.hidden = !match;
        option.disabled = !match;
        if (match) shown.push(option);
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      var selected = select.options[select.selectedIndex];
      if (words.length && shown.length && (!selected || selected.hidden || !selected.value)) shown[0].selected = true;
      select.size = words.length ? Math.max(2, Math.min(shown.length + select.querySelectorAll("optgroup:not([hidden])").length + 1, 8)) : 1;
      if (counter) {
        counter.textContent = !words.length ? "" : shown.length
          ? input.getAttribute("data-msg-count").replace("{n}", fmt.format(shown.length)) : input.getAttribute("data-msg-none");
      }
    }
    input.addEventListener("input", filter);
    // Enter in the search box hands nothing over by surprise: it only moves to the list.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); select.focus(); }
    });
  });
})();
