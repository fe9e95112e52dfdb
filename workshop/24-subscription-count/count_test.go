package pubsub

import (
	"testing"

	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// The count is the server's, read from each confirmation: channels and
// patterns together.
func TestTheCountIsTheServers(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newRedis(t, s)
		p := Pubsub(r, "")
		defer p.Close()
		steps := []struct {
			what  string
			do    func() (Message, error)
			first Message
			count int64
		}{
			{`Subscribe("a", "b")`, func() (Message, error) { return p.Subscribe("a", "b") }, confirm("subscribe", "a", 1), 2},
			{`Psubscribe("p*")`, func() (Message, error) { return p.Psubscribe("p*") }, confirm("psubscribe", "p*", 3), 3},
			{`Unsubscribe("a")`, func() (Message, error) { return p.Unsubscribe("a") }, confirm("unsubscribe", "a", 2), 2},
			{`Subscribe("b")`, func() (Message, error) { return p.Subscribe("b") }, confirm("subscribe", "b", 2), 2},
		}
		for _, st := range steps {
			m, err := st.do()
			if err != nil {
				wtest.Fatalf(t, "%s: %s", "%s 出错：%s", st.what, wtest.Describe(err))
			}
			wtest.Equal(t, st.what+wtest.L(" returns its first confirmation", " 返回它的第一条确认"), st.first, m)
			if got := p.SubscriptionCount(); got != st.count {
				wtest.Errorf(t, "after %s, SubscriptionCount() is %d; the server's last confirmation said %d",
					"%s 之后 SubscriptionCount() 是 %d；服务器最后一条确认说的是 %d", st.what, got, st.count)
			}
		}
	})
}

// At 0 the connection goes back to the pool, open: the next command of
// the client borrows it and reads its own reply.
func TestBackToThePoolAtZero(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newRedis(t, s)
		p := Pubsub(r, "")
		defer p.Close()
		if _, err := p.Subscribe("a"); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Psubscribe("p*"); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Unsubscribe(); err != nil {
			t.Fatal(err)
		}
		if p.Connection() == nil {
			wtest.Errorf(t, "after Unsubscribe() the PubSub gave its connection back; p* is still subscribed on it", "Unsubscribe() 之后 PubSub 就归还了连接；可 p* 还订阅在上面")
		}
		if _, err := p.Punsubscribe(); err != nil {
			t.Fatal(err)
		}
		if got := p.SubscriptionCount(); got != 0 {
			wtest.Errorf(t, "after the last PUNSUBSCRIBE, SubscriptionCount() is %d, want 0", "最后一次 PUNSUBSCRIBE 之后 SubscriptionCount() 是 %d，期望 0", got)
		}
		if p.Connection() != nil {
			wtest.Errorf(t, "at 0 the PubSub still holds its connection; give it back to the pool", "计数到 0 了，PubSub 还占着连接；应该还给连接池")
		}
		stats(t, s, r, wtest.L("at 0", "计数为 0 时"), pool.Stats{Created: 1, Available: 1})
		if _, err := r.Set("k", "v"); err != nil {
			wtest.Errorf(t, "SET on the connection given back: %s", "在归还的连接上执行 SET 出错：%s", wtest.Describe(err))
		}
		v, err := r.Get("k")
		if err != nil || string(v) != "v" {
			wtest.Errorf(t, "GET k on the connection given back returned %s, %s; want \"v\"", "在归还的连接上执行 GET k 返回了 %s，%s；期望 \"v\"", wtest.Describe(v), wtest.Describe(err))
		}
		stats(t, s, r, wtest.L("after SET and GET", "SET 和 GET 之后"), pool.Stats{Created: 1, Available: 1})
		if n := wredis.WaitClients(s, 1); n != 1 {
			wtest.Errorf(t, "the server counts %d clients, want 1", "服务器数到 %d 个客户端，期望 1 个", n)
		}
	})
}

// While anything is subscribed, the PubSub keeps its connection: the
// client's other commands borrow another one.
func TestHeldWhileSubscribed(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newRedis(t, s)
		p := Pubsub(r, "")
		defer p.Close()
		if _, err := p.Subscribe("a", "b"); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Unsubscribe("a"); err != nil {
			t.Fatal(err)
		}
		if p.Connection() == nil {
			wtest.Errorf(t, "subscribed to b, the PubSub gave its connection back", "还订阅着 b，PubSub 却归还了连接")
		}
		stats(t, s, r, wtest.L("subscribed to b", "订阅着 b 时"), pool.Stats{Created: 1, InUse: 1})
		n, err := r.Publish("b", "x")
		if err != nil || n != 1 {
			wtest.Errorf(t, "PUBLISH b returned %s, %s; want 1, one subscriber", "PUBLISH b 返回了 %s，%s；期望 1，即一个订阅者", wtest.Describe(n), wtest.Describe(err))
		}
		stats(t, s, r, wtest.L("after PUBLISH, on a second connection", "PUBLISH 用了第二个连接之后"), pool.Stats{Created: 2, InUse: 1, Available: 1})
	})
}
