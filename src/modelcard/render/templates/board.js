(function () {
  "use strict";
  var table = document.querySelector("table.board");
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var first = heads.filter(function (h) { return h.hasAttribute("aria-sort"); })[0] || heads[0];
  var initial = { sort: first.dataset.key, dir: first.getAttribute("aria-sort") === "descending" ? "desc" : "asc" };
  var state = { sort: initial.sort, dir: initial.dir, q: "", open: false, released: false, arch: "" };
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var keys = {};
  var $ = function (id) { return document.getElementById(id); };
  var controls = $("controls"), q = $("q"), open = $("open"), released = $("released");
  var arch = $("arch"), count = $("count");

  function column(key) {
    for (var i = 0; i < heads.length; i++) if (heads[i].dataset.key === key) return i;
    return -1;
  }

  // The sort keys of a column, read from the cells once: numbers, or text; null is missing.
  function keysOf(i) {
    if (!keys[i]) {
      var numeric = heads[i].dataset.type === "num";
      keys[i] = rows.map(function (row) {
        var v = row.cells[i].getAttribute("data-v");
        if (v === null || v === "") return null;
        return numeric ? Number(v) : v;
      });
    }
    return keys[i];
  }

  function sort() {
    var i = column(state.sort);
    if (i < 0) { state.sort = initial.sort; state.dir = initial.dir; i = column(state.sort); }
    var k = keysOf(i), numeric = heads[i].dataset.type === "num";
    var sign = state.dir === "asc" ? 1 : -1;
    var order = rows.map(function (_, n) { return n; });
    // Missing values last in either direction; ties keep the page's own (ALScore) order.
    order.sort(function (a, b) {
      var x = k[a], y = k[b];
      if (x === null || y === null) return x === y ? a - b : (x === null ? 1 : -1);
      var c = numeric ? x - y : collator.compare(x, y);
      return c ? sign * c : a - b;
    });
    var fragment = document.createDocumentFragment();
    for (var n = 0; n < order.length; n++) fragment.appendChild(rows[order[n]]);
    body.appendChild(fragment);
    heads.forEach(function (h, j) {
      if (j === i) h.setAttribute("aria-sort", state.dir === "asc" ? "ascending" : "descending");
      else h.removeAttribute("aria-sort");
    });
  }

  function filter() {
    if (!controls) return;
    var terms = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset, hay = d.q || "";
      var keep = terms.every(function (t) { return hay.indexOf(t) >= 0; }) &&
        (!state.open || d.open === "yes") &&
        (!state.released || d.status === "released") &&
        (!state.arch || d.arch === state.arch);
      row.hidden = !keep;
      if (keep) shown++;
    });
    count.textContent = shown === rows.length ? rows.length + " models" :
      shown + " of " + rows.length + " models";
  }

  // The view in the URL fragment (#sort=alscore&dir=desc&q=qwen&open=1&released=1&arch=moe),
  // so that a link shares it.
  function save() {
    var p = new URLSearchParams();
    if (state.sort !== initial.sort || state.dir !== initial.dir) { p.set("sort", state.sort); p.set("dir", state.dir); }
    if (state.q) p.set("q", state.q);
    if (state.open) p.set("open", "1");
    if (state.released) p.set("released", "1");
    if (state.arch) p.set("arch", state.arch);
    var hash = p.toString();
    try { history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search); }
    catch (e) { location.replace("#" + hash); }
  }

  function load() {
    var p = new URLSearchParams(location.hash.slice(1));
    state.sort = p.get("sort") || initial.sort;
    state.dir = p.get("dir") === "asc" || p.get("dir") === "desc" ? p.get("dir") : initial.dir;
    state.q = p.get("q") || "";
    state.open = p.get("open") === "1" && !!open;
    state.released = p.get("released") === "1" && !!released;
    state.arch = arch && arch.querySelector('option[value="' + CSS.escape(p.get("arch") || "") + '"]') ? p.get("arch") || "" : "";
    if (q) q.value = state.q;
    if (open) open.checked = state.open;
    if (released) released.checked = state.released;
    if (arch) arch.value = state.arch;
    sort();
    filter();
  }

  heads.forEach(function (h) {
    h.querySelector("button").addEventListener("click", function () {
      var key = h.dataset.key;
      if (state.sort === key) state.dir = state.dir === "asc" ? "desc" : "asc";
      else { state.sort = key; state.dir = h.dataset.first === "desc" ? "desc" : "asc"; }
      sort();
      save();
    });
  });
  if (controls) {
    controls.hidden = false;
    q.addEventListener("input", function () { state.q = q.value; filter(); save(); });
    [open, released, arch].forEach(function (input) {
      if (!input) return;
      input.addEventListener("change", function () {
        state.open = !!open && open.checked;
        state.released = !!released && released.checked;
        state.arch = arch ? arch.value : "";
        filter();
        save();
      });
    });
  }
  // Laid out once as a table, each column then keeps the width the table gave it and the rows
  // become grids of those widths (.grid in the stylesheet): rows out of view skip style and
  // layout, so that a sort lays out only the rows on screen. Measured again (every row shown)
  // when the window's width changes.
  function freeze() {
    var hidden = rows.filter(function (row) { return row.hidden; });
    hidden.forEach(function (row) { row.hidden = false; });
    table.classList.remove("grid");
    var widths = heads.map(function (h) { return h.getBoundingClientRect().width; })
      .filter(function (w) { return w > 0; });
    table.style.setProperty("--cols", widths.map(function (w) { return w + "px"; }).join(" "));
    table.classList.add("grid");
    hidden.forEach(function (row) { row.hidden = true; });
  }
  var width = window.innerWidth;
  window.addEventListener("resize", function () {
    if (window.innerWidth !== width) { width = window.innerWidth; freeze(); }
  });
  freeze();

  // a plain anchor (#chart) is not a view: a fragment of key=value pairs is, and so is none
  function isView() { return location.hash === "" || location.hash.indexOf("=") > 0; }
  window.addEventListener("hashchange", function () { if (isView()) load(); });
  if (isView()) load(); else filter();
})();
