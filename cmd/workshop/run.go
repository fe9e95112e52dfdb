package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// The environment of an exercise's tests; workshop/internal/wtest reads
// the same names.
const (
	envRun   = "REDISPY_WORKSHOP"
	envLang  = "REDISPY_WORKSHOP_LANG"
	envRedis = "REDISPY_WORKSHOP_REDIS"
)

// runSpec is one `go test -json` over one or more exercise packages.
type runSpec struct {
	root    string
	pkgs    []string          // patterns: "./workshop/01-tree/"
	overlay map[string]string // file (relative to root) -> replacement (absolute); nil: none
	race    bool
	redis   bool
	lang    string
	timeout string
	noGate  bool // run packages that are not exercises (transplant)
	p       int  // packages run at once (go test -p); 0: go's default
}

// event is one line of `go test -json` (cmd/test2json), build events included.
type event struct {
	Action      string
	Package     string
	ImportPath  string
	Test        string
	Output      string
	FailedBuild string
	Elapsed     float64
}

// testResult is one test or subtest.
type testResult struct {
	Name   string
	Action string // "pass", "fail", "skip"; "" while running (a timeout)
	Output []string
}

// pkgResult is what one package did.
type pkgResult struct {
	ImportPath  string
	Action      string // "pass", "fail", "skip"
	BuildFailed bool
	BuildOutput []string
	Tests       map[string]*testResult
	Order       []string // test names in the order they started
	Output      []string // lines printed outside any test
	TimedOut    bool
	Elapsed     float64 // seconds the test binary ran
}

// run runs the tests and returns each package's result, by import path.
func (r runSpec) run() (map[string]*pkgResult, error) {
	args := []string{"test", "-json", "-count=1"}
	if r.race {
		args = append(args, "-race")
	}
	timeout := r.timeout
	if timeout == "" {
		timeout = "60s"
	}
	args = append(args, "-timeout", timeout)
	if r.p > 0 {
		args = append(args, "-p", strconv.Itoa(r.p))
	}
	if len(r.overlay) > 0 {
		f, err := writeOverlay(r.root, r.overlay)
		if err != nil {
			return nil, err
		}
		defer os.Remove(f)
		args = append(args, "-overlay", f)
	}
	args = append(args, r.pkgs...)
	cmd := exec.Command(goTool(), args...)
	cmd.Dir = r.root
	cmd.Env = append(os.Environ(), envLang+"="+r.lang)
	if !r.noGate {
		cmd.Env = append(cmd.Env, envRun+"=1")
	}
	if r.redis {
		cmd.Env = append(cmd.Env, envRedis+"=1")
	} else {
		cmd.Env = append(cmd.Env, envRedis+"=")
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	results := parseEvents(out)
	werr := cmd.Wait()
	if len(results) == 0 && werr != nil {
		// go itself failed (a bad pattern, a broken go.mod): say what it said.
		return nil, &goError{strings.TrimSpace(stderr.String()), werr}
	}
	// Errors go prints outside -json (a package that does not exist, an
	// overlay it cannot read) belong to no package: keep them visible.
	if s := strings.TrimSpace(stderr.String()); s != "" {
		for _, p := range results {
			if p.Action == "fail" && len(p.Tests) == 0 && !p.BuildFailed {
				p.Output = append(p.Output, strings.Split(s, "\n")...)
			}
		}
	}
	return results, nil
}

type goError struct {
	stderr string
	err    error
}

func (g *goError) Error() string {
	if g.stderr != "" {
		return g.stderr
	}
	return g.err.Error()
}

// goTool is the go command: the one running this program when it was
// started by `go run`, else the first on PATH.
func goTool() string {
	if g := filepath.Join(runtime.GOROOT(), "bin", "go"); fileExists(g) {
		return g
	}
	return "go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// writeOverlay writes an -overlay file; paths are made absolute, as go
// wants them.
func writeOverlay(root string, m map[string]string) (string, error) {
	repl := map[string]string{}
	for from, to := range m {
		if !filepath.IsAbs(from) {
			from = filepath.Join(root, filepath.FromSlash(from))
		}
		repl[from] = to
	}
	b, err := json.Marshal(map[string]any{"Replace": repl})
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp("", "workshop-overlay-*.json")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := f.Write(b); err != nil {
		return "", err
	}
	return f.Name(), nil
}

// parseEvents reads go test -json output.
func parseEvents(r io.Reader) map[string]*pkgResult {
	results := map[string]*pkgResult{}
	get := func(path string) *pkgResult {
		if i := strings.Index(path, " ["); i >= 0 {
			path = path[:i] // "pkg [pkg.test]"
		}
		p, ok := results[path]
		if !ok {
			p = &pkgResult{ImportPath: path, Tests: map[string]*testResult{}}
			results[path] = p
		}
		return p
	}
	buildOut := map[string][]string{} // by the ImportPath of the build
	used := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Bytes()
		var ev event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &ev) != nil {
			continue
		}
		switch ev.Action {
		case "build-output":
			buildOut[ev.ImportPath] = append(buildOut[ev.ImportPath], strings.TrimRight(ev.Output, "\n"))
			continue
		case "build-fail":
			continue
		}
		if ev.Package == "" {
			continue
		}
		p := get(ev.Package)
		if ev.FailedBuild != "" {
			p.BuildFailed = true
			p.BuildOutput = append(p.BuildOutput, buildOut[ev.FailedBuild]...)
			used[ev.FailedBuild] = true
		}
		if ev.Test == "" {
			switch ev.Action {
			case "output":
				o := strings.TrimRight(ev.Output, "\n")
				if strings.HasPrefix(o, "panic: test timed out") {
					p.TimedOut = true
				}
				p.Output = append(p.Output, o)
			case "pass", "fail", "skip":
				p.Action, p.Elapsed = ev.Action, ev.Elapsed
			}
			continue
		}
		t, ok := p.Tests[ev.Test]
		if !ok {
			t = &testResult{Name: ev.Test}
			p.Tests[ev.Test] = t
			p.Order = append(p.Order, ev.Test)
		}
		switch ev.Action {
		case "output":
			o := strings.TrimRight(ev.Output, "\n")
			if strings.HasPrefix(o, "panic: test timed out") {
				p.TimedOut = true
			}
			t.Output = append(t.Output, o)
		case "pass", "fail", "skip":
			t.Action = ev.Action
		}
	}
	// Build failures of packages that no test event named (a dependency).
	for path, lines := range buildOut {
		if !used[path] && len(lines) > 0 {
			p := get(path)
			p.BuildFailed, p.Action = true, "fail"
			p.BuildOutput = lines
		}
	}
	for _, p := range results {
		for _, t := range p.Tests {
			if t.Action == "" && p.Action == "fail" {
				t.Action = "fail" // it was running when the binary died
			}
		}
	}
	return results
}

// TopFailed lists the top-level tests that failed, in order.
func (p *pkgResult) TopFailed() []string {
	var out []string
	for _, name := range p.Order {
		if !strings.Contains(name, "/") && p.Tests[name].Action == "fail" {
			out = append(out, name)
		}
	}
	return out
}

// Skipped lists the tests and subtests that were skipped, with why.
func (p *pkgResult) Skipped() []*testResult {
	var out []*testResult
	for _, name := range p.Order {
		if t := p.Tests[name]; t.Action == "skip" {
			out = append(out, t)
		}
	}
	return out
}

// Passed reports whether the package built and every test passed.
func (p *pkgResult) Passed() bool {
	return p != nil && !p.BuildFailed && p.Action == "pass"
}

// CountTests counts the top-level tests that ran.
func (p *pkgResult) CountTests() (passed, total int) {
	for _, name := range p.Order {
		if strings.Contains(name, "/") {
			continue
		}
		total++
		if p.Tests[name].Action == "pass" {
			passed++
		}
	}
	return
}

// cgoWorks reports whether -race can be used here: cgo on, and a C
// compiler to be found. The answer is computed once.
var cgoWorks = sync.OnceValues(func() (bool, string) {
	out, err := exec.Command(goTool(), "env", "CGO_ENABLED", "CC").Output()
	if err != nil {
		return false, err.Error()
	}
	f := strings.Fields(string(out))
	if len(f) < 1 || f[0] != "1" {
		return false, "CGO_ENABLED=0"
	}
	cc := "gcc"
	if len(f) > 1 {
		cc = f[1]
	}
	if _, err := exec.LookPath(cc); err != nil {
		return false, "no C compiler (" + cc + ")"
	}
	return true, ""
})
