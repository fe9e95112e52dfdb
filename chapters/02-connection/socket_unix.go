//go:build unix

package connection

import (
	"net"
	"syscall"
)

// maxUnixPath is the size of sockaddr_un's sun_path: Python refused a path
// of that length or more with "AF_UNIX path too long" before connecting.
const maxUnixPath = len(syscall.RawSockaddrUnix{}.Path)

// --8<-- [start:probe]

// probe looks at a connected socket without blocking and without waiting
// for the runtime's poller. It is made once per socket, so that a check
// per command allocates nothing.
type probe struct {
	raw   syscall.RawConn
	read  func(fd uintptr) bool // made once: a closure per call would allocate
	stale bool
}

func newProbe(sock net.Conn) *probe {
	sc, ok := sock.(syscall.Conn)
	if !ok {
		return nil // not a real socket (net.Pipe in a test): never stale
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	p := &probe{raw: raw}
	p.read = func(fd uintptr) bool {
		var b [1]byte
		n, err := syscall.Read(int(fd), b[:]) // the socket is non-blocking: Go made it so (1)
		switch {
		case n == 0 && err == nil: // end of file: the server closed its side (2)
			p.stale = true
		case n > 0: // bytes no command asked for: out of step (3)
			p.stale = true
		case err == syscall.EAGAIN || err == syscall.EWOULDBLOCK: // nothing to read: healthy (4)
			p.stale = false
		default: // reset, or any other error
			p.stale = true
		}
		return true // done: do not wait for the socket to become readable
	}
	return p
}

// check reports whether the socket is stale.
func (p *probe) check() bool {
	if err := p.raw.Read(p.read); err != nil {
		return true // closed by Disconnect on another goroutine
	}
	return p.stale
}

// --8<-- [end:probe]
