package connection

import (
	"errors"
	"testing"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// The bytes redis-py 2.4.6's pack_command writes, checked under Python
// 2.7 (the float is 2.7.0's repr, which the port sends).
func TestPackCommand(t *testing.T) {
	c := NewConnection(Options{})
	for _, tc := range []struct {
		name string
		args []any
		want string
	}{
		{"PING", []any{"PING"}, "*1\r\n$4\r\nPING\r\n"},
		{"SET foo bar", []any{"SET", "foo", "bar"}, "*3\r\n$3\r\nSET\r\n$3\r\nfoo\r\n$3\r\nbar\r\n"},
		{"an empty argument is $0", []any{"SET", "k", ""}, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n"},
		{"bytes pass through, CRLF and all", []any{"SET", "k", []byte{0, '\r', '\n', 0xff}}, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\n\x00\r\n\xff\r\n"},
		{"a length counts bytes, not characters", []any{"SET", "键", "值"}, "*3\r\n$3\r\nSET\r\n$3\r\n键\r\n$3\r\n值\r\n"},
		{"numbers are sent as text", []any{"EXPIRE", "k", 10, int64(-7)}, "*4\r\n$6\r\nEXPIRE\r\n$1\r\nk\r\n$2\r\n10\r\n$2\r\n-7\r\n"},
		{"a float keeps its digits", []any{"ZADD", "z", 1 / 3.0, "m"}, "*4\r\n$4\r\nZADD\r\n$1\r\nz\r\n$18\r\n0.3333333333333333\r\n$1\r\nm\r\n"},
		{"no arguments at all", nil, "*0\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.PackCommand(tc.args...)
			if err != nil {
				wtest.Fatalf(t, "PackCommand(%v) failed: %v", "PackCommand(%v) 出错：%v", tc.args, err)
			}
			wtest.RESP(t, "PackCommand"+showArgs(tc.args), []byte(tc.want), got)
		})
	}
}

func showArgs(args []any) string {
	s := "("
	for i, a := range args {
		if i > 0 {
			s += ", "
		}
		s += wtest.Describe(a)
	}
	return s + ")"
}

// A real server reads what PackCommand writes: SET, then GET, on one
// socket.
func TestTheServerReadsIt(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		c, _ := tapped(t, s, Options{})
		if _, err := do(c, "SET", "greeting", "hello"); err != nil {
			wtest.Fatalf(t, "SET greeting hello: %v", "SET greeting hello 出错：%v", err)
		}
		got, err := do(c, "GET", "greeting")
		if err != nil {
			wtest.Fatalf(t, "GET greeting: %v", "GET greeting 出错：%v", err)
		}
		wtest.Equal(t, "GET greeting", []byte("hello"), got)
	})
}

// One argument that cannot be sent fails the whole command: nothing goes
// out (a half-packed command would leave the server waiting for the rest).
func TestABadArgumentFailsTheCommand(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		c, tap := tapped(t, s, Options{})
		_, err := c.PackCommand("SET", "k", nil)
		if !errors.Is(err, exceptions.ErrData) {
			wtest.Errorf(t, "PackCommand(\"SET\", \"k\", nil) returned %s; want the DataError that refuses nil",
				"PackCommand(\"SET\", \"k\", nil) 返回了 %s；期望拒绝 nil 的 DataError", wtest.Describe(err))
		}
		if err := c.SendCommand("SET", "k", true); !errors.Is(err, exceptions.ErrData) {
			wtest.Errorf(t, "SendCommand(\"SET\", \"k\", true) returned %s; want a DataError",
				"SendCommand(\"SET\", \"k\", true) 返回了 %s；期望 DataError", wtest.Describe(err))
		}
		if sent := tap.Sent(); len(sent) != 0 {
			wtest.Errorf(t, "%s went to the server for a command that was refused", "一条被拒绝的命令竟然发出了 %s", wtest.Quote(sent))
		}
	})
}
