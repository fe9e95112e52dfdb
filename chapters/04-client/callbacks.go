package client

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/internal/fixes"
)

// ResponseCallback turns a parsed reply into the value a command method
// returns. options are what the method gave ExecuteCommandWith.
type ResponseCallback func(response any, options CommandOptions) (any, error)

// ScorePair is one member of a sorted set with its score: the (value,
// score) tuple of a WITHSCORES range.
type ScorePair struct {
	Member []byte
	Score  float64
}

// --8<-- [start:callbacks]

// DefaultResponseCallbacks returns a new copy of the table every client
// starts with: RESPONSE_CALLBACKS, the class attribute of 2.4.6's Redis.
// Commands missing from it return the parser's value unchanged.
func DefaultResponseCallbacks() map[string]ResponseCallback {
	table := map[string]ResponseCallback{}
	family := func(commands string, callback ResponseCallback) {
		for _, c := range strings.Fields(commands) {
			table[c] = callback
		}
	}
	on := fixes.Set{} // every fix on
	family("AUTH DEL EXISTS EXPIRE EXPIREAT HDEL HEXISTS HMSET MOVE MSETNX "+
		"PERSIST RENAMENX SADD SISMEMBER SMOVE SETEX SETNX SREM ZADD ZREM", toBool) // bool(r) (1)
	family("DECRBY GETBIT HLEN INCRBY LINSERT LLEN LPUSHX RPUSHX SCARD "+
		"SDIFFSTORE SETBIT SETRANGE SINTERSTORE STRLEN SUNIONSTORE ZCARD "+
		"ZREMRANGEBYRANK ZREMRANGEBYSCORE", toInt) // int(r), as Python reads a str (2)
	family("LPUSH RPUSH", pushed)
	family("ZSCORE ZINCRBY", floatOrNone)
	family("FLUSHALL FLUSHDB LSET LTRIM MSET RENAME "+
		"SAVE SELECT SET SHUTDOWN SLAVEOF WATCH UNWATCH", equals("OK")) // r == 'OK' (3)
	family("BLPOP BRPOP", tupleOrNone) // the whole reply, as tuple(r) is (4)
	family("SDIFF SINTER SMEMBERS SUNION", toSet)
	family("ZRANGE ZRANGEBYSCORE ZREVRANGE ZREVRANGEBYSCORE", zsetScorePairs(on))
	family("ZRANK ZREVRANK", intOrNone)
	table["BGREWRITEAOF"] = always // redis-py 2.10.0 (5)
	table["BGSAVE"] = equals("Background saving started")
	table["BRPOPLPUSH"] = orNone
	table["CONFIG"] = parseConfig(on)
	table["HGETALL"] = pairsToDict(on) // an odd count is refused: the port's fix (6)
	table["INFO"] = infoCallback(on)
	table["LASTSAVE"] = timestampToDatetime
	table["PING"] = equals("PONG")
	table["RANDOMKEY"] = orNone
	table["TTL"] = ttl // redis-py 2.10.0 (7)
	return table
}

// --8<-- [end:callbacks]

// install246Callbacks puts 2.4.6's own callbacks into table wherever fx
// turns off the fix that the table above takes.
func install246Callbacks(table map[string]ResponseCallback, fx fixes.Set) {
	if !fx.On(fixes.TTLMissingKey) {
		// r != -1 and r or None: Redis 2.8+ answers -2 for a missing
		// key, which 2.4.6 passes on as a number of seconds.
		table["TTL"] = func(r any, _ CommandOptions) (any, error) {
			if n, ok := r.(int64); ok {
				if n != -1 && n != 0 {
					return n, nil
				}
				return nil, nil
			}
			return orNone(r, CommandOptions{})
		}
	}
	if !fx.On(fixes.BgrewriteaofReply) {
		// The server says "Background append only file rewriting
		// started", so 2.4.6 says False for a rewrite that started.
		table["BGREWRITEAOF"] = equals("Background rewriting of AOF file started")
	}
	if !fx.On(fixes.InfoFirstColon) || !fx.On(fixes.InfoNeedsEquals) {
		table["INFO"] = infoCallback(fx)
	}
	if !fx.On(fixes.OddPairsRefused) {
		// izip(it, it) stops at the last whole pair: the odd item goes.
		for _, c := range strings.Fields("ZRANGE ZRANGEBYSCORE ZREVRANGE ZREVRANGEBYSCORE") {
			table[c] = zsetScorePairs(fx)
		}
		table["CONFIG"] = parseConfig(fx)
		table["HGETALL"] = pairsToDict(fx)
	}
}

// --8<-- [start:helpers]

// Python 2 has one str type where the parser has two: a status reply is a
// Go string, a bulk reply []byte. Every callback that reads a str takes
// both, as Python cannot tell them apart.

// pyStr returns a status or bulk reply's text.
func pyStr(r any) (string, bool) {
	switch v := r.(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	}
	return "", false
}

// pyTruthy is Python's truth test: None, 0, an empty str and an empty
// list are false, anything else is true.
func pyTruthy(r any) bool {
	switch v := r.(type) {
	case nil:
		return false
	case bool:
		return v
	case int64:
		return v != 0
	case *big.Int:
		return v.Sign() != 0
	case float64:
		return v != 0
	case string:
		return v != ""
	case []byte:
		return len(v) != 0
	case []any:
		return len(v) != 0
	}
	return true
}

// isStr reports r == want, for a status and a bulk reply alike.
func isStr(r any, want string) bool {
	switch v := r.(type) {
	case string:
		return v == want
	case []byte:
		return string(v) == want
	}
	return false
}

// toBool is Python's bool(): 0, "", an empty list and None are false.
func toBool(r any, _ CommandOptions) (any, error) { return pyTruthy(r), nil }

// toInt is Python's int(): numbers pass, a str is read as int() reads it
// (pyInt), anything else is Python's TypeError.
func toInt(r any, _ CommandOptions) (any, error) {
	switch v := r.(type) {
	case int64, *big.Int:
		return r, nil // already boxed: returning v would box it again
	case []byte:
		return pyInt(string(v))
	case string:
		return pyInt(v)
	}
	return nil, typeError("int() argument must be a string or a number, not " + pyTypeName(r))
}

// pushed is the LPUSH/RPUSH callback: the new length, or, from servers
// before 1.3.4, whether the reply was OK. (A length of 0 would read as
// False, but a push never leaves an empty list.)
func pushed(r any, _ CommandOptions) (any, error) {
	if n, ok := r.(int64); ok && n != 0 {
		return n, nil
	}
	return isStr(r, "OK"), nil
}

// toFloat is Python's float(): a number becomes a float (float(1L) is
// 1.0), a str is read as float() reads it (pyFloat), anything else is
// Python's TypeError.
func toFloat(r any) (float64, error) {
	switch v := r.(type) {
	case int64:
		return float64(v), nil
	case []byte:
		return pyFloat(string(v)) // no copy: pyFloat keeps nothing of it
	case string:
		return pyFloat(v)
	}
	return 0, typeError("float() argument must be a string or a number")
}

// floatOrNone is float_or_none: None stays None, anything else is float(r).
func floatOrNone(r any, _ CommandOptions) (any, error) {
	if r == nil {
		return nil, nil
	}
	f, err := toFloat(r)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func intOrNone(r any, o CommandOptions) (any, error) {
	if r == nil {
		return nil, nil
	}
	return toInt(r, o)
}

// equals makes a callback that answers whether the reply is want: a
// status reply or a bulk one, the same str to Python.
func equals(want string) ResponseCallback {
	return func(r any, _ CommandOptions) (any, error) { return isStr(r, want), nil }
}

// always is true: an error reply never reaches a callback, so any reply
// at all means the server accepted the command.
func always(any, CommandOptions) (any, error) { return true, nil }

// orNone is "r and r or None": anything false (an empty string, 0, an
// empty list) becomes None.
func orNone(r any, _ CommandOptions) (any, error) {
	if !pyTruthy(r) {
		return nil, nil
	}
	return r, nil
}

// tupleOrNone is the BLPOP/BRPOP callback, "r and tuple(r) or None": None
// when the timeout passed, else the reply's items, however many there are.
// A Go tuple of any length is the []any the parser made; Blpop and Brpop
// check that it is a (key, value) pair.
func tupleOrNone(r any, _ CommandOptions) (any, error) {
	if !pyTruthy(r) {
		return nil, nil
	}
	return pyIter(r, "a BLPOP tuple")
}

// toSet is "r and set(r) or set()". A Go set holds strings, where a Python
// set could hold None or a number too: such a member is an error.
func toSet(r any, _ CommandOptions) (any, error) {
	if !pyTruthy(r) {
		return map[string]struct{}{}, nil
	}
	list, err := pyIter(r, "a set")
	if err != nil {
		return nil, err
	}
	set := make(map[string]struct{}, len(list))
	for _, item := range list {
		member, ok := pyStr(item)
		if !ok {
			return nil, unhashableOr("a set member", item)
		}
		set[member] = struct{}{}
	}
	return set, nil
}

// pairs returns a flat key, value, key, value... list whole, or, when
// fx turns off OddPairsRefused, without an odd last item, as izip(it, it)
// drops it.
func pairs(list []any, what string, fx fixes.Set) ([]any, error) {
	if len(list)%2 == 0 {
		return list, nil
	}
	if !fx.On(fixes.OddPairsRefused) {
		return list[:len(list)-1], nil // 2.4.6: the last item is lost
	}
	return nil, exceptions.New(exceptions.ErrInvalidResponse, fmt.Sprintf(
		"cannot read an odd number of items (%d) as %s: the last has no pair", len(list), what))
}

// zsetScorePairs pairs members with their scores when WITHSCORES was asked
// for; otherwise the reply stays as it is. A nil member stays nil (Python's
// None); a score is read as float() reads it.
func zsetScorePairs(fx fixes.Set) ResponseCallback {
	return func(r any, options CommandOptions) (any, error) {
		if !pyTruthy(r) || !options.WithScores {
			return r, nil
		}
		list, err := pyIter(r, "member, score pairs")
		if err == nil {
			list, err = pairs(list, "member, score pairs", fx)
		}
		if err != nil {
			return nil, err
		}
		out := make([]ScorePair, 0, len(list)/2)
		for i := 0; i < len(list); i += 2 {
			var member []byte
			switch m := list[i].(type) {
			case nil: // Python's (None, score)
			case []byte:
				member = m
			case string:
				member = []byte(m)
			default:
				return nil, unexpected("a sorted set member", m)
			}
			score, err := toFloat(list[i+1]) // float, the default score_cast_func
			if err != nil {
				return nil, err
			}
			out = append(out, ScorePair{Member: member, Score: score})
		}
		return out, nil
	}
}

// pairsToDict makes a dict of a flat key, value, key, value... list
// (HGETALL): "r and pairs_to_dict(r) or {}". Values stay bytes, a hash
// holds binary data, and a nil value stays nil (Python's None). A later
// duplicate key wins, as in dict().
func pairsToDict(fx fixes.Set) ResponseCallback {
	return func(r any, _ CommandOptions) (any, error) {
		if !pyTruthy(r) {
			return map[string][]byte{}, nil
		}
		list, err := pyIter(r, "key, value pairs")
		if err == nil {
			list, err = pairs(list, "key, value pairs", fx)
		}
		if err != nil {
			return nil, err
		}
		dict := make(map[string][]byte, len(list)/2)
		for i := 0; i < len(list); i += 2 {
			k, ok := pyStr(list[i])
			if !ok {
				return nil, unhashableOr("a dict key", list[i])
			}
			switch v := list[i+1].(type) {
			case nil:
				dict[k] = nil
			case []byte:
				dict[k] = v
			case string:
				dict[k] = []byte(v)
			default:
				return nil, unexpected("a dict value", v)
			}
		}
		return dict, nil
	}
}

// parseConfig: CONFIG GET gives a dict of settings (text, so strings),
// any other CONFIG gives whether the reply was OK. (2.4.6 raised KeyError
// when the parse option was not given at all; a Go CommandOptions cannot
// leave it out, and "" reads as SET does.)
func parseConfig(fx fixes.Set) ResponseCallback {
	dict := pairsToDict(fx)
	return func(r any, options CommandOptions) (any, error) {
		if options.Parse != "GET" {
			return isStr(r, "OK"), nil
		}
		d, err := dict(r, options)
		if err != nil {
			return nil, err
		}
		config := make(map[string]string, len(d.(map[string][]byte)))
		for k, v := range d.(map[string][]byte) {
			if v == nil {
				return nil, unexpected("a CONFIG value", nil)
			}
			config[k] = string(v)
		}
		return config, nil
	}
}

// timestampToDatetime turns LASTSAVE's Unix time into a local time.Time,
// as datetime.fromtimestamp does: None for a false reply and for a str
// that int() cannot read; a datetime for an integer or a str of one.
func timestampToDatetime(r any, _ CommandOptions) (any, error) {
	if !pyTruthy(r) {
		return nil, nil
	}
	var n any = r
	if s, ok := pyStr(r); ok {
		var err error
		if n, err = pyInt(s); err != nil {
			return nil, nil // int() raised ValueError, which 2.4.6 catches
		}
	}
	switch v := n.(type) {
	case int64:
		return fromTimestamp(v)
	case *big.Int:
		return nil, exceptions.New(exceptions.ErrInvalidResponse, "timestamp out of range for platform time_t")
	}
	return nil, typeError("int() argument must be a string or a number, not " + pyTypeName(r))
}

// fromTimestamp is datetime.fromtimestamp(n), with its limits: the C
// library's localtime() and years 1 to 9999.
func fromTimestamp(n int64) (any, error) {
	if float64(n) >= math.MaxInt64 { // Python converts to a double, which rounds up past time_t
		return nil, exceptions.New(exceptions.ErrInvalidResponse, "timestamp out of range for platform time_t")
	}
	const aeon = 1e17 // about 3 billion years, past any tm_year
	if n >= aeon || n <= -aeon {
		return nil, exceptions.New(exceptions.ErrInvalidResponse, "timestamp out of range for platform localtime()/gmtime() function")
	}
	t := time.Unix(n, 0)
	if y := int64(t.Year()) - 1900; y > math.MaxInt32 || y < math.MinInt32 {
		return nil, exceptions.New(exceptions.ErrInvalidResponse, "timestamp out of range for platform localtime()/gmtime() function")
	}
	if t.Year() < 1 || t.Year() > 9999 {
		return nil, exceptions.New(exceptions.ErrInvalidResponse, "year is out of range")
	}
	return t, nil
}

// ttl is "r >= 0 and r or None" (redis-py 2.10.0): no expiry (-1) and no
// key (-2, Redis 2.8+) are None. 0 is None too, a quirk kept from 2.4.6.
// A reply that is not a number is passed on if true: Python 2 orders every
// str and list after every number.
func ttl(r any, _ CommandOptions) (any, error) {
	if n, ok := r.(int64); ok {
		if n > 0 {
			return n, nil
		}
		return nil, nil
	}
	return orNone(r, CommandOptions{})
}

// --8<-- [end:helpers]

// --8<-- [start:parse_info]

// ParseInfo turns INFO's text into a map: whole numbers become int64 (a
// *big.Int past int64, Python's long), numbers with a dot float64,
// "k=v,k=v" a nested map, anything else a string. Blank lines and
// "# Section" headers are skipped.
func ParseInfo(info []byte) (map[string]any, error) {
	return parseInfo(info, fixes.Set{})
}

func parseInfo(info []byte, fx fixes.Set) (map[string]any, error) {
	out := map[string]any{}
	for _, line := range splitLines(string(info)) { // str.splitlines(): a lone \r ends a line too (1)
		if line == "" || line[0] == '#' {
			continue
		}
		key, value, ok := strings.Cut(line, ":") // the first colon only: redis-py 2.8.0 (2)
		if !fx.On(fixes.InfoFirstColon) && strings.Contains(value, ":") {
			ok = false // 2.4.6: key, value = line.split(':') raised ValueError
		}
		if !ok {
			return nil, exceptions.New(exceptions.ErrInvalidResponse, "INFO line without a colon: "+strconv.Quote(line))
		}
		v, err := infoValue(value, fx)
		if err != nil {
			return nil, err
		}
		out[key] = v
	}
	return out, nil
}

func infoValue(value string, fx fixes.Set) (any, error) {
	if strings.Contains(value, ".") { // read as Python 2.7's float() and int() read a str (3)
		if f, err := pyFloat(value); err == nil {
			return f, nil
		}
	} else if n, err := pyInt(value); err == nil {
		return n, nil
	}
	if !strings.Contains(value, ",") || (!strings.Contains(value, "=") && fx.On(fixes.InfoNeedsEquals)) {
		return value, nil // "7.0.15", "yes", "a,b" (2.7.0 on) (4)
	}
	sub := map[string]any{}
	for _, item := range strings.Split(value, ",") {
		i := strings.LastIndexByte(item, '=')
		if i < 0 { // Python's rsplit unpacking raises ValueError here (5)
			return nil, exceptions.New(exceptions.ErrInvalidResponse, "INFO item without '=': "+strconv.Quote(item))
		}
		k, v := item[:i], item[i+1:]
		if n, err := pyInt(v); err == nil {
			sub[k] = n
		} else {
			sub[k] = v
		}
	}
	return sub, nil
}

// --8<-- [end:parse_info]

// splitLines is Python 2's str.splitlines(): lines end at \n, \r\n or \r,
// and a last line ending is not followed by an empty line.
func splitLines(s string) []string {
	lines := make([]string, 0, strings.Count(s, "\n")+1)
	for s != "" {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			return append(lines, s)
		}
		lines = append(lines, s[:i])
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		s = s[i+1:]
	}
	return lines
}

// infoCallback is the INFO callback, parse_info, with fx's fixes.
func infoCallback(fx fixes.Set) ResponseCallback {
	return func(r any, _ CommandOptions) (any, error) {
		switch v := r.(type) {
		case []byte:
			return parseInfo(v, fx)
		case string:
			return parseInfo([]byte(v), fx)
		}
		return nil, typeError(pyTypeName(r) + " object has no attribute 'splitlines'")
	}
}

// pyIter returns a reply's items, where Python iterated over it. A str is
// iterable in Python, character by character: tuple('OK') is ('O', 'K'),
// set('OK') is set(['K', 'O']). No command's reply is read that way, and
// the characters would pass for a real answer, so the port refuses them.
func pyIter(r any, want string) ([]any, error) {
	switch v := r.(type) {
	case []any:
		return v, nil
	case string, []byte:
		return nil, exceptions.New(exceptions.ErrInvalidResponse,
			"cannot read "+pyShow(r)+" as "+want+": Python would take its characters one by one")
	}
	return nil, typeError(pyTypeName(r) + " object is not iterable")
}

// pyTypeName is type(r).__name__ in quotes, for Python's messages.
func pyTypeName(r any) string {
	switch r.(type) {
	case nil:
		return "'NoneType'"
	case int64, *big.Int:
		return "'long'"
	case string, []byte:
		return "'str'"
	case []any:
		return "'list'"
	case float64:
		return "'float'"
	case bool:
		return "'bool'"
	}
	return fmt.Sprintf("'%T'", r)
}

// typeError is the error where Python raised TypeError, with its message.
// Python's TypeError and ValueError are not RedisErrors; the port makes
// them InvalidResponse, so one errors.Is finds every reply a callback
// could not read.
func typeError(msg string) error {
	return exceptions.New(exceptions.ErrInvalidResponse, msg)
}

// unexpected is the port's error for an item Python kept and a Go type
// cannot hold: None or a number in a set, a number as a hash value.
func unexpected(want string, r any) error {
	return exceptions.New(exceptions.ErrInvalidResponse, "cannot read "+pyShow(r)+" as "+want)
}

// unhashableOr is Python's TypeError for a list as a set member or dict
// key, and the port's refusal of anything else a Go map key cannot be.
func unhashableOr(want string, item any) error {
	if _, ok := item.([]any); ok {
		return typeError("unhashable type: 'list'")
	}
	return unexpected(want, item)
}

// pyShow is a reply as Python's repr() prints it, cut short for a message:
// 'OK', 5L, None, ['k', 'v'].
func pyShow(r any) string {
	const most = 64 // bytes of a string, items of a list
	switch v := r.(type) {
	case nil:
		return "None"
	case int64:
		return strconv.FormatInt(v, 10) + "L"
	case *big.Int:
		return v.String() + "L"
	case []byte:
		return pyShow(string(v))
	case string:
		if len(v) > most {
			return exceptions.PyRepr(v[:most]) + "..."
		}
		return exceptions.PyRepr(v)
	case []any:
		parts := make([]string, 0, min(len(v), most))
		for i, item := range v {
			if i == most {
				parts = append(parts, "...")
				break
			}
			parts = append(parts, pyShow(item))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(r)
}
