package client_test

import (
	"errors"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

func newClient(s *redistest.Server, opts client.Options) *client.Redis {
	opts.Host, opts.Port = s.Host, s.Port
	return client.NewRedis(opts)
}

// The lifecycle of execute_command: one connection borrowed and given back
// per command, whatever the outcome.
func TestExecuteCommandReleasesInEveryCase(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newClient(s, client.Options{})
		defer r.ConnectionPool.Disconnect()
		assert.Equal(t, pool.Stats{}, r.ConnectionPool.Stats(), "NewRedis opens nothing")

		ok, err := r.Set("a", "1")
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, pool.Stats{Created: 1, Available: 1}, r.ConnectionPool.Stats())

		// An error reply is an answer: the connection goes back, still open.
		_, err = r.Lpush("a", "x")
		assert.ErrorIs(t, err, exceptions.ErrResponse)
		assert.Equal(t, pool.Stats{Created: 1, Available: 1}, r.ConnectionPool.Stats())

		// A callback that cannot read the reply: back in the pool too.
		r.SetResponseCallback("GET", func(any, client.CommandOptions) (any, error) {
			return nil, errors.New("no")
		})
		_, err = r.Get("a")
		assert.EqualError(t, err, "no")
		assert.Equal(t, pool.Stats{Created: 1, Available: 1}, r.ConnectionPool.Stats())

		n, err := s.WaitClients(1)
		require.NoError(t, err)
		assert.Equal(t, 1, n, "one socket served every command")
	})
}

// The server closed the idle connection; the next command notices, and
// disconnects and sends again on a new socket, unseen by the caller.
func TestReconnectAfterServerClosedConnection(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newClient(s, client.Options{})
		defer r.ConnectionPool.Disconnect()
		_, err := r.Set("a", "1")
		require.NoError(t, err)
		before, err := s.TotalConnections()
		require.NoError(t, err)

		require.NoError(t, s.KillClients())
		_, err = s.WaitClients(0)
		require.NoError(t, err)

		v, err := r.Get("a")
		require.NoError(t, err)
		assert.Equal(t, "1", string(v))
		if s.Miniredis() == nil { // miniredis's restart resets its counters
			after, err := s.TotalConnections()
			require.NoError(t, err)
			assert.Equal(t, before+1, after, "exactly one new connection")
		}
		n, err := s.WaitClients(1)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		assert.Equal(t, pool.Stats{Created: 1, Available: 1}, r.ConnectionPool.Stats(), "the same connection object, reconnected")
	})
}

// An INCR whose reply is late has run on the server. 2.4.6 sends it again
// on a new socket, and the counter moves twice; from redis-py 2.10.0 on a
// timeout is returned, not retried.
func TestNoDoubleIncrAfterReadTimeout(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, tc := range []struct {
			name   string
			legacy bool
			want   string
		}{
			{"2.10.0", false, "1"},
			{"2.4.6", true, "2"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				check := newClient(s, client.Options{})
				defer check.ConnectionPool.Disconnect()
				_, err := check.Set("n", "0")
				require.NoError(t, err)

				// 300 ms bounds 2.4.6's reconnect too: 100 ms was too short
				// for a connect on a loaded machine, and then no second INCR.
				o := client.Options{SocketTimeout: 300 * time.Millisecond}
				if tc.legacy {
					o.Fixes = fixes.Without(fixes.NoRetryAfterTimeout, fixes.AtMostOnce)
				}
				r := newClient(s, o)
				defer r.ConnectionPool.Disconnect()
				_, err = r.Ping() // connected before the stall
				require.NoError(t, err)
				stalled, err := s.Stall(2 * time.Second) // long enough for two timeouts and a reconnect after the stall is seen
				require.NoError(t, err)
				_, err = r.Incr("n", 1)
				assert.ErrorIs(t, err, exceptions.ErrConnection)
				assert.ErrorIs(t, err, os.ErrDeadlineExceeded, "the error says it timed out")
				<-stalled

				// Every INCR that reached the server has run by now.
				require.Eventually(t, func() bool {
					v, err := check.Get("n")
					return err == nil && string(v) == tc.want
				}, 3*time.Second, 5*time.Millisecond)
				time.Sleep(50 * time.Millisecond)
				v, err := check.Get("n")
				require.NoError(t, err)
				assert.Equal(t, tc.want, string(v), "INCR applied %s time(s)", tc.want)
				assert.Equal(t, 0, r.ConnectionPool.Stats().InUse)
			})
		}
	})
}

// Each client copies the default table; changing one changes no other.
func TestResponseCallbacksArePerClient(t *testing.T) {
	s, err := redistest.StartMiniredis()
	require.NoError(t, err)
	defer s.Close()
	r1 := newClient(s, client.Options{})
	r2 := newClient(s, client.Options{})
	r1.SetResponseCallback("GET", func(any, client.CommandOptions) (any, error) { return []byte("static"), nil })
	_, err = r1.Set("a", "foo")
	require.NoError(t, err)

	v, err := r1.Get("a")
	require.NoError(t, err)
	assert.Equal(t, "static", string(v))
	v, err = r2.Get("a")
	require.NoError(t, err)
	assert.Equal(t, "foo", string(v))
	assert.NotContains(t, client.DefaultResponseCallbacks(), "GET")
	assert.Contains(t, r1.ResponseCallbacks(), "GET")

	// A callback of another type: the typed method says so, ExecuteCommand
	// returns it as it is.
	r1.SetResponseCallback("GET", func(any, client.CommandOptions) (any, error) { return 42, nil })
	_, err = r1.Get("a")
	assert.ErrorIs(t, err, exceptions.ErrData)
	assert.ErrorContains(t, err, "the reply is int where this method returns []uint8")
	got, err := r1.ExecuteCommand("GET", "a")
	require.NoError(t, err)
	assert.Equal(t, 42, got)
}

// Many goroutines share one client, while its callback table changes.
func TestConcurrentCommands(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newClient(s, client.Options{})
		defer r.ConnectionPool.Disconnect()
		const workers, each = 16, 50
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					if _, err := r.Incr("n", 1); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		for i := 0; i < 20; i++ {
			r.SetResponseCallback("ECHO"+strconv.Itoa(i), nil)
		}
		wg.Wait()
		v, err := r.Get("n")
		require.NoError(t, err)
		assert.Equal(t, strconv.Itoa(workers*each), string(v))
		st := r.ConnectionPool.Stats()
		assert.Equal(t, 0, st.InUse)
		assert.LessOrEqual(t, st.Created, workers)
	})
}

// TTL of a key that does not exist: Redis 2.8+ answers -2, which 2.4.6's
// callback hands on as seconds; 2.10.0's callback says None.
func TestTTLOfMissingKey(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newClient(s, client.Options{})
		defer r.ConnectionPool.Disconnect()
		ttl, err := r.Ttl("missing")
		require.NoError(t, err)
		assert.Nil(t, ttl)

		r = newClient(s, client.Options{Fixes: fixes.Without(fixes.TTLMissingKey)})
		defer r.ConnectionPool.Disconnect()
		ttl, err = r.Ttl("missing")
		require.NoError(t, err)
		require.NotNil(t, ttl)
		assert.Equal(t, int64(-2), *ttl, "2.4.6 reads 'no such key' as -2 seconds")
	})
}

// The server's reply to BGREWRITEAOF is not the sentence 2.4.6 compares it
// with, so 2.4.6 says false for a rewrite that started.
func TestBgrewriteaof(t *testing.T) {
	s := redistest.RedisServer(t)
	r := newClient(s, client.Options{})
	defer r.ConnectionPool.Disconnect()
	ok, err := r.Bgrewriteaof()
	require.NoError(t, err)
	assert.True(t, ok)

	legacy := newClient(s, client.Options{Fixes: fixes.Without(fixes.BgrewriteaofReply)})
	defer legacy.ConnectionPool.Disconnect()
	require.Eventually(t, func() bool { // one rewrite at a time
		ok, err = legacy.Bgrewriteaof()
		return err == nil
	}, 5*time.Second, 50*time.Millisecond)
	assert.False(t, ok, "2.4.6 reports a started rewrite as failed")
}

// UnixSocketPath picks the Unix-socket connection class.
func TestUnixSocketPath(t *testing.T) {
	s := redistest.RedisServer(t)
	r := client.NewRedis(client.Options{UnixSocketPath: s.SocketPath, Port: 1})
	defer r.ConnectionPool.Disconnect()
	ok, err := r.Ping()
	require.NoError(t, err)
	assert.True(t, ok)
}

// A given pool is used as it is: Options' other fields are ignored, as in
// redis-py.
func TestGivenConnectionPool(t *testing.T) {
	s, err := redistest.StartMiniredis()
	require.NoError(t, err)
	defer s.Close()
	shared := newClient(s, client.Options{}).ConnectionPool
	a := client.NewRedis(client.Options{ConnectionPool: shared, Port: 1})
	b := client.NewRedis(client.Options{ConnectionPool: shared, Port: 1})
	_, err = a.Set("k", "v")
	require.NoError(t, err)
	v, err := b.Get("k")
	require.NoError(t, err)
	assert.Equal(t, "v", string(v))
	assert.Equal(t, 1, shared.Stats().Created, "both clients borrowed the one connection")
}

func TestExecuteCommandNeedsAName(t *testing.T) {
	r := client.NewRedis(client.Options{})
	_, err := r.ExecuteCommand()
	assert.ErrorIs(t, err, exceptions.ErrData)
	assert.Equal(t, pool.Stats{}, r.ConnectionPool.Stats(), "nothing borrowed")
}

// A server that is gone: one retry, then the connection error.
func TestServerGone(t *testing.T) {
	s, err := redistest.StartMiniredis()
	require.NoError(t, err)
	r := newClient(s, client.Options{})
	s.Close()
	_, err = r.Ping()
	assert.ErrorIs(t, err, exceptions.ErrConnection)
	assert.ErrorContains(t, err, "connecting")
	assert.Equal(t, pool.Stats{Created: 1, Available: 1}, r.ConnectionPool.Stats())
}

// A Redis not made by NewRedis has no pool: a clear error, not a panic.
func TestZeroRedis(t *testing.T) {
	var r client.Redis
	_, err := r.Get("a")
	assert.ErrorIs(t, err, exceptions.ErrConnection)
	assert.ErrorContains(t, err, "NewRedis")
	r.SetResponseCallback("GET", func(any, client.CommandOptions) (any, error) { return nil, nil })
	assert.Contains(t, r.ResponseCallbacks(), "GET")
}
