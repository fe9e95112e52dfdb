package pipeline_test

// Each branch of afterConnectionError, made to happen by a fault-injecting
// proxy (internal/redistest) between the client and a real server, and
// what 2.4.6 did in its place.

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/05-pipeline"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

// big is a value larger than the sockets' buffers, so that a proxy that
// cuts the request makes the client's write itself fail part way.
var big = bytes.Repeat([]byte("x"), 32<<20)

// through is a client that reaches s through a new proxy.
func through(t *testing.T, s *redistest.Server, opts client.Options) (*client.Redis, *redistest.Proxy) {
	p, err := redistest.NewProxy(s.Addr())
	require.NoError(t, err)
	t.Cleanup(p.Close)
	r := newClient(p.Host, p.Port, opts)
	t.Cleanup(func() { r.ConnectionPool.Disconnect() })
	return r, p
}

func counter(t *testing.T, check *client.Redis) int64 {
	t.Helper()
	v, err := check.Get("n")
	require.NoError(t, err)
	if v == nil {
		return 0
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	require.NoError(t, err)
	return n
}

func incrs(p *pipeline.Pipeline, n int) []*pipeline.Result[int64] {
	var rs []*pipeline.Result[int64]
	for i := 0; i < n; i++ {
		rs = append(rs, p.Incr("n", 1))
	}
	return rs
}

func TestLostRepliesAreNotResent(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		check := clientOf(t, s, client.Options{})
		reset := func(t *testing.T) {
			_, err := check.Flushdb()
			require.NoError(t, err)
		}

		// (1) A command after WATCH whose reply is lost: the watch died
		// with the socket, and the INCR ran once. 2.4.6's own rule.
		t.Run("immediate while watching", func(t *testing.T) {
			reset(t)
			r, proxy := through(t, s, client.Options{})
			p := pipeline.New(r, true)
			_, err := p.Watch("n")
			require.NoError(t, err)
			proxy.Next(redistest.DropReply)
			assert.ErrorIs(t, p.Incr("n", 1).Err(), exceptions.ErrConnection)
			assert.EqualValues(t, 1, counter(t, check), "run once, not resent")
			assert.False(t, p.Watching(), "reset")
			assert.Equal(t, 0, r.ConnectionPool.Stats().InUse)
		})

		// (2) A timeout is not retried, even where nothing was sent: a
		// server that never answers the handshake (SELECT) costs one
		// timeout. With 2.10.0's rule off, the port's own rule (5) would
		// connect once more.
		t.Run("timeout", func(t *testing.T) {
			for _, tc := range []struct {
				fx      fixes.Set
				connect int
			}{{fixes.Set{}, 1}, {fixes.Without(fixes.NoRetryAfterTimeout), 2}} {
				f, err := redistest.NewFake(redistest.Silent)
				require.NoError(t, err)
				r := newClient(f.Host, f.Port, client.Options{DB: 9, SocketTimeout: 200 * time.Millisecond, Fixes: tc.fx})
				p := pipeline.New(r, false)
				p.Incr("n", 1)
				_, err = p.Execute()
				assert.ErrorIs(t, err, exceptions.ErrConnection)
				assert.Equal(t, tc.connect, f.Accepted(), "without %v", tc.fx.Off())
				f.Close()
			}
		})

		// (3) WATCH itself, its reply lost: it changes no data, and only a
		// WATCH on the new socket guards the transaction. Sent again.
		t.Run("watch sent again", func(t *testing.T) {
			reset(t)
			r, proxy := through(t, s, client.Options{})
			p := pipeline.New(r, true)
			proxy.Next(redistest.DropReply)
			is(t, true)(p.Watch("n"))
			assert.True(t, p.Watching())
			assert.Equal(t, 2, proxy.Accepted())
			require.NoError(t, p.Multi())
			p.Incr("n", 1)
			_, err := p.Execute()
			require.NoError(t, err)
			assert.EqualValues(t, 1, counter(t, check))
		})

		// (4) 2.4.6, the fix off: a lost reply sends the whole stack again.
		// Three INCRs count six; a watched transaction that ran raises
		// WatchError, and Transaction's loop runs it a second time.
		t.Run("2.4.6", func(t *testing.T) {
			reset(t)
			old := fixes.Without(fixes.PipelineAtMostOnce)
			r, proxy := through(t, s, client.Options{Fixes: old})
			p := pipeline.New(r, false)
			rs := incrs(p, 3)
			proxy.NextPartialReply(0)
			got, err := p.Execute()
			require.NoError(t, err, "the caller sees one success")
			assert.Equal(t, []any{int64(4), int64(5), int64(6)}, got)
			is(t, int64(6))(rs[2].Result())
			assert.EqualValues(t, 6, counter(t, check), "and the counter moved twice")

			reset(t)
			runs := 0
			proxy.Next(redistest.Pass) // WATCH
			proxy.NextPartialReply(0)
			_, err = pipeline.Transaction(r, func(p *pipeline.Pipeline) error {
				runs++
				if err := p.Multi(); err != nil {
					return err
				}
				p.Incr("n", 1)
				return nil
			}, "n")
			require.NoError(t, err)
			assert.Equal(t, 2, runs)
			assert.EqualValues(t, 2, counter(t, check), "a transaction run twice")
		})

		// The port: the same transaction's reply lost is not a WatchError
		// but the lost replies, and it ran once.
		t.Run("transaction lost", func(t *testing.T) {
			reset(t)
			r, proxy := through(t, s, client.Options{})
			runs := 0
			proxy.Next(redistest.Pass)
			proxy.NextPartialReply(0)
			_, err := pipeline.Transaction(r, func(p *pipeline.Pipeline) error {
				runs++
				if err := p.Multi(); err != nil {
					return err
				}
				p.Incr("n", 1)
				p.Incr("n", 1)
				return nil
			}, "n")
			var lost *pipeline.LostRepliesError
			require.ErrorAs(t, err, &lost)
			assert.ErrorIs(t, err, exceptions.ErrConnection)
			assert.NotErrorIs(t, err, exceptions.ErrWatch)
			assert.EqualError(t, err, "Socket closed on remote end; not sent again: the transaction of 2 commands may have run")
			assert.Equal(t, 1, runs)
			assert.EqualValues(t, 2, counter(t, check), "ran once")
			assert.Equal(t, pool.Stats{Created: 1, Available: 1}, r.ConnectionPool.Stats())
		})

		// (5) Nothing was sent. A watched connection the server closed is
		// found stale before the write: WatchError, nothing ran. An
		// unwatched pipeline whose connect failed (the handshake's SELECT
		// cut) is sent on a new connection.
		t.Run("not sent", func(t *testing.T) {
			reset(t)
			r, proxy := through(t, s, client.Options{DB: 9})
			p := pipeline.New(r, true)
			_, err := p.Watch("n")
			require.NoError(t, err)
			require.NoError(t, p.Multi())
			p.Incr("n", 1)
			require.NoError(t, s.KillClients())
			waitClosed(t, s)
			_, err = p.Execute()
			assert.ErrorIs(t, err, exceptions.ErrWatch)
			assert.EqualError(t, err, "Watched variable changed.")
			assert.EqualValues(t, 0, counter(t, check))

			r, proxy = through(t, s, client.Options{DB: 9})
			p = pipeline.New(r, false)
			rs := incrs(p, 2)
			proxy.Next(redistest.CutRequest) // the SELECT of the first connect
			got, err := p.Execute()
			require.NoError(t, err)
			assert.Equal(t, []any{int64(1), int64(2)}, got)
			is(t, int64(2))(rs[1].Result())
			assert.Equal(t, 2, proxy.Accepted())
		})

		// (6) A transaction's write cut part way: EXEC never arrived, the
		// server dropped the queue with the socket. Sent again; watched,
		// a WatchError instead, and nothing ran.
		t.Run("transaction cut", func(t *testing.T) {
			reset(t)
			r, proxy := through(t, s, client.Options{})
			p := pipeline.New(r, true)
			p.Set("big", big)
			incr := p.Incr("n", 1)
			require.NoError(t, r.ConnectionPool.Release(mustConnect(t, r)))
			proxy.Next(redistest.CutRequest)
			_, err := p.Execute()
			require.NoError(t, err)
			is(t, int64(1))(incr.Result())
			assert.Equal(t, 2, proxy.Accepted())

			p = pipeline.New(r, true)
			_, err = p.Watch("n")
			require.NoError(t, err)
			require.NoError(t, p.Multi())
			p.Set("big", big)
			p.Incr("n", 1)
			proxy.Next(redistest.CutRequest)
			_, err = p.Execute()
			assert.ErrorIs(t, err, exceptions.ErrWatch)
			assert.EqualValues(t, 1, counter(t, check), "the second transaction did not run")
		})

		// (6) A pipeline of one command whose write was cut: that command
		// never arrived whole. Sent again.
		t.Run("one command cut", func(t *testing.T) {
			reset(t)
			r, proxy := through(t, s, client.Options{})
			p := pipeline.New(r, false)
			set := p.Set("big", big)
			require.NoError(t, r.ConnectionPool.Release(mustConnect(t, r)))
			proxy.Next(redistest.CutRequest)
			_, err := p.Execute()
			require.NoError(t, err)
			is(t, true)(set.Result())
			assert.Equal(t, 2, proxy.Accepted())
		})

		// (7) Given up: a pipeline cut after its first command (which
		// may have run; the last did not), and one whose first reply
		// arrived and whose others were lost (the first ran, the others
		// may have). Not sent again; the error says which.
		t.Run("given up", func(t *testing.T) {
			reset(t)
			r, proxy := through(t, s, client.Options{})
			p := pipeline.New(r, false)
			p.Set("big", big)
			incr := p.Incr("n", 1)
			require.NoError(t, r.ConnectionPool.Release(mustConnect(t, r)))
			proxy.Next(redistest.CutRequest)
			_, err := p.Execute()
			var lost *pipeline.LostRepliesError
			require.ErrorAs(t, err, &lost)
			assert.Equal(t, pipeline.LostRepliesError{Err: lost.Err, Commands: 2, Ran: 0, MayHaveRun: 1}, *lost)
			assert.Regexp(t, `^Error \d+ while writing to socket\. .*; not sent again: commands 1 of 2 may have run, 2 did not$`, err.Error())
			assert.ErrorIs(t, incr.Err(), exceptions.ErrConnection)
			assert.EqualValues(t, 0, counter(t, check), "the INCR never arrived")

			p = pipeline.New(r, false)
			rs := incrs(p, 3)
			proxy.NextPartialReply(len(":1\r\n"))
			_, err = p.Execute()
			require.ErrorAs(t, err, &lost)
			assert.EqualError(t, err, "Socket closed on remote end; not sent again: commands 1 of 3 ran, 2-3 may have run")
			is(t, int64(1))(rs[0].Result())
			assert.ErrorAs(t, rs[1].Err(), &lost)
			assert.EqualValues(t, 3, counter(t, check), "every INCR ran, once")
			assert.Equal(t, pool.Stats{Created: 1, Available: 1}, r.ConnectionPool.Stats())
		})
	})
}

// mustConnect borrows a connection and connects it, so that a test's next
// execute writes on an open socket (the connect is not the cut request).
func mustConnect(t *testing.T, r *client.Redis) *connection.Connection {
	t.Helper()
	c, err := r.ConnectionPool.GetConnection("PING")
	require.NoError(t, err)
	require.NoError(t, c.Connect())
	return c
}

// waitClosed waits until the server has closed every client connection,
// and the proxy has passed the close on.
func waitClosed(t *testing.T, s *redistest.Server) {
	t.Helper()
	_, err := s.WaitClients(0)
	require.NoError(t, err)
	time.Sleep(time.Second) // generous: the machine may be loaded
}
