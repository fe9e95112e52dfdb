package client_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/04-client"
)

// Each callback of the default table on the replies it can meet, with the
// Python result it ports in the case name.
func TestResponseCallbacks(t *testing.T) {
	table := client.DefaultResponseCallbacks()
	withScores := client.CommandOptions{WithScores: true}
	for _, tc := range []struct {
		name    string
		command string
		reply   any
		options client.CommandOptions
		want    any
	}{
		{"bool(1)", "EXISTS", int64(1), client.CommandOptions{}, true},
		{"bool(0)", "DEL", int64(0), client.CommandOptions{}, false},
		{"bool(2): DEL of two keys is True, not 2", "DEL", int64(2), client.CommandOptions{}, true},
		{"bool('OK')", "AUTH", "OK", client.CommandOptions{}, true},
		{"int(5)", "LLEN", int64(5), client.CommandOptions{}, int64(5)},
		{"int('5') from a bulk", "GETBIT", []byte("5"), client.CommandOptions{}, int64(5)},
		{"LPUSH length", "LPUSH", int64(3), client.CommandOptions{}, int64(3)},
		{"LPUSH on a server before 1.3.4", "LPUSH", "OK", client.CommandOptions{}, true},
		{"float_or_none(None)", "ZSCORE", nil, client.CommandOptions{}, nil},
		{"float_or_none('1.5')", "ZSCORE", []byte("1.5"), client.CommandOptions{}, 1.5},
		{"float('inf')", "ZINCRBY", []byte("inf"), client.CommandOptions{}, math.Inf(1)},
		{"r == 'OK'", "SET", "OK", client.CommandOptions{}, true},
		{"r == 'OK' for another status", "SET", "QUEUED", client.CommandOptions{}, false},
		{"BLPOP timed out", "BLPOP", nil, client.CommandOptions{}, nil},
		{"BLPOP (key, value)", "BRPOP", []any{[]byte("k"), []byte("v")}, client.CommandOptions{}, [2][]byte{[]byte("k"), []byte("v")}},
		{"set()", "SMEMBERS", []any{}, client.CommandOptions{}, map[string]struct{}{}},
		{"set(r)", "SINTER", []any{[]byte("a"), []byte("b")}, client.CommandOptions{}, map[string]struct{}{"a": {}, "b": {}}},
		{"range without scores", "ZRANGE", []any{[]byte("a")}, client.CommandOptions{}, []any{[]byte("a")}},
		{"range with scores", "ZREVRANGE", []any{[]byte("a"), []byte("1"), []byte("b"), []byte("-inf")}, withScores,
			[]client.ScorePair{{Member: []byte("a"), Score: 1}, {Member: []byte("b"), Score: math.Inf(-1)}}},
		{"int_or_none(None)", "ZRANK", nil, client.CommandOptions{}, nil},
		{"int_or_none(0)", "ZREVRANK", int64(0), client.CommandOptions{}, int64(0)},
		{"HGETALL", "HGETALL", []any{[]byte("f"), []byte("v")}, client.CommandOptions{}, map[string][]byte{"f": []byte("v")}},
		{"CONFIG GET", "CONFIG", []any{[]byte("maxmemory"), []byte("0")}, client.CommandOptions{Parse: "GET"}, map[string]string{"maxmemory": "0"}},
		{"CONFIG SET", "CONFIG", "OK", client.CommandOptions{Parse: "SET"}, true},
		{"LASTSAVE", "LASTSAVE", int64(1700000000), client.CommandOptions{}, time.Unix(1700000000, 0)},
		{"PING", "PING", "PONG", client.CommandOptions{}, true},
		{"RANDOMKEY of an empty database", "RANDOMKEY", nil, client.CommandOptions{}, nil},
		{"RANDOMKEY '' is None too", "RANDOMKEY", []byte{}, client.CommandOptions{}, nil},
		{"TTL 10", "TTL", int64(10), client.CommandOptions{}, int64(10)},
		{"TTL -1: no expiry", "TTL", int64(-1), client.CommandOptions{}, nil},
		{"TTL -2: no key (2.10.0)", "TTL", int64(-2), client.CommandOptions{}, nil},
		{"TTL 0 is None: the and/or quirk", "TTL", int64(0), client.CommandOptions{}, nil},
		{"BGSAVE", "BGSAVE", "Background saving started", client.CommandOptions{}, true},
		{"BGREWRITEAOF (2.10.0)", "BGREWRITEAOF", "Background append only file rewriting started", client.CommandOptions{}, true},
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

// A reply a callback cannot read is an InvalidResponse error, never a panic.
func TestResponseCallbacksRefuseOddReplies(t *testing.T) {
	table := client.DefaultResponseCallbacks()
	for _, tc := range []struct {
		command string
		reply   any
	}{
		{"LLEN", []byte("five")},
		{"ZSCORE", []byte("x")},
		{"ZSCORE", int64(1)},
		{"BLPOP", []any{[]byte("only a key")}},
		{"SMEMBERS", []any{int64(1)}},
		{"HGETALL", []any{[]byte("odd")}},
		{"INFO", int64(1)},
		{"EXISTS", 1.5},
	} {
		_, err := table[tc.command](tc.reply, client.CommandOptions{})
		assert.ErrorIs(t, err, exceptions.ErrInvalidResponse, "%s %#v", tc.command, tc.reply)
	}
	_, err := table["ZRANGE"]([]any{[]byte("a")}, client.CommandOptions{WithScores: true})
	assert.ErrorIs(t, err, exceptions.ErrInvalidResponse, "a member without its score")
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
