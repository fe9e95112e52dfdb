package exceptions

import (
	"errors"
	"testing"

	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// kinds is redis/exceptions.py at 2.4.6, plus LockError from client.py:
// every class a direct subclass of RedisError.
var kinds = []struct {
	kind   *Kind
	name   string // the Python class, and the Go variable after "Err"
	goName string
}{
	{ErrAuthentication, "AuthenticationError", "ErrAuthentication"},
	{ErrConnection, "ConnectionError", "ErrConnection"},
	{ErrResponse, "ResponseError", "ErrResponse"},
	{ErrInvalidResponse, "InvalidResponse", "ErrInvalidResponse"},
	{ErrData, "DataError", "ErrData"},
	{ErrPubSub, "PubSubError", "ErrPubSub"},
	{ErrWatch, "WatchError", "ErrWatch"},
	{ErrLock, "LockError", "ErrLock"},
}

// `except RedisError` catches every class of the tree.
func TestEveryKindIsARedisError(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			err := New(k.kind, "boom")
			if !errors.Is(err, ErrRedis) {
				wtest.Errorf(t, "`except RedisError` does not catch %[1]s: errors.Is(New(%[2]s, \"boom\"), ErrRedis) is false.\n"+
					"In redis/exceptions.py %[1]s is a subclass of RedisError: give %[2]s its parent.",
					"`except RedisError` 捕获不到 %[1]s：errors.Is(New(%[2]s, \"boom\"), ErrRedis) 返回 false。\n"+
						"在 redis/exceptions.py 里 %[1]s 是 RedisError 的子类：给 %[2]s 填上 parent。",
					k.name, k.goName)
			}
			if !errors.Is(err, k.kind) {
				wtest.Errorf(t, "errors.Is(New(%[1]s, \"boom\"), %[1]s) is false: an error must match its own kind.",
					"errors.Is(New(%[1]s, \"boom\"), %[1]s) 返回 false：错误必须能匹配它自己的种类。", k.goName)
			}
		})
	}
}

// The kinds keep Python's class names: they are what a learner reads in
// messages and what the chapters compare with.
func TestKindsKeepTheirNames(t *testing.T) {
	wtest.Equal(t, "ErrRedis.Error()", "RedisError", ErrRedis.Error())
	for _, k := range kinds {
		wtest.Equal(t, k.goName+".Error()", k.name, k.kind.Error())
	}
}

// A kind is not its sibling: `except ConnectionError` does not catch a
// ResponseError. (A tree that makes every kind match every other would
// pass the first test; this one stops it.)
func TestSiblingsDoNotMatch(t *testing.T) {
	for _, a := range kinds {
		for _, b := range kinds {
			if a.kind != b.kind && errors.Is(New(a.kind, "x"), b.kind) {
				wtest.Errorf(t, "errors.Is(New(%s, \"x\"), %s) is true: `except %s` would catch a %s, which Python never did. Siblings share a parent; neither is the other's.",
					"errors.Is(New(%s, \"x\"), %s) 返回 true：`except %s` 会捕获 %s，而 Python 从来不会这样。兄弟节点共享同一个父节点，彼此之间没有父子关系。",
					a.goName, b.goName, b.name, a.name)
			}
		}
	}
}

// The root is nobody's child: `except ConnectionError` does not catch a
// plain RedisError.
func TestRootHasNoParent(t *testing.T) {
	if ErrRedis.parent != nil {
		wtest.Errorf(t, "ErrRedis has parent %s: RedisError is the root of the tree, with no parent.",
			"ErrRedis 的 parent 是 %s：RedisError 是树根，没有父节点。", ErrRedis.parent.name)
	}
	for _, k := range kinds {
		if errors.Is(New(ErrRedis, "x"), k.kind) {
			wtest.Errorf(t, "errors.Is(New(ErrRedis, \"x\"), %s) is true: a parent is not its child.",
				"errors.Is(New(ErrRedis, \"x\"), %s) 返回 true：父节点不是它的子节点。", k.goName)
		}
	}
}
