package pool_test

// The four tests of redis-py 2.4.6's tests/connection_pool.py, one to one and
// under the same names. Like the originals they need no server: a
// DummyConnection only remembers the keyword arguments it was made with.
// https://github.com/redis/redis-py/blob/2.4.6/tests/connection_pool.py

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
)

type DummyConnection struct {
	kwargs       map[string]any
	disconnected int
}

func (c *DummyConnection) Disconnect() error {
	c.disconnected++
	return nil
}

// getPool mirrors the Python test case's get_pool helper: the closure is
// connection_class plus **connection_info.
func getPool(connectionInfo map[string]any, maxConnections int) *pool.ConnectionPool[*DummyConnection] {
	if connectionInfo == nil {
		connectionInfo = map[string]any{"a": 1, "b": 2, "c": 3}
	}
	return pool.NewConnectionPool(func() *DummyConnection {
		return &DummyConnection{kwargs: connectionInfo}
	}, maxConnections)
}

func Test_connection_creation(t *testing.T) {
	connectionInfo := map[string]any{"foo": "bar", "biz": "baz"}
	p := getPool(connectionInfo, 0)
	connection, err := p.GetConnection("_")
	require.NoError(t, err)
	assert.Equal(t, connectionInfo, connection.kwargs)
}

func Test_multiple_connections(t *testing.T) {
	p := getPool(nil, 0)
	c1, err := p.GetConnection("_")
	require.NoError(t, err)
	c2, err := p.GetConnection("_")
	require.NoError(t, err)
	assert.NotSame(t, c1, c2)
}

func Test_max_connections(t *testing.T) {
	p := getPool(nil, 2)
	_, err := p.GetConnection("_")
	require.NoError(t, err)
	_, err = p.GetConnection("_")
	require.NoError(t, err)
	_, err = p.GetConnection("_")
	assert.ErrorIs(t, err, exceptions.ErrConnection)
}

func Test_release(t *testing.T) {
	p := getPool(nil, 0)
	c1, err := p.GetConnection("_")
	require.NoError(t, err)
	require.NoError(t, p.Release(c1))
	c2, err := p.GetConnection("_")
	require.NoError(t, err)
	assert.Same(t, c1, c2)
}
