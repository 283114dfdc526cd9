/*
 * A horizontal bar chart as inline SVG, built with DOM APIs (no library, no innerHTML).
 *
 * window.SkjonnChart.bars(container, {title, rows: [{label, value, text}], empty}) draws one
 * labelled bar per row, at the container's own pixel width (so text stays readable at 320 px),
 * and returns the <svg>. The svg is role="img" with <title> and <desc>; desc lists every
 * figure as text. Re-drawing replaces the previous svg.
 */
(function () {
  "use strict";

  var NS = "http://www.w3.org/2000/svg";
  var ROW = 46; // label line + bar
  var BAR = 18;
  var PAD = 8;
  var seq = 0;

  function svgEl(tag, attrs, text) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, String(attrs[k]));
    });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function bars(container, spec) {
    var rows = spec.rows || [];
    var width = Math.max(240, Math.floor(container.clientWidth || 600));
    var height = PAD * 2 + Math.max(1, rows.length) * ROW;
    var max = rows.reduce(function (m, r) { return Math.max(m, r.value || 0); }, 0);
    seq += 1;
    var titleId = "figur-t" + seq;
    var descId = "figur-d" + seq;
    var svg = svgEl("svg", {
      width: width,
      height: height,
      viewBox: "0 0 " + width + " " + height,
      role: "img",
      "aria-labelledby": titleId + " " + descId,
      class: "bar-chart",
    });
    svg.appendChild(svgEl("title", { id: titleId }, spec.title));
    svg.appendChild(svgEl("desc", { id: descId },
      rows.length ? rows.map(function (r) { return r.label + ": " + r.text; }).join("; ") + "."
        : spec.empty));

    if (!rows.length) {
      svg.appendChild(svgEl("text", { x: 0, y: PAD + 20, class: "chart-empty" }, spec.empty));
    }
    var valueRoom = 130; // room for the figure right of a short bar
    rows.forEach(function (r, i) {
      var y = PAD + i * ROW;
      var g = svgEl("g", { class: "bar-row" });
      g.appendChild(svgEl("text", { x: 0, y: y + 14, class: "bar-label" }, r.label));
      var len = max > 0 ? Math.round((r.value / max) * (width - 2)) : 0;
      var barY = y + 20;
      if (len > 0) {
        g.appendChild(svgEl("rect", {
          x: 0, y: barY, width: Math.max(len, 2), height: BAR, rx: 2, class: "bar",
        }));
      }
      // the figure goes inside a long bar (white) or right of a short one
      var inside = len > width - valueRoom;
      g.appendChild(svgEl("text", {
        x: inside ? len - 6 : len + 6,
        y: barY + BAR - 4,
        class: inside ? "bar-value inside" : "bar-value",
        "text-anchor": inside ? "end" : "start",
      }, r.text));
      svg.appendChild(g);
    });
    container.textContent = "";
    container.appendChild(svg);
    return svg;
  }

  window.SkjonnChart = { bars: bars };
})();
