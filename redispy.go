// Package redispy is a Redis client for Go: redis-py 2.4.6 (2011), ported
// one piece at a time so that the two can be read side by side.
//
// It is the port of redis/__init__.py, and gives what that file gives: the
// client, the pool and connections, the errors and the version.
//
//	r := redispy.NewRedis(redispy.Options{Host: "localhost", Port: 6379})
//	ok, err := r.Set("greeting", "hello")  // true, nil
//	v, err := r.Get("greeting")            // []byte("hello"), nil
//	v, err = r.Get("missing")              // nil, nil: Python's None
//	n, err := r.Incr("visits", 1)          // int64
//
// Every command method of 2.4.6's Redis class is here, with its argument
// order (Setex(name, value, time), Lrem(name, value, num), Zincrby(name,
// value, amount)) and a result typed after its response callback: bool,
// int64, []byte, *float64, map[string]struct{} for a set, and so on. The
// client is safe for concurrent use; its pool makes connections only when
// it needs them and keeps them for the next command.
//
// An error is one of the kinds of redis/exceptions.py, tested with
// errors.Is: errors.Is(err, redispy.ErrConnection) is
// "except ConnectionError". A reply the server sent as an error is a
// ResponseError.
//
// Where 2.4.6 is broken against a modern Redis, or could apply a command
// twice or corrupt a value, the port takes the fix of the later redis-py
// release that made it, and names it where it does so.
//
// A Lock (NewLock, the port of Redis.lock) is a lock kept in one key, shared
// by every client of the server.
//
// The chapters under chapters/ hold the code, one piece of redis-py each:
// 00-exceptions, 01-pool, 02-connection, 03-parser, 04-client and 07-lock.
// The docs site (docs/ in English, docs/zh/ in Chinese) walks through them.
package redispy

import (
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/07-lock"
)

// --8<-- [start:front_door]

// Version is the redis-py release this is a port of: __version__.
const Version = "2.4.6"

// Redis is the client: redis.Redis.
type Redis = client.Redis

// Options are Redis's settings: the keyword arguments of redis.Redis().
type Options = client.Options

// NewRedis makes a client; like redis.Redis() it opens nothing yet.
func NewRedis(opts Options) *Redis { return client.NewRedis(opts) }

// ConnectionPool is the pool of connections a Redis borrows from.
type ConnectionPool = client.ConnectionPool

// NewConnectionPool makes a pool that creates connections with
// connectionClass when it needs one, at most maxConnections of them (0:
// no limit), as ConnectionPool(connection_class, max_connections, ...).
func NewConnectionPool(connectionClass func() *Connection, maxConnections int) *ConnectionPool {
	return pool.NewConnectionPool(connectionClass, maxConnections)
}

// Connection is one socket to a server with its reply parser.
type Connection = connection.Connection

// ConnectionOptions are a Connection's settings.
type ConnectionOptions = connection.Options

// NewConnection makes a TCP connection; it connects on first use.
func NewConnection(opts ConnectionOptions) *Connection { return connection.NewConnection(opts) }

// UnixDomainSocketConnection is a Connection over a Unix socket.
type UnixDomainSocketConnection = connection.UnixDomainSocketConnection

// NewUnixDomainSocketConnection makes a connection to the socket at
// opts.Path; it connects on first use.
func NewUnixDomainSocketConnection(opts ConnectionOptions) *UnixDomainSocketConnection {
	return connection.NewUnixDomainSocketConnection(opts)
}

// The error kinds of redis/exceptions.py, one per exception class, Go
// style (ErrConnection for ConnectionError). Test an error against them
// with errors.Is; ErrRedis matches every one.
var (
	ErrRedis           = exceptions.ErrRedis           // RedisError
	ErrAuthentication  = exceptions.ErrAuthentication  // AuthenticationError
	ErrConnection      = exceptions.ErrConnection      // ConnectionError
	ErrResponse        = exceptions.ErrResponse        // ResponseError
	ErrInvalidResponse = exceptions.ErrInvalidResponse // InvalidResponse
	ErrData            = exceptions.ErrData            // DataError
	ErrPubSub          = exceptions.ErrPubSub          // PubSubError
	ErrWatch           = exceptions.ErrWatch           // WatchError
)

// ResponseError is an error reply from the server, as a value: read its
// text with errors.As.
type ResponseError = exceptions.ResponseError

// --8<-- [end:front_door]

// --8<-- [start:lock_front_door]

// Lock is a lock kept in one key of the server, shared by every client of
// it: redis.client.Lock (chapter 07).
type Lock = lock.Lock

// DefaultLockSleep is Redis.lock's default sleep: 0.1 seconds between two
// tries of a blocking Acquire.
const DefaultLockSleep = lock.DefaultSleep

// NewLock is r.lock(name, timeout, sleep): a Lock named name on r's server.
// A timeout of 0 is Python's None: the lock is held until it is released.
// It refuses a sleep longer than the timeout with ErrLock, as 2.4.6 does.
func NewLock(r *Redis, name string, timeout, sleep time.Duration) (*Lock, error) {
	return lock.New(r, name, timeout, sleep)
}

// ErrLock is LockError, the kind of the errors of a Lock (2.4.6 defines it
// in redis/client.py, not in redis/__init__.py).
var ErrLock = exceptions.ErrLock

// --8<-- [end:lock_front_door]
