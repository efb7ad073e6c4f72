// The header's menu is a <details> that works without this script; with it, the menu
// also closes as menus do: with Escape (focus back on its button) or a click outside it.
(function () {
  "use strict";
  var menu = document.querySelector("header details.site-menu");
  if (!menu) {
    return;
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) {
      menu.open = false;
    }
  });
})();
