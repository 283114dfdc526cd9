/*
 * Shared helpers of the pages (classic script, no build step):
 * window.Skjonn = {el, api, kr, announce, formErrors, withMailto, plainText}.
 *
 * Nothing here (or anywhere in the project) uses innerHTML: everything rendered from data is
 * created as elements and text nodes, so it stays inert text.
 */
(function () {
  "use strict";

  var NETWORK_ERROR = "Tjenesten svarer ikke akkurat nå. Prøv igjen om litt.";

  /**
   * el("a", {class: "x", href: "#k1", text: "1", on: {click: fn}}, child, "text", [more])
   * Builds one element. attrs: `class`, `text` (textContent), `on` ({event: handler});
   * any other key is set with setAttribute (null/undefined/false are skipped, true sets "").
   * Children: nodes, strings/numbers (as text nodes), arrays of those; null is skipped.
   */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    var key;
    attrs = attrs || {};
    for (key in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
      var value = attrs[key];
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") {
        node.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : String(value);
      } else if (key === "text") {
        node.textContent = String(value);
      } else if (key === "on") {
        for (var ev in value) {
          if (Object.prototype.hasOwnProperty.call(value, ev)) node.addEventListener(ev, value[ev]);
        }
      } else {
        node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) {
      child.forEach(function (c) { append(node, c); });
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }

  /**
   * api("/v1/chat", {json: {...}}) → Promise of the parsed JSON (text for non-JSON replies,
   * null for 204). Options: method (default GET, or POST when json/body is given), json
   * (sent as application/json), body (FormData etc., sent as is), headers, accept.
   * On a non-2xx reply it throws an Error whose message is the server's Norwegian `message`;
   * `.status` is the HTTP status (0 when the server could not be reached), `.code` the
   * server's short `error` name.
   */
  function api(path, opts) {
    opts = opts || {};
    var headers = Object.assign({ Accept: opts.accept || "application/json" }, opts.headers || {});
    var body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers["Content-Type"] = "application/json";
    }
    var method = opts.method || (body !== undefined ? "POST" : "GET");
    return fetch(path, { method: method, headers: headers, body: body, credentials: "same-origin" })
      .catch(function () {
        throw failure(NETWORK_ERROR, 0, "network");
      })
      .then(function (res) {
        var type = res.headers.get("Content-Type") || "";
        var parsed = res.status === 204 ? Promise.resolve(null)
          : type.indexOf("json") >= 0 ? res.json().catch(function () { return null; })
          : res.text();
        return parsed.then(function (data) {
          if (res.ok) return data;
          var msg = data && typeof data === "object" && data.message ? data.message
            : "Noe gikk galt (feil " + res.status + "). Prøv igjen senere.";
          throw failure(msg, res.status, data && data.error);
        });
      });
  }

  function failure(message, status, code) {
    var err = new Error(message);
    err.status = status;
    err.code = code || null;
    return err;
  }

  /** kr(1250000) → "1 250 000 kr"; null/undefined/NaN → "–". Whole kroner. */
  function kr(n) {
    if (n === null || n === undefined || n === "" || isNaN(Number(n))) return "–";
    var v = Math.round(Number(n));
    var digits = String(Math.abs(v)).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
    return (v < 0 ? "−" : "") + digits + " kr";
  }

  /**
   * announce(region, text): puts text in an aria-live region. The region is emptied first and
   * filled on the next tick, so screen readers announce a repeated message again.
   */
  function announce(region, text) {
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  /**
   * Errors of one form, shown in its role="alert" box: show(message, field?) also marks the
   * field aria-invalid and moves focus to it; clear() empties the box and unmarks every field.
   */
  function formErrors(form, box) {
    return {
      show: function (message, field) {
        box.textContent = message;
        if (field) {
          field.setAttribute("aria-invalid", "true");
          field.focus();
        }
      },
      clear: function () {
        box.textContent = "";
        Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (f) {
          f.removeAttribute("aria-invalid");
        });
      },
    };
  }

  /**
   * withMailto("Kontakt X (a@b.no) …") → the text as nodes, its e-mail addresses as mailto
   * links (for server messages that name the contact).
   */
  function withMailto(text) {
    var out = [];
    var re = /[^\s()<>«»]+@[^\s()<>«»]+\.[a-z]{2,}/gi;
    var last = 0;
    var m;
    text = String(text);
    while ((m = re.exec(text)) !== null) {
      out.push(text.slice(last, m.index), el("a", { href: "mailto:" + m[0], text: m[0] }));
      last = re.lastIndex;
    }
    out.push(text.slice(last));
    return out;
  }

  /**
   * plainText("- Ikke **drift**. | År | Sum |") → "Ikke drift. År · Sum": a passage excerpt
   * without Markdown syntax, for display (list markers, emphasis, headings, table pipes and
   * rules, links, code ticks). The same function is in widget.js, which cannot load this file.
   */
  function plainText(md) {
    return String(md)
      .replace(/\[([^\]]+)\]\([^)\s]+\)/g, "$1") // [text](url) → text
      .replace(/`+([^`]*)`+/g, "$1")
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "$2") // **bold**, __bold__
      .replace(/(^|[\s(«"])[*_](?=\S)([^*_\n]*?\S)[*_](?=$|[\s.,;:!?)»"])/g, "$1$2") // *em*, _em_
      .replace(/(^|\s)#{1,6}\s+/g, "$1") // ## Heading
      .replace(/\|?(\s*:?-{3,}:?\s*\|)+(\s*:?-{3,}:?\s*)?/g, " ") // |---|---| table rules
      .replace(/\s*\|\s*/g, " · ") // cells
      .replace(/^\s*[-*+•]\s+/, "") // a list marker at the start
      .replace(/([.!?:;])\s+[-*+•]\s+/g, "$1 ") // a marker after a full sentence
      .replace(/(?<=[^\d\s])\s+[-*+•]\s+(?=[A-Za-zÆØÅæøå«"])/g, ", ") // an item without a full stop
      .replace(/\s+/g, " ")
      .replace(/( ·)+ /g, " · ") // empty cells
      .replace(/^[\s·]+|[\s·]+$/g, "");
  }

  window.Skjonn = {
    el: el, api: api, kr: kr, announce: announce, formErrors: formErrors, withMailto: withMailto,
    plainText: plainText,
  };
})();
