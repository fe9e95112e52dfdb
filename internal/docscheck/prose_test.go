package docscheck

// What a reader of a page sees, line by line: the common ground of the
// checks of the Chinese pages (glossary_test.go, chinese_test.go).

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"
)

// LineKind says what a line of a source is.
type LineKind int

const (
	Prose   LineKind = iota // a paragraph or list line
	Heading                 // an ATX heading
	Table                   // a table row
	Code                    // inside a fenced code block, fences included
	Skip                    // an include line, front matter, or blank
	SVGText                 // the text of one element of a diagram
)

// Line is one line of a source as a reader meets it.
type Line struct {
	No   int // 1-based line number in the file
	Kind LineKind
	Raw  string // the line as written
	// Text is what the reader sees of a Prose, Heading or Table line:
	// inline code spans become codeMark, links their text, URLs urlMark;
	// HTML tags, attribute lists, emphasis markers and backslash escapes
	// are removed. For Code lines it is the raw line, for SVGText the
	// element's text.
	Text string
}

const (
	codeMark = "C" // stands for an inline code span, a Latin word to the checks
	urlMark  = "U" // stands for a bare URL
)

// Source is one Chinese file to check.
type Source struct {
	Path  string // relative to the project root, slash-separated
	Lines []Line
}

// zhSources is every Chinese source: docs/zh/**/*.md, the Chinese tables
// they include (*.zh.md, such as internal/fixes/fixes.zh.md), README.zh.md
// and the Chinese diagrams.
func zhSources(t *testing.T) []Source {
	t.Helper()
	root := repoRoot(t)
	var paths []string
	err := filepath.WalkDir(filepath.Join(root, "docs", zhDir), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
		return err
	})
	require.NoError(t, err)
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		for _, inc := range ParseStructure(string(b)).Includes {
			if f := filepath.Join(root, filepath.FromSlash(inc.Path)); strings.HasSuffix(inc.Path, ".zh.md") && !slices.Contains(paths, f) {
				paths = append(paths, f)
			}
		}
	}
	paths = append(paths, filepath.Join(root, "README.zh.md"))
	svgs, err := filepath.Glob(filepath.Join(root, "docs", "assets", "diagrams", "*.zh.svg"))
	require.NoError(t, err)
	require.NotEmpty(t, svgs, "no Chinese diagrams found")
	paths = append(paths, svgs...)
	sort.Strings(paths)

	var out []Source
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		rel, err := filepath.Rel(root, p)
		require.NoError(t, err)
		rel = filepath.ToSlash(rel)
		var lines []Line
		if strings.HasSuffix(p, ".svg") {
			lines, err = SVGLines(b)
			require.NoError(t, err, rel)
		} else {
			lines = MarkdownLines(string(b))
		}
		out = append(out, Source{Path: rel, Lines: lines})
	}
	return out
}

var (
	reHTMLComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	// [text](target "title") and ![alt](src); nested ones are undone from
	// the inside out.
	reLink     = regexp.MustCompile(`!?\[([^\[\]]*)\]\(\s*<?([^()\s>]*(?:\([^()\s]*\)[^()\s>]*)*)>?(?:\s+"[^"]*")?\s*\)`)
	reAutolink = regexp.MustCompile(`<(?:https?|mailto):[^>\s]*>`)
	reBareURL  = regexp.MustCompile(`(?:https?|file)://[^\s)>\]"'，。；、）]+`)
	reHTMLTag  = regexp.MustCompile(`</?[A-Za-z][^<>]*>`)
	reAttrList = regexp.MustCompile(`\{:?[ \t]*[#.][^{}]*\}`)
	reEscape   = regexp.MustCompile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!|<>\"'~])")
	reTableRow = regexp.MustCompile(`^[ \t]*\|`)
	reListItem = regexp.MustCompile(`^[ \t]*(?:[-*+]|\d+[.)])[ \t]+`)
)

// reAdmonition is the first line of an admonition or a collapsible block,
// with its title.
var reAdmonition = regexp.MustCompile(`^\s*(?:\?\?\?\+?|!!!)\s+[\w-]+(?:\s+[\w-]+)*\s*(?:"(.*)")?\s*$`)

// MarkdownLines splits a page into lines and says what a reader sees of
// each. Code spans may run over a line break (within one paragraph).
func MarkdownLines(markdown string) []Line {
	raw := strings.Split(markdown, "\n")
	lines := make([]Line, len(raw))
	var fence string
	var block []int // indexes of the lines of the current paragraph
	flush := func() {
		if len(block) == 0 {
			return
		}
		texts := make([]string, len(block))
		for i, j := range block {
			texts[i] = lines[j].Raw
		}
		seen := strings.Split(visibleText(strings.Join(texts, "\n")), "\n")
		for i, j := range block {
			lines[j].Text = seen[i]
		}
		block = block[:0]
	}
	frontMatter := len(raw) > 0 && strings.TrimRight(raw[0], "\r") == "---"
	for i, r := range raw {
		r = strings.TrimRight(r, "\r")
		lines[i] = Line{No: i + 1, Raw: r}
		if frontMatter { // YAML meta-data, between --- lines at the top
			lines[i].Kind = Skip
			frontMatter = i == 0 || r != "---"
			continue
		}
		if m := reFence.FindStringSubmatch(r); m != nil {
			switch {
			case fence == "":
				flush()
				fence = m[1]
				lines[i].Kind, lines[i].Text = Code, r
				continue
			case m[1][0] == fence[0] && len(m[1]) >= len(fence) && strings.TrimSpace(m[2]) == "":
				fence = ""
				lines[i].Kind, lines[i].Text = Code, r
				continue
			}
		}
		switch {
		case fence != "":
			lines[i].Kind, lines[i].Text = Code, r
		case strings.TrimSpace(r) == "" || reInclude.MatchString(r):
			flush()
			lines[i].Kind = Skip
		case reAdmonition.MatchString(r):
			// ??? note "Title" / !!! note "Title": the quotes are the
			// syntax of pymdownx.details and admonition; only the title
			// inside them is text a reader sees.
			flush()
			lines[i].Kind = Heading
			lines[i].Text = visibleText(reAdmonition.FindStringSubmatch(r)[1])
		case reHeading.MatchString(r):
			flush()
			lines[i].Kind = Heading
			block = append(block, i)
			flush()
		case reTableRow.MatchString(r):
			flush()
			lines[i].Kind = Table
			block = append(block, i)
			flush()
		default:
			lines[i].Kind = Prose
			block = append(block, i)
		}
	}
	flush()
	return lines
}

// visibleText is the text a reader sees of a piece of Markdown, with the
// line breaks kept where they were.
func visibleText(s string) string {
	keepLines := func(m string) string { return strings.Repeat("\n", strings.Count(m, "\n")) }
	s = reHTMLComment.ReplaceAllStringFunc(s, keepLines)
	s = maskCodeSpans(s)
	for {
		t := reLink.ReplaceAllString(s, "$1")
		if t == s {
			break
		}
		s = t
	}
	s = reAutolink.ReplaceAllString(s, urlMark)
	s = reBareURL.ReplaceAllString(s, urlMark)
	s = reHTMLTag.ReplaceAllStringFunc(s, keepLines)
	s = reAttrList.ReplaceAllString(s, "")
	s = strings.NewReplacer("**", "", "__", "", "*", "").Replace(s)
	s = reEscape.ReplaceAllString(s, "$1")
	return s
}

// maskCodeSpans replaces each inline code span (a run of n backticks up to
// the next run of exactly n) with codeMark, keeping its line breaks.
func maskCodeSpans(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '`' {
			b.WriteByte(s[i])
			i++
			continue
		}
		n := 0
		for i+n < len(s) && s[i+n] == '`' {
			n++
		}
		end := -1
		for j := i + n; j < len(s); {
			if s[j] != '`' {
				j++
				continue
			}
			m := 0
			for j+m < len(s) && s[j+m] == '`' {
				m++
			}
			if m == n {
				end = j
				break
			}
			j += m
		}
		if end < 0 { // no closing run: the backticks are literal
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		b.WriteString(codeMark)
		b.WriteString(strings.Repeat("\n", strings.Count(s[i:end], "\n")))
		i = end + n
	}
	return b.String()
}

// svgTextElements are the elements of a diagram whose text a reader sees
// (or a screen reader reads).
var svgTextElements = map[string]bool{"text": true, "tspan": true, "title": true, "desc": true, "textPath": true}

// SVGLines is the visible text of a diagram, one Line per text node and
// per aria-label. Text in the diagrams' monospace class (class="mono") is
// code: a Code line.
func SVGLines(svg []byte) ([]Line, error) {
	d := xml.NewDecoder(bytes.NewReader(svg))
	type svgElement struct {
		name string
		mono bool
	}
	var stack []svgElement
	var out []Line
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			mono := len(stack) > 0 && stack[len(stack)-1].mono
			for _, a := range tok.Attr {
				switch a.Name.Local {
				case "aria-label":
					out = append(out, Line{No: line, Kind: SVGText, Raw: a.Value, Text: a.Value})
				case "class":
					mono = mono || slices.Contains(strings.Fields(a.Value), "mono")
				}
			}
			stack = append(stack, svgElement{tok.Name.Local, mono})
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			text := strings.TrimSpace(string(tok))
			if text == "" || len(stack) == 0 || !svgTextElements[stack[len(stack)-1].name] {
				continue
			}
			kind := SVGText
			if stack[len(stack)-1].mono {
				kind = Code // set in the diagrams' monospace class: code, bytes, values
			}
			out = append(out, Line{No: line, Kind: kind, Raw: text, Text: text})
		}
	}
}

// isHan reports whether r is a Chinese character.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// cjkPunct is the full-width punctuation of Chinese prose.
const cjkPunct = "，。、；：！？“”‘’（）《》【】「」『』…—"

func isCJKPunct(r rune) bool { return strings.ContainsRune(cjkPunct, r) }

// isCJK reports whether r is Chinese: a character or its punctuation.
func isCJK(r rune) bool { return isHan(r) || isCJKPunct(r) }
