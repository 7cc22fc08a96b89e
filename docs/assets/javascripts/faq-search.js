/* The site's search worker, in place of Material's lunr worker (the theme lets a site provide its own: the
   `search` URL of the page's __config). It speaks Material's messages (SETUP 0, READY 1, QUERY 2, RESULT 3) and
   answers in Material's result format, so the theme's search box, results, highlighting, suggestions and share
   button work as before.

   The index is built by the site (hooks/faqsite/pages/search.py), with every word's weight in every page already
   computed, so nothing is built here: the worker loads it and is ready. It is a script loaded with importScripts,
   which works both over HTTP and from file:// (where Material runs workers in an iframe and fetch is refused).

   Scoring: for each word of the query, the best of its matches in a page (the word itself, a longer word it starts,
   or a word sharing its stem), weighted by how rare the matched word is; summed over the query's words, and
   scaled by the share of the query's words the page matches, so pages with every word come first. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var WORD = /[\p{L}\p{N}]+/gu;
var PREFIX_WEIGHT = 0.7;   /* "encrypt" in "encryption": a weaker match than the word itself */
var STEM_WEIGHT = 0.5;     /* "rotating" finding "rotation" through "rotat" */
var MAX_EXPANSIONS = 400;  /* longer words a short prefix may stand for, the most frequent first */
/* Results shown: pages scoring at least 1/50 of the best one (a page that only shares a common word with the query
   is noise, not a match), at most 500 of them. */
var MIN_SHARE_OF_BEST = 0.02;
var MAX_RESULTS = 500;
var MARKED_RESULTS = 100;  /* the first results get their words marked and their matching sections listed */
var index = null;

function scriptUrl() {
  /* Under Material's iframe-worker shim (file://) this runs in an iframe whose first script is this one. */
  if (typeof parent !== "undefined" && parent !== self && "IFrameWorker" in parent) {
    return document.querySelector("script[src]").src;
  }
  return self.location.href;
}

function load(data) {
  var stop = {};
  data.stop.forEach(function (word) { stop[word] = true; });
  var count = data.docs.length;
  data.postings.forEach(function (list) {  /* page numbers are stored as gaps: make them page numbers again */
    for (var i = 2; i < list.length; i += 2) list[i] += list[i - 2];
  });
  var idf = data.postings.map(function (list) { return Math.log(1 + count / (list.length / 2)); });
  return {docs: data.docs, terms: data.terms, postings: data.postings, idf: idf, stop: stop};
}

function words(text) {
  return (text.toLowerCase().match(WORD) || []);
}

/* The first term >= word, by binary search over the sorted terms. */
function lowerBound(terms, word) {
  var low = 0, high = terms.length;
  while (low < high) {
    var mid = (low + high) >> 1;
    if (terms[mid] < word) low = mid + 1; else high = mid;
  }
  return low;
}

/* Terms starting with `prefix`, as [term number, ...], the most frequent first, at most MAX_EXPANSIONS. */
function startingWith(prefix) {
  var found = [];
  for (var i = lowerBound(index.terms, prefix); i < index.terms.length; i++) {
    if (index.terms[i].lastIndexOf(prefix, 0) !== 0) break;
    found.push(i);
  }
  if (found.length > MAX_EXPANSIONS) {
    found.sort(function (a, b) { return index.postings[b].length - index.postings[a].length; });
    found.length = MAX_EXPANSIONS;
  }
  return found;
}

/* A word without its common English endings, if enough is left to mean something: rotating -> rotat. */
function stem(word) {
  var endings = ["ations", "ation", "ings", "ing", "ions", "ion", "ies", "ied", "es", "ed", "s", "e", "y"];
  for (var i = 0; i < endings.length; i++) {
    var ending = endings[i], keep = ending === "s" || ending === "es" ? 3 : 4;
    if (word.length - ending.length >= keep && word.slice(-ending.length) === ending) {
      return word.slice(0, -ending.length);
    }
  }
  return null;
}

/* Each term this query word matches, with the weight of that kind of match. */
function matches(word) {
  var weights = {};
  function add(term, weight) {
    if (!(term in weights) || weights[term] < weight) weights[term] = weight;
  }
  startingWith(word).forEach(function (term) {
    add(term, index.terms[term] === word ? 1 : PREFIX_WEIGHT);
  });
  var root = stem(word);
  if (root) startingWith(root).forEach(function (term) { add(term, STEM_WEIGHT); });
  return weights;
}

/* Each query word's best score in each page (page * words + word), and the pages any word matched. */
function scorePages(queryWords) {
  var count = queryWords.length, scores = new Float64Array(index.docs.length * count);
  var seen = new Uint8Array(index.docs.length), touched = [];
  queryWords.forEach(function (word, position) {
    var found = matches(word);
    Object.keys(found).forEach(function (term) {
      var list = index.postings[term], factor = found[term] * index.idf[term];
      for (var i = 0; i < list.length; i += 2) {
        var page = list[i], at = page * count + position, score = factor * list[i + 1];
        if (!seen[page]) {
          seen[page] = 1;
          touched.push(page);
        }
        if (score > scores[at]) scores[at] = score;
      }
    });
  });
  return {scores: scores, pages: touched};
}

/* Pages by score: the sum of the words' scores, times the square of the share of the query's words matched. */
function rank(queryWords) {
  var found = scorePages(queryWords), count = queryWords.length;
  return found.pages.map(function (page) {
    var sum = 0, matched = 0;
    for (var i = page * count; i < (page + 1) * count; i++) {
      sum += found.scores[i];
      if (found.scores[i] > 0) matched++;
    }
    var share = matched / count;
    return {page: page, score: sum * share * share, each: found.scores.subarray(page * count, (page + 1) * count)};
  }).sort(function (a, b) { return b.score - a.score || a.page - b.page; });
}

var SPECIAL = /[&<>"']/;
var ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"};

function escapeHtml(text) {
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, function (c) { return ENTITIES[c]; }) : text;
}

/* What a word of the page must start with to be marked: each query word, and its stem. */
function markers(queryWords) {
  var out = [];
  queryWords.forEach(function (word) {
    out.push(word);
    var root = stem(word);
    if (root) out.push(root);
  });
  return out;
}

function marked(word, starts) {
  var lower = word.toLowerCase();
  for (var i = 0; i < starts.length; i++) {
    if (lower.lastIndexOf(starts[i], 0) === 0) return true;
  }
  return false;
}

/* Plain text as HTML, each word the query matches marked (no marks with `starts` null). */
function highlight(text, starts) {
  if (!starts) return escapeHtml(text);
  var out = "", last = 0, match;
  WORD.lastIndex = 0;
  while ((match = WORD.exec(text)) !== null) {
    if (marked(match[0], starts)) {
      out += escapeHtml(text.slice(last, match.index)) + "<mark>" + escapeHtml(match[0]) + "</mark>";
      last = match.index + match[0].length;
    }
  }
  return out + escapeHtml(text.slice(last));
}

/* The sections of a page whose heading the query names, as Material's section results. */
function sectionItems(doc, starts, score, terms) {
  var out = [];
  doc[3].forEach(function (section) {
    if ((section[1].match(WORD) || []).some(function (w) { return marked(w, starts); })) {
      out.push({location: doc[0] + "#" + section[0], title: highlight(section[1], starts), text: "",
                score: score / 2, terms: terms});
    }
  });
  return out;
}

/* The completion of the query's last word that most pages share, for Material's suggestion. */
function suggestion(query, queryWords) {
  var typed = (query.match(/[\p{L}\p{N}]+$/u) || [""])[0];
  if (typed.length < 2) return [];
  var best = null;
  startingWith(typed.toLowerCase()).forEach(function (term) {
    if (best === null || index.postings[term].length > index.postings[best].length) best = term;
  });
  return best === null ? [] : [typed + index.terms[best].slice(typed.length)];
}

function search(query) {
  var all = words(query).filter(function (word, i, list) { return list.indexOf(word) === i; });
  var queryWords = all.filter(function (word) { return !index.stop[word]; });
  if (!queryWords.length) queryWords = all;
  if (!queryWords.length) return {items: []};
  var ranked = rank(queryWords);
  var starts = markers(queryWords), best = ranked.length ? ranked[0].score : 0;
  var items = ranked.filter(function (hit, rank) {
    return rank < MAX_RESULTS && hit.score >= best * MIN_SHARE_OF_BEST;
  }).map(function (hit, rank) {
    var doc = index.docs[hit.page], terms = {}, marks = rank < MARKED_RESULTS ? starts : null;
    queryWords.forEach(function (word, i) { terms[word] = hit.each[i] > 0; });
    var score = hit.score / 1000;
    var article = {location: doc[0], title: highlight(doc[1], marks),
                   text: "<p>" + highlight(doc[2], marks) + "</p>", score: score, terms: terms};
    return marks ? [article].concat(sectionItems(doc, starts, score, terms)) : [article];
  });
  return {items: items, suggest: suggestion(query, queryWords)};
}

/* Over HTTP Material sends SETUP as soon as a page opens, but most readers never search: the index is loaded
   when the reader turns to the search box (faq.js says so on the "faq-search" channel when the box gets focus),
   and READY follows it. From file:// Material sends SETUP only when search opens, and a channel may not work
   there: the index loads at once. */
var CHANNEL = "faq-search";
var wanted = null;

function searchWanted() {
  if (!wanted) {
    wanted = new Promise(function (resolve) {
      if (typeof BroadcastChannel === "undefined" || self.location.protocol === "file:" || scriptUrl().indexOf("file:") === 0) {
        resolve();
        return;
      }
      var channel = new BroadcastChannel(CHANNEL);
      channel.onmessage = function (event) {
        if (event.data === "load") {
          channel.close();
          resolve();
        }
      };
      channel.postMessage("waiting");  /* a box focused before this worker started answers "load" */
    });
  }
  return wanted;
}

async function handle(message) {
  if (message.type === SETUP) {
    if (!index) {
      await searchWanted();
      await importScripts(new URL("../../search/faq-search-index.js", scriptUrl()).href);
      index = load(self.__faq_search_index);
      self.__faq_search_index = null;
      search("encryption keys");  /* compiled before the reader's first key, not during it */
    }
    return {type: READY};
  }
  if (message.type === QUERY) {
    try {
      return {type: RESULT, data: search(String(message.data))};
    } catch (error) {
      console.warn("Search failed for: " + message.data, error);
      return {type: RESULT, data: {items: []}};
    }
  }
  throw new TypeError("Invalid message type");
}

addEventListener("message", async function (event) {
  postMessage(await handle(event.data));
});
