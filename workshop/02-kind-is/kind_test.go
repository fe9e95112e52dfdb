package exceptions

import (
	"errors"
	"io"
	"testing"

	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

var kinds = []struct {
	kind   *Kind
	goName string
}{
	{ErrAuthentication, "ErrAuthentication"},
	{ErrConnection, "ErrConnection"},
	{ErrResponse, "ErrResponse"},
	{ErrInvalidResponse, "ErrInvalidResponse"},
	{ErrData, "ErrData"},
	{ErrPubSub, "ErrPubSub"},
	{ErrWatch, "ErrWatch"},
	{ErrLock, "ErrLock"},
}

// `except RedisError` catches every class of 2.4.6's tree.
func TestEveryKindIsARedisError(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.kind.Error(), func(t *testing.T) {
			if !errors.Is(New(k.kind, "boom"), ErrRedis) {
				wtest.Errorf(t, "errors.Is(New(%[1]s, \"boom\"), ErrRedis) is false, so `except RedisError` would not catch a %[2]s.\n"+
					"errors.Is asks %[1]s.Is(ErrRedis): ErrRedis is %[1]s's parent, so Is must say yes.",
					"errors.Is(New(%[1]s, \"boom\"), ErrRedis) 返回 false，也就是说 `except RedisError` 捕获不到 %[2]s。\n"+
						"errors.Is 会调用 %[1]s.Is(ErrRedis)：ErrRedis 是 %[1]s 的父节点，所以 Is 应该回答是。",
					k.goName, k.kind.Error())
			}
		})
	}
}

// Later releases grew the tree a level deeper (NoScriptError under
// ResponseError in 2.7.0, BusyLoadingError under ConnectionError in
// 2.7.6): the walk must reach a grandparent, not just a parent.
func TestGrandparentsMatch(t *testing.T) {
	noScript := &Kind{name: "NoScriptError", parent: ErrResponse}
	busyLoading := &Kind{name: "BusyLoadingError", parent: ErrConnection}
	for _, c := range []struct {
		kind     *Kind
		ancestor *Kind
	}{
		{noScript, ErrResponse}, {noScript, ErrRedis},
		{busyLoading, ErrConnection}, {busyLoading, ErrRedis},
	} {
		if !errors.Is(New(c.kind, "x"), c.ancestor) {
			wtest.Errorf(t, "a %[1]s (whose parent is %[3]s) is not caught by `except %[2]s`: Is must walk all the way up, not stop after one step.",
				"%[1]s（父节点是 %[3]s）没有被 `except %[2]s` 捕获：Is 要一路往上走到根，而不是只看一层。",
				c.kind.name, c.ancestor.name, c.kind.parent.name)
		}
	}
}

// A kind is not its sibling, nor its child, nor a foreign error. (An Is
// that says yes to everything would pass the tests above; this one stops
// it.)
func TestOnlyAncestorsMatch(t *testing.T) {
	for _, a := range kinds {
		for _, b := range kinds {
			if a.kind != b.kind && errors.Is(New(a.kind, "x"), b.kind) {
				wtest.Errorf(t, "errors.Is(New(%s, \"x\"), %s) is true: siblings must not match.",
					"errors.Is(New(%s, \"x\"), %s) 返回 true：兄弟节点之间不能匹配。", a.goName, b.goName)
			}
		}
		if errors.Is(New(ErrRedis, "x"), a.kind) {
			wtest.Errorf(t, "errors.Is(New(ErrRedis, \"x\"), %s) is true: `except %s` must not catch a plain RedisError.",
				"errors.Is(New(ErrRedis, \"x\"), %s) 返回 true：`except %s` 不应该捕获普通的 RedisError。", a.goName, a.kind.Error())
		}
		if errors.Is(New(a.kind, "x"), io.EOF) || errors.Is(io.EOF, a.kind) {
			wtest.Errorf(t, "%s matches io.EOF: a kind matches only kinds of its tree.",
				"%s 匹配了 io.EOF：种类只能匹配本树中的种类。", a.goName)
		}
	}
}
