package main

import (
	"fmt"
	"os"
	"strings"
)

// lang is the learner's language for this run: "en" or "zh".
var lang = "en"

// detectLang is --lang when given, else a zh locale (LC_ALL, LC_MESSAGES,
// LANG, LANGUAGE) means Chinese. Command words stay English either way.
func detectLang(flag string) string {
	if flag != "" {
		return flag
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		if s := os.Getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "zh") {
				return "zh"
			}
			if v != "LANGUAGE" && s != "C" && s != "POSIX" {
				return "en"
			}
		}
	}
	return "en"
}

// msg returns the message in the learner's language.
func msg(key string) string {
	m, ok := messages[key]
	if !ok {
		return "[" + key + "]"
	}
	if lang == "zh" {
		return m[1]
	}
	return m[0]
}

func warn(format string, args ...any) {
	fmt.Fprintf(os.Stderr, yellow("! ")+format+"\n", args...)
}

// messages: every sentence the checker prints, English then Chinese.
// TestMessagesHaveBothLanguages checks that none is missing one.
var messages = map[string][2]string{
	"noRoot": {
		"this is not the redispy project: run the workshop from the directory you cloned (where go.mod is)",
		"这里不是 redispy 项目：请在克隆下来的目录（go.mod 所在的目录）里运行 workshop",
	},
	"noExercise": {
		"no exercise %q: `go run ./cmd/workshop list` shows them all",
		"没有叫 %q 的练习：`go run ./cmd/workshop list` 列出了全部练习",
	},
	"usage": {
		`The workshop: rebuild redis-py 2.4.6's pieces in Go, and fix its real bugs.

  go run ./cmd/workshop                where you are and what to run next
  go run ./cmd/workshop list           every exercise, with your progress
  go run ./cmd/workshop check [NAME]   run the current (or named) exercise's tests
  go run ./cmd/workshop watch [NAME]   check again on every save; Enter checks by hand
  go run ./cmd/workshop hint [NAME] [N|--all]   the next hint, one step at a time
  go run ./cmd/workshop next           check, then move on to the next exercise
  go run ./cmd/workshop solution [NAME] [--force]   the reference, as a diff against your file
  go run ./cmd/workshop reset [NAME|--all] [--undo]   start an exercise over (your file is kept)
  go run ./cmd/workshop verify         check every exercise, side by side
  go run ./cmd/workshop transplant [NAME]   run the book's own tests on your file
  go run ./cmd/workshop play [--mine NAME]   a shell of pools, connections and commands
  go run ./cmd/workshop doctor         what this machine has, and what to do about gaps
  go run ./cmd/workshop dev check|sync   for maintainers: prove every exercise, regenerate

Options anywhere: --lang en|zh (default: from your locale), --redis (a real
redis-server too), --no-race. NAME is 8, 08, pack-command or 08-pack-command.
Pages: docs/workshop/index.md (and docs/zh/workshop/index.md).`,
		`工作坊：用 Go 把 redis-py 2.4.6 一块块重写出来，再亲手修掉它真实存在过的 bug。

  go run ./cmd/workshop                现在做到哪里了，下一步运行什么
  go run ./cmd/workshop list           全部练习和你的进度
  go run ./cmd/workshop check [名字]   运行当前（或指定）练习的测试
  go run ./cmd/workshop watch [名字]   每次保存就重新检查；按回车手动检查
  go run ./cmd/workshop hint [名字] [N|--all]   下一条提示，一次一步
  go run ./cmd/workshop next           先检查，通过了就进入下一个练习
  go run ./cmd/workshop solution [名字] [--force]   参考答案，以和你的文件的 diff 显示
  go run ./cmd/workshop reset [名字|--all] [--undo]   把练习恢复原样（你的文件会留底）
  go run ./cmd/workshop verify         并行检查全部练习
  go run ./cmd/workshop transplant [名字]   用本书自己的测试来检验你的文件
  go run ./cmd/workshop play [--mine 名字]   一个可以手动操作连接池、连接和命令的 shell
  go run ./cmd/workshop doctor         检查本机环境，缺什么、怎么补
  go run ./cmd/workshop dev check|sync   维护者用：证明每个练习可解，重新生成文件

选项可以放在任何位置：--lang en|zh（默认看你的 locale）、--redis（同时在真实的
redis-server 上跑）、--no-race。名字可以写 8、08、pack-command 或 08-pack-command。
页面：docs/zh/workshop/index.md（英文版在 docs/workshop/index.md）。`,
	},
	"unknownCommand": {"unknown command %q", "没有 %q 这个命令"},
	"welcome": {
		"Welcome to the workshop. Each exercise is a small Go file to finish, with tests that say what is wrong.\nYour progress is kept in .workshop/ (git ignores it).",
		"欢迎来到工作坊。每个练习是一个待完成的小 Go 文件，测试会告诉你哪里不对。\n进度保存在 .workshop/ 里（git 会忽略它）。",
	},
	"prebuilding":      {"(Its tests are being built in the background, so the first check will not wait for the compiler.)", "（它的测试正在后台编译，第一次检查就不用等编译器了。）"},
	"progressLine":     {"Progress: %d of %d exercises done.", "进度：%[2]d 个练习里完成了 %[1]d 个。"},
	"youAreOn":         {"You are on %s · %s", "当前练习：%s · %s"},
	"kindRebuild":      {"rebuild", "重写练习"},
	"kindBuglab":       {"bug lab", "修 bug 练习"},
	"aboutMinutes":     {"about %d minutes", "约 %d 分钟"},
	"goalLabel":        {"Goal: ", "目标："},
	"openFile":         {"Open   %s", "打开   %s"},
	"readPage":         {"Read   %s (the same page is on the site)", "阅读   %s（网站上是同一页）"},
	"thenRun":          {"Then   go run ./cmd/workshop check      (or watch, which checks on every save)", "然后   go run ./cmd/workshop check      （或者用 watch，每次保存都会自动检查）"},
	"allDone":          {"Every exercise is done, and passes as it is now. Well done.", "全部练习都完成了，而且现在仍然全部通过。干得漂亮。"},
	"allDoneVerify":    {"Every exercise is marked done; `go run ./cmd/workshop verify` checks they all still pass.", "全部练习都标记为完成了；`go run ./cmd/workshop verify` 可以确认它们现在仍然通过。"},
	"noRace":           {"no -race (cgo is off: see `go run ./cmd/workshop doctor`)", "未开 -race（cgo 不可用：见 `go run ./cmd/workshop doctor`）"},
	"noRaceAsked":      {"-race off (--no-race)", "未开 -race（--no-race）"},
	"raceNeeded":       {"This exercise is about a data race: only the race detector (-race) can show it.", "这个练习讲的是数据竞争：只有竞态检测器（-race）能把它揭示出来。"},
	"noServer":         {"no server needed", "不需要服务器"},
	"noResult":         {"go test printed nothing about this exercise", "go test 没有输出这个练习的任何结果"},
	"buildFailed":      {"%s does not build, so no test ran. Fix this first:", "%s 编译不通过，所以一个测试也没有运行。先修好这里："},
	"buildFailedShort": {"does not build", "编译不通过"},
	"editLabel":        {"Edit:   ", "要改的地方："},
	"todoNote":         {"(TODO(workshop))", "（TODO(workshop)）"},
	"stuckLabel":       {"Stuck?  ", "卡住了？  "},
	"passed":           {"%s passes: %d tests.", "%s 通过了：%d 个测试。"},
	"passedShort":      {"passes (%d tests)", "通过（%d 个测试）"},
	"failingShort":     {"%d of %d tests fail", "%[2]d 个测试里有 %[1]d 个失败"},
	"failCount":        {"%d of %d tests fail.", "%[2]d 个测试里有 %[1]d 个失败。"},
	"moreFailing":      {"… and %d more failing like these (fix these first).", "……另外还有 %d 个类似的失败（先修好上面这些）。"},
	"skippedNote":      {"skipped %s: %s", "跳过了 %s：%s"},
	"changedProtected": {
		"%s is not the file this exercise shipped with: the tests judge your code, so no pass counts until it is back.",
		"%s 和练习发布时的文件不一样：测试是用来检验你的代码的，在它恢复原样之前，通过不算数。",
	},
	"changedShort": {"a test file was changed", "测试文件被改动过"},
	"restoreIt":    {"Restore it:", "恢复方法："},
	"hangTimeout": {
		"your code waits for a reply that never comes: the tests were stopped when their time ran out.",
		"你的代码在等一个永远不会来的回复：测试时间用完，被强行停止了。",
	},
	"stoppedAtHang": {
		"The tests were stopped by a hang, so the ones after it never ran:",
		"测试因为卡住被强行停止，排在后面的测试都没有运行：",
	},
	"hangAt":   {"It was waiting at %s.", "它停在 %s。"},
	"hangHint": {"A read with no deadline waits for ever; see the exercise's hints.", "没有截止时间的读取会一直等下去；看看这个练习的提示。"},
	"raceFound": {
		"the race detector saw two goroutines use the same memory with nothing ordering them:",
		"竞态检测器发现两个 goroutine 在没有任何同步的情况下访问了同一块内存：",
	},
	"raceLine":      {"%s by %s in %s", "%[2]s 在 %[3]s 中%[1]s"},
	"panicked":      {"your code panicked: %s", "你的代码 panic 了：%s"},
	"panicAt":       {"at %s", "位置：%s"},
	"packageFailed": {"the tests stopped before any test could report", "测试在任何一个测试给出结果之前就停止了"},
	"afterPass": {
		"Next: go run ./cmd/workshop next   · the chapter's own code, as a diff: go run ./cmd/workshop solution",
		"下一步：go run ./cmd/workshop next   · 对照章节里的代码（diff 形式）：go run ./cmd/workshop solution",
	},
	"nextPassFirst": {"Not yet: %s must pass before you move on.", "还不行：%s 要先通过，才能进入下一个练习。"},
	"movedOn":       {"%s is done. Next:", "%s 完成了。下一个："},
	"hintNone":      {"%s has no hints on its page (%s)", "%s 的页面上没有提示（%s）"},
	"hintOf":        {"Hint %d of %d: %s", "提示 %d/%d：%s"},
	"hintMore":      {"Another hint: go run ./cmd/workshop hint   (%d left)", "还要提示：go run ./cmd/workshop hint   （还剩 %d 条）"},
	"hintLast":      {"That was the last hint. The reference, once you pass or if you must: go run ./cmd/workshop solution", "这是最后一条提示了。通过之后（实在需要的话也可以现在）看参考答案：go run ./cmd/workshop solution"},
	"hintPointer":   {"go run ./cmd/workshop hint   (hint %d of %d)", "go run ./cmd/workshop hint   （共 %[2]d 条提示，下一条是第 %[1]d 条）"},
	"hintPointerNo": {"the page: %s", "看页面：%s"},
	"solutionGated": {
		"%s does not pass yet, so the reference stays hidden: try the hints first (go run ./cmd/workshop hint).\nTo see it anyway: go run ./cmd/workshop solution %s --force",
		"%s 还没有通过，所以参考答案先不显示：先试试提示（go run ./cmd/workshop hint）。\n一定要看的话：go run ./cmd/workshop solution %s --force",
	},
	"solutionForced": {"%s does not pass yet; here is the reference anyway.", "%s 还没有通过；按你的要求，这是参考答案。"},
	"solutionSame":   {"Your file is the reference, byte for byte.", "你的文件和参考答案一字不差。"},
	"solutionDiff":   {"The reference (%s), as a diff from your file (%s):", "参考答案（%s）与你的文件（%s）的差异："},
	"solutionNote": {
		"The reference is the chapter's own code: the page explains each line.",
		"参考答案就是章节里的代码本身：章节页面逐行讲解了它。",
	},
	"resetDone":    {"%s is back as it shipped. Your file was saved to %s", "%s 已恢复原样。你原来的文件保存在 %s"},
	"resetSame":    {"%s is already as it shipped; nothing to do.", "%s 本来就是原样，无需恢复。"},
	"resetUndo":    {"To get it back: go run ./cmd/workshop reset --undo %s", "想要找回来：go run ./cmd/workshop reset --undo %s"},
	"undoDone":     {"%s is your file again (from %s).", "%s 已换回你的文件（来自 %s）。"},
	"undoNone":     {"no saved file for %s", "%s 没有留底的文件"},
	"verifyHeader": {"Checking all %d exercises side by side…", "正在并行检查全部 %d 个练习……"},
	"verifySum":    {"%d of %d pass.", "%[2]d 个练习里有 %[1]d 个通过。"},
	"transplantNone": {
		"%s has no chapter file to go into: its reference lives with the exercise (%s).",
		"%s 在章节里没有对应的文件：它的参考答案就放在练习目录里（%s）。",
	},
	"transplantHeader": {
		"Your %s in place of %s; the book's own tests judge it (nothing on disk changes):",
		"把你的 %s 放到 %s 的位置上，用本书自己的测试来检验（磁盘上的文件不会被改动）：",
	},
	"docGoOK":         {"%s (go.mod asks for %s or newer)", "%s（go.mod 要求 %s 或更新）"},
	"docGoOld":        {"%s, older than the %s go.mod asks for", "%s，比 go.mod 要求的 %s 旧"},
	"docGoFix":        {"install Go from https://go.dev/dl/ (or your package manager) and run the workshop again", "从 https://go.dev/dl/（或系统的包管理器）安装 Go，然后再运行 workshop"},
	"docModules":      {"module cache", "模块缓存"},
	"docModulesOK":    {"every module the exercises need is downloaded: no network needed", "练习需要的模块都已下载：不需要联网"},
	"docModulesFix":   {"run `go mod download` once with the network on (or set GOPROXY to a proxy you can reach)", "联网时运行一次 `go mod download`（或者把 GOPROXY 设成你能访问的代理）"},
	"docRaceOK":       {"checks run with the race detector", "检查时会开启竞态检测器"},
	"docRaceFix":      {"install a C compiler (apt-get install gcc) and leave CGO_ENABLED=1; without it checks run without -race, and 06-gil-race cannot pass", "安装 C 编译器（apt-get install gcc），并保持 CGO_ENABLED=1；否则检查时不带 -race，06-gil-race 也无法通过"},
	"docRedisMissing": {"not installed: the exercises run on the embedded miniredis only", "没有安装：练习只在内嵌的 miniredis 上运行"},
	"docRedisFix":     {"optional: apt-get install redis-server, then add --redis to check on a real server too", "可选：apt-get install redis-server，之后加上 --redis 就会同时在真实服务器上检查"},
	"docRedisOK":      {"%s (%s); --redis checks on it too", "%s（%s）；加上 --redis 会同时在它上面检查"},
	"docSep":          {": ", "："},
	"docGitMissing":   {"not found", "没有找到"},
	"docGitFix":       {"optional: reset keeps its own copies in .workshop/backup; git restores a test file you changed by mistake", "可选：reset 会在 .workshop/backup 里自己留底；git 可以恢复被误改的测试文件"},
	"docGitOK":        {"found", "已找到"},
	"docProgress":     {"progress file", "进度文件"},
	"docProgressFix":  {"make the project directory writable: progress is kept in .workshop/", "让项目目录可写：进度保存在 .workshop/ 里"},
	"docLang":         {"language", "语言"},
	"docLangOK":       {"%s (--lang en|zh, or a zh locale, chooses)", "%s（用 --lang en|zh 或 zh 的 locale 选择）"},
	"docGaps":         {"%d gaps to close before the workshop works here.", "还有 %d 个缺口要补上，工作坊才能在这台机器上运行。"},
	"docReady":        {"Ready: go run ./cmd/workshop", "准备就绪：go run ./cmd/workshop"},
	"playMine":        {"play: your %s in place of %s", "play：用你的 %s 代替 %s"},
	"scenarios":       {"the scenarios", "场景"},
	"transplantHang":  {"its tests were stopped after 180s: with your file, these wait for ever", "它的测试在 180 秒后被强行停止：换上你的文件之后，下面这些会一直等下去"},
	"transplantOK":    {"The whole book passes with your file.", "换上你的文件之后，全书的测试都通过了。"},
	"transplantFail":  {"%d packages of the book fail with your file.", "换上你的文件之后，书中有 %d 个包的测试失败。"},
	"watchStart": {
		"Watching %s: every save checks again (the file is polled, so it works on WSL, Docker and NFS too).\nEnter checks now · h hint · n next · l list · q quit",
		"正在盯着 %s：每次保存都会重新检查（用轮询检测文件变化，在 WSL、Docker 和 NFS 上也管用）。\n回车 立即检查 · h 提示 · n 下一个 · l 列表 · q 退出",
	},
	"watchChanged":    {"%s changed: checking…", "%s 改动了：正在检查……"},
	"watchPrompt":     {"[Enter] check · h hint · n next · l list · q quit", "[回车] 检查 · h 提示 · n 下一个 · l 列表 · q 退出"},
	"progressDamaged": {"%s could not be read (%v): starting with no progress", "%s 读不出来（%v）：进度从头开始"},
	"listHeader":      {"No.|Exercise|Kind|Status", "编号|练习|类型|状态"},
	"statusDone":      {"done", "完成"},
	"statusPassing":   {"passes", "已通过"},
	"statusChanged":   {"changed since it passed", "通过后又改过"},
	"statusTodo":      {"", ""},
	"statusHere":      {"← you are here", "← 当前"},
	"devOK":           {"dev check: all %d exercises proven: each stub fails exactly its listed tests, each reference passes (%s).", "dev check：%d 个练习全部验证通过：每个存根恰好让列出的测试失败，每个参考答案都能通过（%s）。"},
	"devFail":         {"dev check: %d problems", "dev check：发现 %d 个问题"},
	"syncWrote":       {"wrote %s", "已写入 %s"},
	"syncNothing":     {"dev sync: everything is current", "dev sync：全部是最新的"},
}
