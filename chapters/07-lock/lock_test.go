package lock_test

// The port of redis-py 2.4.6's tests/lock.py, test by test and under the
// same names: https://github.com/redis/redis-py/blob/2.4.6/tests/lock.py
//
// Each Python test method is a subtest of TestLockTestCase, run on both
// servers, and in each of the two modes where its assertions hold: "2.4.6"
// (every fix off, 2.4.6 as it was) and "lock-token" (the port: redis-py
// 2.10.0's token lock). Four of the seven read what only 2.4.6 has: the
// text str(Lock.LOCK_FOREVER) in the key (test_lock,
// test_context_manager) or the attribute acquired_until (test_timeouts,
// test_non_blocking). Those run in 2.4.6's mode only; the tests redis-py
// 2.10.0 wrote for the token lock in their place are in TestLuaLock. The
// other three hold for both locks and run in both modes.

import (
	"errors"
	"strconv"
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

// The modes a test runs in, by name: the fixes of its client.
var modes = map[string]fixes.Set{
	"2.4.6":      fixes.Without(), // every fix off
	"lock-token": {},              // every fix on
}

var (
	only246 = []string{"2.4.6"}
	both    = []string{"2.4.6", "lock-token"}
)

// lockTest is one Python test method: its name, the modes it holds in,
// and its body.
type lockTest struct {
	name  string
	modes []string
	fn    func(t *testing.T, r *client.Redis)
}

func TestLockTestCase(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, tc := range lockTests {
			t.Run(tc.name, func(t *testing.T) {
				for _, mode := range tc.modes {
					t.Run(mode, func(t *testing.T) {
						tc.fn(t, newClient(t, s, modes[mode]))
					})
				}
			})
		}
	})
}

// lockForever is str(Lock.LOCK_FOREVER), as Python 2.7 writes it.
const lockForever = "2147483649.0"

var lockTests = []lockTest{
	{"test_lock", only246, func(t *testing.T, r *client.Redis) {
		l := newLock(t, r, "foo", 0, lock.DefaultSleep)
		assert.True(t, acquire(t, l, true))
		assert.Equal(t, lockForever, get(t, r, "foo"))
		require.NoError(t, l.Release())
		assert.Equal(t, "(nil)", get(t, r, "foo"))
	}},
	{"test_competing_locks", both, func(t *testing.T, r *client.Redis) {
		lock1 := newLock(t, r, "foo", 0, lock.DefaultSleep)
		lock2 := newLock(t, r, "foo", 0, lock.DefaultSleep)
		assert.True(t, acquire(t, lock1, true))
		assert.False(t, acquire(t, lock2, false))
		require.NoError(t, lock1.Release())
		assert.True(t, acquire(t, lock2, true))
		assert.False(t, acquire(t, lock1, false))
		require.NoError(t, lock2.Release())
	}},
	{"test_timeouts", only246, func(t *testing.T, r *client.Redis) {
		// The one test that waits for real time: 2.4.6 reads the
		// client's clock, in whole seconds.
		lock1 := newLock(t, r, "foo", time.Second, lock.DefaultSleep)
		lock2 := newLock(t, r, "foo", 0, lock.DefaultSleep)
		before := time.Now().Unix()
		assert.True(t, acquire(t, lock1, true))
		after := time.Now().Unix()
		until, held := lock1.AcquiredUntil()
		require.True(t, held)
		// float(int(time.time())) + 1; Python read the clock once more
		// after acquire, and failed if a second began in between.
		assert.Contains(t, []float64{float64(before + 1), float64(after + 1)}, until)
		stored, err := strconv.ParseFloat(get(t, r, "foo"), 64)
		require.NoError(t, err)
		assert.Equal(t, until, stored)
		assert.False(t, acquire(t, lock2, false))
		// Python sleeps 2 seconds ("up to 2 seconds for lock to
		// timeout"): the lock is free once int(time.time()) has passed
		// acquired_until, at the second after it. Wait just that long.
		time.Sleep(time.Until(time.Unix(int64(until)+1, 0)) + 20*time.Millisecond)
		assert.True(t, acquire(t, lock2, false))
		require.NoError(t, lock2.Release())
	}},
	{"test_non_blocking", only246, func(t *testing.T, r *client.Redis) {
		lock1 := newLock(t, r, "foo", 0, lock.DefaultSleep)
		assert.True(t, acquire(t, lock1, false))
		until, held := lock1.AcquiredUntil()
		assert.True(t, held)
		assert.Equal(t, lock.LockForever, until)
		require.NoError(t, lock1.Release())
		_, held = lock1.AcquiredUntil()
		assert.False(t, held, "acquired_until is None")
	}},
	{"test_context_manager", only246, func(t *testing.T, r *client.Redis) {
		ran := false
		err := newLock(t, r, "foo", 0, lock.DefaultSleep).Do(func() error {
			ran = true
			assert.Equal(t, lockForever, get(t, r, "foo"))
			return nil
		})
		require.NoError(t, err)
		assert.True(t, ran)
		assert.Equal(t, "(nil)", get(t, r, "foo"))
	}},
	{"test_float_timeout", both, func(t *testing.T, r *client.Redis) {
		lock1 := newLock(t, r, "foo", 1500*time.Millisecond, lock.DefaultSleep)
		lock2 := newLock(t, r, "foo", 1500*time.Millisecond, lock.DefaultSleep)
		assert.True(t, acquire(t, lock1, true))
		assert.False(t, acquire(t, lock2, false))
		require.NoError(t, lock1.Release())
	}},
	{"test_high_sleep_raises_error", both, func(t *testing.T, r *client.Redis) {
		// If sleep is higher than timeout, it should raise an error
		l, err := lock.New(r, "foo", time.Second, 2*time.Second)
		assert.Nil(t, l)
		assert.ErrorIs(t, err, exceptions.ErrLock)
		assert.EqualError(t, err, "'sleep' must be less than 'timeout'")
	}},
}

// The errors of New and of a zero Lock, which 2.4.6 did not have or found
// out later.
func TestNewRefuses(t *testing.T) {
	r := client.NewRedis(client.Options{Port: 1}) // never used
	for _, tc := range []struct {
		name           string
		r              *client.Redis
		timeout, sleep time.Duration
		want           string
	}{
		// Python checks this one in __init__ ...
		{"sleep over timeout", r, time.Second, 2 * time.Second, "'sleep' must be less than 'timeout'"},
		{"negative timeout", r, -time.Second, 0, "'sleep' must be less than 'timeout'"},
		// ... and this one only in time.sleep, at the first busy lock:
		// IOError: [Errno 22] Invalid argument.
		{"negative sleep", r, 0, -time.Second, "'sleep' must not be negative"},
		{"no client", nil, 0, lock.DefaultSleep, "lock.New needs a client"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := lock.New(tc.r, "foo", tc.timeout, tc.sleep)
			assert.Nil(t, l)
			assert.ErrorIs(t, err, exceptions.ErrLock)
			assert.EqualError(t, err, tc.want)
		})
	}
	// Equal is allowed: the check is sleep > timeout.
	_, err := lock.New(r, "foo", time.Second, time.Second)
	assert.NoError(t, err)

	var zero lock.Lock
	_, err = zero.Acquire(false)
	assert.ErrorIs(t, err, exceptions.ErrLock)
	assert.ErrorIs(t, zero.Release(), exceptions.ErrLock)
	assert.ErrorIs(t, zero.Extend(time.Second), exceptions.ErrLock)
	assert.ErrorIs(t, zero.Do(func() error { return nil }), exceptions.ErrLock)
}

// Releasing a lock that is not held: 2.4.6 raised ValueError, which is not
// a RedisError; redis-py 2.10.0 made it a LockError, with the same words.
func TestReleaseUnlocked(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		t.Run("2.4.6", func(t *testing.T) {
			r := newClient(t, s, fixes.Without(fixes.LockToken))
			err := newLock(t, r, "foo", 0, lock.DefaultSleep).Release()
			var ve *lock.ValueError
			require.True(t, errors.As(err, &ve), "a ValueError: %v", err)
			assert.EqualError(t, err, "Cannot release an unlocked lock")
			assert.NotErrorIs(t, err, exceptions.ErrRedis)
		})
		t.Run("lock-token", func(t *testing.T) {
			r := newClient(t, s, fixes.Set{})
			err := newLock(t, r, "foo", 0, lock.DefaultSleep).Release()
			assert.ErrorIs(t, err, exceptions.ErrLock)
			assert.EqualError(t, err, "Cannot release an unlocked lock")
		})
	})
}

// Do releases when the body fails or panics, and returns both errors when
// the release fails too.
func TestDo(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for mode, fx := range modes {
			t.Run(mode, func(t *testing.T) {
				r := newClient(t, s, fx)
				l := newLock(t, r, "foo", 0, lock.DefaultSleep)
				boom := errors.New("boom")
				assert.Equal(t, boom, l.Do(func() error { return boom }))
				assert.Equal(t, "(nil)", get(t, r, "foo"), "released after an error")

				assert.PanicsWithValue(t, "boom", func() {
					_ = l.Do(func() error { panic("boom") })
				})
				assert.Equal(t, "(nil)", get(t, r, "foo"), "released after a panic")

				// The body releases the lock itself: __exit__'s release
				// then fails (ValueError in 2.4.6, LockError since
				// 2.10.0), and both errors come back.
				err := l.Do(func() error {
					require.NoError(t, l.Release())
					return boom
				})
				assert.ErrorIs(t, err, boom)
				assert.ErrorContains(t, err, "Cannot release an unlocked lock")
			})
		}
	})
}
