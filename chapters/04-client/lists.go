package client

import (
	"github.com/redispy-go/redispy/chapters/00-exceptions"
)

// List commands and SORT: redis/client.py, lines 515-707.
// https://github.com/redis/redis-py/blob/2.4.6/redis/client.py#L515-L707

// Blpop pops the first item of the first non-empty list among keys,
// waiting up to timeout seconds (0: forever). key is nil when the time ran
// out (Python's None). A reply that is not a (key, value) pair, which
// 2.4.6 returned as a tuple of its own length, is an InvalidResponse.
func (r *Redis) Blpop(keys []string, timeout int64) (key, value []byte, err error) {
	return blockingPop(r, "BLPOP", keys, timeout)
}

// Brpop is Blpop from the tail of the lists.
func (r *Redis) Brpop(keys []string, timeout int64) (key, value []byte, err error) {
	return blockingPop(r, "BRPOP", keys, timeout)
}

// blockingPop reads the callback's tuple as a (key, value) pair. The
// callback passes on whatever the server sent, as 2.4.6's tuple(r) does; a
// tuple of another length, which Python would have handed over as it was,
// is an error here rather than a pair with an item dropped or missing.
func blockingPop(r *Redis, command string, keys []string, timeout int64) (key, value []byte, err error) {
	args := withStrings([]any{command}, keys)
	tuple, err := as[[]any](r.ExecuteCommand(append(args, timeout)...))
	if err != nil || tuple == nil {
		return nil, nil, err // nil: the timeout passed (Python's None)
	}
	if len(tuple) == 2 {
		key, kok := tuple[0].([]byte)
		value, vok := tuple[1].([]byte)
		if kok && vok && key != nil {
			return key, value, nil
		}
	}
	return nil, nil, exceptions.New(exceptions.ErrInvalidResponse, command+" replied "+pyShow(tuple)+
		", not a (key, value) pair; ExecuteCommand returns the whole reply")
}

// Brpoplpush pops the last item of src, pushes it onto dst and returns it,
// waiting up to timeout seconds (0: forever); nil when the time ran out.
func (r *Redis) Brpoplpush(src, dst string, timeout int64) ([]byte, error) {
	return as[[]byte](r.ExecuteCommand("BRPOPLPUSH", src, dst, timeout))
}

// Lindex returns the item at index (negative counts from the end).
func (r *Redis) Lindex(name string, index int64) ([]byte, error) {
	return as[[]byte](r.ExecuteCommand("LINDEX", name, index))
}

// Linsert inserts value "BEFORE" or "AFTER" (where) refvalue and returns
// the new length, or -1 if refvalue is not in the list.
func (r *Redis) Linsert(name, where string, refvalue, value any) (int64, error) {
	return as[int64](r.ExecuteCommand("LINSERT", name, where, refvalue, value))
}

// Llen returns the length of the list.
func (r *Redis) Llen(name string) (int64, error) {
	return as[int64](r.ExecuteCommand("LLEN", name))
}

// Lpop removes and returns the first item, nil if the list is empty.
func (r *Redis) Lpop(name string) ([]byte, error) {
	return as[[]byte](r.ExecuteCommand("LPOP", name))
}

// Lpush pushes values onto the head of the list and returns its length.
func (r *Redis) Lpush(name string, values ...any) (int64, error) {
	return as[int64](r.ExecuteCommand(append([]any{"LPUSH", name}, values...)...))
}

// Lpushx pushes value onto the head of the list if the list exists.
func (r *Redis) Lpushx(name string, value any) (int64, error) {
	return as[int64](r.ExecuteCommand("LPUSHX", name, value))
}

// Lrange returns the items from start to end inclusive.
func (r *Redis) Lrange(name string, start, end int64) ([][]byte, error) {
	return bulks(r.ExecuteCommand("LRANGE", name, start, end))
}

// --8<-- [start:lrem]

// Lrem removes the first num occurrences of value (0: all of them) and
// returns how many went. 2.4.6's Redis takes value before num, though the
// server wants LREM name count value; StrictRedis (2.4.10) swapped them.
func (r *Redis) Lrem(name string, value any, num int64) (int64, error) {
	return as[int64](r.ExecuteCommand("LREM", name, num, value)) // swapped back here (1)
}

// --8<-- [end:lrem]

// Lset sets the item at index to value.
func (r *Redis) Lset(name string, index int64, value any) (bool, error) {
	return as[bool](r.ExecuteCommand("LSET", name, index, value))
}

// Ltrim keeps only the items from start to end inclusive.
func (r *Redis) Ltrim(name string, start, end int64) (bool, error) {
	return as[bool](r.ExecuteCommand("LTRIM", name, start, end))
}

// Rpop removes and returns the last item, nil if the list is empty.
func (r *Redis) Rpop(name string) ([]byte, error) {
	return as[[]byte](r.ExecuteCommand("RPOP", name))
}

// Rpoplpush pops the last item of src, pushes it onto dst and returns it.
func (r *Redis) Rpoplpush(src, dst string) ([]byte, error) {
	return as[[]byte](r.ExecuteCommand("RPOPLPUSH", src, dst))
}

// Rpush pushes values onto the tail of the list and returns its length.
func (r *Redis) Rpush(name string, values ...any) (int64, error) {
	return as[int64](r.ExecuteCommand(append([]any{"RPUSH", name}, values...)...))
}

// Rpushx pushes value onto the tail of the list if the list exists.
func (r *Redis) Rpushx(name string, value any) (int64, error) {
	return as[int64](r.ExecuteCommand("RPUSHX", name, value))
}

// --8<-- [start:sort]

// SortOptions are sort's keyword arguments, but store: Start and Num are
// any so that nil can stand for Python's None: giving one without the other
// is an error, as in 2.4.6.
type SortOptions struct {
	Start, Num any      // LIMIT start num
	By         string   // BY pattern; "" for none
	Get        []string // GET pattern, once per item
	Desc       bool     // DESC
	Alpha      bool     // ALPHA: compare as strings
}

// Sort sorts the list, set or sorted set at name and returns the sorted
// items. Python's sort returned the items, or with store the number of
// items stored; a Go method has one result type, so the store is
// SortStore.
func (r *Redis) Sort(name string, opts SortOptions) ([][]byte, error) {
	pieces, err := sortPieces(name, opts, "")
	if err != nil {
		return nil, err
	}
	return bulks(r.ExecuteCommand(pieces...))
}

// SortStore is sort(name, ..., store=store): it stores the sorted items as
// a list at store and returns how many there are.
func (r *Redis) SortStore(name, store string, opts SortOptions) (int64, error) {
	pieces, err := sortPieces(name, opts, store)
	if err != nil {
		return 0, err
	}
	return as[int64](r.ExecuteCommand(pieces...))
}

func sortPieces(name string, opts SortOptions, store string) ([]any, error) {
	if (opts.Start == nil) != (opts.Num == nil) {
		return nil, exceptions.New(exceptions.ErrRedis, "``start`` and ``num`` must both be specified")
	}
	pieces := []any{"SORT", name}
	if opts.By != "" {
		pieces = append(pieces, "BY", opts.By)
	}
	if opts.Start != nil {
		pieces = append(pieces, "LIMIT", opts.Start, opts.Num)
	}
	for _, g := range opts.Get {
		pieces = append(pieces, "GET", g)
	}
	if opts.Desc {
		pieces = append(pieces, "DESC")
	}
	if opts.Alpha {
		pieces = append(pieces, "ALPHA")
	}
	if store != "" {
		pieces = append(pieces, "STORE", store)
	}
	return pieces, nil
}

// --8<-- [end:sort]
