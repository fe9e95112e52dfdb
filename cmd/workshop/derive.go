package main

// How an exercise's files are made from the chapters, so that the book and
// the answers cannot drift apart:
//
//   - the stub (the learner's file) is the chapter file From with the
//     sections named in Replace swapped for the text in stub.txtar; the
//     rest of the file is the chapter's, word for word;
//   - the reference solution is From itself;
//   - the other files the package needs are copies of chapter files.
//
// `dev sync` writes them; `dev check` fails when a committed one differs
// from what would be written, or when a replaced section of the chapter
// changed since its stub text was written (then a person must look).

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	pathpkg "path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"
)

// reMarker is a section marker on a line of its own, as the chapters
// write them for the docs: // --8<-- [start:name] and [end:name].
var reMarker = regexp.MustCompile(`^\s*// --8<-- \[(start|end):([a-z][-_0-9a-z]*)\]\s*$`)

// section is the text between a start and an end marker, as byte offsets
// into the file.
type section struct{ from, to int }

// sections finds every marked section of src.
func sections(src []byte) (map[string]section, error) {
	out := map[string]section{}
	open := map[string]int{}
	off := 0
	for _, line := range bytes.SplitAfter(src, []byte("\n")) {
		if m := reMarker.FindSubmatch(bytes.TrimRight(line, "\r\n")); m != nil {
			name := string(m[2])
			if string(m[1]) == "start" {
				open[name] = off + len(line)
			} else {
				start, ok := open[name]
				if !ok {
					return nil, fmt.Errorf("section %q ends before it starts", name)
				}
				out[name] = section{start, off}
				delete(open, name)
			}
		}
		off += len(line)
	}
	for name := range open {
		return nil, fmt.Errorf("section %q has no end marker", name)
	}
	return out, nil
}

// sectionHash is the short hash Replace records for a section's text.
func sectionHash(text []byte) string {
	h := sha256.Sum256(text)
	return hex.EncodeToString(h[:6])
}

// stubTexts reads the exercise's stub.txtar: one file per replaced
// section, or, for an exercise with no chapter file, the whole stub under
// the name of the edit file.
func (e *Exercise) stubTexts() (map[string][]byte, error) {
	a, err := txtar.ParseFile(filepath.Join(e.Dir, "stub.txtar"))
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, f := range a.Files {
		out[f.Name] = f.Data
	}
	return out, nil
}

// A stub text is either a section's whole new text, or patches to the
// chapter's text of the section: blocks of
//
//	replace:
//	<lines of the chapter, exactly as they are>
//	with:
//	<the stub's lines>
//
// Patches keep the rest of the section the chapter's own, so a change to
// the chapter elsewhere in the section flows into the stub by itself; a
// patch whose lines are no longer in the chapter stops dev sync.
type patch struct{ old, new []byte }

const (
	patchReplace = "replace:\n"
	patchWith    = "with:\n"
)

// parsePatches reads a stub text in patch form; ok is false for a whole
// new text.
func parsePatches(text []byte) (ps []patch, ok bool, err error) {
	if !bytes.HasPrefix(text, []byte(patchReplace)) {
		return nil, false, nil
	}
	blocks := bytes.Split(text, []byte("\n"+patchReplace))
	for i, block := range blocks {
		block = bytes.TrimPrefix(block, []byte(patchReplace))
		if i < len(blocks)-1 {
			block = append(block, '\n') // the split took it
		}
		old, repl, found := bytes.Cut(block, []byte("\n"+patchWith))
		if !found {
			return nil, true, fmt.Errorf("a replace: block without its with: line")
		}
		ps = append(ps, patch{append(old, '\n'), repl})
	}
	return ps, true, nil
}

// applyStub returns the section's stub text: text itself, or the
// chapter's section with the patches applied. Lines match ignoring a
// trailing footnote marker ("(4)"), whose number moves whenever the page
// gains a footnote above it.
func applyStub(section, text []byte) ([]byte, error) {
	ps, isPatch, err := parsePatches(text)
	if err != nil || !isPatch {
		return text, err
	}
	lines := strings.SplitAfter(string(section), "\n")
	for _, p := range ps {
		old := strings.SplitAfter(strings.TrimSuffix(string(p.old), "\n"), "\n")
		var at []int
		for i := 0; i+len(old) <= len(lines); i++ {
			match := true
			for k := range old {
				if footnoteless(lines[i+k]) != footnoteless(old[k]) {
					match = false
					break
				}
			}
			if match {
				at = append(at, i)
			}
		}
		if len(at) != 1 {
			return nil, fmt.Errorf("the lines to replace are in the chapter's section %d times, not once:\n%s", len(at), p.old)
		}
		i := at[0]
		repl := strings.SplitAfter(strings.TrimSuffix(string(p.new), "\n"), "\n")
		if len(p.new) == 0 {
			repl = nil
		}
		for k := range repl {
			if !strings.HasSuffix(repl[k], "\n") {
				repl[k] += "\n"
			}
		}
		lines = append(lines[:i], append(repl, lines[i+len(old):]...)...)
	}
	return []byte(strings.Join(lines, "")), nil
}

var reFootnote = regexp.MustCompile(`\s*\(\d+\)\s*$`)

// footnoteless is a line without its trailing footnote marker and blanks.
func footnoteless(line string) string {
	line = strings.TrimRight(line, " \t\r\n")
	if strings.Contains(line, "//") {
		line = reFootnote.ReplaceAllString(line, "")
	}
	return line
}

// Pristine returns the stub as the exercise ships it, made from the
// chapter (or stub.txtar), whatever is on disk now. Reset writes it, dev
// check runs it.
func (e *Exercise) Pristine(root string) ([]byte, error) {
	texts, err := e.stubTexts()
	if err != nil {
		return nil, err
	}
	if e.From == "" {
		b, ok := texts[e.Edit]
		if !ok || len(texts) != 1 {
			return nil, fmt.Errorf("%s: stub.txtar must hold exactly the file %s (the exercise has no chapter file)", e.ID, e.Edit)
		}
		return b, nil
	}
	src, err := os.ReadFile(filepath.Join(root, e.From))
	if err != nil {
		return nil, err
	}
	secs, err := sections(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", e.From, err)
	}
	type cut struct {
		section
		text []byte
	}
	var cuts []cut
	for name := range e.Replace {
		s, ok := secs[name]
		if !ok {
			return nil, fmt.Errorf("%s: %s has no section %q any more: rewrite the exercise's stub", e.ID, e.From, name)
		}
		text, ok := texts[name]
		if !ok {
			return nil, fmt.Errorf("%s: stub.txtar has no text for section %q", e.ID, name)
		}
		stubText, err := applyStub(src[s.from:s.to], text)
		if err != nil {
			return nil, fmt.Errorf("%s: section %s of %s: %v\nRewrite workshop/%s/stub.txtar against the chapter.", e.ID, name, e.From, err, e.ID)
		}
		cuts = append(cuts, cut{s, stubText})
	}
	for name := range texts {
		if _, ok := e.Replace[name]; !ok {
			return nil, fmt.Errorf("%s: stub.txtar has %q, which exercise.json does not replace", e.ID, name)
		}
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].from < cuts[j].from })
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Workshop exercise %s, made from %s\n", e.ID, e.From)
	b.WriteString("// by `go run ./cmd/workshop dev sync`. The parts marked TODO(workshop) are\n")
	b.WriteString("// yours to write; the rest is the chapter's own code. Check your work with\n")
	b.WriteString("// `go run ./cmd/workshop check`.\n\n")
	last := 0
	for _, c := range cuts {
		if c.from < last {
			return nil, fmt.Errorf("%s: replaced sections overlap", e.ID)
		}
		b.Write(src[last:c.from])
		b.Write(c.text)
		last = c.to
	}
	b.Write(src[last:])
	out, err := pruneImports(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("%s: the stub does not parse: %v", e.ID, err)
	}
	return out, nil
}

// pruneImports removes the imports a stub no longer uses (the chapter's
// code that used them was replaced), so that it compiles, and formats it.
func pruneImports(src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "stub.go", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		name := pathpkg.Base(path)
		if imp.Name != nil {
			name = imp.Name.Name
		} else if n, ok := packageNames[path]; ok {
			name = n
		}
		if name == "_" || name == "." || used[name] {
			continue
		}
		astutilDelete(f, imp)
	}
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		return nil, err
	}
	return format.Source(b.Bytes())
}

// packageNames are the imports whose package name is not the last element
// of their path.
var packageNames = map[string]string{
	"github.com/redispy-go/redispy/chapters/00-exceptions": "exceptions",
	"github.com/redispy-go/redispy/chapters/01-pool":       "pool",
	"github.com/redispy-go/redispy/chapters/02-connection": "connection",
	"github.com/redispy-go/redispy/chapters/03-parser":     "parser",
	"github.com/redispy-go/redispy/chapters/04-client":     "client",
	"github.com/redispy-go/redispy/chapters/05-pipeline":   "pipeline",
	"github.com/redispy-go/redispy/chapters/06-pubsub":     "pubsub",
	"github.com/redispy-go/redispy/chapters/07-lock":       "lock",
}

// astutilDelete removes one import spec from f.
func astutilDelete(f *ast.File, imp *ast.ImportSpec) {
	for i := 0; i < len(f.Decls); i++ {
		gd, ok := f.Decls[i].(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for j, spec := range gd.Specs {
			if spec == imp {
				gd.Specs = append(gd.Specs[:j], gd.Specs[j+1:]...)
				break
			}
		}
		if len(gd.Specs) == 0 {
			f.Decls = append(f.Decls[:i], f.Decls[i+1:]...)
			i--
		}
	}
	for i, s := range f.Imports {
		if s == imp {
			f.Imports = append(f.Imports[:i], f.Imports[i+1:]...)
			break
		}
	}
}

// staleSections lists the replaced sections whose chapter text changed
// since the stub text was written, with the new hash to record once the
// stub has been reviewed.
func (e *Exercise) staleSections(root string) (map[string]string, error) {
	if e.From == "" {
		return nil, nil
	}
	src, err := os.ReadFile(filepath.Join(root, e.From))
	if err != nil {
		return nil, err
	}
	secs, err := sections(src)
	if err != nil {
		return nil, err
	}
	texts, err := e.stubTexts()
	if err != nil {
		return nil, err
	}
	stale := map[string]string{}
	for name, want := range e.Replace {
		s, ok := secs[name]
		if !ok {
			stale[name] = "missing"
			continue
		}
		if _, isPatch, _ := parsePatches(texts[name]); isPatch {
			// A patch names the chapter's lines it replaces: it is stale
			// when they are gone, which Pristine reports. Its hash says
			// only that it is a patch.
			if want != "patch" {
				stale[name] = "patch"
			}
			continue
		}
		if got := sectionHash(src[s.from:s.to]); got != want {
			stale[name] = got
		}
	}
	return stale, nil
}

// copyHeader marks a copied chapter file as generated, so that editors
// warn before changing it.
func copyHeader(from string) string {
	return "// Code generated by `go run ./cmd/workshop dev sync` from " + from + ". DO NOT EDIT.\n\n"
}

// Generated returns every file dev sync writes for the exercise, by path
// relative to the root: the stub and the copies.
func (e *Exercise) Generated(root string) (map[string][]byte, error) {
	out := map[string][]byte{}
	stub, err := e.Pristine(root)
	if err != nil {
		return nil, err
	}
	out[e.EditPath()] = stub
	for _, c := range e.Copy {
		src, err := os.ReadFile(filepath.Join(root, c))
		if err != nil {
			return nil, fmt.Errorf("%s: copy: %v", e.ID, err)
		}
		out["workshop/"+e.ID+"/"+filepath.Base(c)] = append([]byte(copyHeader(c)), src...)
	}
	return out, nil
}

// SolutionPath is the reference solution, relative to the root.
func (e *Exercise) SolutionPath() string {
	if e.From != "" {
		return e.From
	}
	return "workshop/" + e.ID + "/" + e.Solution
}

// Protected lists the exercise's Go files other than the learner's, by
// path relative to the root: the tests and the copies. The checker
// refuses to count a pass when one of them was changed.
func (e *Exercise) Protected() ([]string, error) {
	files, err := filepath.Glob(filepath.Join(e.Dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		if filepath.Base(f) != e.Edit {
			out = append(out, "workshop/"+e.ID+"/"+filepath.Base(f))
		}
	}
	sort.Strings(out)
	return out, nil
}

// sumsFile lists a hash of every protected file, as shipped.
const sumsFile = "workshop/sums.txt"

func fileSum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}

// readSums reads workshop/sums.txt: path -> hash.
func readSums(root string) (map[string]string, error) {
	b, err := os.ReadFile(filepath.Join(root, sumsFile))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sum, path, ok := strings.Cut(line, "  ")
		if !ok {
			return nil, fmt.Errorf("%s: bad line %q", sumsFile, line)
		}
		out[path] = sum
	}
	return out, nil
}

// makeSums is workshop/sums.txt as dev sync writes it; generated holds
// files about to be written, which count as they will be.
func makeSums(root string, all []*Exercise, generated map[string][]byte) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# Generated by `go run ./cmd/workshop dev sync`: the hash of every exercise file a\n")
	b.WriteString("# learner does not edit. The checker counts no pass while one of them differs.\n")
	for _, e := range all {
		files, err := e.Protected()
		if err != nil {
			return nil, err
		}
		for path := range generated {
			if strings.HasPrefix(path, "workshop/"+e.ID+"/") && path != e.EditPath() && !contains(files, path) {
				files = append(files, path)
			}
		}
		sort.Strings(files)
		for _, f := range files {
			data, ok := generated[f]
			if !ok {
				var err error
				if data, err = os.ReadFile(filepath.Join(root, f)); err != nil {
					return nil, err
				}
			}
			fmt.Fprintf(&b, "%s  %s\n", fileSum(data), f)
		}
	}
	return b.Bytes(), nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
