package parser_test

import (
	"bytes"
	"io"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"

	exceptions "github.com/redispy-go/redispy/chapters/00-exceptions"
	parser "github.com/redispy-go/redispy/chapters/03-parser"
)

// FuzzParsersAgree feeds the same bytes to both parsers, one of them a byte
// at a time, and requires the same replies and the same final error. It
// also catches panics, hangs and errors from outside the exception tree.
//
//	go test -run='^$' -fuzz=FuzzParsersAgree -fuzztime=60s ./chapters/03-parser/
func FuzzParsersAgree(f *testing.F) {
	for _, tc := range append(append([]replyCase{}, validCases...), badCases...) {
		if len(tc.in) <= 256 {
			f.Add([]byte(tc.in))
		}
	}
	for _, s := range []string{
		"*2\r\n$3\r\nfoo\r\n*1\r\n-ERR x\r\n:5\r\n",
		"$500000000\r\n0123456789",
		"*3\r\n$0\r\n\r\n$-1\r\n*-1\r\n+OK\r\n",
		"+OK\r\n+OK\r\n-LOADING x\r\n+OK\r\n",
		"$2\r\n\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		type reader func(io.Reader) io.Reader
		whole := func(r io.Reader) io.Reader { return r }
		for _, pair := range [][2]reader{{whole, iotest.OneByteReader}, {iotest.OneByteReader, whole}} {
			pyReplies, pyErr := readAll(parser.NewPythonParser(), pair[0](bytes.NewReader(data)))
			hiReplies, hiErr := readAll(parser.NewHiredisParser(), pair[1](bytes.NewReader(data)))
			require.Equal(t, pyReplies, hiReplies)
			require.NotNil(t, exceptions.KindOf(pyErr), "error outside the tree: %v", pyErr)
			require.Same(t, exceptions.KindOf(pyErr), exceptions.KindOf(hiErr), "python: %v, hiredis: %v", pyErr, hiErr)
			require.Equal(t, pyErr.Error(), hiErr.Error())
		}
	})
}
