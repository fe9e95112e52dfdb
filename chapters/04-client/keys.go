package client

import (
	"slices"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
)

// Basic key commands: redis/client.py, lines 329-512.
// https://github.com/redis/redis-py/blob/2.4.6/redis/client.py#L329-L512

// Append appends value to the string at key and returns its new length.
func (r *Redis) Append(key string, value any) (int64, error) {
	return as[int64](r.ExecuteCommand("APPEND", key, value))
}

// Decr subtracts amount (Python's default: 1) from the number at name.
func (r *Redis) Decr(name string, amount int64) (int64, error) {
	return as[int64](r.ExecuteCommand("DECRBY", name, amount))
}

// --8<-- [start:exists]

// Exists reports whether name exists.
func (r *Redis) Exists(name string) (bool, error) {
	return as[bool](r.ExecuteCommand("EXISTS", name))
}

// --8<-- [end:exists]

// Expire makes name expire in seconds.
func (r *Redis) Expire(name string, seconds int64) (bool, error) {
	return as[bool](r.ExecuteCommand("EXPIRE", name, seconds))
}

// Expireat makes name expire at when: a Unix time in seconds, or a
// time.Time (Python's datetime), which is cut to whole seconds.
func (r *Redis) Expireat(name string, when any) (bool, error) {
	if t, ok := when.(time.Time); ok {
		when = t.Unix()
	}
	return as[bool](r.ExecuteCommand("EXPIREAT", name, when))
}

// Get returns the value at name, nil if there is none.
func (r *Redis) Get(name string) ([]byte, error) {
	return as[[]byte](r.ExecuteCommand("GET", name))
}

// --8<-- [start:get_item]

// KeyError is GetItem's error for a key with no value: Python's KeyError,
// which is not a RedisError.
type KeyError struct{ Key string }

// Error is str() of Python 2's KeyError(name): the repr of the key alone,
// 'missing' in quotes (a Go string is Python 2's byte str, so "café" is
// 'caf\xc3\xa9').
func (e *KeyError) Error() string { return exceptions.PyRepr(e.Key) }

// GetItem is client[name]: Get, but a missing value is an error. Like
// 2.4.6 it tests the value's truth, so an empty string is missing too.
func (r *Redis) GetItem(name string) ([]byte, error) {
	value, err := r.Get(name)
	if err != nil {
		return nil, err
	}
	if len(value) == 0 {
		return nil, &KeyError{Key: name}
	}
	return value, nil
}

// --8<-- [end:get_item]

// Getbit returns the bit at offset in the string at name.
func (r *Redis) Getbit(name string, offset int64) (int64, error) {
	return as[int64](r.ExecuteCommand("GETBIT", name, offset))
}

// Getset sets name to value and returns the old value (nil if none).
func (r *Redis) Getset(name string, value any) ([]byte, error) {
	return as[[]byte](r.ExecuteCommand("GETSET", name, value))
}

// Incr adds amount (Python's default: 1) to the number at name.
func (r *Redis) Incr(name string, amount int64) (int64, error) {
	return as[int64](r.ExecuteCommand("INCRBY", name, amount))
}

// Keys returns the keys matching pattern ("*" for all).
func (r *Redis) Keys(pattern string) ([][]byte, error) {
	return bulks(r.ExecuteCommand("KEYS", pattern))
}

// Mget returns the values of keys in order, nil where a key has none.
func (r *Redis) Mget(keys ...string) ([][]byte, error) {
	return bulks(r.ExecuteCommand(withStrings([]any{"MGET"}, keys)...))
}

// Mset sets every key of mapping to its value.
func (r *Redis) Mset(mapping map[string]any) (bool, error) {
	return as[bool](r.ExecuteCommand(withMapping([]any{"MSET"}, mapping)...))
}

// Msetnx sets every key of mapping to its value, or none of them if any
// key exists.
func (r *Redis) Msetnx(mapping map[string]any) (bool, error) {
	return as[bool](r.ExecuteCommand(withMapping([]any{"MSETNX"}, mapping)...))
}

// Move moves name to database db.
func (r *Redis) Move(name string, db int) (bool, error) {
	return as[bool](r.ExecuteCommand("MOVE", name, db))
}

// Persist removes name's expiry.
func (r *Redis) Persist(name string) (bool, error) {
	return as[bool](r.ExecuteCommand("PERSIST", name))
}

// Randomkey returns a random key, nil if the database is empty.
func (r *Redis) Randomkey() ([]byte, error) {
	return as[[]byte](r.ExecuteCommand("RANDOMKEY"))
}

// Rename renames src to dst.
func (r *Redis) Rename(src, dst string) (bool, error) {
	return as[bool](r.ExecuteCommand("RENAME", src, dst))
}

// Renamenx renames src to dst if dst does not exist.
func (r *Redis) Renamenx(src, dst string) (bool, error) {
	return as[bool](r.ExecuteCommand("RENAMENX", src, dst))
}

// --8<-- [start:set]

// Set sets name to value.
func (r *Redis) Set(name string, value any) (bool, error) {
	return as[bool](r.ExecuteCommand("SET", name, value))
}

// --8<-- [end:set]

// Setbit sets the bit at offset to value and returns the old bit.
func (r *Redis) Setbit(name string, offset int64, value bool) (int64, error) {
	bit := 0
	if value {
		bit = 1
	}
	return as[int64](r.ExecuteCommand("SETBIT", name, offset, bit))
}

// --8<-- [start:setex]

// Setex sets name to value, expiring in seconds. The argument order is
// 2.4.6's Redis class: value before time, though the server wants
// SETEX name seconds value. StrictRedis (2.4.10) took the server's order.
func (r *Redis) Setex(name string, value any, time int64) (bool, error) {
	return as[bool](r.ExecuteCommand("SETEX", name, time, value)) // swapped back here (1)
}

// --8<-- [end:setex]

// Setnx sets name to value if name does not exist.
func (r *Redis) Setnx(name string, value any) (bool, error) {
	return as[bool](r.ExecuteCommand("SETNX", name, value))
}

// Setrange overwrites the string at name from offset with value, padding
// with zero bytes, and returns the new length.
func (r *Redis) Setrange(name string, offset int64, value any) (int64, error) {
	return as[int64](r.ExecuteCommand("SETRANGE", name, offset, value))
}

// Strlen returns the length of the string at name.
func (r *Redis) Strlen(name string) (int64, error) {
	return as[int64](r.ExecuteCommand("STRLEN", name))
}

// Substr returns the bytes of the string at name from start to end
// inclusive (Python's default end: -1, the last byte).
func (r *Redis) Substr(name string, start, end int64) ([]byte, error) {
	return as[[]byte](r.ExecuteCommand("SUBSTR", name, start, end))
}

// Ttl returns the seconds until name expires; nil when it has no expiry
// or does not exist.
func (r *Redis) Ttl(name string) (*int64, error) {
	return optional[int64](r.ExecuteCommand("TTL", name))
}

// Type returns the type of the value at name ("string", "list", ...,
// "none").
func (r *Redis) Type(name string) (string, error) {
	return as[string](r.ExecuteCommand("TYPE", name))
}

// ErrCallFromPipeline is what Watch and Unwatch return. 2.4.6's Redis
// sends nothing for them and only warns: WATCH belongs to a connection, and
// a pooled client may use another connection for the next command.
var ErrCallFromPipeline = exceptions.New(exceptions.ErrRedis, "Call WATCH and UNWATCH from a Pipeline object")

// Watch does nothing but return ErrCallFromPipeline, where 2.4.6 issued a
// DeprecationWarning (Go has no warnings).
func (r *Redis) Watch(names ...string) error { return ErrCallFromPipeline }

// Unwatch does nothing but return ErrCallFromPipeline, as Watch does.
func (r *Redis) Unwatch() error { return ErrCallFromPipeline }

// withMapping appends mapping as key, value, key, value... The keys are
// sorted: Go's map order changes from run to run, and the same call should
// send the same bytes (Python 2's dict order did not change).
func withMapping(args []any, mapping map[string]any) []any {
	keys := make([]string, 0, len(mapping))
	for k := range mapping {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		args = append(args, k, mapping[k])
	}
	return args
}
