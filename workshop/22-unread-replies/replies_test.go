package pipeline

import (
	"errors"
	"testing"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// The client of these tests has chapter 04's stale-socket check turned
// off: it notices bytes left in the socket before a command goes out, but
// not those the parser already read into its buffer, so it would hide the
// bug only some of the time.
var noStaleCheck = client.Options{Fixes: fixes.Without(fixes.ReconnectStaleSocket)}

// withHash is a client through a tap, and a hash x = {a: b} on the server.
func withHash(t *testing.T, s *redistest.Server) (*client.Redis, *wredis.Tap) {
	t.Helper()
	r, tap := tapped(t, s, noStaleCheck)
	if _, err := r.Hmset("x", map[string]any{"a": "b"}); err != nil {
		wtest.Fatalf(t, "HMSET x: %s", "HMSET x 出错：%s", wtest.Describe(err))
	}
	return r, tap
}

// LLEN on a hash is an error reply (WRONGTYPE); EXPIRE after it succeeds.
// The pipeline's connection then goes back to the pool, and the next
// command on it must read its own reply, not EXPIRE's.
func TestTheNextCommandReadsItsOwnReply(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := withHash(t, s)
		p := New(r, false)
		p.Llen("x")
		p.Expire("x", 100)
		if _, err := p.Execute(); !errors.Is(err, exceptions.ErrResponse) {
			wtest.Errorf(t, "Execute returned %s; want LLEN's WRONGTYPE ResponseError", "Execute 返回了 %s；期望 LLEN 的 WRONGTYPE ResponseError", wtest.Describe(err))
		}
		h, err := r.Hgetall("x")
		if err != nil {
			wtest.Fatalf(t, "HGETALL x after the pipeline returned %s.\nIt read a reply that was not its own: the reply to EXPIRE, left unread on the pooled connection.",
				"管道之后的 HGETALL x 返回了 %s。\n它读到的不是自己的回复，而是 EXPIRE 的回复：那个回复没人读，留在了归还给连接池的连接上。", wtest.Describe(err))
		}
		wtest.Equal(t, "HGETALL x", map[string][]byte{"a": []byte("b")}, h)
		if v, err := r.Ping(); err != nil || !v {
			wtest.Errorf(t, "PING after it: %s, %s; want true", "之后的 PING：%s，%s；期望 true", wtest.Describe(v), wtest.Describe(err))
		}
	})
}

// Each command's error stays in its place, and the commands after it have
// their results: the server ran them all.
func TestEveryErrorInItsPlace(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := withHash(t, s)
		p := New(r, false)
		llen := p.Llen("x")
		expire := p.Expire("x", 100)
		results, err := p.Execute()
		if !errors.Is(err, exceptions.ErrResponse) {
			wtest.Errorf(t, "Execute returned %s; want LLEN's WRONGTYPE ResponseError, as 2.4.6 raised it", "Execute 返回了 %s；期望 LLEN 的 WRONGTYPE ResponseError，和 2.4.6 抛出的一样", wtest.Describe(err))
		}
		if len(results) != 2 {
			wtest.Fatalf(t, "Execute returned %d results, %s; want 2, one per command: the error in LLEN's place, then EXPIRE's true",
				"Execute 返回了 %d 个结果，%s；期望 2 个，每条命令一个：LLEN 的位置上是错误，然后是 EXPIRE 的 true", len(results), wtest.Describe(results))
		}
		if e, ok := results[0].(error); !ok || !errors.Is(e, exceptions.ErrResponse) {
			wtest.Errorf(t, "results[0] is %s; want LLEN's ResponseError, as a value", "results[0] 是 %s；期望 LLEN 的 ResponseError，作为一个值", wtest.Describe(results[0]))
		}
		wtest.Equal(t, "results[1], EXPIRE's", true, results[1])
		if !errors.Is(llen.Err(), exceptions.ErrResponse) {
			wtest.Errorf(t, "LLEN's Result holds %s; want the WRONGTYPE ResponseError", "LLEN 的 Result 是 %s；期望 WRONGTYPE ResponseError", wtest.Describe(llen.Err()))
		}
		v, err := expire.Result()
		if err != nil {
			wtest.Errorf(t, "EXPIRE's Result holds %s; the server ran it, and answered :1", "EXPIRE 的 Result 是 %s；服务器已经执行了它，回复是 :1", wtest.Describe(err))
		}
		wtest.Equal(t, "EXPIRE's Result", true, v)

		// raise_on_error=False (2.7.0): the errors only in their places.
		p = New(r, false)
		p.Llen("x")
		p.Ping()
		results, err = p.ExecuteWith(ExecuteOptions{RaiseOnError: false})
		if err != nil {
			wtest.Errorf(t, "ExecuteWith(RaiseOnError: false) returned %s; want no error, each one in its place", "ExecuteWith(RaiseOnError: false) 返回了 %s；期望不返回错误，每个错误放在各自的位置上", wtest.Describe(err))
		}
		if len(results) == 2 {
			wtest.Equal(t, "results[1], PING's", true, results[1])
		}
	})
}

// A pipeline without errors reads every reply through its callback.
func TestAPipelineWithoutErrors(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, noStaleCheck)
		p := New(r, false)
		p.Set("n", 1)
		p.Incr("n", 2)
		p.Get("n")
		results, err := p.Execute()
		if err != nil {
			wtest.Fatalf(t, "Execute: %s", "Execute 出错：%s", wtest.Describe(err))
		}
		wtest.Equal(t, "Execute's results", []any{true, int64(3), []byte("3")}, results)
	})
}

// A connection that breaks in the middle is not a reply: the reading
// stops, the socket is gone, and the error says what may have run.
func TestABrokenConnectionStillEndsTheReading(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, tap := tapped(t, s, noStaleCheck)
		if _, err := r.Set("n", 0); err != nil {
			t.Fatal(err)
		}
		tap.LoseNextReply()
		p := New(r, false)
		p.Incr("n", 1)
		_, err := p.Execute()
		var lost *LostRepliesError
		if !errors.As(err, &lost) {
			wtest.Errorf(t, "Execute, its reply lost, returned %s; want the LostRepliesError: a broken connection is no command's reply",
				"回复丢失后 Execute 返回了 %s；期望 LostRepliesError：连接断了，这不是任何一条命令的回复", wtest.Describe(err))
		}
		if v, err := r.Get("n"); err != nil || string(v) != "1" {
			wtest.Errorf(t, "n is %s, %s after the pipeline; want 1: it ran once, and is not sent again", "管道之后 n 是 %s，%s；期望 1：执行了一次，不会再发", wtest.Describe(v), wtest.Describe(err))
		}
	})
}
