// The verify page's buttons, shown only when scripts run: print the page, and copy the
// verification link (without scripts the link stays in its read-only field to copy).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copy + "-status");
    if (!field) { return; }
    button.hidden = false;
    function say(text) { if (status) { status.textContent = text; } }
    button.addEventListener("click", function () {
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { say(button.dataset.copied); },
          function () { say(button.dataset.copyFailed); });
      } else {
        say(document.execCommand("copy") ? button.dataset.copied : button.dataset.copyFailed);
      }
    });
  });
})();
