package pipeline

import (
	"errors"
	"strings"
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

// queueRefused queues SET a 1, a SET the server refuses (too few
// arguments: an error instead of +QUEUED), and SET b 2.
func queueRefused(p *Pipeline) (a *Result[bool], refused *Result[any], b *Result[bool]) {
	return p.Set("a", 1), p.ExecuteCommand("SET", "only-a-name"), p.Set("b", 2)
}

// After the transaction, the pipeline's connection goes back to the pool,
// and the next commands on it must read their own replies, not SET b's
// QUEUED and EXEC's EXECABORT.
func TestTheNextCommandReadsItsOwnReply(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, noStaleCheck)
		p := New(r, true)
		queueRefused(p)
		if _, err := p.Execute(); err == nil {
			wtest.Errorf(t, "Execute returned no error; the server refused a command and then EXEC", "Execute 没有返回错误；服务器拒绝了一条命令，接着也拒绝了 EXEC")
		}
		if v, err := r.Ping(); err != nil || !v {
			wtest.Errorf(t, "PING after the transaction returned %s, %s; want true.\nIt read a reply that was not its own: one the transaction left unread on the pooled connection.",
				"事务之后的 PING 返回了 %s，%s；期望 true。\n它读到的不是自己的回复，而是事务没读、留在归还给连接池的连接上的回复。", wtest.Describe(v), wtest.Describe(err))
		}
		v, err := r.Get("a")
		if err != nil || v != nil {
			wtest.Errorf(t, "GET a after the transaction returned %s, %s; want nil: nothing ran, and GET reads its own reply",
				"事务之后的 GET a 返回了 %s，%s；期望 nil：什么都没执行，GET 读到的是它自己的回复", wtest.Describe(v), wtest.Describe(err))
		}
	})
}

// The refused command's Result holds its own error; the others, and
// Execute, hold EXEC's EXECABORT: nothing ran.
func TestEachRefusalInItsPlace(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, noStaleCheck)
		p := New(r, true)
		a, refused, b := queueRefused(p)
		_, err := p.Execute()
		if !errors.Is(err, exceptions.ErrResponse) || !strings.Contains(err.Error(), "EXECABORT") {
			wtest.Errorf(t, "Execute returned %s; want EXEC's EXECABORT ResponseError: the server ran nothing", "Execute 返回了 %s；期望 EXEC 的 EXECABORT ResponseError：服务器什么都没执行", wtest.Describe(err))
		}
		if e := refused.Err(); e == nil || !strings.Contains(e.Error(), "wrong number of arguments") {
			wtest.Errorf(t, "the refused SET's Result holds %s; want its own error, \"wrong number of arguments\"", "被拒绝的 SET 的 Result 是 %s；期望它自己的错误 \"wrong number of arguments\"", wtest.Describe(e))
		}
		for _, c := range []struct {
			name string
			err  error
		}{{"SET a", a.Err()}, {"SET b", b.Err()}} {
			if c.err == nil || !strings.Contains(c.err.Error(), "EXECABORT") {
				wtest.Errorf(t, "%s's Result holds %s; want EXEC's EXECABORT: it did not run", "%s 的 Result 是 %s；期望 EXEC 的 EXECABORT：它没有执行", c.name, wtest.Describe(c.err))
			}
		}
	})
}

// A transaction the server accepts whole still runs, with each result in
// its place.
func TestATransactionWithoutRefusals(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, noStaleCheck)
		p := New(r, true)
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

// A command that fails when EXEC runs it (LPUSH on a string) was queued
// fine: the others run, and its error is a value in its place.
func TestAnErrorInsideExecIsStillAValue(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, _ := tapped(t, s, noStaleCheck)
		p := New(r, true)
		p.Set("a", 1)
		p.Lpush("a", "x")
		p.Incr("a", 1)
		results, err := p.Execute()
		if err != nil {
			wtest.Errorf(t, "Execute returned %s; in a transaction a command's error is a value in its place", "Execute 返回了 %s；在事务里，命令的错误只是它那个位置上的一个值", wtest.Describe(err))
		}
		if len(results) != 3 {
			wtest.Fatalf(t, "Execute returned %s; want three results", "Execute 返回了 %s；期望三个结果", wtest.Describe(results))
		}
		if e, ok := results[1].(error); !ok || !errors.Is(e, exceptions.ErrResponse) {
			wtest.Errorf(t, "results[1] is %s; want LPUSH's WRONGTYPE ResponseError", "results[1] 是 %s；期望 LPUSH 的 WRONGTYPE ResponseError", wtest.Describe(results[1]))
		}
		wtest.Equal(t, "results[2], INCR's", int64(2), results[2])
		if v, err := r.Ping(); err != nil || !v {
			wtest.Errorf(t, "PING after it: %s, %s; want true", "之后的 PING：%s，%s；期望 true", wtest.Describe(v), wtest.Describe(err))
		}
	})
}
