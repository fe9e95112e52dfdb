package main

// dev check and dev sync: the maintainers' half of the checker, run by
// `make test` (and so by CI).
//
// dev check proves, for every exercise, on overlays that never touch the
// files on disk: the stub as shipped builds and fails exactly the tests
// its exercise.json lists, each with a message and a place to edit; the
// reference solution passes every test, with -race, on miniredis and on
// redis-server. It also checks that the stub and the copied chapter files
// are what dev sync would write, that no replaced chapter section changed
// under its stub, that each exercise has its page and hints in both
// languages, that its history matches the table of fixes, and that the
// exercise list on the workshop page is current.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/redispy-go/redispy/internal/fixes"
)

func (w *world) dev() error {
	if len(w.o.args) == 0 {
		return fmt.Errorf("dev check | dev sync [--accept]")
	}
	switch w.o.args[0] {
	case "check":
		return w.devCheck()
	case "sync":
		return w.devSync()
	}
	return fmt.Errorf("dev %s: check or sync", w.o.args[0])
}

// fixInfo is the part of a fixes table entry an exercise uses.
type fixInfo struct {
	Release, Link, Chapter string
}

func fixTable() map[string]fixInfo {
	out := map[string]fixInfo{}
	for _, f := range fixes.All() {
		e := f.Entry()
		out[e.Name] = fixInfo{e.Release, e.Link, e.Chapter}
	}
	return out
}

// history is the release and link an exercise's page must show.
func (e *Exercise) history(table map[string]fixInfo) (release, link string) {
	if f, ok := table[e.Fix]; ok && e.Fix != "" {
		link = f.Link
		if !strings.Contains(link, "://") {
			link = "../" + link // a page of the site, seen from docs/workshop/
		}
		return f.Release, link
	}
	return e.Release, e.Link
}

// devSync writes every generated file that is not current.
func (w *world) devSync() error {
	wrote := 0
	generated := map[string][]byte{}
	var failed []string
	for _, e := range w.all {
		stale, err := e.staleSections(w.root)
		if err != nil {
			failed = append(failed, err.Error())
			continue
		}
		if len(stale) > 0 {
			if !w.o.accept {
				failed = append(failed, fmt.Sprintf("%s: the chapter changed in section(s) %s of %s since the stub was written.\n"+
					"Review workshop/%s/stub.txtar against the chapter, then: go run ./cmd/workshop dev sync --accept",
					e.ID, keys(stale), e.From, e.ID))
				continue
			}
			if err := acceptHashes(e, stale); err != nil {
				return err
			}
			fmt.Fprintf(w.out, "accepted %s sections %s\n", e.ID, keys(stale))
		}
		files, err := e.Generated(w.root)
		if err != nil {
			failed = append(failed, err.Error())
			continue
		}
		for path, data := range files {
			generated[path] = data
			if path == e.EditPath() {
				// The learner's file. A maintainer's tree holds the
				// committed stub or the last one written; anything else is
				// someone's work: keep a copy, as reset does.
				cur, err := os.ReadFile(filepath.Join(w.root, path))
				committed, _ := gitShow(w.root, path)
				if err == nil && !bytes.Equal(cur, data) && !bytes.Equal(cur, committed) {
					saved, err := w.save(e, cur)
					if err != nil {
						return err
					}
					fmt.Fprintf(w.out, "%s: kept the file that was there in %s\n", path, saved)
				}
			}
			n, err := writeIfChanged(w.root, path, data)
			if err != nil {
				return err
			}
			if n {
				wrote++
				fmt.Fprintf(w.out, msg("syncWrote")+"\n", path)
			}
		}
	}
	sums, err := makeSums(w.root, w.all, generated)
	if err != nil {
		return err
	}
	if n, err := writeIfChanged(w.root, sumsFile, sums); err != nil {
		return err
	} else if n {
		wrote++
		fmt.Fprintf(w.out, msg("syncWrote")+"\n", sumsFile)
	}
	table := fixTable()
	for _, l := range []string{"en", "zh"} {
		path := "docs/" + map[string]string{"en": "", "zh": "zh/"}[l] + "workshop/index.md"
		b, err := os.ReadFile(filepath.Join(w.root, path))
		if err != nil {
			return err
		}
		page, err := withList(string(b), exerciseList(w.root, w.all, table, l))
		if err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		if n, err := writeIfChanged(w.root, path, []byte(withFrontMatter(path, page))); err != nil {
			return err
		} else if n {
			wrote++
			fmt.Fprintf(w.out, msg("syncWrote")+"\n", path)
		}
	}
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "\n\n"))
	}
	pages, _ := filepath.Glob(filepath.Join(w.root, "docs", "workshop", "*.md"))
	zhPages, _ := filepath.Glob(filepath.Join(w.root, "docs", "zh", "workshop", "*.md"))
	for _, p := range append(pages, zhPages...) {
		if filepath.Base(p) == "index.md" {
			continue // written above, with its list
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if n, err := writeIfChanged(w.root, rel(w.root, p), []byte(withFrontMatter(p, string(b)))); err != nil {
			return err
		} else if n {
			wrote++
			fmt.Fprintf(w.out, msg("syncWrote")+"\n", rel(w.root, p))
		}
	}
	if wrote == 0 {
		fmt.Fprintln(w.out, msg("syncNothing"))
	}
	return nil
}

func keys(m map[string]string) string {
	var k []string
	for name := range m {
		k = append(k, name)
	}
	sort.Strings(k)
	return strings.Join(k, ", ")
}

// acceptHashes records the chapter's new section hashes in exercise.json,
// changing nothing else in the file.
func acceptHashes(e *Exercise, stale map[string]string) error {
	path := filepath.Join(e.Dir, "exercise.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	loc := regexp.MustCompile(`"replace"\s*:\s*\{[^}]*\}`).FindIndex(b)
	if loc == nil {
		return fmt.Errorf("%s: no replace object", path)
	}
	block := b[loc[0]:loc[1]]
	for name, hash := range stale {
		re := regexp.MustCompile(`("` + regexp.QuoteMeta(name) + `"\s*:\s*")[^"]*(")`)
		if !re.Match(block) {
			return fmt.Errorf("%s: no %q in replace", path, name)
		}
		block = re.ReplaceAll(block, []byte("${1}"+hash+"${2}"))
	}
	b = append(append(append([]byte(nil), b[:loc[0]]...), block...), b[loc[1]:]...)
	return os.WriteFile(path, b, 0o644)
}

func writeIfChanged(root, path string, data []byte) (bool, error) {
	full := filepath.Join(root, filepath.FromSlash(path))
	if cur, err := os.ReadFile(full); err == nil && bytes.Equal(cur, data) {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return false, err
	}
	return true, os.WriteFile(full, data, 0o644)
}

// gitShow is the committed content of a file, when the root is a git
// work tree that has it.
func gitShow(root, path string) ([]byte, bool) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, false
	}
	cmd := exec.Command("git", "show", "HEAD:"+path)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return nil, false
	}
	return out, true
}

// problems collects what dev check found.
type problems struct {
	list []string
}

func (p *problems) add(format string, args ...any) {
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

var reRelease = regexp.MustCompile(`^[0-9]+\.[0-9]+(\.[0-9]+)?$`)

var reTestFunc = regexp.MustCompile(`(?m)^func (Test[A-Za-z0-9_]*)\(t \*testing\.T\)`)

// lint checks an exercise without running it.
func (w *world) lint(e *Exercise, table map[string]fixInfo, pr *problems) {
	id := e.ID
	switch e.Kind {
	case "rebuild", "buglab":
	default:
		pr.add("%s: kind %q: rebuild or buglab", id, e.Kind)
	}
	if !fileExists(filepath.Join(w.root, "chapters", e.Chapter)) {
		pr.add("%s: chapter %q: no chapters/%s", id, e.Chapter, e.Chapter)
	}
	if e.Title.En == "" || e.Title.Zh == "" {
		pr.add("%s: title needs en and zh", id)
	}
	if e.Minutes <= 0 {
		pr.add("%s: minutes: a facilitator needs an estimate", id)
	}
	if e.Timeout != "" {
		if _, err := time.ParseDuration(e.Timeout); err != nil {
			pr.add("%s: timeout %q: %v", id, e.Timeout, err)
		}
	}
	switch {
	case e.From == "" && e.Solution == "":
		pr.add("%s: needs from (a chapter file) or solution", id)
	case e.From != "" && e.Solution != "":
		pr.add("%s: from and solution both set: the chapter's code is the solution", id)
	case e.From != "" && len(e.Replace) == 0:
		pr.add("%s: from without replace: nothing for the learner to write", id)
	case e.Solution != "" && !fileExists(filepath.Join(e.Dir, e.Solution)):
		pr.add("%s: solution %s does not exist", id, e.Solution)
	}
	if e.From != "" && !strings.HasPrefix(e.From, "chapters/"+e.Chapter+"/") {
		pr.add("%s: from %s is not in chapters/%s", id, e.From, e.Chapter)
	}
	if e.Fix != "" {
		f, ok := table[e.Fix]
		switch {
		case !ok:
			pr.add("%s: fix %q is not in internal/fixes", id, e.Fix)
		case e.Release != "" || e.Link != "":
			pr.add("%s: a fix's release and link come from internal/fixes: drop release and link", id)
		case f.Chapter != e.Chapter:
			pr.add("%s: fix %s belongs to chapter %s, the exercise to %s", id, e.Fix, f.Chapter, e.Chapter)
		}
	} else if !reRelease.MatchString(e.Release) || !strings.HasPrefix(e.Link, "https://github.com/redis/redis-py/") {
		pr.add("%s: needs a release (a redis-py version such as 2.7.3) and a link into redis/redis-py, or a fix", id)
	}

	// The tests: the listed failures exist, and the gate is there.
	var tests []string
	testFiles, _ := filepath.Glob(filepath.Join(e.Dir, "*_test.go"))
	gate := false
	for _, f := range testFiles {
		b, _ := os.ReadFile(f)
		for _, m := range reTestFunc.FindAllSubmatch(b, -1) {
			tests = append(tests, string(m[1]))
		}
		if bytes.Contains(b, []byte("wtest.Main(m)")) {
			gate = true
		}
	}
	if !gate {
		pr.add("%s: no TestMain calling wtest.Main(m): its tests would run (and fail) under go test ./...", id)
	}
	if len(e.Fails) == 0 {
		pr.add("%s: fails is empty: a stub that passes teaches nothing", id)
	}
	for _, f := range e.Fails {
		if !contains(tests, f) {
			pr.add("%s: fails names %s, which is not a test of the exercise", id, f)
		}
	}
	if e.Kind == "buglab" && len(tests) <= len(e.Fails) {
		pr.add("%s: every test fails on the stub: keep at least one that passes, so deleting code cannot pass", id)
	}

	// The stub.
	stub, err := e.Pristine(w.root)
	if err != nil {
		pr.add("%v", err)
	} else if !bytes.Contains(stub, []byte("TODO(workshop)")) {
		pr.add("%s: the stub has no TODO(workshop): the learner needs a place to start", id)
	}
	if stale, err := e.staleSections(w.root); err != nil {
		pr.add("%s: %v", id, err)
	} else if len(stale) > 0 {
		pr.add("%s: %s changed in section(s) %s since the stub was written: review stub.txtar, then dev sync --accept", id, e.From, keys(stale))
	}
	if files, err := e.Generated(w.root); err == nil {
		for path, data := range files {
			cur, err := os.ReadFile(filepath.Join(w.root, path))
			if err != nil {
				pr.add("%s: %s is missing: run go run ./cmd/workshop dev sync", id, path)
				continue
			}
			if !bytes.Equal(cur, data) && path == e.EditPath() {
				// A learner's tree: the committed stub is what counts.
				if committed, ok := gitShow(w.root, path); ok {
					cur = committed
				}
			}
			if !bytes.Equal(cur, data) {
				pr.add("%s: %s is not what dev sync writes (the chapter moved?): run go run ./cmd/workshop dev sync", id, path)
			}
		}
	}

	// The pages.
	release, link := e.history(table)
	var hints [2]int
	for i, l := range []string{"en", "zh"} {
		page, err := readPage(w.root, e, l)
		if err != nil {
			pr.add("%s: no page %s", id, pagePath(e, l))
			continue
		}
		if !strings.Contains(page.Title, e.Title.In(l)) {
			pr.add("%s: %s: the title %q does not hold the exercise's %s title %q", id, pagePath(e, l), page.Title, l, e.Title.In(l))
		}
		for _, s := range []string{"goal", "background", "hints", "history"} {
			if strings.TrimSpace(page.Sections[s]) == "" {
				pr.add("%s: %s: no {#%s} section", id, pagePath(e, l), s)
			}
		}
		if !strings.Contains(page.Sections["background"], "../chapters/"+e.Chapter+".md") {
			pr.add("%s: %s: the background links to no part of its chapter (../chapters/%s.md)", id, pagePath(e, l), e.Chapter)
		}
		if h := page.Sections["history"]; !strings.Contains(h, release) || !strings.Contains(h, link) {
			pr.add("%s: %s: the history must name release %s and link %s", id, pagePath(e, l), release, link)
		}
		hints[i] = len(page.Hints)
		if len(page.Hints) == 0 {
			pr.add("%s: %s: no hints (### headings under {#hints})", id, pagePath(e, l))
		}
		for k, h := range page.Hints {
			if strings.TrimSpace(h.Body) == "" {
				pr.add("%s: %s: hint %d is empty", id, pagePath(e, l), k+1)
			}
		}
	}
	if hints[0] != hints[1] {
		pr.add("%s: %d hints in English, %d in Chinese", id, hints[0], hints[1])
	}
	// The chapter sends its readers to the exercise, from its Try it.
	for _, l := range []string{"", "zh/"} {
		page := "docs/" + l + "chapters/" + e.Chapter + ".md"
		if b, err := os.ReadFile(filepath.Join(w.root, page)); err == nil && !bytes.Contains(b, []byte("../workshop/"+id+".md")) {
			pr.add("%s: %s does not link the exercise (../workshop/%s.md) from its Try it section", id, page, id)
		}
	}
}

// devCheck proves every exercise solvable; see the top of this file.
func (w *world) devCheck() error {
	start := time.Now()
	table := fixTable()
	pr := &problems{}
	for _, e := range w.all {
		w.lint(e, table, pr)
	}
	w.lintShared(table, pr)

	ok, why := cgoWorks()
	race := ok && !w.o.noRace
	if !race && ciMode() {
		pr.add("CI=true needs -race, but %s", why)
	}
	if ciMode() {
		if _, err := exec.LookPath("redis-server"); err != nil {
			pr.add("CI=true needs redis-server: the references must pass on it too")
		}
	}

	// Overlays: the stubs as shipped, whatever the learner's files hold;
	// then the references in the learner's files' places.
	tmp, err := os.MkdirTemp("", "workshop-dev-check-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	stubs, refs := map[string]string{}, map[string]string{}
	var pkgs []string
	for _, e := range w.all {
		pkgs = append(pkgs, e.Pkg())
		stub, err := e.Pristine(w.root)
		if err != nil {
			continue // reported by lint
		}
		f := filepath.Join(tmp, e.ID+"-"+e.Edit)
		if err := os.WriteFile(f, stub, 0o644); err != nil {
			return err
		}
		stubs[e.EditPath()] = f
		refs[e.EditPath()] = filepath.Join(w.root, filepath.FromSlash(e.SolutionPath()))
	}
	saved := lang
	lang = "en"
	defer func() { lang = saved }()

	fmt.Fprintf(w.out, "dev check: %d exercises, stubs and references side by side (-race=%v, miniredis; references on redis-server too)\n", len(w.all), race)
	// The two runs mostly wait (for deadlines, stalls, servers), so they
	// run at once, each with more packages at a time than cores.
	var stubRes, refRes map[string]*pkgResult
	var stubErr, refErr error
	var tStubs, tRefs time.Duration
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		stubRes, stubErr = runSpec{root: w.root, pkgs: pkgs, overlay: stubs, race: race, lang: "en", timeout: "120s", p: 6}.run()
		tStubs = time.Since(start)
	}()
	go func() {
		defer wg.Done()
		refRes, refErr = runSpec{root: w.root, pkgs: pkgs, overlay: refs, race: race, redis: true, lang: "en", timeout: "120s", p: 6}.run()
		tRefs = time.Since(start)
	}()
	wg.Wait()
	if stubErr != nil {
		return stubErr
	}
	if refErr != nil {
		return refErr
	}
	for _, e := range w.all {
		w.checkStub(e, stubRes[e.ImportPath()], race, pr)
	}
	for _, e := range w.all {
		p := refRes[e.ImportPath()]
		if !p.Passed() {
			var b bytes.Buffer
			report(&b, w.root, e, p, race, true, 0)
			pr.add("%s: the reference %s does not pass:\n%s", e.ID, e.SolutionPath(), indent(b.String()))
			continue
		}
		w.checkSkips(e, p, "reference", pr)
	}
	fmt.Fprintf(w.out, "  slowest: %s\n", slowest(w.all, stubRes, refRes))
	took := time.Since(start).Round(100 * time.Millisecond)
	if len(pr.list) > 0 {
		for _, p := range pr.list {
			fmt.Fprintln(w.err, red("✗ ")+p)
		}
		fmt.Fprintf(w.err, msg("devFail")+" (%s)\n", len(pr.list), took)
		return exitError(1)
	}
	fmt.Fprintf(w.out, msg("devOK")+"\n", len(w.all), fmt.Sprintf("stubs %s, references %s, all %s",
		tStubs.Round(100*time.Millisecond), tRefs.Round(100*time.Millisecond), took))
	return nil
}

// slowest names the three test binaries that ran longest, for whoever
// wants dev check faster.
func slowest(all []*Exercise, runs ...map[string]*pkgResult) string {
	type t struct {
		name string
		s    float64
	}
	var ts []t
	for i, res := range runs {
		for _, e := range all {
			if p := res[e.ImportPath()]; p != nil {
				ts = append(ts, t{fmt.Sprintf("%s (%s)", e.ID, []string{"stub", "reference"}[i]), p.Elapsed})
			}
		}
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].s > ts[j].s })
	var out []string
	for i := 0; i < len(ts) && i < 3; i++ {
		out = append(out, fmt.Sprintf("%s %.1fs", ts[i].name, ts[i].s))
	}
	return strings.Join(out, ", ")
}

func ciMode() bool { return os.Getenv("CI") == "true" }

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

// checkStub asserts the shipped stub fails exactly as listed, each
// failure with something to say and a place to edit.
func (w *world) checkStub(e *Exercise, p *pkgResult, race bool, pr *problems) {
	var b bytes.Buffer
	switch {
	case p == nil:
		pr.add("%s: go test said nothing about the stub", e.ID)
		return
	case p.BuildFailed:
		report(&b, w.root, e, p, race, true, 0)
		pr.add("%s: the stub does not build:\n%s", e.ID, indent(b.String()))
		return
	case p.TimedOut:
		report(&b, w.root, e, p, race, true, 0)
		pr.add("%s: the stub hangs until go test's timeout: a test needs its own deadline (wtest.Within):\n%s", e.ID, indent(b.String()))
		return
	}
	got := p.TopFailed()
	want := append([]string(nil), e.Fails...)
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		report(&b, w.root, e, p, race, true, 0)
		pr.add("%s: on the stub, the failing tests are [%s]; exercise.json lists [%s]:\n%s", e.ID, strings.Join(got, " "), strings.Join(want, " "), indent(b.String()))
		return
	}
	for _, t := range failedLeaves(p) {
		body := testBody(t.Output)
		if len(body) == 0 {
			pr.add("%s: %s fails on the stub without a word: say what to do", e.ID, t.Name)
		}
		if pan := panicLine(body); pan != "" && e.Kind == "buglab" {
			pr.add("%s: %s panics on the stub (%s): a bug lab must fail on an assertion", e.ID, t.Name, pan)
		}
	}
	report(&b, w.root, e, p, race, true, 1)
	if !strings.Contains(b.String(), e.EditPath()) {
		pr.add("%s: the report on the stub names no place in %s to edit", e.ID, e.EditPath())
	}
	if !strings.Contains(b.String(), "go run ./cmd/workshop hint") {
		pr.add("%s: the report on the stub does not point to its hints", e.ID)
	}
	w.checkSkips(e, p, "stub", pr)
}

// checkSkips: nothing may be skipped but a redis-server that is not
// installed outside CI (under CI, wredis fails instead).
func (w *world) checkSkips(e *Exercise, p *pkgResult, what string, pr *problems) {
	for _, s := range p.Skipped() {
		if strings.HasSuffix(s.Name, "/redis-server") && !ciMode() {
			continue
		}
		pr.add("%s: on the %s, %s was skipped: %s", e.ID, what, s.Name, skipReason(s))
	}
}

// lintShared checks what belongs to no single exercise: the numbering,
// the protected files' sums, the generated list on the workshop pages.
func (w *world) lintShared(table map[string]fixInfo, pr *problems) {
	for i, e := range w.all {
		if e.N != i+1 {
			pr.add("%s: exercises are numbered 01, 02, ... with no gap; this is number %d", e.ID, i+1)
			break
		}
	}
	generated := map[string][]byte{}
	for _, e := range w.all {
		if files, err := e.Generated(w.root); err == nil {
			for k, v := range files {
				generated[k] = v
			}
		}
	}
	want, err := makeSums(w.root, w.all, generated)
	if err != nil {
		pr.add("%s: %v", sumsFile, err)
	} else if cur, err := os.ReadFile(filepath.Join(w.root, sumsFile)); err != nil || !bytes.Equal(cur, want) {
		pr.add("%s is not current (a test or a copied file changed): run go run ./cmd/workshop dev sync", sumsFile)
	}
	for _, l := range []string{"en", "zh"} {
		path := "docs/" + map[string]string{"en": "", "zh": "zh/"}[l] + "workshop/index.md"
		b, err := os.ReadFile(filepath.Join(w.root, path))
		if err != nil {
			pr.add("no %s", path)
			continue
		}
		page, err := withList(string(b), exerciseList(w.root, w.all, table, l))
		if err != nil {
			pr.add("%s: %v", path, err)
		} else if withFrontMatter(path, page) != string(b) {
			pr.add("%s: the exercise list is stale: run go run ./cmd/workshop dev sync", path)
		}
	}
	pages, _ := filepath.Glob(filepath.Join(w.root, "docs", "workshop", "*.md"))
	zhPages, _ := filepath.Glob(filepath.Join(w.root, "docs", "zh", "workshop", "*.md"))
	for _, p := range append(pages, zhPages...) {
		if b, err := os.ReadFile(p); err == nil && withFrontMatter(p, string(b)) != string(b) {
			pr.add("%s: its search_exclude front matter is not the one dev sync writes: run go run ./cmd/workshop dev sync", rel(w.root, p))
		}
	}
}

var _ = io.Discard
