// Search in the header on every page when Pagefind serves search (large studies; see qualsite/search_index.py).
// Material's own search box is then switched off, so this adds a search field to the header (a magnifier
// button on phones) and the "/" shortcut. Both lead to the Pagefind page, find/, with the query (?q=), where
// the results appear. The page's address and name come from its menu entry, so this script needs no settings;
// with Material's search on (lunr), or without that entry, it does nothing.
(function () {
  if (document.querySelector('[data-md-component="search"]')) {
    return;  // Material's search (lunr) is on and has its own box and shortcut
  }
  var entry = Array.prototype.find.call(document.querySelectorAll('a.md-nav__link[href]'), function (link) {
    return /\/find\/(index\.html)?$/.test(new URL(link.getAttribute('href'), window.location.href).pathname);
  });
  var header = document.querySelector('.md-header__inner');
  if (!entry || !header) {
    return;
  }
  var target = new URL(entry.getAttribute('href'), window.location.href);
  var name = entry.textContent.trim();
  var onFindPage = window.location.pathname === target.pathname ||
    window.location.pathname === target.pathname + 'index.html';

  var form = document.createElement('form');
  form.className = 'qs-search';
  form.setAttribute('role', 'search');
  form.setAttribute('aria-label', name);
  form.action = target.href;
  form.method = 'get';
  var field = document.createElement('input');
  field.className = 'qs-search__input';
  field.type = 'search';
  field.name = 'q';
  field.placeholder = name;
  field.setAttribute('aria-label', name);
  field.setAttribute('aria-keyshortcuts', '/');
  field.autocomplete = 'off';
  var button = document.createElement('button');
  button.className = 'qs-search__button md-header__button';
  button.type = 'submit';
  button.title = name + ' (/)';
  button.setAttribute('aria-label', name);
  button.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
    '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52' +
    ' 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/>' +
    '</svg>';
  form.appendChild(field);
  form.appendChild(button);
  var before = header.querySelector('.md-header__source');
  header.insertBefore(form, before);

  function pageField() {
    return document.querySelector('.pagefind-ui__search-input');
  }
  form.addEventListener('submit', function (event) {
    var query = field.value.trim();
    if (onFindPage && pageField()) {  // already on the search page: search there, without reloading
      event.preventDefault();
      pageField().value = query;
      pageField().dispatchEvent(new Event('input', {bubbles: true}));
      pageField().focus();
    } else if (!query) {
      event.preventDefault();
      window.location.href = target.href;
    }
  });

  document.addEventListener('keydown', function (event) {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
      return;
    }
    var active = document.activeElement;
    if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) {
      return;  // a "/" typed into a field is text
    }
    event.preventDefault();
    if (onFindPage && pageField()) {
      pageField().focus();
    } else if (field.offsetParent !== null) {
      field.focus();
    } else {
      window.location.href = target.href;
    }
  });
})();
