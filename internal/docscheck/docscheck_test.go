// Package docscheck holds the structure check of the bilingual docs site.
//
// Every English page docs/X.md has a Chinese twin docs/zh/X.md. The two are
// written separately (the Chinese is not a word-for-word translation), but
// they must keep the same skeleton so a reader can switch languages on any
// page and find the same thing in the same place. The tests here fail when:
//
//   - a page has no twin in the other language;
//   - the twins differ in structure: the sequence of heading levels, the
//     sequence of `--8<--` include lines, the sequence of fenced code block
//     languages, or the set of links to redis-py's source on GitHub;
//   - an include names a file that does not exist, or a section whose start
//     and end markers are not in that file;
//   - a page is not listed in mkdocs.yml;
//   - a Chinese page, a Chinese table it includes, a Chinese diagram or
//     README.zh.md uses a variant the glossary marks wrong (glossary.tsv,
//     glossary_test.go), half-width punctuation in Chinese prose or a line
//     break between two Chinese characters (chinese_test.go);
//   - the two versions of a page (or of the README) link to different
//     places, or an #anchor leads to no heading (links_test.go);
//   - the home page names a part of a chapter that is not one of its
//     headings (home_test.go);
//   - a page includes a file made for the other language (x.zh.md on an
//     English page);
//   - a "See it run" section does not show what a scenario printed: the
//     transcript in the page's language, a sentence before it saying what
//     to watch for, and the script after it;
//   - the (N) footnote markers of a Go code block and the numbered list
//     after it disagree (footnotes_test.go);
//   - a name map row does not link to the section that shows its Go code,
//     or an #anchor names no heading (namemap_test.go, slug_test.go);
//   - the mkdocs hooks silence more than the one jinja2 warning they are
//     meant to (hooks_test.go).
//
// The same rules hold at build time in tools/mkdocs/hooks.py; this check
// runs with `go test ./...`, without Python.
package docscheck

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zhDir is the directory, under docs/, of the Chinese pages.
const zhDir = "zh"

// repoRoot is the project root, seen from this package's directory (the
// working directory of `go test`).
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	for _, f := range []string{"go.mod", "mkdocs.yml", "docs"} {
		_, err := os.Stat(filepath.Join(root, f))
		require.NoError(t, err, "expected %s at the project root %s", f, root)
	}
	return root
}

// site is the set of pages under docs/, split by language. Paths are
// slash-separated and relative to the language's root: "chapters/01-pool.md"
// is docs/chapters/01-pool.md in en and docs/zh/chapters/01-pool.md in zh.
type site struct {
	root string
	en   []string
	zh   []string
}

func loadSite(t *testing.T) site {
	t.Helper()
	s := site{root: repoRoot(t)}
	docs := filepath.Join(s.root, "docs")
	err := filepath.WalkDir(docs, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		rel, err := filepath.Rel(docs, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if after, ok := strings.CutPrefix(rel, zhDir+"/"); ok {
			s.zh = append(s.zh, after)
		} else {
			s.en = append(s.en, rel)
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, s.en, "no pages found under %s", docs)
	sort.Strings(s.en)
	sort.Strings(s.zh)
	return s
}

// docPath is the path of a page relative to docs/ (as mkdocs.yml names it).
func docPath(lang, rel string) string {
	if lang == "zh" {
		return zhDir + "/" + rel
	}
	return rel
}

func (s site) read(t *testing.T, lang, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.root, "docs", filepath.FromSlash(docPath(lang, rel))))
	require.NoError(t, err)
	return string(b)
}

// pairs is every page that exists in both languages.
func (s site) pairs() []string {
	var out []string
	for _, p := range s.en {
		if slices.Contains(s.zh, p) {
			out = append(out, p)
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// Page structure
// ---------------------------------------------------------------------------

// Include is one `--8<-- "path"` or `--8<-- "path:section"` line.
type Include struct {
	Line    string // the line without its indentation
	Path    string // relative to the project root
	Section string // "" for a whole file
}

// Structure is what must be the same in the two versions of a page.
type Structure struct {
	Headings   []int     // levels of ATX headings outside code blocks, in order
	Includes   []Include // in order
	FenceLangs []string  // language of each fenced code block ("" if none), in order
	BlobLinks  []string  // links to redis-py source at a version, sorted, unique
}

var (
	// The include syntax of pymdownx.snippets, as tools/mkdocs/hooks.py
	// expands it: indentation, scissors, a quoted path, nothing after.
	reInclude = regexp.MustCompile(`^[ \t]*(-+8<-+[ \t]+("(?:\\"|[^"\r\n])+?"|'(?:\\'|[^'\r\n])+?'))\r?$`)
	// path[:section] inside the quotes.
	reIncludeSpec = regexp.MustCompile(`(?i)^(.*?)(?::([a-z][-_0-9a-z]*))?$`)
	reHeading     = regexp.MustCompile(`^[ \t]*(#{1,6})(?:[ \t]|$)`)
	reFence       = regexp.MustCompile("^[ \\t]*(`{3,}|~{3,})[ \\t]*([^`]*)$")
	reBlobLink    = regexp.MustCompile(`https://github\.com/redis/redis-py/blob/[^\s)"'<>\]]+`)
)

// ParseStructure extracts the structure of a Markdown page.
func ParseStructure(markdown string) Structure {
	var s Structure
	links := map[string]bool{}
	var fence string // the opening fence while inside a code block
	for _, line := range strings.Split(markdown, "\n") {
		line = strings.TrimRight(line, "\r")
		if m := reInclude.FindStringSubmatch(line); m != nil {
			spec := strings.TrimSpace(m[2][1 : len(m[2])-1])
			sm := reIncludeSpec.FindStringSubmatch(spec)
			s.Includes = append(s.Includes, Include{Line: m[1], Path: strings.TrimSpace(sm[1]), Section: sm[2]})
		}
		for _, l := range reBlobLink.FindAllString(line, -1) {
			links[l] = true
		}
		if m := reFence.FindStringSubmatch(line); m != nil {
			switch {
			case fence == "":
				fence = m[1]
				s.FenceLangs = append(s.FenceLangs, fenceLang(m[2]))
			case m[1][0] == fence[0] && len(m[1]) >= len(fence) && strings.TrimSpace(m[2]) == "":
				fence = ""
			}
			continue
		}
		if fence != "" {
			continue
		}
		if m := reHeading.FindStringSubmatch(line); m != nil {
			s.Headings = append(s.Headings, len(m[1]))
		}
	}
	for l := range links {
		s.BlobLinks = append(s.BlobLinks, l)
	}
	sort.Strings(s.BlobLinks)
	return s
}

// fenceLang is the language of a fence's info string: `go title="x.go"`,
// `{.go}` and `.go` all give "go".
func fenceLang(info string) string {
	f := strings.Fields(strings.TrimSpace(info))
	if len(f) == 0 {
		return ""
	}
	return strings.TrimLeft(f[0], "{.")
}

// Rules compared between the two versions of a page, in the order reported.
var rules = []string{"headings", "includes", "fence-languages", "blob-links"}

// CompareStructure reports, per rule, how the English and Chinese versions
// of a page differ. A rule that holds is absent from the map.
func CompareStructure(en, zh string) map[string]string {
	a, b := ParseStructure(en), ParseStructure(zh)
	diffs := map[string]string{}
	if d := diffSeq(a.Headings, b.Headings, func(l int) string { return strings.Repeat("#", l) }); d != "" {
		diffs["headings"] = "heading levels differ: " + d
	}
	// A file made for each language (fixes.en.md, fixes.zh.md) is the
	// same include in both versions of a page.
	for i := range b.Includes {
		b.Includes[i].Line = strings.Replace(b.Includes[i].Line, ".zh.", ".en.", 1)
		b.Includes[i].Path = strings.Replace(b.Includes[i].Path, ".zh.", ".en.", 1)
	}
	if d := diffSeq(a.Includes, b.Includes, func(i Include) string { return i.Line }); d != "" {
		diffs["includes"] = "--8<-- include lines differ: " + d
	}
	if d := diffSeq(a.FenceLangs, b.FenceLangs, func(s string) string {
		if s == "" {
			return "(none)"
		}
		return s
	}); d != "" {
		diffs["fence-languages"] = "fenced code block languages differ: " + d
	}
	var onlyEn, onlyZh []string
	for _, l := range a.BlobLinks {
		if !slices.Contains(b.BlobLinks, l) {
			onlyEn = append(onlyEn, l)
		}
	}
	for _, l := range b.BlobLinks {
		if !slices.Contains(a.BlobLinks, l) {
			onlyZh = append(onlyZh, l)
		}
	}
	if len(onlyEn)+len(onlyZh) > 0 {
		diffs["blob-links"] = fmt.Sprintf("links to redis-py source differ:\n  only in en: %s\n  only in zh: %s",
			listOrNone(onlyEn), listOrNone(onlyZh))
	}
	return diffs
}

func listOrNone(l []string) string {
	if len(l) == 0 {
		return "(none)"
	}
	return strings.Join(l, ", ")
}

// diffSeq describes the first difference between two sequences, or "".
func diffSeq[T comparable](a, b []T, show func(T) string) string {
	if slices.Equal(a, b) {
		return ""
	}
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	at := func(s []T) string {
		if i < len(s) {
			return show(s[i])
		}
		return "(nothing)"
	}
	all := func(s []T) string {
		out := make([]string, len(s))
		for j, v := range s {
			out[j] = show(v)
		}
		return "[" + strings.Join(out, " | ") + "]"
	}
	return fmt.Sprintf("first difference at item %d: en has %s, zh has %s\n  en: %s\n  zh: %s",
		i+1, at(a), at(b), all(a), all(b))
}

// ---------------------------------------------------------------------------
// Includes
// ---------------------------------------------------------------------------

// reSection matches a section marker anywhere in a line, as
// pymdownx.snippets and tools/mkdocs/hooks.py do; escaped (;--8<--) markers
// are not markers.
var reSection = regexp.MustCompile(`(?i)(?:^|[^;\-])-+8<-+[ \t]+\[[ \t]*(start|end)[ \t]*:[ \t]*([a-z][-_0-9a-z]*)[ \t]*\]`)

// CheckInclude reports what is wrong with an include, or nil: the file must
// exist under root and, for a section, hold its start marker followed by its
// end marker.
func CheckInclude(root string, inc Include) error {
	if inc.Path == "" {
		return fmt.Errorf("%s: no path", inc.Line)
	}
	file := filepath.Join(root, filepath.FromSlash(inc.Path))
	rel, err := filepath.Rel(root, file)
	if err != nil || strings.HasPrefix(rel, "..") {
		return fmt.Errorf("%s: %s is outside the project", inc.Line, inc.Path)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("%s: file %s does not exist (paths are relative to the project root)", inc.Line, inc.Path)
	}
	if inc.Section == "" {
		return nil
	}
	started, ended := false, false
	for _, line := range strings.Split(string(b), "\n") {
		m := reSection.FindStringSubmatch(line)
		if m == nil || m[2] != inc.Section {
			continue
		}
		if strings.EqualFold(m[1], "start") {
			started = true
		} else if started {
			ended = true
			break
		} else {
			return fmt.Errorf("%s: in %s the end marker of section %q comes before its start marker",
				inc.Line, inc.Path, inc.Section)
		}
	}
	switch {
	case !started:
		return fmt.Errorf("%s: %s has no section %q (no line with `--8<-- [start:%s]`)",
			inc.Line, inc.Path, inc.Section, inc.Section)
	case !ended:
		return fmt.Errorf("%s: section %q in %s has no end marker (`--8<-- [end:%s]`)",
			inc.Line, inc.Section, inc.Path, inc.Section)
	}
	return nil
}

// ---------------------------------------------------------------------------
// mkdocs.yml
// ---------------------------------------------------------------------------

// listedInNav reports whether mkdocs.yml names the page (a path relative to
// docs/) as a value, outside comments. A plain text search, bounded so that
// "index.md" does not match "zh/index.md".
func listedInNav(mkdocsYML, page string) bool {
	re := regexp.MustCompile(`(?:^|[\s:'"])` + regexp.QuoteMeta(page) + `(?:$|[\s'"])`)
	for _, line := range strings.Split(mkdocsYML, "\n") {
		if code, _, _ := strings.Cut(line, "#"); re.MatchString(strings.TrimRight(code, "\r")) {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Tests on the real site
// ---------------------------------------------------------------------------

// TestTwins: every page exists in both languages.
func TestTwins(t *testing.T) {
	s := loadSite(t)
	for _, lang := range []string{"en", "zh"} {
		pages, others, other := s.en, s.zh, "zh"
		if lang == "zh" {
			pages, others, other = s.zh, s.en, "en"
		}
		for _, p := range pages {
			t.Run(docPath(lang, p), func(t *testing.T) {
				if !slices.Contains(others, p) {
					t.Errorf("docs/%s has no %s twin: expected docs/%s", docPath(lang, p), other, docPath(other, p))
				}
			})
		}
	}
}

// TestSameStructure: the two versions of each page keep the same skeleton.
func TestSameStructure(t *testing.T) {
	s := loadSite(t)
	for _, p := range s.pairs() {
		t.Run(p, func(t *testing.T) {
			diffs := CompareStructure(s.read(t, "en", p), s.read(t, "zh", p))
			for _, rule := range rules {
				t.Run(rule, func(t *testing.T) {
					if d, ok := diffs[rule]; ok {
						t.Errorf("docs/%s and docs/%s: %s", docPath("en", p), docPath("zh", p), d)
					}
				})
			}
		})
	}
}

// TestIncludes: every include names an existing file and section.
func TestIncludes(t *testing.T) {
	s := loadSite(t)
	s.eachPage(t, func(t *testing.T, lang, p string) {
		for _, inc := range ParseStructure(s.read(t, lang, p)).Includes {
			if err := CheckInclude(s.root, inc); err != nil {
				t.Errorf("docs/%s: %v", docPath(lang, p), err)
			}
		}
	})
}

// eachPage runs body as a subtest for every page in both languages.
func (s site) eachPage(t *testing.T, body func(t *testing.T, lang, page string)) {
	for _, lang := range []string{"en", "zh"} {
		pages := s.en
		if lang == "zh" {
			pages = s.zh
		}
		for _, p := range pages {
			t.Run(docPath(lang, p), func(t *testing.T) { body(t, lang, p) })
		}
	}
}

// TestNav: every page is listed in mkdocs.yml.
func TestNav(t *testing.T) {
	s := loadSite(t)
	b, err := os.ReadFile(filepath.Join(s.root, "mkdocs.yml"))
	require.NoError(t, err)
	s.eachPage(t, func(t *testing.T, lang, p string) {
		if !listedInNav(string(b), docPath(lang, p)) {
			t.Errorf("docs/%s is not listed in the nav of mkdocs.yml", docPath(lang, p))
		}
	})
}

// MarkdownTraps lists the headings of markdown where a Python name is
// written bare and Markdown would eat its underscores: "Redis.__init__"
// renders as "Redis.init" in bold. Code spans are safe.
func MarkdownTraps(markdown string) []string {
	var traps []string
	inFence := false
	for _, line := range strings.Split(markdown, "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
		}
		if inFence || !strings.HasPrefix(line, "#") {
			continue
		}
		if strings.Contains(codeSpans.ReplaceAllString(line, ""), "__") {
			traps = append(traps, line)
		}
	}
	return traps
}

var codeSpans = regexp.MustCompile("`[^`]*`")

// TestNoMarkdownTraps: no heading loses a Python name's underscores.
func TestNoMarkdownTraps(t *testing.T) {
	s := loadSite(t)
	s.eachPage(t, func(t *testing.T, lang, p string) {
		for _, h := range MarkdownTraps(s.read(t, lang, p)) {
			t.Errorf("docs/%s: %q: put the name with underscores in `backticks`", docPath(lang, p), h)
		}
	})
}

// ---------------------------------------------------------------------------
// Tests of the check itself: it must be able to fail.
// ---------------------------------------------------------------------------

const pageEN = "# Pool\n\n" +
	"Read [the Python](https://github.com/redis/redis-py/blob/2.4.6/redis/connection.py#L258-L295).\n\n" +
	"## The Go port\n\n" +
	"```go title=\"chapters/01-pool/pool.go\"\n" +
	"--8<-- \"chapters/01-pool/pool.go:get_connection\"\n" +
	"```\n\n" +
	"```sh\n# not a heading\ngo test ./chapters/01-pool/\n```\n"

func TestCompareStructureAcceptsSameSkeleton(t *testing.T) {
	zh := "# 连接池\n\n" +
		"先读[Python 原版](https://github.com/redis/redis-py/blob/2.4.6/redis/connection.py#L258-L295)。\n\n" +
		"## Go 移植\n\n" +
		"```go title=\"chapters/01-pool/pool.go\"\n" +
		"--8<-- \"chapters/01-pool/pool.go:get_connection\"\n" +
		"```\n\n" +
		"```sh\n# 这不是标题\ngo test ./chapters/01-pool/\n```\n"
	assert.Empty(t, CompareStructure(pageEN, zh))

	s := ParseStructure(pageEN)
	assert.Equal(t, []int{1, 2}, s.Headings, "a # line inside a code block is not a heading")
	assert.Equal(t, []string{"go", "sh"}, s.FenceLangs)
	assert.Equal(t, []Include{{
		Line:    `--8<-- "chapters/01-pool/pool.go:get_connection"`,
		Path:    "chapters/01-pool/pool.go",
		Section: "get_connection",
	}}, s.Includes)
	assert.Equal(t, []string{"https://github.com/redis/redis-py/blob/2.4.6/redis/connection.py#L258-L295"}, s.BlobLinks)
}

func TestCompareStructureDetectsDifferences(t *testing.T) {
	zh := "# 连接池\n\n" +
		"先读[Python 原版](https://github.com/redis/redis-py/blob/2.4.6/redis/connection.py#L105-L256)。\n\n" +
		"### Go 移植\n\n" + // level 3 instead of 2
		"```go title=\"chapters/01-pool/pool.go\"\n" +
		"--8<-- \"chapters/01-pool/pool.go:release\"\n" + // another section
		"```\n\n" +
		"```bash\ngo test ./chapters/01-pool/\n```\n" // another language
	diffs := CompareStructure(pageEN, zh)
	for _, rule := range rules {
		assert.Contains(t, diffs, rule, "rule %s should catch the difference", rule)
	}
	assert.Contains(t, diffs["headings"], "en has ##, zh has ###")
	assert.Contains(t, diffs["includes"], `pool.go:release`)
	assert.Contains(t, diffs["fence-languages"], "en has sh, zh has bash")
	assert.Contains(t, diffs["blob-links"], "#L105-L256")

	// A missing item is a difference too.
	assert.Contains(t, CompareStructure(pageEN, "# 连接池\n")["headings"], "zh has (nothing)")
}

func TestCheckIncludeDetectsMissingFileAndSection(t *testing.T) {
	root := t.TempDir()
	src := "package p\n\n" +
		"// --8<-- [start:good]\nfunc A() {}\n// --8<-- [end:good]\n\n" +
		"// --8<-- [start:open]\nfunc B() {}\n\n" +
		"// --8<-- [end:backwards]\n// --8<-- [start:backwards]\n\n" +
		"// ;--8<-- [start:escaped]\n// ;--8<-- [end:escaped]\n"
	require.NoError(t, os.WriteFile(filepath.Join(root, "p.go"), []byte(src), 0o644))

	inc := func(spec string) Include {
		s := ParseStructure("--8<-- \"" + spec + "\"\n")
		require.Len(t, s.Includes, 1)
		return s.Includes[0]
	}
	assert.NoError(t, CheckInclude(root, inc("p.go")))
	assert.NoError(t, CheckInclude(root, inc("p.go:good")))
	assert.ErrorContains(t, CheckInclude(root, inc("q.go")), "q.go does not exist")
	assert.ErrorContains(t, CheckInclude(root, inc("p.go:nope")), `no section "nope"`)
	assert.ErrorContains(t, CheckInclude(root, inc("p.go:open")), "no end marker")
	assert.ErrorContains(t, CheckInclude(root, inc("p.go:backwards")), "comes before")
	assert.ErrorContains(t, CheckInclude(root, inc("p.go:escaped")), "no section")
	assert.ErrorContains(t, CheckInclude(root, inc("../p.go")), "outside the project")
}

func TestListedInNav(t *testing.T) {
	yml := "nav:\n  - Home: index.md\n  - 首页: zh/getting-started.md\n# - Old: old.md\n"
	assert.True(t, listedInNav(yml, "index.md"))
	assert.True(t, listedInNav(yml, "zh/getting-started.md"))
	assert.False(t, listedInNav(yml, "getting-started.md"), "zh/getting-started.md must not count for getting-started.md")
	assert.False(t, listedInNav(yml, "zh/index.md"))
	assert.False(t, listedInNav(yml, "old.md"), "a commented-out entry does not count")
}

func TestMarkdownTrapsFindsBareDunder(t *testing.T) {
	assert.Equal(t, []string{"## Redis.__init__: a pool"},
		MarkdownTraps("## Redis.__init__: a pool\n## `Redis.__init__`: safe\n```\n# __x__ in code\n```\nbody __x__\n"))
}

// ---------------------------------------------------------------------------
// Files made for each language, and the scenario transcripts
// ---------------------------------------------------------------------------

// IncludeLanguage is the language a file made for one language is in, from
// its name (fixes.en.md, pool_release.zh.txt), or "" for a file of no
// language. CompareStructure takes x.zh.y for x.en.y; this says which of
// the two a page must include.
func IncludeLanguage(path string) string {
	parts := strings.Split(filepath.Base(path), ".")
	for _, p := range parts[1 : len(parts)-1] {
		if p == "en" || p == zhDir {
			return p
		}
	}
	return ""
}

// seeItRun is the heading of the section, in each language, that shows a
// scenario running: its transcript (testdata/scripts/transcripts/NAME.LANG.txt,
// written and checked by the root package's TestScripts) and its script.
var seeItRun = map[string]string{"en": "See it run", "zh": "跑起来看看"}

var (
	reTranscript = regexp.MustCompile(`^testdata/scripts/transcripts/([a-z0-9_]+)\.([a-z]+)\.txt$`)
	reScript     = regexp.MustCompile(`^testdata/scripts/([a-z0-9_]+)\.txtar$`)
)

// SeeItRunProblems lists what is wrong with the "See it run" sections of a
// page in lang: each says what to watch for before its first code block,
// and shows at least one scenario, each as its transcript in the page's
// language followed by its script. A section with a go test command and
// no transcript has another heading ("Run it yourself").
func SeeItRunProblems(markdown, lang string) []string {
	var problems []string
	type section struct {
		heading  string
		prose    bool // a line of text before the first code block
		fenced   bool
		includes []Include
	}
	var secs []*section
	var cur *section
	var fence string
	for _, line := range strings.Split(markdown, "\n") {
		line = strings.TrimRight(line, "\r")
		if m := reFence.FindStringSubmatch(line); m != nil {
			switch {
			case fence == "":
				fence = m[1]
				if cur != nil {
					cur.fenced = true
				}
			case m[1][0] == fence[0] && len(m[1]) >= len(fence) && strings.TrimSpace(m[2]) == "":
				fence = ""
			}
		}
		if fence == "" && reHeading.MatchString(line) {
			cur = nil
			if strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#")) == seeItRun[lang] {
				cur = &section{heading: strings.TrimSpace(line)}
				secs = append(secs, cur)
			}
			continue
		}
		if cur == nil {
			continue
		}
		if m := reInclude.FindStringSubmatch(line); m != nil {
			spec := strings.TrimSpace(m[2][1 : len(m[2])-1])
			sm := reIncludeSpec.FindStringSubmatch(spec)
			cur.includes = append(cur.includes, Include{Line: m[1], Path: strings.TrimSpace(sm[1]), Section: sm[2]})
		}
		if !cur.fenced && fence == "" && strings.TrimSpace(line) != "" && !strings.HasPrefix(strings.TrimSpace(line), "???") {
			cur.prose = true
		}
	}
	for n, s := range secs {
		where := fmt.Sprintf("%q section %d", s.heading, n+1)
		if !s.prose {
			problems = append(problems, where+": no sentence before the transcript saying what to watch for")
		}
		shown := 0
		for i := 0; i < len(s.includes); i++ {
			m := reTranscript.FindStringSubmatch(s.includes[i].Path)
			if m == nil {
				if reScript.MatchString(s.includes[i].Path) {
					continue // checked with its transcript
				}
				problems = append(problems, fmt.Sprintf("%s: %s is neither a scenario's transcript nor its script", where, s.includes[i].Path))
				continue
			}
			shown++
			if m[2] != lang {
				problems = append(problems, fmt.Sprintf("%s: %s is the %s transcript; a %s page shows testdata/scripts/transcripts/%s.%s.txt",
					where, s.includes[i].Path, m[2], lang, m[1], lang))
			}
			script := "testdata/scripts/" + m[1] + ".txtar"
			if i+1 >= len(s.includes) || s.includes[i+1].Path != script {
				problems = append(problems, fmt.Sprintf("%s: the transcript of %s is not followed by its script, %s (keep it one click away)", where, m[1], script))
			}
		}
		if shown == 0 {
			problems = append(problems, where+": shows no transcript (testdata/scripts/transcripts/NAME."+lang+".txt); "+
				"a section with a command to run but no transcript is \"Run it yourself\"")
		}
	}
	return problems
}

// TestIncludesInThePagesLanguage: a page includes the files made for its
// own language, not the twin's.
func TestIncludesInThePagesLanguage(t *testing.T) {
	s := loadSite(t)
	s.eachPage(t, func(t *testing.T, lang, p string) {
		for _, inc := range ParseStructure(s.read(t, lang, p)).Includes {
			if l := IncludeLanguage(inc.Path); l != "" && l != lang {
				t.Errorf("docs/%s is a %s page but includes %s, made for %s", docPath(lang, p), lang, inc.Path, l)
			}
		}
	})
}

// TestSeeItRun: every "See it run" section shows what a scenario printed,
// in the page's language, with the script one click away.
func TestSeeItRun(t *testing.T) {
	s := loadSite(t)
	s.eachPage(t, func(t *testing.T, lang, p string) {
		for _, problem := range SeeItRunProblems(s.read(t, lang, p), lang) {
			t.Errorf("docs/%s: %s", docPath(lang, p), problem)
		}
	})
}

func TestIncludeLanguage(t *testing.T) {
	for path, want := range map[string]string{
		"internal/fixes/fixes.en.md":                       "en",
		"testdata/scripts/transcripts/pool_release.zh.txt": "zh",
		"testdata/scripts/pool_release.txtar":              "",
		"chapters/01-pool/pool.go":                         "",
		"docs/en.md":                                       "",
	} {
		assert.Equal(t, want, IncludeLanguage(path), path)
	}
}

func TestSeeItRunProblems(t *testing.T) {
	good := "## Pool\n\n### See it run\n\nWatch the counts.\n\n" +
		"```text title=\"make scenario NAME=pool_release\"\n" +
		"--8<-- \"testdata/scripts/transcripts/pool_release.en.txt\"\n```\n\n" +
		"??? note \"The script: testdata/scripts/pool_release.txtar\"\n\n" +
		"    ```text\n    --8<-- \"testdata/scripts/pool_release.txtar\"\n    ```\n\n" +
		"### Run it yourself\n\n```sh\ngo test ./chapters/01-pool/\n```\n"
	assert.Empty(t, SeeItRunProblems(good, "en"))
	assert.Empty(t, SeeItRunProblems(strings.NewReplacer("See it run", "跑起来看看", ".en.txt", ".zh.txt").Replace(good), "zh"))

	for name, c := range map[string]struct{ page, lang, want string }{
		"no sentence": {strings.Replace(good, "Watch the counts.\n\n", "", 1), "en",
			"no sentence before the transcript"},
		"the other language": {strings.Replace(good, "See it run", "跑起来看看", 1), "zh",
			"pool_release.en.txt is the en transcript; a zh page shows testdata/scripts/transcripts/pool_release.zh.txt"},
		"no script": {strings.Replace(good, "    --8<-- \"testdata/scripts/pool_release.txtar\"\n", "", 1), "en",
			"not followed by its script, testdata/scripts/pool_release.txtar"},
		"the script alone": {strings.Replace(good, "--8<-- \"testdata/scripts/transcripts/pool_release.en.txt\"\n", "", 1), "en",
			"shows no transcript"},
		"a go test command": {"### See it run\n\nRun it.\n\n```sh\ngo test ./chapters/01-pool/\n```\n", "en",
			"shows no transcript"},
		"something else": {strings.Replace(good, "testdata/scripts/transcripts/pool_release.en.txt", "chapters/01-pool/pool.go", 1), "en",
			"chapters/01-pool/pool.go is neither a scenario's transcript nor its script"},
	} {
		t.Run(name, func(t *testing.T) {
			problems := SeeItRunProblems(c.page, c.lang)
			assert.NotEmpty(t, problems)
			assert.Contains(t, strings.Join(problems, "\n"), c.want)
		})
	}
}
