package lock

import (
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/clock"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// T0 is the time the fake clocks start at: a quarter past a whole second,
// so that int(time.time()) has something to cut.
var T0 = clock.Unix(1700000000.25)

// lockForever is str(Lock.LOCK_FOREVER), as Python 2.7 writes it.
const lockForever = "2147483649.0"

// client246 is a client of s whose Lock is 2.4.6's: the lock-token fix
// (redis-py 2.10.0) turned off, so Acquire runs acquire246.
func client246(t *testing.T, s *redistest.Server) *client.Redis {
	t.Helper()
	r := client.NewRedis(client.Options{Host: s.Host, Port: s.Port, SocketTimeout: 5 * time.Second, Fixes: fixes.Without(fixes.LockToken)})
	t.Cleanup(func() { r.ConnectionPool.Disconnect() })
	return r
}

// newLock is New that must succeed, on the clock c (nil: the real one).
func newLock(t *testing.T, r *client.Redis, timeout, sleep time.Duration, c *clock.Fake) *Lock {
	t.Helper()
	l, err := New(r, "foo", timeout, sleep)
	if err != nil {
		wtest.Fatalf(t, "New: %s", "New 出错：%s", wtest.Describe(err))
	}
	if c != nil {
		l.now = c.Now
	}
	return l
}

// acquire is a non-blocking Acquire.
func acquire(t *testing.T, l *Lock) bool {
	t.Helper()
	ok, err := l.Acquire(false)
	if err != nil {
		wtest.Errorf(t, "Acquire(false): %s", "Acquire(false) 出错：%s", wtest.Describe(err))
	}
	return ok
}

// get is the key's value as text, "(nil)" when there is none.
func get(t *testing.T, r *client.Redis) string {
	t.Helper()
	v, err := r.Get("foo")
	if err != nil {
		wtest.Fatalf(t, "GET foo: %s", "GET foo 出错：%s", wtest.Describe(err))
	}
	if v == nil {
		return "(nil)"
	}
	return string(v)
}

// until is the time the lock says it wrote, or -1 when it holds nothing.
func until(l *Lock) float64 {
	if u, held := l.AcquiredUntil(); held {
		return u
	}
	return -1
}
