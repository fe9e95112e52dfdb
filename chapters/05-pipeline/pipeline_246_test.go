package pipeline_test

// The port of redis-py 2.4.6's tests/pipeline.py, test by test:
// https://github.com/redis/redis-py/blob/2.4.6/tests/pipeline.py
//
// Each Python test method is a subtest of TestPipelineTestCase with the
// method's name, in the file's order; setUp and tearDown are the same: a
// client on database 9, FLUSHDB before and after. Python chains the
// queued calls (pipe.set('a', 'a1').get('a')); a Go method returns its
// Result, so the calls are statements.
//
// Against Redis 7, 2.4.6 itself fails test_invalid_command_in_pipeline:
// LPUSH on a string is refused with "WRONGTYPE ...", which 2.4.6's parser
// reads as InvalidResponse("Protocol Error"), and that aborts execute. The
// port's parser reads it as a ResponseError (chapter 03's
// every-error-reply), and the test passes as it did against Redis 2.4.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/05-pipeline"
	"github.com/redispy-go/redispy/internal/redistest"
)

func TestPipelineTestCase(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, tc := range pipelineTests {
			t.Run(tc.name, func(t *testing.T) {
				r := client.NewRedis(client.Options{Host: s.Host, Port: s.Port, DB: 9}) // setUp
				_, err := r.Flushdb()
				require.NoError(t, err)
				t.Cleanup(func() { // tearDown
					_, err := r.Flushdb()
					assert.NoError(t, err)
					assert.NoError(t, r.ConnectionPool.Disconnect())
				})
				tc.fn(t, r)
			})
		}
	})
}

var pipelineTests = []struct {
	name string
	fn   func(t *testing.T, r *client.Redis)
}{
	{"test_pipeline", func(t *testing.T, r *client.Redis) {
		pipe := pipeline.New(r, true)
		pipe.Set("a", "a1")
		pipe.Get("a")
		pipe.Zadd("z", map[string]float64{"z1": 1})
		pipe.Zadd("z", map[string]float64{"z2": 4})
		pipe.Zincrby("z", "z1", 1)
		pipe.ZrangeWithscores("z", 0, 5, false)
		got, err := pipe.Execute()
		require.NoError(t, err)
		assert.Equal(t, []any{
			true,
			[]byte("a1"),
			true,
			true,
			2.0,
			[]client.ScorePair{{Member: []byte("z1"), Score: 2.0}, {Member: []byte("z2"), Score: 4}},
		}, got)
	}},
	{"test_pipeline_no_transaction", func(t *testing.T, r *client.Redis) {
		pipe := pipeline.New(r, false)
		pipe.Set("a", "a1")
		pipe.Set("b", "b1")
		pipe.Set("c", "c1")
		got, err := pipe.Execute()
		require.NoError(t, err)
		assert.Equal(t, []any{true, true, true}, got)
		for k, v := range map[string]string{"a": "a1", "b": "b1", "c": "c1"} {
			is(t, []byte(v))(r.GetItem(k))
		}
	}},
	{"test_pipeline_no_transaction_watch", func(t *testing.T, r *client.Redis) {
		_, err := r.Set("a", 0)
		require.NoError(t, err)

		pipe := pipeline.New(r, false)
		_, err = pipe.Watch("a")
		require.NoError(t, err)
		a := pipe.Get("a") // run at once: a WATCH is on
		require.NoError(t, a.Err())

		require.NoError(t, pipe.Multi())
		pipe.Set("a", atoi(t, a.Val())+1)
		got, err := pipe.Execute()
		require.NoError(t, err)
		assert.Equal(t, []any{true}, got)
	}},
	{"test_pipeline_no_transaction_watch_failure", func(t *testing.T, r *client.Redis) {
		_, err := r.Set("a", 0)
		require.NoError(t, err)

		pipe := pipeline.New(r, false)
		_, err = pipe.Watch("a")
		require.NoError(t, err)
		a := pipe.Get("a")

		_, err = r.Set("a", "bad")
		require.NoError(t, err)

		require.NoError(t, pipe.Multi())
		pipe.Set("a", atoi(t, a.Val())+1)
		_, err = pipe.Execute()
		assert.ErrorIs(t, err, exceptions.ErrWatch)
		assert.EqualError(t, err, "Watched variable changed.")
	}},
	{"test_invalid_command_in_pipeline", func(t *testing.T, r *client.Redis) {
		// all commands but the invalid one should be executed correctly
		_, err := r.Set("c", "a") // self.client['c'] = 'a'
		require.NoError(t, err)
		pipe := pipeline.New(r, true)
		pipe.Set("a", 1)
		pipe.Set("b", 2)
		pipe.Lpush("c", 3)
		pipe.Set("d", 4)
		result, err := pipe.Execute()
		require.NoError(t, err)

		assert.Equal(t, true, result[0])
		is(t, []byte("1"))(r.GetItem("a"))
		assert.Equal(t, true, result[1])
		is(t, []byte("2"))(r.GetItem("b"))
		// we can't lpush to a key that's a string value, so this should
		// be a ResponseError
		assert.ErrorIs(t, result[2].(error), exceptions.ErrResponse)
		is(t, []byte("a"))(r.GetItem("c"))
		assert.Equal(t, true, result[3])
		is(t, []byte("4"))(r.GetItem("d"))

		// make sure the pipe was restored to a working state
		pipe.Set("z", "zzz")
		got, err := pipe.Execute()
		require.NoError(t, err)
		assert.Equal(t, []any{true}, got)
		is(t, []byte("zzz"))(r.GetItem("z"))
	}},
	{"test_watch_succeed", func(t *testing.T, r *client.Redis) {
		mustSet(t, r, "a", 1)
		mustSet(t, r, "b", 2)

		pipe := pipeline.New(r, true)
		_, err := pipe.Watch("a", "b")
		require.NoError(t, err)
		assert.True(t, pipe.Watching())
		a := pipe.Get("a")
		b := pipe.Get("b")
		is(t, []byte("1"))(a.Result())
		is(t, []byte("2"))(b.Result())
		require.NoError(t, pipe.Multi())

		pipe.Set("c", 3)
		got, err := pipe.Execute()
		require.NoError(t, err)
		assert.Equal(t, []any{true}, got)
		assert.False(t, pipe.Watching())
	}},
	{"test_watch_failure", func(t *testing.T, r *client.Redis) {
		mustSet(t, r, "a", 1)
		mustSet(t, r, "b", 2)

		pipe := pipeline.New(r, true)
		_, err := pipe.Watch("a", "b")
		require.NoError(t, err)
		mustSet(t, r, "b", 3)
		require.NoError(t, pipe.Multi())
		pipe.Get("a")
		_, err = pipe.Execute()
		assert.ErrorIs(t, err, exceptions.ErrWatch)
		assert.False(t, pipe.Watching())
	}},
	{"test_unwatch", func(t *testing.T, r *client.Redis) {
		mustSet(t, r, "a", 1)
		mustSet(t, r, "b", 2)

		pipe := pipeline.New(r, true)
		_, err := pipe.Watch("a", "b")
		require.NoError(t, err)
		mustSet(t, r, "b", 3)
		_, err = pipe.Unwatch()
		require.NoError(t, err)
		assert.False(t, pipe.Watching())
		pipe.Get("a")
		got, err := pipe.Execute()
		require.NoError(t, err)
		assert.Equal(t, []any{[]byte("1")}, got)
	}},
}
