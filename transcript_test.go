package redispy_test

// Transcripts: what a reader would see in a terminal while a scenario runs.
//
// A scenario script (testdata/scripts/NAME.txtar) mixes three kinds of
// line: narration (# comments), the commands a reader would type (newpool,
// get, stats, call...: every command of internal/scenario) and
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
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/internal/scenario"
)

var (
	languages  = scenario.Languages
	isLanguage = scenario.IsLanguage
)

// backends' names are the conditions a shown command may be guarded by.
func init() {
	var names []string
	for _, b := range backends {
		names = append(names, b.name)
	}
	if strings.Join(names, " ") != strings.Join(scenario.Backends, " ") {
		panic("scripts_test.go's backends are not internal/scenario's Backends")
	}
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
func (cfg scriptConfig) checkTranscript(t testscript.T, s *run) {
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

// socketPath is the Unix socket of the run's server, or "".
func (s *run) socketPath() string {
	if s.server == nil {
		return ""
	}
	return s.server.SocketPath
}

func (cfg scriptConfig) checkLanguage(s *run, lang string) error {
	data, err := os.ReadFile(filepath.Join(cfg.dir, s.name+".txtar"))
	if err != nil {
		return err
	}
	lines, err := scenario.ParseScript(data)
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
		outs[i] = scenario.Normalise(st.out.String(), s.socketPath())
	}
	got, err := scenario.Render(lines, outs, cfg.backend, lang, strings.Split(string(old), "\n"))
	if err != nil {
		return fmt.Errorf("%s.txtar: %v", s.name, err)
	}
	if cfg.show == lang {
		cfg.printShown(fmt.Sprintf("--- %s on %s\n%s\n", s.name, cfg.backend, got))
	}
	if cfg.update {
		written.Lock()
		defer written.Unlock()
		if prev, ok := written.by[path]; ok && prev.backend != cfg.backend && scenario.SharedLines(prev.text) != scenario.SharedLines(got) {
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
			lines, err := scenario.ParseScript(data)
			require.NoError(t, err)
			for _, p := range scenario.NarrationProblems(lines) {
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
		s := &run{name: "two"}
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
