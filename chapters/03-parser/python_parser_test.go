package parser_test

import (
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	exceptions "github.com/redispy-go/redispy/chapters/00-exceptions"
	parser "github.com/redispy-go/redispy/chapters/03-parser"
)

// allocatedBy returns the bytes allocated while f runs.
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestLyingLengthsCostLittle: a server may announce any length up to the
// limits and then send almost nothing. What the parser allocates must follow
// the bytes that arrived, not the lengths announced.
func TestLyingLengthsCostLittle(t *testing.T) {
	const budget = 4 << 20
	lies := map[string]string{
		"500 MB bulk":            "$500000000\r\n0123456789",
		"512 MB bulk":            "$536870912\r\n0123456789",
		"huge multi-bulk":        "*4294967295\r\n:1\r\n",
		"huge nested multi-bulk": strings.Repeat("*4294967295\r\n", parser.MaxDepth),
		"huge bulk in multi-bulk": "*4294967295\r\n" + strings.Repeat("$1\r\na\r\n", 100) +
			"$500000000\r\nabc",
	}
	for name, in := range lies {
		for _, pc := range parsers {
			t.Run(name+"/"+pc.name, func(t *testing.T) {
				var err error
				n := allocatedBy(func() {
					_, err = readAll(pc.new(), strings.NewReader(in))
				})
				assertErr(t, err, exceptions.ErrConnection, closed)
				assert.Less(t, n, uint64(budget), "allocated %d bytes", n)
				t.Logf("allocated %d bytes", n)
			})
		}
	}
}

// endless never sends a '\n'.
type endless struct{ n int }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	e.n += len(p)
	return len(p), nil
}

func TestEndlessLineIsRefused(t *testing.T) {
	for _, pc := range parsers {
		t.Run(pc.name, func(t *testing.T) {
			src := &endless{}
			p := pc.new()
			p.OnConnect(io.MultiReader(strings.NewReader("+"), src))
			_, err := p.ReadResponse()
			assertErr(t, err, exceptions.ErrInvalidResponse, "Protocol Error: line longer than 65536 bytes")
			assert.Less(t, src.n, parser.MaxLineLen+2*4096, "read %d bytes before giving up", src.n)
		})
	}
}

// emptyReads returns (0, nil) forever, which io.Reader discourages but
// allows. Neither parser may spin on it.
type emptyReads struct{}

func (emptyReads) Read([]byte) (int, error) { return 0, nil }

func TestEmptyReadsDoNotSpin(t *testing.T) {
	for _, pc := range parsers {
		t.Run(pc.name, func(t *testing.T) {
			p := pc.new()
			p.OnConnect(emptyReads{})
			_, err := p.ReadResponse()
			assertErr(t, err, exceptions.ErrConnection, "Error while reading from socket: ('multiple Read calls return no data or error',)")
			assert.ErrorIs(t, err, io.ErrNoProgress)
		})
	}
}

// someEmptyReads returns (0, nil) a few times before every chunk.
type someEmptyReads struct {
	r     io.Reader
	count int
}

func (s *someEmptyReads) Read(p []byte) (int, error) {
	if s.count++; s.count%5 != 0 {
		return 0, nil
	}
	return s.r.Read(p)
}

func TestOccasionalEmptyReads(t *testing.T) {
	for _, pc := range parsers {
		replies, err := readAll(pc.new(), &someEmptyReads{r: strings.NewReader("+OK\r\n*2\r\n:1\r\n:2\r\n")})
		assertErr(t, err, exceptions.ErrConnection, closed)
		assert.Equal(t, []any{"OK", []any{int64(1), int64(2)}}, replies, pc.name)
	}
}
