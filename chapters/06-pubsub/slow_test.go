package pubsub_test

// A subscriber that stops reading. Listen reads nothing ahead, so the
// messages it has not asked for wait in the socket and then on the server,
// and the server decides: redis-server drops the subscriber once its
// output buffer passes client-output-buffer-limit pubsub, and Listen
// returns that as a ConnectionError after the last message that reached
// the socket; miniredis has no such limit and makes the publisher wait.
// Either way the client loses nothing by itself, and holds no more than
// its parser's buffer.

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/06-pubsub"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

// payload is one message: a sequence number, then padding.
func payload(i, size int) string {
	n := fmt.Sprintf("%08d:", i)
	return n + strings.Repeat("x", size-len(n))
}

// seq reads a payload's sequence number.
func seq(t *testing.T, data []byte) int {
	t.Helper()
	n, err := strconv.Atoi(string(data[:8]))
	require.NoError(t, err)
	return n
}

// flood subscribes a PubSub on a redis-server whose pubsub output buffer
// limit is 256 kB, and publishes 8 MB to it in 1 kB messages while it
// reads nothing: more than the loopback socket's buffers (about 4 MB here)
// and the server's limit together. It returns how many deliveries PUBLISH
// counted.
func flood(t *testing.T, fx fixes.Set) (r *client.Redis, p *pubsub.PubSub, delivered int) {
	t.Helper()
	s := redistest.RedisServer(t)
	// 256 kB hard, no soft limit: far below the default 32 MB (and 8 MB
	// for 60 s), so the test need not publish that much.
	_, err := s.Do("CONFIG", "SET", "client-output-buffer-limit", "pubsub 262144 0 0")
	require.NoError(t, err)
	r = newRedis(t, s, fx)
	p = pubsub.Pubsub(r, "")
	t.Cleanup(func() { p.Close() })
	_, err = p.Subscribe("firehose")
	require.NoError(t, err)
	const count, size = 8192, 1024
	for i := 0; i < count; i++ {
		n, err := r.Publish("firehose", payload(i, size))
		require.NoError(t, err)
		delivered += int(n)
	}
	require.Less(t, delivered, count, "the server stopped counting the subscriber once it dropped it")
	return r, p, delivered
}

// readAll reads Listen until it ends or yields "end", checking that the
// messages come in order with none skipped, and returns how many came and
// the error it ended with.
func readAll(t *testing.T, p *pubsub.PubSub) (got int, last error) {
	t.Helper()
	stop := time.AfterFunc(2*watchdog, func() { p.Close() })
	defer stop.Stop()
	for m, err := range p.Listen() {
		if err != nil {
			return got, err
		}
		if string(m.Data) == "end" {
			return got, nil
		}
		require.Equal(t, got, seq(t, m.Data), "in order, none skipped by the client")
		got++
	}
	return got, nil
}

func TestSlowSubscriber(t *testing.T) {
	t.Run("redis-server", func(t *testing.T) {
		_, p, delivered := flood(t, fixes.Set{})
		got, last := readAll(t, p)
		assert.ErrorIs(t, last, exceptions.ErrConnection, "the server's disconnect, returned once")
		assert.Greater(t, got, 0, "what reached the socket before the disconnect is read")
		assert.Less(t, got, delivered, "what the server held when it dropped the subscriber is gone, and the error says so")
		t.Logf("PUBLISH counted %d deliveries; the subscriber read %d, then: %v", delivered, got, last)
	})

	t.Run("miniredis", func(t *testing.T) {
		s, err := redistest.StartMiniredis()
		require.NoError(t, err)
		defer s.Close()
		r := newRedis(t, s, fixes.Set{})
		p := pubsub.Pubsub(r, "")
		defer p.Close()
		_, err = p.Subscribe("firehose")
		require.NoError(t, err)

		// 12 MB: about three times what the loopback socket's buffers
		// hold (about 4 MB here), so the publisher must wait.
		const count, size = 3072, 4096
		var published atomic.Int64
		done := make(chan error, 1)
		go func() {
			for i := 0; i < count; i++ {
				n, err := r.Publish("firehose", payload(i, size))
				if err == nil && n != 1 {
					err = fmt.Errorf("PUBLISH %d counted %d subscribers", i, n)
				}
				if err != nil {
					done <- err
					return
				}
				published.Add(1)
			}
			done <- nil
		}()
		time.Sleep(500 * time.Millisecond)
		t.Logf("published before the subscriber read: %d of %d", published.Load(), count)
		assert.Less(t, published.Load(), int64(count), "the publisher waits while the subscriber reads nothing")

		got := 0
		stop := time.AfterFunc(2*watchdog, func() { p.Close() })
		defer stop.Stop()
		for m, err := range p.Listen() {
			require.NoError(t, err)
			require.Equal(t, got, seq(t, m.Data))
			got++
			if got == count {
				break
			}
		}
		assert.Equal(t, count, got, "every message, in order")
		require.NoError(t, <-done)
	})
}

// The slow subscriber's next call is a command, not Listen: the command
// reads the messages still in the socket (they wait for Listen), meets the
// disconnect, reconnects and resubscribes, as 2.4.6 does. The port's
// Listen then yields those messages and the gap; 2.4.6's said nothing.
func TestSlowSubscriberThenCommand(t *testing.T) {
	for _, mode := range modes(fixes.PubsubGapReported) {
		t.Run(mode.name, func(t *testing.T) {
			r, p, delivered := flood(t, mode.fx)
			m, err := p.Subscribe("other")
			require.NoError(t, err)
			assert.Equal(t, confirm("subscribe", "other", 2), m)
			_, err = r.Publish("firehose", "end") // on the new socket, after the gap
			require.NoError(t, err)
			assert.Greater(t, p.Pending(), 0, "the socket's messages, read by the command, wait for Listen")
			got, last := readAll(t, p)
			assert.Greater(t, got, 0)
			assert.Less(t, got, delivered)
			if mode.name == "port" {
				assert.ErrorIs(t, last, exceptions.ErrConnection)
				assert.ErrorContains(t, last, "messages published in between were not received")
			} else {
				assert.NoError(t, last, "2.4.6: the gap goes unnoticed")
			}
		})
	}
}
