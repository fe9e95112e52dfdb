package pool_test

import (
	"testing"

	"github.com/redispy-go/redispy/chapters/01-pool"
)

// The cost of borrowing and returning a connection, with every CPU doing
// it at once: the mutex is the price of not having a GIL. Reference figures
// on this machine kind: redigo 177 ns, go-redis 243 ns
// (../shared/notes/performance.md).
func BenchmarkGetRelease(b *testing.B) {
	p := pool.NewConnectionPool(func() *DummyConnection { return &DummyConnection{} }, 64)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c, err := p.GetConnection("GET", "key")
			if err != nil {
				b.Error(err)
				return
			}
			if err := p.Release(c); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
