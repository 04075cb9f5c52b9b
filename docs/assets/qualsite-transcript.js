// qualsite: finding one's way in a transcript (issue 16). Hand-written and committed, like qualsite.css.
//
// A transcript page carries its tools hidden (qualsite/render/transcript_tools.py): a filter by code and by
// speaker, a find field with previous/next, previous/next cited row, and an empty overview strip. This script
// reveals them and makes them work from what the rows carry: data-codes, data-speaker and data-cited. Without
// it the page shows every row and no tool. Everything from data is set as text, never as markup. Running it
// twice on a page changes nothing (the tools remember that they are wired).
(function () {
  'use strict';

  var tools = document.querySelector('.qs-tx-tools');
  var bar = document.querySelector('.qs-tx-bar');
  if (!tools || !bar || tools.getAttribute('data-qs-ready')) return;
  tools.setAttribute('data-qs-ready', '1');

  var SAY = tools.dataset;
  var rows = Array.prototype.slice.call(document.querySelectorAll('.md-content .qs-row[data-speaker]'));
  var info = rows.map(function (row) {
    var heading = row.querySelector('.qs-row-heading');
    var number = row.querySelector('.qs-row-n');
    return {
      row: row,
      id: heading ? heading.id : '',
      label: number ? number.textContent : '',
      codes: (row.getAttribute('data-codes') || '').split(' ').filter(Boolean),
      speaker: row.getAttribute('data-speaker') || '',
      cited: row.hasAttribute('data-cited'),
      shown: true,
      mark: null
    };
  });
  var byId = {};
  info.forEach(function (item, i) { if (item.id) byId[item.id] = i; });

  var codeSelect = tools.querySelector('.qs-tx-code');
  var speakerSelect = tools.querySelector('.qs-tx-speaker');
  var reset = tools.querySelector('.qs-tx-reset');
  var shownText = tools.querySelector('.qs-tx-shown');
  var query = bar.querySelector('.qs-tx-query');
  var count = bar.querySelector('.qs-tx-count');
  var strip = bar.querySelector('.qs-tx-strip');
  var say = bar.querySelector('.qs-tx-say');

  function fill(template, values) {
    return String(template || '').replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }

  // --- Where the reading line is: below the site's header and the sticky bar --------------------------------

  // Once the page scrolls, the bar sticks below the header: rows are read from the bar's lower edge.
  function readingLine() {
    var header = document.querySelector('.md-header');
    var top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    if (getComputedStyle(bar).position === 'sticky') top += bar.offsetHeight;
    return top;
  }

  function updateScrollMargin() {
    // Rows reached by a link (#r5-4) stop below the bar, not under it.
    var header = document.querySelector('.md-header');
    var height = (header ? header.offsetHeight : 0) + 8;
    if (getComputedStyle(bar).position === 'sticky') height += bar.offsetHeight;
    document.documentElement.style.setProperty('--qs-scroll-margin', height + 'px');
  }

  function bringIntoView(element) {
    var r = element.getBoundingClientRect();
    var line = readingLine();
    window.scrollTo(0, Math.max(0, window.scrollY + r.top - line - 8));
  }

  // Goes to row i: it becomes the page's target (highlighted, as a link to it would make it) and stands at the
  // reading line. Like following a link to it, each step is an entry in the browser's history.
  function goToRow(i) {
    var item = info[i];
    if (!item || !item.id) return;
    if (window.location.hash !== '#' + item.id) window.location.hash = item.id;
    bringIntoView(item.row);
  }

  // --- Filter by code and speaker --------------------------------------------------------------------------

  function applyFilter() {
    var code = codeSelect.value, speaker = speakerSelect.value, shown = 0;
    info.forEach(function (item) {
      var show = (!code || item.codes.indexOf(code) >= 0) && (!speaker || item.speaker === speaker);
      if (show !== item.shown) {
        item.shown = show;
        item.row.hidden = !show;
        if (item.mark) item.mark.hidden = !show;
      }
      if (show) shown++;
    });
    var filtered = Boolean(code || speaker);
    reset.hidden = !filtered;
    shownText.textContent = filtered ? fill(SAY.showing, { shown: shown, total: info.length }) : '';
    if (query.value) find(false);
    rovingStart();
  }

  function clearFilter() {
    codeSelect.value = '';
    speakerSelect.value = '';
    applyFilter();
  }

  codeSelect.addEventListener('change', applyFilter);
  speakerSelect.addEventListener('change', applyFilter);
  reset.addEventListener('click', function () { clearFilter(); codeSelect.focus(); });

  // A link to a row that the filter hides shows every row again, so the link lands.
  function revealTarget() {
    var id = '';
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (error) { return; }
    var i = byId[id];
    if (i !== undefined && !info[i].shown) {
      clearFilter();
      document.getElementById(id).scrollIntoView();
    }
  }
  window.addEventListener('hashchange', revealTarget);

  // --- Find within the transcript --------------------------------------------------------------------------

  var hits = [], current = -1, timer = 0, lastQuery = '';
  var canHighlight = typeof CSS !== 'undefined' && CSS.highlights && typeof Highlight === 'function';

  // The row's text as one string, with where each text node starts; a line break (<br>) separates lines.
  function textOf(item) {
    var element = item.row.querySelector('.qs-row-text');
    var parts = [], nodes = [], offset = 0;
    if (!element) return { text: '', nodes: nodes };
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    var node;
    while ((node = walker.nextNode())) {
      if (node.nodeType === 1) {
        if (node.tagName === 'BR') { parts.push('\n'); offset += 1; }
        continue;
      }
      nodes.push({ node: node, start: offset });
      parts.push(node.data);
      offset += node.data.length;
    }
    return { text: parts.join(''), nodes: nodes };
  }

  function rangeOf(nodes, start, end) {
    var range = document.createRange(), begun = false;
    for (var k = 0; k < nodes.length; k++) {
      var n = nodes[k], to = n.start + n.node.data.length;
      if (!begun && start < to) { range.setStart(n.node, Math.max(0, start - n.start)); begun = true; }
      if (begun && end <= to) { range.setEnd(n.node, Math.max(0, end - n.start)); return range; }
    }
    return begun ? range : null;
  }

  function pattern(text) {
    var words = text.trim().split(/\s+/).filter(Boolean).map(function (word) {
      return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    });
    return words.length ? new RegExp(words.join('\\s+'), 'giu') : null;
  }

  function find(jump) {
    var wanted = pattern(query.value);
    // A quick test on each row's text first (which joins its lines without a space, hence \s*).
    var quick = wanted && new RegExp(wanted.source.replace(/\\s\+/g, '\\s*'), 'iu');
    lastQuery = query.value;
    hits = [];
    if (wanted) {
      info.forEach(function (item, i) {
        if (!item.shown) return;
        var text = item.row.querySelector('.qs-row-text');
        if (!text || !quick.test(text.textContent)) return;
        wanted.lastIndex = 0;
        var whole = textOf(item), match;
        while ((match = wanted.exec(whole.text))) {
          if (!match[0].length) { wanted.lastIndex++; continue; }
          var range = rangeOf(whole.nodes, match.index, match.index + match[0].length);
          if (range) hits.push({ row: i, range: range });
        }
      });
    }
    current = hits.length ? firstHitFromReadingLine() : -1;
    paint();
    if (jump && current >= 0) showHit();
  }

  // The first hit in the row the reader is at or after it, so that a new search starts where the reader is
  // (by row, not by measuring every hit: rows far from the screen are not laid out).
  function firstHitFromReadingLine() {
    var at = here().index;
    for (var k = 0; k < hits.length; k++) {
      if (hits[k].row >= at) return k;
    }
    return 0;
  }

  var hitRow = null;
  function paint() {
    if (!canHighlight) {
      if (hitRow) hitRow.classList.remove('qs-row--hit');
      hitRow = current >= 0 ? info[hits[current].row].row : null;
      if (hitRow) hitRow.classList.add('qs-row--hit');
    } else {
      CSS.highlights.set('qs-find', new Highlight());
      CSS.highlights.set('qs-find-current', new Highlight());
      var all = CSS.highlights.get('qs-find');
      hits.forEach(function (hit, k) { if (k !== current) all.add(hit.range); });
      if (current >= 0) CSS.highlights.get('qs-find-current').add(hits[current].range);
    }
    if (!query.value.trim()) count.textContent = '';
    else if (!hits.length) count.textContent = SAY.noHits;
    else count.textContent = (current + 1) + ' / ' + hits.length;
    count.setAttribute('aria-label', hits.length ? fill(SAY.hits, { current: current + 1, total: hits.length }) : count.textContent);
  }

  function showHit() {
    var hit = hits[current];
    var r = hit.range.getBoundingClientRect();
    var line = readingLine();
    if (r.top < line + 4 || r.bottom > window.innerHeight - 8) {
      window.scrollTo(0, Math.max(0, window.scrollY + r.top - line - Math.min(120, window.innerHeight / 4)));
    }
  }

  // Next (+1) or previous (-1) hit, wrapping at either end; after the words changed, the first hit from here.
  function step(by) {
    clearTimeout(timer);
    if (query.value !== lastQuery) { find(true); return; }
    if (!hits.length) return;
    current = (current + by + hits.length) % hits.length;
    paint();
    showHit();
  }

  query.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { find(true); }, info.length > 500 ? 200 : 60);
  });
  query.addEventListener('keydown', function (event) {
    if (event.key === 'Enter') {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape' && query.value) {
      query.value = '';
      find(false);
    }
  });
  bar.querySelector('.qs-tx-find-next').addEventListener('click', function () { step(1); });
  bar.querySelector('.qs-tx-find-prev').addEventListener('click', function () { step(-1); });

  // --- Previous and next cited row ------------------------------------------------------------------------

  // The row the reader is at: the target row if it is in view, else the first row reaching below the line.
  // `exact` says the reader is at that row itself (it is the target, or it began above the line), so that
  // "next" means the one after it.
  function here() {
    var line = readingLine();
    var t = byId[window.location.hash.slice(1)];
    if (t !== undefined && info[t].shown) {
      var r = info[t].row.getBoundingClientRect();
      if (r.bottom > line && r.top < window.innerHeight) return { index: t, exact: true };
    }
    var shown = [];
    info.forEach(function (item, i) { if (item.shown) shown.push(i); });
    if (!shown.length) return { index: 0, exact: false };
    // Rows are in page order, so a binary search over their positions finds the first one below the line.
    var lo = 0, hi = shown.length - 1, found = shown.length;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (info[shown[mid]].row.getBoundingClientRect().bottom > line + 1) { found = mid; hi = mid - 1; } else lo = mid + 1;
    }
    if (found >= shown.length) return { index: shown[shown.length - 1], exact: true };
    var top = info[shown[found]].row.getBoundingClientRect().top;
    return { index: shown[found], exact: top < line - 2 };
  }

  // The next (+1) or previous (-1) cited row among the rows shown, wrapping at either end.
  function cited(by) {
    var at = here();
    var start = by > 0 ? (at.exact ? at.index + 1 : at.index) : at.index - 1;
    var n = info.length;
    for (var s = 0; s < n; s++) {
      var k = ((start + by * s) % n + n) % n;
      if (info[k].cited && info[k].shown) {
        say.textContent = '';
        goToRow(k);
        return;
      }
    }
    say.textContent = SAY.noCited;
  }

  bar.querySelector('.qs-tx-cited-next').addEventListener('click', function () { cited(1); });
  bar.querySelector('.qs-tx-cited-prev').addEventListener('click', function () { cited(-1); });

  // --- The overview strip --------------------------------------------------------------------------------

  function buildStrip() {
    var n = info.length;
    var fragment = document.createDocumentFragment();
    info.forEach(function (item, i) {
      if (!item.codes.length && !item.cited) return;
      var mark = document.createElement('a');
      mark.className = 'qs-tx-mark';
      mark.href = '#' + item.id;
      mark.tabIndex = -1;
      mark.style.left = (100 * i / n) + '%';
      mark.style.width = 'max(2px, ' + (100 / n) + '%)';
      var name = item.label;
      if (item.codes.length) name += ' · ' + item.codes.join(' ');
      if (item.cited) name += ' · ' + SAY.citedWord;
      mark.setAttribute('aria-label', name);
      mark.title = name;
      if (item.codes.length) {
        var code = document.createElement('span');
        code.className = 'qs-tx-mark-code';
        var chip = item.row.querySelector('.qs-row-codes .qs-chip');
        var colour = chip ? chip.style.getPropertyValue('--qs-area') : '';
        if (colour) code.style.setProperty('--qs-area', colour);
        mark.appendChild(code);
      }
      if (item.cited) {
        var cite = document.createElement('span');
        cite.className = 'qs-tx-mark-cited';
        mark.appendChild(cite);
      }
      item.mark = mark;
      fragment.appendChild(mark);
    });
    strip.appendChild(fragment);
    hereMark = document.createElement('span');
    hereMark.className = 'qs-tx-here';
    hereMark.setAttribute('aria-hidden', 'true');  // where the reader is: seen on the strip, said by the rows
    strip.appendChild(hereMark);
  }

  // The reader's place on the strip, moved at most once a frame while the page scrolls.
  var hereMark = null, hereQueued = false;
  function showHere() {
    hereQueued = false;
    if (!hereMark || !info.length) return;
    hereMark.style.left = (100 * here().index / info.length) + '%';
  }
  window.addEventListener('scroll', function () {
    if (!hereQueued) { hereQueued = true; requestAnimationFrame(showHere); }
  }, { passive: true });

  // One tab stop for the whole strip; arrow keys, Home and End move between its marks (a roving tab index).
  function marks() {
    return Array.prototype.filter.call(strip.querySelectorAll('.qs-tx-mark'), function (m) { return !m.hidden; });
  }
  function rovingStart() {
    var stop = strip.querySelector('.qs-tx-mark[tabindex="0"]');
    if (stop && !stop.hidden) return;
    if (stop) stop.tabIndex = -1;
    var list = marks();
    if (list.length) list[0].tabIndex = 0;
  }
  strip.addEventListener('keydown', function (event) {
    var list = marks(), i = list.indexOf(document.activeElement);
    if (i < 0) return;
    var next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0,
                 End: list.length - 1, PageDown: i + 10, PageUp: i - 10 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    next = Math.max(0, Math.min(list.length - 1, next));
    list[i].tabIndex = -1;
    list[next].tabIndex = 0;
    list[next].focus();
  });
  strip.addEventListener('click', function (event) {
    var mark = event.target.closest('.qs-tx-mark');
    if (!mark) return;
    event.preventDefault();
    marks().forEach(function (m) { m.tabIndex = m === mark ? 0 : -1; });
    var i = byId[mark.getAttribute('href').slice(1)];
    if (i !== undefined) goToRow(i);
  });

  // --- Start ----------------------------------------------------------------------------------------------

  buildStrip();
  tools.hidden = false;
  bar.hidden = false;
  // A reload keeps the browser's remembered form values: apply them.
  if (codeSelect.value || speakerSelect.value) applyFilter(); else rovingStart();
  if (query.value) find(false);
  updateScrollMargin();
  showHere();
  if (typeof ResizeObserver === 'function') new ResizeObserver(updateScrollMargin).observe(bar);
  window.addEventListener('resize', updateScrollMargin);
  // A page opened at #row: the bar now covers the top, so bring the row below it again.
  var opened = byId[window.location.hash.slice(1)];
  if (opened !== undefined) requestAnimationFrame(function () { revealTarget(); if (!window.location.search) bringIntoView(info[opened].row); });
})();
