package pubsub_test

// The port's fixes to 2.4.6's PubSub, each shown next to what 2.4.6 did
// (the fix turned off), on both backends where a server is involved.

import (
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/06-pubsub"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

// downPort is a loopback port nothing listens on.
func downPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	return port
}

// subscribeWithin runs Subscribe under a deadline: 2.4.6's recursion is
// bounded by a depth counter, and this makes sure of it.
func subscribeWithin(t *testing.T, p *pubsub.PubSub, channel string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := p.Subscribe(channel)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(watchdog):
		p.Close()
		t.Fatalf("Subscribe(%q) did not return within %v", channel, watchdog)
		return nil
	}
}

// Subscribing to a server that is down. 2.4.6's except clause resubscribed
// through subscribe(), which failed the same way and came back to the same
// except clause: under Python 2.7.18 it went 329 calls deep, connecting
// twice each time (657 connects), before RuntimeError: maximum recursion
// depth exceeded. Against a server that accepts and hangs up at once it
// went as deep with one connect each (329), and so did 2.4.10, whose
// explicit connect() succeeds there. The port connects once more and
// returns one ConnectionError, in both cases.
func TestSubscribeToServerThatIsDown(t *testing.T) {
	t.Run("refused", func(t *testing.T) {
		port := downPort(t)
		for _, mode := range modes(fixes.PubsubReconnectOnce) {
			t.Run(mode.name, func(t *testing.T) {
				r := client.NewRedis(client.Options{Host: "127.0.0.1", Port: port, Fixes: mode.fx})
				p := pubsub.Pubsub(r, "")
				err := subscribeWithin(t, p, "news")
				if mode.name == "port" {
					assert.ErrorIs(t, err, exceptions.ErrConnection)
					assert.EqualError(t, err, "Error 111 connecting 127.0.0.1:"+strconv.Itoa(port)+". Connection refused.")
				} else {
					assert.ErrorIs(t, err, pubsub.ErrRecursion)
				}
				assert.Equal(t, pool.Stats{Created: 1, InUse: 1}, r.ConnectionPool.Stats(), "the PubSub keeps its connection, as 2.4.6 and 2.4.10 do")
				require.NoError(t, p.Close())
				assert.Equal(t, pool.Stats{Created: 1, Available: 1}, r.ConnectionPool.Stats())
			})
		}
	})
	t.Run("hangs up", func(t *testing.T) {
		for _, mode := range modes(fixes.PubsubReconnectOnce) {
			t.Run(mode.name, func(t *testing.T) {
				f, err := redistest.NewFake(redistest.HangUp)
				require.NoError(t, err)
				defer f.Close()
				r := client.NewRedis(client.Options{Host: f.Host, Port: f.Port, Fixes: mode.fx})
				p := pubsub.Pubsub(r, "")
				defer p.Close()
				err = subscribeWithin(t, p, "news")
				want := 2 // the first connect, and the one reconnect
				if mode.name == "port" {
					assert.ErrorIs(t, err, exceptions.ErrConnection)
				} else {
					assert.ErrorIs(t, err, pubsub.ErrRecursion)
					want = 329 // one per level, as Python's 329
				}
				assert.Eventually(t, func() bool { return f.Accepted() == want }, watchdog, 5*time.Millisecond,
					"accepted %d, want %d", f.Accepted(), want)
			})
		}
	})
}

// The server restarts under a subscribed PubSub. The next command finds
// the socket closed and does what 2.4.6 does: reconnect, resubscribe to
// every channel and pattern, and send the command again. With the fix off
// that works too, once the server is back: the recursion only runs away
// while it is down.
func TestResubscribeAfterRestart(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, mode := range modes(fixes.PubsubReconnectOnce) {
			t.Run(mode.name, func(t *testing.T) {
				r := newRedis(t, s, mode.fx)
				p := pubsub.Pubsub(r, "")
				defer p.Close()
				_, err := p.Subscribe("a")
				require.NoError(t, err)
				_, err = p.Psubscribe("p*")
				require.NoError(t, err)
				require.NoError(t, s.Restart())
				m, err := p.Subscribe("b")
				require.NoError(t, err)
				assert.Equal(t, confirm("subscribe", "b", 3), m, "a and p* again, then b")
				for _, ch := range []string{"a", "b", "px"} {
					n, err := r.Publish(ch, "after "+ch)
					require.NoError(t, err)
					assert.Equal(t, int64(1), n, "%s: subscribed on the new socket", ch)
				}
			})
		}
	})
}

// The pool's Disconnect closes the PubSub's socket while it sits
// subscribed, with no error to see. 2.4.6 sent the next command on a new
// socket, lazily connected and subscribed to nothing: 'a' was gone while
// self.channels still named it (Python: publish a -> 0). The port
// resubscribes first.
func TestResubscribeAfterDisconnect(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, mode := range modes(fixes.PubsubReconnectOnce) {
			t.Run(mode.name, func(t *testing.T) {
				r := newRedis(t, s, mode.fx)
				p := pubsub.Pubsub(r, "")
				defer p.Close()
				_, err := p.Subscribe("a")
				require.NoError(t, err)
				require.NoError(t, r.ConnectionPool.Disconnect())
				_, err = s.WaitClients(0) // the server has seen the socket go, and its subscription with it
				require.NoError(t, err)
				m, err := p.Subscribe("b")
				require.NoError(t, err)
				n, err := r.Publish("a", "x")
				require.NoError(t, err)
				if mode.name == "port" {
					assert.Equal(t, confirm("subscribe", "b", 2), m)
					assert.Equal(t, int64(1), n)
				} else {
					assert.Equal(t, confirm("subscribe", "b", 1), m)
					assert.Equal(t, int64(0), n, "2.4.6: nobody listens on 'a' any more")
					assert.Equal(t, []string{"a", "b"}, p.Channels(), "and the PubSub does not know")
				}
			})
		}
	})
}

// Every command reads all of its own replies. 2.4.6 read one reply per
// command, whatever it answered, and went out of step (Python 2.7.18):
//
//	sub a,b     -> ['subscribe', 'a', 1L]
//	unsub a,b   -> ['subscribe', 'b', 2L]
//	sub c       -> ['unsubscribe', 'a', 1L]
//	sub d       -> ['unsubscribe', 'b', 0L]   count 0: the connection goes back to the pool
//	get x       -> ['subscribe', 'c', 1L]     the next borrower reads a confirmation as its value
//
// (Python unsubscribed with unsubscribe(), whose two confirmations come in
// the server's order; here the channels are named.) The 2.4.6 side turns
// chapter 04's stale-socket check off too, as 2.4.6 had none: it catches
// the confirmations still in the socket when GET borrows the connection,
// but not those the parser has already buffered, so whether GET reads one
// would depend on how the bytes arrived.
func TestRepliesInStep(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, mode := range modes(fixes.PubsubRepliesInStep, fixes.ReconnectStaleSocket) {
			t.Run(mode.name, func(t *testing.T) {
				r := newRedis(t, s, mode.fx)
				_, err := r.Set("x", "the value of x")
				require.NoError(t, err)
				p := pubsub.Pubsub(r, "")
				defer p.Close()
				results := []pubsub.Message{}
				for _, step := range []func() (pubsub.Message, error){
					func() (pubsub.Message, error) { return p.Subscribe("a", "b") },
					func() (pubsub.Message, error) { return p.Unsubscribe("a", "b") },
					func() (pubsub.Message, error) { return p.Subscribe("c") },
					func() (pubsub.Message, error) { return p.Subscribe("d") },
				} {
					m, err := step()
					require.NoError(t, err)
					results = append(results, m)
				}
				got, err := r.ExecuteCommand("GET", "x")
				require.NoError(t, err)
				if mode.name == "port" {
					assert.Equal(t, []pubsub.Message{
						confirm("subscribe", "a", 1), confirm("unsubscribe", "a", 1),
						confirm("subscribe", "c", 1), confirm("subscribe", "d", 2),
					}, results)
					assert.Equal(t, int64(2), p.SubscriptionCount())
					assert.Equal(t, pool.Stats{Created: 2, Available: 1, InUse: 1}, r.ConnectionPool.Stats(), "the PubSub keeps its subscribed connection")
					assert.Equal(t, []byte("the value of x"), got)
				} else {
					assert.Equal(t, []pubsub.Message{
						confirm("subscribe", "a", 1), confirm("subscribe", "b", 2),
						confirm("unsubscribe", "a", 1), confirm("unsubscribe", "b", 0),
					}, results)
					assert.Nil(t, p.Connection(), "released at a count of 0, still subscribed to c and d")
					assert.Equal(t, []any{[]byte("subscribe"), []byte("c"), int64(1)}, got, "GET read a confirmation")
				}
			})
		}
	})
}

// A message published just before a command is read before that
// command's confirmation. 2.4.6 returned it as subscribe()'s result and
// listen() yielded the confirmation; the port keeps it for Listen and
// returns the confirmation (Python: sub b -> ['message', 'a', 'first'];
// listen -> {'type': 'subscribe', 'channel': 'b', 'data': 2L}).
func TestMessageBeforeConfirmation(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, mode := range modes(fixes.PubsubRepliesInStep) {
			t.Run(mode.name, func(t *testing.T) {
				r := newRedis(t, s, mode.fx)
				p := pubsub.Pubsub(r, "")
				defer p.Close()
				_, err := p.Subscribe("a")
				require.NoError(t, err)
				_, err = r.Publish("a", "first")
				require.NoError(t, err)
				settle(s)
				m, err := p.Subscribe("b")
				require.NoError(t, err)
				next, err := first(t, p)
				require.NoError(t, err)
				if mode.name == "port" {
					assert.Equal(t, confirm("subscribe", "b", 2), m)
					assert.Equal(t, msg("message", "a", "first"), next)
				} else {
					assert.Equal(t, msg("message", "a", "first"), m, "2.4.6: the message as subscribe's result")
					assert.Equal(t, confirm("subscribe", "b", 2), next)
				}
			})
		}
	})
}

// The subscribed connection is lost, and the next command finds out:
// reconnect, resubscribe, send again, as 2.4.6 does. What was published
// in between went to nobody. 2.4.6 said nothing; the port's Listen
// returns a ConnectionError once, where the gap is, then goes on.
func TestGapIsReported(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, mode := range modes(fixes.PubsubGapReported) {
			t.Run(mode.name, func(t *testing.T) {
				r := newRedis(t, s, mode.fx)
				p := pubsub.Pubsub(r, "")
				defer p.Close()
				_, err := p.Subscribe("news")
				require.NoError(t, err)
				_, err = s.WaitClients(1)
				require.NoError(t, err)
				killSubscribers(t, s)
				_, err = s.WaitClients(0)
				require.NoError(t, err)
				n, err := r.Publish("news", "lost")
				require.NoError(t, err)
				assert.Equal(t, int64(0), n, "nobody is subscribed while the PubSub has no socket")
				m, err := p.Subscribe("weather")
				require.NoError(t, err, "2.4.6's reconnect: news again, then weather")
				assert.Equal(t, confirm("subscribe", "weather", 2), m)
				_, err = r.Publish("news", "after")
				require.NoError(t, err)
				next, err := first(t, p)
				if mode.name == "port" {
					assert.ErrorIs(t, err, exceptions.ErrConnection)
					assert.EqualError(t, err, "Connection lost while subscribed: resubscribed on a new connection; messages published in between were not received")
					next, err = first(t, p)
				}
				require.NoError(t, err)
				assert.Equal(t, msg("message", "news", "after"), next)
			})
		}
	})
}

// PUBLISH through the PubSub (not subscribed), and its reply is lost after
// the server ran it. 2.4.6 resent every command after a ConnectionError,
// and the subscriber got the message twice; the port follows chapter 04's
// rule and returns the error.
func TestPublishIsNotResent(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, mode := range modes(fixes.AtMostOnce) {
			t.Run(mode.name, func(t *testing.T) {
				listener := pubsub.Pubsub(newRedis(t, s, fixes.Set{}), "")
				defer listener.Close()
				_, err := listener.Subscribe("a")
				require.NoError(t, err)
				proxy, err := redistest.NewProxy(s.Addr())
				require.NoError(t, err)
				defer proxy.Close()
				r := client.NewRedis(client.Options{Host: proxy.Host, Port: proxy.Port, Fixes: mode.fx})
				defer r.ConnectionPool.Disconnect()
				p := pubsub.Pubsub(r, "")
				defer p.Close()
				proxy.Next(redistest.DropReply)
				_, err = p.ExecuteCommand("PUBLISH", "a", "once")
				if mode.name == "port" {
					assert.ErrorIs(t, err, exceptions.ErrConnection)
				} else {
					require.NoError(t, err)
				}
				_, err = r.Publish("a", "end") // a marker: everything before it has arrived
				require.NoError(t, err)
				var got []string
				for m, err := range listener.Listen() {
					require.NoError(t, err)
					if string(m.Data) == "end" {
						break
					}
					got = append(got, string(m.Data))
				}
				if mode.name == "port" {
					assert.Equal(t, []string{"once"}, got)
				} else {
					assert.Equal(t, []string{"once", "once"}, got, "2.4.6: published twice")
				}
			})
		}
	})
}
