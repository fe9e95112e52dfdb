//go:build js && wasm

package main

// In the browser (assets/live/worker.js) the program registers
// redispyLive on the global object and stays up:
//
//	redispyLive.run(script, lang, golden, progress) -> Promise<transcript>
//	    (progress, a function, is given the transcript after each step)
//	redispyLive.playNew(lang) -> id
//	redispyLive.playLine(id, line) -> Promise<{out, state}>   (state: JSON)
//
// Every call that runs commands returns a promise: a Go function called
// from JavaScript must not block, so the work runs in a goroutine. Under
// node with arguments (go_js_wasm_exec) it is the command of main.go.

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"syscall/js"

	"github.com/redispy-go/redispy/internal/scenario"
)

func main() {
	if len(os.Args) > 1 {
		os.Exit(cli())
	}
	var (
		mu       sync.Mutex
		sessions = map[int]*scenario.Session{}
		next     = 0
	)
	api := js.Global().Get("Object").New()
	api.Set("run", js.FuncOf(func(this js.Value, args []js.Value) any {
		script, lang, golden := str(args, 0), str(args, 1), str(args, 2)
		opts := scenario.RunOptions{Lang: lang, Golden: golden}
		if len(args) > 3 && args[3].Type() == js.TypeFunction {
			progress := args[3]
			opts.Progress = func(text string) { progress.Invoke(text) }
		}
		return promise(func() any {
			return scenario.Run(script, opts)
		})
	}))
	api.Set("playNew", js.FuncOf(func(this js.Value, args []js.Value) any {
		lang := str(args, 0)
		return promise(func() any {
			s, err := scenario.NewSession(lang)
			if err != nil {
				return js.Global().Get("Error").New(err.Error())
			}
			mu.Lock()
			defer mu.Unlock()
			next++
			sessions[next] = s
			return next
		})
	}))
	api.Set("playLine", js.FuncOf(func(this js.Value, args []js.Value) any {
		id := 0
		if len(args) > 0 && args[0].Type() == js.TypeNumber {
			id = args[0].Int()
		}
		line := str(args, 1)
		return promise(func() any {
			mu.Lock()
			s := sessions[id]
			mu.Unlock()
			if s == nil {
				return js.Global().Get("Error").New(fmt.Sprintf("no session %d", id))
			}
			out := s.Line(line)
			state, _ := json.Marshal(s.State())
			res := js.Global().Get("Object").New()
			res.Set("out", out)
			res.Set("state", string(state))
			return res
		})
	}))
	js.Global().Set("redispyLive", api)
	if ready := js.Global().Get("redispyLiveReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}

func str(args []js.Value, i int) string {
	if i < len(args) && args[i].Type() == js.TypeString {
		return args[i].String()
	}
	return ""
}

// promise runs f in a goroutine and settles a JavaScript Promise with its
// result (rejected when f returns a JavaScript Error).
func promise(f func() any) js.Value {
	executor := js.FuncOf(func(this js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		go func() {
			v := f()
			if jv, ok := v.(js.Value); ok && jv.InstanceOf(js.Global().Get("Error")) {
				reject.Invoke(jv)
				return
			}
			resolve.Invoke(v)
		}()
		return nil
	})
	// The Promise runs its executor before New returns: the function can go.
	p := js.Global().Get("Promise").New(executor)
	executor.Release()
	return p
}
