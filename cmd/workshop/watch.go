package main

// watch re-runs the checker when the learner's file changes. It polls:
// file events do not arrive on WSL's /mnt drives, Docker bind mounts or
// NFS, and editors that save by writing a new file and renaming it over
// the old one confuse watchers that follow the old file. A stat every
// half second costs nothing, sees a rename like a write, and needs no
// dependency. Enter always checks by hand.

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// pollInterval is how often watch looks at the file.
var pollInterval = 500 * time.Millisecond

// fileState is what watch compares between two looks.
type fileState struct {
	exists bool
	size   int64
	sum    [32]byte
}

// look reads the file and hashes it. The files are a few kilobytes, so
// hashing every time costs nothing, and it catches what size and time
// miss: two saves in one tick of the file system's clock, a save by
// rename that keeps the size. A touch that changes nothing is no change.
func look(path string, prev fileState) fileState {
	b, err := os.ReadFile(path)
	if err != nil {
		return fileState{}
	}
	return fileState{exists: true, size: int64(len(b)), sum: sha256.Sum256(b)}
}

// changed reports whether the content moved between two looks. A file
// that disappears for a moment (a save by rename) is not a change until
// it is back.
func changed(a, b fileState) bool {
	return b.exists && (!a.exists || a.sum != b.sum)
}

func (w *world) watch() error {
	e, err := w.target()
	if err != nil {
		return err
	}
	if v := os.Getenv("REDISPY_WORKSHOP_POLL"); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			pollInterval = d
		}
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(w.in)
		for sc.Scan() {
			lines <- strings.TrimSpace(sc.Text())
		}
		close(lines)
	}()
	for {
		path := filepath.Join(e.Dir, e.Edit)
		fmt.Fprintf(w.out, msg("watchStart")+"\n\n", e.EditPath())
		state := look(path, fileState{})
		w.checkOne(e, w.out)
		fmt.Fprintln(w.out)
		fmt.Fprintln(w.out, msg("watchPrompt"))
		next := false
		tick := time.NewTicker(pollInterval)
	loop:
		for {
			select {
			case line, ok := <-lines:
				if !ok {
					tick.Stop()
					return nil // end of input: Ctrl-D, or a script that is done
				}
				switch line {
				case "":
					w.rerun(e)
				case "h", "hint":
					w.o.args = []string{e.ID}
					if err := w.hint(); err != nil {
						fmt.Fprintln(w.err, "workshop:", err)
					}
				case "l", "list":
					_ = w.list()
				case "n", "next":
					if w.o.args = nil; w.advance(e) {
						next = true
						break loop
					}
				case "q", "quit", "exit":
					tick.Stop()
					return nil
				default:
					fmt.Fprintln(w.out, msg("watchPrompt"))
					continue
				}
				fmt.Fprintln(w.out)
				fmt.Fprintln(w.out, msg("watchPrompt"))
			case <-tick.C:
				now := look(path, state)
				if !changed(state, now) {
					state = now
					continue
				}
				// Let an editor finish writing: wait until two looks agree.
				for {
					time.Sleep(pollInterval / 2)
					again := look(path, now)
					if !changed(now, again) {
						break
					}
					now = again
				}
				state = now
				fmt.Fprintf(w.out, "\n"+msg("watchChanged")+"\n\n", e.EditPath())
				w.checkOne(e, w.out)
				fmt.Fprintln(w.out)
				fmt.Fprintln(w.out, msg("watchPrompt"))
			}
		}
		tick.Stop()
		if !next {
			return nil
		}
		p, _ := loadProgress(w.root)
		e = current(p, w.all)
	}
}

// rerun checks again by hand.
func (w *world) rerun(e *Exercise) {
	fmt.Fprintln(w.out)
	w.checkOne(e, w.out)
}

// advance is watch's n: next, when e passes.
func (w *world) advance(e *Exercise) bool {
	return w.next() == nil
}
