package scenario

// Scenario commands for faults a real server cannot be made to produce on
// demand: a fault-injecting proxy (internal/redistest.Proxy) between a
// client and the scenario's server.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

var faultCmds = map[string]Command{
	"proxy":       {"proxy NAME", cmdProxy},
	"proxyclient": {"proxyclient NAME PROXY [without=FIXES]", cmdProxyClient},
	"fault":       {"fault PROXY drop-reply|reset-reply|cut-request|partial-reply=N", cmdFault},
}

// proxy NAME: start a proxy in front of the server.
func cmdProxy(e *Env, neg bool, args []string) {
	usage(e, neg, args, 1, "proxy NAME")
	s := e.World
	p, err := redistest.NewProxy(s.server.Addr())
	e.Check(err)
	e.Defer(p.Close)
	s.proxies[args[0]] = p
}

func (s *World) proxy(e *Env, name string) *redistest.Proxy {
	p, ok := s.proxies[name]
	if !ok {
		e.Fatalf("no proxy named %q (start it with proxy)", name)
	}
	return p
}

// proxyclient NAME PROXY [without=FIXES]: a Redis client that reaches the
// server through the proxy, with the named fixes off.
func cmdProxyClient(e *Env, neg bool, args []string) {
	if len(args) < 2 || len(args) > 3 || neg {
		e.Fatalf("usage: proxyclient NAME PROXY [without=FIXES]")
	}
	s := e.World
	p := s.proxy(e, args[1])
	opts := client.Options{Host: p.Host, Port: p.Port}
	if len(args) == 3 {
		names, ok := strings.CutPrefix(args[2], "without=")
		if !ok {
			e.Fatalf("unknown option %q", args[2])
		}
		fx, err := fixes.Parse(names)
		e.Check(err)
		opts.Fixes = fx
	}
	r := client.NewRedis(opts)
	s.clients[args[0]] = r
	s.pools[args[0]] = r.ConnectionPool
}

// fault PROXY drop-reply|reset-reply|cut-request|partial-reply=N: arm a
// fault for the next request that passes through the proxy (partial-reply:
// the first N bytes of the answer pass, the rest is lost once the server
// has run everything).
func cmdFault(e *Env, neg bool, args []string) {
	usage(e, neg, args, 2, "fault PROXY drop-reply|reset-reply|cut-request|partial-reply=N")
	p := e.proxy(e, args[0])
	if v, ok := strings.CutPrefix(args[1], "partial-reply="); ok {
		n, err := strconv.Atoi(v)
		e.Check(err)
		p.NextPartialReply(n)
		return
	}
	for _, f := range []redistest.Fault{redistest.DropReply, redistest.ResetReply, redistest.CutRequest} {
		if f.String() == args[1] {
			p.Next(f)
			return
		}
	}
	e.Fatalf("%s", fmt.Sprintf("unknown fault %q", args[1]))
}
