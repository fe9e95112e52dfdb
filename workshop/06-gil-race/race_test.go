package pool

import (
	"errors"
	"runtime"
	"sync"
	"testing"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// dummy is a connection with no socket: the race is in the pool's own
// bookkeeping, not on the network.
type dummy struct{ id int }

func (d *dummy) Disconnect() error { return nil }

func newPool(max int) *ConnectionPool[*dummy] {
	n := 0
	return NewConnectionPool(func() *dummy { n++; return &dummy{id: n} }, max)
}

// Goroutines share one pool, as they share one client. The run is made
// as gentle as it can be: one CPU, and each goroutine steps aside only
// between two calls, so the pool's lists are never torn mid-operation and
// every count comes out right. The race detector still sees what nothing
// orders: two goroutines touching the pool's slice and map with no lock
// between them. In Python the GIL was that lock; here nothing is.
func TestConcurrentBorrowers(t *testing.T) {
	if !wtest.Race {
		wtest.Fatalf(t, "this bug lab is about a data race, so it needs the race detector (go test -race), which needs cgo and a C compiler: run go run ./cmd/workshop doctor",
			"这个练习讲的是数据竞争，需要竞态检测器（go test -race），而它需要 cgo 和 C 编译器：运行 go run ./cmd/workshop doctor 看看缺什么")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	const workers, rounds, max = 4, 50, 4
	p := newPool(max)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				c, err := p.GetConnection("GET", "key")
				if err != nil {
					t.Errorf("GetConnection: %v", err)
					return
				}
				runtime.Gosched() // let another borrower run while this one holds c
				if r%10 == 0 {
					_ = p.Disconnect()
				}
				if err := p.Release(c); err != nil {
					t.Errorf("Release: %v", err)
					return
				}
				runtime.Gosched()
			}
		}()
	}
	wg.Wait()
	if st := p.Stats(); st.InUse != 0 || st.Created > max || st.Available != st.Created {
		wtest.Errorf(t, "after every borrower gave its connection back the pool counts %s: want in_use=0, created<=%d, every connection available",
			"所有借用方都归还之后，连接池的计数是 %s：期望 in_use=0、created<=%d、所有连接都在池里", st, max)
	}
}

// On one goroutine the pool works as 2.4.6's did: LIFO, lazy, limited.
// (A pool that stops reusing connections would pass the race test; this
// one stops it.)
func TestOneGoroutineStillLIFO(t *testing.T) {
	p := newPool(2)
	a, _ := p.GetConnection("GET")
	b, _ := p.GetConnection("GET")
	_ = p.Release(a)
	_ = p.Release(b)
	got, _ := p.GetConnection("GET")
	if got != b {
		wtest.Errorf(t, "after releasing a then b, GetConnection handed out %v, want b: the last released comes back first",
			"按 a、b 的顺序归还后，GetConnection 借出了 %v，期望 b：最后归还的最先被借出", got)
	}
	_, _ = p.GetConnection("GET")
	if _, err := p.GetConnection("GET"); !errors.Is(err, exceptions.ErrConnection) {
		wtest.Errorf(t, "a third connection with max=2 returned %s, want \"Too many connections\"",
			"max=2 时第三个连接返回了 %s，期望 \"Too many connections\"", wtest.Describe(err))
	}
	if err := p.Release(&dummy{}); !errors.Is(err, ErrNotInUse) {
		wtest.Errorf(t, "releasing a stranger returned %s, want ErrNotInUse", "归还陌生连接返回了 %s，期望 ErrNotInUse", wtest.Describe(err))
	}
}
