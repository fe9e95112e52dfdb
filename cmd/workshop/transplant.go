package main

// transplant puts the learner's file in the place of the chapter's, for
// one run of the book's own tests (go test -overlay: nothing on disk
// changes). The chapter's tests, the chapters built on it and the
// narrated scenarios then judge the learner's code, not only the
// exercise's tests.

import (
	"fmt"
	"os/exec"
	pathpkg "path"
	"path/filepath"
	"sort"
	"strings"
)

// dependents lists the chapter package and every package of the book
// whose code or tests depend on it: the tests that judge a file put in
// its place.
func dependents(root, chapter string) ([]string, error) {
	cmd := exec.Command(goTool(), "list", "-test", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", "./chapters/...", ".")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var pkgs []string
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		base := strings.TrimSuffix(strings.TrimSuffix(f[0], ".test"), "_test")
		if len(f) > 1 && strings.HasPrefix(f[1], "[") {
			f = append(f[:1], f[2:]...) // "pkg [pkg.test]" is two fields
		}
		uses := base == chapter
		for _, d := range f[1:] {
			if d == chapter {
				uses = true
			}
		}
		if uses && !seen[base] && strings.HasPrefix(base, modulePath) {
			seen[base] = true
			pkgs = append(pkgs, base)
		}
	}
	sort.Strings(pkgs)
	return pkgs, nil
}

func (w *world) transplant() error {
	e, err := w.target()
	if err != nil {
		return err
	}
	if e.From == "" {
		fmt.Fprintf(w.out, msg("transplantNone")+"\n", e.ID, e.SolutionPath())
		return exitError(1)
	}
	mine := filepath.Join(e.Dir, e.Edit)
	fmt.Fprintf(w.out, msg("transplantHeader")+"\n\n", e.EditPath(), e.From)
	pkgs, err := dependents(w.root, modulePath+"/"+pathpkg.Dir(e.From))
	if err != nil {
		return err
	}
	race := w.race()
	res, err := runSpec{
		root: w.root, pkgs: pkgs,
		overlay: map[string]string{e.From: mine},
		race:    race, redis: w.o.redis, lang: lang, timeout: "180s", noGate: true,
	}.run()
	if err != nil {
		return err
	}
	var paths []string
	for p := range res {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	failed := 0
	for _, path := range paths {
		p := res[path]
		short := strings.TrimPrefix(strings.TrimPrefix(path, modulePath), "/")
		if short == "" {
			short = ". (" + msg("scenarios") + ")"
		}
		switch {
		case p.Action == "skip" || (len(p.Order) == 0 && !p.BuildFailed && p.Action != "fail"):
			continue // no tests
		case p.Passed():
			passed, _ := p.CountTests()
			fmt.Fprintf(w.out, "%s %s (%d)\n", green("✓"), short, passed)
		case p.BuildFailed:
			failed++
			fmt.Fprintf(w.out, "%s %s: %s\n", red("✗"), short, msg("buildFailedShort"))
			for _, l := range tail(cleanBuild(p.BuildOutput), 8) {
				fmt.Fprintln(w.out, "    "+l)
			}
		case p.TimedOut:
			failed++
			fmt.Fprintf(w.out, "%s %s: %s\n", red("✗"), short, msg("transplantHang"))
			for _, t := range failedLeaves(p) {
				if isRunning(t, p) {
					fmt.Fprintln(w.out, "    "+t.Name)
				}
			}
		default:
			failed++
			fmt.Fprintf(w.out, "%s %s\n", red("✗"), short)
			leaves := failedLeaves(p)
			for i, t := range leaves {
				if i == 5 {
					fmt.Fprintf(w.out, "    "+msg("moreFailing")+"\n", len(leaves)-i)
					break
				}
				fmt.Fprintln(w.out, "    "+t.Name)
				for _, l := range tail(testBody(t.Output), 6) {
					fmt.Fprintln(w.out, "        "+l)
				}
			}
		}
	}
	fmt.Fprintln(w.out)
	if failed > 0 {
		fmt.Fprintf(w.out, msg("transplantFail")+"\n", failed)
		return exitError(1)
	}
	fmt.Fprintln(w.out, msg("transplantOK"))
	return nil
}
