// Package wredis gives the workshop's exercise tests their servers: an
// embedded miniredis always, a real redis-server when the learner asks
// for it (`--redis`) and always in `dev check`; a recording proxy that
// shows the bytes the client sent and received when a test fails, and can
// cut a connection or lose a reply on purpose; and the server's own count
// of clients, to print beside the pool's counts.
package wredis

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// Each runs body against a fresh miniredis, and also against a fresh
// redis-server when REDISPY_WORKSHOP_REDIS=1 (the checker's --redis, and
// dev check). A missing redis-server skips that run with the reason,
// except under CI=true, where it fails.
func Each(t *testing.T, body func(t *testing.T, s *redistest.Server)) {
	t.Helper()
	t.Run("miniredis", func(t *testing.T) {
		s, err := redistest.StartMiniredis()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		body(t, s)
	})
	if os.Getenv(wtest.EnvRedis) == "1" {
		t.Run("redis-server", func(t *testing.T) {
			body(t, redistest.RedisServer(t))
		})
	}
}

// Counts is the pool's counts beside the server's own count of clients,
// for a failure message: "pool: created=2 available=1 in_use=1 ·
// server: clients=1".
func Counts(s *redistest.Server, pool fmt.Stringer) string {
	n, err := s.Clients()
	server := strconv.Itoa(n)
	if err != nil {
		server = "? (" + err.Error() + ")"
	}
	return wtest.L("pool: ", "连接池：") + pool.String() + wtest.L(" · server: clients=", " · 服务器：clients=") + server
}

// Tap is a recording proxy in front of a server: the client under test
// connects to Tap.Host:Tap.Port instead. Each accepted connection is a
// link, forwarded both ways and recorded; when the test fails, the bytes
// of every link are logged, sent and received.
type Tap struct {
	Host string
	Port int
	// Who names the tap in its transcript ("the test's tap" when empty).
	Who Text

	ln       net.Listener
	upstream string

	mu        sync.Mutex
	links     []*link
	events    []wireEvent
	loseReply int // the next n replies are lost: the link is cut instead (LoseNextReply)
	refuse    int // the next n commands are answered LOADING, unrun (RefuseNextLoading)
	closed    bool
}

type link struct {
	closed     bool // the client's side is closed
	n          int
	client     net.Conn
	server     net.Conn
	sent, recv bytes.Buffer
}

// wireEvent is one line of the transcript: a command sent, bytes
// received, or what the tap did.
type wireEvent struct {
	link int
	dir  string // "→" sent, "←" received, "!" a note
	data []byte
	note string
}

// Text is a phrase in both languages.
type Text struct{ En, Zh string }

// NewTap starts a proxy in front of s and stops it when the test ends.
func NewTap(t testing.TB, s *redistest.Server) *Tap {
	t.Helper()
	tp, err := StartTap(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			time.Sleep(50 * time.Millisecond) // let bytes in flight reach the record
			t.Log(tp.Transcript())
		}
		tp.Close()
	})
	return tp
}

// StartTap starts a proxy in front of s; Close stops it.
func StartTap(s *redistest.Server) (*Tap, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	tp := &Tap{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, ln: ln, upstream: s.Addr()}
	go tp.accept()
	return tp, nil
}

// Reset forgets the transcript so far (the links stay open).
func (tp *Tap) Reset() {
	tp.mu.Lock()
	tp.events = nil
	tp.mu.Unlock()
}

func (tp *Tap) accept() {
	for {
		c, err := tp.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", tp.upstream)
		if err != nil {
			c.Close()
			continue
		}
		tp.mu.Lock()
		if tp.closed {
			tp.mu.Unlock()
			c.Close()
			up.Close()
			return
		}
		l := &link{n: len(tp.links) + 1, client: c, server: up}
		tp.links = append(tp.links, l)
		tp.mu.Unlock()
		go tp.clientToServer(l)
		go tp.serverToClient(l)
	}
}

func (tp *Tap) clientToServer(l *link) {
	rd := bufio.NewReader(l.client)
	for {
		cmd, err := readCommand(rd)
		if len(cmd) > 0 {
			tp.mu.Lock()
			l.sent.Write(cmd)
			tp.events = append(tp.events, wireEvent{link: l.n, dir: "→", data: append([]byte(nil), cmd...)})
			refuse := tp.refuse > 0
			if refuse {
				const loading = "-LOADING Redis is loading the dataset in memory\r\n"
				tp.refuse--
				tp.events = append(tp.events,
					wireEvent{link: l.n, dir: "!", note: wtest.L("the tap answered LOADING in the server's place: this command never reached the server",
						"代理替服务器回了 LOADING：这条命令没有到达服务器")},
					wireEvent{link: l.n, dir: "←", data: []byte(loading)})
				l.recv.WriteString(loading)
				tp.mu.Unlock()
				_, _ = io.WriteString(l.client, loading)
				continue
			}
			tp.mu.Unlock()
			if _, werr := l.server.Write(cmd); werr != nil {
				err = werr
			}
		}
		if err != nil {
			l.server.Close()
			return
		}
	}
}

func (tp *Tap) serverToClient(l *link) {
	buf := make([]byte, 4096)
	for {
		n, err := l.server.Read(buf)
		if n > 0 {
			tp.mu.Lock()
			lose := tp.loseReply > 0
			if lose {
				tp.loseReply--
				tp.events = append(tp.events, wireEvent{link: l.n, dir: "!", note: fmt.Sprintf(wtest.L("the server ran it and answered %s; the tap lost that reply on purpose and cut the connection",
					"服务器已经执行并回复了 %s；代理故意丢掉这个回复并切断了连接"), wtest.Quote(buf[:n]))})
			} else {
				l.recv.Write(buf[:n])
				tp.events = append(tp.events, wireEvent{link: l.n, dir: "←", data: append([]byte(nil), buf[:n]...)})
			}
			tp.mu.Unlock()
			if lose {
				l.client.Close()
				l.server.Close()
				tp.mu.Lock()
				l.closed = true
				tp.mu.Unlock()
				return
			}
			if _, werr := l.client.Write(buf[:n]); werr != nil {
				err = werr
			}
		}
		if err != nil {
			l.client.Close()
			tp.mu.Lock()
			l.closed = true
			tp.mu.Unlock()
			return
		}
	}
}

// WaitOpen waits, briefly, until n links are open on the client's side:
// after the server hangs up on a client, the tap passes the hang-up on a
// moment later, and a test that looks before then sees a socket still
// open.
func (tp *Tap) WaitOpen(n int) int {
	deadline := time.Now().Add(2 * time.Second)
	for {
		tp.mu.Lock()
		open := 0
		for _, l := range tp.links {
			if !l.closed {
				open++
			}
		}
		tp.mu.Unlock()
		if open == n || time.Now().After(deadline) {
			return open
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// readCommand reads one command as a client sends it (an array of bulk
// strings); anything else is passed on as it came.
func readCommand(rd *bufio.Reader) ([]byte, error) {
	var out []byte
	line, err := rd.ReadSlice('\n')
	out = append(out, line...)
	if err != nil || len(line) < 3 || line[0] != '*' {
		return out, err
	}
	n, perr := strconv.Atoi(strings.TrimRight(string(line[1:]), "\r\n"))
	if perr != nil {
		return out, nil
	}
	for i := 0; i < n; i++ {
		line, err = rd.ReadSlice('\n')
		out = append(out, line...)
		if err != nil || len(line) < 3 || line[0] != '$' {
			return out, err
		}
		size, perr := strconv.Atoi(strings.TrimRight(string(line[1:]), "\r\n"))
		if perr != nil || size < 0 {
			return out, nil
		}
		data := make([]byte, size+2)
		m, err := io.ReadFull(rd, data)
		out = append(out, data[:m]...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// Links is the number of connections made through the tap so far.
func (tp *Tap) Links() int {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	return len(tp.links)
}

// Sent returns every byte the client sent, over all links.
func (tp *Tap) Sent() []byte {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	var b []byte
	for _, l := range tp.links {
		b = append(b, l.sent.Bytes()...)
	}
	return b
}

// Received returns every byte that reached the client, over all links.
func (tp *Tap) Received() []byte {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	var b []byte
	for _, l := range tp.links {
		b = append(b, l.recv.Bytes()...)
	}
	return b
}

// Cut closes every open link, as a server that hangs up does: the client
// finds out when it next reads or writes.
func (tp *Tap) Cut() {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	for _, l := range tp.links {
		l.client.Close()
		l.server.Close()
		l.closed = true
	}
	if !tp.closed {
		tp.events = append(tp.events, wireEvent{dir: "!", note: wtest.L("the test cut every connection", "测试切断了所有连接")})
	}
}

// LoseNextReply makes the next reply the server sends go missing: the
// command has run on the server, and the link is cut before the client
// reads a byte of the answer.
func (tp *Tap) LoseNextReply() {
	tp.mu.Lock()
	tp.loseReply++
	tp.mu.Unlock()
}

// RefuseNextLoading answers the next command with -LOADING in the
// server's place, without passing it on: a command the server refused
// unrun, which a client may safely send again.
func (tp *Tap) RefuseNextLoading() {
	tp.mu.Lock()
	tp.refuse++
	tp.mu.Unlock()
}

// Close stops the tap and every link.
func (tp *Tap) Close() {
	tp.mu.Lock()
	tp.closed = true
	tp.mu.Unlock()
	tp.ln.Close()
	tp.Cut()
}

// Transcript is the bytes of every link, sent and received, as the
// failure output shows them.
func (tp *Tap) Transcript() string {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	var b strings.Builder
	who := tp.Who
	if who.En == "" {
		who = Text{"the test's tap", "测试的代理"}
	}
	fmt.Fprintf(&b, wtest.L("bytes on the wire (through %s), → sent, ← received:", "实际传输的字节（经过%s），→ 发出，← 收到："), wtest.L(who.En, who.Zh))
	if len(tp.links) == 0 {
		b.WriteString(wtest.L("\n    no connection was made", "\n    一个连接也没有建立"))
	}
	for _, ev := range tp.events {
		conn := fmt.Sprintf(wtest.L("connection %d", "连接 %d"), ev.link)
		switch {
		case ev.dir == "!" && ev.link == 0:
			fmt.Fprintf(&b, "\n    (%s)", ev.note)
		case ev.dir == "!":
			fmt.Fprintf(&b, "\n    %s (%s)", conn, ev.note)
		default:
			fmt.Fprintf(&b, "\n    %s %s %s", conn, ev.dir, quoteOrNothing(ev.data))
		}
	}
	if len(tp.links) > 0 && len(tp.events) == 0 {
		b.WriteString(wtest.L("\n    connected, and nothing was sent", "\n    连上了，但什么也没发"))
	}
	return b.String()
}

func quoteOrNothing(b []byte) string {
	if len(b) == 0 {
		return wtest.L("nothing", "（无）")
	}
	const max = 400
	if len(b) > max {
		return wtest.Quote(b[:max]) + fmt.Sprintf(wtest.L("… (%d bytes in all)", "……（共 %d 个字节）"), len(b))
	}
	return wtest.Quote(b)
}

// WaitClients waits, briefly, until the server counts want clients, and
// returns the last count. A server notices a closed socket a moment after
// the client closes it; a wrong count in a failing test should not cost
// the learner five seconds, so this waits less than redistest does.
func WaitClients(s *redistest.Server, want int) int {
	deadline := time.Now().Add(1500 * time.Millisecond)
	for {
		n, err := s.Clients()
		if err != nil || n == want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(2 * time.Millisecond)
	}
}
