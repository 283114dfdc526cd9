/*
 * /prosjekter: search the project archive (GET /v1/projects/search), figures per year or
 * sector (GET /v1/projects/stats) and one record in a dialog (GET /v1/projects/{id}).
 *
 * The filters live in the query string (?q=…&sector=…&by=sektor&id=…), so a search can be
 * shared and the back button works. The figures are asked for with the same filters, text and
 * k as the table, so both cover the same projects. Amounts the archive does not know are
 * shown as unknown ("ukjent"), never as 0 kr. Everything from the server is rendered as text
 * nodes.
 */
(function () {
  "use strict";

  var S = window.Skjonn;
  var el = S.el;
  var FILTERS = ["q", "from_year", "to_year", "sector", "municipality", "embete", "status", "min_amount", "max_amount"];
  var AMOUNTS = ["min_amount", "max_amount"];
  var K = 100; // rows per search (the API allows up to 500)

  var form = document.getElementById("sok-skjema");
  var errors = S.formErrors(form, document.getElementById("feil"));
  var countBox = document.getElementById("antall");
  var rowsBox = document.getElementById("rader");
  var loading = document.getElementById("laster");
  var dialog = document.getElementById("detalj");
  var chartBox = document.getElementById("figur");
  var lastStats = null;
  var opener = null;
  var searchSeq = 0;
  var statsSeq = 0;

  // ------------------------------------------------------------------ URL <-> form
  function urlParams() {
    return new URLSearchParams(window.location.search);
  }

  function formToParams() {
    var params = new URLSearchParams();
    FILTERS.forEach(function (name) {
      var v = form.elements[name].value.trim();
      if (AMOUNTS.indexOf(name) >= 0) v = v.replace(/kr\.?/gi, "").replace(/[\s\u00a0.]/g, "");
      if (v) params.set(name, v);
    });
    var by = currentBy();
    if (by !== "år") params.set("by", by);
    return params;
  }

  function paramsToForm(params) {
    FILTERS.forEach(function (name) {
      var field = form.elements[name];
      var v = params.get(name) || "";
      if (field.tagName === "SELECT" && v && !hasOption(field, v)) {
        field.appendChild(el("option", { value: v }, v)); // a shared link may name any value
      }
      field.value = v;
    });
    var by = params.get("by") === "sektor" ? "sektor" : "år";
    document.getElementById(by === "sektor" ? "by-sektor" : "by-ar").checked = true;
  }

  function hasOption(select, v) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === v; });
  }

  function currentBy() {
    var checked = document.querySelector("input[name=by]:checked");
    return checked ? checked.value : "år";
  }

  function setUrl(params, push) {
    var qs = params.toString();
    var url = window.location.pathname + (qs ? "?" + qs : "");
    if (url === window.location.pathname + window.location.search) return;
    window.history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function only(params, names) {
    var out = new URLSearchParams();
    names.forEach(function (n) {
      if (params.get(n)) out.set(n, params.get(n));
    });
    return out;
  }

  // ---------------------------------------------------------------------- facets
  function fill(select, values) {
    (values || []).forEach(function (v) {
      if (!hasOption(select, String(v))) select.appendChild(el("option", { value: String(v) }, String(v)));
    });
  }

  function loadFacets() {
    return S.api("/v1/projects/facets").then(function (f) {
      var years = [];
      if (f["år"] && f["år"].length === 2) {
        for (var y = f["år"][1]; y >= f["år"][0]; y--) years.push(y);
      }
      fill(form.elements.from_year, years);
      fill(form.elements.to_year, years);
      fill(form.elements.sector, f.sektorer);
      fill(form.elements.municipality, f.kommuner);
      fill(form.elements.embete, f.embeter);
      fill(form.elements.status, f.statuser);
    }).catch(function (err) {
      errors.show("Kunne ikke hente filtervalgene. " + err.message);
    });
  }

  // ---------------------------------------------------------------------- errors
  function validate() {
    for (var i = 0; i < AMOUNTS.length; i++) {
      var field = form.elements[AMOUNTS[i]];
      var v = field.value.replace(/kr\.?/gi, "").replace(/[\s\u00a0.]/g, "");
      if (v && !/^\d+$/.test(v)) {
        errors.show("«" + field.getAttribute("data-label") + "» må være et helt beløp i kroner, for eksempel 500 000.", field);
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------- search
  function plural(n) {
    return n === 1 ? "1 prosjekt" : n + " prosjekter";
  }

  function search(params) {
    var query = only(params, FILTERS);
    var csv = new URLSearchParams(query);
    csv.set("format", "csv");
    document.getElementById("csv-prosjekter").setAttribute("href", "/v1/projects/search?" + csv.toString());
    query.set("k", String(K));
    var mine = ++searchSeq;
    loading.hidden = false;
    document.getElementById("treff").setAttribute("aria-busy", "true");
    return S.api("/v1/projects/search?" + query.toString())
      .then(function (data) {
        if (mine !== searchSeq) return;
        renderRows(data.results || []);
        var shown = (data.results || []).length;
        var total = typeof data.total === "number" ? data.total : shown;
        var text = total > shown ? "Viser " + shown + " av " + plural(total) : plural(total);
        var q = params.get("q");
        if (q) text += " for «" + q + "»";
        countBox.textContent = text + ".";
        document.getElementById("tabell-tekst").textContent = q
          ? "Prosjekter som ligner «" + q + "», mest lik først"
          : "Prosjekter i arkivet, nyeste først";
      })
      .catch(function (err) {
        if (mine !== searchSeq) return;
        rowsBox.textContent = "";
        countBox.textContent = "Ingen prosjekter vist.";
        errors.show(err.message);
      })
      .then(function () {
        if (mine !== searchSeq) return;
        loading.hidden = true;
        document.getElementById("treff").setAttribute("aria-busy", "false");
      });
  }

  function listText(values) {
    return values && values.length ? values.join(", ") : "–";
  }

  /** An amount, or «ukjent» when the archive does not know it (never 0 kr). */
  function amountText(v) {
    return v === null || v === undefined ? "ukjent" : S.kr(v);
  }

  // On narrow screens the rows are stacked (prosjekter.css); each cell then shows its column
  // name from data-label, so the table never scrolls sideways there.
  function cell(label, attrs, content) {
    attrs = Object.assign({ "data-label": label, role: "cell" }, attrs || {});
    return el("td", attrs, el("div", { class: "cell-value" }, content));
  }

  function renderRows(results) {
    rowsBox.textContent = "";
    if (!results.length) {
      rowsBox.appendChild(el("tr", { role: "row" }, el("td", { colspan: "9", class: "muted", role: "cell" },
        "Ingen prosjekter passer søket. Prøv færre filtre eller andre ord.")));
      return;
    }
    results.forEach(function (r) {
      var why = r.why || [];
      rowsBox.appendChild(el("tr", { "data-id": r.id, role: "row" },
        cell("Tittel", { class: "title-cell" },
          [el("button", {
            type: "button", class: "btn-link open-detail", "aria-haspopup": "dialog",
            on: { click: function (e) { openDetail(r.id, e.currentTarget, true); } },
          }, r.tittel || r.id),
          r.syntetisk ? [" ", el("span", { class: "badge info" }, "syntetisk")] : null]),
        cell("År", {}, r["år"] === null || r["år"] === undefined ? "–" : String(r["år"])),
        cell("Kommuner", {}, listText(r.kommuner)),
        cell("Sektorer", {}, listText(r.sektorer)),
        cell("Søkt", { class: "num" }, amountText(r["søkt_beløp"])),
        cell("Tildelt", { class: "num" }, amountText(r["tildelt_beløp"])),
        cell("Rapportert", { class: "num" }, amountText(r["rapportert_beløp"])),
        cell("Status", {}, r.status || "–"),
        cell("Hvorfor treff", { class: "why" }, why.length
          ? el("ul", { class: "why-list" }, why.map(function (w) { return el("li", {}, w); }))
          : "–")));
    });
    scrollHints();
  }

  // ----------------------------------------------------------------------- stats
  // The same filters, text and k as search(): the figures cover the projects in the table.
  function stats(params) {
    var by = params.get("by") === "sektor" ? "sektor" : "år";
    var query = only(params, FILTERS);
    query.set("by", by);
    if (query.get("q")) query.set("k", String(K));
    var csv = new URLSearchParams(query);
    csv.set("format", "csv");
    document.getElementById("csv-tall").setAttribute("href", "/v1/projects/stats?" + csv.toString());
    var mine = ++statsSeq;
    return S.api("/v1/projects/stats?" + query.toString())
      .then(function (data) {
        if (mine !== statsSeq) return;
        lastStats = { by: by, params: query, data: data };
        drawStats();
      })
      .catch(function (err) {
        if (mine !== statsSeq) return;
        chartBox.textContent = "";
        document.getElementById("figur-tekst").textContent = "Kunne ikke hente tallene. " + err.message;
      });
  }

  function rangeText(query) {
    var a = query.get("from_year");
    var b = query.get("to_year");
    if (a && b) return a === b ? " i " + a : ", " + a + "–" + b;
    if (a) return " fra " + a;
    if (b) return " til og med " + b;
    return "";
  }

  /** "2 av 4 med kjent beløp" for one amount field of a figures row. */
  function knownText(g, field) {
    return g[field + "_kjent"] + " av " + g.antall + " med kjent beløp";
  }

  /** «1 170 000 kr (2 av 4)» or «ukjent (0 av 4)»: the sum over the known amounts (a line may
   * break between the two parts, never inside a figure). */
  function figureText(g, field) {
    return [el("span", { class: "nowrap" }, amountText(g[field + "_beløp"])), " ",
      el("span", { class: "nowrap" }, "(" + g[field + "_kjent"] + " av " + g.antall + ")")];
  }

  function totalText(total) {
    var n = total.antall || 0;
    var known = total["tildelt_kjent"] || 0;
    if (!n) return "Ingen prosjekter i utvalget.";
    if (!known) return "Tildelt beløp er ukjent for " + (n === 1 ? "prosjektet" : "alle de " + n + " prosjektene") + " i utvalget.";
    var text = "Til sammen " + S.kr(total["tildelt_beløp"]) + " tildelt til " + known + " av " + plural(n) +
      " med kjent beløp.";
    if (known < n) text += " For " + plural(n - known) + " er tildelt beløp ukjent; de er ikke regnet med.";
    return text;
  }

  function drawStats() {
    if (!lastStats) return;
    var by = lastStats.by;
    var groups = (lastStats.data.groups || []).slice();
    if (by === "sektor") {
      // largest known sum first; groups with no known amount last
      groups.sort(function (x, y) {
        var a = x["tildelt_beløp"];
        var b = y["tildelt_beløp"];
        return (b === null ? -1 : b) - (a === null ? -1 : a);
      });
    }
    var title = "Tildelt beløp per " + (by === "sektor" ? "sektor" : "år") + rangeText(lastStats.params) +
      (lastStats.params.get("q") ? ", prosjektene som ligner søket" : "");
    var rows = groups.map(function (g) {
      var label = g.gruppe === null || g.gruppe === undefined || g.gruppe === "" ? "Ukjent" : String(g.gruppe);
      return {
        label: label,
        value: g["tildelt_beløp"],
        text: amountText(g["tildelt_beløp"]),
        note: knownText(g, "tildelt"),
      };
    });
    window.SkjonnChart.bars(chartBox, { title: title, rows: rows, empty: "Ingen prosjekter i utvalget." });
    document.getElementById("tall-tittel").textContent = title;
    document.getElementById("figur-tekst").textContent = totalText(lastStats.data.total || {}) +
      " Tallene står også i tabellen under.";
    // the same figures as a table (stacked on narrow screens, like the results)
    var groupLabel = by === "sektor" ? "Sektor" : "År";
    document.getElementById("tall-gruppe").textContent = groupLabel;
    document.getElementById("tall-tabell-tekst").textContent = title;
    var body = document.getElementById("tall-rader");
    body.textContent = "";
    groups.forEach(function (g, i) {
      body.appendChild(el("tr", { role: "row" },
        el("th", { scope: "row", role: "rowheader", "data-label": groupLabel }, rows[i].label),
        cell("Prosjekter", { class: "num" }, String(g.antall)),
        cell("Søkt", { class: "num" }, figureText(g, "søkt")),
        cell("Tildelt", { class: "num" }, figureText(g, "tildelt")),
        cell("Rapportert", { class: "num" }, figureText(g, "rapportert"))));
    });
    scrollHints();
  }

  // A table wider than its box scrolls sideways inside it; a visible hint then says so.
  function scrollHints() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (wrap) {
      var hint = document.getElementById(wrap.getAttribute("data-hint"));
      if (hint) hint.hidden = wrap.scrollWidth <= wrap.clientWidth + 1;
    });
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      drawStats();
      scrollHints();
    }, 150);
  });

  // ---------------------------------------------------------------------- detail
  var LABELS = [
    ["år", "År"], ["embete", "Embete"], ["kommuner", "Kommuner"], ["sektorer", "Sektorer"],
    ["søkt_beløp", "Søkt beløp"], ["tildelt_beløp", "Tildelt beløp"],
    ["rapportert_beløp", "Rapportert beløp"], ["status", "Status"], ["vurdering", "Vurdering"],
  ];

  function detailValue(key, v) {
    if (/beløp$/.test(key)) return amountText(v);
    if (v === null || v === undefined || v === "") return "–";
    if (Array.isArray(v)) return listText(v);
    return String(v);
  }

  // "[S000] https://…" → text with the address as a link (https/http only).
  function sourceNode(text) {
    var m = /(https?:\/\/[^\s<>"]+)/.exec(text);
    if (!m) return text;
    return [text.slice(0, m.index), el("a", { href: m[1], rel: "noopener noreferrer" }, m[1]),
      text.slice(m.index + m[1].length)];
  }

  function openDetail(id, from, fromRow) {
    opener = from || null;
    var box = document.getElementById("detalj-innhold");
    var heading = document.getElementById("detalj-tittel");
    heading.textContent = "Henter prosjektet …";
    box.textContent = "";
    if (!dialog.open) dialog.showModal();
    if (fromRow) {
      // replace, not push: closing the dialog takes the id out again, and Back should not
      // land on the same list a second time
      var params = urlParams();
      params.set("id", id);
      setUrl(params, false);
    }
    return S.api("/v1/projects/" + encodeURIComponent(id)).then(function (r) {
      heading.textContent = r.tittel || id;
      var dl = el("dl", { class: "record" });
      LABELS.forEach(function (pair) {
        if (!(pair[0] in r)) return;
        dl.appendChild(el("dt", {}, pair[1]));
        dl.appendChild(el("dd", {}, detailValue(pair[0], r[pair[0]])));
      });
      box.appendChild(dl);
      if (r.syntetisk) box.appendChild(el("p", {}, el("span", { class: "badge info" }, "Syntetisk post"), " Laget for testing, ikke et ekte prosjekt."));
      if (r.beskrivelse) box.appendChild(el("div", {}, el("h3", {}, "Beskrivelse"), el("p", { class: "description" }, r.beskrivelse)));
      if (r.kilde) box.appendChild(el("p", { class: "small" }, el("strong", {}, "Kilde: "), sourceNode(String(r.kilde))));
      box.appendChild(el("p", { class: "small muted" }, "Arkiv-ID: " + (r.id || id)));
    }).catch(function (err) {
      heading.textContent = "Fant ikke prosjektet";
      box.appendChild(el("p", { class: "error", role: "alert" }, err.message));
    });
  }

  document.getElementById("lukk").addEventListener("click", function () {
    dialog.close();
  });

  dialog.addEventListener("close", function () {
    var params = urlParams();
    if (params.has("id")) {
      params.delete("id");
      setUrl(params, false);
    }
    if (opener && document.contains(opener)) opener.focus();
    opener = null;
  });

  // ------------------------------------------------------------------------ wiring
  function run(params) {
    errors.clear();
    return Promise.all([search(params), stats(params)]);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    errors.clear();
    if (!validate()) return;
    var params = formToParams();
    setUrl(params, true);
    run(params);
  });

  document.getElementById("nullstill").addEventListener("click", function () {
    FILTERS.forEach(function (name) { form.elements[name].value = ""; });
    var params = formToParams();
    setUrl(params, true);
    run(params);
    form.elements.q.focus();
  });

  document.querySelector(".chart-data").addEventListener("toggle", scrollHints);

  Array.prototype.forEach.call(document.querySelectorAll("input[name=by]"), function (radio) {
    radio.addEventListener("change", function () {
      var params = urlParams();
      if (currentBy() === "år") params.delete("by");
      else params.set("by", currentBy());
      setUrl(params, false);
      stats(params);
    });
  });

  window.addEventListener("popstate", function () {
    var params = urlParams();
    paramsToForm(params);
    run(params);
    if (params.get("id")) openDetail(params.get("id"), null, false);
    else if (dialog.open) dialog.close();
  });

  loadFacets().then(function () {
    var params = urlParams();
    paramsToForm(params);
    run(params);
    if (params.get("id")) openDetail(params.get("id"), null, false);
  });
})();
