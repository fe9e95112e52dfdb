package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var reVerb = regexp.MustCompile(`%(\[[0-9]+\])?[-+# 0]*[0-9]*[a-zA-Z%]`)

// Every message has both languages, with the same number of arguments.
func TestMessagesHaveBothLanguages(t *testing.T) {
	for key, m := range messages {
		if strings.TrimSpace(m[0]) == "" && key != "statusTodo" || strings.TrimSpace(m[1]) == "" && key != "statusTodo" {
			t.Errorf("%s: needs both languages: %q", key, m)
		}
		count := func(s string) int {
			n := 0
			for _, v := range reVerb.FindAllString(s, -1) {
				if v != "%%" {
					n++
				}
			}
			return n
		}
		if count(m[0]) != count(m[1]) {
			t.Errorf("%s: %d arguments in English, %d in Chinese:\n%s\n%s", key, count(m[0]), count(m[1]), m[0], m[1])
		}
	}
}

// The Chinese messages follow the pages' rules: no ASCII punctuation
// where Chinese prose wants the full-width kind.
func TestChineseMessagesUseFullWidthPunctuation(t *testing.T) {
	han := regexp.MustCompile(`\p{Han}[,;:?!]|[,;:?!]\p{Han}`)
	for key, m := range messages {
		if han.MatchString(m[1]) {
			t.Errorf("%s: ASCII punctuation next to Chinese: %q", key, m[1])
		}
	}
}

func TestDetectLang(t *testing.T) {
	for _, tc := range []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"zh", nil, "zh"},
		{"", map[string]string{"LANG": "zh_CN.UTF-8"}, "zh"},
		{"", map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, "zh"},
		{"en", map[string]string{"LANG": "zh_CN.UTF-8"}, "en"},
		{"", map[string]string{"LANG": "C", "LANGUAGE": "zh_CN:en"}, "zh"},
		{"", map[string]string{"LANG": "fr_FR.UTF-8"}, "en"},
	} {
		for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
			t.Setenv(k, tc.env[k])
		}
		if got := detectLang(tc.flag); got != tc.want {
			t.Errorf("flag %q, env %v: %s, want %s", tc.flag, tc.env, got, tc.want)
		}
	}
}

func TestPad(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 5, "abc  "},
		{"abcdef", 5, "abcd…"},
		{"连接池", 8, "连接池  "},
		{"连接池连接池", 8, "连接池… "},
	} {
		if got := pad(tc.in, tc.n); got != tc.want {
			t.Errorf("pad(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

// The watcher sees a save by rename, a change of content, and not a
// touch that changes nothing; a file gone for a moment is no change.
func TestWatchPolling(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.go")
	write := func(s string) {
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil { // as vim and many editors save
			t.Fatal(err)
		}
	}
	write("package a\n")
	s0 := look(path, fileState{})
	if s1 := look(path, s0); changed(s0, s1) {
		t.Error("nothing happened, but a change was seen")
	}
	write("package b\n") // same size
	s2 := look(path, s0)
	if !changed(s0, s2) {
		t.Error("a save by rename with new content was missed")
	}
	later := time.Now().Add(time.Second)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	if s3 := look(path, s2); changed(s2, s3) {
		t.Error("a touch that changed nothing ran the tests again")
	}
	os.Remove(path)
	gone := look(path, s2)
	if changed(s2, gone) {
		t.Error("a file missing for a moment counted as a change")
	}
	write("package c\n")
	if !changed(gone, look(path, gone)) {
		t.Error("the file came back changed, and the change was missed")
	}
}

func TestParsePageFindsHintsInBothLanguages(t *testing.T) {
	en := "# 01 · Title\n\n*meta*\n\n## Goal {#goal}\n\nDo it.\n\nMore.\n\n## Hints {#hints}\n\n### 1. First {#hint-1}\n\nLook at `x`.\n\n```go\n### not a heading\n```\n\n### 2. Second {#hint-2}\n\nThen [there](../chapters/01-pool.md#a).\n\n## History {#history}\n\n2.4.6\n"
	zh := strings.NewReplacer("Goal", "目标", "Hints", "提示", "First", "第一条", "Second", "第二条", "History", "历史").Replace(en)
	for _, md := range []string{en, zh} {
		p := parsePage(md)
		if len(p.Hints) != 2 {
			t.Fatalf("hints: %+v", p.Hints)
		}
		if !strings.Contains(p.Hints[0].Body, "### not a heading") {
			t.Errorf("a fenced line was taken for a heading: %q", p.Hints[0].Body)
		}
		if got := firstParagraph(p.Sections["goal"]); got != "Do it." {
			t.Errorf("goal: %q", got)
		}
		if p.Sections["history"] != "2.4.6" {
			t.Errorf("history: %q", p.Sections["history"])
		}
	}
	if got := plain("Then [there](../chapters/01-pool.md#a).", "docs/workshop/01-tree.md"); got != "Then there (docs/chapters/01-pool.md#a)." {
		t.Errorf("plain: %q", got)
	}
}

// A patch replaces the named lines only, ignoring a footnote number that
// moved, and refuses lines that are not there exactly once.
func TestApplyStubPatch(t *testing.T) {
	section := []byte("\tfirst()\n\tsecond() // why (5)\n\tthird()\n")
	patch := []byte("replace:\n\tsecond() // why (4)\nwith:\n\t// TODO(workshop): second\n\tpanic(0)\n")
	got, err := applyStub(section, patch)
	if err != nil {
		t.Fatal(err)
	}
	if want := "\tfirst()\n\t// TODO(workshop): second\n\tpanic(0)\n\tthird()\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := applyStub(section, []byte("replace:\n\tfourth()\nwith:\n\tx\n")); err == nil {
		t.Error("a patch of lines that are not in the section applied")
	}
	whole := []byte("\tnew()\n")
	if got, _ := applyStub(section, whole); string(got) != string(whole) {
		t.Error("a whole-section text was not used as it is")
	}
}

func TestPruneImports(t *testing.T) {
	src := "package p\n\nimport (\n\t\"bytes\"\n\t\"strings\"\n\n\t\"github.com/redispy-go/redispy/chapters/00-exceptions\"\n)\n\nvar _ = strings.ToUpper\n"
	got, err := pruneImports([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got), "bytes") || strings.Contains(string(got), "exceptions") || !strings.Contains(string(got), "strings") {
		t.Errorf("pruned wrongly:\n%s", got)
	}
}

func TestVersionLess(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		less bool
	}{{"1.24.3", "1.25", true}, {"1.25", "1.25", false}, {"1.26.8", "1.25", false}, {"1.9", "1.25", true}} {
		if versionLess(tc.a, tc.b) != tc.less {
			t.Errorf("versionLess(%s, %s) != %v", tc.a, tc.b, tc.less)
		}
	}
}

// The race detector's report becomes one line per access, with the
// function and line in the learner's file, whatever the paths look like.
func TestCondenseRaces(t *testing.T) {
	e := &Exercise{ID: "06-gil-race", Dir: "/src/workshop/06-gil-race", Edit: "pool.go"}
	report := strings.Split(`==================
WARNING: DATA RACE
Write at 0x00c000120060 by goroutine 9:
  runtime.mapassign_fast64ptr()
      /usr/local/go/src/internal/runtime/maps/runtime_fast64.go:100 +0x0
  github.com/redispy-go/redispy/workshop/06-gil-race.(*ConnectionPool[...]).GetConnection()
      github.com/redispy-go/redispy/workshop/06-gil-race/pool.go:115 +0x1c4
  github.com/redispy-go/redispy/workshop/06-gil-race.TestConcurrentBorrowers.func1()
      /src/workshop/06-gil-race/race_test.go:44 +0x8c

Previous read at 0x00c000120060 by goroutine 8:
  github.com/redispy-go/redispy/workshop/06-gil-race.(*ConnectionPool[...]).Release()
      /src/workshop/06-gil-race/pool.go:170 +0x7c

Goroutine 9 (running) created at:
  testing.tRunner()
==================
    testing.go:1617: race detected during execution of test`, "\n")
	lang = "en"
	got := condenseRaces(report, e)
	want := []string{
		"write by goroutine 9 in GetConnection (workshop/06-gil-race/pool.go:115)",
		"previous read by goroutine 8 in Release (workshop/06-gil-race/pool.go:170)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rest := dropRaceReports(report); len(rest) != 0 {
		t.Errorf("left of the report: %q", rest)
	}
	if at := frameIn(report, e); at != "workshop/06-gil-race/pool.go:115 (GetConnection)" {
		t.Errorf("frameIn: %q", at)
	}
}
