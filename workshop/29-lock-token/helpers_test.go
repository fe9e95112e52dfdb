package lock

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// tapped is a client of s through a recording tap: a failing test shows
// every byte sent and received, connection by connection.
func tapped(t *testing.T, s *redistest.Server) (*client.Redis, *wredis.Tap) {
	tap := wredis.NewTap(t, s)
	r := client.NewRedis(client.Options{Host: tap.Host, Port: tap.Port, SocketTimeout: 5 * time.Second})
	t.Cleanup(func() { r.ConnectionPool.Disconnect() })
	return r, tap
}

// newLock is New that must succeed.
func newLock(t *testing.T, r *client.Redis, name string, timeout time.Duration) *Lock {
	t.Helper()
	l, err := New(r, name, timeout, DefaultSleep)
	if err != nil {
		wtest.Fatalf(t, "New: %s", "New 出错：%s", wtest.Describe(err))
	}
	return l
}

// acquire is a non-blocking Acquire that must not fail.
func acquire(t *testing.T, l *Lock) bool {
	t.Helper()
	ok, err := l.Acquire(false)
	if err != nil {
		wtest.Fatalf(t, "Acquire: %s", "Acquire 出错：%s", wtest.Describe(err))
	}
	return ok
}

// get is the key's value as text, "(nil)" when there is none.
func get(t *testing.T, r *client.Redis, name string) string {
	t.Helper()
	v, err := r.Get(name)
	if err != nil {
		wtest.Fatalf(t, "GET %s: %s", "GET %s 出错：%s", name, wtest.Describe(err))
	}
	if v == nil {
		return "(nil)"
	}
	return string(v)
}

// waitExpired waits until the server has expired name: miniredis's clock
// is moved past the expiry, a real server's passes by itself, so the wait
// is polled, with a generous limit for a loaded machine.
func waitExpired(t *testing.T, s *redistest.Server, r *client.Redis, name string) {
	t.Helper()
	left, err := r.ExecuteCommand("PTTL", name)
	if err != nil {
		t.Fatal(err)
	}
	if m := s.Miniredis(); m != nil {
		if ms, ok := left.(int64); ok && ms > 0 {
			m.FastForward(time.Duration(ms+1) * time.Millisecond)
		}
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if reply, err := r.ExecuteCommand("PTTL", name); err == nil && reply == int64(-2) {
			return
		}
		if time.Now().After(deadline) {
			wtest.Fatalf(t, "%s did not expire on the server", "服务器上的 %s 一直没有过期", name)
		}
	}
}

// commands splits what a client sent into its commands' names.
func commands(sent []byte) []string {
	var names []string
	rd := bufio.NewReader(bytes.NewReader(sent))
	for {
		line, err := rd.ReadString('\n')
		if err != nil || len(line) < 3 || line[0] != '*' {
			return names
		}
		n, _ := strconv.Atoi(line[1 : len(line)-2])
		for i := 0; i < n; i++ {
			head, err := rd.ReadString('\n')
			if err != nil || len(head) < 3 {
				return names
			}
			size, _ := strconv.Atoi(head[1 : len(head)-2])
			arg := make([]byte, size+2)
			if _, err := io.ReadFull(rd, arg); err != nil {
				return names
			}
			if i == 0 {
				names = append(names, string(bytes.ToUpper(arg[:size])))
			}
		}
	}
}
