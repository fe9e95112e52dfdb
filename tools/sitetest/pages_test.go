package sitetest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// pageInfo is what one page shows, read from its DOM once loaded.
type pageInfo struct {
	Lang        string   `json:"lang"`
	Placeholder string   `json:"placeholder"`
	ToggleTitle string   `json:"toggleTitle"`
	Switcher    []link   `json:"switcher"`
	Links       []string `json:"links"`
	IDs         []string `json:"ids"`
	Images      []image  `json:"images"`
	Annotations int      `json:"annotations"` // code blocks with (1) in a comment and a list after

	Scheme string `json:"scheme"`
}

type link struct {
	Lang string `json:"lang"`
	Href string `json:"href"`
}

type image struct {
	Src    string `json:"src"`
	Loaded bool   `json:"loaded"`
	Width  int    `json:"width"`
}

// infoJS reads a pageInfo. Links are taken as the browser resolved them
// (a.href), so a relative link is checked where it really leads.
const infoJS = `(() => {
  const q = s => [...document.querySelectorAll(s)];
  const toggle = q("[data-md-component=palette] label").find(l => l.offsetParent !== null);
  return {
    lang: document.documentElement.lang,
    placeholder: document.querySelector(".md-search__input")?.placeholder ?? "",
    toggleTitle: toggle?.title ?? "",
    switcher: q(".md-select a[hreflang]").map(a => ({ lang: a.hreflang, href: a.href })),
    links: q("a[href]").map(a => a.href),
    ids: q("[id]").map(e => e.id),
    images: q("article img").map(i => ({ src: i.currentSrc || i.src, loaded: i.complete && i.naturalWidth > 0, width: i.naturalWidth })),
    annotations: q(".md-typeset .highlight").filter(h =>
      h.nextElementSibling?.tagName === "OL" &&
      [...h.querySelectorAll(".c, .c1, .cm")].some(c => /\(\d+\)/.test(c.textContent))).length,
    scheme: document.body.getAttribute("data-md-color-scheme"),
  };
})()`

var han = regexp.MustCompile(`\p{Han}`)

// site is a built site as the browser reaches it: over HTTP from the test
// server, or from the file system.
type site struct {
	dir           string
	base          *url.URL // the URL of the site root, ending in "/"
	directoryURLs bool
	// clicks reports whether to click through a page's switcher, palette
	// toggle and annotations; nil means on every page.
	clicks func(Page) bool
}

func (s site) url(p Page) string { return s.base.String() + p.Path }

// pageOf is the page a URL of this site leads to, without its fragment;
// ok is false for a URL elsewhere. For the served site a directory URL
// stands for its index.html; from the file system only files are pages.
func (s site) target(u *url.URL) (rel string, ok bool) {
	if u.Scheme != s.base.Scheme || u.Host != s.base.Host || !strings.HasPrefix(u.Path, s.base.Path) {
		return "", false
	}
	return strings.TrimPrefix(u.Path, s.base.Path), true
}

// exists reports whether a site-relative path names a file of the build,
// as the server or the file system would find it.
func (s site) exists(rel string) bool {
	p := filepath.Join(s.dir, filepath.FromSlash(rel))
	if s.directoryURLs && (rel == "" || strings.HasSuffix(rel, "/")) {
		p = filepath.Join(p, "index.html")
	}
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func servedSite(t *testing.T) site {
	setup(t)
	u, err := url.Parse(shared.server.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	return site{dir: shared.siteDir, base: u, directoryURLs: true}
}

// TestPages loads every page of the served site in both languages and
// checks what a reader meets there; then checks that every link between
// pages, and every #anchor, leads somewhere.
func TestPages(t *testing.T) {
	t.Parallel()
	s := servedSite(t)
	// The workshop's exercise pages are one template of plain Markdown (no
	// annotations): the clicks run on the first of them; every one is still
	// loaded and checked, and its links followed.
	s.clicks = func(p Page) bool {
		return !exercisePage.MatchString(p.Path) || strings.Contains(p.Path, "workshop/01-")
	}
	checkPages(t, s)
}

// exercisePage is the path of one exercise's page, in either language.
var exercisePage = regexp.MustCompile(`(^|/)workshop/[0-9]{2}-`)

// checkPages runs the checks of every page of s, then the links.
func checkPages(t *testing.T, s site) {
	pages, err := Pages(s.dir, s.directoryURLs)
	if err != nil {
		t.Fatal(err)
	}
	var langs = map[string]int{}
	for _, p := range pages {
		langs[p.Lang]++
	}
	if langs["en"] == 0 || langs["en"] != langs["zh"] {
		t.Fatalf("want the same number of pages in each language, got %v: %v", langs, pages)
	}
	var mu sync.Mutex
	infos := map[string]pageInfo{} // by site-relative path
	t.Run("page", func(t *testing.T) {
		for _, p := range pages {
			name := p.Path
			if name == "" {
				name = "(home)"
			}
			t.Run(name, func(t *testing.T) {
				parallel(t)
				info := checkPage(t, s, p)
				mu.Lock()
				infos[p.Path] = info
				mu.Unlock()
			})
		}
	})
	t.Run("links", func(t *testing.T) {
		if len(infos) != len(pages) {
			t.Skip("not every page loaded")
		}
		checkLinks(t, s, infos)
	})
}

// checkPage loads one page and checks it; it returns what the page showed.
func checkPage(t *testing.T, s site, p Page) pageInfo {
	tb := newTab(t)
	tb.load(t, s.url(p))
	info := eval[pageInfo](t, tb, infoJS)

	// Interface language: Material's strings in the page's language.
	if info.Lang != p.Lang {
		t.Errorf("<html lang=%q>, want %q", info.Lang, p.Lang)
	}
	for what, text := range map[string]string{"search placeholder": info.Placeholder, "palette toggle label": info.ToggleTitle} {
		if got := han.MatchString(text); got != (p.Lang == "zh") || text == "" {
			t.Errorf("%s %q: want %s interface text", what, text, map[string]string{"en": "English", "zh": "Chinese"}[p.Lang])
		}
	}

	// Images, the diagrams among them, all loaded.
	for _, img := range info.Images {
		if !img.Loaded {
			t.Errorf("image %s did not load", img.Src)
		}
		// A diagram in the page's language: name.svg or name.zh.svg.
		if strings.Contains(img.Src, "/assets/diagrams/") && strings.HasSuffix(img.Src, ".zh.svg") != (p.Lang == "zh") {
			t.Errorf("diagram %s on a %s page: want the %s version", img.Src, p.Lang, p.Lang)
		}
	}

	if s.clicks == nil || s.clicks(p) {
		// The light/dark toggle switches the scheme, and back.
		checkPalette(t, tb, info.Scheme)

		// Code annotations open when clicked.
		if info.Annotations > 0 {
			checkAnnotation(t, tb)
		}

		// The language switcher leads to this page's twin, and back.
		// Last, as it leaves the page (and the mouse over the header's
		// menu).
		checkSwitcher(t, s, tb, p, info)
	}

	if problems := tb.problems(local); len(problems) > 0 {
		t.Errorf("%s:\n  %s", s.url(p), strings.Join(problems, "\n  "))
	}
	return info
}

func checkSwitcher(t *testing.T, s site, tb *tab, p Page, info pageInfo) {
	t.Helper()
	twin := Twin(p)
	var to, back string
	for _, l := range info.Switcher {
		if l.Lang == twin.Lang {
			to = l.Href
		}
	}
	if to == "" {
		t.Errorf("no language switcher entry for %s (entries: %v)", twin.Lang, info.Switcher)
		return
	}
	if to != s.url(twin) {
		t.Errorf("the switcher's %s entry links to %s, want %s", twin.Lang, to, s.url(twin))
	}
	// The round trip by clicking, from the English side of each pair: it
	// clicks the Chinese page's switcher too, and loads each page once less.
	if p.Lang != "en" {
		return
	}
	// Click as a reader does: open the switcher, then pick the language.
	follow := func(lang string) string {
		ctx, cancel := context.WithTimeout(tb.ctx, 15*time.Second)
		defer cancel()
		sel := fmt.Sprintf(`.md-select a[hreflang=%q]`, lang)
		err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(".md-select button")),
			chromedp.WaitVisible(chromedp.CSS(sel)),
		)
		if err == nil {
			_, err = chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel))))
		}
		if err != nil {
			t.Fatalf("switching to %s: %v", lang, err)
		}
		tb.waitReady(t, ctx)
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		return loc
	}
	if got, want := follow(twin.Lang), s.url(twin); got != want {
		t.Errorf("the switcher's %s entry led to %s, want %s", twin.Lang, got, want)
	}
	if back = follow(p.Lang); back != s.url(p) {
		t.Errorf("switching back to %s led to %s, want %s", p.Lang, back, s.url(p))
	}
}

func checkAnnotation(t *testing.T, tb *tab) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	// Material turns the (1) markers into buttons when the block first
	// comes into view, so bring the first annotated block there.
	const block = `[...document.querySelectorAll(".md-typeset .highlight")].find(h =>
		h.nextElementSibling?.tagName === "OL" &&
		[...h.querySelectorAll(".c, .c1, .cm")].some(c => /\(\d+\)/.test(c.textContent)))`
	// (Once mounted, the list after the block is gone: mark the block.)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(b => {
		b.setAttribute("data-sitetest-annotated", "");
		b.scrollIntoView({block: "center"});
	})(`+block+`)`)); err != nil {
		t.Fatal(err)
	}
	if err := poll(ctx, `document.querySelector("[data-sitetest-annotated] .md-annotation__index") !== null`); err != nil {
		t.Errorf("the (1) markers of the first annotated code block did not become annotations: %v", err)
		return
	}
	const tip = `document.querySelector("[data-sitetest-annotated] .md-annotation .md-tooltip")`
	closed, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(`+tip+`).opacity`))
	if err != nil || closed != "0" {
		t.Errorf("annotation tooltip before the click: opacity %q (%v), want 0", closed, err)
	}
	// Centred, so that the sticky header is not what the click lands on.
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.querySelector("[data-sitetest-annotated] .md-annotation__index").scrollIntoView({block: "center"})`),
		chromedp.Click(chromedp.CSS("[data-sitetest-annotated] .md-annotation__index")))
	if err == nil {
		err = poll(ctx, `getComputedStyle(`+tip+`).opacity === "1" && `+tip+`.innerText.trim().length > 0`)
	}
	if err != nil {
		t.Errorf("the first code annotation did not open on click: %v", err)
	}
}

func checkPalette(t *testing.T, tb *tab, start string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	other := map[string]string{"default": "slate", "slate": "default"}
	scheme := start
	for range 2 {
		want := other[scheme]
		// The visible toggle is the label of the scheme not shown.
		err := chromedp.Do(ctx,
			chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`),
			chromedp.Click(chromedp.CSS(`[data-md-component=palette] label:not([hidden])`), chromedp.NodeVisible),
		)
		if err == nil {
			err = poll(ctx, fmt.Sprintf(`document.body.getAttribute("data-md-color-scheme") === %q`, want))
		}
		if err != nil {
			t.Errorf("the light/dark toggle did not switch %s to %s: %v", scheme, want, err)
			return
		}
		scheme = want
	}
}

// checkLinks: every link to this site leads to a file of the build, and
// every #fragment to an element with that id on the page it names.
// (mkdocs --strict checks links to pages, not anchors.)
func checkLinks(t *testing.T, s site, infos map[string]pageInfo) {
	paths := make([]string, 0, len(infos))
	for p := range infos {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	checked := 0
	for _, from := range paths {
		for _, href := range infos[from].Links {
			u, err := url.Parse(href)
			if err != nil {
				t.Errorf("/%s: link %q does not parse: %v", from, href, err)
				continue
			}
			switch u.Scheme {
			case "http", "https", "file":
			default:
				continue // mailto: and the like
			}
			rel, ok := s.target(u)
			if !ok {
				if u.Scheme == "file" {
					t.Errorf("/%s: link %s leaves the site", from, href)
				}
				continue // another site: not followed, the network is off
			}
			checked++
			if !s.exists(rel) {
				t.Errorf("/%s: link %s leads to no file of the site", from, href)
				continue
			}
			if u.Fragment == "" {
				continue
			}
			target, isPage := infos[rel]
			if !isPage {
				t.Errorf("/%s: link %s has a #fragment into something that is not a page", from, href)
				continue
			}
			frag, _ := url.PathUnescape(u.Fragment)
			if !slices.Contains(target.IDs, frag) {
				t.Errorf("/%s: link %s: no element with id %q on /%s", from, href, frag, rel)
			}
		}
	}
	t.Logf("%d links within the site checked on %d pages", checked, len(paths))
}

// poll waits until a JavaScript condition holds in the tab.
func poll(ctx context.Context, cond string) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(20*time.Millisecond)))
	return err
}
