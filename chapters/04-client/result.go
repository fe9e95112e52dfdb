package client

import (
	"fmt"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
)

// The command methods return Go types where Python returned whatever the
// callback made. These helpers do that last step, and turn a callback that
// SetResponseCallback replaced with one of another type into an error
// instead of a panic: such a callback is read with ExecuteCommand.

// as returns reply as a T; None gives T's zero value.
func as[T any](reply any, err error) (T, error) {
	var zero T
	if err != nil || reply == nil {
		return zero, err
	}
	v, ok := reply.(T)
	if !ok {
		return zero, wrongType(reply, zero)
	}
	return v, nil
}

// optional returns reply as a *T: nil where Python returned None.
func optional[T any](reply any, err error) (*T, error) {
	if err != nil || reply == nil {
		return nil, err
	}
	v, ok := reply.(T)
	if !ok {
		var zero T
		return nil, wrongType(reply, zero)
	}
	return &v, nil
}

// bulks returns a multi-bulk reply of strings as [][]byte; an item that
// was None stays nil (MGET, HMGET, SORT ... GET).
func bulks(reply any, err error) ([][]byte, error) {
	if err != nil || reply == nil {
		return nil, err
	}
	list, ok := reply.([]any)
	if !ok {
		return nil, wrongType(reply, [][]byte(nil))
	}
	out := make([][]byte, len(list))
	for i, item := range list {
		if item == nil {
			continue
		}
		b, ok := item.([]byte)
		if !ok {
			return nil, wrongType(item, []byte(nil))
		}
		out[i] = b
	}
	return out, nil
}

func wrongType(got, want any) error {
	return exceptions.New(exceptions.ErrData, fmt.Sprintf(
		"the reply is %T where this method returns %T; read a custom callback's result with ExecuteCommand",
		got, want))
}
