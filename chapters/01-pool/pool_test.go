package pool_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
)

// countingPool makes DummyConnections and counts the calls to the factory.
func countingPool(max int) (*pool.ConnectionPool[*DummyConnection], *atomic.Int64) {
	var made atomic.Int64
	return pool.NewConnectionPool(func() *DummyConnection {
		made.Add(1)
		return &DummyConnection{}
	}, max), &made
}

func TestNothingCreatedUpFront(t *testing.T) {
	p, made := countingPool(0)
	assert.Equal(t, pool.Stats{}, p.Stats())
	assert.Zero(t, made.Load())
	assert.Equal(t, 1<<31, p.MaxConnections(), "None means 2**31")
}

// "max_connections or 2**31" keeps a negative number, and no count of
// created connections is below it: 2.4.6 refuses every connection.
func TestNegativeMaxConnectionsRefusesAll(t *testing.T) {
	p, made := countingPool(-1)
	assert.Equal(t, -1, p.MaxConnections())
	_, err := p.GetConnection("GET")
	assert.ErrorIs(t, err, exceptions.ErrConnection)
	assert.EqualError(t, err, "Too many connections")
	assert.Zero(t, made.Load())
	assert.Equal(t, pool.Stats{}, p.Stats())
}

func TestReuseIsLIFO(t *testing.T) {
	p, made := countingPool(0)
	a, _ := p.GetConnection("GET", "k")
	b, _ := p.GetConnection("GET", "k")
	c, _ := p.GetConnection("GET", "k")
	require.NoError(t, p.Release(a))
	require.NoError(t, p.Release(c))
	require.NoError(t, p.Release(b))

	got1, _ := p.GetConnection("GET")
	got2, _ := p.GetConnection("GET")
	got3, _ := p.GetConnection("GET")
	assert.Same(t, b, got1, "last released comes back first")
	assert.Same(t, c, got2)
	assert.Same(t, a, got3)
	assert.EqualValues(t, 3, made.Load(), "reuse creates nothing")
}

func TestMakeConnectionLimitAndMessage(t *testing.T) {
	p, _ := countingPool(1)
	_, err := p.MakeConnection()
	require.NoError(t, err)
	_, err = p.MakeConnection()
	require.Error(t, err)
	assert.ErrorIs(t, err, exceptions.ErrConnection)
	assert.ErrorIs(t, err, exceptions.ErrRedis)
	assert.Equal(t, "Too many connections", err.Error())
	// MakeConnection does not mark anything in use, as in redis-py.
	assert.Equal(t, pool.Stats{Created: 1}, p.Stats())
}

func TestCreatedNeverGoesDown(t *testing.T) {
	p, _ := countingPool(2)
	a, _ := p.GetConnection("_")
	b, _ := p.GetConnection("_")
	require.NoError(t, p.Release(a))
	require.NoError(t, p.Disconnect())
	assert.Equal(t, pool.Stats{Created: 2, Available: 1, InUse: 1}, p.Stats())
	require.NoError(t, p.Release(b))
	assert.Equal(t, pool.Stats{Created: 2, Available: 2}, p.Stats())
}

func TestReleaseDoesNotDisconnect(t *testing.T) {
	p, _ := countingPool(0)
	c, _ := p.GetConnection("_")
	require.NoError(t, p.Release(c))
	assert.Zero(t, c.disconnected, "no health check, no disconnect on release")
}

func TestReleaseNotInUse(t *testing.T) {
	p, _ := countingPool(0)
	c, _ := p.GetConnection("_")
	require.NoError(t, p.Release(c))
	before := p.Stats()

	err := p.Release(c)
	assert.ErrorIs(t, err, pool.ErrNotInUse, "releasing twice")
	assert.ErrorIs(t, err, exceptions.ErrRedis)
	assert.Equal(t, before, p.Stats(), "a failed release changes nothing")

	err = p.Release(&DummyConnection{})
	assert.ErrorIs(t, err, pool.ErrNotInUse, "a stranger")
	assert.Equal(t, before, p.Stats())

	err = p.Release(nil)
	assert.ErrorIs(t, err, pool.ErrNotInUse, "nil")
	assert.Equal(t, before, p.Stats())

	ip := pool.NewConnectionPool(func() pool.Connection { return &DummyConnection{} }, 0)
	assert.ErrorIs(t, ip.Release(nil), pool.ErrNotInUse, "a nil interface")
}

func TestDisconnectKeepsEveryConnection(t *testing.T) {
	p, made := countingPool(0)
	a, _ := p.GetConnection("_")
	b, _ := p.GetConnection("_")
	require.NoError(t, p.Release(a))

	require.NoError(t, p.Disconnect())
	assert.Equal(t, 1, a.disconnected, "available ones are disconnected")
	assert.Equal(t, 1, b.disconnected, "in-use ones too")
	assert.Equal(t, pool.Stats{Created: 2, Available: 1, InUse: 1}, p.Stats(), "and all stay in the pool")

	again, _ := p.GetConnection("_")
	assert.Same(t, a, again, "the disconnected object is handed out again")
	assert.EqualValues(t, 2, made.Load())
}

type failingConnection struct{ err error }

func (c *failingConnection) Disconnect() error { return c.err }

func TestDisconnectTriesAllAndJoinsErrors(t *testing.T) {
	errA, errB := errors.New("a"), errors.New("b")
	conns := []*failingConnection{{err: errA}, {}, {err: errB}}
	i := 0
	p := pool.NewConnectionPool(func() *failingConnection { c := conns[i]; i++; return c }, 0)
	for range conns {
		_, err := p.GetConnection("_")
		require.NoError(t, err)
	}
	err := p.Disconnect()
	assert.ErrorIs(t, err, errA)
	assert.ErrorIs(t, err, errB)
}

// A connection that cannot be a map key is refused with an error instead
// of a panic. The compiler rejects a pool of sliceConnection; a pool of an
// interface type compiles, and may be handed one.
type sliceConnection []byte

func (sliceConnection) Disconnect() error { return nil }

func TestNonComparableConnectionIsAnError(t *testing.T) {
	p := pool.NewConnectionPool(func() pool.Connection { return sliceConnection("x") }, 0)
	_, err := p.GetConnection("_")
	assert.ErrorIs(t, err, exceptions.ErrData)
	assert.Equal(t, pool.Stats{}, p.Stats())
	assert.ErrorIs(t, p.Release(sliceConnection("x")), pool.ErrNotInUse)
}

// Go deviation: redis-py 2.4.6 relied on the GIL; the port must stay correct
// with many goroutines. Run with -race.
func TestConcurrentUseRespectsMaximum(t *testing.T) {
	const max, workers, rounds = 4, 32, 200
	p, made := countingPool(max)
	var inUse, peak, tooMany atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				c, err := p.GetConnection("GET", "key")
				if err != nil {
					if !errors.Is(err, exceptions.ErrConnection) {
						t.Errorf("unexpected error: %v", err)
						return
					}
					tooMany.Add(1)
					continue
				}
				n := inUse.Add(1)
				for {
					old := peak.Load()
					if n <= old || peak.CompareAndSwap(old, n) {
						break
					}
				}
				if r%50 == 0 {
					_ = p.Disconnect() // concurrent with borrowers
				}
				inUse.Add(-1)
				if err := p.Release(c); err != nil {
					t.Errorf("release: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	assert.LessOrEqual(t, made.Load(), int64(max), "created never exceeds the maximum")
	assert.LessOrEqual(t, peak.Load(), int64(max))
	st := p.Stats()
	assert.Equal(t, 0, st.InUse, "nothing leaked")
	assert.Equal(t, st.Created, st.Available, "every connection is back")
	assert.EqualValues(t, st.Created, made.Load())
	t.Logf("created=%d peak=%d too-many=%d", st.Created, peak.Load(), tooMany.Load())
}

func ExampleConnectionPool() {
	p := pool.NewConnectionPool(func() *DummyConnection { return &DummyConnection{} }, 2)
	fmt.Println("new pool:", p.Stats())

	a, _ := p.GetConnection("SET", "greeting")
	fmt.Println("first get:", p.Stats())

	_ = p.Release(a)
	b, _ := p.GetConnection("GET", "greeting")
	fmt.Println("reused:", a == b, p.Stats())
	// Output:
	// new pool: created=0 available=0 in_use=0
	// first get: created=1 available=0 in_use=1
	// reused: true created=1 available=0 in_use=1
}

func ExampleConnectionPool_Release() {
	p := pool.NewConnectionPool(func() *DummyConnection { return &DummyConnection{} }, 0)
	c, _ := p.GetConnection("PING")
	fmt.Println(p.Release(c))
	fmt.Println(p.Release(c))
	// Output:
	// <nil>
	// connection is not in use
}

func ExampleConnectionPool_MakeConnection() {
	p := pool.NewConnectionPool(func() *DummyConnection { return &DummyConnection{} }, 1)
	_, err := p.MakeConnection()
	fmt.Println(err)
	_, err = p.MakeConnection()
	fmt.Println(err)
	// Output:
	// <nil>
	// Too many connections
}

func ExampleConnectionPool_Disconnect() {
	p := pool.NewConnectionPool(func() *DummyConnection { return &DummyConnection{} }, 0)
	inUse, _ := p.GetConnection("GET")
	spare, _ := p.GetConnection("GET")
	_ = p.Release(spare)

	_ = p.Disconnect()
	fmt.Println(inUse.disconnected, spare.disconnected, p.Stats())
	// Output:
	// 1 1 created=2 available=1 in_use=1
}
