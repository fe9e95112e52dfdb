package pubsub

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// subscribeWithin is Subscribe under a deadline.
func subscribeWithin(t *testing.T, p *PubSub, channel string) (err error) {
	t.Helper()
	wtest.Within(t, watchdog, "Close the PubSub, or look for a loop that never ends.", "关闭 PubSub，或者找找哪里有一个停不下来的循环。", func() {
		_, err = p.Subscribe(channel)
	})
	return err
}

// A server that is down, or one that accepts and hangs up at once: one
// ConnectionError, after one reconnect, and no recursion.
func TestSubscribeToServerThatIsDown(t *testing.T) {
	t.Run("refused", func(t *testing.T) {
		port := downPort(t)
		r := client.NewRedis(client.Options{Host: "127.0.0.1", Port: port})
		p := Pubsub(r, "")
		err := subscribeWithin(t, p, "news")
		want := "Error 111 connecting 127.0.0.1:" + strconv.Itoa(port) + ". Connection refused."
		if !errors.Is(err, exceptions.ErrConnection) || err.Error() != want {
			wtest.Errorf(t, "Subscribe to a refused port returned %s; want the ConnectionError %q, once",
				"订阅一个拒绝连接的端口，返回了 %s；期望一个 ConnectionError %q，只一个", wtest.Describe(err), want)
		}
		stats(t, nil, r, wtest.L("after the failed Subscribe", "Subscribe 失败之后"), pool.Stats{Created: 1, InUse: 1})
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		stats(t, nil, r, wtest.L("after Close", "Close 之后"), pool.Stats{Created: 1, Available: 1})
	})
	t.Run("hangs up", func(t *testing.T) {
		f, err := redistest.NewFake(redistest.HangUp)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r := client.NewRedis(client.Options{Host: f.Host, Port: f.Port})
		p := Pubsub(r, "")
		defer p.Close()
		err = subscribeWithin(t, p, "news")
		if !errors.Is(err, exceptions.ErrConnection) {
			wtest.Errorf(t, "Subscribe to a server that hangs up returned %s; want a ConnectionError", "订阅一个一连上就挂断的服务器，返回了 %s；期望 ConnectionError", wtest.Describe(err))
		}
		// The first connect, and the one reconnect.
		deadline := time.Now().Add(watchdog)
		for f.Accepted() < 2 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond) // a third would come now
		if n := f.Accepted(); n != 2 {
			wtest.Errorf(t, "the server accepted %d connections; want 2: the first, and one reconnect", "服务器接受了 %d 个连接；期望 2 个：第一次，加一次重连", n)
		}
	})
}

// The pool's Disconnect closes the PubSub's socket while it is subscribed,
// with no error to see. The next command must find the socket closed and
// subscribe the new one to "a" again before it goes out.
func TestResubscribeAfterDisconnect(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newRedis(t, s)
		p := Pubsub(r, "")
		defer p.Close()
		if _, err := p.Subscribe("a"); err != nil {
			t.Fatal(err)
		}
		if err := r.ConnectionPool.Disconnect(); err != nil {
			t.Fatal(err)
		}
		if n := wredis.WaitClients(s, 0); n != 0 {
			t.Fatalf("the server still counts %d clients", n)
		}
		var m Message
		var err error
		wtest.Within(t, watchdog, "", "", func() { m, err = p.Subscribe("b") })
		if err != nil {
			wtest.Fatalf(t, "Subscribe(\"b\") after the pool's Disconnect returned %s", "连接池 Disconnect 之后，Subscribe(\"b\") 返回了 %s", wtest.Describe(err))
		}
		wtest.Equal(t, "Subscribe(\"b\")'s confirmation: a again, then b", confirm("subscribe", "b", 2), m)
		n, err := r.Publish("a", "x")
		if err != nil || n != 1 {
			wtest.Errorf(t, "PUBLISH a returned %s, %s; want 1, one subscriber: the new socket must be subscribed to a again",
				"PUBLISH a 返回了 %s，%s；期望 1，即一个订阅者：新的套接字必须重新订阅 a", wtest.Describe(n), wtest.Describe(err))
		}
	})
}

// The server restarts under a subscribed PubSub: the next command
// reconnects, subscribes the new socket to every channel and pattern, and
// goes out again. (2.4.6 did this too, once the server was back.)
func TestResubscribeAfterRestart(t *testing.T) {
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
		if err := s.Restart(); err != nil {
			t.Fatal(err)
		}
		var m Message
		var err error
		wtest.Within(t, watchdog, "", "", func() { m, err = p.Subscribe("b") })
		if err != nil {
			wtest.Fatalf(t, "Subscribe(\"b\") after a restart returned %s", "服务器重启之后，Subscribe(\"b\") 返回了 %s", wtest.Describe(err))
		}
		wtest.Equal(t, "Subscribe(\"b\")'s confirmation: a and p* again, then b", confirm("subscribe", "b", 3), m)
		for _, ch := range []string{"a", "b", "px"} {
			n, err := r.Publish(ch, "after "+ch)
			if err != nil || n != 1 {
				wtest.Errorf(t, "PUBLISH %s returned %s, %s; want 1, one subscriber", "PUBLISH %s 返回了 %s，%s；期望 1，即一个订阅者", ch, wtest.Describe(n), wtest.Describe(err))
			}
		}
	})
}
