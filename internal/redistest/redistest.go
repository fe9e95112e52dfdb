// Package redistest starts the servers the chapters are tested against: an
// embedded miniredis (always) and a real redis-server (when one is
// installed). Tests call Each to run the same body against both.
//
// Under CI (CI=true) a missing redis-server is a failure, not a skip: CI
// must prove the port against the real thing.
package redistest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/alicebob/miniredis/v2/server"
)

// Server is one running Redis-speaking server.
type Server struct {
	Name       string // "miniredis" or "redis-server"
	Host       string // always a loopback address
	Port       int
	SocketPath string // Unix socket path; "" when the server has none (miniredis)

	mini  *miniredis.Miniredis
	cmd   *exec.Cmd
	dir   string
	admin net.Conn // real server only: our own probe connection, not counted
	mu    sync.Mutex
	rd    *bufio.Reader
}

// Addr returns host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Miniredis returns the embedded server, or nil for a real one.
func (s *Server) Miniredis() *miniredis.Miniredis { return s.mini }

// StartMiniredis starts an embedded miniredis on a free loopback port.
func StartMiniredis() (*Server, error) {
	m := miniredis.NewMiniRedis()
	if err := m.StartAddr("127.0.0.1:0"); err != nil {
		return nil, err
	}
	port, _ := strconv.Atoi(m.Port())
	return &Server{Name: "miniredis", Host: m.Host(), Port: port, mini: m}, nil
}

// RedisServerPath returns the redis-server binary, or "" when none is
// installed.
func RedisServerPath() string {
	p, err := exec.LookPath("redis-server")
	if err != nil {
		return ""
	}
	return p
}

// StartRedisServer starts a private redis-server on a free loopback port and
// a Unix socket in a fresh directory, and waits until it says it is ready.
func StartRedisServer() (*Server, error) {
	bin := RedisServerPath()
	if bin == "" {
		return nil, errors.New("redis-server is not installed")
	}
	dir, err := os.MkdirTemp("", "redispy-redis-")
	if err != nil {
		return nil, err
	}
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		s, err := startRedisServer(bin, dir, port)
		if err == nil {
			return s, nil
		}
		lastErr = err // most likely another process took the free port
	}
	os.RemoveAll(dir)
	return nil, lastErr
}

func startRedisServer(bin, dir string, port int) (*Server, error) {
	sock := filepath.Join(dir, "redis.sock")
	cmd := exec.Command(bin,
		"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--unixsocket", sock, "--unixsocketperm", "700",
		"--save", "", "--appendonly", "no", "--dir", dir,
		"--daemonize", "no", "--logfile", "", "--loglevel", "notice")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(out)
		var log []string
		for sc.Scan() {
			line := sc.Text()
			if strings.Contains(line, "Ready to accept connections") {
				ready <- nil
				_, _ = io.Copy(io.Discard, out) // keep draining so the server never blocks on its log
				return
			}
			log = append(log, line)
		}
		ready <- fmt.Errorf("redis-server exited before it was ready:\n%s", strings.Join(log, "\n"))
	}()
	select {
	case err = <-ready:
	case <-time.After(10 * time.Second):
		err = errors.New("redis-server did not get ready within 10s")
	}
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, err
	}
	s := &Server{Name: "redis-server", Host: "127.0.0.1", Port: port, SocketPath: sock, cmd: cmd, dir: dir}
	if s.admin, err = net.DialTimeout("tcp", s.Addr(), 5*time.Second); err != nil {
		s.Close()
		return nil, err
	}
	s.rd = bufio.NewReader(s.admin)
	return s, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Close stops the server and removes its files.
func (s *Server) Close() {
	if s.mini != nil {
		s.mini.Close()
		return
	}
	s.stop()
	os.RemoveAll(s.dir)
}

// Restart stops the server and starts it again on the same port, as an
// operator's restart would: every client connection is closed. miniredis
// keeps its data; a real server here saves nothing, so it comes back
// empty.
func (s *Server) Restart() error {
	if s.mini != nil {
		s.mini.Close()
		return s.mini.Restart()
	}
	s.stop()
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var n *Server
		if n, err = startRedisServer(s.cmd.Path, s.dir, s.Port); err == nil {
			s.mu.Lock()
			s.cmd, s.admin, s.rd = n.cmd, n.admin, n.rd
			s.mu.Unlock()
			return nil
		}
	}
	return err
}

// stop ends a real server's process and its probe connection.
func (s *Server) stop() {
	if s.admin != nil {
		s.admin.Close()
	}
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = s.cmd.Process.Kill()
			<-done
		}
	}
}

// Clients returns how many client connections the server has open, not
// counting the test's own probe connection.
func (s *Server) Clients() (int, error) {
	if s.mini != nil {
		return s.mini.CurrentConnectionCount(), nil
	}
	n, err := s.info("clients", "connected_clients")
	return n - 1, err // minus the probe
}

// TotalConnections returns how many client connections the server has
// accepted since it started, not counting the test's probe.
func (s *Server) TotalConnections() (int, error) {
	if s.mini != nil {
		return s.mini.TotalConnectionCount(), nil
	}
	n, err := s.info("stats", "total_connections_received")
	return n - 1, err
}

// info reads one integer field of a real server's INFO section.
func (s *Server) info(section, field string) (int, error) {
	text, err := s.Do("INFO", section)
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(text, "\r\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strconv.Atoi(v)
		}
	}
	return 0, fmt.Errorf("no %s in INFO %s: %q", field, section, text)
}

// RequirePass makes the server demand a password from new connections.
func (s *Server) RequirePass(password string) error {
	if s.mini != nil {
		s.mini.RequireAuth(password)
		return nil
	}
	_, err := s.Do("CONFIG", "SET", "requirepass", password)
	return err
}

// WaitClients waits until the server counts want clients and returns the
// last count seen. A server notices a closed socket a moment after the client
// closes it, so a count is polled, briefly, rather than read once.
func (s *Server) WaitClients(want int) (int, error) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		n, err := s.Clients()
		if err != nil || n == want || time.Now().After(deadline) {
			return n, err
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// KillClients closes every client connection on the server side, as a
// server restart or an idle timeout would, keeping the data.
func (s *Server) KillClients() error {
	if s.mini != nil {
		s.mini.Close() // closes every client; the data stays
		return s.mini.Restart()
	}
	_, err := s.Do("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")
	return err
}

// busyScript keeps a real server busy for ARGV[1] microseconds. A script
// blocks the whole server, as a slow command would, and needs no DEBUG
// (off by default since Redis 7).
const busyScript = `local t = redis.call('TIME')
local stop = t[1] * 1000000 + t[2] + tonumber(ARGV[1])
repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] >= stop
return 1`

// Stall makes the server answer nothing for d from now: commands that
// arrive meanwhile wait, then run, even those whose client has given up
// and closed its socket. This is a slow server as a client sees it.
// The returned channel closes when the stall is over.
//
// A real server is kept busy by a Lua script, and Stall returns once the
// server has stopped answering (up to a quarter of a second after the
// script began, so make d long enough for what the caller waits for).
// CLIENT PAUSE would start exactly, but a paused server drops the commands
// of a client that closes its socket before the pause ends: they never
// run, and a late reply is the case being shown.
func (s *Server) Stall(d time.Duration) (<-chan struct{}, error) {
	done := make(chan struct{})
	until := time.Now().Add(d)
	if s.mini != nil {
		s.mini.Server().SetPreHook(func(*server.Peer, string, ...string) bool {
			time.Sleep(time.Until(until)) // then the command runs as usual
			return false
		})
		go func() {
			time.Sleep(d)
			s.mini.Server().SetPreHook(nil)
			close(done)
		}()
		return done, nil
	}
	// A connection of its own: the probe must stay free to count clients.
	c, err := net.Dial("tcp", s.Addr())
	if err != nil {
		return nil, err
	}
	us := strconv.FormatInt(d.Microseconds(), 10)
	cmd := fmt.Sprintf("*4\r\n$4\r\nEVAL\r\n$%d\r\n%s\r\n$1\r\n0\r\n$%d\r\n%s\r\n",
		len(busyScript), busyScript, len(us), us)
	if _, err := io.WriteString(c, cmd); err != nil {
		c.Close()
		return nil, err
	}
	probe, err := waitBusy(s.Addr())
	go func() {
		defer close(done)
		defer c.Close()
		if probe != nil {
			defer probe.Close()
		}
		_ = c.SetReadDeadline(time.Now().Add(d + 5*time.Second))
		_, _ = bufio.NewReader(c).ReadString('\n')
	}()
	return done, err
}

// waitBusy returns once the server has stopped answering: a PING that
// stays unanswered for busyAfter means the script is running, because an
// idle server answers in microseconds. A PING answered late (a loaded
// machine, not a busy server) sends the loop round again, so a slow
// moment is not mistaken for the stall. The returned connection has a
// PING still waiting for its answer.
func waitBusy(addr string) (net.Conn, error) {
	const busyAfter = 250 * time.Millisecond
	probe, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	rd := bufio.NewReader(probe)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if _, err := io.WriteString(probe, "*1\r\n$4\r\nPING\r\n"); err != nil {
			probe.Close()
			return nil, err
		}
		_ = probe.SetReadDeadline(time.Now().Add(busyAfter))
		if _, err := rd.ReadString('\n'); err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				return probe, nil // no answer: busy
			}
			probe.Close()
			return nil, err
		}
		time.Sleep(time.Millisecond) // answered: the script has not started yet
	}
	probe.Close()
	return nil, errors.New("the server never became busy")
}

// Do sends one command on the probe connection of a real server and returns
// the reply as text (status, integer or bulk). It is test plumbing, kept
// apart from the chapters so that their tests do not test themselves.
func (s *Server) Do(args ...string) (string, error) {
	if s.mini != nil {
		return "", errors.New("Do needs a real redis-server")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	_ = s.admin.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(s.admin, b.String()); err != nil {
		return "", err
	}
	line, err := s.rd.ReadString('\n')
	if err != nil {
		return "", err
	}
	line = strings.TrimSuffix(line, "\r\n")
	switch {
	case line == "":
		return "", errors.New("empty reply")
	case line[0] == '+' || line[0] == ':':
		return line[1:], nil
	case line[0] == '-':
		return "", errors.New(line[1:])
	case line[0] == '$':
		n, err := strconv.Atoi(line[1:])
		if err != nil || n < 0 {
			return "", err
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(s.rd, buf); err != nil {
			return "", err
		}
		return string(buf[:n]), nil
	}
	return "", fmt.Errorf("unexpected reply %q", line)
}

// InCI reports whether the tests run under CI, where a missing tool fails.
func InCI() bool { return os.Getenv("CI") == "true" }

// Each runs body once per backend, as subtests named after the server:
// always against miniredis, and against a real redis-server when one is
// installed. Without one it skips that subtest with the reason, except under
// CI, where it fails.
func Each(t *testing.T, body func(t *testing.T, s *Server)) {
	t.Helper()
	t.Run("miniredis", func(t *testing.T) {
		s, err := StartMiniredis()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		body(t, s)
	})
	t.Run("redis-server", func(t *testing.T) {
		s := RedisServer(t)
		body(t, s)
	})
}

// RedisServer starts a real redis-server for t, or skips t (fails it under
// CI) when none is installed.
func RedisServer(t testing.TB) *Server {
	t.Helper()
	if RedisServerPath() == "" {
		if InCI() {
			t.Fatal("redis-server is not installed, and CI=true requires it")
		}
		t.Skip("redis-server is not installed; install it (apt-get install redis-server) to run against a real server")
	}
	s, err := StartRedisServer()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}
