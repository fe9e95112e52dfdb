package scenario

import "strings"

// zhMessages are the Chinese words of the commands' failures, by their
// English format, for a World whose Lang is "zh" (the play shell and the
// pages' Run buttons in Chinese). The tests' scripts run in English; a
// failure not listed here stays English.
var zhMessages = map[string]string{
	"no pool named %q (make it with newpool)":      "没有叫 %q 的连接池（用 newpool 创建）",
	"no connection named %q (borrow it with get)":  "没有叫 %q 的连接（用 get 借出）",
	"no client named %q (make it with newclient)":  "没有叫 %q 的客户端（用 newclient 创建）",
	"no proxy named %q (start it with proxy)":      "没有叫 %q 的代理（用 proxy 启动）",
	"no pipeline named %q (make it with pipeline)": "没有叫 %q 的管道（用 pipeline 创建）",
	"no pubsub named %q (make it with newpubsub)":  "没有叫 %q 的 PubSub（用 newpubsub 创建）",
	"no lock named %q (make it with newlock)":      "没有叫 %q 的锁（用 newlock 创建）",
	"no fake named %q (start it with fake)":        "没有叫 %q 的假服务器（用 fake 启动）",
	"the server sees %d clients, want %d":          "服务器上有 %d 个客户端，脚本要的是 %d 个",
	"succeeded, but an error was expected":         "成功了，但脚本要的是出错",
	"queued, but an error was expected":            "已排进队列，但脚本要的是出错",
	"unknown option %q":                            "没有 %q 这个选项",
	"unknown option %q (%s)":                       "没有 %q 这个选项（%s）",
}

// localFormat is format in lang: its Chinese twin, or "用法：" for
// "usage: ".
func localFormat(lang, format string) string {
	if lang != "zh" {
		return format
	}
	if zh, ok := zhMessages[format]; ok {
		return zh
	}
	if rest, ok := strings.CutPrefix(format, "usage: "); ok {
		return "用法：" + rest
	}
	return format
}
