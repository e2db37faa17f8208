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
  var tl = gk.timeline || null;          // the time slider's data (graphkit/views/timeline.py)
  var communities = gk.communities || {};
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
  // A relation row: [other end, rel, role, since, until, date, source index(, from, to)];
  // from/to (ISO dates or null) say when it holds, in a page with a time slider.
  function heldRow(r) {
    if (!tl || r.length < 9) { return true; }
    return (r[7] === null || r[7] <= currentDate) && (r[8] === null || currentDate < r[8]);
  }
  function relationsOf(id) {
    if (view === "cooperation") { return ((info[id] && info[id].links) || []).filter(heldRow); }
    var rows = [];
    (adj[id] || []).forEach(function (pair) {
      (edgeInfo[pair[1]] || []).forEach(function (r) { var row = [pair[0]].concat(r); if (heldRow(row)) { rows.push(row); } });
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
    var scores = scoresAt(id);
    if (scores) {
      var table = el("table", "gk-table");
      gk.metrics.forEach(function (m) {
        if (!has(scores, m)) { return; }
        var value = m === "community" ? communityName(scores[m]) : fmt(m, scores[m]);
        var tr = el("tr"); tr.appendChild(el("td", null, m)); tr.appendChild(el("td", null, value));
        table.appendChild(tr);
      });
      box.appendChild(table);
      if (atOtherDate() && i.scores) { box.appendChild(el("div", "gk-muted", "Scores of " + currentDate + "; betweenness, closeness and community are computed for " + tl.dates[tl.start] + " only.")); }
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
      var weight = atOtherDate() ? weightAt(edgeId) : w[0];
      var count = atOtherDate() ? null : w[1];
      box.appendChild(el("div", "gk-sub", "cooperation weight " + fmt("weight", weight) + (count === null || count === undefined ? "" : " · " + count + " shared forums") + (tl ? " (" + currentDate + ")" : "")));
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
  nodeItems.forEach(function (n) { hiddenNow[n.id] = !!n.hidden; });
  edgeItems.forEach(function (e) { edgeHiddenNow[e.id] = !!e.hidden; });
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
  // What is drawn: a node passes the filters and exists on the chosen date; an edge holds then and joins two drawn nodes.
  function applyFilters(extraNodes, extraEdges) {
    var nu = extraNodes || [], eu = extraEdges || [];
    var nodeIndex = {}, edgeIndex = {};
    nu.forEach(function (u, k) { nodeIndex[u.id] = k; });
    eu.forEach(function (u, k) { edgeIndex[u.id] = k; });
    function push(list, index, id, hide) {
      if (has(index, id)) { list[index[id]].hidden = hide; } else { index[id] = list.length; list.push({id: id, hidden: hide}); }
    }
    nodeItems.forEach(function (n) {
      var hide = !visible(n.id) || !!timeHiddenNode[n.id];
      if (hide !== !!hiddenNow[n.id] || has(nodeIndex, n.id)) { push(nu, nodeIndex, n.id, hide); }
      hiddenNow[n.id] = hide;
    });
    edgeItems.forEach(function (e) {
      var hide = !!(hiddenNow[e.from] || hiddenNow[e.to] || timeHiddenEdge[e.id]);
      if (hide !== !!edgeHiddenNow[e.id] || has(edgeIndex, e.id)) { push(eu, edgeIndex, e.id, hide); }
      edgeHiddenNow[e.id] = hide;
    });
    if (nu.length) { nodes.update(nu); }
    if (eu.length) { edges.update(eu); }
    drawnText();
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
  filterGroup("community", "Community (states)", function (k) { return k === NONE ? k : communityName(k); });
  if (filterBox.childNodes.length === 1) { filterBox.appendChild(el("p", "gk-muted", "Nothing to filter in this view.")); }


  // -- the time slider ---------------------------------------------------------------------------
  // Series are change lists [[snapshot index, value], ...] (graphkit/views/timeline.py).
  var timeHiddenNode = {}, timeHiddenEdge = {};
  nodeItems.forEach(function (n) { timeHiddenNode[n.id] = !!n.hidden; });
  edgeItems.forEach(function (e) { timeHiddenEdge[e.id] = !!e.hidden; });
  var currentDate = tl ? tl.dates[tl.start] : null;
  var shownSize = {}, shownWidth = {};   // what the DataSets hold now: only changes are sent to vis-network
  nodeItems.forEach(function (n) { shownSize[n.id] = n.size; });
  edgeItems.forEach(function (e) { shownWidth[e.id] = e.width; });
  var currentIndex = tl ? tl.start : null;
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  function at(list, i) {
    var value = null;
    if (!list || i === null) { return null; }
    for (var k = 0; k < list.length && list[k][0] <= i; k++) { value = list[k][1]; }
    return value;
  }
  function atOtherDate() { return !!tl && currentIndex !== tl.start; }
  function communityName(c) {
    if (c === null || c === undefined) { return NONE; }
    return has(communities, String(c)) ? communities[String(c)] : "Community " + c;
  }
  function scoresAt(id) {
    var i = info[id] || {};
    if (!atOtherDate() || !i.scores) { return i.scores || null; }
    var out = {};
    tl.metrics.forEach(function (m) { if (tl.scores[m] && has(tl.scores[m], id)) { out[m] = at(tl.scores[m][id], currentIndex); } });
    return out;
  }
  function weightAt(edgeId) { return tl && tl.edges ? at(tl.edges[String(edgeId)], currentIndex) : null; }
  function spellHolds(spells, day) {
    for (var k = 0; k < spells.length; k++) {
      var s = spells[k][0], e = spells[k][1];
      if ((s === null || s <= day) && (e === null || day < e)) { return true; }
    }
    return false;
  }
  function snapshotAt(day) {
    var found = null;
    for (var i = 0; i < tl.dates.length; i++) { if (tl.dates[i] <= day) { found = i; } }
    return found;
  }
  function drawnText() {
    var c = visibleCounts();
    var out = document.getElementById("gk-drawn");
    if (out) { out.textContent = c.nodes + " nodes, " + c.edges + " edges" + (tl ? " on " + currentDate : ""); }
  }
  function visibleCounts() {
    var n = 0, e = 0;
    nodeItems.forEach(function (x) { if (!hiddenNow[x.id]) { n += 1; } });
    edgeItems.forEach(function (x) { if (!edgeHiddenNow[x.id]) { e += 1; } });
    return {nodes: n, edges: e};
  }
  var top = gk.meta.top_weight || 1;
  function width(w) { return Math.round((tl.width[0] + tl.width[1] * Math.sqrt(Math.max(w, 0) / top)) * 100) / 100; }
  function setDate(day) {
    if (!tl) { throw new Error("this view has no time slider"); }
    day = String(day);
    if (!DATE.test(day)) { throw new Error("give a date as YYYY-MM-DD, not " + day); }
    var t0 = performance.now();
    currentDate = day;
    currentIndex = snapshotAt(day);
    var eu = [], nu = [], shownEdge = {}, degree = {};
    edgeItems.forEach(function (e) {
      var show;
      if (view === "cooperation") {
        var w = currentIndex === null ? 0 : at(tl.edges[String(e.id)], currentIndex);
        show = w > 0;
        if (show) {
          var wd = width(w);
          if (wd !== shownWidth[e.id]) { eu.push({id: e.id, width: wd}); shownWidth[e.id] = wd; }
        }
      } else {
        show = spellHolds(tl.spells[e.id], day);
      }
      timeHiddenEdge[e.id] = !show;
      if (show) { degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1; shownEdge[e.id] = true; }
    });
    nodeItems.forEach(function (n) {
      var show;
      if ((adj[n.id] || []).length) { show = !!degree[n.id]; }
      else { var start = tl.nodes && has(tl.nodes, n.id) ? tl.nodes[n.id][0] : null; show = start === null || start <= day; }
      timeHiddenNode[n.id] = !show;
      var size = tl.sizes && has(tl.sizes, n.id) ? at(tl.sizes[n.id], currentIndex === null ? 0 : currentIndex) : null;
      if (size !== null && size !== shownSize[n.id]) { nu.push({id: n.id, size: size}); shownSize[n.id] = size; }
    });
    applyFilters(nu, eu);
    var out = document.getElementById("gk-date");
    if (out) { out.textContent = day; }
    if (range && range.value !== day.slice(0, 4)) { range.value = day.slice(0, 4); }
    if (highlighted !== null) { var h = highlighted; highlighted = null; highlight(h); }
    timings.lastSetDate = performance.now() - t0;
    return visibleCounts();
  }
  var range = document.getElementById("gk-timeline-range"), play = document.getElementById("gk-play"), playing = null;
  function lastYear() { return Number(tl.dates[tl.dates.length - 1].slice(0, 4)); }
  function dateOfYear(year) { return year >= lastYear() ? tl.dates[tl.dates.length - 1] : year + "-12-31"; }
  function stop() { if (playing !== null) { clearInterval(playing); playing = null; play.textContent = "▶ Play"; } }
  if (tl) {
    document.getElementById("gk-timeline").hidden = false;
    range.min = String(tl.first);
    range.max = String(lastYear());
    range.value = currentDate.slice(0, 4);
    document.getElementById("gk-date").textContent = currentDate;
    range.addEventListener("input", function () {
      var year = Number(range.value);
      setDate(year === Number(tl.dates[tl.start].slice(0, 4)) ? tl.dates[tl.start] : dateOfYear(year));
    });
    play.addEventListener("click", function () {
      if (playing !== null) { stop(); return; }
      if (Number(range.value) >= lastYear()) { range.value = String(tl.first); }
      play.textContent = "❚❚ Pause";
      playing = setInterval(function () {
        var year = Number(range.value) + 1;
        if (year > lastYear()) { stop(); return; }
        range.value = String(year);
        setDate(dateOfYear(year));
      }, 700);
    });
  }
  drawnText();


  // -- Export PNG: the canvas as drawn now, with the title block and the legend --------------------
  function wrap(ctx, text, maxWidth) {
    var words = String(text).split(/\s+/), lines = [], line = "";
    words.forEach(function (w) {
      var next = line ? line + " " + w : w;
      if (ctx.measureText(next).width > maxWidth && line) { lines.push(line); line = w; } else { line = next; }
    });
    if (line) { lines.push(line); }
    return lines;
  }
  function titleLines() {
    var m = gk.meta;
    var lines = [["Data: " + m.as_of + (tl ? " · shown: " + currentDate : ""), 13], ["Drawn: " + document.getElementById("gk-drawn").textContent + " · Size: " + m.size_text, 13],
                 ["Weighting: " + m.weighting, 12]];
    if (m.ties_text) { lines.push(["Ties: " + m.ties_text, 12]); }
    lines.push(["graphkit " + m.version + " · generated " + m.generated, 11]);
    return lines;
  }
  function legendRows() {
    var rows = [];
    (gk.legend.colours || []).forEach(function (group) {
      rows.push({head: "Colour: " + group.title});
      group.items.forEach(function (item) { rows.push({color: item.color, symbol: item.symbol, label: item.label, count: item.count}); });
    });
    if ((gk.legend.shapes || []).length > 1) {
      rows.push({head: "Shape: kind"});
      gk.legend.shapes.forEach(function (item) { rows.push({color: item.color, symbol: item.symbol, label: item.label, count: item.count}); });
    }
    if ((gk.legend.edges || []).length) {
      rows.push({head: "Edge colour: relationship"});
      gk.legend.edges.forEach(function (item) { rows.push({line: item.color, label: item.label, count: item.count}); });
    }
    return rows;
  }
  function composeImage() {
    var source = container.querySelector("canvas");
    var ratio = source.width / Math.max(1, source.clientWidth);
    var W = source.clientWidth, side = 300, pad = 14;
    var probe = document.createElement("canvas").getContext("2d");
    var font = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";
    var head = [];
    probe.font = "bold 18px " + font;
    wrap(probe, gk.meta.title, W + side - 2 * pad).forEach(function (t) { head.push([t, 18, true]); });
    titleLines().forEach(function (pair) {
      probe.font = pair[1] + "px " + font;
      wrap(probe, pair[0], W + side - 2 * pad).forEach(function (t) { head.push([t, pair[1], false]); });
    });
    var headH = pad + head.reduce(function (h, l) { return h + l[1] * 1.4; }, 0) + 6;
    var rows = legendRows();
    var H = Math.max(source.clientHeight, rows.length * 18 + 6 * pad) + headH;
    var out = document.createElement("canvas");
    out.width = Math.round((W + side) * ratio); out.height = Math.round(H * ratio);
    var ctx = out.getContext("2d");
    ctx.scale(ratio, ratio);
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, W + side, H);
    var y = pad;
    head.forEach(function (l) {
      ctx.font = (l[2] ? "bold " : "") + l[1] + "px " + font;
      ctx.fillStyle = l[2] ? "#1f2937" : "#374151";
      ctx.textBaseline = "top";
      ctx.fillText(l[0], pad, y);
      y += l[1] * 1.4;
    });
    ctx.strokeStyle = "#e5e7eb"; ctx.beginPath(); ctx.moveTo(0, headH - 3); ctx.lineTo(W + side, headH - 3); ctx.stroke();
    ctx.drawImage(source, 0, headH, W, source.clientHeight);
    var x = W + pad; y = headH + pad;
    ctx.font = "bold 13px " + font; ctx.fillStyle = "#4b5563"; ctx.fillText("LEGEND", x, y); y += 20;
    rows.forEach(function (r) {
      ctx.textBaseline = "middle";
      if (r.head) {
        ctx.font = "12px " + font; ctx.fillStyle = "#4b5563";
        wrap(ctx, r.head, side - 2 * pad).forEach(function (t) { ctx.fillText(t, x, y + 7); y += 16; });
        y += 2;
        return;
      }
      if (r.line) { ctx.fillStyle = r.line; ctx.fillRect(x, y + 6, 16, 3); }
      else if (r.symbol) { ctx.font = "13px " + font; ctx.fillStyle = r.color; ctx.fillText(r.symbol, x + 2, y + 7); }
      else { ctx.fillStyle = r.color; ctx.beginPath(); ctx.arc(x + 6, y + 7, 6, 0, 2 * Math.PI); ctx.fill(); }
      ctx.font = "12.5px " + font; ctx.fillStyle = "#1f2937";
      var label = String(r.label);
      while (label.length > 4 && ctx.measureText(label).width > side - 2 * pad - 50) { label = label.slice(0, -2); }
      if (label !== String(r.label)) { label += "…"; }
      ctx.fillText(label, x + 22, y + 7);
      if (r.count !== undefined && r.count !== null) { ctx.fillStyle = "#6b7280"; ctx.textAlign = "right"; ctx.fillText(String(r.count), W + side - pad, y + 7); ctx.textAlign = "left"; }
      y += 18;
    });
    return out;
  }
  function pngName() {
    return "graphkit-" + view + (tl ? "-" + currentDate : "") + ".png";
  }
  document.getElementById("gk-export-png").addEventListener("click", function () {
    composeImage().toBlob(function (blob) {
      var url = URL.createObjectURL(blob);
      var a = el("a");
      a.href = url; a.download = pngName();
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
    }, "image/png");
  });
  // `graphkit render --png` opens the page as FILE#gk-export-png and reads the picture from the DOM.
  if (location.hash === "#gk-export-png") {
    network.once("afterDrawing", function () {
      var box = el("textarea");
      box.id = "gk-png-data";
      box.hidden = true;
      box.textContent = composeImage().toDataURL("image/png");
      document.body.appendChild(box);
    });
  }

  // -- for tests and benchmarks --------------------------------------------------------------------
  window.graphkit = {
    network: network, nodes: nodes, edges: edges, payload: gk, timings: timings,
    find: find, focusNode: focusNode, highlight: highlight, reset: reset, applyFilters: applyFilters,
    highlighted: function () { return highlighted; },
    setDate: setDate, visibleCounts: visibleCounts, relationsOf: relationsOf,
    weightOf: function (edgeId) { return atOtherDate() ? weightAt(edgeId) : (edgeInfo[edgeId] || [])[0]; },
    date: function () { return currentDate; },
    exportPng: function () { return composeImage().toDataURL("image/png"); },
    hidden: function () { return Object.keys(hiddenNow).filter(function (k) { return hiddenNow[k]; }); },
    fadedColor: FADED_NODE
  };
}());
