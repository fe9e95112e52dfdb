package docscheck

// Chinese typography: full-width punctuation in Chinese prose, and no line
// break between two Chinese characters (Markdown joins the lines with a
// blank, which a browser shows as a stray space in the middle of a word).

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
)

// TypoSlip is one typographic problem in a Chinese source.
type TypoSlip struct {
	Line int
	What string // the problem and what to write instead
	At   string // the text around it
}

func (s TypoSlip) String() string { return fmt.Sprintf("%d: %s: …%s…", s.Line, s.What, s.At) }

// fullWidth is the Chinese punctuation mark for each half-width one.
var fullWidth = map[rune]string{',': "，", '.': "。", ':': "：", ';': "；", '?': "？", '!': "！", '(': "（", ')': "）", '"': "“”", '\'': "‘’"}

// PunctuationSlips lists the half-width punctuation of Chinese prose in
// lines. A mark counts when it touches Chinese: ASCII double quotes always
// (Chinese pages quote with “”, English text included); a single quote, a
// comma, colon, semicolon, question or exclamation mark with a Chinese
// character or mark right before it or as the next thing after it; a
// period right after Chinese, or ending a Latin word that Chinese follows;
// parentheses with Chinese inside or right outside them. Code spans, URLs
// and link targets are not prose (see MarkdownLines), and neither are
// numbers such as 2.4.6 or 0.7, nor English words and Go identifiers
// between blanks.
func PunctuationSlips(lines []Line) []TypoSlip {
	var slips []TypoSlip
	for _, l := range lines {
		switch l.Kind {
		case Prose, Heading, Table, SVGText:
		default:
			continue
		}
		rs := []rune(l.Text)
		code := callParens(rs)
		for i, r := range rs {
			want, ok := fullWidth[r]
			if !ok || code[i] {
				continue
			}
			prev, next, nextWord := rune(0), rune(0), rune(0)
			if i > 0 {
				prev = rs[i-1]
			}
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			for j := i + 1; j < len(rs); j++ {
				if !unicode.IsSpace(rs[j]) {
					nextWord = rs[j]
					break
				}
			}
			prevWord := rune(0)
			for j := i - 1; j >= 0; j-- {
				if !unicode.IsSpace(rs[j]) {
					prevWord = rs[j]
					break
				}
			}
			// A mark quoted on its own (“:” is the integer reply's first
			// byte) is not punctuation.
			quoted := prev == '“' && next == '”'
			if !quoted && badHalfWidth(r, prev, next, prevWord, nextWord) {
				slips = append(slips, TypoSlip{Line: l.No,
					What: fmt.Sprintf("half-width %q in Chinese prose: write %s", string(r), want),
					At:   around(rs, i)})
			}
		}
	}
	return slips
}

// badHalfWidth is the rule for one half-width mark r, given the runes
// right before and after it and the nearest ones that are not blanks.
func badHalfWidth(r, prev, next, prevWord, nextWord rune) bool {
	switch r {
	case '"':
		return true
	case '\'':
		return isCJK(prev) || isCJK(next)
	case ',', ':', ';', '?', '!':
		return isCJK(prev) || isCJK(nextWord)
	case '.':
		return isCJK(prev) ||
			(unicode.IsLetter(prev) && !isHan(prev) && next == ' ' && isHan(nextWord))
	case '(':
		return isCJK(prevWord) || isCJK(next)
	case ')':
		return isCJK(prev) || isCJK(nextWord)
	}
	return false
}

// callParens marks the runes of rs that belong to a call written out in
// prose, get_connection() or release(c) in a diagram: the parentheses
// right after an identifier, everything between them and the quotes in
// them ([]byte("hello")).
func callParens(rs []rune) []bool {
	code := make([]bool, len(rs))
	var open []int // indexes of unclosed (, -1 for one that is not a call
	for i, r := range rs {
		switch r {
		case '(':
			if i > 0 && (rs[i-1] == '_' || rs[i-1] < unicode.MaxASCII && (unicode.IsLetter(rs[i-1]) || unicode.IsDigit(rs[i-1]))) {
				open = append(open, i)
			} else {
				open = append(open, -1)
			}
		case ')':
			if len(open) == 0 {
				continue
			}
			if start := open[len(open)-1]; start >= 0 {
				for j := start; j <= i; j++ {
					code[j] = true
				}
			}
			open = open[:len(open)-1]
		}
	}
	return code
}

// LineBreakSlips lists the line breaks between two Chinese characters (or
// marks) inside a paragraph.
func LineBreakSlips(lines []Line) []TypoSlip {
	var slips []TypoSlip
	for i := 0; i+1 < len(lines); i++ {
		a, b := lines[i], lines[i+1]
		if a.Kind != Prose || b.Kind != Prose || reListItem.MatchString(b.Raw) ||
			strings.HasSuffix(a.Raw, "  ") || strings.HasSuffix(a.Raw, "\\") {
			continue // not one paragraph, or a hard line break
		}
		end := []rune(strings.TrimRight(a.Text, " \t"))
		start := []rune(strings.TrimLeft(strings.TrimLeft(b.Text, " \t>"), " \t"))
		if len(end) == 0 || len(start) == 0 {
			continue
		}
		if isCJK(end[len(end)-1]) && isCJK(start[0]) {
			slips = append(slips, TypoSlip{Line: a.No,
				What: "line break between two Chinese characters (shown as a space): join the lines",
				At:   string(end[max(0, len(end)-8):]) + "⏎" + string(start[:min(len(start), 8)])})
		}
	}
	return slips
}

func around(rs []rune, i int) string {
	return string(rs[max(0, i-8):min(len(rs), i+9)])
}

// TestChinesePunctuation: Chinese prose uses full-width punctuation.
func TestChinesePunctuation(t *testing.T) {
	for _, src := range zhSources(t) {
		t.Run(src.Path, func(t *testing.T) {
			for _, s := range PunctuationSlips(src.Lines) {
				t.Errorf("%s:%s", src.Path, s)
			}
		})
	}
}

// TestChineseLineBreaks: no line break between two Chinese characters.
func TestChineseLineBreaks(t *testing.T) {
	for _, src := range zhSources(t) {
		t.Run(src.Path, func(t *testing.T) {
			for _, s := range LineBreakSlips(src.Lines) {
				t.Errorf("%s:%s", src.Path, s)
			}
		})
	}
}

func TestPunctuationSlips(t *testing.T) {
	found := func(md string) []string {
		var out []string
		for _, s := range PunctuationSlips(MarkdownLines(md)) {
			out = append(out, s.At)
		}
		return out
	}
	// Caught.
	for md, want := range map[string]int{
		`移植的原则是"先忠实，再正确"。`:        2,
		"连接池,然后是连接。":              1,
		"它返回 `nil`, 然后退出。":        1,
		"如下: 三步。":                 1,
		"为什么?":                    1,
		"读完了!":                    1,
		"一个；另一个;第三个。":             1,
		"这是一个句子.":                 1,
		"返回 `nil`. 然后退出。":         1,
		"哨兵值(sentinel)。":          2,
		"一个错误 (Go 1.20) 返回。":      2,
		"（见上文)。":                  1,
		"## 标题:副标题":               1,
		"| 中文, 表格 | x |":          1,
		"它叫 'lazy'。":              1,
		"Python 的'字符串'":           2,
		"一个 ASCII 省略号...":         1,
		"包的入口（`redis/__init__`)。": 1,
		`??? note "脚本,第二个"`:       1,
	} {
		assert.Len(t, found(md), want, "%q: %v", md, found(md))
	}
	// Not prose, or not touching Chinese.
	for _, md := range []string{
		"redis-py 2.4.6 发布于 2011 年，0.7 倍，第 01 章。",
		"代码 `\"x\", 'y'` 里的引号和 `a, b: c.` 不算。",
		"```go\nfmt.Println(\"连接池, 然后\")\n```",
		"链接 [文字](https://example.com/a,b?c=d(e)) 不算。",
		"网址 https://github.com/redis/redis-py/blob/2.4.6/redis/connection.py#L1-L2 不算。",
		"英文 redis-py's client (the Python one), e.g. this one 不算。",
		"消息是 “Error 111 connecting localhost:6379. Connection refused.”",
		"图 ![连接池（栈）](../x.zh.svg) 和 <span title=\"x\">文字</span>。",
		"`exceptions.go` 和 `Stats()` 以及 Go 1.20、`x.y()`。",
		"列表：\n\n1. 第一项\n2. 第二项",
		"---\nsearch_exclude: [\"术语\", 术语]\n---\n\n# 术语表\n",
		`??? note "脚本：testdata/scripts/x.txtar"`,
		`!!! warning "注意"`,
	} {
		assert.Empty(t, found(md), "%q", md)
	}
	// Calls written out, as in the diagrams, are code.
	assert.Empty(t, found("get_connection()：pop() 最近归还的，release(c)，[]byte(\"hello\")，“:” 整数。"))
	// Diagrams too, but not their monospace text.
	lines, err := SVGLines([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><text>ConnectionError "Too many connections"</text>` +
		`<text class="mono small">[]byte("x")</text><g class="mono"><text>nil, 键</text></g><text>+  状态</text></svg>`))
	assert.NoError(t, err)
	assert.Len(t, PunctuationSlips(lines), 2)
}

func TestLineBreakSlips(t *testing.T) {
	found := func(md string) []int {
		var out []int
		for _, s := range LineBreakSlips(MarkdownLines(md)) {
			out = append(out, s.Line)
		}
		return out
	}
	assert.Equal(t, []int{1}, found("测试会自己在回环地址的空闲端口上\n启动服务器。"))
	assert.Equal(t, []int{1}, found("第一句，\n第二句。"), "a mark and a character")
	assert.Equal(t, []int{1, 2}, found("- 一项\n  **加粗**的\n[链接](x.md)文字"), "emphasis and link text count as what they show")
	assert.Equal(t, []int{1}, found("> 引用的\n> 第二行"))
	for _, md := range []string{
		"本项目把它一块一块地用 Go\n重写出来。",
		"一行末尾是代码 `x`\n下一行。",
		"第\n01 章。",
		"一段。\n\n另一段。",
		"列表：\n- 一项\n- 另一项",
		"硬换行  \n下一行。",
		"```\n代码块里的\n换行\n```",
		"| 表格的 |\n| 下一行 |",
		"## 标题\n正文。",
	} {
		assert.Empty(t, found(md), "%q", md)
	}
}
