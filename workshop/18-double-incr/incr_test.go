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

// The server is busy for two seconds; the client waits 300ms for each reply.
// The INCR reached the server and will run once the server is free.
func TestATimedOutIncrRunsOnce(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, tap := tapped(t, s, Options{SocketTimeout: 300 * time.Millisecond})
		if _, err := r.ExecuteCommand("SET", "n", "0"); err != nil {
			t.Fatal(err)
		}
		stalled, err := s.Stall(2 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.ExecuteCommand("INCR", "n")
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			wtest.Errorf(t, "INCR against a stalled server returned %s; want the timeout, returned to the caller",
				"服务器卡住时 INCR 返回了 %s；期望把超时错误交给调用方", wtest.Describe(err))
		}
		<-stalled
		if n := settled(t, s, "n"); n != 1 {
			wtest.Errorf(t, "n is %d after one INCR: the client sent it again after the timeout, and the server ran both.\n%d connections went through the tap.",
				"执行一次 INCR 之后 n 是 %d：客户端在超时之后又发了一次，服务器两次都执行了。\n经过代理的连接有 %d 个。", n, tap.Links())
		}
	})
}

// LOADING: the server refused the command without running it, so it is
// sent again and runs once. (Never sending anything twice would pass the
// test above; this stops it.)
func TestLoadingIsSentAgain(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, tap := tapped(t, s, Options{})
		if _, err := r.ExecuteCommand("SET", "n", "0"); err != nil {
			t.Fatal(err)
		}
		tap.RefuseNextLoading()
		v, err := r.ExecuteCommand("INCR", "n")
		if err != nil {
			wtest.Errorf(t, "INCR refused with LOADING returned %s; it never ran, so it should have been sent again, on a new socket",
				"INCR 被 LOADING 拒绝后返回了 %s；它根本没有执行，应该在新套接字上再发一次", wtest.Describe(err))
		} else {
			wtest.Equal(t, "INCR n", int64(1), v)
		}
		if n := counter(t, s, "n"); n != 1 {
			wtest.Errorf(t, "n is %d, want 1", "n 是 %d，期望 1", n)
		}
	})
}

// An error reply is an answer: sending again would get the same.
func TestAnErrorReplyIsNotSentAgain(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, tap := tapped(t, s, Options{})
		if _, err := r.ExecuteCommand("SET", "k", "v"); err != nil {
			t.Fatal(err)
		}
		if _, err := r.ExecuteCommand("LPUSH", "k", "x"); !errors.Is(err, exceptions.ErrResponse) {
			wtest.Errorf(t, "LPUSH on a string returned %s; want the server's ResponseError", "对字符串执行 LPUSH 返回了 %s；期望服务器的 ResponseError", wtest.Describe(err))
		}
		if n := tap.Links(); n != 1 {
			wtest.Errorf(t, "%d connections went through the tap, want 1", "经过代理的连接有 %d 个，期望 1 个", n)
		}
	})
}
