// qualsite: reader tools (issue 16). Hand-written and committed, like qualsite.css.
//
// Copy a citation: every quote of the findings (an element with data-qs-copy, qualsite/render/quotes.py) and every
// transcript row gets a button that copies the quote or the row's label with the study's citation and the row's
// permalink, made absolute. The page's words and the study's citation come from #qs-tools-labels, in the study's
// language. Without a clipboard the text is copied through a selected field, else shown selected to copy by hand;
// without this script there is no button (the permalinks stay on the page: the Cite-this box, the row anchors).
(function () {
  'use strict';

  var words = document.getElementById('qs-tools-labels');
  if (!words) return;
  var SAY = words.dataset;
  var live = null;

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function absolute(href) {
    try { return new URL(href, window.location.href).href; } catch (error) { return href; }
  }

  function citation(lead, links) {
    var text = lead + '. ' + (SAY.cite || '');
    links.forEach(function (link) { if (link) text += ' ' + absolute(link); });
    return text.trim();
  }

  function announce(text) {
    if (!live) {
      live = make('p', 'qs-copy-live');
      live.setAttribute('role', 'status');
      document.body.appendChild(live);
    }
    live.textContent = '';
    setTimeout(function () { live.textContent = text; }, 50);
  }

  function done(button) {
    var label = button.querySelector('.qs-copy-text');
    button.classList.add('qs-copy--done');
    label.textContent = SAY.copied;
    // Said by screen readers: what was copied, by its citation ("Kopierad: (R5:24)"), not the whole quote again.
    var lead = button.getAttribute('data-qs-lead');
    var cited = /\([^()]*\)\s*$/.exec(lead);
    announce(SAY.copied + ': ' + (cited ? cited[0] : lead));
    clearTimeout(button.qsTimer);
    button.qsTimer = setTimeout(function () {
      button.classList.remove('qs-copy--done');
      label.textContent = button.getAttribute('data-qs-short') || '';
    }, 2500);
  }

  // No clipboard (an old browser, a page served over plain http): a selected text field and the copy command,
  // else the text shown selected, for the reader to copy.
  function fallback(text, button) {
    var area = make('textarea', 'qs-copy-field');
    area.value = text;
    area.setAttribute('readonly', '');
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand('copy'); } catch (error) { copied = false; }
    document.body.removeChild(area);
    if (copied) { done(button); return; }
    var old = button.parentNode.querySelector('.qs-copy-manual');
    if (old) old.remove();
    var box = make('span', 'qs-copy-manual');
    var label = make('label', '', SAY.manual + ' ');
    var field = make('input');
    field.readOnly = true;
    field.value = text;
    label.appendChild(field);
    box.appendChild(label);
    button.insertAdjacentElement('afterend', box);
    field.focus();
    field.select();
  }

  function copy(button) {
    var text = button.qsText();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(button); }, function () { fallback(text, button); });
    } else {
      fallback(text, button);
    }
  }

  // Two overlapping sheets, drawn in the text's colour (no icon font, nothing loaded).
  var SVG = 'http://www.w3.org/2000/svg';
  var ICON = document.createElementNS(SVG, 'svg');
  ICON.setAttribute('class', 'qs-copy-icon');
  ICON.setAttribute('viewBox', '0 0 16 16');
  ICON.setAttribute('aria-hidden', 'true');
  ICON.setAttribute('focusable', 'false');
  [['path', 'M2.5 3.5a1 1 0 0 1 1-1h6a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1h-6a1 1 0 0 1-1-1z'],
   ['path', 'M6 13.5h6.5a1 1 0 0 0 1-1V6']].forEach(function (shape) {
    var node = document.createElementNS(SVG, shape[0]);
    node.setAttribute('d', shape[1]);
    node.setAttribute('fill', 'none');
    node.setAttribute('stroke', 'currentColor');
    node.setAttribute('stroke-width', '1.5');
    node.setAttribute('stroke-linecap', 'round');
    ICON.appendChild(node);
  });

  function button(name, short, lead, text) {
    var node = make('button', 'qs-copy');
    node.type = 'button';
    node.setAttribute('aria-label', name);
    node.title = name;
    node.setAttribute('data-qs-lead', lead);
    node.setAttribute('data-qs-short', short);
    node.appendChild(ICON.cloneNode(true));
    node.appendChild(make('span', 'qs-copy-text', short));
    node.qsText = text;
    node.addEventListener('click', function () { copy(node); });
    return node;
  }

  // Quotes in the findings: the button after the citation (and its verdict mark).
  document.querySelectorAll('[data-qs-copy]').forEach(function (quote) {
    var lead = quote.getAttribute('data-qs-copy');
    var links = (quote.getAttribute('data-qs-permalink') || '').split(' ');
    var quoted = lead.charAt(0) !== '(';
    var name = quoted ? SAY.copyQuote : SAY.copyRow + ' ' + lead;
    var node = button(name, SAY.copy, lead, function () { return citation(lead, links); });
    var cite = quote.querySelector('.qs-cite');
    var after = cite && cite.nextElementSibling && cite.nextElementSibling.classList.contains('qs-status')
      ? cite.nextElementSibling : cite;
    if (after) {
      after.insertAdjacentElement('afterend', node);
      after.insertAdjacentText('afterend', ' ');
    } else {
      quote.appendChild(node);
    }
  });

  // Rows of a transcript: a button in each row's heading, icon only (a transcript has hundreds of rows).
  if (SAY.permalink !== undefined) {
    document.querySelectorAll('.qs-row-heading[id]').forEach(function (heading) {
      var number = heading.querySelector('.qs-row-n');
      var lead = number ? number.textContent.trim() : heading.id;
      var href = SAY.permalink + '#' + heading.id;
      heading.appendChild(button(SAY.copyRow + ' ' + lead, '', lead, function () { return citation(lead, [href]); }));
    });
  }
})();
