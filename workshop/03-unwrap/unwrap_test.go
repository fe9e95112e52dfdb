package exceptions

import (
	"errors"
	"net"
	"os"
	"testing"

	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// An error made by New is caught by its kind's except clause, and by
// RedisError's.
func TestNewMatchesItsKind(t *testing.T) {
	err := New(ErrConnection, "Too many connections")
	for _, k := range []struct {
		kind   *Kind
		goName string
	}{{ErrConnection, "ErrConnection"}, {ErrRedis, "ErrRedis"}} {
		if !errors.Is(err, k.kind) {
			wtest.Errorf(t, "errors.Is(New(ErrConnection, ...), %[1]s) is false: errors.Is only sees what Unwrap lists, and the kind is not there.",
				"errors.Is(New(ErrConnection, ...), %[1]s) 返回 false：errors.Is 只看 Unwrap 列出的东西，而种类不在里面。", k.goName)
		}
	}
	if u := err.(*Error).Unwrap(); len(u) != 1 || u[0] != ErrConnection {
		wtest.Errorf(t, "New(ErrConnection, ...).Unwrap() is %v: with no cause it lists the kind alone (a nil in the list would trip any code that walks it).",
			"New(ErrConnection, ...).Unwrap() 返回 %v：没有底层错误时只列出种类（列表里放一个 nil 会绊倒遍历它的代码）。", u)
	}
}

// Wrap keeps the Go error underneath: a caller can still ask whether it
// timed out, or look at the *net.OpError.
func TestWrapKeepsTheCause(t *testing.T) {
	err := Wrap(ErrConnection, "Error while reading from socket: ('timed out',)", os.ErrDeadlineExceeded)
	if !errors.Is(err, ErrConnection) {
		wtest.Errorf(t, "errors.Is(Wrap(ErrConnection, ...), ErrConnection) is false: the kind must be in Unwrap's list.",
			"errors.Is(Wrap(ErrConnection, ...), ErrConnection) 返回 false：种类必须在 Unwrap 的列表里。")
	}
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		wtest.Errorf(t, "errors.Is(Wrap(..., os.ErrDeadlineExceeded), os.ErrDeadlineExceeded) is false: the cause must be in Unwrap's list, so callers can tell a timeout.",
			"errors.Is(Wrap(..., os.ErrDeadlineExceeded), os.ErrDeadlineExceeded) 返回 false：底层错误必须在 Unwrap 的列表里，调用方才能分辨超时。")
	}
	ln, lerr := net.Listen("tcp", "127.0.0.1:0")
	if lerr != nil {
		t.Fatal(lerr)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, dialErr := net.Dial("tcp", addr) // refused: nothing listens there now
	var op *net.OpError
	if dialErr == nil || !errors.As(Wrap(ErrConnection, "Error 111 connecting", dialErr), &op) {
		wtest.Errorf(t, "errors.As(Wrap(ErrConnection, msg, dialErr), &*net.OpError) found nothing: the cause is hidden.",
			"errors.As(Wrap(ErrConnection, msg, dialErr), &*net.OpError) 什么也没找到：底层错误被藏起来了。")
	}
}

// The kind comes first: an error wrapping another RedisError is of its
// own kind, as `except` sees the raised class, not its cause's.
func TestTheKindComesFirst(t *testing.T) {
	err := Wrap(ErrConnection, "Error while reading", New(ErrResponse, "inner"))
	wtest.Equal(t, "KindOf(Wrap(ErrConnection, ..., New(ErrResponse, ...)))", ErrConnection, KindOf(err))
}

// An error reply is a ResponseError of the tree, and its message is the
// server's.
func TestResponseErrorIsAResponseError(t *testing.T) {
	var err error = ResponseError{Msg: "unknown command 'FOO'"}
	for _, k := range []*Kind{ErrResponse, ErrRedis} {
		if !errors.Is(err, k) {
			wtest.Errorf(t, "errors.Is(ResponseError{...}, %[1]s) is false: `except %[2]s` would not catch an error reply.",
				"errors.Is(ResponseError{...}, %[1]s) 返回 false：`except %[2]s` 捕获不到错误回复。", "Err"+map[*Kind]string{ErrResponse: "Response", ErrRedis: "Redis"}[k], k.name)
		}
	}
	if errors.Is(err, ErrConnection) {
		wtest.Errorf(t, "errors.Is(ResponseError{...}, ErrConnection) is true: a reply is an answer, not a broken connection.",
			"errors.Is(ResponseError{...}, ErrConnection) 返回 true：错误回复是服务器的回答，不是连接断了。")
	}
}

// The messages stay redis-py's, word for word.
func TestMessagesArePythons(t *testing.T) {
	wtest.Equal(t, "New(ErrConnection, \"Too many connections\").Error()", "Too many connections", New(ErrConnection, "Too many connections").Error())
	wtest.Equal(t, "ResponseError{Msg: \"x\"}.Error()", "x", ResponseError{Msg: "x"}.Error())
}
