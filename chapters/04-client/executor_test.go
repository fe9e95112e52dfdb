package client_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/redistest"
)

// A copy with an Executor sends nothing: the command methods hand their
// commands to it, arguments in the server's order, and convert whatever it
// returns as they convert a reply.
func TestWithExecutor(t *testing.T) {
	s, err := redistest.StartMiniredis()
	require.NoError(t, err)
	defer s.Close()
	r := newClient(s, client.Options{})
	var got [][]any
	rec := r.WithExecutor(func(options client.CommandOptions, args []any) (any, error) {
		got = append(got, args)
		return r.ApplyCallback("SETEX", int64(1), options) // the bool callback
	})
	ok, err := rec.Setex("k", "v", 10)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, [][]any{{"SETEX", "k", int64(10), "v"}}, got, "2.4.6's order in, the server's out")
	assert.Equal(t, pool.Stats{}, r.ConnectionPool.Stats(), "nothing borrowed, nothing sent")

	rec.SetResponseCallback("GET", func(any, client.CommandOptions) (any, error) { return "x", nil })
	assert.NotContains(t, r.ResponseCallbacks(), "GET", "the copy's table is its own")
	v, err := r.ApplyCallback("NOSUCH", []byte("raw"), client.CommandOptions{})
	require.NoError(t, err)
	assert.Equal(t, []byte("raw"), v, "no callback: the reply as it is")
}
