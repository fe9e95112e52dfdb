package lock

import (
	"strings"
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/clock"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// A free lock is taken at once: the key holds the time it expires, by
// this client's clock in whole seconds, as a float; without a timeout,
// LOCK_FOREVER.
func TestAFreeLockIsTaken(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r := client246(t, s)
		now := clock.NewFake(T0)
		a := newLock(t, r, 5*time.Second, DefaultSleep, now)
		if !acquire(t, a) {
			wtest.Fatalf(t, "a could not take a free lock", "a 没能拿到一把空闲的锁")
		}
		if got := get(t, r); got != "1700000005.0" {
			wtest.Errorf(t, "the key holds %q; want \"1700000005.0\": int(time.time()) + 5, as a float", "键里是 %q；期望 \"1700000005.0\"：int(time.time()) + 5，写成浮点数", got)
		}
		if u := until(a); u != 1700000005.0 {
			wtest.Errorf(t, "AcquiredUntil() is %v; want 1700000005, the time a wrote", "AcquiredUntil() 是 %v；期望 1700000005，即 a 写进去的时间", u)
		}
		if _, err := r.Delete("foo"); err != nil {
			t.Fatal(err)
		}
		forever := newLock(t, r, 0, DefaultSleep, now)
		if !acquire(t, forever) {
			wtest.Fatalf(t, "a lock without timeout could not take a free lock", "没有超时的锁没能拿到一把空闲的锁")
		}
		if got := get(t, r); got != lockForever {
			wtest.Errorf(t, "without a timeout the key holds %q; want LOCK_FOREVER, %q", "没有超时时键里是 %q；期望 LOCK_FOREVER，即 %q", got, lockForever)
		}
	})
}

// A lock whose time has not passed is not taken, and not touched.
func TestAHeldLockIsNotTaken(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r := client246(t, s)
		now := clock.NewFake(T0)
		a := newLock(t, r, 5*time.Second, DefaultSleep, now)
		b := newLock(t, r, 5*time.Second, DefaultSleep, now)
		if !acquire(t, a) {
			wtest.Fatalf(t, "a could not take a free lock", "a 没能拿到一把空闲的锁")
		}
		now.Add(3 * time.Second)
		if acquire(t, b) {
			wtest.Errorf(t, "b took a's lock 3 seconds into its 5", "a 的锁 5 秒才到期，b 在第 3 秒就拿走了")
		}
		if got := get(t, r); got != "1700000005.0" {
			wtest.Errorf(t, "after b's try the key holds %q; want a's \"1700000005.0\", untouched", "b 试过之后键里是 %q；期望还是 a 的 \"1700000005.0\"，没被动过", got)
		}
		if u := until(b); u != -1 {
			wtest.Errorf(t, "b's AcquiredUntil() says it holds the lock (%v)", "b 的 AcquiredUntil() 说它持有锁（%v）", u)
		}
	})
}

// a's lock expires while a works: b takes it over, with GETSET.
func TestAnExpiredLockIsTakenOver(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r := client246(t, s)
		now := clock.NewFake(T0)
		a := newLock(t, r, 5*time.Second, DefaultSleep, now)
		b := newLock(t, r, 5*time.Second, DefaultSleep, now)
		if !acquire(t, a) {
			wtest.Fatalf(t, "a could not take a free lock", "a 没能拿到一把空闲的锁")
		}
		now.Add(7 * time.Second)
		if !acquire(t, b) {
			wtest.Errorf(t, "b could not take a lock whose time passed 2 seconds ago", "锁的时间 2 秒前就过了，b 却没能拿到")
		}
		if got := get(t, r); got != "1700000012.0" {
			wtest.Errorf(t, "after the takeover the key holds %q; want b's \"1700000012.0\"", "接管之后键里是 %q；期望是 b 的 \"1700000012.0\"", got)
		}
		if u := until(b); u != 1700000012.0 {
			wtest.Errorf(t, "b's AcquiredUntil() is %v; want 1700000012", "b 的 AcquiredUntil() 是 %v；期望 1700000012", u)
		}
		// An empty or missing value reads as 1, a time long past.
		if _, err := r.Set("foo", ""); err != nil {
			t.Fatal(err)
		}
		c := newLock(t, r, 5*time.Second, DefaultSleep, now)
		if !acquire(t, c) {
			wtest.Errorf(t, "c could not take a lock whose key holds \"\" (float(value or 1) is 1.0)", "键里是 \"\" 时 c 没能拿到锁（float(value or 1) 是 1.0）")
		}
	})
}

// Between b's GET, which found the time passed, and its GETSET, another
// client took the lock over: b's GETSET returns that client's time, which
// has not passed. b must not believe it holds the lock.
func TestSomeoneElseGotThereFirst(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r := client246(t, s)
		if _, err := r.Set("foo", "1699999990.0"); err != nil { // expired ten seconds ago
			t.Fatal(err)
		}
		var sent []string
		slipIn := r.WithExecutor(func(options client.CommandOptions, args []any) (any, error) {
			name, _ := args[0].(string)
			sent = append(sent, strings.ToUpper(name))
			reply, err := r.ExecuteCommandWith(options, args...)
			if strings.EqualFold(name, "GET") {
				// Another owner's GETSET, just after this GET.
				if _, err := r.Getset("foo", "1700000099.0"); err != nil {
					t.Error(err)
				}
			}
			return reply, err
		})
		now := clock.NewFake(T0)
		b := newLock(t, slipIn, 5*time.Second, DefaultSleep, now)
		if acquire(t, b) {
			wtest.Errorf(t, "b took the lock, though its GETSET found another owner's time, 1700000099.0, which has not passed; the commands b sent: %s",
				"b 拿到了锁，可它的 GETSET 读到的是别的持有者的时间 1700000099.0，这个时间还没过；b 发出的命令：%s", strings.Join(sent, ", "))
		}
		if u := until(b); u != -1 {
			wtest.Errorf(t, "b's AcquiredUntil() says it holds the lock (%v)", "b 的 AcquiredUntil() 说它持有锁（%v）", u)
		}
		if strings.Join(sent, " ") != "SETNX GET GETSET" {
			got := strings.Join(sent, ", ")
			if got == "" {
				got = wtest.L("nothing", "（无）")
			}
			wtest.Errorf(t, "b sent %s; want SETNX, GET, GETSET, as 2.4.6 does", "b 发出的是 %s；期望和 2.4.6 一样：SETNX、GET、GETSET", got)
		}
	})
}

// A blocking Acquire tries again every sleep until the lock is free.
func TestBlockingWaitsForTheRelease(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r := client246(t, s)
		a := newLock(t, r, 0, 10*time.Millisecond, nil)
		b := newLock(t, r, 0, 10*time.Millisecond, nil)
		if !acquire(t, a) {
			wtest.Fatalf(t, "a could not take a free lock", "a 没能拿到一把空闲的锁")
		}
		done := make(chan error, 1)
		go func() {
			_, err := b.Acquire(true)
			done <- err
		}()
		select {
		case err := <-done:
			wtest.Fatalf(t, "b's blocking Acquire returned (%s) while a holds the lock; it should wait", "a 还持有锁，b 的阻塞 Acquire 却返回了（%s）；它应该等", wtest.Describe(err))
		case <-time.After(100 * time.Millisecond):
		}
		if err := a.Release(); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			if err != nil {
				wtest.Errorf(t, "b's blocking Acquire: %s", "b 的阻塞 Acquire 出错：%s", wtest.Describe(err))
			}
		case <-time.After(20 * time.Second):
			wtest.Fatalf(t, "b's blocking Acquire did not take the lock a released", "a 释放锁之后，b 的阻塞 Acquire 一直没拿到")
		}
		if u := until(b); u != LockForever {
			wtest.Errorf(t, "b's AcquiredUntil() is %v; want LOCK_FOREVER", "b 的 AcquiredUntil() 是 %v；期望 LOCK_FOREVER", u)
		}
	})
}
