package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gomodule/redigo/redis"
	goredis "github.com/redis/go-redis/v9"

	"github.com/redispy-go/redispy"
	"github.com/redispy-go/redispy/internal/redistest"
)

// server is the one redis-server every test and benchmark of the run talks
// to: the clients are compared against the same process, in the same run.
var server *redistest.Server

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

// run is TestMain's body, apart so that its deferred Close runs before
// os.Exit.
func run(m *testing.M) int {
	if redistest.RedisServerPath() == "" {
		// The same rule as redistest.RedisServer: a skip on a laptop, a
		// failure under CI, which must measure against the real thing.
		fmt.Println("tools/bench: redis-server is not installed; install it (apt-get install redis-server) to run these tests and benchmarks")
		if redistest.InCI() {
			fmt.Println("tools/bench: CI=true requires redis-server")
			return 1
		}
		return 0
	}
	s, err := redistest.StartRedisServer()
	if err != nil {
		fmt.Println("tools/bench: cannot start redis-server:", err)
		return 1
	}
	defer s.Close()
	server = s
	return m.Run()
}

// Keys the GET benchmarks read. They are written before each benchmark, so
// a benchmark never depends on another having run first.
const (
	smallKey = "bench:small" // 5 bytes, the typical cache hit
	bigKey   = "bench:big"   // 16 KiB: more than one 4 KiB read buffer
)

var (
	smallValue = []byte("hello")
	bigValue   = []byte(strings.Repeat("0123456789abcdef", 1024))
)

// transport says how a client reaches the server.
type transport int

const (
	tcp transport = iota
	unix
)

// client is the handful of commands the benchmarks and the agreement test
// need, in each library's own public API. Results are normalized (strings,
// nil for a missing value) so the agreement test can compare them; the
// GET, SET and INCR paths add nothing that allocates.
type client interface {
	get(key string) ([]byte, error)
	set(key string, value []byte) error
	incr(key string) (int64, error)
	lrange(key string) ([]string, error)
	hgetall(key string) (map[string]string, error)
	// pipelineSet sends SET key value for every key in one write,
	// without MULTI/EXEC, and reads the replies.
	pipelineSet(keys []string, value []byte) error
	close()
}

// poolSize is the idle-connection allowance of the libraries whose pools
// have one. Ours keeps every connection it made (2.4.6's pool has no idle
// limit), so the others get room for all of the parallel benchmarks'
// goroutines too: none should dial and close a socket per command.
const poolSize = 64

// newClients returns one client per library, each with its own pool,
// talking to server over tr. The order is the order of the sub-benchmarks.
func newClients(tr transport) []namedClient {
	return []namedClient{
		{"redispy", newRedispy(tr)},
		{"redigo", newRedigo(tr)},
		{"go-redis", newGoRedis(tr)},
	}
}

type namedClient struct {
	name string
	client
}

// --- redispy ---

type redispyClient struct{ r *redispy.Redis }

func newRedispy(tr transport) redispyClient {
	opts := redispy.Options{Host: server.Host, Port: server.Port}
	if tr == unix {
		opts = redispy.Options{UnixSocketPath: server.SocketPath}
	}
	return redispyClient{redispy.NewRedis(opts)}
}

func (c redispyClient) get(key string) ([]byte, error) { return c.r.Get(key) }

func (c redispyClient) set(key string, value []byte) error {
	_, err := c.r.Set(key, value)
	return err
}

func (c redispyClient) incr(key string) (int64, error) { return c.r.Incr(key, 1) } // INCRBY key 1, as 2.4.6 sends

func (c redispyClient) lrange(key string) ([]string, error) {
	items, err := c.r.Lrange(key, 0, -1)
	return bytesToStrings(items), err
}

func (c redispyClient) hgetall(key string) (map[string]string, error) {
	h, err := c.r.Hgetall(key)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(h))
	for k, v := range h {
		m[k] = string(v)
	}
	return m, nil
}

func (c redispyClient) pipelineSet(keys []string, value []byte) error {
	p := redispy.NewPipeline(c.r, false) // transaction=False, as the others' pipelines
	for _, k := range keys {
		p.Set(k, value)
	}
	_, err := p.Execute()
	return err
}

func (c redispyClient) close() { _ = c.r.ConnectionPool.Disconnect() }

// --- redigo ---

type redigoClient struct{ p *redis.Pool }

func newRedigo(tr transport) redigoClient {
	network, addr := "tcp", server.Addr()
	if tr == unix {
		network, addr = "unix", server.SocketPath
	}
	return redigoClient{&redis.Pool{
		MaxIdle: poolSize, // MaxActive 0: no limit, like ours
		Dial:    func() (redis.Conn, error) { return redis.Dial(network, addr) },
	}}
}

func (c redigoClient) get(key string) ([]byte, error) {
	conn := c.p.Get()
	defer conn.Close()
	v, err := redis.Bytes(conn.Do("GET", key))
	if err == redis.ErrNil {
		return nil, nil
	}
	return v, err
}

func (c redigoClient) set(key string, value []byte) error {
	conn := c.p.Get()
	defer conn.Close()
	_, err := conn.Do("SET", key, value)
	return err
}

func (c redigoClient) incr(key string) (int64, error) {
	conn := c.p.Get()
	defer conn.Close()
	return redis.Int64(conn.Do("INCR", key))
}

func (c redigoClient) lrange(key string) ([]string, error) {
	conn := c.p.Get()
	defer conn.Close()
	return redis.Strings(conn.Do("LRANGE", key, 0, -1))
}

func (c redigoClient) hgetall(key string) (map[string]string, error) {
	conn := c.p.Get()
	defer conn.Close()
	return redis.StringMap(conn.Do("HGETALL", key))
}

func (c redigoClient) pipelineSet(keys []string, value []byte) error {
	conn := c.p.Get()
	defer conn.Close()
	for _, k := range keys {
		if err := conn.Send("SET", k, value); err != nil {
			return err
		}
	}
	if err := conn.Flush(); err != nil {
		return err
	}
	for range keys {
		if _, err := conn.Receive(); err != nil {
			return err
		}
	}
	return nil
}

func (c redigoClient) close() { _ = c.p.Close() }

// --- go-redis ---

type goRedisClient struct{ c *goredis.Client }

func newGoRedis(tr transport) goRedisClient {
	opts := &goredis.Options{
		Addr:     server.Addr(),
		Protocol: 2, // RESP2, as the other two speak
		PoolSize: poolSize,
		// No deadlines, as the other two set none by default: -2 skips
		// the SetReadDeadline/SetWriteDeadline calls altogether, so all
		// three do the same work per command.
		ReadTimeout:     -2,
		WriteTimeout:    -2,
		DisableIdentity: true, // no CLIENT SETINFO on connect
	}
	if tr == unix {
		opts.Network, opts.Addr = "unix", server.SocketPath
	}
	return goRedisClient{goredis.NewClient(opts)}
}

var ctx = context.Background()

func (c goRedisClient) get(key string) ([]byte, error) {
	v, err := c.c.Get(ctx, key).Bytes()
	if err == goredis.Nil {
		return nil, nil
	}
	return v, err
}

func (c goRedisClient) set(key string, value []byte) error {
	return c.c.Set(ctx, key, value, 0).Err()
}

func (c goRedisClient) incr(key string) (int64, error) { return c.c.Incr(ctx, key).Result() }

func (c goRedisClient) lrange(key string) ([]string, error) {
	return c.c.LRange(ctx, key, 0, -1).Result()
}

func (c goRedisClient) hgetall(key string) (map[string]string, error) {
	return c.c.HGetAll(ctx, key).Result()
}

func (c goRedisClient) pipelineSet(keys []string, value []byte) error {
	pipe := c.c.Pipeline()
	for _, k := range keys {
		pipe.Set(ctx, k, value, 0)
	}
	_, err := pipe.Exec(ctx)
	return err
}

func (c goRedisClient) close() { _ = c.c.Close() }

func bytesToStrings(items [][]byte) []string {
	if items == nil {
		return nil
	}
	out := make([]string, len(items))
	for i, b := range items {
		out[i] = string(b)
	}
	return out
}

// --- client CPU per command ---

// cpuTime returns the CPU time this process has used so far, user and
// system, over all its threads.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the cpu-ns/op metric: the process's CPU time since start,
// per iteration. Call it right after the timed loop.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// mustSet writes key through the server's own probe connection, so the
// benchmarks' data does not depend on any client under test.
func mustSet(tb testing.TB, key string, value []byte) {
	tb.Helper()
	if _, err := server.Do("SET", key, string(value)); err != nil {
		tb.Fatal(err)
	}
}

// parallelism is the SetParallelism factor that gives about n goroutines
// in all: RunParallel starts factor*GOMAXPROCS of them.
func parallelism(n int) int {
	procs := runtime.GOMAXPROCS(0)
	return max(1, (n+procs-1)/procs)
}
