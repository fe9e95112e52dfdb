package parser

// SetLegacy246 makes p handle error replies exactly as redis-py 2.4.6's
// PythonParser did: only "ERR " and "LOADING " are understood, and every
// other error reply becomes InvalidResponse "Protocol Error". Call it before
// OnConnect. It exists for the test that shows the bug redis-py 2.6.1 fixed.
func SetLegacy246(p Parser) {
	switch p := p.(type) {
	case *PythonParser:
		p.legacy246 = true
	case *HiredisParser:
		p.legacy246 = true
	}
}
