package connection

import (
	"testing"
	"time"

	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
)

// tapped is a connection to s through a recording tap: a failing test
// shows the bytes that went each way.
func tapped(t *testing.T, s *redistest.Server, o Options) (*Connection, *wredis.Tap) {
	tap := wredis.NewTap(t, s)
	o.Host, o.Port = tap.Host, tap.Port
	if o.SocketTimeout == 0 {
		o.SocketTimeout = 2 * time.Second // a reply that never comes fails the test, it does not hang it
	}
	c := NewConnection(o)
	t.Cleanup(func() { c.Disconnect() })
	return c, tap
}

// do sends one command and reads its reply.
func do(c *Connection, args ...any) (any, error) {
	if err := c.SendCommand(args...); err != nil {
		return nil, err
	}
	return c.ReadResponse()
}
