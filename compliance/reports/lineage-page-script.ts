/**
 * The script of the lineage page, inlined into it (plain browser JavaScript, no library):
 * a click, or Enter on a focused node, or a click on a row of the node table, selects a node
 * and shows its properties, its edges and the erasures that touched it in the details panel.
 * It reads the report from the page's JSON block and makes no request.
 */
export const LINEAGE_PAGE_SCRIPT = `
(function () {
  'use strict';
  var report = JSON.parse(document.getElementById('lineage-data').textContent);
  var nodes = {};
  report.nodes.forEach(function (n) { nodes[n.key] = n; });
  var erasuresOf = {};
  report.erasures.forEach(function (t) {
    t.touched.forEach(function (x) {
      var key = x.label + ':' + x.id;
      (erasuresOf[key] = erasuresOf[key] || []).push({ erasure: t.erasure, relation: x.relation });
    });
  });
  var body = document.getElementById('node-details-body');
  var hint = document.getElementById('node-details-hint');

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function show(value) {
    if (value === null || value === undefined) return '-';
    return typeof value === 'string' ? value : JSON.stringify(value, null, 1);
  }
  function fields(pairs) {
    var dl = el('dl');
    pairs.forEach(function (p) { dl.appendChild(el('dt', p[0])); dl.appendChild(el('dd', show(p[1]))); });
    return dl;
  }
  function caption(key) { var n = nodes[key]; return n ? n.label + ' ' + n.caption : key; }

  function details(n) {
    var box = el('div');
    box.appendChild(el('h3', n.label + ' ' + n.caption, 'details-title'));
    box.appendChild(fields([['id', n.id], ['global id', n.globalId], ['position', n.role]]));
    box.appendChild(el('h3', 'Properties'));
    var props = Object.keys(n.properties).sort().map(function (k) { return [k, n.properties[k]]; });
    box.appendChild(props.length ? fields(props) : el('p', 'No properties.', 'empty'));
    var links = el('ul');
    report.edges.forEach(function (e) {
      if (e.from === n.key) links.appendChild(el('li', e.type + ' \\u2192 ' + caption(e.to)));
      if (e.to === n.key) links.appendChild(el('li', caption(e.from) + ' ' + e.type + ' \\u2192 this'));
    });
    box.appendChild(el('h3', 'Edges'));
    box.appendChild(links.childNodes.length ? links : el('p', 'None in this report.', 'empty'));
    var touched = erasuresOf[n.key] || [];
    box.appendChild(el('h3', 'Erasures'));
    var list = el('ul', null, 'node-erasures');
    touched.forEach(function (t) { list.appendChild(el('li', t.relation + ' by erasure ' + t.erasure.id + ' (' + (t.erasure.state || 'unknown') + ')')); });
    box.appendChild(touched.length ? list : el('p', 'No erasure touched this node.', 'empty'));
    return box;
  }

  function select(key) {
    var n = nodes[key];
    if (!n) return;
    Array.prototype.forEach.call(document.querySelectorAll('.selected'), function (e) { e.classList.remove('selected'); });
    Array.prototype.forEach.call(document.querySelectorAll('.edge.linked'), function (e) { e.classList.remove('linked'); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-key]'), function (e) { if (e.getAttribute('data-key') === key) e.classList.add('selected'); });
    Array.prototype.forEach.call(document.querySelectorAll('.edge'), function (e) {
      if (e.getAttribute('data-from') === key || e.getAttribute('data-to') === key) e.classList.add('linked');
    });
    hint.hidden = true;
    body.replaceChildren(details(n));
    body.setAttribute('data-selected', key);
  }

  // A drawing a little wider than its frame is scaled to fit; a much wider one scrolls, at actual size.
  var scroll = document.getElementById('graph-scroll');
  var toggle = document.getElementById('fit-toggle');
  var svg = document.getElementById('lineage-graph');
  function setFit(fit) {
    scroll.classList.toggle('fit', fit);
    toggle.textContent = fit ? 'Actual size' : 'Fit to width';
  }
  var ratio = scroll.clientWidth / Number(svg.getAttribute('width'));
  if (ratio < 1) {
    toggle.hidden = false;
    setFit(ratio >= 0.6);
    toggle.addEventListener('click', function () { setFit(!scroll.classList.contains('fit')); });
  }

  function keyOf(target) {
    var found = target && target.closest ? target.closest('[data-key]') : null;
    return found ? found.getAttribute('data-key') : null;
  }
  document.getElementById('lineage-graph').addEventListener('click', function (ev) { var k = keyOf(ev.target); if (k) select(k); });
  document.getElementById('lineage-graph').addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter' && ev.key !== ' ') return;
    var k = keyOf(ev.target);
    if (k) { ev.preventDefault(); select(k); }
  });
  document.getElementById('node-table').addEventListener('click', function (ev) {
    if (ev.target.closest('details')) return;
    var k = keyOf(ev.target);
    if (k) select(k);
  });
})();
`;
