package pool

import (
	"errors"
	"testing"

	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

type connPool = ConnectionPool[*connection.Connection]

func newPool(t *testing.T, s *redistest.Server) *connPool {
	p := NewConnectionPool(func() *connection.Connection {
		return connection.NewConnection(connection.Options{Host: s.Host, Port: s.Port})
	}, 0)
	t.Cleanup(func() { p.Disconnect() })
	return p
}

func borrow(t *testing.T, p *connPool, s *redistest.Server) *connection.Connection {
	t.Helper()
	c, err := p.GetConnection("GET")
	if err != nil {
		t.Fatalf("GetConnection: %v\n%s", err, wredis.Counts(s, p.Stats()))
	}
	return c
}

func release(t *testing.T, p *connPool, s *redistest.Server, c *connection.Connection) {
	t.Helper()
	if err := p.Release(c); err != nil {
		wtest.Errorf(t, "Release of a connection the pool handed out returned %s, want nil\n%s",
			"归还一个连接池借出的连接返回了 %s，期望 nil\n%s", wtest.Describe(err), wredis.Counts(s, p.Stats()))
	}
}

func do(t *testing.T, c *connection.Connection, args ...any) (any, error) {
	t.Helper()
	if err := c.SendCommand(args...); err != nil {
		return nil, err
	}
	return c.ReadResponse()
}

func stats(t *testing.T, p *connPool, s *redistest.Server, want Stats, why string) {
	t.Helper()
	if got := p.Stats(); got != want {
		wtest.Errorf(t, "pool counts %s, want %s: %s\n%s", "连接池的计数是 %s，期望 %s：%s\n%s", got, want, why, wredis.Counts(s, got))
	}
}

func clients(t *testing.T, s *redistest.Server, want int, p *connPool, why string) {
	t.Helper()
	if n := wredis.WaitClients(s, want); n != want {
		wtest.Errorf(t, "the server counts %d clients, want %d: %s\n%s", "服务器上有 %d 个客户端，期望 %d 个：%s\n%s", n, want, why, wredis.Counts(s, p.Stats()))
	}
}

// A released connection waits in the pool, and the next get hands it
// out again, socket and all.
func TestReleaseMakesItAvailable(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		p := newPool(t, s)
		c := borrow(t, p, s)
		if _, err := do(t, c, "PING"); err != nil {
			t.Fatal(err)
		}
		release(t, p, s, c)
		stats(t, p, s, Stats{Created: 1, Available: 1}, wtest.L("released, it waits for reuse", "归还之后，它在池里等着被复用"))
		if again := borrow(t, p, s); again != c {
			wtest.Errorf(t, "after a release, GetConnection made a new connection instead of handing the released one out again",
				"归还之后，GetConnection 新建了连接，而没有把刚归还的那个再借出去")
		}
		clients(t, s, 1, p, wtest.L("one socket, reused", "只有一个套接字，被复用了"))
	})
}

// 2.4.6 checks nothing on the way back: a connection whose socket the
// server closed goes back as it is, and only finds out when next used.
func TestReleaseChecksNothing(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		p := newPool(t, s)
		c := borrow(t, p, s)
		if _, err := do(t, c, "PING"); err != nil {
			t.Fatal(err)
		}
		if err := s.KillClients(); err != nil {
			t.Fatal(err)
		}
		release(t, p, s, c)
		if !c.Connected() {
			wtest.Errorf(t, "Release disconnected the connection: 2.4.6 releases it as it is, with no check and no reset",
				"Release 把连接断开了：2.4.6 原样归还，不检查也不重置")
		}
		stats(t, p, s, Stats{Created: 1, Available: 1}, wtest.L("a dead socket is released like any other", "死掉的套接字和别的一样被归还"))
	})
}

// Releasing what the pool did not hand out, or releasing twice, is an
// error and changes nothing. (A Release that takes anything back would
// pass the tests above; this one stops it.)
func TestReleaseNotInUse(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		p := newPool(t, s)
		stranger := connection.NewConnection(connection.Options{Host: s.Host, Port: s.Port})
		if err := p.Release(stranger); !errors.Is(err, ErrNotInUse) {
			wtest.Errorf(t, "Release of a connection from elsewhere returned %s, want ErrNotInUse",
				"归还一个不是本连接池借出的连接返回了 %s，期望 ErrNotInUse", wtest.Describe(err))
		}
		stats(t, p, s, Stats{}, wtest.L("a stranger changes nothing", "陌生连接不会改变任何计数"))
	})
}

// Disconnect closes every socket, in use or not, and keeps every object:
// each one reconnects by itself when next used.
func TestDisconnectClosesAllKeepsAll(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		p := newPool(t, s)
		inUse, spare := borrow(t, p, s), borrow(t, p, s)
		for _, c := range []*connection.Connection{inUse, spare} {
			if _, err := do(t, c, "PING"); err != nil {
				t.Fatal(err)
			}
		}
		release(t, p, s, spare)
		clients(t, s, 2, p, wtest.L("two sockets are open before Disconnect", "Disconnect 之前开着两个套接字"))

		if err := p.Disconnect(); err != nil {
			wtest.Errorf(t, "Disconnect returned %s, want nil", "Disconnect 返回了 %s，期望 nil", wtest.Describe(err))
		}
		clients(t, s, 0, p, wtest.L("Disconnect closes the sockets of available and in-use connections alike", "Disconnect 会关闭池中空闲的和借出去的连接的套接字"))
		stats(t, p, s, Stats{Created: 2, Available: 1, InUse: 1}, wtest.L("Disconnect keeps every connection object", "Disconnect 保留所有连接对象"))

		if _, err := do(t, inUse, "PING"); err != nil {
			wtest.Errorf(t, "the borrower's next command failed (%v): a disconnected Connection reconnects by itself",
				"借用方的下一条命令失败了（%v）：断开的 Connection 会自己重新连接", err)
		}
		clients(t, s, 1, p, wtest.L("the in-use connection reconnected for its next command", "借出去的连接为下一条命令重新连上了"))
	})
}

// Disconnecting a pool that has made nothing is fine.
func TestDisconnectEmptyPool(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		if err := newPool(t, s).Disconnect(); err != nil {
			wtest.Errorf(t, "Disconnect of an empty pool returned %s", "空连接池的 Disconnect 返回了 %s", wtest.Describe(err))
		}
	})
}
