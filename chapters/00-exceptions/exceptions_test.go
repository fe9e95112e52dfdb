package exceptions_test

import (
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
)

// The tree of redis/exceptions.py at 2.4.6 (plus LockError from client.py):
// every class is a direct subclass of RedisError.
func TestTreeMatchesPython(t *testing.T) {
	kinds := map[*exceptions.Kind]string{
		exceptions.ErrAuthentication:  "AuthenticationError",
		exceptions.ErrConnection:      "ConnectionError",
		exceptions.ErrResponse:        "ResponseError",
		exceptions.ErrInvalidResponse: "InvalidResponse",
		exceptions.ErrData:            "DataError",
		exceptions.ErrPubSub:          "PubSubError",
		exceptions.ErrWatch:           "WatchError",
		exceptions.ErrLock:            "LockError",
	}
	for kind, name := range kinds {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, name, kind.Error())
			err := exceptions.New(kind, "boom")
			assert.ErrorIs(t, err, kind)
			assert.ErrorIs(t, err, exceptions.ErrRedis)
			assert.Equal(t, kind, exceptions.KindOf(err))
			for other := range kinds {
				if other != kind {
					assert.NotErrorIs(t, err, other, "siblings must not match")
				}
			}
		})
	}
	assert.NotErrorIs(t, exceptions.ErrRedis, exceptions.ErrConnection, "a parent is not its child")
}

func TestMessageIsPythons(t *testing.T) {
	err := exceptions.New(exceptions.ErrConnection, "Too many connections")
	assert.Equal(t, "Too many connections", err.Error())
}

func TestWrapKeepsCause(t *testing.T) {
	err := exceptions.Wrap(exceptions.ErrConnection, "Error while reading from socket: ('timed out',)", os.ErrDeadlineExceeded)
	assert.ErrorIs(t, err, exceptions.ErrConnection)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	wrapped := fmt.Errorf("get: %w", err)
	assert.ErrorIs(t, wrapped, exceptions.ErrRedis)
	assert.Equal(t, exceptions.ErrConnection, exceptions.KindOf(wrapped))
}

func TestResponseError(t *testing.T) {
	var err error = exceptions.ResponseError{Msg: "unknown command 'FOO'"}
	assert.ErrorIs(t, err, exceptions.ErrResponse)
	assert.ErrorIs(t, err, exceptions.ErrRedis)
	assert.NotErrorIs(t, err, exceptions.ErrConnection)
	assert.Equal(t, "unknown command 'FOO'", err.Error())
	var re exceptions.ResponseError
	require.True(t, errors.As(fmt.Errorf("wrapped: %w", err), &re))
	assert.Equal(t, "unknown command 'FOO'", re.Msg)
	assert.Equal(t, exceptions.ErrResponse, exceptions.KindOf(err))
}

func TestKindOfForeignError(t *testing.T) {
	assert.Nil(t, exceptions.KindOf(os.ErrNotExist))
	assert.Nil(t, exceptions.KindOf(nil))
}

// Python's "except ConnectionError:" becomes errors.Is.
func ExampleKind() {
	err := exceptions.New(exceptions.ErrConnection, "Too many connections")
	switch {
	case errors.Is(err, exceptions.ErrResponse):
		fmt.Println("the server said no")
	case errors.Is(err, exceptions.ErrConnection):
		fmt.Println("connection trouble:", err)
	}
	fmt.Println(errors.Is(err, exceptions.ErrRedis))
	// Output:
	// connection trouble: Too many connections
	// true
}
