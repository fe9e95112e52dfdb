package main

// The commands: the scenario commands of scripts_test.go (newpool, get,
// release, disconnect, stats, clients, do, send, read, conn, same,
// killclients, newclient, call, stall, waitstall, and the fault proxy's
// proxy, proxyclient, fault), with the same arguments, plus the shell's
// own: cut, wire, help.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redispy-go/redispy/chapters/01-pool"
	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
)

// shell is one session's world, as a scenario's is.
type shell struct {
	server  *redistest.Server
	tap     *wredis.Tap // every pool and client reaches the server through it
	out     interface{ Write([]byte) (int, error) }
	pools   map[string]*pool.ConnectionPool[*connection.Connection]
	conns   map[string]*connection.Connection
	clients map[string]*client.Redis
	proxies map[string]*redistest.Proxy
	stalled <-chan struct{}
}

func (sh *shell) closeAll() {
	for _, p := range sh.pools {
		_ = p.Disconnect()
	}
	for _, p := range sh.proxies {
		p.Close()
	}
}

var commands map[string]func(*shell, []string) error

func init() {
	commands = map[string]func(*shell, []string) error{
		"newpool":     (*shell).newPool,
		"get":         (*shell).get,
		"release":     (*shell).release,
		"disconnect":  (*shell).disconnect,
		"stats":       (*shell).stats,
		"clients":     (*shell).serverClients,
		"do":          (*shell).do,
		"send":        (*shell).send,
		"read":        (*shell).read,
		"conn":        (*shell).connState,
		"same":        (*shell).same,
		"killclients": (*shell).killClients,
		"newclient":   (*shell).newClient,
		"call":        (*shell).call,
		"stall":       (*shell).stall,
		"waitstall":   (*shell).waitStall,
		"proxy":       (*shell).proxy,
		"proxyclient": (*shell).proxyClient,
		"fault":       (*shell).fault,
		"cut":         (*shell).cut,
		"wire":        (*shell).wire,
		"help":        (*shell).help,
	}
}

func (sh *shell) pool(name string) (*pool.ConnectionPool[*connection.Connection], error) {
	if p, ok := sh.pools[name]; ok {
		return p, nil
	}
	return nil, fmt.Errorf(say("no pool named %q (make it with newpool or newclient)", "没有叫 %q 的连接池（用 newpool 或 newclient 创建）"), name)
}

func (sh *shell) conn(name string) (*connection.Connection, error) {
	if c, ok := sh.conns[name]; ok {
		return c, nil
	}
	return nil, fmt.Errorf(say("no connection named %q (borrow it with get)", "没有叫 %q 的连接（用 get 借出）"), name)
}

func withoutFixes(v string) (fixes.Set, error) {
	if v == "" {
		return fixes.Set{}, errors.New(say("without= needs fix names (internal/fixes) or all", "without= 后面要写修复的名字（见 internal/fixes）或 all"))
	}
	return fixes.Parse(v)
}

// newpool NAME [max=N] [db=N] [timeout=D] [parser=python|hiredis] [without=FIXES]
func (sh *shell) newPool(args []string) error {
	const u = "newpool NAME [max=N] [db=N] [timeout=D] [parser=python|hiredis] [without=FIXES]"
	if len(args) < 1 {
		return usageError(u)
	}
	opts := connection.Options{Host: sh.tap.Host, Port: sh.tap.Port}
	max := 0
	for _, a := range args[1:] {
		k, v, _ := strings.Cut(a, "=")
		var err error
		switch k {
		case "max":
			max, err = strconv.Atoi(v)
		case "db":
			opts.DB, err = strconv.Atoi(v)
		case "timeout":
			opts.SocketTimeout, err = time.ParseDuration(v)
		case "parser":
			switch v {
			case "python":
				opts.ParserClass = func() parser.Parser { return parser.NewPythonParser() }
			case "hiredis":
				opts.ParserClass = func() parser.Parser { return parser.NewHiredisParser() }
			default:
				err = fmt.Errorf("unknown parser %q", v)
			}
		case "without":
			opts.Fixes, err = withoutFixes(v)
		default:
			return usageError(u)
		}
		if err != nil {
			return err
		}
	}
	sh.pools[args[0]] = pool.NewConnectionPool(func() *connection.Connection { return connection.NewConnection(opts) }, max)
	return nil
}

// get POOL CONN: borrow a connection and call it CONN.
func (sh *shell) get(args []string) error {
	if len(args) != 2 {
		return usageError("get POOL CONN")
	}
	p, err := sh.pool(args[0])
	if err != nil {
		return err
	}
	c, err := p.GetConnection("GET")
	if err == nil {
		sh.conns[args[1]] = c
	}
	return err
}

// release POOL CONN
func (sh *shell) release(args []string) error {
	if len(args) != 2 {
		return usageError("release POOL CONN")
	}
	p, err := sh.pool(args[0])
	if err != nil {
		return err
	}
	c, err := sh.conn(args[1])
	if err != nil {
		return err
	}
	return p.Release(c)
}

// disconnect POOL
func (sh *shell) disconnect(args []string) error {
	if len(args) != 1 {
		return usageError("disconnect POOL")
	}
	p, err := sh.pool(args[0])
	if err != nil {
		return err
	}
	return p.Disconnect()
}

// stats POOL: the pool's counts.
func (sh *shell) stats(args []string) error {
	if len(args) != 1 {
		return usageError("stats POOL")
	}
	p, err := sh.pool(args[0])
	if err != nil {
		return err
	}
	printStats(sh.out, p.Stats())
	return nil
}

// clients [N]: the server's own count of clients; with N, waited for
// (briefly), as the scenarios do.
func (sh *shell) serverClients(args []string) error {
	switch len(args) {
	case 0:
		n, err := sh.server.Clients()
		if err != nil {
			return err
		}
		printClients(sh.out, n)
		return nil
	case 1:
		want, err := strconv.Atoi(args[0])
		if err != nil {
			return usageError("clients [N]")
		}
		n, err := sh.server.WaitClients(want)
		if err != nil {
			return err
		}
		printClients(sh.out, n)
		return nil
	}
	return usageError("clients [N]")
}

// do CONN COMMAND [ARGS...]: send one command and print the reply.
func (sh *shell) do(args []string) error {
	if len(args) < 2 {
		return usageError("do CONN COMMAND [ARGS...]")
	}
	c, err := sh.conn(args[0])
	if err != nil {
		return err
	}
	if err := c.SendCommand(strArgs(args[1:])...); err != nil {
		return err
	}
	reply, err := c.ReadResponse()
	if err == nil {
		printReply(sh.out, reply)
	}
	return err
}

// send CONN COMMAND [ARGS...]: send without reading the reply.
func (sh *shell) send(args []string) error {
	if len(args) < 2 {
		return usageError("send CONN COMMAND [ARGS...]")
	}
	c, err := sh.conn(args[0])
	if err != nil {
		return err
	}
	return c.SendCommand(strArgs(args[1:])...)
}

// read CONN: read one reply.
func (sh *shell) read(args []string) error {
	if len(args) != 1 {
		return usageError("read CONN")
	}
	c, err := sh.conn(args[0])
	if err != nil {
		return err
	}
	reply, err := c.ReadResponse()
	if err == nil {
		printReply(sh.out, reply)
	}
	return err
}

// conn CONN: is its socket open?
func (sh *shell) connState(args []string) error {
	if len(args) != 1 {
		return usageError("conn CONN")
	}
	c, err := sh.conn(args[0])
	if err != nil {
		return err
	}
	printConnected(sh.out, args[0], c.Connected())
	return nil
}

// same A B: are the two names one connection object?
func (sh *shell) same(args []string) error {
	if len(args) != 2 {
		return usageError("same A B")
	}
	a, err := sh.conn(args[0])
	if err != nil {
		return err
	}
	b, err := sh.conn(args[1])
	if err != nil {
		return err
	}
	printSame(sh.out, args[0], args[1], a == b)
	return nil
}

// killclients: the server closes every client connection, as a restart
// or an idle timeout would.
func (sh *shell) killClients(args []string) error {
	if len(args) != 0 {
		return usageError("killclients")
	}
	return sh.server.KillClients()
}

// newclient NAME [db=N] [timeout=D] [without=FIXES]: a Redis client; its
// pool is also a pool named NAME.
func (sh *shell) newClient(args []string) error {
	const u = "newclient NAME [db=N] [timeout=D] [without=FIXES]"
	if len(args) < 1 {
		return usageError(u)
	}
	opts := client.Options{Host: sh.tap.Host, Port: sh.tap.Port}
	if err := clientOptions(&opts, args[1:], u); err != nil {
		return err
	}
	r := client.NewRedis(opts)
	sh.clients[args[0]] = r
	sh.pools[args[0]] = r.ConnectionPool
	return nil
}

func clientOptions(opts *client.Options, args []string, u string) error {
	for _, a := range args {
		k, v, _ := strings.Cut(a, "=")
		var err error
		switch k {
		case "db":
			opts.DB, err = strconv.Atoi(v)
		case "timeout":
			opts.SocketTimeout, err = time.ParseDuration(v)
		case "without":
			opts.Fixes, err = withoutFixes(v)
		default:
			return usageError(u)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// call CLIENT COMMAND [ARGS...]: ExecuteCommand, and print what the
// command's callback made of the reply.
func (sh *shell) call(args []string) error {
	if len(args) < 2 {
		return usageError("call CLIENT COMMAND [ARGS...]")
	}
	r, ok := sh.clients[args[0]]
	if !ok {
		return fmt.Errorf(say("no client named %q (make it with newclient)", "没有叫 %q 的客户端（用 newclient 创建）"), args[0])
	}
	reply, err := r.ExecuteCommand(strArgs(args[1:])...)
	if err == nil {
		printReply(sh.out, reply)
	}
	return err
}

// stall DURATION: the server answers nothing for DURATION.
func (sh *shell) stall(args []string) error {
	if len(args) != 1 {
		return usageError("stall DURATION")
	}
	d, err := time.ParseDuration(args[0])
	if err != nil {
		return err
	}
	sh.stalled, err = sh.server.Stall(d)
	return err
}

// waitstall: wait until the last stall is over, and what queued behind
// it has run.
func (sh *shell) waitStall(args []string) error {
	if sh.stalled != nil {
		<-sh.stalled
		time.Sleep(100 * time.Millisecond)
	}
	return nil
}

// proxy NAME: a fault-injecting proxy in front of the server.
func (sh *shell) proxy(args []string) error {
	if len(args) != 1 {
		return usageError("proxy NAME")
	}
	p, err := redistest.NewProxy(sh.server.Addr())
	if err != nil {
		return err
	}
	sh.proxies[args[0]] = p
	return nil
}

// proxyclient NAME PROXY [without=FIXES]: a client that reaches the
// server through the proxy.
func (sh *shell) proxyClient(args []string) error {
	const u = "proxyclient NAME PROXY [without=FIXES]"
	if len(args) < 2 || len(args) > 3 {
		return usageError(u)
	}
	p, ok := sh.proxies[args[1]]
	if !ok {
		return fmt.Errorf(say("no proxy named %q (start it with proxy)", "没有叫 %q 的代理（用 proxy 启动）"), args[1])
	}
	opts := client.Options{Host: p.Host, Port: p.Port}
	if err := clientOptions(&opts, args[2:], u); err != nil {
		return err
	}
	r := client.NewRedis(opts)
	sh.clients[args[0]] = r
	sh.pools[args[0]] = r.ConnectionPool
	return nil
}

// fault PROXY drop-reply|reset-reply|cut-request: arm a fault for the
// next request through the proxy.
func (sh *shell) fault(args []string) error {
	const u = "fault PROXY drop-reply|reset-reply|cut-request"
	if len(args) != 2 {
		return usageError(u)
	}
	p, ok := sh.proxies[args[0]]
	if !ok {
		return fmt.Errorf(say("no proxy named %q (start it with proxy)", "没有叫 %q 的代理（用 proxy 启动）"), args[0])
	}
	for _, f := range []redistest.Fault{redistest.DropReply, redistest.ResetReply, redistest.CutRequest} {
		if f.String() == args[1] {
			p.Next(f)
			return nil
		}
	}
	return usageError(u)
}

// cut: every connection the shell's pools and clients have is cut, as a
// network that drops them would; the server stays up.
func (sh *shell) cut(args []string) error {
	if len(args) != 0 {
		return usageError("cut")
	}
	sh.tap.Cut()
	return nil
}

// wire: the bytes sent and received since the last wire, connection by
// connection.
func (sh *shell) wire(args []string) error {
	if len(args) != 0 {
		return usageError("wire")
	}
	fmt.Fprintln(sh.out, sh.tap.Transcript())
	sh.tap.Reset()
	return nil
}

func (sh *shell) help(args []string) error {
	fmt.Fprintln(sh.out, say(helpEN, helpZH))
	return nil
}

const helpEN = `The scenario commands (the chapter pages' "See it run" blocks show them):
  newpool NAME [max=N] [db=N] [timeout=D] [parser=python|hiredis] [without=FIXES]
  get POOL CONN · release POOL CONN · disconnect POOL · stats POOL
  do CONN CMD [ARGS...] · send CONN CMD [ARGS...] · read CONN · conn CONN · same A B
  newclient NAME [db=N] [timeout=D] [without=FIXES] · call CLIENT CMD [ARGS...]
  clients [N] (the server's own count) · killclients (the server hangs up on everyone)
  stall D · waitstall (the server answers nothing for D)
  proxy NAME · proxyclient NAME PROXY [without=FIXES] · fault PROXY drop-reply|reset-reply|cut-request
The shell's own:
  cut (the network drops every connection; the server stays up)
  wire (the bytes sent and received since the last wire)
  # a comment · quit
FIXES are names from internal/fixes (for example at-most-once), or all: 2.4.6 as it was.`

const helpZH = `场景命令（章节页面“跑起来看看”里用的就是它们）：
  newpool 名字 [max=N] [db=N] [timeout=D] [parser=python|hiredis] [without=修复]
  get 连接池 连接 · release 连接池 连接 · disconnect 连接池 · stats 连接池
  do 连接 命令 [参数...] · send 连接 命令 [参数...] · read 连接 · conn 连接 · same A B
  newclient 名字 [db=N] [timeout=D] [without=修复] · call 客户端 命令 [参数...]
  clients [N]（服务器自己统计的客户端数）· killclients（服务器断开所有客户端）
  stall D · waitstall（服务器在 D 时间内什么都不回）
  proxy 名字 · proxyclient 名字 代理 [without=修复] · fault 代理 drop-reply|reset-reply|cut-request
shell 自己的命令：
  cut（网络断掉所有连接，服务器照常运行）
  wire（上次 wire 之后发出和收到的字节）
  # 注释 · quit
修复的名字见 internal/fixes（比如 at-most-once），写 all 就是原汁原味的 2.4.6。`

func strArgs(words []string) []any {
	args := make([]any, len(words))
	for i, w := range words {
		args[i] = w
	}
	return args
}
