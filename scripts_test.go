package redispy_test

// The scenarios in testdata/scripts/*.txtar are documentation that runs:
// each shows one behaviour of the pool or the connection, step by step,
// with the pool's counts and the server's own count of clients side by
// side. The commands below drive real pools and connections in this
// process; every script runs against a fresh miniredis and, when one is
// installed, a fresh redis-server.
//
//	go test -run TestScripts .                       # all of them
//	go test -run TestScripts/miniredis/pool_release . # one
//	go test -run TestScripts . -update               # rewrite golden output

import (
	"errors"
	"flag"
	"fmt"
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
	"github.com/redispy-go/redispy/internal/redistest"
)

var update = flag.Bool("update", false, "rewrite the golden output in testdata/scripts")

func TestScripts(t *testing.T) {
	backends := []struct {
		name  string
		start func() (*redistest.Server, error)
	}{
		{"miniredis", redistest.StartMiniredis},
		{"redis-server", redistest.StartRedisServer},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			if b.name == "redis-server" && redistest.RedisServerPath() == "" {
				if redistest.InCI() {
					t.Fatal("redis-server is not installed, and CI=true requires it")
				}
				t.Skip("redis-server is not installed; the scenarios ran against miniredis only")
			}
			testscript.Run(t, testscript.Params{
				Dir:                 "testdata/scripts",
				RequireExplicitExec: true,
				RequireUniqueNames:  true,
				UpdateScripts:       *update,
				Setup: func(env *testscript.Env) error {
					srv, err := b.start()
					if err != nil {
						return err
					}
					env.Defer(srv.Close)
					env.Values[scenarioKey{}] = &scenario{
						server:  srv,
						pools:   map[string]*pool.ConnectionPool[*connection.Connection]{},
						conns:   map[string]*connection.Connection{},
						clients: map[string]*client.Redis{},
						proxies: map[string]*redistest.Proxy{},
					}
					return nil
				},
				Condition: func(cond string) (bool, error) {
					switch cond {
					case "miniredis", "redis-server":
						return cond == b.name, nil
					}
					return false, fmt.Errorf("unknown condition %q", cond)
				},
				Cmds: withFaultCmds(map[string]func(ts *testscript.TestScript, neg bool, args []string){
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
					"killclients": func(ts *testscript.TestScript, neg bool, args []string) {
						ts.Check(get(ts).server.KillClients())
					},
					"newclient": cmdNewClient,
					"call":      cmdCall,
					"stall":     cmdStall,
					"waitstall": func(ts *testscript.TestScript, neg bool, args []string) {
						usage(ts, neg, args, 0, "waitstall")
						if st := get(ts).stalled; st != nil {
							<-st
							// Commands queued behind the stall run just after
							// it; give them a moment before the next check.
							time.Sleep(100 * time.Millisecond)
						}
					},
				}),
			})
		})
	}
}

// withFaultCmds adds the proxy commands of scripts_fault_test.go.
func withFaultCmds(cmds map[string]func(ts *testscript.TestScript, neg bool, args []string)) map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	for name, cmd := range faultCmds {
		cmds[name] = cmd
	}
	return cmds
}

type scenarioKey struct{}

// scenario is one script's world: its server, its pools and the
// connections it has named.
type scenario struct {
	server  *redistest.Server
	pools   map[string]*pool.ConnectionPool[*connection.Connection]
	conns   map[string]*connection.Connection
	clients map[string]*client.Redis
	proxies map[string]*redistest.Proxy
	stalled <-chan struct{} // closed when the last stall is over
}

func get(ts *testscript.TestScript) *scenario { return ts.Value(scenarioKey{}).(*scenario) }

func (s *scenario) pool(ts *testscript.TestScript, name string) *pool.ConnectionPool[*connection.Connection] {
	p, ok := s.pools[name]
	if !ok {
		ts.Fatalf("no pool named %q (make it with newpool)", name)
	}
	return p
}

func (s *scenario) conn(ts *testscript.TestScript, name string) *connection.Connection {
	c, ok := s.conns[name]
	if !ok {
		ts.Fatalf("no connection named %q (borrow it with get)", name)
	}
	return c
}

func usage(ts *testscript.TestScript, neg bool, args []string, n int, u string) {
	if len(args) != n {
		ts.Fatalf("usage: %s", u)
	}
	if neg {
		ts.Fatalf("%s cannot fail; drop the !", strings.Fields(u)[0])
	}
}

// result reports err the testscript way: on stderr as "Kind: message", a
// failure unless the command was negated with !.
func result(ts *testscript.TestScript, neg bool, err error) {
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

// newpool NAME [max=N] [db=N] [timeout=DURATION] [parser=python|hiredis] [unix]
func cmdNewPool(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 1 || neg {
		ts.Fatalf("usage: newpool NAME [max=N] [db=N] [timeout=D] [parser=python|hiredis] [unix]")
	}
	s := get(ts)
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
		default:
			err = fmt.Errorf("unknown option %q", a)
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
func cmdGet(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: get POOL CONN")
	}
	s := get(ts)
	c, err := s.pool(ts, args[0]).GetConnection("GET")
	if err == nil {
		s.conns[args[1]] = c
	}
	result(ts, neg, err)
}

// release POOL CONN
func cmdRelease(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: release POOL CONN")
	}
	s := get(ts)
	result(ts, neg, s.pool(ts, args[0]).Release(s.conn(ts, args[1])))
}

// disconnect POOL
func cmdDisconnect(ts *testscript.TestScript, neg bool, args []string) {
	usage(ts, neg, args, 1, "disconnect POOL")
	s := get(ts)
	ts.Check(s.pool(ts, args[0]).Disconnect())
}

// stats POOL: print the pool's counts.
func cmdStats(ts *testscript.TestScript, neg bool, args []string) {
	usage(ts, neg, args, 1, "stats POOL")
	fmt.Fprintln(ts.Stdout(), get(ts).pool(ts, args[0]).Stats())
}

// clients N: the server's own count of connected clients must become N.
// A server notices a closed socket a moment after the client closes it, so
// the count is awaited (briefly), not read once.
func cmdClients(ts *testscript.TestScript, neg bool, args []string) {
	usage(ts, neg, args, 1, "clients N")
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	n, err := get(ts).server.WaitClients(want)
	ts.Check(err)
	fmt.Fprintf(ts.Stdout(), "server clients=%d\n", n)
	if n != want {
		ts.Fatalf("the server sees %d clients, want %d", n, want)
	}
}

// do CONN ARGS...: send one command and print the reply like redis-cli.
func cmdDo(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: do CONN COMMAND [ARGS...]")
	}
	c := get(ts).conn(ts, args[0])
	err := c.SendCommand(strArgs(args[1:])...)
	if err == nil {
		var reply any
		if reply, err = c.ReadResponse(); err == nil {
			printReply(ts, reply)
		}
	}
	result(ts, neg, err)
}

// send CONN ARGS...: send without reading the reply.
func cmdSend(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: send CONN COMMAND [ARGS...]")
	}
	result(ts, neg, get(ts).conn(ts, args[0]).SendCommand(strArgs(args[1:])...))
}

// read CONN: read one reply.
func cmdRead(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: read CONN")
	}
	reply, err := get(ts).conn(ts, args[0]).ReadResponse()
	if err == nil {
		printReply(ts, reply)
	}
	result(ts, neg, err)
}

// conn CONN: is its socket open?
func cmdConn(ts *testscript.TestScript, neg bool, args []string) {
	usage(ts, neg, args, 1, "conn CONN")
	state := "not connected"
	if get(ts).conn(ts, args[0]).Connected() {
		state = "connected"
	}
	fmt.Fprintf(ts.Stdout(), "%s %s\n", args[0], state)
}

// same A B: are the two names the same connection object?
func cmdSame(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: same A B")
	}
	s := get(ts)
	if (s.conn(ts, args[0]) == s.conn(ts, args[1])) == neg {
		ts.Fatalf("%s and %s: same object is %v", args[0], args[1], !neg)
	}
}

// newclient NAME [db=N] [timeout=DURATION]: a Redis client whose pool is
// also a pool named NAME, for stats and disconnect.
func cmdNewClient(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 1 || neg {
		ts.Fatalf("usage: newclient NAME [db=N] [timeout=D]")
	}
	s := get(ts)
	opts := client.Options{Host: s.server.Host, Port: s.server.Port}
	for _, a := range args[1:] {
		k, v, _ := strings.Cut(a, "=")
		var err error
		switch k {
		case "db":
			opts.DB, err = strconv.Atoi(v)
		case "timeout":
			opts.SocketTimeout, err = time.ParseDuration(v)
		default:
			err = fmt.Errorf("unknown option %q", a)
		}
		ts.Check(err)
	}
	r := client.NewRedis(opts)
	s.clients[args[0]] = r
	s.pools[args[0]] = r.ConnectionPool
}

// call CLIENT COMMAND [ARGS...]: ExecuteCommand, and print what the
// command's callback made of the reply.
func cmdCall(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: call CLIENT COMMAND [ARGS...]")
	}
	r, ok := get(ts).clients[args[0]]
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
func cmdStall(ts *testscript.TestScript, neg bool, args []string) {
	usage(ts, neg, args, 1, "stall DURATION")
	d, err := time.ParseDuration(args[0])
	ts.Check(err)
	s := get(ts)
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
func printReply(ts *testscript.TestScript, reply any) {
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
