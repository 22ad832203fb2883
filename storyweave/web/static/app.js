// storyweave web UI: the only script. Citations open and close their supporting passage.
// No content from articles is ever inserted as HTML here: the script only toggles attributes.
(function () {
  "use strict";
  function toggle(button) {
    var target = document.getElementById(button.getAttribute("aria-controls"));
    if (!target) { return; }
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    target.hidden = !open;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.cite") : null;
    if (button) { toggle(button); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll('button.cite[aria-expanded="true"]').forEach(toggle);
  });
  // Scroll a highlighted passage (#passage) into the middle of the screen.
  var focused = document.getElementById("passage");
  if (focused && focused.scrollIntoView) { focused.scrollIntoView({block: "center"}); }
  document.documentElement.setAttribute("data-js", "ready");
})();
