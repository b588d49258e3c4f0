/**
 * The review page's script (inline, plain ES2017, no libraries): sortable tables (click a header), a
 * filter over the events table (text, category, account, session, root usage only) that also fades the
 * chart's dots of hidden events, and the view kept in the URL fragment
 * (`#q=ConsoleLogin&category=...&account=...&session=3&usage=1&sort=-time`) so a view can be shared and
 * reopened. When done it sets `data-ready="true"` on `<html>`, which the headless-browser test waits on.
 */
export const REVIEW_SCRIPT = `
(function () {
  'use strict';
  var events = document.getElementById('events-table');
  var rows = Array.prototype.slice.call(events.tBodies[0].rows);
  var byEvent = {};
  rows.forEach(function (r) { byEvent[r.getAttribute('data-event')] = r; });
  var controls = {
    q: document.getElementById('f-text'),
    category: document.getElementById('f-category'),
    account: document.getElementById('f-account'),
    session: document.getElementById('f-session'),
    usage: document.getElementById('f-usage')
  };
  var shown = document.getElementById('shown');
  var dots = Array.prototype.slice.call(document.querySelectorAll('#timeline circle.dot'));
  var state = { q: '', category: '', account: '', session: '', usage: false, sort: '' };

  function cellKey(cell, numeric) {
    var raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
    if (!numeric) return raw.toLowerCase();
    var n = parseFloat(raw);
    return isNaN(n) ? -Infinity : n;
  }

  function sortBy(table, index, descending) {
    var headers = table.tHead.rows[0].cells;
    var numeric = headers[index].getAttribute('data-type') === 'number';
    var body = table.tBodies[0];
    var list = Array.prototype.slice.call(body.rows);
    list.sort(function (a, b) {
      var x = cellKey(a.cells[index], numeric);
      var y = cellKey(b.cells[index], numeric);
      var c = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -c : c;
    });
    list.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(headers, function (h, i) {
      if (i === index) h.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      else h.removeAttribute('aria-sort');
    });
    table.setAttribute('data-sorted', headers[index].getAttribute('data-key') + (descending ? ':desc' : ':asc'));
  }

  function headerIndex(table, key) {
    var headers = table.tHead.rows[0].cells;
    for (var i = 0; i < headers.length; i++) if (headers[i].getAttribute('data-key') === key) return i;
    return -1;
  }

  function apply() {
    var needle = state.q.toLowerCase();
    var count = 0;
    var visible = {};
    rows.forEach(function (r) {
      var ok = (needle === '' || r.textContent.toLowerCase().indexOf(needle) !== -1) &&
        (state.category === '' || r.getAttribute('data-category') === state.category) &&
        (state.account === '' || r.getAttribute('data-account') === state.account) &&
        (state.session === '' || r.getAttribute('data-session') === state.session) &&
        (!state.usage || r.getAttribute('data-usage') === '1');
      r.hidden = !ok;
      if (ok) { count++; visible[r.getAttribute('data-event')] = true; }
    });
    dots.forEach(function (d) {
      if (visible[d.getAttribute('data-event')]) d.classList.remove('faded'); else d.classList.add('faded');
    });
    shown.textContent = count + ' of ' + rows.length + ' events';
    events.setAttribute('data-shown', String(count));
  }

  function writeHash() {
    var p = new URLSearchParams();
    if (state.q) p.set('q', state.q);
    if (state.category) p.set('category', state.category);
    if (state.account) p.set('account', state.account);
    if (state.session) p.set('session', state.session);
    if (state.usage) p.set('usage', '1');
    if (state.sort) p.set('sort', state.sort);
    var text = p.toString();
    try { history.replaceState(null, '', text ? '#' + text : location.pathname + location.search); } catch (e) { /* file: URLs in some browsers */ }
  }

  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    state.q = p.get('q') || '';
    state.category = p.get('category') || '';
    state.account = p.get('account') || '';
    state.session = p.get('session') || '';
    state.usage = p.get('usage') === '1';
    state.sort = p.get('sort') || '';
  }

  function syncControls() {
    controls.q.value = state.q;
    controls.category.value = state.category;
    controls.account.value = state.account;
    controls.session.value = state.session;
    controls.usage.checked = state.usage;
  }

  function applySort() {
    if (!state.sort) return;
    var descending = state.sort.charAt(0) === '-';
    var index = headerIndex(events, descending ? state.sort.slice(1) : state.sort);
    if (index !== -1) sortBy(events, index, descending);
  }

  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.setAttribute('tabindex', '0');
      var activate = function () {
        var descending = th.getAttribute('aria-sort') === 'ascending';
        sortBy(table, index, descending);
        if (table === events) { state.sort = (descending ? '-' : '') + th.getAttribute('data-key'); writeHash(); }
      };
      th.addEventListener('click', activate);
      th.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); activate(); } });
    });
  });

  function onInput() {
    state.q = controls.q.value;
    state.category = controls.category.value;
    state.account = controls.account.value;
    state.session = controls.session.value;
    state.usage = controls.usage.checked;
    apply();
    writeHash();
  }
  ['q', 'category', 'account', 'session', 'usage'].forEach(function (k) {
    controls[k].addEventListener(k === 'q' ? 'input' : 'change', onInput);
  });
  document.getElementById('f-clear').addEventListener('click', function () {
    state = { q: '', category: '', account: '', session: '', usage: false, sort: state.sort };
    syncControls();
    apply();
    writeHash();
  });

  dots.forEach(function (d) {
    d.addEventListener('click', function () {
      var row = byEvent[d.getAttribute('data-event')];
      state.q = d.getAttribute('data-event');
      syncControls();
      apply();
      writeHash();
      if (row && row.scrollIntoView) row.scrollIntoView({ block: 'center' });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('a.session'), function (a) {
    a.addEventListener('click', function (ev) {
      ev.preventDefault();
      state.session = a.getAttribute('data-session');
      syncControls();
      apply();
      writeHash();
      events.scrollIntoView();
    });
  });
  window.addEventListener('hashchange', function () { readHash(); syncControls(); apply(); applySort(); });

  readHash();
  syncControls();
  applySort();
  apply();
  document.documentElement.setAttribute('data-ready', 'true');
})();
`;
