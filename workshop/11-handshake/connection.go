// Workshop exercise 11-handshake, made from chapters/02-connection/connection.go
// by `go run ./cmd/workshop dev sync`. The parts marked TODO(workshop) are
// yours to write; the rest is the chapter's own code. Check your work with
// `go run ./cmd/workshop check`.

// Package connection is the Go port of redis-py 2.4.6's Connection and
// UnixDomainSocketConnection (redis/connection.py, lines 105-256):
// https://github.com/redis/redis-py/blob/2.4.6/redis/connection.py#L105-L256
//
// A Connection is one socket to one server plus the parser that reads its
// replies. It is lazy: making one opens nothing; the first command sent
// opens the socket, authenticates and selects the database.
//
// Where 2.4.6 is broken against a modern Redis or can corrupt data, the port
// takes the later redis-py release's fix and names it in a comment:
// handshake failures close the socket (2.9.0) and a refused password is an
// AuthenticationError (2.4.11 for a non-OK reply, 3.3.0 and 4.4.0 for the
// server's refusal), a failed read disconnects (2.4.9), floats keep their precision
// (2.7.0) and arguments that are not bytes, strings or numbers are refused
// (3.0.0).
//
// A number like (1) at the end of a comment is a footnote: the chapter page
// (docs/chapters/02-connection.md) explains that line.
package connection

import (
	"errors"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/internal/fixes"
)

// --8<-- [start:options]

// Options are redis-py's keyword arguments to Connection and
// UnixDomainSocketConnection. The zero value means what Python's defaults
// mean: localhost:6379, database 0, no password, no timeout.
type Options struct {
	Host          string        // host; "" means "localhost"
	Port          int           // port; 0 means 6379
	DB            int           // db; selected on connect when not 0
	Password      string        // password; "" means None: no AUTH
	SocketTimeout time.Duration // socket_timeout; 0 means None: wait forever
	// ParserClass makes the reply parser (parser_class); nil means
	// parser.DefaultParser.
	ParserClass func() parser.Parser
	// Path is the Unix socket (UnixDomainSocketConnection's path); only
	// NewUnixDomainSocketConnection reads it.
	Path string
	// Fixes turns the port's fixes off one at a time, to show what 2.4.6
	// did (internal/fixes). Its type is internal to this module, so code
	// elsewhere can only leave it zero: every fix on.
	Fixes fixes.Set
}

// --8<-- [end:options]

// --8<-- [start:struct]

// Connection manages one socket to a Redis server. It is used by one
// goroutine at a time (the pool hands it to one borrower), except that
// Disconnect may be called from any goroutine at any time.
type Connection struct {
	opts    Options
	network string // "tcp" or "unix": the only thing the Unix subclass changed (1)
	address string

	mu     sync.Mutex // guards sock and probe: the pool may Disconnect an in-use connection (2)
	sock   net.Conn   // nil until the first command: lazy connect (3)
	probe  *probe     // Stale's look at sock; nil with it
	parser parser.Parser

	wbuf []byte // reused for packing commands, so a send allocates nothing

	fixes fixes.Set // which of the port's fixes are on: all, but in tests (4)
}

// UnixDomainSocketConnection is a Connection to a Unix socket. In Python it
// is a subclass that overrides how the socket is made and how a connect
// error is worded; in Go those are data, so it is the same type, made by
// NewUnixDomainSocketConnection.
type UnixDomainSocketConnection = Connection

// NewConnection returns a TCP connection to opts.Host:opts.Port. Nothing is
// opened yet.
func NewConnection(opts Options) *Connection {
	if opts.Host == "" {
		opts.Host = "localhost"
	}
	if opts.Port == 0 {
		opts.Port = 6379
	}
	return newConnection(opts, "tcp", net.JoinHostPort(opts.Host, strconv.Itoa(opts.Port)))
}

// NewUnixDomainSocketConnection returns a connection to the Unix socket at
// opts.Path. Host and Port are ignored. Nothing is opened yet.
func NewUnixDomainSocketConnection(opts Options) *UnixDomainSocketConnection {
	return newConnection(opts, "unix", opts.Path)
}

func newConnection(opts Options, network, address string) *Connection {
	if opts.ParserClass == nil {
		opts.ParserClass = parser.DefaultParser
	}
	p := opts.ParserClass()
	if f, ok := p.(interface{ SetFixes(fixes.Set) }); ok {
		f.SetFixes(opts.Fixes) // the parser's fixes follow the connection's
	}
	return &Connection{opts: opts, network: network, address: address, parser: p, fixes: opts.Fixes}
}

// --8<-- [end:struct]

// Options returns the options the connection was made with, defaults filled
// in.
func (c *Connection) Options() Options { return c.opts }

// String names the server, as the connect errors do.
func (c *Connection) String() string {
	if c.network == "unix" {
		return "unix socket: " + c.address
	}
	return c.opts.Host + ":" + strconv.Itoa(c.opts.Port)
}

// --8<-- [start:connected]

// Connected reports whether the socket is open.
func (c *Connection) Connected() bool { return c.conn() != nil }

func (c *Connection) conn() net.Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sock
}

// --8<-- [end:connected]

// --8<-- [start:stale]

// Stale reports whether the socket is open but cannot carry a new command:
// the server has closed its side (a restart, an idle timeout, CLIENT
// KILL), or bytes are waiting that no command asked for. It never blocks:
// one non-blocking read of at most one byte. A connection that is not
// connected is not stale; its next command connects.
//
// 2.4.6 had no such check. The client calls it before sending (redis-py
// 3.2.0 made the pool check every connection it hands out), so that a
// socket the server closed between two commands is replaced before
// anything is written to it, and the command never needs sending twice.
func (c *Connection) Stale() bool {
	c.mu.Lock()
	sock, p := c.sock, c.probe
	c.mu.Unlock()
	if p == nil {
		return false
	}
	_ = sock.SetReadDeadline(time.Time{}) // a past deadline would fail the look itself (1)
	return p.check()
}

// --8<-- [end:stale]

// --8<-- [start:connect]

// Connect opens the socket and runs the handshake, unless it is open
// already. SendCommand calls it, so callers rarely need to.
func (c *Connection) Connect() error {
	if c.conn() != nil {
		return nil
	}
	if c.network == "unix" && len(c.address) >= maxUnixPath {
		// Python refused such a path before trying; Go would cut it
		// short or try it with a system error of its own.
		return exceptions.New(exceptions.ErrConnection, c.errorMessage(errors.New("AF_UNIX path too long")))
	}
	d := net.Dialer{Timeout: c.opts.SocketTimeout} // socket_timeout bounds connect too
	sock, err := d.Dial(c.network, c.address)
	if err != nil { // worded as redis-py's _error_message did
		return exceptions.Wrap(exceptions.ErrConnection, c.errorMessage(err), err)
	}
	c.mu.Lock()
	c.sock = sock // set before the handshake, as in Python
	c.probe = newProbe(sock)
	c.mu.Unlock()
	if err := c.onConnect(sock); err != nil {
		// TODO(workshop): the handshake failed (AUTH refused the password,
		// or SELECT a database that does not exist) and the error goes
		// back to the caller, but the socket stays open and connected. The
		// next command goes out on it: unauthenticated, or on database 0.
		return err
	}
	return nil
}

// --8<-- [end:connect]

// --8<-- [start:on_connect]

// onConnect starts the parser on the new socket, then authenticates and
// selects the database.
func (c *Connection) onConnect(sock net.Conn) error {
	c.parser.OnConnect(sock)

	if c.opts.Password != "" {
		if err := c.sendCommandOnce("AUTH", c.opts.Password); err != nil { // no retry in the handshake (1)
			return err
		}
		reply, err := c.ReadResponse()
		if !c.fixes.On(fixes.AuthenticationError) {
			if err != nil {
				return err // 2.4.6: a ResponseError, as for any command (2)
			}
			if reply != "OK" {
				return exceptions.New(exceptions.ErrConnection, "Invalid Password")
			}
		} else if err != nil || reply != "OK" {
			// AuthenticationError: redis-py 2.4.11 raised it for a reply
			// that was not OK, 3.3.0 for "ERR invalid password", 4.4.0
			// for Redis 6's WRONGPASS. (3)
			var re exceptions.ResponseError
			if err != nil && !errors.As(err, &re) {
				return err // the socket failed, not the password
			}
			msg := "Invalid Password"
			if err != nil {
				msg = re.Msg
			}
			return exceptions.New(exceptions.ErrAuthentication, msg)
		}
	}

	if c.opts.DB != 0 {
		if err := c.sendCommandOnce("SELECT", c.opts.DB); err != nil {
			return err
		}
		reply, err := c.ReadResponse()
		if err != nil {
			return err // -ERR DB index is out of range: a ResponseError (4)
		}
		if reply != "OK" {
			return exceptions.New(exceptions.ErrConnection, "Invalid Database")
		}
	}
	return nil
}

// --8<-- [end:on_connect]

// --8<-- [start:disconnect]

// Disconnect closes the socket. It is safe to call any number of times and
// from any goroutine; the connection reconnects by itself when next used.
// Like 2.4.6 it ignores errors from closing: the socket is gone either way.
func (c *Connection) Disconnect() error {
	c.parser.OnDisconnect()
	c.mu.Lock()
	sock := c.sock // taken out under the lock, closed outside it (1)
	c.sock, c.probe = nil, nil
	c.mu.Unlock()
	if sock != nil {
		_ = sock.Close() // also ends a read blocked on it in another goroutine (2)
	}
	return nil
}

// --8<-- [end:disconnect]

// --8<-- [start:send]

// send writes an already packed command, connecting first if need be.
func (c *Connection) send(command []byte) error {
	sock := c.conn()
	if sock == nil {
		if err := c.Connect(); err != nil { // the first send opens the socket (1)
			return err
		}
		if sock = c.conn(); sock == nil {
			// Disconnected by another goroutine in between. (2)
			return exceptions.New(exceptions.ErrConnection, "Error 9 while writing to socket. Bad file descriptor.")
		}
	}
	if t := c.opts.SocketTimeout; t > 0 { // a deadline per write, where Python set one timeout (3)
		_ = sock.SetWriteDeadline(time.Now().Add(t))
	}
	if _, err := sock.Write(command); err != nil {
		errno, msg := describe(err)
		if errno == "32" || c.fixes.On(fixes.NoSendRetry) { // EPIPE; from 2.4.9 any failed write (4)
			c.Disconnect()
		}
		return exceptions.Wrap(exceptions.ErrConnection,
			"Error "+errno+" while writing to socket. "+msg+".", err)
	}
	return nil
}

// --8<-- [end:send]

// --8<-- [start:send_packed_command]

// SendPackedCommand sends a command that PackCommand already packed, once.
//
// 2.4.6 retried here: on a ConnectionError it disconnected and sent once
// more on a new socket, and execute_command retried that again, so one
// command against a refused port connected four times. redis-py 2.4.9
// removed this retry, leaving it to the caller, which alone knows whether
// the command is safe to send twice; so does the port: the client decides,
// in one place (chapter 04).
func (c *Connection) SendPackedCommand(command []byte) error {
	err := c.send(command)
	if !c.fixes.On(fixes.NoSendRetry) && errors.Is(err, exceptions.ErrConnection) { // 2.4.6: except ConnectionError (1)
		c.Disconnect()
		err = c.send(command) // once more; this error is final (2)
	}
	return err
}

// --8<-- [end:send_packed_command]

// --8<-- [start:send_command]

// SendCommand packs its arguments and sends them.
func (c *Connection) SendCommand(args ...any) error {
	buf, err := c.appendCommand(c.wbuf[:0], args)
	if err != nil {
		return err
	}
	c.wbuf = buf
	return c.SendPackedCommand(buf)
}

// sendCommandOnce is SendCommand without the retry, for the handshake: a
// retry there would reconnect, which runs the handshake again, which could
// retry again, without end against a server that keeps hanging up. (2.4.6
// did recurse like that.) It packs into a buffer of its own: the command
// that triggered the connect is still waiting in c.wbuf.
func (c *Connection) sendCommandOnce(args ...any) error {
	buf, err := c.appendCommand(nil, args)
	if err != nil {
		return err
	}
	return c.send(buf)
}

// --8<-- [end:send_command]

// --8<-- [start:read_response]

// ReadResponse reads one reply. An error reply from the server comes back as
// the error (an exceptions.ResponseError); errors nested inside a multi-bulk
// reply stay in place as values.
func (c *Connection) ReadResponse() (any, error) {
	if t := c.opts.SocketTimeout; t > 0 { // socket_timeout bounds the wait for a reply (1)
		if sock := c.conn(); sock != nil {
			_ = sock.SetReadDeadline(time.Now().Add(t))
		}
	}
	reply, err := c.parser.ReadResponse()
	if err != nil {
		if c.fixes.On(fixes.FailedReadDisconnects) {
			// redis-py 2.4.9: disconnect on any failed read. In 2.4.6 a
			// reply that timed out stayed in the socket and became the
			// answer to the next command sent on this connection. (2)
			c.Disconnect()
		}
		return nil, err
	}
	if re, ok := reply.(exceptions.ResponseError); ok {
		return nil, re // a top-level error reply becomes the error (3)
	}
	return reply, nil // errors nested in a multi-bulk stay values (4)
}

// --8<-- [end:read_response]
