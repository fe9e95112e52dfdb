package parser

import (
	"bytes"
	"errors"
	"strings"
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

// scanPieces runs a numLine over line, fed as prefixes that grow by one
// byte, and returns how many bytes it took to decide and what it decided.
func scanPieces(typ byte, line string) (k int, v int64, err error) {
	var s numLine
	for k = 1; k <= len(line); k++ {
		end, err := s.scan([]byte(line[:k]), typ)
		if err != nil {
			return k, 0, err
		}
		if end > 0 {
			return k, s.value(), nil
		}
	}
	return k - 1, 0, nil
}

func TestNumLine(t *testing.T) {
	for _, tc := range []struct {
		typ  byte
		line string
		want int64
	}{
		{':', "0", 0}, {':', "-0", 0}, {':', "1", 1}, {':', "-1", -1}, {':', "007", 7},
		{':', "123456789", 123456789},
		{':', "9223372036854775807", 1<<63 - 1}, {':', "-9223372036854775808", -1 << 63},
		{'$', "-1", -1}, {'$', "-0", 0}, {'$', "-01", -1}, {'$', "0", 0}, {'$', "536870912", MaxBulkLen},
		{'*', "-1", -1}, {'*', "4294967295", MaxArrayLen},
	} {
		line := tc.line + "\r\n"
		var s numLine
		end, err := s.scan([]byte(line), tc.typ)
		require.NoError(t, err, line)
		assert.Equal(t, len(line), end, line)
		assert.Equal(t, tc.want, s.value(), line)

		k, v, err := scanPieces(tc.typ, line)
		require.NoError(t, err, line)
		assert.Equal(t, len(line), k, line)
		assert.Equal(t, tc.want, v, line)
	}

	// Each bad line is refused at the byte given by bad (1-based), with
	// the same message whether it came whole or a byte at a time.
	for _, tc := range []struct {
		typ       byte
		line      string
		bad       int
		msg       string
		emptyLine bool
	}{
		{':', "12a\r\n", 3, `Protocol Error: invalid integer "12a"`, false},
		{':', "\r\n", 1, `Protocol Error: invalid integer ""`, false},
		{':', "-\r\n", 2, `Protocol Error: invalid integer "-"`, false},
		{':', "--1\r\n", 2, `Protocol Error: invalid integer "--"`, false},
		{':', "+1\r\n", 1, `Protocol Error: invalid integer "+"`, false},
		{':', "1-\r\n", 2, `Protocol Error: invalid integer "1-"`, false},
		{':', " 1\r\n", 1, `Protocol Error: invalid integer " "`, false},
		{':', "1 \r\n", 2, `Protocol Error: invalid integer "1 "`, false},
		{':', "0x1\r\n", 2, `Protocol Error: invalid integer "0x"`, false},
		{':', "9223372036854775808\r\n", 19, `Protocol Error: invalid integer "9223372036854775808"`, false},
		{':', "-9223372036854775809\r\n", 20, `Protocol Error: invalid integer "-9223372036854775809"`, false},
		{':', "99999999999999999999\r\n", 19, `Protocol Error: invalid integer "9999999999999999999"`, false},
		{':', "1\rX", 3, "Protocol Error: line not terminated by CRLF", false},
		{':', "1\r\r\n", 3, "Protocol Error: line not terminated by CRLF", false},
		{':', "1\n", 2, "Protocol Error: line not terminated by CRLF", false},
		{':', "\n", 1, "Socket closed on remote end", true},
		{'$', "-2\r\n", 2, `Protocol Error: invalid bulk length "-2"`, false},
		{'$', "-10\r\n", 3, `Protocol Error: invalid bulk length "-10"`, false},
		{'$', "x\r\n", 1, `Protocol Error: invalid bulk length "x"`, false},
		{'$', "536870913\r\n", 9, "Protocol Error: bulk length 536870913 exceeds limit 536870912", false},
		{'$', "99999999999999999999\r\n", 9, "Protocol Error: bulk length 999999999 exceeds limit 536870912", false},
		{'*', "2x\r\n", 2, `Protocol Error: invalid multi-bulk length "2x"`, false},
		{'*', "4294967296\r\n", 10, "Protocol Error: multi-bulk length 4294967296 exceeds limit 4294967295", false},
		{':', strings.Repeat("0", 40) + "x", 41, `Protocol Error: invalid integer "` + strings.Repeat("0", 32) + `"...`, false},
		{':', strings.Repeat("0", MaxLineLen), MaxLineLen, "Protocol Error: line longer than 65536 bytes", false},
		{':', strings.Repeat("0", MaxLineLen-1) + "\r\n", MaxLineLen, "Protocol Error: line longer than 65536 bytes", false},
	} {
		var s numLine
		_, err := s.scan([]byte(tc.line), tc.typ)
		require.Error(t, err, tc.line)
		assert.Equal(t, tc.msg, err.Error(), tc.line)
		assert.Equal(t, tc.emptyLine, errors.Is(err, ErrEmptyLine), tc.line)

		if len(tc.line) > 100 {
			continue // one byte at a time would take a while
		}
		k, _, err := scanPieces(tc.typ, tc.line)
		require.Error(t, err, tc.line)
		assert.Equal(t, tc.bad, k, "%q refused after %d bytes", tc.line, k)
		assert.Equal(t, tc.msg, err.Error(), tc.line)
	}

	// The longest number line allowed.
	var s numLine
	line := strings.Repeat("0", MaxLineLen-3) + "7\r\n"
	end, err := s.scan([]byte(line), ':')
	require.NoError(t, err)
	assert.Equal(t, MaxLineLen, end)
	assert.Equal(t, int64(7), s.value())
}
