/*
 * The Web Worker that runs scenarios for live.js: the port and miniredis,
 * compiled to WebAssembly (cmd/livescenario), loaded once, on the first
 * Run. Messages in: {init: {exec, wasm}} (URLs of wasm_exec.js and the
 * module, or wasmBytes: an ArrayBuffer), then {id, op: "run"|"playNew"|
 * "playLine", args}; out: {ready} or {failed}, then, for a run, {id,
 * progress} after each step, and {id, result} or {id, error}. The page stops a call that takes too long by terminating
 * the worker (a Go program blocked in a busy step cannot be interrupted
 * from inside).
 */
"use strict";
var ready = null;

function start(init) {
  if (init.execSource) (0, eval)(init.execSource); // from a file: no importScripts
  else importScripts(init.exec);
  var go = new Go();
  var module;
  if (init.wasmBytes) {
    module = WebAssembly.instantiate(init.wasmBytes, go.importObject);
  } else {
    // Streaming lets the browser compile while it downloads and keep the
    // compiled code in its cache; a server that does not say
    // application/wasm gets the plain way.
    var got = fetch(init.wasm).then(function (r) {
      if (!r.ok) throw new Error(init.wasm + ": " + r.status);
      return r;
    });
    module = got.then(function (r) {
      var type = r.headers.get("Content-Type") || "";
      if (WebAssembly.instantiateStreaming && type.indexOf("application/wasm") === 0)
        return WebAssembly.instantiateStreaming(r, go.importObject);
      return r.arrayBuffer().then(function (buf) { return WebAssembly.instantiate(buf, go.importObject); });
    });
  }
  return module
    .then(function (res) {
      return new Promise(function (resolve) {
        self.redispyLiveReady = resolve;
        go.run(res.instance);
      });
    });
}

self.onmessage = function (ev) {
  var m = ev.data;
  if (m.init) {
    ready = start(m.init).then(
      function () { self.postMessage({ ready: true }); },
      function (err) { self.postMessage({ failed: String(err && err.message || err) }); }
    );
    return;
  }
  var args = m.args;
  if (m.op === "run") {
    args = args.concat([function (text) { self.postMessage({ id: m.id, progress: text }); }]);
  }
  ready.then(function () {
    return self.redispyLive[m.op].apply(null, args);
  }).then(
    function (result) { self.postMessage({ id: m.id, result: result && result.out !== undefined ? { out: result.out, state: result.state } : result }); },
    function (err) { self.postMessage({ id: m.id, error: String(err && err.message || err) }); }
  );
};
