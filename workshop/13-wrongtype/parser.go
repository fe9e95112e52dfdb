// Workshop exercise 13-wrongtype, made from chapters/03-parser/parser.go
// by `go run ./cmd/workshop dev sync`. The parts marked TODO(workshop) are
// yours to write; the rest is the chapter's own code. Check your work with
// `go run ./cmd/workshop check`.

// Package parser is the Go port of the two reply parsers in redis-py 2.4.6's
// redis/connection.py: PythonParser, which reads the socket line by line, and
// HiredisParser, which feeds raw chunks to an incremental Reader (the hiredis
// C extension in Python, the pure-Go Reader here).
//
// Both parsers turn the same bytes into the same Go values:
//
//	+OK\r\n                string
//	:42\r\n                int64
//	$5\r\nhello\r\n        []byte ($0 gives []byte{}, $-1 gives nil)
//	*2\r\n...              []any  (*0 gives []any{}, *-1 gives nil)
//	-ERR msg\r\n           exceptions.ResponseError, returned as a value
//
// An error reply comes back as the reply with a nil error, so that one failed
// command inside a multi-bulk reply (a transaction's EXEC) stays in its place;
// the connection turns a top-level one into its returned error.
//
// A number like (1) at the end of a comment is a footnote: the chapter page
// (docs/chapters/03-parser.md) explains that line.
package parser

import (
	"errors"
	"io"
	"strconv"

	exceptions "github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/internal/fixes"
)

// --8<-- [start:parser_interface]

// Parser is what a Connection reads replies with (redis-py's parser_class).
//
// A Connection calls OnConnect with every new socket and OnDisconnect when it
// drops one. The pool may disconnect a connection that another goroutine is
// still reading from, so OnDisconnect must be safe to call while ReadResponse
// runs: implementations keep the per-socket state behind an atomic pointer
// that OnDisconnect only clears.
type Parser interface {
	// OnConnect starts reading replies from r, a freshly connected socket;
	// nothing buffered from an earlier socket survives.
	OnConnect(r io.Reader) // Python's on_connect took the Connection and read its _sock (1)
	// OnDisconnect drops the reader. It may run concurrently with ReadResponse.
	OnDisconnect() // may run on another goroutine: no GIL to lean on (2)
	// ReadResponse reads one complete reply.
	ReadResponse() (any, error) // an error reply is a value here, not an error (3)
}

// --8<-- [end:parser_interface]

// Compile-time checks that both parsers fit the interface.
var (
	_ Parser = (*PythonParser)(nil)
	_ Parser = (*HiredisParser)(nil)
)

// DefaultParser makes the parser a Connection uses when none is chosen: a
// PythonParser.
//
// redis-py 2.4.6 picked HiredisParser whenever the hiredis module imported,
// because parsing in C beat parsing in Python by a wide margin. In this port
// both parsers are plain Go, so the choice comes down to measurement. On a
// mixed stream of replies (parser_bench_test.go) the PythonParser takes
// about 0.7 times the HiredisParser's time and under half its bytes per
// reply, because it parses straight out of its bufio buffer while the
// Reader copies every chunk in and every bulk string out again.
func DefaultParser() Parser {
	return NewPythonParser()
}

// --8<-- [start:limits]

// Limits on what a reply may declare. redis-py 2.4.6 trusted every length
// the server sent; a parser that reads from the network should not let one
// broken or hostile reply cost unbounded memory, stack or time. Each limit
// sits far above anything a Redis server sends on its default settings.
const (
	// MaxBulkLen is Redis's own default proto-max-bulk-len (512 MB): a
	// default server cannot store, and so cannot send, a longer string.
	MaxBulkLen = 512 << 20 // checked before a single byte is allocated (1)

	// MaxArrayLen is hiredis's element limit, 2^32-1. A small cap (the
	// 1<<20 Redis once put on request arrays) would refuse real replies:
	// LRANGE or KEYS on a big key returns millions of elements. Memory is
	// protected differently: an array grows as its elements arrive, so a
	// count alone costs at most arrayPrealloc slots.
	MaxArrayLen = 1<<32 - 1

	// MaxDepth is how many multi-bulk replies may be open at once. hiredis
	// has raised its own limit more than once as real replies (Lua
	// scripts returning nested tables, module results) outgrew it. 64 is
	// far above any Redis command (XINFO STREAM FULL inside EXEC is about
	// 6), keeps recursion shallow, and caps what lying headers can reserve
	// at 64*arrayPrealloc slots (1 MiB).
	MaxDepth = 64 // checked before the next '*' line is read (2)

	// MaxLineLen bounds a status, error, integer or length line, counted
	// from after the type byte through its '\n'. Without it, a server that
	// never sends '\n' could make the reader buffer grow forever.
	MaxLineLen = 64 << 10 // bounds the search for '\n' (3)
)

// Allocation caps for lengths the server merely announced: memory beyond
// them is only spent as the bytes or elements actually arrive.
const (
	bulkPrealloc  = 1 << 20 // bulk strings up to 1 MiB are allocated at once (4)
	arrayPrealloc = 1024    // initial capacity of a multi-bulk reply
)

// --8<-- [end:limits]

// isTypeByte reports whether b starts a reply. Both parsers check it before
// reading the rest of the line, so garbage is refused as soon as it arrives
// and the two agree on where a broken stream fails.
func isTypeByte(b byte) bool {
	switch b {
	case '+', '-', ':', '$', '*':
		return true
	}
	return false
}

// errSocketClosed is redis-py's message for a socket that returned nothing:
// the server closed the connection, possibly in the middle of a reply.
func errSocketClosed() error {
	return exceptions.New(exceptions.ErrConnection, "Socket closed on remote end")
}

// readError turns a failed read into the ConnectionError redis-py raises.
// The cause is kept so that callers can still recognise a timeout with
// errors.Is(err, os.ErrDeadlineExceeded).
func readError(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errSocketClosed()
	}
	// Worded as 2.4.6 did, with the repr of the socket error's args:
	// "(104, 'Connection reset by peer')", "('timed out',)".
	return exceptions.Wrap(exceptions.ErrConnection, "Error while reading from socket: "+exceptions.SocketErrorArgs(err), err)
}

// ErrLoading is the ConnectionError for a -LOADING reply: the server is
// still reading its dataset and refused the command without running it,
// so a client may send it again on a new socket.
var ErrLoading = exceptions.New(exceptions.ErrConnection, "Redis is loading data into memory")

// errUnknownType is 2.4.6's one protocol error message, kept word for word.
func errUnknownType() error {
	return exceptions.New(exceptions.ErrInvalidResponse, "Protocol Error")
}

// protocolError reports a malformed reply that 2.4.6 silently mis-read or
// crashed on; the detail says what was wrong.
func protocolError(detail string) error {
	return exceptions.New(exceptions.ErrInvalidResponse, "Protocol Error: "+detail)
}

func errLineTooLong() error {
	return protocolError("line longer than " + strconv.Itoa(MaxLineLen) + " bytes")
}

func errNotCRLF() error { return protocolError("line not terminated by CRLF") }

func errBulkNotCRLF() error { return protocolError("bulk data not terminated by CRLF") }

func errTooDeep() error {
	return protocolError("multi-bulk nesting deeper than " + strconv.Itoa(MaxDepth))
}

// quote shows the offending text in an error message, cut short so that a
// 64 KiB line does not become a 64 KiB message.
func quote(b []byte) string {
	const show = 32
	if len(b) > show {
		return strconv.Quote(string(b[:show])) + "..."
	}
	return strconv.Quote(string(b))
}

// parseInt reads a decimal int64: an optional '-' and at least one digit,
// nothing else. It avoids strconv on the hot path, which would first need
// the line as a string.
func parseInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' || n > (1<<63)/10 {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if neg {
		if n > 1<<63 {
			return 0, false
		}
		return -int64(n), true // for n == 1<<63 this wraps to MinInt64, as wanted
	}
	if n > 1<<63-1 {
		return 0, false
	}
	return int64(n), true
}

// parseInteger is a ':' reply. Python's long() would have accepted any size;
// Redis only ever sends signed 64-bit integers.
func parseInteger(line []byte) (int64, error) {
	n, ok := parseInt(line)
	if !ok {
		return 0, protocolError("invalid integer " + quote(line))
	}
	return n, nil
}

// parseLength is the count after '$' or '*': -1 means nil, anything else
// below zero or above limit is refused before a single byte is allocated.
func parseLength(line []byte, limit int64, what string) (int64, error) {
	n, ok := parseInt(line)
	if !ok || n < -1 {
		return 0, protocolError("invalid " + what + " length " + quote(line))
	}
	if n > limit {
		return 0, protocolError(what + " length " + strconv.FormatInt(n, 10) +
			" exceeds limit " + strconv.FormatInt(limit, 10))
	}
	return n, nil
}

// statusReply is a '+' reply as a string. The three statuses a client reads
// most are returned as constants, which costs no allocation at all: Go
// compares string(line) against a constant without converting, and a
// constant string in an interface needs no heap copy.
func statusReply(line []byte) any {
	switch string(line) {
	case "OK":
		return "OK"
	case "PONG":
		return "PONG"
	case "QUEUED":
		return "QUEUED"
	}
	return string(line)
}

// --8<-- [start:error_reply]

// errorReply turns the text of a '-' reply into a value. Both parsers use it.
// In 2.4.6 they disagreed: PythonParser stripped "ERR " and handled LOADING,
// while HiredisParser returned every error with its prefix intact. redis-py
// 2.9.0 moved the parsing into one parse_error that both call (HiredisParser
// only on a top-level error); this port shares one function at every level
// from the start, so the two parsers agree on every input.
//
// With fixes.EveryErrorReply off it is 2.4.6's PythonParser exactly, for
// the test that shows what went wrong.
func errorReply(line []byte, fx fixes.Set) (any, error) {
	switch {
	case hasPrefix(line, "ERR "):
		return exceptions.ResponseError{Msg: string(line[len("ERR "):])}, nil // "ERR " dropped, as in 2.4.6 (1)
	case hasPrefix(line, "LOADING "):
		// Redis is still reading its dataset. Failing as a connection
		// error makes the caller drop the socket, so the next attempt
		// reconnects (and re-SELECTs) instead of reusing it.
		return nil, ErrLoading // an error, not a value (2)
	default:
		// TODO(workshop): 2.4.6 knew two prefixes, ERR and LOADING. Every
		// other error reply falls through to here, its catch-all, and
		// becomes the InvalidResponse "Protocol Error", as if the server
		// had sent garbage. Redis 2.6 and 2.8 brought new prefixes:
		// EXECABORT, WRONGTYPE, NOAUTH, ...
		return nil, errUnknownType()
	}
}

// --8<-- [end:error_reply]

func hasPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == prefix
}
