// Package fixes is the one table of the places where the port does not do
// what redis-py 2.4.6 does: where 2.4.6 is broken against a modern Redis,
// or can lose, duplicate or corrupt data, the port takes the fix from the
// later redis-py release that made it, or makes its own ("port") where no
// release did.
//
// Each place in the chapters that applies a fix asks a Set whether that fix
// is on, by its constant:
//
//	if c.fixes.On(fixes.HandshakeFailureCloses) { ... }
//
// The zero Set has every fix on, and that is all code outside this module
// can ever have: the package is internal, so only this module's tests,
// scenarios and workshop exercises can call Without to turn a fix off and
// show what 2.4.6 did next to what the port does.
//
// The table is also the source of the "fixes" section of the docs site, in
// both languages (see Markdown and TestPagesAreCurrent).
package fixes

import (
	"fmt"
	"strings"
)

// Fix is one entry of the table.
type Fix uint8

// The fixes, in the order of the chapters that apply them.
const (
	// chapters/02-connection
	HandshakeFailureCloses Fix = iota
	AuthenticationError
	FailedReadDisconnects
	NoSendRetry
	FloatRepr
	RefuseNoneAndBool

	// chapters/03-parser
	EveryErrorReply
	HiredisParsesEveryChunk

	// chapters/04-client
	NoRetryAfterTimeout
	AtMostOnce
	ReconnectStaleSocket
	TTLMissingKey
	BgrewriteaofReply
	InfoFirstColon
	InfoNeedsEquals
	OddPairsRefused

	// chapters/07-lock
	LockToken

	count // not a fix: the number of them
)

// Text is one sentence in both languages of the site.
type Text struct {
	En string
	Zh string
}

// Entry is one row of the table.
type Entry struct {
	Name    string // the fix's name in tests, scenarios and pages: "at-most-once"
	Release string // the redis-py release that made it, or "port"
	Link    string // the change in redis-py, or the port's page section
	Chapter string // the chapter that applies it: "02-connection"
	Was     Text   // what 2.4.6 did, one line
	Now     Text   // what the port does, one line
	// Shown names the tests and scenarios that show 2.4.6's behaviour
	// next to the fix: "chapters/02-connection TestAuth" or
	// "testdata/scripts/client_no_double_incr.txtar". A test checks
	// each exists and turns this fix off.
	Shown []string
}

// Release names a redis-py tag on GitHub, for links.
const tagURL = "https://github.com/redis/redis-py/"

var table = [count]Entry{
	HandshakeFailureCloses: {
		Name:    "handshake-failure-closes",
		Release: "2.9.0",
		Link:    tagURL + "blob/2.9.0/redis/connection.py#L255-L262",
		Chapter: "02-connection",
		Was: Text{
			"A failed AUTH or SELECT left the socket open: the next command ran unauthenticated, or on database 0.",
			"AUTH 或 SELECT 失败后套接字仍然开着：下一条命令在未认证的连接上执行，或者落到 0 号数据库。",
		},
		Now: Text{
			"A failed handshake closes the socket, so every attempt fails the same way.",
			"握手失败就关闭套接字，之后每次尝试都以同样的方式失败。",
		},
		Shown: []string{"chapters/02-connection TestFailedSelectClosesSocket", "chapters/02-connection TestAuth", "testdata/scripts/connection_select_db.txtar"},
	},
	AuthenticationError: {
		Name:    "authentication-error",
		Release: "2.4.11",
		Link:    tagURL + "blob/2.4.11/CHANGES",
		Chapter: "02-connection",
		Was: Text{
			"A refused password came back as the server's ResponseError, not as an authentication failure.",
			"密码被拒时抛出的是服务器的 ResponseError，而不是认证失败。",
		},
		Now: Text{
			"A refused password is an AuthenticationError (2.4.11 for a reply other than OK, 3.3.0 and 4.4.0 for the server's refusal).",
			"密码被拒返回 AuthenticationError（2.4.11 处理非 OK 回复，3.3.0 和 4.4.0 处理服务器的拒绝）。",
		},
		Shown: []string{"chapters/02-connection TestAuth"},
	},
	FailedReadDisconnects: {
		Name:    "failed-read-disconnects",
		Release: "2.4.9",
		Link:    tagURL + "blob/2.4.9/CHANGES",
		Chapter: "02-connection",
		Was: Text{
			"A read that failed (a timeout) kept the socket, and the late reply became the answer to the next command.",
			"读取失败（比如超时）后套接字照旧保留，迟到的回复被当成下一条命令的回复。",
		},
		Now: Text{
			"Any failed read disconnects: a late reply dies with its socket.",
			"任何一次读取失败都会断开连接：迟到的回复随旧套接字一起丢弃。",
		},
		Shown: []string{"chapters/02-connection TestReadTimeout"},
	},
	NoSendRetry: {
		Name:    "no-send-retry",
		Release: "2.4.9",
		Link:    tagURL + "blob/2.4.9/CHANGES",
		Chapter: "02-connection",
		Was: Text{
			"send_packed_command disconnected and sent once more on any ConnectionError, under execute_command's own retry: up to four connects per command.",
			"send_packed_command 遇到任何 ConnectionError 都会断开并重发一次，外面还套着 execute_command 自己的重试：一条命令最多连四次。",
		},
		Now: Text{
			"A Connection never retries by itself; the client decides, in one place.",
			"Connection 自己从不重试，由客户端在一个地方统一决定。",
		},
		Shown: []string{"chapters/02-connection TestSendRetry", "chapters/04-client TestRetryBudget"},
	},
	FloatRepr: {
		Name:    "float-repr",
		Release: "2.7.0",
		Link:    tagURL + "blob/2.7.0/CHANGES",
		Chapter: "02-connection",
		Was: Text{
			"Floats were sent with str(): 12 significant digits, so 1/3.0 was stored as 0.333333333333.",
			"浮点数用 str() 发送，只保留 12 位有效数字，1/3.0 存进去就成了 0.333333333333。",
		},
		Now: Text{
			"Floats are sent as repr() writes them: the shortest text that reads back as the same float.",
			"浮点数按 repr() 的写法发送：能读回同一个浮点数的最短文本。",
		},
		Shown: []string{"chapters/02-connection TestFloatPrecisionOnTheServer", "chapters/07-lock TestReleaseOfAMillisecondTimeout"},
	},
	RefuseNoneAndBool: {
		Name:    "refuse-none-and-bool",
		Release: "3.0.0",
		Link:    tagURL + "blob/3.0.0/CHANGES",
		Chapter: "02-connection",
		Was: Text{
			"None, True and False were sent as the text \"None\", \"True\", \"False\", and the server stored that.",
			"None、True、False 被当成文本“None”“True”“False”发出去，服务器就把这些字存下来。",
		},
		Now: Text{
			"nil and bool are refused with a DataError before anything is sent.",
			"nil 和 bool 在发出任何字节之前就被拒绝，返回 DataError。",
		},
		Shown: []string{"chapters/02-connection TestEncodeRefusesOtherTypes"},
	},
	EveryErrorReply: {
		Name:    "every-error-reply",
		Release: "2.6.1",
		Link:    tagURL + "commit/ae6ceae9",
		Chapter: "03-parser",
		Was: Text{
			"Only -ERR and -LOADING were understood: -WRONGTYPE, -NOAUTH and -EXECABORT became \"Protocol Error\".",
			"只认得 -ERR 和 -LOADING：-WRONGTYPE、-NOAUTH、-EXECABORT 都被当成“Protocol Error”。",
		},
		Now: Text{
			"Every error reply is a ResponseError with the server's full text.",
			"每个错误回复都是 ResponseError，带着服务器给出的完整文本。",
		},
		Shown: []string{"chapters/03-parser TestErrorReplies"},
	},
	HiredisParsesEveryChunk: {
		Name:    "hiredis-parses-every-chunk",
		Release: "2.10.4",
		Link:    tagURL + "commit/ed2a079c",
		Chapter: "03-parser",
		Was: Text{
			"HiredisParser read on until a chunk ended in \\n, so a malformed reply whose last byte was not \\n hung until the timeout, or for ever.",
			"HiredisParser 要等到某次读到的数据块以 \\n 结尾才去解析，最后一个字节不是 \\n 的畸形回复会一直等到超时，没有超时就永远等下去。",
		},
		Now: Text{
			"Every chunk is parsed as it arrives: a malformed reply is reported as soon as its bytes prove it.",
			"每个数据块一到就解析：畸形回复在能证明它畸形的字节到达时立即报错。",
		},
		Shown: []string{"chapters/03-parser TestMalformedRepliesNeverHang", "chapters/03-parser TestMalformedReplyOverTCP", "chapters/03-parser TestCRAndLFInSeparateReads"},
	},
	NoRetryAfterTimeout: {
		Name:    "no-retry-after-timeout",
		Release: "2.10.0",
		Link:    tagURL + "blob/2.10.0/redis/client.py#L522-L537",
		Chapter: "04-client",
		Was: Text{
			"A command whose reply timed out was sent again on a new socket, so an INCR could count twice.",
			"回复超时的命令会在新套接字上再发一次，INCR 因此可能加两次。",
		},
		Now: Text{
			"A timeout is returned, not retried: the command may be running. (2.10.0 still retried a connect timeout; the port does not.)",
			"超时直接返回，不重试：命令可能正在执行。（2.10.0 对连接超时仍会重试，移植版不会。）",
		},
		Shown: []string{"chapters/04-client TestNoDoubleIncrAfterReadTimeout", "testdata/scripts/client_no_double_incr.txtar"},
	},
	AtMostOnce: {
		Name:    "at-most-once",
		Release: "port",
		Link:    "chapters/04-client.md#at-most-once",
		Chapter: "04-client",
		Was: Text{
			"A command whose reply was lost after it was sent (a cut connection, a reset, a Disconnect mid-read) was sent again: an INCR applied twice while the caller saw one success. No release ever stopped this.",
			"命令发出之后回复丢了（连接被切断、被重置、读到一半被 Disconnect），命令会被再发一次：INCR 加了两次，调用方却只看到一次成功。没有哪个版本修过这个问题。",
		},
		Now: Text{
			"A command is sent again only when the server cannot have run it: the send failed, or the server refused it while loading.",
			"只有在服务器不可能执行过这条命令时才重发：发送失败了，或者服务器在加载数据时拒绝了它。",
		},
		Shown: []string{"chapters/04-client TestLostReplyIsNotResent", "chapters/04-client TestDisconnectDuringReadIsNotResent", "testdata/scripts/client_lost_reply.txtar"},
	},
	ReconnectStaleSocket: {
		Name:    "reconnect-stale-socket",
		Release: "3.2.0",
		Link:    tagURL + "commit/cfa2bc9b",
		Chapter: "04-client",
		Was: Text{
			"A pooled socket the server had already closed was used as it was: the command went into the void and the retry hid it.",
			"连接池里的套接字即使已被服务器关闭也照用不误：命令石沉大海，再靠重试把问题掩盖过去。",
		},
		Now: Text{
			"Before sending, a cheap non-blocking check finds a socket the server closed, and the client reconnects: nothing was sent yet.",
			"发送之前先做一次廉价的非阻塞检查，发现服务器已关闭的套接字就重新连接：这时还什么都没发。",
		},
		Shown: []string{"chapters/04-client TestRestartBetweenCommands"},
	},
	TTLMissingKey: {
		Name:    "ttl-missing-key",
		Release: "2.10.0",
		Link:    tagURL + "blob/2.10.0/redis/client.py#L1894-L1901",
		Chapter: "04-client",
		Was: Text{
			"TTL of a missing key (-2 since Redis 2.8) came back as -2 seconds.",
			"对不存在的键执行 TTL（Redis 2.8 起返回 -2），结果被当成 -2 秒。",
		},
		Now: Text{
			"No expiry and no key are both None (nil).",
			"没有过期时间和键不存在都返回 None（nil）。",
		},
		Shown: []string{"chapters/04-client TestTTLOfMissingKey"},
	},
	BgrewriteaofReply: {
		Name:    "bgrewriteaof-reply",
		Release: "2.10.0",
		Link:    tagURL + "blob/2.10.0/redis/client.py#L325",
		Chapter: "04-client",
		Was: Text{
			"BGREWRITEAOF compared the reply with a sentence the server never sends, so a rewrite that started read as false.",
			"BGREWRITEAOF 拿回复去比对一句服务器从来不发的话，已经开始的重写也被当成 false。",
		},
		Now: Text{
			"Any reply that is not an error means the rewrite started: true.",
			"只要回复不是错误，就说明重写已经开始：true。",
		},
		Shown: []string{"chapters/04-client TestBgrewriteaof"},
	},
	InfoFirstColon: {
		Name:    "info-first-colon",
		Release: "2.8.0",
		Link:    tagURL + "blob/2.8.0/redis/client.py#L84-L109",
		Chapter: "04-client",
		Was: Text{
			"INFO lines were split at every colon, so a value holding one (an address, a path) made the whole INFO fail.",
			"INFO 的每一行按所有冒号切分，值里只要带冒号（地址、路径）整个 INFO 就会失败。",
		},
		Now: Text{
			"Each line is split at its first colon.",
			"每行只按第一个冒号切分。",
		},
		Shown: []string{"chapters/04-client TestParseInfo246"},
	},
	InfoNeedsEquals: {
		Name:    "info-needs-equals",
		Release: "2.7.0",
		Link:    tagURL + "blob/2.7.0/redis/client.py#L83-L111",
		Chapter: "04-client",
		Was: Text{
			"An INFO value with a comma but no '=' made the whole INFO fail.",
			"INFO 里某个值含逗号却没有“=”，整个 INFO 就会失败。",
		},
		Now: Text{
			"A value is read as k=v,k=v only when it has both; otherwise it stays text.",
			"只有同时含逗号和“=”的值才按 k=v,k=v 解析，否则保持文本。",
		},
		Shown: []string{"chapters/04-client TestParseInfo246"},
	},
	OddPairsRefused: {
		Name:    "odd-pairs-refused",
		Release: "port",
		Link:    "chapters/04-client.md#replies-no-server-sends",
		Chapter: "04-client",
		Was: Text{
			"An HGETALL, CONFIG GET or WITHSCORES reply with an odd number of items lost its last item without a word: izip(it, it) stops at the last whole pair.",
			"HGETALL、CONFIG GET 或带 WITHSCORES 的回复如果项数是奇数，最后一项会被悄无声息地丢掉：izip(it, it) 在最后一个完整的对上就停了。",
		},
		Now: Text{
			"Such a reply is an InvalidResponse error: an item the server sent is never dropped.",
			"这样的回复返回 InvalidResponse 错误：服务器发来的项一个也不丢。",
		},
		Shown: []string{"chapters/04-client TestOddPairsRefused"},
	},

	// chapters/07-lock
	LockToken: {
		Name:    "lock-token",
		Release: "2.10.0",
		Link:    tagURL + "blob/2.10.0/redis/lock.py#L158-L244",
		Chapter: "07-lock",
		Was: Text{
			"A lock was the time it expired, by the clock of the client that took it: an owner whose lock had expired deleted the next owner's on release, and a client whose clock ran ahead took a lock that was still held.",
			"锁的值是它的过期时间，按加锁那个客户端的时钟来算：锁过期之后，原持有者释放锁时会把下一个持有者的锁删掉；时钟走得快的客户端会抢走别人仍持有的锁。",
		},
		Now: Text{
			"Each owner stores a random token with SET NX PX, so the server expires the lock; release and extend run a Lua script that acts only on the caller's own token, and return LockError when the lock is no longer the caller's (2.10.0's LuaLock; 3.0.0 acquires with SET NX PX).",
			"每个持有者用 SET NX PX 写入自己的随机令牌，锁由服务器负责过期；释放锁和延长锁都执行一段 Lua 脚本，只认调用方自己的令牌，锁已不归调用方时返回 LockError（2.10.0 的 LuaLock；3.0.0 起加锁改用 SET NX PX）。",
		},
		Shown: []string{"chapters/07-lock TestReleaseAfterExpiry", "chapters/07-lock TestSkewedClocks", "testdata/scripts/lock_released_by_wrong_owner.txtar"},
	},
}

// All returns every fix, in table order.
func All() []Fix {
	all := make([]Fix, count)
	for i := range all {
		all[i] = Fix(i)
	}
	return all
}

// Entry returns the fix's row of the table.
func (f Fix) Entry() Entry {
	if f >= count {
		return Entry{}
	}
	return table[f]
}

// String returns the fix's name.
func (f Fix) String() string {
	if f >= count {
		return fmt.Sprintf("fixes.Fix(%d)", f)
	}
	return table[f].Name
}

// Lookup returns the fix with the given name.
func Lookup(name string) (Fix, bool) {
	for i := range table {
		if table[i].Name == name {
			return Fix(i), true
		}
	}
	return 0, false
}

// Set says which fixes are on for one connection, parser or client. The
// zero value has every fix on.
type Set struct {
	off uint32 // bit f set: fix f is turned off
}

// On reports whether fix f is on.
func (s Set) On(f Fix) bool { return s.off&(1<<f) == 0 }

// Without returns a Set with the given fixes off and every other on. With
// no argument it turns every fix off: 2.4.6 as it was.
func Without(fs ...Fix) Set {
	if len(fs) == 0 {
		fs = All()
	}
	var s Set
	for _, f := range fs {
		s.off |= 1 << f
	}
	return s
}

// Parse is Without for names, as scenarios write them: "at-most-once",
// several separated by commas, or "all".
func Parse(names string) (Set, error) {
	if names == "all" {
		return Without(), nil
	}
	var fs []Fix
	for _, name := range strings.Split(names, ",") {
		f, ok := Lookup(name)
		if !ok {
			return Set{}, fmt.Errorf("no fix named %q (the table is in internal/fixes)", name)
		}
		fs = append(fs, f)
	}
	return Without(fs...), nil
}

// Off lists the fixes s turns off, by name.
func (s Set) Off() []string {
	var names []string
	for _, f := range All() {
		if !s.On(f) {
			names = append(names, f.String())
		}
	}
	return names
}
