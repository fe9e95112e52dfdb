package docscheck

// Links in both languages: the two versions of a page link to the same
// places. A link to another page counts by the page (docs/zh/X.md and
// docs/X.md are the same place), a diagram by its name (x.zh.svg and x.svg),
// an #anchor by the heading it leads to, counted by position (Chinese
// headings give Chinese ids), an external URL as it is. Anchors must lead to
// a heading.

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// LinkPage is one version of a page, for the link comparison.
type LinkPage struct {
	Path     string // the file, relative to the project root: docs/zh/chapters/01-pool.md
	Lang     string // "en" or "zh"
	Markdown string
}

// headingIDs gives the ids of the headings of a page (a path relative to the
// project root), in order, and the ids it gives in HTML; ok is false when
// there is no such page.
type headingIDs func(file string) (headings, html []string, ok bool)

var (
	reScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)
	// The heading text of an ATX heading, without closing #s.
	reHeadingText = regexp.MustCompile(`^[ \t]*#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)
	reHeadingID   = regexp.MustCompile(`[ \t]*\{[^{}]*#([^\s{}]+)[^{}]*\}[ \t]*$`)
	reCodeSpan    = regexp.MustCompile("(`+)(.+?)(`+)")
)

// Slugify is the id Python-Markdown's toc gives a heading with
// pymdownx.slugs.slugify(case="lower"), as mkdocs.yml sets it: tags
// stripped, lower case, every character that is not a letter, a digit, _,
// - or a blank dropped, blanks turned into -.
func Slugify(text string) string {
	text = strings.ToLower(strings.TrimSpace(reHTMLTag.ReplaceAllString(text, "")))
	var b strings.Builder
	for _, r := range text {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// reHTMLID is an id given in HTML, <span id="at-most-once"></span>: an
// anchor that is the same in both languages.
var reHTMLID = regexp.MustCompile(`<[A-Za-z][^<>]*\sid="([^"]+)"`)

// HTMLIDs are the ids a page gives in HTML, outside code.
func HTMLIDs(markdown string) []string {
	var out []string
	for _, l := range MarkdownLines(markdown) {
		switch l.Kind {
		case Prose, Heading, Table:
			for _, m := range reHTMLID.FindAllStringSubmatch(maskCodeSpans(l.Raw), -1) {
				out = append(out, m[1])
			}
		}
	}
	return out
}

// ExpandIncludes is a page with its Markdown includes (top-level --8<--
// lines naming a .md file, such as the generated tables of the fixes and
// glossary pages) replaced by the file, as the site shows it. read gives a
// file by its path relative to the project root.
func ExpandIncludes(markdown string, read func(file string) (string, error)) (string, error) {
	var out []string
	for _, l := range MarkdownLines(markdown) {
		if l.Kind == Skip && reInclude.MatchString(l.Raw) {
			incs := ParseStructure(l.Raw).Includes
			if len(incs) == 1 && strings.HasSuffix(incs[0].Path, ".md") {
				body, err := read(incs[0].Path)
				if err != nil {
					return "", err
				}
				out = append(out, body)
				continue
			}
		}
		out = append(out, l.Raw)
	}
	return strings.Join(out, "\n"), nil
}

// HeadingIDs are the ids of a page's headings, in order, made unique the
// way Python-Markdown's toc does (a second "see-it-run" is "see-it-run_1").
func HeadingIDs(markdown string) []string {
	var ids []string
	used := map[string]bool{}
	reCount := regexp.MustCompile(`^(.*)_([0-9]+)$`)
	for _, l := range MarkdownLines(markdown) {
		if l.Kind != Heading {
			continue
		}
		m := reHeadingText.FindStringSubmatch(l.Raw)
		if m == nil {
			continue
		}
		text := m[1]
		var id string
		if im := reHeadingID.FindStringSubmatch(text); im != nil {
			id = im[1]
		} else {
			// What the heading shows: code spans keep their text.
			text = reCodeSpan.ReplaceAllString(text, "$2")
			for t := reLink.ReplaceAllString(text, "$1"); t != text; t = reLink.ReplaceAllString(text, "$1") {
				text = t
			}
			text = strings.NewReplacer("**", "", "*", "").Replace(text)
			id = Slugify(text)
		}
		for used[id] || id == "" {
			if cm := reCount.FindStringSubmatch(id); cm != nil {
				var n int
				fmt.Sscan(cm[2], &n)
				id = fmt.Sprintf("%s_%d", cm[1], n+1)
			} else {
				id += "_1"
			}
		}
		used[id] = true
		ids = append(ids, id)
	}
	return ids
}

// RawLinks are the targets of the links and images of a page's prose, in
// order; links in code are not links.
func RawLinks(markdown string) []string {
	var out []string
	var block []string
	flush := func() {
		s := maskCodeSpans(reHTMLComment.ReplaceAllString(strings.Join(block, "\n"), ""))
		block = block[:0]
		for {
			ms := reLink.FindAllStringSubmatch(s, -1)
			if len(ms) == 0 {
				break
			}
			for _, m := range ms {
				out = append(out, m[2])
			}
			s = reLink.ReplaceAllString(s, "$1")
		}
		for _, m := range reAutolink.FindAllString(s, -1) {
			out = append(out, strings.Trim(m, "<>"))
		}
	}
	for _, l := range MarkdownLines(markdown) {
		switch l.Kind {
		case Prose, Heading, Table:
			block = append(block, l.Raw)
		default:
			flush()
		}
	}
	flush()
	return out
}

// neutral is a file path without its language: docs/zh/X -> docs/X,
// name.zh.ext -> name.ext; lang is the language the path was in: zh for
// those, en for the rest of docs/ and the README, "" for source files.
func neutral(file string) (string, string) {
	lang := ""
	if strings.HasPrefix(file, "docs/") || strings.HasPrefix(file, "README") {
		lang = "en"
	}
	if after, ok := strings.CutPrefix(file, "docs/"+zhDir+"/"); ok {
		file, lang = "docs/"+after, "zh"
	}
	dir, base := path.Split(file)
	if ext := path.Ext(base); strings.HasSuffix(strings.TrimSuffix(base, ext), ".zh") {
		base, lang = strings.TrimSuffix(strings.TrimSuffix(base, ext), ".zh")+ext, "zh"
	}
	return dir + base, lang
}

// LinkTargets are the places a page links to, as keys comparable between
// its two versions, each with the first link written for it; broken lists
// the anchors that lead to no heading.
func LinkTargets(p LinkPage, ids headingIDs) (targets map[string]string, broken []string) {
	targets = map[string]string{}
	ownHeadings, ownHTML := HeadingIDs(p.Markdown), HTMLIDs(p.Markdown)
	anchor := func(file, frag string) (string, bool) {
		headings, html, ok := ownHeadings, ownHTML, true
		if file != p.Path {
			headings, html, ok = ids(file)
		}
		if !ok {
			return "#" + frag, true // not a page of ours: keep the fragment as it is
		}
		if i := slices.Index(headings, frag); i >= 0 {
			return fmt.Sprintf("#heading-%d", i+1), true // Chinese ids differ: count by position
		}
		if slices.Contains(html, frag) {
			return "#" + frag, true
		}
		return "", false
	}
	for _, raw := range RawLinks(p.Markdown) {
		target, frag, hasFrag := strings.Cut(raw, "#")
		var key string
		switch {
		case reScheme.MatchString(raw):
			key = raw
		case target == "":
			a, ok := anchor(p.Path, frag)
			if !ok {
				broken = append(broken, raw)
				continue
			}
			key = "this page" + a
		default:
			file := path.Clean(path.Join(path.Dir(p.Path), target))
			n, lang := neutral(file)
			key = n
			if lang != "" && lang != p.Lang {
				key += " (in the other language)"
			}
			if hasFrag {
				a, ok := anchor(file, frag)
				if !ok {
					broken = append(broken, raw)
					continue
				}
				key += a
			}
		}
		if _, ok := targets[key]; !ok {
			targets[key] = raw
		}
	}
	return targets, broken
}

// CompareLinks lists the links of one version of a page that the other
// lacks, and the anchors of either that lead nowhere.
func CompareLinks(en, zh LinkPage, ids headingIDs) (onlyEN, onlyZH, broken []string) {
	a, brokenEN := LinkTargets(en, ids)
	b, brokenZH := LinkTargets(zh, ids)
	for k, raw := range a {
		if _, ok := b[k]; !ok {
			onlyEN = append(onlyEN, raw)
		}
	}
	for k, raw := range b {
		if _, ok := a[k]; !ok {
			onlyZH = append(onlyZH, raw)
		}
	}
	for _, l := range brokenEN {
		broken = append(broken, en.Path+": "+l)
	}
	for _, l := range brokenZH {
		broken = append(broken, zh.Path+": "+l)
	}
	sort.Strings(onlyEN)
	sort.Strings(onlyZH)
	return onlyEN, onlyZH, broken
}

// TestSameLinks: the two versions of every page, and of the README, link to
// the same places, and every anchor leads to a heading.
func TestSameLinks(t *testing.T) {
	s := loadSite(t)
	readFile := func(file string) (string, error) {
		b, err := os.ReadFile(filepath.Join(s.root, filepath.FromSlash(file)))
		return string(b), err
	}
	read := func(file string) string {
		md, err := readFile(file)
		require.NoError(t, err)
		md, err = ExpandIncludes(md, readFile)
		require.NoError(t, err, file)
		return md
	}
	ids := func(file string) ([]string, []string, bool) {
		if _, err := os.Stat(filepath.Join(s.root, filepath.FromSlash(file))); err != nil || !strings.HasSuffix(file, ".md") {
			return nil, nil, false
		}
		md := read(file)
		return HeadingIDs(md), HTMLIDs(md), true
	}
	pairs := [][2]string{{"README.md", "README.zh.md"}}
	for _, p := range s.pairs() {
		pairs = append(pairs, [2]string{"docs/" + docPath("en", p), "docs/" + docPath("zh", p)})
	}
	for _, pair := range pairs {
		t.Run(pair[0], func(t *testing.T) {
			onlyEN, onlyZH, broken := CompareLinks(
				LinkPage{Path: pair[0], Lang: "en", Markdown: read(pair[0])},
				LinkPage{Path: pair[1], Lang: "zh", Markdown: read(pair[1])}, ids)
			if len(onlyEN)+len(onlyZH) > 0 {
				t.Errorf("%s and %s link to different places:\n  only in en: %s\n  only in zh: %s",
					pair[0], pair[1], listOrNone(onlyEN), listOrNone(onlyZH))
			}
			for _, b := range broken {
				t.Errorf("%s: the anchor leads to no heading of the page", b)
			}
		})
	}
}

func TestSlugify(t *testing.T) {
	// As mkdocs builds them (checked against the built site).
	for text, want := range map[string]string{
		"encode: one argument to bytes":                             "encode-one-argument-to-bytes",
		"encode：把一个参数变成字节":                                          "encode把一个参数变成字节",
		"00 · Exceptions to error values":                           "00--exceptions-to-error-values",
		"Redis.__init__: a pool and a copy of the callbacks":        "redis__init__-a-pool-and-a-copy-of-the-callbacks",
		"_send and send_packed_command: connect lazily, retry once": "_send-and-send_packed_command-connect-lazily-retry-once",
		"KindOf：哪个 except 子句会接住它？":                                  "kindof哪个-except-子句会接住它",
	} {
		assert.Equal(t, want, Slugify(text), text)
	}
	assert.Equal(t,
		[]string{"pool", "get_connection", "see-it-run", "release", "see-it-run_1", "custom"},
		HeadingIDs("# Pool\n## `get_connection`\n### See it run\n```\n# not a heading\n```\n## release\n### See it run\n## Named {#custom}\n"))
}

func TestCompareLinksDetectsDifferences(t *testing.T) {
	pages := map[string]string{
		"docs/chapters/01-pool.md":    "# Pool\n## Two collections\n## release\n<span id=\"lifo\"></span>\n",
		"docs/zh/chapters/01-pool.md": "# 连接池\n## 两个数据结构\n## release：原样归还\n| <span id=\"lifo\"></span>后进先出 |\n",
	}
	ids := func(file string) ([]string, []string, bool) {
		md, ok := pages[file]
		return HeadingIDs(md), HTMLIDs(md), ok
	}
	en := LinkPage{Path: "docs/chapters/02-connection.md", Lang: "en", Markdown: "# Connection\n## encode\n" +
		"See [encode](#encode) and [the pool](01-pool.md#release), [Go](https://go.dev/), [LIFO](01-pool.md#lifo),\n" +
		"![d](../assets/diagrams/x.svg) and `[not a link](nowhere.md)`.\n"}
	zh := LinkPage{Path: "docs/zh/chapters/02-connection.md", Lang: "zh", Markdown: "# 连接\n## encode：编码\n" +
		"见[encode 一节](#encode编码)和[连接池](01-pool.md#release原样归还)、[Go](https://go.dev/)、[后进先出](01-pool.md#lifo)。\n" +
		"![图](../../assets/diagrams/x.zh.svg)\n"}
	onlyEN, onlyZH, broken := CompareLinks(en, zh, ids)
	assert.Empty(t, onlyEN)
	assert.Empty(t, onlyZH)
	assert.Empty(t, broken)

	// A link lost in Chinese, an anchor to another heading, the English
	// diagram on the Chinese page, an extra URL and an anchor to nothing.
	zh.Markdown = "# 连接\n## encode：编码\n" +
		"见 encode 一节和[连接池](01-pool.md#两个数据结构)、[Go](https://go.dev/)、[文档](https://go.dev/doc/)、[后进先出](01-pool.md#lifo)。\n" +
		"![图](../../assets/diagrams/x.svg) [坏的](#没有这个标题)\n"
	onlyEN, onlyZH, broken = CompareLinks(en, zh, ids)
	assert.Equal(t, []string{"#encode", "../assets/diagrams/x.svg", "01-pool.md#release"}, onlyEN)
	assert.Equal(t, []string{"../../assets/diagrams/x.svg", "01-pool.md#两个数据结构", "https://go.dev/doc/"}, onlyZH)
	assert.Equal(t, []string{"docs/zh/chapters/02-connection.md: #没有这个标题"}, broken)

	// The READMEs link to each other: the same place, in the other language.
	onlyEN, onlyZH, _ = CompareLinks(
		LinkPage{Path: "README.md", Lang: "en", Markdown: "[中文说明](README.zh.md) [`tools/sitetest`](tools/sitetest)\n"},
		LinkPage{Path: "README.zh.md", Lang: "zh", Markdown: "[English](README.md) [`tools/sitetest`](tools/sitetest)\n"}, ids)
	assert.Empty(t, onlyEN)
	assert.Empty(t, onlyZH)
}
