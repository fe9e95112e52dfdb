// Workshop exercise 21-pipeline-connection, made from chapters/05-pipeline/execute.go
// by `go run ./cmd/workshop dev sync`. The parts marked TODO(workshop) are
// yours to write; the rest is the chapter's own code. Check your work with
// `go run ./cmd/workshop check`.

package pipeline

import (
	"errors"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/fixes"
)

// ExecuteOptions are the keyword argument later releases gave execute.
type ExecuteOptions struct {
	// RaiseOnError is redis-py 2.7.0's raise_on_error. True (2.7.0's
	// default): the first error among the results is also the error
	// Execute returns, with or without a transaction, once every reply
	// has been read. False: a command's error is only a value in its
	// place in the results.
	RaiseOnError bool
}

// raising is which command errors become Execute's error.
type raising int

const (
	raise246   raising = iota // 2.4.6: the first one without a transaction, none in one
	raiseFirst                // raise_on_error=True
	raiseNone                 // raise_on_error=False
)

// --8<-- [start:execute]

// Execute sends every queued command in one write and returns their
// results in order, each after its command's callback, and fills each
// command's Result. In a transaction (the default) a command the server
// refused is an error value in its place, as in 2.4.6; without one, the
// first error reply is also returned as the error, as 2.4.6 raised it (but
// only after every reply was read: pipeline-reads-every-reply). An EXEC
// that found a watched key changed is ErrWatch. Execute resets the
// pipeline, whatever happens.
func (p *Pipeline) Execute() ([]any, error) { return p.execute(raise246) }

// ExecuteWith is Execute with the option later releases added.
func (p *Pipeline) ExecuteWith(opts ExecuteOptions) ([]any, error) {
	if opts.RaiseOnError {
		return p.execute(raiseFirst)
	}
	return p.execute(raiseNone)
}

func (p *Pipeline) execute(raise raising) (data []any, err error) {
	stack := p.commandStack
	tx := p.transaction || p.explicitTransaction
	run := p.executePipeline
	if tx {
		run = p.executeTransaction
	}
	conn := p.connection // the watched connection, if any
	if conn == nil {
		if conn, err = p.getConnection("MULTI"); err != nil {
			return nil, err // before 2.4.6's try: the commands stay queued (1)
		}
		// TODO(workshop): this is 2.4.6's execute. It borrows a
		// connection from the pool for this one run and keeps it in a
		// local variable. The deferred Reset below is the one place
		// that gives a connection back to the pool; look at what it
		// gives back.
	}
	defer func() {
		if rerr := p.Reset(); rerr != nil { // finally: self.reset() (3)
			err = rerr
		}
	}()

	o := run(conn, stack)
	if errors.Is(o.err, exceptions.ErrConnection) {
		conn.Disconnect()
		o.failure.transaction, o.failure.commands = tx, len(stack)
		switch p.afterConnectionError(o.err, o.failure) {
		case sendAgain:
			o = run(conn, stack) // once more, on a new socket: final (4)
			if errors.Is(o.err, exceptions.ErrConnection) {
				conn.Disconnect()
				o.failure.transaction, o.failure.commands = tx, len(stack)
				o.err = p.lost(o)
			}
		case watchLost:
			o.err = exceptions.New(exceptions.ErrWatch, "Watched variable changed.") // as 2.4.6 words it (5)
		default:
			o.err = p.lost(o)
		}
	}
	p.fill(stack, o)
	return o.results(tx, raise)
}

// --8<-- [end:execute]

// outcome is what one run of the commands produced.
type outcome struct {
	data    []any // one per command read: the callback's value, or an error (a value)
	failure       // how far the run got
	err     error // the run failed as a whole
	// perCommand overrides data when filling the Results of a transaction
	// that EXEC refused: each refused command's own error in its place.
	perCommand []any
}

// results is what Execute returns for o: the list when the run did not
// fail as a whole, and the error.
func (o outcome) results(tx bool, raise raising) ([]any, error) {
	if o.err != nil {
		return nil, o.err // as Python raised it: no list
	}
	if raise == raiseFirst || (raise == raise246 && !tx) {
		for _, d := range o.data {
			if e, ok := d.(error); ok {
				return o.data, e
			}
		}
	}
	return o.data, nil
}

// fill gives each command's Result its reply, or the error that kept it
// from having one.
func (p *Pipeline) fill(stack []*command, o outcome) {
	values := o.data
	if o.perCommand != nil {
		values = o.perCommand
	}
	for i, c := range stack {
		switch {
		case i < len(values):
			if e, ok := values[i].(error); ok {
				c.done(nil, e)
			} else {
				c.done(values[i], nil)
			}
		case o.err != nil:
			c.done(nil, o.err)
		default:
			c.done(nil, exceptions.New(exceptions.ErrResponse, "Wrong number of response items from pipeline execution"))
		}
	}
}

// --8<-- [start:execute_transaction]

// executeTransaction sends MULTI, the commands and EXEC in one write, and
// reads the commands' replies out of EXEC's.
func (p *Pipeline) executeTransaction(conn *connection.Connection, commands []*command) (o outcome) {
	if o.stage, o.err = p.send(conn, commands, true); o.err != nil {
		return o
	}
	if _, o.err = p.parseResponse(conn, "_", client.CommandOptions{}); o.err != nil { // MULTI's OK
		return o
	}
	var refused []int // commands the server answered with an error instead of QUEUED
	var errs []error
	for i := range commands {
		_, err := p.parseResponse(conn, "_", client.CommandOptions{}) // QUEUED, read and dropped (1)
		if err == nil {
			continue
		}
		if errors.Is(err, exceptions.ErrConnection) || !p.fixes.On(fixes.TransactionReadsEveryReply) {
			o.err = err // 2.4.6 raised here: the other replies and EXEC's stay unread (2)
			return o
		}
		refused, errs = append(refused, i), append(errs, err) // 2.7.0: kept for their places (3)
	}
	response, err := p.parseResponse(conn, "_", client.CommandOptions{}) // EXEC
	if err != nil {
		o.err = err // EXECABORT, since Redis 2.6.5, when a command was refused
		if refused != nil {
			o.perCommand = make([]any, len(commands))
			for i := range o.perCommand {
				o.perCommand[i] = err
			}
			for k, i := range refused {
				o.perCommand[i] = errs[k]
			}
		}
		return o
	}
	if response == nil {
		o.err = exceptions.New(exceptions.ErrWatch, "Watched variable changed.") // a watched key changed (4)
		return o
	}
	list, _ := response.([]any)
	for k, i := range refused { // in order, so each lands where its command is
		list = append(list[:i], append([]any{errs[k]}, list[i:]...)...)
	}
	if len(list) != len(commands) {
		o.err = exceptions.New(exceptions.ErrResponse, "Wrong number of response items from pipeline execution") // (5)
		return o
	}
	o.data = make([]any, len(list))
	for i, r := range list {
		if e, ok := r.(error); ok {
			o.data[i] = e // an error inside EXEC's reply stays a value (6)
			continue
		}
		c := commands[i]
		v, err := p.client.ApplyCallback(nameOf(c.args[0]), r, c.options) // "manually", as 2.4.6 says (7)
		if err != nil {
			o.data[i] = err
		} else {
			o.data[i] = v
		}
	}
	return o
}

// --8<-- [end:execute_transaction]

// --8<-- [start:execute_pipeline]

// executePipeline sends the commands in one write and reads their replies
// in order.
func (p *Pipeline) executePipeline(conn *connection.Connection, commands []*command) (o outcome) {
	if o.stage, o.err = p.send(conn, commands, false); o.err != nil {
		return o
	}
	o.data = make([]any, 0, len(commands))
	for _, c := range commands {
		reply, err := p.parseResponse(conn, nameOf(c.args[0]), c.options)
		if err != nil {
			if errors.Is(err, exceptions.ErrConnection) || !p.fixes.On(fixes.PipelineReadsEveryReply) {
				o.err = err // 2.4.6 raised here: the later replies stay unread (1)
				return o
			}
			reply = err // 2.7.3: in its place, and on to the next reply (2)
		}
		o.data = append(o.data, reply)
		o.read = len(o.data)
	}
	return o
}

// --8<-- [end:execute_pipeline]

// send packs the commands into one buffer and writes it, and says how far
// it got.
func (p *Pipeline) send(conn *connection.Connection, commands []*command, tx bool) (stage, error) {
	buf := p.wbuf[:0]
	var err error
	if tx {
		buf, _ = conn.AppendCommand(buf, "MULTI")
	}
	for _, c := range commands {
		if buf, err = conn.AppendCommand(buf, c.args...); err != nil {
			return notSent, err // a bad argument: nothing is sent
		}
	}
	if tx {
		buf, _ = conn.AppendCommand(buf, "EXEC")
	}
	p.wbuf = buf
	if p.fixes.On(fixes.ReconnectStaleSocket) && conn.Stale() {
		if p.watching {
			// A new socket would carry no WATCH: the transaction would
			// run unguarded.
			return notSent, exceptions.New(exceptions.ErrConnection, "the server closed the watched connection")
		}
		conn.Disconnect()
	}
	if err := conn.Connect(); err != nil {
		return notSent, err
	}
	if err := conn.SendPackedCommand(buf); err != nil {
		return cutWrite, err
	}
	return sentWhole, nil
}

// nameOf is the callback-table name of a command's first argument.
func nameOf(arg any) string {
	switch v := arg.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	return ""
}
