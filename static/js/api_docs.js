// Swagger UI titles the page with an h1 and its sections with h3, h4…: each heading it
// renders below the title is announced one level higher (h3 as level 2, h4 as 3), so the
// outline has no gaps; and the API's description, which it puts outside every landmark,
// becomes a region named by the title. Runs again whenever Swagger UI renders more.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || !window.MutationObserver) {
    return;
  }
  function mend() {
    var info = root.querySelector(".information-container");
    var title = info && info.querySelector("h1, h2");
    if (info && title && !info.hasAttribute("role")) {
      title.id = title.id || "api-title";
      info.setAttribute("role", "region");
      info.setAttribute("aria-labelledby", title.id);
    }
    root.querySelectorAll("h3, h4, h5, h6").forEach(function (heading) {
      var level = String(Number(heading.tagName.charAt(1)) - 1);
      if (heading.getAttribute("aria-level") !== level) {
        heading.setAttribute("aria-level", level);
      }
    });
  }
  new MutationObserver(mend).observe(root, { childList: true, subtree: true });
  mend();
})();
