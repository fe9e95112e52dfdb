package connection_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

// parsers runs body once with each parser class.
func parsers(t *testing.T, body func(t *testing.T, class func() parser.Parser)) {
	t.Run("PythonParser", func(t *testing.T) { body(t, func() parser.Parser { return parser.NewPythonParser() }) })
	t.Run("HiredisParser", func(t *testing.T) { body(t, func() parser.Parser { return parser.NewHiredisParser() }) })
}

func tcp(s *redistest.Server, o connection.Options) *connection.Connection {
	o.Host, o.Port = s.Host, s.Port
	return connection.NewConnection(o)
}

// do sends one command and reads its reply.
func do(t *testing.T, c *connection.Connection, args ...any) (any, error) {
	t.Helper()
	if err := c.SendCommand(args...); err != nil {
		return nil, err
	}
	return c.ReadResponse()
}

func mustDo(t *testing.T, c *connection.Connection, args ...any) any {
	t.Helper()
	reply, err := do(t, c, args...)
	require.NoError(t, err)
	return reply
}

func clients(t *testing.T, s *redistest.Server, want int) {
	t.Helper()
	n, err := s.WaitClients(want)
	require.NoError(t, err)
	require.Equal(t, want, n, "clients the server sees")
}

func TestDefaultsArePythons(t *testing.T) {
	o := connection.NewConnection(connection.Options{}).Options()
	assert.Equal(t, "localhost", o.Host)
	assert.Equal(t, 6379, o.Port)
	assert.Zero(t, o.DB)
	assert.Empty(t, o.Password)
	assert.Zero(t, o.SocketTimeout, "None: no timeout")
	assert.NotNil(t, o.ParserClass)
}

func TestLazyConnect(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		c := tcp(s, connection.Options{})
		assert.False(t, c.Connected(), "making a Connection opens nothing")
		clients(t, s, 0)

		assert.Equal(t, "PONG", mustDo(t, c, "PING"))
		assert.True(t, c.Connected(), "the first send opened the socket")
		clients(t, s, 1)

		require.NoError(t, c.Connect(), "Connect is a no-op when connected")
		total, err := s.TotalConnections()
		require.NoError(t, err)
		assert.Equal(t, 1, total, "no second socket")
	})
}

func TestRoundTripEveryReplyType(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		parsers(t, func(t *testing.T, class func() parser.Parser) {
			c := tcp(s, connection.Options{ParserClass: class})
			defer c.Disconnect()
			mustDo(t, c, "DEL", "l")
			assert.Equal(t, "OK", mustDo(t, c, "SET", "k", "v"))
			assert.Equal(t, []byte("v"), mustDo(t, c, "GET", "k"))
			assert.Nil(t, mustDo(t, c, "GET", "missing"))
			assert.Equal(t, int64(3), mustDo(t, c, "RPUSH", "l", "a", "", 7))
			assert.Equal(t, []any{[]byte("a"), []byte{}, []byte("7")}, mustDo(t, c, "LRANGE", "l", 0, -1))
			assert.Equal(t, []any{}, mustDo(t, c, "LRANGE", "missing", 0, -1))

			_, err := do(t, c, "NOSUCHCOMMAND")
			var re exceptions.ResponseError
			require.ErrorAs(t, err, &re, "a top-level error reply is returned as the error")
			assert.Contains(t, re.Msg, "unknown command")
			assert.True(t, c.Connected(), "an error reply is not a broken connection")
			assert.Equal(t, "PONG", mustDo(t, c, "PING"), "the connection is still in step")
		})
	})
}

// Against Redis >= 2.8, WRONGTYPE has no "ERR " prefix. 2.4.6 read it as a
// protocol error; with redis-py 2.6.1's fix it is a ResponseError.
func TestWrongTypeIsAResponseError(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		c := tcp(s, connection.Options{})
		defer c.Disconnect()
		mustDo(t, c, "SET", "str", "x")
		_, err := do(t, c, "LPUSH", "str", "y")
		assert.ErrorIs(t, err, exceptions.ErrResponse)
		assert.Contains(t, err.Error(), "WRONGTYPE")
	})
}

func TestUnixDomainSocket(t *testing.T) {
	s := redistest.RedisServer(t) // miniredis has no Unix socket
	parsers(t, func(t *testing.T, class func() parser.Parser) {
		c := connection.NewUnixDomainSocketConnection(connection.Options{Path: s.SocketPath, ParserClass: class})
		assert.False(t, c.Connected())
		assert.Equal(t, "PONG", mustDo(t, c, "PING"))
		assert.Equal(t, "unix socket: "+s.SocketPath, c.String())
		require.NoError(t, c.Disconnect())
	})
}

func TestDisconnectIsRepeatableAndReconnectsLazily(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		c := tcp(s, connection.Options{})
		require.NoError(t, c.Disconnect(), "before any connect")
		mustDo(t, c, "PING")
		clients(t, s, 1)
		require.NoError(t, c.Disconnect())
		require.NoError(t, c.Disconnect(), "twice")
		assert.False(t, c.Connected())
		clients(t, s, 0)
		assert.Equal(t, "PONG", mustDo(t, c, "PING"), "the next command reconnects")
		clients(t, s, 1)
	})
}

func TestSelectOnConnect(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		db1 := tcp(s, connection.Options{DB: 1})
		db0 := tcp(s, connection.Options{})
		mustDo(t, db1, "SET", "where", "one")
		assert.Nil(t, mustDo(t, db0, "GET", "where"))
		assert.Equal(t, []byte("one"), mustDo(t, db1, "GET", "where"))
	})
}

// redis-py 2.9.0: a failed SELECT closes the socket. In 2.4.6 the socket
// stayed open: the first command failed, the second silently ran on db 0.
// The database is -1 because miniredis accepts any index from 0 up.
func TestFailedSelectClosesSocket(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		t.Run("fixed", func(t *testing.T) {
			c := tcp(s, connection.Options{DB: -1})
			_, err := do(t, c, "SET", "lost", "x")
			assert.ErrorIs(t, err, exceptions.ErrResponse)
			assert.Contains(t, err.Error(), "DB index is out of range")
			assert.False(t, c.Connected(), "no half-open connection")
			_, err = do(t, c, "SET", "lost", "x")
			assert.ErrorIs(t, err, exceptions.ErrResponse, "every attempt fails the same way")
			assert.Nil(t, mustDo(t, tcp(s, connection.Options{}), "GET", "lost"), "nothing was written to db 0")
		})
		t.Run("2.4.6", func(t *testing.T) {
			c := tcp(s, connection.Options{DB: -1, Fixes: fixes.Without(fixes.HandshakeFailureCloses)})
			_, err := do(t, c, "SET", "lost", "x")
			assert.ErrorIs(t, err, exceptions.ErrResponse)
			assert.True(t, c.Connected(), "2.4.6 left the socket open")
			assert.Equal(t, "OK", mustDo(t, c, "SET", "lost", "x"), "so the retry 'works'...")
			assert.Equal(t, []byte("x"), mustDo(t, tcp(s, connection.Options{}), "GET", "lost"), "...on database 0")
		})
	})
}

// redis-py 2.4.11 added AuthenticationError; 2.9.0 closes the socket.
func TestAuth(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		require.NoError(t, s.RequirePass("sesame"))

		good := tcp(s, connection.Options{Password: "sesame"})
		assert.Equal(t, "PONG", mustDo(t, good, "PING"))
		good.Disconnect()

		bad := tcp(s, connection.Options{Password: "wrong"})
		_, err := do(t, bad, "PING")
		assert.ErrorIs(t, err, exceptions.ErrAuthentication)
		assert.ErrorIs(t, err, exceptions.ErrRedis)
		assert.False(t, bad.Connected(), "the socket is closed")
		clients(t, s, 0)

		legacy := tcp(s, connection.Options{Password: "wrong",
			Fixes: fixes.Without(fixes.AuthenticationError, fixes.HandshakeFailureCloses)})
		_, err = do(t, legacy, "PING")
		assert.ErrorIs(t, err, exceptions.ErrResponse, "2.4.6 raised the server's error as a ResponseError")
		assert.NotErrorIs(t, err, exceptions.ErrAuthentication)
		assert.True(t, legacy.Connected(), "and kept an unauthenticated socket")
		_, err = do(t, legacy, "PING")
		assert.ErrorIs(t, err, exceptions.ErrResponse)
		assert.Contains(t, err.Error(), "NOAUTH", "the next command runs unauthenticated")
	})
}

func TestConnectErrorMessages(t *testing.T) {
	// A port nobody listens on: take one and close it.
	s, err := redistest.StartMiniredis()
	require.NoError(t, err)
	host, port := s.Host, s.Port
	s.Close()

	c := connection.NewConnection(connection.Options{Host: host, Port: port})
	err = c.Connect()
	assert.ErrorIs(t, err, exceptions.ErrConnection)
	assert.EqualError(t, err, fmt.Sprintf("Error 111 connecting %s:%d. Connection refused.", host, port))

	path := filepath.Join(t.TempDir(), "nothing.sock")
	u := connection.NewUnixDomainSocketConnection(connection.Options{Path: path})
	err = u.Connect()
	assert.ErrorIs(t, err, exceptions.ErrConnection)
	assert.EqualError(t, err, "Error 2 connecting to unix socket: "+path+". No such file or directory.")

	_, err = do(t, c, "PING")
	assert.ErrorIs(t, err, exceptions.ErrConnection, "a send connects, and reports the same error")
}

// A socket that died behind the connection's back. 2.4.6's
// send_packed_command disconnected and sent once more on a new socket;
// from 2.4.9 the connection sends once, disconnects, and leaves any retry
// to the caller.
func TestSendRetry(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		t.Run("2.4.9", func(t *testing.T) {
			c := tcp(s, connection.Options{})
			mustDo(t, c, "PING")
			connection.CloseSocketBehindItsBack(c)
			_, err := do(t, c, "PING")
			assert.ErrorIs(t, err, exceptions.ErrConnection)
			assert.EqualError(t, err, "Error 9 while writing to socket. Bad file descriptor.")
			assert.False(t, c.Connected(), "a failed write disconnects")
			assert.Equal(t, "PONG", mustDo(t, c, "PING"), "the next command reconnects")
		})
		t.Run("2.4.6", func(t *testing.T) {
			before, err := s.TotalConnections()
			require.NoError(t, err)
			c := tcp(s, connection.Options{Fixes: fixes.Without(fixes.NoSendRetry)})
			mustDo(t, c, "PING")
			connection.CloseSocketBehindItsBack(c)
			assert.Equal(t, "PONG", mustDo(t, c, "PING"), "the retry hid the dead socket")
			total, err := s.TotalConnections()
			require.NoError(t, err)
			assert.Equal(t, before+2, total, "the retry opened a second socket")
		})
	})
}

func TestServerClosedConnection(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		c := tcp(s, connection.Options{})
		mustDo(t, c, "PING")
		require.NoError(t, s.KillClients())
		clients(t, s, 0)
		// The write usually succeeds (the kernel takes the bytes); the read
		// finds the socket closed.
		_, err := do(t, c, "PING")
		assert.ErrorIs(t, err, exceptions.ErrConnection)
		assert.False(t, c.Connected(), "a failed read disconnects (2.4.9)")
		assert.Equal(t, "PONG", mustDo(t, c, "PING"), "and the next command reconnects")
	})
}

// SocketTimeout bounds the wait for a reply. redis-py 2.4.9 disconnects
// after a failed read; in 2.4.6 the late reply stayed in the socket and was
// read as the answer to the next command.
func TestReadTimeout(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, legacy := range []bool{false, true} {
			t.Run(map[bool]string{false: "fixed", true: "2.4.6"}[legacy], func(t *testing.T) {
				// 300 ms is the socket timeout for the PING after it too: a fresh
				// connect and a PING take longer than 100 ms on a loaded machine.
				o := connection.Options{SocketTimeout: 300 * time.Millisecond}
				if legacy {
					o.Fixes = fixes.Without(fixes.FailedReadDisconnects)
				}
				c := tcp(s, o)
				defer c.Disconnect()
				start := time.Now()
				// BLPOP waits 1.5 s, five times the socket timeout: room for
				// a slow CI machine between the two.
				_, err := do(t, c, "BLPOP", "empty:"+strconv.FormatBool(legacy), "1.5")
				assert.ErrorIs(t, err, exceptions.ErrConnection)
				assert.ErrorIs(t, err, os.ErrDeadlineExceeded, "the cause is kept")
				assert.Less(t, time.Since(start), 1200*time.Millisecond, "the timeout, not BLPOP's, ended the wait")

				// Let BLPOP's own timeout pass: its nil reply is now on its
				// way, to whichever socket is still open.
				time.Sleep(1700 * time.Millisecond)

				reply, err := do(t, c, "PING")
				require.NoError(t, err)
				if legacy {
					assert.Nil(t, reply, "2.4.6: PING got BLPOP's late nil reply")
				} else {
					assert.Equal(t, "PONG", reply)
				}
			})
		}
	})
}

// The pool may disconnect a connection that another goroutine is reading
// from. The read must end with a ConnectionError, with no data race.
//
// Each parser gets a server of its own. miniredis only notices that a
// client blocked in BLPOP has gone when some write wakes the blocked
// command, so a server shared with the previous subtest could still count
// that subtest's client; that made the count 2 about one run in eight.
func TestDisconnectWhileReading(t *testing.T) {
	parsers(t, func(t *testing.T, class func() parser.Parser) {
		redistest.Each(t, func(t *testing.T, s *redistest.Server) {
			c := tcp(s, connection.Options{ParserClass: class})
			mustDo(t, c, "PING")
			require.NoError(t, c.SendCommand("BLPOP", "never", 0))
			done := make(chan error, 1)
			go func() { _, err := c.ReadResponse(); done <- err }()
			clients(t, s, 1)
			require.NoError(t, c.Disconnect())
			select {
			case err := <-done:
				assert.ErrorIs(t, err, exceptions.ErrConnection)
			case <-time.After(5 * time.Second):
				t.Fatal("ReadResponse did not return after Disconnect")
			}
			// Wake the server's blocked BLPOP, so it lets the closed
			// client go (miniredis needs the write to notice).
			mustDo(t, tcp(s, connection.Options{}), "LPUSH", "never", "x")
			clients(t, s, 1) // only the connection that pushed
		})
	})
}

// Float precision end to end: what the server stores is what was sent.
func TestFloatPrecisionOnTheServer(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		third := 1 / 3.0
		c := tcp(s, connection.Options{})
		mustDo(t, c, "SET", "third", third)
		got, err := strconv.ParseFloat(string(mustDo(t, c, "GET", "third").([]byte)), 64)
		require.NoError(t, err)
		assert.Equal(t, third, got, "repr round-trips (2.7.0)")

		legacy := tcp(s, connection.Options{Fixes: fixes.Without(fixes.FloatRepr)})
		mustDo(t, legacy, "SET", "third", third)
		stored := string(mustDo(t, legacy, "GET", "third").([]byte))
		assert.Equal(t, "0.333333333333", stored, "2.4.6 stored 12 digits")
	})
}

// A bad argument is refused before anything is sent: the socket is not
// even opened.
func TestBadArgumentSendsNothing(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		c := tcp(s, connection.Options{})
		err := c.SendCommand("SET", "k", nil)
		assert.ErrorIs(t, err, exceptions.ErrData)
		assert.False(t, c.Connected())
		clients(t, s, 0)
	})
}

func ExampleConnection() {
	srv, err := miniredis.Run()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	port, _ := strconv.Atoi(srv.Port())

	c := connection.NewConnection(connection.Options{Host: srv.Host(), Port: port})
	fmt.Println("connected after New:", c.Connected())

	_ = c.SendCommand("SET", "greeting", "hello")
	reply, _ := c.ReadResponse()
	fmt.Println(reply, "connected:", c.Connected())

	_ = c.SendCommand("GET", "greeting")
	reply, _ = c.ReadResponse()
	fmt.Printf("%s\n", reply)

	_ = c.SendCommand("INCR", "greeting")
	_, err = c.ReadResponse()
	fmt.Println(errors.Is(err, exceptions.ErrResponse), err)
	// Output:
	// connected after New: false
	// OK connected: true
	// hello
	// true value is not an integer or out of range
}

func ExampleConnection_PackCommand() {
	c := connection.NewConnection(connection.Options{})
	packed, _ := c.PackCommand("SET", "pi", 3.14)
	fmt.Printf("%q\n", packed)
	// Output:
	// "*3\r\n$3\r\nSET\r\n$2\r\npi\r\n$4\r\n3.14\r\n"
}
