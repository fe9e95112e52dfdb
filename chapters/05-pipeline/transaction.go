package pipeline

import (
	"errors"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/04-client"
)

// --8<-- [start:transaction]

// Transaction runs fn on a transaction pipeline that watches watches, and
// executes what fn queued; when a watched key changed before EXEC it runs
// fn again on the reset pipeline, for as long as that happens. It is
// Redis.transaction, which redis-py 2.4.7 added to spare every caller the
// same loop. fn reads what it needs (commands run at once while watching),
// calls Multi, and queues its writes; its error ends the loop, unless it is
// a WatchError, which Python's loop caught too.
func Transaction(r *client.Redis, fn func(p *Pipeline) error, watches ...string) ([]any, error) {
	if fn == nil {
		return nil, exceptions.New(exceptions.ErrData, "Transaction needs a function to run")
	}
	p := New(r, true)
	defer p.Reset() // the with block's __exit__ (1)
	for {
		if _, err := p.Watch(watches...); err != nil {
			return nil, err
		}
		err := fn(p)
		var data []any
		if err == nil {
			data, err = p.Execute()
		}
		if errors.Is(err, exceptions.ErrWatch) {
			// Nothing ran: the port says WatchError only then
			// (pipeline-at-most-once), so the loop cannot run a
			// transaction twice. (2)
			continue
		}
		return data, err
	}
}

// --8<-- [end:transaction]
