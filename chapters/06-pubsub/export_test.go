package pubsub

// Busy reports whether a command or a Listen read is in progress, so a
// test can wait until a listener is blocked before it calls Close.
func Busy(p *PubSub) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.busy
}
