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

// Three executes, one after the other, on one client: each borrows a
// connection, and must give it back, so that the next borrows the same
// one. With an error or without.
func TestEveryExecuteGivesItsConnectionBack(t *testing.T) {
	runs := []struct {
		name string
		run  func(t *testing.T, r *client.Redis)
	}{
		{"transaction", func(t *testing.T, r *client.Redis) {
			p := New(r, true)
			p.Set("a", 1)
			incr := p.Incr("a", 1)
			if _, err := p.Execute(); err != nil {
				wtest.Errorf(t, "Execute: %s", "Execute 出错：%s", wtest.Describe(err))
			}
			wtest.Equal(t, "INCR a", int64(2), incr.Val())
		}},
		{"no transaction, an error reply", func(t *testing.T, r *client.Redis) {
			p := New(r, false)
			p.Set("a", 1)
			p.Lpush("a", 2) // WRONGTYPE: a is a string
			if _, err := p.Execute(); !errors.Is(err, exceptions.ErrResponse) {
				wtest.Errorf(t, "Execute returned %s; want LPUSH's WRONGTYPE ResponseError", "Execute 返回了 %s；期望 LPUSH 的 WRONGTYPE ResponseError", wtest.Describe(err))
			}
		}},
		{"transaction, an error inside EXEC", func(t *testing.T, r *client.Redis) {
			p := New(r, true)
			p.Set("a", 1)
			lpush := p.Lpush("a", 2)
			if _, err := p.Execute(); err != nil {
				wtest.Errorf(t, "Execute: %s (in a transaction, the error is a value in its place)", "Execute 出错：%s（在事务里，错误是结果里它那个位置上的值）", wtest.Describe(err))
			}
			if !errors.Is(lpush.Err(), exceptions.ErrResponse) {
				wtest.Errorf(t, "LPUSH's Result holds %s; want the WRONGTYPE ResponseError", "LPUSH 的 Result 是 %s；期望 WRONGTYPE ResponseError", wtest.Describe(lpush.Err()))
			}
		}},
	}
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, run := range runs {
			t.Run(run.name, func(t *testing.T) {
				r, tap := tapped(t, s, client.Options{})
				for i := 0; i < 3; i++ {
					run.run(t, r)
				}
				stats(t, s, r, wtest.L("after three executes", "三次 execute 之后"), pool.Stats{Created: 1, Available: 1})
				if n := tap.Links(); n != 1 {
					wtest.Errorf(t, "%d connections were made for three executes; one is enough when each gives it back", "三次 execute 建立了 %d 个连接；每次都归还的话，一个就够了", n)
				}
				if n := wredis.WaitClients(s, 1); n != 1 {
					wtest.Errorf(t, "the server counts %d clients, want 1", "服务器数到 %d 个客户端，期望 1 个", n)
				}
			})
		}
	})
}

// A pipeline that WATCHes keeps its connection until Execute or Reset:
// the WATCH lives on that connection. Then it goes back. (This worked in
// 2.4.6 already; it must still work when you are done.)
func TestAWatchedPipelineGivesItsConnectionBack(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r, tap := tapped(t, s, client.Options{})
		for i := 0; i < 3; i++ {
			p := New(r, true)
			if _, err := p.Watch("a"); err != nil {
				wtest.Fatalf(t, "WATCH a: %s", "WATCH a 出错：%s", wtest.Describe(err))
			}
			if !stats(t, s, r, wtest.L("while watching", "WATCH 期间"), pool.Stats{Created: 1, InUse: 1}) {
				return
			}
			if err := p.Multi(); err != nil {
				wtest.Fatalf(t, "Multi: %s", "Multi 出错：%s", wtest.Describe(err))
			}
			p.Set("a", i)
			got, err := p.Execute()
			if err != nil {
				wtest.Fatalf(t, "Execute: %s", "Execute 出错：%s", wtest.Describe(err))
			}
			wtest.Equal(t, "Execute's results", []any{true}, got)
			if !stats(t, s, r, wtest.L("after a watched execute", "WATCH 之后的 execute 结束后"), pool.Stats{Created: 1, Available: 1}) {
				return
			}
		}
		// Reset without Execute gives the watched connection back too.
		p := New(r, true)
		if _, err := p.Watch("a"); err != nil {
			wtest.Fatalf(t, "WATCH a: %s", "WATCH a 出错：%s", wtest.Describe(err))
		}
		if err := p.Reset(); err != nil {
			wtest.Fatalf(t, "Reset: %s", "Reset 出错：%s", wtest.Describe(err))
		}
		stats(t, s, r, wtest.L("after Reset", "Reset 之后"), pool.Stats{Created: 1, Available: 1})
		if n := tap.Links(); n != 1 {
			wtest.Errorf(t, "%d connections were made, want 1", "建立了 %d 个连接，期望 1 个", n)
		}
	})
}
