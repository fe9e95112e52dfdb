//go:build !unix && !js

package connection

import "net"

// maxUnixPath is sun_path's size on most systems; Unix sockets here are
// rare, and the dial reports its own error.
const maxUnixPath = 108

// probe is the non-blocking look at a socket that Stale takes. Without
// Unix system calls it cannot look, so a socket is never stale: a server
// that closed it is found by the command sent on it, as in 2.4.6.
type probe struct{}

func newProbe(net.Conn) *probe { return nil }

func (*probe) check() bool { return false }
