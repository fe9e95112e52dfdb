package pipeline

import (
	"errors"
	"testing"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// Every result of a transaction is what chapter 04's method returns: the
// reply after its command's callback.
func TestEachReplyThroughItsCallback(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, client.Options{})
		p := New(r, true)
		set := p.Set("a", 1)
		incr := p.Incr("a", 1)
		p.Get("a")
		p.Hmset("h", map[string]any{"f": "v"})
		hgetall := p.Hgetall("h")
		p.Exists("nothing")
		results, err := p.Execute()
		if err != nil {
			wtest.Fatalf(t, "Execute: %s", "Execute 出错：%s", wtest.Describe(err))
		}
		wtest.Equal(t, "Execute's results", []any{true, int64(2), []byte("2"), true, map[string][]byte{"f": []byte("v")}, false}, results)
		v, err := set.Result()
		if err != nil || !v {
			wtest.Errorf(t, "SET's Result is %s, %s; want true", "SET 的 Result 是 %s，%s；期望 true", wtest.Describe(v), wtest.Describe(err))
		}
		n, err := incr.Result()
		if err != nil || n != 2 {
			wtest.Errorf(t, "INCR's Result is %s, %s; want 2", "INCR 的 Result 是 %s，%s；期望 2", wtest.Describe(n), wtest.Describe(err))
		}
		h, err := hgetall.Result()
		if err != nil {
			wtest.Errorf(t, "HGETALL's Result holds %s", "HGETALL 的 Result 出错：%s", wtest.Describe(err))
		}
		wtest.Equal(t, "HGETALL's Result", map[string][]byte{"f": []byte("v")}, h)
	})
}

// A watched key changed between WATCH and EXEC: the server ran nothing,
// and Execute says so with a WatchError.
func TestAWatchedKeyChanged(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, client.Options{})
		if _, err := r.Set("a", 1); err != nil {
			t.Fatal(err)
		}
		p := New(r, true)
		if _, err := p.Watch("a"); err != nil {
			wtest.Fatalf(t, "WATCH a: %s", "WATCH a 出错：%s", wtest.Describe(err))
		}
		if _, err := r.Incr("a", 1); err != nil { // another connection changes a
			t.Fatal(err)
		}
		if err := p.Multi(); err != nil {
			t.Fatal(err)
		}
		set := p.Set("a", 100)
		results, err := p.Execute()
		if !errors.Is(err, exceptions.ErrWatch) || err.Error() != "Watched variable changed." {
			wtest.Errorf(t, "Execute after a watched key changed returned %s, %s; want the WatchError \"Watched variable changed.\"",
				"被 WATCH 的键变了之后，Execute 返回了 %s，%s；期望 WatchError \"Watched variable changed.\"", wtest.Describe(results), wtest.Describe(err))
		}
		if !errors.Is(set.Err(), exceptions.ErrWatch) {
			wtest.Errorf(t, "SET's Result holds %s; want the WatchError too: it did not run", "SET 的 Result 是 %s；期望也是 WatchError：它没有执行", wtest.Describe(set.Err()))
		}
		if v, err := r.Get("a"); err != nil || string(v) != "2" {
			wtest.Errorf(t, "a is %s, %s; want 2, INCR's: the transaction did not run", "a 是 %s，%s；期望 INCR 之后的 2：事务没有执行", wtest.Describe(v), wtest.Describe(err))
		}
		stats(t, s, r, wtest.L("after the transaction", "事务结束后"), pool.Stats{Created: 2, Available: 2})
	})
}

// A command that fails inside EXEC does not stop the others: the server
// ran them all, and its error is a value in its place.
func TestAnErrorInsideExecIsAValue(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, client.Options{})
		p := New(r, true)
		p.Set("a", 1)
		lpush := p.Lpush("a", "x") // WRONGTYPE, when EXEC runs it
		incr := p.Incr("a", 1)
		results, err := p.Execute()
		if err != nil {
			wtest.Errorf(t, "Execute returned %s; in a transaction a command's error is only a value in its place", "Execute 返回了 %s；在事务里，命令的错误只是它那个位置上的一个值", wtest.Describe(err))
		}
		if len(results) != 3 {
			wtest.Fatalf(t, "Execute returned %s; want three results", "Execute 返回了 %s；期望三个结果", wtest.Describe(results))
		}
		wtest.Equal(t, "results[0], SET's", true, results[0])
		if e, ok := results[1].(error); !ok || !errors.Is(e, exceptions.ErrResponse) {
			wtest.Errorf(t, "results[1] is %s; want LPUSH's WRONGTYPE ResponseError, as a value", "results[1] 是 %s；期望 LPUSH 的 WRONGTYPE ResponseError，作为一个值", wtest.Describe(results[1]))
		}
		wtest.Equal(t, "results[2], INCR's", int64(2), results[2])
		if !errors.Is(lpush.Err(), exceptions.ErrResponse) {
			wtest.Errorf(t, "LPUSH's Result holds %s; want the ResponseError", "LPUSH 的 Result 是 %s；期望 ResponseError", wtest.Describe(lpush.Err()))
		}
		if n, err := incr.Result(); err != nil || n != 2 {
			wtest.Errorf(t, "INCR's Result is %s, %s; want 2", "INCR 的 Result 是 %s，%s；期望 2", wtest.Describe(n), wtest.Describe(err))
		}
	})
}

// A command the server refuses while queueing (too few arguments) makes
// it refuse EXEC too: nothing runs (EXECABORT, since Redis 2.6.5).
func TestARefusedCommandAbortsAll(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, client.Options{})
		p := New(r, true)
		p.Set("a", 1)
		refused := p.ExecuteCommand("SET", "only-a-name")
		_, err := p.Execute()
		if !errors.Is(err, exceptions.ErrResponse) {
			wtest.Errorf(t, "Execute returned %s; want EXEC's EXECABORT ResponseError", "Execute 返回了 %s；期望 EXEC 的 EXECABORT ResponseError", wtest.Describe(err))
		}
		if !errors.Is(refused.Err(), exceptions.ErrResponse) {
			wtest.Errorf(t, "the refused SET's Result holds %s; want its own ResponseError", "被拒绝的 SET 的 Result 是 %s；期望它自己的 ResponseError", wtest.Describe(refused.Err()))
		}
		if v, err := r.Get("a"); err != nil || v != nil {
			wtest.Errorf(t, "a is %s, %s; want nil: nothing ran", "a 是 %s，%s；期望 nil：什么都没有执行", wtest.Describe(v), wtest.Describe(err))
		}
	})
}
