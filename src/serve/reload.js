// glosa serve: reloads the page after a good rebuild and shows build errors in an overlay.
// Injected only by `glosa serve`; loaded as a file so a strict Content-Security-Policy holds.
(function () {
  "use strict";
  var OVERLAY_ID = "glosa-serve-overlay";

  function hide() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  }

  function show(status) {
    hide();
    var box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    var s = box.style;
    s.position = "fixed";
    s.inset = "0";
    s.zIndex = "2147483647";
    s.overflow = "auto";
    s.padding = "2rem";
    s.background = "rgba(24, 20, 20, 0.94)";
    s.color = "#f6f1ee";
    s.font = "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";

    var title = document.createElement("p");
    title.textContent = "The last saved edit does not build. Fix it and save: the page reloads by itself.";
    title.style.font = "bold 16px/1.4 system-ui, sans-serif";
    title.style.color = "#ff9b8f";
    title.style.margin = "0 0 1rem";

    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.float = "right";
    close.addEventListener("click", hide);

    var text = document.createElement("pre");
    text.textContent = status.text;
    text.style.whiteSpace = "pre-wrap";
    text.style.margin = "0";

    box.append(close, title, text);
    document.body.appendChild(box);
  }

  function apply(status) {
    if (status && status.ok === false) show(status);
    else hide();
  }

  function check() {
    fetch("/__glosa/status", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(apply)
      .catch(function () {});
  }

  var served = null;
  var source = new EventSource("/__glosa/events");
  source.addEventListener("hello", function (event) {
    // A reconnection (glosa serve restarted, or ended an old stream) reloads only if the site
    // served changed meanwhile.
    if (served !== null && event.data !== served) location.reload();
    served = event.data;
    check();
  });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("failed", function (event) {
    try { apply(JSON.parse(event.data)); } catch (_) { check(); }
  });
})();
