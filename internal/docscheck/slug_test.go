package docscheck

// Heading anchors, computed from the Markdown as the build computes them,
// so that links to #anchors can be checked without building the site.
//
// The build: Python-Markdown's toc extension gives every heading an id,
// slugify(text) with the slugify of mkdocs.yml (pymdownx.slugs.slugify with
// case: lower), and makes ids unique on the page by adding _1, _2, ... to
// a repeated one (toc.unique). The text is the heading as rendered, tags
// and Markdown syntax gone. Anchors are derived here rather than read from
// a build because docscheck runs with `go test ./...`, without Python; the
// rules below are those of pymdownx 9.5 and Markdown 3.4, and
// TestSlugsMatchTheBuild compares them with what Python-Markdown itself
// makes of every heading of every page, whenever Python and mkdocs are
// installed (always under CI=true).

import (
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// PageHeading is one ATX heading of a page, outside code blocks.
type PageHeading struct {
	Level int
	Text  string // the Markdown after the #s, trimmed
	ID    string // its anchor, unique on the page
	Line  int    // from 1
}

var (
	reTags          = regexp.MustCompile(`</?[^>]*>`)
	reClosingHashes = regexp.MustCompile(`[ \t]+#+[ \t]*$|^#+[ \t]*$`)
	// attr_list at the end of a heading: {#id .class key=value} or {: ...}.
	reHeadingAttrs = regexp.MustCompile(`[ \t]*\{:?[ \t]*([^}]*)\}[ \t]*$`)
	reAttrID       = regexp.MustCompile(`(?:^|[ \t])#([^\s}]+)`)
	reIDCount      = regexp.MustCompile(`^(.*)_([0-9]+)$`)
	// Inline Markdown, as far as it changes a heading's text.
	reImage         = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	reHeadingLink   = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	reStrong        = regexp.MustCompile(`(\*\*|__)(.+?)(\*\*|__)`)
	reEmStar        = regexp.MustCompile(`\*([^*]+)\*`)
	reHeadingEscape = regexp.MustCompile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!<>|:\"'])")
)

// Slugify (links_test.go) makes the id from the text.

// headingText is the text of a heading as toc sees it, from its Markdown:
// code spans give their content, links their text, emphasis and escapes
// their characters, entities the character they name.
func headingText(md string) string {
	var spans []string
	// Code spans first: nothing inside one is Markdown.
	s := reCodeSpan.ReplaceAllStringFunc(md, func(m string) string {
		sm := reCodeSpan.FindStringSubmatch(m)
		if sm[1] != sm[3] {
			return m
		}
		spans = append(spans, strings.TrimSpace(sm[2]))
		return "\x00" + strconv.Itoa(len(spans)-1) + "\x00"
	})
	// Then escaped characters, which are no Markdown either.
	s = reHeadingEscape.ReplaceAllStringFunc(s, func(m string) string {
		spans = append(spans, m[1:])
		return "\x00" + strconv.Itoa(len(spans)-1) + "\x00"
	})
	s = reImage.ReplaceAllString(s, "")
	s = reHeadingLink.ReplaceAllString(s, "$1")
	s = reStrong.ReplaceAllString(s, "$2")
	s = reEmStar.ReplaceAllString(s, "$1")
	s = html.UnescapeString(s)
	for i, span := range spans {
		s = strings.ReplaceAll(s, "\x00"+strconv.Itoa(i)+"\x00", span)
	}
	return s
}

// unique is toc.unique: id, or id with _1, _2... added (or a trailing _N
// counted up) until it is not in used; it adds the result to used.
func unique(id string, used map[string]bool) string {
	for used[id] || id == "" {
		if m := reIDCount.FindStringSubmatch(id); m != nil {
			n, _ := strconv.Atoi(m[2])
			id = m[1] + "_" + strconv.Itoa(n+1)
		} else {
			id += "_1"
		}
	}
	used[id] = true
	return id
}

// Headings lists the headings of a page with their anchors.
func Headings(markdown string) []PageHeading {
	var hs []PageHeading
	var fence string
	lines := strings.Split(markdown, "\n")
	frontMatter := len(lines) > 0 && strings.TrimRight(lines[0], "\r") == "---"
	for i, line := range lines {
		line = strings.TrimRight(line, "\r")
		if frontMatter { // YAML meta-data, between --- lines at the top: no headings there
			frontMatter = i == 0 || line != "---"
			continue
		}
		if m := reFence.FindStringSubmatch(line); m != nil {
			switch {
			case fence == "":
				fence = m[1]
			case m[1][0] == fence[0] && len(m[1]) >= len(fence) && strings.TrimSpace(m[2]) == "":
				fence = ""
			}
			continue
		}
		if fence != "" {
			continue
		}
		m := reHeading.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		text := strings.TrimSpace(line[strings.Index(line, m[1])+len(m[1]):])
		text = strings.TrimSpace(reClosingHashes.ReplaceAllString(text, ""))
		h := PageHeading{Level: len(m[1]), Line: i + 1}
		if a := reHeadingAttrs.FindStringSubmatchIndex(text); a != nil {
			if id := reAttrID.FindStringSubmatch(text[a[2]:a[3]]); id != nil {
				h.ID = id[1]
			}
			text = strings.TrimSpace(text[:a[0]])
		}
		h.Text = text
		hs = append(hs, h)
	}
	// Ids given with attr_list are taken first, as toc collects every id
	// on the page before it makes new ones.
	used := map[string]bool{}
	for _, h := range hs {
		if h.ID != "" {
			used[h.ID] = true
		}
	}
	for i := range hs {
		if hs[i].ID == "" {
			hs[i].ID = unique(Slugify(headingText(hs[i].Text)), used)
		}
	}
	return hs
}

func TestSlugifyTOC(t *testing.T) {
	// Expected values: what pymdownx.slugs.slugify(case="lower") returns
	// for the same text (Python 3.11, pymdownx 9.5).
	for text, want := range map[string]string{
		"The Go port": "the-go-port",
		"get_connection: lazy creation, LIFO reuse":          "get_connection-lazy-creation-lifo-reuse",
		"Redis.__init__: a pool and a copy of the callbacks": "redis__init__-a-pool-and-a-copy-of-the-callbacks",
		"get_connection：惰性创建，后进先出":                           "get_connection惰性创建后进先出",
		"Go 的移植":                          "go-的移植",
		"00 · Exceptions to error values": "00--exceptions-to-error-values",
		"  a <b>bold</b> move  ":          "a-bold-move",
	} {
		assert.Equal(t, want, Slugify(text), "Slugify(%q)", text)
	}
	assert.Equal(t, "Redis.__init__: a pool", headingText("`Redis.__init__`: a pool"))
	assert.Equal(t, "see the pool here", headingText("see [the *pool*](x.md) here"))
	assert.Equal(t, "a *b* & c", headingText(`a \*b\* &amp; c`))

	hs := Headings("# T\n\n## A\n\n### The Go port\n\n```\n## not a heading\n```\n\n## B {#own}\n\n### The Go port\n\n## own\n\n### The Go port ##\n")
	var ids []string
	for _, h := range hs {
		ids = append(ids, h.ID)
	}
	assert.Equal(t, []string{"t", "a", "the-go-port", "own", "the-go-port_1", "own_1", "the-go-port_2"}, ids)
}

// buildIDsPy prints, for each page named on the command line, the ids
// Python-Markdown gives its headings with the markdown_extensions of
// mkdocs.yml: a JSON object of page -> [id, ...] in document order.
const buildIDsPy = `
import html, json, re, sys
import markdown
from mkdocs.config import load_config
from mkdocs.utils import meta
cfg = load_config(sys.argv[1])
out = {}
for page in sys.argv[2:]:
    md = markdown.Markdown(extensions=cfg['markdown_extensions'], extension_configs=cfg['mdx_configs'])
    with open(page, encoding='utf-8') as f:
        source, _ = meta.get_data(f.read())  # mkdocs takes the front matter off first
        out[page] = [html.unescape(m) for m in re.findall(r'<h[1-6][^>]*? id="([^"]*)"', md.convert(source))]
print(json.dumps(out))
`

// mkdocsPython is the Python that has mkdocs: $MKDOCS_PYTHON, else
// Debian's /usr/bin/python3 (as the Makefile picks), else python3.
func mkdocsPython() string {
	if p := os.Getenv("MKDOCS_PYTHON"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	return "python3"
}

// TestSlugsMatchTheBuild: the anchors computed here are the ones the build
// gives, for every heading of every page.
func TestSlugsMatchTheBuild(t *testing.T) {
	s := loadSite(t)
	py := mkdocsPython()
	if err := exec.Command(py, "-c", "import mkdocs, pymdownx").Run(); err != nil {
		msg := py + " cannot import mkdocs and pymdownx (apt-get install mkdocs mkdocs-material python3-pymdownx)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; under CI=true this check must run")
		}
		t.Skip(msg + ": anchors not compared with Python-Markdown's")
	}
	var pages []string
	for _, lang := range []string{"en", "zh"} {
		list := s.en
		if lang == "zh" {
			list = s.zh
		}
		for _, p := range list {
			pages = append(pages, filepath.Join(s.root, "docs", filepath.FromSlash(docPath(lang, p))))
		}
	}
	cmd := exec.Command(py, append([]string{"-c", buildIDsPy, filepath.Join(s.root, "mkdocs.yml")}, pages...)...)
	cmd.Dir = s.root
	cmd.Stderr = nil
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Fatalf("%s: %v\n%s", py, err, ee.Stderr)
	}
	require.NoError(t, err)
	var built map[string][]string
	require.NoError(t, json.Unmarshal(out, &built))
	for _, page := range pages {
		b, err := os.ReadFile(page)
		require.NoError(t, err)
		var ours []string
		for _, h := range Headings(string(b)) {
			ours = append(ours, h.ID)
		}
		rel, _ := filepath.Rel(s.root, page)
		require.NotEmpty(t, built[page], "%s: Python-Markdown found no headings", rel)
		assert.Equal(t, built[page], ours, "%s: heading ids computed by docscheck differ from Python-Markdown's", rel)
	}
}
