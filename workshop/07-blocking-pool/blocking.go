// Package pool holds the workshop's BlockingConnectionPool, the pool
// redis-py added in 2.7.3: when every connection is in use it makes the
// caller wait for one to come back, up to a timeout, instead of failing at
// once with "Too many connections" as 2.4.6's ConnectionPool does.
// https://github.com/redis/redis-py/blob/2.7.3/redis/connection.py#L424-L581
package pool

import (
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	chapter "github.com/redispy-go/redispy/chapters/01-pool"
)

// BlockingConnectionPool hands out at most maxConnections connections;
// a borrower who finds them all in use waits for a release.
//
// TODO(workshop): it does not wait yet. It hands everything to 2.4.6's
// ConnectionPool, which fails at once with "Too many connections" when
// every connection is out. Give the pool what it needs to make a borrower
// wait (up to the timeout) until another one releases a connection: a
// channel of tokens, one per connection that may be out, does the waiting
// well in Go, and the reuse must stay last-in first-out.
type BlockingConnectionPool[C chapter.Poolable] struct {
	pool    *chapter.ConnectionPool[C]
	timeout time.Duration
}

// NewBlockingConnectionPool returns a pool of at most maxConnections
// connections (50 when maxConnections <= 0, redis-py's default) whose
// GetConnection waits up to timeout for one to be released. A timeout of
// 0 waits for ever (redis-py's timeout=None). Nothing is created here.
func NewBlockingConnectionPool[C chapter.Poolable](connectionClass func() C, maxConnections int, timeout time.Duration) *BlockingConnectionPool[C] {
	if maxConnections <= 0 {
		maxConnections = 50
	}
	return &BlockingConnectionPool[C]{pool: chapter.NewConnectionPool(connectionClass, maxConnections), timeout: timeout}
}

// ErrNoConnection is 2.7.3's error when the wait times out.
var ErrNoConnection = exceptions.New(exceptions.ErrConnection, "No connection available.")

// GetConnection hands out the most recently released connection, or a new
// one while fewer than maxConnections exist; when all are in use it waits
// for a release, up to the timeout, then fails with ErrNoConnection.
func (p *BlockingConnectionPool[C]) GetConnection(commandName string, keys ...string) (C, error) {
	// TODO(workshop): wait here while every connection is in use.
	return p.pool.GetConnection(commandName, keys...)
}

// Release gives a connection back and wakes one waiting borrower.
func (p *BlockingConnectionPool[C]) Release(c C) error {
	return p.pool.Release(c)
}

// Disconnect closes every connection the pool made and keeps them all.
func (p *BlockingConnectionPool[C]) Disconnect() error {
	return p.pool.Disconnect()
}

// Stats returns the pool's counts.
func (p *BlockingConnectionPool[C]) Stats() chapter.Stats {
	return p.pool.Stats()
}
