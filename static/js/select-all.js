// "Select all on this page": a checkbox (hidden, with its label, until this script runs,
// since without it it would do nothing) that checks or unchecks every checkbox named by its
// data-select-all, and shows "some" (indeterminate) when only part of them are checked.
// Without JavaScript each request is checked on its own; the form works the same.
(function () {
  "use strict";
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var form = all.form || all.closest("form");
    if (!form) { return; }
    var boxes = form.querySelectorAll("input[type=checkbox][name='" + all.dataset.selectAll + "']");
    if (!boxes.length) { return; }
    function refresh() {
      var checked = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      all.checked = checked === boxes.length;
      all.indeterminate = checked > 0 && checked < boxes.length;
    }
    (all.closest("[hidden]") || all).hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
      refresh();
    });
    boxes.forEach(function (b) { b.addEventListener("change", refresh); });
    refresh();
  });
}());
