package pipeline_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/05-pipeline"
	"github.com/redispy-go/redispy/internal/redistest"
)

// What 2.4.6 does at the edges, checked against it under Python 2.7: an
// empty pipeline returns an empty list; unwatch after multi queues UNWATCH
// into the transaction (its True is in the list); a command run at once
// after WATCH has its value at once; the three RedisError messages; a
// method that refuses its arguments.
func TestEdgesAs246(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := clientOf(t, s, client.Options{})
		for _, tx := range []bool{true, false} {
			got, err := pipeline.New(r, tx).Execute()
			require.NoError(t, err)
			assert.Equal(t, []any{}, got, "empty, transaction=%v", tx)
		}

		p := pipeline.New(r, true)
		is(t, true)(p.Watch("a"))
		get := p.Get("a")
		is(t, []byte(nil))(get.Result())
		require.NoError(t, p.Multi())
		is(t, true)(p.Unwatch())
		p.Set("a", 1)
		got, err := p.Execute()
		require.NoError(t, err)
		assert.Equal(t, []any{true, true}, got)
		assert.False(t, p.Watching())

		p = pipeline.New(r, true)
		require.NoError(t, p.Multi())
		assert.EqualError(t, p.Multi(), "Cannot issue nested calls to MULTI")
		_, err = p.Watch("a")
		assert.EqualError(t, err, "Cannot issue a WATCH after a MULTI")
		assert.ErrorIs(t, err, exceptions.ErrRedis)
		require.NoError(t, p.Reset())
		set := p.Set("a", 1)
		assert.EqualError(t, p.Multi(), "Commands without an initial WATCH have already been issued")
		require.NoError(t, p.Reset())
		assert.ErrorIs(t, set.Err(), pipeline.ErrDiscarded)

		// A method that refuses its arguments queues nothing; its Result
		// has the error at once, as Python raised it at the call.
		p = pipeline.New(r, false)
		sorted := p.Sort("l", client.SortOptions{Start: 0})
		assert.EqualError(t, sorted.Err(), "``start`` and ``num`` must both be specified")
		got, err = p.Execute()
		require.NoError(t, err)
		assert.Equal(t, []any{}, got, "nothing was queued")
		assert.Equal(t, 0, r.ConnectionPool.Stats().InUse)
	})
}
