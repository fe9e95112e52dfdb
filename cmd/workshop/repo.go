package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// modulePath is the module the checker belongs to; the root is the
// directory of its go.mod.
const modulePath = "github.com/redispy-go/redispy"

// EnvRoot overrides where the project is (the checker's own tests run it
// on a copy).
const EnvRoot = "REDISPY_WORKSHOP_ROOT"

// findRoot returns the project root: $REDISPY_WORKSHOP_ROOT, or the nearest
// directory up from the working directory whose go.mod is this module's.
func findRoot() (string, error) {
	if r := os.Getenv(EnvRoot); r != "" {
		return filepath.Abs(r)
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(bytes.TrimSpace(b), []byte("module "+modulePath+"\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New(msg("noRoot"))
		}
		dir = parent
	}
}

// Text is one string in both languages.
type Text struct {
	En string `json:"en"`
	Zh string `json:"zh"`
}

// In returns the text in lang.
func (t Text) In(lang string) string {
	if lang == "zh" && t.Zh != "" {
		return t.Zh
	}
	return t.En
}

// Exercise is one exercise: its exercise.json plus where it lives. The
// prose (goal, background, hints, history) is in its pages,
// docs/workshop/<id>.md and docs/zh/workshop/<id>.md, so the site and the
// checker show the same words.
type Exercise struct {
	ID      string `json:"id"`      // the directory under workshop/: "08-pack-command"
	Kind    string `json:"kind"`    // "rebuild" or "buglab"
	Chapter string `json:"chapter"` // "02-connection"
	Title   Text   `json:"title"`
	Minutes int    `json:"minutes"` // a facilitator's estimate
	// Edit is the learner's file, in the exercise's directory.
	Edit string `json:"edit"`
	// From is the chapter file the stub is made from. It is also the
	// reference solution and where transplant puts the learner's file.
	// Empty when the chapter has no such code (Solution is used).
	From string `json:"from,omitempty"`
	// Replace names the sections of From that stub.txtar replaces, each
	// with a hash of the chapter's text it was written against: when the
	// chapter changes there, dev check asks for the stub to be reviewed.
	Replace map[string]string `json:"replace,omitempty"`
	// Copy lists the other chapter files the exercise's package needs,
	// copied as they are (generated, DO NOT EDIT).
	Copy []string `json:"copy,omitempty"`
	// Solution is the reference solution, in the exercise's directory,
	// when From is empty: "_solution/blocking.go".
	Solution string `json:"solution,omitempty"`
	// Fails lists the top-level tests that fail on the stub: exactly
	// these, dev check proves it.
	Fails []string `json:"fails"`
	// Fix names the entry of internal/fixes a bug lab is about; its
	// release and link come from there.
	Fix string `json:"fix,omitempty"`
	// Release and Link, when there is no Fix: the redis-py release that
	// made the fix (bug labs) or that the code is from (rebuilds), and the
	// change or the lines.
	Release string `json:"release,omitempty"`
	Link    string `json:"link,omitempty"`
	// Race: the exercise is about a data race and needs -race.
	Race bool `json:"race,omitempty"`
	// Timeout bounds one run of the tests ("60s" when empty).
	Timeout string `json:"timeout,omitempty"`

	N   int    `json:"-"` // its number, from the ID
	Dir string `json:"-"` // absolute
}

// Pkg is the exercise's package pattern, for go test.
func (e *Exercise) Pkg() string { return "./workshop/" + e.ID + "/" }

// ImportPath is the package's import path, as go test -json names it.
func (e *Exercise) ImportPath() string { return modulePath + "/workshop/" + e.ID }

// EditPath is the learner's file, relative to the root, slash-separated.
func (e *Exercise) EditPath() string { return "workshop/" + e.ID + "/" + e.Edit }

// Page is the exercise's page, relative to docs/ of the language.
func (e *Exercise) Page() string { return "workshop/" + e.ID + ".md" }

var reID = regexp.MustCompile(`^([0-9]{2})-[a-z0-9]+(-[a-z0-9]+)*$`)

// loadExercises reads every workshop/*/exercise.json, in number order.
func loadExercises(root string) ([]*Exercise, error) {
	dirs, err := filepath.Glob(filepath.Join(root, "workshop", "*", "exercise.json"))
	if err != nil {
		return nil, err
	}
	var all []*Exercise
	for _, f := range dirs {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		e := &Exercise{}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(e); err != nil {
			return nil, fmt.Errorf("%s: %v", rel(root, f), err)
		}
		e.Dir = filepath.Dir(f)
		if e.ID != filepath.Base(e.Dir) {
			return nil, fmt.Errorf("%s: id %q is not the directory's name %q", rel(root, f), e.ID, filepath.Base(e.Dir))
		}
		m := reID.FindStringSubmatch(e.ID)
		if m == nil {
			return nil, fmt.Errorf("%s: id %q is not NN-words-with-dashes", rel(root, f), e.ID)
		}
		e.N, _ = strconv.Atoi(m[1])
		all = append(all, e)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].N < all[j].N })
	return all, nil
}

// find returns the exercise a learner named: "08-pack-command",
// "pack-command", "08" or "8".
func find(all []*Exercise, name string) (*Exercise, error) {
	name = strings.TrimSuffix(strings.TrimPrefix(name, "workshop/"), "/")
	if n, err := strconv.Atoi(name); err == nil {
		for _, e := range all {
			if e.N == n {
				return e, nil
			}
		}
	}
	for _, e := range all {
		if e.ID == name || e.ID[3:] == name {
			return e, nil
		}
	}
	return nil, fmt.Errorf(msg("noExercise"), name)
}

// rel is path relative to root, slash-separated, for messages.
func rel(root, path string) string {
	r, err := filepath.Rel(root, path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(r)
}
