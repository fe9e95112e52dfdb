package main

// doctor says what this machine has for the workshop, and what to do
// about each gap.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

func (w *world) doctor() error {
	hard := 0
	ok := func(name, detail string) {
		fmt.Fprintf(w.out, "%s %s%s%s\n", green("✓"), name, msg("docSep"), detail)
	}
	gap := func(name, problem, fix string, required bool) {
		mark := yellow("!")
		if required {
			mark = red("✗")
			hard++
		}
		fmt.Fprintf(w.out, "%s %s%s%s\n      → %s\n", mark, name, msg("docSep"), problem, fix)
	}

	// Go, as new as go.mod asks.
	out, err := exec.Command(goTool(), "env", "GOVERSION").Output()
	have := strings.TrimSpace(string(out))
	mod, _ := os.ReadFile(filepath.Join(w.root, "go.mod"))
	need := ""
	if m := regexp.MustCompile(`(?m)^go ([0-9.]+)`).FindSubmatch(mod); m != nil {
		need = string(m[1])
	}
	switch {
	case err != nil:
		gap("go", err.Error(), msg("docGoFix"), true)
	case need != "" && versionLess(strings.TrimPrefix(have, "go"), need):
		gap("go", fmt.Sprintf(msg("docGoOld"), have, need), msg("docGoFix"), true)
	default:
		ok("go", fmt.Sprintf(msg("docGoOK"), have, need))
	}

	// Every module the exercises need, already downloaded: the workshop
	// then runs with no network.
	cmd := exec.Command(goTool(), "list", "-deps", "-test", "./workshop/...", "./cmd/workshop")
	cmd.Dir = w.root
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=readonly")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = nil, &stderr
	if err := cmd.Run(); err != nil {
		gap(msg("docModules"), firstLine(stderr.String()), msg("docModulesFix"), true)
	} else {
		ok(msg("docModules"), msg("docModulesOK"))
	}

	// cgo and a C compiler, for -race.
	if works, why := cgoWorks(); works {
		ok("cgo (-race)", msg("docRaceOK"))
	} else {
		gap("cgo (-race)", why, msg("docRaceFix"), false)
	}

	// redis-server, for --redis (miniredis is always there).
	if p, err := exec.LookPath("redis-server"); err != nil {
		gap("redis-server", msg("docRedisMissing"), msg("docRedisFix"), false)
	} else {
		v, _ := exec.Command(p, "--version").Output()
		version := firstLine(string(v))
		if m := regexp.MustCompile(`v=([0-9.]+)`).FindStringSubmatch(version); m != nil {
			version = m[1]
		}
		ok("redis-server", fmt.Sprintf(msg("docRedisOK"), p, version))
	}

	// git, to restore a file the tests need.
	if _, err := exec.LookPath("git"); err != nil {
		gap("git", msg("docGitMissing"), msg("docGitFix"), false)
	} else {
		ok("git", msg("docGitOK"))
	}

	// The progress file can be written.
	if err := updateProgress(w.root, func(*Progress) {}); err != nil {
		gap(msg("docProgress"), err.Error(), msg("docProgressFix"), true)
	} else {
		ok(msg("docProgress"), rel(w.root, progressPath(w.root)))
	}
	ok(msg("docLang"), fmt.Sprintf(msg("docLangOK"), lang))

	fmt.Fprintln(w.out)
	if hard > 0 {
		fmt.Fprintf(w.out, msg("docGaps")+"\n", hard)
		return exitError(1)
	}
	fmt.Fprintln(w.out, msg("docReady"))
	return nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// versionLess compares dotted versions: "1.24.3" < "1.25".
func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(strings.TrimLeft(pa[i], "rcbeta"))
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}
