// qualsite: evidence in context (issue 14). Hand-written and committed, like qualsite.css.
//
// On a findings page, a citation link carries its preview as data-qs-* attributes (qualsite/render/previews.py):
// hovering, focusing or tapping it shows the passage of the row with the quoted words marked. On a transcript
// page reached through a citation (?cite=<document>.<n>#<row>), the quoted words of that citation are marked,
// scrolled into view, and a link leads back to the quote. Everything from data is set as text (textContent),
// never as markup. Without this script the links still lead to the row (and a text fragment marks the words).
(function () {
  'use strict';

  // The site's words come from qualsite/labels.py, in the study's language, on the page itself.
  var words = document.getElementById('qs-preview-labels');
  var SAY = words ? words.dataset : {};

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // --- Previews on pages that cite rows -----------------------------------------------------------------

  var links = document.querySelectorAll('a.qs-ref[data-qs-who]');
  var box = null, current = null, hideTimer = 0, touched = false;

  function statusOf(link) {
    // The status mark beside the citation says it in the page's own words; fall back to ours.
    var cite = link.closest('.qs-cite');
    var mark = cite && cite.nextElementSibling;
    if (mark && mark.classList.contains('qs-status')) return mark.textContent.trim();
    return link.getAttribute('data-qs-st') || '';
  }

  function fill(link, asDialog) {
    box.textContent = '';
    var head = make('p', 'qs-preview-head');
    head.appendChild(make('strong', '', link.textContent.trim()));
    head.appendChild(document.createTextNode(' · ' + link.getAttribute('data-qs-who')));
    var status = link.getAttribute('data-qs-st');
    if (status && status !== 'no-quote') {
      head.appendChild(document.createTextNode(' '));
      head.appendChild(make('span', 'qs-status qs-status--' + status, statusOf(link)));
    }
    box.appendChild(head);
    var text = make('p', 'qs-preview-text');
    text.appendChild(document.createTextNode(link.getAttribute('data-qs-b') || ''));
    var quoted = link.getAttribute('data-qs-q');
    if (quoted) text.appendChild(make('mark', 'qs-preview-mark', quoted));
    text.appendChild(document.createTextNode(link.getAttribute('data-qs-a') || ''));
    box.appendChild(text);
    var diff = link.getAttribute('data-qs-diff');
    if (diff) {
      var runs = [];
      try { runs = JSON.parse(diff); } catch (e) { runs = []; }
      var line = make('p', 'qs-diff qs-preview-diff');
      line.appendChild(make('span', 'qs-label', SAY.diff + ': '));
      runs.forEach(function (run, i) {
        if (!Array.isArray(run) || typeof run[1] !== 'string') return;
        var tag = run[0] === '-' ? 'del' : run[0] === '+' ? 'ins' : 'span';
        var part = make(tag, '', run[1]);
        if (tag === 'del') part.title = SAY.quoteOnly;
        if (tag === 'ins') part.title = SAY.rowOnly;
        if (i) line.appendChild(document.createTextNode(' '));
        line.appendChild(part);
      });
      box.appendChild(line);
    }
    if (asDialog) {
      var actions = make('p', 'qs-preview-actions');
      var open = make('a', 'qs-preview-open', SAY.open);
      open.href = link.href;
      actions.appendChild(open);
      var close = make('button', 'qs-preview-close', SAY.close);
      close.type = 'button';
      close.addEventListener('click', function () { hide(true); });
      actions.appendChild(close);
      box.appendChild(actions);
    }
  }

  function place(link) {
    var r = link.getBoundingClientRect();
    var width = Math.min(box.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    box.style.left = left + 'px';
    var below = r.bottom + window.scrollY + 6;
    var height = box.offsetHeight;
    var room = window.innerHeight - r.bottom;
    box.style.top = (room < height + 12 && r.top > height + 12 ? r.top + window.scrollY - height - 6 : below) + 'px';
  }

  function show(link, asDialog) {
    clearTimeout(hideTimer);
    if (!box) {
      box = make('div', 'qs-preview md-typeset');
      box.id = 'qs-preview';
      box.hidden = true;
      box.addEventListener('mouseenter', function () { clearTimeout(hideTimer); });
      box.addEventListener('mouseleave', function () { hideSoon(); });
      document.body.appendChild(box);
    }
    if (current && current !== link) current.removeAttribute('aria-describedby');
    current = link;
    fill(link, asDialog);
    if (asDialog) {
      box.setAttribute('role', 'dialog');
      box.setAttribute('aria-label', SAY.preview);
      link.setAttribute('aria-expanded', 'true');
    } else {
      box.setAttribute('role', 'tooltip');
      box.removeAttribute('aria-label');
      link.setAttribute('aria-describedby', 'qs-preview');
    }
    box.hidden = false;
    place(link);
  }

  function hide(refocus) {
    clearTimeout(hideTimer);
    if (!box || box.hidden) return;
    box.hidden = true;
    if (current) {
      current.removeAttribute('aria-describedby');
      current.removeAttribute('aria-expanded');
      if (refocus) current.focus();
    }
    current = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { hide(false); }, 300);
  }

  links.forEach(function (link) {
    link.addEventListener('mouseenter', function () { if (!touched) show(link, false); });
    link.addEventListener('mouseleave', hideSoon);
    link.addEventListener('focus', function () { if (!touched) show(link, false); });
    link.addEventListener('blur', function () {
      // Keep a tapped preview open while focus moves into it.
      setTimeout(function () { if (box && !box.contains(document.activeElement) && current === link && !touched) hide(false); }, 0);
    });
    link.addEventListener('pointerdown', function (event) { touched = event.pointerType === 'touch'; });
    link.addEventListener('click', function (event) {
      // On a touch screen the first tap shows the preview (there is no hover); a second tap follows the link.
      if (touched && !(current === link && box && !box.hidden)) {
        event.preventDefault();
        show(link, true);
      }
    });
  });
  if (links.length) {
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && box && !box.hidden) hide(box.contains(document.activeElement) || document.activeElement === current);
    });
    document.addEventListener('pointerdown', function (event) {
      if (box && !box.hidden && !box.contains(event.target) && !(current && current.contains(event.target))) {
        touched = event.pointerType === 'touch';
        hide(false);
      }
    });
    window.addEventListener('resize', function () { if (box && !box.hidden && current) place(current); });
  }

  // --- Landing on the quoted words of a transcript row ---------------------------------------------------

  function land() {
    var key = new URLSearchParams(window.location.search).get('cite');
    var id = '';
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (error) { return; }
    var heading = id && document.getElementById(id);
    if (!key || !heading || !heading.classList.contains('qs-row-heading')) return;
    var row = heading.closest('.qs-row');
    var back = null;
    row.querySelectorAll('a[data-qs-cite]').forEach(function (a) {
      if (a.getAttribute('data-qs-cite') === key) back = a;
    });
    if (!back) return;
    row.classList.add('qs-row--landed');
    var at = /^(\d+)-(\d+)$/.exec(back.getAttribute('data-qs-at') || '');
    var text = row.querySelector('.qs-row-text');
    var first = at && text ? markRange(text, Number(at[1]), Number(at[2])) : null;
    var cited = back.closest('.qs-row-cited');
    var note = make('p', 'qs-back');
    var link = make('a', '', (cited && cited.getAttribute('data-qs-back') || '') + ' ' + back.textContent);
    link.href = back.href;
    note.appendChild(make('span', '', '↩ '));
    note.lastChild.setAttribute('aria-hidden', 'true');
    note.appendChild(link);
    heading.insertAdjacentElement('afterend', note);
    var target = first || heading;
    // After the browser's own jump to the row (and any text fragment), bring the marked words into view. The
    // browser jumps to the row again until the page has loaded, so this is done once more then.
    function bringIntoView() {
      var r = target.getBoundingClientRect();
      var top = 0;
      // Below the site's header, and below the transcript's own tool bar where it sticks under the header.
      document.querySelectorAll('.md-header, .qs-tx-bar:not([hidden])').forEach(function (bar) {
        if (getComputedStyle(bar).position === 'sticky' || bar.classList.contains('md-header')) {
          top = Math.max(top, bar.getBoundingClientRect().bottom);
        }
      });
      if (r.top < top + 8 || r.bottom > window.innerHeight - 8) {
        var y = window.scrollY + r.top - Math.max(top + 16, top + (window.innerHeight - top - r.height) / 3);
        window.scrollTo(0, Math.max(0, y));
      }
    }
    requestAnimationFrame(bringIntoView);
    if (document.readyState !== 'complete') {
      window.addEventListener('load', function () { requestAnimationFrame(bringIntoView); }, { once: true });
    }
  }

  // Wraps text[start:end] (UTF-16 offsets into the element's text) in <mark> elements, one per text node
  // crossed (a row's line breaks are <br>); returns the first.
  function markRange(element, start, end) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var nodes = [], node, offset = 0, first = null;
    while ((node = walker.nextNode())) nodes.push(node);
    nodes.forEach(function (n) {
      var from = offset, to = offset + n.length;
      offset = to;
      var s = Math.max(start, from), e = Math.min(end, to);
      if (s >= e) return;
      var range = document.createRange();
      range.setStart(n, s - from);
      range.setEnd(n, e - from);
      var mark = make('mark', 'qs-mark');
      range.surroundContents(mark);
      if (!first) first = mark;
    });
    return first;
  }

  land();
})();
