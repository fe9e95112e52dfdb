package redispy_test

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

var lockCmds = map[string]func(ts *cmd, neg bool, args []string){
	"clock":      cmdClock,
	"newlock":    cmdNewLock,
	"lock":       cmdLock,
	"waitexpire": cmdWaitExpire,
}

func (s *scenario) client(ts *cmd, name string) *client.Redis {
	r, ok := s.clients[name]
	if !ok {
		ts.Fatalf("no client named %q (make it with newclient)", name)
	}
	return r
}

func (s *scenario) lock(ts *cmd, name string) *lock.Lock {
	l, ok := s.locks[name]
	if !ok {
		ts.Fatalf("no lock named %q (make it with newlock)", name)
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
func cmdClock(ts *cmd, neg bool, args []string) {
	usage(ts, neg, args, 2, "clock NAME UNIXTIME|+DURATION|-DURATION")
	s := ts.s
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
		ts.Check(err)
		if v[0] == '-' {
			d = -d
		}
		c.Add(d)
	default:
		sec, err := strconv.ParseFloat(v, 64)
		ts.Check(err)
		c.Set(clock.Unix(sec))
	}
	now := c.Now()
	fmt.Fprintf(ts.Stdout(), "clock %s reads %s\n", args[0], pyFloat(float64(now.Unix())+float64(now.Nanosecond())/1e9))
}

// newlock NAME CLIENT KEY [timeout=D] [sleep=D] [clock=CLOCK]: a lock on
// KEY through the client (2.4.6's lock when the client was made with
// without=lock-token), reading the fake clock CLOCK instead of the time.
func cmdNewLock(ts *cmd, neg bool, args []string) {
	const u = "usage: newlock NAME CLIENT KEY [timeout=D] [sleep=D] [clock=CLOCK]"
	if len(args) < 3 {
		ts.Fatalf(u)
	}
	s := ts.s
	r := s.client(ts, args[1])
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
		ts.Check(err)
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
	result(ts, neg, err)
}

// lock NAME acquire [nonblocking] | release | extend DURATION | state:
// use the lock; acquire prints whether it got it, state what the lock
// believes it holds.
func cmdLock(ts *cmd, neg bool, args []string) {
	const u = "usage: lock NAME acquire [nonblocking] | release | extend DURATION | state"
	if len(args) < 2 {
		ts.Fatalf(u)
	}
	l := ts.s.lock(ts, args[0])
	var err error
	switch op := strings.Join(args[1:], " "); {
	case op == "acquire" || op == "acquire nonblocking":
		var ok bool
		if ok, err = l.Acquire(op == "acquire"); err == nil {
			got := "acquired"
			if !ok {
				got = "not acquired"
			}
			fmt.Fprintf(ts.Stdout(), "%s %s\n", args[0], got)
		}
	case op == "release":
		err = l.Release()
	case args[1] == "extend" && len(args) == 3:
		var d time.Duration
		d, err = time.ParseDuration(args[2])
		ts.Check(err)
		err = l.Extend(d)
	case op == "state":
		if neg {
			ts.Fatalf("lock NAME state cannot fail; drop the !")
		}
		w := ts.Stdout()
		if until, held := l.AcquiredUntil(); held {
			fmt.Fprintf(w, "%s believes it holds the lock until %s\n", args[0], pyFloat(until))
		} else if l.Token() != "" {
			fmt.Fprintf(w, "%s believes it holds the lock with its token\n", args[0])
		} else {
			fmt.Fprintf(w, "%s holds nothing\n", args[0])
		}
		return
	default:
		ts.Fatalf(u)
	}
	result(ts, neg, err)
}

// waitexpire CLIENT KEY: wait until the server has expired KEY. On
// miniredis its clock is moved past the key's expiry (FastForward); a real
// server's passes by itself, and the wait is polled, for up to 10 s.
func cmdWaitExpire(ts *cmd, neg bool, args []string) {
	usage(ts, neg, args, 2, "waitexpire CLIENT KEY")
	r := ts.s.client(ts, args[0])
	pttl := func() int64 {
		reply, err := r.ExecuteCommand("PTTL", args[1])
		ts.Check(err)
		n, ok := reply.(int64)
		if !ok {
			ts.Fatalf("PTTL replied %#v", reply)
		}
		return n
	}
	left := pttl()
	if left == -1 {
		ts.Fatalf("%s has no expiry: the server will never expire it", args[1])
	}
	if m := ts.s.server.Miniredis(); m != nil && left > 0 {
		m.FastForward(time.Duration(left+1) * time.Millisecond)
	}
	for deadline := time.Now().Add(10 * time.Second); pttl() != -2; {
		if time.Now().After(deadline) {
			ts.Fatalf("%s did not expire within 10 s", args[1])
		}
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Fprintf(ts.Stdout(), "%s expired\n", args[1])
}
