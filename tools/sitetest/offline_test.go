package sitetest

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// TestOfflineCopy opens the copy that `make site` builds straight from the
// file system, as a reader who downloaded it would, and runs the page
// checks there too: every page loads without errors or outside requests,
// in its language, with its diagrams; links and anchors lead to files of
// the copy. The clicks (switcher, palette, annotations) run the theme's
// same scripts as on the served site, so they are clicked on the home
// pages and the pool chapter only. Then it searches from a file:// page in
// both languages.
func TestOfflineCopy(t *testing.T) {
	t.Parallel()
	dir := offlineSite(t)
	base := &url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}
	s := site{dir: dir, base: base, directoryURLs: false, clicks: func(p Page) bool {
		return p.Lang == "en" && (p.Path == "index.html" || strings.Contains(p.Path, "01-pool"))
	}}
	checkPages(t, s)

	t.Run("search", func(t *testing.T) {
		for _, c := range []struct{ lang, home, query, want string }{
			{"en", "index.html", "lazy creation", "chapters/01-pool.html"},
			{"zh", "zh/index.html", "连接池", "zh/chapters/01-pool.html"},
		} {
			t.Run(c.lang, func(t *testing.T) {
				parallel(t)
				tb := newTab(t)
				tb.load(t, s.base.String()+c.home)
				waitSearchReady(t, tb)
				res := search(t, tb, c.query)
				if !res.Ready || len(res.Results) == 0 {
					t.Fatalf("searching %q from file://: no results (meta %q)", c.query, res.Meta)
				}
				if got, want := res.Results[0], s.base.String()+c.want; got != want {
					t.Errorf("searching %q from file://: first result %s, want %s", c.query, got, want)
				}
				if p := tb.problems(local); len(p) > 0 {
					t.Errorf("while searching:\n  %s", strings.Join(p, "\n  "))
				}
			})
		}
	})
}
