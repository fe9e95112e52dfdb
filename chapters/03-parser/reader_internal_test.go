package parser

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// After a big reply the Reader lets its big buffer go.
func TestReaderReleasesBigBuffer(t *testing.T) {
	r := NewReader()
	r.Feed([]byte("$1000000\r\n"))
	r.Feed(bytes.Repeat([]byte("a"), 1000000))
	r.Feed([]byte("\r\n"))
	_, ok, err := r.Gets()
	require.NoError(t, err)
	require.True(t, ok)
	assert.GreaterOrEqual(t, cap(r.buf), 1000000)

	r.Feed([]byte("+OK\r\n"))
	assert.LessOrEqual(t, cap(r.buf), maxIdleBuf)
	reply, ok, err := r.Gets()
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "OK", reply)
}

// Feed moves only the unparsed tail to the front when the buffer is full.
func TestReaderCompacts(t *testing.T) {
	r := NewReader()
	r.Feed(make([]byte, 0, 16)) // no-op
	r.Feed([]byte("+a\r\n+b\r\n+c"))
	for _, want := range []string{"a", "b"} {
		reply, ok, err := r.Gets()
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, want, reply)
	}
	capBefore := cap(r.buf)
	r.Feed(bytes.Repeat([]byte("c"), capBefore-4))
	r.Feed([]byte("\r\n"))
	assert.Equal(t, 0, r.pos)
	reply, ok, err := r.Gets()
	require.NoError(t, err)
	require.True(t, ok)
	assert.Len(t, reply, capBefore-3)
}

func TestParseInt(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "-0": 0, "1": 1, "-1": -1, "123456789": 123456789,
		"9223372036854775807": 1<<63 - 1, "-9223372036854775808": -1 << 63,
	} {
		n, ok := parseInt([]byte(in))
		assert.True(t, ok, in)
		assert.Equal(t, want, n, in)
	}
	for _, in := range []string{"", "-", "--1", "+1", "1-", "a", " 1", "1 ", "0x1",
		"9223372036854775808", "-9223372036854775809", "18446744073709551616", "99999999999999999999"} {
		_, ok := parseInt([]byte(in))
		assert.False(t, ok, in)
	}
}
