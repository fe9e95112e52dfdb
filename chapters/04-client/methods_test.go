package client_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/redispy-go/redispy/chapters/04-client"
)

// methods246 is every method of the Redis class in redis-py 2.4.6's
// redis/client.py (lines 104-1046), in the order the file defines them,
// aliases included.
var methods246 = strings.Fields(`
	__init__ set_response_callback pipeline lock pubsub execute_command parse_response
	bgrewriteaof bgsave config_get config_set dbsize delete __delitem__ flushall flushdb
	info lastsave ping save shutdown slaveof
	append decr exists __contains__ expire expireat get __getitem__ getbit getset incr
	keys mget mset msetnx move persist randomkey rename renamenx set __setitem__ setbit
	setex setnx setrange strlen substr ttl type watch unwatch
	blpop brpop brpoplpush lindex linsert llen lpop lpush lpushx lrange lrem lset ltrim
	rpop rpoplpush rpush rpushx sort
	sadd scard sdiff sdiffstore sinter sinterstore sismember smembers smove spop
	srandmember srem sunion sunionstore
	zadd zcard zcount zincrby zinterstore zrange zrangebyscore zrank zrem
	zremrangebyrank zremrangebyscore zrevrange zrevrangebyscore zrevrank zscore
	zunionstore _zaggregate
	hdel hexists hget hgetall hincrby hkeys hlen hset hsetnx hmset hmget hvals publish
`)

// notMethods are the Python names whose Go counterpart is not a method of
// *Redis, with where it went instead.
var notMethods = map[string]string{
	"__init__":     "NewRedis, a function",
	"__delitem__":  "del client[name]: no operators in Go; Delete",
	"__contains__": "name in client: no operators in Go; Exists",
	"__setitem__":  "client[name] = value: no operators in Go; Set",
	"_zaggregate":  "unexported zaggregate, behind Zinterstore and Zunionstore",
	// The Redis class hands these out; each is a class of its own in
	// client.py and a chapter of its own here, not yet written.
	"pipeline": "Pipeline (client.py L1167), a later chapter",
	"lock":     "lock.New (chapters/07-lock) and redispy.NewLock: a Lock needs chapter 07, which imports this package",
	"pubsub":   "PubSub (client.py L1049), a later chapter",
}

// goName is the Go spelling of a Python method name: snake_case becomes
// CamelCase, and client[name] becomes GetItem.
func goName(py string) string {
	if py == "__getitem__" {
		return "GetItem"
	}
	var b strings.Builder
	for _, part := range strings.Split(py, "_") {
		if part == "" {
			continue
		}
		r := []rune(part)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	return b.String()
}

// TestEveryMethodOf246 fails when a method of 2.4.6's Redis class has no Go
// counterpart, so the port cannot quietly skip one.
func TestEveryMethodOf246(t *testing.T) {
	typ := reflect.TypeOf(&client.Redis{})
	seen := map[string]bool{}
	for _, py := range methods246 {
		if seen[py] {
			t.Errorf("%s is listed twice", py)
		}
		seen[py] = true
		if why, ok := notMethods[py]; ok {
			if _, has := typ.MethodByName(goName(py)); has && !strings.HasPrefix(py, "__") {
				t.Errorf("%s: listed as %q, but *Redis has %s: take it off the list", py, why, goName(py))
			}
			continue
		}
		if _, ok := typ.MethodByName(goName(py)); !ok {
			t.Errorf("2.4.6's Redis.%s has no Go counterpart: want (*Redis).%s", py, goName(py))
		}
	}
	for py := range notMethods {
		if !seen[py] {
			t.Errorf("notMethods lists %s, which 2.4.6's Redis does not have", py)
		}
	}
	if len(methods246) != 116 {
		t.Errorf("the list has %d names; 2.4.6's Redis class has 116", len(methods246))
	}
}

func TestGoName(t *testing.T) {
	for py, want := range map[string]string{
		"set_response_callback": "SetResponseCallback",
		"zrangebyscore":         "Zrangebyscore",
		"__getitem__":           "GetItem",
		"type":                  "Type",
	} {
		if got := goName(py); got != want {
			t.Errorf("goName(%q) = %q, want %q", py, got, want)
		}
	}
}
