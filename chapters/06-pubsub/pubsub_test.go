package pubsub_test

// The port of redis-py 2.4.6's tests/pubsub.py, test by test:
// https://github.com/redis/redis-py/blob/2.4.6/tests/pubsub.py
//
// Each Python test method is a subtest of TestPubSub with the method's
// name. setUp made a pool, a client on it and client.pubsub(); tearDown
// disconnected the pool. A reply list ['subscribe', 'foo', 1] is the
// Message the Go method returns, and listen().next() is the first thing a
// new Listen yields.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/06-pubsub"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

var pubsubTests = []struct {
	name string
	fn   func(t *testing.T, r *client.Redis, p *pubsub.PubSub)
}{
	{"test_channel_subscribe", func(t *testing.T, r *client.Redis, p *pubsub.PubSub) {
		m, err := p.Subscribe("foo")
		require.NoError(t, err)
		assert.Equal(t, confirm("subscribe", "foo", 1), m)
		n, err := r.Publish("foo", "hello foo")
		require.NoError(t, err)
		assert.Equal(t, int64(1), n)
		m, err = first(t, p)
		require.NoError(t, err)
		assert.Equal(t, pubsub.Message{Type: "message", Pattern: nil, Channel: []byte("foo"), Data: []byte("hello foo")}, m)
		m, err = p.Unsubscribe("foo")
		require.NoError(t, err)
		assert.Equal(t, confirm("unsubscribe", "foo", 0), m)
	}},
	{"test_pattern_subscribe", func(t *testing.T, r *client.Redis, p *pubsub.PubSub) {
		m, err := p.Psubscribe("fo*")
		require.NoError(t, err)
		assert.Equal(t, confirm("psubscribe", "fo*", 1), m)
		n, err := r.Publish("foo", "hello foo")
		require.NoError(t, err)
		assert.Equal(t, int64(1), n)
		m, err = first(t, p)
		require.NoError(t, err)
		assert.Equal(t, pubsub.Message{Type: "pmessage", Pattern: []byte("fo*"), Channel: []byte("foo"), Data: []byte("hello foo")}, m)
		m, err = p.Punsubscribe("fo*")
		require.NoError(t, err)
		assert.Equal(t, confirm("punsubscribe", "fo*", 0), m)
	}},
}

// TestPubSub runs tests/pubsub.py against each backend, with the port's
// fixes on and, since both tests stay inside what 2.4.6 gets right, with
// every fix off too.
func TestPubSub(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, fx := range []fixes.Set{{}, fixes.Without()} {
			for _, tc := range pubsubTests {
				name := tc.name
				if fx != (fixes.Set{}) {
					name += "/2.4.6"
				}
				t.Run(name, func(t *testing.T) {
					r := newRedis(t, s, fx) // setUp; tearDown disconnects the pool
					tc.fn(t, r, pubsub.Pubsub(r, ""))
				})
			}
		}
	})
}
