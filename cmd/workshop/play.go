package main

// play starts the workshop's shell (workshop/internal/play), a program of
// its own: it embeds miniredis, which this checker, kept to the standard
// library and go-internal, does not. With --mine NAME it is built with
// the learner's file in place of the chapter's (go run -overlay), so the
// shell drives the learner's pool, connection, parser or client.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

func (w *world) play() error {
	args := []string{"run"}
	if w.o.mine != "" {
		e, err := find(w.all, w.o.mine)
		if err != nil {
			return err
		}
		if e.From == "" {
			return fmt.Errorf(msg("transplantNone"), e.ID, e.SolutionPath())
		}
		f, err := writeOverlay(w.root, map[string]string{e.From: filepath.Join(e.Dir, e.Edit)})
		if err != nil {
			return err
		}
		defer os.Remove(f)
		args = append(args, "-overlay", f)
		fmt.Fprintf(w.err, msg("playMine")+"\n", e.EditPath(), e.From)
	}
	args = append(args, "./workshop/internal/play", "--lang", lang)
	if w.o.redis {
		args = append(args, "--redis")
	}
	for _, a := range w.o.args {
		if !filepath.IsAbs(a) {
			if wd, err := os.Getwd(); err == nil {
				a = filepath.Join(wd, a)
			}
		}
		args = append(args, a)
	}
	cmd := exec.Command(goTool(), args...)
	cmd.Dir = w.root
	cmd.Stdin, cmd.Stdout, cmd.Stderr = w.in, w.out, w.err
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return exitError(ee.ExitCode())
		}
		return err
	}
	return nil
}
