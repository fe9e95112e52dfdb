package client

// Set commands: redis/client.py, lines 710-780.
// https://github.com/redis/redis-py/blob/2.4.6/redis/client.py#L710-L780
//
// A set comes back as map[string]struct{}, Go's set, as Python's set().

// Sadd adds values to the set. Its callback is bool: true if any was new.
func (r *Redis) Sadd(name string, values ...any) (bool, error) {
	return as[bool](r.ExecuteCommand(append([]any{"SADD", name}, values...)...))
}

// Scard returns the number of members.
func (r *Redis) Scard(name string) (int64, error) {
	return as[int64](r.ExecuteCommand("SCARD", name))
}

// Sdiff returns the members of the first set that are in none of the others.
func (r *Redis) Sdiff(keys ...string) (map[string]struct{}, error) {
	return as[map[string]struct{}](r.ExecuteCommand(withStrings([]any{"SDIFF"}, keys)...))
}

// Sdiffstore stores Sdiff(keys...) at dest and returns its size.
func (r *Redis) Sdiffstore(dest string, keys ...string) (int64, error) {
	return as[int64](r.ExecuteCommand(withStrings([]any{"SDIFFSTORE", dest}, keys)...))
}

// Sinter returns the members that are in every set.
func (r *Redis) Sinter(keys ...string) (map[string]struct{}, error) {
	return as[map[string]struct{}](r.ExecuteCommand(withStrings([]any{"SINTER"}, keys)...))
}

// Sinterstore stores Sinter(keys...) at dest and returns its size.
func (r *Redis) Sinterstore(dest string, keys ...string) (int64, error) {
	return as[int64](r.ExecuteCommand(withStrings([]any{"SINTERSTORE", dest}, keys)...))
}

// Sismember reports whether value is a member of the set.
func (r *Redis) Sismember(name string, value any) (bool, error) {
	return as[bool](r.ExecuteCommand("SISMEMBER", name, value))
}

// Smembers returns every member of the set.
func (r *Redis) Smembers(name string) (map[string]struct{}, error) {
	return as[map[string]struct{}](r.ExecuteCommand("SMEMBERS", name))
}

// Smove moves value from set src to set dst.
func (r *Redis) Smove(src, dst string, value any) (bool, error) {
	return as[bool](r.ExecuteCommand("SMOVE", src, dst, value))
}

// Spop removes and returns a random member, nil if the set is empty.
func (r *Redis) Spop(name string) ([]byte, error) {
	return as[[]byte](r.ExecuteCommand("SPOP", name))
}

// Srandmember returns a random member, nil if the set is empty.
func (r *Redis) Srandmember(name string) ([]byte, error) {
	return as[[]byte](r.ExecuteCommand("SRANDMEMBER", name))
}

// Srem removes values from the set: true if any was there.
func (r *Redis) Srem(name string, values ...any) (bool, error) {
	return as[bool](r.ExecuteCommand(append([]any{"SREM", name}, values...)...))
}

// Sunion returns the members that are in any of the sets.
func (r *Redis) Sunion(keys ...string) (map[string]struct{}, error) {
	return as[map[string]struct{}](r.ExecuteCommand(withStrings([]any{"SUNION"}, keys)...))
}

// Sunionstore stores Sunion(keys...) at dest and returns its size.
func (r *Redis) Sunionstore(dest string, keys ...string) (int64, error) {
	return as[int64](r.ExecuteCommand(withStrings([]any{"SUNIONSTORE", dest}, keys)...))
}
