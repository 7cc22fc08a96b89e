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

function setUpDecisionGuide(root) {
  var form = root.querySelector("form.faq-guide");
  if (!form) return;
  var verdicts = Array.prototype.slice.call(root.querySelectorAll(".faq-verdict"));
  var table = verdicts.length ? verdicts[0].closest("table") : null;
  var options = [];
  verdicts.forEach(function (v) {
    var option = v.getAttribute("data-option");
    if (options.indexOf(option) < 0) options.push(option);
  });
  var result = form.querySelector(".faq-guide__result");

  function update() {
    var wanted = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]:checked"))
      .map(function (box) { return box.name; });
    var fitting = options.filter(function (option) {
      return wanted.every(function (req) {
        var verdict = root.querySelector('.faq-verdict[data-option="' + option + '"][data-req="' + req + '"]');
        return verdict && verdict.classList.contains("faq-verdict--yes");
      });
    });
    if (table) {
      var headers = table.querySelectorAll("thead th");
      options.forEach(function (option, index) {
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
      var index = options.indexOf(option);
      return table ? table.querySelectorAll("thead th")[index + 1].textContent.trim() : option;
    });
    if (!wanted.length) {
      result.textContent = "No requirement ticked: all " + options.length + " options shown.";
    } else if (!names.length) {
      result.textContent = "No option meets all " + wanted.length + " requirements. Untick one to compare.";
    } else {
      result.textContent = "Meets all " + wanted.length + " requirements: " + names.join(", ") + ".";
    }
  }

  form.hidden = false;
  form.addEventListener("change", update);
  form.addEventListener("reset", function () { setTimeout(update, 0); });
  update();
}

/* Search waits for the second letter of a word. One letter is the start of a word on almost every page, and
   Material's worker then matches and highlights every page: at 1,000 questions, 160-510 ms and 5-7 MB of
   results per keystroke (benchmarks/README.md). Until the second letter, the results for the words before
   stay. Deleting, pasting and Enter are never held back. */
function holdOneLetterWords(event) {
  var input = event.target;
  if (!input.matches || !input.matches("input.md-search__input")) return;
  if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return;
  var words = input.value.split(/\s+/);
  if (words[words.length - 1].length === 1) event.stopPropagation();
}

function setUp() {
  setUpCitations(document);
  setUpDecisionGuide(document);
}

window.addEventListener("keyup", holdOneLetterWords, true);

if (typeof document$ !== "undefined") {
  document$.subscribe(setUp);
} else {
  document.addEventListener("DOMContentLoaded", setUp);
}
