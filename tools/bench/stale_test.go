package bench

import (
	"testing"

	"github.com/redispy-go/redispy"
)

// BenchmarkStaleCheck is the cost the port adds to every command for its
// at-most-once rule: before sending on a pooled connection, the client
// asks Connection.Stale whether the server has closed the socket (a
// non-blocking one-byte read that finds nothing). redigo does no such
// check; go-redis does a similar one on every checkout of an idle
// connection. The figure goes on the chapter 04 page.
func BenchmarkStaleCheck(b *testing.B) {
	for _, tr := range []struct {
		name string
		conn *redispy.Connection
	}{
		{"tcp", redispy.NewConnection(redispy.ConnectionOptions{Host: server.Host, Port: server.Port})},
		{"unix", redispy.NewUnixDomainSocketConnection(redispy.ConnectionOptions{Path: server.SocketPath})},
	} {
		b.Run(tr.name, func(b *testing.B) {
			c := tr.conn
			defer c.Disconnect()
			if err := c.SendCommand("PING"); err != nil {
				b.Fatal(err)
			}
			if _, err := c.ReadResponse(); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				if c.Stale() {
					b.Fatal("a healthy socket reads as stale")
				}
			}
			reportCPU(b, start)
		})
	}
}
