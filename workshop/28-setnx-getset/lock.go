// Workshop exercise 28-setnx-getset, made from chapters/07-lock/lock.go
// by `go run ./cmd/workshop dev sync`. The parts marked TODO(workshop) are
// yours to write; the rest is the chapter's own code. Check your work with
// `go run ./cmd/workshop check`.

// Package lock is the Go port of redis-py 2.4.6's Lock (redis/client.py,
// lines 1371-1458): a lock that every client of one Redis server can see,
// kept in one key.
// https://github.com/redis/redis-py/blob/2.4.6/redis/client.py#L1371-L1458
//
// 2.4.6 writes into the key the time at which the lock expires, by the clock
// of the client that takes it, and every other client compares that time
// with its own clock. Three things go wrong with that, and this package's
// tests make each of them happen: an owner whose lock expired deletes the
// next owner's lock when it releases its own; a client whose clock runs
// ahead takes a lock that is still held; a lock with no timeout whose owner
// died is never freed. The port therefore takes redis-py 2.10.0's LuaLock
// (fixes.LockToken), the only Lock since 3.0.0: each owner writes a random
// token with SET NX PX, the server expires the key, and release and extend
// run a Lua script that touches the key only while it still holds the
// caller's token. With the fix turned off (in this module's tests and
// scenarios) the Lock is 2.4.6's, quirk for quirk.
//
// A Lock is one owner: like 2.4.6's it is not safe for concurrent use. Give
// each goroutine its own (New is cheap; the client underneath is shared).
//
// A number like (1) at the end of a comment is a footnote: the chapter page
// (docs/chapters/07-lock.md) explains that line.
package lock

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/clock"
	"github.com/redispy-go/redispy/internal/fixes"
)

// --8<-- [start:lock]

// LockForever is what 2.4.6 stores for a lock with no timeout: LOCK_FOREVER,
// float(2**31+1), meant as "one past max unix time": two seconds past the
// last a signed 32-bit clock can count (2038-01-19 03:14:07 UTC).
const LockForever = float64(1<<31 + 1)

// DefaultSleep is Lock's default sleep: 0.1 seconds between two tries.
const DefaultSleep = 100 * time.Millisecond

// Lock is one owner's handle on a lock named by a key: redis.client.Lock.
// Make one with New.
type Lock struct {
	redis   *client.Redis // every command goes through chapter 04's client (1)
	name    string        // the key
	timeout time.Duration // 0 is None: the lock lasts until it is released (2)
	sleep   time.Duration // the pause between two tries of a blocking Acquire
	fixes   fixes.Set     // the client's: lock-token on, but in tests

	acquiredUntil *float64         // 2.4.6: the time written in the key; nil is None (3)
	token         string           // the fix: this owner's random token; "" when not held
	now           func() time.Time // time.time(); nil is time.Now (4)
}

// --8<-- [end:lock]

// --8<-- [start:new]

// New makes a lock named name on r's server: Lock(redis, name, timeout,
// sleep). A timeout of 0 is Python's None: the lock is held until released.
// Nothing is sent yet.
func New(r *client.Redis, name string, timeout, sleep time.Duration) (*Lock, error) {
	if timeout != 0 && sleep > timeout { // "if self.timeout and self.sleep > self.timeout" (1)
		return nil, exceptions.New(exceptions.ErrLock, "'sleep' must be less than 'timeout'")
	}
	if sleep < 0 { // 2.4.6 found out later, in time.sleep: IOError (2)
		return nil, exceptions.New(exceptions.ErrLock, "'sleep' must not be negative")
	}
	if r == nil {
		return nil, exceptions.New(exceptions.ErrLock, "lock.New needs a client")
	}
	return &Lock{redis: r, name: name, timeout: timeout, sleep: sleep, fixes: r.Fixes()}, nil
}

// --8<-- [end:new]

func init() {
	clock.SetLock = func(l any, now func() time.Time) { l.(*Lock).now = now }
}

// errNoClient is what a zero Lock says rather than panic.
var errNoClient = exceptions.New(exceptions.ErrLock, "this Lock has no client: make it with lock.New")

// --8<-- [start:acquire]

// Acquire takes the lock and returns true once it has it. With blocking
// false it tries once and returns at once, false if another owner holds it;
// with blocking true it tries again every sleep until it has it, for as
// long as that takes.
func (l *Lock) Acquire(blocking bool) (bool, error) {
	if l.redis == nil {
		return false, errNoClient
	}
	if l.fixes.On(fixes.LockToken) {
		return l.acquireToken(blocking) // redis-py 2.10.0 (1)
	}
	return l.acquire246(blocking)
}

// acquire246 is 2.4.6's acquire: SETNX the expiry time; when the key is
// taken and its time has passed, GETSET it and check what was there.
func (l *Lock) acquire246(blocking bool) (bool, error) {
	for {
		unixtime := l.clock().Unix() // int(time.time()): whole seconds, rounded down (2)
		timeoutAt := LockForever
		if l.timeout != 0 {
			timeoutAt = float64(unixtime) + seconds(l.timeout) // float(unixtime + timeout) (3)
		}
		// TODO(workshop): try to take the lock, writing timeoutAt into
		// the key with SETNX (l.redis.Setnx), which writes only when the
		// key does not exist. When it exists, read the time in it
		// (stored(l.redis.Get(...))): a time earlier than unixtime has
		// passed, and the lock may be taken over with GETSET, which
		// writes and returns what was there, in one step. Two clients
		// may try that at once. When this owner holds the lock,
		// l.acquiredUntil points at the time it wrote.
		_ = timeoutAt
		if !blocking {
			return false, exceptions.New(exceptions.ErrLock, "acquire246 is not written yet (workshop/28-setnx-getset)")
		}
		if !blocking {
			return false, nil
		}
		time.Sleep(l.sleep)
	}
}

// stored reads the time in a lock's key: float(value or 1).
func stored(value []byte, err error) (float64, error) {
	if err != nil {
		return 0, err
	}
	if len(value) == 0 { // None and "" are false: "or 1", a time long past (7)
		return 1, nil
	}
	return client.PyFloat(string(value)) // "abc" is Python's ValueError, as an InvalidResponse (8)
}

// seconds is a Duration as the Python float of the same number of seconds.
func seconds(d time.Duration) float64 {
	return float64(d) / float64(time.Second) // 1500ms is 1.5, and 100ms the float 0.1 (9)
}

// --8<-- [end:acquire]

func (l *Lock) clock() time.Time {
	if l.now != nil {
		return l.now()
	}
	return time.Now()
}

// --8<-- [start:release]

// ValueError is the error 2.4.6 raised as Python's ValueError: the release
// of a lock that is not held. Like Python's, it is not a RedisError.
type ValueError struct{ Msg string }

// Error returns the message.
func (e *ValueError) Error() string { return e.Msg }

// Release gives the lock up.
func (l *Lock) Release() error {
	if l.redis == nil {
		return errNoClient
	}
	if l.fixes.On(fixes.LockToken) {
		return l.releaseToken() // redis-py 2.10.0 (1)
	}
	return l.release246()
}

// release246 is 2.4.6's release: delete the key unless its time is earlier
// than the one this owner wrote.
func (l *Lock) release246() error {
	if l.acquiredUntil == nil {
		return &ValueError{Msg: "Cannot release an unlocked lock"}
	}
	existing, err := stored(l.redis.Get(l.name))
	if err != nil {
		return err // acquired_until stays, as when Python's get raised
	}
	if existing >= *l.acquiredUntil { // "the lock time is in the future": anyone's later time too (2)
		if _, err := l.redis.Delete(l.name); err != nil {
			return err
		}
	}
	l.acquiredUntil = nil // gone or not, this owner no longer holds it (3)
	return nil
}

// AcquiredUntil is 2.4.6's acquired_until: the time this owner wrote into
// the key, and whether it holds the lock. With the lock-token fix the
// server keeps the expiry, and this is always (0, false): see Token.
func (l *Lock) AcquiredUntil() (float64, bool) {
	if l.acquiredUntil == nil {
		return 0, false
	}
	return *l.acquiredUntil, true
}

// --8<-- [end:release]

// --8<-- [start:do]

// Do runs fn while holding the lock, as "with lock:" does: it acquires
// (blocking), runs fn, and releases, also when fn panics. An error from
// Release is returned with fn's, joined, where Python's __exit__ replaced
// the body's exception with its own.
func (l *Lock) Do(fn func() error) (err error) {
	if _, err := l.Acquire(true); err != nil { // __enter__ (1)
		return err
	}
	defer func() {
		if rerr := l.Release(); rerr != nil { // __exit__, which runs whatever fn did (2)
			err = errors.Join(err, rerr)
		}
	}()
	return fn()
}

// --8<-- [end:do]

// --8<-- [start:acquire_token]

// acquireToken is redis-py 2.10.0's acquire: one SET of a new random token,
// NX so that it fails when the key exists, PX so that the server expires it.
func (l *Lock) acquireToken(blocking bool) (bool, error) {
	token := newToken()
	args := []any{"SET", l.name, token, "NX"} // no SET with options in 2.4.6's client: ExecuteCommand (1)
	if l.timeout != 0 {
		args = append(args, "PX", l.timeout.Milliseconds()) // int(timeout * 1000) (2)
	}
	for {
		reply, err := l.redis.ExecuteCommand(args...)
		if err != nil {
			return false, err
		}
		if reply == true { // SET's callback: "OK" is true; NX's nil, not set, is false (3)
			l.token = token
			return true, nil
		}
		if !blocking {
			return false, nil
		}
		time.Sleep(l.sleep)
	}
}

// newToken is 16 random bytes in hex: 32 characters, as long as the
// uuid1().hex of redis-py, and impossible for another owner to guess.
func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails: Go 1.24 made a failing source crash the program (4)
	return hex.EncodeToString(b[:])
}

// Token is this owner's token while it holds the lock, "" otherwise: the
// token of redis-py 2.10.0's Lock. It stays "" in 2.4.6's mode.
func (l *Lock) Token() string { return l.token }

// --8<-- [end:acquire_token]

// --8<-- [start:scripts]

// releaseScript deletes the lock's key only if it holds the caller's
// token, in one step: no other command runs between the GET and the DEL.
// KEYS[1] is the lock's key, ARGV[1] the token. It returns 1 if it
// deleted the key, 0 if the key was gone or another owner's.
const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0`

// extendScript adds ARGV[2] milliseconds to the time the key has left, if
// it holds the caller's token ARGV[1] and has an expiry. It returns 1 if it
// did, 0 if not.
const extendScript = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
	return 0
end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
	return 0
end
return redis.call('PEXPIRE', KEYS[1], left + tonumber(ARGV[2]))`

// eval runs script on the lock's key, with args, and returns its number.
func (l *Lock) eval(script string, args ...any) (int64, error) {
	reply, err := l.redis.ExecuteCommand(append([]any{"EVAL", script, 1, l.name}, args...)...) // the script's text every time (1)
	if err != nil {
		return 0, err
	}
	n, ok := reply.(int64)
	if !ok {
		return 0, exceptions.New(exceptions.ErrInvalidResponse, "a lock script returned something other than a number")
	}
	return n, nil
}

// --8<-- [end:scripts]

// --8<-- [start:release_token]

// releaseToken is redis-py 2.10.0's release: the script deletes the key
// only if it still holds this owner's token.
func (l *Lock) releaseToken() error {
	token := l.token
	if token == "" {
		return exceptions.New(exceptions.ErrLock, "Cannot release an unlocked lock") // a LockError now, not a ValueError (1)
	}
	l.token = "" // whatever the script finds, this owner holds nothing after it (2)
	n, err := l.eval(releaseScript, token)
	if err != nil {
		return err
	}
	if n == 0 { // the key expired, and perhaps another owner has it now (3)
		return exceptions.New(exceptions.ErrLock, "Cannot release a lock that's no longer owned")
	}
	return nil
}

// Extend adds additionalTime to the time the lock has left: extend(), from
// redis-py 2.10.0, which 2.4.6 does not have.
func (l *Lock) Extend(additionalTime time.Duration) error {
	if l.redis == nil {
		return errNoClient
	}
	if !l.fixes.On(fixes.LockToken) {
		return exceptions.New(exceptions.ErrLock, "2.4.6's Lock has no extend: it came with the lock-token fix") // (4)
	}
	if l.token == "" {
		return exceptions.New(exceptions.ErrLock, "Cannot extend an unlocked lock")
	}
	if l.timeout == 0 {
		return exceptions.New(exceptions.ErrLock, "Cannot extend a lock with no timeout")
	}
	n, err := l.eval(extendScript, l.token, additionalTime.Milliseconds())
	if err != nil {
		return err
	}
	if n == 0 {
		return exceptions.New(exceptions.ErrLock, "Cannot extend a lock that's no longer owned")
	}
	return nil
}

// --8<-- [end:release_token]
