/*
 * /sjekk: pre-check a draft application (POST /v1/precheck) and show the findings.
 *
 * Three ways in: pasted text (sent as a .txt upload, or as JSON when it parses as a JSON
 * object), an uploaded file (multipart, field "file"), or the ISORD form fields (JSON).
 * Everything from the server is rendered with Skjonn.el (text nodes only, never HTML).
 */
(function () {
  "use strict";

  var S = window.Skjonn;
  var el = S.el;
  var MAX_BYTES = 10 * 1024 * 1024;
  var GROUPS = [
    { severity: "blocking", title: "Stopper søknaden", badge: "Stopper", none: "Ingen funn stopper søknaden." },
    { severity: "warning", title: "Bør forbedres", badge: "Bør forbedres", none: "Ingenting å forbedre etter reglene vi sjekker." },
    { severity: "info", title: "Til orientering", badge: "Til orientering", none: "Ingen merknader." },
  ];

  var form = document.getElementById("sjekk-skjema");
  var errors = S.formErrors(form, document.getElementById("feil"));
  var statusBox = document.getElementById("status");
  var loading = document.getElementById("laster");
  var submit = document.getElementById("sjekk-knapp");
  var result = document.getElementById("resultat");
  var budgetList = document.getElementById("budsjett");
  var budgetSeq = 0;

  // ------------------------------------------------------------------ method panels
  function currentMethod() {
    var checked = form.querySelector("input[name=metode]:checked");
    return checked ? checked.value : "tekst";
  }

  function showPanel() {
    var method = currentMethod();
    ["tekst", "fil", "skjema"].forEach(function (m) {
      document.getElementById("panel-" + m).hidden = m !== method;
    });
    errors.clear();
  }

  Array.prototype.forEach.call(form.querySelectorAll("input[name=metode]"), function (radio) {
    radio.addEventListener("change", showPanel);
  });

  // --------------------------------------------------------------------- budget rows
  function addBudgetRow(focus) {
    budgetSeq += 1;
    var n = budgetSeq;
    var postId = "post-" + n;
    var amountId = "post-belop-" + n;
    var row = el("li", { class: "budget-row" },
      el("div", { class: "field" },
        el("label", { for: postId, class: "post-label" }, "Post"),
        el("input", { type: "text", id: postId, class: "budget-post", autocomplete: "off" })),
      el("div", { class: "field" },
        el("label", { for: amountId, class: "amount-label" }, "Beløp (kr)"),
        el("input", {
          type: "text", inputmode: "numeric", id: amountId, class: "budget-amount",
          autocomplete: "off", "data-label": "Beløp for budsjettpost",
        })),
      el("button", {
        type: "button", class: "btn-secondary remove-post",
        on: { click: function () { removeBudgetRow(row); } },
      }, "Fjern"));
    budgetList.appendChild(row);
    renumberBudget();
    if (focus) document.getElementById(postId).focus();
  }

  function removeBudgetRow(row) {
    var rows = Array.prototype.slice.call(budgetList.children);
    var i = rows.indexOf(row);
    budgetList.removeChild(row);
    renumberBudget();
    var left = budgetList.children;
    if (left.length) {
      left[Math.min(i, left.length - 1)].querySelector(".budget-post").focus();
    } else {
      document.getElementById("legg-til-post").focus();
    }
    S.announce(statusBox, "Budsjettposten er fjernet.");
  }

  // Labels say which row they belong to ("Post 2", "Fjern post 2"); one row cannot be removed.
  function renumberBudget() {
    var rows = budgetList.children;
    Array.prototype.forEach.call(rows, function (row, i) {
      var n = i + 1;
      row.querySelector(".post-label").textContent = "Post " + n;
      row.querySelector(".amount-label").textContent = "Beløp for post " + n + " (kr)";
      var btn = row.querySelector(".remove-post");
      btn.textContent = "Fjern post " + n;
      btn.hidden = rows.length === 1;
    });
  }

  document.getElementById("legg-til-post").addEventListener("click", function () {
    addBudgetRow(true);
  });
  addBudgetRow(false);

  // ------------------------------------------------------------------------- rounds
  // No open round (the newest deadline has passed, no newer round is known): a notice with
  // the server's message and contact. Drafts are still checked against the newest round.
  function showRoundStatus(box, status) {
    box.textContent = "";
    box.hidden = !status || status.open !== false || !status.message;
    if (box.hidden) return;
    box.append(el("strong", {}, "Ingen åpen søknadsrunde nå. "));
    box.append.apply(box, S.withMailto(status.message));
  }

  function loadRounds() {
    var select = document.getElementById("runde");
    S.api("/v1/rounds").then(function (data) {
      showRoundStatus(document.getElementById("runde-status"), data);
      // Every region's rounds (a county's own first); the region is named when there are more.
      var rounds = (data.all_rounds || data.rounds || []).slice();
      var several = (data.regions || []).length > 1;
      rounds.sort(function (a, b) {
        var own = (b.region_key === data.region) - (a.region_key === data.region);
        return own || (a.region || "").localeCompare(b.region || "") || (b.year || 0) - (a.year || 0);
      });
      rounds.forEach(function (r) {
        var label = r.round + (several ? " (" + r.region + ")" : "") +
          " – søknadsfrist " + (r.deadline_note || r.deadline);
        if (r.key === data.current) label += data.open === false ? " (siste runde)" : " (neste frist)";
        select.appendChild(el("option", { value: r.key || String(r.year) }, label));
      });
    }).catch(function () {
      // The automatic choice still works; the list of rounds is only a convenience.
    });
  }

  // ------------------------------------------------------------------------- errors
  function inputError(message, field) {
    var err = new Error(message);
    err.field = field;
    return err;
  }

  // ------------------------------------------------------------------- build request
  function list(value) {
    return value.split(/[,;\n]/).map(function (s) { return s.trim(); }).filter(Boolean);
  }

  // "500 000", "500 000 kr", "kr 500.000" → 500000; "" → null; anything else is an error.
  function amount(input) {
    var raw = input.value.replace(/kr\.?/gi, "").replace(/[\s\u00a0.]/g, "").replace(/,-$/, "");
    if (!raw) return null;
    if (!/^\d+$/.test(raw)) {
      throw inputError("«" + input.getAttribute("data-label") + "» må være et helt beløp i kroner, for eksempel 500 000.", input);
    }
    return parseInt(raw, 10);
  }

  function value(name) {
    return form.elements[name].value.trim();
  }

  function draftFromForm() {
    var titleInput = document.getElementById("f-tittel");
    var applicantInput = document.getElementById("f-soker");
    if (!titleInput.value.trim()) throw inputError("Fyll ut tittelen på prosjektet.", titleInput);
    if (!applicantInput.value.trim()) throw inputError("Fyll ut hvem som søker, for eksempel «Malvik kommune».", applicantInput);
    var draft = {
      tittel: value("tittel"),
      søker: value("søker"),
      samarbeidskommuner: list(value("samarbeidskommuner")),
      innsendt: value("innsendt") || null,
      utfordringer: value("utfordringer"),
      mål_og_gjennomføring: value("mål_og_gjennomføring"),
      roller_som_styrkes: Array.prototype.filter.call(
        form.querySelectorAll("input[name=roller_som_styrkes]"), function (c) { return c.checked; }
      ).map(function (c) { return c.value; }),
      sektorer: list(value("sektorer")),
      virkemidler: list(value("virkemidler")),
      begrunnelse_virkemidler: value("begrunnelse_virkemidler"),
      overføring_og_spredning: value("overføring_og_spredning"),
      samarbeidspartnere: value("samarbeidspartnere").split("\n").map(function (s) { return s.trim(); }).filter(Boolean),
      totalkostnad: amount(form.elements["totalkostnad"]),
      søknadsbeløp: amount(form.elements["søknadsbeløp"]),
      budsjett: [],
      vedlegg: list(value("vedlegg")),
      merknad_fra_søker: value("merknad_fra_søker"),
    };
    var ownAmount = amount(form.elements["egen_beløp"]);
    draft.kommunal_egenfinansiering = ownAmount === null && !value("egen_form") ? null
      : { beløp: ownAmount === null ? 0 : ownAmount, form: value("egen_form") };
    var otherAmount = amount(form.elements["annen_beløp"]);
    draft.annen_finansiering = otherAmount === null && !value("annen_kilde") ? null
      : { kilde: value("annen_kilde"), beløp: otherAmount === null ? 0 : otherAmount };
    Array.prototype.forEach.call(budgetList.children, function (row, i) {
      var post = row.querySelector(".budget-post").value.trim();
      var amountInput = row.querySelector(".budget-amount");
      amountInput.setAttribute("data-label", "Beløp for post " + (i + 1));
      var sum = amount(amountInput);
      if (!post && sum === null) return;
      draft.budsjett.push({ post: post || "Post " + (i + 1), beløp: sum === null ? 0 : sum });
    });
    return draft;
  }

  // Pasted text: a JSON object is sent as JSON (also the {"utkast": {...}} wrapper of the
  // eval drafts); anything else as a .txt upload that the server reads by its headings.
  function requestFromText() {
    var text = document.getElementById("tekst").value;
    var trimmed = text.trim();
    if (trimmed.charAt(0) === "{") {
      try {
        var parsed = JSON.parse(trimmed);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
          if (parsed.utkast && typeof parsed.utkast === "object" && !parsed.tittel) parsed = parsed.utkast;
          return { json: parsed };
        }
      } catch (e) {
        // Not JSON after all: read as text.
      }
    }
    var body = new FormData();
    body.append("file", new Blob([text], { type: "text/plain;charset=utf-8" }), "utkast.txt");
    return { body: body };
  }

  function requestFromFile() {
    var input = document.getElementById("fil");
    var file = input.files && input.files[0];
    if (!file) throw inputError("Velg en fil med utkastet først.", input);
    if (file.size > MAX_BYTES) {
      throw inputError("Filen er for stor (" + (file.size / 1048576).toFixed(1).replace(".", ",") +
        " MB). Største tillatte størrelse er 10 MB. Last opp selve søknadsteksten uten store vedlegg.", input);
    }
    var body = new FormData();
    body.append("file", file, file.name);
    return { body: body };
  }

  function buildRequest() {
    var method = currentMethod();
    if (method === "fil") return requestFromFile();
    if (method === "skjema") return { json: draftFromForm() };
    return requestFromText();
  }

  // ------------------------------------------------------------------------ submit
  // The button stays focusable while busy (aria-disabled, not disabled), so keyboard focus is
  // not lost when the check fails; a second submit is ignored.
  var busy = false;

  function setBusy(on) {
    busy = on;
    submit.setAttribute("aria-disabled", on ? "true" : "false");
    loading.hidden = !on;
    form.setAttribute("aria-busy", on ? "true" : "false");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    var request;
    try {
      request = buildRequest();
    } catch (err) {
      errors.show(err.message, err.field);
      return;
    }
    var round = document.getElementById("runde").value;
    var path = "/v1/precheck" + (round ? "?round=" + encodeURIComponent(round) : "");
    setBusy(true);
    S.announce(statusBox, "Sjekker utkastet …");
    S.api(path, { method: "POST", json: request.json, body: request.body })
      .then(function (report) {
        render(report);
        S.announce(statusBox, "Sjekken er ferdig. " + (report.summary || ""));
      })
      .catch(function (err) {
        result.hidden = true;
        errors.show(err.message || "Noe gikk galt. Prøv igjen.");
        S.announce(statusBox, "");
      })
      .then(function () {
        setBusy(false);
      });
  });

  // ------------------------------------------------------------------------ render
  function citation(c) {
    if (!c) return null;
    var parts = [];
    if (c.section) parts.push("«" + c.section + "»");
    if (c.title || c.document) parts.push(c.title || c.document);
    if (c.year) parts.push(String(c.year));
    return el("p", { class: "citation" },
      el("span", { class: "label" }, "Kilde: "),
      el("cite", {}, parts.join(", ")));
  }

  function finding(f, group) {
    return el("li", { class: "finding finding-" + group.severity },
      el("div", { class: "finding-head" },
        el("span", { class: "badge " + group.severity }, group.badge),
        el("h4", { class: "criterion" }, f.criterion || f.code)),
      el("p", { class: "message" }, f.message),
      f.action ? el("p", { class: "action" }, el("strong", {}, "Hva du kan gjøre: "), f.action) : null,
      citation(f.citation),
      f.evidence ? el("p", { class: "evidence small muted" }, "Grunnlag i utkastet: " + f.evidence) : null);
  }

  function renderFindings(findings) {
    var box = document.getElementById("funn");
    box.textContent = "";
    GROUPS.forEach(function (group) {
      var items = findings.filter(function (f) { return f.severity === group.severity; });
      var id = "gruppe-" + group.severity;
      box.appendChild(el("section", { class: "group group-" + group.severity, "aria-labelledby": id },
        el("h3", { id: id }, group.title + " (" + items.length + ")"),
        items.length
          ? el("ul", { class: "findings" }, items.map(function (f) { return finding(f, group); }))
          : el("p", { class: "muted" }, group.none)));
    });
  }

  function renderSimilar(projects) {
    var listEl = document.getElementById("lignende");
    listEl.textContent = "";
    if (!projects.length) {
      listEl.appendChild(el("li", { class: "muted" }, "Fant ingen lignende prosjekter i arkivet."));
      return;
    }
    projects.forEach(function (p) {
      var meta = [p.year, p.municipality, p.amount !== null && p.amount !== undefined ? S.kr(p.amount) : null, p.status]
        .filter(function (x) { return x !== null && x !== undefined && x !== ""; }).join(" · ");
      listEl.appendChild(el("li", { class: "similar-item" + (p.near_duplicate ? " near-duplicate" : "") },
        el("a", { href: "/prosjekter?id=" + encodeURIComponent(p.id) }, p.title),
        p.near_duplicate ? [" ", el("span", { class: "badge warning" }, "Nesten likt utkastet")] : null,
        meta ? el("p", { class: "small muted meta" }, meta) : null,
        p.reason ? el("p", { class: "small reason" }, "Hvorfor: " + p.reason) : null));
    });
  }

  // "Lest som": what the check read from the draft, each value with the line it came from.
  function readRow(label, value, source) {
    return [
      el("dt", {}, label),
      el("dd", {},
        el("span", { class: "read-value" }, value),
        source ? el("span", { class: "small muted read-source" }, " (fra «" + source + "»)") : null)
    ];
  }

  function money(a) {
    return a ? S.kr(a.value) : "ikke funnet";
  }

  function renderReadAs(read) {
    var listEl = document.getElementById("lest-som-liste");
    var missing = document.getElementById("lest-som-mangler");
    listEl.textContent = "";
    var box = document.getElementById("lest-som");
    box.hidden = !read;
    if (!read) return;
    var amounts = read.amounts || {};
    var partners = read.partners || { value: [] };
    var date = read.date;
    var shownDate = !date ? "ikke funnet" : (date.value || ("bare " + date.month + " (ingen dag)"));
    var rows = [
      readRow("Søker", read.applicant ? read.applicant.value : "ikke funnet", read.applicant && read.applicant.source),
      readRow("Samarbeidskommuner", (partners.value || []).join(", ") || "ingen funnet", partners.source),
      readRow("Runde", read.round.value + " (" + read.round.reason + ")", null),
      readRow("Dato", shownDate, date && date.source),
      readRow("Søkt beløp", money(amounts.applied), amounts.applied && amounts.applied.source),
      readRow("Kommunal egenfinansiering", money(amounts.own_funding), amounts.own_funding && amounts.own_funding.source),
      readRow("Annen finansiering", money(amounts.other_funding), amounts.other_funding && amounts.other_funding.source),
      readRow("Totalkostnad", money(amounts.total_cost), amounts.total_cost && amounts.total_cost.source)
    ];
    rows.forEach(function (pair) { pair.forEach(function (node) { listEl.appendChild(node); }); });
    var notFound = read.not_found || [];
    missing.hidden = !notFound.length;
    missing.textContent = notFound.length ? "Fant ikke: " + notFound.join(", ") + "." : "";
  }

  function render(report) {
    showRoundStatus(document.getElementById("runde-merknad"), report.round_status);
    document.getElementById("sammendrag").textContent = report.summary || "";
    renderReadAs(report.read_as);
    renderFindings(report.findings || []);
    renderSimilar(report.similar_projects || []);
    result.hidden = false;
    var heading = document.getElementById("resultat-tittel");
    heading.focus();
  }

  showPanel();
  loadRounds();
})();
