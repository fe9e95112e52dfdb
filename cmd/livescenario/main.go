// Command livescenario runs the scenarios of testdata/scripts the way the
// docs pages' Run buttons do: compiled to WebAssembly (GOOS=js
// GOARCH=wasm, `make live`), it gives the page's Web Worker two functions
// (main_js.go); on any system it is also a command that prints a script's
// transcript, which is how the browser's output can be tried without one:
//
//	go run ./cmd/livescenario [-lang zh] [-golden FILE] testdata/scripts/pool_release.txtar
//	GOOS=js GOARCH=wasm go run -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./cmd/livescenario FILE
//
// -golden names the checked transcript, whose [redis-server] lines a run on
// the embedded miniredis takes as they are. The exit status is 1 when the
// transcript differs from it.
//
// The build (`make live`) also writes the pages' manifest with it:
//
//	go run ./cmd/livescenario -manifest docs/assets/live/manifest.js -wasm docs/assets/live/redispy.wasm testdata/scripts
//
// a script that sets window.redispyLiveManifest: the module's size, raw and
// compressed (the Run button says what it loads), and the scenarios that
// do not run in the browser, with the reason shown next to their button.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/redispy-go/redispy/internal/scenario"
)

// Manifest is what the pages know of the module before loading it.
type Manifest struct {
	Raw     int               `json:"raw"`     // bytes
	Gzip    int               `json:"gzip"`    // bytes, gzip -9
	Skipped map[string]Reason `json:"skipped"` // scenario name -> why it does not run in the browser
}

// Reason is why, in both languages.
type Reason struct {
	En string `json:"en"`
	Zh string `json:"zh"`
}

// notInBrowser are the scenarios that cannot run on the embedded
// miniredis, and why: each skips itself there (Skipped reads its skip
// line), in the reader's language.
var notInBrowser = map[string]Reason{
	"miniredis listens on TCP only": {
		En: "it needs a Unix socket, which only a real redis-server has (miniredis listens on TCP only).",
		Zh: "它要用 Unix 套接字，只有真正的 redis-server 才有（miniredis 只监听 TCP）。",
	},
}

func writeManifest(out, wasm, dir string) error {
	data, err := os.ReadFile(wasm)
	if err != nil {
		return err
	}
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	m := Manifest{Raw: len(data), Gzip: z.Len(), Skipped: map[string]Reason{}}
	files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		return err
	}
	for _, f := range files {
		script, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if why := scenario.Skipped(string(script)); why != "" {
			r, ok := notInBrowser[why]
			if !ok {
				r = Reason{En: why, Zh: why}
			}
			m.Skipped[strings.TrimSuffix(filepath.Base(f), ".txtar")] = r
		}
	}
	js, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return os.WriteFile(out, []byte("// Written by cmd/livescenario (make live); not committed.\nwindow.redispyLiveManifest = "+string(js)+";\n"), 0o644)
}

// cli runs the scripts named on the command line and reports how many
// differ from their -golden transcript.
func cli() int {
	lang := flag.String("lang", "en", "the narration's language: en or zh")
	golden := flag.String("golden", "", "the checked transcript to compare with")
	manifest := flag.String("manifest", "", "write the pages' manifest to this file (with -wasm and the scripts' directory)")
	wasm := flag.String("wasm", "", "the module the manifest describes")
	flag.Parse()
	if *manifest != "" {
		if flag.NArg() != 1 || *wasm == "" {
			fmt.Fprintln(os.Stderr, "usage: livescenario -manifest OUT.js -wasm FILE.wasm SCRIPTS_DIR")
			return 2
		}
		if err := writeManifest(*manifest, *wasm, flag.Arg(0)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return 0
	}
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: livescenario [-lang en|zh] [-golden FILE] SCRIPT.txtar")
		return 2
	}
	script, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	var want []byte
	if *golden != "" {
		if want, err = os.ReadFile(*golden); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
	}
	got := scenario.Run(string(script), scenario.RunOptions{Lang: *lang, Golden: string(want)})
	fmt.Print(got)
	if *golden != "" && got != string(want) {
		fmt.Fprintf(os.Stderr, "livescenario: the transcript differs from %s\n", *golden)
		return 1
	}
	return 0
}
