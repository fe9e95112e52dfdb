package main

// The commands: every scenario command of internal/scenario (the ones the
// chapter pages' "See it run" blocks and the scenarios in testdata/scripts
// use, with the same arguments and output: one interpreter for the tests,
// this shell and the pages' Run buttons), run in a scenario.World whose
// pools and clients reach the server through the shell's tap, plus the
// shell's own: cut, wire, help, and clients without a count.

import (
	"fmt"

	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/internal/scenario"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
)

// shell is one session's world, as a scenario's is.
type shell struct {
	server *redistest.Server
	tap    *wredis.Tap // every pool and client reaches the server through it
	out    interface{ Write([]byte) (int, error) }
	world  *scenario.World
}

func (sh *shell) closeAll() { sh.world.Close() }

// own are the shell's own commands; they come before the scenario
// commands of the same name (clients without N).
var own map[string]func(*shell, []string) error

func init() {
	own = map[string]func(*shell, []string) error{
		"cut":  (*shell).cut,
		"wire": (*shell).wire,
		"help": (*shell).help,
	}
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

// help: the scenario commands with their usage lines, and the shell's own.
func (sh *shell) help(args []string) error {
	lang := "en"
	if zh {
		lang = "zh"
	}
	fmt.Fprint(sh.out, scenario.Help(lang))
	fmt.Fprintln(sh.out, say(helpEN, helpZH))
	return nil
}

// clients without N: the server's own count, read once (with N it is the
// scenario command, which waits for the count).
func (sh *shell) serverClients(args []string) error {
	n, err := sh.server.Clients()
	if err != nil {
		return err
	}
	fmt.Fprintf(sh.out, "server clients=%d\n", n)
	return nil
}

const helpEN = `The shell's own:
  clients (the server's own count, read once)
  cut (the network drops every connection; the server stays up)
  wire (the bytes sent and received since the last wire)
  # a comment · quit`

const helpZH = `shell 自己的命令：
  clients（服务器自己统计的客户端数，只读一次）
  cut（网络断掉所有连接，服务器照常运行）
  wire（上次 wire 之后发出和收到的字节）
  # 注释 · quit`
