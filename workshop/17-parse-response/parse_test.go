package client

import (
	"errors"
	"testing"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

func run(t *testing.T, r *Redis, args ...any) any {
	t.Helper()
	v, err := r.ExecuteCommand(args...)
	if err != nil {
		wtest.Fatalf(t, "%v: %s", "%v 出错：%s", args, wtest.Describe(err))
	}
	return v
}

// The replies after 2.4.6's callbacks: SET's "OK" is true, EXISTS's
// integer a bool, HGETALL's flat list a map.
func TestCallbacksShapeTheReplies(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, Options{})
		wtest.Equal(t, "SET k v (callback: \"OK\" is True)", true, run(t, r, "SET", "k", "v"))
		wtest.Equal(t, "EXISTS k (callback: bool)", true, run(t, r, "EXISTS", "k"))
		run(t, r, "HSET", "h", "f", "1")
		wtest.Equal(t, "HGETALL h (callback: pairs to a dict)", map[string][]byte{"f": []byte("1")}, run(t, r, "HGETALL", "h"))
	})
}

// Options travel to the callback untouched: withscores makes ZRANGE's
// flat list into (member, score) pairs.
func TestACallbackGetsTheOptions(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, Options{})
		run(t, r, "ZADD", "z", "1.5", "a")
		v, err := r.ExecuteCommandWith(CommandOptions{WithScores: true}, "ZRANGE", "z", "0", "-1", "WITHSCORES")
		if err != nil {
			t.Fatal(err)
		}
		if _, flat := v.([]any); flat {
			wtest.Errorf(t, "ZRANGE ... WITHSCORES with WithScores gave the parser's flat list %s: the callback did not run, or did not get the options",
				"带 WithScores 的 ZRANGE ... WITHSCORES 得到的是解析器给的扁平列表 %s：回调没有运行，或者没拿到选项", wtest.Describe(v))
		}
	})
}

// A callback that cannot read the reply: its error is the command's.
func TestACallbacksErrorIsReturned(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, Options{})
		r.SetResponseCallback("GET", func(any, CommandOptions) (any, error) { return nil, errors.New("cannot read that") })
		_, err := r.ExecuteCommand("GET", "k")
		if err == nil || err.Error() != "cannot read that" {
			wtest.Errorf(t, "GET with a callback that fails returned %s; want the callback's error", "回调失败时 GET 返回了 %s；期望回调的错误", wtest.Describe(err))
		}
	})
}

// No callback, no change; and an error reply skips the callback. (A
// ParseResponse that runs a callback for every command would pass the
// tests above; this stops it.)
func TestNoCallbackNoChange(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, Options{})
		run(t, r, "SET", "k", "v")
		wtest.Equal(t, "GET k (no callback in 2.4.6)", []byte("v"), run(t, r, "GET", "k"))
		called := false
		r.SetResponseCallback("LPUSH", func(v any, _ CommandOptions) (any, error) { called = true; return v, nil })
		if _, err := r.ExecuteCommand("LPUSH", "k", "x"); !errors.Is(err, exceptions.ErrResponse) {
			wtest.Errorf(t, "LPUSH on a string returned %s; want the server's ResponseError", "对字符串执行 LPUSH 返回了 %s；期望服务器的 ResponseError", wtest.Describe(err))
		}
		if called {
			wtest.Errorf(t, "the LPUSH callback ran on an error reply: an error goes to the caller as it is", "错误回复也跑了 LPUSH 的回调：错误应该原样交给调用方")
		}
	})
}
