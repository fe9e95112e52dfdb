package redispy_test

// The scenarios in testdata/scripts/*.txtar are documentation that runs:
// each shows one behaviour of the pool, the connection or the client, step
// by step, with the pool's counts and the server's own count of clients
// side by side. The commands are internal/scenario's (the play shell and
// the pages' Run buttons use the same ones); here each is a testscript
// command, and every script runs against a fresh miniredis and, when one
// is installed, a fresh redis-server.
//
// Each run also writes down what a reader would see in a terminal, the
// script's transcript, and compares it with the golden transcript in
// testdata/scripts/transcripts/ that the docs pages show (transcript_test.go).
//
//	go test -run TestScripts .                         # all of them
//	go test -run TestScripts/miniredis/pool_release .  # one
//	go test -run TestScripts . -update                 # rewrite the golden transcripts
//	make scenario NAME=pool_release [SHOW=zh]          # watch one run
//
// The commands and their usage lines: internal/scenario (commands.go).

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/internal/scenario"
)

var (
	update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/scripts/transcripts")
	show   = flag.String("show", "", "print the transcript of every scenario that ran, in this language (en or zh)")
)

// backend is a server the scenarios run against.
type backend struct {
	name  string // also the script condition: [miniredis], [redis-server]
	start func() (*redistest.Server, error)
}

// backends are the servers every scenario runs against, in this order.
var backends = []backend{
	{"miniredis", redistest.StartMiniredis},
	{"redis-server", redistest.StartRedisServer},
}

func TestScripts(t *testing.T) {
	if *show != "" && !isLanguage(*show) {
		t.Fatalf("-show=%s: the transcripts are in %s", *show, strings.Join(languages, " and "))
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			if b.name == "redis-server" && redistest.RedisServerPath() == "" {
				if redistest.InCI() {
					t.Fatal("redis-server is not installed, and CI=true requires it")
				}
				t.Skip("redis-server is not installed; the scenarios ran against miniredis only")
			}
			testscript.Run(t, scriptParams(scriptConfig{
				backend: b.name,
				start:   b.start,
				dir:     "testdata/scripts",
				golden:  "testdata/scripts/transcripts",
				update:  *update,
				show:    *show,
			}))
		})
	}
}

// scriptConfig is one backend's run of the scenarios in dir.
type scriptConfig struct {
	backend string // "miniredis" or "redis-server"
	start   func() (*redistest.Server, error)
	dir     string    // the scripts
	golden  string    // their transcripts
	update  bool      // rewrite the transcripts instead of comparing
	show    string    // print each transcript in this language, or ""
	out     io.Writer // where -show prints; os.Stdout when nil
}

func scriptParams(cfg scriptConfig) testscript.Params {
	cmds := map[string]func(*testscript.TestScript, bool, []string){}
	for _, name := range scenario.Names() {
		cmds[name] = record(name)
	}
	return testscript.Params{
		Dir:                 cfg.dir,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			srv, err := cfg.start()
			if err != nil {
				return err
			}
			env.Defer(srv.Close)
			s := &run{server: srv, world: scenario.NewWorld(srv)}
			env.Defer(s.world.Close)
			env.Values[runKey{}] = s
			// Deferred functions run last first: the transcript is
			// checked before the server closes.
			env.Defer(func() { cfg.checkTranscript(env.T(), s) })
			return nil
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "miniredis", "redis-server":
				return cond == cfg.backend, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: cmds,
	}
}

type runKey struct{}

// run is one script's run: its world, and the steps it has run so far.
type run struct {
	server *redistest.Server
	world  *scenario.World
	name   string  // the script's name, from the first command
	steps  []*step // every command run, in order
}

// step is one command as it ran: what the transcript shows under it.
type step struct {
	name string
	out  strings.Builder // stdout and stderr, in the order written
}

// record makes the scenario command name a testscript command that adds a
// step to the transcript: what it prints goes to the script's stdout or
// stderr (for its checks) and to the step, interleaved as a terminal
// would show them.
func record(name string) func(*testscript.TestScript, bool, []string) {
	return func(ts *testscript.TestScript, neg bool, args []string) {
		s := ts.Value(runKey{}).(*run)
		s.name = ts.Name()
		st := &step{name: name}
		s.steps = append(s.steps, st)
		err := s.world.Exec(io.MultiWriter(ts.Stdout(), &st.out), io.MultiWriter(ts.Stderr(), &st.out), name, neg, args)
		if err != nil {
			ts.Fatalf("%v", err)
		}
	}
}
