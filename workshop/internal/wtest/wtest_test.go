package wtest

import (
	"errors"
	"strings"
	"testing"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
)

// The caret sits under the first byte that differs, in both languages,
// whatever the escapes before it.
func TestRESPDiffCaret(t *testing.T) {
	want := []byte("*1\r\n$4\r\nPING\r\n")
	got := []byte("*1\r\n$4\r\nPING\n")
	t.Setenv(EnvLang, "en")
	d := RESPDiff(want, got)
	lines := strings.Split(d, "\n")
	if len(lines) != 3 {
		t.Fatalf("%q", d)
	}
	if lines[0] != `want: "*1\r\n$4\r\nPING\r\n"   array of 1: bulk string "PING"` {
		t.Errorf("want line: %q", lines[0])
	}
	if lines[1] != ` got: "*1\r\n$4\r\nPING\n"   cut short: 13 bytes and no \r\n yet` && !strings.HasPrefix(lines[1], ` got: "*1\r\n$4\r\nPING\n"`) {
		t.Errorf("got line: %q", lines[1])
	}
	caret := strings.Index(lines[2], "^")
	if under := lines[0][caret:]; !strings.HasPrefix(under, `\r\n"`) {
		t.Errorf("the caret is under %q, not under the \\r of byte 12:\n%s", under, d)
	}
	if !strings.Contains(lines[2], `byte 12: want '\r', got '\n'`) {
		t.Errorf("caret line: %q", lines[2])
	}

	t.Setenv(EnvLang, "zh")
	zh := strings.Split(RESPDiff(want, got), "\n")
	if !strings.HasPrefix(zh[0], "期望：") || !strings.Contains(zh[2], "第 12 个字节") {
		t.Errorf("zh: %q", zh)
	}
	// 期望： is three characters, six columns wide, where "want:" is
	// five: the caret moves one column right.
	if strings.Index(zh[2], "^") != caret+1 {
		t.Errorf("zh caret at %d, want %d", strings.Index(zh[2], "^"), caret+1)
	}
}

// A long value shows a window around the difference, not all of it.
func TestRESPDiffWindow(t *testing.T) {
	t.Setenv(EnvLang, "en")
	long := strings.Repeat("x", 500)
	want := []byte("$502\r\n" + long + "ab\r\n")
	got := []byte("$502\r\n" + long + "aB\r\n")
	d := RESPDiff(want, got)
	for _, l := range strings.Split(d, "\n") {
		if len(l) > 160 {
			t.Errorf("a line of %d bytes: %q", len(l), l)
		}
	}
	if !strings.Contains(d, "byte 507: want 'b', got 'B'") {
		t.Errorf("%s", d)
	}
}

func TestDescribeRESP(t *testing.T) {
	t.Setenv(EnvLang, "en")
	for in, want := range map[string]string{
		"+OK\r\n":                 `simple string "OK"`,
		"-ERR no\r\n":             `error reply "ERR no"`,
		":42\r\n":                 "integer 42",
		"$-1\r\n":                 "null bulk string (nil)",
		"*2\r\n$1\r\na\r\n:1\r\n": `array of 2: bulk string "a", integer 1`,
		"*0\r\n":                  "empty array",
		"?x\r\n":                  `not RESP: a reply cannot start with '?'`,
		"$5\r\nab":                "cut short: a bulk string of 5 bytes, 2 arrived",
		"+OK\n":                   `not RESP: the line ends in \n without \r (byte 3)`,
		"+OK\r\n+extra\r\n":       `simple string "OK", then 8 more bytes`,
		"":                        "empty: no reply at all",
	} {
		if got := DescribeRESP([]byte(in)); got != want {
			t.Errorf("DescribeRESP(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDescribeNamesTypes(t *testing.T) {
	var nilKind *exceptions.Kind
	for _, tc := range []struct {
		in   any
		want string
	}{
		{[]byte("1"), `[]byte "1"`},
		{"1", `string "1"`},
		{int64(1), "int64 1"},
		{nil, "nil"},
		{[]any{[]byte("a"), nil}, `[]any{[]byte "a", nil}`},
		{nilKind, "(*exceptions.Kind)(nil)"},
		{exceptions.New(exceptions.ErrConnection, "Too many connections"), `*exceptions.Error "Too many connections" (ConnectionError)`},
		{errors.New("plain"), `*errors.errorString "plain"`},
	} {
		if got := Describe(tc.in); got != tc.want {
			t.Errorf("Describe(%#v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
