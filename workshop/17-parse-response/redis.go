// Workshop exercise 17-parse-response, made from chapters/04-client/redis.go
// by `go run ./cmd/workshop dev sync`. The parts marked TODO(workshop) are
// yours to write; the rest is the chapter's own code. Check your work with
// `go run ./cmd/workshop check`.

// Package client is the Go port of redis-py 2.4.6's Redis class
// (redis/client.py, lines 104-1046):
// https://github.com/redis/redis-py/blob/2.4.6/redis/client.py#L104-L1046
//
// A Redis value owns nothing but a pool and a table of response callbacks.
// Every command method packs its arguments in the order the server wants,
// then ExecuteCommand borrows a connection, sends, reads, turns the reply
// into a friendlier value with the command's callback, and gives the
// connection back.
//
// Results are typed after the callbacks: a callback that made a Python bool
// gives a Go bool, an int gives int64, float-or-None gives *float64, a set
// gives map[string]struct{}, a dict gives a map. A bulk reply is []byte, nil
// where Python returned None.
//
// Where 2.4.6 is broken against a modern Redis or can apply a command
// twice, the port takes the later release's fix and names it: a read that
// timed out is not sent again (2.10.0), TTL reads Redis 2.8's -2 for a
// missing key and BGREWRITEAOF the server's own wording (2.10.0), INFO lines
// split at the first colon (2.8.0) and a list without '=' stays text (2.7.0).
//
// A number like (1) at the end of a comment is a footnote: the chapter page
// (docs/chapters/04-client.md) explains that line.
package client

import (
	"errors"
	"net"
	"os"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/internal/fixes"
)

// ConnectionPool is the pool a Redis borrows its connections from.
type ConnectionPool = pool.ConnectionPool[*connection.Connection]

// --8<-- [start:options]

// Options are the keyword arguments of Redis.__init__. The zero value means
// what Python's defaults mean: localhost:6379, database 0, no password, no
// timeout, a new pool.
type Options struct {
	Host           string          // host; "" means "localhost"
	Port           int             // port; 0 means 6379
	DB             int             // db
	Password       string          // password; "" means None
	SocketTimeout  time.Duration   // socket_timeout; 0 means None: wait forever
	ConnectionPool *ConnectionPool // connection_pool; nil: make one from the fields above (1)
	UnixSocketPath string          // unix_socket_path; set, it replaces Host and Port (2)
	// Fixes turns the port's fixes off one at a time, to show what 2.4.6
	// did (internal/fixes): the client's own, and its connections' when it
	// makes its pool. Its type is internal to this module, so code
	// elsewhere can only leave it zero: every fix on.
	Fixes fixes.Set
}

// --8<-- [end:options]

// --8<-- [start:struct]

// Redis is a client for one server (or one pool). It is safe for
// concurrent use: the pool has a mutex, and the callbacks are swapped, not
// changed, so a command never reads a table while it is being written.
// Make one with NewRedis; a zero Redis has no pool and refuses commands.
type Redis struct {
	ConnectionPool *ConnectionPool                             // connection_pool (1)
	callbacks      atomic.Pointer[map[string]ResponseCallback] // response_callbacks (2)
	fixes          fixes.Set                                   // all on, but in tests
	exec           Executor                                    // nil: send on a pooled connection
}

// NewRedis makes a client. Like redis-py it opens nothing: the pool is
// lazy, so the first command opens the first socket.
func NewRedis(opts Options) *Redis {
	p := opts.ConnectionPool
	if p == nil {
		copts := connection.Options{
			Host:          opts.Host,
			Port:          opts.Port,
			DB:            opts.DB,
			Password:      opts.Password,
			SocketTimeout: opts.SocketTimeout,
			Fixes:         opts.Fixes,
		}
		newConn := connection.NewConnection
		if opts.UnixSocketPath != "" { // the connection class follows the address (3)
			copts.Path = opts.UnixSocketPath
			newConn = connection.NewUnixDomainSocketConnection
		}
		p = pool.NewConnectionPool(func() *connection.Connection { return newConn(copts) }, 0)
	}
	r := &Redis{ConnectionPool: p, fixes: opts.Fixes}
	callbacks := DefaultResponseCallbacks() // each client its own copy (4)
	install246Callbacks(callbacks, opts.Fixes)
	r.callbacks.Store(&callbacks)
	return r
}

// SetResponseCallback makes command's replies go through callback, on this
// client only. The table is copied and swapped: commands running meanwhile
// keep the table they started with. A nil callback removes command's
// callback: its replies come back as the parser gave them, and a method
// that returns another type says so with a DataError. (Python stored the
// None, and the next such command raised TypeError after the server ran
// it.)
func (r *Redis) SetResponseCallback(command string, callback ResponseCallback) {
	for {
		old := r.callbacks.Load()
		next := make(map[string]ResponseCallback)
		if old != nil {
			for k, v := range *old {
				next[k] = v
			}
		}
		if callback == nil {
			delete(next, command)
		} else {
			next[command] = callback
		}
		if r.callbacks.CompareAndSwap(old, &next) { // a mutex in Python's GIL's place (5)
			return
		}
	}
}

// ResponseCallbacks returns a copy of this client's callback table.
func (r *Redis) ResponseCallbacks() map[string]ResponseCallback {
	c := make(map[string]ResponseCallback)
	if table := r.callbacks.Load(); table != nil {
		for k, v := range *table {
			c[k] = v
		}
	}
	return c
}

// --8<-- [end:struct]

// CommandOptions are the keyword arguments that execute_command hands on,
// untouched, to the command's callback: withscores for the sorted-set
// ranges, parse for CONFIG.
type CommandOptions struct {
	WithScores bool   // withscores: reply is member, score, member, score...
	Parse      string // parse: "GET" or "SET" for CONFIG
}

// --8<-- [start:execute_command]

// ExecuteCommand sends one command and returns its reply after the
// command's response callback, if it has one. The first argument is the
// command's name, as the callback table spells it ("GET", not "get").
func (r *Redis) ExecuteCommand(args ...any) (any, error) {
	return r.ExecuteCommandWith(CommandOptions{}, args...)
}

// ExecuteCommandWith is ExecuteCommand with options for the callback.
func (r *Redis) ExecuteCommandWith(options CommandOptions, args ...any) (any, error) {
	if len(args) == 0 {
		return nil, exceptions.New(exceptions.ErrData, "execute_command needs a command name")
	}
	if r.exec != nil {
		return r.exec(options, args) // a pipeline's copy of the client: queue it
	}
	p := r.ConnectionPool
	if p == nil {
		return nil, exceptions.New(exceptions.ErrConnection, "no connection pool: make the client with NewRedis")
	}
	commandName := nameOf(args[0])
	conn, err := p.GetConnection(commandName) // 2.4.6 passes no keys; the pool ignores them anyway (1)
	if err != nil {
		return nil, err
	}
	defer p.Release(conn) // finally: back to the pool whatever happens (2)

	if r.fixes.On(fixes.ReconnectStaleSocket) && conn.Stale() {
		// The server closed this socket while it sat in the pool (a
		// restart, an idle timeout): reconnect before anything is sent,
		// so the command never needs sending twice. (3)
		conn.Disconnect()
	}
	reply, sent, err := r.sendAndParse(conn, commandName, options, args)
	if err == nil || !r.mayResend(err, sent) {
		return reply, err
	}
	conn.Disconnect()
	reply, _, err = r.sendAndParse(conn, commandName, options, args) // once more, on a new socket: final (4)
	return reply, err
}

// sendAndParse sends the command and reads its reply. sent reports that the
// whole command was written, so the server may have run it, whatever
// became of the reply.
func (r *Redis) sendAndParse(conn *connection.Connection, commandName string, options CommandOptions, args []any) (reply any, sent bool, err error) {
	if err := conn.SendCommand(args...); err != nil {
		return nil, false, err
	}
	reply, err = r.ParseResponse(conn, commandName, options)
	return reply, true, err
}

// --8<-- [end:execute_command]

// --8<-- [start:may_resend]

// mayResend is the one place that decides whether a failed command is sent
// again. 2.4.6 decided in two: Connection.send_packed_command retried once
// and execute_command retried that again, so one command against a refused
// port connected four times. The port's whole budget per command: at most
// one reconnect before the first send (a stale pooled socket, found by
// Stale), at most one resend, and only when the first attempt cannot have
// run; a timeout, in any phase, costs one SocketTimeout.
func (r *Redis) mayResend(err error, sent bool) bool {
	switch {
	case !errors.Is(err, exceptions.ErrConnection):
		// An error reply, a refused argument, a callback that could not
		// read the reply: an answer. Sending again gets the same. (1)
		return false
	case timedOut(err) && r.fixes.On(fixes.NoRetryAfterTimeout):
		// redis-py 2.10.0: the server may be running the command and be
		// slow to answer. (2.10.0 still retried a connect that timed
		// out; the port does not: the caller asked to wait no longer.) (2)
		return false
	case !r.fixes.On(fixes.AtMostOnce):
		// 2.4.6, and every redis-py release since: any other
		// ConnectionError is sent once more. (3)
		return true
	case !sent:
		// The connect, the handshake or the write failed: the server
		// never received the whole command, so it cannot have run it. (4)
		return true
	case errors.Is(err, parser.ErrLoading):
		// The server answered LOADING: it refused the command unrun. (5)
		return true
	default:
		// Sent whole, then the reply was lost: the server may have run
		// the command, and sending it again could apply it twice. (6)
		return false
	}
}

// --8<-- [end:may_resend]

// --8<-- [start:parse_response]

// ParseResponse reads one reply from conn and passes it through the
// callback registered for commandName, if any.
func (r *Redis) ParseResponse(conn *connection.Connection, commandName string, options CommandOptions) (any, error) {
	response, err := conn.ReadResponse()
	if err != nil {
		return nil, err // an error reply or a broken socket: no callback (1)
	}
	return r.ApplyCallback(commandName, response, options)
}

// ApplyCallback passes a reply through commandName's callback, if it has
// one. A pipeline's transaction reads its replies inside EXEC's and runs
// each through here, as 2.4.6's did "manually".
func (r *Redis) ApplyCallback(commandName string, reply any, options CommandOptions) (any, error) {
	// TODO(workshop): when the command has a response callback in this
	// client's table (r.callback(commandName)), the reply goes through it,
	// with the command's options, and what the callback returns is the
	// result, its error included. Without one, the parser's value is the
	// result as it is.
	return reply, nil
}

// --8<-- [end:parse_response]

// An Executor runs one command for a Redis and returns its reply after the
// command's callback: what ExecuteCommandWith does, for a Redis that has
// one. 2.4.6's Pipeline was a subclass of Redis that overrode
// execute_command to queue instead of send, and so inherited every command
// method. Go has no subclasses: chapter 05's Pipeline gives a copy of the
// client an Executor instead, and chapter 04's own methods, run on that
// copy, queue their commands.
type Executor func(options CommandOptions, args []any) (any, error)

// WithExecutor returns a copy of r whose commands go to exec instead of a
// pooled connection. The copy shares r's pool, fixes and callback table (a
// later SetResponseCallback on either changes only that one).
func (r *Redis) WithExecutor(exec Executor) *Redis {
	c := &Redis{ConnectionPool: r.ConnectionPool, fixes: r.fixes, exec: exec}
	c.callbacks.Store(r.callbacks.Load())
	return c
}

// Fixes returns the fixes the client was made with, for the pipelines and
// locks made from it. Outside this module it is always the zero Set.
func (r *Redis) Fixes() fixes.Set { return r.fixes }

// callback returns the callback registered for commandName, if any.
func (r *Redis) callback(commandName string) (ResponseCallback, bool) {
	table := r.callbacks.Load()
	if table == nil { // a Redis not made by NewRedis
		return nil, false
	}
	callback, ok := (*table)[commandName]
	return callback, ok
}

// nameOf is the callback-table key for a command's first argument. A named
// string type (type Command string) names a command too; anything else
// matches no callback. It uses reflect, not fmt.Sprint: fmt keeps its
// arguments, which would move every argument of every command to the heap.
func nameOf(arg any) string {
	switch v := arg.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	if v := reflect.ValueOf(arg); v.Kind() == reflect.String {
		return v.String()
	}
	return ""
}

// timedOut reports whether err comes from a socket deadline (Python's
// socket.timeout), as opposed to a refused or broken connection.
func timedOut(err error) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
