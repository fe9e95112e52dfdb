package sitetest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The shared set-up: one build of the site (or the one in $SITE_DIR), one
// server and one browser for all tests, made on first use.
//
// Environment:
//
//	SITE_DIR          a site already built with directory URLs (make passes
//	                  the one `make test` built, so it is not built twice)
//	OFFLINE_SITE_DIR  a site built with --no-directory-urls (`make site`);
//	                  built into a temporary directory when unset
//	SCREENSHOT_DIR    where the screenshots go (default out/, gitignored)
//	CHROMIUM, MKDOCS  the programs to use, when not the Debian ones
//	CI=true           a missing browser or mkdocs fails instead of skipping
var (
	setupOnce sync.Once
	shared    struct {
		err      error
		skip     string
		root     string
		siteDir  string
		server   *httptest.Server
		browser  context.Context
		tmp      string
		cleanups []func()
	}
	offlineOnce sync.Once
	offline     struct {
		dir string
		err error
	}
)

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(shared.cleanups) - 1; i >= 0; i-- {
		shared.cleanups[i]()
	}
	os.Exit(code)
}

// missing skips the test, or fails it under CI, where every check must run.
func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s (CI=true: the browser test must run; .ci/run installs what it needs)", why)
	}
	t.Skip(why)
}

// setup builds and serves the site and starts Chromium, once.
func setup(t *testing.T) {
	t.Helper()
	setupOnce.Do(func() {
		s := &shared
		s.root, s.err = RepoRoot(".")
		if s.err != nil {
			return
		}
		s.tmp, s.err = os.MkdirTemp("", "sitetest-")
		if s.err != nil {
			return
		}
		s.cleanups = append(s.cleanups, func() { os.RemoveAll(s.tmp) })

		s.siteDir = os.Getenv("SITE_DIR")
		if s.siteDir == "" {
			mk := Mkdocs()
			if mk == "" {
				s.skip = "mkdocs not found (apt-get install mkdocs mkdocs-material python3-pymdownx)"
				return
			}
			s.siteDir = filepath.Join(s.tmp, "site")
			start := time.Now()
			if s.err = Build(mk, s.root, s.siteDir, true); s.err != nil {
				return
			}
			fmt.Printf("sitetest: built the site in %v\n", time.Since(start).Round(time.Millisecond))
		}
		if s.siteDir, s.err = filepath.Abs(s.siteDir); s.err != nil {
			return
		}

		chromium := Chromium()
		if chromium == "" {
			s.skip = "chromium not found (apt-get install chromium fonts-wqy-microhei)"
			return
		}

		// httptest listens on 127.0.0.1, a loopback address only.
		s.server = httptest.NewServer(http.FileServer(http.Dir(s.siteDir)))
		s.cleanups = append(s.cleanups, s.server.Close)

		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(chromium),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			// The network is off for every host but this machine: a
			// page that needs a CDN, a font service or an API fails
			// here, as it would for a reader offline.
			chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
			chromedp.WindowSize(1280, 900),
			chromedp.UserDataDir(filepath.Join(s.tmp, "profile")),
		)
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		browser, cancelBrowser := chromedp.NewContext(allocCtx)
		s.cleanups = append(s.cleanups, cancelAlloc, cancelBrowser)
		start := time.Now()
		if s.err = chromedp.Do(browser); s.err != nil {
			s.err = fmt.Errorf("starting %s: %w", chromium, s.err)
			return
		}
		fmt.Printf("sitetest: started %s in %v\n", chromium, time.Since(start).Round(time.Millisecond))
		s.browser = browser
	})
	if shared.skip != "" {
		missing(t, shared.skip)
	}
	if shared.err != nil {
		t.Fatal(shared.err)
	}
}

// offlineSite is the copy for the file system, as `make site` builds it.
func offlineSite(t *testing.T) string {
	t.Helper()
	setup(t)
	offlineOnce.Do(func() {
		offline.dir = os.Getenv("OFFLINE_SITE_DIR")
		if offline.dir == "" {
			mk := Mkdocs()
			if mk == "" {
				offline.err = fmt.Errorf("mkdocs not found")
				return
			}
			offline.dir = filepath.Join(shared.tmp, "offline-site")
			offline.err = Build(mk, shared.root, offline.dir, false)
		}
		if offline.err == nil {
			offline.dir, offline.err = filepath.Abs(offline.dir)
		}
	})
	if offline.err != nil {
		t.Fatal(offline.err)
	}
	return offline.dir
}

// siteURL is the URL of a page of the served site.
func siteURL(p Page) string { return shared.server.URL + "/" + p.Path }

// tab is one browser tab, with everything the page wrote to the console and
// every URL it requested since the tab opened.
type tab struct {
	ctx      context.Context
	mu       sync.Mutex
	console  []chromedp.ConsoleMessage
	requests []string
}

// newTab opens a tab in the shared browser; it closes when the test ends.
func newTab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(shared.browser)
	t.Cleanup(cancel)
	tb := &tab{ctx: ctx}
	// Subscribe before anything loads, so nothing is missed.
	msgs := chromedp.Console(ctx)
	reqs := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.console = append(tb.console, m)
			tb.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.requests = append(tb.requests, ev.Request.URL)
			tb.mu.Unlock()
		}
	}()
	return tb
}

// problems lists console errors and warnings, uncaught exceptions and
// requests that left this machine, seen since the last call.
func (tb *tab) problems(allowed func(u *url.URL) bool) []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var out []string
	for _, m := range tb.console {
		switch m.Type {
		case chromedp.ConsoleError, chromedp.ConsoleException, chromedp.ConsoleWarning:
			where := ""
			if m.URL != "" {
				where = fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
			}
			out = append(out, fmt.Sprintf("console %s%s", m, where))
		}
	}
	for _, r := range tb.requests {
		u, err := url.Parse(r)
		if err != nil || !allowed(u) {
			out = append(out, "request to "+r)
		}
	}
	tb.console, tb.requests = nil, nil
	return out
}

// local reports whether a request stays on this machine: the test server,
// the file system, or data the page made itself.
func local(u *url.URL) bool {
	switch u.Scheme {
	case "data", "blob", "about", "file":
		return true
	case "http", "https", "ws", "wss":
		return u.Hostname() == "127.0.0.1"
	}
	return false
}

// load navigates and waits until Material's scripts have run and every
// image has finished loading (or failed).
func (tb *tab) load(t *testing.T, u string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("loading %s: %v", u, err)
	}
	tb.waitReady(t, ctx)
}

func (tb *tab) waitReady(t *testing.T, ctx context.Context) {
	t.Helper()
	// Material adds the class "js" to <html> when its bundle runs.
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.readyState === "complete" &&
		document.documentElement.classList.contains("js") &&
		[...document.images].every(i => i.complete)`, chromedp.WithPollingInterval(20*time.Millisecond)))
	if err != nil {
		loc, _ := chromedp.Run(tb.ctx, chromedp.Location())
		t.Fatalf("page %s did not finish loading: %v", loc, err)
	}
}

// eval runs a JavaScript expression in the tab and decodes its value.
func eval[T any](t *testing.T, tb *tab, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 15*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.80q: %v", js, err)
	}
	return v
}

// limit runs at most n browser subtests at a time: CI has two cores, and
// Chromium with a dozen busy tabs would be slower, not faster.
var limit = make(chan struct{}, 4)

func parallel(t *testing.T) {
	t.Parallel()
	limit <- struct{}{}
	t.Cleanup(func() { <-limit })
}

// pageOf maps a URL of the served site (or of the offline copy under dir)
// to its path relative to the site root, without query and fragment.
func relPath(u *url.URL, base *url.URL) (string, bool) {
	if u.Scheme != base.Scheme || u.Host != base.Host || !strings.HasPrefix(u.Path, base.Path) {
		return "", false
	}
	return strings.TrimPrefix(u.Path, base.Path), true
}
