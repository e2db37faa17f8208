/* graphkit network view.
 *
 * Reads the nodes, edges, vis options and graphkit's payload from the JSON blocks of the page and
 * draws them with vis-network (positions precomputed, physics off).
 * Escaping rule: every string that comes from the data reaches the page through textContent,
 * createElement or an attribute set from a checked http(s) URL; nothing is assigned to innerHTML.
 */
(function () {
  "use strict";
  var started = performance.now();

  function readJson(id) { return JSON.parse(document.getElementById(id).textContent); }
  var nodeItems = readJson("gk-nodes");
  var edgeItems = readJson("gk-edges");
  var options = readJson("gk-options");
  var gk = readJson("gk-payload");
  var info = gk.info, edgeInfo = gk.edges, sources = gk.sources, forums = gk.forums || {};
  var view = gk.meta.view;
  var FADED_NODE = "rgba(203,213,225,0.55)";
  var FADED_EDGE = {color: "#e2e8f0", opacity: 0.25};
  var FONT = {color: (options.nodes && options.nodes.font && options.nodes.font.color) || "#1f2937"};
  var FADED_FONT = {color: "rgba(100,116,139,0.25)"};
  var NONE = "(none)";
  var SHORT = 6;

  // -- DOM helpers: text only ---------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function safeUrl(u) {
    if (typeof u !== "string" || !/^https?:\/\/[^\s\/?#]+\S*$/i.test(u)) { return null; }
    try {
      var parsed = new URL(u);
      return (parsed.protocol === "http:" || parsed.protocol === "https:") ? parsed.href : null;
    } catch (e) { return null; }
  }
  function shortUrl(u) {
    try { var p = new URL(u); var t = p.host + p.pathname; return t.length > 64 ? t.slice(0, 61) + "…" : t; }
    catch (e) { return u; }
  }
  function link(u) {
    var s = safeUrl(u);
    if (!s) { return null; }
    var a = el("a", null, shortUrl(s));
    a.href = s; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }
  function sourceOf(index) { return (index === null || index === undefined) ? null : sources[index]; }
  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function nameOf(id) {
    if (has(info, id)) { return info[id].name; }
    if (has(forums, id)) { return forums[id][0]; }
    return id;
  }
  function fmt(metric, v) {
    if (v === null || v === undefined) { return "–"; }
    if (metric === "community") { return String(v); }
    if (typeof v !== "number") { return String(v); }
    return Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
  }

  // -- the network -------------------------------------------------------------------------
  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var container = document.getElementById("gk-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  var timings = {scriptStart: started, constructed: performance.now(), firstDraw: null};
  network.once("afterDrawing", function () {
    timings.firstDraw = performance.now();
    document.documentElement.setAttribute("data-gk-ready", "1");
  });
  network.fit({animation: false});

  var nodeColor = {}, edgeColor = {}, adj = {};
  nodeItems.forEach(function (n) { nodeColor[n.id] = n.color; adj[n.id] = []; });
  edgeItems.forEach(function (e) {
    edgeColor[e.id] = e.color === undefined ? null : e.color;
    adj[e.from].push([e.to, e.id]);
    adj[e.to].push([e.from, e.id]);
  });

  // -- relations of a node -------------------------------------------------------------------
  // A relation row: [other end, rel, role, since, until, date, source index].
  function relationsOf(id) {
    if (view === "cooperation") { return (info[id] && info[id].links) || []; }
    var rows = [];
    (adj[id] || []).forEach(function (pair) {
      (edgeInfo[pair[1]] || []).forEach(function (r) { rows.push([pair[0]].concat(r)); });
    });
    return rows;
  }
  var VERB = {MEMBER_OF: "member", ATTENDED: "attended", HOSTED: "hosted", SIGNED: "signed",
              RATIFIED: "ratified", ENDORSED: "endorsed"};
  function relationText(r) {
    var rel = r[1], role = r[2], since = r[3], until = r[4], date = r[5];
    var text = rel === "MEMBER_OF" ? (role || "member") : (VERB[rel] || String(rel || "related"));
    if (rel !== "MEMBER_OF" && role) { text += " (" + role + ")"; }
    if (since && until) { text += " " + since + " – " + until; }
    else if (since) { text += " since " + since; }
    else if (until) { text += " until " + until; }
    if (date) { text += " " + date; }
    return text;
  }

  // -- descriptions (tooltip and details panel) ----------------------------------------------
  function listBox(title, rows, full, render) {
    var box = el("div");
    box.appendChild(el("div", "gk-sub", title + " (" + rows.length + ")"));
    var ul = el("ul", "gk-list");
    var shown = full ? rows : rows.slice(0, SHORT);
    shown.forEach(function (r) { ul.appendChild(render(r)); });
    if (!full && rows.length > shown.length) { ul.appendChild(el("li", "gk-muted", "… and " + (rows.length - shown.length) + " more (click the node)")); }
    box.appendChild(ul);
    return box;
  }
  function sourcesBox(indices, full) {
    var seen = {}, urls = [];
    indices.forEach(function (i) { var u = sourceOf(i); if (u && !seen[u]) { seen[u] = true; urls.push(u); } });
    if (!urls.length) { return null; }
    return listBox("Sources", urls, full, function (u) {
      var li = el("li"); var a = link(u); li.appendChild(a || el("span", null, u)); return li;
    });
  }
  function describeNode(id, full) {
    var i = info[id] || {name: id, label: "?"};
    var box = el("div");
    box.appendChild(el("div", "gk-name", i.name));
    var sub = i.label + (i.kind ? " · " + i.kind : "") + (i.series ? " · series " + i.series : "") + " · id " + id;
    box.appendChild(el("div", "gk-sub", sub));
    if (i.region || i.subregion) { box.appendChild(el("div", "gk-sub", [i.region, i.subregion].filter(Boolean).join(" / "))); }
    var d = i.dates || {};
    var when = [];
    if (d.founded) { when.push("founded " + d.founded); }
    if (d.adopted) { when.push("adopted " + d.adopted); }
    if (d.start_date) { when.push(d.end_date && d.end_date !== d.start_date ? d.start_date + " – " + d.end_date : d.start_date); }
    if (i.city) { when.push(i.city); }
    if (when.length) { box.appendChild(el("div", "gk-sub", when.join(" · "))); }
    if (i.scores) {
      var table = el("table", "gk-table");
      gk.metrics.forEach(function (m) {
        if (!has(i.scores, m)) { return; }
        var tr = el("tr"); tr.appendChild(el("td", null, m)); tr.appendChild(el("td", null, fmt(m, i.scores[m])));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    var rows = relationsOf(id);
    if (rows.length) {
      var title = (i.label === "State" || i.label === "Stakeholder") ? "Memberships, meetings, instruments" : (has(gk.meta.counts, "stakeholders") ? "States and stakeholders" : "States");
      box.appendChild(listBox(title, rows, full, function (r) {
        var li = el("li");
        li.appendChild(el("span", null, nameOf(r[0]) + " — " + relationText(r)));
        return li;
      }));
      var s = sourcesBox(rows.map(function (r) { return r[6]; }), full);
      if (s) { box.appendChild(s); }
    }
    return box;
  }
  function describeEdge(edgeId, full) {
    var e = edges.get(edgeId);
    var box = el("div");
    if (!e) { return box; }
    box.appendChild(el("div", "gk-name", nameOf(e.from) + " — " + nameOf(e.to)));
    if (view === "cooperation") {
      var w = edgeInfo[edgeId] || [];
      box.appendChild(el("div", "gk-sub", "cooperation weight " + fmt("weight", w[0]) + " · " + (w[1] === null || w[1] === undefined ? "?" : w[1]) + " shared forums"));
      var mine = {};
      relationsOf(e.from).forEach(function (r) { mine[r[0]] = true; });
      var shared = [], seen = {};
      relationsOf(e.to).forEach(function (r) { if (mine[r[0]] && !seen[r[0]]) { seen[r[0]] = true; shared.push(r[0]); } });
      if (shared.length) {
        box.appendChild(listBox("Shared forums", shared, full, function (f) { return el("li", null, nameOf(f)); }));
      }
    } else {
      var rows = (edgeInfo[edgeId] || []).map(function (r) { return [e.to].concat(r); });
      box.appendChild(listBox("Relationships", rows, full, function (r) { return el("li", null, relationText(r)); }));
      var s = sourcesBox(rows.map(function (r) { return r[6]; }), true);
      if (s) { box.appendChild(s); }
    }
    return box;
  }

  // -- tooltip --------------------------------------------------------------------------------
  var tooltip = document.getElementById("gk-tooltip");
  function showTooltip(content, pointer) {
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    var W = container.clientWidth, H = container.clientHeight;
    var x = pointer.x + 14, y = pointer.y + 14;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    if (x + w > W) { x = Math.max(0, pointer.x - w - 14); }
    if (y + h > H) { y = Math.max(0, H - h - 4); }
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  network.on("hoverNode", function (p) { showTooltip(describeNode(p.node, false), p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("hoverEdge", function (p) { showTooltip(describeEdge(p.edge, false), p.pointer.DOM); });
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  // -- details panel ----------------------------------------------------------------------------
  var details = document.getElementById("gk-details");
  function showDetails(content) {
    details.replaceChildren(content);
  }
  function clearDetails() {
    details.replaceChildren(el("p", "gk-muted", "Click a node to highlight its neighbours and see its details here; hover for a summary."));
  }

  // -- neighbour highlighting -------------------------------------------------------------------
  var highlighted = null;
  function highlight(id) {
    var keep = {}; keep[id] = true;
    var keepEdges = {};
    (adj[id] || []).forEach(function (pair) { keep[pair[0]] = true; keepEdges[pair[1]] = true; });
    var nu = [], eu = [];
    nodeItems.forEach(function (n) {
      nu.push(keep[n.id] ? {id: n.id, color: nodeColor[n.id], font: FONT} : {id: n.id, color: FADED_NODE, font: FADED_FONT});
    });
    edgeItems.forEach(function (e) { eu.push({id: e.id, color: keepEdges[e.id] ? edgeColor[e.id] : FADED_EDGE}); });
    nodes.update(nu);
    edges.update(eu);
    highlighted = id;
  }
  function unhighlight() {
    if (highlighted === null) { return; }
    nodes.update(nodeItems.map(function (n) { return {id: n.id, color: nodeColor[n.id], font: FONT}; }));
    edges.update(edgeItems.map(function (e) { return {id: e.id, color: edgeColor[e.id]}; }));
    highlighted = null;
  }
  function selectNode(id) {
    network.selectNodes([id]);
    highlight(id);
    showDetails(describeNode(id, true));
  }
  function reset() {
    unhighlight();
    network.unselectAll();
    clearDetails();
  }
  network.on("click", function (p) {
    hideTooltip();
    if (p.nodes.length) { selectNode(p.nodes[0]); }
    else if (p.edges.length) { unhighlight(); showDetails(describeEdge(p.edges[0], true)); }
    else { reset(); }
  });

  // -- search -----------------------------------------------------------------------------------
  var ids = Object.keys(info);
  var datalist = document.getElementById("gk-names");
  ids.slice().sort(function (a, b) { return info[a].name.localeCompare(info[b].name); }).forEach(function (id) {
    var opt = document.createElement("option");
    opt.value = info[id].name + " (" + id + ")";
    datalist.appendChild(opt);
  });
  function find(query) {
    var q = String(query || "").trim();
    if (!q) { return null; }
    if (has(info, q)) { return q; }
    var m = /\(([^()]+)\)\s*$/.exec(q);
    if (m && has(info, m[1])) { return m[1]; }
    var ql = q.toLowerCase(), i, id;
    var tests = [
      function (id) { return id.toLowerCase() === ql; },
      function (id) { return info[id].name.toLowerCase() === ql; },
      function (id) { return info[id].name.toLowerCase().indexOf(ql) === 0; },
      function (id) { return info[id].name.toLowerCase().indexOf(ql) >= 0 || id.toLowerCase().indexOf(ql) >= 0; }
    ];
    for (var t = 0; t < tests.length; t++) {
      for (i = 0; i < ids.length; i++) { id = ids[i]; if (tests[t](id)) { return id; } }
    }
    return null;
  }
  var status = document.getElementById("gk-search-status");
  function focusNode(id) {
    if (hiddenNow[id]) {
      status.textContent = nameOf(id) + " is hidden by a filter.";
      return false;
    }
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: {duration: 400, easingFunction: "easeInOutQuad"}});
    selectNode(id);
    status.textContent = "Found " + nameOf(id) + " (" + id + ").";
    return true;
  }
  document.getElementById("gk-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("gk-query").value;
    var id = find(q);
    if (id === null) { status.textContent = "No node matches “" + q + "”."; return; }
    focusNode(id);
  });

  // -- physics and reset --------------------------------------------------------------------------
  var physics = document.getElementById("gk-physics");
  physics.checked = !!(options.physics && options.physics.enabled);
  physics.addEventListener("change", function () { network.setOptions({physics: {enabled: physics.checked}}); });
  document.getElementById("gk-reset").addEventListener("click", function () { reset(); network.fit({animation: {duration: 300}}); });

  // -- legend -----------------------------------------------------------------------------------
  var legendBox = document.getElementById("gk-legend");
  function legendItem(marker, label, count) {
    var row = el("div", "gk-legend-item");
    row.appendChild(marker);
    row.appendChild(el("span", null, label));
    if (count !== undefined && count !== null) { row.appendChild(el("span", "gk-count", count)); }
    return row;
  }
  legendBox.appendChild(el("h2", null, "Legend"));
  (gk.legend.colours || []).forEach(function (group) {
    legendBox.appendChild(el("div", "gk-sub", "Colour: " + group.title));
    group.items.forEach(function (item) {
      var sw;
      if (item.symbol) { sw = el("span", "gk-symbol", item.symbol); sw.style.color = item.color; }
      else { sw = el("span", "gk-swatch"); sw.style.backgroundColor = item.color; }
      legendBox.appendChild(legendItem(sw, item.label, item.count));
    });
  });
  if ((gk.legend.shapes || []).length > 1) {
    legendBox.appendChild(el("div", "gk-sub", "Shape: kind"));
    gk.legend.shapes.forEach(function (item) {
      var sym = el("span", "gk-symbol", item.symbol); sym.style.color = item.color;
      legendBox.appendChild(legendItem(sym, item.label, item.count));
    });
  }
  if ((gk.legend.edges || []).length) {
    legendBox.appendChild(el("div", "gk-sub", "Edge colour: relationship"));
    gk.legend.edges.forEach(function (item) {
      var line = el("span", "gk-line"); line.style.backgroundColor = item.color;
      legendBox.appendChild(legendItem(line, item.label, item.count));
    });
  }
  legendBox.appendChild(el("div", "gk-muted", "Size: " + gk.meta.size_text + "."));
  legendBox.appendChild(el("div", "gk-muted", "Faded nodes: not neighbours of the clicked node."));
  if (view === "cooperation") { legendBox.appendChild(el("div", "gk-muted", "Edge width: cooperation weight.")); }

  // -- filters ----------------------------------------------------------------------------------
  var filterBox = document.getElementById("gk-filters");
  var allowed = {label: null, region: null, community: null};
  var hiddenNow = {}, edgeHiddenNow = {};
  function keyOf(kind, i) {
    if (kind === "label") { return i.label; }
    if (i.label !== "State" && i.label !== "Stakeholder") { return null; }  // region and community filters apply to actors
    if (kind === "region") { return i.region || NONE; }
    return (i.scores && i.scores.community !== undefined && i.scores.community !== null) ? String(i.scores.community) : NONE;
  }
  function visible(id) {
    var i = info[id];
    for (var kind in allowed) {
      if (!has(allowed, kind) || allowed[kind] === null) { continue; }
      var k = keyOf(kind, i);
      if (k !== null && !allowed[kind][k]) { return false; }
    }
    return true;
  }
  function applyFilters() {
    var nu = [], eu = [];
    nodeItems.forEach(function (n) {
      var hide = !visible(n.id);
      if (hide !== !!hiddenNow[n.id]) { nu.push({id: n.id, hidden: hide}); }
      hiddenNow[n.id] = hide;
    });
    edgeItems.forEach(function (e) {
      var hide = !!(hiddenNow[e.from] || hiddenNow[e.to]);
      if (hide !== !!edgeHiddenNow[e.id]) { eu.push({id: e.id, hidden: hide}); }
      edgeHiddenNow[e.id] = hide;
    });
    if (nu.length) { nodes.update(nu); }
    if (eu.length) { edges.update(eu); }
  }
  function filterGroup(kind, title, labelOf) {
    var counts = {}, order = [];
    ids.forEach(function (id) {
      var k = keyOf(kind, info[id]);
      if (k === null) { return; }
      if (!has(counts, k)) { counts[k] = 0; order.push(k); }
      counts[k] += 1;
    });
    if (order.length < 2) { return; }
    order.sort(function (a, b) { return kind === "community" ? (Number(a) - Number(b)) || (a < b ? -1 : 1) : (a === NONE) - (b === NONE) || (a < b ? -1 : a > b ? 1 : 0); });
    allowed[kind] = {};
    var fs = el("fieldset", "gk-filter-group");
    fs.appendChild(el("legend", null, title));
    var buttons = el("div", "gk-row");
    var list = el("div", "gk-filter-list");
    var boxes = [];
    order.forEach(function (k) {
      allowed[kind][k] = true;
      var row = el("label", "gk-filter-item");
      var cb = document.createElement("input");
      cb.type = "checkbox"; cb.checked = true;
      cb.setAttribute("data-filter", kind);
      cb.addEventListener("change", function () { allowed[kind][k] = cb.checked; applyFilters(); });
      boxes.push([cb, k]);
      row.appendChild(cb);
      row.appendChild(el("span", null, labelOf(k)));
      row.appendChild(el("span", "gk-count", counts[k]));
      list.appendChild(row);
    });
    function setAll(value) { boxes.forEach(function (b) { b[0].checked = value; allowed[kind][b[1]] = value; }); applyFilters(); }
    var all = el("button", null, "all"); all.type = "button"; all.addEventListener("click", function () { setAll(true); });
    var none = el("button", null, "none"); none.type = "button"; none.addEventListener("click", function () { setAll(false); });
    buttons.appendChild(all); buttons.appendChild(none);
    fs.appendChild(buttons);
    fs.appendChild(list);
    filterBox.appendChild(fs);
  }
  filterBox.appendChild(el("h2", null, "Filters"));
  filterGroup("label", "Kind", function (k) { return k; });
  filterGroup("region", "Region (states)", function (k) { return k; });
  filterGroup("community", "Community (states)", function (k) { return k === NONE ? k : "Community " + k; });
  if (filterBox.childNodes.length === 1) { filterBox.appendChild(el("p", "gk-muted", "Nothing to filter in this view.")); }

  // -- for tests and benchmarks --------------------------------------------------------------------
  window.graphkit = {
    network: network, nodes: nodes, edges: edges, payload: gk, timings: timings,
    find: find, focusNode: focusNode, highlight: highlight, reset: reset, applyFilters: applyFilters,
    highlighted: function () { return highlighted; },
    hidden: function () { return Object.keys(hiddenNow).filter(function (k) { return hiddenNow[k]; }); },
    fadedColor: FADED_NODE
  };
}());
