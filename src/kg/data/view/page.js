/* kg network page: draws window.KG_DATA with vis-network; wires the search, the filters and the panel.
 *
 * Every string from the articles (sentences, titles, names, URLs) is put in the page with
 * textContent or as an attribute value, never as HTML; a URL becomes a link only if it is http(s).
 */
(function () {
  "use strict";

  var data = window.KG_DATA;
  var nodesById = {};
  var edgesById = {};
  var state = { relations: {}, kinds: {}, from: "", to: "", minConfidence: 0 };
  var panel = { pinned: false, showing: null, text: "" };
  var network = null;
  var nodeSet = null;
  var edgeSet = null;
  var hiddenNodes = {};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function isHttp(url) {
    return typeof url === "string" && /^https?:\/\/[^\s\/]/i.test(url);
  }

  function relationName(relation) {
    return data.relationLabels[relation] || relation;
  }

  // --- which claims pass the filters

  function claimPasses(evidence) {
    var article = data.articles[evidence.article] || {};
    if (state.from || state.to) {
      if (!article.date) { return false; }
      if (state.from && article.date < state.from) { return false; }
      if (state.to && article.date > state.to) { return false; }
    }
    if (state.minConfidence > 0) {
      if (evidence.confidence === null || evidence.confidence < state.minConfidence - 1e-9) { return false; }
    }
    return true;
  }

  function claimFilterActive() {
    return Boolean(state.from || state.to || state.minConfidence > 0);
  }

  function edgeVisible(edge) {
    if (!state.relations[edge.relation]) { return false; }
    if (!state.kinds[nodesById[edge.from].kind] || !state.kinds[nodesById[edge.to].kind]) { return false; }
    if (!claimFilterActive()) { return true; }
    return edge.evidence.some(claimPasses);
  }

  var hiddenEdges = {};

  function applyFilters() {
    // only what changed goes to vis-network: on a 5,000-actor page that is the difference
    // between a fraction of a second and several
    var touched = {};
    var edgeUpdates = [];
    var shownEdges = 0;
    data.edges.forEach(function (edge) {
      var shown = edgeVisible(edge);
      if (shown) { shownEdges++; touched[edge.from] = true; touched[edge.to] = true; }
      if ((edge.id in hiddenEdges) ? hiddenEdges[edge.id] === shown : !shown) {  // new items start shown
        edgeUpdates.push({ id: edge.id, hidden: !shown });
      }
      hiddenEdges[edge.id] = !shown;
    });
    var shownNodes = 0;
    var nodeUpdates = [];
    data.nodes.forEach(function (node) {
      var ownClaims = node.unstated.filter(function (item) {
        return state.relations[item.relation] && claimPasses(item.evidence);
      });
      var hasAny = node.unstated.length || node.degree;
      var shown = Boolean(state.kinds[node.kind] && (touched[node.id] || ownClaims.length > 0 || !hasAny));
      if (shown) { shownNodes++; }
      if ((node.id in hiddenNodes) ? hiddenNodes[node.id] === shown : !shown) {
        nodeUpdates.push({ id: node.id, hidden: !shown });
      }
      hiddenNodes[node.id] = !shown;
    });
    if (nodeUpdates.length) { nodeSet.update(nodeUpdates); }
    if (edgeUpdates.length) { edgeSet.update(edgeUpdates); }
    document.getElementById("kg-showing").textContent =
      "Showing " + shownNodes + " of " + plural(data.nodes.length, "actor") + ", " +
      shownEdges + " of " + plural(data.edges.length, "relation") + ".";
  }

  function wireFilters() {
    Array.prototype.forEach.call(document.querySelectorAll("#kg-legend input[data-relation]"), function (box) {
      state.relations[box.getAttribute("data-relation")] = box.checked;
      box.addEventListener("change", function () {
        state.relations[box.getAttribute("data-relation")] = box.checked;
        applyFilters();
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("#kg-legend input[data-kind]"), function (box) {
      state.kinds[box.getAttribute("data-kind")] = box.checked;
      box.addEventListener("change", function () {
        state.kinds[box.getAttribute("data-kind")] = box.checked;
        applyFilters();
      });
    });
    data.nodes.forEach(function (node) {
      if (!(node.kind in state.kinds)) { state.kinds[node.kind] = true; }
    });
    var from = document.getElementById("kg-date-from");
    var to = document.getElementById("kg-date-to");
    if (data.dateRange) {
      from.min = to.min = data.dateRange[0];
      from.max = to.max = data.dateRange[1];
    } else {
      from.disabled = to.disabled = true;
      from.title = to.title = "No article has a date";
    }
    from.addEventListener("change", function () { state.from = from.value; applyFilters(); });
    to.addEventListener("change", function () { state.to = to.value; applyFilters(); });
    var confidence = document.getElementById("kg-min-confidence");
    var shown = document.getElementById("kg-min-confidence-value");
    confidence.addEventListener("input", function () {
      state.minConfidence = Number(confidence.value);
      shown.textContent = state.minConfidence.toFixed(2);
      applyFilters();
    });
  }

  // --- the side panel

  function sentenceElement(evidence) {
    var sentence = el("span", "kg-sentence");
    var text = evidence.sentence;
    var start = evidence.triggerStart;
    var end = evidence.triggerEnd;
    if (typeof start === "number" && typeof end === "number" && start >= 0 && end <= text.length && start < end) {
      sentence.appendChild(document.createTextNode(text.slice(0, start)));
      sentence.appendChild(el("mark", "kg-trigger", text.slice(start, end)));
      sentence.appendChild(document.createTextNode(text.slice(end)));
    } else {
      sentence.textContent = text;
    }
    return sentence;
  }

  function articleLine(evidence) {
    var article = data.articles[evidence.article] || {};
    var line = el("span", "kg-meta");
    line.appendChild(el("span", "kg-article-title", article.title || evidence.article));
    if (article.date) { line.appendChild(el("span", "kg-article-date", " \u00b7 " + article.date)); }
    if (article.link && isHttp(article.link)) {
      line.appendChild(document.createTextNode(" \u00b7 "));
      var link = el("a", "kg-article-link", "open article");
      link.href = article.link;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      line.appendChild(link);
    } else if (article.url) {
      line.appendChild(el("span", "kg-article-url", " \u00b7 " + article.url));
    }
    return line;
  }

  function howLine(evidence) {
    var how = ["rule " + evidence.rule];
    if (evidence.confidence !== null) { how.push("confidence " + evidence.confidence.toFixed(2)); }
    return el("span", "kg-meta kg-how", how.join(" \u00b7 "));
  }

  function evidenceText(evidence) {
    var article = data.articles[evidence.article] || {};
    var source = [article.title || evidence.article];
    if (article.date) { source.push(article.date); }
    if (article.url) { source.push(article.url); }
    var how = "rule " + evidence.rule + (evidence.confidence !== null ? ", confidence " + evidence.confidence.toFixed(2) : "");
    return "\u201c" + evidence.sentence + "\u201d \u2014 " + source.join(", ") + " [" + how + "]";
  }

  function evidenceList(items) {
    var list = el("ol", "kg-evidence");
    items.forEach(function (evidence) {
      var item = el("li");
      if (!claimPasses(evidence)) { item.className = "kg-filtered"; }
      item.appendChild(sentenceElement(evidence));
      item.appendChild(articleLine(evidence));
      item.appendChild(howLine(evidence));
      list.appendChild(item);
    });
    return list;
  }

  // "A supports B", the relation in its colour: the head of the panel and of the tooltip
  function edgeHead(tag, headClass, relationClass, edge) {
    var head = el(tag, headClass);
    var relation = el("span", relationClass, relationName(edge.relation));
    relation.style.color = edge.color.color;
    head.append(nodesById[edge.from].name, " ", relation, " ", nodesById[edge.to].name);
    return head;
  }

  function showEdge(edge) {
    var body = el("div", "kg-panel-content");
    body.appendChild(edgeHead("h2", "kg-panel-head", "kg-relation", edge));
    body.appendChild(el("p", "kg-sub", plural(edge.evidenceCount, "claim") +
      (edge.evidenceCount ? " (sentences stating it)" : " (stated without a sentence)")));
    body.appendChild(evidenceList(edge.evidence));
    var lines = [nodesById[edge.from].name + " " + relationName(edge.relation) + " " + nodesById[edge.to].name];
    edge.evidence.forEach(function (evidence) { lines.push(evidenceText(evidence)); });
    setPanel({ type: "edge", id: edge.id }, body, lines.join("\n"));
  }

  function relationButton(edge, outgoing) {
    var other = nodesById[outgoing ? edge.to : edge.from];
    var button = el("button", "kg-link-button");
    button.type = "button";
    button.setAttribute("data-edge", edge.id);
    button.textContent = (outgoing ? relationName(edge.relation) + " \u2192 " + other.name
                                   : other.name + " \u2192 " + relationName(edge.relation)) +
      " (" + plural(edge.evidenceCount, "claim") + ")";
    button.addEventListener("click", function () { selectEdge(edge.id); });
    return button;
  }

  function showNode(node) {
    var body = el("div", "kg-panel-content");
    body.appendChild(el("h2", "kg-panel-head", node.name));
    body.appendChild(el("p", "kg-sub", node.kind + " \u00b7 involved in " + plural(node.value, "claim")));
    var lines = [node.name + " (" + node.kind + ")"];
    if (node.aliases.length) {
      body.appendChild(el("p", "kg-aliases", "Also called: " + node.aliases.join(", ")));
      lines.push("Also called: " + node.aliases.join(", "));
    }
    if (node.unstated.length) {
      body.appendChild(el("h3", null, "With no stated object"));
      node.unstated.forEach(function (item) {
        body.appendChild(el("p", "kg-badge", "\u2691 " + (data.unstatedLabels[item.relation] || item.relation)));
        body.appendChild(evidenceList([item.evidence]));
        lines.push((data.unstatedLabels[item.relation] || item.relation) + ": " + evidenceText(item.evidence));
      });
    }
    var outgoing = data.edges.filter(function (edge) { return edge.from === node.id; });
    var incoming = data.edges.filter(function (edge) { return edge.to === node.id; });
    [[outgoing, true, "Its relations"], [incoming, false, "Relations to it"]].forEach(function (group) {
      if (!group[0].length) { return; }
      body.appendChild(el("h3", null, group[2]));
      var list = el("ul", "kg-relations");
      group[0].forEach(function (edge) {
        var item = el("li");
        item.appendChild(relationButton(edge, group[1]));
        list.appendChild(item);
        lines.push((group[1] ? node.name + " " + relationName(edge.relation) + " " + nodesById[edge.to].name
                             : nodesById[edge.from].name + " " + relationName(edge.relation) + " " + node.name) +
                   " (" + plural(edge.evidenceCount, "claim") + ")");
      });
      body.appendChild(list);
    });
    setPanel({ type: "node", id: node.id }, body, lines.join("\n"));
  }

  function setPanel(what, body, text) {
    var box = document.getElementById("kg-panel");
    var holder = document.getElementById("kg-panel-body");
    holder.replaceChildren(body);
    box.hidden = false;
    box.setAttribute("data-showing", what.type + ":" + what.id);
    panel.showing = what;
    panel.text = text;
  }

  function openNode(id) {
    if (panel.pinned) { return; }
    showNode(nodesById[id]);
  }

  function openEdge(id) {
    if (panel.pinned) { return; }
    showEdge(edgesById[id]);
  }

  function selectEdge(id) {
    network.setSelection({ nodes: [], edges: [id] }, { unselectAll: true, highlightEdges: false });
    showEdge(edgesById[id]);
  }

  function copyText(text) {
    var status = document.getElementById("kg-status");
    function done() { status.textContent = "Copied to the clipboard."; }
    function fallback() {
      var area = el("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      document.body.removeChild(area);
      status.textContent = ok ? "Copied to the clipboard." : "Could not copy: select the text and copy it.";
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function wirePanel() {
    var pin = document.getElementById("kg-pin");
    pin.addEventListener("click", function () {
      panel.pinned = !panel.pinned;
      pin.setAttribute("aria-pressed", panel.pinned ? "true" : "false");
      pin.textContent = panel.pinned ? "Unpin" : "Pin";
      document.getElementById("kg-panel").classList.toggle("kg-pinned", panel.pinned);
    });
    document.getElementById("kg-copy").addEventListener("click", function () { copyText(panel.text); });
    document.getElementById("kg-close").addEventListener("click", function () {
      panel.pinned = false;
      pin.setAttribute("aria-pressed", "false");
      pin.textContent = "Pin";
      document.getElementById("kg-panel").classList.remove("kg-pinned");
      document.getElementById("kg-panel").hidden = true;
    });
  }

  // --- search

  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function findActor(query) {
    var wanted = fold(query.trim());
    if (!wanted) { return null; }
    var exact = data.nodes.filter(function (node) {
      return fold(node.name) === wanted || node.aliases.some(function (alias) { return fold(alias) === wanted; });
    });
    if (exact.length) { return exact[0]; }
    var partial = data.nodes.filter(function (node) {
      return fold(node.name).indexOf(wanted) >= 0 ||
        node.aliases.some(function (alias) { return fold(alias).indexOf(wanted) >= 0; });
    });
    partial.sort(function (a, b) { return b.value - a.value; });
    return partial.length ? partial[0] : null;
  }

  function wireSearch() {
    var names = document.getElementById("kg-actor-names");
    data.nodes.forEach(function (node) {
      var option = el("option");
      option.value = node.name;
      names.appendChild(option);
    });
    var form = document.getElementById("kg-search");
    var input = document.getElementById("kg-search-input");
    var status = document.getElementById("kg-status");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var node = findActor(input.value);
      if (!node) {
        status.textContent = "No actor matches \u201c" + input.value + "\u201d.";
        return;
      }
      var hidden = nodeSet.get(node.id).hidden;
      status.textContent = "Found " + node.name + (hidden ? " (hidden by the filters)" : "") + ".";
      if (!network) { return; }
      showNode(node);
      network.selectNodes([node.id]);
      window.requestAnimationFrame(function () {  // once the panel has taken its place
        network.redraw();
        network.focus(node.id, { scale: Math.max(network.getScale(), 1.2), animation: false });
      });
    });
  }

  // --- tooltips (hover) for small pages

  function nodeTooltip(node) {
    var tip = el("div", "kg-tip");
    tip.appendChild(el("div", "kg-tip-head", node.name));
    tip.appendChild(el("div", "kg-tip-sub", node.kind));
    if (node.aliases.length) {
      tip.appendChild(el("div", "kg-tip-aliases", "Also called: " + node.aliases.join(", ")));
    }
    return tip;
  }

  function edgeTooltip(edge) {
    var tip = el("div", "kg-tip");
    tip.appendChild(edgeHead("div", "kg-tip-head", "kg-tip-relation", edge));
    tip.appendChild(el("div", "kg-tip-sub", plural(edge.evidenceCount, "claim") + " \u00b7 click for all"));
    var list = el("ol", "kg-tip-evidence");
    edge.evidence.slice(0, data.tooltipEvidence || 3).forEach(function (evidence) {
      var item = el("li");
      var article = data.articles[evidence.article] || {};
      item.appendChild(el("span", "kg-tip-sentence", evidence.sentence));
      item.appendChild(el("span", "kg-tip-meta", [evidence.article, article.title ? "\u201c" + article.title + "\u201d" : null]
        .filter(Boolean).join(" \u2014 ")));
      item.appendChild(el("span", "kg-tip-meta", "rule " + evidence.rule +
        (evidence.confidence !== null ? " \u00b7 confidence " + evidence.confidence.toFixed(2) : "")));
      list.appendChild(item);
    });
    tip.appendChild(list);
    return tip;
  }

  // --- labels of crowded networks: by importance and zoom, never overlapping

  var LABEL_FONT = "system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif";
  var MAX_LABELS = 400;  // per frame: enough to fill a screen
  var byImportance = [];

  function labelSize(node, low, high, fitScale) {
    // on screen, seen whole: from minPx (too small to draw) for the least involved actor to maxPx
    // for the most; kept in canvas units, so labels grow as the reader zooms in
    var sizes = data.labelSizes;
    var share = high > low ? Math.sqrt((node.value - low) / (high - low)) : 1;
    return (sizes.minPx + (sizes.maxPx - sizes.minPx) * share) / fitScale;
  }

  function drawLabels(ctx) {
    if (!byImportance.length) { return; }  // sized once the network is laid out and fitted
    var scale = network.getScale();
    var topLeft = network.DOMtoCanvas({ x: 0, y: 0 });
    var container = document.getElementById("kg-network");
    var bottomRight = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    var taken = [];
    var drawn = [];
    var bodies = network.body.nodes;
    ctx.save();
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    // the selected actors first (a search result is always labelled), then by importance
    var selected = network.getSelectedNodes().map(function (id) { return nodesById[id]; });
    var order = selected.length ? selected.concat(byImportance) : byImportance;
    var done = {};
    for (var i = 0; i < order.length && drawn.length < MAX_LABELS; i++) {
      var node = order[i];
      var body = bodies[node.id];
      if (!body || hiddenNodes[node.id] || done[node.id]) { continue; }
      done[node.id] = true;
      var chosen = i < selected.length;
      var px = Math.min(Math.max(node.labelCanvasSize * scale, chosen ? 14 : 0), data.labelSizes.maxVisible);
      if (px < data.labelThreshold) {
        if (i >= selected.length) { break; }  // sorted by importance: the rest are smaller still
        continue;
      }
      if (body.x < topLeft.x || body.x > bottomRight.x || body.y < topLeft.y || body.y > bottomRight.y) { continue; }
      var size = px / scale;
      ctx.font = size + "px " + LABEL_FONT;
      var lines = [node.name].concat(node.badges.map(function (badge) { return "\u2691 " + badge; }));
      var width = 0;
      lines.forEach(function (line) { width = Math.max(width, ctx.measureText(line).width); });
      var top = body.y + (body.shape && body.shape.height ? body.shape.height / 2 : 10 / scale) + 2 / scale;
      var pad = 6 / scale;  // screen pixels between labels
      var box = { x0: body.x - width / 2 - pad, x1: body.x + width / 2 + pad, y0: top, y1: top + size * 1.2 * lines.length };
      var clash = taken.some(function (other) {
        return box.x0 < other.x1 && other.x0 < box.x1 && box.y0 < other.y1 && other.y0 < box.y1;
      });
      if (clash) { continue; }
      taken.push(box);
      ctx.lineWidth = 4 / scale;
      ctx.strokeStyle = "#ffffff";
      ctx.fillStyle = "#1d2330";
      lines.forEach(function (line, n) {
        ctx.strokeText(line, body.x, top + n * size * 1.2);
        ctx.fillText(line, body.x, top + n * size * 1.2);
      });
      var corner = network.canvasToDOM({ x: box.x0, y: box.y0 });
      var far = network.canvasToDOM({ x: box.x1, y: box.y1 });
      drawn.push({ id: node.id, name: node.name, px: px, left: corner.x, top: corner.y, right: far.x, bottom: far.y });
    }
    ctx.restore();
    window.kgLabels = drawn;  // what was labelled in the last frame, in screen pixels (read by the tests)
  }

  function sizeLabels() {
    var values = data.nodes.map(function (node) { return node.value; });
    var low = Math.min.apply(null, values);
    var high = Math.max.apply(null, values);
    var fitScale = network.getScale();
    data.nodes.forEach(function (node) { node.labelCanvasSize = labelSize(node, low, high, fitScale); });
    byImportance = data.nodes.slice().sort(function (a, b) { return b.value - a.value || (a.name < b.name ? -1 : 1); });
    network.redraw();
  }

  function markReady(status) {
    if (data.crowded && network) { sizeLabels(); }
    status.textContent = "";
    document.body.setAttribute("data-kg-ready", "1");
  }

  function draw() {
    var container = document.getElementById("kg-network");
    var status = document.getElementById("kg-status");
    data.nodes.forEach(function (node) { nodesById[node.id] = node; node.degree = 0; });
    data.edges.forEach(function (edge) {
      edgesById[edge.id] = edge;
      nodesById[edge.from].degree++;
      nodesById[edge.to].degree++;
    });
    if (!data.large) {
      data.nodes.forEach(function (node) { node.title = nodeTooltip(node); });
      data.edges.forEach(function (edge) { edge.title = edgeTooltip(edge); });
    }
    nodeSet = new vis.DataSet(data.nodes);
    edgeSet = new vis.DataSet(data.edges);
    wireFilters();
    wirePanel();
    wireSearch();
    applyFilters();
    window.kgNodes = nodeSet;
    window.kgEdges = edgeSet;
    if (!data.nodes.length) {
      container.appendChild(el("p", "kg-empty", "No actors or relations were found."));
      markReady(status);
      return;
    }
    network = new vis.Network(container, { nodes: nodeSet, edges: edgeSet }, data.options);
    window.kgNetwork = network;
    if (data.crowded) { network.on("afterDrawing", drawLabels); }
    network.on("click", function (params) {
      if (params.nodes.length) { openNode(params.nodes[0]); } else if (params.edges.length) { openEdge(params.edges[0]); }
    });
    if (data.large) {
      network.once("afterDrawing", function () { markReady(status); });
      return;
    }
    status.textContent = "Laying out\u2026";
    network.on("stabilizationProgress", function (progress) {
      status.textContent = "Laying out\u2026 " + Math.round(100 * progress.iterations / progress.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });  // settled: stop using the CPU
      // ready once the fitted view is on the canvas: fit() only asks for a redraw on a later frame
      network.once("afterDrawing", function () { markReady(status); });
      network.fit();
      network.redraw();
    });
  }

  draw();
}());
