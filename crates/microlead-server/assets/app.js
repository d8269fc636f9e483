// Progressive enhancement only: every form works without this file.
// htmx reads the CSRF token from the <body hx-headers> attribute; nothing else is needed here
// except submitting the team switcher on change.
document.addEventListener("change", function (e) {
  var el = e.target;
  if (el && el.matches && el.matches("select[data-autosubmit]")) {
    el.form.requestSubmit();
  }
});
