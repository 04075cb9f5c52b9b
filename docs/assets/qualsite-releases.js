// Releases (format/README.md#releases): an address that names a row as an earlier release numbered it still
// leads to that row. Two pages use this script, and neither needs a server:
// - a forwarding page under v<version>/ (a transcript unchanged since that release) names the current page in
//   <meta name="qualsite-forward"> and the rows renumbered since in <meta name="qualsite-moves">: go there now,
//   to the row the #anchor named, under its new number;
// - a current transcript page lists in #qs-moves the old anchors that no longer name a row on it: follow one.
(function () {
  function anchor() {
    try { return decodeURIComponent(window.location.hash.slice(1)); } catch (error) { return ''; }
  }
  function moves(json) {
    try { return JSON.parse(json || '{}'); } catch (error) { return {}; }
  }
  var forward = document.querySelector('meta[name="qualsite-forward"]');
  if (forward) {
    var renumbered = document.querySelector('meta[name="qualsite-moves"]');
    var map = moves(renumbered && renumbered.getAttribute('content'));
    var target = new URL(forward.getAttribute('content'), window.location.href);
    var old = anchor();
    if (old) { target.hash = Object.prototype.hasOwnProperty.call(map, old) ? map[old] : old; }
    window.location.replace(target.href);
    return;
  }
  function follow() {
    var list = document.getElementById('qs-moves');
    var old = anchor();
    if (!list || !old || document.getElementById(old)) { return; }
    var map = moves(list.getAttribute('data-moves'));
    if (Object.prototype.hasOwnProperty.call(map, old)) {
      window.location.replace(new URL(map[old], window.location.href).href);
    }
  }
  follow();
  window.addEventListener('hashchange', follow);
})();
