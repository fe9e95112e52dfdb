package redispy_test

// Transcripts: what a reader would see in a terminal while a scenario runs.
//
// A scenario script (testdata/scripts/NAME.txtar) mixes three kinds of
// line: narration (# comments), the commands a reader would type (newpool,
// get, stats, call...: every command of scenarioCmds, faultCmds and lockCmds) and
// the assertions that make the script a test (stdout, stderr, cmp, skip
// and the other testscript builtins). Its transcript keeps the first two and what each
// command printed, stdout and stderr interleaved as written, and drops the
// assertions:
//
//	# The first GetConnection creates a Connection object...
//	$ get p c1
//	$ stats p
//	created=1 available=0 in_use=1
//	$ release p c1
//	$ release p c1
//	RedisError: connection is not in use
//
// A command the script expects to fail (! release p c1) is shown as typed,
// without the !: a terminal shows no such sign, and the error it prints
// says it failed. Commands are shown as written in the script, after their
// guards.
//
// One source, two languages. Each narration block (consecutive # lines)
// holds English lines and then their Chinese twin, marked "# zh:":
//
//	# The first GetConnection creates a Connection object...
//	# zh: 第一次 GetConnection 创建一个 Connection 对象……
//
// The English transcript shows the English lines, the Chinese one the
// Chinese lines, both as "# text"; commands and outputs are the same in
// both. TestNarrationTwins fails on a block without its twin.
//
// Golden files. Every run renders the transcript in both languages and
// compares it with testdata/scripts/transcripts/NAME.en.txt and
// NAME.zh.txt; a difference fails the script with a diff, and
// `go test -run TestScripts . -update` rewrites them. The pages include
// these files, NAME.en.txt on an English page and NAME.zh.txt on its
// Chinese twin (internal/docscheck holds each page to its own language),
// so a page shows what the test run printed and cannot drift from the
// code.
//
// Both backends, one file. miniredis and redis-server are compared with the
// same golden file, so what they print must be the same. Output that
// varies from run to run is normalised first (normalise: ports, the Unix
// socket's path, pointers) and lines end without trailing blanks. Where a
// backend really prints something else, the script guards the command with
// [miniredis] or [redis-server] and the transcript says so on each of its
// lines:
//
//	[redis-server] $ do a NOSUCHCOMMAND
//	[redis-server] ResponseError: unknown command 'NOSUCHCOMMAND', ...
//	[miniredis] $ do a NOSUCHCOMMAND
//	[miniredis] ResponseError: unknown command `NOSUCHCOMMAND`, ...
//
// A run on one backend cannot see the other's output, so it takes those
// lines from the golden file as they are; with -update the two backends
// run one after the other, each writing its own lines, and a difference
// in an unguarded line between them is reported (guard it). A script that
// skips itself on a backend (connection_unix_socket on miniredis) is
// compared only where it runs.
//
// `go test -run 'TestScripts/miniredis/NAME$' -args -show=en` (make
// scenario NAME=...; no package argument, or go test hides the output of
// a passing package) prints the transcript of each script that ran.

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/internal/redistest"
)

// languages of the narration, the first one unmarked ("# text"), the
// others marked "# zh: text".
var languages = []string{"en", "zh"}

func isLanguage(s string) bool { return slices.Contains(languages, s) }

// ---------------------------------------------------------------------------
// Reading a script
// ---------------------------------------------------------------------------

type lineKind int

const (
	blankLine lineKind = iota
	narrationLine
	commandLine // a scenario command: a step of the transcript
	checkLine   // anything else (stdout, stderr, cmp, skip...): not shown
)

// scriptLine is one line of a script as its transcript sees it.
type scriptLine struct {
	num  int // 1-based, in the file
	kind lineKind
	lang string // narration: "en" or "zh"
	text string // narration: the text after "# " or "# zh: "; command: as typed, without guards and !
	name string // command: its name
	only string // command: the one backend it runs on, or "" for all
}

// isScenarioCmd reports whether name is a command of the scenarios (a step
// of the transcript), not a testscript builtin.
func isScenarioCmd(name string) bool {
	return scenarioCmds[name] != nil || faultCmds[name] != nil || lockCmds[name] != nil
}

// parseScript reads the script part of a txtar archive.
func parseScript(data []byte) ([]scriptLine, error) {
	var out []scriptLine
	for i, raw := range strings.Split(string(txtar.Parse(data).Comment), "\n") {
		l := scriptLine{num: i + 1}
		line := strings.TrimSpace(raw)
		switch {
		case line == "":
			l.kind = blankLine
		case strings.HasPrefix(line, "#"):
			l.kind, l.lang, l.text = narrationLine, languages[0], strings.TrimPrefix(line, "#")
			for _, lang := range languages[1:] {
				if rest, ok := strings.CutPrefix(strings.TrimSpace(l.text), lang+":"); ok {
					l.lang, l.text = lang, rest
				}
			}
			l.text = strings.TrimSpace(l.text)
		default:
			only, rest, err := guards(line)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", l.num, err)
			}
			if r, ok := strings.CutPrefix(rest, "!"); ok && (r == "" || r[0] == ' ' || r[0] == '\t') {
				rest = strings.TrimSpace(r)
			}
			l.kind, l.text = checkLine, rest
			if f := strings.Fields(rest); len(f) > 0 && isScenarioCmd(f[0]) {
				l.kind, l.name = commandLine, f[0]
				if l.only, err = onlyOn(only); err != nil {
					return nil, fmt.Errorf("line %d: %s: %v", l.num, rest, err)
				}
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// guards splits the [cond] prefixes off a command line.
func guards(line string) (conds []string, rest string, err error) {
	rest = line
	for strings.HasPrefix(rest, "[") {
		end := strings.Index(rest, "]")
		if end < 0 {
			return nil, "", fmt.Errorf("%q: a [ without its ]", line)
		}
		conds = append(conds, strings.TrimSpace(rest[1:end]))
		rest = strings.TrimSpace(rest[end+1:])
	}
	return conds, rest, nil
}

// onlyOn is the backend a command guarded by conds runs on, or "" for
// every backend. A transcript shows the same commands wherever it runs, so
// a shown command may only be guarded by backends.
func onlyOn(conds []string) (string, error) {
	var on []string
	for _, b := range backends {
		on = append(on, b.name)
	}
	for _, c := range conds {
		name, negated := strings.CutPrefix(c, "!")
		name = strings.TrimSpace(name)
		if !slices.ContainsFunc(backends, func(b backend) bool { return b.name == name }) {
			return "", fmt.Errorf("[%s]: a shown command can be guarded by a backend only ([miniredis], [redis-server])", c)
		}
		on = slices.DeleteFunc(on, func(b string) bool { return (b == name) == negated })
	}
	switch len(on) {
	case 0:
		return "", fmt.Errorf("runs on no backend")
	case len(backends):
		return "", nil
	}
	if len(on) > 1 {
		return "", fmt.Errorf("runs on %v: guard it by one backend, or none", on)
	}
	return on[0], nil
}

// narrationProblems lists the narration blocks of a script that lack a
// language, or mix them up.
func narrationProblems(lines []scriptLine) []string {
	var problems []string
	for i := 0; i < len(lines); {
		if lines[i].kind != narrationLine {
			i++
			continue
		}
		start := i
		has := map[string]bool{}
		prev := 0
		for ; i < len(lines) && lines[i].kind == narrationLine; i++ {
			l := lines[i]
			k := slices.Index(languages, l.lang)
			if k < prev {
				problems = append(problems, fmt.Sprintf("line %d: %s narration after %s: write the English lines first, then each twin",
					l.num, l.lang, languages[prev]))
			}
			prev = max(prev, k)
			if l.text != "" {
				has[l.lang] = true
			}
		}
		for _, lang := range languages {
			if !has[lang] {
				twin := "# " + lang + ": ..."
				if lang == languages[0] {
					twin = "# ..."
				}
				problems = append(problems, fmt.Sprintf("line %d: this narration has no %s twin (add %s lines to the block)",
					lines[start].num, lang, twin))
			}
		}
	}
	return problems
}

// ---------------------------------------------------------------------------
// Rendering a transcript
// ---------------------------------------------------------------------------

// normalisers make output the same from run to run and backend to backend.
// Commands print no timings; if one ever does, it belongs here.
var normalisers = []struct {
	re   *regexp.Regexp
	with string
}{
	// The test servers listen on free ports, clients on ephemeral ones.
	{regexp.MustCompile(`(\b\d{1,3}(?:\.\d{1,3}){3}|\blocalhost|\[[0-9a-fA-F:]+\]):\d+\b`), "$1:<port>"},
	// Pointers, as %#v prints them inside a value.
	{regexp.MustCompile(`\b0x[0-9a-f]{6,}\b`), "<pointer>"},
	// Blanks at the end of a line are invisible in a terminal.
	{regexp.MustCompile(`(?m)[ \t]+$`), ""},
}

// normalise is out as the transcript shows it, for a script that ran on srv.
func normalise(out string, srv *redistest.Server) string {
	if srv != nil && srv.SocketPath != "" {
		out = strings.ReplaceAll(out, srv.SocketPath, "<socket>")
	}
	for _, n := range normalisers {
		out = n.re.ReplaceAllString(out, n.with)
	}
	return strings.TrimRight(out, "\n")
}

// render is the transcript, in lang, of a run of the script on backend
// whose steps printed outs (normalised, one per command that ran, in
// order). The lines of commands guarded for another backend come from
// golden, the transcript as it was.
func render(lines []scriptLine, outs []string, backend, lang string, golden []string) (string, error) {
	var out []string
	blank := func() {
		if len(out) > 0 && out[len(out)-1] != "" {
			out = append(out, "")
		}
	}
	next := 0
	seen := map[string]int{} // how often each guarded command line came so far
	for _, l := range lines {
		switch l.kind {
		case blankLine:
			blank()
		case narrationLine:
			if l.lang == lang {
				out = append(out, strings.TrimSpace("# "+l.text))
			}
		case commandLine:
			prefix := ""
			if l.only != "" {
				prefix = "[" + l.only + "] "
			}
			head := prefix + "$ " + l.text
			out = append(out, head)
			if l.only != "" && l.only != backend {
				out = append(out, fromGolden(golden, head, seen[head], prefix)...)
				seen[head]++
				continue
			}
			if next == len(outs) {
				return "", fmt.Errorf("line %d: %s: the run ended before this command", l.num, l.text)
			}
			if o := outs[next]; o != "" {
				for _, ol := range strings.Split(o, "\n") {
					out = append(out, prefix+ol)
				}
			}
			next++
		}
	}
	if next != len(outs) {
		return "", fmt.Errorf("%d commands ran, the script shows %d", len(outs), next)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n") + "\n", nil
}

// fromGolden is the output under the n-th (from 0) line head of golden:
// the lines after it that carry prefix, up to the next command.
func fromGolden(golden []string, head string, n int, prefix string) []string {
	for i, g := range golden {
		if g != head {
			continue
		}
		if n > 0 {
			n--
			continue
		}
		var out []string
		for _, o := range golden[i+1:] {
			if !strings.HasPrefix(o, prefix) || strings.HasPrefix(o, prefix+"$ ") {
				break
			}
			out = append(out, o)
		}
		return out
	}
	return nil
}

// sharedLines drops the lines of guarded commands: what every backend
// must print alike.
func sharedLines(transcript string) string {
	var keep []string
	for _, l := range strings.Split(transcript, "\n") {
		if !slices.ContainsFunc(backends, func(b backend) bool { return strings.HasPrefix(l, "["+b.name+"] ") }) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// ---------------------------------------------------------------------------
// Checking a run against its golden transcript
// ---------------------------------------------------------------------------

func goldenPath(dir, name, lang string) string {
	return filepath.Join(dir, name+"."+lang+".txt")
}

// written remembers, under -update, which backend wrote each transcript
// in this run, so that the next backend can tell where they differ.
var written = struct {
	sync.Mutex
	by map[string]writtenBy
}{by: map[string]writtenBy{}}

type writtenBy struct{ backend, text string }

var showMu sync.Mutex

// printShown prints text for -show, in one piece: scripts run in parallel.
func (cfg scriptConfig) printShown(text string) {
	w := cfg.out
	if w == nil {
		w = os.Stdout
	}
	showMu.Lock()
	defer showMu.Unlock()
	io.WriteString(w, text)
}

// checkTranscript runs when a script ends (testscript's Defer): a script
// that ran to its end has its transcript compared with the golden files
// (or written to them under -update). A failed or skipped script is not
// compared: its own failure is the news.
func (cfg scriptConfig) checkTranscript(t testscript.T, s *scenario) {
	status, ok := t.(interface {
		Failed() bool
		Skipped() bool
	})
	if !ok {
		t.Fatal("cannot tell whether the script passed, so its transcript is not checked")
	}
	if status.Skipped() && cfg.show != "" {
		name := s.name
		if n, ok := t.(interface{ Name() string }); ok && name == "" {
			name = path.Base(n.Name())
		}
		cfg.printShown(fmt.Sprintf("--- %s on %s: skipped by the script (see its skip line)\n", name, cfg.backend))
	}
	if status.Failed() || status.Skipped() || s.name == "" {
		return
	}
	var problems []string
	for _, lang := range languages {
		if err := cfg.checkLanguage(s, lang); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		t.Fatal(strings.Join(problems, "\n"))
	}
}

func (cfg scriptConfig) checkLanguage(s *scenario, lang string) error {
	data, err := os.ReadFile(filepath.Join(cfg.dir, s.name+".txtar"))
	if err != nil {
		return err
	}
	lines, err := parseScript(data)
	if err != nil {
		return fmt.Errorf("%s.txtar: %v", s.name, err)
	}
	path := goldenPath(cfg.golden, s.name, lang)
	old, err := os.ReadFile(path)
	missing := os.IsNotExist(err)
	if err != nil && !missing {
		return err
	}
	outs := make([]string, len(s.steps))
	for i, st := range s.steps {
		outs[i] = normalise(st.out.String(), s.server)
	}
	got, err := render(lines, outs, cfg.backend, lang, strings.Split(string(old), "\n"))
	if err != nil {
		return fmt.Errorf("%s.txtar: %v", s.name, err)
	}
	if cfg.show == lang {
		cfg.printShown(fmt.Sprintf("--- %s on %s\n%s\n", s.name, cfg.backend, got))
	}
	if cfg.update {
		written.Lock()
		defer written.Unlock()
		if prev, ok := written.by[path]; ok && prev.backend != cfg.backend && sharedLines(prev.text) != sharedLines(got) {
			return fmt.Errorf("%s: %s and %s print different things; guard the commands whose lines differ with [%s] and [%s]:\n%s",
				path, prev.backend, cfg.backend, prev.backend, cfg.backend,
				diff.Diff(prev.backend, []byte(prev.text), cfg.backend, []byte(got)))
		}
		written.by[path] = writtenBy{cfg.backend, got}
		if string(old) == got {
			return nil
		}
		if err := os.MkdirAll(cfg.golden, 0o755); err != nil {
			return err
		}
		return os.WriteFile(path, []byte(got), 0o644)
	}
	if missing {
		return fmt.Errorf("%s is missing; go test -run TestScripts . -update writes it", path)
	}
	if string(old) != got {
		return fmt.Errorf("%s is not what ran on %s (go test -run TestScripts . -update rewrites it):\n%s",
			path, cfg.backend, diff.Diff(path, old, "ran on "+cfg.backend, []byte(got)))
	}
	return nil
}

// ---------------------------------------------------------------------------
// Tests of the scripts and their transcripts
// ---------------------------------------------------------------------------

func scriptNames(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".txtar"))
	}
	return names
}

// TestNarrationTwins: every narration block of every script is in both
// languages, and every script parses (its shown commands are guarded by
// backends only).
func TestNarrationTwins(t *testing.T) {
	for _, name := range scriptNames(t, "testdata/scripts") {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata/scripts", name+".txtar"))
			require.NoError(t, err)
			lines, err := parseScript(data)
			require.NoError(t, err)
			for _, p := range narrationProblems(lines) {
				t.Errorf("testdata/scripts/%s.txtar: %s", name, p)
			}
		})
	}
}

// TestTranscriptFiles: each script has a transcript in each language, and
// each transcript a script (a renamed scenario leaves none behind).
func TestTranscriptFiles(t *testing.T) {
	names := scriptNames(t, "testdata/scripts")
	var want []string
	for _, n := range names {
		for _, lang := range languages {
			want = append(want, n+"."+lang+".txt")
		}
	}
	entries, err := os.ReadDir("testdata/scripts/transcripts")
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	sort.Strings(want)
	sort.Strings(got)
	assert.Equal(t, want, got, "testdata/scripts/transcripts: go test -run TestScripts . -update writes the missing ones; delete the others")
}

func TestNarrationProblems(t *testing.T) {
	lines, err := parseScript([]byte("" +
		"# Both.\n# zh: 都有。\n\n" + // fine
		"# English only.\nnewpool p\n" + // line 4: no zh
		"# zh: 只有中文。\n\n" + // line 6: no en
		"# zh: 先中文。\n# then English.\n")) // line 8: order
	require.NoError(t, err)
	assert.Equal(t, []string{
		"line 4: this narration has no zh twin (add # zh: ... lines to the block)",
		"line 6: this narration has no en twin (add # ... lines to the block)",
		"line 9: en narration after zh: write the English lines first, then each twin",
	}, narrationProblems(lines))
}

func TestParseScript(t *testing.T) {
	lines, err := parseScript([]byte("# Intro.\n# zh: 开场。\n\n" +
		"newpool p max=2\n" +
		"! get p c\n" +
		"stderr 'Too many'\n" +
		"[redis-server] stats p\n" +
		"[!redis-server] stats p\n" +
		"[miniredis] stdout x\n" +
		"-- file.txt --\nnot a line of the script\n"))
	require.NoError(t, err)
	type l struct {
		kind                   lineKind
		lang, text, name, only string
	}
	var got []l
	for _, x := range lines {
		got = append(got, l{x.kind, x.lang, x.text, x.name, x.only})
	}
	assert.Equal(t, []l{
		{narrationLine, "en", "Intro.", "", ""},
		{narrationLine, "zh", "开场。", "", ""},
		{blankLine, "", "", "", ""},
		{commandLine, "", "newpool p max=2", "newpool", ""},
		{commandLine, "", "get p c", "get", ""},
		{checkLine, "", "stderr 'Too many'", "", ""},
		{commandLine, "", "stats p", "stats", "redis-server"},
		{commandLine, "", "stats p", "stats", "miniredis"},
		{checkLine, "", "stdout x", "", ""},
		{blankLine, "", "", "", ""},
	}, got)

	for script, want := range map[string]string{
		"[short] stats p\n":                    "line 1: stats p: [short]: a shown command can be guarded by a backend only",
		"[miniredis] [redis-server] stats p\n": "line 1: stats p: runs on no backend",
		"newpool p\n\n[miniredis stats p\n":    "line 3: \"[miniredis stats p\": a [ without its ]",
	} {
		_, err := parseScript([]byte(script))
		assert.ErrorContains(t, err, want, "%q", script)
	}
}

func TestNormalise(t *testing.T) {
	srv := &redistest.Server{SocketPath: "/tmp/redistest123/redis.sock"}
	for in, want := range map[string]string{
		"Error 111 connecting 127.0.0.1:40123. Connection refused.\n":   "Error 111 connecting 127.0.0.1:<port>. Connection refused.",
		"read tcp 127.0.0.1:5555->127.0.0.1:6379: i/o timeout":          "read tcp 127.0.0.1:<port>->127.0.0.1:<port>: i/o timeout",
		"dial tcp [::1]:6379 and localhost:6380":                        "dial tcp [::1]:<port> and localhost:<port>",
		"Error connecting to unix socket: /tmp/redistest123/redis.sock": "Error connecting to unix socket: <socket>",
		"&conn{p:(*int)(0xc000012345)}":                                 "&conn{p:(*int)(<pointer>)}",
		"with args beginning with: \nnext  \n\n":                        "with args beginning with:\nnext",
		"created=1 available=0 in_use=1\nserver clients=1\n":            "created=1 available=0 in_use=1\nserver clients=1",
		"(integer) 12345": "(integer) 12345",
	} {
		assert.Equal(t, want, normalise(in, srv), "%q", in)
	}
}

func TestRender(t *testing.T) {
	lines, err := parseScript([]byte("" +
		"# A pool.\n# zh: 一个连接池。\n\n\n" +
		"newpool p max=1\n" +
		"get p a\n" +
		"! get p b\n" +
		"stderr 'Too many'\n" +
		"[redis-server] stats p\n" +
		"[miniredis] stats p\n" +
		"\n# The end.\n# zh: 完。\n"))
	require.NoError(t, err)
	outs := []string{"", "", "ConnectionError: Too many connections", "created=1 available=0 in_use=1"}
	golden := strings.Split("[redis-server] $ stats p\n[redis-server] created=1 (from the golden file)\n[miniredis] $ stats p\n[miniredis] old\n", "\n")

	en, err := render(lines, outs, "miniredis", "en", golden)
	require.NoError(t, err)
	assert.Equal(t, "# A pool.\n\n"+
		"$ newpool p max=1\n$ get p a\n$ get p b\nConnectionError: Too many connections\n"+
		"[redis-server] $ stats p\n[redis-server] created=1 (from the golden file)\n"+
		"[miniredis] $ stats p\n[miniredis] created=1 available=0 in_use=1\n\n"+
		"# The end.\n", en)
	zh, err := render(lines, outs, "miniredis", "zh", golden)
	require.NoError(t, err)
	assert.Equal(t, strings.NewReplacer("# A pool.", "# 一个连接池。", "# The end.", "# 完。").Replace(en), zh)

	_, err = render(lines, outs[:3], "miniredis", "en", nil)
	assert.ErrorContains(t, err, "line 10: stats p: the run ended before this command")
	_, err = render(lines, append(outs, "extra"), "miniredis", "en", nil)
	assert.ErrorContains(t, err, "5 commands ran, the script shows 4")
}

// fakeT runs testscript's tests in this process without failing the test
// that runs them, so a test can look at how a check failed.
type fakeT struct {
	name            string
	log             *syncBuffer
	failed, skipped bool
	subs            []*fakeT
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func (t *fakeT) Log(args ...any)   { fmt.Fprintf(t.log, "%s: %s\n", t.name, fmt.Sprint(args...)) }
func (t *fakeT) Fatal(args ...any) { t.Log(args...); t.FailNow() }
func (t *fakeT) FailNow()          { t.failed = true; runtime.Goexit() }
func (t *fakeT) Skip(args ...any)  { t.Log(args...); t.skipped = true; runtime.Goexit() }
func (t *fakeT) Parallel()         {}
func (t *fakeT) Verbose() bool     { return false }
func (t *fakeT) Failed() bool      { return t.failed }
func (t *fakeT) Skipped() bool     { return t.skipped }
func (t *fakeT) Name() string      { return t.name }

func (t *fakeT) Run(name string, f func(testscript.T)) {
	sub := &fakeT{name: t.name + "/" + name, log: t.log}
	t.subs = append(t.subs, sub)
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(sub)
	}()
	<-done
	t.failed = t.failed || sub.failed
}

// runScripts runs the scripts of cfg.dir on miniredis and returns how it
// went.
func runScripts(t *testing.T, cfg scriptConfig) *fakeT {
	t.Helper()
	cfg.backend, cfg.start = "miniredis", redistest.StartMiniredis
	ft := &fakeT{name: "TestScripts", log: &syncBuffer{}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		testscript.RunT(ft, scriptParams(cfg))
	}()
	<-done
	return ft
}

// TestTranscriptCheck: a run writes its transcript with -update, passes
// against it, and fails with a diff once a line of the golden file is
// wrong. A guarded line of the other backend is kept from the golden file.
func TestTranscriptCheck(t *testing.T) {
	dir := t.TempDir()
	golden := filepath.Join(dir, "transcripts")
	script := "" +
		"# A pool of one.\n" +
		"# zh: 只能有一个连接的连接池。\n" +
		"newpool p max=1\n" +
		"get p a\n" +
		"! get p b\n" +
		"stderr '^ConnectionError: Too many connections$'\n" +
		"stats p\n" +
		"stdout 'in_use=1'\n" +
		"[redis-server] same a a\n" +
		"\n" +
		"# Back in the pool.\n" +
		"# zh: 还回连接池。\n" +
		"release p a\n" +
		"stats p\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "pool.txtar"), []byte(script), 0o644))
	cfg := scriptConfig{dir: dir, golden: golden}

	// The redis-server line's output comes from the golden file; there is
	// none yet.
	upd := cfg
	upd.update = true
	if ft := runScripts(t, upd); ft.failed {
		t.Fatalf("-update failed:\n%s", ft.log)
	}
	en, err := os.ReadFile(goldenPath(golden, "pool", "en"))
	require.NoError(t, err)
	assert.Equal(t, "# A pool of one.\n"+
		"$ newpool p max=1\n"+
		"$ get p a\n"+
		"$ get p b\n"+
		"ConnectionError: Too many connections\n"+
		"$ stats p\n"+
		"created=1 available=0 in_use=1\n"+
		"[redis-server] $ same a a\n"+
		"\n"+
		"# Back in the pool.\n"+
		"$ release p a\n"+
		"$ stats p\n"+
		"created=1 available=1 in_use=0\n", string(en))
	zh, err := os.ReadFile(goldenPath(golden, "pool", "zh"))
	require.NoError(t, err)
	assert.Equal(t, strings.NewReplacer("# A pool of one.", "# 只能有一个连接的连接池。", "# Back in the pool.", "# 还回连接池。").Replace(string(en)), string(zh))

	// What redis-server printed stays as the golden file has it.
	withServer := strings.Replace(string(en), "[redis-server] $ same a a\n", "[redis-server] $ same a a\n[redis-server] a == a\n", 1)
	require.NoError(t, os.WriteFile(goldenPath(golden, "pool", "en"), []byte(withServer), 0o644))
	if ft := runScripts(t, cfg); ft.failed {
		t.Fatalf("the run does not match the transcript it wrote:\n%s", ft.log)
	}
	if ft := runScripts(t, upd); ft.failed {
		t.Fatalf("-update failed:\n%s", ft.log)
	}
	got, err := os.ReadFile(goldenPath(golden, "pool", "en"))
	require.NoError(t, err)
	assert.Equal(t, withServer, string(got), "-update on miniredis keeps redis-server's lines")

	// A wrong line fails the script, with a diff naming the file.
	wrong := strings.Replace(withServer, "created=1 available=1 in_use=0", "created=2 available=1 in_use=0", 1)
	require.NoError(t, os.WriteFile(goldenPath(golden, "pool", "en"), []byte(wrong), 0o644))
	ft := runScripts(t, cfg)
	assert.True(t, ft.failed, "a wrong golden line must fail the script")
	log := ft.log.String()
	assert.Contains(t, log, goldenPath(golden, "pool", "en")+" is not what ran on miniredis")
	assert.Contains(t, log, "-created=2 available=1 in_use=0")
	assert.Contains(t, log, "+created=1 available=1 in_use=0")
	assert.NotContains(t, log, "pool.zh.txt", "the Chinese transcript still matches")

	// So does a missing one.
	require.NoError(t, os.Remove(goldenPath(golden, "pool", "zh")))
	ft = runScripts(t, cfg)
	assert.True(t, ft.failed)
	assert.Contains(t, ft.log.String(), "pool.zh.txt is missing")

	// -show prints the transcript that ran.
	var shown bytes.Buffer
	sh := upd
	sh.show, sh.out = "zh", &shown
	if ft := runScripts(t, sh); ft.failed {
		t.Fatalf("-update failed:\n%s", ft.log)
	}
	assert.Equal(t, "--- pool on miniredis\n"+string(zh)+"\n", shown.String())
}

// TestTranscriptNotCheckedWhenTheScriptFails: a failing script reports its
// own failure, not a transcript diff too; a skipped one is not compared,
// and -show says it skipped.
func TestTranscriptNotCheckedWhenTheScriptFails(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "fail.txtar"),
		[]byte("# Fails.\n# zh: 失败。\nnewpool p\nstats p\nstdout 'created=7'\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "skips.txtar"),
		[]byte("# Skips.\n# zh: 跳过。\n[miniredis] skip 'not on miniredis'\nnewpool p\n"), 0o644))
	var shown bytes.Buffer
	ft := runScripts(t, scriptConfig{dir: dir, golden: filepath.Join(dir, "transcripts"), show: "en", out: &shown})
	assert.True(t, ft.failed)
	assert.Contains(t, ft.log.String(), "no match for `created=7`")
	assert.NotContains(t, ft.log.String(), "is missing")
	assert.Equal(t, "--- skips on miniredis: skipped by the script (see its skip line)\n", shown.String())
	require.Len(t, ft.subs, 2)
	assert.True(t, ft.subs[0].failed && !ft.subs[0].skipped, "fail")
	assert.True(t, ft.subs[1].skipped && !ft.subs[1].failed, "skips")
}

// TestWithoutNeedsKnownFixes: without= takes fix names from internal/fixes
// or all, and nothing else.
func TestWithoutNeedsKnownFixes(t *testing.T) {
	dir := t.TempDir()
	for name, script := range map[string]string{
		"a_known":   "newpool p without=all\nnewpool q without=handshake-failure-closes,float-repr\nnewclient r without=at-most-once\n",
		"b_unknown": "newpool p without=no-such-fix\n",
		"c_empty":   "newclient r without=\n",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".txtar"), []byte(script), 0o644))
	}
	upd := scriptConfig{dir: dir, golden: filepath.Join(dir, "transcripts"), update: true}
	ft := runScripts(t, upd)
	require.Len(t, ft.subs, 3)
	assert.False(t, ft.subs[0].failed, "known fixes:\n%s", ft.log)
	assert.True(t, ft.subs[1].failed)
	assert.True(t, ft.subs[2].failed)
	assert.Contains(t, ft.log.String(), `no fix named "no-such-fix"`)
	assert.Contains(t, ft.log.String(), "without= needs fix names")
}

// TestUpdateFindsBackendsThatDisagree: under -update, the second backend
// to write a transcript fails where an unguarded line differs from what
// the first wrote, and not where a guarded one does.
func TestUpdateFindsBackendsThatDisagree(t *testing.T) {
	dir := t.TempDir()
	script := "# Two.\n# zh: 二。\nstats p\n[miniredis] stats p\n[redis-server] stats p\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "two.txtar"), []byte(script), 0o644))
	run := func(backend string, outs ...string) error {
		s := &scenario{name: "two"}
		for _, o := range outs {
			st := &step{name: "stats"}
			st.out.WriteString(o)
			s.steps = append(s.steps, st)
		}
		cfg := scriptConfig{backend: backend, dir: dir, golden: filepath.Join(dir, "transcripts"), update: true}
		return cfg.checkLanguage(s, "en")
	}
	require.NoError(t, run("miniredis", "created=0", "mini"))
	require.NoError(t, run("redis-server", "created=0", "real"), "guarded lines may differ")
	got, err := os.ReadFile(goldenPath(filepath.Join(dir, "transcripts"), "two", "en"))
	require.NoError(t, err)
	assert.Equal(t, "# Two.\n$ stats p\ncreated=0\n[miniredis] $ stats p\n[miniredis] mini\n[redis-server] $ stats p\n[redis-server] real\n", string(got))

	err = run("miniredis", "created=1", "mini")
	require.Error(t, err, "an unguarded line that differs")
	assert.Contains(t, err.Error(), "redis-server and miniredis print different things")
	assert.Contains(t, err.Error(), "-created=0")
	assert.Contains(t, err.Error(), "+created=1")
}
