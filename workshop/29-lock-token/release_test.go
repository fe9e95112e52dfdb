package lock

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// a takes the lock for 200ms and works longer; the server expires the
// key; b takes the lock; then a, done at last, releases "its" lock.
func TestAReleaseAfterExpiryLeavesTheNextOwnersLock(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s)
		a := newLock(t, r, "foo", 200*time.Millisecond)
		b := newLock(t, r, "foo", 10*time.Second)
		if !acquire(t, a) {
			wtest.Fatalf(t, "a could not take a free lock", "a 没能拿到一把空闲的锁")
		}
		waitExpired(t, s, r, "foo")
		if !acquire(t, b) {
			wtest.Fatalf(t, "b could not take the expired lock", "b 没能拿到已过期的锁")
		}
		err := a.Release()
		if !errors.Is(err, exceptions.ErrLock) || err.Error() != "Cannot release a lock that's no longer owned" {
			wtest.Errorf(t, "a's release returned %s; want the LockError \"Cannot release a lock that's no longer owned\": a must learn its lock expired",
				"a 释放锁时返回了 %s；期望 LockError \"Cannot release a lock that's no longer owned\"：a 必须知道自己的锁已经过期", wtest.Describe(err))
		}
		if got := get(t, r, "foo"); got != b.Token() {
			wtest.Errorf(t, "after a's release the key holds %q; want b's token %q: a deleted the lock b holds",
				"a 释放之后键里是 %q；期望 b 的令牌 %q：a 把 b 持有的锁删掉了", got, b.Token())
		}
		c := newLock(t, r, "foo", 10*time.Second)
		if acquire(t, c) {
			wtest.Errorf(t, "c took the lock too: b and c both believe they hold it", "c 也拿到了锁：b 和 c 都以为锁在自己手里")
		}
	})
}

// The check and the delete are one step on the server. As two commands, a
// GET and then a DEL, another client's SET can come between them.
func TestTheReleaseIsOneStep(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, tap := tapped(t, s)
		a := newLock(t, r, "foo", 10*time.Second)
		if !acquire(t, a) {
			wtest.Fatalf(t, "a could not take a free lock", "a 没能拿到一把空闲的锁")
		}
		before := len(tap.Sent())
		if err := a.Release(); err != nil {
			wtest.Errorf(t, "a's release returned %s", "a 释放锁时返回了 %s", wtest.Describe(err))
		}
		sent := commands(tap.Sent()[before:])
		if len(sent) != 1 || (sent[0] != "EVAL" && sent[0] != "EVALSHA") {
			wtest.Errorf(t, "the release sent %s; want one EVAL: a script is the one way to check the token and delete the key with no command between them",
				"释放锁时发出的是 %s；期望一条 EVAL：只有脚本能在检查令牌和删除键之间不插进任何别的命令", strings.Join(sent, ", "))
		}
		if got := get(t, r, "foo"); got != "(nil)" {
			wtest.Errorf(t, "after the release the key holds %q; want it gone", "释放之后键里还是 %q；期望键已删除", got)
		}
	})
}

// What worked before must still work: a lock taken, held alone, and
// given up; a lock not held cannot be released.
func TestOneOwnerAtATime(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s)
		a := newLock(t, r, "foo", 10*time.Second)
		b := newLock(t, r, "foo", 10*time.Second)
		if !acquire(t, a) {
			wtest.Fatalf(t, "a could not take a free lock", "a 没能拿到一把空闲的锁")
		}
		if got := get(t, r, "foo"); got != a.Token() || len(got) != 32 {
			wtest.Errorf(t, "the key holds %q; want a's token %q", "键里是 %q；期望 a 的令牌 %q", got, a.Token())
		}
		if acquire(t, b) {
			wtest.Errorf(t, "b took the lock a holds", "b 拿到了 a 持有的锁")
		}
		if err := a.Release(); err != nil {
			wtest.Errorf(t, "a's release returned %s", "a 释放锁时返回了 %s", wtest.Describe(err))
		}
		if got := get(t, r, "foo"); got != "(nil)" {
			wtest.Errorf(t, "after a's release the key holds %q; want it gone", "a 释放之后键里还是 %q；期望键已删除", got)
		}
		err := a.Release()
		if !errors.Is(err, exceptions.ErrLock) || err.Error() != "Cannot release an unlocked lock" {
			wtest.Errorf(t, "a second release returned %s; want the LockError \"Cannot release an unlocked lock\"", "第二次释放返回了 %s；期望 LockError \"Cannot release an unlocked lock\"", wtest.Describe(err))
		}
		if !acquire(t, b) {
			wtest.Errorf(t, "b could not take the lock a gave up", "a 放开锁之后 b 没能拿到")
		}
		if err := b.Release(); err != nil {
			wtest.Errorf(t, "b's release returned %s", "b 释放锁时返回了 %s", wtest.Describe(err))
		}
	})
}
