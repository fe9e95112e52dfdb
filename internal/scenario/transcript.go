package scenario

// Transcripts: what a reader would see in a terminal while a scenario runs
// (the root package's transcript_test.go says how they are checked).
//
// A scenario script (testdata/scripts/NAME.txtar) mixes three kinds of
// line: narration (# comments), the commands a reader would type (every
// command of Commands) and the assertions that make the script a test
// (stdout, stderr, cmp, skip and the other testscript builtins). Its
// transcript keeps the first two and what each command printed, stdout and
// stderr interleaved as written, and drops the assertions:
//
//	# The first GetConnection creates a Connection object...
//	$ get p c1
//	$ stats p
//	created=1 available=0 in_use=1
//	$ release p c1
//	$ release p c1
//	RedisError: connection is not in use
//
// A command the script expects to fail (! release p c1) is shown as typed,
// without the !. Each narration block holds English lines and then their
// Chinese twin, marked "# zh:"; the English transcript shows the English
// lines, the Chinese one the Chinese lines. Where a backend really prints
// something else, the script guards the command with [miniredis] or
// [redis-server] and the transcript says so on each of its lines; a run on
// one backend takes the other's lines from the golden transcript.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"
)

// Languages of the narration, the first one unmarked ("# text"), the
// others marked "# zh: text".
var Languages = []string{"en", "zh"}

// IsLanguage reports whether s is one of Languages.
func IsLanguage(s string) bool { return slices.Contains(Languages, s) }

// ---------------------------------------------------------------------------
// Reading a script
// ---------------------------------------------------------------------------

// LineKind says what a line of a script is to its transcript.
type LineKind int

const (
	BlankLine LineKind = iota
	NarrationLine
	CommandLine // a scenario command: a step of the transcript
	CheckLine   // anything else (stdout, stderr, cmp, skip...): not shown
)

// Backends are the servers a script's commands can be guarded by
// ([miniredis], [redis-server]), in the order the tests run them.
var Backends = []string{"miniredis", "redis-server"}

// Line is one line of a script as its transcript sees it.
type Line struct {
	Num  int // 1-based, in the file
	Kind LineKind
	Lang string // narration: "en" or "zh"
	Text string // narration: the text after "# " or "# zh: "; command and check: as typed, without guards and !
	Name string // command: its name
	Only string // command: the one backend it runs on, or "" for all

	Conds []string // command and check: the guards, as written ("!redis-server")
	Neg   bool     // command and check: written with "!", expected to fail
}

// ParseScript reads the script part of a txtar archive.
func ParseScript(data []byte) ([]Line, error) {
	var out []Line
	for i, raw := range strings.Split(string(txtar.Parse(data).Comment), "\n") {
		l := Line{Num: i + 1}
		line := strings.TrimSpace(raw)
		switch {
		case line == "":
			l.Kind = BlankLine
		case strings.HasPrefix(line, "#"):
			l.Kind, l.Lang, l.Text = NarrationLine, Languages[0], strings.TrimPrefix(line, "#")
			for _, lang := range Languages[1:] {
				if rest, ok := strings.CutPrefix(strings.TrimSpace(l.Text), lang+":"); ok {
					l.Lang, l.Text = lang, rest
				}
			}
			l.Text = strings.TrimSpace(l.Text)
		default:
			only, rest, err := guards(line)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", l.Num, err)
			}
			if r, ok := strings.CutPrefix(rest, "!"); ok && (r == "" || r[0] == ' ' || r[0] == '\t') {
				rest, l.Neg = strings.TrimSpace(r), true
			}
			l.Kind, l.Text, l.Conds = CheckLine, rest, only
			if f := strings.Fields(rest); len(f) > 0 && IsCommand(f[0]) {
				l.Kind, l.Name = CommandLine, f[0]
				if l.Only, err = onlyOn(only); err != nil {
					return nil, fmt.Errorf("line %d: %s: %v", l.Num, rest, err)
				}
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// guards splits the [cond] prefixes off a command line.
func guards(line string) (conds []string, rest string, err error) {
	rest = line
	for strings.HasPrefix(rest, "[") {
		end := strings.Index(rest, "]")
		if end < 0 {
			return nil, "", fmt.Errorf("%q: a [ without its ]", line)
		}
		conds = append(conds, strings.TrimSpace(rest[1:end]))
		rest = strings.TrimSpace(rest[end+1:])
	}
	return conds, rest, nil
}

// onlyOn is the backend a command guarded by conds runs on, or "" for
// every backend. A transcript shows the same commands wherever it runs, so
// a shown command may only be guarded by backends.
func onlyOn(conds []string) (string, error) {
	on := slices.Clone(Backends)
	for _, c := range conds {
		name, negated := strings.CutPrefix(c, "!")
		name = strings.TrimSpace(name)
		if !slices.Contains(Backends, name) {
			return "", fmt.Errorf("[%s]: a shown command can be guarded by a backend only ([miniredis], [redis-server])", c)
		}
		on = slices.DeleteFunc(on, func(b string) bool { return (b == name) == negated })
	}
	switch len(on) {
	case 0:
		return "", fmt.Errorf("runs on no backend")
	case len(Backends):
		return "", nil
	}
	if len(on) > 1 {
		return "", fmt.Errorf("runs on %v: guard it by one backend, or none", on)
	}
	return on[0], nil
}

// NarrationProblems lists the narration blocks of a script that lack a
// language, or mix them up.
func NarrationProblems(lines []Line) []string {
	var problems []string
	for i := 0; i < len(lines); {
		if lines[i].Kind != NarrationLine {
			i++
			continue
		}
		start := i
		has := map[string]bool{}
		prev := 0
		for ; i < len(lines) && lines[i].Kind == NarrationLine; i++ {
			l := lines[i]
			k := slices.Index(Languages, l.Lang)
			if k < prev {
				problems = append(problems, fmt.Sprintf("line %d: %s narration after %s: write the English lines first, then each twin",
					l.Num, l.Lang, Languages[prev]))
			}
			prev = max(prev, k)
			if l.Text != "" {
				has[l.Lang] = true
			}
		}
		for _, lang := range Languages {
			if !has[lang] {
				twin := "# " + lang + ": ..."
				if lang == Languages[0] {
					twin = "# ..."
				}
				problems = append(problems, fmt.Sprintf("line %d: this narration has no %s twin (add %s lines to the block)",
					lines[start].Num, lang, twin))
			}
		}
	}
	return problems
}

// ---------------------------------------------------------------------------
// Rendering a transcript
// ---------------------------------------------------------------------------

// normalisers make output the same from run to run and backend to backend.
// Commands print no timings; if one ever does, it belongs here.
var normalisers = []struct {
	re   *regexp.Regexp
	with string
}{
	// The test servers listen on free ports, clients on ephemeral ones.
	{regexp.MustCompile(`(\b\d{1,3}(?:\.\d{1,3}){3}|\blocalhost|\[[0-9a-fA-F:]+\]):\d+\b`), "$1:<port>"},
	// Pointers, as %#v prints them inside a value.
	{regexp.MustCompile(`\b0x[0-9a-f]{6,}\b`), "<pointer>"},
	// Blanks at the end of a line are invisible in a terminal.
	{regexp.MustCompile(`(?m)[ \t]+$`), ""},
}

// Normalise is out as the transcript shows it, for a script that ran on a
// server whose Unix socket is socketPath ("" for none).
func Normalise(out string, socketPath string) string {
	if socketPath != "" {
		out = strings.ReplaceAll(out, socketPath, "<socket>")
	}
	for _, n := range normalisers {
		out = n.re.ReplaceAllString(out, n.with)
	}
	return strings.TrimRight(out, "\n")
}

// Render is the transcript, in lang, of a run of the script on backend
// whose steps printed outs (normalised, one per command that ran, in
// order). The lines of commands guarded for another backend come from
// golden, the transcript as it was.
func Render(lines []Line, outs []string, backend, lang string, golden []string) (string, error) {
	var out []string
	blank := func() {
		if len(out) > 0 && out[len(out)-1] != "" {
			out = append(out, "")
		}
	}
	next := 0
	seen := map[string]int{} // how often each guarded command line came so far
	for _, l := range lines {
		switch l.Kind {
		case BlankLine:
			blank()
		case NarrationLine:
			if l.Lang == lang {
				out = append(out, strings.TrimSpace("# "+l.Text))
			}
		case CommandLine:
			prefix := ""
			if l.Only != "" {
				prefix = "[" + l.Only + "] "
			}
			head := prefix + "$ " + l.Text
			out = append(out, head)
			if l.Only != "" && l.Only != backend {
				out = append(out, fromGolden(golden, head, seen[head], prefix)...)
				seen[head]++
				continue
			}
			if next == len(outs) {
				return "", fmt.Errorf("line %d: %s: the run ended before this command", l.Num, l.Text)
			}
			if o := outs[next]; o != "" {
				for _, ol := range strings.Split(o, "\n") {
					out = append(out, prefix+ol)
				}
			}
			next++
		}
	}
	if next != len(outs) {
		return "", fmt.Errorf("%d commands ran, the script shows %d", len(outs), next)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n") + "\n", nil
}

// fromGolden is the output under the n-th (from 0) line head of golden:
// the lines after it that carry prefix, up to the next command.
func fromGolden(golden []string, head string, n int, prefix string) []string {
	for i, g := range golden {
		if g != head {
			continue
		}
		if n > 0 {
			n--
			continue
		}
		var out []string
		for _, o := range golden[i+1:] {
			if !strings.HasPrefix(o, prefix) || strings.HasPrefix(o, prefix+"$ ") {
				break
			}
			out = append(out, o)
		}
		return out
	}
	return nil
}

// SharedLines drops the lines of guarded commands: what every backend
// must print alike.
func SharedLines(transcript string) string {
	var keep []string
	for _, l := range strings.Split(transcript, "\n") {
		if !slices.ContainsFunc(Backends, func(b string) bool { return strings.HasPrefix(l, "["+b+"] ") }) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}
