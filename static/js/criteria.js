// The unit editor's "Add a row": with scripts, a new empty criterion row is added in
// place (a copy of the formset's empty form); without, the button submits and the page
// comes back with everything typed and one row more.
(function () {
  "use strict";
  var rows = document.getElementById("criteria-rows");
  var template = document.getElementById("criterion-row-template");
  var total = document.querySelector("input[name$='-TOTAL_FORMS']");
  var button = document.querySelector("button[name='add_row']");
  if (!rows || !template || !total || !button) { return; }
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("textarea, select");
    if (first) { first.focus(); }
  });
})();
