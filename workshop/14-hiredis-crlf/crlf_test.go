package parser

import (
	"io"
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/02-connection"
	chapter "github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// chunks feeds a HiredisParser the chunks one Read each, as TCP may
// deliver them, then keeps the socket open and silent, as a server does
// that has said all it had to say.
func chunks(t *testing.T, parts ...string) *HiredisParser {
	pr, pw := io.Pipe()
	t.Cleanup(func() { pw.Close() }) // ends a read still waiting when the test is over
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

const hangHint = "The last read brought \"\\n\" alone, and the server has nothing more to send: what does the check before asking the Reader make of that chunk?"
const hangHintZh = "最后一次读取只读到一个 \"\\n\"，服务器也没有别的要发了：在去问 Reader 之前的那个检查，会怎么看这个数据块？"

// Issue #153: '\r' ends one read and '\n' starts the next. Nothing more
// will come; the reply is complete and must be returned.
func TestCRAndLFInSeparateReads(t *testing.T) {
	for _, tc := range []struct {
		parts []string
		want  any
	}{
		{[]string{"+OK\r", "\n"}, "OK"},
		{[]string{"$3\r", "\nfoo\r", "\n"}, []byte("foo")},
		{[]string{":42\r", "\n"}, int64(42)},
	} {
		p := chunks(t, tc.parts...)
		var got any
		var err error
		wtest.Within(t, 2*time.Second, hangHint, hangHintZh, func() { got, err = p.ReadResponse() })
		if err != nil {
			wtest.Errorf(t, "chunks %q: %v", "数据块 %q 出错：%v", tc.parts, err)
			continue
		}
		wtest.Equal(t, wtest.L("chunks ", "数据块 ")+quoteAll(tc.parts), tc.want, got)
	}
}

func quoteAll(parts []string) string {
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += ", "
		}
		s += wtest.Quote([]byte(p))
	}
	return s
}

// A chunk cut in the middle of a reply is read on, and a chunk holding a
// reply and a half hands out the whole one. (Parsing nothing until the
// socket closes would pass the test above; this one stops it.)
func TestChunksCutAnywhere(t *testing.T) {
	p := chunks(t, "$5\r\nhel", "lo\r\n", "+first\r\n+second\r\n")
	for _, want := range []any{[]byte("hello"), "first", "second"} {
		var got any
		var err error
		wtest.Within(t, 2*time.Second, hangHint, hangHintZh, func() { got, err = p.ReadResponse() })
		if err != nil {
			t.Fatal(err)
		}
		wtest.Equal(t, wtest.L("the next reply", "下一个回复"), want, got)
	}
}

// A real server, through a real connection that uses this parser.
func TestFromAServer(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		c := connection.NewConnection(connection.Options{Host: s.Host, Port: s.Port, SocketTimeout: 2 * time.Second,
			ParserClass: func() chapter.Parser { return NewHiredisParser() }})
		defer c.Disconnect()
		for _, args := range [][]any{{"SET", "k", "v"}, {"GET", "k"}} {
			if err := c.SendCommand(args...); err != nil {
				t.Fatal(err)
			}
			if _, err := c.ReadResponse(); err != nil {
				wtest.Errorf(t, "%v: %v", "%v 出错：%v", args, err)
			}
		}
	})
}
