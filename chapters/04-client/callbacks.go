package client

import (
	"bytes"
	"fmt"
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
	family("AUTH DEL EXISTS EXPIRE EXPIREAT HDEL HEXISTS HMSET MOVE MSETNX "+
		"PERSIST RENAMENX SADD SISMEMBER SMOVE SETEX SETNX SREM ZADD ZREM", toBool) // bool(r) (1)
	family("DECRBY GETBIT HLEN INCRBY LINSERT LLEN LPUSHX RPUSHX SCARD "+
		"SDIFFSTORE SETBIT SETRANGE SINTERSTORE STRLEN SUNIONSTORE ZCARD "+
		"ZREMRANGEBYRANK ZREMRANGEBYSCORE", toInt) // int(r)
	family("LPUSH RPUSH", pushed)
	family("ZSCORE ZINCRBY", floatOrNone)
	family("FLUSHALL FLUSHDB LSET LTRIM MSET RENAME "+
		"SAVE SELECT SET SHUTDOWN SLAVEOF WATCH UNWATCH", equals("OK")) // r == 'OK' (2)
	family("BLPOP BRPOP", pairOrNone)
	family("SDIFF SINTER SMEMBERS SUNION", toSet)
	family("ZRANGE ZRANGEBYSCORE ZREVRANGE ZREVRANGEBYSCORE", zsetScorePairs)
	family("ZRANK ZREVRANK", intOrNone)
	table["BGREWRITEAOF"] = always // redis-py 2.10.0 (3)
	table["BGSAVE"] = equals("Background saving started")
	table["BRPOPLPUSH"] = emptyIsNone
	table["CONFIG"] = parseConfig
	table["HGETALL"] = pairsToDict
	table["INFO"] = infoCallback(fixes.Set{})
	table["LASTSAVE"] = timestampToDatetime
	table["PING"] = equals("PONG")
	table["RANDOMKEY"] = emptyIsNone
	table["TTL"] = ttl // redis-py 2.10.0 (4)
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
			if n, ok := r.(int64); ok && n != -1 && n != 0 {
				return n, nil
			}
			return nil, nil
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
}

// --8<-- [start:helpers]

// toBool is Python's bool(): 0, "", an empty list and None are false.
func toBool(r any, _ CommandOptions) (any, error) {
	switch v := r.(type) {
	case nil:
		return false, nil
	case bool:
		return v, nil
	case int64:
		return v != 0, nil
	case string:
		return v != "", nil
	case []byte:
		return len(v) != 0, nil
	case []any:
		return len(v) != 0, nil
	}
	return nil, unexpected("bool", r)
}

// toInt is Python's int(): numbers pass, digits are parsed.
func toInt(r any, _ CommandOptions) (any, error) {
	switch v := r.(type) {
	case int64:
		return r, nil // already boxed: returning v would box it again
	case []byte:
		return parseInt(v)
	case string:
		return parseInt([]byte(v))
	}
	return nil, unexpected("int", r)
}

// pushed is the LPUSH/RPUSH callback: the new length, or, from servers
// before 1.3.4, whether the reply was OK. (A length of 0 would read as
// False, but a push never leaves an empty list.)
func pushed(r any, _ CommandOptions) (any, error) {
	if n, ok := r.(int64); ok && n != 0 {
		return n, nil
	}
	return r == "OK", nil
}

func floatOrNone(r any, _ CommandOptions) (any, error) {
	if r == nil {
		return nil, nil
	}
	b, ok := r.([]byte)
	if !ok {
		return nil, unexpected("float", r)
	}
	return parseFloat(b)
}

func intOrNone(r any, o CommandOptions) (any, error) {
	if r == nil {
		return nil, nil
	}
	return toInt(r, o)
}

// equals makes a callback that answers whether the reply is want.
func equals(want string) ResponseCallback {
	return func(r any, _ CommandOptions) (any, error) {
		s, ok := r.(string)
		return ok && s == want, nil
	}
}

// always is true: an error reply never reaches a callback, so any reply
// at all means the server accepted the command.
func always(any, CommandOptions) (any, error) { return true, nil }

// emptyIsNone is "r and r or None": an empty string becomes None too.
func emptyIsNone(r any, _ CommandOptions) (any, error) {
	if b, ok := r.([]byte); ok && len(b) == 0 {
		return nil, nil
	}
	return r, nil
}

// pairOrNone is the BLPOP/BRPOP callback: a (key, value) pair, or None
// when the timeout passed.
func pairOrNone(r any, _ CommandOptions) (any, error) {
	list, ok := r.([]any)
	if r == nil || (ok && len(list) == 0) {
		return nil, nil
	}
	if !ok || len(list) != 2 {
		return nil, unexpected("(key, value)", r)
	}
	k, kok := list[0].([]byte)
	v, vok := list[1].([]byte)
	if !kok || !vok {
		return nil, unexpected("(key, value)", r)
	}
	return [2][]byte{k, v}, nil
}

// toSet is "r and set(r) or set()".
func toSet(r any, _ CommandOptions) (any, error) {
	list, _ := r.([]any)
	set := make(map[string]struct{}, len(list))
	for _, item := range list {
		b, ok := item.([]byte)
		if !ok {
			return nil, unexpected("set member", item)
		}
		set[string(b)] = struct{}{}
	}
	return set, nil
}

// zsetScorePairs pairs members with their scores when WITHSCORES was asked
// for; otherwise the reply stays a list.
func zsetScorePairs(r any, options CommandOptions) (any, error) {
	list, _ := r.([]any)
	if len(list) == 0 || !options.WithScores {
		return r, nil
	}
	if len(list)%2 != 0 {
		return nil, unexpected("member, score pairs", r)
	}
	pairs := make([]ScorePair, 0, len(list)/2)
	for i := 0; i < len(list); i += 2 {
		member, ok1 := list[i].([]byte)
		score, ok2 := list[i+1].([]byte)
		if !ok1 || !ok2 {
			return nil, unexpected("member, score pairs", r)
		}
		f, err := parseFloat(score)
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, ScorePair{Member: member, Score: f.(float64)})
	}
	return pairs, nil
}

// pairsToDict makes a dict of a flat key, value, key, value... list
// (HGETALL). Values stay bytes: a hash holds binary data.
func pairsToDict(r any, _ CommandOptions) (any, error) {
	list, _ := r.([]any)
	if len(list)%2 != 0 {
		return nil, unexpected("key, value pairs", r)
	}
	dict := make(map[string][]byte, len(list)/2)
	for i := 0; i < len(list); i += 2 {
		k, ok1 := list[i].([]byte)
		v, ok2 := list[i+1].([]byte)
		if !ok1 || !ok2 {
			return nil, unexpected("key, value pairs", r)
		}
		dict[string(k)] = v
	}
	return dict, nil
}

// parseConfig: CONFIG GET gives a dict of settings (text, so strings),
// CONFIG SET gives whether the reply was OK.
func parseConfig(r any, options CommandOptions) (any, error) {
	if options.Parse != "GET" {
		return r == "OK", nil
	}
	d, err := pairsToDict(r, options)
	if err != nil {
		return nil, err
	}
	config := make(map[string]string, len(d.(map[string][]byte)))
	for k, v := range d.(map[string][]byte) {
		config[k] = string(v)
	}
	return config, nil
}

// timestampToDatetime turns LASTSAVE's Unix time into a local time.Time,
// as datetime.fromtimestamp does; nothing or something else gives None.
func timestampToDatetime(r any, _ CommandOptions) (any, error) {
	n, ok := r.(int64)
	if !ok || n == 0 {
		return nil, nil
	}
	return time.Unix(n, 0), nil
}

// ttl is "r >= 0 and r or None" (redis-py 2.10.0): no expiry (-1) and no
// key (-2, Redis 2.8+) are None. 0 is None too, a quirk kept from 2.4.6.
func ttl(r any, _ CommandOptions) (any, error) {
	if n, ok := r.(int64); ok && n > 0 {
		return n, nil
	}
	return nil, nil
}

// --8<-- [end:helpers]

// --8<-- [start:parse_info]

// ParseInfo turns INFO's text into a map: whole numbers become int64,
// numbers with a dot float64, "k=v,k=v" a nested map, anything else a
// string. Blank lines and "# Section" headers are skipped.
func ParseInfo(info []byte) (map[string]any, error) {
	return parseInfo(info, fixes.Set{})
}

func parseInfo(info []byte, fx fixes.Set) (map[string]any, error) {
	out := map[string]any{}
	for _, line := range strings.Split(strings.ReplaceAll(string(info), "\r\n", "\n"), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		key, value, ok := strings.Cut(line, ":") // the first colon only: redis-py 2.8.0 (1)
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
	if strings.Contains(value, ".") {
		if f, err := strconv.ParseFloat(value, 64); err == nil {
			return f, nil
		}
	} else if n, err := strconv.ParseInt(value, 10, 64); err == nil {
		return n, nil
	}
	if !strings.Contains(value, ",") || (!strings.Contains(value, "=") && fx.On(fixes.InfoNeedsEquals)) {
		return value, nil // "7.0.15", "yes", "a,b" (2.7.0 on) (2)
	}
	sub := map[string]any{}
	for _, item := range strings.Split(value, ",") {
		i := strings.LastIndexByte(item, '=')
		if i < 0 { // Python's rsplit unpacking raises ValueError here (3)
			return nil, exceptions.New(exceptions.ErrInvalidResponse, "INFO item without '=': "+strconv.Quote(item))
		}
		k, v := item[:i], item[i+1:]
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			sub[k] = n
		} else {
			sub[k] = v
		}
	}
	return sub, nil
}

// --8<-- [end:parse_info]

// infoCallback is the INFO callback, parse_info, with fx's fixes.
func infoCallback(fx fixes.Set) ResponseCallback {
	return func(r any, _ CommandOptions) (any, error) {
		b, ok := r.([]byte)
		if !ok {
			return nil, unexpected("INFO text", r)
		}
		return parseInfo(b, fx)
	}
}

func parseInt(b []byte) (any, error) {
	n, err := strconv.ParseInt(string(bytes.TrimSpace(b)), 10, 64)
	if err != nil {
		return nil, exceptions.New(exceptions.ErrInvalidResponse, "invalid literal for int(): "+strconv.Quote(string(b)))
	}
	return n, nil
}

// parseFloat is Python's float(), which also reads "inf" and "-inf".
func parseFloat(b []byte) (any, error) {
	f, err := strconv.ParseFloat(string(bytes.TrimSpace(b)), 64)
	if err != nil {
		return nil, exceptions.New(exceptions.ErrInvalidResponse, "could not convert string to float: "+strconv.Quote(string(b)))
	}
	return f, nil
}

// unexpected is the error for a reply of a shape the callback cannot read,
// where Python would have raised TypeError or ValueError.
func unexpected(want string, r any) error {
	return exceptions.New(exceptions.ErrInvalidResponse, fmt.Sprintf("cannot read %T reply %v as %s", r, r, want))
}
