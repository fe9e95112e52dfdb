/*
 * Run buttons for the "See it run" blocks, and the playground.
 *
 * A "See it run" block is a code block titled "make scenario NAME=x" (the
 * scenario's checked transcript) followed by a collapsed note holding the
 * script, testdata/scripts/x.txtar. This adds, under the transcript, a Run
 * button that runs the script in the page, in a Web Worker, on the port
 * and an embedded miniredis compiled to WebAssembly (cmd/livescenario),
 * and shows the transcript that run printed next to the checked one; and
 * an editable copy of the script, to change a step and run it again.
 *
 * Nothing is loaded before the first Run: then the worker fetches
 * assets/live/redispy.wasm (its size, from assets/live/manifest.js, is on
 * the button) and Go's wasm_exec.js, both from this site. A run that takes
 * longer than a minute and a half is stopped by terminating the worker.
 * Without WebAssembly or Web Workers the page stays as it was. Opened from
 * the file system (file://, `make site`), a page may neither fetch nor start
 * a worker from a file: there the worker starts from a blob of its source
 * and the module comes as a script in base64 (hooks.py writes both); a copy
 * built without them says so and points to `make docs`.
 *
 * The playground (a <div id="redispy-playground">) is the play shell: a
 * command line, its output, and a drawing of every pool after each command.
 */
(function () {
  "use strict";
  var me = document.currentScript;
  var base = me.getAttribute("data-assets"); // "../assets/", relative to the page
  // Absolute, for the worker: it resolves URLs against its own.
  if (base) base = new URL(base, location.href).href;
  var info = window.redispyLiveManifest;
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
  var lang = zh ? "zh" : "en";
  var T = zh ? {
    run: "运行", rerun: "再运行一次", running: "运行中……", loading: "正在加载（{size}）……",
    size: "首次运行时加载 {raw} 的 WebAssembly 模块（压缩后 {size}）",
    ran: "在浏览器里运行的结果（内嵌的 miniredis）：",
    same: "和上面的记录一致。", differs: "和上面的记录不一致。",
    edit: "修改脚本再运行", runEdited: "运行修改后的脚本", reset: "恢复原脚本",
    notHere: "不能在浏览器里运行：{why}",
    file: "从文件打开的页面不能启动运行脚本所需的 Web Worker。用 make docs 启动本站（http://127.0.0.1:8000），那里的“运行”按钮可以用。",
    failed: "无法加载运行环境：{why}",
    timeout: "（已停止：运行超过 {s} 秒；下次运行会重新加载。）",
    state: "连接池状态", available: "可用（栈，底部在左）", inUse: "借出中", created: "已创建",
    open: "打开的套接字", clients: "服务器上的客户端", none: "（无）", noPool: "还没有连接池：试试 newpool p",
    placeholder: "输入命令，比如 newpool p max=2，回车运行", send: "执行", unnamed: "（未命名）"
  } : {
    run: "Run", rerun: "Run again", running: "Running…", loading: "Loading ({size})…",
    size: "the first run loads a {raw} WebAssembly module ({size} compressed)",
    ran: "What the run in your browser printed (embedded miniredis):",
    same: "The same as the transcript above.", differs: "Not the same as the transcript above.",
    edit: "Edit the script and run it again", runEdited: "Run the edited script", reset: "Back to the original",
    notHere: "Does not run in the browser: {why}",
    file: "A page opened from a file may not start the Web Worker that runs the script. Serve the site with make docs (http://127.0.0.1:8000) and the Run buttons work there.",
    failed: "The runtime did not load: {why}",
    timeout: "(stopped: the run took longer than {s} s; the next run loads afresh.)",
    state: "The pools", available: "available (the stack, bottom first)", inUse: "in use", created: "created",
    open: "sockets open", clients: "clients the server sees", none: "(none)", noPool: "No pool yet: try newpool p",
    placeholder: "a command, for example newpool p max=2, then Enter", send: "Run", unnamed: "(no name)"
  };
  var TIMEOUT = 90; // seconds, for one call to the worker

  function fill(s, v) {
    return s.replace(/\{(\w+)\}/g, function (_, k) { return v[k]; });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function mb(n) { return (n / 1048576).toFixed(1) + " MB"; }

  if (typeof WebAssembly !== "object" || typeof Worker !== "function" || !info || !base)
    return; // the site as it was: no buttons
  // From the file system the worker, wasm_exec.js and the module come as
  // scripts (assets/live/offline.js, written by `make site`: hooks.py).
  var offline = location.protocol === "file:" ? window.redispyLiveOffline : null;
  var fromFile = location.protocol === "file:" && !offline;

  // The worker: started on the first call, restarted after a timeout.
  var worker = null, ready = null, calls = {}, nextID = 0;
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var sc = document.createElement("script");
      sc.src = src;
      sc.onload = resolve;
      sc.onerror = function () { reject(new Error(src + " did not load")); };
      document.head.appendChild(sc);
    });
  }
  function startWorker() {
    worker = offline
      ? new Worker(URL.createObjectURL(new Blob([offline.worker], { type: "text/javascript" })))
      : new Worker(base + "javascripts/live-worker.js");
    var w = worker;
    ready = new Promise(function (resolve, reject) {
      worker.onmessage = function (ev) {
        var m = ev.data;
        if (m.ready) return resolve();
        if (m.failed) return reject(new Error(m.failed));
        var c = calls[m.id];
        if (!c) return;
        if (m.progress !== undefined) {
          if (c.progress) c.progress(m.progress);
          return;
        }
        delete calls[m.id];
        clearTimeout(c.timer);
        if (m.error !== undefined) c.reject(new Error(m.error)); else c.resolve(m.result);
      };
      worker.onerror = function (ev) { reject(new Error(ev.message || "worker error")); };
    });
    if (!offline) {
      worker.postMessage({ init: { exec: base + "live/wasm_exec.js", wasm: base + "live/redispy.wasm" } });
      return;
    }
    var got = window.redispyLiveWasmBase64 ? Promise.resolve() : loadScript(base + "live/" + offline.wasm);
    got.then(function () {
      var b64 = window.redispyLiveWasmBase64, bin = atob(b64), bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      w.postMessage({ init: { execSource: offline.exec, wasmBytes: bytes.buffer } }, [bytes.buffer]);
    }, function (err) {
      w.onmessage({ data: { failed: err.message } });
    });
  }
  function stopWorker() {
    if (worker) worker.terminate();
    worker = null;
    ready = null;
    Object.keys(calls).forEach(function (id) {
      clearTimeout(calls[id].timer);
      calls[id].reject(new Error(fill(T.timeout, { s: TIMEOUT })));
    });
    calls = {};
  }
  function call(op, args, progress) {
    if (!worker) startWorker();
    return ready.then(function () {
      return new Promise(function (resolve, reject) {
        var id = ++nextID;
        calls[id] = {
          resolve: resolve, reject: reject, progress: progress,
          timer: setTimeout(function () { stopWorker(); }, TIMEOUT * 1000)
        };
        worker.postMessage({ id: id, op: op, args: args });
      });
    });
  }
  var sizeText = fill(T.size, { size: mb(info.gzip), raw: mb(info.raw) });

  // ---- the "See it run" blocks ----
  function scenarioBlocks() {
    var out = [];
    document.querySelectorAll(".md-typeset .highlight > .filename").forEach(function (f) {
      var m = /^make scenario NAME=([A-Za-z0-9_]+)(?:\s.*)?$/.exec(f.textContent.trim());
      if (!m) return;
      var block = f.parentNode;
      var note = block.nextElementSibling;
      while (note && note.tagName !== "DETAILS") note = note.nextElementSibling;
      var code = note && note.querySelector("code");
      if (!code) return;
      out.push({ name: m[1], block: block, golden: block.querySelector("code").textContent, script: code.textContent });
    });
    return out;
  }

  function trimEnd(s) { return s.replace(/\s+$/, ""); }

  function addRun(b) {
    var box = el("div", "redispy-live");
    box.setAttribute("data-scenario", b.name);
    var bar = el("div", "redispy-live-bar");
    var btn = el("button", "md-button redispy-live-run", T.run);
    btn.type = "button";
    var note = el("span", "redispy-live-note");
    bar.appendChild(btn);
    bar.appendChild(note);
    box.appendChild(bar);
    b.block.parentNode.insertBefore(box, b.block.nextSibling);
    var why = info.skipped && info.skipped[b.name];
    if (why) {
      btn.disabled = true;
      note.textContent = fill(T.notHere, { why: why[lang] || why.en });
      box.setAttribute("data-live-state", "not-runnable");
      return;
    }
    if (fromFile) {
      btn.disabled = true;
      note.textContent = T.file;
      box.setAttribute("data-live-state", "file");
      return;
    }
    note.textContent = sizeText;
    var result = el("div", "redispy-live-result");
    box.appendChild(result);
    var edit = el("details", "redispy-live-edit");
    edit.appendChild(el("summary", "", T.edit));
    var area = el("textarea", "redispy-live-script");
    area.value = b.script;
    area.spellcheck = false;
    area.rows = Math.min(30, b.script.split("\n").length + 1);
    var runEdited = el("button", "md-button redispy-live-run-edited", T.runEdited);
    runEdited.type = "button";
    var reset = el("button", "md-button redispy-live-reset", T.reset);
    reset.type = "button";
    var editResult = el("div", "redispy-live-result");
    edit.appendChild(area);
    edit.appendChild(runEdited);
    edit.appendChild(reset);
    edit.appendChild(editResult);
    box.appendChild(edit);
    reset.onclick = function () { area.value = b.script; };

    function run(script, where, compare, buttons) {
      buttons.forEach(function (x) { x.disabled = true; });
      box.setAttribute("data-live-state", "running");
      where.textContent = "";
      var status = el("p", "redispy-live-status", worker ? T.running : fill(T.loading, { size: mb(info.raw) }));
      where.appendChild(status);
      // The transcript grows step by step as the run goes, then is
      // replaced by the whole of it.
      var pre = el("pre", "redispy-live-out"), code = el("code", "");
      pre.appendChild(code);
      var shown = false;
      function show(text) {
        code.textContent = text;
        if (!shown) { where.appendChild(pre); shown = true; }
      }
      call("run", [script, lang, b.golden], show).then(function (out) {
        status.textContent = T.ran;
        show(out);
        if (compare) {
          var same = trimEnd(out) === trimEnd(b.golden);
          where.appendChild(el("p", "redispy-live-verdict " + (same ? "same" : "differs"), same ? T.same : T.differs));
        }
        box.setAttribute("data-live-state", "done");
      }, function (err) {
        status.textContent = err.message.indexOf("(") === 0 ? err.message : fill(T.failed, { why: err.message });
        box.setAttribute("data-live-state", "error");
      }).then(function () {
        buttons.forEach(function (x) { x.disabled = false; });
        btn.textContent = T.rerun;
      });
    }
    btn.onclick = function () { run(b.script, result, true, [btn, runEdited]); };
    runEdited.onclick = function () { run(area.value, editResult, false, [btn, runEdited]); };
  }

  // ---- the playground ----
  function playground(root) {
    root.textContent = "";
    if (fromFile) {
      root.appendChild(el("p", "redispy-live-note", T.file));
      root.setAttribute("data-live-state", "file");
      return;
    }
    var log = el("pre", "redispy-play-log");
    var logCode = el("code");
    log.appendChild(logCode);
    var form = el("form", "redispy-play-form");
    var input = el("input", "redispy-play-input");
    input.type = "text";
    input.placeholder = T.placeholder;
    input.setAttribute("aria-label", T.placeholder);
    input.autocomplete = "off";
    input.spellcheck = false;
    var go = el("button", "md-button redispy-play-send", T.send);
    go.type = "submit";
    form.appendChild(input);
    form.appendChild(go);
    var note = el("p", "redispy-live-note", sizeText);
    var state = el("div", "redispy-play-state");
    root.appendChild(note);
    root.appendChild(form);
    root.appendChild(log);
    root.appendChild(el("h4", "", T.state));
    root.appendChild(state);
    root.setAttribute("data-live-state", "idle");
    var session = null;
    var queue = Promise.resolve();

    function draw(st) {
      state.textContent = "";
      state.appendChild(el("p", "redispy-play-clients", T.clients + ": " + (st.server_clients < 0 ? "?" : st.server_clients)));
      if (!st.pools || !st.pools.length) {
        state.appendChild(el("p", "", T.noPool));
        return;
      }
      st.pools.forEach(function (p) {
        var box = el("div", "redispy-pool");
        box.setAttribute("data-pool", p.name);
        box.appendChild(el("div", "redispy-pool-name", p.name + (p.max ? "  (max " + p.max + ")" : "")));
        function row(label, names, cls, key) {
          var r = el("div", "redispy-pool-row");
          r.appendChild(el("span", "redispy-pool-label", label));
          var list = el("span", "redispy-pool-list");
          list.setAttribute("data-" + key, names.join(" "));
          if (!names.length) list.appendChild(el("span", "redispy-pool-empty", T.none));
          names.forEach(function (n) { list.appendChild(el("span", "redispy-conn " + cls, n || T.unnamed)); });
          r.appendChild(list);
          box.appendChild(r);
        }
        row(T.available, p.available, "available", "available");
        row(T.inUse, p.in_use, "in-use", "in-use");
        var c = el("div", "redispy-pool-row");
        c.appendChild(el("span", "redispy-pool-label", T.created));
        var n = el("span", "redispy-pool-created", String(p.created));
        c.appendChild(n);
        box.appendChild(c);
        row(T.open, p.open, "open", "open");
        state.appendChild(box);
      });
    }

    function send(line) {
      queue = queue.then(function () {
        root.setAttribute("data-live-state", "running");
        var start = session ? Promise.resolve(session) : call("playNew", [lang]).then(function (id) { session = id; return id; });
        return start.then(function (id) { return call("playLine", [id, line]); }).then(function (res) {
          logCode.textContent += res.out;
          log.scrollTop = log.scrollHeight;
          draw(JSON.parse(res.state));
          root.setAttribute("data-live-state", "done");
        }, function (err) {
          session = null; // a stopped worker lost the session
          logCode.textContent += (err.message.indexOf("(") === 0 ? err.message : fill(T.failed, { why: err.message })) + "\n";
          root.setAttribute("data-live-state", "error");
        });
      });
      return queue;
    }
    form.onsubmit = function (ev) {
      ev.preventDefault();
      var line = input.value;
      input.value = "";
      if (line.trim()) send(line);
    };
  }

  function init() {
    scenarioBlocks().forEach(addRun);
    var pg = document.getElementById("redispy-playground");
    if (pg) playground(pg);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
