// Subscribe forms: preselect the browser's time zone, so digests arrive at the chosen local hour.
(function () {
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) return;
  document.querySelectorAll('[data-local-time-zone]').forEach(function (field) {
    if (field.tagName === 'SELECT') {
      if (field.dataset.keep === 'true') return;
      for (var i = 0; i < field.options.length; i++) if (field.options[i].value === zone) field.selectedIndex = i;
    } else {
      field.value = zone;
    }
  });
})();
