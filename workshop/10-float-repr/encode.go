// Workshop exercise 10-float-repr, made from chapters/02-connection/encode.go
// by `go run ./cmd/workshop dev sync`. The parts marked TODO(workshop) are
// yours to write; the rest is the chapter's own code. Check your work with
// `go run ./cmd/workshop check`.

package connection

import (
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/internal/fixes"
)

// --8<-- [start:encode]

// Encode returns the bytes sent for one argument.
//
// 2.4.6 sent str(value) for anything that was not unicode. The port follows
// the later fixes instead: floats keep every digit (redis-py 2.7.0 switched
// from str() to repr(); str() kept 12 significant digits), and nil, bool and
// other types are refused with DataError (redis-py 3.0.0), where 2.4.6 sent
// "None" or "True" and the server stored that text.
func (c *Connection) Encode(value any) ([]byte, error) {
	return c.appendArg(nil, value)
}

// appendArg appends the encoding of value to buf without allocating for the
// common types: this runs once per argument of every command.
func (c *Connection) appendArg(buf []byte, value any) ([]byte, error) {
	switch v := value.(type) {
	case string: // already bytes: sent as they are, no encoding step (1)
		return append(buf, v...), nil
	case []byte:
		return append(buf, v...), nil
	case int:
		return strconv.AppendInt(buf, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(buf, v, 10), nil
	case float64:
		if !c.fixes.On(fixes.FloatRepr) {
			return append(buf, pyStr(v)...), nil // 2.4.6: str(), 12 significant digits (2)
		}
		return appendPyRepr(buf, v, 64), nil // redis-py 2.7.0: repr(), every digit (3)
	case float32:
		if !c.fixes.On(fixes.FloatRepr) {
			return append(buf, pyStr(float64(v))...), nil
		}
		return appendPyRepr(buf, float64(v), 32), nil
	case nil: // refused since redis-py 3.0.0; 2.4.6 sent the text None (4)
		if !c.fixes.On(fixes.RefuseNoneAndBool) {
			return append(buf, "None"...), nil
		}
		return buf, exceptions.New(exceptions.ErrData, "Invalid input of type: 'NoneType'. Convert to a byte, string or number first.")
	case bool:
		if !c.fixes.On(fixes.RefuseNoneAndBool) {
			if v {
				return append(buf, "True"...), nil
			}
			return append(buf, "False"...), nil
		}
		return buf, exceptions.New(exceptions.ErrData, "Invalid input of type: 'bool'. Convert to a byte, string or number first.")
	case *big.Int: // Python's int has no size limit: 2.4.6 sent all its digits (5)
		if v != nil {
			return v.Append(buf, 10), nil
		}
	case time.Duration:
		// An int64 underneath, but in nanoseconds: EXPIRE k time.Second
		// would ask for 31 years. Refused rather than guessed.
	default:
		return c.appendByKind(buf, value)
	}
	return buf, errInvalidInput(value)
}

// appendByKind encodes the rarer integer widths and named types such as
// `type Key string` by their underlying kind: redis-py 3.0.0 accepted
// subclasses of str, int and float, and these are Go's nearest thing.
func (c *Connection) appendByKind(buf []byte, value any) ([]byte, error) {
	rv := reflect.ValueOf(value)
	switch rv.Kind() {
	case reflect.String:
		return append(buf, rv.String()...), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(buf, rv.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.AppendUint(buf, rv.Uint(), 10), nil
	case reflect.Float32:
		return c.appendArg(buf, float32(rv.Float()))
	case reflect.Float64:
		return c.appendArg(buf, rv.Float())
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return append(buf, rv.Bytes()...), nil
		}
	}
	return buf, errInvalidInput(value)
}

// errInvalidInput is redis-py 3.0.0's DataError, with the Go type's name.
// The name comes from reflect.TypeOf, not fmt's %T: fmt keeps its
// arguments, which would make every argument of every command escape to
// the heap, and boxing a GET's key would cost an allocation.
func errInvalidInput(value any) error {
	return exceptions.New(exceptions.ErrData, "Invalid input of type: '"+typeName(value)+"'. Convert to a byte, string or number first.")
}

func typeName(value any) string {
	if t := reflect.TypeOf(value); t != nil {
		return t.String()
	}
	return "<nil>"
}

// --8<-- [end:encode]

// --8<-- [start:float]

// appendPyRepr formats f for the wire. Encode calls it for every float64
// and float32 argument.
//
// TODO(workshop): this is 2.4.6's behaviour: str(value), which keeps 12
// significant digits, so 1/3.0 is stored as 0.333333333333 and reads back
// as another number. redis-py 2.7.0 sends repr(value) instead: the
// shortest text that reads back as the same float. Write it the way
// Python's repr() does: positional notation for exponents from -4 to 15
// with ".0" on whole numbers, scientific notation (1e+16, 1e-05) outside
// them, and inf, -inf and nan as they are. strconv.AppendFloat with
// precision -1 gives the shortest digits; bits is 32 for a float32.
func appendPyRepr(buf []byte, f float64, bits int) []byte {
	return append(buf, pyStr(f)...)
}

// pyStr is Python 2's str() of a float, what 2.4.6 sent: 12 significant
// digits, so 1/3.0 went over the wire as 0.333333333333.
func pyStr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	s := strconv.FormatFloat(f, 'g', 12, 64) // Python 2's str() is %.12g
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// --8<-- [end:float]

// --8<-- [start:pack_command]

// PackCommand returns the command in the Redis protocol: "*<argc>\r\n", then
// "$<len>\r\n<bytes>\r\n" for each argument.
func (c *Connection) PackCommand(args ...any) ([]byte, error) {
	return c.appendCommand(nil, args)
}

func (c *Connection) appendCommand(buf []byte, args []any) ([]byte, error) {
	buf = append(buf, '*') // *<argc>\r\n, then one bulk string per argument (1)
	buf = strconv.AppendInt(buf, int64(len(args)), 10)
	buf = append(buf, '\r', '\n')
	for _, arg := range args {
		// Encode straight into buf, then slide the bytes right to make room
		// for the "$<len>\r\n" header now that the length is known. Short
		// arguments move a few bytes; no temporary slice is allocated.
		headerAt := len(buf)
		var err error
		if buf, err = c.appendArg(buf, arg); err != nil {
			return nil, err // one bad argument fails the whole command (2)
		}
		n := len(buf) - headerAt
		var hdr [24]byte // on the stack: "$", up to 20 digits, "\r\n" (3)
		h := append(strconv.AppendInt(append(hdr[:0], '$'), int64(n), 10), '\r', '\n')
		buf = append(buf, h...) // grow by the header's size
		copy(buf[headerAt+len(h):], buf[headerAt:headerAt+n])
		copy(buf[headerAt:], h)
		buf = append(buf, '\r', '\n')
	}
	return buf, nil
}

// --8<-- [end:pack_command]

// AppendCommand is PackCommand appending to buf, for a pipeline that packs
// all its commands into one write (chapter 05), as 2.4.6 joined them.
func (c *Connection) AppendCommand(buf []byte, args ...any) ([]byte, error) {
	return c.appendCommand(buf, args)
}

// --8<-- [start:error_message]

// errorMessage words a connect error as redis-py did: with the errno when
// the socket error had one, "Error 111 connecting localhost:6379. Connection
// refused.", and without it otherwise.
func (c *Connection) errorMessage(err error) string {
	errno, msg := describe(err)
	switch {
	case errno == "UNKNOWN":
		return "Error connecting to " + c.String() + ". " + msg + "."
	case c.network == "unix":
		return "Error " + errno + " connecting to " + c.String() + ". " + msg + "."
	}
	return "Error " + errno + " connecting " + c.String() + ". " + msg + "."
}

// --8<-- [end:error_message]

// describe splits a Go network error into what Python's socket.error
// carried: an errno (or "UNKNOWN", as redis-py wrote when there was none)
// and a message.
func describe(err error) (errno, msg string) {
	n, msg := exceptions.SocketError(err)
	if n == 0 {
		return "UNKNOWN", msg
	}
	return strconv.Itoa(n), msg
}
