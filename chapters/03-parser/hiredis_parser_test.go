package parser_test

import (
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	parser "github.com/redispy-go/redispy/chapters/03-parser"
	"github.com/redispy-go/redispy/internal/fixes"
)

// readAsync runs ReadResponse in a goroutine.
func readAsync(p parser.Parser) <-chan any {
	out := make(chan any, 1)
	go func() {
		reply, err := p.ReadResponse()
		if err != nil {
			out <- err
			return
		}
		out <- reply
	}()
	return out
}

func waitFor(t *testing.T, ch <-chan any) any {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal("ReadResponse hung")
		return nil
	}
}

// TestCRAndLFInSeparateReads is issue #153. The socket stays open, as a real
// one would while the server waits for the next command: before 2.4.6 the
// parser waited for a chunk ending in "\r\n", the lone "\n" never was one,
// and ReadResponse blocked forever. 2.4.6's check for '\n' (the fix
// hiredis-parses-every-chunk off) passes it, and so does asking after every
// chunk.
func TestCRAndLFInSeparateReads(t *testing.T) {
	cases := append(parsers[:len(parsers):len(parsers)], struct {
		name string
		new  func() parser.Parser
	}{"HiredisParser 2.4.6", func() parser.Parser {
		p := parser.NewHiredisParser()
		p.SetFixes(fixes.Without(fixes.HiredisParsesEveryChunk))
		return p
	}})
	for _, pc := range cases {
		t.Run(pc.name, func(t *testing.T) {
			pr, pw := io.Pipe()
			defer pw.Close()
			p := pc.new()
			p.OnConnect(pr)
			got := readAsync(p)
			for _, chunk := range []string{"$3\r", "\nfoo\r", "\n"} {
				_, err := pw.Write([]byte(chunk))
				require.NoError(t, err)
			}
			assert.Equal(t, []byte("foo"), waitFor(t, got))
		})
	}
}

// TestChunkEndingMidReply shows the other side of 2.4.6's '\n' check: a
// chunk that finishes one reply and starts the next does not end in '\n',
// so with the fix hiredis-parses-every-chunk off the HiredisParser reads on
// before handing out the finished reply. With a real server the rest always
// follows; the reply is not lost, only delivered with the next '\n'. With
// the fix the reply comes out with the chunk that finished it.
func TestChunkEndingMidReply(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fixes fixes.Set
	}{{"2.4.6", fixes.Without(fixes.HiredisParsesEveryChunk)}, {"fixed", fixes.Set{}}} {
		t.Run(tc.name, func(t *testing.T) {
			pr, pw := io.Pipe()
			defer pw.Close()
			p := parser.NewHiredisParser()
			p.SetFixes(tc.fixes)
			p.OnConnect(pr)
			got := readAsync(p)
			_, err := pw.Write([]byte("+first\r\n+sec"))
			require.NoError(t, err)
			if tc.name == "fixed" {
				assert.Equal(t, "first", waitFor(t, got))
				got = readAsync(p)
			} else {
				select {
				case v := <-got:
					t.Fatalf("got %v before the chunk ending in '\\n'", v)
				case <-time.After(20 * time.Millisecond):
				}
			}
			_, err = pw.Write([]byte("ond\r\n"))
			require.NoError(t, err)
			if tc.name == "2.4.6" {
				assert.Equal(t, "first", waitFor(t, got))
				got = readAsync(p)
			}
			assert.Equal(t, "second", waitFor(t, got))
		})
	}
}
