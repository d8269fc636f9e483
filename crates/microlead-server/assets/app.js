// Progressive enhancement only: every form works without this file.
// htmx reads the CSRF token from the <body hx-headers> attribute; nothing else is needed here
// except submitting the team switcher on change.
document.addEventListener("change", function (e) {
  var el = e.target;
  if (el && el.matches && el.matches("select[data-autosubmit]")) {
    el.form.requestSubmit();
  }
});

// Question rooms: listen to the room's event stream and reload the question list (or the
// whole presenter view) shortly after something changes. Without this, the page still works
// and shows what was there when it loaded.
(function () {
  var el = document.querySelector("[data-live]");
  if (!el || !window.EventSource) return;
  var reloadPage = el.hasAttribute("data-reload");
  var timer = null;
  function refresh() {
    var list = document.getElementById("questions");
    if (reloadPage || !list) { location.reload(); return; }
    // Do not replace a form someone is typing into; try again in a moment.
    var active = document.activeElement;
    if (active && list.contains(active) && active.tagName === "INPUT" && active.value) { soon(); return; }
    fetch(list.getAttribute("data-list"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var current = document.getElementById("questions");
        current.outerHTML = html;
        if (window.htmx) window.htmx.process(document.getElementById("questions"));
      });
  }
  function soon() { clearTimeout(timer); timer = setTimeout(refresh, reloadPage ? 300 : 120); }
  var es = new EventSource(el.getAttribute("data-live"));
  ["question", "vote", "answered", "pinned", "declined", "resync"].forEach(function (t) {
    es.addEventListener(t, soon);
  });
  es.addEventListener("closed", function () { location.reload(); });
})();

// A refused htmx request comes back with its message aimed at the page's #flash region
// (HX-Retarget). htmx does not swap error statuses on its own: let this one through, so the
// message shows instead of the click doing nothing.
document.addEventListener("htmx:beforeSwap", function (e) {
  var xhr = e.detail.xhr;
  if (xhr.status >= 400 && xhr.getResponseHeader("HX-Retarget")) {
    e.detail.shouldSwap = true;
  }
});
