package main

// The checker's own tests. The transcripts in testdata/script/*.txtar run
// the real checker (this test binary, as the command "workshop") on a copy
// of the project, in both languages: what a learner sees, line by line.
//
//	go test ./cmd/workshop/                      # all of them
//	go test ./cmd/workshop/ -run TestScripts/check_en
//	go test ./cmd/workshop/ -run TestScripts -update   # rewrite the golden output

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the golden output in testdata/script")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"workshop": func() { os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// projectRoot is the root of the real project, two levels up.
func projectRoot(t testing.TB) string {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// goEnv is what the go command needs to build in a script's sandbox,
// taken from this machine: the module and build caches, the toolchain.
func goEnv(t testing.TB) map[string]string {
	out, err := exec.Command(goTool(), "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT", "CGO_ENABLED", "CC").Output()
	if err != nil {
		t.Fatal(err)
	}
	v := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	return map[string]string{"GOCACHE": v[0], "GOMODCACHE": v[1], "GOPATH": v[2], "GOROOT": v[3], "CGO_ENABLED": v[4], "CC": v[5]}
}

// copyProject copies what the checker works on: the module without the
// tools' modules, the site and git.
func copyProject(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			switch rel {
			case ".git", "tools", "site", ".workshop", "ci-output":
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}

func TestScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("the checker's transcripts build and run exercises: not in -short")
	}
	root := projectRoot(t)
	env := goEnv(t)
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Setup: func(e *testscript.Env) error {
			repo := filepath.Join(e.WorkDir, "repo")
			if err := copyProject(root, repo); err != nil {
				return err
			}
			for k, v := range env {
				e.Setenv(k, v)
			}
			e.Setenv("PATH", filepath.Join(env["GOROOT"], "bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
			// -trimpath: the copy lives in a new directory each time, and
			// without it every package would be compiled again for it.
			e.Setenv("GOFLAGS", "-trimpath -buildvcs=false")
			e.Setenv("GOPROXY", "off")
			e.Setenv("GOTOOLCHAIN", "local")
			e.Setenv(EnvRoot, repo)
			e.Setenv("NO_COLOR", "1")
			e.Setenv("LANG", "C.UTF-8")
			e.Setenv("REDISPY_WORKSHOP_POLL", "50ms")
			e.Setenv("CI", "")
			e.Setenv("REDISPY_WORKSHOP_NO_PREBUILD", "1") // a background build would outlive the script
			return nil
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "cgo":
				ok, _ := cgoWorks()
				return ok, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// edit FILE OLD NEW: replace text in a file, as a learner's
			// editor would (the file is written anew, then renamed over
			// the old one, as many editors save).
			"edit": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 3 {
					ts.Fatalf("usage: edit FILE OLD NEW")
				}
				path := ts.MkAbs(args[0])
				b, err := os.ReadFile(path)
				ts.Check(err)
				if !bytes.Contains(b, []byte(args[1])) {
					ts.Fatalf("%s does not contain %q", args[0], args[1])
				}
				b = bytes.Replace(b, []byte(args[1]), []byte(args[2]), -1)
				tmp := path + ".tmp"
				ts.Check(os.WriteFile(tmp, b, 0o644))
				ts.Check(os.Rename(tmp, path))
			},
			// sleep DURATION
			"sleep": func(ts *testscript.TestScript, neg bool, args []string) {
				d, err := time.ParseDuration(args[0])
				ts.Check(err)
				time.Sleep(d)
			},
		},
	})
}
