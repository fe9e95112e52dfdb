package pipeline

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/redistest"
)

// A method that issues another command when it runs again for its reply
// than when it was queued gets an error, not the reply of the other
// command; so does one that issues two, or none.
func TestReplayMustIssueTheSameCommand(t *testing.T) {
	s, err := redistest.StartMiniredis()
	require.NoError(t, err)
	defer s.Close()
	r := client.NewRedis(client.Options{Host: s.Host, Port: s.Port})
	defer r.ConnectionPool.Disconnect()
	p := New(r, false)

	calls := 0
	changing := queue(p, func(c *client.Redis) (any, error) {
		calls++
		return c.ExecuteCommand("GET", calls) // GET 1 queued, GET 2 on replay
	})
	twice := queue(p, func(c *client.Redis) (any, error) {
		if _, err := c.ExecuteCommand("PING"); err != nil && err != errQueued {
			return nil, err
		}
		return c.ExecuteCommand("PING")
	})
	first := true
	silent := queue(p, func(c *client.Redis) (any, error) {
		if first {
			first = false
			return c.ExecuteCommand("PING")
		}
		return "made up", nil
	})
	fine := p.Get("k")
	_, err = p.Execute()
	require.NoError(t, err)
	assert.ErrorContains(t, changing.Err(), "pipeline replay: the method issued [GET 2] where it had queued [GET 1]")
	assert.ErrorContains(t, twice.Err(), "queued more than one command")
	assert.ErrorContains(t, silent.Err(), "pipeline replay: the method issued [] where it had queued [PING]")
	assert.NoError(t, fine.Err())
}

// A pipeline on a client with no pool, and a transaction with no function,
// are errors, not panics.
func TestNoPoolNoPanic(t *testing.T) {
	for _, r := range []*client.Redis{nil, {}} {
		p := New(r, true)
		get := p.Get("k")
		_, err := p.Execute()
		assert.ErrorContains(t, err, "no connection pool")
		_, err = p.Watch("k")
		assert.ErrorContains(t, err, "no connection pool")
		assert.ErrorIs(t, get.Err(), ErrNotExecuted, "still queued: the pool refused before the try")
	}
	_, err := Transaction(nil, nil)
	assert.Error(t, err)
}
