// Command play is the workshop's shell: pools, connections and clients
// against an embedded miniredis (or a real redis-server with --redis),
// driven by the commands the scenarios on the chapter pages use, and
// printed the way those pages print them. Run it through the checker:
//
//	go run ./cmd/workshop play                       # the chapters' own code
//	go run ./cmd/workshop play --mine 04-lazy-lifo   # your file in the chapter's place
//	go run ./cmd/workshop play testdata/scripts/pool_release.txtar
//
// Typed or piped, each line is one command; a scenario file is replayed
// with its checks (stdout, stderr, cmp) left out.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/internal/scenario"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
)

func main() {
	redis := flag.Bool("redis", false, "a real redis-server instead of miniredis")
	lang := flag.String("lang", "en", "en or zh")
	flag.Parse()
	zh = *lang == "zh"
	os.Exit(run(flag.Args(), *redis, os.Stdin, os.Stdout))
}

// zh: the shell's own words in Chinese (the commands' output is the
// scenarios', the same in both languages).
var zh bool

func say(en, zhText string) string {
	if zh {
		return zhText
	}
	return en
}

func run(files []string, redis bool, in io.Reader, out io.Writer) int {
	start := redistest.StartMiniredis
	name := "miniredis"
	if redis {
		start, name = redistest.StartRedisServer, "redis-server"
	}
	srv, err := start()
	if err != nil {
		fmt.Fprintln(out, say("cannot start the server:", "无法启动服务器："), err)
		return 1
	}
	defer srv.Close()
	tap, err := wredis.StartTap(srv)
	if err != nil {
		fmt.Fprintln(out, err)
		return 1
	}
	defer tap.Close()
	tap.Who = wredis.Text{En: "the shell's tap", Zh: "shell 的代理"}
	world := scenario.NewWorld(srv)
	world.Host, world.Port = tap.Host, tap.Port
	if zh {
		world.Lang = "zh"
	}
	sh := &shell{server: srv, tap: tap, out: out, world: world}
	defer sh.closeAll()

	if len(files) > 0 {
		for _, f := range files {
			a, err := txtar.ParseFile(f)
			if err != nil {
				fmt.Fprintln(out, err)
				return 1
			}
			sh.script(string(a.Comment), true)
		}
		return 0
	}
	interactive := isTerminal(in)
	if interactive {
		fmt.Fprintf(out, say("play: %s on %s. `help` lists the commands, `quit` leaves.\n",
			"play：%s 运行在 %s 上。`help` 列出命令，`quit` 退出。\n"), name, srv.Addr())
	}
	sc := bufio.NewScanner(in)
	for {
		if interactive {
			fmt.Fprint(out, "$ ")
		}
		if !sc.Scan() {
			if interactive {
				fmt.Fprintln(out)
			}
			return 0
		}
		if !sh.line(sc.Text(), !interactive) {
			return 0
		}
	}
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// script runs every line of a scenario.
func (sh *shell) script(text string, echo bool) {
	for _, l := range strings.Split(text, "\n") {
		if !sh.line(l, echo) {
			return
		}
	}
}

// line runs one line and reports whether to go on. echo prints it first,
// as the scenario pages show each command: "$ get p c1".
func (sh *shell) line(l string, echo bool) bool {
	l = strings.TrimSpace(l)
	switch {
	case l == "":
		if echo {
			fmt.Fprintln(sh.out)
		}
		return true
	case strings.HasPrefix(l, "#"):
		if echo {
			fmt.Fprintln(sh.out, l)
		}
		return true
	}
	words, err := scenario.Fields(l)
	if err != nil || len(words) == 0 {
		if err != nil {
			fmt.Fprintln(sh.out, err)
		}
		return true
	}
	if words[0] == "!" { // a scenario's "this fails": run it all the same
		words = words[1:]
		l = strings.TrimSpace(strings.TrimPrefix(l, "!"))
		if len(words) == 0 {
			return true
		}
	}
	switch words[0] {
	case "stdout", "stderr", "cmp", "exec", "skip", "env", "[miniredis]", "[redis-server]":
		return true // a scenario's checks, not commands
	case "quit", "exit":
		return false
	}
	if echo {
		fmt.Fprintln(sh.out, "$ "+l) // as typed, as a transcript shows it
	}
	name, args := words[0], words[1:]
	if f, ok := own[name]; ok || (name == "clients" && len(args) == 0) {
		if !ok {
			f = (*shell).serverClients
		}
		if err := f(sh, args); err != nil {
			var u usageError
			if errors.As(err, &u) {
				fmt.Fprintln(sh.out, say("usage: ", "用法：")+string(u))
			} else {
				fmt.Fprintln(sh.out, err)
			}
		}
		return true
	}
	if !scenario.IsCommand(name) {
		fmt.Fprintf(sh.out, say("unknown command %q: `help` lists them\n", "没有 %q 这个命令：`help` 会列出全部命令\n"), name)
		return true
	}
	// Nothing is expected here: a command that fails prints its error
	// (with a scenario's "!" the error is the point) and the shell goes on.
	if err := sh.world.Exec(sh.out, sh.out, name, false, args); err != nil {
		var f *scenario.Failure
		if !errors.As(err, &f) || !f.Printed {
			fmt.Fprintln(sh.out, err)
		}
	}
	return true
}

type usageError string

func (u usageError) Error() string { return string(u) }
