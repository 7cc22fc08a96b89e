/* FAQ page behaviour: the citation copy buttons and the decision guide.
   Both enhance content that already works without JavaScript. Material's instant navigation swaps pages
   without reloading, so setup runs on every page through its document$ observable. */
"use strict";

function setUpCitations(root) {
  root.querySelectorAll(".faq-cite").forEach(function (box) {
    var buttons = box.querySelector(".faq-cite__buttons");
    var status = box.querySelector(".faq-cite__status");
    if (!buttons || !navigator.clipboard) return;
    buttons.hidden = false;
    buttons.querySelectorAll("button[data-format]").forEach(function (button) {
      button.addEventListener("click", function () {
        var format = button.getAttribute("data-format");
        var text = box.getAttribute("data-cite-" + format);
        navigator.clipboard.writeText(text).then(function () {
          status.textContent = "Copied the " + button.textContent.replace(/^Copy (as |for )?/, "") +
            " citation to the clipboard.";
        }, function () {
          status.textContent = "Could not copy: select the citation text above and copy it by hand.";
        });
      });
    });
  });
}

/* The guide opens at once, in the state its address gives, but reads the table only when it must. The form, its
   result line and the "Copy result" button are shown at load, in the task in which the theme wraps the table in its
   scrolling box: that box is new in that frame, so its lower place is no layout shift (shown in a later task, the
   form pushes the drawn table down, a shift of 0.44 on a phone). With nothing ticked every option meets every
   requirement: faq.css outlines each option's header until faq.js marks it (data-fits), and the result line needs
   only the number of options, so nothing in the table is read or changed at load, the theme's busiest moment on a
   phone (issue 21). The verdicts are read on the first change or reset, or at once when the address names
   requirements. */
function setUpDecisionGuide(root) {
  var form = root.querySelector("form.faq-guide");
  if (!form) return;
  var result = form.querySelector(".faq-guide__result");
  var table = null, headers = [], options = null, meets = {};
  var first = root.querySelector(".faq-verdict");
  if (first) {
    table = first.closest("table");
    headers = table ? table.querySelectorAll("thead th") : [];
  }

  /* The options in the order of the table's columns, and for each the requirements it meets: read once. */
  function readTable() {
    if (options) return options;
    options = [];
    root.querySelectorAll(".faq-verdict").forEach(function (v) {
      var option = v.getAttribute("data-option");
      if (!meets[option]) {
        meets[option] = {};
        options.push(option);
      }
      if (v.classList.contains("faq-verdict--yes")) meets[option][v.getAttribute("data-req")] = true;
    });
    return options;
  }

  function summary(wanted, names, total) {
    if (!wanted.length) return "No requirement ticked: all " + total + " options shown.";
    if (!names.length) return "No option meets all " + wanted.length + " requirements. Untick one to compare.";
    return "Meets all " + wanted.length + " requirements: " + names.join(", ") + ".";
  }

  function update() {
    var all = readTable();
    var wanted = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]:checked"))
      .map(function (box) { return box.name; });
    var fitting = all.filter(function (option) {
      return wanted.every(function (req) { return !!meets[option][req]; });
    });
    if (table) {
      all.forEach(function (option, index) {
        var fits = fitting.indexOf(option) >= 0;
        var column = index + 2;
        table.querySelectorAll("tr > *:nth-child(" + column + ")").forEach(function (cell) {
          cell.classList.toggle("faq-guide--out", !fits);
        });
        if (headers[index + 1]) headers[index + 1].setAttribute("data-fits", fits ? "yes" : "no");
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var req = row.querySelector(".faq-verdict");
        row.classList.toggle("faq-guide--chosen", !!req && wanted.indexOf(req.getAttribute("data-req")) >= 0);
      });
    }
    var names = fitting.map(function (option) {
      var index = all.indexOf(option);
      return table && headers[index + 1] ? headers[index + 1].textContent.trim() : option;
    });
    result.textContent = summary(wanted, names, all.length);
    remember(wanted);
  }

  /* The ticked requirements live in the address (?req=temp-disk,no-cpu), so the result can be pasted and reopened. */
  function remember(wanted) {
    var params = location.search.replace(/^\?/, "").split("&").filter(function (p) {
      return p && p.split("=")[0] !== "req";
    });
    if (wanted.length) params.push("req=" + wanted.map(encodeURIComponent).join(","));
    var url = location.pathname + (params.length ? "?" + params.join("&") : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
    return url;
  }

  /* Ticks the requirements the address names; true when it named any (so that the result is worked out now). */
  function restore() {
    var match = /(?:^|[?&])req=([^&#]*)/.exec(location.search);
    if (!match) return false;
    match[1].split(",").forEach(function (name) {
      var box = /^[a-z0-9-]+$/.test(name) && form.querySelector('input[type=checkbox][name="' + name + '"]');
      if (box) box.checked = true;
    });
    return true;
  }

  function resultText() {
    var ticked = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]:checked"));
    var canonical = document.querySelector('link[rel="canonical"]');
    var link = new URL(remember(ticked.map(function (box) { return box.name; })), location.href);
    if (canonical) link = new URL(link.search, canonical.href);
    var lines = [document.title];
    lines.push(ticked.length ? "Requirements:" : "Requirements: none ticked");
    ticked.forEach(function (box) {
      lines.push("- " + form.querySelector('label[for="' + box.id + '"]').textContent.trim());
    });
    lines.push(result.textContent.trim());
    lines.push("Link: " + link.href);
    return lines.join("\n");
  }

  var copy = form.querySelector(".faq-guide__copy");
  var copied = form.querySelector(".faq-guide__copied") || document.createElement("p");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.querySelector("button").addEventListener("click", function () {
      navigator.clipboard.writeText(resultText()).then(function () {
        copied.textContent = "Copied the requirements, the result and its link to the clipboard.";
      }, function () {
        copied.textContent = "Could not copy: copy the address of this page instead; it keeps the ticked requirements.";
      });
    });
  }
  form.addEventListener("change", function () { copied.textContent = ""; update(); });
  form.addEventListener("reset", function () { copied.textContent = ""; setTimeout(update, 0); });
  if (restore()) {
    update();
  } else {
    result.textContent = summary([], [], table ? headers.length - 1 : readTable().length);
  }
  form.hidden = false;
}

/* Question IDs as readers retype them: ENC-038, enc038, ENC 38, /q/enc-038/ -> ENC-038. In the ID box any prefix
   goes (the reader asked for an ID). In search only the topics' prefixes do (the page's faq-id-prefixes meta,
   from data/topics.yml), so that "AES 256" or "SHA 1" stay the words they are; without that list, none. */
var ID_SHAPE = /^\s*(?:(?:https?:\/\/[^\/]+)?\/?q\/)?([a-z]{2,5})[\s._-]*(\d{1,4})\/?\s*$/i;

function idPrefixes() {
  var meta = document.querySelector('meta[name="faq-id-prefixes"]');
  return meta ? meta.getAttribute("content").toUpperCase().split(/[\s,]+/) : null;
}

function canonicalId(text, anyPrefix) {
  var match = ID_SHAPE.exec(text || "");
  if (!match) return null;
  var prefix = match[1].toUpperCase();
  var known = anyPrefix ? null : idPrefixes();
  if (!anyPrefix && (!known || known.indexOf(prefix) < 0)) return null;
  var number = String(parseInt(match[2], 10));
  while (number.length < 3) number = "0" + number;
  return prefix + "-" + number;
}

/* The site's root, as an absolute URL: Material's own scope, else the form's data-root. */
function siteRoot(form) {
  if (typeof __md_scope !== "undefined" && __md_scope) return new URL(".", __md_scope);
  return new URL(form.getAttribute("data-root") || ".", location.href);
}

/* The home page's ID box goes straight to the short link /q/<ID>/. Without JavaScript it opens the list of all
   questions (its action), where every ID has an entry. */
function setUpIdBox(root) {
  var form = root.querySelector("form.faq-idbox");
  if (!form) return;
  var input = form.querySelector("input");
  var status = form.querySelector(".faq-idbox__status");
  form.addEventListener("submit", function (event) {
    var id = canonicalId(input.value, true);
    event.preventDefault();
    if (!id) {
      status.textContent = input.value.trim() ? "\u201c" + input.value.trim() + "\u201d is not a question ID. " +
        "An ID is a topic prefix and a number, such as ENC-038." : "Type a question ID, such as ENC-038.";
      input.focus();
      return;
    }
    status.textContent = "Opening " + id + "\u2026";
    var local = location.protocol === "file:" ? "index.html" : "";
    location.assign(new URL("q/" + id + "/" + local, siteRoot(form)).href);
  });
}

/* An ID typed into search is searched as one word, ENC038, in whatever form it was typed (enc-038, ENC 38,
   /q/enc-038/), so that its answer comes first: each question page carries its ID without the dash in the search
   index's most heavily weighted field (tags). Not as ENC-038, because lunr's query parser reads "ENC-038" as "ENC,
   but not 038" and drops the answer. Three digits rewrite at once, before Material's own keyup listener reads the
   box; two only after a pause, since "ENC-38" may be the start of ENC-381, and a keyup is then sent for Material. */
var idRewrite = null;

function searchIdAsOneWord(event) {
  var input = event.target;
  if (!input.matches || !input.matches("input.md-search__input") || event.isTrusted === false) return;
  clearTimeout(idRewrite);
  var id = canonicalId(input.value);
  var word = id && id.replace("-", "");
  var digits = (/(\d*)\/?\s*$/.exec(input.value) || ["", ""])[1].length;
  if (!id || word === input.value || digits < 2) return;
  if (digits >= 3) {
    input.value = word;
    return;
  }
  idRewrite = setTimeout(function () {
    if (canonicalId(input.value) !== id) return;
    input.value = word;
    input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
  }, 600);
}

/* Material's share button copies its data-clipboard-text, which it sets to the link of the query before the last
   one (it copies the old href, then sets the new one): a shared search would miss its last keystroke. The
   current link is the href; it is copied in the capture phase, before the clipboard handler reads it. */
function shareTheCurrentSearch(event) {
  var share = event.target.closest && event.target.closest('[data-md-component="search-share"]');
  if (share && share.href) share.setAttribute("data-clipboard-text", share.href);
}

function setUp() {
  setUpCitations(document);
  setUpDecisionGuide(document);
  setUpIdBox(document);
}

/* The search worker (faq-search.js) loads its index only once a reader turns to search: focusing the box (also
   through the "/" and "s" shortcuts) or pointing at it asks for it on the "faq-search" channel, and a worker that
   started after that asks back ("waiting"). */
var searchChannel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("faq-search") : null;

function searchBoxInUse() {
  var active = document.activeElement;
  var toggle = document.getElementById("__search");
  return !!(active && active.matches && active.matches("input.md-search__input")) || !!(toggle && toggle.checked);
}

var searchIndexAsked = false;  /* once per page load: pointing at the box fires on every move */

function askForTheSearchIndex(event) {
  var target = event.target;
  if (searchIndexAsked || !searchChannel || !(target && target.closest)) return;
  if (target.closest(".md-search, label[for='__search']")) {
    searchIndexAsked = true;
    searchChannel.postMessage("load");
  }
}

if (searchChannel) {
  searchChannel.onmessage = function (event) {
    if (event.data === "waiting" && searchBoxInUse()) searchChannel.postMessage("load");
  };
  ["focusin", "pointerdown", "pointerover", "touchstart"].forEach(function (name) {
    window.addEventListener(name, askForTheSearchIndex, {capture: true, passive: true});
  });
}

window.addEventListener("keyup", searchIdAsOneWord, true);
window.addEventListener("click", shareTheCurrentSearch, true);

/* Printed evidence must be complete: collapsed blocks (referenced by, long lists) print open, and close again. */
var openedForPrint = [];
window.addEventListener("beforeprint", function () {
  openedForPrint = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
    d.open = true;
    return true;
  });
});
window.addEventListener("afterprint", function () {
  openedForPrint.forEach(function (d) { d.open = false; });
  openedForPrint = [];
});

if (typeof document$ !== "undefined") {
  document$.subscribe(setUp);
} else {
  document.addEventListener("DOMContentLoaded", setUp);
}
