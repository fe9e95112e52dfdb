package pipeline

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"

	"github.com/redispy-go/redispy/internal/fixes"
)

// stage is how far a pipeline's write got before it failed.
type stage int

const (
	notSent   stage = iota // the connect or handshake failed: nothing was written
	cutWrite               // the write failed part way: the last command never arrived whole
	sentWhole              // every byte was written: the server may have run it all
)

// failure describes a connection error met while executing.
type failure struct {
	immediate   bool  // one command run at once after WATCH, not the stack
	transaction bool  // MULTI ... EXEC
	stage       stage // how far the write got
	commands    int   // in the stack
	read        int   // replies read before the error (without a transaction)
}

// next is what to do after a connection error.
type next int

const (
	giveUp    next = iota // return the error, saying what may have run
	sendAgain             // send it all again on a new socket: nothing can have run
	watchLost             // nothing ran, but the WATCH died with the socket: WatchError
)

// --8<-- [start:after_connection_error]

// afterConnectionError is the one place that decides what a pipeline does
// after a ConnectionError (the connection is already closed). 2.4.6 sent
// the whole stack again unless a WATCH was on, and raised WatchError when
// one was, however far the first attempt had got. The port sends again
// only what the server cannot have run, and says WatchError only when the
// transaction cannot have run, because a WatchError asks the caller to
// run it again (Transaction does so by itself).
func (p *Pipeline) afterConnectionError(err error, f failure) next {
	switch {
	case f.immediate && p.watching:
		// A command after WATCH, on the watched socket, now closed:
		// 2.4.6's rule, no retry while watching. The command may have
		// run, and the watch is gone with the socket. (1)
		return giveUp
	case timedOut(err) && p.fixes.On(fixes.NoRetryAfterTimeout):
		// redis-py 2.10.0: the server may be running it and be slow to
		// answer. (2)
		return giveUp
	case f.immediate:
		// Not watching yet, so the command is WATCH itself: it changes
		// no data, and only a WATCH sent on the new socket guards the
		// transaction. (3)
		return sendAgain
	case !p.fixes.On(fixes.PipelineAtMostOnce):
		// 2.4.6 (and every release since): WatchError while watching,
		// else the whole stack once more. (4)
		if p.watching {
			return watchLost
		}
		return sendAgain
	case f.stage == notSent, f.stage == cutWrite && f.transaction:
		// Nothing reached the server, or EXEC never arrived whole and
		// the closed socket made the server drop the queued commands
		// unrun. A watched transaction cannot be resent (its WATCH died
		// with the socket) but the caller may start it over. (5)
		if p.watching {
			return watchLost
		}
		return sendAgain
	case f.stage == cutWrite && f.commands == 1:
		// The only command never arrived whole. (6)
		return sendAgain
	default:
		// Sent whole, or cut after its first commands: the server may
		// have run some or all of them. Never again, and no WatchError,
		// which would invite the caller to run them a second time. (7)
		return giveUp
	}
}

// --8<-- [end:after_connection_error]

// --8<-- [start:lost_replies]

// LostRepliesError is the error of a pipeline whose connection failed
// after the server may have run some of its commands: they are not sent
// again, and the error says which ran and which may have. It unwraps to
// the ConnectionError (or timeout) that ended the connection.
type LostRepliesError struct {
	Err         error // what ended the connection
	Transaction bool  // MULTI/EXEC: its commands ran all together or not at all
	Commands    int   // how many commands were queued
	Ran         int   // commands 1 to Ran replied, so they ran (never in a transaction)
	MayHaveRun  int   // commands Ran+1 to MayHaveRun may have run; the later ones did not
}

// Error words the cause as chapter 02 does, then what may have run.
func (e *LostRepliesError) Error() string {
	s := e.Err.Error() + "; not sent again: "
	switch {
	case e.MayHaveRun == 0 && e.Commands == 1:
		return s + "the command did not run"
	case e.MayHaveRun == 0:
		return s + "none of the " + strconv.Itoa(e.Commands) + " commands ran"
	case e.Transaction:
		return s + "the transaction of " + plural(e.Commands) + " may have run"
	case e.Ran > 0:
		s += "commands " + span(1, e.Ran) + " of " + strconv.Itoa(e.Commands) + " ran, " + span(e.Ran+1, e.MayHaveRun) + " may have run"
	default:
		s += "commands " + span(1, e.MayHaveRun) + " of " + strconv.Itoa(e.Commands) + " may have run"
	}
	if e.MayHaveRun < e.Commands {
		s += ", " + span(e.MayHaveRun+1, e.Commands) + " did not"
	}
	return s
}

// Unwrap returns the error that ended the connection.
func (e *LostRepliesError) Unwrap() error { return e.Err }

// --8<-- [end:lost_replies]

// lost words o's error when the port does not send again. 2.4.6's error
// (the fix off) is returned as it was.
func (p *Pipeline) lost(o outcome) error {
	f := o.failure
	if !p.fixes.On(fixes.PipelineAtMostOnce) || f.stage == notSent {
		return o.err
	}
	e := &LostRepliesError{Err: o.err, Transaction: f.transaction, Commands: f.commands, MayHaveRun: f.commands}
	switch {
	case f.stage == cutWrite && f.transaction:
		e.MayHaveRun = 0 // EXEC never arrived whole (a timeout gets here)
	case f.stage == cutWrite:
		e.MayHaveRun = f.commands - 1 // the last command never arrived whole
	case !f.transaction:
		e.Ran = f.read
	}
	return e
}

func span(from, to int) string {
	if from == to {
		return strconv.Itoa(from)
	}
	return fmt.Sprintf("%d-%d", from, to)
}

func plural(n int) string {
	if n == 1 {
		return "1 command"
	}
	return strconv.Itoa(n) + " commands"
}

// timedOut reports whether err comes from a socket deadline.
func timedOut(err error) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
