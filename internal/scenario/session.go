package scenario

// Session: the play shell's loop, one line at a time, for the playground
// page (and any shell that wants the scenario commands): a world on a
// fresh miniredis that lives from one line to the next, and a view of
// every pool's state after each.

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/internal/redistest"
)

// Session is a world that takes one line at a time.
type Session struct {
	Lang        string        // "en" or "zh": the shell's own words
	StepTimeout time.Duration // a line that has not ended after it ends the session (default 15 s)
	world       *World
	srv         *redistest.Server
	broken      string // why the session cannot go on
	closeOnce   sync.Once
}

// NewSession starts a session on a fresh miniredis.
func NewSession(lang string) (*Session, error) {
	srv, err := redistest.StartMiniredis()
	if err != nil {
		return nil, err
	}
	w := NewWorld(srv)
	w.Lang = lang
	return &Session{Lang: lang, world: w, srv: srv}, nil
}

// Close stops the session's world and server.
func (s *Session) Close() {
	s.closeOnce.Do(func() {
		s.world.Close()
		s.srv.Close()
	})
}

// Line runs one line (a command, a # comment, or help) and returns what a
// terminal would show for it: "$ line", then its output.
func (s *Session) Line(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	if strings.HasPrefix(text, "#") {
		return text + "\n"
	}
	var out strings.Builder
	if s.broken != "" {
		return s.broken + "\n"
	}
	words, err := Fields(text)
	neg := false
	if err == nil && len(words) > 0 && words[0] == "!" {
		words, neg = words[1:], true
	}
	if err != nil || len(words) == 0 {
		if err == nil {
			err = errors.New("nothing to run")
		}
		fmt.Fprintf(&out, "$ %s\n%v\n", text, err)
		return out.String()
	}
	shown := text // as typed, without a "!" (a transcript shows none)
	if neg {
		shown = strings.TrimSpace(strings.TrimPrefix(text, "!"))
	}
	fmt.Fprintf(&out, "$ %s\n", shown)
	if words[0] == "help" {
		out.WriteString(Help(s.Lang))
		return out.String()
	}
	if !IsCommand(words[0]) {
		fmt.Fprintf(&out, say(s.Lang, "unknown command %q: `help` lists them\n", "没有 %q 这个命令：`help` 会列出全部命令\n"), words[0])
		return out.String()
	}
	limit := s.StepTimeout
	if limit <= 0 {
		limit = 15 * time.Second
	}
	got, done := step(s.world, Line{Kind: CommandLine, Name: words[0], Text: strings.Join(quoteAll(words), " "), Neg: neg}, limit)
	out.WriteString(Normalise(got, ""))
	if got != "" {
		out.WriteString("\n")
	}
	if !done {
		s.broken = fmt.Sprintf(say(s.Lang, "(stopped: this step did not end within %v; reload the page for a fresh server)",
			"（已停止：这一步在 %v 内没有结束；刷新页面换一个新的服务器）"), roundLimit(limit))
		out.WriteString(s.broken + "\n")
		go s.Close()
	}
	return out.String()
}

// quoteAll quotes words for Fields, so step reads them back as they are.
func quoteAll(words []string) []string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "'" + strings.ReplaceAll(w, "'", "''") + "'"
	}
	return q
}

// Help lists the commands with their usage lines.
func Help(lang string) string {
	var b strings.Builder
	b.WriteString(say(lang, "The scenario commands (the chapter pages' \"See it run\" blocks use them):\n",
		"场景命令（章节页面“跑起来看看”里用的就是它们）：\n"))
	for _, n := range Names() {
		fmt.Fprintf(&b, "  %s\n", Commands[n].Usage)
	}
	b.WriteString(say(lang, "FIXES are names from internal/fixes (for example at-most-once), or all: 2.4.6 as it was.\n",
		"修复的名字见 internal/fixes（比如 at-most-once），写 all 就是原汁原味的 2.4.6。\n"))
	return b.String()
}

// PoolState is one pool as the playground draws it.
type PoolState struct {
	Name      string   `json:"name"`
	Max       int      `json:"max"` // 0: no limit
	Created   int      `json:"created"`
	Available []string `json:"available"` // the stack, bottom first; "" for a connection with no name
	InUse     []string `json:"in_use"`    // sorted; "" for a connection with no name
	Open      []string `json:"open"`      // the named connections whose socket is open
}

// State is every pool of the world and the server's own count of clients.
type State struct {
	Pools         []PoolState `json:"pools"`
	ServerClients int         `json:"server_clients"`
}

// State is the session's world as the playground draws it.
func (s *Session) State() State {
	if s.broken != "" {
		return State{ServerClients: -1}
	}
	return s.world.State()
}

// State is the world's pools, as far as the pool lets anyone see: its
// counts are its own (Stats); which named connection sits where is
// followed from the get and release commands that moved them, and a
// connection a client took and gave back by itself has no name.
func (w *World) State() State {
	var st State
	var names []string
	for n := range w.pools {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := w.pools[n]
		stats := p.Stats()
		ps := PoolState{Name: n, Max: p.MaxConnections(), Created: stats.Created, Available: []string{}, InUse: []string{}, Open: []string{}}
		stack := w.stacks[n]
		if len(stack) > stats.Available { // a client took some off the top itself
			stack = stack[:stats.Available]
		}
		for i := len(stack); i < stats.Available; i++ {
			ps.Available = append(ps.Available, "")
		}
		for _, c := range stack {
			ps.Available = append(ps.Available, w.nameOf(c))
		}
		inUse := 0
		for _, c := range w.taken[n] {
			ps.InUse = append(ps.InUse, w.nameOf(c))
			inUse++
		}
		sort.Strings(ps.InUse)
		for ; inUse < stats.InUse; inUse++ {
			ps.InUse = append(ps.InUse, "")
		}
		seen := map[*connection.Connection]bool{}
		for _, c := range w.conns {
			if w.owner[c] == n && c.Connected() && !seen[c] {
				seen[c] = true
				ps.Open = append(ps.Open, w.nameOf(c))
			}
		}
		sort.Strings(ps.Open)
		st.Pools = append(st.Pools, ps)
	}
	if n, err := w.server.Clients(); err == nil {
		st.ServerClients = n
	} else {
		st.ServerClients = -1
	}
	return st
}

// nameOf is the name a connection was last given by get.
func (w *World) nameOf(c *connection.Connection) string {
	var names []string
	for n, x := range w.conns {
		if x == c {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return strings.Join(names, "=")
}

// moved follows a get (taken) or a release of c in the pool named p: the
// pool's counts before and after say whether c came off its stack, was
// made, or went back onto it.
func (w *World) moved(p string, c *connection.Connection, taken bool) {
	if w.stacks == nil {
		w.stacks = map[string][]*connection.Connection{}
		w.taken = map[string][]*connection.Connection{}
		w.owner = map[*connection.Connection]string{}
	}
	w.owner[c] = p
	remove := func(list []*connection.Connection) []*connection.Connection {
		for i, x := range list {
			if x == c {
				return append(list[:i:i], list[i+1:]...)
			}
		}
		return list
	}
	if taken {
		w.stacks[p] = remove(w.stacks[p])
		w.taken[p] = append(remove(w.taken[p]), c)
		return
	}
	w.taken[p] = remove(w.taken[p])
	w.stacks[p] = append(remove(w.stacks[p]), c)
}
