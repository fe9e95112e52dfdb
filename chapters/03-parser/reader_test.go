package parser_test

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	exceptions "github.com/redispy-go/redispy/chapters/00-exceptions"
	parser "github.com/redispy-go/redispy/chapters/03-parser"
)

func TestReaderIncremental(t *testing.T) {
	r := parser.NewReader()
	reply, ok, err := r.Gets()
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Nil(t, reply)

	r.Feed([]byte("*3\r\n$5\r\nhel"))
	_, ok, err = r.Gets()
	require.NoError(t, err)
	assert.False(t, ok)

	r.Feed([]byte("lo\r\n$-1\r"))
	_, ok, err = r.Gets()
	require.NoError(t, err)
	assert.False(t, ok)

	r.Feed([]byte("\n:7\r\n+OK\r\n$-1\r\n"))
	reply, ok, err = r.Gets()
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, []any{[]byte("hello"), nil, int64(7)}, reply)

	reply, ok, err = r.Gets()
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "OK", reply)

	// Redis's nil is a complete reply: ok is true.
	reply, ok, err = r.Gets()
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Nil(t, reply)

	_, ok, err = r.Gets()
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestReaderFeedCopies(t *testing.T) {
	r := parser.NewReader()
	b := []byte("$3\r\nabc\r\n")
	r.Feed(b[:6])
	copy(b, "XXXXXX")
	r.Feed(b[6:])
	reply, ok, err := r.Gets()
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, []byte("abc"), reply)
}

func TestReaderErrorIsSticky(t *testing.T) {
	r := parser.NewReader()
	r.Feed([]byte("+OK\r\n?\r\n+OK\r\n"))
	reply, ok, err := r.Gets()
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "OK", reply)
	for range 3 {
		_, ok, err = r.Gets()
		assert.False(t, ok)
		assertErr(t, err, exceptions.ErrInvalidResponse, "Protocol Error")
		r.Feed([]byte("+OK\r\n"))
	}
}

// feedInChunks feeds b to a new Reader size bytes at a time, calling Gets
// after every piece, and returns the one reply.
func feedInChunks(t testing.TB, b []byte, size int) any {
	r := parser.NewReader()
	var reply any
	var ok bool
	var err error
	for len(b) > 0 {
		n := min(size, len(b))
		r.Feed(b[:n])
		b = b[n:]
		if reply, ok, err = r.Gets(); err != nil || ok {
			break
		}
	}
	require.NoError(t, err)
	require.True(t, ok)
	require.Empty(t, b)
	return reply
}

func bigArray(n int) []byte {
	var b bytes.Buffer
	b.WriteString("*" + strconv.Itoa(n) + "\r\n")
	for i := range n {
		s := strconv.Itoa(i)
		b.WriteString("$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n")
	}
	return b.Bytes()
}

// TestReaderSmallChunksLinear: a 100k-element array arriving a few bytes at
// a time. A Reader that re-parsed the whole partial reply on every Gets
// would do about 10^11 steps here; keeping the task stack makes it a few
// million.
func TestReaderSmallChunksLinear(t *testing.T) {
	const n = 100_000
	in := bigArray(n)
	for _, size := range []int{1, 10} {
		start := time.Now()
		reply := feedInChunks(t, in, size).([]any)
		elapsed := time.Since(start)
		t.Logf("%d elements (%d bytes) in %d-byte chunks: %v", n, len(in), size, elapsed)
		require.Len(t, reply, n)
		assert.Equal(t, []byte("99999"), reply[n-1])
		assert.Less(t, elapsed, 10*time.Second)
	}
}

// A big bulk string and a long line, fed in small pieces, are not searched
// or copied again on every Gets either.
func TestReaderSmallChunksBulkAndLine(t *testing.T) {
	data := bytes.Repeat([]byte("z"), 4<<20)
	in := append([]byte("$"+strconv.Itoa(len(data))+"\r\n"), data...)
	in = append(in, "\r\n"...)
	start := time.Now()
	assert.Equal(t, data, feedInChunks(t, in, 10))
	t.Logf("4 MiB bulk in 10-byte chunks: %v", time.Since(start))

	line := append([]byte("+"), bytes.Repeat([]byte("l"), parser.MaxLineLen-2)...)
	line = append(line, "\r\n"...)
	start = time.Now()
	assert.Equal(t, string(line[1:len(line)-2]), feedInChunks(t, line, 1))
	t.Logf("64 KiB line in 1-byte chunks: %v", time.Since(start))
}

func BenchmarkReaderSmallChunks(b *testing.B) {
	in := bigArray(100_000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		feedInChunks(b, in, 10)
	}
}
