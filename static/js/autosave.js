// Autosave of judgements: each criterion is saved on its own as soon as it changes,
// so a reload never loses work. The server refuses to overwrite a judgement changed
// in another window after this page saw it (HTTP 409), and we show the newer one.
(function () {
  "use strict";
  var form = document.getElementById("judgements");
  if (!form || !window.fetch) { return; }
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function saw(fieldset, moment) {
    // The whole form's buttons send it too, so a later save there is not taken as stale.
    fieldset.dataset.seen = moment;
    var stamp = fieldset.querySelector("input[type=hidden][name^=seen_]");
    if (stamp) { stamp.value = moment; }
  }

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
        if (data.saved_at) { saw(fieldset, data.saved_at); }
        status.textContent = "✔";
        fieldset.dataset.judged = checked ? "1" : fieldset.dataset.judged;
        countJudged();
      } else if (code === 409) {
        saw(fieldset, data.saved_at);
        fieldset.querySelectorAll("input[type=radio]").forEach(function (radio) {
          radio.checked = (data.met === true && radio.value === "1") ||
                          (data.met === false && radio.value === "0");
        });
        if (note) { note.value = data.note; }
        fieldset.dataset.judged = data.met === null ? "0" : "1";
        countJudged();
        status.textContent = data.error;
      } else {
        status.textContent = data.error || "✘";
      }
    }).catch(function () { status.textContent = "✘"; });
  }

  // "9 of 11 criteria judged": the page gives the sentence with {judged} to fill in.
  var progress = document.getElementById("progress");
  function countJudged() {
    if (!progress) { return; }
    var judged = 0;
    form.querySelectorAll("fieldset[data-autosave]").forEach(function (fieldset) {
      if (fieldset.dataset.judged === "1") { judged += 1; }
    });
    var total = Number(progress.dataset.total) || 0;
    // With the server's filter on, the judged criteria are not on the page at all.
    var offPage = total - form.querySelectorAll("fieldset[data-autosave]").length;
    progress.querySelector("strong").textContent =
      progress.dataset.pattern.replace("{judged}", String(judged + offPage));
  }

  // "Only the criteria not judged yet" filters in place; without JavaScript it is a
  // link that asks the server for the filtered page.
  var filter = document.getElementById("pending-filter");
  if (filter && filter.dataset.otherLabel) {  // the server-filtered page keeps its link
    var toggle = document.createElement("button");
    var labels = [filter.textContent, filter.dataset.otherLabel], pendingOnly = false;
    toggle.type = "button";
    toggle.id = filter.id;
    toggle.className = "secondary outline";
    toggle.textContent = labels[0];
    filter.replaceWith(toggle);
    toggle.addEventListener("click", function () {
      pendingOnly = !pendingOnly;
      form.querySelectorAll("fieldset[data-autosave]").forEach(function (fieldset) {
        fieldset.hidden = pendingOnly && fieldset.dataset.judged === "1";
      });
      form.querySelectorAll("section.unit").forEach(function (unit) {
        unit.hidden = pendingOnly &&
          !unit.querySelector("fieldset[data-autosave]:not([hidden])");
      });
      toggle.textContent = labels[pendingOnly ? 1 : 0];
    });
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
