package pipeline_test

// The fixes of chapter 05, each beside what 2.4.6 (or the release before
// the fix) did.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/05-pipeline"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

// 2.4.7 (c9daf07b, issue #161): the connection goes back to the pool after
// every execute, with a transaction or without, with errors or without. In
// 2.4.6 execute never stored the connection it took, so reset never gave
// it back: one pooled connection, and one server connection, per execute.
func TestExecuteReleasesConnection(t *testing.T) {
	runs := []struct {
		name string
		run  func(t *testing.T, r *client.Redis)
	}{
		{"transaction", func(t *testing.T, r *client.Redis) {
			p := pipeline.New(r, true)
			p.Set("a", 1)
			p.Lpush("a", 2) // a WRONGTYPE error, kept in its place
			_, err := p.Execute()
			require.NoError(t, err)
		}},
		{"no transaction, an error reply", func(t *testing.T, r *client.Redis) {
			p := pipeline.New(r, false)
			p.Set("a", 1)
			p.Lpush("a", 2)
			_, err := p.Execute()
			require.ErrorIs(t, err, exceptions.ErrResponse)
		}},
		{"a watched key changed", func(t *testing.T, r *client.Redis) {
			p := pipeline.New(r, true)
			_, err := p.Watch("a")
			require.NoError(t, err)
			_, err = r.Incr("a", 1)
			require.NoError(t, err)
			require.NoError(t, p.Multi())
			p.Set("a", 0)
			_, err = p.Execute()
			require.ErrorIs(t, err, exceptions.ErrWatch)
		}},
	}
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, run := range runs {
			t.Run(run.name, func(t *testing.T) {
				// The port: back to the pool every time; one connection
				// serves all three executes (two when the client itself
				// changes the watched key while the pipeline holds one).
				watched := run.name == "a watched key changed"
				base := 1
				if watched {
					base = 2
				}
				r := clientOf(t, s, client.Options{})
				for i := 0; i < 3; i++ {
					run.run(t, r)
					assert.Equal(t, pool.Stats{Created: base, Available: base}, r.ConnectionPool.Stats())
				}
				n, err := s.WaitClients(base)
				require.NoError(t, err)
				assert.Equal(t, base, n, "the server's count beside the pool's")
				require.NoError(t, r.ConnectionPool.Disconnect())
				_, err = s.WaitClients(0)
				require.NoError(t, err)

				// 2.4.6: each execute keeps its connection; only a watched
				// pipeline's (taken by WATCH, and stored) goes back.
				old := clientOf(t, s, client.Options{Fixes: fixes.Without(fixes.PipelineReleasesConnection)})
				for i := 1; i <= 3; i++ {
					run.run(t, old)
					want := pool.Stats{Created: i, InUse: i}
					if watched {
						want = pool.Stats{Created: base, Available: base}
					}
					assert.Equal(t, want, old.ConnectionPool.Stats(), "execute %d", i)
				}
				want := 3
				if watched {
					want = base
				}
				n, err = s.WaitClients(want)
				require.NoError(t, err)
				assert.Equal(t, want, n)
				require.NoError(t, old.ConnectionPool.Disconnect())
				_, err = s.WaitClients(0)
				require.NoError(t, err)
			})
		}
	})
}

// 2.7.0 (f6a6f2cf): a command the server refuses inside MULTI answers an
// error instead of QUEUED. 2.4.6 raised it at once and left the other
// replies, and EXEC's, on the connection; the next command on it read one
// of them. The port reads them all: the refused command's error in its
// place, EXEC's EXECABORT as Execute's error, and the connection clean.
func TestRefusedCommandInTransaction(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		queue := func(p *pipeline.Pipeline) (*pipeline.Result[bool], *pipeline.Result[any], *pipeline.Result[bool]) {
			return p.Set("a", 1), p.ExecuteCommand("SET", "only-a-name"), p.Set("b", 2)
		}

		r := clientOf(t, s, client.Options{})
		p := pipeline.New(r, true)
		a, refused, b := queue(p)
		_, err := p.Execute()
		require.ErrorIs(t, err, exceptions.ErrResponse)
		assert.ErrorContains(t, err, "EXECABORT")
		assert.ErrorContains(t, refused.Err(), "wrong number of arguments")
		assert.ErrorContains(t, a.Err(), "EXECABORT", "nothing ran")
		assert.ErrorContains(t, b.Err(), "EXECABORT")
		is(t, true)(r.Ping()) // the pooled connection answers its own command
		is(t, []byte(nil))(r.Get("a"))

		// Without the fix (2.4.7's release on, so the connection goes back
		// to the pool): the first error is raised, and the replies after it
		// wait on the connection for the next commands. (Chapter 04's stale
		// check, 3.2.0's, is off too: it finds stale bytes still in the
		// socket, not those the parser has already read into its buffer,
		// so it would catch this only sometimes.)
		old := clientOf(t, s, client.Options{Fixes: fixes.Without(fixes.TransactionReadsEveryReply, fixes.ReconnectStaleSocket)})
		p = pipeline.New(old, true)
		queue(p)
		_, err = p.Execute()
		assert.ErrorContains(t, err, "wrong number of arguments")
		assert.Equal(t, pool.Stats{Created: 1, Available: 1}, old.ConnectionPool.Stats())
		v, err := old.Ping()
		assert.NoError(t, err)
		assert.False(t, v, "PING read SET b's QUEUED, not its PONG")
		_, err = old.Get("a")
		assert.ErrorContains(t, err, "EXECABORT", "GET read EXEC's reply")

		// 2.4.6 whole: the connection only goes back to the pool when a
		// WATCH stored it, and then reset's UNWATCH reads one stale reply
		// (SET b's QUEUED) and leaves EXEC's for the next command.
		old = clientOf(t, s, client.Options{Fixes: fixes.Without()})
		p = pipeline.New(old, true)
		_, err = p.Watch("a")
		require.NoError(t, err)
		require.NoError(t, p.Multi())
		queue(p)
		_, err = p.Execute()
		assert.ErrorContains(t, err, "wrong number of arguments")
		_, err = old.Ping()
		// PING read EXEC's -EXECABORT, which 2.4.6's parser did not know
		// (chapter 03's every-error-reply, off here too): what Python
		// 2.4.6 prints against Redis 7.
		assert.ErrorIs(t, err, exceptions.ErrInvalidResponse)
		assert.EqualError(t, err, "Protocol Error")
	})
}

// 2.7.3 (01237e9e, the test it added under this name): an error reply in
// the middle of a pipeline without a transaction. 2.4.6 raised it at once
// and left the later replies unread; with the connection back in the pool
// (2.4.7), the next command read EXPIRE's reply for its own. The port
// reads every reply, returns the first error after the last one, and
// keeps each error in its place.
func TestErrorInSimplePipeline(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := clientOf(t, s, client.Options{})
		_, err := r.Hmset("x", map[string]any{"a": "b"})
		require.NoError(t, err)
		p := pipeline.New(r, false)
		llen := p.Llen("x")
		expire := p.Expire("x", 100)
		results, err := p.Execute()
		require.ErrorIs(t, err, exceptions.ErrResponse)
		assert.ErrorContains(t, llen.Err(), "WRONGTYPE")
		is(t, true)(expire.Result())
		require.Len(t, results, 2)
		assert.Equal(t, err, results[0], "the first error, also in its place")
		assert.Equal(t, true, results[1])
		is(t, map[string][]byte{"a": []byte("b")})(r.Hgetall("x"))

		// raise_on_error=False (2.7.0): the errors only in their places.
		p = pipeline.New(r, false)
		p.Llen("x")
		results, err = p.ExecuteWith(pipeline.ExecuteOptions{RaiseOnError: false})
		require.NoError(t, err)
		assert.ErrorIs(t, results[0].(error), exceptions.ErrResponse)
		// raise_on_error=True raises inside a transaction too.
		p = pipeline.New(r, true)
		p.Llen("x")
		_, err = p.ExecuteWith(pipeline.ExecuteOptions{RaiseOnError: true})
		assert.ErrorIs(t, err, exceptions.ErrResponse)

		// Without the fix (and without chapter 04's stale check, which
		// would catch this only sometimes; see TestRefusedCommandInTransaction).
		old := clientOf(t, s, client.Options{Fixes: fixes.Without(fixes.PipelineReadsEveryReply, fixes.ReconnectStaleSocket)})
		p = pipeline.New(old, false)
		p.Llen("x")
		p.Expire("x", 100)
		results, err = p.Execute()
		assert.ErrorContains(t, err, "WRONGTYPE")
		assert.Nil(t, results)
		_, err = old.Hgetall("x")
		assert.EqualError(t, err, "'long' object is not iterable", "HGETALL read EXPIRE's :1, which its callback cannot read as pairs")
	})
}

// Transaction (2.4.7's Redis.transaction, and its test_transaction_callable):
// fn runs again when a watched key changed before EXEC.
func TestTransactionCallable(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := clientOf(t, s, client.Options{})
		mustSet(t, r, "a", 1)
		mustSet(t, r, "b", 2)
		runs := 0
		result, err := pipeline.Transaction(r, func(pipe *pipeline.Pipeline) error {
			runs++
			a, err := pipe.Get("a").Result()
			require.NoError(t, err)
			assert.Contains(t, []string{"1", "2"}, string(a))
			b, err := pipe.Get("b").Result()
			require.NoError(t, err)
			assert.Equal(t, "2", string(b))
			// incr's a so WatchError should be raised, forcing this all
			// to run again
			if runs == 1 {
				_, err := r.Incr("a", 1)
				require.NoError(t, err)
			}
			if err := pipe.Multi(); err != nil {
				return err
			}
			pipe.Set("c", atoi(t, a)+atoi(t, b))
			return nil
		}, "a", "b")
		require.NoError(t, err)
		assert.Equal(t, []any{true}, result)
		assert.Equal(t, 2, runs)
		is(t, []byte("4"))(r.Get("c"))
		// The pipeline's connection and the one r.Incr used, both back.
		assert.Equal(t, pool.Stats{Created: 2, Available: 2}, r.ConnectionPool.Stats())
	})
}
