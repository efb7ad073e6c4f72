// A signed-in session ends after some time without a request (conocer/accounts/sessions.py).
// This script keeps what a person types from being lost to that:
// - typing counts as activity: it renews the session at most every five minutes;
// - shortly before the end, a warning offers to stay signed in;
// - a form sent anyway after the end is refused and the person signs in again; the form's
//   values were kept in this tab (sessionStorage) when it was sent, and the page it came
//   from fills them in again (the server marks that page with data-restore-drafts).
(function () {
  "use strict";
  var body = document.body;
  var KEY = "registry-form-drafts";
  var SKIPPED_TYPES = ["hidden", "password", "file", "submit", "button", "reset", "image"];

  // --- Drafts ---------------------------------------------------------------------------
  function draftForms() {
    return Array.prototype.filter.call(
      document.querySelectorAll("main form[method=post], main form[method=POST]"),
      function (form) {
        return !form.hasAttribute("data-no-draft") && !form.querySelector("input[type=password]");
      });
  }

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && SKIPPED_TYPES.indexOf(el.type) < 0;
    });
  }

  function formKey(form, index) {
    return location.pathname + "|" + (form.getAttribute("action") || "") + "|" + index;
  }

  function readDrafts() {
    try { return JSON.parse(sessionStorage.getItem(KEY) || "{}"); } catch (e) { return {}; }
  }

  function snapshot(form) {
    return keptFields(form).map(function (el) {
      if (el.type === "checkbox" || el.type === "radio") { return [el.name, el.value, el.checked]; }
      if (el.multiple) {
        return [el.name, Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; }), null];
      }
      return [el.name, el.value, null];
    });
  }

  function restore(form, saved) {
    var fields = keptFields(form);
    saved.forEach(function (item) {
      fields.forEach(function (el) {
        if (el.name !== item[0]) { return; }
        if (el.type === "checkbox" || el.type === "radio") {
          if (el.value === item[1]) { el.checked = item[2]; }
        } else if (el.multiple && Array.isArray(item[1])) {
          Array.prototype.forEach.call(el.options, function (o) { o.selected = item[1].indexOf(o.value) >= 0; });
        } else if (!Array.isArray(item[1])) {
          el.value = item[1];
        }
      });
    });
  }

  var forms = draftForms();
  var drafts = readDrafts();
  var signInStep = document.querySelector("main input[type=password], main form[data-no-draft] input[autocomplete=one-time-code]");
  if (body.hasAttribute("data-restore-drafts")) {
    var restored = false;
    forms.forEach(function (form, index) {
      var saved = drafts[formKey(form, index)];
      if (saved) { restore(form, saved); restored = true; }
    });
    var notice = document.getElementById("drafts-restored");
    if (restored && notice) { notice.hidden = false; }
  }
  if (!signInStep) { sessionStorage.removeItem(KEY); }
  forms.forEach(function (form, index) {
    form.addEventListener("submit", function () {
      var current = readDrafts();
      current[formKey(form, index)] = snapshot(form);
      try { sessionStorage.setItem(KEY, JSON.stringify(current)); } catch (e) { /* full: skip */ }
    });
  });

  // --- Countdown ------------------------------------------------------------------------
  if (!body.hasAttribute("data-session-idle")) { return; }
  var idle = parseInt(body.getAttribute("data-session-idle"), 10) * 1000;
  var warn = parseInt(body.getAttribute("data-session-warn"), 10) * 1000;
  var now = Date.now();
  var hardEnd = now + parseInt(body.getAttribute("data-session-hard-left"), 10) * 1000;
  var end = now + parseInt(body.getAttribute("data-session-left"), 10) * 1000;
  var lastContact = now;
  var ended = false;
  var banner = document.getElementById("session-warning");
  if (!banner) { return; }
  var keepalive = banner.querySelector("form");
  var csrf = keepalive.querySelector("input[name=csrfmiddlewaretoken]").value;

  function show(state) {
    banner.hidden = state === "hidden";
    banner.querySelector("[data-session-soon]").hidden = state !== "soon";
    banner.querySelector("[data-session-ended]").hidden = state !== "ended";
    keepalive.hidden = state === "ended";
  }

  function check() {
    var left = end - Date.now();
    if (ended || left <= 0) { ended = true; show("ended"); } else if (left <= warn) { show("soon"); } else { show("hidden"); }
  }

  function renew() {
    if (ended || !window.fetch) { return; }
    lastContact = Date.now();
    fetch(keepalive.action, {
      method: "POST", credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "X-Requested-With": "XMLHttpRequest"},
    }).then(function (response) {
      if (response.status === 204) { end = Math.min(Date.now() + idle, hardEnd); } else { ended = true; }
      check();
    }).catch(function () { /* offline: the countdown goes on */ });
  }

  keepalive.addEventListener("submit", function (event) {
    if (!window.fetch) { return; }
    event.preventDefault();
    renew();
  });
  document.addEventListener("input", function () {
    if (Date.now() - lastContact > 5 * 60 * 1000) { renew(); }
  });
  setInterval(check, 5000);
  check();
})();
