/*
 * A horizontal bar chart as inline SVG, built with DOM APIs (no library, no innerHTML).
 *
 * window.SkjonnChart.bars(container, {title, rows: [{label, value, text, note}], empty}) draws
 * one labelled bar per row, at the container's own pixel width (so text stays readable at
 * 320 px), and returns the <svg>. A row whose value is null (unknown) gets no bar, only its
 * text. `note` is a smaller line under the bar ("2 av 4 med kjent beløp"). The figure sits
 * right of the bar, inside a long bar, or (when neither fits) on the note line, measured with
 * the real text width. The svg is role="img" with <title> and <desc>; desc lists every figure
 * as text. Re-drawing replaces the previous svg.
 */
(function () {
  "use strict";

  var NS = "http://www.w3.org/2000/svg";
  var LABEL = 16; // label line
  var BAR = 18;
  var NOTE = 18; // note line under the bar
  var GAP = 12; // between rows
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
    var max = rows.reduce(function (m, r) { return Math.max(m, r.value || 0); }, 0);
    seq += 1;
    var titleId = "figur-t" + seq;
    var descId = "figur-d" + seq;
    var svg = svgEl("svg", {
      width: width,
      role: "img",
      "aria-labelledby": titleId + " " + descId,
      class: "bar-chart",
    });
    svg.appendChild(svgEl("title", { id: titleId }, spec.title));
    svg.appendChild(svgEl("desc", { id: descId },
      rows.length ? rows.map(function (r) {
        return r.label + ": " + r.text + (r.note ? " (" + r.note + ")" : "");
      }).join("; ") + "." : spec.empty));
    container.textContent = "";
    container.appendChild(svg); // in the document first, so text can be measured

    if (!rows.length) {
      svg.appendChild(svgEl("text", { x: 0, y: PAD + 20, class: "chart-empty" }, spec.empty));
    }
    var y = PAD;
    rows.forEach(function (r) {
      var g = svgEl("g", { class: "bar-row" + (r.value === null || r.value === undefined ? " unknown" : "") });
      svg.appendChild(g);
      g.appendChild(svgEl("text", { x: 0, y: y + 13, class: "bar-label" }, r.label));
      var barY = y + LABEL + 4;
      var len = max > 0 && r.value ? Math.max(2, Math.round((r.value / max) * (width - 2))) : 0;
      if (len > 0) {
        g.appendChild(svgEl("rect", { x: 0, y: barY, width: len, height: BAR, rx: 2, class: "bar" }));
      }
      var value = svgEl("text", { x: len + 6, y: barY + BAR - 4, class: "bar-value" }, r.text);
      g.appendChild(value);
      var w = value.getComputedTextLength();
      var noteText = r.note || "";
      if (len + 6 + w > width) {
        if (len - 12 >= w) { // inside the bar, in white
          value.setAttribute("x", String(len - 6));
          value.setAttribute("text-anchor", "end");
          value.setAttribute("class", "bar-value inside");
        } else { // fits neither: the figure goes on the note line
          g.removeChild(value);
          noteText = r.text + (noteText ? " · " + noteText : "");
        }
      }
      if (noteText) {
        g.appendChild(svgEl("text", { x: 0, y: barY + BAR + 14, class: "bar-note" }, noteText));
      }
      y = barY + BAR + (noteText ? NOTE : 0) + GAP;
    });
    var height = rows.length ? y - GAP + PAD : PAD * 2 + 30;
    svg.setAttribute("height", String(height));
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    return svg;
  }

  window.SkjonnChart = { bars: bars };
})();
