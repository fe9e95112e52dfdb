package pubsub

import (
	"net"
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// watchdog is how long a test waits for something that should come at
// once. A loaded machine is slow, but not this slow: a test that waits
// this long has found a hang.
const watchdog = 20 * time.Second

// newRedis is a client of s; its pool is disconnected when the test ends.
func newRedis(t *testing.T, s *redistest.Server) *client.Redis {
	t.Helper()
	r := client.NewRedis(client.Options{Host: s.Host, Port: s.Port, SocketTimeout: watchdog})
	t.Cleanup(func() { r.ConnectionPool.Disconnect() })
	return r
}

// stats checks the pool's counts, and prints them beside the server's
// own count of clients when they are wrong.
func stats(t *testing.T, s *redistest.Server, r *client.Redis, what string, want pool.Stats) bool {
	t.Helper()
	got := r.ConnectionPool.Stats()
	if got == want {
		return true
	}
	if s == nil {
		wtest.Errorf(t, "%s: the pool counts %v, want %v", "%s：连接池的计数是 %v，期望 %v", what, got, want)
		return false
	}
	wtest.Errorf(t, "%s: the pool counts %v, want %v\n%s", "%s：连接池的计数是 %v，期望 %v\n%s", what, got, want, wredis.Counts(s, got))
	return false
}

// confirm is the Message of a (P)(UN)SUBSCRIBE confirmation.
func confirm(typ, channel string, count int64) Message {
	m := Message{Type: typ, Count: count}
	if channel != "" {
		m.Channel = []byte(channel)
	}
	return m
}

// msg is the Message of a published message.
func msg(typ, channel, data string) Message {
	return Message{Type: typ, Channel: []byte(channel), Data: []byte(data)}
}

// downPort is a loopback port nothing listens on.
func downPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

var _ = msg
