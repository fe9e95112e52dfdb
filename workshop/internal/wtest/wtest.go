// Package wtest is what the workshop's exercise tests are made of: the gate
// that keeps them quiet under `go test ./...`, messages in the learner's
// language, and failure output a learner can act on: protocol bytes quoted
// with a caret under the first difference and each value's type named,
// Go values with their types, and a deadline that turns a hang into a
// sentence.
//
// It needs no server; package wredis adds the backends, the recording
// proxy and the server's count of clients.
package wtest

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The environment the checker (cmd/workshop) sets for an exercise's tests.
const (
	// EnvRun must be "1" for the tests to run at all: unset, TestMain
	// passes without running anything, so that `go test ./...` stays
	// green while the exercises are unsolved.
	EnvRun = "REDISPY_WORKSHOP"
	// EnvLang is the learner's language, "en" or "zh".
	EnvLang = "REDISPY_WORKSHOP_LANG"
	// EnvRedis "1" adds a real redis-server to miniredis (`--redis`).
	EnvRedis = "REDISPY_WORKSHOP_REDIS"
)

// Main is every exercise's TestMain: it runs the tests only when the
// checker asks for them.
//
// The gate is an environment variable rather than a build tag so that
// `go vet ./...` and gopls see the tests with no setup and type-check
// them against the stub: a stub that drifts from its tests fails the
// ordinary build, not only the workshop's.
func Main(m *testing.M) {
	if os.Getenv(EnvRun) != "1" {
		fmt.Println("workshop exercise: its tests run under the checker, which expects them to fail until you solve it:")
		fmt.Println("    go run ./cmd/workshop check")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// Zh reports whether messages should be in Chinese.
func Zh() bool { return os.Getenv(EnvLang) == "zh" }

// L returns en or zh, in the learner's language.
func L(en, zh string) string {
	if Zh() {
		return zh
	}
	return en
}

// Errorf fails t with a message in the learner's language; both formats
// take the same arguments.
func Errorf(t testing.TB, en, zh string, args ...any) {
	t.Helper()
	t.Errorf(L(en, zh), args...)
}

// Fatalf is Errorf, then stops the test.
func Fatalf(t testing.TB, en, zh string, args ...any) {
	t.Helper()
	t.Fatalf(L(en, zh), args...)
}

// Within runs fn and fails t if it has not returned after d: a hang
// becomes a sentence and a hint instead of a goroutine dump at the test
// binary's timeout. fn runs on another goroutine, so it must report with
// t.Error, never t.Fatal. What fn waits on stays blocked; the test's
// cleanups (closing the server) release it.
func Within(t testing.TB, d time.Duration, hintEn, hintZh string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		Fatalf(t, "your code waits for a reply that never comes: still waiting after %v.\n%s",
			"你的代码在等一个永远不会来的回复：%v 后仍在等。\n%s", d, L(hintEn, hintZh))
	}
}

// Describe names a Go value with its type, the way a learner needs to see
// it when two values print alike: []byte "1" is not string "1".
func Describe(v any) (s string) {
	if rv := reflect.ValueOf(v); v != nil && rv.Kind() == reflect.Pointer && rv.IsNil() {
		return fmt.Sprintf("(%T)(nil)", v)
	}
	defer func() {
		if recover() != nil { // a String or Error method that panics
			s = fmt.Sprintf("%T (cannot be printed)", v)
		}
	}()
	switch x := v.(type) {
	case nil:
		return "nil"
	case []byte:
		if x == nil {
			return "[]byte(nil)"
		}
		return "[]byte " + Quote(x)
	case string:
		return "string " + Quote([]byte(x))
	case []any:
		if x == nil {
			return "[]any(nil)"
		}
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = Describe(e)
		}
		return fmt.Sprintf("[]any{%s}", strings.Join(parts, ", "))
	case error:
		return describeError(x)
	case fmt.Stringer:
		return fmt.Sprintf("%T %q", v, x.String())
	}
	return fmt.Sprintf("%T %#v", v, v)
}

// Equal reports whether got equals want, by type and value; if not it
// fails t, naming each value's type.
func Equal(t testing.TB, what string, want, got any) bool {
	t.Helper()
	dw, dg := Describe(want), Describe(got)
	if dw == dg {
		return true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s %s\n%s %s", what, label("want"), dw, label("got"), dg)
	if fmt.Sprint(want) == fmt.Sprint(got) {
		b.WriteString(L("\n(they print alike, but their types differ)", "\n（打印出来一样，但类型不同）"))
	}
	t.Error(b.String())
	return false
}

// label is "want:" or "got:", right-aligned, in the learner's language.
func label(which string) string {
	if Zh() {
		if which == "want" {
			return "期望："
		}
		return "实际："
	}
	if which == "want" {
		return "want:"
	}
	return " got:"
}
