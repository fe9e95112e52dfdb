package parser_test

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	exceptions "github.com/redispy-go/redispy/chapters/00-exceptions"
	parser "github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/internal/fixes"
)

// parsers lists both implementations; every behaviour test runs on each.
var parsers = []struct {
	name string
	new  func() parser.Parser
}{
	{"PythonParser", func() parser.Parser { return parser.NewPythonParser() }},
	{"HiredisParser", func() parser.Parser { return parser.NewHiredisParser() }},
}

// chunkings deliver the same bytes in different pieces. A parser must not
// care how the socket splits a reply.
func chunkings(t *testing.T) []struct {
	name string
	wrap func(io.Reader) io.Reader
} {
	seed := chunkSeed(t)
	return []struct {
		name string
		wrap func(io.Reader) io.Reader
	}{
		{"whole", func(r io.Reader) io.Reader { return r }},
		{"one byte", iotest.OneByteReader},
		{"data with EOF", iotest.DataErrReader},
		{"random", func(r io.Reader) io.Reader { return newRandomChunks(r, seed) }},
		{"CR and LF apart", newCRLFSplitter},
	}
}

// chunkSeed seeds the random chunk sizes: PARSER_SEED if set (to replay a
// failure), the clock otherwise. It is logged either way.
func chunkSeed(t *testing.T) uint64 {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("PARSER_SEED"); s != "" {
		var err error
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err, "PARSER_SEED")
	}
	t.Logf("random chunk seed: %d (replay with PARSER_SEED=%d)", seed, seed)
	return seed
}

// randomChunks returns pieces of random size (1 to 17 bytes), sometimes
// together with io.EOF at the end.
type randomChunks struct {
	data []byte
	rng  *rand.Rand
}

func newRandomChunks(r io.Reader, seed uint64) io.Reader {
	data, err := io.ReadAll(r)
	if err != nil {
		panic(err)
	}
	return &randomChunks{data: data, rng: rand.New(rand.NewPCG(seed, seed))}
}

func (r *randomChunks) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.data[:min(len(r.data), 1+r.rng.IntN(17))])
	r.data = r.data[n:]
	if len(r.data) == 0 && r.rng.IntN(2) == 0 {
		return n, io.EOF
	}
	return n, nil
}

// crlfSplitter ends a chunk after every '\r', so each "\r\n" arrives in two
// reads: the case issue #153 was about.
type crlfSplitter struct{ data []byte }

func newCRLFSplitter(r io.Reader) io.Reader {
	data, err := io.ReadAll(r)
	if err != nil {
		panic(err)
	}
	return &crlfSplitter{data: data}
}

func (r *crlfSplitter) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	end := len(r.data)
	if i := bytes.IndexByte(r.data, '\r'); i >= 0 {
		end = i + 1
	}
	n := copy(p, r.data[:end])
	r.data = r.data[n:]
	return n, nil
}

// readAll connects p to r and reads replies until the first error.
func readAll(p parser.Parser, r io.Reader) ([]any, error) {
	p.OnConnect(r)
	var replies []any
	for {
		reply, err := p.ReadResponse()
		if err != nil {
			return replies, err
		}
		replies = append(replies, reply)
	}
}

// assertErr checks an error's kind (the except clause that would catch it)
// and its exact message.
func assertErr(t *testing.T, err error, kind *exceptions.Kind, msg string) {
	t.Helper()
	require.Error(t, err)
	assert.Same(t, kind, exceptions.KindOf(err), "kind of %q", err)
	assert.Equal(t, msg, err.Error())
}

const closed = "Socket closed on remote end"

func big(n int) string { return strings.Repeat("x", n) }

// replyCase is a byte stream and what a parser must make of it: the replies,
// in order, then an error. Valid streams end in "Socket closed on remote
// end", which is what reading past the last reply gives.
type replyCase struct {
	name string
	in   string
	want []any
	kind *exceptions.Kind // nil: ErrConnection
	msg  string           // "": closed
}

var validCases = []replyCase{
	{name: "status OK", in: "+OK\r\n", want: []any{"OK"}},
	{name: "status PONG", in: "+PONG\r\n", want: []any{"PONG"}},
	{name: "status QUEUED", in: "+QUEUED\r\n", want: []any{"QUEUED"}},
	{name: "status other", in: "+hello world\r\n", want: []any{"hello world"}},
	{name: "status empty", in: "+\r\n", want: []any{""}},
	{name: "status with CR inside", in: "+a\rb\r\n", want: []any{"a\rb"}},
	{name: "integer zero", in: ":0\r\n", want: []any{int64(0)}},
	{name: "integer", in: ":42\r\n", want: []any{int64(42)}},
	{name: "integer negative", in: ":-7\r\n", want: []any{int64(-7)}},
	{name: "integer max", in: ":9223372036854775807\r\n", want: []any{int64(9223372036854775807)}},
	{name: "integer min", in: ":-9223372036854775808\r\n", want: []any{int64(-9223372036854775808)}},
	{name: "integer leading zeros", in: ":007\r\n", want: []any{int64(7)}},
	{name: "integer minus zero", in: ":-0\r\n", want: []any{int64(0)}},
	{name: "integer longer than a buffer", in: ":" + strings.Repeat("0", 5000) + "7\r\n", want: []any{int64(7)}},
	{name: "bulk", in: "$5\r\nhello\r\n", want: []any{[]byte("hello")}},
	{name: "bulk empty", in: "$0\r\n\r\n", want: []any{[]byte{}}},
	{name: "bulk nil", in: "$-1\r\n", want: []any{nil}},
	{name: "bulk binary with CRLF inside", in: "$4\r\na\r\nb\r\n", want: []any{[]byte("a\r\nb")}},
	{name: "bulk bigger than a buffer", in: "$10000\r\n" + big(10000) + "\r\n", want: []any{[]byte(big(10000))}},
	{name: "multi-bulk empty", in: "*0\r\n", want: []any{[]any{}}},
	{name: "multi-bulk nil", in: "*-1\r\n", want: []any{nil}},
	{
		name: "multi-bulk flat", in: "*4\r\n:1\r\n$1\r\na\r\n$-1\r\n+OK\r\n",
		want: []any{[]any{int64(1), []byte("a"), nil, "OK"}},
	},
	{
		name: "multi-bulk nested", in: "*3\r\n*1\r\n+a\r\n*0\r\n*2\r\n*-1\r\n$0\r\n\r\n",
		want: []any{[]any{[]any{"a"}, []any{}, []any{nil, []byte{}}}},
	},
	{
		name: "multi-bulk with error inside", in: "*3\r\n+OK\r\n-ERR wrong number\r\n-WRONGTYPE bad\r\n",
		want: []any{[]any{"OK", exceptions.ResponseError{Msg: "wrong number"}, exceptions.ResponseError{Msg: "WRONGTYPE bad"}}},
	},
	{name: "multi-bulk 64 deep", in: strings.Repeat("*1\r\n", 64) + ":1\r\n", want: []any{nest(64, int64(1))}},
	{name: "error ERR", in: "-ERR unknown command 'FOO'\r\n", want: []any{exceptions.ResponseError{Msg: "unknown command 'FOO'"}}},
	{
		name: "error WRONGTYPE (fixed in 2.6.1)", in: "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
		want: []any{exceptions.ResponseError{Msg: "WRONGTYPE Operation against a key holding the wrong kind of value"}},
	},
	{name: "error bare ERR", in: "-ERR\r\n", want: []any{exceptions.ResponseError{Msg: "ERR"}}},
	{name: "error empty", in: "-\r\n", want: []any{exceptions.ResponseError{Msg: ""}}},
	{name: "error LOADING without text", in: "-LOADING\r\n", want: []any{exceptions.ResponseError{Msg: "LOADING"}}},
	{
		name: "pipeline", in: "+OK\r\n:1\r\n$3\r\nfoo\r\n*2\r\n$1\r\na\r\n:2\r\n-ERR x\r\n$-1\r\n+PONG\r\n",
		want: []any{"OK", int64(1), []byte("foo"), []any{[]byte("a"), int64(2)}, exceptions.ResponseError{Msg: "x"}, nil, "PONG"},
	},
}

func nest(depth int, v any) any {
	for range depth {
		v = []any{v}
	}
	return v
}

var (
	inv = exceptions.ErrInvalidResponse
	con = exceptions.ErrConnection
)

var badCases = []replyCase{
	{name: "nothing", in: "", kind: con, msg: closed},
	{name: "unknown type byte", in: "?x\r\n", kind: inv, msg: "Protocol Error"},
	{name: "unknown type byte alone", in: "?", kind: inv, msg: "Protocol Error"},
	{name: "CR then garbage", in: "\rX\r\n", kind: inv, msg: "Protocol Error"},
	{name: "CR CR", in: "\r\r\n", kind: inv, msg: "Protocol Error"},
	{name: "after a good reply", in: "+OK\r\n!", want: []any{"OK"}, kind: inv, msg: "Protocol Error"},
	{name: "LOADING", in: "-LOADING Redis is loading the dataset in memory\r\n", kind: con, msg: "Redis is loading data into memory"},
	{name: "LOADING inside multi-bulk", in: "*2\r\n-LOADING x\r\n:1\r\n", kind: con, msg: "Redis is loading data into memory"},

	// An empty line where a reply should start: 2.4.6's PythonParser cut
	// two bytes off, found nothing and took it for a closed socket.
	{name: "empty line", in: "\r\n", kind: con, msg: closed},
	{name: "LF alone", in: "\n", kind: con, msg: closed},
	{name: "type byte and LF", in: ":\n", kind: con, msg: closed},
	{name: "status byte and LF", in: "+\n", kind: con, msg: closed},
	{name: "empty line after a good reply", in: "+OK\r\n\r\n", want: []any{"OK"}, kind: con, msg: closed},
	{name: "empty line inside multi-bulk", in: "*2\r\n:1\r\n\r\n", kind: con, msg: closed},

	// Cut short: 2.4.6 returned whatever it had, silently.
	{name: "truncated type only", in: "+", kind: con, msg: closed},
	{name: "truncated status", in: "+OK", kind: con, msg: closed},
	{name: "truncated before LF", in: "+OK\r", kind: con, msg: closed},
	{name: "truncated length", in: "$5", kind: con, msg: closed},
	{name: "truncated bulk", in: "$5\r\nhel", kind: con, msg: closed},
	{name: "truncated bulk before CRLF", in: "$5\r\nhello", kind: con, msg: closed},
	{name: "truncated bulk before LF", in: "$5\r\nhello\r", kind: con, msg: closed},
	{name: "truncated integer", in: ":12", kind: con, msg: closed},
	{name: "truncated integer before LF", in: ":12\r", kind: con, msg: closed},
	{name: "truncated CR", in: "\r", kind: con, msg: closed},
	{name: "truncated multi-bulk", in: "*2\r\n:1\r\n", kind: con, msg: closed},
	{name: "truncated nested", in: "*2\r\n*2\r\n:1\r\n:2\r\n", kind: con, msg: closed},

	// Framing.
	{name: "LF without CR", in: "+OK\n", kind: inv, msg: "Protocol Error: line not terminated by CRLF"},
	{name: "LF after digits", in: ":1\n", kind: inv, msg: "Protocol Error: line not terminated by CRLF"},
	{name: "CR without LF in integer", in: ":1\rX", kind: inv, msg: "Protocol Error: line not terminated by CRLF"},
	{name: "CR CR in length", in: "$1\r\r\na\r\n", kind: inv, msg: "Protocol Error: line not terminated by CRLF"},
	{name: "bulk wrong byte before EOF", in: "$5\r\nhelloX", kind: inv, msg: "Protocol Error: bulk data not terminated by CRLF"},
	{name: "bulk then LF only", in: "$3\r\nabc\n", kind: inv, msg: "Protocol Error: bulk data not terminated by CRLF"},
	{name: "bulk then two bad bytes", in: "$3\r\nabcXY", kind: inv, msg: "Protocol Error: bulk data not terminated by CRLF"},
	{name: "bulk without CRLF", in: "$5\r\nhelloXY", kind: inv, msg: "Protocol Error: bulk data not terminated by CRLF"},
	{name: "bulk too short", in: "$5\r\nhel\r\n+OK\r\n", kind: inv, msg: "Protocol Error: bulk data not terminated by CRLF"},
	{name: "bulk CR without LF", in: "$1\r\na\rX", kind: inv, msg: "Protocol Error: bulk data not terminated by CRLF"},

	// Numbers.
	{name: "integer not a number", in: ":abc\r\n", kind: inv, msg: `Protocol Error: invalid integer "a"`},
	{name: "integer bad byte, no CRLF", in: ":12a", kind: inv, msg: `Protocol Error: invalid integer "12a"`},
	{name: "integer empty", in: ":\r\n", kind: inv, msg: `Protocol Error: invalid integer ""`},
	{name: "integer minus only", in: ":-\r\n", kind: inv, msg: `Protocol Error: invalid integer "-"`},
	{name: "integer plus sign", in: ":+1\r\n", kind: inv, msg: `Protocol Error: invalid integer "+"`},
	{name: "integer space", in: ": 1\r\n", kind: inv, msg: `Protocol Error: invalid integer " "`},
	{name: "integer with Python's L", in: ":1L\r\n", kind: inv, msg: `Protocol Error: invalid integer "1L"`},
	{name: "integer float", in: ":1.5\r\n", kind: inv, msg: `Protocol Error: invalid integer "1."`},
	{name: "integer overflow", in: ":9223372036854775808\r\n", kind: inv, msg: `Protocol Error: invalid integer "9223372036854775808"`},
	{name: "integer underflow", in: ":-9223372036854775809\r\n", kind: inv, msg: `Protocol Error: invalid integer "-9223372036854775809"`},
	{
		name: "integer long", in: ":" + strings.Repeat("9", 40) + "\r\n", kind: inv,
		msg: `Protocol Error: invalid integer "` + strings.Repeat("9", 19) + `"`,
	},
	{
		name: "integer zeros then bad byte", in: ":" + strings.Repeat("0", 40) + "x", kind: inv,
		msg: `Protocol Error: invalid integer "` + strings.Repeat("0", 32) + `"...`,
	},
	{
		name: "integer longer than a buffer, then a bad byte", in: ":-" + strings.Repeat("0", 5000) + "x", kind: inv,
		msg: `Protocol Error: invalid integer "-` + strings.Repeat("0", 31) + `"...`,
	},
	{name: "integer of zeros without LF", in: ":" + strings.Repeat("0", 70000), kind: inv, msg: "Protocol Error: line longer than 65536 bytes"},
	{name: "bulk length not a number", in: "$abc\r\n", kind: inv, msg: `Protocol Error: invalid bulk length "a"`},
	{name: "bulk length empty", in: "$\r\n", kind: inv, msg: `Protocol Error: invalid bulk length ""`},
	{name: "bulk length -2", in: "$-2\r\n", kind: inv, msg: `Protocol Error: invalid bulk length "-2"`},
	{name: "bulk length -2, no CRLF", in: "$-2", kind: inv, msg: `Protocol Error: invalid bulk length "-2"`},
	{name: "bulk length overflow", in: "$99999999999999999999\r\n", kind: inv, msg: "Protocol Error: bulk length 999999999 exceeds limit 536870912"},
	{name: "bulk length over 512 MB", in: "$536870913\r\n", kind: inv, msg: "Protocol Error: bulk length 536870913 exceeds limit 536870912"},
	{name: "multi-bulk length not a number", in: "*x\r\n", kind: inv, msg: `Protocol Error: invalid multi-bulk length "x"`},
	{name: "multi-bulk length bad byte, no CRLF", in: "*2x", kind: inv, msg: `Protocol Error: invalid multi-bulk length "2x"`},
	{name: "multi-bulk length -2", in: "*-2\r\n", kind: inv, msg: `Protocol Error: invalid multi-bulk length "-2"`},
	{name: "multi-bulk length over limit", in: "*4294967296\r\n", kind: inv, msg: "Protocol Error: multi-bulk length 4294967296 exceeds limit 4294967295"},

	// Limits.
	{name: "nesting 65 deep", in: strings.Repeat("*1\r\n", 65) + ":1\r\n", kind: inv, msg: "Protocol Error: multi-bulk nesting deeper than 64"},
	{name: "nesting 65 deep, cut short", in: strings.Repeat("*1\r\n", 64) + "*", kind: inv, msg: "Protocol Error: multi-bulk nesting deeper than 64"},
	{name: "line without LF", in: "+" + big(70000), kind: inv, msg: "Protocol Error: line longer than 65536 bytes"},
	{name: "line just too long", in: "+" + big(65535) + "\r\n", kind: inv, msg: "Protocol Error: line longer than 65536 bytes"},
	{name: "line of 65536 bytes cut short", in: "-" + big(65536), kind: inv, msg: "Protocol Error: line longer than 65536 bytes"},
	{name: "line of 65535 bytes cut short", in: "-" + big(65535), kind: con, msg: closed},
}

// The longest line allowed, counted from after the type byte through '\n'.
var longestLine = replyCase{
	name: "line of exactly MaxLineLen", in: "+" + big(parser.MaxLineLen-2) + "\r\n",
	want: []any{big(parser.MaxLineLen - 2)},
}

func TestReplies(t *testing.T) {
	cases := append(append([]replyCase{longestLine}, validCases...), badCases...)
	for _, ch := range chunkings(t) {
		for _, pc := range parsers {
			for _, tc := range cases {
				t.Run(ch.name+"/"+pc.name+"/"+tc.name, func(t *testing.T) {
					replies, err := readAll(pc.new(), ch.wrap(strings.NewReader(tc.in)))
					assert.Equal(t, tc.want, replies)
					kind, msg := tc.kind, tc.msg
					if kind == nil {
						kind, msg = con, closed
					}
					assertErr(t, err, kind, msg)
				})
			}
		}
	}
}

func TestStatusRepliesAreStrings(t *testing.T) {
	// Precomputed statuses must still be plain strings, equal to a fresh one.
	for _, pc := range parsers {
		replies, _ := readAll(pc.new(), strings.NewReader("+OK\r\n+OKAY\r\n"))
		require.Len(t, replies, 2)
		assert.IsType(t, "", replies[0])
		assert.Equal(t, "OKAY", replies[1])
	}
}

func TestBulkLargerThanPrealloc(t *testing.T) {
	// Past 1 MiB the bulk grows as it arrives; the result must be exact.
	data := bytes.Repeat([]byte("0123456789abcdef"), (3<<20)/16+3)
	in := "$" + itoa(len(data)) + "\r\n" + string(data) + "\r\n:1\r\n"
	seed := chunkSeed(t)
	for _, pc := range parsers {
		for _, r := range []io.Reader{strings.NewReader(in), newRandomChunks(strings.NewReader(in), seed)} {
			replies, err := readAll(pc.new(), r)
			assertErr(t, err, con, closed)
			require.Len(t, replies, 2, pc.name)
			assert.True(t, bytes.Equal(data, replies[0].([]byte)), pc.name)
			assert.Equal(t, int64(1), replies[1])
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestNotConnected(t *testing.T) {
	for _, pc := range parsers {
		t.Run(pc.name, func(t *testing.T) {
			p := pc.new()
			_, err := p.ReadResponse()
			assertErr(t, err, con, closed)

			p.OnConnect(strings.NewReader("+OK\r\n"))
			p.OnDisconnect()
			_, err = p.ReadResponse()
			assertErr(t, err, con, closed)
			p.OnDisconnect() // twice is fine
		})
	}
}

func TestOnConnectStartsFresh(t *testing.T) {
	for _, pc := range parsers {
		t.Run(pc.name, func(t *testing.T) {
			p := pc.new()
			// The first read buffers "+B" too; it must not survive.
			p.OnConnect(strings.NewReader("+A\r\n+B\r\n"))
			reply, err := p.ReadResponse()
			require.NoError(t, err)
			assert.Equal(t, "A", reply)

			p.OnDisconnect()
			p.OnConnect(strings.NewReader("+C\r\n"))
			reply, err = p.ReadResponse()
			require.NoError(t, err)
			assert.Equal(t, "C", reply)

			// Reconnecting without a disconnect also drops the old bytes,
			// including a half-read reply.
			p.OnConnect(strings.NewReader("*2\r\n:1\r\n"))
			_, err = p.ReadResponse()
			assertErr(t, err, con, closed)
			p.OnConnect(strings.NewReader(":2\r\n"))
			reply, err = p.ReadResponse()
			require.NoError(t, err)
			assert.Equal(t, int64(2), reply)
		})
	}
}

// failingReader returns its data, then err.
type failingReader struct {
	data string
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }
func (timeoutError) Is(target error) bool {
	return target == errDeadline
}

var errDeadline = errors.New("deadline exceeded")

func TestReadErrorsKeepTheirCause(t *testing.T) {
	for _, pc := range parsers {
		for _, in := range []string{"", "+OK\r\n$10\r\nabc"} {
			t.Run(pc.name+"/"+in, func(t *testing.T) {
				p := pc.new()
				p.OnConnect(&failingReader{data: in, err: timeoutError{}})
				if in != "" {
					reply, err := p.ReadResponse()
					require.NoError(t, err)
					assert.Equal(t, "OK", reply)
				}
				_, err := p.ReadResponse()
				assertErr(t, err, con, "Error while reading from socket: ('timed out',)")
				assert.ErrorIs(t, err, errDeadline)
				assert.ErrorAs(t, err, new(timeoutError))
				assert.ErrorIs(t, err, exceptions.ErrRedis)
			})
		}
	}
}

func TestPipelinedRepliesInOrder(t *testing.T) {
	var in strings.Builder
	var want []any
	for i := range 1000 {
		switch i % 4 {
		case 0:
			in.WriteString(":" + itoa(i) + "\r\n")
			want = append(want, int64(i))
		case 1:
			in.WriteString("$" + itoa(len(itoa(i))) + "\r\n" + itoa(i) + "\r\n")
			want = append(want, []byte(itoa(i)))
		case 2:
			in.WriteString("*2\r\n+" + itoa(i) + "\r\n$-1\r\n")
			want = append(want, []any{itoa(i), nil})
		case 3:
			in.WriteString("-ERR " + itoa(i) + "\r\n")
			want = append(want, exceptions.ResponseError{Msg: itoa(i)})
		}
	}
	for _, ch := range chunkings(t) {
		for _, pc := range parsers {
			replies, err := readAll(pc.new(), ch.wrap(strings.NewReader(in.String())))
			assertErr(t, err, con, closed)
			assert.Equal(t, want, replies, ch.name+"/"+pc.name)
		}
	}
}

func TestErrorReplies(t *testing.T) {
	const wrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
	for _, pc := range parsers {
		t.Run(pc.name, func(t *testing.T) {
			// 2.4.6: only "ERR " and "LOADING " were known; WRONGTYPE
			// (Redis 2.8+) fell through to the catch-all.
			p := pc.new()
			p.(interface{ SetFixes(fixes.Set) }).SetFixes(fixes.Without(fixes.EveryErrorReply))
			p.OnConnect(strings.NewReader(wrongType + "-ERR unknown\r\n"))
			_, err := p.ReadResponse()
			assertErr(t, err, inv, "Protocol Error")

			p.OnConnect(strings.NewReader("-ERR unknown\r\n-LOADING x\r\n"))
			reply, err := p.ReadResponse()
			require.NoError(t, err)
			assert.Equal(t, exceptions.ResponseError{Msg: "unknown"}, reply)
			_, err = p.ReadResponse()
			assertErr(t, err, con, "Redis is loading data into memory")

			// The 2.6.1 fix (the default): every error reply is a
			// ResponseError with the server's full text.
			p = pc.new()
			p.OnConnect(strings.NewReader(wrongType))
			reply, err = p.ReadResponse()
			require.NoError(t, err)
			assert.Equal(t, exceptions.ResponseError{Msg: "WRONGTYPE Operation against a key holding the wrong kind of value"}, reply)
			assert.ErrorIs(t, reply.(error), exceptions.ErrResponse)
		})
	}
}

func TestDefaultParser(t *testing.T) {
	assert.IsType(t, &parser.PythonParser{}, parser.DefaultParser())
	assert.NotSame(t, parser.DefaultParser(), parser.DefaultParser())
}

// TestDisconnectWhileReading runs OnDisconnect from another goroutine while
// ReadResponse is blocked in a read, as the pool does when it disconnects
// connections that are in use. Run with -race.
func TestDisconnectWhileReading(t *testing.T) {
	for _, pc := range parsers {
		t.Run(pc.name, func(t *testing.T) {
			pr, pw := io.Pipe()
			p := pc.new()
			p.OnConnect(pr)
			done := make(chan error, 1)
			go func() {
				_, err := p.ReadResponse()
				done <- err
			}()
			// Write returns only once the reader has taken the bytes, so
			// ReadResponse is surely inside a read, waiting for the rest.
			_, err := pw.Write([]byte("+O"))
			require.NoError(t, err)

			p.OnDisconnect()
			_, err = p.ReadResponse()
			assertErr(t, err, con, closed)
			require.NoError(t, pw.Close()) // what closing the socket does

			select {
			case err := <-done:
				assertErr(t, err, con, closed)
			case <-time.After(10 * time.Second):
				t.Fatal("ReadResponse did not return after the socket closed")
			}

			// Reconnecting after all that works as usual.
			p.OnConnect(strings.NewReader("+OK\r\n"))
			reply, err := p.ReadResponse()
			require.NoError(t, err)
			assert.Equal(t, "OK", reply)
		})
	}
}

// TestDisconnectRace hammers OnConnect, OnDisconnect and ReadResponse from
// several goroutines for the race detector.
func TestDisconnectRace(t *testing.T) {
	for _, pc := range parsers {
		p := pc.new()
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			for {
				select {
				case <-stop:
					return
				default:
					p.OnDisconnect()
					p.OnConnect(strings.NewReader("+OK\r\n*2\r\n:1\r\n$1\r\na\r\n"))
				}
			}
		}()
		for range 2000 {
			reply, err := p.ReadResponse()
			if err != nil {
				assert.ErrorIs(t, err, exceptions.ErrConnection)
			} else {
				assert.Contains(t, []any{"OK", []any{int64(1), []byte("a")}}, reply)
			}
		}
		close(stop)
		<-done
	}
}
