package pubsub

import (
	"net"
	"strings"
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

// settle gives miniredis time to write what was published: it hands a
// message to a goroutine of the subscriber's, which writes it to the
// socket a moment after PUBLISH has answered. A real server has written it
// into the subscriber's output buffer before it answers PUBLISH.
func settle(s *redistest.Server) {
	if s.Miniredis() != nil {
		time.Sleep(100 * time.Millisecond)
	}
}

// collect is list(listen()) with a limit: what a Listen yields until it
// ends or has yielded max items, under a watchdog that closes the PubSub
// when nothing comes.
func collect(t *testing.T, p *PubSub, max int) (msgs []Message, errs []error) {
	t.Helper()
	stop := time.AfterFunc(watchdog, func() { p.Close() })
	defer stop.Stop()
	for m, err := range p.Listen() {
		if err != nil {
			errs = append(errs, err)
		} else {
			msgs = append(msgs, m)
		}
		if len(msgs)+len(errs) == max {
			break
		}
	}
	return msgs, errs
}

// isBusy reports whether a command or a read is using the PubSub.
func isBusy(p *PubSub) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.busy
}

// killSubscribers closes every subscribed client's connection on the
// server's side, as a restart or the server's output buffer limit would,
// and returns once the server counts no subscriber.
func killSubscribers(t *testing.T, s *redistest.Server) {
	t.Helper()
	deadline := time.Now().Add(watchdog)
	if m := s.Miniredis(); m != nil {
		if err := s.KillClients(); err != nil {
			t.Fatal(err)
		}
		for (len(m.PubSubChannels("")) > 0 || m.PubSubNumPat() > 0) && time.Now().Before(deadline) {
			time.Sleep(2 * time.Millisecond)
		}
		return
	}
	if _, err := s.Do("CLIENT", "KILL", "TYPE", "pubsub"); err != nil {
		t.Fatal(err)
	}
	for time.Now().Before(deadline) {
		if list, err := s.Do("CLIENT", "LIST", "TYPE", "pubsub"); err == nil && list == "" {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// equalMessages compares two lists of messages, printed as listen()'s
// dicts.
func equalMessages(t *testing.T, what string, want, got []Message) bool {
	t.Helper()
	show := func(ms []Message) string {
		if len(ms) == 0 {
			return wtest.L("nothing", "（无）")
		}
		var b strings.Builder
		for _, m := range ms {
			b.WriteString("\n        " + m.String())
		}
		return b.String()
	}
	if show(want) == show(got) {
		return true
	}
	wtest.Errorf(t, "%s\n    want: %s\n     got: %s", "%s\n    期望：%s\n    实际：%s", what, show(want), show(got))
	return false
}
