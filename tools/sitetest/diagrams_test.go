package sitetest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// MinDiagramTextPx is the smallest size, in CSS pixels, that a diagram's
// text may be drawn at on a phone. Material draws the page's own smallest
// text (table cells, code, the footer) at 12.8 px on a phone; 10 px is the
// floor below which labels of a few words stop being comfortable to read
// without zooming, Latin and Han alike (Han glyphs need the pixels more: at
// 9 px their strokes run together). The diagrams are drawn to reach it at
// 390 px, the width of a common phone: narrow enough to fit the column
// without being scaled far down.
const MinDiagramTextPx = 10.0

// diagramTextJS measures every diagram of the page as the page draws it.
// An <img> gives no access to the SVG's text, so each diagram is loaded
// once more into a hidden <iframe> at its natural size, as its own
// document (the same styles apply as in the image); the size of each text
// element there is its computed font-size times the SVG's scale
// (getScreenCTM: viewBox to the frame's pixels), and the <img> scales that
// by its rendered width over its natural width.
const diagramTextJS = `(async (selector) => {
  const out = [];
  for (const img of document.querySelectorAll(selector)) {
    const box = img.getBoundingClientRect();
    const frame = document.createElement("iframe");
    frame.style.cssText = "position:absolute;left:-20000px;top:0;border:0;" +
      "width:" + img.naturalWidth + "px;height:" + img.naturalHeight + "px";
    const loaded = new Promise(r => frame.onload = r);
    frame.src = img.currentSrc || img.src;
    document.body.append(frame);
    await loaded;
    const doc = frame.contentDocument, win = frame.contentWindow;
    const imgScale = box.width / img.naturalWidth;
    const d = { src: img.currentSrc || img.src, width: box.width, naturalWidth: img.naturalWidth, texts: 0, minPx: 0, smallest: "" };
    let min = Infinity;
    for (const t of doc.querySelectorAll("text, tspan")) {
      const own = [...t.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join("").trim();
      if (!own) continue;
      const m = t.getScreenCTM();
      const px = parseFloat(win.getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b) * imgScale;
      d.texts++;
      if (px < min) { min = px; d.smallest = own; }
    }
    d.minPx = d.texts ? min : 0;
    // Layout: every label inside the picture, inside the box it starts in,
    // and clear of every other label (boxes in the SVG's own units).
    const svg = doc.documentElement, vb = svg.viewBox.baseVal;
    const texts = [...doc.querySelectorAll("text")].filter(t => t.textContent.trim());
    const rects = [...doc.querySelectorAll("rect")].filter(r => r.width.baseVal.value < vb.width);
    const bb = e => { const b = e.getBBox(); return { x: b.x, y: b.y, r: b.x + b.width, b: b.y + b.height }; };
    const label = t => t.textContent.trim().slice(0, 40);
    d.problems = [];
    for (const t of texts) {
      const b = bb(t);
      if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.r > vb.x + vb.width + 0.5 || b.b > vb.y + vb.height + 0.5)
        d.problems.push("label " + JSON.stringify(label(t)) + " runs off the picture");
      const ax = t.x.baseVal[0]?.value, ay = t.y.baseVal[0]?.value;
      const around = rects.map(r => bb(r)).filter(r => ax > r.x && ax < r.r && ay > r.y && ay < r.b)
        .sort((p, q) => (p.r - p.x) * (p.b - p.y) - (q.r - q.x) * (q.b - q.y))[0];
      if (around && (b.x < around.x - 1 || b.r > around.r + 1 || b.y < around.y - 1 || b.b > around.b + 1))
        d.problems.push("label " + JSON.stringify(label(t)) + " runs out of its box");
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = bb(texts[i]), b = bb(texts[j]);
      if (Math.min(a.r, b.r) - Math.max(a.x, b.x) > 2 && Math.min(a.b, b.b) - Math.max(a.y, b.y) > 2)
        d.problems.push("labels " + JSON.stringify(label(texts[i])) + " and " + JSON.stringify(label(texts[j])) + " overlap");
    }
    frame.remove();
    out.push(d);
  }
  return out;
})`

// measureDiagrams runs diagramTextJS on the images the selector finds.
func measureDiagrams(t *testing.T, tb *tab, selector string) []diagramText {
	t.Helper()
	return eval[[]diagramText](t, tb, diagramTextJS+"("+strconv.Quote(selector)+")")
}

type diagramText struct {
	Src          string   `json:"src"`
	Width        float64  `json:"width"`
	NaturalWidth float64  `json:"naturalWidth"`
	Texts        int      `json:"texts"`
	MinPx        float64  `json:"minPx"`
	Smallest     string   `json:"smallest"`
	Problems     []string `json:"problems"`
}

// TestDiagramTextAtPhoneWidth: on every page with a diagram, in both
// languages, at 390 px, every label of every diagram is drawn at
// MinDiagramTextPx or larger, and the diagram fits the screen.
func TestDiagramTextAtPhoneWidth(t *testing.T) {
	t.Parallel()
	s := servedSite(t)
	pages, err := Pages(s.dir, true)
	if err != nil {
		t.Fatal(err)
	}
	var withDiagrams []Page
	for _, p := range pages {
		file := filepath.Join(s.dir, filepath.FromSlash(p.Path), "index.html")
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "assets/diagrams/") {
			withDiagrams = append(withDiagrams, p)
		}
	}
	if len(withDiagrams) == 0 {
		t.Fatal("no page shows a diagram")
	}
	phone := viewports[1]
	for _, p := range withDiagrams {
		t.Run(p.Path, func(t *testing.T) {
			parallel(t)
			tb := newTab(t)
			if err := chromedp.Do(tb.ctx, chromedp.EmulateViewport(phone.width, phone.height, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
				t.Fatal(err)
			}
			tb.load(t, s.url(p))
			diagrams := measureDiagrams(t, tb, `article img[src*="/assets/diagrams/"]`)
			if len(diagrams) == 0 {
				t.Fatalf("the page names a diagram but shows none")
			}
			for _, d := range diagrams {
				name := d.Src[strings.LastIndex(d.Src, "/")+1:]
				msg := fmt.Sprintf("%s at %dpx: drawn %.0fpx wide (natural %.0fpx), %d labels, the smallest %.1fpx (%q)",
					name, phone.width, d.Width, d.NaturalWidth, d.Texts, d.MinPx, d.Smallest)
				switch {
				case d.Texts == 0:
					t.Errorf("%s: no text found in the diagram", name)
				case d.MinPx < MinDiagramTextPx:
					t.Errorf("%s; want every label at %.0fpx or more: make the diagram narrower or its text larger", msg, MinDiagramTextPx)
				default:
					t.Log(msg)
				}
				if d.Width > float64(phone.width) {
					t.Errorf("%s is wider than the screen", name)
				}
				for _, pr := range d.Problems {
					t.Errorf("%s: %s", name, pr)
				}
			}
			if pr := tb.problems(local); len(pr) > 0 {
				t.Errorf("%v", pr)
			}
		})
	}
}

// plantedSVG breaks every rule the measure checks: 9px text (8px on the
// phone), a label off the right edge, a label out of its box, two labels
// on top of each other.
const plantedSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">
<style>text{font-family:sans-serif;font-size:13px}</style>
<text x="10" y="20" style="font-size:9px">tiny</text>
<text x="330" y="50">off the right edge</text>
<rect x="10" y="70" width="60" height="30"/>
<text x="15" y="90" fill="#fff">out of its box, by far</text>
<text x="10" y="150">one label</text>
<text x="14" y="152">another</text>
</svg>`

// TestDiagramMeasureCatchesProblems: the measure of the diagrams can fail.
func TestDiagramMeasureCatchesProblems(t *testing.T) {
	t.Parallel()
	s := servedSite(t)
	tb := newTab(t)
	phone := viewports[1]
	if err := chromedp.Do(tb.ctx, chromedp.EmulateViewport(phone.width, phone.height, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatal(err)
	}
	tb.load(t, s.url(Page{Path: ""}))
	eval[any](t, tb, `new Promise(done => {
		const img = document.createElement("img");
		img.setAttribute("data-planted", "");
		img.onload = done;
		img.src = URL.createObjectURL(new Blob([`+strconv.Quote(plantedSVG)+`], {type: "image/svg+xml"}));
		document.querySelector("article").prepend(img);
	})`)
	ds := measureDiagrams(t, tb, "article img[data-planted]")
	if len(ds) != 1 {
		t.Fatalf("measured %d planted diagrams, want 1", len(ds))
	}
	d := ds[0]
	if want := 9 * d.Width / d.NaturalWidth; d.MinPx > want+0.5 || d.MinPx < want-0.5 || d.Smallest != "tiny" {
		t.Errorf("smallest label %.1fpx %q, want about %.1fpx \"tiny\"", d.MinPx, d.Smallest, want)
	}
	all := strings.Join(d.Problems, "\n")
	for _, want := range []string{
		`label "off the right edge" runs off the picture`,
		`label "out of its box, by far" runs out of its box`,
		`labels "one label" and "another" overlap`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the measure missed: %s\n(it found: %s)", want, all)
		}
	}
}
