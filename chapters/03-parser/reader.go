package parser

// Reader ports the part of hiredis that redis-py's HiredisParser used: the
// incremental reader behind hiredis.Reader (feed and gets).

import (
	"bytes"

	"github.com/redispy-go/redispy/internal/fixes"
)

// --8<-- [start:reader]

// maxIdleBuf is how much buffer a Reader keeps once everything fed has been
// parsed; a bigger one, grown for a large reply, is released (hiredis does
// the same above 16 KiB).
const maxIdleBuf = 64 << 10

// Reader parses replies from bytes fed to it in pieces of any size, the way
// hiredis.Reader does: Feed appends what came off the socket and Gets
// returns a reply once one is complete.
//
// Work already done on a partial reply is kept between calls: finished
// elements of open multi-bulk replies wait on a stack (hiredis's task
// stack), the bytes searched for a '\n' are not searched again, and a bulk
// string still arriving is not looked at until all of it is there. Feeding
// a large reply in small pieces therefore costs time linear in its size.
//
// After Gets returns an error the byte stream cannot be trusted (a LOADING
// error in the middle of a multi-bulk leaves the rest of it unread), so the
// Reader keeps returning that error, as hiredis does; the connection is
// expected to drop it and start a new one.
type Reader struct {
	buf   []byte  // bytes fed and not yet consumed start at buf[pos]
	pos   int     // start of the item being parsed
	scan  int     // bytes after the type byte already searched for '\n'
	num   numLine // a ':', '$' or '*' line checked so far
	hdr   int     // bytes from pos through the number line's '\n', once it is complete
	need  int     // bytes from pos that the current item needs next
	stack []frame // open multi-bulk replies, outermost first
	err   error   // sticky error

	fixes fixes.Set // which of the port's fixes are on: all, but in tests
}

// frame is a multi-bulk reply still waiting for elements.
type frame struct {
	elems []any
	n     int64 // announced element count
}

// NewReader returns an empty Reader.
func NewReader() *Reader {
	return &Reader{}
}

// SetFixes turns the port's fixes off for this Reader, to show what 2.4.6
// did.
func (r *Reader) SetFixes(s fixes.Set) { r.fixes = s }

// --8<-- [end:reader]

// --8<-- [start:reader_feed]

// Feed appends b to the bytes waiting to be parsed. b is copied, so the
// caller may reuse it at once. After Gets has returned an error, Feed
// discards what it is given.
func (r *Reader) Feed(b []byte) {
	if len(b) == 0 || r.err != nil {
		return
	}
	switch {
	case r.pos == len(r.buf):
		// Everything parsed: start over at the front.
		if cap(r.buf) > maxIdleBuf { // a buffer grown for one big reply is let go (1)
			r.buf = nil
		}
		r.buf, r.pos = r.buf[:0], 0
	case r.pos > 0 && len(r.buf)+len(b) > cap(r.buf):
		// Full: move the unparsed tail to the front before growing.
		// HiredisParser asks for a reply after every chunk, so what
		// moves is at most the one reply still arriving.
		n := copy(r.buf, r.buf[r.pos:]) // compact instead of growing (2)
		r.buf, r.pos = r.buf[:n], 0
	}
	r.buf = append(r.buf, b...) // a copy: hiredis copied too (3)
}

// --8<-- [end:reader_feed]

// buffered is the number of bytes fed but not yet consumed.
func (r *Reader) buffered() int {
	return len(r.buf) - r.pos
}

// itemState says what item found at the front of the buffer.
type itemState int

const (
	needMore itemState = iota // the item is not all there yet
	value                     // a complete value
	opened                    // a multi-bulk header: a frame was pushed
)

// --8<-- [start:reader_gets]

// Gets returns the next complete reply. ok is false when the bytes fed so
// far do not hold one yet (hiredis.Reader.gets() returned False): feed more
// and call again. A nil reply with ok true is Redis's nil ($-1 or *-1).
func (r *Reader) Gets() (reply any, ok bool, err error) {
	if r.err != nil {
		return nil, false, r.err
	}
	for {
		v, state, err := r.item()
		switch {
		case err != nil:
			r.err, r.stack, r.buf, r.pos = err, nil, nil, 0 // sticky from now on (1)
			return nil, false, err
		case state == needMore:
			return nil, false, nil // gets() returned False (2)
		case state == opened:
			continue // a header alone: go on to its first element (3)
		}
		if v, ok := r.attach(v); ok {
			return v, true, nil
		}
	}
}

// attach hands a finished value to the innermost open multi-bulk reply,
// closing every reply that it completes. ok reports that the outermost one
// (or a plain top-level value) is done.
func (r *Reader) attach(v any) (reply any, ok bool) {
	for len(r.stack) > 0 {
		top := &r.stack[len(r.stack)-1]
		top.elems = append(top.elems, v) // the task stack keeps finished elements (4)
		if int64(len(top.elems)) < top.n {
			return nil, false
		}
		v = top.elems
		*top = frame{} // let the finished slice go with the reply
		r.stack = r.stack[:len(r.stack)-1]
	}
	return v, true
}

// --8<-- [end:reader_gets]

// --8<-- [start:reader_item]

// item parses the item at pos: a whole value, or only the header of a
// multi-bulk reply, whose elements are items of their own. It checks in
// the same order as PythonParser.readResponse, and every byte as soon as
// it is fed, so the two report the same error for the same bytes, however
// they are split.
func (r *Reader) item() (any, itemState, error) {
	if r.buffered() == 0 || r.buffered() < r.need { // a bulk still arriving is not parsed again (1)
		return nil, needMore, nil
	}
	typ := r.buf[r.pos]
	if !isTypeByte(typ) {
		if typ == '\r' && r.buffered() < 2 {
			return nil, needMore, nil // "\r\n" or garbage: the next byte decides (2)
		}
		return nil, 0, notAReply(r.buf[r.pos:])
	}
	if typ == '*' && len(r.stack) >= MaxDepth {
		return nil, 0, errTooDeep()
	}

	switch typ {
	case '-', '+':
		line, end, err := r.line() // resumes its search for '\n' where it stopped (3)
		if err != nil || end == 0 {
			return nil, needMore, err
		}
		var v any
		if typ == '+' {
			v = statusReply(line)
		} else if v, err = errorReply(line, r.fixes); err != nil {
			return nil, 0, err
		}
		r.consume(end)
		return v, value, nil
	}

	if r.hdr == 0 {
		end, err := r.num.scan(r.buf[r.pos+1:], typ) // checks only the bytes it has not seen (4)
		if err != nil || end == 0 {
			return nil, needMore, err
		}
		r.hdr = 1 + end
	}
	n := r.num.value()
	switch {
	case typ == ':':
		r.consume(r.pos + r.hdr)
		return n, value, nil
	case n == -1:
		r.consume(r.pos + r.hdr)
		return nil, value, nil // $-1 and *-1
	case typ == '$':
		// The data, then '\r', then '\n', each checked once it is here;
		// until then Gets answers from need alone.
		stop := r.hdr + int(n)
		for _, want := range [2]byte{'\r', '\n'} {
			if r.buffered() <= stop {
				r.need = stop + 1
				return nil, needMore, nil
			}
			if r.buf[r.pos+stop] != want {
				return nil, 0, errBulkNotCRLF() // the first wrong byte after the data (5)
			}
			stop++
		}
		// Copy out: the buffer is reused for later replies. (6)
		data := make([]byte, n)
		copy(data, r.buf[r.pos+r.hdr:])
		r.consume(r.pos + stop)
		return data, value, nil
	default: // '*'
		r.consume(r.pos + r.hdr)
		if n == 0 {
			return []any{}, value, nil
		}
		r.stack = append(r.stack, frame{elems: make([]any, 0, min(n, arrayPrealloc)), n: n}) // push a frame (7)
		return nil, opened, nil
	}
}

// --8<-- [end:reader_item]

// line returns the text between the type byte at pos and the CRLF ending
// it, and the offset just past the '\n'. end is 0 while the '\n' has not
// arrived; the bytes searched so far are remembered for the next call.
func (r *Reader) line() (line []byte, end int, err error) {
	start := r.pos + 1
	window := r.buf[start:min(len(r.buf), start+MaxLineLen)]
	i := bytes.IndexByte(window[r.scan:], '\n')
	if i < 0 {
		if len(window) >= MaxLineLen {
			return nil, 0, errLineTooLong()
		}
		r.scan = len(window)
		return nil, 0, nil
	}
	i += r.scan
	switch {
	case i == 0:
		return nil, 0, errEmptyLine()
	case window[i-1] != '\r':
		return nil, 0, errNotCRLF()
	}
	return window[:i-1], start + i + 1, nil
}

// consume moves past a finished item.
func (r *Reader) consume(end int) {
	r.pos, r.scan, r.need, r.hdr = end, 0, 0, 0
	r.num = numLine{}
}
