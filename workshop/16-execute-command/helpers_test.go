package client

import (
	"strconv"
	"testing"
	"time"

	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// tapped is a client of s through a recording tap: a failing test shows
// every byte sent and received, connection by connection.
func tapped(t *testing.T, s *redistest.Server, o Options) (*Redis, *wredis.Tap) {
	tap := wredis.NewTap(t, s)
	o.Host, o.Port = tap.Host, tap.Port
	if o.SocketTimeout == 0 {
		o.SocketTimeout = 2 * time.Second // a reply that never comes fails the test, it does not hang it
	}
	r := NewRedis(o)
	t.Cleanup(func() { r.ConnectionPool.Disconnect() })
	return r, tap
}

// counter reads the integer at key straight from the server, on a
// connection of its own, without the client under test.
func counter(t *testing.T, s *redistest.Server, key string) int {
	t.Helper()
	r := NewRedis(Options{Host: s.Host, Port: s.Port, SocketTimeout: 2 * time.Second})
	defer r.ConnectionPool.Disconnect()
	v, err := r.ExecuteCommand("GET", key)
	if err != nil {
		t.Fatalf("GET %s: %v", key, err)
	}
	b, _ := v.([]byte)
	n, _ := strconv.Atoi(string(b))
	return n
}

// settled reads the counter at key once what queued behind a stall has
// run: it watches for half a second and returns the highest value seen,
// so that a command sent twice is caught however late its second copy
// runs on a loaded machine.
func settled(t *testing.T, s *redistest.Server, key string) int {
	t.Helper()
	high := 0
	for deadline := time.Now().Add(500 * time.Millisecond); time.Now().Before(deadline); {
		if n := counter(t, s, key); n > high {
			high = n
		}
		time.Sleep(20 * time.Millisecond)
	}
	return high
}

var _ = wtest.L
