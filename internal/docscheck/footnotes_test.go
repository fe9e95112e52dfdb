package docscheck

// Footnotes: the `(N)` markers in the Go comments of a code block and the
// numbered list right after the block.
//
// Material for MkDocs (content.code.annotate, 8.2.5) turns every `(N)` it
// finds in a comment of a highlighted code block into a button that opens
// the N-th item of the list that follows the block, and hides that list.
// It does so silently: a marker without an item stays as plain text, an
// item without a marker is never shown. The Go sources and the pages are
// edited by different people, so this test keeps them in step: for every Go
// code block of every page, in both languages, the markers in the comments
// of the code the block shows (its included sections, expanded as
// tools/mkdocs/hooks.py does, and any code written in the block itself)
// must be (1), (2), ... (n) in that order, each at the end of its comment
// line, and the numbered list right after the block must have exactly n
// items, numbered 1 to n. A Go block without markers must not be followed
// directly by a numbered list (it would read as footnotes nobody can open).

import (
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Marker is one `(N)` in a comment of a code block.
type Marker struct {
	N     int
	Where string // "chapters/01-pool/pool.go:62" or "the block, line 3"
	AtEnd bool   // the marker ends its comment line
}

// CodeBlock is one fenced code block of a page, with what follows it.
type CodeBlock struct {
	Line     int       // line of the opening fence in the page, from 1
	Lang     string    // "go", "text", ...
	Includes []Include // in order
	Markers  []Marker  // in order of appearance in the rendered block
	// ListItems are the numbers of the items of the numbered list that
	// starts on the first non-blank line after the closing fence, in
	// order; nil when no such list follows.
	ListItems []int
	Err       error // an include that cannot be read
}

var (
	// reMarker is Material's marker: any (N) in a comment.
	reMarker = regexp.MustCompile(`\((\d+)\)`)
	// reNumberedItem is an item of an ordered list at the indentation of the
	// fence (Python-Markdown: digits, a dot, blanks).
	reNumberedItem = regexp.MustCompile(`^(\d+)\.[ \t]+`)
)

// CodeBlocks lists the fenced code blocks of a page, with the markers of
// the Go blocks read from the files under root they include.
func CodeBlocks(root, markdown string) []CodeBlock {
	lines := strings.Split(strings.ReplaceAll(markdown, "\r\n", "\n"), "\n")
	var blocks []CodeBlock
	for i := 0; i < len(lines); i++ {
		m := reFence.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		indent := lines[i][:strings.Index(lines[i], m[1])]
		b := CodeBlock{Line: i + 1, Lang: fenceLang(m[2])}
		var body []string
		j := i + 1
		for ; j < len(lines); j++ {
			c := reFence.FindStringSubmatch(lines[j])
			if c != nil && c[1][0] == m[1][0] && len(c[1]) >= len(m[1]) && strings.TrimSpace(c[2]) == "" {
				break
			}
			body = append(body, lines[j])
		}
		if b.Lang == "go" {
			b.Markers, b.Includes, b.Err = blockMarkers(root, body, b.Line)
		}
		b.ListItems = listAfter(lines, j+1, indent)
		blocks = append(blocks, b)
		i = j
	}
	return blocks
}

// listAfter returns the item numbers of the ordered list starting at the
// first non-blank line from lines[from] on, at the given indentation.
func listAfter(lines []string, from int, indent string) []int {
	k := from
	for k < len(lines) && strings.TrimSpace(lines[k]) == "" {
		k++
	}
	var items []int
	for ; k < len(lines); k++ {
		line := lines[k]
		if strings.TrimSpace(line) == "" {
			continue
		}
		rest, ok := strings.CutPrefix(line, indent)
		if !ok {
			break
		}
		if m := reNumberedItem.FindStringSubmatch(rest); m != nil {
			n, _ := strconv.Atoi(m[1])
			items = append(items, n)
			continue
		}
		// A continuation line of an item is indented further; anything
		// else ends the list. (A lazy continuation line, unindented, is
		// Markdown too, but the pages do not use it.)
		if len(items) > 0 && (strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, "\t")) {
			continue
		}
		break
	}
	return items
}

// blockMarkers reads the markers of a Go block's body: the block's own
// lines, and for each include line the comments of the included section.
func blockMarkers(root string, body []string, fenceLine int) ([]Marker, []Include, error) {
	var markers []Marker
	var incs []Include
	var own []string // consecutive lines written in the block
	ownStart := 0
	flush := func() {
		if len(own) > 0 {
			for _, c := range goComments(strings.Join(own, "\n")) {
				markers = append(markers, commentMarkers(c, fmt.Sprintf("the block's line %d", ownStart+c.line-1))...)
			}
		}
		own = nil
	}
	for k, line := range body {
		inc, ok := parseInclude(line)
		if !ok {
			if len(own) == 0 {
				ownStart = fenceLine + 1 + k
			}
			own = append(own, line)
			continue
		}
		flush()
		incs = append(incs, inc)
		ms, err := includeMarkers(root, inc)
		if err != nil {
			return markers, incs, err
		}
		markers = append(markers, ms...)
	}
	flush()
	return markers, incs, nil
}

func parseInclude(line string) (Include, bool) {
	s := ParseStructure(line)
	if len(s.Includes) != 1 {
		return Include{}, false
	}
	return s.Includes[0], true
}

// includeMarkers reads the markers in the comments of an included Go file
// or section: the comments between the section's start and end marker
// lines, found with go/scanner so that "(1)" in a string is no marker.
func includeMarkers(root string, inc Include) ([]Marker, error) {
	if err := CheckInclude(root, inc); err != nil {
		return nil, err
	}
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(inc.Path)))
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(inc.Path, ".go") {
		return nil, nil
	}
	first, last := 1, strings.Count(string(src), "\n")+1
	if inc.Section != "" {
		first, last = sectionLines(string(src), inc.Section)
	}
	var out []Marker
	for _, c := range goComments(string(src)) {
		if c.line < first || c.line > last {
			continue
		}
		out = append(out, commentMarkers(c, fmt.Sprintf("%s:%d", inc.Path, c.line))...)
	}
	return out, nil
}

// sectionLines is the range of lines, from 1, between a section's start
// and end marker lines (CheckInclude has made sure both exist).
func sectionLines(src, section string) (first, last int) {
	for i, line := range strings.Split(src, "\n") {
		m := reSection.FindStringSubmatch(line)
		if m == nil || m[2] != section {
			continue
		}
		if strings.EqualFold(m[1], "start") && first == 0 {
			first = i + 2
		} else if strings.EqualFold(m[1], "end") && first != 0 {
			return first, i
		}
	}
	return first, first - 1
}

type comment struct {
	line int    // line of the comment's start, from 1
	text string // with its // or /* */
}

// goComments lists the comments of Go source (a file, or a fragment of
// whole lines); scanning errors in a fragment are ignored.
func goComments(src string) []comment {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, scanner.ScanComments)
	var out []comment
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.COMMENT {
			out = append(out, comment{line: fset.Position(pos).Line, text: lit})
		}
	}
}

// commentMarkers lists the (N) of one comment, each with the line it is on.
func commentMarkers(c comment, where string) []Marker {
	var out []Marker
	for k, line := range strings.Split(c.text, "\n") {
		w := where
		if k > 0 {
			w = fmt.Sprintf("%s (+%d lines)", where, k)
		}
		trimmed := strings.TrimRight(strings.TrimSuffix(strings.TrimRight(line, " \t"), "*/"), " \t")
		for _, m := range reMarker.FindAllStringSubmatchIndex(line, -1) {
			n, _ := strconv.Atoi(line[m[2]:m[3]])
			out = append(out, Marker{N: n, Where: w, AtEnd: m[1] == len(trimmed)})
		}
	}
	return out
}

// Footnotes are the block's footnote markers: the (N) that end a comment
// line, the project's convention.
func (b CodeBlock) Footnotes() []Marker {
	var out []Marker
	for _, m := range b.Markers {
		if m.AtEnd {
			out = append(out, m)
		}
	}
	return out
}

// FootnoteProblems describes what is wrong with the footnotes of a code
// block, one sentence each; nil when markers and list agree.
func FootnoteProblems(b CodeBlock) []string {
	if b.Lang != "go" {
		return nil
	}
	what := fmt.Sprintf("the go block at line %d", b.Line)
	if len(b.Includes) > 0 {
		specs := make([]string, len(b.Includes))
		for i, inc := range b.Includes {
			specs[i] = inc.Path
			if inc.Section != "" {
				specs[i] += ":" + inc.Section
			}
		}
		what += " (" + strings.Join(specs, ", ") + ")"
	}
	if b.Err != nil {
		return []string{fmt.Sprintf("%s: %v", what, b.Err)}
	}
	var out []string
	markers := b.Footnotes()
	for i, m := range markers {
		if m.N != i+1 {
			out = append(out, fmt.Sprintf("%s: marker (%d) at %s should be (%d): markers must count 1, 2, 3... in order; markers are %s",
				what, m.N, m.Where, i+1, markerList(markers)))
			break
		}
	}
	// An (N) inside a comment line is a footnote button too when the
	// list has an N-th item (Material replaces it); "recv(4096)." with no
	// such item stays text.
	for _, m := range b.Markers {
		if !m.AtEnd && m.N >= 1 && m.N <= len(b.ListItems) {
			out = append(out, fmt.Sprintf("%s: (%d) at %s is not at the end of its comment line, but Material turns it "+
				"into a button for item %d of the list after the block: footnote markers go at the end of a comment line",
				what, m.N, m.Where, m.N))
		}
	}
	n := len(markers)
	switch {
	case n == 0 && len(b.ListItems) > 0:
		out = append(out, fmt.Sprintf("%s has no (N) markers, but a numbered list of %d items follows it: "+
			"add the markers to the Go comments or put a sentence between block and list", what, len(b.ListItems)))
	case n > 0 && len(b.ListItems) != n:
		out = append(out, fmt.Sprintf("%s has %d markers %s, but the numbered list right after it has %d items",
			what, n, markerList(markers), len(b.ListItems)))
	}
	for i, item := range b.ListItems {
		if item != i+1 {
			out = append(out, fmt.Sprintf("%s: item %d of the list after it is numbered %d.", what, i+1, item))
			break
		}
	}
	return out
}

func markerList(ms []Marker) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = fmt.Sprintf("(%d) %s", m.N, m.Where)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// TestFootnotes: on every page, in both languages, the markers of each Go
// block and the list after it agree.
func TestFootnotes(t *testing.T) {
	s := loadSite(t)
	markers, items := 0, 0
	s.eachPage(t, func(t *testing.T, lang, p string) {
		for _, b := range CodeBlocks(s.root, s.read(t, lang, p)) {
			for _, problem := range FootnoteProblems(b) {
				t.Errorf("docs/%s: %s", docPath(lang, p), problem)
			}
			if b.Lang == "go" {
				markers += len(b.Footnotes())
				items += len(b.ListItems)
			}
		}
	})
	t.Logf("%d markers and %d list items in Go blocks, both languages together", markers, items)
}

// ---------------------------------------------------------------------------
// The check itself must fail on a mismatch.
// ---------------------------------------------------------------------------

const footnoteSrc = `package p

// --8<-- [start:two]
var s = "(9) in a string is no marker"

func F() {
	x := 1 // the first (1)
	_ = x  /* the second (2) */
}

// --8<-- [end:two]
// --8<-- [start:middle]
// a (1) that is not at the end
// --8<-- [end:middle]
// --8<-- [start:backwards]
var a = 1 // (2)
var b = 2 // (1)
// --8<-- [end:backwards]
`

func footnoteBlocks(t *testing.T, page string) []CodeBlock {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "p.go"), []byte(footnoteSrc), 0o644))
	return CodeBlocks(root, page)
}

func TestFootnotesAgree(t *testing.T) {
	blocks := footnoteBlocks(t, "# P\n\n```go title=\"p.go\"\n--8<-- \"p.go:two\"\n```\n\n"+
		"1.  first\n    more of the first\n\n2.  second\n\nAfter.\n\n"+
		"```go\nx := 1 // own code (1)\n```\n\n1.  own\n\n```text\nnot go (1)\n```\n\n1. a list after text\n")
	require.Len(t, blocks, 3)
	assert.Equal(t, []int{1, 2}, []int{blocks[0].Markers[0].N, blocks[0].Markers[1].N})
	assert.Equal(t, "p.go:7", blocks[0].Markers[0].Where)
	assert.Equal(t, []int{1, 2}, blocks[0].ListItems)
	assert.Equal(t, []int{1}, blocks[1].ListItems)
	for _, b := range blocks {
		assert.Empty(t, FootnoteProblems(b), "block at line %d", b.Line)
	}
}

func TestFootnotesDetectMismatch(t *testing.T) {
	cases := []struct {
		name, page, want string
	}{
		{"list too short", "```go\n--8<-- \"p.go:two\"\n```\n\n1.  only one\n",
			`the go block at line 1 (p.go:two) has 2 markers [(1) p.go:7, (2) p.go:8], but the numbered list right after it has 1 items`},
		{"list too long", "```go\n--8<-- \"p.go:two\"\n```\n\n1.  a\n2.  b\n3.  c\n",
			"has 2 markers"},
		{"no list", "```go\n--8<-- \"p.go:two\"\n```\n\nA paragraph.\n\n1. too late\n",
			"right after it has 0 items"},
		{"list without markers", "```go\nvar x = 1\n```\n\n1.  orphan\n",
			"has no (N) markers, but a numbered list of 1 items follows it"},
		{"out of order", "```go\n--8<-- \"p.go:backwards\"\n```\n\n1.  a\n2.  b\n",
			"marker (2) at p.go:16 should be (1)"},
		{"not at the end", "```go\n--8<-- \"p.go:middle\"\n```\n\n1.  a\n",
			"(1) at p.go:13 is not at the end of its comment line, but Material turns it into a button"},
		{"list misnumbered", "```go\n--8<-- \"p.go:two\"\n```\n\n1.  a\n3.  b\n",
			"item 2 of the list after it is numbered 3."},
		{"missing section", "```go\n--8<-- \"p.go:nope\"\n```\n",
			`no section "nope"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			blocks := footnoteBlocks(t, c.page)
			require.NotEmpty(t, blocks)
			assert.Contains(t, strings.Join(FootnoteProblems(blocks[0]), "\n"), c.want)
		})
	}
}
