package fixes

import (
	"strings"
)

// Pages are the generated parts of the docs site's "fixes" page, one per
// language: docs/fixes.md includes fixes.en.md and docs/zh/fixes.md
// includes fixes.zh.md. TestPagesAreCurrent fails when they are stale;
// `go test ./internal/fixes -update` rewrites them.
var Pages = map[string]string{"en": "internal/fixes/fixes.en.md", "zh": "internal/fixes/fixes.zh.md"}

// headings of the generated table, per language.
var headings = map[string][5]string{
	"en": {"Fix", "Release", "Chapter", "What 2.4.6 did", "What the port does"},
	"zh": {"修复", "版本", "章节", "2.4.6 的做法", "移植版的做法"},
}

// Markdown renders the table for the page in lang ("en" or "zh"). Each row
// carries an anchor named after the fix, so pages link to
// fixes.md#at-most-once; a fix of a redis-py release links to the change,
// the port's own to the chapter section that explains it.
func Markdown(lang string) string {
	h := headings[lang]
	var b strings.Builder
	b.WriteString("<!-- Generated from internal/fixes/fixes.go by `go test ./internal/fixes -update`. Do not edit. -->\n\n")
	b.WriteString("| " + strings.Join(h[:], " | ") + " |\n")
	b.WriteString("| --- | --- | --- | --- | --- |\n")
	for _, f := range All() {
		e := f.Entry()
		release := e.Release
		if release == "port" && lang == "zh" {
			release = "移植版"
		}
		link := e.Link // a redis-py change, or a page of the site relative to docs/ (the same in zh/)
		chapter := "[" + e.Chapter + "](chapters/" + e.Chapter + ".md)"
		b.WriteString("| <span id=\"" + e.Name + "\"></span>`" + e.Name + "` | [" + release + "](" + link + ") | " +
			chapter + " | " + cell(e.Was.text(lang)) + " | " + cell(e.Now.text(lang)) + " |\n")
	}
	return b.String()
}

func (t Text) text(lang string) string {
	if lang == "zh" {
		return t.Zh
	}
	return t.En
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}
