package parser_test

import (
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	connection "github.com/redispy-go/redispy/chapters/02-connection"
	parser "github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/internal/fixes"
)

// Generous on purpose: the tests must pass under a CPU hog, and a parser
// that waits for bytes that never come misses any deadline at all.
const (
	answerWithin = 2 * time.Second        // a malformed reply must be reported by then
	stillWaiting = 300 * time.Millisecond // 2.4.6's HiredisParser must not have answered by then
)

const (
	bulkNotCRLF = "Protocol Error: bulk data not terminated by CRLF"
	notCRLF     = "Protocol Error: line not terminated by CRLF"
)

// malformed replies: bytes that prove a reply broken, with nothing after
// them. None ends a line, so a parser that waits for the end of the line,
// or for a chunk ending in '\n', waits for ever.
var malformed = []replyCase{
	{name: "bulk then XY", in: "$3\r\nabcXY", kind: inv, msg: bulkNotCRLF},
	{name: "bulk then X", in: "$3\r\nabcX", kind: inv, msg: bulkNotCRLF},
	{name: "bulk then LF only", in: "$3\r\nabc\n", kind: inv, msg: bulkNotCRLF},
	{name: "bulk then CR and X", in: "$3\r\nabc\rX", kind: inv, msg: bulkNotCRLF},
	{name: "integer with a letter", in: ":12a", kind: inv, msg: `Protocol Error: invalid integer "12a"`},
	{name: "integer with a plus", in: ":+", kind: inv, msg: `Protocol Error: invalid integer "+"`},
	{name: "integer overflow", in: ":9223372036854775808", kind: inv, msg: `Protocol Error: invalid integer "9223372036854775808"`},
	{name: "multi-bulk length with a letter", in: "*2x", kind: inv, msg: `Protocol Error: invalid multi-bulk length "2x"`},
	{name: "bulk length -2", in: "$-2", kind: inv, msg: `Protocol Error: invalid bulk length "-2"`},
	{name: "bulk length over the limit", in: "$536870913", kind: inv, msg: "Protocol Error: bulk length 536870913 exceeds limit 536870912"},
	{name: "multi-bulk length over the limit", in: "*4294967296", kind: inv, msg: "Protocol Error: multi-bulk length 4294967296 exceeds limit 4294967295"},
	{name: "lone CR in an integer", in: ":1\rX", kind: inv, msg: notCRLF},
	{name: "lone CR in a length", in: "$1\r$", kind: inv, msg: notCRLF},
	{name: "length without digits", in: "$\r", kind: inv, msg: `Protocol Error: invalid bulk length ""`},
	{name: "LF without CR in an integer", in: ":1\n", kind: inv, msg: notCRLF},
	{name: "LF without CR in a status", in: "+OK\n", kind: inv, msg: notCRLF},
	{name: "unknown type byte", in: "?", kind: inv, msg: "Protocol Error"},
	{name: "CR then garbage", in: "\rX", kind: inv, msg: "Protocol Error"},
	{name: "empty line", in: "\r\n", kind: con, msg: closed},
	{name: "type byte and LF", in: "+\n", kind: con, msg: closed},
	{name: "bad element", in: "*2\r\n:1\r\n:x", kind: inv, msg: `Protocol Error: invalid integer "x"`},
	{name: "bad bulk inside", in: "*1\r\n$1\r\naXY", kind: inv, msg: bulkNotCRLF},
	{name: "nesting too deep", in: strings.Repeat("*1\r\n", 64) + "*", kind: inv, msg: "Protocol Error: multi-bulk nesting deeper than 64"},
	{name: "status without LF", in: "+" + big(parser.MaxLineLen), kind: inv, msg: "Protocol Error: line longer than 65536 bytes"},
}

// blockedAfter connects p to a pipe that delivers in, in one write or one
// byte per write, and then blocks: the writer stays open, as a server's
// socket would. It starts ReadResponse and returns its result channel and
// a function that closes the writer (also registered as cleanup, so no
// goroutine outlives the test).
func blockedAfter(t *testing.T, p parser.Parser, in string, byteByByte bool) (<-chan any, func()) {
	pr, pw := io.Pipe()
	p.OnConnect(pr)
	pieces := []string{in}
	if byteByByte {
		pieces = strings.Split(in, "")
	}
	wrote := make(chan struct{})
	go func() {
		defer close(wrote)
		for _, piece := range pieces {
			if _, err := pw.Write([]byte(piece)); err != nil {
				return // the test is over and closed the pipe
			}
		}
	}()
	unblock := func() {
		_ = pw.Close()
		<-wrote
	}
	t.Cleanup(unblock)
	return readAsync(p), unblock
}

// TestMalformedRepliesNeverHang: every malformed reply is reported as soon
// as the bytes that prove it have arrived, by both parsers, however the
// bytes are split, while the socket stays open. Then the 2.4.6 failure:
// with the fix hiredis-parses-every-chunk off, the HiredisParser asks its
// Reader only after a chunk ending in '\n', and on a malformed reply that
// ends otherwise it is still waiting when the deadline passes.
func TestMalformedRepliesNeverHang(t *testing.T) {
	for _, pc := range parsers {
		for _, split := range []string{"one write", "byte by byte"} {
			for _, tc := range malformed {
				if split == "byte by byte" && len(tc.in) > 1000 {
					continue // 64 KiB of one-byte writes through a pipe takes a while
				}
				t.Run(pc.name+"/"+split+"/"+tc.name, func(t *testing.T) {
					t.Parallel()
					got, _ := blockedAfter(t, pc.new(), tc.in, split == "byte by byte")
					select {
					case v := <-got:
						err, _ := v.(error)
						assertErr(t, err, tc.kind, tc.msg)
						assert.NotErrorIs(t, err, io.ErrClosedPipe, "the error came from the bytes, not from the pipe")
					case <-time.After(answerWithin):
						t.Fatalf("%q: no answer after %v", tc.in, answerWithin)
					}
				})
			}
		}
	}

	// 2.4.6: read on until a chunk ends in '\n'. Replies whose last byte
	// is '\n' are still reported at once, and so is anything once
	// MaxLineLen bytes are waiting (the port's guard); every other one
	// waits, though the Reader holds the bytes that prove it broken.
	for _, tc := range malformed {
		asked := strings.HasSuffix(tc.in, "\n") || len(tc.in) > parser.MaxLineLen
		t.Run("2.4.6/HiredisParser/"+tc.name, func(t *testing.T) {
			t.Parallel()
			p := parser.NewHiredisParser()
			p.SetFixes(fixes.Without(fixes.HiredisParsesEveryChunk))
			got, unblock := blockedAfter(t, p, tc.in, false)
			if asked {
				select {
				case v := <-got:
					err, _ := v.(error)
					assertErr(t, err, tc.kind, tc.msg)
				case <-time.After(answerWithin):
					t.Fatalf("%q ends in '\\n', yet no answer after %v", tc.in, answerWithin)
				}
				return
			}
			select {
			case v := <-got:
				t.Fatalf("%q: 2.4.6's loop answered %v; it should still be waiting for a chunk ending in '\\n'", tc.in, v)
			case <-time.After(stillWaiting):
			}
			// Only closing the socket ends the wait, and then with
			// 2.4.6's answer to a closed socket: the loop never asked the
			// Reader, which held the proof all along.
			unblock()
			select {
			case v := <-got:
				err, _ := v.(error)
				assertErr(t, err, con, closed)
			case <-time.After(answerWithin):
				t.Fatal("no answer even after the socket closed")
			}
		})
	}
}

// TestMalformedReplyOverTCP is the same failure as a caller sees it: a
// real socket, a server that sends "$3\r\nabcXY" and then nothing, and a
// Connection with a SocketTimeout. With the fix the protocol error comes
// at once; in 2.4.6 the HiredisParser reports only the timeout, when it
// expires, and without a timeout it would wait for ever. (2.4.6 under
// Python 2.7 with hiredis 0.1.0 did the same: ConnectionError "Error while
// reading from socket: ('timed out',)" after socket_timeout.) A fake server,
// because no Redis server sends a malformed reply.
func TestMalformedReplyOverTCP(t *testing.T) {
	const timeout = time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	conns := make(chan net.Conn, 4)
	t.Cleanup(func() {
		_ = ln.Close()
		for c := range conns {
			_ = c.Close()
		}
	})
	go func() {
		defer close(conns)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_, _ = c.Write([]byte("$3\r\nabcXY"))
			conns <- c // open until the test ends
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port

	for _, tc := range []struct {
		name    string
		fixes   fixes.Set
		timeout time.Duration
	}{
		// With the fix the timeout never matters; it is long so that a
		// loaded machine cannot make it expire first.
		{"fixed", fixes.Set{}, 10 * timeout},
		{"2.4.6", fixes.Without(fixes.HiredisParsesEveryChunk), timeout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := connection.NewConnection(connection.Options{
				Host: "127.0.0.1", Port: port, SocketTimeout: tc.timeout, Fixes: tc.fixes,
				ParserClass: func() parser.Parser { return parser.NewHiredisParser() },
			})
			t.Cleanup(func() { _ = c.Disconnect() })
			require.NoError(t, c.Connect())
			start := time.Now()
			_, err := c.ReadResponse()
			elapsed := time.Since(start)
			t.Logf("%s: %v after %v", tc.name, err, elapsed.Round(time.Microsecond))
			if tc.name == "fixed" {
				assertErr(t, err, inv, bulkNotCRLF) // not the timeout: the bytes said it
				return
			}
			assertErr(t, err, con, "Error while reading from socket: ('timed out',)")
			var ne net.Error
			assert.True(t, errors.As(err, &ne) && ne.Timeout(), "the cause is the socket's timeout")
			assert.GreaterOrEqual(t, elapsed, timeout-50*time.Millisecond, "only the timeout ended the wait")
		})
	}
}
