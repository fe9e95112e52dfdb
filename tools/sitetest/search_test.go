package sitetest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// searchTerm is one line of testdata/search-terms.tsv.
type searchTerm struct {
	Lang, Query, Page string
	Rank              int
	Line              int
}

func readSearchTerms(t *testing.T) []searchTerm {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "search-terms.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var terms []searchTerm
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		line, _, _ = strings.Cut(line, "\t#")
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("search-terms.tsv:%d: want 4 tab-separated fields, got %d: %q", n, len(f), line)
		}
		rank, err := strconv.Atoi(f[3])
		if err != nil || rank < 1 {
			t.Fatalf("search-terms.tsv:%d: rank %q is not a number >= 1", n, f[3])
		}
		if f[0] != "en" && f[0] != "zh" {
			t.Fatalf("search-terms.tsv:%d: language %q is not en or zh", n, f[0])
		}
		terms = append(terms, searchTerm{Lang: f[0], Query: f[1], Page: f[2], Rank: rank, Line: n})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return terms
}

// searchResult is what the search box showed for one query.
type searchResult struct {
	Ready   bool     `json:"ready"`
	Meta    string   `json:"meta"`
	Results []string `json:"results"` // the pages, best first, as absolute URLs
}

// searchJS types a query into Material's search box the way a reader's
// keyboard does (a value and a keyup, which is what the theme listens to)
// and returns the pages in the result list once the answer for this query
// is shown. The box is cleared first and the result list must go back to
// its placeholder, so an answer to the previous query is never taken for
// this one.
const searchJS = `(async (q) => {
  const input = document.querySelector(".md-search__input");
  const meta = document.querySelector(".md-search-result__meta");
  const list = document.querySelector(".md-search-result__list");
  const idle = JSON.parse(document.getElementById("__config").textContent)
    .translations["search.result.placeholder"];
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const until = async (f, ms) => {
    for (const end = Date.now() + ms; Date.now() < end; await sleep(10))
      if (f()) return true;
    return false;
  };
  const type = v => {
    input.value = v;
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  };
  input.focus();
  type("");
  await until(() => list.children.length === 0 && meta.textContent === idle, 5000);
  type(q);
  const ready = await until(() => meta.textContent !== idle, 10000);
  return {
    ready,
    meta: meta.textContent,
    results: [...list.querySelectorAll(":scope > li > a:first-child")].map(a => a.href.split("#")[0]),
  };
})(%s)`

// waitSearchReady waits until the search box can answer. Until Material's
// worker has loaded the index the result list says "Initializing search",
// which the check in searchJS would take for an answer; on a loaded
// machine the Chinese index takes seconds to load.
func waitSearchReady(t *testing.T, tb *tab) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	err := poll(ctx, `(() => {
	  const input = document.querySelector(".md-search__input");
	  const meta = document.querySelector(".md-search-result__meta");
	  const idle = JSON.parse(document.getElementById("__config").textContent)
	    .translations["search.result.placeholder"];
	  if (meta.textContent !== idle) {
	    input.focus();
	    input.value = "";
	    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
	  }
	  return meta.textContent === idle;
	})()`)
	if err != nil {
		meta, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`document.querySelector(".md-search-result__meta").textContent`))
		t.Fatalf("the search box did not become ready within a minute (it says %q): %v", meta, err)
	}
}

func search(t *testing.T, tb *tab, query string) searchResult {
	t.Helper()
	q, _ := json.Marshal(query)
	return eval[searchResult](t, tb, fmt.Sprintf(searchJS, q))
}

// TestSearch types every query of testdata/search-terms.tsv into the search
// box of the home page in its language and checks where the expected page
// ranks. The log shows the top results for each query, which is how the
// list was measured.
func TestSearch(t *testing.T) {
	t.Parallel()
	setup(t)
	terms := readSearchTerms(t)
	pages, err := Pages(shared.siteDir, true)
	if err != nil {
		t.Fatal(err)
	}
	built := map[string]bool{}
	for _, p := range pages {
		built[p.Path] = true
	}
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			parallel(t)
			tb := newTab(t)
			home := Page{Path: "", Lang: lang}
			if lang == "zh" {
				home.Path = zhPrefix
			}
			tb.load(t, siteURL(home))
			waitSearchReady(t, tb)
			for _, term := range terms {
				if term.Lang != lang {
					continue
				}
				t.Run(term.Query, func(t *testing.T) {
					want := PagePath(term.Page, true)
					if !built[want] {
						t.Skipf("search-terms.tsv:%d: docs/%s is not built yet", term.Line, term.Page)
					}
					res := search(t, tb, term.Query)
					if !res.Ready {
						t.Fatalf("no answer from the search box for %q (meta: %q)", term.Query, res.Meta)
					}
					rank := 0
					var top []string
					for i, r := range res.Results {
						p := strings.TrimPrefix(r, shared.server.URL+"/")
						if i < 3 {
							top = append(top, "/"+p)
						}
						if p == want && rank == 0 {
							rank = i + 1
						}
					}
					t.Logf("%s %q: /%s at rank %d of %d; top: %s", lang, term.Query, want, rank, len(res.Results), strings.Join(top, " "))
					if rank == 0 || rank > term.Rank {
						t.Errorf("search-terms.tsv:%d: searching %q from the %s home page: want /%s at rank <= %d, got rank %d (%s); top results: %s",
							term.Line, term.Query, lang, want, term.Rank, rank, res.Meta, strings.Join(top, " "))
					}
				})
			}
			if p := tb.problems(local); len(p) > 0 {
				t.Errorf("while searching:\n  %s", strings.Join(p, "\n  "))
			}
		})
	}
}
