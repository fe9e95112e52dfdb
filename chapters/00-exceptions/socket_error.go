package exceptions

import (
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// --8<-- [start:socket_error]

// SocketError describes a Go network error the way Python 2's socket.error
// carried it, for the messages redis-py built from one: errno is the error
// number (0 when Python would have had none) and msg its text.
//
//	connection refused         -> 111, "Connection refused"
//	a deadline that passed     -> 0, "timed out"   (socket.timeout)
//	a socket closed under us   -> 9, "Bad file descriptor"
//
// Go's net errors wrap the same errno Python saw, under its own
// "dial tcp ...: connect: " text; only the errno and its strerror are kept.
func SocketError(err error) (errno int, msg string) {
	var ne net.Error
	if errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return 0, "timed out" // socket.timeout('timed out') (1)
	}
	var en syscall.Errno
	if errors.As(err, &en) {
		return int(en), strerror(en)
	}
	if en, ok := platformErrno(err); ok { // js/wasm: the errno is in words
		return int(en), strerror(en)
	}
	if errors.Is(err, net.ErrClosed) {
		// Go's own error for a socket this process closed, as Disconnect
		// does from another goroutine. Python's recv and send on a closed
		// file descriptor failed with EBADF. (2)
		return int(syscall.EBADF), strerror(syscall.EBADF)
	}
	return 0, err.Error() // no errno: Python's one-argument socket.error (3)
}

// SocketErrorArgs is how redis-py printed a socket error when reading:
// "Error while reading from socket: %s" % (e.args,), the repr of the
// exception's arguments, "(104, 'Connection reset by peer')" or
// "('timed out',)".
func SocketErrorArgs(err error) string {
	errno, msg := SocketError(err)
	if errno == 0 {
		return "(" + PyRepr(msg) + ",)" // a one-element tuple keeps its comma (4)
	}
	return "(" + strconv.Itoa(errno) + ", " + PyRepr(msg) + ")"
}

// strerror is the C library's text for en: Go's table has the same words
// with a lower-case first letter.
func strerror(en syscall.Errno) string {
	m := en.Error()
	if m == "" {
		return m
	}
	return strings.ToUpper(m[:1]) + m[1:]
}

// PyRepr is Python 2's repr() of a byte string: single quotes unless the
// text holds a single quote and no double quote, backslash escapes for
// quotes, backslashes and bytes outside printable ASCII. It is how Python
// printed a key in a KeyError and a message inside an args tuple.
func PyRepr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	b := make([]byte, 0, len(s)+2)
	b = append(b, quote)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == quote || c == '\\':
			b = append(b, '\\', c)
		case c == '\t':
			b = append(b, '\\', 't')
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c < ' ' || c >= 0x7f:
			const hex = "0123456789abcdef"
			b = append(b, '\\', 'x', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return string(append(b, quote))
}

// --8<-- [end:socket_error]
