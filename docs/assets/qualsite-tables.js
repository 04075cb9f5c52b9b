// qualsite tables: what a wide or long table needs in the browser. Without scripts every table is still a plain,
// complete table that scrolls in its box; these only add to it.
//  - every table box (.qs-table-wrap) shows a shadow at its right edge while there are columns to scroll to, and
//    a line of text says so when the box carries data-qs-scroll-hint;
//  - an index table (table[data-qs-sort]) sorts by any column: each heading becomes a button, aria-sort says
//    how, the keys are the cells' data-sort or their text, compared as numbers where they are numbers;
//  - an index table of at least FILTER_FROM rows gets a filter field that hides the rows without every word typed;
//  - a heat map's counts/percentages switch (.qs-heat-toggle) swaps each cell's number for the percentage
//    Python computed (data-pct) and its colour step for that percentage's (data-pct-step), and the legend with it.
(function () {
  'use strict';
  var FILTER_FROM = 15;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: 'base' });

  function scrollAffordance(wrap) {
    if (wrap.parentNode.classList.contains('qs-scroller')) { return; }
    var outer = document.createElement('div');
    outer.className = 'qs-scroller';
    wrap.parentNode.insertBefore(outer, wrap);
    outer.appendChild(wrap);
    var hint = null;
    if (wrap.hasAttribute('data-qs-scroll-hint')) {
      hint = document.createElement('p');
      hint.className = 'qs-scroll-hint';
      hint.textContent = wrap.getAttribute('data-qs-scroll-hint');
      hint.hidden = true;
      outer.parentNode.insertBefore(hint, outer);
    }
    var update = function () {
      var room = wrap.scrollWidth - wrap.clientWidth;
      outer.classList.toggle('qs-more-right', room > 1 && wrap.scrollLeft < room - 1);
      if (hint) { hint.hidden = room <= 1; }
    };
    wrap.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    update();
    return update;
  }

  function sortKey(row, column) {
    var cell = row.cells[column];
    if (!cell) { return ''; }
    return (cell.getAttribute('data-sort') || cell.textContent).trim();
  }

  function sortable(table) {
    var heads = table.tHead.rows[0].cells;
    var body = table.tBodies[0];
    var verb = table.getAttribute('data-qs-sort');
    each(heads, function (th, column) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'qs-sort';
      button.title = verb + ' ' + th.textContent.trim().toLowerCase();
      while (th.firstChild) { button.appendChild(th.firstChild); }
      var icon = document.createElement('span');
      icon.className = 'qs-sort-icon';
      icon.setAttribute('aria-hidden', 'true');
      button.appendChild(icon);
      th.appendChild(button);
      button.addEventListener('click', function () {
        var direction = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
        each(heads, function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', direction);
        var sign = direction === 'ascending' ? 1 : -1;
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortKey(a, column), y = sortKey(b, column);
          if (!x || !y) { return (!x) - (!y); }  // empty cells last, whichever the direction
          return sign * collator.compare(x, y);
        });
        var fragment = document.createDocumentFragment();
        rows.forEach(function (row) { fragment.appendChild(row); });
        body.appendChild(fragment);
      });
    });
  }

  function filterable(table, onChange) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    if (rows.length < FILTER_FROM) { return; }
    var texts = rows.map(function (row) { return row.textContent.toLocaleLowerCase(); });
    var box = document.createElement('div');
    box.className = 'qs-table-filter';
    var label = document.createElement('label');
    label.textContent = table.getAttribute('data-qs-filter');
    var input = document.createElement('input');
    input.type = 'search';
    input.autocomplete = 'off';
    label.appendChild(input);
    var count = document.createElement('span');
    count.className = 'qs-filter-count';
    count.setAttribute('role', 'status');
    var template = table.getAttribute('data-qs-filter-count');
    var show = function (shown) {
      count.textContent = template.replace('{shown}', shown).replace('{total}', rows.length);
    };
    box.appendChild(label);
    box.appendChild(count);
    var region = table.closest('.qs-table-wrap');
    var before = region.parentNode.classList.contains('qs-scroller') ? region.parentNode : region;
    if (before.previousElementSibling && before.previousElementSibling.classList.contains('qs-scroll-hint')) {
      before = before.previousElementSibling;
    }
    before.parentNode.insertBefore(box, before);
    show(rows.length);
    input.addEventListener('input', function () {
      var words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var keep = words.every(function (word) { return texts[i].indexOf(word) !== -1; });
        row.hidden = !keep;
        if (keep) { shown += 1; }
      });
      show(shown);
      if (onChange) { onChange(); }
    });
  }

  function heatToggle(key, table) {
    var toggle = key.querySelector('.qs-heat-toggle');
    if (!toggle || !table) { return; }
    var cells = table.querySelectorAll('td[data-pct]');
    var zeros = table.querySelectorAll('td.qs-heat--zero');
    var zeroPercent = toggle.getAttribute('data-qs-zero');
    each(cells, function (td) {  // the count and its step, as Python wrote them, to switch back to
      var step = /\bqs-s(\d)\b/.exec(td.className);
      td.setAttribute('data-step', step ? step[1] : '0');
      td.setAttribute('data-count', (td.querySelector('a') || td).textContent);
    });
    toggle.hidden = false;
    toggle.addEventListener('change', function (event) {
      var mode = event.target.value === 'pct' ? 'pct' : 'count';
      each(cells, function (td) {
        var target = td.querySelector('a') || td;
        target.textContent = td.getAttribute(mode === 'pct' ? 'data-pct' : 'data-count');
        var step = td.getAttribute(mode === 'pct' ? 'data-pct-step' : 'data-step');
        td.className = td.className.replace(/\bqs-s\d\b/, 'qs-s' + step);
      });
      each(zeros, function (td) { td.textContent = mode === 'pct' ? zeroPercent : '0'; });
      each(key.querySelectorAll('.qs-legend[data-qs-mode]'), function (legend) {
        legend.hidden = legend.getAttribute('data-qs-mode') !== mode;
      });
    });
  }

  each(document.querySelectorAll('.md-typeset .qs-heat-key'), function (key) {
    var next = key.nextElementSibling;
    heatToggle(key, next && next.classList.contains('qs-table-wrap') ? next.querySelector('table') : null);
  });
  var updates = [];
  each(document.querySelectorAll('.md-typeset .qs-table-wrap'), function (wrap) {
    var update = scrollAffordance(wrap);
    var table = wrap.querySelector('table[data-qs-sort]');
    if (table && table.tHead && table.tBodies.length) {
      sortable(table);
      filterable(table, update);
    }
    if (update) { updates.push(update); }
  });
  // Web fonts and late layout can change a table's width after the first measurement.
  window.addEventListener('load', function () { updates.forEach(function (update) { update(); }); });
}());
