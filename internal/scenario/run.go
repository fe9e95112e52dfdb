package scenario

// Run: a whole script, as the pages' Run button runs it (cmd/livescenario
// in the browser), against a fresh embedded miniredis, rendered as its
// transcript. For a script of testdata/scripts the result is the checked
// transcript (run_test.go compares every one); for a script a reader has
// edited, it is what the port does with it. Nothing is checked: a run
// goes on after a failed command, printing why it failed, as the play
// shell does, and a step that does not end is stopped with a message.

import (
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/redispy-go/redispy/internal/redistest"
)

// RunOptions are the limits and the language of a Run.
type RunOptions struct {
	Lang string // the narration's language, "en" (default) or "zh"
	// Golden is the transcript the page shows: the lines printed by the
	// commands guarded [redis-server], which a run on miniredis cannot
	// print itself, are taken from it.
	Golden string
	// StepTimeout stops the run at a step that has not ended after it
	// (default 15 s); Timeout stops it after the total (default 60 s).
	StepTimeout, Timeout time.Duration
	MaxSteps             int // the most commands a run runs (default 500)
	// Progress, when set, is given the transcript so far after each step,
	// so a page can show a run step by step; the last call is the whole
	// transcript but for a message that says why the run stopped.
	Progress func(transcript string)
}

// MaxScript is the longest script Run accepts, in bytes.
const MaxScript = 64 << 10

// Backend is the server Run runs on: the condition [miniredis] holds.
const Backend = "miniredis"

// builtins are testscript's own commands: a script's checks, which a run
// leaves out, as the transcript does.
var builtins = []string{"cd", "chmod", "cmp", "cmpenv", "cp", "env", "exec", "exists", "grep", "mkdir",
	"mv", "rm", "skip", "stderr", "stdout", "stop", "symlink", "unquote", "wait", "ttyin", "ttyout", "stdin", "kill", "sleep"}

// holds reports whether the guards conds hold on Backend.
func holds(conds []string) bool {
	for _, c := range conds {
		name, negated := strings.CutPrefix(c, "!")
		if (strings.TrimSpace(name) == Backend) == negated {
			return false
		}
	}
	return true
}

// Skipped returns why a script does not run on Backend (its skip line's
// reason), or "" when it runs.
func Skipped(script string) string {
	lines, err := ParseScript([]byte(script))
	if err != nil {
		return ""
	}
	for _, l := range lines {
		if f := strings.Fields(l.Text); l.Kind == CheckLine && len(f) > 0 && f[0] == "skip" && holds(l.Conds) {
			reason := strings.Trim(strings.TrimSpace(strings.TrimPrefix(l.Text, "skip")), `'"`)
			if reason == "" {
				reason = "skip"
			}
			return reason
		}
	}
	return ""
}

// say picks the text of the run's language.
func say(lang, en, zh string) string {
	if lang == "zh" {
		return zh
	}
	return en
}

// Run runs script (a .txtar file's text, or just its commands) on a fresh
// miniredis and returns its transcript in opts.Lang. It never panics: a
// command that does, or a script that cannot be read, ends the transcript
// with the reason.
func Run(script string, opts RunOptions) (transcript string) {
	lang := opts.Lang
	if !IsLanguage(lang) {
		lang = Languages[0]
	}
	if opts.StepTimeout <= 0 {
		opts.StepTimeout = 15 * time.Second
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 60 * time.Second
	}
	if opts.MaxSteps <= 0 {
		opts.MaxSteps = 500
	}
	if len(script) > MaxScript {
		return say(lang, fmt.Sprintf("The script is %d bytes long; a run takes at most %d.\n", len(script), MaxScript),
			fmt.Sprintf("脚本有 %d 字节，一次最多只能运行 %d 字节。\n", len(script), MaxScript))
	}
	lines, err := ParseScript([]byte(script))
	if err != nil {
		return say(lang, "The script cannot be read: ", "脚本无法解析：") + err.Error() + "\n"
	}
	srv, err := redistest.StartMiniredis()
	if err != nil {
		return say(lang, "The embedded server did not start: ", "内嵌的服务器没有启动：") + err.Error() + "\n"
	}
	w := NewWorld(srv)
	w.Lang = lang
	closeAll := func() {
		w.Close()
		srv.Close()
	}
	abandoned := false // a step did not end: the world is closed without waiting
	defer func() {
		if !abandoned {
			closeAll()
		}
	}()

	var (
		shown   []Line   // the lines the transcript renders
		outs    []string // one per command that ran
		stopped string   // why the run stopped early
		steps   int
	)
	deadline := time.Now().Add(opts.Timeout)
	golden := strings.Split(opts.Golden, "\n")
	for _, l := range lines {
		if stopped != "" {
			break
		}
		switch l.Kind {
		case BlankLine, NarrationLine:
			shown = append(shown, l)
			continue
		case CheckLine:
			f := strings.Fields(l.Text)
			if len(f) == 0 || !holds(l.Conds) {
				continue
			}
			if f[0] == "skip" {
				stopped = say(lang, "(the script stops here on miniredis: ", "（脚本在 miniredis 上到此为止：") + Skipped(script) + say(lang, ")", "）")
				continue
			}
			if slices.Contains(builtins, f[0]) {
				continue
			}
			// Not a command: shown with the play shell's error.
			l.Kind, l.Name = CommandLine, f[0]
			shown = append(shown, l)
			outs = append(outs, fmt.Sprintf(say(lang, "unknown command %q: `help` lists them", "没有 %q 这个命令：`help` 会列出全部命令"), f[0]))
			continue
		}
		shown = append(shown, l)
		if l.Only != "" && l.Only != Backend {
			continue // its lines come from opts.Golden
		}
		if steps++; steps > opts.MaxSteps {
			shown = shown[:len(shown)-1]
			stopped = fmt.Sprintf(say(lang, "(stopped: a run has at most %d steps)", "（已停止：一次运行最多 %d 步）"), opts.MaxSteps)
			break
		}
		limit := min(opts.StepTimeout, time.Until(deadline))
		out, done := step(w, l, limit)
		outs = append(outs, Normalise(out, ""))
		if !done {
			stopped = fmt.Sprintf(say(lang, "(stopped: this step did not end within %v)", "（已停止：这一步在 %v 内没有结束）"), roundLimit(limit))
			// The step's goroutine is still in the world: closing it
			// (and the server) is what can end it, so it is not waited for.
			go closeAll()
			abandoned = true
		}
		if opts.Progress != nil && done {
			if text, err := Render(shown, outs, Backend, lang, golden); err == nil {
				opts.Progress(text)
			}
		}
	}
	text, err := Render(shown, outs, Backend, lang, golden)
	if err != nil {
		text = say(lang, "The transcript cannot be rendered: ", "无法生成运行记录：") + err.Error() + "\n"
	}
	if stopped != "" {
		text += stopped + "\n"
	}
	return text
}

// step runs the command of l, waiting up to limit, and returns what it
// printed and whether it ended.
func step(w *World, l Line, limit time.Duration) (string, bool) {
	var out syncBuilder
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				fmt.Fprintf(&out, "panic: %v\n%s", r, debug.Stack())
			}
		}()
		words, err := Fields(l.Text)
		if err == nil {
			err = w.Exec(&out, &out, l.Name, l.Neg, words[1:])
		}
		if err != nil {
			var f *Failure
			if !errors.As(err, &f) || !f.Printed {
				fmt.Fprintln(&out, err)
			}
		}
	}()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-done:
		return out.String(), true
	case <-t.C:
		return out.String(), false
	}
}

// Fields splits a command line into words as testscript does: blanks
// separate words, and single quotes make one word of what they hold (two
// single quotes inside are one).
func Fields(line string) ([]string, error) {
	var (
		words  []string
		word   strings.Builder
		inWord bool
		quoted bool
	)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quoted && c == '\'':
			if i+1 < len(line) && line[i+1] == '\'' {
				word.WriteByte('\'')
				i++
				continue
			}
			quoted = false
		case quoted:
			word.WriteByte(c)
		case c == '\'':
			quoted, inWord = true, true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if quoted {
		return nil, errors.New("unterminated quoted argument")
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}

// syncBuilder is a strings.Builder a step's goroutine writes while Run may
// read it (a step that did not end).
type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// roundLimit is a time limit as a message shows it: whole seconds, or
// milliseconds under one.
func roundLimit(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Second)
}
