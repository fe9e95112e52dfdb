package main

// Everything the shell prints for a command, in one place, the way the
// scenarios print it (scripts_test.go: printReply, result, stats, clients,
// conn, same), so that a session reads like the transcripts on the chapter
// pages. When those change, this file follows.

import (
	"fmt"
	"io"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/01-pool"
)

// printReply prints a reply the way redis-cli does.
func printReply(w io.Writer, reply any) {
	switch r := reply.(type) {
	case nil:
		fmt.Fprintln(w, "(nil)")
	case string:
		fmt.Fprintln(w, r)
	case int64:
		fmt.Fprintf(w, "(integer) %d\n", r)
	case bool:
		fmt.Fprintf(w, "(callback) %v\n", r)
	case []byte:
		fmt.Fprintf(w, "%q\n", r)
	case exceptions.ResponseError:
		fmt.Fprintf(w, "(error) %s\n", r.Msg)
	case []any:
		if len(r) == 0 {
			fmt.Fprintln(w, "(empty list)")
		}
		for i, item := range r {
			fmt.Fprintf(w, "%d) ", i+1)
			printReply(w, item)
		}
	default:
		fmt.Fprintf(w, "%#v\n", r)
	}
}

// printError prints a failed command as "Kind: message".
func printError(w io.Writer, err error) {
	kind := "error"
	if k := exceptions.KindOf(err); k != nil {
		kind = k.Error()
	}
	fmt.Fprintf(w, "%s: %s\n", kind, err)
}

func printStats(w io.Writer, s pool.Stats) { fmt.Fprintln(w, s) }

func printClients(w io.Writer, n int) { fmt.Fprintf(w, "server clients=%d\n", n) }

func printConnected(w io.Writer, name string, connected bool) {
	state := "not connected"
	if connected {
		state = "connected"
	}
	fmt.Fprintf(w, "%s %s\n", name, state)
}

func printSame(w io.Writer, a, b string, same bool) {
	op := "=="
	if !same {
		op = "!="
	}
	fmt.Fprintf(w, "%s %s %s\n", a, op, b)
}
