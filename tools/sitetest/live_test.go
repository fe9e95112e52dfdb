package sitetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The live pages (tools/mkdocs/overrides/assets/javascripts/live.js): a Run
// button under every "See it run" block runs the scenario in the page, on
// the port and miniredis compiled to WebAssembly (cmd/livescenario, built
// by `make live`), and the playground runs the play shell's commands.

// liveBox is what a page's Run box says about itself.
type liveBox struct {
	Name  string `json:"name"`
	State string `json:"state"`
	Note  string `json:"note"`
}

// scenarioTitle is the title of a "See it run" block.
var scenarioTitle = regexp.MustCompile(`make scenario NAME=([A-Za-z0-9_]+)`)

// checkedTranscript is testdata/scripts/transcripts/NAME.LANG.txt.
func checkedTranscript(t *testing.T, name, lang string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(shared.root, "testdata", "scripts", "transcripts", name+"."+lang+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func liveBuilt(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(shared.siteDir, "assets", "live", "redispy.wasm")); err != nil {
		t.Fatalf("the site has no assets/live/redispy.wasm: build it with make live (make docs-build and make sitetest do): %v", err)
	}
}

// runBox presses a box's button (sel, inside the box of scenario name) and
// waits for the run to end; it returns the output the box shows.
func runBox(t *testing.T, tb *tab, name, button, result string, wait time.Duration) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, wait)
	defer cancel()
	box := fmt.Sprintf(`document.querySelector('.redispy-live[data-scenario=%q]')`, name)
	// Every text the output showed while the run went, for liveSteps.
	watch := `(function(b){ b.__steps = []; if (b.__watch) b.__watch.disconnect();
		b.__watch = new MutationObserver(function(){ var o = b.querySelector('` + result + ` .redispy-live-out');
			var t = o ? o.textContent : ''; if (t && b.__steps[b.__steps.length-1] !== t) b.__steps.push(t); });
		b.__watch.observe(b, {subtree: true, childList: true, characterData: true}); return true; })(` + box + `)`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](watch)); err != nil {
		t.Fatalf("%s: watching the output: %v", name, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](box+`.querySelector('`+button+`').click() === undefined`)); err != nil {
		t.Fatalf("%s: pressing %s: %v", name, button, err)
	}
	state, err := chromedp.Run(ctx, chromedp.Poll[string](box+`.getAttribute('data-live-state') !== 'running' && `+box+`.getAttribute('data-live-state')`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(wait)))
	if err != nil {
		t.Fatalf("%s: the run did not end within %v: %v", name, wait, err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var o = `+box+`.querySelector('`+result+` .redispy-live-out'); return o ? o.textContent : "(no output) " + `+box+`.querySelector('`+result+`').textContent})()`))
	if err != nil {
		t.Fatal(err)
	}
	if state != "done" {
		t.Fatalf("%s: the run ended as %q: %s", name, state, out)
	}
	return out
}

// TestLiveRun presses Run on every "See it run" block of every page, in
// both languages, and compares what the browser printed with the checked
// transcript the page shows; the scenarios that cannot run in a browser
// must say why instead. Nothing may be requested outside the site.
func TestLiveRun(t *testing.T) {
	setup(t)
	liveBuilt(t)
	pages, err := Pages(shared.siteDir, true)
	if err != nil {
		t.Fatal(err)
	}
	ran := map[string]int{}
	for _, p := range pages {
		html, err := os.ReadFile(filepath.Join(shared.siteDir, filepath.FromSlash(p.Path), "index.html"))
		if err != nil || !scenarioTitle.Match(html) {
			continue
		}
		t.Run(p.Lang+"/"+strings.Trim(p.Path, "/"), func(t *testing.T) {
			parallel(t)
			tb := newTab(t)
			tb.load(t, siteURL(p))
			boxes := eval[[]liveBox](t, tb, `[...document.querySelectorAll('.redispy-live')].map(b => ({
				name: b.getAttribute('data-scenario'), state: b.getAttribute('data-live-state') || '',
				note: b.querySelector('.redispy-live-note').textContent}))`)
			var want []string
			for _, m := range scenarioTitle.FindAllSubmatch(html, -1) {
				want = append(want, string(m[1]))
			}
			if len(boxes) != len(want) {
				t.Fatalf("%d See it run blocks (%v), %d Run boxes (%v)", len(want), want, len(boxes), boxes)
			}
			for i, b := range boxes {
				if b.Name != want[i] {
					t.Fatalf("Run box %d is for %s, the block for %s", i, b.Name, want[i])
				}
				if b.State == "not-runnable" {
					if !strings.Contains(b.Note, "redis-server") {
						t.Errorf("%s cannot run in the browser, but its note gives no reason: %q", b.Name, b.Note)
					}
					continue
				}
				if !strings.Contains(b.Note, "MB") {
					t.Errorf("%s: the note does not give the module's size: %q", b.Name, b.Note)
				}
				got := runBox(t, tb, b.Name, ".redispy-live-run", ".redispy-live-result", 3*time.Minute)
				golden := checkedTranscript(t, b.Name, p.Lang)
				if strings.TrimRight(got, "\n") != strings.TrimRight(golden, "\n") {
					t.Errorf("%s in %s: the browser printed\n%s\nthe checked transcript is\n%s", b.Name, p.Lang, got, golden)
				}
				// Step by step: the output grew while the run went, each
				// text the start of the next.
				steps := eval[[]string](t, tb, fmt.Sprintf(`document.querySelector('.redispy-live[data-scenario=%q]').__steps`, b.Name))
				if strings.Count(golden, "\n$ ") >= 2 && len(steps) < 2 {
					t.Errorf("%s in %s: the output appeared at once (%d texts), not step by step", b.Name, p.Lang, len(steps))
				}
				for i := 1; i < len(steps); i++ {
					if !strings.HasPrefix(steps[i], strings.TrimRight(steps[i-1], "\n")) {
						t.Errorf("%s in %s: step %d's output does not start with step %d's:\n%s\n---\n%s", b.Name, p.Lang, i, i-1, steps[i-1], steps[i])
						break
					}
				}
				ran[p.Lang]++
			}
			if pr := tb.problems(local); len(pr) > 0 {
				t.Errorf("while running:\n  %s", strings.Join(pr, "\n  "))
			}
		})
	}
	t.Cleanup(func() {
		if !t.Failed() {
			fmt.Printf("sitetest: ran %d scenarios on English pages and %d on Chinese ones in the browser\n", ran["en"], ran["zh"])
		}
	})
}

// TestLiveEdit edits a script on the page and runs it: the output is what
// the port does with the edited steps, a bad command gets the play shell's
// error, and a step that never ends is stopped with a message.
func TestLiveEdit(t *testing.T) {
	setup(t)
	liveBuilt(t)
	for _, c := range []struct {
		lang, page, scenario, script, want string
	}{
		{"en", "chapters/01-pool/", "pool_too_many",
			"# One only.\n# zh: 只有一个。\nnewpool p max=1\nget p a\n! get p b\nstats p\nnosuch p\n",
			"# One only.\n$ newpool p max=1\n$ get p a\n$ get p b\nConnectionError: Too many connections\n$ stats p\ncreated=1 available=0 in_use=1\n" +
				"$ nosuch p\nunknown command \"nosuch\": `help` lists them"},
		{"zh", "zh/chapters/01-pool/", "pool_too_many",
			"# One only.\n# zh: 只有一个。\nnewpool p max=1\nget p a\nrelease p a\nrelease p a\nnosuch\n",
			"# 只有一个。\n$ newpool p max=1\n$ get p a\n$ release p a\n$ release p a\nRedisError: connection is not in use\n" +
				"$ nosuch\n没有 \"nosuch\" 这个命令：`help` 会列出全部命令"},
		{"en", "chapters/07-lock/", "lock_released_by_wrong_owner",
			"newclient r\nnewlock a r k\nnewlock b r k\nlock a acquire\nlock b acquire\nstats r\n",
			"$ newclient r\n$ newlock a r k\n$ newlock b r k\n$ lock a acquire\na acquired\n$ lock b acquire\n(stopped: this step did not end within 15s)"},
	} {
		t.Run(c.lang+"/"+c.scenario, func(t *testing.T) {
			parallel(t)
			tb := newTab(t)
			tb.load(t, siteURL(Page{Path: c.page, Lang: c.lang}))
			box := fmt.Sprintf(`document.querySelector('.redispy-live[data-scenario=%q]')`, c.scenario)
			js := fmt.Sprintf(`(function(){var b = %s; b.querySelector('details.redispy-live-edit').open = true;
				b.querySelector('textarea').value = %q; return true})()`, box, c.script)
			if !eval[bool](t, tb, js) {
				t.Fatal("could not edit the script")
			}
			got := runBox(t, tb, c.scenario, ".redispy-live-run-edited", ".redispy-live-edit .redispy-live-result", 3*time.Minute)
			if strings.TrimRight(got, "\n") != c.want {
				t.Errorf("the edited script printed\n%s\nwant\n%s", got, c.want)
			}
			if pr := tb.problems(local); len(pr) > 0 {
				t.Errorf("while running:\n  %s", strings.Join(pr, "\n  "))
			}
		})
	}
}

// poolView is the playground's drawing of one pool.
type poolView struct {
	Name      string `json:"name"`
	Available string `json:"available"`
	InUse     string `json:"in_use"`
	Created   string `json:"created"`
	Open      string `json:"open"`
}

// TestPlayground types a sequence of commands into the playground, in both
// languages, and checks the output and the drawing of the pool after it:
// the stack, the in-use set, the created count and the open sockets.
func TestPlayground(t *testing.T) {
	setup(t)
	liveBuilt(t)
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			parallel(t)
			tb := newTab(t)
			path := "playground/"
			if lang == "zh" {
				path = "zh/playground/"
			}
			tb.load(t, siteURL(Page{Path: path, Lang: lang}))
			lines := []string{"newpool p max=2", "get p c1", "get p c2", "get p c3", "release p c1", "do c2 SET k v", "release p c2", "get p again", "nosuch"}
			for _, l := range lines {
				ctx, cancel := context.WithTimeout(tb.ctx, 3*time.Minute)
				// Typed and submitted as Enter would: the form's submit.
				_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(function(){
					var i = document.querySelector('.redispy-play-input'); i.value = %q;
					document.getElementById('redispy-playground').setAttribute('data-live-state', 'running');
					i.form.requestSubmit(); return true})()`, l)))
				if err == nil {
					_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById('redispy-playground').getAttribute('data-live-state') !== 'running'`,
						chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(3*time.Minute)))
				}
				cancel()
				if err != nil {
					t.Fatalf("typing %q: %v", l, err)
				}
				if st := eval[string](t, tb, `document.getElementById('redispy-playground').getAttribute('data-live-state')`); st != "done" {
					t.Fatalf("typing %q: the playground ended as %q:\n%s", l, st, eval[string](t, tb, `document.querySelector('.redispy-play-log').textContent`))
				}
			}
			log := eval[string](t, tb, `document.querySelector('.redispy-play-log').textContent`)
			for _, want := range []string{
				"$ get p c3\nConnectionError: Too many connections\n",
				"$ do c2 SET k v\nOK\n",
				"$ nosuch\n",
			} {
				if !strings.Contains(log, want) {
					t.Errorf("the playground's output lacks %q:\n%s", want, log)
				}
			}
			pools := eval[[]poolView](t, tb, `[...document.querySelectorAll('.redispy-pool')].map(p => ({
				name: p.getAttribute('data-pool'),
				available: p.querySelector('[data-available]').getAttribute('data-available'),
				in_use: p.querySelector('[data-in-use]').getAttribute('data-in-use'),
				created: p.querySelector('.redispy-pool-created').textContent,
				open: p.querySelector('[data-open]').getAttribute('data-open')}))`)
			// c1 went back first, then c2: LIFO hands out c2 again.
			want := []poolView{{Name: "p", Available: "c1", InUse: "again=c2", Created: "2", Open: "again=c2"}}
			if fmt.Sprint(pools) != fmt.Sprint(want) {
				t.Errorf("the pool drawn after %v:\n got %+v\nwant %+v", lines, pools, want)
			}
			clients := eval[string](t, tb, `document.querySelector('.redispy-play-clients').textContent`)
			if !strings.HasSuffix(clients, ": 1") {
				t.Errorf("the server's clients: %q, want 1", clients)
			}
			if pr := tb.problems(local); len(pr) > 0 {
				t.Errorf("in the playground:\n  %s", strings.Join(pr, "\n  "))
			}
			// A picture of the pool drawn after the sequence, kept beside
			// the other screenshots ($SCREENSHOT_DIR) for a person to look at.
			dir := os.Getenv("SCREENSHOT_DIR")
			if dir == "" {
				dir = "out"
			}
			eval[any](t, tb, `document.querySelector('.redispy-play-input').scrollIntoView({block: "start"}); window.scrollBy(0, -70)`)
			eval[any](t, tb, `new Promise(r => setTimeout(r, 600))`) // the header swaps its title on scroll
			// The button beside the input keeps its word on one line.
			if lines := eval[int](t, tb, `(function(){var r = document.createRange();
				r.selectNodeContents(document.querySelector('.redispy-play-form .md-button')); return r.getClientRects().length})()`); lines != 1 {
				t.Errorf("the playground's button word takes %d lines, want 1", lines)
			}
			ctx, cancel := context.WithTimeout(tb.ctx, 15*time.Second)
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			cancel()
			if err != nil {
				t.Fatalf("screenshot of the playground: %v", err)
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, lang+"-desktop-playground.png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestLiveOffline runs a scenario and the playground from the copy `make
// site` builds, opened from the file system: the worker starts from a blob
// and the module comes as a script (tools/mkdocs/hooks.py).
func TestLiveOffline(t *testing.T) {
	dir := offlineSite(t)
	if _, err := os.Stat(filepath.Join(dir, "assets", "live", "redispy.wasm.js")); err != nil {
		t.Fatalf("the offline copy has no assets/live/redispy.wasm.js (make live, then make site): %v", err)
	}
	base := "file://" + filepath.ToSlash(dir) + "/"
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			parallel(t)
			prefix := ""
			if lang == "zh" {
				prefix = "zh/"
			}
			tb := newTab(t)
			tb.load(t, base+prefix+"chapters/01-pool.html")
			got := runBox(t, tb, "pool_release", ".redispy-live-run", ".redispy-live-result", 3*time.Minute)
			if golden := checkedTranscript(t, "pool_release", lang); strings.TrimRight(got, "\n") != strings.TrimRight(golden, "\n") {
				t.Errorf("from file://, pool_release printed\n%s\nthe checked transcript is\n%s", got, golden)
			}
			if pr := tb.problems(local); len(pr) > 0 {
				t.Errorf("while running from file://:\n  %s", strings.Join(pr, "\n  "))
			}
		})
	}
}

// TestLiveWithoutWebAssembly: in a browser without WebAssembly the pages
// are as they were, without Run buttons and without errors, and the
// playground keeps its note.
func TestLiveWithoutWebAssembly(t *testing.T) {
	setup(t)
	liveBuilt(t)
	for _, path := range []string{"chapters/01-pool/", "zh/playground/"} {
		t.Run(path, func(t *testing.T) {
			parallel(t)
			tb := newTab(t)
			ctx, cancel := context.WithTimeout(tb.ctx, 15*time.Second)
			_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: "delete window.WebAssembly;"})
			cancel()
			if err != nil {
				t.Fatal(err)
			}
			tb.load(t, shared.server.URL+"/"+path)
			if n := eval[int](t, tb, `typeof WebAssembly === "undefined" ? document.querySelectorAll('.redispy-live, .redispy-play-form').length : -1`); n != 0 {
				t.Errorf("without WebAssembly: %d Run boxes or playground forms (-1: WebAssembly was still there)", n)
			}
			if strings.Contains(path, "playground") {
				if note := eval[string](t, tb, `document.getElementById('redispy-playground').textContent`); !strings.Contains(note, "WebAssembly") {
					t.Errorf("the playground without WebAssembly says %q", note)
				}
			}
			if pr := tb.problems(local); len(pr) > 0 {
				t.Errorf("without WebAssembly:\n  %s", strings.Join(pr, "\n  "))
			}
		})
	}
}
