package parser

import (
	"errors"
	"io"
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/02-connection"
	chapter "github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// chunks feeds a HiredisParser the chunks one Read each, then keeps the
// socket open and silent, as a server does that has nothing more to say.
func chunks(t *testing.T, parts ...string) *HiredisParser {
	pr, pw := io.Pipe()
	t.Cleanup(func() { pw.Close() })
	p := NewHiredisParser()
	p.OnConnect(pr)
	go func() {
		for _, c := range parts {
			if _, err := pw.Write([]byte(c)); err != nil {
				return
			}
		}
	}()
	return p
}

const loopHint = "The bytes are already wrong, and nothing more will come: does your parser look at them before it waits for a '\\n'?"
const loopHintZh = "这些字节已经是错的了，而且后面不会再有别的：你的解析器在等 '\\n' 之前，看过它们了吗？"

// A broken server, or a stream out of step, sends bytes that are no reply.
// The error is in the first byte; it must be reported when that byte
// arrives, not after a '\n' that may never come.
func TestAMalformedReplyFailsAtOnce(t *testing.T) {
	for _, tc := range [][]string{
		{"?"},                  // no reply starts with '?'
		{"$3\r\nabcd"},         // three bytes of data, then no CRLF
		{":12x"},               // not a number
		{"+OK\r\n", "*1\r\n!"}, // a good reply, then garbage inside an array
	} {
		p := chunks(t, tc...)
		if tc[0] == "+OK\r\n" {
			if v, err := p.ReadResponse(); err != nil || v != "OK" {
				t.Fatalf("+OK: %v %v", v, err)
			}
		}
		var err error
		wtest.Within(t, 2*time.Second, loopHint, loopHintZh, func() { _, err = p.ReadResponse() })
		if !errors.Is(err, exceptions.ErrInvalidResponse) {
			wtest.Errorf(t, "the chunks %q gave %s; want an InvalidResponse, as soon as the bad byte arrived",
				"数据块 %q 得到的是 %s；期望在坏字节到达时立刻返回 InvalidResponse", tc, wtest.Describe(err))
		}
	}
}

// A reply that is only incomplete is waited for: parsing every chunk
// does not mean giving up on one that has not all arrived. (Failing on
// every chunk that does not end a reply would pass the test above; this
// stops it.)
func TestAnIncompleteReplyIsWaitedFor(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	p := NewHiredisParser()
	p.OnConnect(pr)
	got := make(chan any, 1)
	go func() {
		v, err := p.ReadResponse()
		if err != nil {
			got <- err
			return
		}
		got <- v
	}()
	if _, err := pw.Write([]byte("$5\r\nhe")); err != nil {
		t.Fatal(err)
	}
	select {
	case v := <-got:
		wtest.Fatalf(t, "after \"$5\\r\\nhe\" ReadResponse returned %s: the rest of the reply has not come yet",
			"读到 \"$5\\r\\nhe\" 之后 ReadResponse 就返回了 %s：回复的其余部分还没到", wtest.Describe(v))
	case <-time.After(50 * time.Millisecond):
	}
	if _, err := pw.Write([]byte("llo\r\n")); err != nil {
		t.Fatal(err)
	}
	select {
	case v := <-got:
		wtest.Equal(t, "$5 hello", []byte("hello"), v)
	case <-time.After(2 * time.Second):
		wtest.Errorf(t, "the rest of the reply came, and ReadResponse still waits", "回复的其余部分已经到了，ReadResponse 却还在等")
	}
}

// '\r' and '\n' in separate reads still make a reply (2.4.6's own fix).
func TestCRAndLFInSeparateReadsStillWork(t *testing.T) {
	p := chunks(t, "+OK\r", "\n")
	var v any
	var err error
	wtest.Within(t, 2*time.Second, loopHint, loopHintZh, func() { v, err = p.ReadResponse() })
	if err != nil {
		t.Fatal(err)
	}
	wtest.Equal(t, "\"+OK\\r\", \"\\n\"", "OK", v)
}

// A real server, through a real connection that uses this parser.
func TestFromAServer(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		c := connection.NewConnection(connection.Options{Host: s.Host, Port: s.Port, SocketTimeout: 2 * time.Second,
			ParserClass: func() chapter.Parser { return NewHiredisParser() }})
		defer c.Disconnect()
		for _, args := range [][]any{{"RPUSH", "l", "a", "b"}, {"LRANGE", "l", 0, -1}} {
			if err := c.SendCommand(args...); err != nil {
				t.Fatal(err)
			}
			if _, err := c.ReadResponse(); err != nil {
				wtest.Errorf(t, "%v: %v", "%v 出错：%v", args, err)
			}
		}
	})
}
