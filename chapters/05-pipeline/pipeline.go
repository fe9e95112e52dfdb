// Package pipeline is the Go port of redis-py 2.4.6's Pipeline class
// (redis/client.py, lines 1167-1369):
// https://github.com/redis/redis-py/blob/2.4.6/redis/client.py#L1167-L1369
//
// A Pipeline buffers commands and sends them in one write when Execute is
// called, by default wrapped in MULTI and EXEC so that the server runs them
// as one transaction. After WATCH, commands run at once until Multi, so a
// program can read the values its transaction depends on.
//
// In 2.4.6 Pipeline is a subclass of Redis that overrides execute_command
// to queue, and so inherits every command method. Go has no subclasses:
// each command method of a Pipeline (commands_gen.go, generated from
// chapter 04) runs chapter 04's own method twice, once to queue its
// command and once, after Execute, to turn the command's reply into the
// method's typed result (result.go).
//
// Where 2.4.6 leaks, reads the wrong reply or can run a pipeline twice,
// the port takes the later release's fix and names it: the connection
// goes back to the pool after every execute (2.4.7), every reply is read
// even after an error (2.7.0 for a transaction, 2.7.3 without one), and a
// pipeline the server may have run is never sent again (the port's own).
//
// A number like (1) at the end of a comment is a footnote: the chapter page
// (docs/chapters/05-pipeline.md) explains that line.
package pipeline

//go:generate go run ./internal/gen/cmd

import (
	"errors"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/fixes"
)

// --8<-- [start:struct]

// Pipeline queues commands and sends them together on Execute. It is used
// by one goroutine at a time, like the connection it holds while watching.
// Make one with New.
type Pipeline struct {
	client      *client.Redis          // the parent: its pool and its callback table (1)
	connection  *connection.Connection // held from WATCH (or execute) to reset (2)
	transaction bool                   // MULTI/EXEC around the commands
	fixes       fixes.Set

	commandStack        []*command // command_stack
	watching            bool
	explicitTransaction bool // Multi was called after WATCH

	queuer   *client.Redis // chapter 04's methods on it queue, or run at once after WATCH (3)
	replayer *client.Redis // chapter 04's methods on it read the reply Execute got (4)
	replay   replay        // what replayer hands back right now
	queuing  *command      // where pipelineExecuteCommand records, inside queue
	wbuf     []byte        // reused to pack the whole pipeline into one write
}

// command is one queued command: its arguments, the options for its
// callback, and the Result to fill from its reply.
type command struct {
	args    []any
	options client.CommandOptions
	result  filler // nil for UNWATCH queued by Unwatch
}

// filler is a queued command's typed Result, filled from its reply.
type filler interface {
	fill(reply any, err error)
}

// done fills the command's Result, if it has one.
func (c *command) done(reply any, err error) {
	if c.result != nil {
		c.result.fill(reply, err)
	}
}

// New returns a pipeline on r's pool: r.pipeline(transaction) in 2.4.6.
// Python's default is transaction=True. (shard_hint is not ported: the
// pool ignores it, as 2.4.6's does.)
func New(r *client.Redis, transaction bool) *Pipeline {
	if r == nil {
		r = &client.Redis{} // no pool: every command returns a ConnectionError
	}
	p := &Pipeline{client: r, transaction: transaction, fixes: r.Fixes()}
	p.queuer = r.WithExecutor(p.executeCommand)
	p.replayer = r.WithExecutor(p.replayCommand)
	return p
}

// Watching reports whether a WATCH is in effect: pipe.watching.
func (p *Pipeline) Watching() bool { return p.watching }

// --8<-- [end:struct]

// --8<-- [start:reset]

// Reset empties the command stack, undoes any WATCH and gives the
// connection back to the pool. Execute calls it whatever happens. Results
// of commands queued and not executed report ErrDiscarded.
func (p *Pipeline) Reset() error {
	for _, c := range p.commandStack {
		c.done(nil, ErrDiscarded) // a Result already filled keeps its value
	}
	p.commandStack = nil
	if p.watching && p.connection != nil {
		// By hand: Unwatch and the immediate path can call Reset. (1)
		err := p.connection.SendCommand("UNWATCH")
		if err == nil {
			_, err = p.connection.ReadResponse()
		}
		if errors.Is(err, exceptions.ErrConnection) {
			p.connection.Disconnect() // a closed socket forgets its WATCHes too (2)
		} else if err != nil {
			return err // 2.4.6 raised here, the connection still held (3)
		}
	}
	p.watching = false
	p.explicitTransaction = false
	if p.connection != nil {
		p.client.ConnectionPool.Release(p.connection) // nothing is watched any more: safe to share (4)
		p.connection = nil
	}
	return nil
}

// --8<-- [end:reset]

// --8<-- [start:multi]

// Multi starts the transaction after WATCH and the reads it needed: the
// commands from here on are queued until Execute.
func (p *Pipeline) Multi() error {
	if p.explicitTransaction {
		return exceptions.New(exceptions.ErrRedis, "Cannot issue nested calls to MULTI")
	}
	if len(p.commandStack) > 0 {
		return exceptions.New(exceptions.ErrRedis, "Commands without an initial WATCH have already been issued")
	}
	p.explicitTransaction = true
	return nil
}

// Watch watches names: a transaction executed later fails with a
// WatchError if another client changed one of them meanwhile. It runs at
// once, on the connection the pipeline keeps until Reset.
func (p *Pipeline) Watch(names ...string) (bool, error) {
	if p.explicitTransaction {
		return false, exceptions.New(exceptions.ErrRedis, "Cannot issue a WATCH after a MULTI")
	}
	args := []any{"WATCH"}
	for _, n := range names {
		args = append(args, n)
	}
	reply, err := p.queuer.ExecuteCommand(args...)
	if err != nil {
		return false, err
	}
	ok, _ := reply.(bool)
	return ok, nil
}

// Unwatch forgets every watched key. Like 2.4.6's
// "self.watching and self.execute_command('UNWATCH') or True" it reports
// true whenever no error occurred: not watching, it sends nothing; after
// Multi, UNWATCH is queued into the transaction.
func (p *Pipeline) Unwatch() (bool, error) {
	if !p.watching {
		return true, nil
	}
	if _, err := p.queuer.ExecuteCommand("UNWATCH"); err != nil && !errors.Is(err, errQueued) {
		return false, err
	}
	return true, nil
}

// --8<-- [end:multi]

// --8<-- [start:execute_command]

// ExecuteCommand queues any command, as chapter 04's ExecuteCommand sends
// one; its Result holds the reply after the command's callback.
func (p *Pipeline) ExecuteCommand(args ...any) *Result[any] {
	return p.ExecuteCommandWith(client.CommandOptions{}, args...)
}

// ExecuteCommandWith is ExecuteCommand with options for the callback.
func (p *Pipeline) ExecuteCommandWith(options client.CommandOptions, args ...any) *Result[any] {
	return queue(p, func(r *client.Redis) (any, error) { return r.ExecuteCommandWith(options, args...) })
}

// executeCommand is the Executor of p.queuer: chapter 04's methods hand
// their commands here, as they handed them to execute_command in Python.
func (p *Pipeline) executeCommand(options client.CommandOptions, args []any) (any, error) {
	if (p.watching || args[0] == "WATCH") && !p.explicitTransaction {
		return p.immediateExecuteCommand(options, args) // WATCH, and reads before MULTI (1)
	}
	return p.pipelineExecuteCommand(options, args)
}

// errQueued is what p.queuer's methods return for a queued command, so
// that they return at once; queue swallows it.
var errQueued = errors.New("queued")

// pipelineExecuteCommand stages a command for Execute.
func (p *Pipeline) pipelineExecuteCommand(options client.CommandOptions, args []any) (any, error) {
	c := p.queuing // queue's own, which carries the typed Result
	if c == nil || c.args != nil {
		c = &command{}
	}
	c.args, c.options = args, options
	p.commandStack = append(p.commandStack, c)
	return nil, errQueued // Python returned the pipeline, for chaining (2)
}

// immediateExecuteCommand runs one command at once on the pipeline's own
// connection, which it keeps: WATCH belongs to the connection that sent it.
func (p *Pipeline) immediateExecuteCommand(options client.CommandOptions, args []any) (any, error) {
	name, _ := args[0].(string)
	conn := p.connection
	if conn == nil { // the first call takes a connection until Reset (3)
		var err error
		if conn, err = p.getConnection(name); err != nil {
			return nil, err
		}
		p.connection = conn
	}
	if !p.watching && p.fixes.On(fixes.ReconnectStaleSocket) && conn.Stale() {
		conn.Disconnect() // nothing watched on it yet: a new socket loses nothing (4)
	}
	reply, err := p.sendImmediate(conn, name, options, args)
	if !errors.Is(err, exceptions.ErrConnection) {
		return reply, err
	}
	conn.Disconnect()
	if p.afterConnectionError(err, failure{immediate: true}) == sendAgain {
		return p.sendImmediate(conn, name, options, args) // final
	}
	p.Reset()
	return nil, err
}

// getConnection borrows a connection from the client's pool.
func (p *Pipeline) getConnection(commandName string) (*connection.Connection, error) {
	if p.client.ConnectionPool == nil {
		return nil, exceptions.New(exceptions.ErrConnection, "no connection pool: make the client with NewRedis")
	}
	return p.client.ConnectionPool.GetConnection(commandName)
}

func (p *Pipeline) sendImmediate(conn *connection.Connection, name string, options client.CommandOptions, args []any) (any, error) {
	if err := conn.SendCommand(args...); err != nil {
		return nil, err
	}
	return p.parseResponse(conn, name, options)
}

// parseResponse is chapter 04's ParseResponse, keeping track of WATCH.
func (p *Pipeline) parseResponse(conn *connection.Connection, name string, options client.CommandOptions) (any, error) {
	result, err := p.client.ParseResponse(conn, name, options)
	if err != nil {
		return nil, err
	}
	switch name {
	case "DISCARD", "EXEC", "UNWATCH": // UNWATCH_COMMANDS
		p.watching = false
	case "WATCH":
		p.watching = true
	}
	return result, nil
}

// --8<-- [end:execute_command]
