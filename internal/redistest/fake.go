package redistest

import (
	"net"
	"strconv"
	"sync"
	"sync/atomic"
)

// Fake is a listener that is not a Redis server: each connection gets the
// handler, and the fake counts the connections it accepted. Tests use it
// where a real server cannot be made to misbehave, such as a server that
// hangs up at once or never answers.
type Fake struct {
	Host string
	Port int

	l        net.Listener
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    []net.Conn
	accepted atomic.Int64
}

// HangUp closes every connection as soon as it is accepted.
func HangUp(c net.Conn) { c.Close() }

// Silent reads whatever comes and never answers, until the connection is
// closed.
func Silent(c net.Conn) {
	buf := make([]byte, 4096)
	for {
		if _, err := c.Read(buf); err != nil {
			c.Close()
			return
		}
	}
}

// NewFake starts a fake server on a free loopback port.
func NewFake(handle func(net.Conn)) (*Fake, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	a := l.Addr().(*net.TCPAddr)
	f := &Fake{Host: a.IP.String(), Port: a.Port, l: l}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			f.accepted.Add(1)
			f.mu.Lock()
			f.conns = append(f.conns, c)
			f.mu.Unlock()
			f.wg.Add(1)
			go func() { defer f.wg.Done(); handle(c) }()
		}
	}()
	return f, nil
}

// Addr returns host:port.
func (f *Fake) Addr() string { return net.JoinHostPort(f.Host, strconv.Itoa(f.Port)) }

// Accepted returns how many connections the fake has accepted.
func (f *Fake) Accepted() int { return int(f.accepted.Load()) }

// Close stops the fake and closes its connections.
func (f *Fake) Close() {
	f.l.Close()
	f.mu.Lock()
	for _, c := range f.conns {
		c.Close()
	}
	f.mu.Unlock()
	f.wg.Wait()
}
