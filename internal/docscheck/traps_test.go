package docscheck

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

// reAccidentalHeading is a line that Python-Markdown, unlike CommonMark,
// makes a heading: #s at the start of the line with no blank after them. A
// wrapped "issues\n#1127 and #886" turns the rest of the sentence into an
// <h1>.
var reAccidentalHeading = regexp.MustCompile(`^#{1,6}[^#\s]`)

// AccidentalHeadings lists the lines of a page, outside code, that
// Python-Markdown would turn into a heading nobody meant.
func AccidentalHeadings(markdown string) []int {
	var out []int
	for _, l := range MarkdownLines(markdown) {
		if l.Kind == Prose && reAccidentalHeading.MatchString(l.Raw) {
			out = append(out, l.No)
		}
	}
	return out
}

// TestNoAccidentalHeadings: no line of prose starts with #.
func TestNoAccidentalHeadings(t *testing.T) {
	s := loadSite(t)
	s.eachPage(t, func(t *testing.T, lang, p string) {
		for _, n := range AccidentalHeadings(s.read(t, lang, p)) {
			t.Errorf("docs/%s:%d: a line that starts with # is a heading to mkdocs (Python-Markdown needs no blank after the #): wrap the line elsewhere", docPath(lang, p), n)
		}
	})
}

func TestAccidentalHeadings(t *testing.T) {
	assert.Equal(t, []int{4}, AccidentalHeadings("# Title\n\nissues\n#1127 and #886.\n## A heading\n```sh\n#comment\n```\n"))
}
