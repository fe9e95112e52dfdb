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

// --8<-- [start:default_parser]

// DefaultParser makes the parser a Connection uses when none is chosen: a
// PythonParser.
//
// redis-py 2.4.6 picked HiredisParser whenever the hiredis module imported,
// because parsing in C beat parsing in Python by a wide margin. In this port
// both parsers are plain Go, so the choice comes down to measurement
// (parser_bench_test.go). On a mixed stream of small replies the two are
// about even, with the same allocations. On large bulk replies the
// PythonParser is several times faster and allocates a fraction of the
// bytes, because it reads the data straight into the slice it returns,
// while the Reader copies every chunk in, grows its buffer for the reply
// and copies the string out again.
func DefaultParser() Parser {
	return NewPythonParser()
}

// --8<-- [end:default_parser]

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

// notAReply is the error for b, bytes that start with something other than
// a type byte. An empty line gives 2.4.6's answer for one; a '\r' is only
// judged together with the byte after it, so b must hold both.
func notAReply(b []byte) error {
	if b[0] == '\n' || b[0] == '\r' && b[1] == '\n' {
		return errEmptyLine()
	}
	return errUnknownType()
}

// errSocketClosed is redis-py's message for a socket that returned nothing:
// the server closed the connection, possibly in the middle of a reply.
func errSocketClosed() error {
	return exceptions.New(exceptions.ErrConnection, "Socket closed on remote end")
}

// ErrEmptyLine is the cause kept inside the ConnectionError "Socket closed
// on remote end" that an empty line gives where a reply should start:
// "\r\n", a lone "\n", or a type byte followed by "\n". 2.4.6's
// PythonParser cut two bytes off every line it read and took an empty
// result for a closed socket, so it said the socket was closed; the port
// says the same, and errors.Is(err, ErrEmptyLine) tells the two apart.
var ErrEmptyLine = errors.New("empty line where a reply should start")

func errEmptyLine() error {
	return exceptions.Wrap(exceptions.ErrConnection, "Socket closed on remote end", ErrEmptyLine)
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

// quoteLen is how much of an offending line an error message shows.
const quoteLen = 32

// quote shows the offending text in an error message, cut short so that a
// 64 KiB line does not become a 64 KiB message.
func quote(b []byte) string {
	if len(b) > quoteLen {
		return strconv.Quote(string(b[:quoteLen])) + "..."
	}
	return strconv.Quote(string(b))
}

// --8<-- [start:num_line]

// numLine checks a ':', '$' or '*' line one byte at a time, so that a
// malformed one is refused at the byte that proves it rather than at its
// '\n', which may never come. 2.4.6 read the whole line first and handed it
// to Python's int() or long(). Both parsers use it, and the Reader keeps one
// between calls while a line arrives in pieces.
//
// What may come after the type byte: an optional '-', at least one digit,
// '\r', '\n', which is all Redis ever writes. (Python's int() and long()
// also took spaces, a '+' and, for long(), a trailing 'L'.) An error names
// the line through the first byte that broke it, so the message does not
// depend on how the bytes were split.
type numLine struct {
	n     uint64 // the digits so far
	lim   uint64 // largest n allowed; 0 until the first byte is seen
	lim10 uint64 // lim / 10
	i     int    // bytes of the line checked so far, after the type byte
	neg   bool   // the line started with '-'
	cr    bool   // the byte before i was the closing '\r'

	// dropped counts bytes the caller threw away from the front of the
	// line (PythonParser, when one line fills its buffer); head keeps
	// the first of them for the error message.
	dropped int
	head    [quoteLen]byte
}

// scan checks the bytes of the line from s.i on; p holds the line from
// byte s.dropped. It returns end, the line's length through its '\n', once
// the line is complete, 0 while more bytes are needed, or the error the
// first bad byte proves.
func (s *numLine) scan(p []byte, typ byte) (end int, err error) {
	if s.lim == 0 {
		s.lim, s.lim10 = limits(typ, false)
	}
	// Nothing past MaxLineLen is looked at, so the verdict cannot depend
	// on how much of it has arrived.
	p = p[:min(len(p), MaxLineLen-s.dropped)]
	n, lim, lim10 := s.n, s.lim, s.lim10 // in registers for the digit loop
	for j := s.i - s.dropped; j < len(p); j++ {
		c := p[j]
		if d := uint64(c) - '0'; d <= 9 && !s.cr {
			// n <= lim10 keeps n*10+d from overflowing.
			if n > lim10 || n*10+d > lim { // out of range already (1)
				return 0, s.outOfRange(p, typ, j+s.dropped, n*10+d)
			}
			n = n*10 + d
			continue
		}
		i := j + s.dropped
		switch {
		case s.cr:
			if c != '\n' {
				return 0, errNotCRLF() // '\r' not followed by '\n' (2)
			}
			s.n, s.i = n, i+1
			return i + 1, nil
		case c == '-' && i == 0:
			s.neg = true
			s.lim, s.lim10 = limits(typ, true)
			lim, lim10 = s.lim, s.lim10
		case c == '\r' && (i > 1 || i == 1 && !s.neg): // after a digit
			s.cr = true
		case c == '\r':
			// No digit before the '\r': the number is "" or "-".
			return 0, protocolError("invalid " + what(typ) + s.quote(p, i))
		case c == '\n' && i == 0:
			return 0, errEmptyLine() // 2.4.6: two bytes cut off, nothing left (3)
		case c == '\n':
			return 0, errNotCRLF()
		default:
			return 0, protocolError("invalid " + what(typ) + s.quote(p, i+1)) // the line through the bad byte (4)
		}
	}
	s.n, s.i = n, len(p)+s.dropped
	if s.i >= MaxLineLen {
		return 0, errLineTooLong()
	}
	return 0, nil
}

// --8<-- [end:num_line]

// value is the number of a complete line.
func (s *numLine) value() int64 {
	if s.neg {
		return -int64(s.n) // for n == 1<<63 this wraps to MinInt64, as wanted
	}
	return int64(s.n)
}

// drop records that the caller is about to throw away p, all of the line
// checked so far, to make room for more.
func (s *numLine) drop(p []byte) {
	if s.dropped == 0 {
		copy(s.head[:], p)
	}
	s.dropped += len(p)
}

// quote shows the line's first n bytes.
func (s *numLine) quote(p []byte, n int) string {
	if s.dropped > 0 {
		return strconv.Quote(string(s.head[:])) + "..."
	}
	return quote(p[:n-s.dropped])
}

// outOfRange is the error for a number that has left its range at byte i,
// where it reached n.
func (s *numLine) outOfRange(p []byte, typ byte, i int, n uint64) error {
	if typ == ':' || s.neg {
		// Past int64, or a length below -1.
		return protocolError("invalid " + what(typ) + s.quote(p, i+1))
	}
	return protocolError(lengthName(typ) + " length " + strconv.FormatUint(n, 10) +
		" exceeds limit " + strconv.FormatUint(s.lim, 10))
}

// limits bounds the digits of a number line, and gives the bound over ten:
// an int64 for ':', the limits for a length, and -1 as the only negative
// length. Constants throughout, so no division is left for run time.
func limits(typ byte, neg bool) (lim, lim10 uint64) {
	switch {
	case neg && typ == ':':
		return 1 << 63, (1 << 63) / 10
	case neg:
		return 1, 0
	case typ == '$':
		return MaxBulkLen, MaxBulkLen / 10
	case typ == '*':
		return MaxArrayLen, MaxArrayLen / 10
	}
	return 1<<63 - 1, (1<<63 - 1) / 10
}

// what names a number line in its error message.
func what(typ byte) string {
	if typ == ':' {
		return "integer "
	}
	return lengthName(typ) + " length "
}

func lengthName(typ byte) string {
	if typ == '$' {
		return "bulk"
	}
	return "multi-bulk"
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
