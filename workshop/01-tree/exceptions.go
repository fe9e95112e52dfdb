// Workshop exercise 01-tree, made from chapters/00-exceptions/exceptions.go
// by `go run ./cmd/workshop dev sync`. The parts marked TODO(workshop) are
// yours to write; the rest is the chapter's own code. Check your work with
// `go run ./cmd/workshop check`.

// Package exceptions is the Go port of redis-py 2.4.6's redis/exceptions.py.
//
// Python raises classes from a small tree rooted at RedisError; callers catch
// a branch with "except ConnectionError". Go returns error values instead, so
// each Python class becomes a sentinel error and the tree becomes errors.Is:
//
//	errors.Is(err, exceptions.ErrConnection) // except ConnectionError
//	errors.Is(err, exceptions.ErrRedis)      // except RedisError
//
// The message a caller sees is redis-py's own ("Too many connections",
// "Socket closed on remote end", ...); the kind travels beside it.
package exceptions

import "errors"

// --8<-- [start:kind]

// Kind is one class of the redis-py exception tree. A Kind is itself an
// error, so it can be used as an errors.Is target, and it reports every
// ancestor as a match, the way an except clause catches subclasses.
type Kind struct {
	name   string
	parent *Kind // nil only for ErrRedis, the root (1)
}

// Error returns the Python class name, e.g. "ConnectionError".
func (k *Kind) Error() string { return k.name }

// Is reports whether target is k or one of k's ancestors.
func (k *Kind) Is(target error) bool {
	for a := k; a != nil; a = a.parent { // k itself, then each ancestor up to the root (2)
		if a == target {
			return true
		}
	}
	return false // a sibling, a subclass or a foreign error (3)
}

// --8<-- [end:kind]

// --8<-- [start:tree]

// The redis-py 2.4.6 exception tree (redis/exceptions.py): RedisError at
// the root, every other class a subclass of it.
//
// TODO(workshop): give each kind its parent, so that `except RedisError`
// (errors.Is(err, ErrRedis)) catches every one of them. Only the root has
// no parent.
var (
	ErrRedis           = &Kind{name: "RedisError"} // the root: no parent
	ErrAuthentication  = &Kind{name: "AuthenticationError"}
	ErrConnection      = &Kind{name: "ConnectionError"}
	ErrResponse        = &Kind{name: "ResponseError"}
	ErrInvalidResponse = &Kind{name: "InvalidResponse"}
	ErrData            = &Kind{name: "DataError"}
	ErrPubSub          = &Kind{name: "PubSubError"}
	ErrWatch           = &Kind{name: "WatchError"}
	// ErrLock lives in client.py in 2.4.6 (class LockError), not in
	// exceptions.py; it is here so that every kind sits in one tree.
	ErrLock = &Kind{name: "LockError"}
)

// --8<-- [end:tree]

// --8<-- [start:error]

// Error is a raised exception: a Kind plus the message redis-py would have
// given it, and, where there is one, the Go error that caused it.
type Error struct {
	Kind  *Kind
	Msg   string
	Cause error
}

// New returns an error of the given kind with redis-py's message, as
// "raise ConnectionError(msg)" would.
func New(kind *Kind, msg string) error {
	return &Error{Kind: kind, Msg: msg}
}

// Wrap is New with the underlying Go error kept for errors.Is and errors.As,
// so a caller can still ask about os.ErrDeadlineExceeded or a *net.OpError.
func Wrap(kind *Kind, msg string, cause error) error {
	return &Error{Kind: kind, Msg: msg, Cause: cause} // Python 2 kept only the cause's text (1)
}

// Error returns the message alone, as str() of a Python exception does.
func (e *Error) Error() string { return e.Msg }

// Unwrap exposes both the kind and the cause to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Kind} // from New: the kind alone (2)
	}
	return []error{e.Kind, e.Cause} // the kind first, then the cause (3)
}

// --8<-- [end:error]

// --8<-- [start:response_error]

// ResponseError is an error reply from the server ("-ERR ..." on the wire).
//
// Parsers return it as a value, not as an error, so an error nested inside a
// multi-bulk reply (one failed command in a transaction) stays in place; the
// connection returns it as the error only when it is the whole reply.
type ResponseError struct {
	Msg string
}

// Error returns the server's message.
func (e ResponseError) Error() string { return e.Msg } // "-ERR x" on the wire gives "x" (1)

// Unwrap makes a ResponseError match ErrResponse and ErrRedis.
func (e ResponseError) Unwrap() error { return ErrResponse } // a fixed kind, no cause (2)

// --8<-- [end:response_error]

// --8<-- [start:kind_of]

// KindOf returns the most specific Kind err matches, or nil when err does not
// come from this tree. It answers "which except clause would catch this?".
func KindOf(err error) *Kind {
	var k *Kind
	if errors.As(err, &k) {
		return k
	}
	return nil
}

// --8<-- [end:kind_of]
