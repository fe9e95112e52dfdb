package client

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

func stats(t *testing.T, r *Redis, s *redistest.Server, want pool.Stats, why string) {
	t.Helper()
	if got := r.ConnectionPool.Stats(); got != want {
		wtest.Errorf(t, "pool counts %s, want %s: %s\n%s", "连接池的计数是 %s，期望 %s：%s\n%s", got, want, why, wredis.Counts(s, got))
	}
}

// One command, one borrowing: the connection goes back after each, and
// one socket serves them all. The callback shapes the reply (SET gives a
// bool).
func TestOneConnectionServesEveryCommand(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, Options{})
		ok, err := r.ExecuteCommand("SET", "greeting", "hello")
		if err != nil {
			wtest.Fatalf(t, "SET greeting hello: %s", "SET greeting hello 出错：%s", wtest.Describe(err))
		}
		wtest.Equal(t, "SET greeting hello", true, ok)
		v, err := r.ExecuteCommand("GET", "greeting")
		if err != nil {
			t.Fatal(err)
		}
		wtest.Equal(t, "GET greeting", []byte("hello"), v)
		stats(t, r, s, pool.Stats{Created: 1, Available: 1}, wtest.L("each command gives its connection back", "每条命令都把连接还回去"))
		if n := wredis.WaitClients(s, 1); n != 1 {
			wtest.Errorf(t, "the server counts %d clients, want 1: one socket serves every command", "服务器上有 %d 个客户端，期望 1 个：一个套接字服务所有命令", n)
		}
	})
}

// The connection goes back after an error reply and after a callback
// that fails, too: Python's finally.
func TestReleasedWhateverHappens(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, Options{})
		if _, err := r.ExecuteCommand("SET", "k", "v"); err != nil {
			t.Fatal(err)
		}
		_, err := r.ExecuteCommand("LPUSH", "k", "x")
		if !errors.Is(err, exceptions.ErrResponse) {
			wtest.Errorf(t, "LPUSH on a string returned %s; want the server's ResponseError", "对字符串执行 LPUSH 返回了 %s；期望服务器的 ResponseError", wtest.Describe(err))
		}
		stats(t, r, s, pool.Stats{Created: 1, Available: 1}, wtest.L("an error reply is an answer: the connection goes back", "错误回复也是回答：连接要还回去"))
		r.SetResponseCallback("GET", func(any, CommandOptions) (any, error) { return nil, errors.New("the callback failed") })
		if _, err := r.ExecuteCommand("GET", "k"); err == nil || err.Error() != "the callback failed" {
			wtest.Errorf(t, "GET with a failing callback returned %s; want the callback's error", "回调失败时 GET 返回了 %s；期望回调的错误", wtest.Describe(err))
		}
		stats(t, r, s, pool.Stats{Created: 1, Available: 1}, wtest.L("a failing callback does not keep the connection", "回调失败也不能把连接扣住"))
	})
}

// The server closed the idle socket (a restart, a timeout, CLIENT KILL):
// the next command still works, on a new socket of the same connection.
func TestAClosedIdleSocketIsReplaced(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, tap := tapped(t, s, Options{})
		if _, err := r.ExecuteCommand("SET", "k", "v"); err != nil {
			t.Fatal(err)
		}
		if err := s.KillClients(); err != nil {
			t.Fatal(err)
		}
		tap.WaitOpen(0) // the hang-up has reached the client's socket
		v, err := r.ExecuteCommand("GET", "k")
		if err != nil {
			wtest.Errorf(t, "GET after the server closed the idle socket: %s; the pooled connection should notice before sending (Stale) and reconnect",
				"服务器关闭空闲套接字之后 GET 出错：%s；池里的连接应该在发送之前发现（Stale）并重新连接", wtest.Describe(err))
		} else {
			wtest.Equal(t, "GET k", []byte("v"), v)
		}
		stats(t, r, s, pool.Stats{Created: 1, Available: 1}, wtest.L("the same connection object, reconnected", "还是同一个连接对象，只是重新连上了"))
	})
}

// A command whose reply is late has reached the server and will run:
// the timeout is returned, and the command is not sent again.
func TestATimeoutIsNotSentAgain(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, Options{SocketTimeout: 300 * time.Millisecond})
		if _, err := r.ExecuteCommand("SET", "n", "0"); err != nil {
			wtest.Fatalf(t, "SET n 0: %s", "SET n 0 出错：%s", wtest.Describe(err))
		}
		stalled, err := s.Stall(2 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.ExecuteCommand("INCR", "n")
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			wtest.Errorf(t, "INCR against a stalled server returned %s; want the timeout", "服务器卡住时 INCR 返回了 %s；期望超时错误", wtest.Describe(err))
		}
		<-stalled
		if n := settled(t, s, "n"); n != 1 {
			wtest.Errorf(t, "n is %d after one INCR: the INCR was sent %d times", "执行一次 INCR 之后 n 是 %d：INCR 被发送了 %d 次", n, n)
		}
		stats(t, r, s, pool.Stats{Created: 1, Available: 1}, wtest.L("the connection goes back after a timeout too", "超时之后连接也要还回去"))
	})
}

// No command name: a DataError before anything is borrowed.
func TestNoCommandIsADataError(t *testing.T) {
	r := NewRedis(Options{})
	if _, err := r.ExecuteCommand(); !errors.Is(err, exceptions.ErrData) {
		wtest.Errorf(t, "ExecuteCommand() returned %s; want a DataError", "ExecuteCommand() 返回了 %s；期望 DataError", wtest.Describe(err))
	}
}
