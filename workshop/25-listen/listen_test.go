package pubsub

import (
	"errors"
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// Messages come in the order they were published, one per turn of the
// loop, from channels and from patterns.
func TestMessagesInOrder(t *testing.T) {
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
		for _, pub := range [][2]string{{"a", "1"}, {"pa", "2"}, {"a", "3"}} {
			if _, err := r.Publish(pub[0], pub[1]); err != nil {
				t.Fatal(err)
			}
			settle(s)
		}
		got, errs := collect(t, p, 3)
		want := []Message{msg("message", "a", "1"), {Type: "pmessage", Pattern: []byte("p*"), Channel: []byte("pa"), Data: []byte("2")}, msg("message", "a", "3")}
		equalMessages(t, "what Listen yielded", want, got)
		if len(errs) > 0 {
			wtest.Errorf(t, "Listen yielded errors: %s", "Listen 给出了错误：%s", wtest.Describe(errs[0]))
		}
	})
}

// The loop unsubscribes when it reads "stop": the count is 0, and the
// loop ends after the messages published before the UNSUBSCRIBE.
func TestEndsOnUnsubscribe(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newRedis(t, s)
		p := Pubsub(r, "")
		defer p.Close()
		if _, err := p.Subscribe("a"); err != nil {
			t.Fatal(err)
		}
		for _, m := range []string{"one", "stop", "after stop"} {
			if _, err := r.Publish("a", m); err != nil {
				t.Fatal(err)
			}
		}
		settle(s)
		var got []Message
		stop := time.AfterFunc(watchdog, func() { p.Close() })
		defer stop.Stop()
		for m, err := range p.Listen() {
			if err != nil {
				wtest.Errorf(t, "Listen yielded the error %s", "Listen 给出了错误 %s", wtest.Describe(err))
				break
			}
			got = append(got, m)
			if string(m.Data) == "stop" {
				if _, err := p.Unsubscribe("a"); err != nil { // inside the loop: the same goroutine
					wtest.Errorf(t, "Unsubscribe inside the loop: %s", "在循环里 Unsubscribe 出错：%s", wtest.Describe(err))
				}
			}
		}
		equalMessages(t, "what Listen yielded before it ended", []Message{msg("message", "a", "one"), msg("message", "a", "stop"), msg("message", "a", "after stop")}, got)
		stats(t, s, r, wtest.L("after the loop", "循环结束后"), pool.Stats{Created: 2, Available: 2})
	})
}

// Close from another goroutine ends a Listen that waits for a message:
// the loop ends with no error, and nothing yielded.
func TestEndsOnClose(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newRedis(t, s)
		p := Pubsub(r, "")
		if _, err := p.Subscribe("quiet"); err != nil {
			t.Fatal(err)
		}
		type result struct {
			n    int
			errs []error
		}
		done := make(chan result, 1)
		go func() {
			var res result
			for _, err := range p.Listen() {
				res.n++
				if err != nil {
					res.errs = append(res.errs, err)
				}
			}
			done <- res
		}()
		// Wait until the listener is in its read.
		deadline := time.Now().Add(watchdog)
		for !isBusy(p) && time.Now().Before(deadline) {
			select {
			case res := <-done:
				wtest.Fatalf(t, "Listen ended at once, having yielded %d items, while subscribed to a quiet channel: it should wait for a message",
					"订阅着一个没人发布的频道，Listen 却立即结束了，给出了 %d 项：它应该等消息", res.n)
			case <-time.After(time.Millisecond):
			}
		}
		time.Sleep(20 * time.Millisecond) // into the read itself; if not yet, the read fails the same way
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		select {
		case res := <-done:
			if res.n != 0 {
				wtest.Errorf(t, "after Close, Listen yielded %d items (errors: %s); want a clean end, with nothing yielded and no error",
					"Close 之后 Listen 给出了 %d 项（错误：%s）；期望干净地结束：什么都不给，也没有错误", res.n, wtest.Describe(errors.Join(res.errs...)))
			}
		case <-time.After(watchdog):
			wtest.Fatalf(t, "Listen did not end after Close", "Close 之后 Listen 没有结束")
		}
		stats(t, s, r, wtest.L("after Close", "Close 之后"), pool.Stats{Created: 1, Available: 1})
	})
}

// The server closes the subscribed connection while Listen waits: the
// loop yields the ConnectionError once, and ends. The next command
// resubscribes, and the next Listen goes on with no second error.
func TestABrokenConnectionOnce(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newRedis(t, s)
		p := Pubsub(r, "")
		defer p.Close()
		if _, err := p.Subscribe("news"); err != nil {
			t.Fatal(err)
		}
		var errs []error
		n := 0
		done := make(chan struct{})
		go func() {
			defer close(done)
			for _, err := range p.Listen() {
				n++
				if err != nil {
					errs = append(errs, err)
				}
				if n > 3 {
					return
				}
			}
		}()
		deadline := time.Now().Add(watchdog)
		for !isBusy(p) && time.Now().Before(deadline) {
			select {
			case <-done:
				wtest.Fatalf(t, "Listen ended at once, while subscribed: it should wait for a message", "还订阅着，Listen 却立即结束了：它应该等消息")
			case <-time.After(time.Millisecond):
			}
		}
		killSubscribers(t, s)
		select {
		case <-done:
		case <-time.After(watchdog):
			p.Close()
			wtest.Fatalf(t, "Listen did not end when the server closed the connection", "服务器关闭连接后 Listen 没有结束")
		}
		if len(errs) != 1 || n != 1 || !errors.Is(errs[0], exceptions.ErrConnection) {
			wtest.Fatalf(t, "Listen yielded %d items, errors %s; want the ConnectionError once, and then the end",
				"Listen 给出了 %d 项，错误是 %s；期望只给一次 ConnectionError，然后结束", n, wtest.Describe(errors.Join(errs...)))
		}
		// The caller has had the error: the next command resubscribes
		// without reporting a gap a second time.
		if _, err := p.Subscribe("more"); err != nil {
			wtest.Fatalf(t, "Subscribe after the broken connection: %s", "连接断开后 Subscribe 出错：%s", wtest.Describe(err))
		}
		if _, err := r.Publish("news", "after"); err != nil {
			t.Fatal(err)
		}
		settle(s)
		got, gotErrs := collect(t, p, 1)
		if len(gotErrs) > 0 {
			wtest.Errorf(t, "the next Listen yielded %s first; the caller had that connection's error already",
				"下一次 Listen 先给出了 %s；调用方已经拿到过那个连接的错误了", wtest.Describe(gotErrs[0]))
		} else {
			equalMessages(t, "the next Listen's first message", []Message{msg("message", "news", "after")}, got)
		}
	})
}

// Breaking out of the loop leaves the subscriptions and the messages where
// they are: the next Listen goes on with the next message.
func TestBreakAndGoOn(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newRedis(t, s)
		p := Pubsub(r, "")
		defer p.Close()
		if _, err := p.Subscribe("a"); err != nil {
			t.Fatal(err)
		}
		for _, m := range []string{"1", "2"} {
			if _, err := r.Publish("a", m); err != nil {
				t.Fatal(err)
			}
		}
		settle(s)
		first, _ := collect(t, p, 1)
		second, _ := collect(t, p, 1)
		equalMessages(t, "two Listens of one message each", []Message{msg("message", "a", "1"), msg("message", "a", "2")}, append(first, second...))
		if p.SubscriptionCount() != 1 {
			wtest.Errorf(t, "after the break, SubscriptionCount() is %d, want 1: still subscribed", "break 之后 SubscriptionCount() 是 %d，期望 1：订阅还在", p.SubscriptionCount())
		}
	})
}
