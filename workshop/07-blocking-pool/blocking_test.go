package pool

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	chapter "github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

type blocking = BlockingConnectionPool[*connection.Connection]

func newPool(t *testing.T, s *redistest.Server, max int, timeout time.Duration) *blocking {
	p := NewBlockingConnectionPool(func() *connection.Connection {
		return connection.NewConnection(connection.Options{Host: s.Host, Port: s.Port})
	}, max, timeout)
	t.Cleanup(func() { p.Disconnect() })
	return p
}

// get borrows within a deadline: a pool that waits for ever where it
// should not becomes a sentence, not a hung test.
func get(t *testing.T, p *blocking) (c *connection.Connection, err error) {
	t.Helper()
	wtest.Within(t, 3*time.Second,
		"GetConnection never returned. Does a borrower that waits hold the lock a releaser needs?",
		"GetConnection 一直没有返回。正在等待的借用方是不是拿着归还方需要的锁？",
		func() { c, err = p.GetConnection("GET") })
	return c, err
}

const hintWait = "2.4.6's pool fails at once when every connection is out; a blocking pool waits for a release."
const hintWaitZh = "2.4.6 的连接池在连接全部借出时立刻失败；阻塞式连接池会等别人归还。"

// One connection, two borrowers: the second waits until the first gives
// it back, then gets that very connection.
func TestWaitsForARelease(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		p := newPool(t, s, 1, 2*time.Second)
		first, err := get(t, p)
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			time.Sleep(100 * time.Millisecond)
			_ = p.Release(first)
		}()
		start := time.Now()
		second, err := get(t, p)
		if err != nil {
			wtest.Fatalf(t, "the second GetConnection failed after %v with %s: %s\n%s",
				"第二次 GetConnection 在 %v 后失败了：%s。%s\n%s",
				time.Since(start).Round(time.Millisecond), wtest.Describe(err), wtest.L(hintWait, hintWaitZh), wredis.Counts(s, p.Stats()))
		}
		if second != first {
			wtest.Errorf(t, "the waiting borrower got a new connection; it should get the one just released (max is 1)",
				"等待的借用方拿到了一个新连接；它应该拿到刚被归还的那个（上限是 1）")
		}
		if st := p.Stats(); st != (chapter.Stats{Created: 1, InUse: 1}) {
			wtest.Errorf(t, "pool counts %s, want created=1 available=0 in_use=1", "连接池的计数是 %s，期望 created=1 available=0 in_use=1", st)
		}
	})
}

// Nobody releases: after the timeout, 2.7.3's ConnectionError.
func TestGivesUpAfterTheTimeout(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		p := newPool(t, s, 1, 150*time.Millisecond)
		if _, err := get(t, p); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err := get(t, p)
		waited := time.Since(start)
		if !errors.Is(err, exceptions.ErrConnection) || err.Error() != "No connection available." {
			wtest.Errorf(t, "with every connection in use, GetConnection returned %s; want the ConnectionError \"No connection available.\" after the timeout",
				"连接全部借出时 GetConnection 返回了 %s；期望超时后返回 ConnectionError \"No connection available.\"", wtest.Describe(err))
		}
		if waited < 150*time.Millisecond {
			wtest.Errorf(t, "GetConnection gave up after %v, before its timeout of 150ms: %s",
				"GetConnection 在 %v 后就放弃了，还没到 150ms 的超时：%s", waited.Round(time.Millisecond), wtest.L(hintWait, hintWaitZh))
		}
	})
}

// Eight goroutines, two connections: everyone is served in turn, and no
// more than two connections are ever made.
func TestManyBorrowersShareFew(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		p := newPool(t, s, 2, 5*time.Second)
		var wg sync.WaitGroup
		var mu sync.Mutex
		var failures []string
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := p.GetConnection("INCR")
				if err == nil {
					if err = c.SendCommand("INCR", "served"); err == nil {
						_, err = c.ReadResponse()
					}
					if rerr := p.Release(c); err == nil {
						err = rerr
					}
				}
				if err != nil {
					mu.Lock()
					failures = append(failures, err.Error())
					mu.Unlock()
				}
			}()
		}
		wtest.Within(t, 5*time.Second, "The borrowers never all finished: is a release waking the waiters?",
			"借用方没能全部完成：归还时有没有唤醒等待的人？", wg.Wait)
		if len(failures) > 0 {
			wtest.Errorf(t, "%d of 8 borrowers failed, the first with %q: %s\n%s", "8 个借用方里有 %d 个失败，第一个的错误是 %q：%s\n%s",
				len(failures), failures[0], wtest.L(hintWait, hintWaitZh), wredis.Counts(s, p.Stats()))
		}
		if st := p.Stats(); st.Created > 2 || st.InUse != 0 {
			wtest.Errorf(t, "pool counts %s: want at most 2 created and none in use at the end", "连接池的计数是 %s：期望最多创建 2 个，最后没有借出的", st)
		}
		if n := wredis.WaitClients(s, p.Stats().Created); n > 2 {
			wtest.Errorf(t, "the server counts %d clients: the pool must never open more than 2", "服务器上有 %d 个客户端：连接池最多只能打开 2 个", n)
		}
	})
}

// Lazy and last-in first-out, as 2.4.6's pool. (A pool that makes a new
// connection for every borrower would never have to wait; this stops it.)
func TestLazyAndLIFO(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		p := newPool(t, s, 3, time.Second)
		if st := p.Stats(); st != (chapter.Stats{}) {
			wtest.Errorf(t, "a new pool counts %s: it must make nothing up front", "新连接池的计数是 %s：它不应该预先创建任何连接", st)
		}
		a, _ := get(t, p)
		b, _ := get(t, p)
		_ = p.Release(a)
		_ = p.Release(b)
		if c, _ := get(t, p); c != b {
			wtest.Errorf(t, "released a then b, got back %v: want b, the last released", "按 a、b 的顺序归还，借回来的是 %v：期望最后归还的 b", wtest.Describe(c))
		}
		if st := p.Stats(); st.Created != 2 {
			wtest.Errorf(t, "pool counts %s: reuse must make nothing new", "连接池的计数是 %s：复用不应该新建连接", st)
		}
		if err := p.Release(connection.NewConnection(connection.Options{})); !errors.Is(err, chapter.ErrNotInUse) {
			wtest.Errorf(t, "releasing a stranger returned %s, want ErrNotInUse", "归还陌生连接返回了 %s，期望 ErrNotInUse", wtest.Describe(err))
		}
	})
}
