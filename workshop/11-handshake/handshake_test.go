package connection

import (
	"errors"
	"testing"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// SELECT of a database that does not exist (-1: miniredis takes any index
// from 0) fails the first command. With 2.4.6 the second command then ran
// on database 0: the write landed where nobody asked for it.
func TestAFailedSelectClosesTheSocket(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		c, _ := tapped(t, s, Options{DB: -1})
		_, err := do(c, "SET", "lost", "x")
		if !errors.Is(err, exceptions.ErrResponse) {
			wtest.Fatalf(t, "SET with DB -1 returned %s; want the server's ResponseError for SELECT -1",
				"DB 为 -1 时 SET 返回了 %s；期望服务器对 SELECT -1 给出的 ResponseError", wtest.Describe(err))
		}
		if c.Connected() {
			wtest.Errorf(t, "after the failed SELECT the connection is still connected: half open, it sits on database 0",
				"SELECT 失败之后连接仍然连着：这是一个半开的连接，它待在 0 号数据库上")
		}
		_, err = do(c, "SET", "lost", "x")
		if !errors.Is(err, exceptions.ErrResponse) {
			wtest.Errorf(t, "the second SET returned %s; every attempt must fail the same way, as the first did",
				"第二次 SET 返回了 %s；每次尝试都应该像第一次一样失败", wtest.Describe(err))
		}
		check := NewConnection(Options{Host: s.Host, Port: s.Port})
		defer check.Disconnect()
		if v, _ := do(check, "GET", "lost"); v != nil {
			wtest.Errorf(t, "database 0 holds lost=%s: a command meant for database -1 ran on database 0",
				"0 号数据库里出现了 lost=%s：本该发往 -1 号数据库的命令在 0 号数据库上执行了", wtest.Describe(v))
		}
		if n := wredis.WaitClients(s, 1); n != 1 {
			wtest.Errorf(t, "the server counts %d clients, want 1 (the test's own check): the failed connection's socket is still open",
				"服务器上有 %d 个客户端，期望 1 个（测试自己用来检查的连接）：失败连接的套接字还开着", n)
		}
	})
}

// A refused password: the error says so, and the socket is closed, so
// the next command cannot go out unauthenticated.
func TestAWrongPasswordClosesTheSocket(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		if err := s.RequirePass("sesame"); err != nil {
			t.Fatal(err)
		}
		c, _ := tapped(t, s, Options{Password: "wrong"})
		_, err := do(c, "PING")
		if !errors.Is(err, exceptions.ErrAuthentication) {
			wtest.Errorf(t, "PING with a wrong password returned %s; want an AuthenticationError",
				"密码错误时 PING 返回了 %s；期望 AuthenticationError", wtest.Describe(err))
		}
		if c.Connected() {
			wtest.Errorf(t, "after the refused AUTH the connection is still connected: the next command would run unauthenticated",
				"AUTH 被拒之后连接仍然连着：下一条命令会在未认证的连接上执行")
		}
		if n := wredis.WaitClients(s, 0); n != 0 {
			wtest.Errorf(t, "the server counts %d clients, want 0", "服务器上有 %d 个客户端，期望 0 个", n)
		}
	})
}

// A handshake that works still works: the connection selects its
// database and stays open. (Closing the socket after every handshake
// would pass the tests above; this stops it.)
func TestAGoodHandshakeKeepsTheSocket(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		if err := s.RequirePass("sesame"); err != nil {
			t.Fatal(err)
		}
		c, _ := tapped(t, s, Options{Password: "sesame", DB: 1})
		if _, err := do(c, "SET", "where", "one"); err != nil {
			wtest.Fatalf(t, "SET on database 1 with the right password: %v", "用正确的密码在 1 号数据库上 SET 出错：%v", err)
		}
		if !c.Connected() {
			wtest.Errorf(t, "after a good handshake and a command the connection is not connected", "握手成功、执行了一条命令之后，连接却没有连着")
		}
		v, err := do(c, "GET", "where")
		if err != nil {
			t.Fatal(err)
		}
		wtest.Equal(t, "GET where", []byte("one"), v)
	})
}
