package bench

import (
	"bytes"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/gomodule/redigo/redis"
	goredis "github.com/redis/go-redis/v9"

	"github.com/redispy-go/redispy"
)

// Every benchmark runs one sub-benchmark per library, in the same order,
// against the same server. `go test -count N` repeats each sub-benchmark N
// times in a row; `make bench` runs the whole binary N times instead, so
// that the libraries alternate and a slow minute on a shared machine hits
// all three alike.

// eachClient runs body as one sub-benchmark per library over tr. The
// clients live for the whole of their sub-benchmark, so their pools stay
// warm across the rounds of growing b.N that the testing package runs.
func eachClient(b *testing.B, tr transport, body func(b *testing.B, c client)) {
	for _, c := range newClients(tr) {
		b.Run(c.name, func(b *testing.B) { body(b, c.client) })
		c.close()
	}
}

// BenchmarkGet is GET of a 5-byte value by one goroutine over TCP: one
// round trip per command, so mostly the loopback's latency.
func BenchmarkGet(b *testing.B) { benchGet(b, tcp, smallKey, smallValue) }

// BenchmarkGet16KiB is GET of a 16 KiB value: the parser's bulk path,
// larger than any of the three libraries' 4 KiB read buffers.
func BenchmarkGet16KiB(b *testing.B) { benchGet(b, tcp, bigKey, bigValue) }

// BenchmarkGetUnix is BenchmarkGet over the Unix socket, whose round trip
// is about half the loopback's, so the client's own cost shows more.
func BenchmarkGetUnix(b *testing.B) { benchGet(b, unix, smallKey, smallValue) }

func benchGet(b *testing.B, tr transport, key string, want []byte) {
	mustSet(b, key, want)
	eachClient(b, tr, func(b *testing.B, c client) {
		if _, err := c.get(key); err != nil { // connect outside the timing
			b.Fatal(err)
		}
		b.ResetTimer()
		start := cpuTime()
		for range b.N {
			v, err := c.get(key)
			if err != nil || len(v) != len(want) {
				b.Fatalf("GET %s: %d bytes, %v", key, len(v), err)
			}
		}
		reportCPU(b, start)
	})
}

// BenchmarkGetParallel is GET of a 5-byte value by about 50 goroutines
// over TCP: the pool under contention, and as many connections as
// goroutines, since all three libraries take one connection per command.
func BenchmarkGetParallel(b *testing.B) { benchGetParallel(b, tcp) }

// BenchmarkGetUnixParallel is BenchmarkGetParallel over the Unix socket.
func BenchmarkGetUnixParallel(b *testing.B) { benchGetParallel(b, unix) }

func benchGetParallel(b *testing.B, tr transport) {
	mustSet(b, smallKey, smallValue)
	eachClient(b, tr, func(b *testing.B, c client) {
		var failed atomic.Pointer[error]
		b.SetParallelism(parallelism(50))
		b.ResetTimer()
		start := cpuTime()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				v, err := c.get(smallKey)
				if err != nil || !bytes.Equal(v, smallValue) {
					// b.Fatal must not be called from these goroutines:
					// keep the first error and fail after RunParallel. A
					// fresh variable, so that only a failure allocates.
					first := err
					if first == nil {
						first = fmt.Errorf("GET %s = %q, want %q", smallKey, v, smallValue)
					}
					failed.CompareAndSwap(nil, &first)
					return
				}
			}
		})
		reportCPU(b, start)
		if err := failed.Load(); err != nil {
			b.Fatal(*err)
		}
	})
}

// BenchmarkSet is SET of a 5-byte value by one goroutine over TCP: the
// encoding path, and a status reply.
func BenchmarkSet(b *testing.B) {
	eachClient(b, tcp, func(b *testing.B, c client) {
		if err := c.set(smallKey, smallValue); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		start := cpuTime()
		for range b.N {
			if err := c.set(smallKey, smallValue); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start)
	})
}

// BenchmarkIncr is INCR by one goroutine over TCP: an integer reply that
// our client passes through a response callback (toInt) and a type
// assertion, where the others convert in place. Ours sends INCRBY key 1,
// as redis-py 2.4.6's incr does; the server's cost is the same.
func BenchmarkIncr(b *testing.B) {
	eachClient(b, tcp, func(b *testing.B, c client) {
		if _, err := c.incr("bench:counter"); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		start := cpuTime()
		for range b.N {
			if _, err := c.incr("bench:counter"); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start)
	})
}

// pipelineKeys are the keys of BenchmarkPipeline100, made once.
var pipelineKeys = func() []string {
	keys := make([]string, 100)
	for i := range keys {
		keys[i] = fmt.Sprintf("bench:pipeline:%d", i)
	}
	return keys
}()

// BenchmarkPipeline100 is a pipeline of 100 SETs of a 5-byte value over
// TCP, without a transaction: one write, one round trip, 100 replies. Ours
// queues each SET by running chapter 04's Set method, and runs it again
// per reply to type the result (chapter 05).
func BenchmarkPipeline100(b *testing.B) {
	eachClient(b, tcp, func(b *testing.B, c client) {
		if err := c.pipelineSet(pipelineKeys, smallValue); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		start := cpuTime()
		for range b.N {
			if err := c.pipelineSet(pipelineKeys, smallValue); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start)
	})
}

// BenchmarkGetAllocs is GET of a 5-byte value written out in each
// library's public API, without the adapters the other benchmarks share,
// so that B/op and allocs/op are exactly what a user's GET costs. It uses
// the Unix socket, the quieter of the two transports.
func BenchmarkGetAllocs(b *testing.B) {
	mustSet(b, smallKey, smallValue)
	b.Run("redispy", func(b *testing.B) {
		r := redispy.NewRedis(redispy.Options{UnixSocketPath: server.SocketPath})
		defer r.ConnectionPool.Disconnect()
		if _, err := r.Get(smallKey); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		start := cpuTime()
		for range b.N {
			if _, err := r.Get(smallKey); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start)
	})
	b.Run("redigo", func(b *testing.B) {
		p := &redis.Pool{
			MaxIdle: poolSize,
			Dial:    func() (redis.Conn, error) { return redis.Dial("unix", server.SocketPath) },
		}
		defer p.Close()
		get := func() ([]byte, error) {
			conn := p.Get()
			defer conn.Close() // back to the pool
			return redis.Bytes(conn.Do("GET", smallKey))
		}
		if _, err := get(); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		start := cpuTime()
		for range b.N {
			if _, err := get(); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start)
	})
	b.Run("go-redis", func(b *testing.B) {
		rdb := goredis.NewClient(&goredis.Options{
			Network: "unix", Addr: server.SocketPath, Protocol: 2, PoolSize: poolSize,
			ReadTimeout: -2, WriteTimeout: -2, DisableIdentity: true,
		})
		defer rdb.Close()
		if _, err := rdb.Get(ctx, smallKey).Bytes(); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		start := cpuTime()
		for range b.N {
			if _, err := rdb.Get(ctx, smallKey).Bytes(); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start)
	})
}
