package redispy_test

// Scenario commands for faults a real server cannot be made to produce on
// demand: a fault-injecting proxy (internal/redistest.Proxy) between a
// client and the scenario's server.

import (
	"fmt"
	"strings"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

var faultCmds = map[string]func(ts *cmd, neg bool, args []string){
	"proxy":       cmdProxy,
	"proxyclient": cmdProxyClient,
	"fault":       cmdFault,
}

// proxy NAME: start a proxy in front of the server.
func cmdProxy(ts *cmd, neg bool, args []string) {
	usage(ts, neg, args, 1, "proxy NAME")
	s := ts.s
	p, err := redistest.NewProxy(s.server.Addr())
	ts.Check(err)
	ts.Defer(p.Close)
	s.proxies[args[0]] = p
}

func (s *scenario) proxy(ts *cmd, name string) *redistest.Proxy {
	p, ok := s.proxies[name]
	if !ok {
		ts.Fatalf("no proxy named %q (start it with proxy)", name)
	}
	return p
}

// proxyclient NAME PROXY [without=FIXES]: a Redis client that reaches the
// server through the proxy, with the named fixes off.
func cmdProxyClient(ts *cmd, neg bool, args []string) {
	if len(args) < 2 || len(args) > 3 || neg {
		ts.Fatalf("usage: proxyclient NAME PROXY [without=FIXES]")
	}
	s := ts.s
	p := s.proxy(ts, args[1])
	opts := client.Options{Host: p.Host, Port: p.Port}
	if len(args) == 3 {
		names, ok := strings.CutPrefix(args[2], "without=")
		if !ok {
			ts.Fatalf("unknown option %q", args[2])
		}
		fx, err := fixes.Parse(names)
		ts.Check(err)
		opts.Fixes = fx
	}
	r := client.NewRedis(opts)
	s.clients[args[0]] = r
	s.pools[args[0]] = r.ConnectionPool
}

// fault PROXY drop-reply|reset-reply|cut-request: arm a fault for the next
// request that passes through the proxy.
func cmdFault(ts *cmd, neg bool, args []string) {
	usage(ts, neg, args, 2, "fault PROXY drop-reply|reset-reply|cut-request")
	p := ts.s.proxy(ts, args[0])
	for _, f := range []redistest.Fault{redistest.DropReply, redistest.ResetReply, redistest.CutRequest} {
		if f.String() == args[1] {
			p.Next(f)
			return
		}
	}
	ts.Fatalf("%s", fmt.Sprintf("unknown fault %q", args[1]))
}
