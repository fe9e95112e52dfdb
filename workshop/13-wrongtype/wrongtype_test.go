package parser

import (
	"errors"
	"strings"
	"testing"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/02-connection"
	chapter "github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// The two parsers of this exercise's package; both read error replies
// through errorReply.
var parsers = []struct {
	name string
	new  func() chapter.Parser
}{
	{"PythonParser", func() chapter.Parser { return NewPythonParser() }},
	{"HiredisParser", func() chapter.Parser { return NewHiredisParser() }},
}

func parse(p chapter.Parser, wire string) (any, error) {
	p.OnConnect(strings.NewReader(wire))
	return p.ReadResponse()
}

const wrongType = "WRONGTYPE Operation against a key holding the wrong kind of value"

// LPUSH on a string: the server's answer is an error reply, and a client
// must hand it over as one, not as garbage.
func TestWrongTypeIsAResponseError(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, pc := range parsers {
			t.Run(pc.name, func(t *testing.T) {
				tap := wredis.NewTap(t, s)
				c := connection.NewConnection(connection.Options{Host: tap.Host, Port: tap.Port, ParserClass: pc.new})
				defer c.Disconnect()
				if err := c.SendCommand("SET", "k", "v"); err != nil {
					t.Fatal(err)
				}
				if _, err := c.ReadResponse(); err != nil {
					t.Fatal(err)
				}
				if err := c.SendCommand("LPUSH", "k", "x"); err != nil {
					t.Fatal(err)
				}
				_, err := c.ReadResponse()
				var re exceptions.ResponseError
				if !errors.As(err, &re) || re.Msg != wrongType {
					wtest.Errorf(t, "LPUSH on a string returned %s;\nwant the ResponseError %q, the server's whole text",
						"对字符串执行 LPUSH 返回了 %s；\n期望 ResponseError %q，也就是服务器给出的完整文本", wtest.Describe(err), wrongType)
				}
				if !c.Connected() {
					wtest.Errorf(t, "the connection was dropped: a protocol error means the stream is broken, but this was a plain answer",
						"连接被断开了：协议错误意味着字节流坏了，而这只是一个普通的回答")
				}
			})
		}
	})
}

// Every prefix the server may send keeps its text, at the top and inside
// a multi-bulk reply.
func TestEveryErrorReplyKeepsItsText(t *testing.T) {
	for _, pc := range parsers {
		t.Run(pc.name, func(t *testing.T) {
			for _, msg := range []string{
				wrongType,
				"NOAUTH Authentication required.",
				"EXECABORT Transaction discarded because of previous errors.",
				"BUSY Redis is busy running a script.",
			} {
				got, err := parse(pc.new(), "-"+msg+"\r\n")
				if err != nil {
					wtest.Errorf(t, "the error reply %s gave the error %s; want the value exceptions.ResponseError{Msg: %q}",
						"错误回复 %s 得到的是错误 %s；期望值 exceptions.ResponseError{Msg: %q}", wtest.Quote([]byte("-"+msg+"\r\n")), wtest.Describe(err), msg)
					continue
				}
				wtest.Equal(t, wtest.Quote([]byte("-"+msg+"\r\n")), exceptions.ResponseError{Msg: msg}, got)
			}
			got, err := parse(pc.new(), "*2\r\n+OK\r\n-"+wrongType+"\r\n")
			if err != nil {
				wtest.Errorf(t, "EXEC's reply with a WRONGTYPE inside gave the error %s: the other replies are lost with it",
					"EXEC 的回复里有一个 WRONGTYPE，结果整个变成了错误 %s：其他命令的回复也跟着丢了", wtest.Describe(err))
				return
			}
			wtest.Equal(t, "*2 +OK -WRONGTYPE", []any{"OK", exceptions.ResponseError{Msg: wrongType}}, got)
		})
	}
}

// What 2.4.6 did right stays: ERR loses its prefix, LOADING is a
// connection error (the server refused the command unrun), garbage is a
// protocol error. (Turning every '-' into a ResponseError with its prefix
// would pass the tests above; this stops it.)
func TestERRAndLOADINGAsBefore(t *testing.T) {
	for _, pc := range parsers {
		t.Run(pc.name, func(t *testing.T) {
			got, err := parse(pc.new(), "-ERR unknown command 'FOO'\r\n")
			if err != nil {
				t.Fatal(err)
			}
			wtest.Equal(t, "-ERR unknown command 'FOO'", exceptions.ResponseError{Msg: "unknown command 'FOO'"}, got)
			_, err = parse(pc.new(), "-LOADING Redis is loading the dataset in memory\r\n")
			if !errors.Is(err, exceptions.ErrConnection) {
				wtest.Errorf(t, "-LOADING gave %s; want a ConnectionError (the server refused the command unrun)",
					"-LOADING 得到的是 %s；期望 ConnectionError（服务器拒绝了命令，没有执行它）", wtest.Describe(err))
			}
			_, err = parse(pc.new(), "?what\r\n")
			if !errors.Is(err, exceptions.ErrInvalidResponse) {
				wtest.Errorf(t, "\"?what\" gave %s; want the InvalidResponse \"Protocol Error\"", "\"?what\" 得到的是 %s；期望 InvalidResponse \"Protocol Error\"", wtest.Describe(err))
			}
		})
	}
}
