package pubsub_test

// How Listen ends: on the unsubscribe of the last channel, on Close from
// another goroutine, and on a broken connection, with its error once; and
// what a second goroutine gets while one is listening.

import (
	"errors"
	"os"
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

// The loop unsubscribes when it reads "stop", and ends: the count is 0.
// A message published before the UNSUBSCRIBE reached the server arrives
// before its confirmation. Python 2.7.18:
//
//	got {'type': 'message', 'channel': 'a', 'data': 'one'}
//	got {'type': 'message', 'channel': 'a', 'data': 'stop'}
//	unsubscribe -> ['message', 'a', 'after stop']
//	got {'type': 'unsubscribe', 'channel': 'a', 'data': 0L}
//	listen ended
//
// The port yields that message instead, and ends after it.
func TestListenEndsOnUnsubscribe(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, mode := range modes(fixes.PubsubRepliesInStep) {
			t.Run(mode.name, func(t *testing.T) {
				r := newRedis(t, s, mode.fx)
				p := pubsub.Pubsub(r, "")
				defer p.Close()
				_, err := p.Subscribe("a")
				require.NoError(t, err)
				for _, m := range []string{"one", "stop", "after stop"} {
					_, err := r.Publish("a", m)
					require.NoError(t, err)
				}
				settle(s)
				var got []pubsub.Message
				var unsub pubsub.Message
				stop := time.AfterFunc(watchdog, func() { p.Close() })
				defer stop.Stop()
				for m, err := range p.Listen() {
					require.NoError(t, err)
					got = append(got, m)
					if string(m.Data) == "stop" {
						unsub, err = p.Unsubscribe("a") // inside the loop: the same goroutine
						require.NoError(t, err)
					}
				}
				assert.Equal(t, int64(0), p.SubscriptionCount())
				assert.Equal(t, pool.Stats{Created: 2, Available: 2}, r.ConnectionPool.Stats(), "given back at 0")
				if mode.name == "port" {
					assert.Equal(t, confirm("unsubscribe", "a", 0), unsub)
					assert.Equal(t, []pubsub.Message{msg("message", "a", "one"), msg("message", "a", "stop"), msg("message", "a", "after stop")}, got)
				} else {
					assert.Equal(t, msg("message", "a", "after stop"), unsub)
					assert.Equal(t, []pubsub.Message{msg("message", "a", "one"), msg("message", "a", "stop"), confirm("unsubscribe", "a", 0)}, got)
				}
			})
		}
	})
}

// Close from another goroutine ends a Listen blocked on a read: the loop
// ends with no error, the connection goes back to the pool disconnected,
// and every later command returns ErrClosed.
func TestListenEndsOnClose(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newRedis(t, s, fixes.Set{})
		p := pubsub.Pubsub(r, "")
		_, err := p.Subscribe("quiet")
		require.NoError(t, err)
		type result struct {
			n   int
			err error
		}
		done := make(chan result, 1)
		go func() {
			var res result
			for _, err := range p.Listen() {
				res.n++
				res.err = err
			}
			done <- res
		}()
		// Wait until the listener is in its read: a command from this
		// goroutine now finds the PubSub busy.
		require.Eventually(t, func() bool { return pubsub.Busy(p) }, watchdog, time.Millisecond)
		_, err = p.Subscribe("other")
		assert.ErrorIs(t, err, pubsub.ErrBusy)
		time.Sleep(20 * time.Millisecond) // into the read itself; if not yet, the read fails the same way
		require.NoError(t, p.Close())
		select {
		case res := <-done:
			assert.Equal(t, result{}, res, "a clean end: nothing yielded, no error")
		case <-time.After(watchdog):
			t.Fatal("Listen did not end after Close")
		}
		assert.Equal(t, pool.Stats{Created: 1, Available: 1}, r.ConnectionPool.Stats())
		n, err := s.WaitClients(0)
		require.NoError(t, err)
		assert.Equal(t, 0, n, "disconnected before it went back")
		_, err = p.Subscribe("again")
		assert.ErrorIs(t, err, pubsub.ErrClosed)
		assert.ErrorIs(t, err, exceptions.ErrPubSub)
		for range p.Listen() {
			t.Fatal("a closed PubSub yields nothing")
		}
		assert.NoError(t, p.Close(), "a second Close does nothing")
	})
}

// The server closes the subscribed connection while Listen waits. The
// loop yields the ConnectionError once and ends (Python: listen raised
// ConnectionError Socket closed on remote end; the same generator then
// StopIteration). The port's next Listen resubscribes on a new socket and
// goes on; 2.4.6's raised the same error again.
func TestListenEndsOnBrokenConnection(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, mode := range modes(fixes.PubsubReconnectOnce) {
			t.Run(mode.name, func(t *testing.T) {
				r := newRedis(t, s, mode.fx)
				p := pubsub.Pubsub(r, "")
				defer p.Close()
				_, err := p.Subscribe("news")
				require.NoError(t, err)
				_, err = s.WaitClients(1)
				require.NoError(t, err)
				var errs []error
				done := make(chan struct{})
				go func() {
					defer close(done)
					for _, err := range p.Listen() {
						errs = append(errs, err)
					}
				}()
				require.Eventually(t, func() bool { return pubsub.Busy(p) }, watchdog, time.Millisecond)
				killSubscribers(t, s)
				select {
				case <-done:
				case <-time.After(watchdog):
					p.Close()
					t.Fatal("Listen did not end when the server closed the connection")
				}
				require.Len(t, errs, 1, "the error, once")
				assert.ErrorIs(t, errs[0], exceptions.ErrConnection)
				assert.Equal(t, int64(1), p.SubscriptionCount(), "still subscribed, as far as the PubSub knows")

				if mode.name == "port" {
					// The next Listen resubscribes first; publish until
					// someone is subscribed, and stop when it has the message.
					stop, stopped := make(chan struct{}), make(chan struct{})
					go func() {
						defer close(stopped)
						for {
							if n, err := r.Publish("news", "after"); err == nil && n > 0 {
								return
							}
							select {
							case <-stop:
								return
							case <-time.After(5 * time.Millisecond):
							}
						}
					}()
					m, err := first(t, p)
					close(stop)
					<-stopped
					require.NoError(t, err, "the caller has had the error: no gap reported twice")
					assert.Equal(t, msg("message", "news", "after"), m)
				} else {
					_, err := first(t, p)
					assert.ErrorIs(t, err, exceptions.ErrConnection)
					assert.EqualError(t, err, "Socket closed on remote end")
				}
			})
		}
	})
}

// Breaking out of the loop leaves the subscriptions and the messages where
// they are; the next Listen goes on with the next message.
func TestListenBreakAndResume(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newRedis(t, s, fixes.Set{})
		p := pubsub.Pubsub(r, "")
		defer p.Close()
		_, err := p.Subscribe("a")
		require.NoError(t, err)
		for _, m := range []string{"1", "2", "3"} {
			_, err := r.Publish("a", m)
			require.NoError(t, err)
		}
		var got []string
		for i := 0; i < 3; i++ {
			m, err := first(t, p) // each a new Listen, left after one message
			require.NoError(t, err)
			got = append(got, string(m.Data))
		}
		assert.Equal(t, []string{"1", "2", "3"}, got)
	})
}

// A socket timeout on the pool's connections applies to Listen as to any
// read: a channel quiet for longer ends the loop with the timeout (Python:
// listen raised ConnectionError Error while reading from socket:
// ('timed out',) after 0.2s; its socket stayed, and the next listen() got
// the next message). Chapter 02's failed-read-disconnects (2.4.9) closes
// the socket with it, so the next Listen resubscribes; what is published
// meanwhile goes to nobody, which is why a PubSub's pool is best left
// without a timeout.
func TestListenTimeout(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		// One second: long enough for every command on a loaded machine,
		// short enough for a test that waits for it.
		const timeout = time.Second
		r := client.NewRedis(client.Options{Host: s.Host, Port: s.Port, SocketTimeout: timeout})
		defer r.ConnectionPool.Disconnect()
		p := pubsub.Pubsub(r, "")
		defer p.Close()
		_, err := p.Subscribe("quiet")
		require.NoError(t, err)
		start := time.Now()
		_, err = first(t, p)
		assert.ErrorIs(t, err, exceptions.ErrConnection)
		assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
		assert.EqualError(t, err, "Error while reading from socket: ('timed out',)")
		assert.GreaterOrEqual(t, time.Since(start), timeout)
		assert.False(t, p.Connection().Connected(), "closed with the timeout")

		// Publish until the subscriber has a message: one counted as
		// delivered can still be lost, if it reaches the socket just as a
		// timeout closes it.
		stop, stopped := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(stopped)
			for {
				r.Publish("quiet", "at last")
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
				}
			}
		}()
		var m pubsub.Message
		for deadline := time.Now().Add(watchdog); time.Now().Before(deadline); {
			// Each Listen resubscribes first, and may time out again
			// before the publisher finds the subscription.
			if m, err = first(t, p); !errors.Is(err, os.ErrDeadlineExceeded) {
				break
			}
		}
		close(stop)
		<-stopped
		require.NoError(t, err)
		assert.Equal(t, msg("message", "quiet", "at last"), m)
	})
}
