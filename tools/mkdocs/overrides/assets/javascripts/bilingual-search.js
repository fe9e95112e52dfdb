/*
 * Search for the bilingual site, on Material 8.2.5's own search (lunr in a
 * web worker). Material reads window.__search when its bundle starts, and
 * takes from it, when present:
 *
 *   transform  a function from what the reader typed to a lunr query
 *   index      the search index, or a promise of it
 *   worker     the URL to start the search worker from
 *
 * This script sets all three; overrides/main.html loads it before the bundle.
 *
 * transform: the index has every Han character as a word of its own
 * (tools/mkdocs/hooks.py puts a zero-width space around each), so the query
 * is cut the same way, at the same separator, and each Chinese character
 * is made required (+): 连接池 finds the pages and sections that hold 连,
 * 接 and 池, and ranks first those that hold them most. English words stay
 * optional, as in Material's own search, which ranks the pages that have
 * all of them higher.
 *
 * index: one index holds both languages; a reader searches the pages of
 * the language they are reading (<html lang>, set per page by
 * partials/language.html). Otherwise an English search for an identifier
 * such as max_connections ranks the Chinese page first as often as not.
 *
 * On the copy for the file system the index and the worker's code come as
 * scripts (window.__searchIndex, window.__searchWorkerSource): a page read
 * from a file may neither fetch the index nor start a worker from a file.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var separator = new RegExp(script.getAttribute("data-separator") || "[\\s\\-]+");
  var han = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var hanOrRest = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var zh = document.documentElement.lang === "zh";

  function transform(query) {
    var terms = [];
    query.split(separator).forEach(function (word) {
      (word.match(hanOrRest) || []).forEach(function (part) {
        terms.push(han.test(part) ? "+" + part : part);
      });
    });
    return terms.join(" ");
  }

  // This language's pages: the Chinese ones live under zh/.
  function ownLanguage(index) {
    index.docs = index.docs.filter(function (doc) {
      return (doc.location.indexOf("zh/") === 0) === zh;
    });
    return index;
  }

  var config = JSON.parse(document.getElementById("__config").textContent);
  var search = { transform: transform };
  if (window.__searchIndex) {
    search.index = Promise.resolve(ownLanguage(window.__searchIndex));
  } else {
    var base = new URL(config.base.replace(/\/?$/, "/"), location.href);
    search.index = fetch(new URL("search/search_index.json", base))
      .then(function (res) { return res.json(); })
      .then(ownLanguage);
  }
  if (window.__searchWorkerSource) {
    search.worker = URL.createObjectURL(
      new Blob([window.__searchWorkerSource], { type: "text/javascript" }));
  }
  window.__search = search;
})();
