// Autosave of judgements: each criterion is saved on its own as soon as it changes,
// so a reload never loses work. The server refuses to overwrite a judgement changed
// in another window after this page saw it (HTTP 409), and we show the newer one.
(function () {
  "use strict";
  var form = document.getElementById("judgements");
  if (!form || !window.fetch) { return; }
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function save(fieldset) {
    var status = fieldset.querySelector(".autosave-status");
    var checked = fieldset.querySelector("input[type=radio]:checked");
    var note = fieldset.querySelector("textarea");
    var body = new FormData();
    body.append("met", checked ? checked.value : "");
    body.append("note", note ? note.value : "");
    body.append("seen_at", fieldset.dataset.seen || "");
    status.textContent = "…";
    return fetch(fieldset.dataset.autosave, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"},
    }).then(function (response) {
      return response.json().then(function (data) { return [response.status, data]; });
    }).then(function (result) {
      var code = result[0], data = result[1];
      if (code === 200) {
        if (data.saved_at) { fieldset.dataset.seen = data.saved_at; }
        status.textContent = "✔";
      } else if (code === 409) {
        fieldset.dataset.seen = data.saved_at;
        fieldset.querySelectorAll("input[type=radio]").forEach(function (radio) {
          radio.checked = (data.met === true && radio.value === "1") ||
                          (data.met === false && radio.value === "0");
        });
        if (note) { note.value = data.note; }
        status.textContent = data.error;
      } else {
        status.textContent = data.error || "✘";
      }
    }).catch(function () { status.textContent = "✘"; });
  }

  form.querySelectorAll("fieldset[data-autosave]").forEach(function (fieldset) {
    var timer = null;
    fieldset.addEventListener("change", function () { save(fieldset); });
    fieldset.addEventListener("input", function (event) {
      if (event.target.tagName !== "TEXTAREA") { return; }
      clearTimeout(timer);
      timer = setTimeout(function () { save(fieldset); }, 800);
    });
  });
})();
