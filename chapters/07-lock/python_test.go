package lock_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/07-lock"
	"github.com/redispy-go/redispy/internal/clock"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

// recorder returns a copy of r that notes every command it sends, each
// argument quoted as redis-server's MONITOR prints it.
func recorder(r *client.Redis) (*client.Redis, *[]string) {
	enc := connection.NewConnection(connection.Options{Fixes: r.Fixes()}) // never connects: encodes only
	var sent []string
	return r.WithExecutor(func(o client.CommandOptions, args []any) (any, error) {
		words := make([]string, len(args))
		for i, a := range args {
			b, err := enc.Encode(a)
			if err != nil {
				return nil, err
			}
			words[i] = strconv.Quote(string(b))
		}
		sent = append(sent, strings.Join(words, " "))
		return r.ExecuteCommandWith(o, args...)
	}), &sent
}

// 2.4.6's mode sends what 2.4.6 sends. The script below ran under Python
// 2.7.18 with redis-py 2.4.6 against redis-server 7.0, with time.time
// replaced by a clock that reads 1700000000.25, then one second later, then
// six; want is what MONITOR printed, and the comments what Python printed.
//
//	a = r.lock('foo', timeout=5); b = r.lock('foo', timeout=1.5)
//	a.acquire(blocking=False)   # True            (clock at T0)
//	b.acquire(blocking=False)   # False           (T0+1)
//	b.acquire(blocking=False)   # True            (T0+6: a's lock expired)
//	a.release(); r.get('foo')   # None: a deleted b's lock
//	b.release()
//	c = r.lock('foo', timeout=0.125, sleep=0.1)
//	c.acquire(); c.release()    # True
//	r.get('foo')                # '1700000006.12': c's own release left it
//	d = r.lock('foo'); r.set('foo', '')
//	d.acquire(blocking=False)   # True: an empty value is a lock long expired
//	d.release()
func TestSameCommandsAsPython(t *testing.T) {
	want := []string{
		`"SETNX" "foo" "1700000005.0"`,
		`"SETNX" "foo" "1700000002.5"`,
		`"GET" "foo"`,
		`"SETNX" "foo" "1700000007.5"`,
		`"GET" "foo"`,
		`"GETSET" "foo" "1700000007.5"`,
		`"GET" "foo"`,
		`"DEL" "foo"`,
		`"GET" "foo"`,
		`"GET" "foo"`,
		`"SETNX" "foo" "1700000006.12"`,
		`"GET" "foo"`,
		`"GET" "foo"`,
		`"SET" "foo" ""`,
		`"SETNX" "foo" "2147483649.0"`,
		`"GET" "foo"`,
		`"GETSET" "foo" "2147483649.0"`,
		`"GET" "foo"`,
		`"DEL" "foo"`,
	}
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r, sent := recorder(newClient(t, s, fixes.Without()))
		now := clock.NewFake(T0)
		a := withClock(newLock(t, r, "foo", 5*time.Second, lock.DefaultSleep), now)
		b := withClock(newLock(t, r, "foo", 1500*time.Millisecond, lock.DefaultSleep), now)
		assert.True(t, acquire(t, a, false))
		now.Add(time.Second)
		assert.False(t, acquire(t, b, false))
		now.Add(5 * time.Second)
		assert.True(t, acquire(t, b, false))
		require.NoError(t, a.Release())
		assert.Equal(t, "(nil)", get(t, r, "foo"))
		require.NoError(t, b.Release())
		c := withClock(newLock(t, r, "foo", 125*time.Millisecond, 100*time.Millisecond), now)
		assert.True(t, acquire(t, c, true))
		require.NoError(t, c.Release())
		assert.Equal(t, "1700000006.12", get(t, r, "foo"))
		d := withClock(newLock(t, r, "foo", 0, lock.DefaultSleep), now)
		_, err := r.Set("foo", "")
		require.NoError(t, err)
		assert.True(t, acquire(t, d, false))
		require.NoError(t, d.Release())
		assert.Equal(t, want, *sent)
	})
}

// A key that holds something other than a time: 2.4.6's float() raised
// ValueError with Python's message; the port returns it as an
// InvalidResponse, as chapter 04's callbacks do for a reply they cannot
// read. Nothing is written.
func TestUnreadableLock(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newClient(t, s, fixes.Without(fixes.LockToken))
		_, err := r.Set("foo", "abc")
		require.NoError(t, err)
		l := newLock(t, r, "foo", 0, lock.DefaultSleep)
		ok, err := l.Acquire(true)
		assert.False(t, ok)
		assert.ErrorIs(t, err, exceptions.ErrInvalidResponse)
		assert.EqualError(t, err, "could not convert string to float: abc")
		assert.Equal(t, "abc", get(t, r, "foo"))
	})
}

// The fix's timeout is whole milliseconds, int(timeout * 1000) in redis-py.
// A Duration is whole nanoseconds, so the port sends 1005 for 1.005 s where
// Python's float sent 1004 (1.005 * 1000 is 1004.9999999999999). Under a
// millisecond is PX 0, which the server refuses.
func TestTokenTimeoutMilliseconds(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r, sent := recorder(newClient(t, s, fixes.Set{}))
		l := newLock(t, r, "foo", 1005*time.Millisecond, lock.DefaultSleep)
		assert.True(t, acquire(t, l, false))
		require.NoError(t, l.Release())
		require.NotEmpty(t, *sent)
		assert.Regexp(t, `^"SET" "foo" "[0-9a-f]{32}" "NX" "PX" "1005"$`, (*sent)[0])
		assert.Regexp(t, `^"EVAL" ".*" "1" "foo" "[0-9a-f]{32}"$`, (*sent)[1])

		tiny := newLock(t, r, "foo", 500*time.Microsecond, 0)
		ok, err := tiny.Acquire(true)
		assert.False(t, ok)
		assert.ErrorIs(t, err, exceptions.ErrResponse)
		assert.ErrorContains(t, err, "invalid expire time")
	})
}
