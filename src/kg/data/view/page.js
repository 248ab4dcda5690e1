/* kg network page: draws window.KG_DATA with vis-network and wires the legend.
 *
 * Tooltips are DOM elements whose text is set with textContent, never HTML strings, so
 * sentences, labels and titles from the articles are always shown as text, never run.
 */
(function () {
  "use strict";

  var data = window.KG_DATA;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function nodeTooltip(node) {
    var tip = el("div", "kg-tip");
    tip.appendChild(el("div", "kg-tip-head", node.label));
    tip.appendChild(el("div", "kg-tip-sub", node.kind));
    if (node.aliases.length) {
      tip.appendChild(el("div", "kg-tip-aliases", "Also called: " + node.aliases.join(", ")));
    }
    return tip;
  }

  function evidenceItem(evidence) {
    var item = el("li");
    var source = [evidence.article_id];
    if (evidence.article_title) { source.push("\u201c" + evidence.article_title + "\u201d"); }
    var how = ["rule " + evidence.rule];
    if (evidence.confidence !== null) { how.push("confidence " + evidence.confidence.toFixed(2)); }
    item.appendChild(el("span", "kg-tip-sentence", evidence.sentence));
    item.appendChild(el("span", "kg-tip-meta", source.join(" \u2014 ")));
    item.appendChild(el("span", "kg-tip-meta", how.join(" \u00b7 ")));
    return item;
  }

  function edgeTooltip(edge, nodesById) {
    var tip = el("div", "kg-tip");
    var head = el("div", "kg-tip-head");
    var relation = el("span", "kg-tip-relation", data.relationLabels[edge.relation] || edge.relation);
    relation.style.color = edge.color.color;
    head.append(nodesById[edge.from].label, " ", relation, " ", nodesById[edge.to].label);
    tip.appendChild(head);
    tip.appendChild(el("div", "kg-tip-sub", plural(edge.evidenceCount, "sentence")));
    var list = el("ol", "kg-tip-evidence");
    edge.evidence.forEach(function (evidence) { list.appendChild(evidenceItem(evidence)); });
    tip.appendChild(list);
    var more = edge.evidenceCount - edge.evidence.length;
    if (more > 0) { tip.appendChild(el("div", "kg-tip-more", "\u2026 and " + more + " more")); }
    return tip;
  }

  function markReady(status) {
    status.textContent = "";
    document.body.setAttribute("data-kg-ready", "1");
  }

  function wireLegend(edges) {
    var boxes = document.querySelectorAll("#kg-legend input[data-relation]");
    Array.prototype.forEach.call(boxes, function (box) {
      box.addEventListener("change", function () {
        var relation = box.getAttribute("data-relation");
        var chosen = edges.get({ filter: function (edge) { return edge.relation === relation; } });
        edges.update(chosen.map(function (edge) { return { id: edge.id, hidden: !box.checked }; }));
      });
    });
  }

  function draw() {
    var container = document.getElementById("kg-network");
    var status = document.getElementById("kg-status");
    var nodesById = {};
    data.nodes.forEach(function (node) { nodesById[node.id] = node; });
    data.nodes.forEach(function (node) { node.title = nodeTooltip(node); });
    data.edges.forEach(function (edge) { edge.title = edgeTooltip(edge, nodesById); });
    if (!data.nodes.length) {
      container.appendChild(el("p", "kg-empty", "No actors or relations were found."));
      markReady(status);
      return;
    }
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    status.textContent = "Laying out\u2026";
    network.on("stabilizationProgress", function (progress) {
      status.textContent = "Laying out\u2026 " + Math.round(100 * progress.iterations / progress.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });  // settled: stop using the CPU
      markReady(status);
    });
    wireLegend(edges);
    window.kgNetwork = network;
    window.kgNodes = nodes;
    window.kgEdges = edges;
  }

  draw();
}());
