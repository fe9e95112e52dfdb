package fixes_test

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/internal/fixes"
)

var update = flag.Bool("update", false, "rewrite the generated pages internal/fixes/fixes.*.md")

const root = "../.."

// constNames returns the Go identifier of every Fix constant, in table
// order, read from fixes.go itself.
func constNames(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "fixes.go", nil, 0)
	require.NoError(t, err)
	var names []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST || len(g.Specs) == 0 {
			continue
		}
		if typ, ok := g.Specs[0].(*ast.ValueSpec).Type.(*ast.Ident); !ok || typ.Name != "Fix" {
			continue // not the block of Fix constants
		}
		for _, spec := range g.Specs {
			for _, n := range spec.(*ast.ValueSpec).Names {
				if n.Name != "count" && n.Name != "_" {
					names = append(names, n.Name)
				}
			}
		}
	}
	require.Len(t, names, len(fixes.All()), "one constant per row")
	return names
}

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// TestTable: every row is complete, in both languages, and names a real
// redis-py release and chapter.
func TestTable(t *testing.T) {
	tags := redisPyTags(t)
	seen := map[string]bool{}
	for _, f := range fixes.All() {
		e := f.Entry()
		t.Run(e.Name, func(t *testing.T) {
			assert.Regexp(t, kebab, e.Name)
			assert.False(t, seen[e.Name], "names are unique")
			seen[e.Name] = true
			got, ok := fixes.Lookup(e.Name)
			assert.True(t, ok)
			assert.Equal(t, f, got)
			if e.Release != "port" {
				if tags != nil {
					assert.True(t, tags[e.Release], "%s is a redis-py tag", e.Release)
				}
				assert.True(t, strings.HasPrefix(e.Link, "https://github.com/redis/redis-py/"), "a redis-py release links to its change")
			} else {
				assert.Regexp(t, `^chapters/[0-9]{2}-[a-z]+\.md#[a-z0-9-]+$`, e.Link, "the port's own fix links to its section")
			}
			assert.DirExists(t, filepath.Join(root, "chapters", e.Chapter))
			for _, s := range []string{e.Was.En, e.Was.Zh, e.Now.En, e.Now.Zh} {
				assert.NotEmpty(t, s)
				assert.NotContains(t, s, "\n")
			}
			assert.NotEmpty(t, e.Shown, "a test or scenario shows 2.4.6 next to the fix")
		})
	}
}

// redisPyTags lists the tags of the redis-py mirror, when one is at hand
// (a maintainer's machine); nil otherwise.
func redisPyTags(t *testing.T) map[string]bool {
	dir := os.Getenv("REDISPY_MIRROR")
	if dir == "" {
		dir = "/work/.mirror/redis+redis-py/repo"
	}
	out, err := exec.Command("git", "-C", dir, "tag").Output()
	if err != nil {
		t.Logf("no redis-py mirror at %s: release names are not checked against its tags", dir)
		return nil
	}
	tags := map[string]bool{}
	for _, tag := range strings.Fields(string(out)) {
		tags[tag] = true
	}
	return tags
}

// TestShown: each test or scenario a row names exists and turns that fix
// off, so 2.4.6's behaviour really is shown next to the fix.
func TestShown(t *testing.T) {
	names := constNames(t)
	for i, f := range fixes.All() {
		e := f.Entry()
		for _, shown := range e.Shown {
			t.Run(e.Name+"/"+shown, func(t *testing.T) {
				if strings.HasSuffix(shown, ".txtar") {
					b, err := os.ReadFile(filepath.Join(root, shown))
					require.NoError(t, err)
					assert.Regexp(t, `without=(all|[a-z0-9,-]*\b`+regexp.QuoteMeta(e.Name)+`\b)`, string(b),
						"the scenario turns the fix off with without=")
					return
				}
				dir, test, ok := strings.Cut(shown, " ")
				require.True(t, ok, `"chapters/NN-name TestName" or "testdata/scripts/x.txtar"`)
				body := findFunc(t, filepath.Join(root, dir), test)
				require.NotEmpty(t, body, "%s has no func %s", dir, test)
				uses := regexp.MustCompile(`fixes\.(` + names[i] + `\b|Without\(\))`)
				assert.Regexp(t, uses, body, "%s turns %s off", test, names[i])
			})
		}
	}
}

// findFunc returns the source of func name in the _test.go files of dir.
func findFunc(t *testing.T, dir, name string) string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	require.NoError(t, err)
	for _, file := range files {
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		f, err := parser.ParseFile(fset, file, src, 0)
		require.NoError(t, err)
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == name && fn.Recv == nil {
				return string(src[fset.Position(fn.Pos()).Offset:fset.Position(fn.End()).Offset])
			}
		}
	}
	return ""
}

// goFiles lists the Go files under dir that are not tests.
func goFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), "_") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			files = append(files, path)
		}
		return nil
	})
	require.NoError(t, err)
	return files
}

// TestEveryFixIsApplied: each fix is consulted by name, with On, in the
// chapter its row names.
func TestEveryFixIsApplied(t *testing.T) {
	names := constNames(t)
	for i, f := range fixes.All() {
		e := f.Entry()
		found := false
		for _, file := range goFiles(t, filepath.Join(root, "chapters", e.Chapter)) {
			b, err := os.ReadFile(file)
			require.NoError(t, err)
			if regexp.MustCompile(`\.On\(fixes\.` + names[i] + `\)`).Match(b) {
				found = true
			}
		}
		assert.True(t, found, "%s: no .On(fixes.%s) in chapters/%s", e.Name, names[i], e.Chapter)
	}
}

// TestNeverOffByAccident: no code a program runs turns a fix off. Only
// tests, scenarios and the workshop's bug labs may call Without or Parse.
func TestNeverOffByAccident(t *testing.T) {
	off := regexp.MustCompile(`fixes\.(Without|Parse)\(`)
	var files []string
	files = append(files, goFiles(t, filepath.Join(root, "chapters"))...)
	rootFiles, err := filepath.Glob(filepath.Join(root, "*.go"))
	require.NoError(t, err)
	for _, f := range rootFiles {
		if !strings.HasSuffix(f, "_test.go") {
			files = append(files, f)
		}
	}
	require.NotEmpty(t, files)
	for _, file := range files {
		b, err := os.ReadFile(file)
		require.NoError(t, err)
		assert.NotRegexp(t, off, string(b), "%s turns a fix off outside a test", file)
	}
}

// TestPagesAreCurrent: the generated table on the fixes page is the table
// in fixes.go, in both languages.
func TestPagesAreCurrent(t *testing.T) {
	for lang, page := range fixes.Pages {
		path := filepath.Join(root, page)
		want := fixes.Markdown(lang)
		if *update {
			require.NoError(t, os.WriteFile(path, []byte(want), 0o644))
			continue
		}
		got, err := os.ReadFile(path)
		require.NoError(t, err, "run: go test ./internal/fixes -update")
		assert.Equal(t, want, string(got), "%s is stale: run go test ./internal/fixes -update", page)
	}
}

// TestPagesLinkRealFixes: every link to a fix on any page names one.
func TestPagesLinkRealFixes(t *testing.T) {
	link := regexp.MustCompile(`fixes\.md#([a-z0-9-]+)`)
	n := 0
	err := filepath.WalkDir(filepath.Join(root, "docs"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range link.FindAllStringSubmatch(string(b), -1) {
			n++
			_, ok := fixes.Lookup(m[1])
			assert.True(t, ok, "%s links to fixes.md#%s, which is no fix", path, m[1])
		}
		return nil
	})
	require.NoError(t, err)
	t.Logf("%d links to fixes checked", n)
}

// TestSet: the zero Set has every fix on; Without and Parse turn off
// exactly what they name.
func TestSet(t *testing.T) {
	var zero fixes.Set
	for _, f := range fixes.All() {
		assert.True(t, zero.On(f), f.String())
	}
	s := fixes.Without(fixes.AtMostOnce, fixes.FloatRepr)
	assert.ElementsMatch(t, []string{"at-most-once", "float-repr"}, s.Off())
	assert.True(t, s.On(fixes.NoRetryAfterTimeout))
	all := fixes.Without()
	assert.Len(t, all.Off(), len(fixes.All()))
	p, err := fixes.Parse("at-most-once,float-repr")
	require.NoError(t, err)
	assert.Equal(t, s, p)
	p, err = fixes.Parse("all")
	require.NoError(t, err)
	assert.Equal(t, all, p)
	_, err = fixes.Parse("at-most-twice")
	assert.ErrorContains(t, err, `no fix named "at-most-twice"`)
	assert.Equal(t, "fixes.Fix(200)", fixes.Fix(200).String())
	assert.Equal(t, fixes.Entry{}, fixes.Fix(200).Entry())
}
