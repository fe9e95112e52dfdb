package docscheck

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// reConflictMarker is a line git leaves in a file it could not merge.
var reConflictMarker = regexp.MustCompile(`^(?:<{7}|>{7}|\|{7})(?: |$)|^={7}$`)

// ConflictMarkers lists the lines of a page that are merge conflict markers
// (none of which any Markdown check would otherwise notice: they are prose).
func ConflictMarkers(markdown string) []int {
	var out []int
	for i, l := range strings.Split(markdown, "\n") {
		if reConflictMarker.MatchString(strings.TrimRight(l, "\r")) {
			out = append(out, i+1)
		}
	}
	return out
}

// TestNoConflictMarkers: no page was left half merged.
func TestNoConflictMarkers(t *testing.T) {
	s := loadSite(t)
	s.eachPage(t, func(t *testing.T, lang, p string) {
		for _, n := range ConflictMarkers(s.read(t, lang, p)) {
			t.Errorf("docs/%s:%d: a merge conflict marker", docPath(lang, p), n)
		}
	})
	for _, f := range []string{"README.md", "README.zh.md"} {
		b, err := os.ReadFile(filepath.Join(s.root, f))
		require.NoError(t, err)
		for _, n := range ConflictMarkers(string(b)) {
			t.Errorf("%s:%d: a merge conflict marker", f, n)
		}
	}
}

func TestConflictMarkers(t *testing.T) {
	assert.Equal(t, []int{2, 4, 6}, ConflictMarkers("一\n<<<<<<< HEAD\n二\n=======\n三\n>>>>>>> main\n`<<<<<<<` 和 ======== 不算\n"))
}
