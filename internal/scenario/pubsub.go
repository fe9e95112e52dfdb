package scenario

// Scenario commands for chapter 06: a PubSub on a scenario's client, its
// four subscribe commands, Listen, and the servers a PubSub meets when
// things go wrong (one that is down, one that hangs up at once).

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/06-pubsub"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

var pubsubCmds = map[string]Command{
	"newpubsub":       {"newpubsub NAME CLIENT", cmdNewPubSub},
	"subscribe":       {"subscribe PUBSUB NAME...", subscribeCmd("subscribe", (*pubsub.PubSub).Subscribe, 1)},
	"psubscribe":      {"psubscribe PUBSUB NAME...", subscribeCmd("psubscribe", (*pubsub.PubSub).Psubscribe, 1)},
	"unsubscribe":     {"unsubscribe PUBSUB [NAME...]", subscribeCmd("unsubscribe", (*pubsub.PubSub).Unsubscribe, 0)},
	"punsubscribe":    {"punsubscribe PUBSUB [NAME...]", subscribeCmd("punsubscribe", (*pubsub.PubSub).Punsubscribe, 0)},
	"listen":          {"listen PUBSUB N", cmdListen},
	"pubsub":          {"pubsub PUBSUB", cmdPubSubState},
	"closepubsub":     {"closepubsub PUBSUB", cmdClosePubSub},
	"downclient":      {"downclient NAME [without=FIXES]", cmdDownClient},
	"fake":            {"fake NAME hangup", cmdFake},
	"fakeclient":      {"fakeclient NAME FAKE [without=FIXES]", cmdFakeClient},
	"accepted":        {"accepted FAKE N", cmdAccepted},
	"killsubscribers": {"killsubscribers", cmdKillSubscribers},
}

func (s *World) pubsub(e *Env, name string) *pubsub.PubSub {
	p, ok := s.pubsubs[name]
	if !ok {
		e.Fatalf("no pubsub named %q (make it with newpubsub)", name)
	}
	return p
}

// newpubsub NAME CLIENT: CLIENT.pubsub(), with the client's fixes.
func cmdNewPubSub(e *Env, neg bool, args []string) {
	usage(e, neg, args, 2, "newpubsub NAME CLIENT")
	r, ok := e.clients[args[1]]
	if !ok {
		e.Fatalf("no client named %q (make it with newclient)", args[1])
	}
	p := pubsub.Pubsub(r, "")
	e.Defer(func() { p.Close() })
	e.pubsubs[args[0]] = p
}

// subscribe PUBSUB CHANNEL... (and psubscribe, unsubscribe, punsubscribe):
// print the confirmation the command returns, as listen() printed a dict.
func subscribeCmd(name string, f func(*pubsub.PubSub, ...string) (pubsub.Message, error), min int) func(*Env, bool, []string) {
	u := "usage: " + name + " PUBSUB NAME..."
	if min == 0 {
		u = "usage: " + name + " PUBSUB [NAME...]"
	}
	return func(e *Env, neg bool, args []string) {
		if len(args) < 1+min {
			e.Fatalf("%s", u)
		}
		m, err := f(e.pubsub(e, args[0]), args[1:]...)
		if err == nil {
			fmt.Fprintln(e.Stdout(), m)
		}
		result(e, neg, err)
	}
}

// listen PUBSUB N: take up to N messages from a new Listen, printing each;
// "(listen ended)" when it ends first. A message that does not come within
// ten seconds fails the script (Close ends the wait).
func cmdListen(e *Env, neg bool, args []string) {
	if len(args) != 2 {
		e.Fatalf("usage: listen PUBSUB N")
	}
	p := e.pubsub(e, args[0])
	n, err := strconv.Atoi(args[1])
	e.Check(err)
	var timedOut atomic.Bool
	watchdog := time.AfterFunc(10*time.Second, func() { timedOut.Store(true); p.Close() })
	got := 0
	var last error
	for m, err := range p.Listen() {
		if err != nil {
			last = err
			break
		}
		fmt.Fprintln(e.Stdout(), m)
		if got++; got == n {
			break
		}
	}
	watchdog.Stop()
	if timedOut.Load() {
		e.Fatalf("listen: no message within 10s")
	}
	if last == nil && got < n {
		fmt.Fprintln(e.Stdout(), "(listen ended)")
	}
	result(e, neg, last)
}

// pubsub PUBSUB: print its count, channels, patterns and whether it holds
// a connection.
func cmdPubSubState(e *Env, neg bool, args []string) {
	usage(e, neg, args, 1, "pubsub PUBSUB")
	p := e.pubsub(e, args[0])
	held := "none"
	if p.Connection() != nil {
		held = "held"
	}
	fmt.Fprintf(e.Stdout(), "count=%d channels=[%s] patterns=[%s] connection=%s\n",
		p.SubscriptionCount(), strings.Join(p.Channels(), " "), strings.Join(p.Patterns(), " "), held)
}

// closepubsub PUBSUB
func cmdClosePubSub(e *Env, neg bool, args []string) {
	usage(e, neg, args, 1, "closepubsub PUBSUB")
	e.Check(e.pubsub(e, args[0]).Close())
}

// clientWith makes a client of host:port with without=FIXES from args,
// and names it (its pool too, for stats).
func clientWith(e *Env, name, host string, port int, opts []string, u string) {
	o := client.Options{Host: host, Port: port}
	for _, a := range opts {
		v, ok := strings.CutPrefix(a, "without=")
		if !ok {
			e.Fatalf("unknown option %q (%s)", a, u)
		}
		fx, err := fixes.Parse(v)
		e.Check(err)
		o.Fixes = fx
	}
	r := client.NewRedis(o)
	e.clients[name] = r
	e.pools[name] = r.ConnectionPool
}

// downclient NAME [without=FIXES]: a client of a server that is down (a
// loopback port nothing listens on).
func cmdDownClient(e *Env, neg bool, args []string) {
	const u = "usage: downclient NAME [without=FIXES]"
	if len(args) < 1 || len(args) > 2 || neg {
		e.Fatalf(u)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	e.Check(err)
	port := l.Addr().(*net.TCPAddr).Port
	e.Check(l.Close())
	clientWith(e, args[0], "127.0.0.1", port, args[1:], u)
}

// fake NAME hangup: a server that accepts every connection and closes it
// at once.
func cmdFake(e *Env, neg bool, args []string) {
	usage(e, neg, args, 2, "fake NAME hangup")
	if args[1] != "hangup" {
		e.Fatalf("unknown fake %q (fake NAME hangup)", args[1])
	}
	f, err := redistest.NewFake(redistest.HangUp)
	e.Check(err)
	e.Defer(f.Close)
	e.fakes[args[0]] = f
}

func (s *World) fake(e *Env, name string) *redistest.Fake {
	f, ok := s.fakes[name]
	if !ok {
		e.Fatalf("no fake named %q (start it with fake)", name)
	}
	return f
}

// fakeclient NAME FAKE [without=FIXES]: a client of the fake server.
func cmdFakeClient(e *Env, neg bool, args []string) {
	const u = "usage: fakeclient NAME FAKE [without=FIXES]"
	if len(args) < 2 || len(args) > 3 || neg {
		e.Fatalf(u)
	}
	f := e.fake(e, args[1])
	clientWith(e, args[0], f.Host, f.Port, args[2:], u)
}

// accepted FAKE N: the fake must have accepted N connections (awaited
// briefly: it counts each a moment after the client connected).
func cmdAccepted(e *Env, neg bool, args []string) {
	usage(e, neg, args, 2, "accepted FAKE N")
	f := e.fake(e, args[0])
	want, err := strconv.Atoi(args[1])
	e.Check(err)
	for deadline := time.Now().Add(5 * time.Second); f.Accepted() < want && time.Now().Before(deadline); {
		time.Sleep(2 * time.Millisecond)
	}
	fmt.Fprintf(e.Stdout(), "accepted=%d\n", f.Accepted())
	if f.Accepted() != want {
		e.Fatalf("the fake accepted %d connections, want %d", f.Accepted(), want)
	}
}

// killsubscribers: the server closes every subscribed client's connection
// (CLIENT KILL TYPE pubsub; miniredis closes every client), and the
// command returns once the server has no subscriber left.
func cmdKillSubscribers(e *Env, neg bool, args []string) {
	usage(e, neg, args, 0, "killsubscribers")
	e.Check(killSubscribers(e.server))
}

// killSubscribers closes every subscribed client's connection on the
// server's side and waits until the server counts no subscriber.
func killSubscribers(srv *redistest.Server) error {
	if m := srv.Miniredis(); m != nil {
		if err := srv.KillClients(); err != nil {
			return err
		}
		return waitFor(func() (bool, error) { return len(m.PubSubChannels("")) == 0 && m.PubSubNumPat() == 0, nil })
	}
	if _, err := srv.Do("CLIENT", "KILL", "TYPE", "pubsub"); err != nil {
		return err
	}
	return waitFor(func() (bool, error) {
		list, err := srv.Do("CLIENT", "LIST", "TYPE", "pubsub")
		return list == "", err
	})
}

// waitFor polls done for up to five seconds.
func waitFor(done func() (bool, error)) error {
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(2 * time.Millisecond) {
		ok, err := done()
		if ok || err != nil {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("still not done after 5s")
		}
	}
}
