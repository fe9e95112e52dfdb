package client

import (
	"slices"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
)

// Sorted set commands: redis/client.py, lines 783-975.
// https://github.com/redis/redis-py/blob/2.4.6/redis/client.py#L783-L975
//
// Python's zrange(..., withscores=True) returns a different shape than
// without it; a Go method has one result type, so each range has a
// ...Withscores twin that returns []ScorePair.

// --8<-- [start:zadd]

// Zadd adds each member of pairs with its score: Python's
// zadd(name, member=score, ...). It sends score before member, the server's
// order. StrictRedis (2.4.10) also took zadd(name, score, member, ...), in
// that order; 3.0.0 replaced both with a mapping, as here.
func (r *Redis) Zadd(name string, pairs map[string]float64) (bool, error) {
	members := make([]string, 0, len(pairs))
	for m := range pairs {
		members = append(members, m)
	}
	slices.Sort(members) // the same call sends the same bytes (1)
	args := []any{"ZADD", name}
	for _, m := range members {
		args = append(args, pairs[m], m) // score, then member (2)
	}
	return as[bool](r.ExecuteCommand(args...))
}

// --8<-- [end:zadd]

// Zcard returns the number of members.
func (r *Redis) Zcard(name string) (int64, error) {
	return as[int64](r.ExecuteCommand("ZCARD", name))
}

// Zcount returns the number of members with scores from min to max.
func (r *Redis) Zcount(name string, min, max any) (int64, error) {
	return as[int64](r.ExecuteCommand("ZCOUNT", name, min, max))
}

// --8<-- [start:zincrby]

// Zincrby adds amount (Python's default: 1) to value's score and returns
// the new score. value comes before amount, as in 2.4.6 (and StrictRedis
// until 3.0.0, which put amount first, as the server does).
func (r *Redis) Zincrby(name string, value any, amount float64) (float64, error) {
	return as[float64](r.ExecuteCommand("ZINCRBY", name, amount, value)) // swapped back here (1)
}

// --8<-- [end:zincrby]

// --8<-- [start:zaggregate]

// Zinterstore stores at dest the intersection of the sorted sets at keys.
// aggregate is "SUM" (also ""), "MIN" or "MAX". Python took keys as a list
// or as a dict of key to weight; a Go method has one parameter type, so the
// weighted form is ZinterstoreWeights.
func (r *Redis) Zinterstore(dest string, keys []string, aggregate string) (int64, error) {
	return r.zaggregate("ZINTERSTORE", dest, keys, nil, aggregate)
}

// ZinterstoreWeights is Zinterstore with a weight per key (Python's dict).
func (r *Redis) ZinterstoreWeights(dest string, weights map[string]float64, aggregate string) (int64, error) {
	keys, w := weighted(weights)
	return r.zaggregate("ZINTERSTORE", dest, keys, w, aggregate)
}

// Zunionstore stores at dest the union of the sorted sets at keys, as
// Zinterstore does.
func (r *Redis) Zunionstore(dest string, keys []string, aggregate string) (int64, error) {
	return r.zaggregate("ZUNIONSTORE", dest, keys, nil, aggregate)
}

// ZunionstoreWeights is Zunionstore with a weight per key.
func (r *Redis) ZunionstoreWeights(dest string, weights map[string]float64, aggregate string) (int64, error) {
	keys, w := weighted(weights)
	return r.zaggregate("ZUNIONSTORE", dest, keys, w, aggregate)
}

// weighted orders a dict of key to weight: a Go map has no order, and the
// same call should send the same bytes.
func weighted(weights map[string]float64) ([]string, []any) {
	keys := make([]string, 0, len(weights))
	for k := range weights {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w := make([]any, len(keys))
	for i, k := range keys {
		w[i] = weights[k]
	}
	return keys, w
}

func (r *Redis) zaggregate(command, dest string, keys []string, weights []any, aggregate string) (int64, error) {
	pieces := withStrings([]any{command, dest, len(keys)}, keys)
	if len(weights) > 0 {
		pieces = append(append(pieces, "WEIGHTS"), weights...)
	}
	if aggregate != "" {
		pieces = append(pieces, "AGGREGATE", aggregate)
	}
	return as[int64](r.ExecuteCommand(pieces...))
}

// --8<-- [end:zaggregate]

// Zrange returns the members ranked start to end, lowest score first, or
// highest first with desc.
func (r *Redis) Zrange(name string, start, end int64, desc bool) ([][]byte, error) {
	if desc {
		return r.Zrevrange(name, start, end)
	}
	return bulks(r.ExecuteCommand("ZRANGE", name, start, end))
}

// --8<-- [start:zrange_withscores]

// ZrangeWithscores is zrange(..., withscores=True).
func (r *Redis) ZrangeWithscores(name string, start, end int64, desc bool) ([]ScorePair, error) {
	if desc {
		return r.ZrevrangeWithscores(name, start, end)
	}
	return withScores(r, "ZRANGE", name, start, end)
}

// Zrangebyscore returns the members with scores from min to max; start
// and num (both or neither; nil for None) page through them.
func (r *Redis) Zrangebyscore(name string, min, max, start, num any) ([][]byte, error) {
	args, err := byScore("ZRANGEBYSCORE", name, min, max, start, num)
	if err != nil {
		return nil, err
	}
	return bulks(r.ExecuteCommand(args...))
}

// --8<-- [end:zrange_withscores]

// ZrangebyscoreWithscores is zrangebyscore(..., withscores=True).
func (r *Redis) ZrangebyscoreWithscores(name string, min, max, start, num any) ([]ScorePair, error) {
	args, err := byScore("ZRANGEBYSCORE", name, min, max, start, num)
	if err != nil {
		return nil, err
	}
	return withScores(r, args...)
}

// Zrank returns value's rank, lowest score first; nil if it is not a member.
func (r *Redis) Zrank(name string, value any) (*int64, error) {
	return optional[int64](r.ExecuteCommand("ZRANK", name, value))
}

// Zrem removes values: true if any was a member.
func (r *Redis) Zrem(name string, values ...any) (bool, error) {
	return as[bool](r.ExecuteCommand(append([]any{"ZREM", name}, values...)...))
}

// Zremrangebyrank removes the members ranked min to max and returns how
// many went.
func (r *Redis) Zremrangebyrank(name string, min, max int64) (int64, error) {
	return as[int64](r.ExecuteCommand("ZREMRANGEBYRANK", name, min, max))
}

// Zremrangebyscore removes the members with scores from min to max and
// returns how many went.
func (r *Redis) Zremrangebyscore(name string, min, max any) (int64, error) {
	return as[int64](r.ExecuteCommand("ZREMRANGEBYSCORE", name, min, max))
}

// Zrevrange returns the members ranked start to num, highest score first.
// (2.4.6 names the second bound num; it is an end rank, as in Zrange.)
func (r *Redis) Zrevrange(name string, start, num int64) ([][]byte, error) {
	return bulks(r.ExecuteCommand("ZREVRANGE", name, start, num))
}

// ZrevrangeWithscores is zrevrange(..., withscores=True).
func (r *Redis) ZrevrangeWithscores(name string, start, num int64) ([]ScorePair, error) {
	return withScores(r, "ZREVRANGE", name, start, num)
}

// Zrevrangebyscore returns the members with scores from max down to min.
func (r *Redis) Zrevrangebyscore(name string, max, min, start, num any) ([][]byte, error) {
	args, err := byScore("ZREVRANGEBYSCORE", name, max, min, start, num)
	if err != nil {
		return nil, err
	}
	return bulks(r.ExecuteCommand(args...))
}

// ZrevrangebyscoreWithscores is zrevrangebyscore(..., withscores=True).
func (r *Redis) ZrevrangebyscoreWithscores(name string, max, min, start, num any) ([]ScorePair, error) {
	args, err := byScore("ZREVRANGEBYSCORE", name, max, min, start, num)
	if err != nil {
		return nil, err
	}
	return withScores(r, args...)
}

// Zrevrank returns value's rank, highest score first; nil if it is not a
// member.
func (r *Redis) Zrevrank(name string, value any) (*int64, error) {
	return optional[int64](r.ExecuteCommand("ZREVRANK", name, value))
}

// Zscore returns value's score, nil if it is not a member.
func (r *Redis) Zscore(name string, value any) (*float64, error) {
	return optional[float64](r.ExecuteCommand("ZSCORE", name, value))
}

// byScore builds a ...RANGEBYSCORE command.
func byScore(command, name string, from, to, start, num any) ([]any, error) {
	if (start == nil) != (num == nil) {
		return nil, exceptions.New(exceptions.ErrRedis, "``start`` and ``num`` must both be specified")
	}
	args := []any{command, name, from, to}
	if start != nil {
		args = append(args, "LIMIT", start, num)
	}
	return args, nil
}

// withScores runs a range command with WITHSCORES and the withscores
// option, so the callback pairs members with scores. An empty range is an
// empty list, as in Python.
func withScores(r *Redis, args ...any) ([]ScorePair, error) {
	reply, err := r.ExecuteCommandWith(CommandOptions{WithScores: true}, append(args, "withscores")...)
	if list, ok := reply.([]any); ok && len(list) == 0 && err == nil {
		return []ScorePair{}, nil
	}
	return as[[]ScorePair](reply, err)
}
