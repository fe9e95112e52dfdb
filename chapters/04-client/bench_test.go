package client_test

import (
	"testing"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

// Round trips against a real redis-server: the loopback round trip
// dominates the time; allocs/op is the client's own cost. tools/bench
// compares the same numbers with redigo and go-redis.
func BenchmarkGet(b *testing.B) {
	s := redistest.RedisServer(b)
	r := client.NewRedis(client.Options{Host: s.Host, Port: s.Port})
	defer r.ConnectionPool.Disconnect()
	if _, err := r.Set("k", "hello"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Get("k"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIncr(b *testing.B) {
	s := redistest.RedisServer(b)
	r := client.NewRedis(client.Options{Host: s.Host, Port: s.Port})
	defer r.ConnectionPool.Disconnect()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Incr("n", 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetStaleCheck is BenchmarkGet with and without the check for a
// socket the server closed (fix reconnect-stale-socket): the difference is
// what the check costs per command.
func BenchmarkGetStaleCheck(b *testing.B) {
	s := redistest.RedisServer(b)
	for _, tc := range []struct {
		name string
		fx   fixes.Set
	}{
		{"check", fixes.Set{}},
		{"nocheck", fixes.Without(fixes.ReconnectStaleSocket)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			r := client.NewRedis(client.Options{Host: s.Host, Port: s.Port, Fixes: tc.fx})
			defer r.ConnectionPool.Disconnect()
			if _, err := r.Set("k", "hello"); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.Get("k"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
