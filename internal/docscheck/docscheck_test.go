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
//   - a page is not listed in mkdocs.yml.
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
