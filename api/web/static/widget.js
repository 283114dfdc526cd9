/*
 * Embeddable chat widget for prosjektskjønn questions. One tag on any page:
 *
 *   <script src="https://host/widget.js" data-skjonn-url="https://host"></script>
 *
 * It adds a floating button and a chat panel inside an open shadow root, so the host page's
 * CSS cannot reach it (and ours cannot reach the host). Styles come from
 * ${url}/static/widget.css through a <link> in the shadow root: no inline style, no innerHTML,
 * so it works under a strict CSP. Answers come from ${url}/v1/chat, the round's deadline (or
 * that no round is open) from ${url}/v1/rounds.
 *
 * The open panel never covers the host page's text:
 * - wide screens (SIDE_MEDIA): the panel is docked at the right edge, and the host page's root
 *   element gets a right margin of the panel's width while it is open, so the host's text
 *   reflows beside it (set through the CSSOM, which a strict CSP allows; restored on close);
 * - narrow screens: the panel is part of the page, after the host's content, as tall as the
 *   screen; opening scrolls to it.
 * Closing restores the host's layout and scrolls back to where the reader was.
 */
(function () {
  "use strict";

  if (window.__skjonnWidget) return; // included twice: keep the first
  window.__skjonnWidget = true;

  var script = document.currentScript;
  var base = ((script && script.getAttribute("data-skjonn-url")) ||
    (script && script.src ? new URL(script.src, document.baseURI).origin : location.origin)).replace(/\/+$/, "");
  var NETWORK_ERROR = "Tjenesten svarer ikke akkurat nå. Prøv igjen om litt.";
  var HISTORY_MESSAGES = 12;
  var SIDE_MEDIA = "(min-width: 60rem)";
  var PANEL_WIDTH = "24rem"; // as .frame.side .panel in widget.css

  /** h("p", {class: "x", text: "…", on: {click: fn}}, child, …): DOM without innerHTML. */
  function h(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var v = attrs[key];
      if (v === null || v === undefined || v === false) return;
      if (key === "class") node.className = v;
      else if (key === "text") node.textContent = String(v);
      else if (key === "on") Object.keys(v).forEach(function (ev) { node.addEventListener(ev, v[ev]); });
      else node.setAttribute(key, v === true ? "" : String(v));
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function start() {
    var hostEl = h("div", { id: "skjonn-widget", "data-skjonn-widget": "" });
    var root = hostEl.attachShadow({ mode: "open" });
    var frame = h("div", { class: "frame", hidden: true }); // shown once the stylesheet is in
    var link = h("link", { rel: "stylesheet", href: base + "/static/widget.css" });
    link.addEventListener("load", function () { frame.hidden = false; });
    link.addEventListener("error", function () { frame.hidden = false; });
    root.appendChild(link);
    root.appendChild(frame);

    var history = [];
    var busy = false;
    var turns = 0;
    var conversation = 0; // bumped by "Ny samtale": late answers of the old one are dropped

    var launcher = h("button", {
      type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "skjonn-panel",
    }, h("span", { class: "launcher-icon", "aria-hidden": "true", text: "?" }), "Spør om prosjektskjønn");

    var closeBtn = h("button", { type: "button", class: "close", "aria-label": "Lukk chatten" },
      h("span", { "aria-hidden": "true", text: "×" }));
    var log = h("ol", { class: "log", "aria-label": "Samtale" });
    var intro = h("p", { class: "intro", text: "Still et spørsmål om prosjektskjønn, for eksempel om søknadsfrister eller hva det kan gis støtte til. Svarene hentes fra retningslinjene og arkivet." });
    var roundNote = h("p", { class: "round", hidden: true });
    var live = h("div", { class: "sr-only", "aria-live": "polite" });
    var error = h("p", { class: "error", role: "alert" });
    var status = h("p", { class: "status", role: "status" });
    var box = h("textarea", { id: "skjonn-q", rows: "2", maxlength: "2000", autocomplete: "off", "aria-describedby": "skjonn-hint" });
    var send = h("button", { type: "submit", class: "send", text: "Send" });
    var newBtn = h("button", { type: "button", class: "secondary", text: "Ny samtale" });
    var form = h("form", { class: "ask", novalidate: true },
      h("label", { for: "skjonn-q", text: "Ditt spørsmål" }),
      h("span", { id: "skjonn-hint", class: "hint", text: "Enter sender, Shift+Enter gir ny linje." }),
      box,
      h("div", { class: "actions" }, newBtn, send));
    var panel = h("section", {
      id: "skjonn-panel", class: "panel", role: "dialog", "aria-modal": "false",
      "aria-labelledby": "skjonn-title", hidden: true,
    },
    h("div", { class: "head" }, h("h2", { id: "skjonn-title", text: "Spør om prosjektskjønn" }), closeBtn),
    h("div", { class: "body" }, roundNote, intro, log, status, error),
    form,
    h("p", { class: "foot" }, "Svarene er veiledende. ",
      h("a", { href: base + "/", target: "_blank", rel: "noopener", text: "Åpne Skjønnsassistenten" })),
    live);

    frame.appendChild(launcher);
    frame.appendChild(panel);

    // ------------------------------------------------------------ placement
    var side = window.matchMedia ? window.matchMedia(SIDE_MEDIA) : { matches: true };
    var reserved = null; // the host root's own inline margin-right, while ours is set
    var returnTo = null; // where the reader was when the panel opened

    function place() {
      var docked = !panel.hidden && side.matches;
      frame.classList.toggle("side", side.matches);
      frame.classList.toggle("inline", !side.matches);
      frame.classList.toggle("open", !panel.hidden);
      var rootStyle = document.documentElement.style;
      if (docked && reserved === null) {
        reserved = { value: rootStyle.getPropertyValue("margin-right"), priority: rootStyle.getPropertyPriority("margin-right") };
        rootStyle.setProperty("margin-right", PANEL_WIDTH, "important");
      } else if (!docked && reserved !== null) {
        rootStyle.setProperty("margin-right", reserved.value, reserved.priority);
        if (!reserved.value) rootStyle.removeProperty("margin-right");
        reserved = null;
      }
    }
    if (side.addEventListener) side.addEventListener("change", place);

    function open() {
      returnTo = { x: window.scrollX, y: window.scrollY };
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      place();
      if (!side.matches) panel.scrollIntoView({ block: "start" });
      box.focus({ preventScroll: true });
      loadRound();
    }

    function close() {
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      place();
      // the host's layout is as it was before opening again: so is the reader's place
      if (returnTo) window.scrollTo(returnTo.x, returnTo.y);
      returnTo = null;
      launcher.focus({ preventScroll: true });
    }

    // ---------------------------------------------------------------- round
    var roundLoaded = false;

    /** Text with its e-mail addresses as mailto links. */
    function withMailto(text) {
      var p = [];
      var re = /[^\s()<>«»]+@[^\s()<>«»]+\.[a-z]{2,}/gi;
      var last = 0;
      var m;
      while ((m = re.exec(text)) !== null) {
        p.push(document.createTextNode(text.slice(last, m.index)), h("a", { href: "mailto:" + m[0], text: m[0] }));
        last = re.lastIndex;
      }
      p.push(document.createTextNode(text.slice(last)));
      return p;
    }

    // The deadline of the current round, or (none open) the server's message with the contact.
    function loadRound() {
      if (roundLoaded) return;
      roundLoaded = true;
      fetch(base + "/v1/rounds", { headers: { Accept: "application/json" }, credentials: "omit" })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (data) {
          if (!data) return;
          roundNote.textContent = "";
          if (data.open === false && data.message) {
            roundNote.appendChild(h("strong", { text: "Ingen åpen søknadsrunde nå. " }));
            withMailto(String(data.message)).forEach(function (n) { roundNote.appendChild(n); });
            roundNote.hidden = false;
            return;
          }
          var current = (data.rounds || []).filter(function (r) { return r.key === data.current; })[0];
          if (current) {
            roundNote.appendChild(h("strong", { text: "Søknadsfrist for " + current.round + ": " }));
            roundNote.appendChild(document.createTextNode(String(current.deadline_note || current.deadline)));
            roundNote.hidden = false;
          }
        })
        .catch(function () {
          roundLoaded = false; // the chat works without it; try again on the next open
        });
    }

    launcher.addEventListener("click", function () { if (panel.hidden) open(); else close(); });
    closeBtn.addEventListener("click", close);
    panel.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        ev.preventDefault();
        close();
      }
    });
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        ask();
      }
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      ask();
    });
    newBtn.addEventListener("click", function () {
      conversation += 1;
      busy = false;
      send.removeAttribute("aria-disabled");
      status.textContent = "";
      history = [];
      log.textContent = "";
      error.textContent = "";
      intro.hidden = false;
      box.value = "";
      box.focus();
      live.textContent = "Ny samtale startet.";
    });

    /** Answer text with its [n] markers as buttons that move focus to source n. */
    function answerText(text, citations, id) {
      var p = h("p", { class: "answer" });
      var known = {};
      citations.forEach(function (c) { known[c.n] = true; });
      var re = /\[(\d+)\]/g;
      var last = 0;
      var m;
      while ((m = re.exec(text)) !== null) {
        if (!known[+m[1]]) continue;
        p.appendChild(document.createTextNode(text.slice(last, m.index)));
        p.appendChild(refLink(+m[1], id));
        last = re.lastIndex;
      }
      p.appendChild(document.createTextNode(text.slice(last)));
      return p;
    }

    function refLink(n, id) {
      var target = id + "-kilde-" + n;
      return h("a", {
        class: "ref", href: "#" + target, "aria-label": "Kilde " + n, text: "[" + n + "]",
        on: {
          click: function (ev) {
            // in-page anchors do not cross the shadow boundary: move focus ourselves
            ev.preventDefault();
            var item = root.getElementById(target);
            if (item) {
              item.focus({ preventScroll: true });
              item.scrollIntoView({ block: "nearest" });
            }
          },
        },
      });
    }

    /** A passage excerpt without Markdown; the same function as plainText in common.js. */
    function plainText(md) {
      return String(md)
        .replace(/\[([^\]]+)\]\([^)\s]+\)/g, "$1")
        .replace(/`+([^`]*)`+/g, "$1")
        .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "$2")
        .replace(/(^|[\s(«"])[*_](?=\S)([^*_\n]*?\S)[*_](?=$|[\s.,;:!?)»"])/g, "$1$2")
        .replace(/(^|\s)#{1,6}\s+/g, "$1")
        .replace(/\|?(\s*:?-{3,}:?\s*\|)+(\s*:?-{3,}:?\s*)?/g, " ")
        .replace(/\s*\|\s*/g, " · ")
        .replace(/^\s*[-*+•]\s+/, "")
        .replace(/([.!?:;])\s+[-*+•]\s+/g, "$1 ")
        .replace(/(?<=[^\d\s])\s+[-*+•]\s+(?=[A-Za-zÆØÅæøå«"])/g, ", ")
        .replace(/\s+/g, " ")
        .replace(/( ·)+ /g, " · ")
        .replace(/^[\s·]+|[\s·]+$/g, "");
    }

    // Each source: the document's title, its round and section, and a short plain excerpt;
    // never a file path.
    function sources(citations, id) {
      if (!citations.length) return null;
      var ol = h("ol", { class: "sources", "aria-label": "Kilder" });
      citations.forEach(function (c) {
        var meta = [c.year ? "Prosjektskjønn " + c.year : "Gjelder alle år",
          c.location ? "avsnitt «" + c.location + "»" : null].filter(Boolean).join(" · ");
        var text = c.snippet ? plainText(c.snippet) : "";
        if (text.length > 160) text = text.slice(0, 157).replace(/\s+\S*$/, "") + " …";
        ol.appendChild(h("li", { id: id + "-kilde-" + c.n, value: c.n, tabindex: "-1" },
          h("span", { class: "src-title", text: c.title || "Kilde " + c.n }),
          h("span", { class: "src-meta", text: meta }),
          text ? h("span", { class: "src-snippet", text: "«" + text + "»" }) : null));
      });
      return h("div", { class: "sources-box" }, h("p", { class: "sources-head", text: "Kilder" }), ol);
    }

    // Scroll the conversation (not the host page) so that item's top is in view.
    var bodyBox = panel.querySelector(".body");
    function showInLog(item) {
      bodyBox.scrollTop = item.getBoundingClientRect().top - bodyBox.getBoundingClientRect().top + bodyBox.scrollTop;
    }

    function ask() {
      var question = box.value.trim();
      error.textContent = "";
      if (busy) return;
      if (!question) {
        error.textContent = "Skriv et spørsmål først.";
        box.focus();
        return;
      }
      busy = true;
      send.setAttribute("aria-disabled", "true");
      status.textContent = "Henter svar …";
      intro.hidden = true;
      turns += 1;
      var id = "sw-" + turns;
      var item = h("li", { class: "turn" }, h("p", { class: "q" }, h("span", { class: "sr-only", text: "Du spurte: " }), question));
      log.appendChild(item);
      showInLog(item);

      var mine = conversation;
      fetch(base + "/v1/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ question: question, history: history.slice(-HISTORY_MESSAGES), year: null }),
        credentials: "omit",
      }).catch(function () {
        throw new Error(NETWORK_ERROR);
      }).then(function (res) {
        return res.json().catch(function () { return null; }).then(function (data) {
          if (!res.ok || !data) {
            throw new Error((data && data.message) || "Noe gikk galt (feil " + res.status + "). Prøv igjen senere.");
          }
          return data;
        });
      }).then(function (data) {
        if (mine !== conversation) return;
        var citations = Array.isArray(data.citations) ? data.citations : [];
        var answer = h("div", { class: data.answered ? "a" : "a abstained" },
          h("span", { class: "sr-only", text: "Svar: " }),
          answerText(String(data.answer), citations, id),
          sources(citations, id));
        item.appendChild(answer);
        history.push({ role: "user", content: question.slice(0, 2000) });
        history.push({ role: "assistant", content: String(data.answer).slice(0, 2000) });
        box.value = "";
        live.textContent = "";
        window.setTimeout(function () {
          live.textContent = "Svar: " + String(data.answer).replace(/\s*\[\d+\]/g, "");
        }, 50);
        showInLog(item); // the question, then the answer below it
      }).catch(function (err) {
        if (mine !== conversation) return;
        item.remove();
        if (!log.firstChild) intro.hidden = false;
        error.textContent = err.message || NETWORK_ERROR;
      }).then(function () {
        if (mine !== conversation) return;
        busy = false;
        send.removeAttribute("aria-disabled");
        status.textContent = "";
      });
    }

    document.body.appendChild(hostEl);
    place();
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
