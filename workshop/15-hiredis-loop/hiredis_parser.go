// Workshop exercise 15-hiredis-loop, made from chapters/03-parser/hiredis_parser.go
// by `go run ./cmd/workshop dev sync`. The parts marked TODO(workshop) are
// yours to write; the rest is the chapter's own code. Check your work with
// `go run ./cmd/workshop check`.

package parser

// HiredisParser ports redis-py 2.4.6's HiredisParser:
// https://github.com/redis/redis-py/blob/2.4.6/redis/connection.py#L70-L97

import (
	"io"
	"sync/atomic"

	"github.com/redispy-go/redispy/internal/fixes"
)

// --8<-- [start:hiredis_parser]

// readSize is how much HiredisParser asks the socket for at a time; 2.4.6
// called recv(4096).
const readSize = 4096

// maxEmptyReads bounds Reads that return neither bytes nor an error. Python's
// recv only returned nothing on a closed socket; a Go reader may do it now
// and then, but one that never stops would spin forever (bufio gives up
// after the same count).
const maxEmptyReads = 100

// HiredisParser reads raw chunks from the socket and feeds them to an
// incremental Reader, the way redis-py drove the hiredis C extension.
type HiredisParser struct {
	// conn is the per-socket state, nil while disconnected; see
	// PythonParser.fp for why it is an atomic pointer.
	conn atomic.Pointer[hiredisConn]

	fixes fixes.Set // which of the port's fixes are on: all, but in tests
}

// hiredisConn is what OnConnect sets up for one socket.
type hiredisConn struct {
	sock   io.Reader
	reader *Reader
	buf    []byte // the chunk read from sock, copied into reader by Feed
}

// NewHiredisParser returns a disconnected HiredisParser.
func NewHiredisParser() *HiredisParser {
	return &HiredisParser{}
}

// SetFixes turns the port's fixes off for this parser, to show what 2.4.6
// did; a Connection passes on its own Options.Fixes. Call it before
// OnConnect.
func (p *HiredisParser) SetFixes(s fixes.Set) { p.fixes = s }

// OnConnect starts a fresh Reader on the new socket.
func (p *HiredisParser) OnConnect(r io.Reader) {
	reader := NewReader()
	reader.fixes = p.fixes
	p.conn.Store(&hiredisConn{sock: r, reader: reader, buf: make([]byte, readSize)})
}

// OnDisconnect drops the socket and the Reader with whatever it buffered.
func (p *HiredisParser) OnDisconnect() {
	p.conn.Store(nil)
}

// --8<-- [end:hiredis_parser]

// --8<-- [start:hiredis_read_response]

// ReadResponse reads one complete reply, asking the Reader after every
// chunk. It returns the same values and errors as PythonParser.ReadResponse
// for the same bytes, at the same byte.
func (p *HiredisParser) ReadResponse() (any, error) {
	c := p.conn.Load()
	if c == nil {
		// In 2.4.6 this was an AttributeError on None; redis-py 2.4.10
		// added this guard, with PythonParser's message.
		return nil, errSocketClosed() // not connected (1)
	}
	reply, ok, err := c.reader.Gets()
	for empty := 0; !ok && err == nil; {
		n, readErr := c.sock.Read(c.buf) // Python: sock.recv, readSize bytes at most (2)
		switch {
		case n > 0:
			// A Read may return bytes together with an error (io.EOF
			// above all): those bytes count first, as if Python's recv
			// had returned them and the next recv had failed.
			empty = 0
			c.reader.Feed(c.buf[:n])
			// TODO(workshop): this is 2.4.6's check. Every reply ends in
			// '\n', so a chunk that ends in anything else cannot have
			// finished one, and the Reader is asked only after a chunk
			// that ends in '\n'. (The port also asks once a line's worth
			// of bytes is waiting, MaxLineLen, so no line grows for ever.)
			// But what if the bytes are not a reply at all?
			if c.buf[n-1] == '\n' || c.reader.buffered() >= MaxLineLen {
				reply, ok, err = c.reader.Gets()
			}
		case readErr == nil:
			if empty++; empty >= maxEmptyReads {
				return nil, readError(io.ErrNoProgress)
			}
		}
		if readErr != nil && !ok && err == nil {
			return nil, readError(readErr) // EOF becomes "Socket closed on remote end" (4)
		}
	}
	return reply, err
}

// --8<-- [end:hiredis_read_response]
