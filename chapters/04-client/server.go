package client

import (
	"errors"
	"time"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
)

// Server information: redis/client.py, lines 251-326.
// https://github.com/redis/redis-py/blob/2.4.6/redis/client.py#L251-L326

// Bgrewriteaof asks the server to rewrite its append-only file in the
// background.
func (r *Redis) Bgrewriteaof() (bool, error) {
	return as[bool](r.ExecuteCommand("BGREWRITEAOF"))
}

// Bgsave asks the server to save its data in the background.
func (r *Redis) Bgsave() (bool, error) {
	return as[bool](r.ExecuteCommand("BGSAVE"))
}

// --8<-- [start:config_get]

// ConfigGet returns the server settings whose names match pattern ("*"
// for all of them).
func (r *Redis) ConfigGet(pattern string) (map[string]string, error) {
	return as[map[string]string](r.ExecuteCommandWith(CommandOptions{Parse: "GET"}, "CONFIG", "GET", pattern))
}

// --8<-- [end:config_get]

// ConfigSet changes one server setting.
func (r *Redis) ConfigSet(name string, value any) (bool, error) {
	return as[bool](r.ExecuteCommandWith(CommandOptions{Parse: "SET"}, "CONFIG", "SET", name, value))
}

// Dbsize returns the number of keys in the current database.
func (r *Redis) Dbsize() (int64, error) {
	return as[int64](r.ExecuteCommand("DBSIZE"))
}

// --8<-- [start:delete]

// Delete deletes names. Its callback is bool: true if at least one key
// existed, not how many.
func (r *Redis) Delete(names ...string) (bool, error) {
	return as[bool](r.ExecuteCommand(withStrings([]any{"DEL"}, names)...))
}

// --8<-- [end:delete]

// Flushall deletes every key in every database of the server.
func (r *Redis) Flushall() (bool, error) {
	return as[bool](r.ExecuteCommand("FLUSHALL"))
}

// Flushdb deletes every key in the current database.
func (r *Redis) Flushdb() (bool, error) {
	return as[bool](r.ExecuteCommand("FLUSHDB"))
}

// Info returns INFO as a map (see ParseInfo).
func (r *Redis) Info() (map[string]any, error) {
	return as[map[string]any](r.ExecuteCommand("INFO"))
}

// Lastsave returns when the server last saved to disk, in local time; nil
// where 2.4.6 returned None: a reply of 0, or a bulk one int() cannot read.
func (r *Redis) Lastsave() (*time.Time, error) {
	return optional[time.Time](r.ExecuteCommand("LASTSAVE"))
}

// Ping returns true when the server answers PONG.
func (r *Redis) Ping() (bool, error) {
	return as[bool](r.ExecuteCommand("PING"))
}

// Save saves the data to disk, blocking until it is done.
func (r *Redis) Save() (bool, error) {
	return as[bool](r.ExecuteCommand("SAVE"))
}

// Shutdown stops the server. A server that shut down closes the socket, so
// a connection error is success; any answer means it did not.
func (r *Redis) Shutdown() error {
	_, err := r.ExecuteCommand("SHUTDOWN")
	if errors.Is(err, exceptions.ErrConnection) {
		return nil
	}
	if err != nil {
		return err
	}
	return exceptions.New(exceptions.ErrRedis, "SHUTDOWN seems to have failed.")
}

// Slaveof makes the server a replica of host:port; with host "" and port
// 0 (Python's None, None) it promotes the server to a master instead.
func (r *Redis) Slaveof(host string, port int) (bool, error) {
	if host == "" && port == 0 {
		return as[bool](r.ExecuteCommand("SLAVEOF", "NO", "ONE"))
	}
	return as[bool](r.ExecuteCommand("SLAVEOF", host, port))
}

// withStrings appends strs to args.
func withStrings(args []any, strs []string) []any {
	for _, s := range strs {
		args = append(args, s)
	}
	return args
}
