package client_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/internal/fixes"
)

// INFO as 2.4.6 parsed it, next to the two later fixes. The lines are
// ones a real server sends: a Windows path in config_file, and a module
// list without '='. 2.4.6's parse_info raised ValueError on both, so the
// whole INFO failed (checked under Python 2.7.18).
func TestParseInfo246(t *testing.T) {
	path := []byte("config_file:C:\\redis\\redis.conf\r\nuptime_in_seconds:42\r\n")
	list := []byte("modules:a,b\r\nuptime_in_seconds:42\r\n")

	t.Run("2.8.0 splits at the first colon", func(t *testing.T) {
		info, err := client.ParseInfo(path)
		require.NoError(t, err)
		assert.Equal(t, `C:\redis\redis.conf`, info["config_file"])
		_, err = client.ParseInfoWith(path, fixes.Without(fixes.InfoFirstColon))
		assert.ErrorIs(t, err, exceptions.ErrInvalidResponse, "2.4.6: too many values to unpack")
	})
	t.Run("2.7.0 keeps a list without = as text", func(t *testing.T) {
		info, err := client.ParseInfo(list)
		require.NoError(t, err)
		assert.Equal(t, "a,b", info["modules"])
		_, err = client.ParseInfoWith(list, fixes.Without(fixes.InfoNeedsEquals))
		assert.ErrorIs(t, err, exceptions.ErrInvalidResponse, "2.4.6: need more than 1 value to unpack")
	})
	t.Run("the client's INFO callback follows its fixes", func(t *testing.T) {
		r := client.NewRedis(client.Options{Fixes: fixes.Without(fixes.InfoFirstColon)})
		_, err := r.ResponseCallbacks()["INFO"](path, client.CommandOptions{})
		assert.ErrorIs(t, err, exceptions.ErrInvalidResponse)
		r = client.NewRedis(client.Options{})
		_, err = r.ResponseCallbacks()["INFO"](path, client.CommandOptions{})
		assert.NoError(t, err)
	})
}
