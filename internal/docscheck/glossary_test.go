package docscheck

// The glossary of the Chinese pages: glossary.tsv holds the Chinese term for
// each English one and the variants that are wrong. TestGlossary fails on
// every wrong variant in a Chinese page; TestGlossaryPage fails when the
// tables that docs/glossary.md and docs/zh/glossary.md include
// (glossary.en.md, glossary.zh.md) are not the ones the file gives. After
// editing glossary.tsv:
//
//	go test ./internal/docscheck/ -run TestGlossaryPage -update

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the glossary tables the glossary pages include (glossary.en.md, glossary.zh.md)")

// glossaryFile is the glossary, relative to this package's directory.
const glossaryFile = "glossary.tsv"

// Term is one row of the glossary.
type Term struct {
	Line    int // in glossary.tsv
	EN, ZH  string
	Wrong   []string       // literal wrong variants
	Pattern *regexp.Regexp // a wrong use that only its context shows; may be nil
	NoteEN  string
	NoteZH  string
}

var glossaryColumns = []string{"en", "zh", "wrong", "pattern", "note_en", "note_zh"}

// ParseGlossary reads glossary.tsv: comment lines start with #, the first
// other line names the columns, every other line is a Term.
func ParseGlossary(tsv string) ([]Term, error) {
	var terms []Term
	header := false
	sc := bufio.NewScanner(strings.NewReader(tsv))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != len(glossaryColumns) {
			return nil, fmt.Errorf("line %d: %d fields, want %d (%s), separated by tabs",
				n, len(f), len(glossaryColumns), strings.Join(glossaryColumns, ", "))
		}
		if !header {
			if strings.Join(f, ",") != strings.Join(glossaryColumns, ",") {
				return nil, fmt.Errorf("line %d: the header must name the columns %s", n, strings.Join(glossaryColumns, ", "))
			}
			header = true
			continue
		}
		t := Term{Line: n, EN: f[0], ZH: f[1], NoteEN: f[4], NoteZH: f[5]}
		if t.EN == "" || t.ZH == "" {
			return nil, fmt.Errorf("line %d: a term needs its English and its Chinese", n)
		}
		if f[2] != "" {
			for _, w := range strings.Split(f[2], "|") {
				if w = strings.TrimSpace(w); w == "" {
					return nil, fmt.Errorf("line %d: an empty wrong variant (two | in a row?)", n)
				}
				t.Wrong = append(t.Wrong, w)
			}
		}
		if f[3] != "" {
			re, err := regexp.Compile(f[3])
			if err != nil {
				return nil, fmt.Errorf("line %d: pattern: %v", n, err)
			}
			t.Pattern = re
		}
		terms = append(terms, t)
	}
	if !header {
		return nil, fmt.Errorf("no header line")
	}
	return terms, sc.Err()
}

func loadGlossary(t *testing.T) []Term {
	t.Helper()
	b, err := os.ReadFile(glossaryFile)
	require.NoError(t, err)
	terms, err := ParseGlossary(string(b))
	require.NoError(t, err, glossaryFile)
	return terms
}

// Slip is one wrong variant found in a source.
type Slip struct {
	Line  int
	Found string
	Term  Term
}

func (s Slip) String() string {
	msg := fmt.Sprintf("%d: %q: write %s (glossary: %s", s.Line, s.Found, s.Term.ZH, s.Term.EN)
	if s.Term.NoteZH != "" {
		msg += "; " + s.Term.NoteZH
	}
	return msg + ")"
}

// FindSlips lists every wrong variant of the glossary in a source: in what a
// reader sees of prose, headings, tables and diagrams, and in code blocks
// (whose Chinese is the comments we wrote); inline code spans are left out.
func FindSlips(terms []Term, lines []Line) []Slip {
	var slips []Slip
	for _, l := range lines {
		var text string
		switch l.Kind {
		case Prose, Heading, Table, SVGText:
			text = l.Text
		case Code:
			text = l.Raw
		default:
			continue
		}
		for _, t := range terms {
			for _, w := range t.Wrong {
				for i := 0; ; {
					j := strings.Index(text[i:], w)
					if j < 0 {
						break
					}
					slips = append(slips, Slip{Line: l.No, Found: w, Term: t})
					i += j + len(w)
				}
			}
			if t.Pattern != nil {
				for _, m := range t.Pattern.FindAllString(text, -1) {
					slips = append(slips, Slip{Line: l.No, Found: m, Term: t})
				}
			}
		}
	}
	return slips
}

// TestGlossaryFile: the glossary is well-formed and never says a term is
// both right and wrong.
func TestGlossaryFile(t *testing.T) {
	terms := loadGlossary(t)
	require.NotEmpty(t, terms)
	seen := map[string]int{}
	for _, term := range terms {
		if prev, ok := seen[term.EN]; ok {
			t.Errorf("%s:%d: %q is already on line %d", glossaryFile, term.Line, term.EN, prev)
		}
		seen[term.EN] = term.Line
		for _, s := range []string{term.EN, term.ZH, term.NoteEN, term.NoteZH} {
			if strings.Contains(s, "|") {
				t.Errorf("%s:%d: %q: no | outside the wrong column (it would break the glossary page's table)", glossaryFile, term.Line, s)
			}
		}
		// The right terms, as a Chinese page would write them, hold no
		// wrong variant of any term.
		for _, right := range strings.Split(term.ZH, " / ") {
			if slips := FindSlips(terms, MarkdownLines(right)); len(slips) > 0 {
				t.Errorf("%s:%d: the term %q is itself a slip: %v", glossaryFile, term.Line, right, slips)
			}
		}
	}
}

// TestGlossary: no Chinese page uses a wrong variant of a glossary term.
func TestGlossary(t *testing.T) {
	terms := loadGlossary(t)
	for _, src := range zhSources(t) {
		t.Run(src.Path, func(t *testing.T) {
			for _, s := range FindSlips(terms, src.Lines) {
				t.Errorf("%s:%s", src.Path, s)
			}
		})
	}
}

// TestGlossaryCatchesPlantedSlip: the check fails on a slip planted in a
// real page, in prose, a heading, a table, a code comment and a diagram,
// and not on the term quoted as code.
func TestGlossaryCatchesPlantedSlip(t *testing.T) {
	terms := loadGlossary(t)
	page, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", zhDir, "chapters", "02-connection.md"))
	require.NoError(t, err)
	clean := string(page)
	require.Empty(t, FindSlips(terms, MarkdownLines(clean)), "the page must be clean before a slip is planted")

	found := func(md string) []string {
		var out []string
		for _, s := range FindSlips(terms, MarkdownLines(md)) {
			out = append(out, s.Found)
		}
		return out
	}
	for planted, want := range map[string][]string{
		"\n`1/3.0` 发到线上是这个数。\n":                {"线上"},
		"\n## 多批量回复\n":                         {"多批量"},
		"\n| a | 回复回调 |\n":                     {"回复回调"},
		"\n```sh\ngo test ./x/  # 黄金字节\n```\n": {"黄金"},
		"\n- 错误是值，而且保留了原因。\n":                  {"保留了原因"},
		"\n它通过一个一直开着的管道写入。\n":                  {"开着的管道"},
		"\n最近释放的那个连接。\n":                       {"释放的"},
		"\n`readline()` 默认这一行以 `\\r\\n` 结尾。\n": {"默认这"},
		"\n[懒连接](#x)\n":                        {"懒"},
		"\n连接池原样收回连接，原因见下文；默认值是 0；释放锁。\n":      nil,
		"\n不要写 `线上`、`多批量`。\n":                  nil,
		"\n一个横跨两行的 `代码\n线上` 也是代码。\n":           nil,
		"\n后面一章的管道（pipeline）用的也是这张表。\n":        nil,
		"\n![RESP 帧格式：线上的字节](../x.zh.svg)\n":   {"线上"},
		"\n这里是 <span>多条批量回复</span> 和多批量回复。\n":  {"多批量"},
	} {
		assert.Equal(t, want, found(clean+planted), "planted %q", planted)
	}

	svg := `<svg xmlns="http://www.w3.org/2000/svg"><title>RESP</title><text x="1">线上的字节</text><g aria-label="名字对照"/></svg>`
	lines, err := SVGLines([]byte(svg))
	require.NoError(t, err)
	var inSVG []string
	for _, s := range FindSlips(terms, lines) {
		inSVG = append(inSVG, s.Found)
	}
	assert.Equal(t, []string{"线上", "名字对照"}, inSVG)
}

func TestParseGlossaryRefusesBadRows(t *testing.T) {
	header := strings.Join(glossaryColumns, "\t") + "\n"
	for tsv, want := range map[string]string{
		"":                            "no header",
		"en\tzh\n":                    "2 fields",
		header + "a\tb\tc\n":          "3 fields",
		header + "a\t\t\t\t\t\n":      "needs its English and its Chinese",
		header + "a\tb\tx||y\t\t\t\n": "empty wrong variant",
		header + "a\tb\t\t(\t\t\n":    "pattern",
	} {
		_, err := ParseGlossary(tsv)
		assert.ErrorContains(t, err, want, "%q", tsv)
	}
	terms, err := ParseGlossary("# comment\n" + header + "on the wire\t协议格式\t线上|网线上\t\t\t\n")
	require.NoError(t, err)
	assert.Equal(t, []Term{{Line: 3, EN: "on the wire", ZH: "协议格式", Wrong: []string{"线上", "网线上"}}}, terms)
}

// ---------------------------------------------------------------------------
// The glossary page
// ---------------------------------------------------------------------------

// glossaryTableFile is the generated table of the glossary in a language,
// relative to this package's directory; docs/glossary.md and
// docs/zh/glossary.md include it (--8<-- "internal/docscheck/glossary.en.md").
func glossaryTableFile(lang string) string { return "glossary." + lang + ".md" }

// GlossaryTable is the Markdown table of the glossary in a language.
func GlossaryTable(terms []Term, lang string) string {
	var b strings.Builder
	head, sep, byContext := "| English | Chinese | Not | Note |", ", ", "some uses: see the note"
	if lang == "zh" {
		head, sep, byContext = "| English | 中文 | 不要写 | 说明 |", "、", "部分用法，见说明"
	}
	fmt.Fprintf(&b, "<!-- Generated from internal/docscheck/%s by `go test ./internal/docscheck/ -run TestGlossaryPage -update`. Do not edit. -->\n\n", glossaryFile)
	b.WriteString(head + "\n| --- | --- | --- | --- |\n")
	for _, t := range terms {
		var wrong []string
		for _, w := range t.Wrong {
			wrong = append(wrong, "`"+w+"`")
		}
		if t.Pattern != nil { // a wrong use that only its context shows
			wrong = append(wrong, byContext)
		}
		note := t.NoteEN
		if lang == "zh" {
			note = t.NoteZH
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", t.EN, t.ZH, strings.Join(wrong, sep), note)
	}
	return b.String()
}

// TestGlossaryPage: the tables the glossary pages include are the glossary
// as it is (with -update, they are rewritten), and both pages include them.
func TestGlossaryPage(t *testing.T) {
	terms := loadGlossary(t)
	s := loadSite(t)
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			file := glossaryTableFile(lang)
			want := GlossaryTable(terms, lang)
			if *update {
				require.NoError(t, os.WriteFile(file, []byte(want), 0o644))
			}
			got, err := os.ReadFile(file)
			require.NoError(t, err, "run: go test ./internal/docscheck/ -run TestGlossaryPage -update")
			assert.Equal(t, want, string(got),
				"internal/docscheck/%s is stale: run go test ./internal/docscheck/ -run TestGlossaryPage -update", file)

			inc := Include{Line: `--8<-- "internal/docscheck/` + file + `"`, Path: "internal/docscheck/" + file}
			page := docPath(lang, "glossary.md")
			assert.Contains(t, ParseStructure(s.read(t, lang, "glossary.md")).Includes, inc,
				"docs/%s must include the table with the line %s", page, inc.Line)
		})
	}
}

func TestGlossaryTable(t *testing.T) {
	terms, err := ParseGlossary(strings.Join(glossaryColumns, "\t") + "\nreply\t回复\t应答|响应\t\tWhat the server sends.\t服务器发回来的。\n")
	require.NoError(t, err)
	table := GlossaryTable(terms, "zh")
	assert.True(t, strings.HasSuffix(table, "| English | 中文 | 不要写 | 说明 |\n| --- | --- | --- | --- |\n| reply | 回复 | `应答`、`响应` | 服务器发回来的。 |\n"), table)
	assert.Contains(t, GlossaryTable(terms, "en"), "| reply | 回复 | `应答`, `响应` | What the server sends. |\n")
	terms[0].Pattern = regexp.MustCompile(`x`)
	assert.Contains(t, GlossaryTable(terms, "zh"), "| `应答`、`响应`、部分用法，见说明 |")
	terms[0].Pattern = nil
	// A stale table is told apart from the fresh one.
	terms[0].Wrong = terms[0].Wrong[:1]
	assert.NotEqual(t, table, GlossaryTable(terms, "zh"))
}
