package redistest

import (
	"errors"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
)

// Fault is what a Proxy does to the traffic of one connection.
type Fault int

const (
	// Pass forwards everything.
	Pass Fault = iota
	// DropReply forwards the request, lets the server run it and reply,
	// then closes the client's connection instead of passing the reply on:
	// the command ran, its answer is lost.
	DropReply
	// ResetReply is DropReply with a TCP reset (RST) instead of a close.
	ResetReply
	// CutRequest forwards only the first half of the next chunk the client
	// sends, then closes both sides: the server sees part of a command and
	// the end of the stream, and runs nothing.
	CutRequest
	// HoldReply forwards the request and holds its reply: Held receives
	// once the server has answered (so the command has run), and the reply
	// goes on to the client only after Unhold.
	HoldReply
)

func (f Fault) String() string {
	switch f {
	case Pass:
		return "pass"
	case DropReply:
		return "drop-reply"
	case ResetReply:
		return "reset-reply"
	case CutRequest:
		return "cut-request"
	case HoldReply:
		return "hold-reply"
	}
	return "Fault(" + strconv.Itoa(int(f)) + ")"
}

// Proxy sits between a client and a real server and injects faults a real
// server cannot be made to produce on demand: a reply lost after the
// command ran, a request cut in the middle.
type Proxy struct {
	Host string // always a loopback address
	Port int

	target string
	l      net.Listener
	wg     sync.WaitGroup

	mu     sync.Mutex
	next   []Fault      // faults armed for the next requests, in order
	pick   func() Fault // when set, chooses a fault for every request
	conns  map[net.Conn]struct{}
	closed bool

	accepted atomic.Int64
	held     chan struct{} // HoldReply: a reply has arrived and waits
	unhold   chan struct{} // HoldReply: let it go
}

// NewProxy starts a proxy on a free loopback port in front of target
// (host:port).
func NewProxy(target string) (*Proxy, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	a := l.Addr().(*net.TCPAddr)
	p := &Proxy{Host: a.IP.String(), Port: a.Port, target: target, l: l, conns: map[net.Conn]struct{}{},
		held: make(chan struct{}, 16), unhold: make(chan struct{}, 16)}
	p.wg.Add(1)
	go p.serve()
	return p, nil
}

// Addr returns host:port.
func (p *Proxy) Addr() string { return net.JoinHostPort(p.Host, strconv.Itoa(p.Port)) }

// Accepted returns how many client connections the proxy has accepted.
func (p *Proxy) Accepted() int { return int(p.accepted.Load()) }

// Next arms fault for the next request any client sends through the proxy
// (requests are taken in the order they arrive); calls queue up.
func (p *Proxy) Next(fault Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next = append(p.next, fault)
}

// Random makes pick choose the fault for every request from now on (nil:
// back to Next's queue). pick is called from the proxy's goroutines and
// must be safe for that.
func (p *Proxy) Random(pick func() Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pick = pick
}

// fault returns the fault for a request that has just arrived.
func (p *Proxy) fault() Fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pick != nil {
		return p.pick()
	}
	if len(p.next) == 0 {
		return Pass
	}
	f := p.next[0]
	p.next = p.next[1:]
	return f
}

// Held returns a channel that receives once for each reply HoldReply is
// holding: the server has run the command and answered.
func (p *Proxy) Held() <-chan struct{} { return p.held }

// Unhold lets the oldest held reply go on to its client (whose socket may
// be closed by now).
func (p *Proxy) Unhold() { p.unhold <- struct{}{} }

// Close stops the proxy and closes every connection through it.
func (p *Proxy) Close() {
	p.l.Close()
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

func (p *Proxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		p.accepted.Add(1)
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		if !p.track(c, s) {
			return
		}
		p.wg.Add(1)
		go p.pipe(c, s)
	}
}

// track remembers the pair for Close; false when the proxy is closing.
func (p *Proxy) track(c, s net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		c.Close()
		s.Close()
		return false
	}
	p.conns[c], p.conns[s] = struct{}{}, struct{}{}
	return true
}

func (p *Proxy) untrack(c, s net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, s)
	p.mu.Unlock()
	c.Close()
	s.Close()
}

// pipe carries one client connection. Each chunk the client writes counts
// as one request for the purpose of faults (the clients under test write a
// command in one Write and wait for its reply before the next), so the
// first bytes the server sends after a request are its reply.
func (p *Proxy) pipe(c, s net.Conn) {
	defer p.wg.Done()
	defer p.untrack(c, s)
	var lose atomic.Int32 // the fault armed for the reply on its way, if any
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 64<<10)
		for {
			n, err := s.Read(buf)
			if n > 0 {
				f := Fault(lose.Swap(int32(Pass)))
				if f == HoldReply {
					p.held <- struct{}{}
					<-p.unhold
				}
				if f == DropReply || f == ResetReply {
					if tc, ok := c.(*net.TCPConn); ok && f == ResetReply {
						_ = tc.SetLinger(0) // close with RST
					}
					c.Close()
					s.Close()
					return
				}
				if _, err := c.Write(buf[:n]); err != nil {
					s.Close()
					return
				}
			}
			if err != nil {
				c.Close()
				return
			}
		}
	}()
	buf := make([]byte, 64<<10)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			switch f := p.fault(); f {
			case CutRequest:
				_, _ = s.Write(buf[:n/2])
				s.Close()
				c.Close()
				<-done
				return
			case DropReply, ResetReply, HoldReply:
				lose.Store(int32(f))
			}
			if _, werr := s.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			if tc, ok := s.(*net.TCPConn); ok && errors.Is(err, io.EOF) {
				_ = tc.CloseWrite() // pass the client's end of stream on
			} else {
				s.Close()
			}
			break
		}
	}
	<-done
}
