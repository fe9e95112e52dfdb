// Workshop exercise 12-multi-bulk, made from chapters/03-parser/python_parser.go
// by `go run ./cmd/workshop dev sync`. The parts marked TODO(workshop) are
// yours to write; the rest is the chapter's own code. Check your work with
// `go run ./cmd/workshop check`.

package parser

// PythonParser ports redis-py 2.4.6's PythonParser:
// https://github.com/redis/redis-py/blob/2.4.6/redis/connection.py#L6-L68

import (
	"bufio"
	"io"
	"slices"
	"sync/atomic"

	"github.com/redispy-go/redispy/internal/fixes"
)

// --8<-- [start:python_parser]

// bufSize is the bufio buffer behind a PythonParser. Python's makefile()
// buffered 8 KiB; 4 KiB holds every status, integer and length line and
// most small bulks, matches the chunk HiredisParser reads (so the benchmark
// compares parsing, not buffer sizes), and costs nothing on big bulks:
// bufio hands a read larger than its buffer straight to the socket.
const bufSize = 4096

// PythonParser reads replies line by line from a buffered socket, the way
// redis-py's pure-Python parser did with sock.makefile().
type PythonParser struct {
	// fp is the buffered socket, nil while disconnected. It sits behind an
	// atomic pointer so that OnDisconnect from another goroutine only
	// swaps the pointer; a ReadResponse already running keeps the reader
	// it loaded and fails when the connection closes the socket under it.
	fp atomic.Pointer[bufio.Reader]

	fixes fixes.Set // which of the port's fixes are on: all, but in tests
}

// NewPythonParser returns a disconnected PythonParser.
func NewPythonParser() *PythonParser {
	return &PythonParser{}
}

// SetFixes turns the port's fixes off for this parser, to show what 2.4.6
// did; a Connection passes on its own Options.Fixes. Call it before
// OnConnect.
func (p *PythonParser) SetFixes(s fixes.Set) { p.fixes = s }

// OnConnect wraps the new socket in a fresh buffer, so no bytes left over
// from a previous socket can be mistaken for a reply.
func (p *PythonParser) OnConnect(r io.Reader) {
	p.fp.Store(bufio.NewReaderSize(r, bufSize))
}

// OnDisconnect drops the buffered socket. Python closed its file object
// here; in Go there is nothing to close, the Connection closes the socket.
func (p *PythonParser) OnDisconnect() {
	p.fp.Store(nil)
}

// ReadResponse reads one complete reply. See the package comment for the
// Go type of each kind of reply.
func (p *PythonParser) ReadResponse() (any, error) {
	fp := p.fp.Load()
	if fp == nil {
		return nil, errSocketClosed()
	}
	return p.readResponse(fp, 0)
}

// --8<-- [end:python_parser]

// --8<-- [start:python_read_response]

// readResponse reads one reply; depth counts the multi-bulk replies it is
// nested in. Python read the whole line before looking at its first byte;
// here the type byte comes first, so garbage is refused at once, exactly
// where the Reader refuses it.
func (p *PythonParser) readResponse(fp *bufio.Reader, depth int) (any, error) {
	b, err := fp.ReadByte()
	if err != nil {
		return nil, readError(err) // EOF becomes "Socket closed on remote end" (1)
	}
	if !isTypeByte(b) {
		start := [2]byte{b}
		if b == '\r' { // "\r\n" is an empty line, "\rX" garbage
			if start[1], err = fp.ReadByte(); err != nil {
				return nil, readError(err)
			}
		}
		return nil, notAReply(start[:]) // "Protocol Error", or 2.4.6's answer to an empty line (2)
	}
	if b == '*' && depth >= MaxDepth {
		return nil, errTooDeep()
	}

	switch b {
	case '-', '+':
		line, err := read(fp, restOfLine)
		switch {
		case err != nil:
			return nil, err
		case b == '+':
			return statusReply(line), nil
		}
		return errorReply(line, p.fixes) // returned, not raised (3)
	case ':':
		n, err := readNumber(fp, b) // refused at the first bad byte, not at the '\n' (4)
		if err != nil {
			return nil, err
		}
		return n, nil
	case '$':
		n, err := readNumber(fp, b)
		if err != nil || n == -1 {
			return nil, err
		}
		data, err := read(fp, int(n))
		if err != nil {
			return nil, err
		}
		return data, nil
	default: // '*'
		n, err := readNumber(fp, b)
		if err != nil || n == -1 {
			return nil, err
		}
		// TODO(workshop): n is the number of elements, and each element
		// is a reply of its own, read the way this function reads any
		// reply (an element may be a multi-bulk reply too: depth+1). Keep
		// an error reply among them as a value, in its place. Do not
		// trust n for memory: a broken server may announce a billion
		// elements and send none, so let the slice grow as elements come
		// (start at min(n, arrayPrealloc)).
		return nil, protocolError("multi-bulk replies are not read yet (workshop/12-multi-bulk)")
	}
}

// --8<-- [end:python_read_response]

// --8<-- [start:python_read]

// restOfLine is read's length for "up to the next CRLF" (Python's None).
const restOfLine = -1

// read is PythonParser.read. With length < 0 it returns the rest of the
// current line without its CRLF; that slice points into fp's buffer and is
// only good until the next read. Otherwise it returns the next length bytes
// in a new slice, after checking and skipping the CRLF that ends them.
//
// Python did readline()[:-2] and read(n+2)[:-2]: a short read at EOF was
// silently truncated and a missing CRLF went unnoticed. Both are errors here.
func read(fp *bufio.Reader, length int) ([]byte, error) {
	if length >= 0 {
		return readBulk(fp, length) // Python: read(length+2), then cut two bytes (1)
	}
	// ReadSlice returns a view of the buffer: no allocation for the
	// status, integer and length lines that make up most of the traffic.
	line, err := fp.ReadSlice('\n') // Python: readline() (2)
	if err != nil {
		line, err = readLongLine(fp, line, err)
		if err != nil {
			return nil, err
		}
	}
	switch {
	case len(line) > MaxLineLen:
		return nil, errLineTooLong()
	case len(line) == 1:
		return nil, errEmptyLine() // only the '\n': Python cut two bytes and found nothing
	case line[len(line)-2] != '\r': // Python cut two bytes, whatever they were (3)
		return nil, errNotCRLF()
	}
	return line[:len(line)-2], nil
}

// readBulk reads length bytes of bulk data and the CRLF behind them. Up to
// bulkPrealloc the slice is allocated at once; past that it doubles as data
// arrives, so a server that announces 500 MB and sends ten bytes costs
// 1 MiB, not 500 MB.
func readBulk(fp *bufio.Reader, length int) ([]byte, error) {
	data := make([]byte, 0, min(length, bulkPrealloc))
	for len(data) < length {
		if len(data) == cap(data) {
			data = slices.Grow(data, min(len(data), length-len(data)))
		}
		n, err := io.ReadFull(fp, data[len(data):min(cap(data), length)])
		data = data[:len(data)+n]
		if err != nil {
			return nil, readError(err) // cut short: an error, not a shorter string (4)
		}
	}
	// One byte at a time: a wrong first byte is an error at once, without
	// waiting for a second one that may never come.
	for _, want := range [2]byte{'\r', '\n'} {
		c, err := fp.ReadByte()
		if err != nil {
			return nil, readError(err)
		}
		if c != want {
			return nil, errBulkNotCRLF()
		}
	}
	return data, nil
}

// --8<-- [end:python_read]

// --8<-- [start:python_read_number]

// readNumber reads the rest of a ':', '$' or '*' line and returns its
// value. Each byte is checked as soon as the socket has delivered it;
// Python's readline() waited for the '\n' first, and int() or long()
// looked at the line after that.
func readNumber(fp *bufio.Reader, typ byte) (int64, error) {
	var s numLine
	for {
		p, _ := fp.Peek(fp.Buffered()) // what has arrived: never waits (1)
		end, err := s.scan(p, typ)
		switch {
		case err != nil:
			return 0, err
		case end > 0:
			_, _ = fp.Discard(end - s.dropped) // cannot fail: the bytes are buffered
			return s.value(), nil
		case len(p) == fp.Size():
			// More than a buffer's worth of zeros: let the checked
			// bytes go to make room.
			s.drop(p) // keeps the line's first bytes for the message (2)
			_, _ = fp.Discard(len(p))
		}
		if _, err := fp.Peek(fp.Buffered() + 1); err != nil { // waits for one more byte, no longer (3)
			return 0, readError(err)
		}
	}
}

// --8<-- [end:python_read_number]

// readLongLine finishes a line that did not fit in fp's buffer (err is
// bufio.ErrBufferFull) or that the socket cut short (any other err). It
// stops as soon as MaxLineLen bytes have come without a '\n'.
func readLongLine(fp *bufio.Reader, first []byte, err error) ([]byte, error) {
	line := append([]byte(nil), first...)
	for err == bufio.ErrBufferFull && len(line) < MaxLineLen {
		var more []byte
		more, err = fp.ReadSlice('\n')
		line = append(line, more...)
	}
	switch {
	case err == nil:
		return line, nil
	case len(line) >= MaxLineLen:
		return nil, errLineTooLong()
	default:
		return nil, readError(err)
	}
}
