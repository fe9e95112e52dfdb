package pipeline

import (
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// tapped is a client of s through a recording tap: a failing test shows
// every byte sent and received, connection by connection.
func tapped(t *testing.T, s *redistest.Server, o client.Options) (*client.Redis, *wredis.Tap) {
	tap := wredis.NewTap(t, s)
	o.Host, o.Port = tap.Host, tap.Port
	if o.SocketTimeout == 0 {
		o.SocketTimeout = 5 * time.Second // a reply that never comes fails the test, it does not hang it
	}
	r := client.NewRedis(o)
	t.Cleanup(func() { r.ConnectionPool.Disconnect() })
	return r, tap
}

// stats checks the pool's counts, and prints them beside the server's
// own count of clients when they are wrong.
func stats(t *testing.T, s *redistest.Server, r *client.Redis, what string, want pool.Stats) bool {
	t.Helper()
	got := r.ConnectionPool.Stats()
	if got == want {
		return true
	}
	wtest.Errorf(t, "%s: the pool counts %v, want %v\n%s", "%s：连接池的计数是 %v，期望 %v\n%s", what, got, want, wredis.Counts(s, got))
	return false
}
