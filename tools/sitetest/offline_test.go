package sitetest

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// TestOfflineCopy opens the copy that `make site` builds straight from the
// file system, as a reader who downloaded it would, and runs every page
// check there too: pages load without errors or outside requests, links
// and anchors lead to files of the copy, the language switcher and the
// diagrams work. Then it searches from a file:// page in both languages.
func TestOfflineCopy(t *testing.T) {
	dir := offlineSite(t)
	base := &url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}
	s := site{dir: dir, base: base, directoryURLs: false}
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
