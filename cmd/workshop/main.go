// Command workshop is the checker of the redispy workshop: learners rebuild
// pieces of redis-py 2.4.6 in Go and fix its real bugs, one exercise at a
// time, and this program runs their tests and says what to do next.
//
//	go run ./cmd/workshop            where you are and what to run next
//	go run ./cmd/workshop check      run the current exercise
//	go run ./cmd/workshop help       every command
//
// It uses the standard library and go-internal only; the exercises'
// tests bring their own servers. The pages are docs/workshop/ and
// docs/zh/workshop/.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// options are the flags that may appear anywhere on the command line.
type options struct {
	lang   string
	redis  bool
	noRace bool
	force  bool
	all    bool
	undo   bool
	accept bool
	mine   string
	args   []string // the command and its arguments, flags removed
}

func parseArgs(args []string) (options, error) {
	var o options
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--lang" || a == "-lang":
			if i+1 >= len(args) {
				return o, errors.New("--lang needs en or zh")
			}
			i++
			o.lang = args[i]
		case strings.HasPrefix(a, "--lang="):
			o.lang = strings.TrimPrefix(a, "--lang=")
		case a == "--redis":
			o.redis = true
		case a == "--no-race":
			o.noRace = true
		case a == "--force" || a == "-f":
			o.force = true
		case a == "--all":
			o.all = true
		case a == "--undo":
			o.undo = true
		case a == "--accept":
			o.accept = true
		case a == "--mine":
			if i+1 >= len(args) {
				return o, errors.New("--mine needs an exercise")
			}
			i++
			o.mine = args[i]
		case a == "-h" || a == "--help":
			o.args = append([]string{"help"}, o.args...)
		case strings.HasPrefix(a, "-") && a != "-":
			return o, fmt.Errorf("unknown option %s", a)
		default:
			o.args = append(o.args, a)
		}
	}
	if o.lang != "" && o.lang != "en" && o.lang != "zh" {
		return o, fmt.Errorf("--lang %s: en or zh", o.lang)
	}
	return o, nil
}

// Main runs one command; it is main without os.Exit, for the tests.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, err := parseArgs(args)
	lang = detectLang(o.lang)
	if err != nil {
		fmt.Fprintln(stderr, "workshop:", err)
		fmt.Fprintln(stderr, msg("usage"))
		return 2
	}
	setColor(stdout)
	cmd := ""
	if len(o.args) > 0 {
		cmd, o.args = o.args[0], o.args[1:]
	}
	if cmd == "help" {
		fmt.Fprintln(stdout, msg("usage"))
		return 0
	}
	root, err := findRoot()
	if err != nil {
		fmt.Fprintln(stderr, "workshop:", err)
		return 2
	}
	all, err := loadExercises(root)
	if err != nil {
		fmt.Fprintln(stderr, "workshop:", err)
		return 2
	}
	if len(all) == 0 {
		fmt.Fprintln(stderr, "workshop: no exercises under", root+"/workshop")
		return 2
	}
	w := &world{root: root, all: all, o: o, in: stdin, out: stdout, err: stderr}
	commands := map[string]func() error{
		"":           w.status,
		"status":     w.status,
		"list":       w.list,
		"check":      w.check,
		"run":        w.check,
		"watch":      w.watch,
		"hint":       w.hint,
		"next":       w.next,
		"solution":   w.solution,
		"reset":      w.reset,
		"verify":     w.verify,
		"transplant": w.transplant,
		"play":       w.play,
		"doctor":     w.doctor,
		"dev":        w.dev,
	}
	f, ok := commands[cmd]
	if !ok {
		fmt.Fprintf(stderr, "workshop: "+msg("unknownCommand")+"\n\n%s\n", cmd, msg("usage"))
		return 2
	}
	if err := f(); err != nil {
		var ex exitError
		if errors.As(err, &ex) {
			return int(ex)
		}
		fmt.Fprintln(stderr, "workshop:", err)
		return 1
	}
	return 0
}

// exitError is a command's non-zero exit status after it has said why.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// world is one run of the checker.
type world struct {
	root string
	all  []*Exercise
	o    options
	in   io.Reader
	out  io.Writer
	err  io.Writer
}

// race reports whether runs use -race: wanted unless --no-race, and
// possible only with cgo.
func (w *world) race() bool {
	if w.o.noRace {
		return false
	}
	ok, _ := cgoWorks()
	return ok
}

// target is the exercise a command is about: the named one, else the
// current one.
func (w *world) target() (*Exercise, error) {
	if len(w.o.args) > 0 {
		return find(w.all, w.o.args[0])
	}
	p, err := loadProgress(w.root)
	if err != nil {
		return nil, err
	}
	return current(p, w.all), nil
}

// Colours, only on a terminal and never with NO_COLOR.
var useColor bool

func setColor(out io.Writer) {
	useColor = false
	f, ok := out.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return
	}
	if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
		useColor = true
	}
}

func paint(code, s string) string {
	if !useColor {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func red(s string) string    { return paint("31", s) }
func green(s string) string  { return paint("32", s) }
func yellow(s string) string { return paint("33", s) }
func bold(s string) string   { return paint("1", s) }
