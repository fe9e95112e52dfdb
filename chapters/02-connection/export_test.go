package connection

// CloseSocketBehindItsBack closes the socket without telling the
// connection, as a dead peer or a closed file descriptor would.
func CloseSocketBehindItsBack(c *Connection) { _ = c.conn().Close() }

// PyStr exposes Python 2's str() of a float, for the precision test.
var PyStr = pyStr

// AppendCommandForTest packs args into buf, as SendCommand does.
func AppendCommandForTest(c *Connection, buf []byte, args ...any) ([]byte, error) {
	return c.appendCommand(buf, args)
}
