// Workshop exercise 24-subscription-count, made from chapters/06-pubsub/pubsub.go
// by `go run ./cmd/workshop dev sync`. The parts marked TODO(workshop) are
// yours to write; the rest is the chapter's own code. Check your work with
// `go run ./cmd/workshop check`.

// Package pubsub is the Go port of redis-py 2.4.6's PubSub class
// (redis/client.py, lines 1049-1165):
// https://github.com/redis/redis-py/blob/2.4.6/redis/client.py#L1049-L1165
//
// A PubSub takes a connection of its own from the client's pool on its
// first command and keeps it while it is subscribed: a subscribed
// connection carries nothing but (P)(UN)SUBSCRIBE and PING, and the server
// pushes messages on it whenever someone publishes. When the server's count
// of subscriptions, read from its replies, reaches 0, the connection goes
// back to the pool. Listen reads the messages one at a time, each when the
// caller asks for it: a Go iterator, as listen() was a Python generator.
// Publishing is the client's business (chapter 04's Publish), on any
// pooled connection.
//
// Where 2.4.6 is broken, the port takes a fix and names it: the reconnect
// after a ConnectionError connects once and no longer recurses (2.4.10,
// pubsub-reconnect-once), every command reads all of its own replies so
// none is taken for another's (the port's own, pubsub-replies-in-step),
// a lost connection is reported where the messages went missing (the
// port's own, pubsub-gap-reported), and a command whose reply was lost is
// sent again only if the server cannot have run it (chapter 04's
// at-most-once).
//
// A PubSub is used by one goroutine at a time, like the connection it
// holds; Close alone may be called from another.
//
// A number like (1) at the end of a comment is a footnote: the chapter page
// (docs/chapters/06-pubsub.md) explains that line.
package pubsub

import (
	"errors"
	"iter"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/fixes"
)

// ConnectionPool is the pool a PubSub borrows its connection from: a
// client's.
type ConnectionPool = client.ConnectionPool

// subscribeCommands are the replies that carry the subscription count:
// self.subscribe_commands.
var subscribeCommands = map[string]bool{"subscribe": true, "psubscribe": true, "unsubscribe": true, "punsubscribe": true}

// --8<-- [start:struct]

// PubSub is redis-py's PubSub. Make one with Pubsub (Redis.pubsub()) or
// NewPubSub; a zero PubSub has no pool and refuses commands.
type PubSub struct {
	ConnectionPool *ConnectionPool // connection_pool: the client's (1)
	ShardHint      string          // shard_hint: handed to the pool, which ignores it

	mu         sync.Mutex             // Close may come from another goroutine (2)
	connection *connection.Connection // nil until the first command, and again at a count of 0 (3)
	busy       bool                   // a command or a read is using connection
	closed     bool

	channels          map[string]struct{} // self.channels: asked for, and resubscribed after a reconnect
	patterns          map[string]struct{} // self.patterns
	subscriptionCount int64               // the server's count, from its last confirmation read (4)

	fixes    fixes.Set              // all on, but in tests
	pending  []item                 // read ahead of a command's own replies, for Listen (5)
	onSocket [2]map[string]struct{} // the channels and patterns the server confirmed on this socket
	told     bool                   // the caller has had the error of the last lost connection
	depth    int                    // how deep 2.4.6's resubscribe has recursed
}

// NewPubSub is PubSub(connection_pool, shard_hint). Like redis-py's it
// borrows nothing yet.
func NewPubSub(connectionPool *ConnectionPool, shardHint string) *PubSub {
	return &PubSub{ConnectionPool: connectionPool, ShardHint: shardHint}
}

// Pubsub is Redis.pubsub(shard_hint): a PubSub on r's pool, with r's
// fixes. In Python it is a method of Redis; here chapter 04 cannot name a
// type of the chapter that imports it. (6)
func Pubsub(r *client.Redis, shardHint string) *PubSub {
	p := NewPubSub(r.ConnectionPool, shardHint)
	p.fixes = r.Fixes()
	return p
}

// --8<-- [end:struct]

// item is what Listen yields next: a message, or an error.
type item struct {
	msg Message
	err error
}

// --8<-- [start:errors]

// The PubSub's own errors. ErrClosed and ErrBusy are PubSubErrors, a kind
// 2.4.6 defined in exceptions.py and never raised.
var (
	// ErrClosed is what every command returns after Close.
	ErrClosed = exceptions.New(exceptions.ErrPubSub, "PubSub is closed")
	// ErrBusy is what a command or Listen returns while another goroutine
	// is in one: a PubSub is one connection, used by one goroutine at a
	// time, and only Close may come from another.
	ErrBusy = exceptions.New(exceptions.ErrPubSub, "PubSub is in use by another goroutine; only Close may be called from another goroutine")
	// ErrRecursion is how 2.4.6's resubscribe ends against a server that
	// is down, with the fix pubsub-reconnect-once off: Python's
	// RuntimeError, which is no RedisError.
	ErrRecursion = errors.New("maximum recursion depth exceeded")
)

// --8<-- [end:errors]

// recursionLimit246 is how deep 2.4.6's resubscribe went before Python's
// stack gave out: 329 calls of execute_command under Python 2.7.18's
// default recursion limit of 1000 frames, counted against a refused port
// and against a server that hangs up at once. The port counts the depth
// instead of recursing until the stack gives out: Go's stack grows to 1 GB,
// so the same recursion would run for millions of levels and then kill the
// whole process, test binary included.
const recursionLimit246 = 329

// gapMessage is the ConnectionError Listen returns where a resubscribe
// left a gap in the stream.
const gapMessage = "Connection lost while subscribed: resubscribed on a new connection; messages published in between were not received"

// begin marks the PubSub busy for a command or a read.
func (p *PubSub) begin() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.closed:
		return ErrClosed
	case p.busy:
		return ErrBusy
	}
	p.busy = true
	return nil
}

// end clears busy, and finishes a Close that came while it was set.
func (p *PubSub) end() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.busy = false
	if p.closed {
		_ = p.dropConnection()
	}
}

func (p *PubSub) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

// dropConnection disconnects the connection and gives it back, with p.mu
// held.
func (p *PubSub) dropConnection() error {
	conn := p.connection
	if conn == nil {
		return nil
	}
	p.connection = nil
	conn.Disconnect()
	return p.ConnectionPool.Release(conn)
}

// conn returns the PubSub's connection, borrowing one the first time:
// connection_pool.get_connection('pubsub', shard_hint).
func (p *PubSub) conn() (*connection.Connection, error) {
	if p.connection != nil {
		return p.connection, nil
	}
	if p.ConnectionPool == nil {
		return nil, exceptions.New(exceptions.ErrConnection, "no connection pool: make the PubSub with Pubsub or NewPubSub")
	}
	c, err := p.ConnectionPool.GetConnection("pubsub", p.ShardHint)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.connection = c
	p.mu.Unlock()
	return c, nil
}

// release gives the connection back to the pool as it is: the server has
// no subscription left on it.
func (p *PubSub) release() {
	p.mu.Lock()
	conn := p.connection
	p.connection = nil
	p.mu.Unlock()
	if conn != nil {
		_ = p.ConnectionPool.Release(conn)
	}
}

// --8<-- [start:execute_command]

// ExecuteCommand sends one command on the PubSub's own connection and
// returns its reply; for a (P)(UN)SUBSCRIBE, the first confirmation.
func (p *PubSub) ExecuteCommand(args ...any) (any, error) {
	if len(args) == 0 {
		return nil, exceptions.New(exceptions.ErrData, "execute_command needs a command name")
	}
	if err := p.begin(); err != nil {
		return nil, err
	}
	defer p.end()
	return p.executeCommand(args)
}

func (p *PubSub) executeCommand(args []any) (any, error) {
	if !p.fixes.On(fixes.PubsubReconnectOnce) {
		if p.depth >= recursionLimit246 { // where Python's stack gave out (1)
			return nil, ErrRecursion
		}
		p.depth++
		defer func() { p.depth-- }()
	}
	conn, err := p.conn() // the first command borrows the PubSub's own connection (2)
	if err != nil {
		return nil, err
	}
	if err := p.reconnectIfClosed(conn); err != nil {
		return nil, err
	}
	reply, sent, err := p.sendAndRead(conn, args)
	if err == nil || !errors.Is(err, exceptions.ErrConnection) {
		return reply, err // an answer, or the server's error reply (3)
	}
	if p.isClosed() {
		return nil, ErrClosed // Close, from another goroutine, broke the read
	}
	conn.Disconnect() // except ConnectionError:
	if !p.mayResend(args, sent) {
		return nil, p.tell(err) // a PUBLISH whose reply was lost is not sent twice (4)
	}
	if err := p.resubscribe(conn, err); err != nil {
		return nil, p.tell(err)
	}
	if p.isClosed() {
		return nil, ErrClosed
	}
	reply, _, err = p.sendAndRead(conn, args) // once more, on the new socket: final (5)
	return reply, p.tell(err)
}

// sendAndRead sends args and reads the replies that answer them. sent
// reports that the whole command was written.
func (p *PubSub) sendAndRead(conn *connection.Connection, args []any) (reply any, sent bool, err error) {
	if err := conn.SendCommand(args...); err != nil {
		return nil, false, err
	}
	reply, err = p.readReplies(conn, args)
	return reply, true, err
}

// --8<-- [end:execute_command]

// --8<-- [start:may_resend]

// mayResend decides whether a command whose connection failed is sent
// again on a new one, after the resubscribe.
func (p *PubSub) mayResend(args []any, sent bool) bool {
	switch {
	case subscribeCommands[strings.ToLower(nameOf(args[0]))]:
		// A subscription is a state, not an action: subscribed twice,
		// the new connection is subscribed once. (1)
		return true
	case !p.fixes.On(fixes.AtMostOnce):
		return true // 2.4.6: every command, whatever became of it (2)
	default:
		return !sent // chapter 04's rule: only what the server cannot have run (3)
	}
}

// --8<-- [end:may_resend]

// --8<-- [start:resubscribe]

// resubscribe subscribes a new socket to every channel and pattern before
// the failed command goes out again. cause is the error that lost the old
// socket, or nil when it was found closed.
func (p *PubSub) resubscribe(conn *connection.Connection, cause error) error {
	channels, patterns := sortedKeys(p.channels), sortedKeys(p.patterns)
	wasSubscribed := p.subscriptionCount > 0 // the server had confirmed a subscription on the lost socket
	p.onSocket = [2]map[string]struct{}{}    // a new socket starts with none
	if !p.fixes.On(fixes.PubsubReconnectOnce) {
		// 2.4.6: through subscribe(), that is through execute_command,
		// whose except clause comes back here while the server is down. (1)
		for _, c := range channels {
			if _, err := p.subscribe([]string{c}); err != nil {
				return err
			}
		}
		for _, pat := range patterns {
			if _, err := p.psubscribe([]string{pat}); err != nil {
				return err
			}
		}
		return nil
	}
	if err := conn.Connect(); err != nil {
		return err // redis-py 2.4.10: connect here, once; a server that is down says so here (2)
	}
	for _, c := range channels { // sent and read here: no retry inside the retry (3)
		if _, _, err := p.sendAndRead(conn, []any{"SUBSCRIBE", c}); err != nil {
			return err
		}
	}
	for _, pat := range patterns {
		if _, _, err := p.sendAndRead(conn, []any{"PSUBSCRIBE", pat}); err != nil {
			return err
		}
	}
	p.reportGap(wasSubscribed, cause)
	return nil
}

// reconnectIfClosed resubscribes before anything is sent when the socket
// the server confirmed subscriptions on was closed since: a failed read
// closes it (chapter 02's failed-read-disconnects), and so does the pool's
// Disconnect. 2.4.6 sent the next command on a new socket, lazily
// connected and subscribed to nothing. (4)
func (p *PubSub) reconnectIfClosed(conn *connection.Connection) error {
	if !p.fixes.On(fixes.PubsubReconnectOnce) || conn.Connected() || p.subscriptionCount == 0 {
		return nil
	}
	return p.tell(p.resubscribe(conn, nil))
}

// --8<-- [end:resubscribe]

// --8<-- [start:gap]

// reportGap leaves an error for Listen where the stream has a gap: the
// socket that was lost had subscriptions, so what was published until the
// new one was subscribed went to nobody.
func (p *PubSub) reportGap(wasSubscribed bool, cause error) {
	if wasSubscribed && !p.told && p.fixes.On(fixes.PubsubGapReported) {
		// The caller has not heard of the lost socket: Listen says so,
		// here in the stream, after what was read before it. (1)
		p.pending = append(p.pending, item{err: exceptions.Wrap(exceptions.ErrConnection, gapMessage, cause)})
	}
	p.told = false // the next loss is news again (2)
}

// tell notes that err, a lost connection, goes back to the caller, so the
// resubscribe that follows need not report the gap. (3)
func (p *PubSub) tell(err error) error {
	if errors.Is(err, exceptions.ErrConnection) {
		p.told = true
	}
	return err
}

// --8<-- [end:gap]

// --8<-- [start:parse_response]

// parseResponse is 2.4.6's parse_response: it reads the next reply, and if
// that is a confirmation it takes the count from it and gives the
// connection back at 0.
func (p *PubSub) parseResponse(conn *connection.Connection) (any, error) {
	response, err := conn.ReadResponse()
	if err != nil {
		return nil, err
	}
	if kind, count, ok := confirmation(response); ok && subscribeCommands[kind] {
		p.subscriptionCount = count // response[2] (1)
		if p.subscriptionCount == 0 {
			p.release() // at once, whatever is still on the socket (2)
		}
	}
	return response, nil // a reply that is not a list: as it is (3)
}

// --8<-- [end:parse_response]

// --8<-- [start:read_replies]

// readReplies reads the replies that answer args: one, or for a
// (P)(UN)SUBSCRIBE one confirmation for each channel or pattern it names
// (for all of them, when it names none).
func (p *PubSub) readReplies(conn *connection.Connection, args []any) (any, error) {
	if !p.fixes.On(fixes.PubsubRepliesInStep) {
		return p.parseResponse(conn) // 2.4.6: the next reply, whatever it answers (1)
	}
	want := p.confirmations(strings.ToLower(nameOf(args[0])), len(args)-1)
	var first any
	confirmed := false
	for got := 0; got < want; {
		reply, err := conn.ReadResponse()
		if err != nil {
			return nil, err
		}
		if p.subscriptionCount > 0 && isMessage(reply) {
			p.queue(reply) // published before the server read this command: Listen's (2)
			continue
		}
		if p.note(reply) { // the count and the sets follow the server's replies (3)
			confirmed = true
		}
		if got == 0 {
			first = reply
		} else {
			p.queue(reply) // later confirmations go to Listen, as 2.4.6's did (4)
		}
		got++
	}
	// TODO(workshop): when this command's confirmations leave the
	// server with no subscription on this connection, give the
	// connection back to the pool (p.release()): the next borrower may
	// use it for anything. Not before every confirmation is read.
	_ = confirmed
	return first, nil
}

// confirmations is how many confirmations a command named name with n
// arguments brings: one per argument; without any, UNSUBSCRIBE brings one
// per channel still subscribed (one at least), PUNSUBSCRIBE one per
// pattern. Every other command brings one reply.
func (p *PubSub) confirmations(name string, n int) int {
	switch {
	case !subscribeCommands[name]:
		return 1
	case n > 0:
		return n
	case name == "unsubscribe":
		return max(1, len(p.onSocket[0]))
	case name == "punsubscribe":
		return max(1, len(p.onSocket[1]))
	}
	return 1 // SUBSCRIBE with nothing to subscribe: the server's error
}

// note takes the count and the channel or pattern from a confirmation, and
// reports whether reply was one. An unsubscribe also leaves self.channels:
// 2.4.6's unsubscribe() with no channel removed none, so a later reconnect
// subscribed to them all again (redis-py 2.10.0 removes each as its
// confirmation comes, and so does the port).
func (p *PubSub) note(reply any) bool {
	kind, count, ok := confirmation(reply)
	if !ok || !subscribeCommands[kind] {
		return false
	}
	// TODO(workshop): the third item of a confirmation is the server's
	// count of this connection's subscriptions, channels and patterns
	// together: self.subscription_count = response[2].
	_ = count
	name, named := reply.([]any)[1].([]byte)
	if !named {
		return true // UNSUBSCRIBE with nothing subscribed names no channel
	}
	switch kind {
	case "subscribe":
		p.add(&p.onSocket[0], string(name))
	case "psubscribe":
		p.add(&p.onSocket[1], string(name))
	case "unsubscribe":
		delete(p.onSocket[0], string(name))
		delete(p.channels, string(name))
	case "punsubscribe":
		delete(p.onSocket[1], string(name))
		delete(p.patterns, string(name))
	}
	return true
}

// --8<-- [end:read_replies]

func (p *PubSub) add(set *map[string]struct{}, name string) {
	if *set == nil {
		*set = map[string]struct{}{}
	}
	(*set)[name] = struct{}{}
}

// queue keeps a reply for Listen.
func (p *PubSub) queue(reply any) {
	msg, err := toMessage(reply)
	p.pending = append(p.pending, item{msg, err})
}

// confirmation reads a reply as [kind, name, count].
func confirmation(reply any) (kind string, count int64, ok bool) {
	r, isList := reply.([]any)
	if !isList || len(r) < 3 {
		return "", 0, false
	}
	k, isBulk := r[0].([]byte)
	n, isInt := r[2].(int64)
	return string(k), n, isBulk && isInt
}

// isMessage reports whether reply is a published message.
func isMessage(reply any) bool {
	r, ok := reply.([]any)
	if !ok || len(r) == 0 {
		return false
	}
	k, _ := r[0].([]byte)
	return string(k) == "message" || string(k) == "pmessage"
}

// --8<-- [start:subscribe]

// Subscribe is subscribe(channels): SUBSCRIBE, and its first confirmation.
func (p *PubSub) Subscribe(channels ...string) (Message, error) { return p.run(p.subscribe, channels) }

// Psubscribe is psubscribe(patterns): PSUBSCRIBE, for the channels that
// match any of the glob-style patterns.
func (p *PubSub) Psubscribe(patterns ...string) (Message, error) {
	return p.run(p.psubscribe, patterns)
}

// Unsubscribe is unsubscribe(channels); with no channel, from every one.
func (p *PubSub) Unsubscribe(channels ...string) (Message, error) {
	return p.run(p.unsubscribe, channels)
}

// Punsubscribe is punsubscribe(patterns); with no pattern, from every one.
func (p *PubSub) Punsubscribe(patterns ...string) (Message, error) {
	return p.run(p.punsubscribe, patterns)
}

func (p *PubSub) subscribe(channels []string) (Message, error) {
	return p.subscribeCommand("SUBSCRIBE", &p.channels, true, channels)
}

func (p *PubSub) psubscribe(patterns []string) (Message, error) {
	return p.subscribeCommand("PSUBSCRIBE", &p.patterns, true, patterns)
}

func (p *PubSub) unsubscribe(channels []string) (Message, error) {
	return p.subscribeCommand("UNSUBSCRIBE", &p.channels, false, channels)
}

func (p *PubSub) punsubscribe(patterns []string) (Message, error) {
	return p.subscribeCommand("PUNSUBSCRIBE", &p.patterns, false, patterns)
}

// subscribeCommand is the body the four share.
func (p *PubSub) subscribeCommand(name string, set *map[string]struct{}, add bool, names []string) (Message, error) {
	for _, n := range names { // self.channels changes before anything is sent (1)
		if add {
			p.add(set, n)
		} else {
			delete(*set, n)
		}
	}
	args := make([]any, 0, 1+len(names))
	args = append(args, name)
	for _, n := range names {
		args = append(args, n)
	}
	reply, err := p.executeCommand(args)
	if err != nil {
		return Message{}, err
	}
	return toMessage(reply) // ['subscribe', 'foo', 1], as a Message (2)
}

// run is a public method's way in: one goroutine at a time.
func (p *PubSub) run(f func([]string) (Message, error), names []string) (Message, error) {
	if err := p.begin(); err != nil {
		return Message{}, err
	}
	defer p.end()
	return f(names)
}

// --8<-- [end:subscribe]

// --8<-- [start:listen]

// Listen returns the messages on the channels and patterns subscribed to,
// each read when the loop asks for it:
//
//	for msg, err := range p.Listen() {
//		if err != nil {
//			return err // the connection broke; the loop has ended
//		}
//		fmt.Printf("%s: %s\n", msg.Channel, msg.Data)
//	}
//
// The loop ends when nothing is subscribed any more, when Close is called
// (from any goroutine: a read in progress ends at once), or after the
// error of a broken connection, which it yields once. Nothing is read
// ahead: a message the loop has not asked for stays in the socket, or on
// the server, whose client-output-buffer-limit for pubsub clients then
// applies. Breaking out of the loop leaves the subscriptions as they are;
// a later Listen goes on from there.
func (p *PubSub) Listen() iter.Seq2[Message, error] {
	return func(yield func(Message, error) bool) {
		for {
			it, ok := p.next()
			if !ok || !yield(it.msg, it.err) || it.err != nil {
				return // nothing subscribed, Close, the loop's break, or the error given (1)
			}
		}
	}
}

// next reads what Listen yields next; ok is false when Listen should end
// without yielding.
func (p *PubSub) next() (it item, ok bool) {
	if err := p.begin(); err != nil {
		return item{err: err}, err != ErrClosed // after Close: the end, and no error (2)
	}
	defer p.end()
	if it, ok := p.dequeue(); ok {
		return it, true // read ahead by a command: first come, first yielded (3)
	}
	conn := p.connection
	if p.subscriptionCount == 0 || conn == nil {
		return item{}, false // while self.subscription_count (4)
	}
	if err := p.reconnectIfClosed(conn); err != nil {
		return item{err: err}, true
	}
	if it, ok := p.dequeue(); ok {
		return it, true // the gap a resubscribe left
	}
	var reply any
	var err error
	if p.fixes.On(fixes.PubsubRepliesInStep) {
		if reply, err = conn.ReadResponse(); err == nil && p.note(reply) && p.subscriptionCount == 0 {
			p.release()
		}
	} else {
		reply, err = p.parseResponse(conn)
	}
	if err != nil {
		if p.isClosed() {
			return item{}, false // Close ended the read: a clean end (5)
		}
		return item{err: p.tell(err)}, true // a broken connection: the error, once (6)
	}
	msg, err := toMessage(reply)
	return item{msg, err}, true
}

// --8<-- [end:listen]

// dequeue takes the first reply read ahead, if any.
func (p *PubSub) dequeue() (item, bool) {
	if len(p.pending) == 0 {
		return item{}, false
	}
	it := p.pending[0]
	p.pending[0] = item{}
	p.pending = p.pending[1:]
	if len(p.pending) == 0 {
		p.pending = nil // let the array go
	}
	if it.err != nil {
		p.tell(it.err)
	}
	return it, true
}

// --8<-- [start:close]

// Close ends the PubSub: its connection is closed and given back to the
// pool, a Listen blocked in another goroutine ends without an error, and
// every later command returns ErrClosed. It is the one method that may be
// called from another goroutine, like the pool's Disconnect, and calling
// it again does nothing.
func (p *PubSub) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	p.closed = true
	if p.busy {
		if p.connection != nil {
			p.connection.Disconnect() // the read in progress fails now; its goroutine gives the connection back (1)
		}
		return nil
	}
	return p.dropConnection() // closed first: a subscribed socket never goes back to the pool as it is (2)
}

// --8<-- [end:close]

// --8<-- [start:accessors]

// SubscriptionCount is self.subscription_count: the count in the last
// confirmation read.
func (p *PubSub) SubscriptionCount() int64 { return p.subscriptionCount }

// Channels is self.channels, sorted.
func (p *PubSub) Channels() []string { return sortedKeys(p.channels) }

// Patterns is self.patterns, sorted.
func (p *PubSub) Patterns() []string { return sortedKeys(p.patterns) }

// Connection is self.connection: the connection the PubSub holds, or nil.
func (p *PubSub) Connection() *connection.Connection {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.connection
}

// Pending is how many replies wait for Listen, read ahead of a command's
// own.
func (p *PubSub) Pending() int { return len(p.pending) }

// --8<-- [end:accessors]

func sortedKeys(set map[string]struct{}) []string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// nameOf is a command's name, from its first argument (a string, bytes or
// a named string type).
func nameOf(arg any) string {
	switch v := arg.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	if v := reflect.ValueOf(arg); v.Kind() == reflect.String {
		return v.String()
	}
	return ""
}
