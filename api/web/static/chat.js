/*
 * The chat page (/): ask, show cited answers, feedback, round deadline. Needs common.js.
 *
 * Turns are listed newest first, right below the question box, so keyboard users reach the
 * new answer and its sources with Tab straight after sending.
 */
(function () {
  "use strict";

  var S = window.Skjonn;
  var el = S.el;
  var MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
    "september", "oktober", "november", "desember"];
  var HISTORY_MESSAGES = 12; // the server keeps the last few turns; no need to send more
  var MAX_HISTORY_CHARS = 2000;

  var form = document.getElementById("skjema");
  var box = document.getElementById("sporsmal");
  var yearSelect = document.getElementById("aar");
  var sendBtn = document.getElementById("send");
  var newBtn = document.getElementById("ny-samtale");
  var statusEl = document.getElementById("status");
  var errorEl = document.getElementById("feil");
  var section = document.getElementById("samtale-seksjon");
  var list = document.getElementById("samtale");
  var emptyHint = document.getElementById("tom");
  var live = document.getElementById("kunngjoring");

  var history = []; // [{role, content}], oldest first
  var busy = false;
  var turnCount = 0; // unique ids across "Ny samtale"
  var conversation = 0; // bumped by "Ny samtale": late answers of the old one are dropped

  // ------------------------------------------------------------------ dates
  function parseDate(iso) {
    var p = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return p ? Date.UTC(+p[1], +p[2] - 1, +p[3]) : null;
  }

  function norskDato(iso) {
    var t = parseDate(iso);
    if (t === null) return iso;
    var d = new Date(t);
    return d.getUTCDate() + ". " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  /** Days from today to deadline as the server counts them (its `today`, not this clock). */
  function daysLeft(todayIso, deadlineIso) {
    var a = parseDate(todayIso);
    var b = parseDate(deadlineIso);
    return a === null || b === null ? null : Math.round((b - a) / 86400000);
  }

  function roundName(r) {
    if (r && typeof r.round === "string" && /[a-zæøå]/i.test(r.round)) return r.round;
    return "Prosjektskjønn " + (r && r.year ? r.year : "");
  }

  // ----------------------------------------------------------------- rounds
  function showRounds(data) {
    var rounds = (data && data.rounds) || [];
    var current = rounds.filter(function (r) { return r.key === data.current; })[0];
    var deadlineEl = document.getElementById("frist");
    if (data && data.open === false && data.message) {
      // The newest known round's deadline has passed and no newer round is known: say so,
      // with the contact, instead of a countdown that only says the deadline is gone.
      deadlineEl.textContent = "";
      deadlineEl.appendChild(el("strong", { text: "Ingen åpen søknadsrunde nå. " }));
      deadlineEl.append.apply(deadlineEl, S.withMailto(data.message));
      deadlineEl.classList.add("closed");
      deadlineEl.hidden = false;
    } else if (current && current.deadline) {
      var days = daysLeft(data.today, current.deadline);
      var left = days === null || days < 0 ? ""
        : days === 0 ? "fristen er i dag"
        : days === 1 ? "1 dag igjen"
        : days + " dager igjen";
      deadlineEl.textContent = "";
      deadlineEl.appendChild(el("strong", { text: "Søknadsfrist for " + roundName(current) + ": " }));
      // The note is the deadline as the guideline states it ("1. september 2020 kl. 23.59");
      // use it when it says more than the bare date.
      var date = norskDato(current.deadline);
      var note = String(current.deadline_note || "");
      var when = note.indexOf(date) === 0 ? note : date;
      deadlineEl.appendChild(document.createTextNode(when + (left ? " – " + left : "")));
      deadlineEl.hidden = false;
    }
    var c = data && data.contact;
    if (c && (c.name || c.email)) {
      var notice = document.getElementById("kilde-notis");
      notice.textContent = "";
      notice.append("Svarene hentes fra retningslinjene og arkivet. Er du i tvil, kontakt " + (c.name || "Statsforvalteren"));
      if (c.email) {
        notice.append(" på ", el("a", { href: "mailto:" + c.email, text: c.email }));
      }
      notice.append(".");
    }
    // Optional year choice: the rounds the corpus has rules for, newest first.
    rounds.slice().sort(function (a, b) { return (b.year || 0) - (a.year || 0); }).forEach(function (r) {
      if (r.year) yearSelect.appendChild(el("option", { value: r.year, text: roundName(r) }));
    });
  }

  // ---------------------------------------------------------------- answers
  /** Answer text → paragraphs whose [n] markers are links to the numbered sources. */
  function renderAnswer(text, citations, turnId) {
    var known = {};
    citations.forEach(function (c) { known[c.n] = c; });
    return String(text).split(/\n{2,}|\n/).filter(function (s) { return s.trim(); }).map(function (para) {
      var p = el("p", { class: "answer-text" });
      var re = /\[(\d+)\]/g;
      var last = 0;
      var m;
      while ((m = re.exec(para)) !== null) {
        var n = +m[1];
        if (!known[n]) continue; // not a citation we have: leave it as text
        p.append(para.slice(last, m.index));
        p.append(sourceLink(n, turnId));
        last = re.lastIndex;
      }
      p.append(para.slice(last));
      return p;
    });
  }

  function sourceLink(n, turnId) {
    var target = turnId + "-kilde-" + n;
    return el("a", {
      class: "ref",
      href: "#" + target,
      "aria-label": "Kilde " + n,
      text: "[" + n + "]",
      on: {
        click: function (ev) {
          // Move focus (not just the scroll position) to the source, for keyboard users.
          ev.preventDefault();
          var item = document.getElementById(target);
          if (item) {
            item.focus({ preventScroll: true });
            item.scrollIntoView({ block: "nearest" });
          }
        },
      },
    });
  }

  /** The passage excerpt; marks a cut-off end with an ellipsis. */
  function snippet(text) {
    var t = String(text).trim();
    return /[.!?:)»"]$/.test(t) ? t : t + " …";
  }

  /** "Prosjektskjønn 2021 · avsnitt «Søknadsfrist»": the round the source is about, and where. */
  function sourceMeta(c) {
    return [
      c.year ? "Prosjektskjønn " + c.year : "Gjelder alle år",
      c.location ? "avsnitt «" + c.location + "»" : null,
    ].filter(Boolean).join(" · ");
  }

  // The document's title, round and section; never a file path. The excerpt is shown without
  // its Markdown (list dashes, **, #, table pipes).
  function renderSources(citations, turnId) {
    if (!citations.length) return null;
    var headingId = turnId + "-kilder";
    return el("div", { class: "sources" },
      el("h3", { id: headingId, text: "Kilder" }),
      el("ol", { "aria-labelledby": headingId },
        citations.map(function (c) {
          var text = c.snippet ? S.plainText(c.snippet) : "";
          return el("li", { id: turnId + "-kilde-" + c.n, value: c.n, tabindex: "-1", class: "source" },
            el("span", { class: "source-title", text: c.title || "Kilde " + c.n }),
            el("span", { class: "source-meta muted small", text: sourceMeta(c) }),
            text ? el("span", { class: "source-snippet", text: "«" + snippet(text) + "»" }) : null);
        })));
  }

  function renderContact(contact) {
    var m = /([^\s()<>]+@[^\s()<>]+\.[a-z]{2,})/i.exec(contact || "");
    var box = el("p", { class: "notice contact" }, el("strong", { text: "Kontakt: " }));
    if (!m) {
      box.append(contact);
      return box;
    }
    var before = contact.slice(0, m.index).replace(/\s*\(\s*$/, "");
    box.append(before + " – ", el("a", { href: "mailto:" + m[1], text: m[1] }));
    return box;
  }

  function renderFeedback(question, answer, turnId) {
    var labelId = turnId + "-nyttig";
    var comment = el("textarea", { id: turnId + "-kommentar", rows: "2", maxlength: "1000" });
    var group = el("div", { class: "feedback", role: "group", "aria-labelledby": labelId });
    var msg = el("p", { class: "feedback-msg small", role: "status" });

    function send(helpful) {
      var buttons = group.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      msg.textContent = "Sender …";
      S.api("/v1/feedback", {
        json: { question: question, answer: answer, helpful: helpful, comment: comment.value.trim() || null },
      }).then(function () {
        // Replace the controls with the thank-you; keep focus on something sensible.
        var thanks = el("p", { class: "feedback-thanks", tabindex: "-1", text: "Takk for tilbakemeldingen." });
        group.replaceWith(thanks);
        thanks.focus();
      }).catch(function (err) {
        buttons.forEach(function (b) { b.disabled = false; });
        msg.textContent = err.message;
      });
    }

    group.append(
      el("span", { id: labelId, class: "feedback-label", text: "Var svaret nyttig?" }),
      el("div", { class: "row" },
        el("button", { type: "button", class: "btn-secondary", on: { click: function () { send(true); } } }, "Ja"),
        el("button", { type: "button", class: "btn-secondary", on: { click: function () { send(false); } } }, "Nei")),
      el("details", { class: "feedback-comment" },
        el("summary", { text: "Legg til en kommentar (valgfritt)" }),
        el("label", { for: comment.id, class: "small", text: "Kommentar" }),
        comment),
      msg);
    return group;
  }

  function renderTurn(question) {
    turnCount += 1;
    var turnId = "tur-" + turnCount;
    var answerBox = el("div", { class: "a", "aria-busy": "true" },
      el("p", { class: "muted pending", text: "Henter svar …" }));
    var item = el("li", { class: "turn", id: turnId },
      el("div", { class: "q" },
        el("span", { class: "who", text: "Du spurte" }),
        el("p", { class: "question-text", text: question })),
      answerBox);
    return { item: item, answerBox: answerBox, turnId: turnId };
  }

  function fillAnswer(turn, question, data) {
    var citations = Array.isArray(data.citations) ? data.citations : [];
    var box = turn.answerBox;
    box.textContent = "";
    box.removeAttribute("aria-busy");
    box.classList.toggle("abstained", !data.answered);
    var parts = [el("span", { class: "who", text: "Svar" })]
      .concat(renderAnswer(data.answer, citations, turn.turnId))
      .concat([
        !data.answered && data.contact ? renderContact(data.contact) : null,
        renderSources(citations, turn.turnId),
        renderFeedback(question, data.answer, turn.turnId),
      ]);
    parts.forEach(function (node) { if (node) box.appendChild(node); });
  }

  // ------------------------------------------------------------------ asking
  function setBusy(on) {
    busy = on;
    form.setAttribute("aria-busy", on ? "true" : "false");
    sendBtn.setAttribute("aria-disabled", on ? "true" : "false");
    sendBtn.textContent = on ? "Sender …" : "Send";
    statusEl.textContent = on ? "Henter svar …" : "";
  }

  function ask() {
    var question = box.value.trim();
    errorEl.textContent = "";
    if (busy) return;
    if (!question) {
      errorEl.textContent = "Skriv et spørsmål først.";
      box.focus();
      return;
    }
    var year = yearSelect.value ? parseInt(yearSelect.value, 10) : null;
    var turn = renderTurn(question);
    list.insertBefore(turn.item, list.firstChild);
    section.hidden = false;
    emptyHint.hidden = true;
    setBusy(true);
    var mine = conversation;
    S.api("/v1/chat", {
      json: { question: question, history: history.slice(-HISTORY_MESSAGES), year: year },
    }).then(function (data) {
      if (mine !== conversation) return;
      fillAnswer(turn, question, data);
      history.push({ role: "user", content: question.slice(0, MAX_HISTORY_CHARS) });
      history.push({ role: "assistant", content: String(data.answer).slice(0, MAX_HISTORY_CHARS) });
      box.value = "";
      S.announce(live, "Svar: " + String(data.answer).replace(/\s*\[\d+\]/g, ""));
    }).catch(function (err) {
      if (mine !== conversation) return;
      turn.item.remove();
      if (!list.firstChild) {
        section.hidden = true;
        emptyHint.hidden = false;
      }
      errorEl.textContent = err.message; // the question stays in the box for another try
    }).then(function () {
      if (mine === conversation) setBusy(false);
    });
  }

  function newConversation() {
    conversation += 1;
    setBusy(false);
    history = [];
    list.textContent = "";
    section.hidden = true;
    emptyHint.hidden = false;
    errorEl.textContent = "";
    box.value = "";
    box.focus();
    S.announce(live, "Ny samtale startet.");
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    ask();
  });
  box.addEventListener("keydown", function (ev) {
    // Enter sends, Shift+Enter is a new line; leave IME composition alone.
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      ask();
    }
  });
  newBtn.addEventListener("click", newConversation);

  // The example questions are buttons: one click asks it.
  Array.prototype.forEach.call(document.querySelectorAll("#tom .example"), function (btn) {
    btn.addEventListener("click", function () {
      box.value = btn.textContent.trim();
      ask();
      box.focus();
    });
  });

  S.api("/v1/rounds").then(showRounds).catch(function () {
    // The deadline is a nice-to-have; the chat works without it.
  });
})();
