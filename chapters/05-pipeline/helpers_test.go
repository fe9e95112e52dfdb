package pipeline_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/redistest"
)

// newClient is a client for s (or for a proxy in front of it).
func newClient(host string, port int, opts client.Options) *client.Redis {
	opts.Host, opts.Port = host, port
	r := client.NewRedis(opts)
	return r
}

func clientOf(t *testing.T, s *redistest.Server, opts client.Options) *client.Redis {
	r := newClient(s.Host, s.Port, opts)
	t.Cleanup(func() { r.ConnectionPool.Disconnect() })
	return r
}

// is asserts a (value, error) pair: no error, and want.
func is[T any](t *testing.T, want T) func(T, error) {
	t.Helper()
	return func(got T, err error) {
		t.Helper()
		if assert.NoError(t, err) {
			assert.Equal(t, want, got)
		}
	}
}

func atoi(t *testing.T, b []byte) int64 {
	n, err := strconv.ParseInt(string(b), 10, 64)
	require.NoError(t, err)
	return n
}

func mustSet(t *testing.T, r *client.Redis, name string, value any) {
	t.Helper()
	_, err := r.Set(name, value)
	require.NoError(t, err)
}
