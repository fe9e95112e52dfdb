package main

import (
	"io"
	"strings"
	"testing"
)

// TestExercisesAreCurrent is dev check without running the exercises:
// every exercise's metadata, stub, copies, pages, hints and history, and
// the generated list on the workshop pages, as `go test ./...` sees them.
// (dev check, in make test, also runs every stub and every reference.)
func TestExercisesAreCurrent(t *testing.T) {
	root := projectRoot(t)
	all, err := loadExercises(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 24 {
		t.Errorf("%d exercises: the workshop has at least fifteen for chapters 00-04 and nine for 05-07", len(all))
	}
	perChapter := map[string]map[string]int{}
	for _, e := range all {
		if perChapter[e.Chapter] == nil {
			perChapter[e.Chapter] = map[string]int{}
		}
		perChapter[e.Chapter][e.Kind]++
	}
	for _, ch := range []string{"00-exceptions", "01-pool", "02-connection", "03-parser", "04-client", "05-pipeline", "06-pubsub", "07-lock"} {
		k := perChapter[ch]
		if k["rebuild"]+k["buglab"] < 3 {
			t.Errorf("chapter %s has %d exercises: at least three", ch, k["rebuild"]+k["buglab"])
		}
		if ch != "00-exceptions" && k["buglab"] < 1 {
			t.Errorf("chapter %s has no bug lab", ch)
		}
	}
	lang = "en"
	w := &world{root: root, all: all, out: io.Discard, err: io.Discard}
	pr := &problems{}
	table := fixTable()
	for _, e := range all {
		w.lint(e, table, pr)
	}
	w.lintShared(table, pr)
	for _, p := range pr.list {
		t.Error(p)
	}
}

// Issue 11 asks for these bug labs by name: the pipeline that keeps its
// connection (2.4.7), the replies left unread after an error (2.7.3, and
// 2.7.0 in a transaction) and the lock released by the wrong owner
// (2.10.0's token).
func TestRequiredBugLabs(t *testing.T) {
	all, err := loadExercises(projectRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, e := range all {
		if e.Kind == "buglab" {
			have[e.Fix] = true
		}
	}
	for _, fix := range []string{"pipeline-releases-connection", "pipeline-reads-every-reply", "transaction-reads-every-reply", "lock-token"} {
		if !have[fix] {
			t.Errorf("no bug lab for the fix %s", fix)
		}
	}
}

// The lint can fail: a page without hints, a stale list, a fix that is
// not in the table are all reported.
func TestLintFindsProblems(t *testing.T) {
	root := projectRoot(t)
	all, err := loadExercises(root)
	if err != nil {
		t.Fatal(err)
	}
	e := *all[0]
	e.Fix, e.Release, e.Link = "no-such-fix", "", ""
	e.Fails = []string{"TestThatDoesNotExist"}
	e.Title.Zh = ""
	pr := &problems{}
	(&world{root: root, all: all}).lint(&e, fixTable(), pr)
	got := strings.Join(pr.list, "\n")
	for _, want := range []string{`fix "no-such-fix" is not in internal/fixes`, "TestThatDoesNotExist, which is not a test", "title needs en and zh"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	if _, err := withList("# no markers\n", "x"); err == nil {
		t.Error("a page without the list's markers was accepted")
	}
}
