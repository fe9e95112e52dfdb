package client

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// The INCR reaches the server and runs; its reply is lost on the way
// back, the connection cut. The caller cannot know whether it ran, and
// must be told so: sending it again would count twice.
func TestALostReplyIsNotSentAgain(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, tap := tapped(t, s, Options{})
		if _, err := r.ExecuteCommand("SET", "n", "0"); err != nil {
			t.Fatal(err)
		}
		tap.LoseNextReply()
		v, err := r.ExecuteCommand("INCR", "n")
		n := counter(t, s, "n")
		if n != 1 {
			wtest.Errorf(t, "n is %d after one INCR: the reply was lost, the client sent the INCR again, and the server ran both (the caller saw %s, %s)",
				"执行一次 INCR 之后 n 是 %d：回复丢了，客户端又发了一次，服务器两次都执行了（调用方看到的是 %s，%s）", n, wtest.Describe(v), wtest.Describe(err))
		}
		if !errors.Is(err, exceptions.ErrConnection) {
			wtest.Errorf(t, "the caller got %s, %s; want the ConnectionError: it must know the reply is lost",
				"调用方得到的是 %s，%s；期望 ConnectionError：调用方必须知道回复丢了", wtest.Describe(v), wtest.Describe(err))
		}
	})
}

// LOADING: refused unrun, so sent again. (Never sending anything twice
// would pass the test above; this stops it.)
func TestLoadingIsSentAgain(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, tap := tapped(t, s, Options{})
		if _, err := r.ExecuteCommand("SET", "n", "0"); err != nil {
			t.Fatal(err)
		}
		tap.RefuseNextLoading()
		if _, err := r.ExecuteCommand("INCR", "n"); err != nil {
			wtest.Errorf(t, "INCR refused with LOADING returned %s; it never ran, so it should be sent again",
				"INCR 被 LOADING 拒绝后返回了 %s；它根本没有执行，应该再发一次", wtest.Describe(err))
		}
		if n := counter(t, s, "n"); n != 1 {
			wtest.Errorf(t, "n is %d, want 1", "n 是 %d，期望 1", n)
		}
	})
}

// A timeout is still not sent again (redis-py 2.10.0).
func TestATimeoutIsStillNotSentAgain(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, Options{SocketTimeout: 300 * time.Millisecond})
		if _, err := r.ExecuteCommand("SET", "n", "0"); err != nil {
			t.Fatal(err)
		}
		stalled, err := s.Stall(2 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.ExecuteCommand("INCR", "n"); !errors.Is(err, os.ErrDeadlineExceeded) {
			wtest.Errorf(t, "INCR against a stalled server returned %s; want the timeout", "服务器卡住时 INCR 返回了 %s；期望超时错误", wtest.Describe(err))
		}
		<-stalled
		if n := settled(t, s, "n"); n != 1 {
			wtest.Errorf(t, "n is %d after a timed-out INCR, want 1", "INCR 超时之后 n 是 %d，期望 1", n)
		}
	})
}

// The server closed the idle socket: the next command goes out on a new
// one, once (the pool's connection noticed before sending).
func TestAClosedIdleSocketStillWorks(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, tap := tapped(t, s, Options{})
		if _, err := r.ExecuteCommand("SET", "n", "0"); err != nil {
			t.Fatal(err)
		}
		if err := s.KillClients(); err != nil {
			t.Fatal(err)
		}
		tap.WaitOpen(0) // the hang-up has reached the client's socket
		if _, err := r.ExecuteCommand("INCR", "n"); err != nil {
			wtest.Errorf(t, "INCR after the server closed the idle socket: %s", "服务器关闭空闲套接字之后 INCR 出错：%s", wtest.Describe(err))
		}
		if n := counter(t, s, "n"); n != 1 {
			wtest.Errorf(t, "n is %d, want 1", "n 是 %d，期望 1", n)
		}
	})
}
