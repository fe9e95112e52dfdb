package pipeline

import (
	"bytes"
	"fmt"
	"reflect"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/04-client"
)

// ErrNotExecuted is a Result's error before Execute has run its command.
var ErrNotExecuted = exceptions.New(exceptions.ErrRedis, "the pipeline has not executed this command yet: call Execute")

// ErrDiscarded is the error of a command that Reset dropped unexecuted.
var ErrDiscarded = exceptions.New(exceptions.ErrRedis, "the pipeline was reset before it executed this command")

// --8<-- [start:result]

// Result is the typed result of one command queued on a pipeline: what
// chapter 04's method returns, once Execute has run the command (or at
// once, for a command run immediately after WATCH).
type Result[T any] struct {
	val  T
	err  error
	done bool
}

// Val returns the command's value: T's zero value until Execute, or when
// the command failed.
func (r *Result[T]) Val() T { return r.val }

// Err returns the command's error: ErrNotExecuted before Execute.
func (r *Result[T]) Err() error {
	if !r.done {
		return ErrNotExecuted
	}
	return r.err
}

// Result returns Val and Err, as chapter 04's method would have.
func (r *Result[T]) Result() (T, error) { return r.Val(), r.Err() }

func (r *Result[T]) set(v T, err error) {
	if !r.done {
		r.val, r.err, r.done = v, err, true
	}
}

// --8<-- [end:result]

// --8<-- [start:queue]

// queue runs one of chapter 04's methods, call, for the pipeline: once now
// on p.queuer, where its command is queued (or run at once after WATCH),
// and once more when Execute has its reply, on p.replayer, so that the
// method's own conversion makes the typed result. No command's logic is
// written twice.
func queue[T any](p *Pipeline, call func(*client.Redis) (T, error)) *Result[T] {
	e := &entry[T]{p: p, call: call} // one allocation: the command and its Result
	e.command.result = e
	n := len(p.commandStack)
	p.queuing = &e.command
	v, err := call(p.queuer)
	p.queuing = nil
	switch {
	case len(p.commandStack) == n:
		// Run at once after WATCH, or refused by the method's own checks
		// before it issued anything: either way, its result is known. (1)
		e.res.set(v, err)
	case len(p.commandStack) > n+1:
		e.res.set(v, exceptions.New(exceptions.ErrRedis, "a pipelined method queued more than one command"))
	}
	return &e.res
}

// entry is a queued command with its typed Result and the method that
// makes it.
type entry[T any] struct {
	command
	res  Result[T]
	p    *Pipeline
	call func(*client.Redis) (T, error)
}

// fill runs the method again, on p.replayer, which hands it this reply. (2)
func (e *entry[T]) fill(reply any, rerr error) {
	if e.res.done {
		return
	}
	p := e.p
	p.replay = replay{command: &e.command, reply: reply, err: rerr}
	v, err := e.call(p.replayer)
	if p.replay.calls == 0 && err == nil {
		err = mismatch(nil, e.args)
	}
	p.replay = replay{}
	e.res.set(v, err)
}

// replay is the reply p.replayer hands to the method being run again.
type replay struct {
	command *command
	reply   any
	err     error
	calls   int
}

// replayCommand is the Executor of p.replayer. The method must issue the
// command it queued, once: a method whose command changed between the two
// runs (a map read in a random order, the clock) would give the result of
// one command for another. (3)
func (p *Pipeline) replayCommand(options client.CommandOptions, args []any) (any, error) {
	r := &p.replay
	r.calls++
	if r.command == nil || r.calls > 1 || options != r.command.options || !sameArgs(args, r.command.args) {
		var queued []any
		if r.command != nil {
			queued = r.command.args
		}
		return nil, mismatch(args, queued)
	}
	return r.reply, r.err
}

// --8<-- [end:queue]

func mismatch(issued, queued []any) error {
	return exceptions.New(exceptions.ErrRedis, fmt.Sprintf(
		"pipeline replay: the method issued %v where it had queued %v; a command method must issue the same command every time", issued, queued))
}

// sameArgs compares two commands' arguments; the common types without
// reflection.
func sameArgs(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		switch x := a[i].(type) {
		case string:
			if y, ok := b[i].(string); !ok || x != y {
				return false
			}
		case []byte:
			if y, ok := b[i].([]byte); !ok || !bytes.Equal(x, y) {
				return false
			}
		case int64:
			if y, ok := b[i].(int64); !ok || x != y {
				return false
			}
		default:
			if !reflect.DeepEqual(a[i], b[i]) {
				return false
			}
		}
	}
	return true
}
