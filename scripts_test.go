package redispy_test

// The scenarios in testdata/scripts/*.txtar are documentation that runs:
// each shows one behaviour of the pool, the connection or the client, step
// by step, with the pool's counts and the server's own count of clients
// side by side. The commands below drive real pools and connections in
// this process; every script runs against a fresh miniredis and, when one
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
// The commands (each function's comment is its usage line):
//
//	newpool NAME [max=N] [db=N] [timeout=D] [parser=python|hiredis] [unix] [without=FIXES]
//	newclient NAME [db=N] [timeout=D] [without=FIXES]
//	get POOL CONN · release POOL CONN · disconnect POOL · stats POOL
//	do CONN COMMAND [ARGS...] · send CONN COMMAND [ARGS...] · read CONN · conn CONN · same A B
//	call CLIENT COMMAND [ARGS...]
//	clients N · killclients · stall DURATION · waitstall
//	proxy NAME · proxyclient NAME PROXY [without=FIXES] · fault PROXY FAULT (scripts_fault_test.go)
//	clock NAME UNIXTIME|+D|-D · newlock NAME CLIENT KEY [timeout=D] [sleep=D] [clock=CLOCK]
//	lock NAME acquire [nonblocking]|release|extend D|state · waitexpire CLIENT KEY (scripts_lock_test.go)
//
// FIXES is what fixes.Parse reads: fix names from internal/fixes separated
// by commas, or "all" for every fix off (2.4.6 as it was).

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/07-lock"
	"github.com/redispy-go/redispy/internal/clock"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
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
	for _, set := range []map[string]func(*cmd, bool, []string){scenarioCmds, faultCmds, lockCmds} {
		for name, f := range set {
			cmds[name] = record(name, f)
		}
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
			s := &scenario{
				server:  srv,
				pools:   map[string]*pool.ConnectionPool[*connection.Connection]{},
				conns:   map[string]*connection.Connection{},
				clients: map[string]*client.Redis{},
				proxies: map[string]*redistest.Proxy{},
			}
			env.Values[scenarioKey{}] = s
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

// scenarioCmds are the commands scripts can use, with faultCmds. Every one
// of them is a step of the transcript, shown with what it printed.
var scenarioCmds = map[string]func(ts *cmd, neg bool, args []string){
	"newpool":    cmdNewPool,
	"get":        cmdGet,
	"release":    cmdRelease,
	"disconnect": cmdDisconnect,
	"stats":      cmdStats,
	"clients":    cmdClients,
	"do":         cmdDo,
	"send":       cmdSend,
	"read":       cmdRead,
	"conn":       cmdConn,
	"same":       cmdSame,
	"killclients": func(ts *cmd, neg bool, args []string) {
		usage(ts, neg, args, 0, "killclients")
		ts.Check(ts.s.server.KillClients())
	},
	"newclient": cmdNewClient,
	"call":      cmdCall,
	"stall":     cmdStall,
	"waitstall": func(ts *cmd, neg bool, args []string) {
		usage(ts, neg, args, 0, "waitstall")
		if st := ts.s.stalled; st != nil {
			<-st
			// Commands queued behind the stall run just after
			// it; give them a moment before the next check.
			time.Sleep(100 * time.Millisecond)
		}
	},
}

type scenarioKey struct{}

// scenario is one script's world: its server, its pools and the
// connections it has named, and the steps it has run so far.
type scenario struct {
	server  *redistest.Server
	pools   map[string]*pool.ConnectionPool[*connection.Connection]
	conns   map[string]*connection.Connection
	clients map[string]*client.Redis
	proxies map[string]*redistest.Proxy
	stalled <-chan struct{}        // closed when the last stall is over
	locks   map[string]*lock.Lock  // made on first use (scripts_lock_test.go)
	clocks  map[string]*clock.Fake // made on first use

	name  string  // the script's name, from the first command
	steps []*step // every command run, in order
}

// step is one command as it ran: what the transcript shows under it.
type step struct {
	name string
	out  strings.Builder // stdout and stderr, in the order written
}

// cmd is what a scenario command sees: the script's state, with Stdout
// and Stderr shadowing testscript's so that whatever a command prints also
// goes to its step of the transcript.
type cmd struct {
	*testscript.TestScript
	s    *scenario
	step *step
}

// Stdout is where a command prints for the script's stdout checks and for
// the transcript.
func (c *cmd) Stdout() io.Writer { return io.MultiWriter(c.TestScript.Stdout(), &c.step.out) }

// Stderr is Stdout for errors; the transcript interleaves the two as a
// terminal would.
func (c *cmd) Stderr() io.Writer { return io.MultiWriter(c.TestScript.Stderr(), &c.step.out) }

// record makes f a testscript command that adds a step to the transcript.
func record(name string, f func(*cmd, bool, []string)) func(*testscript.TestScript, bool, []string) {
	return func(ts *testscript.TestScript, neg bool, args []string) {
		s := ts.Value(scenarioKey{}).(*scenario)
		s.name = ts.Name()
		st := &step{name: name}
		s.steps = append(s.steps, st)
		f(&cmd{TestScript: ts, s: s, step: st}, neg, args)
	}
}

func (s *scenario) pool(ts *cmd, name string) *pool.ConnectionPool[*connection.Connection] {
	p, ok := s.pools[name]
	if !ok {
		ts.Fatalf("no pool named %q (make it with newpool)", name)
	}
	return p
}

func (s *scenario) conn(ts *cmd, name string) *connection.Connection {
	c, ok := s.conns[name]
	if !ok {
		ts.Fatalf("no connection named %q (borrow it with get)", name)
	}
	return c
}

func usage(ts *cmd, neg bool, args []string, n int, u string) {
	if len(args) != n {
		ts.Fatalf("usage: %s", u)
	}
	if neg {
		ts.Fatalf("%s cannot fail; drop the !", strings.Fields(u)[0])
	}
}

// result reports err the testscript way: on stderr as "Kind: message", a
// failure unless the command was negated with !.
func result(ts *cmd, neg bool, err error) {
	if err != nil {
		kind := "error"
		if k := exceptions.KindOf(err); k != nil {
			kind = k.Error()
		}
		fmt.Fprintf(ts.Stderr(), "%s: %s\n", kind, err)
	}
	switch {
	case err != nil && !neg:
		ts.Fatalf("unexpected error: %v", err)
	case err == nil && neg:
		ts.Fatalf("succeeded, but an error was expected")
	}
}

// withoutFixes reads without=FIXES: the fixes to turn off, so a scenario
// can show 2.4.6 next to the fix.
func withoutFixes(v string) (fixes.Set, error) {
	if v == "" {
		return fixes.Set{}, errors.New("without= needs fix names (internal/fixes) or all")
	}
	return fixes.Parse(v)
}

// newpool NAME [max=N] [db=N] [timeout=DURATION] [parser=python|hiredis] [unix] [without=FIXES]
func cmdNewPool(ts *cmd, neg bool, args []string) {
	const u = "usage: newpool NAME [max=N] [db=N] [timeout=D] [parser=python|hiredis] [unix] [without=FIXES]"
	if len(args) < 1 || neg {
		ts.Fatalf(u)
	}
	s := ts.s
	opts := connection.Options{Host: s.server.Host, Port: s.server.Port}
	max, unix := 0, false
	for _, a := range args[1:] {
		k, v, _ := strings.Cut(a, "=")
		var err error
		switch k {
		case "max":
			max, err = strconv.Atoi(v)
		case "db":
			opts.DB, err = strconv.Atoi(v)
		case "timeout":
			opts.SocketTimeout, err = time.ParseDuration(v)
		case "parser":
			switch v {
			case "python":
				opts.ParserClass = func() parser.Parser { return parser.NewPythonParser() }
			case "hiredis":
				opts.ParserClass = func() parser.Parser { return parser.NewHiredisParser() }
			default:
				err = fmt.Errorf("unknown parser %q", v)
			}
		case "unix":
			unix = true
			opts.Path = s.server.SocketPath
			if opts.Path == "" {
				err = errors.New("this server has no Unix socket; guard the script with [redis-server]")
			}
		case "without":
			opts.Fixes, err = withoutFixes(v)
		default:
			err = fmt.Errorf("unknown option %q (%s)", a, u)
		}
		ts.Check(err)
	}
	s.pools[args[0]] = pool.NewConnectionPool(func() *connection.Connection {
		if unix {
			return connection.NewUnixDomainSocketConnection(opts)
		}
		return connection.NewConnection(opts)
	}, max)
}

// get POOL CONN: borrow a connection and call it CONN.
func cmdGet(ts *cmd, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: get POOL CONN")
	}
	s := ts.s
	c, err := s.pool(ts, args[0]).GetConnection("GET")
	if err == nil {
		s.conns[args[1]] = c
	}
	result(ts, neg, err)
}

// release POOL CONN
func cmdRelease(ts *cmd, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: release POOL CONN")
	}
	s := ts.s
	result(ts, neg, s.pool(ts, args[0]).Release(s.conn(ts, args[1])))
}

// disconnect POOL
func cmdDisconnect(ts *cmd, neg bool, args []string) {
	usage(ts, neg, args, 1, "disconnect POOL")
	ts.Check(ts.s.pool(ts, args[0]).Disconnect())
}

// stats POOL: print the pool's counts.
func cmdStats(ts *cmd, neg bool, args []string) {
	usage(ts, neg, args, 1, "stats POOL")
	fmt.Fprintln(ts.Stdout(), ts.s.pool(ts, args[0]).Stats())
}

// clients N: the server's own count of connected clients must become N.
// A server notices a closed socket a moment after the client closes it, so
// the count is awaited (briefly), not read once.
func cmdClients(ts *cmd, neg bool, args []string) {
	usage(ts, neg, args, 1, "clients N")
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	n, err := ts.s.server.WaitClients(want)
	ts.Check(err)
	fmt.Fprintf(ts.Stdout(), "server clients=%d\n", n)
	if n != want {
		ts.Fatalf("the server sees %d clients, want %d", n, want)
	}
}

// do CONN COMMAND [ARGS...]: send one command and print the reply like redis-cli.
func cmdDo(ts *cmd, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: do CONN COMMAND [ARGS...]")
	}
	c := ts.s.conn(ts, args[0])
	err := c.SendCommand(strArgs(args[1:])...)
	if err == nil {
		var reply any
		if reply, err = c.ReadResponse(); err == nil {
			printReply(ts, reply)
		}
	}
	result(ts, neg, err)
}

// send CONN COMMAND [ARGS...]: send without reading the reply.
func cmdSend(ts *cmd, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: send CONN COMMAND [ARGS...]")
	}
	result(ts, neg, ts.s.conn(ts, args[0]).SendCommand(strArgs(args[1:])...))
}

// read CONN: read one reply.
func cmdRead(ts *cmd, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: read CONN")
	}
	reply, err := ts.s.conn(ts, args[0]).ReadResponse()
	if err == nil {
		printReply(ts, reply)
	}
	result(ts, neg, err)
}

// conn CONN: is its socket open?
func cmdConn(ts *cmd, neg bool, args []string) {
	usage(ts, neg, args, 1, "conn CONN")
	state := "not connected"
	if ts.s.conn(ts, args[0]).Connected() {
		state = "connected"
	}
	fmt.Fprintf(ts.Stdout(), "%s %s\n", args[0], state)
}

// same A B: are the two names the same connection object? It prints
// "A == B" or "A != B"; ! same expects the second.
func cmdSame(ts *cmd, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: same A B")
	}
	s := ts.s
	same := s.conn(ts, args[0]) == s.conn(ts, args[1])
	op := "=="
	if !same {
		op = "!="
	}
	fmt.Fprintf(ts.Stdout(), "%s %s %s\n", args[0], op, args[1])
	if same == neg {
		ts.Fatalf("%s and %s: same object is %v", args[0], args[1], same)
	}
}

// newclient NAME [db=N] [timeout=DURATION] [without=FIXES]: a Redis client
// whose pool is also a pool named NAME, for stats and disconnect.
func cmdNewClient(ts *cmd, neg bool, args []string) {
	const u = "usage: newclient NAME [db=N] [timeout=D] [without=FIXES]"
	if len(args) < 1 || neg {
		ts.Fatalf(u)
	}
	s := ts.s
	opts := client.Options{Host: s.server.Host, Port: s.server.Port}
	for _, a := range args[1:] {
		k, v, _ := strings.Cut(a, "=")
		var err error
		switch k {
		case "db":
			opts.DB, err = strconv.Atoi(v)
		case "timeout":
			opts.SocketTimeout, err = time.ParseDuration(v)
		case "without":
			opts.Fixes, err = withoutFixes(v)
		default:
			err = fmt.Errorf("unknown option %q (%s)", a, u)
		}
		ts.Check(err)
	}
	r := client.NewRedis(opts)
	s.clients[args[0]] = r
	s.pools[args[0]] = r.ConnectionPool
}

// call CLIENT COMMAND [ARGS...]: ExecuteCommand, and print what the
// command's callback made of the reply.
func cmdCall(ts *cmd, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: call CLIENT COMMAND [ARGS...]")
	}
	r, ok := ts.s.clients[args[0]]
	if !ok {
		ts.Fatalf("no client named %q (make it with newclient)", args[0])
	}
	reply, err := r.ExecuteCommand(strArgs(args[1:])...)
	if err == nil {
		printReply(ts, reply)
	}
	result(ts, neg, err)
}

// stall DURATION: the server answers nothing for DURATION from now;
// commands that arrive meanwhile run when it ends (waitstall waits for that).
func cmdStall(ts *cmd, neg bool, args []string) {
	usage(ts, neg, args, 1, "stall DURATION")
	d, err := time.ParseDuration(args[0])
	ts.Check(err)
	s := ts.s
	s.stalled, err = s.server.Stall(d)
	ts.Check(err)
}

func strArgs(words []string) []any {
	args := make([]any, len(words))
	for i, w := range words {
		args[i] = w
	}
	return args
}

// printReply prints a reply the way redis-cli does.
func printReply(ts *cmd, reply any) {
	w := ts.Stdout()
	switch r := reply.(type) {
	case nil:
		fmt.Fprintln(w, "(nil)")
	case string:
		fmt.Fprintln(w, r)
	case int64:
		fmt.Fprintf(w, "(integer) %d\n", r)
	case bool:
		fmt.Fprintf(w, "(callback) %v\n", r)
	case []byte:
		fmt.Fprintf(w, "%q\n", r)
	case exceptions.ResponseError:
		fmt.Fprintf(w, "(error) %s\n", r.Msg)
	case []any:
		if len(r) == 0 {
			fmt.Fprintln(w, "(empty list)")
		}
		for i, item := range r {
			fmt.Fprintf(w, "%d) ", i+1)
			printReply(ts, item)
		}
	default:
		fmt.Fprintf(w, "%#v\n", r)
	}
}
