package pubsub_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/06-pubsub"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

// newRedis is a client of s with the given fixes off; the pool is
// disconnected when the test ends.
func newRedis(t *testing.T, s *redistest.Server, fx fixes.Set) *client.Redis {
	t.Helper()
	r := client.NewRedis(client.Options{Host: s.Host, Port: s.Port, Fixes: fx})
	t.Cleanup(func() { r.ConnectionPool.Disconnect() })
	return r
}

// modes are the port and 2.4.6 with the given fixes off, for the tests
// that show both.
func modes(f ...fixes.Fix) []struct {
	name string
	fx   fixes.Set
} {
	return []struct {
		name string
		fx   fixes.Set
	}{{"port", fixes.Set{}}, {"2.4.6", fixes.Without(f...)}}
}

// watchdog is how long a test waits for a message that should come at
// once. A machine under load is slow, but not this slow; a test that waits
// this long has found a hang.
const watchdog = 20 * time.Second

// first is listen().next(): the first thing a new Listen yields. A
// watchdog closes the PubSub if nothing comes, so a hang fails the test
// instead of blocking it.
func first(t *testing.T, p *pubsub.PubSub) (pubsub.Message, error) {
	t.Helper()
	stop := time.AfterFunc(watchdog, func() { p.Close() })
	defer stop.Stop()
	for msg, err := range p.Listen() {
		return msg, err
	}
	return pubsub.Message{}, errEnded
}

// errEnded stands for a Listen that ended without yielding.
var errEnded = errorString("listen ended without a message")

type errorString string

func (e errorString) Error() string { return string(e) }

// collect is list(listen()): everything a Listen yields until it ends,
// under the same watchdog.
func collect(t *testing.T, p *pubsub.PubSub) (msgs []pubsub.Message, err error) {
	t.Helper()
	stop := time.AfterFunc(watchdog, func() { p.Close() })
	defer stop.Stop()
	for msg, err := range p.Listen() {
		if err != nil {
			return msgs, err
		}
		msgs = append(msgs, msg)
	}
	return msgs, nil
}

// settle gives miniredis time to write what was published. miniredis
// hands a message to a goroutine of the subscriber's, which writes it to
// the socket a moment after PUBLISH has answered; a real server has
// written it into the subscriber's output buffer before it answers
// PUBLISH, so what the subscriber sends next is answered after it.
func settle(s *redistest.Server) {
	if s.Miniredis() != nil {
		time.Sleep(100 * time.Millisecond)
	}
}

// killSubscribers closes every subscribed client's connection on the
// server side, as a restart or the server's output buffer limit would.
// (CLIENT KILL TYPE normal, the kind KillClients uses, leaves subscribed
// clients alone: Redis counts them as TYPE pubsub.)
// It returns once the server counts no subscriber.
func killSubscribers(t *testing.T, s *redistest.Server) {
	t.Helper()
	if m := s.Miniredis(); m != nil {
		require.NoError(t, s.KillClients()) // closes every client
		require.Eventually(t, func() bool { return len(m.PubSubChannels("")) == 0 && m.PubSubNumPat() == 0 }, watchdog, 2*time.Millisecond)
		return
	}
	_, err := s.Do("CLIENT", "KILL", "TYPE", "pubsub")
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		list, err := s.Do("CLIENT", "LIST", "TYPE", "pubsub")
		return err == nil && list == ""
	}, watchdog, 2*time.Millisecond)
}

func msg(typ, channel, data string) pubsub.Message {
	return pubsub.Message{Type: typ, Channel: []byte(channel), Data: []byte(data)}
}

func confirm(typ, channel string, count int64) pubsub.Message {
	m := pubsub.Message{Type: typ, Count: count}
	if channel != "" {
		m.Channel = []byte(channel)
	}
	return m
}
