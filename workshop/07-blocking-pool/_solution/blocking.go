// Package pool holds the workshop's BlockingConnectionPool, the pool
// redis-py added in 2.7.3: when every connection is in use it makes the
// caller wait for one to come back, up to a timeout, instead of failing at
// once with "Too many connections" as 2.4.6's ConnectionPool does.
// https://github.com/redis/redis-py/blob/2.7.3/redis/connection.py#L424-L581
package pool

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	chapter "github.com/redispy-go/redispy/chapters/01-pool"
)

// BlockingConnectionPool hands out at most maxConnections connections;
// a borrower who finds them all in use waits for a release.
//
// redis-py filled a LifoQueue with max_connections Nones and let
// queue.get(timeout=...) do the waiting: a None meant "make a new
// connection". Here a channel of tokens does the waiting (one token per
// connection that may be out at once) and a stack under a mutex keeps
// the reuse last-in first-out, as the LifoQueue did.
type BlockingConnectionPool[C chapter.Poolable] struct {
	connectionClass func() C
	timeout         time.Duration
	tokens          chan struct{} // full when every connection is out

	mu        sync.Mutex
	created   int
	available []C // LIFO
	inUse     map[C]struct{}
	all       []C // every connection made, for Disconnect (redis-py's _connections)
}

// NewBlockingConnectionPool returns a pool of at most maxConnections
// connections (50 when maxConnections <= 0, redis-py's default) whose
// GetConnection waits up to timeout for one to be released. A timeout of
// 0 waits for ever (redis-py's timeout=None). Nothing is created here.
func NewBlockingConnectionPool[C chapter.Poolable](connectionClass func() C, maxConnections int, timeout time.Duration) *BlockingConnectionPool[C] {
	if maxConnections <= 0 {
		maxConnections = 50
	}
	return &BlockingConnectionPool[C]{
		connectionClass: connectionClass,
		timeout:         timeout,
		tokens:          make(chan struct{}, maxConnections),
		inUse:           make(map[C]struct{}),
	}
}

// ErrNoConnection is 2.7.3's error when the wait times out.
var ErrNoConnection = exceptions.New(exceptions.ErrConnection, "No connection available.")

// GetConnection hands out the most recently released connection, or a new
// one while fewer than maxConnections exist; when all are in use it waits
// for a release, up to the timeout.
func (p *BlockingConnectionPool[C]) GetConnection(commandName string, keys ...string) (C, error) {
	var zero C
	var expired <-chan time.Time // nil: wait for ever
	if p.timeout > 0 {
		t := time.NewTimer(p.timeout)
		defer t.Stop()
		expired = t.C
	}
	select {
	case p.tokens <- struct{}{}: // a connection may go out: take its token
	case <-expired:
		return zero, ErrNoConnection
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var c C
	if n := len(p.available); n > 0 {
		c = p.available[n-1]
		p.available[n-1] = zero
		p.available = p.available[:n-1]
	} else {
		c = p.connectionClass()
		if !reflect.ValueOf(any(c)).Comparable() {
			<-p.tokens
			return zero, exceptions.New(exceptions.ErrData, fmt.Sprintf("connection type %T is not comparable", c))
		}
		p.created++
		p.all = append(p.all, c)
	}
	p.inUse[c] = struct{}{}
	return c, nil
}

// Release gives a connection back and wakes one waiting borrower.
func (p *BlockingConnectionPool[C]) Release(c C) error {
	p.mu.Lock()
	if t := reflect.TypeOf(any(c)); t != nil && !t.Comparable() {
		p.mu.Unlock()
		return chapter.ErrNotInUse
	}
	if _, ok := p.inUse[c]; !ok {
		p.mu.Unlock()
		return chapter.ErrNotInUse
	}
	delete(p.inUse, c)
	p.available = append(p.available, c)
	p.mu.Unlock()
	<-p.tokens // after the push: the woken borrower finds it on the stack
	return nil
}

// Disconnect closes every connection the pool made and keeps them all.
func (p *BlockingConnectionPool[C]) Disconnect() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for _, c := range p.all {
		errs = append(errs, c.Disconnect())
	}
	return errors.Join(errs...)
}

// Stats returns the pool's counts.
func (p *BlockingConnectionPool[C]) Stats() chapter.Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return chapter.Stats{Created: p.created, Available: len(p.available), InUse: len(p.inUse)}
}
