// Workshop exercise 04-lazy-lifo, made from chapters/01-pool/pool.go
// by `go run ./cmd/workshop dev sync`. The parts marked TODO(workshop) are
// yours to write; the rest is the chapter's own code. Check your work with
// `go run ./cmd/workshop check`.

// Package pool is the Go port of redis-py 2.4.6's ConnectionPool
// (redis/connection.py, lines 258-295):
// https://github.com/redis/redis-py/blob/2.4.6/redis/connection.py#L258-L295
//
// The pool is deliberately simple, as it was in 2011: it creates connections
// only when asked, hands back the most recently released one first, takes
// connections back without checking them, and can disconnect them all while
// keeping every object for later, lazy, reconnection.
//
// One thing differs on purpose: redis-py 2.4.6 had no lock and relied on the
// GIL to make list and set operations atomic. Go has no GIL, so a mutex
// guards the pool's state and the pool is safe for concurrent goroutines.
//
// A number like (1) at the end of a comment is a footnote: the chapter page
// (docs/chapters/01-pool.md) explains that line.
package pool

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"sync"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
)

// Connection is what the pool needs from the things it holds: a way to
// close them. Disconnect may be called from another goroutine while the
// connection is in use (ConnectionPool.Disconnect closes in-use ones too).
type Connection interface {
	Disconnect() error
}

// Poolable is the constraint on a pool's connection type: a Connection
// that can be a map key, for the in-use set. Python hashed any object by
// identity; Go needs comparable values, such as pointers, and the compiler
// checks it. (An interface type passes the check but may hold a value that
// is not comparable; the pool refuses such a value with an error.)
type Poolable interface {
	Connection
	comparable
}

// defaultMaxConnections is redis-py's "max_connections or 2**31" (capped
// where int has only 32 bits).
const defaultMaxConnections = min(1<<31, math.MaxInt)

// --8<-- [start:not_in_use]

// ErrNotInUse is returned by Release for a connection that the pool did not
// hand out, or that was already released. redis-py 2.4.6 raises KeyError
// from set.remove here; the Go port returns an error of the RedisError tree.
var ErrNotInUse = exceptions.New(exceptions.ErrRedis, "connection is not in use")

// --8<-- [end:not_in_use]

// --8<-- [start:struct]

// ConnectionPool is a generic pool of connections of type C, normally
// *connection.Connection. The zero value is not usable; call
// NewConnectionPool.
type ConnectionPool[C Poolable] struct {
	connectionClass func() C
	maxConnections  int

	mu                   sync.Mutex     // Python leaned on the GIL; Go needs a lock (1)
	createdConnections   int            // only ever goes up (2)
	availableConnections []C            // a stack: the last released is reused first (3)
	inUseConnections     map[C]struct{} // a set, as in Python (4)
}

// NewConnectionPool returns a pool that makes connections by calling
// connectionClass, at most maxConnections of them. 0 means 2**31: redis-py
// wrote "max_connections or 2**31", which turns None (and 0) into 2**31. A
// negative limit stays what it is, as in 2.4.6: no count is below it, so
// the pool refuses every connection. Nothing is created here: creation is
// lazy.
//
// connectionClass plays the part of redis-py's connection_class plus
// **connection_kwargs: a closure carries the keyword arguments.
func NewConnectionPool[C Poolable](connectionClass func() C, maxConnections int) *ConnectionPool[C] {
	if maxConnections == 0 { // None or 0: Python's "or" (5)
		maxConnections = defaultMaxConnections
	}
	return &ConnectionPool[C]{
		connectionClass:  connectionClass,
		maxConnections:   maxConnections,
		inUseConnections: make(map[C]struct{}),
	}
}

// --8<-- [end:struct]

// --8<-- [start:get_connection]

// GetConnection hands out a connection: the most recently released one if
// any is available, otherwise a new one from MakeConnection.
//
// commandName and keys are unused, as in redis-py: they are the hook a
// sharding pool would use to pick a server (redis-py 2.4.0's CHANGES).
func (p *ConnectionPool[C]) GetConnection(commandName string, keys ...string) (C, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var c C
	// TODO(workshop): when p.availableConnections holds any, take the last
	// one (a stack: the most recently released comes back first); only
	// when it holds none, make one with p.makeConnection, which counts it
	// and enforces the limit. Either way, put it in p.inUseConnections
	// before handing it out. Open nothing: a Connection connects itself
	// when it first sends.
	return c, exceptions.New(exceptions.ErrConnection, "GetConnection is not written yet (workshop/04-lazy-lifo)")
}

// --8<-- [end:get_connection]

// --8<-- [start:make_connection_exported]

// MakeConnection creates a new connection, counting it against the limit.
// It fails with "Too many connections" once the limit is reached; the count
// never goes down, not even when a connection is disconnected.
//
// Like redis-py's make_connection, the new connection is not tracked as in
// use: GetConnection is the way to borrow one.
func (p *ConnectionPool[C]) MakeConnection() (C, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.makeConnection()
}

// --8<-- [end:make_connection_exported]

// --8<-- [start:make_connection]

// makeConnection is MakeConnection with p.mu held. The check and the
// increment happen under one lock: in redis-py two threads could both pass
// the check before either incremented.
func (p *ConnectionPool[C]) makeConnection() (C, error) {
	if p.createdConnections >= p.maxConnections {
		var zero C
		return zero, exceptions.New(exceptions.ErrConnection, "Too many connections")
	}
	c := p.connectionClass() // a Connection object; no socket is opened here (1)
	if !reflect.ValueOf(any(c)).Comparable() {
		// The in-use set needs comparable connections (pointers are).
		// Python hashes any object by identity; Go cannot, so refuse
		// instead of panicking later in the map.
		var zero C
		return zero, exceptions.New(exceptions.ErrData, fmt.Sprintf("connection type %T is not comparable", c))
	}
	p.createdConnections++ // never decremented, not even by Disconnect (2)
	return c, nil
}

// --8<-- [end:make_connection]

// --8<-- [start:release]

// Release gives a connection back. Nothing about it is checked or reset: a
// connection whose socket died comes back out of the pool as it went in, and
// only fails (and reconnects) when next used.
//
// Releasing a connection that is not in use returns ErrNotInUse and leaves
// the pool unchanged.
func (p *ConnectionPool[C]) Release(c C) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t := reflect.TypeOf(any(c)); t != nil && !t.Comparable() { // cannot have come from this pool
		return ErrNotInUse
	}
	if _, ok := p.inUseConnections[c]; !ok {
		return ErrNotInUse
	}
	delete(p.inUseConnections, c)
	p.availableConnections = append(p.availableConnections, c) // as it is: no ping, no reset (1)
	return nil
}

// --8<-- [end:release]

// --8<-- [start:disconnect]

// Disconnect closes every connection the pool knows, available and in use
// alike, and keeps them all: each reconnects by itself when next used.
// Errors from individual connections are joined; all are tried.
func (p *ConnectionPool[C]) Disconnect() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for _, c := range p.availableConnections {
		errs = append(errs, c.Disconnect())
	}
	for c := range p.inUseConnections { // in use, too: their borrowers find out on next use (1)
		errs = append(errs, c.Disconnect())
	}
	return errors.Join(errs...) // nothing is removed from the pool (2)
}

// --8<-- [end:disconnect]

// --8<-- [start:stats]

// Stats is a snapshot of a pool's counts, for tests, scenarios and pages.
type Stats struct {
	Created   int // connections ever made; never goes down
	Available int // released and waiting for reuse
	InUse     int // handed out and not yet released
}

// String formats the counts the way the scenarios print them.
func (s Stats) String() string {
	return fmt.Sprintf("created=%d available=%d in_use=%d", s.Created, s.Available, s.InUse)
}

// Stats returns the pool's counts at this moment.
func (p *ConnectionPool[C]) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return Stats{
		Created:   p.createdConnections,
		Available: len(p.availableConnections),
		InUse:     len(p.inUseConnections),
	}
}

// --8<-- [end:stats]

// MaxConnections returns the pool's limit (2**31 when none was given).
func (p *ConnectionPool[C]) MaxConnections() int { return p.maxConnections }
