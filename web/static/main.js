// Small enhancements for dexcc's pages, loaded from /static so the CSP needs no inline script.
(function () {
  'use strict';

  // A second click on "Login" must not post the password twice.
  document.querySelectorAll('form[data-disable-on-submit]').forEach(function (form) {
    form.addEventListener('submit', function () {
      form.querySelectorAll('[type=submit]').forEach(function (button) {
        button.disabled = true;
      });
    });
  });

  // A page restored from the back/forward cache gets its buttons back.
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) return;
    document.querySelectorAll('form[data-disable-on-submit] [type=submit]').forEach(function (button) {
      button.disabled = false;
    });
  });

  // SAML's HTTP-POST binding: send the request on to the identity provider at once.
  var autoPost = document.querySelector('form[data-auto-submit]');
  if (autoPost) autoPost.submit();

  // The out-of-band code is there to be copied: select it on focus.
  var code = document.querySelector('input.dex-code[readonly]');
  if (code) {
    code.addEventListener('focus', function () {
      code.select();
    });
  }
})();
