package scenario

// Scenario commands for chapter 05's pipelines.

import (
	"github.com/redispy-go/redispy/chapters/05-pipeline"
)

var pipelineCmds = map[string]Command{
	"pipeline": {"pipeline NAME CLIENT [notx]", cmdPipeline},
	"queue":    {"queue PIPE COMMAND [ARGS...]", cmdQueue},
	"watch":    {"watch PIPE KEY...", cmdWatch},
	"multi":    {"multi PIPE", cmdMulti},
	"execute":  {"execute PIPE", cmdExecute},
}

func (s *World) pipe(e *Env, name string) *pipeline.Pipeline {
	p, ok := s.pipes[name]
	if !ok {
		e.Fatalf("no pipeline named %q (make it with pipeline)", name)
	}
	return p
}

// pipeline NAME CLIENT [notx]: a pipeline on the client's pool, a
// transaction unless notx (transaction=False).
func cmdPipeline(e *Env, neg bool, args []string) {
	const u = "usage: pipeline NAME CLIENT [notx]"
	if len(args) < 2 || len(args) > 3 || neg || (len(args) == 3 && args[2] != "notx") {
		e.Fatalf(u)
	}
	r, ok := e.clients[args[1]]
	if !ok {
		e.Fatalf("no client named %q (make it with newclient)", args[1])
	}
	e.pipes[args[0]] = pipeline.New(r, len(args) == 2)
}

// queue PIPE COMMAND [ARGS...]: queue a command (ExecuteCommand); while a
// WATCH is on, it runs at once and its reply is printed.
func cmdQueue(e *Env, neg bool, args []string) {
	if len(args) < 2 {
		e.Fatalf("usage: queue PIPE COMMAND [ARGS...]")
	}
	p := e.pipe(e, args[0])
	res := p.ExecuteCommand(strArgs(args[1:])...)
	if res.Err() == pipeline.ErrNotExecuted {
		if neg {
			e.Fatalf("queued, but an error was expected")
		}
		return
	}
	v, err := res.Result()
	if err == nil {
		printReply(e, v)
	}
	result(e, neg, err)
}

// watch PIPE KEY...: WATCH, at once.
func cmdWatch(e *Env, neg bool, args []string) {
	if len(args) < 2 {
		e.Fatalf("usage: watch PIPE KEY...")
	}
	ok, err := e.pipe(e, args[0]).Watch(args[1:]...)
	if err == nil {
		printReply(e, ok)
	}
	result(e, neg, err)
}

// multi PIPE: start the transaction after WATCH.
func cmdMulti(e *Env, neg bool, args []string) {
	if len(args) != 1 {
		e.Fatalf("usage: multi PIPE")
	}
	result(e, neg, e.pipe(e, args[0]).Multi())
}

// execute PIPE: Execute, and print the results list as redis-cli prints a
// multi-bulk reply, errors in their places.
func cmdExecute(e *Env, neg bool, args []string) {
	if len(args) != 1 {
		e.Fatalf("usage: execute PIPE")
	}
	data, err := e.pipe(e, args[0]).Execute()
	if data != nil {
		printReply(e, data)
	}
	result(e, neg, err)
}
