package sitetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// viewport is a screen size readers use.
type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

var viewports = []viewport{
	{"desktop", 1280, 800, false},
	{"phone", 390, 844, true},
}

// fitJS measures what does not fit the screen: the page wider than the
// window, and code blocks wider than their box (on a phone the code wraps,
// docs/assets/extra.css; a wider screen may scroll a long line).
const fitJS = `(() => ({
  pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
  codeOverflow: [...document.querySelectorAll(".md-typeset pre > code")]
    .filter(c => c.scrollWidth > c.clientWidth + 1).length,
  codeBlocks: document.querySelectorAll(".md-typeset pre > code").length,
}))()`

type fit struct {
	PageOverflow int `json:"pageOverflow"`
	CodeOverflow int `json:"codeOverflow"`
	CodeBlocks   int `json:"codeBlocks"`
}

// glyphsJS reports whether Chinese renders as Chinese: two different Han
// characters drawn in the page's own font must differ from each other and
// from a character no font has (which every browser draws as the same
// empty box). Without a CJK font (fonts-wqy-microhei, fonts-noto-cjk) the
// three come out alike.
const glyphsJS = `(() => {
  const font = getComputedStyle(document.querySelector(".md-typeset")).fontFamily;
  const c = document.createElement("canvas");
  c.width = 64; c.height = 32;
  const g = c.getContext("2d", { willReadFrequently: true });
  const draw = ch => {
    g.clearRect(0, 0, 64, 32);
    g.font = "24px " + font;
    g.fillText(ch, 4, 26);
    return g.getImageData(0, 0, 64, 32).data.join();
  };
  const a = draw("连"), b = draw("池"), none = draw("\u{10FFFD}");
  return a !== b && a !== none && b !== none;
})()`

// TestScreenshots takes the home page, the pool chapter and the client
// chapter's diagram and callback table in each language, at a desktop and a phone width, into $SCREENSHOT_DIR (default
// out/), for a person to look at; and checks what a program can: the page
// is no wider than the screen, code fits on a phone, Chinese glyphs render.
func TestScreenshots(t *testing.T) {
	t.Parallel()
	setup(t)
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		dir = "out"
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	shots := []struct {
		name, path string
		scrollTo   string // a CSS selector to bring to the top first, or ""
	}{
		{"home", "", ""},
		{"pool", "chapters/01-pool/", ""},
		{"pool-diagram", "chapters/01-pool/", `img[src*="diagrams"]`},
		{"pool-code", "chapters/01-pool/", `.md-typeset pre`},
		{"client-diagram", "chapters/04-client/", `img[src*="diagrams"]`},
		{"client-table", "chapters/04-client/", `.md-typeset table`},
	}
	for _, lang := range []string{"en", "zh"} {
		for _, vp := range viewports {
			t.Run(lang+"-"+vp.name, func(t *testing.T) {
				parallel(t)
				tb := newTab(t)
				opts := []chromedp.EmulateViewportOption{}
				if vp.mobile {
					opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
				}
				if err := chromedp.Do(tb.ctx, chromedp.EmulateViewport(vp.width, vp.height, opts...)); err != nil {
					t.Fatal(err)
				}
				for _, shot := range shots {
					p := Page{Path: shot.path, Lang: "en"}
					if lang == "zh" {
						p = Twin(p)
					}
					tb.load(t, siteURL(p))
					if shot.scrollTo != "" {
						js := fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "start"}); window.scrollBy(0, -70)`, shot.scrollTo)
						eval[any](t, tb, js)
					}
					// Material mounts a code block when it first comes into
					// view, and the header swaps its title on scroll.
					eval[any](t, tb, `new Promise(r => setTimeout(r, 600))`)
					f := eval[fit](t, tb, fitJS)
					if f.PageOverflow > 0 {
						t.Errorf("/%s at %dpx: the page is %dpx wider than the screen", p.Path, vp.width, f.PageOverflow)
					}
					if vp.mobile && f.CodeOverflow > 0 {
						t.Errorf("/%s at %dpx: %d of %d code blocks scroll sideways", p.Path, vp.width, f.CodeOverflow, f.CodeBlocks)
					}
					if lang == "zh" && !eval[bool](t, tb, glyphsJS) {
						t.Errorf("/%s: Chinese characters do not render (install a CJK font: fonts-wqy-microhei)", p.Path)
					}
					ctx, cancel := context.WithTimeout(tb.ctx, 15*time.Second)
					png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
					cancel()
					if err != nil {
						t.Fatal(err)
					}
					name := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.png", lang, vp.name, shot.name))
					if err := os.WriteFile(name, png, 0o644); err != nil {
						t.Fatal(err)
					}
					t.Logf("%s (code blocks scrolling sideways: %d of %d)", name, f.CodeOverflow, f.CodeBlocks)
				}
				if p := tb.problems(local); len(p) > 0 {
					t.Errorf("%v", p)
				}
			})
		}
	}
}
