package pubsub_test

// What 2.4.6's PubSub does, checked on the same inputs under Python 2.7.18
// against Redis 7.0 (the Python printed is in each test's comment), and
// the port doing the same on both backends.

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/06-pubsub"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

// The PubSub takes its own connection on the first command, keeps it while
// the server counts a subscription, and gives it back, socket open, when
// the count in a confirmation reaches 0. Python:
//
//	sub a,b -> ['subscribe', 'a', 1L]   pool (created 1, available 0, in use 1)
//	... unsubscribe to 0              pool (created 2, available 2, in use 0)
func TestConnectionOwnership(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newRedis(t, s, fixes.Set{})
		p := pubsub.Pubsub(r, "")
		assert.Equal(t, pool.Stats{}, r.ConnectionPool.Stats(), "Redis.pubsub() borrows nothing")
		assert.Nil(t, p.Connection())

		_, err := p.Subscribe("news")
		require.NoError(t, err)
		held := p.Connection()
		require.NotNil(t, held)
		assert.Equal(t, pool.Stats{Created: 1, InUse: 1}, r.ConnectionPool.Stats())
		n, err := s.WaitClients(1)
		require.NoError(t, err)
		assert.Equal(t, 1, n)

		_, err = r.Publish("news", "hello") // the client's own connection, borrowed and given back
		require.NoError(t, err)
		assert.Equal(t, pool.Stats{Created: 2, Available: 1, InUse: 1}, r.ConnectionPool.Stats())
		_, err = p.Psubscribe("n*")
		require.NoError(t, err)
		_, err = p.Unsubscribe("news")
		require.NoError(t, err)
		assert.Equal(t, int64(1), p.SubscriptionCount())
		assert.Same(t, held, p.Connection(), "kept while a pattern is subscribed")

		m, err := p.Punsubscribe("n*")
		require.NoError(t, err)
		assert.Equal(t, int64(0), m.Count)
		assert.Nil(t, p.Connection())
		assert.Equal(t, pool.Stats{Created: 2, Available: 2}, r.ConnectionPool.Stats(), "back at 0")
		assert.True(t, held.Connected(), "given back as it is: no longer subscribed, so reusable")
		n, err = s.WaitClients(2)
		require.NoError(t, err)
		assert.Equal(t, 2, n)

		_, err = p.Subscribe("news")
		require.NoError(t, err)
		assert.Same(t, held, p.Connection(), "the pool's last released, LIFO")
		require.NoError(t, p.Close())
		assert.Equal(t, pool.Stats{Created: 2, Available: 2}, r.ConnectionPool.Stats())
		assert.False(t, held.Connected(), "Close disconnects before giving back")
	})
}

// subscribe(['a', 'b']) returns the first confirmation only; listen()
// yields the second. Python:
//
//	sub a,b -> ['subscribe', 'a', 1L]
//	listen  -> {'pattern': None, 'type': 'subscribe', 'channel': 'b', 'data': 2L}
//
// The count differs in between: 2.4.6 has read one confirmation (1), the
// port both (2).
func TestSubscribeReturnsTheFirstConfirmation(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, mode := range modes(fixes.PubsubRepliesInStep) {
			t.Run(mode.name, func(t *testing.T) {
				r := newRedis(t, s, mode.fx)
				p := pubsub.Pubsub(r, "")
				m, err := p.Subscribe("a", "b")
				require.NoError(t, err)
				assert.Equal(t, confirm("subscribe", "a", 1), m)
				if mode.name == "port" {
					assert.Equal(t, int64(2), p.SubscriptionCount())
				} else {
					assert.Equal(t, int64(1), p.SubscriptionCount())
				}
				assert.Equal(t, []string{"a", "b"}, p.Channels())
				m, err = first(t, p)
				require.NoError(t, err)
				assert.Equal(t, confirm("subscribe", "b", 2), m)
				assert.Equal(t, int64(2), p.SubscriptionCount())
			})
		}
	})
}

// The four kinds of message, with the shape of listen()'s dicts. Python:
//
//	{'pattern': None, 'type': 'message', 'channel': 'a', 'data': 'hello a'}
//	{'pattern': None, 'type': 'psubscribe', 'channel': 'f*', 'data': 3L}
//	{'pattern': 'f*', 'type': 'pmessage', 'channel': 'foo', 'data': 'hello foo'}
func TestMessageShapes(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newRedis(t, s, fixes.Set{})
		p := pubsub.Pubsub(r, "")
		_, err := p.Subscribe("a")
		require.NoError(t, err)
		_, err = p.Psubscribe("f*")
		require.NoError(t, err)
		_, err = r.Publish("a", "hello a")
		require.NoError(t, err)
		m, err := first(t, p)
		require.NoError(t, err)
		assert.Equal(t, msg("message", "a", "hello a"), m)
		assert.Equal(t, `{'type': 'message', 'pattern': None, 'channel': 'a', 'data': 'hello a'}`, m.String())
		_, err = r.Publish("foo", "hello foo")
		require.NoError(t, err)
		m, err = first(t, p)
		require.NoError(t, err)
		assert.Equal(t, pubsub.Message{Type: "pmessage", Pattern: []byte("f*"), Channel: []byte("foo"), Data: []byte("hello foo")}, m)
		assert.Equal(t, `{'type': 'pmessage', 'pattern': 'f*', 'channel': 'foo', 'data': 'hello foo'}`, m.String())
		m, err = p.Punsubscribe("f*")
		require.NoError(t, err)
		assert.Equal(t, `{'type': 'punsubscribe', 'pattern': None, 'channel': 'f*', 'data': 1}`, m.String())
		_, err = r.Publish("a", "") // an empty message is data, not a count
		require.NoError(t, err)
		m, err = first(t, p)
		require.NoError(t, err)
		assert.Equal(t, `{'type': 'message', 'pattern': None, 'channel': 'a', 'data': ''}`, m.String())
	})
}

// unsubscribe() with nothing subscribed still takes a connection; the
// server names no channel and says 0, so it goes straight back. Python:
//
//	unsubscribe()  -> ['unsubscribe', None, 0L]   pool (1, 1, 0)
//	punsubscribe() -> ['punsubscribe', None, 0L]
func TestUnsubscribeWithNothingSubscribed(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, mode := range modes(fixes.PubsubRepliesInStep) {
			t.Run(mode.name, func(t *testing.T) {
				r := newRedis(t, s, mode.fx)
				p := pubsub.Pubsub(r, "")
				m, err := p.Unsubscribe()
				require.NoError(t, err)
				assert.Equal(t, confirm("unsubscribe", "", 0), m)
				assert.Equal(t, `{'type': 'unsubscribe', 'pattern': None, 'channel': None, 'data': 0}`, m.String())
				assert.Equal(t, pool.Stats{Created: 1, Available: 1}, r.ConnectionPool.Stats())
				m, err = p.Punsubscribe()
				require.NoError(t, err)
				assert.Equal(t, confirm("punsubscribe", "", 0), m)
				msgs, err := collect(t, p)
				require.NoError(t, err)
				assert.Empty(t, msgs, "listen() with nothing subscribed ends at once")
			})
		}
	})
}

// A command a subscribed connection may not carry is the server's error,
// in the server's words (Redis 7 and miniredis word it differently); the
// subscription goes on. PING is allowed and answers with a list. Python:
//
//	execute_command('GET','x') raised ResponseError Can't execute 'get': only (P|S)SUBSCRIBE /
//	    (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context
//	execute_command('PING') -> ['pong', '']
func TestCommandNotAllowedWhileSubscribed(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, mode := range modes(fixes.PubsubRepliesInStep) {
			t.Run(mode.name, func(t *testing.T) {
				r := newRedis(t, s, mode.fx)
				p := pubsub.Pubsub(r, "")
				_, err := p.Subscribe("a")
				require.NoError(t, err)
				for _, cmd := range []string{"GET", "PUBLISH"} {
					args := []any{cmd, "a"}
					if cmd == "PUBLISH" {
						args = append(args, "x")
					}
					_, err = p.ExecuteCommand(args...)
					var re exceptions.ResponseError
					require.True(t, errors.As(err, &re), "%v", err)
					assert.Contains(t, re.Msg, "Can't execute '"+map[string]string{"GET": "get", "PUBLISH": "publish"}[cmd]+"'")
					assert.Contains(t, re.Msg, "are allowed in this context")
				}
				pong, err := p.ExecuteCommand("PING")
				require.NoError(t, err)
				assert.Equal(t, []any{[]byte("pong"), []byte{}}, pong)
				_, err = r.Publish("a", "still here")
				require.NoError(t, err)
				m, err := first(t, p)
				require.NoError(t, err)
				assert.Equal(t, msg("message", "a", "still here"), m)
			})
		}
	})
}

// PUBLISH through the PubSub, when it is subscribed to nothing, is a plain
// command: the server runs it and answers with a count. 2.4.6 then looked
// for a confirmation in the integer and raised TypeError, after the server
// had published; the port returns the count. Either way the PubSub keeps
// the connection: only a confirmation of 0 gives it back. Python:
//
//	execute_command('PUBLISH','a','x') raised TypeError 'long' object has no attribute '__getitem__'
//	pool (created 1, available 0, in use 1)
func TestPublishThroughThePubSub(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newRedis(t, s, fixes.Set{})
		listener := pubsub.Pubsub(r, "")
		_, err := listener.Subscribe("a")
		require.NoError(t, err)
		p := pubsub.Pubsub(r, "")
		n, err := p.ExecuteCommand("PUBLISH", "a", "x")
		require.NoError(t, err)
		assert.Equal(t, int64(1), n)
		assert.NotNil(t, p.Connection(), "held, as 2.4.6 held it")
		m, err := first(t, listener)
		require.NoError(t, err)
		assert.Equal(t, msg("message", "a", "x"), m)
		require.NoError(t, p.Close())
		require.NoError(t, listener.Close())
		assert.Equal(t, 0, r.ConnectionPool.Stats().InUse)
	})
}

// A zero PubSub, or one with no pool, refuses commands with an error
// rather than a panic; so does a command with no name.
func TestZeroPubSub(t *testing.T) {
	var p pubsub.PubSub
	_, err := p.Subscribe("a")
	assert.ErrorIs(t, err, exceptions.ErrConnection)
	_, err = p.ExecuteCommand()
	assert.ErrorIs(t, err, exceptions.ErrData)
	msgs, err := collect(t, &p)
	assert.NoError(t, err)
	assert.Empty(t, msgs)
	assert.NoError(t, p.Close())
	assert.NoError(t, p.Close(), "twice is fine")
	_, err = p.Subscribe("a")
	assert.ErrorIs(t, err, pubsub.ErrClosed)
}

// unsubscribe() with no channel names none, and 2.4.6 removed none from
// self.channels (Python: channels after unsub() set(['a', 'b'])), so a
// later reconnect subscribed to them all again. The port removes each
// channel as its confirmation comes, as redis-py 2.10.0 does; the two
// confirmations come in the server's order.
func TestUnsubscribeAllForgetsChannels(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, mode := range modes(fixes.PubsubRepliesInStep) {
			t.Run(mode.name, func(t *testing.T) {
				r := newRedis(t, s, mode.fx)
				p := pubsub.Pubsub(r, "")
				defer p.Close()
				_, err := p.Subscribe("a", "b")
				require.NoError(t, err)
				if mode.name == "port" {
					m, err := p.Unsubscribe()
					require.NoError(t, err)
					assert.Equal(t, "unsubscribe", m.Type)
					assert.Equal(t, int64(1), m.Count)
					assert.Empty(t, p.Channels())
					assert.Nil(t, p.Connection(), "both confirmations read: back in the pool")
					rest, err := collect(t, p)
					require.NoError(t, err)
					require.Len(t, rest, 2, "each command's second confirmation, for Listen")
					assert.Equal(t, confirm("subscribe", "b", 2), rest[0])
					assert.ElementsMatch(t, []string{"a", "b"}, []string{string(m.Channel), string(rest[1].Channel)})
					assert.Equal(t, int64(0), rest[1].Count)
				} else {
					_, err := p.Unsubscribe()
					require.NoError(t, err)
					assert.Equal(t, []string{"a", "b"}, p.Channels())
				}
			})
		}
	})
}
