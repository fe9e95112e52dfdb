package lock_test

// The hazards of 2.4.6's Lock, made to happen, each next to what the
// lock-token fix (redis-py 2.10.0) does in the same situation. 2.4.6 reads
// time from the client's clock, so its half runs on fake clocks and waits
// for nothing; the fix's expiry is the server's, so its half moves
// miniredis's clock (FastForward) or waits for a real server to expire the
// key.

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/07-lock"
	"github.com/redispy-go/redispy/internal/clock"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

// --8<-- [start:release_after_expiry]

// Hazard 1: an owner whose lock expired while it worked releases it, and
// deletes the lock the next owner took in the meantime.
func TestReleaseAfterExpiry(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		t.Run("2.4.6", func(t *testing.T) {
			r := newClient(t, s, fixes.Without(fixes.LockToken))
			now := clock.NewFake(T0)
			a := withClock(newLock(t, r, "foo", 5*time.Second, lock.DefaultSleep), now)
			b := withClock(newLock(t, r, "foo", 5*time.Second, lock.DefaultSleep), now)
			require.True(t, acquire(t, a, false))
			assert.Equal(t, "1700000005.0", get(t, r, "foo"))

			now.Add(7 * time.Second) // a works for 7 seconds: its lock expires
			require.True(t, acquire(t, b, false), "b takes the expired lock")
			assert.Equal(t, "1700000012.0", get(t, r, "foo"))

			require.NoError(t, a.Release()) // 1700000012.0 >= 1700000005.0: DEL
			assert.Equal(t, "(nil)", get(t, r, "foo"), "a deleted b's lock")
			_, held := b.AcquiredUntil()
			assert.True(t, held, "b believes it holds the lock")
			c := withClock(newLock(t, r, "foo", 5*time.Second, lock.DefaultSleep), now)
			assert.True(t, acquire(t, c, false), "and so does c: two owners")
		})
		t.Run("lock-token", func(t *testing.T) {
			r := newClient(t, s, fixes.Set{})
			a := newLock(t, r, "foo", 200*time.Millisecond, lock.DefaultSleep)
			b := newLock(t, r, "foo", 10*time.Second, lock.DefaultSleep)
			require.True(t, acquire(t, a, false))

			waitExpired(t, s, r, "foo") // the server expires a's lock
			require.True(t, acquire(t, b, false), "b takes the expired lock")

			err := a.Release()
			lockError(t, err, "Cannot release a lock that's no longer owned")
			assert.Equal(t, b.Token(), get(t, r, "foo"), "b's lock is untouched")
			c := newLock(t, r, "foo", 10*time.Second, lock.DefaultSleep)
			assert.False(t, acquire(t, c, false), "c waits: one owner")
			require.NoError(t, b.Release())
		})
	})
}

// --8<-- [end:release_after_expiry]

// --8<-- [start:skewed_clocks]

// Hazard 2: a client whose clock runs ten seconds ahead sees a live lock as
// expired, takes it, and two clients hold it at once.
func TestSkewedClocks(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, tc := range []struct {
			mode     string
			fx       fixes.Set
			stolen   bool
			releases string // what a's release leaves in the key
		}{
			{"2.4.6", fixes.Without(fixes.LockToken), true, "(nil)"},
			{"lock-token", fixes.Set{}, false, "(nil)"},
		} {
			t.Run(tc.mode, func(t *testing.T) {
				r := newClient(t, s, tc.fx)
				clockA := clock.NewFake(T0)
				clockB := clock.NewFake(T0.Add(10 * time.Second)) // b's clock is 10 s ahead
				a := withClock(newLock(t, r, "foo", 5*time.Second, lock.DefaultSleep), clockA)
				b := withClock(newLock(t, r, "foo", 5*time.Second, lock.DefaultSleep), clockB)
				require.True(t, acquire(t, a, false))
				assert.Equal(t, tc.stolen, acquire(t, b, false), "b takes a's live lock")
				if tc.stolen {
					assert.Equal(t, "1700000015.0", get(t, r, "foo"), "b's time, by b's clock")
					_, aHeld := a.AcquiredUntil()
					_, bHeld := b.AcquiredUntil()
					assert.True(t, aHeld && bHeld, "both believe they hold it")
				}
				require.NoError(t, a.Release())
				assert.Equal(t, tc.releases, get(t, r, "foo"))
			})
		}
	})
}

// --8<-- [end:skewed_clocks]

// --8<-- [start:dead_owner]

// Hazard 3: the owner of a lock with no timeout dies, and no one ever gets
// the lock. The fix cannot help without a timeout: with one, the server
// frees the lock.
func TestDeadOwner(t *testing.T) {
	const year = 365 * 24 * time.Hour
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		t.Run("2.4.6", func(t *testing.T) {
			owner := newClient(t, s, fixes.Without(fixes.LockToken))
			other := newClient(t, s, fixes.Without(fixes.LockToken))
			now := clock.NewFake(T0)
			a := withClock(newLock(t, owner, "foo", 0, lock.DefaultSleep), now)
			require.True(t, acquire(t, a, false))
			require.NoError(t, owner.ConnectionPool.Disconnect()) // a's process dies
			now.Add(year)
			b := withClock(newLock(t, other, "foo", 0, lock.DefaultSleep), now)
			assert.False(t, acquire(t, b, false), "a year later, still held")
			assert.Equal(t, lockForever, get(t, other, "foo"))
			assert.Equal(t, int64(-1), pttl(t, other, "foo"), "no expiry on the server")
		})
		t.Run("2.4.6 with a timeout", func(t *testing.T) {
			owner := newClient(t, s, fixes.Without(fixes.LockToken))
			other := newClient(t, s, fixes.Without(fixes.LockToken))
			now := clock.NewFake(T0)
			a := withClock(newLock(t, owner, "foo", 5*time.Second, lock.DefaultSleep), now)
			require.True(t, acquire(t, a, false))
			require.NoError(t, owner.ConnectionPool.Disconnect())
			now.Add(6 * time.Second)
			b := withClock(newLock(t, other, "foo", 5*time.Second, lock.DefaultSleep), now)
			assert.True(t, acquire(t, b, false), "taken over with GETSET")
			require.NoError(t, b.Release())
		})
		t.Run("lock-token", func(t *testing.T) {
			owner := newClient(t, s, fixes.Set{})
			other := newClient(t, s, fixes.Set{})
			a := newLock(t, owner, "foo", 0, lock.DefaultSleep)
			require.True(t, acquire(t, a, false))
			require.NoError(t, owner.ConnectionPool.Disconnect())
			if m := s.Miniredis(); m != nil {
				m.FastForward(year)
			}
			b := newLock(t, other, "foo", 0, lock.DefaultSleep)
			assert.False(t, acquire(t, b, false), "no timeout, no expiry: still held")
			assert.Equal(t, int64(-1), pttl(t, other, "foo"), "the server will never expire it")
		})
		t.Run("lock-token with a timeout", func(t *testing.T) {
			owner := newClient(t, s, fixes.Set{})
			other := newClient(t, s, fixes.Set{})
			a := newLock(t, owner, "foo", 200*time.Millisecond, lock.DefaultSleep)
			require.True(t, acquire(t, a, false))
			require.NoError(t, owner.ConnectionPool.Disconnect())
			waitExpired(t, s, other, "foo")
			b := newLock(t, other, "foo", 10*time.Second, lock.DefaultSleep)
			assert.True(t, acquire(t, b, false), "the server freed it")
			require.NoError(t, b.Release())
		})
	})
}

// --8<-- [end:dead_owner]

// A lock with no timeout stores LOCK_FOREVER, 2147483649.0: a time, and one
// that 2.4.6's own arithmetic reaches on 2038-01-19 at 03:14:10 UTC. From
// then on every client's clock has passed it, and every client that asks
// takes the lock over: a lock with no timeout stops excluding anyone.
func TestForeverEndsIn2038(t *testing.T) {
	after := clock.Unix(2147483650) // 2038-01-19T03:14:10Z
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, tc := range []struct {
			mode   string
			fx     fixes.Set
			stolen bool
		}{
			{"2.4.6", fixes.Without(fixes.LockToken), true},
			{"lock-token", fixes.Set{}, false},
		} {
			t.Run(tc.mode, func(t *testing.T) {
				r := newClient(t, s, tc.fx)
				now := clock.NewFake(T0)
				a := withClock(newLock(t, r, "foo", 0, lock.DefaultSleep), now)
				require.True(t, acquire(t, a, false))
				now.Set(after)
				b := withClock(newLock(t, r, "foo", 0, lock.DefaultSleep), now)
				c := withClock(newLock(t, r, "foo", 0, lock.DefaultSleep), now)
				assert.Equal(t, tc.stolen, acquire(t, b, false))
				assert.Equal(t, tc.stolen, acquire(t, c, false), "and again: three owners")
			})
		}
	})
}

// A timeout with thousandths of a second in it (5.125 s): 2.4.6 sends the expiry
// time with str(), 12 significant digits, so the key holds an earlier time
// than the owner remembers, and the owner's release never deletes it. The
// float-repr fix (redis-py 2.7.0) sends every digit, and the lock-token fix
// stores no time at all.
func TestReleaseOfAMillisecondTimeout(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, tc := range []struct {
			mode   string
			fx     fixes.Set
			stored string // the key after acquire, "" for a token
			after  string // the key after release
		}{
			{"2.4.6", fixes.Without(fixes.LockToken, fixes.FloatRepr), "1700000005.12", "1700000005.12"},
			{"float-repr", fixes.Without(fixes.LockToken), "1700000005.125", "(nil)"},
			{"lock-token", fixes.Set{}, "", "(nil)"},
		} {
			t.Run(tc.mode, func(t *testing.T) {
				r := newClient(t, s, tc.fx)
				l := withClock(newLock(t, r, "foo", 5125*time.Millisecond, lock.DefaultSleep), clock.NewFake(T0))
				require.True(t, acquire(t, l, false))
				if tc.stored != "" {
					assert.Equal(t, tc.stored, get(t, r, "foo"))
					until, _ := l.AcquiredUntil()
					assert.Equal(t, 1700000005.125, until)
				}
				require.NoError(t, l.Release())
				assert.Equal(t, tc.after, get(t, r, "foo"))
			})
		}
	})
}

// What neither lock can tell: an acquire whose reply is lost. The server
// ran the SETNX (or the SET NX PX), so the key is taken, but the caller
// gets the ConnectionError and holds nothing it could release. 2.4.6's key
// keeps its time, LOCK_FOREVER without a timeout; the fix's key expires
// with its timeout, and without one it too stays, like a dead owner's.
func TestAcquireWhoseReplyIsLost(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, tc := range []struct {
			mode string
			fx   fixes.Set
		}{
			{"2.4.6", fixes.Without(fixes.LockToken)},
			{"lock-token", fixes.Set{}},
		} {
			t.Run(tc.mode, func(t *testing.T) {
				check := newClient(t, s, fixes.Set{})
				p, err := redistest.NewProxy(s.Addr())
				require.NoError(t, err)
				t.Cleanup(p.Close)
				r := client.NewRedis(client.Options{Host: p.Host, Port: p.Port, DB: 9, Fixes: tc.fx})
				t.Cleanup(func() { _ = r.ConnectionPool.Disconnect() })
				l := withClock(newLock(t, r, "foo", 10*time.Second, lock.DefaultSleep), clock.NewFake(T0))

				_, err = r.Ping() // connected, SELECT done: the next request is the lock's
				require.NoError(t, err)
				p.Next(redistest.DropReply)
				ok, err := l.Acquire(false)
				assert.False(t, ok)
				assert.ErrorIs(t, err, exceptions.ErrConnection)
				_, held := l.AcquiredUntil()
				assert.False(t, held)
				assert.Equal(t, "", l.Token())
				if tc.mode == "2.4.6" {
					assert.Equal(t, "1700000010.0", get(t, check, "foo"), "the key is taken")
					var ve *lock.ValueError
					assert.ErrorAs(t, l.Release(), &ve, "and this owner cannot release it")
				} else {
					assert.Regexp(t, `^[0-9a-f]{32}$`, get(t, check, "foo"), "the key is taken")
					assert.Positive(t, pttl(t, check, "foo"), "until the server expires it")
					lockError(t, l.Release(), "Cannot release an unlocked lock")
				}
			})
		}
	})
}
