package pool

import (
	"errors"
	"testing"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// newPool is redis-py's ConnectionPool(connection_class=Connection,
// host=..., port=...) against s: lazy, so it opens nothing yet.
func newPool(t *testing.T, s *redistest.Server, max int) *ConnectionPool[*connection.Connection] {
	p := NewConnectionPool(func() *connection.Connection {
		return connection.NewConnection(connection.Options{Host: s.Host, Port: s.Port})
	}, max)
	t.Cleanup(func() { p.Disconnect() })
	return p
}

func borrow(t *testing.T, p *ConnectionPool[*connection.Connection], s *redistest.Server) *connection.Connection {
	t.Helper()
	c, err := p.GetConnection("GET", "key")
	if err != nil {
		wtest.Fatalf(t, "GetConnection: %v\n%s", "GetConnection 出错：%v\n%s", err, wredis.Counts(s, p.Stats()))
	}
	return c
}

func clients(t *testing.T, s *redistest.Server, want int, p *ConnectionPool[*connection.Connection], why string) {
	t.Helper()
	if n := wredis.WaitClients(s, want); n != want {
		wtest.Errorf(t, "the server counts %d clients, want %d: %s\n%s", "服务器上有 %d 个客户端，期望 %d 个：%s\n%s", n, want, why, wredis.Counts(s, p.Stats()))
	}
}

func stats(t *testing.T, p *ConnectionPool[*connection.Connection], s *redistest.Server, want Stats, why string) {
	t.Helper()
	if got := p.Stats(); got != want {
		wtest.Errorf(t, "pool counts %s, want %s: %s\n%s", "连接池的计数是 %s，期望 %s：%s\n%s", got, want, why, wredis.Counts(s, got))
	}
}

// A new pool has made nothing, and the server sees nobody.
func TestNothingCreatedUpFront(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		p := newPool(t, s, 0)
		stats(t, p, s, Stats{}, wtest.L("a new pool makes nothing (lazy creation)", "新连接池什么都不创建（惰性创建）"))
		clients(t, s, 0, p, wtest.L("nothing was asked for yet", "还没有人要过连接"))
	})
}

// The first GetConnection makes a Connection object, but opens no
// socket: the first command does.
func TestFirstGetCreatesButDoesNotConnect(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		p := newPool(t, s, 0)
		c := borrow(t, p, s)
		stats(t, p, s, Stats{Created: 1, InUse: 1}, wtest.L("the first get makes one connection and hands it out", "第一次 get 创建一个连接并借出去"))
		if c.Connected() {
			wtest.Errorf(t, "the new connection is connected already: the pool opens nothing; the first command does.",
				"新连接已经连上了：连接池不应该打开任何东西，第一条命令才会打开。")
		}
		clients(t, s, 0, p, wtest.L("no command was sent yet, so no socket is open", "还没发过命令，所以没有打开套接字"))
	})
}

// The last connection released is the first handed out again: a stack.
func TestReuseIsLIFO(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		p := newPool(t, s, 0)
		a, b, c := borrow(t, p, s), borrow(t, p, s), borrow(t, p, s)
		for _, x := range []*connection.Connection{a, c, b} {
			if err := p.Release(x); err != nil {
				t.Fatal(err)
			}
		}
		name := map[*connection.Connection]string{a: "a", b: "b", c: "c"}
		var got []string
		for range 3 {
			got = append(got, name[borrow(t, p, s)])
		}
		wtest.Equal(t, wtest.L("borrowed a, b, c; released a, c, b; borrowed three more", "借出 a、b、c，按 a、c、b 的顺序归还，再借三次"),
			"b c a", got[0]+" "+got[1]+" "+got[2])
		stats(t, p, s, Stats{Created: 3, InUse: 3}, wtest.L("reuse makes nothing new", "复用不会创建新连接"))
	})
}

// Reused, a connection keeps its socket: the server still counts one
// client after two commands on two borrowings.
func TestReuseKeepsTheSocket(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		p := newPool(t, s, 0)
		c := borrow(t, p, s)
		if err := c.SendCommand("SET", "greeting", "hello"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.ReadResponse(); err != nil {
			t.Fatal(err)
		}
		if err := p.Release(c); err != nil {
			t.Fatal(err)
		}
		again := borrow(t, p, s)
		if again != c {
			wtest.Errorf(t, "the second get made a new connection: the released one was waiting to be reused.\n%s",
				"第二次 get 新建了一个连接：刚归还的那个正等着被复用。\n%s", wredis.Counts(s, p.Stats()))
		}
		clients(t, s, 1, p, wtest.L("one socket served both borrowings", "两次借用都用同一个套接字"))
	})
}

// The limit: once max connections exist, the next get fails at once with
// redis-py's "Too many connections".
func TestTheLimitHolds(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		p := newPool(t, s, 2)
		borrow(t, p, s)
		borrow(t, p, s)
		_, err := p.GetConnection("GET")
		if !errors.Is(err, exceptions.ErrConnection) || err.Error() != "Too many connections" {
			wtest.Errorf(t, "the third GetConnection with max=2 returned %s, want the ConnectionError \"Too many connections\"\n%s",
				"max=2 时第三次 GetConnection 返回 %s，期望 ConnectionError \"Too many connections\"\n%s", wtest.Describe(err), wredis.Counts(s, p.Stats()))
		}
	})
}
