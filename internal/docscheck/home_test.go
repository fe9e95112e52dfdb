package docscheck

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// reLabel is a list item that starts with a bold label: "1. **Name map**: ...".
var reLabel = regexp.MustCompile(`^[ \t]*(?:\d+\.|[-*+])[ \t]+\*\*([^*]+)\*\*`)

// HowToReadLabels are the bold labels of the list items of the home page's
// section named heading (its ## heading text), in order.
func HowToReadLabels(home, heading string) []string {
	var labels []string
	in := false
	for _, l := range MarkdownLines(home) {
		if l.Kind == Heading {
			m := reHeadingText.FindStringSubmatch(l.Raw)
			in = m != nil && strings.HasPrefix(strings.TrimSpace(l.Raw), "## ") && m[1] == heading
			continue
		}
		if m := reLabel.FindStringSubmatch(l.Raw); in && l.Kind == Prose && m != nil {
			labels = append(labels, m[1])
		}
	}
	return labels
}

// HeadingTexts are the texts of a page's headings, as written.
func HeadingTexts(markdown string) []string {
	var out []string
	for _, l := range MarkdownLines(markdown) {
		if m := reHeadingText.FindStringSubmatch(l.Raw); l.Kind == Heading && m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

// howToRead is the heading, in each language, of the home page's section
// that names the parts of a chapter.
var howToRead = map[string]string{"en": "How to read it", "zh": "怎么读"}

// TestHowToReadLabelsAreHeadings: each part of a chapter the home page
// names is a heading of every chapter, spelled the same.
func TestHowToReadLabelsAreHeadings(t *testing.T) {
	s := loadSite(t)
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			labels := HowToReadLabels(s.read(t, lang, "index.md"), howToRead[lang])
			if len(labels) == 0 {
				t.Fatalf("docs/%s: no list of bold labels under ## %s", docPath(lang, "index.md"), howToRead[lang])
			}
			pages := s.en
			if lang == "zh" {
				pages = s.zh
			}
			for _, p := range pages {
				if !strings.HasPrefix(p, "chapters/") {
					continue
				}
				headings := HeadingTexts(s.read(t, lang, p))
				for _, label := range labels {
					if !slices.Contains(headings, label) {
						t.Errorf("docs/%s names the part %q, but docs/%s has no heading %q",
							docPath(lang, "index.md"), label, docPath(lang, p), label)
					}
				}
			}
		})
	}
}

func TestHowToReadLabels(t *testing.T) {
	home := "# 首页\n\n## 怎么读\n\n1. **2.4.6 怎么做**：讲解。\n2. **运行场景**：脚本。\n\n- **名称对照**：表。\n\n## 原则\n\n- **先求忠实。** 不算。\n"
	labels := HowToReadLabels(home, "怎么读")
	assert.Equal(t, []string{"2.4.6 怎么做", "运行场景", "名称对照"}, labels)
	headings := HeadingTexts("# 01 · 连接池\n## get_connection\n### 2.4.6 怎么做\n### 跑起来看看\n## 名称对照\n")
	var missing []string
	for _, l := range labels {
		if !slices.Contains(headings, l) {
			missing = append(missing, l)
		}
	}
	assert.Equal(t, []string{"运行场景"}, missing, "a label that is no heading is found")
}
