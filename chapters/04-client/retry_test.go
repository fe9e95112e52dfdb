package client_test

// The retry decision and the port's at-most-once fix: a command is sent
// again only when the server cannot have run it. Each test shows 2.4.6's
// behaviour (the fix turned off) next to the port's.

import (
	"errors"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

// proxied starts a fault-injecting proxy in front of s.
func proxied(t *testing.T, s *redistest.Server) *redistest.Proxy {
	t.Helper()
	p, err := redistest.NewProxy(s.Addr())
	require.NoError(t, err)
	t.Cleanup(p.Close)
	return p
}

// counter reads n straight from the server, past any proxy.
func counter(t *testing.T, s *redistest.Server) string {
	t.Helper()
	check := newClient(s, client.Options{})
	defer check.ConnectionPool.Disconnect()
	v, err := check.Get("n")
	require.NoError(t, err)
	return string(v)
}

func setCounter(t *testing.T, s *redistest.Server, v string) {
	t.Helper()
	check := newClient(s, client.Options{})
	defer check.ConnectionPool.Disconnect()
	_, err := check.Set("n", v)
	require.NoError(t, err)
}

// The server runs INCRBY and its reply is lost on the way back (the
// connection is closed, or reset, after the command ran). 2.4.6 sends the
// command again and the caller sees one success for two increments; the
// port returns the ConnectionError and the counter moved once.
func TestLostReplyIsNotResent(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, fault := range []redistest.Fault{redistest.DropReply, redistest.ResetReply} {
			t.Run(fault.String(), func(t *testing.T) {
				t.Run("port", func(t *testing.T) {
					p := proxied(t, s)
					setCounter(t, s, "0")
					r := client.NewRedis(client.Options{Host: p.Host, Port: p.Port})
					defer r.ConnectionPool.Disconnect()
					p.Next(fault)
					_, err := r.Incr("n", 5)
					assert.ErrorIs(t, err, exceptions.ErrConnection)
					if fault == redistest.DropReply {
						assert.EqualError(t, err, "Socket closed on remote end")
					} else {
						assert.EqualError(t, err, "Error while reading from socket: (104, 'Connection reset by peer')")
					}
					assert.Equal(t, "5", counter(t, s), "applied once")
					assert.Equal(t, 1, p.Accepted(), "never sent again")
					assert.Equal(t, pool.Stats{Created: 1, Available: 1}, r.ConnectionPool.Stats())

					n, err := r.Incr("n", 1) // the next command reconnects
					require.NoError(t, err)
					assert.Equal(t, int64(6), n)
				})
				t.Run("2.4.6", func(t *testing.T) {
					p := proxied(t, s)
					setCounter(t, s, "0")
					r := client.NewRedis(client.Options{Host: p.Host, Port: p.Port, Fixes: fixes.Without(fixes.AtMostOnce)})
					defer r.ConnectionPool.Disconnect()
					p.Next(fault)
					n, err := r.Incr("n", 5)
					require.NoError(t, err, "the resend hid the lost reply")
					assert.Equal(t, int64(10), n, "one call, two increments")
					assert.Equal(t, "10", counter(t, s))
					assert.Equal(t, 2, p.Accepted())
				})
			})
		}
	})
}

// ConnectionPool.Disconnect closes a connection another goroutine is
// reading a reply from. The command ran; 2.4.6 would run it again.
func TestDisconnectDuringReadIsNotResent(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, tc := range []struct {
			name string
			fx   fixes.Set
			want string
		}{
			{"port", fixes.Set{}, "5"},
			{"2.4.6", fixes.Without(fixes.AtMostOnce), "10"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := proxied(t, s)
				setCounter(t, s, "0")
				r := client.NewRedis(client.Options{Host: p.Host, Port: p.Port, Fixes: tc.fx})
				defer r.ConnectionPool.Disconnect()
				_, err := r.Ping()
				require.NoError(t, err)

				p.Next(redistest.HoldReply)
				done := make(chan error, 1)
				go func() { _, err := r.Incr("n", 5); done <- err }()
				select {
				case <-p.Held(): // the server has run it; its reply waits
				case <-time.After(10 * time.Second):
					t.Fatal("the INCRBY never reached the server")
				}
				require.NoError(t, r.ConnectionPool.Disconnect())
				p.Unhold()
				select {
				case err = <-done:
				case <-time.After(10 * time.Second):
					t.Fatal("Incr did not return after Disconnect")
				}
				if tc.name == "port" {
					assert.ErrorIs(t, err, exceptions.ErrConnection)
					// Closed while blocked in the read, or just before it
					// began: the parser has no socket left to read.
					assert.Contains(t, []string{
						"Error while reading from socket: (9, 'Bad file descriptor')",
						"Socket closed on remote end",
					}, err.Error())
				} else {
					assert.NoError(t, err)
				}
				assert.Equal(t, tc.want, counter(t, s))
				assert.Equal(t, 0, r.ConnectionPool.Stats().InUse)
			})
		}
	})
}

// A restart between two commands is invisible: the pooled socket the
// server closed is found before anything is written to it, and replaced.
// Without the check (3.2.0's), at most once makes the restart visible as an
// error; 2.4.6 hid it by sending again.
func TestRestartBetweenCommands(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, tc := range []struct {
			name    string
			fx      fixes.Set
			visible bool
		}{
			{"port", fixes.Set{}, false},
			{"without the check", fixes.Without(fixes.ReconnectStaleSocket), true},
			{"2.4.6", fixes.Without(fixes.ReconnectStaleSocket, fixes.AtMostOnce), false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := newClient(s, client.Options{Fixes: tc.fx})
				defer r.ConnectionPool.Disconnect()
				_, err := r.Set("k", "v")
				require.NoError(t, err)

				require.NoError(t, s.Restart())
				_, err = s.WaitClients(0)
				require.NoError(t, err)

				_, err = r.Set("k", "w")
				if tc.visible {
					assert.ErrorIs(t, err, exceptions.ErrConnection, "the write went into a closed socket")
					return
				}
				require.NoError(t, err)
				v, err := r.Get("k")
				require.NoError(t, err)
				assert.Equal(t, "w", string(v))
				assert.Equal(t, pool.Stats{Created: 1, Available: 1}, r.ConnectionPool.Stats(), "the same connection object, reconnected")
			})
		}
	})
}

// A request cut in the middle never runs: the server saw half a command
// and the end of the stream. Whether the client then resends depends on
// whether its write failed; either way the command is applied once or not
// at all, and an error means it was not applied.
func TestCutRequestIsAppliedAtMostOnce(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for i := range 5 {
			p := proxied(t, s)
			setCounter(t, s, "0")
			r := client.NewRedis(client.Options{Host: p.Host, Port: p.Port})
			p.Next(redistest.CutRequest)
			_, err := r.Incr("n", 5)
			got := counter(t, s)
			if err != nil {
				assert.ErrorIs(t, err, exceptions.ErrConnection)
				assert.Equal(t, "0", got, "round %d: an error, and nothing applied", i)
			} else {
				assert.Equal(t, "5", got, "round %d: resent after a failed write, applied once", i)
			}
			r.ConnectionPool.Disconnect()
		}
	})
}

// The whole budget, counted in connections accepted by a server that
// hangs up at once (the AUTH reply never comes) or never answers. 2.4.6's
// two retry layers connect four times; the port at most twice, and once
// when the first attempt timed out.
func TestRetryBudget(t *testing.T) {
	for _, tc := range []struct {
		name    string
		handler func(net.Conn)
		timeout time.Duration
		fx      fixes.Set
		want    int
	}{
		{"hang-up/port", redistest.HangUp, 0, fixes.Set{}, 2},
		{"hang-up/2.4.6", redistest.HangUp, 0, fixes.Without(), 4},
		{"silent/port", redistest.Silent, 100 * time.Millisecond, fixes.Set{}, 1},
		{"silent/2.4.6", redistest.Silent, 100 * time.Millisecond, fixes.Without(), 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := redistest.NewFake(tc.handler)
			require.NoError(t, err)
			defer f.Close()
			r := client.NewRedis(client.Options{Host: f.Host, Port: f.Port, Password: "x",
				SocketTimeout: tc.timeout, Fixes: tc.fx})
			_, err = r.Ping()
			assert.ErrorIs(t, err, exceptions.ErrConnection)
			if tc.timeout > 0 {
				assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
			}
			assert.Equal(t, tc.want, f.Accepted(), "connections made for one command")
			assert.Equal(t, pool.Stats{Created: 1, Available: 1}, r.ConnectionPool.Stats())
		})
	}
}

// Every branch of the one decision, with the fixes that change it.
func TestMayResend(t *testing.T) {
	s, err := redistest.StartMiniredis()
	require.NoError(t, err)
	defer s.Close()
	connErr := exceptions.New(exceptions.ErrConnection, "Socket closed on remote end")
	timeout := exceptions.Wrap(exceptions.ErrConnection, "Error while reading from socket: ('timed out',)", os.ErrDeadlineExceeded)
	for _, tc := range []struct {
		name string
		fx   fixes.Set
		err  error
		sent bool
		want bool
	}{
		{"an error reply is an answer", fixes.Set{}, exceptions.ResponseError{Msg: "ERR x"}, true, false},
		{"a refused argument", fixes.Set{}, exceptions.New(exceptions.ErrData, "bad"), false, false},
		{"a callback's own error", fixes.Set{}, errors.New("no"), true, false},
		{"nothing reached the server", fixes.Set{}, connErr, false, true},
		{"the reply was lost", fixes.Set{}, connErr, true, false},
		{"LOADING: refused unrun", fixes.Set{}, parser.ErrLoading, true, true},
		{"a read timeout", fixes.Set{}, timeout, true, false},
		{"a connect or write timeout", fixes.Set{}, timeout, false, false},
		{"2.10.0: a lost reply is resent", fixes.Without(fixes.AtMostOnce), connErr, true, true},
		{"2.10.0: a timeout is not", fixes.Without(fixes.AtMostOnce), timeout, true, false},
		{"at most once alone stops a timed-out resend", fixes.Without(fixes.NoRetryAfterTimeout), timeout, true, false},
		{"... but not an unsent one", fixes.Without(fixes.NoRetryAfterTimeout), timeout, false, true},
		{"2.4.6: any ConnectionError", fixes.Without(), timeout, true, true},
		{"2.4.6: still not an answer", fixes.Without(), exceptions.ResponseError{Msg: "ERR x"}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newClient(s, client.Options{Fixes: tc.fx})
			assert.Equal(t, tc.want, client.MayResend(r, tc.err, tc.sent))
		})
	}
}

// Fifty goroutines increment one counter through a proxy that drops, resets
// and cuts at random. Every INCR that reported success ran; one that
// reported a ConnectionError may or may not have. So with at most once the
// counter lies between the successes and the successes plus the errors; in
// 2.4.6 it overshoots, because resent commands ran twice behind one
// success.
func TestSoakUnderFaults(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, tc := range []struct {
			name string
			fx   fixes.Set
		}{
			{"port", fixes.Set{}},
			{"2.4.6", fixes.Without(fixes.AtMostOnce)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := proxied(t, s)
				setCounter(t, s, "0")
				var mu sync.Mutex
				rng := rand.New(rand.NewPCG(1, 2))
				p.Random(func() redistest.Fault {
					mu.Lock()
					defer mu.Unlock()
					switch x := rng.IntN(100); {
					case x < 8:
						return redistest.DropReply
					case x < 12:
						return redistest.ResetReply
					case x < 16:
						return redistest.CutRequest
					}
					return redistest.Pass
				})
				r := client.NewRedis(client.Options{Host: p.Host, Port: p.Port, Fixes: tc.fx})
				defer r.ConnectionPool.Disconnect()
				const workers, each = 50, 20
				var ok, failed atomic.Int64
				var wg sync.WaitGroup
				for range workers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for range each {
							if _, err := r.Incr("n", 1); err == nil {
								ok.Add(1)
							} else if errors.Is(err, exceptions.ErrConnection) {
								failed.Add(1)
							} else {
								t.Error(err)
							}
						}
					}()
				}
				wg.Wait()
				p.Random(nil)
				got, err := strconv.ParseInt(counter(t, s), 10, 64)
				require.NoError(t, err)
				t.Logf("%d succeeded, %d failed, counter %d", ok.Load(), failed.Load(), got)
				if tc.name == "port" {
					assert.GreaterOrEqual(t, got, ok.Load(), "every success ran")
					assert.LessOrEqual(t, got, ok.Load()+failed.Load(), "nothing ran twice")
				} else {
					assert.Greater(t, got, ok.Load()+failed.Load(), "2.4.6: resent commands ran twice")
				}
				assert.Equal(t, 0, r.ConnectionPool.Stats().InUse)
			})
		}
	})
}
