package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// maxLeaves is how many failing tests a report shows in full; the rest
// are counted. A learner fixes one thing at a time.
const maxLeaves = 3

// outcome is a checked exercise, as the report and the progress file see it.
type outcome struct {
	passed    bool
	changed   []string // protected files that differ from the shipped ones
	summary   string   // one line, for verify and watch
	buildFail bool
}

// report writes what a run of one exercise means for the learner: build
// errors first and alone, then each failing test's own message, races and
// hangs in a sentence, and where to edit.
func report(w io.Writer, root string, e *Exercise, p *pkgResult, race, redis bool, hints int) outcome {
	return reportWith(w, root, e, p, race, redis, hints, msg("noRace"))
}

// reportWith is report with the reason given for running without -race.
func reportWith(w io.Writer, root string, e *Exercise, p *pkgResult, race, redis bool, hints int, whyNoRace string) outcome {
	var o outcome
	o.changed = changedProtected(root, e)
	fmt.Fprintf(w, "%s %s · %s\n", bold("──"), e.ID, e.Title.In(lang))
	backends := "miniredis"
	if redis {
		backends += " + redis-server"
	}
	if !usesServer(e) {
		backends = msg("noServer")
	}
	raceNote := "-race"
	if !race {
		raceNote = whyNoRace
	}
	fmt.Fprintf(w, "   go test %s · %s · %s\n\n", e.Pkg(), backends, raceNote)

	switch {
	case p == nil:
		fmt.Fprintln(w, red("✗ ")+msg("noResult"))
		o.summary = msg("noResult")
	case p.BuildFailed:
		o.buildFail = true
		fmt.Fprintln(w, red("✗ ")+fmt.Sprintf(msg("buildFailed"), e.ID))
		for _, l := range cleanBuild(p.BuildOutput) {
			fmt.Fprintln(w, "    "+l)
		}
		o.summary = msg("buildFailedShort")
		fmt.Fprintln(w)
		fmt.Fprintf(w, "%s%s\n", msg("editLabel"), buildLocation(root, e, p.BuildOutput))
	case p.Passed():
		if len(o.changed) > 0 {
			break
		}
		o.passed = true
		passed, _ := p.CountTests()
		fmt.Fprintln(w, green("✓ ")+fmt.Sprintf(msg("passed"), e.ID, passed))
		for _, s := range p.Skipped() {
			fmt.Fprintln(w, "  "+fmt.Sprintf(msg("skippedNote"), s.Name, skipReason(s)))
		}
		o.summary = fmt.Sprintf(msg("passedShort"), passed)
	default:
		failing(w, root, e, p, hints)
		passed, total := p.CountTests()
		o.summary = fmt.Sprintf(msg("failingShort"), total-passed, total)
	}
	if len(o.changed) > 0 {
		o.passed = false
		fmt.Fprintln(w)
		for _, f := range o.changed {
			fmt.Fprintln(w, yellow("! ")+fmt.Sprintf(msg("changedProtected"), f))
		}
		fmt.Fprintf(w, "  %s git checkout -- %s\n", msg("restoreIt"), strings.Join(o.changed, " "))
		o.summary = msg("changedShort")
	}
	return o
}

// failing writes the failing tests of a package that built.
func failing(w io.Writer, root string, e *Exercise, p *pkgResult, hints int) {
	leaves := failedLeaves(p)
	if p.TimedOut {
		// The hang first: it is why the tests after it never ran.
		sort.SliceStable(leaves, func(i, j int) bool { return isRunning(leaves[i], p) && !isRunning(leaves[j], p) })
		fmt.Fprintln(w, red("✗ ")+msg("stoppedAtHang"))
		fmt.Fprintln(w)
	}
	shown := 0
	for _, t := range leaves {
		if shown == maxLeaves {
			fmt.Fprintf(w, "  "+msg("moreFailing")+"\n\n", len(leaves)-shown)
			break
		}
		shown++
		fmt.Fprintln(w, red("✗ ")+t.Name)
		body := testBody(t.Output)
		if p.TimedOut && isRunning(t, p) {
			fmt.Fprintln(w, "    "+msg("hangTimeout"))
			if at := frameIn(t.Output, e); at != "" {
				fmt.Fprintln(w, "    "+fmt.Sprintf(msg("hangAt"), at))
			}
			fmt.Fprintln(w, "    "+msg("hangHint"))
			fmt.Fprintln(w)
			continue
		}
		if races := condenseRaces(body, e); len(races) > 0 {
			fmt.Fprintln(w, "    "+msg("raceFound"))
			for _, r := range races {
				fmt.Fprintln(w, "        "+r)
			}
			body = dropRaceReports(body)
		}
		if pan := panicLine(body); pan != "" {
			fmt.Fprintln(w, "    "+fmt.Sprintf(msg("panicked"), pan))
			if at := frameIn(t.Output, e); at != "" {
				fmt.Fprintln(w, "    "+fmt.Sprintf(msg("panicAt"), at))
			}
			fmt.Fprintln(w)
			continue
		}
		for _, l := range body {
			fmt.Fprintln(w, "    "+l)
		}
		fmt.Fprintln(w)
	}
	if len(leaves) == 0 {
		// The package failed with no test to blame: TestMain, a panic at
		// init, a timeout between tests.
		fmt.Fprintln(w, red("✗ ")+msg("packageFailed"))
		for _, l := range tail(p.Output, 15) {
			fmt.Fprintln(w, "    "+l)
		}
		fmt.Fprintln(w)
	}
	passed, total := p.CountTests()
	fmt.Fprintf(w, msg("failCount")+"\n", total-passed, total)
	fmt.Fprintf(w, "%s%s\n", msg("editLabel"), editLocation(root, e, p))
	fmt.Fprintf(w, "%s%s\n", msg("stuckLabel"), hintPointer(e, hints))
}

func tail(l []string, n int) []string {
	if len(l) > n {
		return l[len(l)-n:]
	}
	return l
}

// failedLeaves lists the failing tests that have no failing subtest: the
// ones with something to say.
func failedLeaves(p *pkgResult) []*testResult {
	var out []*testResult
	for _, name := range p.Order {
		t := p.Tests[name]
		if t.Action != "fail" {
			continue
		}
		leaf := true
		for _, other := range p.Order {
			if strings.HasPrefix(other, name+"/") && p.Tests[other].Action == "fail" {
				leaf = false
				break
			}
		}
		if leaf {
			out = append(out, t)
		}
	}
	return out
}

// isRunning reports whether t was still running when the binary stopped.
func isRunning(t *testResult, p *pkgResult) bool {
	for _, l := range t.Output {
		if strings.HasPrefix(l, "panic: test timed out") {
			return true
		}
	}
	return false
}

var reFrame = regexp.MustCompile(`^\s+(\S+\.go):([0-9]+)(?: \+0x[0-9a-f]+)?$`)

// inExercise reports whether a stack frame's file is one of e's: an
// absolute path, or a module path when the tests were built with
// -trimpath.
func inExercise(file string, e *Exercise) bool {
	dir := filepath.ToSlash(filepath.Dir(file))
	return dir == filepath.ToSlash(e.Dir) || strings.HasSuffix(dir, "/workshop/"+e.ID)
}

// frameIn finds, in a stack dump, the first frame in the learner's file
// (else in any file of the exercise that is not a test), as
// "workshop/07-blocking-pool/blocking.go:45 (GetConnection)".
func frameIn(lines []string, e *Exercise) string {
	best := ""
	for i, l := range lines {
		m := reFrame.FindStringSubmatch(l)
		if m == nil || !inExercise(m[1], e) {
			continue
		}
		fn := ""
		if i > 0 {
			fn = funcName(lines[i-1])
		}
		at := "workshop/" + e.ID + "/" + filepath.Base(m[1]) + ":" + m[2]
		if fn != "" {
			at += " (" + fn + ")"
		}
		if filepath.Base(m[1]) == e.Edit {
			return at
		}
		if best == "" && !strings.HasSuffix(m[1], "_test.go") {
			best = at
		}
	}
	return best
}

// funcName turns a stack line such as
// "github.com/x/y.(*ConnectionPool[...]).GetConnection(0xc000, ...)"
// into "GetConnection".
func funcName(line string) string {
	line = strings.TrimSpace(line)
	if i := strings.LastIndex(line, "("); i > 0 && strings.HasSuffix(line, ")") {
		line = line[:i]
	}
	if i := strings.LastIndex(line, "."); i >= 0 {
		line = line[i+1:]
	}
	if strings.HasPrefix(line, "func") || line == "" {
		return ""
	}
	return line
}

// reHelperLoc is the file:line the testing package puts before a line
// logged by the workshop's own helpers, which tells a learner nothing.
var reHelperLoc = regexp.MustCompile(`^(\s*)(?:wredis|wtest|resp)\.go:[0-9]+: `)

// testBody is a test's output without go test's own lines, dedented.
func testBody(lines []string) []string {
	var out []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- FAIL") || strings.HasPrefix(t, "--- PASS") || strings.HasPrefix(t, "--- SKIP") {
			continue
		}
		l = reHelperLoc.ReplaceAllString(l, "$1")
		out = append(out, strings.TrimRight(l, " \t"))
	}
	indent := -1
	for _, l := range out {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " "))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range out {
		if len(l) >= indent && indent > 0 {
			out[i] = l[indent:]
		}
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	return out
}

var reAccess = regexp.MustCompile(`^(Read|Write|Previous read|Previous write) at 0x[0-9a-f]+ by (goroutine [0-9]+|main goroutine):`)

// condenseRaces turns the race detector's reports into one line per
// access: "write by goroutine 9 in GetConnection at pool.go:103".
func condenseRaces(lines []string, e *Exercise) []string {
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(lines); i++ {
		m := reAccess.FindStringSubmatch(strings.TrimSpace(lines[i]))
		if m == nil {
			continue
		}
		var frames []string
		for j := i + 1; j < len(lines) && strings.TrimSpace(lines[j]) != "" && len(frames) < 2; j++ {
			if reAccess.MatchString(strings.TrimSpace(lines[j])) {
				break
			}
			if f := reFrame.FindStringSubmatch(lines[j]); f != nil && inExercise(f[1], e) && !strings.HasSuffix(f[1], "_test.go") {
				frames = append(frames, fmt.Sprintf("%s (%s:%s)", funcName(lines[j-1]), "workshop/"+e.ID+"/"+filepath.Base(f[1]), f[2]))
			}
		}
		at := strings.Join(frames, " ← ")
		if at == "" {
			continue
		}
		access := strings.ToLower(m[1])
		if lang == "zh" {
			access = map[string]string{"read": "读取", "write": "写入", "previous read": "先前读取", "previous write": "先前写入"}[access]
		}
		line := fmt.Sprintf(msg("raceLine"), access, m[2], at)
		if !seen[line] && len(out) < 4 {
			seen[line] = true
			out = append(out, line)
		}
	}
	return out
}

// dropRaceReports removes the detector's reports (between its ====
// lines) and its "race detected" line from a test's output.
func dropRaceReports(lines []string) []string {
	var out []string
	in := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case t == "==================":
			in = !in
			continue
		case in:
			continue
		case strings.Contains(t, "race detected during execution of test"):
			continue
		}
		out = append(out, l)
	}
	return out
}

// panicLine is the "panic: ..." line of a test that panicked.
func panicLine(lines []string) string {
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "panic: ") && !strings.HasPrefix(t, "panic: test timed out") {
			t = strings.TrimPrefix(t, "panic: ")
			if i := strings.Index(t, " [recovered"); i >= 0 {
				t = t[:i]
			}
			return t
		}
	}
	return ""
}

func skipReason(t *testResult) string {
	body := testBody(t.Output)
	for _, l := range body {
		if i := strings.Index(l, ": "); i >= 0 && strings.Contains(l[:i], ".go:") {
			return strings.TrimSpace(l[i+2:])
		}
	}
	return strings.Join(body, " ")
}

var reBuildLoc = regexp.MustCompile(`^(?:\./)?([^\s:]+\.go):([0-9]+)(?::[0-9]+)?: `)

// cleanBuild is go's build output without its "# package" lines.
func cleanBuild(lines []string) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		out = append(out, strings.TrimPrefix(l, "./"))
	}
	return out
}

// buildLocation is the first build error's file:line.
func buildLocation(root string, e *Exercise, lines []string) string {
	for _, l := range cleanBuild(lines) {
		if m := reBuildLoc.FindStringSubmatch(l); m != nil {
			return m[1] + ":" + m[2]
		}
	}
	return e.EditPath()
}

// editLocation is where the learner should look: the race or panic
// frame in their file, else the first TODO(workshop) left, else the
// first replaced section.
func editLocation(root string, e *Exercise, p *pkgResult) string {
	for _, t := range failedLeaves(p) {
		if at := frameIn(t.Output, e); strings.HasPrefix(at, e.EditPath()+":") {
			return at
		}
	}
	src, err := os.ReadFile(filepath.Join(e.Dir, e.Edit))
	if err != nil {
		return e.EditPath()
	}
	if n := lineOf(src, "TODO(workshop):"); n > 0 {
		return fmt.Sprintf("%s:%d   "+msg("todoNote"), e.EditPath(), n)
	}
	var names []string
	for name := range e.Replace {
		names = append(names, name)
	}
	sort.Strings(names)
	best := 0
	for _, name := range names {
		if n := lineOf(src, "[start:"+name+"]"); n > 0 && (best == 0 || n < best) {
			best = n
		}
	}
	if best > 0 {
		return fmt.Sprintf("%s:%d", e.EditPath(), best+1)
	}
	return e.EditPath()
}

// lineOf is the 1-based line of the first occurrence of s, or 0.
func lineOf(src []byte, s string) int {
	i := bytes.Index(src, []byte(s))
	if i < 0 {
		return 0
	}
	return bytes.Count(src[:i], []byte("\n")) + 1
}

// changedProtected lists the exercise's files other than the learner's
// that differ from what it shipped with (workshop/sums.txt).
func changedProtected(root string, e *Exercise) []string {
	sums, err := readSums(root)
	if err != nil {
		return nil
	}
	files, err := e.Protected()
	if err != nil {
		return nil
	}
	var out []string
	for _, f := range files {
		want, ok := sums[f]
		b, err := os.ReadFile(filepath.Join(root, f))
		if !ok || err != nil || fileSum(b) != want {
			out = append(out, f)
		}
	}
	return out
}

// usesServer reports whether the exercise's tests start servers.
func usesServer(e *Exercise) bool {
	files, _ := filepath.Glob(filepath.Join(e.Dir, "*_test.go"))
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil && bytes.Contains(b, []byte("wredis.")) {
			return true
		}
	}
	return false
}
