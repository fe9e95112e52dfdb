package lock

import (
	"errors"
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// New refuses what cannot work, with a LockError and no Lock.
func TestNewRefuses(t *testing.T) {
	r := client.NewRedis(client.Options{Port: 1}) // never used: New sends nothing
	for _, tc := range []struct {
		name           string
		r              *client.Redis
		timeout, sleep time.Duration
		want           string
	}{
		// Python checks this one in __init__ ...
		{"sleep over timeout", r, time.Second, 2 * time.Second, "'sleep' must be less than 'timeout'"},
		// ... and so this one too: -1 is true, and 0.1 > -1.
		{"negative timeout", r, -time.Second, DefaultSleep, "'sleep' must be less than 'timeout'"},
		// 2.4.6 found this one out at the first busy lock, in
		// time.sleep: IOError: [Errno 22] Invalid argument.
		{"negative sleep", r, 0, -time.Second, "'sleep' must not be negative"},
		// and this one at the first command, as an AttributeError.
		{"no client", nil, 0, DefaultSleep, "lock.New needs a client"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := New(tc.r, "foo", tc.timeout, tc.sleep)
			if l != nil {
				wtest.Errorf(t, "New(timeout %v, sleep %v) returned a Lock; want none", "New(timeout %v, sleep %v) 返回了一个 Lock；期望不返回", tc.timeout, tc.sleep)
			}
			if !errors.Is(err, exceptions.ErrLock) || err.Error() != tc.want {
				wtest.Errorf(t, "New(timeout %v, sleep %v) returned the error %s; want the LockError %q",
					"New(timeout %v, sleep %v) 返回的错误是 %s；期望 LockError %q", tc.timeout, tc.sleep, wtest.Describe(err), tc.want)
			}
		})
	}
}

// What New allows: a sleep equal to the timeout (the check is sleep >
// timeout), any sleep without a timeout, and the defaults.
func TestNewAllows(t *testing.T) {
	r := client.NewRedis(client.Options{Port: 1})
	for _, tc := range []struct {
		name           string
		timeout, sleep time.Duration
	}{
		{"sleep equal to the timeout", time.Second, time.Second},
		{"no timeout, a long sleep", 0, time.Hour},
		{"the defaults", 0, DefaultSleep},
		{"no sleep", time.Second, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := New(r, "foo", tc.timeout, tc.sleep)
			if err != nil || l == nil {
				wtest.Fatalf(t, "New(timeout %v, sleep %v) returned %s; want a Lock", "New(timeout %v, sleep %v) 返回了 %s；期望得到一个 Lock", tc.timeout, tc.sleep, wtest.Describe(err))
			}
			if l.name != "foo" || l.timeout != tc.timeout || l.sleep != tc.sleep || l.redis != r {
				wtest.Errorf(t, "the Lock holds name %q, timeout %v, sleep %v; want what New was given", "Lock 里是 name %q、timeout %v、sleep %v；期望是传给 New 的值", l.name, l.timeout, l.sleep)
			}
			if _, held := l.AcquiredUntil(); held {
				wtest.Errorf(t, "a new Lock is held already", "新建的 Lock 已经处于持有状态")
			}
		})
	}
}
