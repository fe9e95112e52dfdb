package lock_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/07-lock"
	"github.com/redispy-go/redispy/internal/clock"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

// T0 is the time the tests with a fake clock start at: a quarter past a
// whole second, so that 2.4.6's int(time.time()) has something to cut.
var T0 = clock.Unix(1700000000.25)

// newClient is the Python tests' setUp: a client on database 9 of s, with
// the given fixes, and FLUSHDB before and after.
func newClient(t *testing.T, s *redistest.Server, fx fixes.Set) *client.Redis {
	t.Helper()
	r := client.NewRedis(client.Options{Host: s.Host, Port: s.Port, DB: 9, Fixes: fx})
	_, err := r.Flushdb()
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = r.Flushdb()
		_ = r.ConnectionPool.Disconnect()
	})
	return r
}

// newLock is r.lock(name, timeout, sleep) that must succeed.
func newLock(t *testing.T, r *client.Redis, name string, timeout, sleep time.Duration) *lock.Lock {
	t.Helper()
	l, err := lock.New(r, name, timeout, sleep)
	require.NoError(t, err)
	return l
}

// withClock gives l the clock c and returns l.
func withClock(l *lock.Lock, c *clock.Fake) *lock.Lock {
	clock.SetLock(l, c.Now)
	return l
}

// acquire is l.acquire(blocking) that must not fail.
func acquire(t *testing.T, l *lock.Lock, blocking bool) bool {
	t.Helper()
	ok, err := l.Acquire(blocking)
	require.NoError(t, err)
	return ok
}

// get is client.get(name) as text, "(nil)" for None.
func get(t *testing.T, r *client.Redis, name string) string {
	t.Helper()
	v, err := r.Get(name)
	require.NoError(t, err)
	if v == nil {
		return "(nil)"
	}
	return string(v)
}

// pttl is the key's PTTL in milliseconds as the server answers it: -1 for
// a key with no expiry, -2 for no key.
func pttl(t *testing.T, r *client.Redis, name string) int64 {
	t.Helper()
	reply, err := r.ExecuteCommand("PTTL", name)
	require.NoError(t, err)
	n, ok := reply.(int64)
	require.True(t, ok, "PTTL replied %#v", reply)
	return n
}

// waitExpired waits until the server has expired name, which must have an
// expiry (or be gone already): miniredis's clock is moved past it (FastForward), a real server's
// passes by itself, so the wait is polled, with a generous limit for a
// loaded machine.
func waitExpired(t *testing.T, s *redistest.Server, r *client.Redis, name string) {
	t.Helper()
	left := pttl(t, r, name)
	require.NotEqual(t, int64(-1), left, "%s has an expiry", name)
	if m := s.Miniredis(); m != nil && left > 0 {
		m.FastForward(time.Duration(left+1) * time.Millisecond)
	}
	require.Eventually(t, func() bool {
		reply, err := r.ExecuteCommand("PTTL", name) // not pttl: require cannot stop a test from here
		return err == nil && reply == int64(-2)
	},
		10*time.Second, 10*time.Millisecond, "%s expires on the server", name)
}
