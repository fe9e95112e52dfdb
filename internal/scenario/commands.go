package scenario

// The commands of the scenarios in testdata/scripts/*.txtar, one
// interpreter for every place that runs them: the testscript commands of
// the root package's scripts_test.go (thin adapters), the workshop's play
// shell, and the browser (cmd/livescenario, compiled to WebAssembly). Each
// command drives real pools, connections and clients of this process
// against a World's server and prints what a reader would see; Run (run.go)
// turns a whole script into its transcript (transcript.go).
//
// The commands (Commands has each one's usage line):
//
//	newpool NAME [max=N] [db=N] [timeout=D] [parser=python|hiredis] [unix] [without=FIXES]
//	newclient NAME [db=N] [timeout=D] [without=FIXES]
//	get POOL CONN · release POOL CONN · disconnect POOL · stats POOL
//	do CONN COMMAND [ARGS...] · send CONN COMMAND [ARGS...] · read CONN · conn CONN · same A B
//	call CLIENT COMMAND [ARGS...]
//	clients N · killclients · stall DURATION · waitstall
//	proxy NAME · proxyclient NAME PROXY [without=FIXES] · fault PROXY FAULT (fault.go)
//	pipeline NAME CLIENT [notx] · queue PIPE COMMAND [ARGS...] · watch PIPE KEY... · multi PIPE
//	execute PIPE (pipeline.go)
//	newpubsub NAME CLIENT · subscribe/psubscribe PUBSUB NAMES... · unsubscribe/punsubscribe PUBSUB [NAMES...]
//	listen PUBSUB N · pubsub PUBSUB · closepubsub PUBSUB · downclient NAME [without=FIXES]
//	fake NAME hangup · fakeclient NAME FAKE [without=FIXES] · accepted FAKE N · killsubscribers (pubsub.go)
//	clock NAME UNIXTIME|+D|-D · newlock NAME CLIENT KEY [timeout=D] [sleep=D] [clock=CLOCK]
//	lock NAME acquire [nonblocking]|release|extend D|state · waitexpire CLIENT KEY (lock.go)
//
// FIXES is what fixes.Parse reads: fix names from internal/fixes separated
// by commas, or "all" for every fix off (2.4.6 as it was).

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/05-pipeline"
	"github.com/redispy-go/redispy/chapters/06-pubsub"
	"github.com/redispy-go/redispy/chapters/07-lock"
	"github.com/redispy-go/redispy/internal/clock"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

// Command is one scenario command: its usage line and what it does. Run
// prints through e.Stdout and e.Stderr; a command that cannot go on (a
// usage mistake, an unknown name, a check that does not hold) calls
// e.Fatalf, which Exec turns into its error.
type Command struct {
	Usage string
	Run   func(e *Env, neg bool, args []string)
}

// Commands are every scenario command by name. Every one of them is a
// step of a transcript, shown with what it printed.
var Commands = map[string]Command{}

func register(set map[string]Command) {
	for name, c := range set {
		if _, dup := Commands[name]; dup {
			panic("scenario: two commands named " + name)
		}
		Commands[name] = c
	}
}

func init() {
	register(baseCmds)
	register(faultCmds)
	register(pipelineCmds)
	register(pubsubCmds)
	register(lockCmds)
}

// Names are the commands' names, sorted.
func Names() []string {
	var names []string
	for n := range Commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// IsCommand reports whether name is a scenario command (a step of the
// transcript), not a testscript builtin.
func IsCommand(name string) bool {
	_, ok := Commands[name]
	return ok
}

// baseCmds are the pool's, the connection's and the client's commands.
var baseCmds = map[string]Command{
	"newpool":    {"newpool NAME [max=N] [db=N] [timeout=D] [parser=python|hiredis] [unix] [without=FIXES]", cmdNewPool},
	"get":        {"get POOL CONN", cmdGet},
	"release":    {"release POOL CONN", cmdRelease},
	"disconnect": {"disconnect POOL", cmdDisconnect},
	"stats":      {"stats POOL", cmdStats},
	"clients":    {"clients N", cmdClients},
	"do":         {"do CONN COMMAND [ARGS...]", cmdDo},
	"send":       {"send CONN COMMAND [ARGS...]", cmdSend},
	"read":       {"read CONN", cmdRead},
	"conn":       {"conn CONN", cmdConn},
	"same":       {"same A B", cmdSame},
	"killclients": {"killclients", func(e *Env, neg bool, args []string) {
		usage(e, neg, args, 0, "killclients")
		e.Check(e.server.KillClients())
	}},
	"newclient": {"newclient NAME [db=N] [timeout=D] [without=FIXES]", cmdNewClient},
	"call":      {"call CLIENT COMMAND [ARGS...]", cmdCall},
	"stall":     {"stall DURATION", cmdStall},
	"waitstall": {"waitstall", func(e *Env, neg bool, args []string) {
		usage(e, neg, args, 0, "waitstall")
		if st := e.stalled; st != nil {
			<-st
			// Commands queued behind the stall run just after
			// it; give them a moment before the next check.
			time.Sleep(100 * time.Millisecond)
		}
	}},
}

// World is one script's world: its server, the pools, connections,
// clients and the rest it has named. Every command of a script runs in
// the same World, one at a time.
type World struct {
	server *redistest.Server
	// Host and Port are where newpool and newclient connect: the server's,
	// unless the caller put something (the play shell's tap) in between.
	Host string
	Port int
	// Lang is the language of the commands' failures: "zh" for Chinese
	// (messages.go), anything else English.
	Lang string

	pools   map[string]*pool.ConnectionPool[*connection.Connection]
	conns   map[string]*connection.Connection
	clients map[string]*client.Redis
	proxies map[string]*redistest.Proxy
	pipes   map[string]*pipeline.Pipeline
	pubsubs map[string]*pubsub.PubSub  // pubsub.go
	fakes   map[string]*redistest.Fake // pubsub.go
	stalled <-chan struct{}            // closed when the last stall is over
	locks   map[string]*lock.Lock      // made on first use (lock.go)
	clocks  map[string]*clock.Fake     // made on first use

	// Where each named connection is, followed by get and release, for
	// State (session.go): each pool's stack and its taken ones, and the
	// pool each connection came from.
	stacks, taken map[string][]*connection.Connection
	owner         map[*connection.Connection]string

	deferred []func()
}

// NewWorld is an empty world on srv; Close undoes what its commands
// started (the caller closes srv).
func NewWorld(srv *redistest.Server) *World {
	return &World{
		server:  srv,
		Host:    srv.Host,
		Port:    srv.Port,
		pools:   map[string]*pool.ConnectionPool[*connection.Connection]{},
		conns:   map[string]*connection.Connection{},
		clients: map[string]*client.Redis{},
		proxies: map[string]*redistest.Proxy{},
		pipes:   map[string]*pipeline.Pipeline{},
		pubsubs: map[string]*pubsub.PubSub{},
		fakes:   map[string]*redistest.Fake{},
	}
}

// Server is the world's server.
func (s *World) Server() *redistest.Server { return s.server }

// Defer runs f at Close, the last deferred first.
func (s *World) Defer(f func()) { s.deferred = append(s.deferred, f) }

// Close closes what the commands started (proxies, fakes, pubsubs) and
// every pool's connections.
func (s *World) Close() {
	for i := len(s.deferred) - 1; i >= 0; i-- {
		s.deferred[i]()
	}
	s.deferred = nil
	for _, p := range s.pools {
		_ = p.Disconnect()
	}
}

// Env is what a command sees: the world, and where it prints.
type Env struct {
	*World
	stdout, stderr io.Writer
}

// Stdout is where a command prints its output.
func (e *Env) Stdout() io.Writer { return e.stdout }

// Stderr is where a command prints an error; a transcript interleaves it
// with Stdout as a terminal would.
func (e *Env) Stderr() io.Writer { return e.stderr }

// failure is what Fatalf panics with, and Exec recovers.
type failure struct {
	msg     string
	printed bool // the command printed the error already (an unexpected one)
}

// Failure is Exec's error: why a command could not go on, or did not fail
// as its "!" said it would.
type Failure struct {
	Msg string
	// Printed: the command printed the error as its output already (a
	// Redis or connection error the script did not expect); a shell that
	// does not check expectations has nothing to add.
	Printed bool
}

func (f *Failure) Error() string { return f.Msg }

// Fatalf stops the command: Exec returns the message as its error.
func (e *Env) Fatalf(format string, args ...any) {
	panic(failure{msg: fmt.Sprintf(localFormat(e.Lang, format), args...)})
}

// Check stops the command with err, when there is one.
func (e *Env) Check(err error) {
	if err != nil {
		e.Fatalf("%v", err)
	}
}

// ErrUnknown is Exec's error for a name that is no command.
var ErrUnknown = errors.New("unknown command")

// Exec runs the command name with args in the world, printing to stdout
// and stderr. neg is a script's "!": the command is expected to fail. The
// error is why the command could not go on, or why it did not fail as
// neg expected (a script fails on it); an error the command merely
// printed (a Redis error, expected with !) is not one.
func (s *World) Exec(stdout, stderr io.Writer, name string, neg bool, args []string) (err error) {
	c, ok := Commands[name]
	if !ok {
		return fmt.Errorf("%w %q", ErrUnknown, name)
	}
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(failure)
			if !ok {
				panic(r)
			}
			err = &Failure{Msg: f.msg, Printed: f.printed}
		}
	}()
	c.Run(&Env{World: s, stdout: stdout, stderr: stderr}, neg, args)
	return nil
}

func (s *World) pool(e *Env, name string) *pool.ConnectionPool[*connection.Connection] {
	p, ok := s.pools[name]
	if !ok {
		e.Fatalf("no pool named %q (make it with newpool)", name)
	}
	return p
}

func (s *World) conn(e *Env, name string) *connection.Connection {
	c, ok := s.conns[name]
	if !ok {
		e.Fatalf("no connection named %q (borrow it with get)", name)
	}
	return c
}

func usage(e *Env, neg bool, args []string, n int, u string) {
	if len(args) != n {
		e.Fatalf("usage: %s", u)
	}
	if neg {
		e.Fatalf("%s cannot fail; drop the !", strings.Fields(u)[0])
	}
}

// result reports err the testscript way: on stderr as "Kind: message", a
// failure unless the command was negated with !.
func result(e *Env, neg bool, err error) {
	if err != nil {
		kind := "error"
		if k := exceptions.KindOf(err); k != nil {
			kind = k.Error()
		}
		fmt.Fprintf(e.Stderr(), "%s: %s\n", kind, err)
	}
	switch {
	case err != nil && !neg:
		panic(failure{msg: fmt.Sprintf("unexpected error: %v", err), printed: true})
	case err == nil && neg:
		e.Fatalf("succeeded, but an error was expected")
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
func cmdNewPool(e *Env, neg bool, args []string) {
	const u = "usage: newpool NAME [max=N] [db=N] [timeout=D] [parser=python|hiredis] [unix] [without=FIXES]"
	if len(args) < 1 || neg {
		e.Fatalf(u)
	}
	s := e.World
	opts := connection.Options{Host: s.Host, Port: s.Port}
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
		e.Check(err)
	}
	s.pools[args[0]] = pool.NewConnectionPool(func() *connection.Connection {
		if unix {
			return connection.NewUnixDomainSocketConnection(opts)
		}
		return connection.NewConnection(opts)
	}, max)
}

// get POOL CONN: borrow a connection and call it CONN.
func cmdGet(e *Env, neg bool, args []string) {
	if len(args) != 2 {
		e.Fatalf("usage: get POOL CONN")
	}
	s := e.World
	c, err := s.pool(e, args[0]).GetConnection("GET")
	if err == nil {
		s.conns[args[1]] = c
		s.moved(args[0], c, true)
	}
	result(e, neg, err)
}

// release POOL CONN
func cmdRelease(e *Env, neg bool, args []string) {
	if len(args) != 2 {
		e.Fatalf("usage: release POOL CONN")
	}
	s := e.World
	c := s.conn(e, args[1])
	err := s.pool(e, args[0]).Release(c)
	if err == nil {
		s.moved(args[0], c, false)
	}
	result(e, neg, err)
}

// disconnect POOL
func cmdDisconnect(e *Env, neg bool, args []string) {
	usage(e, neg, args, 1, "disconnect POOL")
	e.Check(e.pool(e, args[0]).Disconnect())
}

// stats POOL: print the pool's counts.
func cmdStats(e *Env, neg bool, args []string) {
	usage(e, neg, args, 1, "stats POOL")
	fmt.Fprintln(e.Stdout(), e.pool(e, args[0]).Stats())
}

// clients N: the server's own count of connected clients must become N.
// A server notices a closed socket a moment after the client closes it, so
// the count is awaited (briefly), not read once.
func cmdClients(e *Env, neg bool, args []string) {
	usage(e, neg, args, 1, "clients N")
	want, err := strconv.Atoi(args[0])
	e.Check(err)
	n, err := e.server.WaitClients(want)
	e.Check(err)
	fmt.Fprintf(e.Stdout(), "server clients=%d\n", n)
	if n != want {
		e.Fatalf("the server sees %d clients, want %d", n, want)
	}
}

// do CONN COMMAND [ARGS...]: send one command and print the reply like redis-cli.
func cmdDo(e *Env, neg bool, args []string) {
	if len(args) < 2 {
		e.Fatalf("usage: do CONN COMMAND [ARGS...]")
	}
	c := e.conn(e, args[0])
	err := c.SendCommand(strArgs(args[1:])...)
	if err == nil {
		var reply any
		if reply, err = c.ReadResponse(); err == nil {
			printReply(e, reply)
		}
	}
	result(e, neg, err)
}

// send CONN COMMAND [ARGS...]: send without reading the reply.
func cmdSend(e *Env, neg bool, args []string) {
	if len(args) < 2 {
		e.Fatalf("usage: send CONN COMMAND [ARGS...]")
	}
	result(e, neg, e.conn(e, args[0]).SendCommand(strArgs(args[1:])...))
}

// read CONN: read one reply.
func cmdRead(e *Env, neg bool, args []string) {
	if len(args) != 1 {
		e.Fatalf("usage: read CONN")
	}
	reply, err := e.conn(e, args[0]).ReadResponse()
	if err == nil {
		printReply(e, reply)
	}
	result(e, neg, err)
}

// conn CONN: is its socket open?
func cmdConn(e *Env, neg bool, args []string) {
	usage(e, neg, args, 1, "conn CONN")
	state := "not connected"
	if e.conn(e, args[0]).Connected() {
		state = "connected"
	}
	fmt.Fprintf(e.Stdout(), "%s %s\n", args[0], state)
}

// same A B: are the two names the same connection object? It prints
// "A == B" or "A != B"; ! same expects the second.
func cmdSame(e *Env, neg bool, args []string) {
	if len(args) != 2 {
		e.Fatalf("usage: same A B")
	}
	s := e.World
	same := s.conn(e, args[0]) == s.conn(e, args[1])
	op := "=="
	if !same {
		op = "!="
	}
	fmt.Fprintf(e.Stdout(), "%s %s %s\n", args[0], op, args[1])
	if same == neg {
		e.Fatalf("%s and %s: same object is %v", args[0], args[1], same)
	}
}

// newclient NAME [db=N] [timeout=DURATION] [without=FIXES]: a Redis client
// whose pool is also a pool named NAME, for stats and disconnect.
func cmdNewClient(e *Env, neg bool, args []string) {
	const u = "usage: newclient NAME [db=N] [timeout=D] [without=FIXES]"
	if len(args) < 1 || neg {
		e.Fatalf(u)
	}
	s := e.World
	opts := client.Options{Host: s.Host, Port: s.Port}
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
		e.Check(err)
	}
	r := client.NewRedis(opts)
	s.clients[args[0]] = r
	s.pools[args[0]] = r.ConnectionPool
}

// call CLIENT COMMAND [ARGS...]: ExecuteCommand, and print what the
// command's callback made of the reply.
func cmdCall(e *Env, neg bool, args []string) {
	if len(args) < 2 {
		e.Fatalf("usage: call CLIENT COMMAND [ARGS...]")
	}
	r, ok := e.clients[args[0]]
	if !ok {
		e.Fatalf("no client named %q (make it with newclient)", args[0])
	}
	reply, err := r.ExecuteCommand(strArgs(args[1:])...)
	if err == nil {
		printReply(e, reply)
	}
	result(e, neg, err)
}

// stall DURATION: the server answers nothing for DURATION from now;
// commands that arrive meanwhile run when it ends (waitstall waits for that).
func cmdStall(e *Env, neg bool, args []string) {
	usage(e, neg, args, 1, "stall DURATION")
	d, err := time.ParseDuration(args[0])
	e.Check(err)
	s := e.World
	s.stalled, err = s.server.Stall(d)
	e.Check(err)
}

func strArgs(words []string) []any {
	args := make([]any, len(words))
	for i, w := range words {
		args[i] = w
	}
	return args
}

// printReply prints a reply the way redis-cli does.
func printReply(e *Env, reply any) {
	w := e.Stdout()
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
	case error: // a callback's, in a pipeline's results
		fmt.Fprintf(w, "(error) %s\n", r)
	case []any:
		if len(r) == 0 {
			fmt.Fprintln(w, "(empty list)")
		}
		for i, item := range r {
			fmt.Fprintf(w, "%d) ", i+1)
			printReply(e, item)
		}
	default:
		fmt.Fprintf(w, "%#v\n", r)
	}
}
