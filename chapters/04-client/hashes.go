package client

import "github.com/redispy-go/redispy/chapters/00-exceptions"

// Hash commands and PUBLISH: redis/client.py, lines 978-1046.
// https://github.com/redis/redis-py/blob/2.4.6/redis/client.py#L978-L1046

// Hdel deletes keys from the hash: true if any was there.
func (r *Redis) Hdel(name string, keys ...string) (bool, error) {
	return as[bool](r.ExecuteCommand(withStrings([]any{"HDEL", name}, keys)...))
}

// Hexists reports whether key is in the hash.
func (r *Redis) Hexists(name, key string) (bool, error) {
	return as[bool](r.ExecuteCommand("HEXISTS", name, key))
}

// Hget returns the value of key in the hash, nil if none.
func (r *Redis) Hget(name, key string) ([]byte, error) {
	return as[[]byte](r.ExecuteCommand("HGET", name, key))
}

// Hgetall returns the whole hash.
func (r *Redis) Hgetall(name string) (map[string][]byte, error) {
	return as[map[string][]byte](r.ExecuteCommand("HGETALL", name))
}

// Hincrby adds amount (Python's default: 1) to the number at key.
func (r *Redis) Hincrby(name, key string, amount int64) (int64, error) {
	return as[int64](r.ExecuteCommand("HINCRBY", name, key, amount))
}

// Hkeys returns the hash's keys.
func (r *Redis) Hkeys(name string) ([][]byte, error) {
	return bulks(r.ExecuteCommand("HKEYS", name))
}

// Hlen returns the number of keys in the hash.
func (r *Redis) Hlen(name string) (int64, error) {
	return as[int64](r.ExecuteCommand("HLEN", name))
}

// Hset sets key to value in the hash: 1 if key is new, 0 if it was updated.
func (r *Redis) Hset(name, key string, value any) (int64, error) {
	return as[int64](r.ExecuteCommand("HSET", name, key, value))
}

// Hsetnx sets key to value if key is not in the hash: 1 if it was set.
func (r *Redis) Hsetnx(name, key string, value any) (int64, error) {
	return as[int64](r.ExecuteCommand("HSETNX", name, key, value))
}

// Hmset sets every key of mapping in the hash. An empty mapping is a
// DataError before anything is sent.
func (r *Redis) Hmset(name string, mapping map[string]any) (bool, error) {
	if len(mapping) == 0 {
		return false, exceptions.New(exceptions.ErrData, "'hmset' with 'mapping' of length 0")
	}
	return as[bool](r.ExecuteCommand(withMapping([]any{"HMSET", name}, mapping)...))
}

// Hmget returns the values of keys in order, nil where a key is missing.
func (r *Redis) Hmget(name string, keys []string) ([][]byte, error) {
	return bulks(r.ExecuteCommand(withStrings([]any{"HMGET", name}, keys)...))
}

// Hvals returns the hash's values.
func (r *Redis) Hvals(name string) ([][]byte, error) {
	return bulks(r.ExecuteCommand("HVALS", name))
}

// Publish sends message on channel and returns how many subscribers got it.
func (r *Redis) Publish(channel string, message any) (int64, error) {
	return as[int64](r.ExecuteCommand("PUBLISH", channel, message))
}
