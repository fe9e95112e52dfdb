package docscheck

// Name maps: every row of a chapter's name map (Python name -> Go name)
// links to the section of a page where the Go code is shown.
//
// A row's Go cell must hold at least one link, and every code span in it
// that names a declaration of the project (a function, method, type,
// field, variable or constant of a non-test file of the root package or a
// chapter) must be the text of a link whose target section shows that
// declaration: the heading the link's #anchor names, down to the next
// heading of the same or a higher level, includes (--8<--) the lines of the
// source file where the name is declared. So a row that names
// MakeConnection cannot send the reader to a block that shows only
// makeConnection. A name of the standard library (errors.Is) or of Python
// needs no declaration; its row still needs a link.
//
// Anchors are computed as the build makes them (slug_test.go), in both
// languages; the Chinese page's name map must have as many rows as the
// English one, each linking to the same sections (the same heading of the
// twin page, as the two pages have the same headings).

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Decl is where a name is declared.
type Decl struct {
	Pkg  string // package name: "pool"
	File string // slash path from the project root
	Line int
}

// Decls maps a name to its declarations in the project's non-test Go
// files: the root package and each chapter.
type Decls map[string][]Decl

// packageDirs are the directories whose packages a name map may name.
func packageDirs(root string) ([]string, error) {
	dirs := []string{"."}
	chapters, err := filepath.Glob(filepath.Join(root, "chapters", "*"))
	if err != nil {
		return nil, err
	}
	for _, c := range chapters {
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			rel, _ := filepath.Rel(root, c)
			dirs = append(dirs, filepath.ToSlash(rel))
		}
	}
	return dirs, nil
}

func loadDecls(t *testing.T, root string) (Decls, map[string]bool) {
	t.Helper()
	dirs, err := packageDirs(root)
	require.NoError(t, err)
	decls := Decls{}
	pkgs := map[string]bool{}
	fset := token.NewFileSet()
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(dir), "*.go"))
		require.NoError(t, err)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
			require.NoError(t, err)
			rel, _ := filepath.Rel(root, f)
			pkg := file.Name.Name
			pkgs[pkg] = true
			add := func(id *ast.Ident) {
				if id != nil && id.Name != "_" {
					decls[id.Name] = append(decls[id.Name], Decl{Pkg: pkg, File: filepath.ToSlash(rel), Line: fset.Position(id.Pos()).Line})
				}
			}
			addFields := func(fl *ast.FieldList) {
				if fl == nil {
					return
				}
				for _, field := range fl.List {
					for _, n := range field.Names {
						add(n)
					}
				}
			}
			for _, d := range file.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					add(d.Name)
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						switch s := spec.(type) {
						case *ast.TypeSpec:
							add(s.Name)
							switch tt := s.Type.(type) {
							case *ast.StructType:
								addFields(tt.Fields)
							case *ast.InterfaceType:
								addFields(tt.Methods)
							}
						case *ast.ValueSpec:
							for _, n := range s.Names {
								add(n)
							}
						}
					}
				}
			}
		}
	}
	return decls, pkgs
}

// stdPackages are the standard library packages a name map may name; a
// selector on one of them is no name of the project.
var stdPackages = map[string]bool{
	"errors": true, "os": true, "io": true, "net": true, "bufio": true, "atomic": true, "fmt": true,
	"strconv": true, "syscall": true, "time": true, "sync": true, "reflect": true, "math": true,
	"bytes": true, "strings": true, "socket": true, "context": true,
}

var (
	reLeadingKeyword = regexp.MustCompile(`^(?:(?:type|func|return|if|var|const|defer|go)\s+)+`)
	reReceiver       = regexp.MustCompile(`^\(\*?[A-Za-z_]\w*(?:\[[^\]]*\])?\)\.`)
	reDotted         = regexp.MustCompile(`^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*`)
)

// GoName is the project name a code span of a name map's Go cell names:
// its package ("" for any) and the name, or ok false when it names none
// (Python, the standard library, a type like []any). The name is the
// first one the span spells: `pool.NewConnectionPool(f, n)` names
// NewConnectionPool of package pool, `(*Reader).Feed(b)` names Feed,
// `r.ConnectionPool` the field ConnectionPool, `exceptions.KindOf(err).Error()`
// KindOf.
func GoName(span string, pkgs map[string]bool) (pkg, name string, ok bool) {
	s := reLeadingKeyword.ReplaceAllString(strings.TrimSpace(span), "")
	s = strings.TrimLeft(s, "*&")
	s = reReceiver.ReplaceAllString(s, "")
	parts := strings.Split(reDotted.FindString(s), ".")
	if parts[0] == "" {
		return "", "", false
	}
	if len(parts) == 1 {
		return "", parts[0], true
	}
	switch {
	case pkgs[parts[0]]:
		return parts[0], parts[1], true
	case stdPackages[parts[0]]:
		return "", "", false
	}
	return "", parts[1], true // a selector on a variable: r.ConnectionPool
}

// NameMapRow is one row of a name map table.
type NameMapRow struct {
	Line   int    // in the page, from 1
	Python string // the first cell
	Go     string // the second cell, as Markdown
	Links  []MdLink
	Spans  []CodeSpan
}

// MdLink is a Markdown link [text](target) in a cell.
type MdLink struct {
	Text, Target string
	Start, End   int // byte offsets in the cell
}

// CodeSpan is a `code span` in a cell.
type CodeSpan struct {
	Code  string
	Start int
}

var (
	reMdLink     = regexp.MustCompile("\\[((?:[^\\[\\]`]|`[^`]*`|\\[[^\\]]*\\])*)\\]\\(([^()\\s]+)\\)")
	reCellCode   = regexp.MustCompile("`([^`]+)`")
	reTableDelim = regexp.MustCompile(`^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$`)
)

// splitCells splits a table row at the pipes that are not inside a code
// span and not escaped.
func splitCells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	var cells []string
	var cur strings.Builder
	inCode := false
	for i := 0; i < len(row); i++ {
		c := row[i]
		switch {
		case c == '\\' && i+1 < len(row) && row[i+1] == '|':
			cur.WriteString(`\|`)
			i++
		case c == '`':
			inCode = !inCode
			cur.WriteByte(c)
		case c == '|' && !inCode:
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		cells = append(cells, s)
	}
	return cells
}

// section is the lines of a page under one heading: from the heading to
// the next heading of the same or a higher level.
func section(hs []PageHeading, i, lines int) (first, last int) {
	last = lines
	for _, h := range hs[i+1:] {
		if h.Level <= hs[i].Level {
			last = h.Line - 1
			break
		}
	}
	return hs[i].Line, last
}

// NameMapRows reads the table under the heading hs[i] of a page.
func NameMapRows(markdown string, hs []PageHeading, i int) []NameMapRow {
	lines := strings.Split(markdown, "\n")
	first, last := section(hs, i, len(lines))
	var rows []NameMapRow
	header := true
	for n := first; n <= last && n <= len(lines); n++ {
		line := strings.TrimRight(lines[n-1], "\r")
		if !reTableRow.MatchString(line) {
			if len(rows) > 0 || !header {
				break // the first table only
			}
			continue
		}
		if reTableDelim.MatchString(line) {
			header = false
			continue
		}
		if header {
			continue
		}
		cells := splitCells(line)
		row := NameMapRow{Line: n}
		if len(cells) > 0 {
			row.Python = cells[0]
		}
		if len(cells) > 1 {
			row.Go = cells[1]
		}
		for _, m := range reMdLink.FindAllStringSubmatchIndex(row.Go, -1) {
			row.Links = append(row.Links, MdLink{Text: row.Go[m[2]:m[3]], Target: row.Go[m[4]:m[5]], Start: m[0], End: m[1]})
		}
		for _, m := range reCellCode.FindAllStringSubmatchIndex(row.Go, -1) {
			row.Spans = append(row.Spans, CodeSpan{Code: row.Go[m[2]:m[3]], Start: m[0]})
		}
		rows = append(rows, row)
	}
	return rows
}

// linkOf is the link whose text holds the code span, or nil.
func (r NameMapRow) linkOf(sp CodeSpan) *MdLink {
	for i, l := range r.Links {
		if sp.Start > l.Start && sp.Start < l.End {
			return &r.Links[i]
		}
	}
	return nil
}

// target is where a link of a page leads: the page (a path under docs/)
// and the index of the heading its anchor names (-1 for none).
type target struct {
	Page    string
	Heading int
}

// nameMapSite reads pages and their headings once.
type nameMapSite struct {
	s        site
	headings map[string][]PageHeading // by path under docs/
	text     map[string]string
}

func (n *nameMapSite) page(t *testing.T, docsPath string) (string, []PageHeading, bool) {
	t.Helper()
	if md, ok := n.text[docsPath]; ok {
		return md, n.headings[docsPath], true
	}
	b, err := os.ReadFile(filepath.Join(n.s.root, "docs", filepath.FromSlash(docsPath)))
	if err != nil {
		return "", nil, false
	}
	n.text[docsPath] = string(b)
	n.headings[docsPath] = Headings(string(b))
	return string(b), n.headings[docsPath], true
}

// resolve finds a link's target from the page at docsPath; an error says
// why it leads nowhere.
func (n *nameMapSite) resolve(t *testing.T, docsPath, link string) (target, error) {
	file, frag, _ := strings.Cut(link, "#")
	if strings.Contains(file, "://") {
		return target{}, fmt.Errorf("%s leaves the site: link to the section of a page that shows the code", link)
	}
	page := docsPath
	if file != "" {
		page = path.Clean(path.Join(path.Dir(docsPath), file))
	}
	_, hs, ok := n.page(t, page)
	if !ok {
		return target{}, fmt.Errorf("%s: there is no page docs/%s", link, page)
	}
	if frag == "" {
		return target{Page: page, Heading: -1}, nil
	}
	for i, h := range hs {
		if h.ID == frag {
			return target{Page: page, Heading: i}, nil
		}
	}
	var ids []string
	for _, h := range hs {
		ids = append(ids, "#"+h.ID)
	}
	return target{}, fmt.Errorf("%s: docs/%s has no heading with the anchor #%s (its anchors: %s)",
		link, page, frag, strings.Join(ids, " "))
}

// shows reports whether the section of a page under heading hi includes
// the source line of a declaration.
func (n *nameMapSite) shows(t *testing.T, tg target, d Decl) bool {
	md, hs, _ := n.page(t, tg.Page)
	if tg.Heading < 0 {
		return false
	}
	lines := strings.Split(md, "\n")
	first, last := section(hs, tg.Heading, len(lines))
	for _, line := range lines[first-1 : min(last, len(lines))] {
		inc, ok := parseInclude(line)
		if !ok || inc.Path != d.File {
			continue
		}
		if inc.Section == "" {
			return true
		}
		src, err := os.ReadFile(filepath.Join(n.s.root, filepath.FromSlash(inc.Path)))
		if err != nil {
			continue
		}
		if a, b := sectionLines(string(src), inc.Section); d.Line >= a && d.Line <= b {
			return true
		}
	}
	return false
}

// whereShown suggests the sections of the pages in docsPath's language that
// show one of the declarations, as links from docsPath.
func (n *nameMapSite) whereShown(t *testing.T, docsPath string, decls []Decl) string {
	lang, pages := "en", n.s.en
	if strings.HasPrefix(docsPath, zhDir+"/") {
		lang, pages = "zh", n.s.zh
	}
	var found []string
	for _, p := range pages {
		dp := docPath(lang, p)
		_, hs, _ := n.page(t, dp)
		for i, h := range hs {
			if h.Level < 3 && i+1 < len(hs) && hs[i+1].Level > h.Level {
				continue // a section with subsections: name the subsection
			}
			if slices.ContainsFunc(decls, func(d Decl) bool { return n.shows(t, target{Page: dp, Heading: i}, d) }) {
				rel, _ := filepath.Rel(path.Dir(docsPath), dp)
				if dp == docsPath {
					rel = ""
				}
				found = append(found, filepath.ToSlash(rel)+"#"+h.ID)
			}
		}
	}
	if len(found) == 0 {
		return "no page shows it: mark a section around it in the Go file and include it where the row should lead"
	}
	return "it is shown under " + strings.Join(found, ", ")
}

// nameMapHeading is the index of the name map's heading on an English
// page ("## Name map"), or -1.
func nameMapHeading(hs []PageHeading) int {
	for i, h := range hs {
		if h.Level == 2 && strings.EqualFold(h.Text, "Name map") {
			return i
		}
	}
	return -1
}

// NameMapProblems checks the name map of one page (the table under
// heading hi) and returns the problems and each row's link targets.
func (n *nameMapSite) NameMapProblems(t *testing.T, docsPath string, hi int, decls Decls, pkgs map[string]bool) ([]string, [][]target) {
	md, hs, _ := n.page(t, docsPath)
	rows := NameMapRows(md, hs, hi)
	var problems []string
	var targets [][]target
	if len(rows) == 0 {
		return []string{fmt.Sprintf("no table under the heading %q (line %d)", hs[hi].Text, hs[hi].Line)}, nil
	}
	for _, r := range rows {
		where := fmt.Sprintf("line %d, row %s", r.Line, r.Python)
		var tgs []target
		if len(r.Links) == 0 {
			problems = append(problems, fmt.Sprintf("%s: the Go cell %q links nowhere: link it to the section that shows the Go code", where, r.Go))
		}
		resolved := map[int]target{}
		for i, l := range r.Links {
			tg, err := n.resolve(t, docsPath, l.Target)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", where, err))
				continue
			}
			resolved[i] = tg
			tgs = append(tgs, tg)
		}
		targets = append(targets, tgs)
		for _, sp := range r.Spans {
			pkg, name, ok := GoName(sp.Code, pkgs)
			if !ok {
				continue
			}
			var candidates []Decl
			for _, d := range decls[name] {
				if pkg == "" || d.Pkg == pkg {
					candidates = append(candidates, d)
				}
			}
			if len(candidates) == 0 {
				continue // not a name of the project
			}
			l := r.linkOf(sp)
			if l == nil {
				problems = append(problems, fmt.Sprintf("%s: `%s` names %s (%s:%d) but is not a link: link it to the section that shows it",
					where, sp.Code, name, candidates[0].File, candidates[0].Line))
				continue
			}
			tg, ok := resolved[slices.IndexFunc(r.Links, func(x MdLink) bool { return x.Start == l.Start })]
			if !ok {
				continue // already reported
			}
			shown := slices.ContainsFunc(candidates, func(d Decl) bool { return n.shows(t, tg, d) })
			if !shown {
				var at []string
				for _, d := range candidates {
					at = append(at, fmt.Sprintf("%s:%d", d.File, d.Line))
				}
				heading := "(no heading)"
				if tg.Heading >= 0 {
					heading = fmt.Sprintf("%q", n.headings[tg.Page][tg.Heading].Text)
				}
				problems = append(problems, fmt.Sprintf("%s: `%s` links to %s, but the section under docs/%s %s does not include the lines that declare %s (%s); %s",
					where, sp.Code, l.Target, tg.Page, heading, name, strings.Join(at, ", "), n.whereShown(t, docsPath, candidates)))
			}
		}
	}
	return problems, targets
}

// TestNameMapLinks: every row of every name map links to where its Go code
// is shown, in both languages, and the two languages link alike.
func TestNameMapLinks(t *testing.T) {
	s := loadSite(t)
	problems, pages := CheckNameMaps(t, s)
	for _, p := range problems {
		t.Error(p)
	}
	assert.NotZero(t, pages, "no page has a \"## Name map\"")
}

// CheckNameMaps checks the name map of every page of s that has one and
// returns the problems, each naming the page and the row, and how many
// pages have a name map.
func CheckNameMaps(t *testing.T, s site) (problems []string, pages int) {
	decls, pkgs := loadDecls(t, s.root)
	n := &nameMapSite{s: s, headings: map[string][]PageHeading{}, text: map[string]string{}}
	for _, p := range s.pairs() {
		_, hs, _ := n.page(t, docPath("en", p))
		hi := nameMapHeading(hs)
		if hi < 0 {
			continue
		}
		pages++
		var targets [2][][]target
		missing := false
		for k, lang := range []string{"en", "zh"} {
			dp := docPath(lang, p)
			_, zhs, _ := n.page(t, dp)
			if hi >= len(zhs) {
				problems = append(problems, fmt.Sprintf("docs/%s: no heading %d, the name map's place on the English page", dp, hi+1))
				missing = true
				continue
			}
			prs, tgs := n.NameMapProblems(t, dp, hi, decls, pkgs)
			for _, pr := range prs {
				problems = append(problems, fmt.Sprintf("docs/%s, name map: %s", dp, pr))
			}
			targets[k] = tgs
		}
		if missing {
			continue
		}
		if len(targets[0]) != len(targets[1]) {
			problems = append(problems, fmt.Sprintf("the name maps of docs/%s and docs/%s have %d and %d rows",
				docPath("en", p), docPath("zh", p), len(targets[0]), len(targets[1])))
			continue
		}
		for i := range targets[0] {
			en, zh := targets[0][i], targets[1][i]
			for k := range en {
				en[k].Page = strings.TrimPrefix(en[k].Page, zhDir+"/")
			}
			for k := range zh {
				zh[k].Page = strings.TrimPrefix(zh[k].Page, zhDir+"/")
			}
			if !slices.Equal(en, zh) {
				problems = append(problems, fmt.Sprintf("docs/%s: row %d of the name map links to other sections in English and in Chinese: en %s, zh %s",
					docPath("en", p), i+1, n.describe(en, "en"), n.describe(zh, "zh")))
			}
		}
	}
	return problems, pages
}

func (n *nameMapSite) describe(tgs []target, lang string) string {
	var out []string
	for _, tg := range tgs {
		p := docPath(lang, tg.Page)
		if tg.Heading < 0 {
			out = append(out, p)
			continue
		}
		out = append(out, p+"#"+n.headings[p][tg.Heading].ID)
	}
	return "[" + strings.Join(out, " ") + "]"
}

// ---------------------------------------------------------------------------
// The check itself must fail on a broken row.
// ---------------------------------------------------------------------------

const demoGo = `package demo

// --8<-- [start:make]

// makeThing is MakeThing with the lock held.
func makeThing() int { return 1 }

// --8<-- [end:make]

// MakeThing makes a thing.
func MakeThing() int { return makeThing() }

// --8<-- [start:pool]

// Pool holds things.
type Pool struct {
	things []int
}

// --8<-- [end:pool]
`

// demoSite writes a one-chapter site into a temporary directory.
func demoSite(t *testing.T, en, zh string) site {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"chapters/09-demo/demo.go":    demoGo,
		"docs/chapters/09-demo.md":    en,
		"docs/zh/chapters/09-demo.md": zh,
	}
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return site{root: root, en: []string{"chapters/09-demo.md"}, zh: []string{"chapters/09-demo.md"}}
}

func demoPage(title, goPort, nameMap, rows string) string {
	return "# " + title + "\n\n## make\n\n### " + goPort + "\n\n" +
		"```go\n--8<-- \"chapters/09-demo/demo.go:make\"\n```\n\n" +
		"## pool\n\n### " + goPort + "\n\n" +
		"```go\n--8<-- \"chapters/09-demo/demo.go:pool\"\n```\n\n" +
		"## " + nameMap + "\n\n| Python | Go |\n| --- | --- |\n" + rows + "\n## Later\n"
}

func TestNameMapAcceptsGoodRows(t *testing.T) {
	s := demoSite(t,
		demoPage("Demo", "The Go port", "Name map",
			"| `_things` | [`things`](#the-go-port_1) (slice), [`Pool`](#the-go-port_1) |\n"+
				"| `make()` | [`makeThing()`](#the-go-port) |\n"+
				"| `x in y` | [`errors.Is`](#the-go-port) |\n"),
		demoPage("演示", "Go 的移植", "名字对照",
			"| `_things` | [`things`](#go-的移植_1)（切片）、[`Pool`](#go-的移植_1) |\n"+
				"| `make()` | [`makeThing()`](#go-的移植) |\n"+
				"| `x in y` | [`errors.Is`](#go-的移植) |\n"))
	problems, pages := CheckNameMaps(t, s)
	assert.Equal(t, 1, pages)
	assert.Empty(t, problems)
}

func TestNameMapDetectsBrokenRows(t *testing.T) {
	zhGood := func(row string) string { return demoPage("演示", "Go 的移植", "名字对照", row) }
	cases := []struct {
		name, enRow, zhRow, want string
	}{
		{"exported name, unexported code shown",
			"| `make()` | [`MakeThing()`](#the-go-port) |\n", "| `make()` | [`MakeThing()`](#go-的移植) |\n",
			"`MakeThing()` links to #the-go-port, but the section under docs/chapters/09-demo.md \"The Go port\" does not include the lines that declare MakeThing (chapters/09-demo/demo.go:11); no page shows it"},
		{"linked to the wrong section",
			"| `_things` | [`things`](#the-go-port) |\n", "| `_things` | [`things`](#go-的移植_1) |\n",
			"does not include the lines that declare things (chapters/09-demo/demo.go:17); it is shown under #the-go-port_1"},
		{"no such anchor",
			"| `make()` | [`makeThing()`](#the-go-port_7) |\n", "| `make()` | [`makeThing()`](#go-的移植) |\n",
			"docs/chapters/09-demo.md has no heading with the anchor #the-go-port_7"},
		{"no such anchor in Chinese",
			"| `make()` | [`makeThing()`](#the-go-port) |\n", "| `make()` | [`makeThing()`](#the-go-port) |\n",
			"docs/zh/chapters/09-demo.md, name map: line 23, row `make()`: #the-go-port: docs/zh/chapters/09-demo.md has no heading with the anchor #the-go-port"},
		{"no link",
			"| `make()` | `makeThing()` |\n", "| `make()` | [`makeThing()`](#go-的移植) |\n",
			"the Go cell \"`makeThing()`\" links nowhere"},
		{"a name left unlinked",
			"| `_things` | [`things`](#the-go-port_1), `Pool` |\n", "| `_things` | [`things`](#go-的移植_1)、[`Pool`](#go-的移植_1) |\n",
			"`Pool` names Pool (chapters/09-demo/demo.go:16) but is not a link"},
		{"languages link apart",
			"| `make()` | [`makeThing()`](#the-go-port) |\n", "| `make()` | [`makeThing()`](#make) |\n",
			"row 1 of the name map links to other sections in English and in Chinese"},
		{"rows differ",
			"| `make()` | [`makeThing()`](#the-go-port) |\n", "",
			"have 1 and 0 rows"},
		{"off the site",
			"| `make()` | [`makeThing()`](https://example.com/demo.go) |\n", "| `make()` | [`makeThing()`](#go-的移植) |\n",
			"leaves the site"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := demoSite(t, demoPage("Demo", "The Go port", "Name map", c.enRow), zhGood(c.zhRow))
			problems, _ := CheckNameMaps(t, s)
			assert.Contains(t, strings.Join(problems, "\n"), c.want)
		})
	}
}
