package scenario

// Scenario commands for chapter 07's Lock: locks on the scenario's
// clients, the fake clocks 2.4.6's locks read, and a wait for the server to
// expire a key.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/07-lock"
	"github.com/redispy-go/redispy/internal/clock"
)

var lockCmds = map[string]Command{
	"clock":      {"clock NAME UNIXTIME|+DURATION|-DURATION", cmdClock},
	"newlock":    {"newlock NAME CLIENT KEY [timeout=D] [sleep=D] [clock=CLOCK]", cmdNewLock},
	"lock":       {"lock NAME acquire [nonblocking] | release | extend DURATION | state", cmdLock},
	"waitexpire": {"waitexpire CLIENT KEY", cmdWaitExpire},
}

func (s *World) client(e *Env, name string) *client.Redis {
	r, ok := s.clients[name]
	if !ok {
		e.Fatalf("no client named %q (make it with newclient)", name)
	}
	return r
}

func (s *World) lock(e *Env, name string) *lock.Lock {
	l, ok := s.locks[name]
	if !ok {
		e.Fatalf("no lock named %q (make it with newlock)", name)
	}
	return l
}

// pyFloat writes f as Python's repr() does for the times a lock stores:
// 1700000005.0, 1700000007.25.
func pyFloat(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// clock NAME UNIXTIME|+DURATION|-DURATION: set a fake clock (made on first
// use) to a time in seconds since the epoch, or move it; print its time.
func cmdClock(e *Env, neg bool, args []string) {
	usage(e, neg, args, 2, "clock NAME UNIXTIME|+DURATION|-DURATION")
	s := e.World
	if s.clocks == nil {
		s.clocks = map[string]*clock.Fake{}
	}
	c, ok := s.clocks[args[0]]
	if !ok {
		c = clock.NewFake(time.Unix(0, 0))
		s.clocks[args[0]] = c
	}
	switch v := args[1]; v[0] {
	case '+', '-':
		d, err := time.ParseDuration(v[1:])
		e.Check(err)
		if v[0] == '-' {
			d = -d
		}
		c.Add(d)
	default:
		sec, err := strconv.ParseFloat(v, 64)
		e.Check(err)
		c.Set(clock.Unix(sec))
	}
	now := c.Now()
	fmt.Fprintf(e.Stdout(), "clock %s reads %s\n", args[0], pyFloat(float64(now.Unix())+float64(now.Nanosecond())/1e9))
}

// newlock NAME CLIENT KEY [timeout=D] [sleep=D] [clock=CLOCK]: a lock on
// KEY through the client (2.4.6's lock when the client was made with
// without=lock-token), reading the fake clock CLOCK instead of the time.
func cmdNewLock(e *Env, neg bool, args []string) {
	const u = "usage: newlock NAME CLIENT KEY [timeout=D] [sleep=D] [clock=CLOCK]"
	if len(args) < 3 {
		e.Fatalf(u)
	}
	s := e.World
	r := s.client(e, args[1])
	timeout, sleep := time.Duration(0), lock.DefaultSleep
	var now *clock.Fake
	for _, a := range args[3:] {
		k, v, _ := strings.Cut(a, "=")
		var err error
		switch k {
		case "timeout":
			timeout, err = time.ParseDuration(v)
		case "sleep":
			sleep, err = time.ParseDuration(v)
		case "clock":
			var ok bool
			if now, ok = s.clocks[v]; !ok {
				err = fmt.Errorf("no clock named %q (set it with clock)", v)
			}
		default:
			err = fmt.Errorf("unknown option %q (%s)", a, u)
		}
		e.Check(err)
	}
	l, err := lock.New(r, args[2], timeout, sleep)
	if err == nil {
		if now != nil {
			clock.SetLock(l, now.Now)
		}
		if s.locks == nil {
			s.locks = map[string]*lock.Lock{}
		}
		s.locks[args[0]] = l
	}
	result(e, neg, err)
}

// lock NAME acquire [nonblocking] | release | extend DURATION | state:
// use the lock; acquire prints whether it got it, state what the lock
// believes it holds.
func cmdLock(e *Env, neg bool, args []string) {
	const u = "usage: lock NAME acquire [nonblocking] | release | extend DURATION | state"
	if len(args) < 2 {
		e.Fatalf(u)
	}
	l := e.lock(e, args[0])
	var err error
	switch op := strings.Join(args[1:], " "); {
	case op == "acquire" || op == "acquire nonblocking":
		var ok bool
		if ok, err = l.Acquire(op == "acquire"); err == nil {
			got := "acquired"
			if !ok {
				got = "not acquired"
			}
			fmt.Fprintf(e.Stdout(), "%s %s\n", args[0], got)
		}
	case op == "release":
		err = l.Release()
	case args[1] == "extend" && len(args) == 3:
		var d time.Duration
		d, err = time.ParseDuration(args[2])
		e.Check(err)
		err = l.Extend(d)
	case op == "state":
		if neg {
			e.Fatalf("lock NAME state cannot fail; drop the !")
		}
		w := e.Stdout()
		if until, held := l.AcquiredUntil(); held {
			fmt.Fprintf(w, "%s believes it holds the lock until %s\n", args[0], pyFloat(until))
		} else if l.Token() != "" {
			fmt.Fprintf(w, "%s believes it holds the lock with its token\n", args[0])
		} else {
			fmt.Fprintf(w, "%s holds nothing\n", args[0])
		}
		return
	default:
		e.Fatalf(u)
	}
	result(e, neg, err)
}

// waitexpire CLIENT KEY: wait until the server has expired KEY. On
// miniredis its clock is moved past the key's expiry (FastForward); a real
// server's passes by itself, and the wait is polled, for up to 10 s.
func cmdWaitExpire(e *Env, neg bool, args []string) {
	usage(e, neg, args, 2, "waitexpire CLIENT KEY")
	r := e.client(e, args[0])
	pttl := func() int64 {
		reply, err := r.ExecuteCommand("PTTL", args[1])
		e.Check(err)
		n, ok := reply.(int64)
		if !ok {
			e.Fatalf("PTTL replied %#v", reply)
		}
		return n
	}
	left := pttl()
	if left == -1 {
		e.Fatalf("%s has no expiry: the server will never expire it", args[1])
	}
	if m := e.server.Miniredis(); m != nil && left > 0 {
		m.FastForward(time.Duration(left+1) * time.Millisecond)
	}
	for deadline := time.Now().Add(10 * time.Second); pttl() != -2; {
		if time.Now().After(deadline) {
			e.Fatalf("%s did not expire within 10 s", args[1])
		}
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Fprintf(e.Stdout(), "%s expired\n", args[1])
}
