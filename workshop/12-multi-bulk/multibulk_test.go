package parser

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/02-connection"
	chapter "github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// parse reads one reply from the bytes, as if the server had sent them
// and then closed the socket.
func parse(wire string) (any, error) {
	p := NewPythonParser()
	p.OnConnect(strings.NewReader(wire))
	return p.ReadResponse()
}

func TestMultiBulkReplies(t *testing.T) {
	for _, tc := range []struct {
		name, wire string
		want       any
	}{
		{"two bulk strings", "*2\r\n$3\r\nfoo\r\n$3\r\nbar\r\n", []any{[]byte("foo"), []byte("bar")}},
		{"every kind of element", "*4\r\n:1\r\n+OK\r\n$-1\r\n$0\r\n\r\n", []any{int64(1), "OK", nil, []byte{}}},
		{"an empty array", "*0\r\n", []any{}},
		{"a nil array", "*-1\r\n", nil},
		{"arrays inside arrays", "*2\r\n*1\r\n:1\r\n*0\r\n", []any{[]any{int64(1)}, []any{}}},
		{"an error stays in its place", "*2\r\n+OK\r\n-ERR no such key\r\n", []any{"OK", exceptions.ResponseError{Msg: "no such key"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parse(tc.wire)
			if err != nil {
				wtest.Errorf(t, "reading %s: %s\n(the reply is %s)", "读取 %s 出错：%s\n（这个回复是 %s）",
					wtest.Quote([]byte(tc.wire)), wtest.Describe(err), wtest.DescribeRESP([]byte(tc.wire)))
				return
			}
			wtest.Equal(t, wtest.L("the reply to ", "回复 ")+wtest.Quote([]byte(tc.wire)), tc.want, got)
		})
	}
}

// A real server's multi-bulk replies, through a real connection.
func TestMultiBulkFromTheServer(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		tap := wredis.NewTap(t, s)
		c := connection.NewConnection(connection.Options{Host: tap.Host, Port: tap.Port,
			ParserClass: func() chapter.Parser { return NewPythonParser() }}) // this exercise's parser
		defer c.Disconnect()
		do := func(args ...any) any {
			if err := c.SendCommand(args...); err != nil {
				t.Fatal(err)
			}
			reply, err := c.ReadResponse()
			if err != nil {
				wtest.Fatalf(t, "%v: %s", "%v 出错：%s", args, wtest.Describe(err))
			}
			return reply
		}
		do("RPUSH", "letters", "a", "b", "c")
		wtest.Equal(t, "LRANGE letters 0 -1", []any{[]byte("a"), []byte("b"), []byte("c")}, do("LRANGE", "letters", 0, -1))
		wtest.Equal(t, "LRANGE nothing 0 -1", []any{}, do("LRANGE", "nothing", 0, -1))
	})
}

// The server hangs up in the middle of an array: the missing element is
// "Socket closed on remote end", not a shorter array.
func TestACutShortArrayIsAClosedSocket(t *testing.T) {
	reply, err := parse("*2\r\n$3\r\nfoo\r\n")
	if !errors.Is(err, exceptions.ErrConnection) || err.Error() != "Socket closed on remote end" {
		wtest.Errorf(t, "an array of 2 cut after 1 element gave %s (reply %s); want the ConnectionError \"Socket closed on remote end\"",
			"2 个元素的数组只到了 1 个就断了，结果是 %s（回复 %s）；期望 ConnectionError \"Socket closed on remote end\"", wtest.Describe(err), wtest.Describe(reply))
	}
}

// A count is only a promise: ten million elements announced and none
// sent must cost next to nothing. (make([]any, n) would pass every test
// above; this stops it.)
func TestALyingCountCostsLittle(t *testing.T) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := parse("*10000000\r\n")
	runtime.ReadMemStats(&after)
	if err == nil {
		wtest.Errorf(t, "an array of 10000000 with no element gave no error", "声称有 10000000 个元素却一个也没有，结果没有报错")
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
		wtest.Errorf(t, "reading an array that announced 10000000 elements and sent none allocated %d MB: let the slice grow as elements arrive",
			"读一个声称有 10000000 个元素、实际一个也没发的数组，分配了 %d MB：让切片随着元素的到来再增长", grew>>20)
	}
}

// The other replies are untouched.
func TestOtherRepliesStillWork(t *testing.T) {
	for wire, want := range map[string]any{"+OK\r\n": "OK", ":42\r\n": int64(42), "$3\r\nfoo\r\n": []byte("foo"), "$-1\r\n": nil} {
		got, err := parse(wire)
		if err != nil {
			wtest.Errorf(t, "reading %s: %v", "读取 %s 出错：%v", wtest.Quote([]byte(wire)), err)
			continue
		}
		wtest.Equal(t, wtest.Quote([]byte(wire)), want, got)
	}
}
