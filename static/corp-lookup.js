// corp-lookup.js — fills the organisation form from the corporate-number
// data when the owner leaves the corporate number field: a progressive
// enhancement of the lookup form above it, which does the same without
// script. It asks this same page for ?corporate_number=N, reads the
// fields the server filled in and copies them into the fields still
// empty, and shows where they came from. Nothing typed is overwritten;
// nothing is sent anywhere but this site.
(function () {
  'use strict';
  var lookup = document.querySelector('form.corp-lookup');
  var field = document.getElementById('corporate_number');
  var note = document.getElementById('corp-note');
  if (!lookup || !field || !note || !window.fetch || !window.DOMParser) return;
  var asked = '';
  var digitsOf = function (s) {
    return s
      .replace(/[０-９]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
      .replace(/[\s\-\u2010-\u2015\u2212\u30fc\uff0d]/g, '');
  };
  field.addEventListener('blur', function () {
    var number = digitsOf(field.value);
    if (!/^[0-9]{13}$/.test(number) || number === asked) return;
    asked = number;
    fetch(lookup.getAttribute('action') + '?corporate_number=' + number, { credentials: 'same-origin' })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, 'text/html');
        var filled = page.querySelector('main p.notice[role="status"]');
        if (!filled) return;
        ['name', 'name_kana', 'postal_code', 'prefecture', 'address'].forEach(function (id) {
          var from = page.getElementById(id);
          var to = document.getElementById(id);
          if (from && to && !to.value) to.value = from.value;
        });
        note.textContent = filled.textContent;
      })
      .catch(function () {});
  });
})();
