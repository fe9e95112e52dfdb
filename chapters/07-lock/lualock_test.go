package lock_test

// The tests redis-py 2.10.0 wrote for its token lock (tests/test_lock.py,
// class TestLuaLock), ported under their names for the port's Lock with
// the lock-token fix on:
// https://github.com/redis/redis-py/blob/2.10.0/tests/test_lock.py
//
// Left out: test_competing_locks, test_float_timeout and
// test_high_sleep_raises_error, which are 2.4.6's own and run in both
// modes in TestLockTestCase; test_blocking_timeout, for the
// blocking_timeout argument the port does not take; and the tests of
// TestLockClassSelection, for the choice between the Lua and the
// pipeline lock, which the port does not make.

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/07-lock"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

type luaLockTest struct {
	name string
	fn   func(t *testing.T, r *client.Redis)
}

func TestLuaLock(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, tc := range luaLockTests {
			t.Run(tc.name, func(t *testing.T) {
				tc.fn(t, newClient(t, s, fixes.Set{}))
			})
		}
	})
}

// lockError asserts that err is a LockError with the message msg.
func lockError(t *testing.T, err error, msg string) {
	t.Helper()
	assert.ErrorIs(t, err, exceptions.ErrLock)
	assert.EqualError(t, err, msg)
}

var luaLockTests = []luaLockTest{
	{"test_lock", func(t *testing.T, r *client.Redis) {
		l := newLock(t, r, "foo", 0, lock.DefaultSleep)
		assert.True(t, acquire(t, l, false))
		assert.Equal(t, l.Token(), get(t, r, "foo"))
		assert.Len(t, l.Token(), 32, "as long as uuid1().hex")
		assert.Equal(t, int64(-1), pttl(t, r, "foo"), "no expiry")
		require.NoError(t, l.Release())
		assert.Equal(t, "(nil)", get(t, r, "foo"))
	}},
	{"test_timeout", func(t *testing.T, r *client.Redis) {
		l := newLock(t, r, "foo", 10*time.Second, lock.DefaultSleep)
		assert.True(t, acquire(t, l, false))
		ttl := pttl(t, r, "foo")
		assert.True(t, 8000 < ttl && ttl <= 10000, "8 < ttl <= 10 s: %d ms", ttl)
		require.NoError(t, l.Release())
	}},
	{"test_float_timeout", func(t *testing.T, r *client.Redis) {
		l := newLock(t, r, "foo", 9500*time.Millisecond, lock.DefaultSleep)
		assert.True(t, acquire(t, l, false))
		ttl := pttl(t, r, "foo")
		assert.True(t, 8000 < ttl && ttl <= 9500, "8 s < pttl <= 9500 ms: %d", ttl)
		require.NoError(t, l.Release())
	}},
	{"test_context_manager", func(t *testing.T, r *client.Redis) {
		l := newLock(t, r, "foo", 0, lock.DefaultSleep)
		require.NoError(t, l.Do(func() error {
			assert.Equal(t, l.Token(), get(t, r, "foo"))
			return nil
		}))
		assert.Equal(t, "(nil)", get(t, r, "foo"))
	}},
	{"test_releasing_unlocked_lock_raises_error", func(t *testing.T, r *client.Redis) {
		l := newLock(t, r, "foo", 0, lock.DefaultSleep)
		lockError(t, l.Release(), "Cannot release an unlocked lock")
	}},
	{"test_releasing_lock_no_longer_owned_raises_error", func(t *testing.T, r *client.Redis) {
		l := newLock(t, r, "foo", 0, lock.DefaultSleep)
		acquire(t, l, false)
		// manually change the token
		_, err := r.Set("foo", "a")
		require.NoError(t, err)
		lockError(t, l.Release(), "Cannot release a lock that's no longer owned")
		// even though we errored, the token is still cleared
		assert.Equal(t, "", l.Token())
		assert.Equal(t, "a", get(t, r, "foo"), "the other owner's value is untouched")
	}},
	{"test_extend_lock", func(t *testing.T, r *client.Redis) {
		l := newLock(t, r, "foo", 10*time.Second, lock.DefaultSleep)
		assert.True(t, acquire(t, l, false))
		ttl := pttl(t, r, "foo")
		assert.True(t, 8000 < ttl && ttl <= 10000, "pttl %d", ttl)
		require.NoError(t, l.Extend(10*time.Second))
		ttl = pttl(t, r, "foo")
		assert.True(t, 16000 < ttl && ttl <= 20000, "pttl %d", ttl)
		require.NoError(t, l.Release())
	}},
	{"test_extend_lock_float", func(t *testing.T, r *client.Redis) {
		// Python passes 10.0 for 10; a Duration has one spelling. The
		// fraction is tried here instead: 2.5 s more.
		l := newLock(t, r, "foo", 10*time.Second, lock.DefaultSleep)
		assert.True(t, acquire(t, l, false))
		require.NoError(t, l.Extend(2500*time.Millisecond))
		ttl := pttl(t, r, "foo")
		assert.True(t, 10500 < ttl && ttl <= 12500, "pttl %d", ttl)
		require.NoError(t, l.Release())
	}},
	{"test_extending_unlocked_lock_raises_error", func(t *testing.T, r *client.Redis) {
		l := newLock(t, r, "foo", 10*time.Second, lock.DefaultSleep)
		lockError(t, l.Extend(10*time.Second), "Cannot extend an unlocked lock")
	}},
	{"test_extending_lock_with_no_timeout_raises_error", func(t *testing.T, r *client.Redis) {
		l := newLock(t, r, "foo", 0, lock.DefaultSleep)
		assert.True(t, acquire(t, l, false))
		lockError(t, l.Extend(10*time.Second), "Cannot extend a lock with no timeout")
		require.NoError(t, l.Release())
	}},
	{"test_extending_lock_no_longer_owned_raises_error", func(t *testing.T, r *client.Redis) {
		// 2.10.0's test takes a lock with no timeout, so its extend stops
		// at "no timeout" before the script runs. The port's gives the
		// lock a timeout, so that the script finds the other token.
		l := newLock(t, r, "foo", 10*time.Second, lock.DefaultSleep)
		assert.True(t, acquire(t, l, false))
		_, err := r.Set("foo", "a")
		require.NoError(t, err)
		lockError(t, l.Extend(10*time.Second), "Cannot extend a lock that's no longer owned")
		assert.Equal(t, int64(-1), pttl(t, r, "foo"), "the other owner's key is untouched")
	}},
}

// Extend is the fix's: 2.4.6's Lock has none, and the port's says so in
// 2.4.6's mode rather than pretend.
func TestExtendIn246(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newClient(t, s, fixes.Without(fixes.LockToken))
		l := newLock(t, r, "foo", 10*time.Second, lock.DefaultSleep)
		assert.True(t, acquire(t, l, false))
		lockError(t, l.Extend(time.Second), "2.4.6's Lock has no extend: it came with the lock-token fix")
		require.NoError(t, l.Release())
	})
}
