package client_test

import (
	"math"
	"math/big"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/fixes"
	"github.com/redispy-go/redispy/internal/redistest"
)

// A Python reply as the Go parser gives it: 2.4.6's PythonParser made a
// long of every integer reply (int64 here) and a str of every status
// (string) and bulk ([]byte) reply.
func long(s string) *big.Int {
	n, _ := new(big.Int).SetString(s, 10)
	return n
}

// Each callback of the default table on the replies it can meet, and on
// replies no server sends for that command, with what 2.4.6's own callback
// returned for the same Python value under Python 2.7.18 in the case name.
func TestResponseCallbacks(t *testing.T) {
	table := client.DefaultResponseCallbacks()
	none := client.CommandOptions{}
	withScores := client.CommandOptions{WithScores: true}
	get := client.CommandOptions{Parse: "GET"}
	for _, tc := range []struct {
		name    string
		command string
		reply   any
		options client.CommandOptions
		want    any
	}{
		{"bool(1L) is True", "EXISTS", int64(1), none, true},
		{"bool(0L) is False", "DEL", int64(0), none, false},
		{"bool(2L) is True: DEL of two keys is True, not 2", "DEL", int64(2), none, true},
		{"bool('OK') is True", "AUTH", "OK", none, true},
		{"bool('0') is True: a str that is not empty", "EXISTS", []byte("0"), none, true},
		{"bool('') is False", "EXISTS", []byte{}, none, false},
		{"bool(None) is False", "EXISTS", nil, none, false},
		{"bool([]) is False", "EXISTS", []any{}, none, false},
		{"bool(['k']) is True", "EXISTS", []any{[]byte("k")}, none, true},

		{"int(5L) is 5", "LLEN", int64(5), none, int64(5)},
		{"int('5') is 5", "GETBIT", []byte("5"), none, int64(5)},
		{"int(' 5 ') is 5: int() strips blanks", "STRLEN", []byte(" 5 "), none, int64(5)},
		{"int('- 5') is -5", "INCRBY", []byte("- 5"), none, int64(-5)},
		{"int('99999999999999999999') is 99999999999999999999L", "DECRBY", []byte("99999999999999999999"), none, long("99999999999999999999")},

		{"LPUSH 3L is 3L", "LPUSH", int64(3), none, int64(3)},
		{"LPUSH 'OK' is True: a server before 1.3.4", "LPUSH", "OK", none, true},
		{"LPUSH bulk 'OK' is True: the same str", "RPUSH", []byte("OK"), none, true},
		{"LPUSH 0L is False: 0 or r == 'OK'", "LPUSH", int64(0), none, false},

		{"float_or_none(None) is None", "ZSCORE", nil, none, nil},
		{"float_or_none('1.5') is 1.5", "ZSCORE", []byte("1.5"), none, 1.5},
		{"float_or_none(' 1.5 ') is 1.5", "ZSCORE", []byte(" 1.5 "), none, 1.5},
		{"float_or_none('inf') is inf", "ZINCRBY", []byte("inf"), none, math.Inf(1)},
		{"float_or_none('-Infinity') is -inf", "ZINCRBY", []byte("-Infinity"), none, math.Inf(-1)},
		{"float_or_none('1e400') is inf", "ZSCORE", []byte("1e400"), none, math.Inf(1)},
		{"float_or_none('1e-400') is 0.0", "ZSCORE", []byte("1e-400"), none, 0.0},
		{"float_or_none(1L) is 1.0", "ZSCORE", int64(1), none, 1.0},

		{"'OK' == 'OK' is True", "SET", "OK", none, true},
		{"bulk 'OK' == 'OK' is True: one str in Python", "SET", []byte("OK"), none, true},
		{"'QUEUED' == 'OK' is False", "SET", "QUEUED", none, false},
		{"None == 'OK' is False", "MSET", nil, none, false},
		{"1L == 'OK' is False", "FLUSHDB", int64(1), none, false},
		{"'PONG' == 'PONG' is True", "PING", "PONG", none, true},
		{"bulk 'PONG' == 'PONG' is True", "PING", []byte("PONG"), none, true},
		{"'OK' == 'PONG' is False", "PING", "OK", none, false},

		{"BLPOP None is None: timed out", "BLPOP", nil, none, nil},
		{"BLPOP [] is None", "BLPOP", []any{}, none, nil},
		{"BLPOP 0L is None", "BLPOP", int64(0), none, nil},
		{"BLPOP ['k', 'v'] is ('k', 'v')", "BRPOP", []any{[]byte("k"), []byte("v")}, none, []any{[]byte("k"), []byte("v")}},
		{"BLPOP ['k', 'v', 'x'] is ('k', 'v', 'x'): the whole reply", "BLPOP",
			[]any{[]byte("k"), []byte("v"), []byte("x")}, none, []any{[]byte("k"), []byte("v"), []byte("x")}},
		{"BLPOP ['k'] is ('k',)", "BLPOP", []any{[]byte("k")}, none, []any{[]byte("k")}},

		{"set([]) is set()", "SMEMBERS", []any{}, none, map[string]struct{}{}},
		{"None gives set()", "SMEMBERS", nil, none, map[string]struct{}{}},
		{"0L gives set()", "SDIFF", int64(0), none, map[string]struct{}{}},
		{"set(['a', 'b', 'a']) is set(['a', 'b'])", "SINTER", []any{[]byte("a"), []byte("b"), []byte("a")}, none, map[string]struct{}{"a": {}, "b": {}}},

		{"range without scores is the list", "ZRANGE", []any{[]byte("a")}, none, []any{[]byte("a")}},
		{"range with scores is [('a', 1.0), ('b', -inf)]", "ZREVRANGE", []any{[]byte("a"), []byte("1"), []byte("b"), []byte("-inf")}, withScores,
			[]client.ScorePair{{Member: []byte("a"), Score: 1}, {Member: []byte("b"), Score: math.Inf(-1)}}},
		{"range [] with scores is []", "ZRANGE", []any{}, withScores, []any{}},
		{"range None with scores is None", "ZRANGE", nil, withScores, nil},
		{"range 0L with scores is 0L", "ZRANGE", int64(0), withScores, int64(0)},
		{"range [None, '1'] is [(None, 1.0)]", "ZRANGEBYSCORE", []any{nil, []byte("1")}, withScores, []client.ScorePair{{Member: nil, Score: 1}}},
		{"range ['a', 1L] is [('a', 1.0)]", "ZRANGE", []any{[]byte("a"), int64(1)}, withScores, []client.ScorePair{{Member: []byte("a"), Score: 1}}},
		{"range ['a', ' 2 '] is [('a', 2.0)]", "ZRANGE", []any{[]byte("a"), []byte(" 2 ")}, withScores, []client.ScorePair{{Member: []byte("a"), Score: 2}}},
		{"range ['a', '1e400'] is [('a', inf)]", "ZRANGE", []any{[]byte("a"), []byte("1e400")}, withScores, []client.ScorePair{{Member: []byte("a"), Score: math.Inf(1)}}},

		{"int_or_none(None) is None", "ZRANK", nil, none, nil},
		{"int_or_none(0L) is 0", "ZREVRANK", int64(0), none, int64(0)},
		{"int_or_none(' 5 ') is 5", "ZRANK", []byte(" 5 "), none, int64(5)},

		{"HGETALL ['f', 'v'] is {'f': 'v'}", "HGETALL", []any{[]byte("f"), []byte("v")}, none, map[string][]byte{"f": []byte("v")}},
		{"HGETALL None is {}", "HGETALL", nil, none, map[string][]byte{}},
		{"HGETALL [] is {}", "HGETALL", []any{}, none, map[string][]byte{}},
		{"HGETALL ['f', 'v', 'f', 'w'] is {'f': 'w'}: the later key wins", "HGETALL",
			[]any{[]byte("f"), []byte("v"), []byte("f"), []byte("w")}, none, map[string][]byte{"f": []byte("w")}},
		{"HGETALL ['a', None] is {'a': None}", "HGETALL", []any{[]byte("a"), nil}, none, map[string][]byte{"a": nil}},

		{"CONFIG GET ['maxmemory', '0'] is {'maxmemory': '0'}", "CONFIG", []any{[]byte("maxmemory"), []byte("0")}, get, map[string]string{"maxmemory": "0"}},
		{"CONFIG GET None is {}", "CONFIG", nil, get, map[string]string{}},
		{"CONFIG SET 'OK' is True", "CONFIG", "OK", client.CommandOptions{Parse: "SET"}, true},
		{"CONFIG SET bulk 'OK' is True", "CONFIG", []byte("OK"), client.CommandOptions{Parse: "SET"}, true},
		// Python's callback indexes options['parse']: KeyError: 'parse'.
		{"CONFIG without parse (Python: KeyError 'parse') reads as SET", "CONFIG", "OK", none, true},

		{"LASTSAVE 1700000000L is a datetime", "LASTSAVE", int64(1700000000), none, time.Unix(1700000000, 0)},
		{"LASTSAVE bulk '1700000000' is a datetime", "LASTSAVE", []byte("1700000000"), none, time.Unix(1700000000, 0)},
		{"LASTSAVE ' 17 ' is a datetime 17 seconds in", "LASTSAVE", []byte(" 17 "), none, time.Unix(17, 0)},
		{"LASTSAVE -1L is a datetime before 1970", "LASTSAVE", int64(-1), none, time.Unix(-1, 0)},
		{"LASTSAVE 0L is None", "LASTSAVE", int64(0), none, nil},
		{"LASTSAVE None is None", "LASTSAVE", nil, none, nil},
		{"LASTSAVE '' is None", "LASTSAVE", []byte{}, none, nil},
		{"LASTSAVE [] is None", "LASTSAVE", []any{}, none, nil},
		{"LASTSAVE 'abc' is None: int() raised ValueError, caught", "LASTSAVE", []byte("abc"), none, nil},
		{"LASTSAVE '1e400' is None", "LASTSAVE", []byte("1e400"), none, nil},
		{"LASTSAVE 'OK' is None", "LASTSAVE", "OK", none, nil},

		{"RANDOMKEY None is None: an empty database", "RANDOMKEY", nil, none, nil},
		{"RANDOMKEY '' is None too", "RANDOMKEY", []byte{}, none, nil},
		{"RANDOMKEY 0L is None", "RANDOMKEY", int64(0), none, nil},
		{"RANDOMKEY [] is None", "RANDOMKEY", []any{}, none, nil},
		{"RANDOMKEY 'k' is 'k'", "RANDOMKEY", []byte("k"), none, []byte("k")},
		{"BRPOPLPUSH '' is None", "BRPOPLPUSH", []byte{}, none, nil},
		{"BRPOPLPUSH 1L is 1L", "BRPOPLPUSH", int64(1), none, int64(1)},

		{"TTL 10L is 10L", "TTL", int64(10), none, int64(10)},
		{"TTL -1L is None: no expiry", "TTL", int64(-1), none, nil},
		{"TTL -2L is None: no key (2.10.0)", "TTL", int64(-2), none, nil},
		{"TTL 0L is None: the and/or quirk", "TTL", int64(0), none, nil},
		{"TTL '5' is '5': Python 2 orders a str after every number", "TTL", []byte("5"), none, []byte("5")},
		{"TTL '' is None", "TTL", []byte{}, none, nil},

		{"BGSAVE 'Background saving started' is True", "BGSAVE", "Background saving started", none, true},
		{"BGREWRITEAOF is True for any reply (2.10.0)", "BGREWRITEAOF", "Background append only file rewriting started", none, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			callback, ok := table[tc.command]
			require.True(t, ok, "%s has no callback", tc.command)
			got, err := callback(tc.reply, tc.options)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// A reply a callback cannot read is an InvalidResponse error, never a
// panic. Where 2.4.6 raised, the message is Python's; where 2.4.6 made
// something of the reply that the port will not (the name says what), the
// message is the port's own.
func TestResponseCallbacksRefuseOddReplies(t *testing.T) {
	table := client.DefaultResponseCallbacks()
	none := client.CommandOptions{}
	withScores := client.CommandOptions{WithScores: true}
	for _, tc := range []struct {
		name    string
		command string
		reply   any
		options client.CommandOptions
		message string // Python's, where Python raised; "" for the port's own
	}{
		{"int('five') raises ValueError", "LLEN", []byte("five"), none, "invalid literal for int() with base 10: 'five'"},
		{"int('1_0') raises ValueError", "LLEN", []byte("1_0"), none, "invalid literal for int() with base 10: '1_0'"},
		{"int('5\\x00') raises ValueError", "LLEN", []byte("5\x00"), none, "null byte in argument for int()"},
		{"int(None) raises TypeError", "LLEN", nil, none, "int() argument must be a string or a number, not 'NoneType'"},
		{"int(['k']) raises TypeError", "ZRANK", []any{[]byte("k")}, none, "int() argument must be a string or a number, not 'list'"},
		{"float('x') raises ValueError", "ZSCORE", []byte("x"), none, "could not convert string to float: x"},
		{"float('0x1p4') raises ValueError", "ZSCORE", []byte("0x1p4"), none, "invalid literal for float(): 0x1p4"},
		{"float('1_0') raises ValueError", "ZINCRBY", []byte("1_0"), none, "invalid literal for float(): 1_0"},
		{"float(['k']) raises TypeError", "ZSCORE", []any{[]byte("k")}, none, "float() argument must be a string or a number"},
		{"tuple(1L) raises TypeError", "BLPOP", int64(1), none, "'long' object is not iterable"},
		{"tuple('OK') is ('O', 'K'): refused", "BLPOP", "OK", none, ""},
		{"set(5L) raises TypeError", "SMEMBERS", int64(5), none, "'long' object is not iterable"},
		{"set('abc') is set(['a', 'c', 'b']): refused", "SMEMBERS", []byte("abc"), none, ""},
		{"set([1L]) is set([1L]): refused, a Go set holds strings", "SMEMBERS", []any{int64(1)}, none, ""},
		{"set([None]) is set([None]): refused", "SUNION", []any{nil}, none, ""},
		{"set([['x']]) raises TypeError", "SMEMBERS", []any{[]any{[]byte("x")}}, none, "unhashable type: 'list'"},
		{"HGETALL 1L raises TypeError", "HGETALL", int64(1), none, "'long' object is not iterable"},
		{"HGETALL 'abcd' is {'a': 'b', 'c': 'd'}: refused", "HGETALL", []byte("abcd"), none, ""},
		{"HGETALL [None, 'a'] is {None: 'a'}: refused", "HGETALL", []any{nil, []byte("a")}, none, ""},
		{"HGETALL ['a', 1L] is {'a': 1L}: refused", "HGETALL", []any{[]byte("a"), int64(1)}, none, ""},
		{"CONFIG GET ['a', None] is {'a': None}: refused, a setting is text", "CONFIG", []any{[]byte("a"), nil}, client.CommandOptions{Parse: "GET"}, ""},
		{"range ['a', None] with scores raises TypeError", "ZRANGE", []any{[]byte("a"), nil}, withScores, "float() argument must be a string or a number"},
		{"range ['a', 'x'] with scores raises ValueError", "ZRANGE", []any{[]byte("a"), []byte("x")}, withScores, "could not convert string to float: x"},
		{"range [1L, 2L] with scores is [(1L, 2.0)]: refused", "ZRANGE", []any{int64(1), int64(2)}, withScores, ""},
		{"range ' 5 ' with scores is [(' ', 5.0)]: refused", "ZRANGE", []byte(" 5 "), withScores, ""},
		{"INFO 1L raises AttributeError", "INFO", int64(1), none, "'long' object has no attribute 'splitlines'"},
		{"INFO None raises AttributeError", "INFO", nil, none, "'NoneType' object has no attribute 'splitlines'"},
		{"LASTSAVE ['k'] raises TypeError", "LASTSAVE", []any{[]byte("k")}, none, "int() argument must be a string or a number, not 'list'"},
		{"LASTSAVE 253402473599 raises ValueError", "LASTSAVE", []byte("253402473599"), none, "year is out of range"},
		{"LASTSAVE -62135769600 raises ValueError", "LASTSAVE", int64(-62135769600), none, "year is out of range"},
		{"LASTSAVE 10**18 raises ValueError", "LASTSAVE", int64(1e18), none, "timestamp out of range for platform localtime()/gmtime() function"},
		{"LASTSAVE 9223372036854775807 raises ValueError", "LASTSAVE", int64(math.MaxInt64), none, "timestamp out of range for platform time_t"},
		{"LASTSAVE '99999999999999999999' raises ValueError", "LASTSAVE", []byte("99999999999999999999"), none, "timestamp out of range for platform time_t"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := table[tc.command](tc.reply, tc.options)
			require.ErrorIs(t, err, exceptions.ErrInvalidResponse, "got %#v", got)
			if tc.message != "" {
				assert.Equal(t, tc.message, err.Error())
			}
		})
	}
}

// odd-pairs-refused: HGETALL, CONFIG GET and WITHSCORES ranges read a flat
// list two items at a time; 2.4.6's izip(it, it) drops an odd last item.
// No command sends one, so the reply here is a script's, read with
// HGETALL's own callback, on both backends.
func TestOddPairsRefused(t *testing.T) {
	const odd = "return {'a', '1', 'b'}"
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		for _, tc := range []struct {
			name    string
			command string
			options client.CommandOptions
			was     any // 2.4.6, the fix off
		}{
			{"HGETALL: pairs_to_dict gives {'a': '1'}", "HGETALL", client.CommandOptions{}, map[string][]byte{"a": []byte("1")}},
			{"CONFIG GET: pairs_to_dict gives {'a': '1'}", "CONFIG", client.CommandOptions{Parse: "GET"}, map[string]string{"a": "1"}},
			{"ZRANGE WITHSCORES: zset_score_pairs gives [('a', 1.0)]", "ZRANGE", client.CommandOptions{WithScores: true},
				[]client.ScorePair{{Member: []byte("a"), Score: 1}}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				for _, fx := range []fixes.Set{{}, fixes.Without(fixes.OddPairsRefused)} {
					r := newClient(s, client.Options{Fixes: fx})
					defer r.ConnectionPool.Disconnect()
					r.SetResponseCallback("EVAL", r.ResponseCallbacks()[tc.command])
					got, err := r.ExecuteCommandWith(tc.options, "EVAL", odd, 0)
					if fx.On(fixes.OddPairsRefused) {
						assert.ErrorIs(t, err, exceptions.ErrInvalidResponse, "the port: got %#v", got)
						assert.ErrorContains(t, err, "odd number of items (3)")
						continue
					}
					require.NoError(t, err)
					assert.Equal(t, tc.was, got, "2.4.6 drops 'b'")
				}
			})
		}
	})
}

// Blpop and Brpop return a (key, value) pair. The callback hands on the
// whole reply, as 2.4.6's tuple(r) does; a reply of another shape is an
// error from the method, with the whole reply still there through
// ExecuteCommand. Here a callback adds an item to the real reply before
// the default callback reads it.
func TestBlpopReplyShapes(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newClient(s, client.Options{})
		defer r.ConnectionPool.Disconnect()
		tuple := client.DefaultResponseCallbacks()["BLPOP"]
		for _, tc := range []struct {
			name  string
			reply func([]any) []any
		}{
			{"('k', 'v', 'x'): three items", func(l []any) []any { return append(l, []byte("x")) }},
			{"('k',): one item", func(l []any) []any { return l[:1] }},
			{"(1L, 'v'): a number for a key", func(l []any) []any { return []any{int64(1), l[1]} }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r.SetResponseCallback("BLPOP", func(reply any, o client.CommandOptions) (any, error) {
					return tuple(tc.reply(reply.([]any)), o)
				})
				_, err := r.Rpush("q", "v")
				require.NoError(t, err)
				key, value, err := r.Blpop([]string{"q"}, 1)
				assert.ErrorIs(t, err, exceptions.ErrInvalidResponse)
				assert.ErrorContains(t, err, "ExecuteCommand")
				assert.Nil(t, key)
				assert.Nil(t, value)
			})
		}
		r.SetResponseCallback("BLPOP", nil) // the parser's list, as it is
		_, err := r.Rpush("q", "v")
		require.NoError(t, err)
		key, value, err := r.Blpop([]string{"q"}, 1)
		require.NoError(t, err)
		assert.Equal(t, "q v", string(key)+" "+string(value), "a list is read as the tuple")
	})
}

// LASTSAVE: 2.4.6 returns None for a false reply or a str int() cannot
// read, and a datetime for a bulk string of digits. Lastsave says None with
// a nil pointer. (miniredis has no LASTSAVE.)
func TestLastsave(t *testing.T) {
	s := redistest.RedisServer(t)
	r := newClient(s, client.Options{})
	defer r.ConnectionPool.Disconnect()
	when, err := r.Lastsave()
	require.NoError(t, err)
	require.NotNil(t, when)
	real := when.Unix()

	datetime := client.DefaultResponseCallbacks()["LASTSAVE"]
	for _, tc := range []struct {
		name string
		as   func(int64) any // the real reply, as another reply
		none bool
	}{
		{"a bulk str of its digits is the same datetime", func(n int64) any { return []byte(strconv.FormatInt(n, 10)) }, false},
		{"0L is None", func(int64) any { return int64(0) }, true},
		{"bulk 'never' is None", func(int64) any { return []byte("never") }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r.SetResponseCallback("LASTSAVE", func(reply any, o client.CommandOptions) (any, error) {
				return datetime(tc.as(reply.(int64)), o)
			})
			when, err := r.Lastsave()
			require.NoError(t, err)
			if tc.none {
				assert.Nil(t, when)
				return
			}
			require.NotNil(t, when)
			assert.Equal(t, real, when.Unix())
		})
	}
}

// SetResponseCallback(name, nil) removes name's callback: the reply comes
// back as the parser gave it. (Python stores the None, and the next such
// command raises TypeError: 'NoneType' object is not callable.)
func TestSetResponseCallbackNil(t *testing.T) {
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newClient(s, client.Options{})
		defer r.ConnectionPool.Disconnect()
		_, err := r.Set("a", "1")
		require.NoError(t, err)

		r.SetResponseCallback("EXISTS", nil)
		assert.NotContains(t, r.ResponseCallbacks(), "EXISTS")
		reply, err := r.ExecuteCommand("EXISTS", "a")
		require.NoError(t, err)
		assert.Equal(t, int64(1), reply, "the parser's integer, not bool(r)")
		_, err = r.Exists("a")
		assert.ErrorIs(t, err, exceptions.ErrData, "Exists returns a bool")

		r.SetResponseCallback("GET", nil) // GET has no callback: nothing changes
		v, err := r.Get("a")
		require.NoError(t, err)
		assert.Equal(t, "1", string(v))

		r.SetResponseCallback("EXISTS", client.DefaultResponseCallbacks()["EXISTS"])
		ok, err := r.Exists("a")
		require.NoError(t, err)
		assert.True(t, ok)
	})
}

// GetItem's KeyError prints as Python 2's str(KeyError(name)): the repr of
// the key. The right-hand sides are what Python 2.7.18 printed.
func TestKeyErrorIsPythonsStr(t *testing.T) {
	for key, want := range map[string]string{
		"missing":  `'missing'`,
		"":         `''`,
		"it's":     `"it's"`,
		`a"b`:      `'a"b'`,
		`a'b"c`:    `'a\'b"c'`,
		`'"`:       `'\'"'`,
		`\`:        `'\\'`,
		"\x00":     `'\x00'`,
		"\x01\x1f": `'\x01\x1f'`,
		"\x7f":     `'\x7f'`,
		"\x80\xff": `'\x80\xff'`,
		"café":     `'caf\xc3\xa9'`,
		"\t\n\r":   `'\t\n\r'`,
		"a b":      `'a b'`,
	} {
		assert.Equal(t, want, (&client.KeyError{Key: key}).Error(), "%q", key)
	}
	redistest.Each(t, func(t *testing.T, s *redistest.Server) {
		r := newClient(s, client.Options{})
		defer r.ConnectionPool.Disconnect()
		_, err := r.GetItem("missing")
		var keyError *client.KeyError
		require.ErrorAs(t, err, &keyError)
		assert.Equal(t, "'missing'", err.Error())
		assert.NotErrorIs(t, err, exceptions.ErrRedis, "KeyError is not a RedisError")
	})
}

func TestParseInfo(t *testing.T) {
	info, err := client.ParseInfo([]byte("# Server\r\n" +
		"redis_version:7.0.15\r\n" +
		"uptime_in_seconds:42\r\n" +
		"mem_fragmentation_ratio:1.25\r\n" +
		"executable:/usr/bin/redis-server\r\n" +
		"listener0:name=tcp,bind=127.0.0.1,port=6379\r\n" +
		"\r\n" +
		"# Keyspace\r\n" +
		"db9:keys=2,expires=0,avg_ttl=0\r\n"))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"redis_version":           "7.0.15",
		"uptime_in_seconds":       int64(42),
		"mem_fragmentation_ratio": 1.25,
		"executable":              "/usr/bin/redis-server",
		"listener0":               map[string]any{"name": "tcp", "bind": "127.0.0.1", "port": int64(6379)},
		"db9":                     map[string]any{"keys": int64(2), "expires": int64(0), "avg_ttl": int64(0)},
	}, info)

	// 2.4.6 unpacked split(':') into two names and raised ValueError here;
	// 2.8.0 splits at the first colon.
	info, err = client.ParseInfo([]byte("config_file:C:\\redis\\redis.conf\r\n"))
	require.NoError(t, err)
	assert.Equal(t, `C:\redis\redis.conf`, info["config_file"])

	// A list without '=' stays text (2.7.0); 2.4.6 raised ValueError.
	info, err = client.ParseInfo([]byte("modules:a,b\r\n"))
	require.NoError(t, err)
	assert.Equal(t, "a,b", info["modules"])

	// What every release raises on is an error, not a guess.
	for _, bad := range []string{"no colon here\r\n", "mixed:k=1,bare\r\n"} {
		_, err = client.ParseInfo([]byte(bad))
		assert.ErrorIs(t, err, exceptions.ErrInvalidResponse, bad)
	}
}

// parse_info reads each value with Python 2.7's int() and float(), and
// splits lines as str.splitlines() does. Each case name has what 2.4.6's
// parse_info returned for the same text.
func TestParseInfoReadsNumbersAsPython(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want map[string]any
	}{
		{"'a: 5' is {'a': 5}", "a: 5", map[string]any{"a": int64(5)}},
		{"'a:\\t5' is {'a': 5}", "a:\t5", map[string]any{"a": int64(5)}},
		{"'a: 1.5' is {'a': 1.5}", "a: 1.5", map[string]any{"a": 1.5}},
		{"'a:1.' is {'a': 1.0}", "a:1.", map[string]any{"a": 1.0}},
		{"'a:1.5e400' is {'a': inf}", "a:1.5e400", map[string]any{"a": math.Inf(1)}},
		{"'a:1e400' is {'a': '1e400'}: no dot, and int() refuses it", "a:1e400", map[string]any{"a": "1e400"}},
		{"'a:inf' is {'a': 'inf'}: no dot", "a:inf", map[string]any{"a": "inf"}},
		{"'a:0x1.8p1' is {'a': '0x1.8p1'}", "a:0x1.8p1", map[string]any{"a": "0x1.8p1"}},
		{"'a:1_0.5' is {'a': '1_0.5'}", "a:1_0.5", map[string]any{"a": "1_0.5"}},
		{"'a:1_0' is {'a': '1_0'}", "a:1_0", map[string]any{"a": "1_0"}},
		{"'a:- 5' is {'a': -5}", "a:- 5", map[string]any{"a": int64(-5)}},
		{"'a:007' is {'a': 7}", "a:007", map[string]any{"a": int64(7)}},
		{"'a:' is {'a': ''}", "a:", map[string]any{"a": ""}},
		{"'a:99999999999999999999' is {'a': 99999999999999999999L}", "a:99999999999999999999", map[string]any{"a": long("99999999999999999999")}},
		{"'a:k=99999999999999999999,b= 5,c=1.5,d=' is {'a': {'k': 99999999999999999999L, 'b': 5, 'c': '1.5', 'd': ''}}",
			"a:k=99999999999999999999,b= 5,c=1.5,d=",
			map[string]any{"a": map[string]any{"k": long("99999999999999999999"), "b": int64(5), "c": "1.5", "d": ""}}},
		{"'a:1\\rb:2' is {'a': 1, 'b': 2}: a lone \\r ends a line", "a:1\rb:2", map[string]any{"a": int64(1), "b": int64(2)}},
		{"'a:1\\n\\r\\nb:2' is {'a': 1, 'b': 2}", "a:1\n\r\nb:2", map[string]any{"a": int64(1), "b": int64(2)}},
		{"' #x:1' is {' #x': 1}: only a leading # is a header", " #x:1", map[string]any{" #x": int64(1)}},
		// 2.4.6 split at every colon and raised ValueError; with 2.8.0's
		// first colon, \x0b is no line break to str.splitlines().
		{"'a:1\\x0bb:2' is one line", "a:1\x0bb:2", map[string]any{"a": "1\x0bb:2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := client.ParseInfo([]byte(tc.text))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
