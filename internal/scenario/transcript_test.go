package scenario

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNarrationProblems(t *testing.T) {
	lines, err := ParseScript([]byte("" +
		"# Both.\n# zh: 都有。\n\n" + // fine
		"# English only.\nnewpool p\n" + // line 4: no zh
		"# zh: 只有中文。\n\n" + // line 6: no en
		"# zh: 先中文。\n# then English.\n")) // line 8: order
	require.NoError(t, err)
	assert.Equal(t, []string{
		"line 4: this narration has no zh twin (add # zh: ... lines to the block)",
		"line 6: this narration has no en twin (add # ... lines to the block)",
		"line 9: en narration after zh: write the English lines first, then each twin",
	}, NarrationProblems(lines))
}

func TestParseScript(t *testing.T) {
	lines, err := ParseScript([]byte("# Intro.\n# zh: 开场。\n\n" +
		"newpool p max=2\n" +
		"! get p c\n" +
		"stderr 'Too many'\n" +
		"[redis-server] stats p\n" +
		"[!redis-server] stats p\n" +
		"[miniredis] stdout x\n" +
		"-- file.txt --\nnot a line of the script\n"))
	require.NoError(t, err)
	type l struct {
		kind                   LineKind
		lang, text, name, only string
	}
	var got []l
	for _, x := range lines {
		got = append(got, l{x.Kind, x.Lang, x.Text, x.Name, x.Only})
	}
	assert.Equal(t, []l{
		{NarrationLine, "en", "Intro.", "", ""},
		{NarrationLine, "zh", "开场。", "", ""},
		{BlankLine, "", "", "", ""},
		{CommandLine, "", "newpool p max=2", "newpool", ""},
		{CommandLine, "", "get p c", "get", ""},
		{CheckLine, "", "stderr 'Too many'", "", ""},
		{CommandLine, "", "stats p", "stats", "redis-server"},
		{CommandLine, "", "stats p", "stats", "miniredis"},
		{CheckLine, "", "stdout x", "", ""},
		{BlankLine, "", "", "", ""},
	}, got)

	for script, want := range map[string]string{
		"[short] stats p\n":                    "line 1: stats p: [short]: a shown command can be guarded by a backend only",
		"[miniredis] [redis-server] stats p\n": "line 1: stats p: runs on no backend",
		"newpool p\n\n[miniredis stats p\n":    "line 3: \"[miniredis stats p\": a [ without its ]",
	} {
		_, err := ParseScript([]byte(script))
		assert.ErrorContains(t, err, want, "%q", script)
	}
}

func TestNormalise(t *testing.T) {
	for in, want := range map[string]string{
		"Error 111 connecting 127.0.0.1:40123. Connection refused.\n":   "Error 111 connecting 127.0.0.1:<port>. Connection refused.",
		"read tcp 127.0.0.1:5555->127.0.0.1:6379: i/o timeout":          "read tcp 127.0.0.1:<port>->127.0.0.1:<port>: i/o timeout",
		"dial tcp [::1]:6379 and localhost:6380":                        "dial tcp [::1]:<port> and localhost:<port>",
		"Error connecting to unix socket: /tmp/redistest123/redis.sock": "Error connecting to unix socket: <socket>",
		"&conn{p:(*int)(0xc000012345)}":                                 "&conn{p:(*int)(<pointer>)}",
		"with args beginning with: \nnext  \n\n":                        "with args beginning with:\nnext",
		"created=1 available=0 in_use=1\nserver clients=1\n":            "created=1 available=0 in_use=1\nserver clients=1",
		"(integer) 12345": "(integer) 12345",
	} {
		assert.Equal(t, want, Normalise(in, "/tmp/redistest123/redis.sock"), "%q", in)
	}
}

func TestRender(t *testing.T) {
	lines, err := ParseScript([]byte("" +
		"# A pool.\n# zh: 一个连接池。\n\n\n" +
		"newpool p max=1\n" +
		"get p a\n" +
		"! get p b\n" +
		"stderr 'Too many'\n" +
		"[redis-server] stats p\n" +
		"[miniredis] stats p\n" +
		"\n# The end.\n# zh: 完。\n"))
	require.NoError(t, err)
	outs := []string{"", "", "ConnectionError: Too many connections", "created=1 available=0 in_use=1"}
	golden := strings.Split("[redis-server] $ stats p\n[redis-server] created=1 (from the golden file)\n[miniredis] $ stats p\n[miniredis] old\n", "\n")

	en, err := Render(lines, outs, "miniredis", "en", golden)
	require.NoError(t, err)
	assert.Equal(t, "# A pool.\n\n"+
		"$ newpool p max=1\n$ get p a\n$ get p b\nConnectionError: Too many connections\n"+
		"[redis-server] $ stats p\n[redis-server] created=1 (from the golden file)\n"+
		"[miniredis] $ stats p\n[miniredis] created=1 available=0 in_use=1\n\n"+
		"# The end.\n", en)
	zh, err := Render(lines, outs, "miniredis", "zh", golden)
	require.NoError(t, err)
	assert.Equal(t, strings.NewReplacer("# A pool.", "# 一个连接池。", "# The end.", "# 完。").Replace(en), zh)

	_, err = Render(lines, outs[:3], "miniredis", "en", nil)
	assert.ErrorContains(t, err, "line 10: stats p: the run ended before this command")
	_, err = Render(lines, append(outs, "extra"), "miniredis", "en", nil)
	assert.ErrorContains(t, err, "5 commands ran, the script shows 4")
}
