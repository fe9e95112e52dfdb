package main

// Progress lives in .workshop/progress.json at the project root, which git
// ignores. It is a cache of what the checker saw, never trusted on its
// own: an exercise counts as done only while the learner's file and the
// exercise's tests are the ones that passed (their hash is kept), and
// `verify` runs everything again.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/rogpeppe/go-internal/lockedfile"
	"github.com/rogpeppe/go-internal/renameio"
)

const stateDir = ".workshop"

// Progress is the learner's state.
type Progress struct {
	Format    int                  `json:"format"`
	Current   string               `json:"current,omitempty"`
	Welcomed  bool                 `json:"welcomed,omitempty"`
	Exercises map[string]*Attempts `json:"exercises"`
}

// Attempts is what happened on one exercise.
type Attempts struct {
	Started time.Time `json:"started,omitzero"`
	Runs    int       `json:"runs"`
	Hints   int       `json:"hints"`              // how many hints were shown, at most
	Passed  time.Time `json:"passed,omitzero"`    // the last pass
	PassSum string    `json:"pass_sum,omitempty"` // hash of the files that passed
	Done    bool      `json:"done,omitempty"`     // the learner moved on with next
}

func progressPath(root string) string { return filepath.Join(root, stateDir, "progress.json") }

// loadProgress reads the progress file; a missing one is a fresh start.
func loadProgress(root string) (*Progress, error) {
	p := &Progress{Format: 1, Exercises: map[string]*Attempts{}}
	b, err := os.ReadFile(progressPath(root))
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, p); err != nil {
		// A damaged file is not worth stopping for: start over, and say so.
		warn(msg("progressDamaged"), progressPath(root), err)
		return &Progress{Format: 1, Exercises: map[string]*Attempts{}}, nil
	}
	if p.Exercises == nil {
		p.Exercises = map[string]*Attempts{}
	}
	return p, nil
}

// updateProgress loads, changes and saves the progress under a lock, so
// that two terminals (a watch and a check) do not lose each other's
// updates. The file is replaced atomically: a crash leaves the old one.
func updateProgress(root string, change func(*Progress)) error {
	if err := os.MkdirAll(filepath.Join(root, stateDir), 0o755); err != nil {
		return err
	}
	ensureIgnored(root)
	mu := lockedfile.MutexAt(filepath.Join(root, stateDir, "lock"))
	unlock, err := mu.Lock()
	if err != nil {
		return err
	}
	defer unlock()
	p, err := loadProgress(root)
	if err != nil {
		return err
	}
	change(p)
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	return renameio.WriteFile(progressPath(root), append(b, '\n'))
}

// ensureIgnored writes .workshop/.gitignore, so the progress and the
// backups stay out of git even where the project's .gitignore is not
// the one that shipped.
func ensureIgnored(root string) {
	p := filepath.Join(root, stateDir, ".gitignore")
	if !fileExists(p) {
		_ = os.WriteFile(p, []byte("# The workshop's progress and backups: yours, not the project's.\n*\n"), 0o644)
	}
}

func (p *Progress) of(id string) *Attempts {
	a, ok := p.Exercises[id]
	if !ok {
		a = &Attempts{}
		p.Exercises[id] = a
	}
	return a
}

// passSum is the hash of what a pass is about: the learner's file and
// every file of the exercise's package.
func passSum(root string, e *Exercise) string {
	h := sha256.New()
	files, _ := filepath.Glob(filepath.Join(e.Dir, "*.go"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		h.Write([]byte(filepath.Base(f)))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// passing reports whether the files on disk are the ones that last
// passed: the cache the checker may trust without running again.
func (a *Attempts) passing(root string, e *Exercise) bool {
	return a != nil && a.PassSum != "" && a.PassSum == passSum(root, e)
}

// current is the exercise the learner is on: the one they last moved to,
// else the first that is not done.
func current(p *Progress, all []*Exercise) *Exercise {
	if p.Current != "" {
		if e, err := find(all, p.Current); err == nil {
			return e
		}
	}
	for _, e := range all {
		if a := p.Exercises[e.ID]; a == nil || !a.Done {
			return e
		}
	}
	return all[len(all)-1]
}
