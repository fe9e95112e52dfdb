package connection

import (
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// Each kind of reply comes back as the Go value the parser makes of it.
func TestEveryKindOfReply(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		c, _ := tapped(t, s, Options{})
		for _, tc := range []struct {
			args []any
			want any
		}{
			{[]any{"SET", "k", "v"}, "OK"},
			{[]any{"INCR", "n"}, int64(1)},
			{[]any{"GET", "k"}, []byte("v")},
			{[]any{"GET", "missing"}, nil},
			{[]any{"RPUSH", "l", "a", "b"}, int64(2)},
			{[]any{"LRANGE", "l", 0, -1}, []any{[]byte("a"), []byte("b")}},
		} {
			got, err := do(c, tc.args...)
			if err != nil {
				wtest.Errorf(t, "%v: %v", "%v 出错：%v", tc.args, err)
				continue
			}
			wtest.Equal(t, wtest.L("the reply to ", "回复：")+showArgs(tc.args), tc.want, got)
		}
	})
}

func showArgs(args []any) string { return fmt.Sprint(args...) }

// A reply that is an error is returned as the error: `raise ResponseError`.
func TestAnErrorReplyIsTheError(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		c, _ := tapped(t, s, Options{})
		if _, err := do(c, "SET", "k", "v"); err != nil {
			t.Fatal(err)
		}
		reply, err := do(c, "LPUSH", "k", "x")
		var re exceptions.ResponseError
		if !errors.As(err, &re) || !errors.Is(err, exceptions.ErrResponse) {
			wtest.Errorf(t, "LPUSH on a string: the error is %s and the reply %s; want the error to be the server's ResponseError (WRONGTYPE ...) and the reply nil",
				"对字符串执行 LPUSH：错误是 %s，回复是 %s；期望错误是服务器给出的 ResponseError（WRONGTYPE ……），回复为 nil",
				wtest.Describe(err), wtest.Describe(reply))
		}
		if !c.Connected() {
			wtest.Errorf(t, "an error reply disconnected the connection: it is an answer, and the socket is fine",
				"一个错误回复就把连接断开了：它只是服务器的回答，套接字没有问题")
		}
	})
}

// Inside a multi-bulk reply an error stays a value, in its place: one
// failed command of a transaction does not hide the others' replies.
func TestANestedErrorStaysAValue(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		c, _ := tapped(t, s, Options{})
		for _, args := range [][]any{{"MULTI"}, {"SET", "k", "v"}, {"LPUSH", "k", "x"}} {
			if _, err := do(c, args...); err != nil {
				wtest.Fatalf(t, "%v: %v", "%v 出错：%v", args, err)
			}
		}
		reply, err := do(c, "EXEC")
		if err != nil {
			wtest.Fatalf(t, "EXEC returned the error %s: a multi-bulk reply is a reply, even with an error inside",
				"EXEC 返回了错误 %s：多条批量回复就是回复，哪怕里面有错误", wtest.Describe(err))
		}
		items, ok := reply.([]any)
		if !ok || len(items) != 2 {
			wtest.Fatalf(t, "EXEC replied %s; want two items: \"OK\" and the LPUSH's error", "EXEC 的回复是 %s；期望两项：\"OK\" 和 LPUSH 的错误", wtest.Describe(reply))
		}
		wtest.Equal(t, "EXEC[0]", "OK", items[0])
		if _, ok := items[1].(exceptions.ResponseError); !ok {
			wtest.Errorf(t, "EXEC[1] is %s; want the exceptions.ResponseError value, in its place", "EXEC[1] 是 %s；期望原地保留 exceptions.ResponseError 值", wtest.Describe(items[1]))
		}
	})
}

// A reply that does not come in time is an error that says so, and the
// socket is dropped: its late reply must not answer the next command.
func TestATimeoutDisconnects(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		c, _ := tapped(t, s, Options{SocketTimeout: 300 * time.Millisecond})
		if _, err := do(c, "PING"); err != nil {
			t.Fatal(err)
		}
		stalled, err := s.Stall(2 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		var reply any
		wtest.Within(t, 2*time.Second, "ReadResponse ignores SocketTimeout: set the socket's read deadline before reading.",
			"ReadResponse 没有理会 SocketTimeout：读之前先给套接字设好读取截止时间。",
			func() { reply, err = do(c, "GET", "k") })
		if !errors.Is(err, os.ErrDeadlineExceeded) || !errors.Is(err, exceptions.ErrConnection) {
			wtest.Errorf(t, "a reply two seconds late with a 300ms SocketTimeout gave %s (reply %s); want a ConnectionError that wraps os.ErrDeadlineExceeded",
				"SocketTimeout 是 300ms，回复晚到两秒，结果是 %s（回复 %s）；期望一个包着 os.ErrDeadlineExceeded 的 ConnectionError", wtest.Describe(err), wtest.Describe(reply))
		}
		if c.Connected() {
			wtest.Errorf(t, "after the timeout the connection is still connected: its late reply would answer the next command (redis-py 2.4.9 disconnects)",
				"超时之后连接还连着：迟到的回复会被当成下一条命令的回复（redis-py 2.4.9 会断开连接）")
		}
		<-stalled
	})
}
