// The candidate search of the start form, as you type: the list below keeps only the
// candidates whose name or CURP has every word typed (accents and case aside). Without
// JavaScript the same search is the form's button, answered by the server.
(function () {
  "use strict";
  var search = document.getElementById("q");
  var list = document.getElementById("id_candidacy");
  if (!search || !list) { return; }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  search.setAttribute("aria-controls", list.id);
  search.addEventListener("input", function () {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var shown = [];
    Array.prototype.forEach.call(list.options, function (option) {
      if (!option.value) { return; }
      var text = fold(option.textContent);
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      option.hidden = !match;
      option.disabled = !match;
      if (match) { shown.push(option); }
    });
    if (shown.length === 1) { shown[0].selected = true; }
    else if (list.selectedOptions.length && list.selectedOptions[0].hidden) { list.value = ""; }
  });
})();
