// Confirm the irreversible: a form whose pressed button (or the form itself) carries
// data-confirm asks in the page's <dialog id="confirm-dialog"> (templates/confirm_dialog.html)
// before it is sent, with the sentence of that attribute; on "yes" it is sent with
// confirmed=yes, which the server requires. Without this script the server shows its own
// confirmation page instead (conocer/core/web.py, confirmation_page).
(function () {
  "use strict";
  var dialog = document.getElementById("confirm-dialog");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var text = document.getElementById("confirm-dialog-text");
  var pending = null;

  function confirmed(form) {
    var input = form.querySelector("input[name=confirmed]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "confirmed";
      form.appendChild(input);
    }
    input.value = "yes";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter || null;
    var sentence = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (!sentence || form.method.toLowerCase() !== "post") { return; }
    var already = form.querySelector("input[name=confirmed]");
    if (already && already.value === "yes") { return; }
    if (!form.reportValidity()) { return; }
    event.preventDefault();
    pending = {form: form, submitter: submitter};
    text.textContent = sentence;
    dialog.showModal();
  });

  dialog.addEventListener("close", function () {
    var chosen = pending;
    pending = null;
    if (!chosen || dialog.returnValue !== "yes") { return; }
    confirmed(chosen.form);
    if (chosen.submitter && chosen.form.requestSubmit) {
      chosen.form.requestSubmit(chosen.submitter);
    } else if (chosen.form.requestSubmit) {
      chosen.form.requestSubmit();
    } else {
      chosen.form.submit();
    }
  });
}());
