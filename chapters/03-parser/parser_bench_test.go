package parser_test

import (
	"bytes"
	"strings"
	"testing"

	parser "github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/internal/fixes"
)

// benchStream is about 1 MiB of mixed replies, the kind a busy client reads:
// statuses, integers, bulks of 5, 100 and 1024 bytes, nils, and flat and
// nested multi-bulk replies. It returns the stream and how many replies it
// holds.
func benchStream() ([]byte, int) {
	pattern := []string{
		"+OK\r\n",
		":12345\r\n",
		"$5\r\nhello\r\n",
		"+QUEUED\r\n",
		"$100\r\n" + strings.Repeat("v", 100) + "\r\n",
		":1\r\n",
		"$-1\r\n",
		"*3\r\n$5\r\nfield\r\n:42\r\n$-1\r\n",
		"$1024\r\n" + strings.Repeat("w", 1024) + "\r\n",
		"+PONG\r\n",
		"*2\r\n*2\r\n$3\r\nfoo\r\n$3\r\nbar\r\n*1\r\n:7\r\n",
		"*4\r\n$5\r\nmykey\r\n$5\r\nhello\r\n$6\r\nfield2\r\n$5\r\nworld\r\n",
		"-ERR unknown command\r\n",
	}
	var b bytes.Buffer
	count := 0
	for b.Len() < 1<<20 {
		for _, s := range pattern {
			b.WriteString(s)
			count++
		}
	}
	return b.Bytes(), count
}

// loopReader serves the same stream over and over, like a socket that
// never runs dry, so one benchmark op is one reply.
type loopReader struct {
	data []byte
	off  int
}

func (l *loopReader) Read(p []byte) (int, error) {
	n := copy(p, l.data[l.off:])
	l.off = (l.off + n) % len(l.data)
	return n, nil
}

func benchmarkParser(b *testing.B, p parser.Parser) {
	stream, count := benchStream()
	p.OnConnect(&loopReader{data: stream})
	b.SetBytes(int64(len(stream) / count)) // average reply size
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.ReadResponse(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPythonParser(b *testing.B) { benchmarkParser(b, parser.NewPythonParser()) }

func BenchmarkHiredisParser(b *testing.B) { benchmarkParser(b, parser.NewHiredisParser()) }

// BenchmarkHiredisParser246 is 2.4.6's loop (the fix hiredis-parses-every-chunk
// off): chunks not ending in '\n' pile up in the Reader before it is asked.
func BenchmarkHiredisParser246(b *testing.B) {
	p := parser.NewHiredisParser()
	p.SetFixes(fixes.Without(fixes.HiredisParsesEveryChunk))
	benchmarkParser(b, p)
}

// BenchmarkStatusOK is the cheapest reply; it shows what the precomputed
// statuses save.
func BenchmarkStatusOK(b *testing.B) {
	for _, pc := range parsers {
		b.Run(pc.name, func(b *testing.B) {
			p := pc.new()
			p.OnConnect(&loopReader{data: []byte("+OK\r\n")})
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.ReadResponse(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBulk64K is one 64 KiB bulk reply after another. The
// PythonParser reads the data straight into the slice it returns; the
// Reader copies it in chunk by chunk and out again.
func BenchmarkBulk64K(b *testing.B) {
	reply := []byte("$65536\r\n" + strings.Repeat("z", 65536) + "\r\n")
	for _, pc := range parsers {
		b.Run(pc.name, func(b *testing.B) {
			p := pc.new()
			p.OnConnect(&loopReader{data: reply})
			b.SetBytes(int64(len(reply)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.ReadResponse(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
