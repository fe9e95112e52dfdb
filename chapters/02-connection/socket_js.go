//go:build js

package connection

import "net"

// maxUnixPath is sun_path's size on most systems; the in-process network
// of js/wasm has Unix sockets only by name.
const maxUnixPath = 108

// probe is Stale's look at a socket on js/wasm, where the docs pages' Run
// buttons run the port against an embedded miniredis over Go's in-process
// network: there a read of zero bytes never waits, and it reports the end
// of the stream (the server closed its side) or a reset, as the Unix
// probe's one-byte read does. Bytes no command asked for cannot be seen
// this way, so only a closed socket is stale here.
type probe struct{ sock net.Conn }

func newProbe(sock net.Conn) *probe { return &probe{sock} }

func (p *probe) check() bool {
	_, err := p.sock.Read(nil)
	return err != nil
}
