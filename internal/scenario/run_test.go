package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const scripts = "../../testdata/scripts"

// TestRunMatchesTranscripts: Run, the browser's way of running a scenario,
// prints the checked transcript of every scenario that runs on miniredis,
// in both languages.
func TestRunMatchesTranscripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(scripts, "*.txtar"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			if why := Skipped(string(data)); why != "" {
				t.Skipf("not on miniredis: %s", why)
			}
			for _, lang := range Languages {
				golden, err := os.ReadFile(filepath.Join(scripts, "transcripts", name+"."+lang+".txt"))
				require.NoError(t, err)
				got := Run(string(data), RunOptions{Lang: lang, Golden: string(golden)})
				assert.Equal(t, string(golden), got, "%s in %s", name, lang)
			}
		})
	}
}

func TestRunEdited(t *testing.T) {
	got := Run("# Two.\n# zh: 二。\nnewpool p max=1\nget p a\nget p b\nrelease p a\nrelease p a\nnosuch x\nget q c\nget p\n", RunOptions{})
	assert.Equal(t, "# Two.\n"+
		"$ newpool p max=1\n"+
		"$ get p a\n"+
		"$ get p b\n"+
		"ConnectionError: Too many connections\n"+
		"$ release p a\n"+
		"$ release p a\n"+
		"RedisError: connection is not in use\n"+
		"$ nosuch x\n"+
		"unknown command \"nosuch\": `help` lists them\n"+
		"$ get q c\n"+
		"no pool named \"q\" (make it with newpool)\n"+
		"$ get p\n"+
		"usage: get POOL CONN\n", got)
	zh := Run("# Two.\n# zh: 二。\nnosuch\nget q c\nget p\n", RunOptions{Lang: "zh"})
	assert.Equal(t, "# 二。\n$ nosuch\n没有 \"nosuch\" 这个命令：`help` 会列出全部命令\n"+
		"$ get q c\n没有叫 \"q\" 的连接池（用 newpool 创建）\n"+
		"$ get p\n用法：get POOL CONN\n", zh)
}

func TestRunStopsAStepThatDoesNotEnd(t *testing.T) {
	script := "newclient r\nnewlock a r k\nnewlock b r k\nlock a acquire\nlock b acquire\nstats r\n"
	start := time.Now()
	got := Run(script, RunOptions{StepTimeout: 500 * time.Millisecond})
	assert.Less(t, time.Since(start), 10*time.Second)
	assert.Equal(t, "$ newclient r\n$ newlock a r k\n$ newlock b r k\n$ lock a acquire\na acquired\n$ lock b acquire\n"+
		"(stopped: this step did not end within 500ms)\n", got)
	got = Run("newpool p\nstats p\nstats p\nstats p\n", RunOptions{MaxSteps: 2})
	assert.Equal(t, "$ newpool p\n$ stats p\ncreated=0 available=0 in_use=0\n(stopped: a run has at most 2 steps)\n", got)
	assert.Contains(t, Run(strings.Repeat("#", MaxScript+1), RunOptions{}), "a run takes at most")
}

func TestFields(t *testing.T) {
	for in, want := range map[string][]string{
		"call r SET x 'the value of x'": {"call", "r", "SET", "x", "the value of x"},
		"a  'it''s'\tb":                 {"a", "it's", "b"},
		"a ''":                          {"a", ""},
	} {
		got, err := Fields(in)
		require.NoError(t, err)
		assert.Equal(t, want, got, in)
	}
	_, err := Fields("a 'b")
	assert.Error(t, err)
}

// TestSessionState: the playground's view follows the pool through gets
// and releases: LIFO reuse, a name given twice, lazy sockets.
func TestSessionState(t *testing.T) {
	s, err := NewSession("en")
	require.NoError(t, err)
	defer s.Close()
	for _, l := range []string{"newpool p max=2", "get p c1", "get p c2", "release p c1", "do c2 SET k v", "release p c2", "get p again"} {
		s.Line(l)
	}
	assert.Equal(t, "$ get p c3\n", s.Line("get p c3"))
	assert.Equal(t, "$ get p c4\nConnectionError: Too many connections\n", s.Line("get p c4"))
	assert.Equal(t, "$ nosuch\nunknown command \"nosuch\": `help` lists them\n", s.Line("nosuch"))
	assert.Equal(t, "$ get p\nusage: get POOL CONN\n", s.Line("get p"))
	assert.Equal(t, "$ call r 'a b'\nno client named \"r\" (make it with newclient)\n", s.Line("call r 'a b'"))
	st := s.State()
	require.Len(t, st.Pools, 1)
	assert.Equal(t, PoolState{Name: "p", Max: 2, Created: 2, Available: []string{}, InUse: []string{"again=c2", "c1=c3"}, Open: []string{"again=c2"}}, st.Pools[0])
	assert.Equal(t, 1, st.ServerClients)
	assert.Contains(t, s.Line("help"), "newpool NAME [max=N]")
}

// TestSessionStopsAStepThatDoesNotEnd: a line that never ends stops the
// session, which says so from then on.
func TestSessionStopsAStepThatDoesNotEnd(t *testing.T) {
	s, err := NewSession("zh")
	require.NoError(t, err)
	defer s.Close()
	s.StepTimeout = 300 * time.Millisecond
	for _, l := range []string{"newclient r", "newlock a r k", "newlock b r k", "lock a acquire"} {
		s.Line(l)
	}
	got := s.Line("lock b acquire")
	assert.Contains(t, got, "$ lock b acquire\n（已停止：这一步在 300ms 内没有结束；刷新页面换一个新的服务器）")
	assert.Contains(t, s.Line("stats r"), "已停止")
	assert.Equal(t, -1, s.State().ServerClients)
}

// TestRunProgress: a page shows a run step by step. Progress is given the
// transcript after each command that ran, each one the start of the next,
// the last one the whole transcript.
func TestRunProgress(t *testing.T) {
	var seen []string
	script := "# A pool.\n# zh: 一个连接池。\nnewpool p max=1\nget p a\n\n# Full.\n# zh: 满了。\nget p b\nstats p\n"
	got := Run(script, RunOptions{Progress: func(s string) { seen = append(seen, s) }})
	require.Len(t, seen, 4, "one call per command")
	for i := 1; i < len(seen); i++ {
		assert.True(t, strings.HasPrefix(seen[i], seen[i-1]), "step %d starts with step %d:\n%s\n%s", i, i-1, seen[i-1], seen[i])
		assert.NotEqual(t, seen[i-1], seen[i])
	}
	assert.Equal(t, got, seen[len(seen)-1])
	assert.Equal(t, "# A pool.\n$ newpool p max=1\n", seen[0])
}
