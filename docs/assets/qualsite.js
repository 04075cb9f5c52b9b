// Material's search panel is a dialog without an accessible name; screen readers announce it
// unnamed (axe: aria-dialog-name). Name it after its own search field, in the site's language.
document.querySelectorAll('.md-search[role="dialog"]').forEach(function (dialog) {
  var field = dialog.querySelector('input[aria-label]');
  if (!dialog.hasAttribute('aria-label') && field) {
    dialog.setAttribute('aria-label', field.getAttribute('aria-label'));
  }
});
