package sitetest

import (
	"html"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// siteNames is what a built page says the site is called, read from its
// HTML (no browser needed).
type siteNames struct {
	Title       string // the <title>
	Header      string // the site name in the header
	Logo        string // the logo's aria-label
	Description string // <meta name="description">
	Placeholder string // the search box's placeholder
}

var (
	reTitle       = regexp.MustCompile(`<title>([^<]*)</title>`)
	reHeaderTopic = regexp.MustCompile(`(?s)<div class="md-header__topic">\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>`)
	reLogoLabel   = regexp.MustCompile(`class="md-header__button md-logo" aria-label="([^"]*)"`)
	reDescription = regexp.MustCompile(`<meta name="description" content="([^"]*)"`)
	rePlaceholder = regexp.MustCompile(`class="md-search__input"[^>]*placeholder="([^"]*)"`)
)

func readSiteNames(page []byte) siteNames {
	get := func(re *regexp.Regexp) string {
		if m := re.FindSubmatch(page); m != nil {
			return html.UnescapeString(string(m[1]))
		}
		return ""
	}
	return siteNames{
		Title:       get(reTitle),
		Header:      get(reHeaderTopic),
		Logo:        get(reLogoLabel),
		Description: get(reDescription),
		Placeholder: get(rePlaceholder),
	}
}

// TestSiteNameInPageLanguage: mkdocs has one site_name, and
// tools/mkdocs/hooks.py gives Chinese pages the Chinese one (extra.zh in
// mkdocs.yml). Every page names the site in its own language, the same in
// its <title>, its header and its logo, with a description and a search
// placeholder in that language; the 404 page, which has no language of its
// own, stays English.
func TestSiteNameInPageLanguage(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("SITE_DIR")
	if dir == "" {
		dir = servedSite(t).dir
	}
	pages, err := Pages(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	name := map[string]string{}
	check := func(t *testing.T, file, lang string) {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
		if err != nil {
			t.Fatal(err)
		}
		n := readSiteNames(b)
		if n.Header == "" || !strings.HasSuffix(n.Title, n.Header) || n.Logo != n.Header {
			t.Errorf("%s: the site's name differs: <title> %q, header %q, logo %q", file, n.Title, n.Header, n.Logo)
		}
		if prev, ok := name[lang]; ok && prev != n.Header {
			t.Errorf("%s: the site is %q here and %q on another %s page", file, n.Header, prev, lang)
		}
		name[lang] = n.Header
		for what, text := range map[string]string{"site name": n.Header, "description": n.Description, "search placeholder": n.Placeholder} {
			if text == "" || han.MatchString(text) != (lang == "zh") {
				t.Errorf("%s: %s %q: want %s", file, what, text, map[string]string{"en": "English", "zh": "Chinese"}[lang])
			}
		}
	}
	for _, p := range pages {
		file := p.Path
		if file == "" || strings.HasSuffix(file, "/") {
			file = path.Join(file, "index.html")
		}
		t.Run(file, func(t *testing.T) { check(t, file, p.Lang) })
	}
	t.Run("404.html", func(t *testing.T) { check(t, "404.html", "en") })
	if name["en"] == name["zh"] {
		t.Errorf("both languages call the site %q", name["en"])
	}
}

func TestReadSiteNames(t *testing.T) {
	page := `<title>01 连接池 - 用 Go 重写 redis-py 2.4.6</title>
<meta name="description" content="把 redis-py 2.4.6 用 Go 重新搭起来。">
<a href="../" title="x" class="md-header__button md-logo" aria-label="用 Go 重写 redis-py 2.4.6" data-md-component="logo">
<div class="md-header__topic">
  <span class="md-ellipsis">
    用 Go 重写 redis-py 2.4.6
  </span>
</div>
<input type="text" class="md-search__input" name="query" aria-label="搜索" placeholder="搜索" autocapitalize="off">`
	want := siteNames{
		Title:       "01 连接池 - 用 Go 重写 redis-py 2.4.6",
		Header:      "用 Go 重写 redis-py 2.4.6",
		Logo:        "用 Go 重写 redis-py 2.4.6",
		Description: "把 redis-py 2.4.6 用 Go 重新搭起来。",
		Placeholder: "搜索",
	}
	if got := readSiteNames([]byte(page)); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
