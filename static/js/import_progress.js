// The progress bar of an import (templates/core/import_job.html): while the import
// (or the check of a large file) runs, ask the job's JSON endpoint every two seconds how
// many rows are done and move the bar, the label and the counts; when it has finished, or
// the job has moved on (checked, stopped), reload the page to show the outcome.
// Without JavaScript the page shows the same figures each time it is reloaded.
(function () {
  "use strict";
  var section = document.getElementById("import-progress");
  if (!section || !window.fetch) { return; }
  var url = section.dataset.progressUrl;
  var text = section.dataset.progressText;
  var bar = section.querySelector("progress");
  var label = section.querySelector("[data-progress-label]");
  var status = section.querySelector("[data-progress-status]");
  var failures = 0;

  function show(progress) {
    bar.max = progress.total;
    bar.value = progress.processed;
    bar.textContent = progress.percent + "%";
    label.textContent = text.replace("__DONE__", progress.processed)
                            .replace("__TOTAL__", progress.total);
    status.textContent = progress.status_label;
    ["imported", "passed", "failed"].forEach(function (name) {
      var cell = section.querySelector("[data-progress-count='" + name + "']");
      if (cell) { cell.textContent = progress[name]; }
    });
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (progress) {
        failures = 0;
        show(progress);
        if (progress.finished || progress.status !== section.dataset.status) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        failures += 1;  // a lost connection: try again, more slowly, then leave it
        if (failures < 10) { window.setTimeout(poll, 2000 * failures); }
      });
  }

  window.setTimeout(poll, 2000);
}());
