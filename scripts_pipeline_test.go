package redispy_test

// Scenario commands for chapter 05's pipelines.

import (
	"github.com/redispy-go/redispy/chapters/05-pipeline"
)

var pipelineCmds = map[string]func(ts *cmd, neg bool, args []string){
	"pipeline": cmdPipeline,
	"queue":    cmdQueue,
	"watch":    cmdWatch,
	"multi":    cmdMulti,
	"execute":  cmdExecute,
}

func (s *scenario) pipe(ts *cmd, name string) *pipeline.Pipeline {
	p, ok := s.pipes[name]
	if !ok {
		ts.Fatalf("no pipeline named %q (make it with pipeline)", name)
	}
	return p
}

// pipeline NAME CLIENT [notx]: a pipeline on the client's pool, a
// transaction unless notx (transaction=False).
func cmdPipeline(ts *cmd, neg bool, args []string) {
	const u = "usage: pipeline NAME CLIENT [notx]"
	if len(args) < 2 || len(args) > 3 || neg || (len(args) == 3 && args[2] != "notx") {
		ts.Fatalf(u)
	}
	r, ok := ts.s.clients[args[1]]
	if !ok {
		ts.Fatalf("no client named %q (make it with newclient)", args[1])
	}
	ts.s.pipes[args[0]] = pipeline.New(r, len(args) == 2)
}

// queue PIPE COMMAND [ARGS...]: queue a command (ExecuteCommand); while a
// WATCH is on, it runs at once and its reply is printed.
func cmdQueue(ts *cmd, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: queue PIPE COMMAND [ARGS...]")
	}
	p := ts.s.pipe(ts, args[0])
	res := p.ExecuteCommand(strArgs(args[1:])...)
	if res.Err() == pipeline.ErrNotExecuted {
		if neg {
			ts.Fatalf("queued, but an error was expected")
		}
		return
	}
	v, err := res.Result()
	if err == nil {
		printReply(ts, v)
	}
	result(ts, neg, err)
}

// watch PIPE KEY...: WATCH, at once.
func cmdWatch(ts *cmd, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: watch PIPE KEY...")
	}
	ok, err := ts.s.pipe(ts, args[0]).Watch(args[1:]...)
	if err == nil {
		printReply(ts, ok)
	}
	result(ts, neg, err)
}

// multi PIPE: start the transaction after WATCH.
func cmdMulti(ts *cmd, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: multi PIPE")
	}
	result(ts, neg, ts.s.pipe(ts, args[0]).Multi())
}

// execute PIPE: Execute, and print the results list as redis-cli prints a
// multi-bulk reply, errors in their places.
func cmdExecute(ts *cmd, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: execute PIPE")
	}
	data, err := ts.s.pipe(ts, args[0]).Execute()
	if data != nil {
		printReply(ts, data)
	}
	result(ts, neg, err)
}
