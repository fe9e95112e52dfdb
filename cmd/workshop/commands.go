package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/renameio"
)

// status is the command-less run: where the learner is and what to run.
func (w *world) status() error {
	p, err := loadProgress(w.root)
	if err != nil {
		return err
	}
	if !p.Welcomed {
		fmt.Fprintln(w.out, msg("welcome"))
		fmt.Fprintln(w.out)
		_ = updateProgress(w.root, func(p *Progress) { p.Welcomed = true })
	}
	done := 0
	for _, e := range w.all {
		if a := p.Exercises[e.ID]; a != nil && a.Done {
			done++
		}
	}
	fmt.Fprintf(w.out, msg("progressLine")+"\n\n", done, len(w.all))
	if done == len(w.all) {
		fmt.Fprintln(w.out, msg("allDoneVerify"))
		return nil
	}
	e := current(p, w.all)
	w.intro(e)
	if w.prebuild(e) {
		fmt.Fprintln(w.out)
		fmt.Fprintln(w.out, msg("prebuilding"))
	}
	return nil
}

// prebuild compiles the exercise's tests in the background while the
// learner reads, so that the first check does not wait for the compiler
// (a minute on a machine whose build cache is cold, with -race). It runs
// nothing: the tests' gate is closed. Its output goes to
// .workshop/prebuild.log.
func (w *world) prebuild(e *Exercise) bool {
	if os.Getenv("REDISPY_WORKSHOP_NO_PREBUILD") != "" {
		return false
	}
	args := []string{"test", "-count=1", "-run", "^$"}
	if w.race() {
		args = append(args, "-race")
	}
	cmd := exec.Command(goTool(), append(args, e.Pkg())...)
	cmd.Dir = w.root
	cmd.Env = append(os.Environ(), envRun+"=")
	if err := os.MkdirAll(filepath.Join(w.root, stateDir), 0o755); err != nil {
		return false
	}
	ensureIgnored(w.root)
	log, err := os.Create(filepath.Join(w.root, stateDir, "prebuild.log"))
	if err != nil {
		return false
	}
	defer log.Close()
	cmd.Stdout, cmd.Stderr = log, log
	return cmd.Start() == nil // not waited for: it finishes on its own
}

// intro tells the learner what an exercise is and how to start.
func (w *world) intro(e *Exercise) {
	fmt.Fprintf(w.out, msg("youAreOn")+"\n", e.ID, e.Title.In(lang))
	fmt.Fprintf(w.out, "  %s · %s · %s\n", kindName(e), chapterTitle(w.root, e.Chapter, lang), fmt.Sprintf(msg("aboutMinutes"), e.Minutes))
	if page, err := readPage(w.root, e, lang); err == nil {
		if g := firstParagraph(page.Sections["goal"]); g != "" {
			fmt.Fprintln(w.out)
			fmt.Fprintln(w.out, msg("goalLabel")+plain(g, pagePath(e, lang)))
		}
	}
	fmt.Fprintln(w.out)
	fmt.Fprintf(w.out, msg("openFile")+"\n", startLocation(e))
	fmt.Fprintf(w.out, msg("readPage")+"\n", pagePath(e, lang))
	fmt.Fprintln(w.out, msg("thenRun"))
}

func kindName(e *Exercise) string {
	if e.Kind == "buglab" {
		return msg("kindBuglab")
	}
	return msg("kindRebuild")
}

// startLocation is the first TODO(workshop) of the learner's file.
func startLocation(e *Exercise) string {
	src, err := os.ReadFile(filepath.Join(e.Dir, e.Edit))
	if err == nil {
		if n := lineOf(src, "TODO(workshop):"); n > 0 {
			return fmt.Sprintf("%s:%d", e.EditPath(), n)
		}
	}
	return e.EditPath()
}

// list shows every exercise with the learner's progress.
func (w *world) list() error {
	p, err := loadProgress(w.root)
	if err != nil {
		return err
	}
	cur := current(p, w.all)
	h := strings.Split(msg("listHeader"), "|")
	fmt.Fprintf(w.out, "%s%s %s %s\n", pad(h[0], 5), pad(h[1], 46), pad(h[2], 11), h[3])
	done := 0
	for _, e := range w.all {
		a := p.Exercises[e.ID]
		status := msg("statusTodo")
		switch {
		case a != nil && a.Done && a.passing(w.root, e):
			status = msg("statusDone")
			done++
		case a != nil && a.Done:
			status = msg("statusChanged")
		case a.passing(w.root, e):
			status = msg("statusPassing")
		}
		if e == cur {
			status = strings.TrimSpace(status + " " + msg("statusHere"))
		}
		fmt.Fprintln(w.out, strings.TrimRight(fmt.Sprintf("%02d   %s %s %s", e.N, pad(e.Title.In(lang), 46), pad(kindName(e), 11), status), " "))
	}
	fmt.Fprintln(w.out)
	fmt.Fprintf(w.out, msg("progressLine")+"\n", done, len(w.all))
	return nil
}

// pad fills s with spaces to n terminal columns (Chinese characters take
// two), cutting it short with "…" when it is longer.
func pad(s string, n int) string {
	total := 0
	for _, r := range s {
		total += runeWidth(r)
	}
	if total <= n {
		return s + strings.Repeat(" ", n-total)
	}
	width := 0
	var b strings.Builder
	for _, r := range s {
		if width+runeWidth(r) > n-1 {
			break
		}
		b.WriteRune(r)
		width += runeWidth(r)
	}
	b.WriteString("…")
	return b.String() + strings.Repeat(" ", max(0, n-width-1))
}

func runeWidth(r rune) int {
	if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) {
		return 2
	}
	return 1
}

// check runs the current or named exercise once.
func (w *world) check() error {
	e, err := w.target()
	if err != nil {
		return err
	}
	o, err := w.checkOne(e, w.out)
	if err != nil {
		return err
	}
	if !o.passed {
		return exitError(1)
	}
	return nil
}

// checkOne runs e's tests, reports, and records the outcome.
func (w *world) checkOne(e *Exercise, out io.Writer) (outcome, error) {
	race := w.race()
	res, err := runSpec{root: w.root, pkgs: []string{e.Pkg()}, race: race, redis: w.o.redis, lang: lang, timeout: e.Timeout}.run()
	if err != nil {
		return outcome{}, err
	}
	p, _ := loadProgress(w.root)
	hints := 0
	if a := p.Exercises[e.ID]; a != nil {
		hints = a.Hints
	}
	why := msg("noRace")
	if w.o.noRace {
		why = msg("noRaceAsked")
	}
	o := reportWith(out, w.root, e, res[e.ImportPath()], race, w.o.redis, hints, why)
	if e.Race && !race {
		fmt.Fprintln(out, yellow("! ")+msg("raceNeeded"))
	}
	if o.passed {
		fmt.Fprintln(out)
		fmt.Fprintln(out, "  "+msg("afterPass"))
	}
	err = updateProgress(w.root, func(p *Progress) {
		a := p.of(e.ID)
		if a.Started.IsZero() {
			a.Started = time.Now().UTC()
		}
		a.Runs++
		if o.passed {
			a.Passed, a.PassSum = time.Now().UTC(), passSum(w.root, e)
		} else {
			a.PassSum, a.Done = "", false // "done" is what the last run says
		}
		if p.Current == "" {
			p.Current = e.ID
		}
	})
	return o, err
}

// next checks the current exercise and, when it passes, moves on.
func (w *world) next() error {
	p, err := loadProgress(w.root)
	if err != nil {
		return err
	}
	e := current(p, w.all)
	o, err := w.checkOne(e, w.out)
	if err != nil {
		return err
	}
	if !o.passed {
		fmt.Fprintln(w.out)
		fmt.Fprintf(w.out, msg("nextPassFirst")+"\n", e.ID)
		return exitError(1)
	}
	var nxt *Exercise
	err = updateProgress(w.root, func(p *Progress) {
		p.of(e.ID).Done = true
		for i := range w.all {
			c := w.all[(idx(w.all, e)+1+i)%len(w.all)]
			if a := p.Exercises[c.ID]; a == nil || !a.Done {
				nxt = c
				break
			}
		}
		if nxt != nil {
			p.Current = nxt.ID
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(w.out)
	if nxt == nil {
		fmt.Fprintln(w.out, msg("allDoneVerify"))
		return nil
	}
	fmt.Fprintf(w.out, msg("movedOn")+"\n\n", e.ID)
	w.intro(nxt)
	w.prebuild(nxt)
	return nil
}

func idx(all []*Exercise, e *Exercise) int {
	for i, x := range all {
		if x == e {
			return i
		}
	}
	return 0
}

// hintPointer is the "Stuck?" line of a failing report.
func hintPointer(e *Exercise, shown int) string {
	page, err := readPage(rootOf(e), e, lang)
	if err != nil || len(page.Hints) == 0 {
		return fmt.Sprintf(msg("hintPointerNo"), pagePath(e, lang))
	}
	return fmt.Sprintf(msg("hintPointer"), min(shown+1, len(page.Hints)), len(page.Hints))
}

// rootOf is the project root of an exercise (two levels up).
func rootOf(e *Exercise) string { return filepath.Dir(filepath.Dir(e.Dir)) }

// hint shows the next hint of the exercise, or the one asked for.
func (w *world) hint() error {
	e, err := w.target()
	if err != nil {
		return err
	}
	page, err := readPage(w.root, e, lang)
	if err != nil {
		return err
	}
	if len(page.Hints) == 0 {
		return fmt.Errorf(msg("hintNone"), e.ID, pagePath(e, lang))
	}
	p, err := loadProgress(w.root)
	if err != nil {
		return err
	}
	shown := 0
	if a := p.Exercises[e.ID]; a != nil {
		shown = a.Hints
	}
	from, to := shown+1, shown+1
	switch {
	case w.o.all:
		from, to = 1, len(page.Hints)
	case len(w.o.args) > 1:
		n, err := strconv.Atoi(w.o.args[1])
		if err != nil || n < 1 || n > len(page.Hints) {
			return fmt.Errorf("hint %s: 1 to %d", w.o.args[1], len(page.Hints))
		}
		from, to = n, n
	}
	from, to = min(from, len(page.Hints)), min(to, len(page.Hints))
	for k := from; k <= to; k++ {
		h := page.Hints[k-1]
		fmt.Fprintln(w.out, bold(fmt.Sprintf(msg("hintOf"), k, len(page.Hints), h.Title)))
		fmt.Fprintln(w.out)
		fmt.Fprintln(w.out, plain(h.Body, pagePath(e, lang)))
		fmt.Fprintln(w.out)
	}
	if to < len(page.Hints) {
		fmt.Fprintf(w.out, msg("hintMore")+"\n", len(page.Hints)-to)
	} else {
		fmt.Fprintln(w.out, msg("hintLast"))
	}
	return updateProgress(w.root, func(p *Progress) {
		a := p.of(e.ID)
		a.Hints = max(a.Hints, to)
	})
}

// reference is the reference solution as the learner's file would hold
// it: the chapter's code under the exercise's header, so that a diff
// shows only what matters.
func (w *world) reference(e *Exercise) ([]byte, error) {
	ref, err := os.ReadFile(filepath.Join(w.root, e.SolutionPath()))
	if err != nil {
		return nil, err
	}
	if e.From == "" {
		return ref, nil
	}
	stub, err := e.Pristine(w.root)
	if err != nil {
		return nil, err
	}
	if i := bytes.Index(stub, []byte("\n\n")); i >= 0 && bytes.HasPrefix(stub, []byte("// Workshop exercise")) {
		return append(stub[:i+2:i+2], ref...), nil
	}
	return ref, nil
}

// solution shows the reference as a diff against the learner's file,
// once the exercise passes (or with --force).
func (w *world) solution() error {
	e, err := w.target()
	if err != nil {
		return err
	}
	p, err := loadProgress(w.root)
	if err != nil {
		return err
	}
	if a := p.Exercises[e.ID]; !a.passing(w.root, e) {
		// Not known to pass: run it, quietly, rather than trust the file.
		o, err := w.checkOne(e, io.Discard)
		if err != nil {
			return err
		}
		if !o.passed {
			if !w.o.force {
				fmt.Fprintf(w.out, msg("solutionGated")+"\n", e.ID, e.ID)
				return exitError(1)
			}
			fmt.Fprintf(w.out, msg("solutionForced")+"\n\n", e.ID)
		}
	}
	mine, err := os.ReadFile(filepath.Join(e.Dir, e.Edit))
	if err != nil {
		return err
	}
	ref, err := w.reference(e)
	if err != nil {
		return err
	}
	if bytes.Equal(mine, ref) {
		fmt.Fprintln(w.out, msg("solutionSame"))
		return nil
	}
	fmt.Fprintf(w.out, msg("solutionDiff")+"\n\n", e.SolutionPath(), e.EditPath())
	w.out.Write(diff.Diff(e.EditPath()+" (yours)", mine, e.SolutionPath()+" (reference)", ref))
	if e.From != "" {
		fmt.Fprintln(w.out)
		fmt.Fprintln(w.out, msg("solutionNote"))
	}
	return nil
}

// backupDir is where reset keeps the learner's files.
func backupDir(root string, e *Exercise) string {
	return filepath.Join(root, stateDir, "backup", e.ID)
}

// reset puts exercises back as they shipped, keeping the learner's file
// in .workshop/backup; --undo swaps the last one back.
func (w *world) reset() error {
	var list []*Exercise
	if w.o.all {
		list = w.all
	} else {
		e, err := w.target()
		if err != nil {
			return err
		}
		list = []*Exercise{e}
	}
	for _, e := range list {
		if w.o.undo {
			if err := w.undo(e); err != nil {
				return err
			}
			continue
		}
		pristine, err := e.Pristine(w.root)
		if err != nil {
			return err
		}
		path := filepath.Join(e.Dir, e.Edit)
		mine, err := os.ReadFile(path)
		if err == nil && bytes.Equal(mine, pristine) {
			fmt.Fprintf(w.out, msg("resetSame")+"\n", e.EditPath())
			continue
		}
		saved := ""
		if err == nil {
			if saved, err = w.save(e, mine); err != nil {
				return err
			}
		}
		if err := renameio.WriteFile(path, pristine); err != nil {
			return err
		}
		fmt.Fprintf(w.out, msg("resetDone")+"\n", e.EditPath(), saved)
		if !w.o.all {
			fmt.Fprintf(w.out, "  "+msg("resetUndo")+"\n", e.ID)
		}
		if err := updateProgress(w.root, func(p *Progress) {
			a := p.of(e.ID)
			a.PassSum, a.Done = "", false
		}); err != nil {
			return err
		}
	}
	if w.o.all && !w.o.undo {
		fmt.Fprintf(w.out, msg("resetUndo")+"\n", "--all")
	}
	return nil
}

// save keeps a copy of the learner's file and returns its path.
func (w *world) save(e *Exercise, data []byte) (string, error) {
	dir := backupDir(w.root, e)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	ensureIgnored(w.root)
	name := time.Now().UTC().Format("20060102T150405.000000000") + "-" + e.Edit
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return "", err
	}
	return rel(w.root, path), nil
}

// undo swaps the learner's file with the last one reset saved.
func (w *world) undo(e *Exercise) error {
	files, _ := filepath.Glob(filepath.Join(backupDir(w.root, e), "*-"+e.Edit))
	if len(files) == 0 {
		if w.o.all {
			return nil
		}
		return fmt.Errorf(msg("undoNone"), e.ID)
	}
	sort.Strings(files)
	last := files[len(files)-1]
	old, err := os.ReadFile(last)
	if err != nil {
		return err
	}
	path := filepath.Join(e.Dir, e.Edit)
	if mine, err := os.ReadFile(path); err == nil && !bytes.Equal(mine, old) {
		if _, err := w.save(e, mine); err != nil {
			return err
		}
	}
	if err := renameio.WriteFile(path, old); err != nil {
		return err
	}
	if err := os.Remove(last); err != nil {
		return err
	}
	fmt.Fprintf(w.out, msg("undoDone")+"\n", e.EditPath(), rel(w.root, last))
	return updateProgress(w.root, func(p *Progress) { p.of(e.ID).PassSum = "" })
}

// verify checks every exercise in one go test run (go runs the packages
// side by side) and records each outcome.
func (w *world) verify() error {
	fmt.Fprintf(w.out, msg("verifyHeader")+"\n\n", len(w.all))
	var pkgs []string
	for _, e := range w.all {
		pkgs = append(pkgs, e.Pkg())
	}
	race := w.race()
	res, err := runSpec{root: w.root, pkgs: pkgs, race: race, redis: w.o.redis, lang: lang, timeout: "120s"}.run()
	if err != nil {
		return err
	}
	passed := 0
	sums := map[string]string{}
	for _, e := range w.all {
		o := report(io.Discard, w.root, e, res[e.ImportPath()], race, w.o.redis, 0)
		mark := red("✗")
		if o.passed {
			mark = green("✓")
			passed++
			sums[e.ID] = passSum(w.root, e)
		}
		fmt.Fprintf(w.out, "%s %02d %s %s\n", mark, e.N, pad(e.Title.In(lang), 46), o.summary)
	}
	fmt.Fprintln(w.out)
	fmt.Fprintf(w.out, msg("verifySum")+"\n", passed, len(w.all))
	err = updateProgress(w.root, func(p *Progress) {
		for _, e := range w.all {
			a := p.of(e.ID)
			if s, ok := sums[e.ID]; ok {
				a.PassSum, a.Passed = s, time.Now().UTC()
			} else {
				a.PassSum, a.Done = "", false
			}
		}
	})
	if err != nil {
		return err
	}
	if passed < len(w.all) {
		return exitError(1)
	}
	return nil
}
