package wtest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
)

func describeError(err error) string {
	s := fmt.Sprintf("%T %s", err, Quote([]byte(err.Error())))
	if k := exceptions.KindOf(err); k != nil {
		s += " (" + k.Error() + ")"
	}
	return s
}

// Quote writes bytes the way a learner reads protocol traffic: in double
// quotes, with \r, \n, \t, \", \\ and \xNN escaped and printable ASCII as
// it is. Unlike strconv.Quote, every byte takes a predictable width, so a
// caret can be put under any one of them.
func Quote(b []byte) string {
	var s strings.Builder
	s.WriteByte('"')
	for _, c := range b {
		s.WriteString(quoteByte(c))
	}
	s.WriteByte('"')
	return s.String()
}

func quoteByte(c byte) string {
	switch c {
	case '\r':
		return `\r`
	case '\n':
		return `\n`
	case '\t':
		return `\t`
	case '"':
		return `\"`
	case '\\':
		return `\\`
	}
	if c >= 0x20 && c < 0x7f {
		return string(c)
	}
	return fmt.Sprintf(`\x%02x`, c)
}

// quoteShort quotes the start of a long value only.
func quoteShort(b []byte) string {
	const show = 32
	if len(b) <= show {
		return Quote(b)
	}
	return Quote(b[:show]) + fmt.Sprintf(L("… (%d bytes)", "……（共 %d 个字节）"), len(b))
}

// window is how many bytes of context a long value shows before the first
// difference, and how many in all.
const (
	windowBefore = 24
	windowBytes  = 64
)

// RESP reports whether got equals want; if not it fails t with both
// quoted, each one's reply type named, and a caret under the first byte
// that differs:
//
//	want: "*1\r\n$4\r\nPING\r\n"   array of 1: bulk string "PING"
//	 got: "*1\r\n$4\r\nPING\n"     cut short: 13 bytes, the reply needs more
//	                      ^ byte 12: want '\r', got '\n'
func RESP(t testing.TB, what string, want, got []byte) bool {
	t.Helper()
	if bytes.Equal(want, got) && (want == nil) == (got == nil) {
		return true
	}
	t.Error(what + "\n" + RESPDiff(want, got))
	return false
}

// RESPDiff is RESP's message without the test.
func RESPDiff(want, got []byte) string {
	if got == nil {
		return fmt.Sprintf("%s %s   %s\n%s nil", label("want"), Quote(want), DescribeRESP(want), label("got"))
	}
	at := 0
	for at < len(want) && at < len(got) && want[at] == got[at] {
		at++
	}
	from := 0
	if at > windowBefore {
		from = at - windowBefore
	}
	w, col := window(want, from, at)
	g, _ := window(got, from, at)
	pad := strings.Repeat(" ", len(label("want"))+1+col)
	if Zh() {
		pad = strings.Repeat(" ", 6+1+col) // 期望： is three wide glyphs
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s   %s\n", label("want"), w, DescribeRESP(want))
	fmt.Fprintf(&b, "%s %s   %s\n", label("got"), g, DescribeRESP(got))
	fmt.Fprintf(&b, "%s^ %s", pad, byteDiff(want, got, at))
	return b.String()
}

// window quotes b from byte from, at most windowBytes of it, and returns
// the column (inside the quoted text) of byte at.
func window(b []byte, from, at int) (string, int) {
	to := min(len(b), from+windowBytes)
	var s strings.Builder
	col := 0
	if from > 0 {
		s.WriteString("…")
		col++
	}
	s.WriteByte('"')
	col++
	for i := from; i < to; i++ {
		if i == at {
			col = len([]rune(s.String()))
		}
		s.WriteString(quoteByte(b[i]))
	}
	if at >= to {
		col = len([]rune(s.String()))
	}
	s.WriteByte('"')
	if to < len(b) {
		s.WriteString("…")
	}
	return s.String(), col
}

func byteDiff(want, got []byte, at int) string {
	show := func(b []byte) string {
		if at >= len(b) {
			return L("nothing (it ends here)", "没有了（到此结束）")
		}
		return "'" + quoteByte(b[at]) + "'"
	}
	return fmt.Sprintf(L("byte %d: want %s, got %s", "第 %d 个字节：期望 %s，实际 %s"), at, show(want), show(got))
}

// DescribeRESP names what b holds in the Redis protocol: "bulk string
// \"PONG\"", "array of 2: ...", or what is wrong with it.
func DescribeRESP(b []byte) string {
	if len(b) == 0 {
		return L("empty: no reply at all", "空的：没有任何回复")
	}
	d, n, err := describeReply(b, 0)
	if err != "" {
		return err
	}
	if n < len(b) {
		return d + fmt.Sprintf(L(", then %d more bytes", "，后面还多出 %d 个字节"), len(b)-n)
	}
	return d
}

// describeReply reads one reply from b and returns its description and
// length, or an explanation of why b does not hold one.
func describeReply(b []byte, depth int) (string, int, string) {
	if depth > 8 {
		return L("nested too deep to show", "嵌套太深，不再展开"), len(b), ""
	}
	end := bytes.Index(b, []byte("\r\n"))
	if end < 0 {
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			return "", 0, fmt.Sprintf(L("not RESP: the line ends in \\n without \\r (byte %d)", "不是 RESP：这一行以 \\n 结尾，前面少了 \\r（第 %d 个字节）"), i)
		}
		return "", 0, fmt.Sprintf(L("cut short: %d bytes and no \\r\\n yet", "不完整：%d 个字节，还没有 \\r\\n"), len(b))
	}
	line := string(b[1:end])
	n := end + 2
	switch b[0] {
	case '+':
		return L("simple string ", "状态回复 ") + strconv.Quote(line), n, ""
	case '-':
		return L("error reply ", "错误回复 ") + strconv.Quote(line), n, ""
	case ':':
		if _, err := strconv.ParseInt(line, 10, 64); err != nil {
			return "", 0, fmt.Sprintf(L("not RESP: integer %q", "不是 RESP：整数 %q 不合法"), line)
		}
		return L("integer ", "整数回复 ") + line, n, ""
	case '$':
		size, err := strconv.Atoi(line)
		switch {
		case err != nil || size < -1:
			return "", 0, fmt.Sprintf(L("not RESP: bulk length %q", "不是 RESP：批量字符串的长度 %q 不合法"), line)
		case size == -1:
			return L("null bulk string (nil)", "空的批量字符串（nil）"), n, ""
		case len(b) < n+size+2:
			return "", 0, fmt.Sprintf(L("cut short: a bulk string of %d bytes, %d arrived", "不完整：批量字符串应有 %d 个字节，只到了 %d 个"), size, max(0, len(b)-n))
		case b[n+size] != '\r' || b[n+size+1] != '\n':
			return "", 0, fmt.Sprintf(L("not RESP: %d bytes of bulk data are not followed by \\r\\n", "不是 RESP：%d 个字节的批量数据后面不是 \\r\\n"), size)
		}
		return L("bulk string ", "批量字符串 ") + quoteShort(b[n:n+size]), n + size + 2, ""
	case '*':
		count, err := strconv.Atoi(line)
		switch {
		case err != nil || count < -1:
			return "", 0, fmt.Sprintf(L("not RESP: array length %q", "不是 RESP：多条批量回复的长度 %q 不合法"), line)
		case count == -1:
			return L("null array (nil)", "空的多条批量回复（nil）"), n, ""
		}
		var parts []string
		for i := 0; i < count; i++ {
			d, m, e := describeReply(b[n:], depth+1)
			if e != "" {
				return "", 0, fmt.Sprintf(L("array of %d, element %d: %s", "%d 个元素的多条批量回复，第 %d 个元素：%s"), count, i+1, e)
			}
			parts = append(parts, d)
			n += m
		}
		if count == 0 {
			return L("empty array", "空的多条批量回复"), n, ""
		}
		return fmt.Sprintf(L("array of %d: %s", "%d 个元素的多条批量回复：%s"), count, strings.Join(parts, ", ")), n, ""
	}
	return "", 0, fmt.Sprintf(L("not RESP: a reply cannot start with '%s'", "不是 RESP：回复不能以 '%s' 开头"), quoteByte(b[0]))
}
