package client

import (
	"errors"
	"math"
	"math/big"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
)

// pyNumbers is each input with what Python 2.7.18 printed for int(s) and
// float(s): the repr of the number, "...L" for a long, or the ValueError's
// message. The rows come from running the inputs through the real
// interpreter (/tmp/py246.sh): no row is written by hand.
var pyNumbers = []struct{ in, int, float string }{
	{"5", "5", "5.0"},
	{" 5", "5", "5.0"},
	{"5 ", "5", "5.0"},
	{" 5 ", "5", "5.0"},
	{"\x095\x0a", "5", "5.0"},
	{"\x0d5\x0d", "5", "5.0"},
	{"\x0b5\x0c", "5", "5.0"},
	{"+5", "5", "5.0"},
	{"-5", "-5", "-5.0"},
	{"- 5", "-5", "ValueError: could not convert string to float: - 5"},
	{"+ 5", "5", "ValueError: could not convert string to float: + 5"},
	{" - 5 ", "-5", "ValueError: could not convert string to float: - 5 "},
	{"-\x091", "-1", "ValueError: could not convert string to float: -\x091"},
	{"--5", "ValueError: invalid literal for int() with base 10: '--5'", "ValueError: could not convert string to float: --5"},
	{"+-5", "ValueError: invalid literal for int() with base 10: '+-5'", "ValueError: could not convert string to float: +-5"},
	{"-", "ValueError: invalid literal for int() with base 10: '-'", "ValueError: could not convert string to float: -"},
	{"+", "ValueError: invalid literal for int() with base 10: '+'", "ValueError: could not convert string to float: +"},
	{"-0", "0", "-0.0"},
	{"007", "7", "7.0"},
	{"0", "0", "0.0"},
	{"", "ValueError: invalid literal for int() with base 10: ''", "ValueError: could not convert string to float: "},
	{" ", "ValueError: invalid literal for int() with base 10: ''", "ValueError: could not convert string to float: "},
	{"5.0", "ValueError: invalid literal for int() with base 10: '5.0'", "5.0"},
	{"5.", "ValueError: invalid literal for int() with base 10: '5.'", "5.0"},
	{".5", "ValueError: invalid literal for int() with base 10: '.5'", "0.5"},
	{"1e3", "ValueError: invalid literal for int() with base 10: '1e3'", "1000.0"},
	{"0x10", "ValueError: invalid literal for int() with base 10: '0x10'", "ValueError: invalid literal for float(): 0x10"},
	{"0o7", "ValueError: invalid literal for int() with base 10: '0o7'", "ValueError: invalid literal for float(): 0o7"},
	{"0b1", "ValueError: invalid literal for int() with base 10: '0b1'", "ValueError: invalid literal for float(): 0b1"},
	{"1_0", "ValueError: invalid literal for int() with base 10: '1_0'", "ValueError: invalid literal for float(): 1_0"},
	{" 1_0", "ValueError: invalid literal for int() with base 10: '1_0'", "ValueError: invalid literal for float(): 1_0"},
	{"1 0", "ValueError: invalid literal for int() with base 10: '1 0'", "ValueError: invalid literal for float(): 1 0"},
	{"5L", "ValueError: invalid literal for int() with base 10: '5L'", "ValueError: invalid literal for float(): 5L"},
	{"\x005", "ValueError: invalid literal for int() with base 10: ''", "ValueError: could not convert string to float: "},
	{"5\x00", "ValueError: null byte in argument for int()", "ValueError: invalid literal for float(): 5"},
	{" 5 \x00", "ValueError: null byte in argument for int()", "ValueError: invalid literal for float(): 5 "},
	{" x\x00y", "ValueError: invalid literal for int() with base 10: 'x'", "ValueError: could not convert string to float: x"},
	{"\xc2\xa05", "ValueError: invalid literal for int() with base 10: '\\xc2\\xa05'", "ValueError: could not convert string to float: \xc2\xa05"},
	{"\xc2\x855", "ValueError: invalid literal for int() with base 10: '\\xc2\\x855'", "ValueError: could not convert string to float: \xc2\x855"},
	{"\xa05", "ValueError: invalid literal for int() with base 10: '\\xa05'", "ValueError: could not convert string to float: \xa05"},
	{"\xd9\xa1", "ValueError: invalid literal for int() with base 10: '\\xd9\\xa1'", "ValueError: could not convert string to float: \xd9\xa1"},
	{"9223372036854775807", "9223372036854775807", "9.223372036854776e+18"},
	{"9223372036854775808", "9223372036854775808L", "9.223372036854776e+18"},
	{"-9223372036854775808", "-9223372036854775808", "-9.223372036854776e+18"},
	{"-9223372036854775809", "-9223372036854775809L", "-9.223372036854776e+18"},
	{strings.Repeat("9", 26), strings.Repeat("9", 26) + "L", "1e+26"},
	{" -" + strings.Repeat("9", 20) + " ", "-" + strings.Repeat("9", 20) + "L", "-1e+20"},
	{"- " + strings.Repeat("9", 20), "-" + strings.Repeat("9", 20) + "L", "ValueError: could not convert string to float: - " + strings.Repeat("9", 20)},
	{strings.Repeat("9", 20) + "L", "ValueError: invalid literal for int() with base 10: '" + strings.Repeat("9", 20) + "L'", "ValueError: invalid literal for float(): " + strings.Repeat("9", 20) + "L"},
	{"1e400", "ValueError: invalid literal for int() with base 10: '1e400'", "inf"},
	{"-1e400", "ValueError: invalid literal for int() with base 10: '-1e400'", "-inf"},
	{"1e-400", "ValueError: invalid literal for int() with base 10: '1e-400'", "0.0"},
	{"1e" + strings.Repeat("9", 20), "ValueError: invalid literal for int() with base 10: '1e" + strings.Repeat("9", 20) + "'", "inf"},
	{"1.5", "ValueError: invalid literal for int() with base 10: '1.5'", "1.5"},
	{" 1.5 ", "ValueError: invalid literal for int() with base 10: '1.5 '", "1.5"},
	{"\x0a1.5\x0a", "ValueError: invalid literal for int() with base 10: '1.5\\n'", "1.5"},
	{"1.5\x00", "ValueError: invalid literal for int() with base 10: '1.5'", "ValueError: invalid literal for float(): 1.5"},
	{"inf", "ValueError: invalid literal for int() with base 10: 'inf'", "inf"},
	{"-inf", "ValueError: invalid literal for int() with base 10: '-inf'", "-inf"},
	{"+inf", "ValueError: invalid literal for int() with base 10: '+inf'", "inf"},
	{"INF", "ValueError: invalid literal for int() with base 10: 'INF'", "inf"},
	{"infinity", "ValueError: invalid literal for int() with base 10: 'infinity'", "inf"},
	{"-Infinity", "ValueError: invalid literal for int() with base 10: '-Infinity'", "-inf"},
	{"iNfInItY", "ValueError: invalid literal for int() with base 10: 'iNfInItY'", "inf"},
	{"infinit", "ValueError: invalid literal for int() with base 10: 'infinit'", "ValueError: invalid literal for float(): infinit"},
	{"infinityy", "ValueError: invalid literal for int() with base 10: 'infinityy'", "ValueError: invalid literal for float(): infinityy"},
	{"nan", "ValueError: invalid literal for int() with base 10: 'nan'", "nan"},
	{"NaN", "ValueError: invalid literal for int() with base 10: 'NaN'", "nan"},
	{"-nan", "ValueError: invalid literal for int() with base 10: '-nan'", "nan"},
	{"+nan", "ValueError: invalid literal for int() with base 10: '+nan'", "nan"},
	{"nan(1)", "ValueError: invalid literal for int() with base 10: 'nan(1)'", "ValueError: invalid literal for float(): nan(1)"},
	{"+-nan", "ValueError: invalid literal for int() with base 10: '+-nan'", "ValueError: could not convert string to float: +-nan"},
	{"0x1p4", "ValueError: invalid literal for int() with base 10: '0x1p4'", "ValueError: invalid literal for float(): 0x1p4"},
	{"0x1.8p1", "ValueError: invalid literal for int() with base 10: '0x1.8p1'", "ValueError: invalid literal for float(): 0x1.8p1"},
	{"0x_1p4", "ValueError: invalid literal for int() with base 10: '0x_1p4'", "ValueError: invalid literal for float(): 0x_1p4"},
	{"1_0.5", "ValueError: invalid literal for int() with base 10: '1_0.5'", "ValueError: invalid literal for float(): 1_0.5"},
	{"1.5_0", "ValueError: invalid literal for int() with base 10: '1.5_0'", "ValueError: invalid literal for float(): 1.5_0"},
	{"1e1_0", "ValueError: invalid literal for int() with base 10: '1e1_0'", "ValueError: invalid literal for float(): 1e1_0"},
	{"1e", "ValueError: invalid literal for int() with base 10: '1e'", "ValueError: invalid literal for float(): 1e"},
	{"1e+", "ValueError: invalid literal for int() with base 10: '1e+'", "ValueError: invalid literal for float(): 1e+"},
	{"5e", "ValueError: invalid literal for int() with base 10: '5e'", "ValueError: invalid literal for float(): 5e"},
	{"e5", "ValueError: invalid literal for int() with base 10: 'e5'", "ValueError: could not convert string to float: e5"},
	{".", "ValueError: invalid literal for int() with base 10: '.'", "ValueError: could not convert string to float: ."},
	{".e1", "ValueError: invalid literal for int() with base 10: '.e1'", "ValueError: could not convert string to float: .e1"},
	{"-.5", "ValueError: invalid literal for int() with base 10: '-.5'", "-0.5"},
	{"+.5e-3", "ValueError: invalid literal for int() with base 10: '+.5e-3'", "0.0005"},
	{"1.e5", "ValueError: invalid literal for int() with base 10: '1.e5'", "100000.0"},
	{"1E5", "ValueError: invalid literal for int() with base 10: '1E5'", "100000.0"},
	{"1e+05", "ValueError: invalid literal for int() with base 10: '1e+05'", "100000.0"},
	{"1.5.5", "ValueError: invalid literal for int() with base 10: '1.5.5'", "ValueError: invalid literal for float(): 1.5.5"},
	{"1,5", "ValueError: invalid literal for int() with base 10: '1,5'", "ValueError: invalid literal for float(): 1,5"},
	{"-0.0", "ValueError: invalid literal for int() with base 10: '-0.0'", "-0.0"},
	{"0.1", "ValueError: invalid literal for int() with base 10: '0.1'", "0.1"},
	{"1.7976931348623157e308", "ValueError: invalid literal for int() with base 10: '1.7976931348623157e308'", "1.7976931348623157e+308"},
	{"1.7976931348623159e308", "ValueError: invalid literal for int() with base 10: '1.7976931348623159e308'", "inf"},
	{"4.9e-324", "ValueError: invalid literal for int() with base 10: '4.9e-324'", "5e-324"},
	{"2.4e-324", "ValueError: invalid literal for int() with base 10: '2.4e-324'", "0.0"},
	{" i n f ", "ValueError: invalid literal for int() with base 10: 'i n f '", "ValueError: could not convert string to float: i n f "},
	{"- 1.5", "ValueError: invalid literal for int() with base 10: '- 1.5'", "ValueError: could not convert string to float: - 1.5"},
	{"x", "ValueError: invalid literal for int() with base 10: 'x'", "ValueError: could not convert string to float: x"},
	{"it's", "ValueError: invalid literal for int() with base 10: \"it's\"", "ValueError: could not convert string to float: it's"},
	{"a'b\"c", "ValueError: invalid literal for int() with base 10: 'a\\'b\"c'", "ValueError: could not convert string to float: a'b\"c"},
	{"\\", "ValueError: invalid literal for int() with base 10: '\\\\'", "ValueError: could not convert string to float: \\"},
	{"\xff", "ValueError: invalid literal for int() with base 10: '\\xff'", "ValueError: could not convert string to float: \xff"},
	{"caf\xc3\xa9", "ValueError: invalid literal for int() with base 10: 'caf\\xc3\\xa9'", "ValueError: could not convert string to float: caf\xc3\xa9"},
	{strings.Repeat("7", 250), strings.Repeat("7", 250) + "L", "7.777777777777778e+249"},
	{strings.Repeat("x", 250), "ValueError: invalid literal for int() with base 10: '" + strings.Repeat("x", 200) + "'", "ValueError: could not convert string to float: " + strings.Repeat("x", 200)},
}

// pyInt and pyFloat read what Python 2.7's int() and float() read, refuse
// what they refuse, with the same message.
func TestPythonNumbers(t *testing.T) {
	for _, tc := range pyNumbers {
		repr := exceptions.PyRepr(tc.in)
		if len(repr) > 40 {
			repr = repr[:37] + "..."
		}
		t.Run("int("+repr+") = "+tc.int, func(t *testing.T) {
			got, err := pyInt(tc.in)
			if msg, isErr := strings.CutPrefix(tc.int, "ValueError: "); isErr {
				require.ErrorIs(t, err, exceptions.ErrInvalidResponse)
				assert.Equal(t, msg, err.Error())
				return
			}
			require.NoError(t, err)
			if digits, long := strings.CutSuffix(tc.int, "L"); long {
				want, _ := new(big.Int).SetString(digits, 10)
				require.IsType(t, (*big.Int)(nil), got, "Python gave a long")
				assert.Equal(t, 0, want.Cmp(got.(*big.Int)))
				return
			}
			want, err := strconv.ParseInt(tc.int, 10, 64)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
		t.Run("float("+repr+") = "+tc.float, func(t *testing.T) {
			got, err := pyFloat(tc.in)
			if msg, isErr := strings.CutPrefix(tc.float, "ValueError: "); isErr {
				require.ErrorIs(t, err, exceptions.ErrInvalidResponse)
				assert.Equal(t, msg, err.Error())
				return
			}
			require.NoError(t, err)
			want, err := strconv.ParseFloat(tc.float, 64) // Python's repr reads back exactly
			if !errors.Is(err, strconv.ErrRange) {
				require.NoError(t, err)
			}
			if math.IsNaN(want) {
				assert.True(t, math.IsNaN(got), "%v", got)
				return
			}
			assert.Equal(t, math.Float64bits(want), math.Float64bits(got), "%v (the sign of a zero counts)", got)
		})
	}
}

// Go's strconv reads these; Python 2.7 does not, and neither does the port.
func TestPythonNumbersRefuseGoSyntax(t *testing.T) {
	for _, s := range []string{"0x1p4", "0x1.8p1", "1_0", "1_000.5", "0x_1p4", "0x10"} {
		_, goErr := strconv.ParseFloat(s, 64)
		_, err := pyFloat(s)
		assert.ErrorIs(t, err, exceptions.ErrInvalidResponse, s)
		if s != "0x10" {
			assert.NoError(t, goErr, "strconv.ParseFloat(%q) no longer reads it: drop the row", s)
		}
	}
}

// A long of 4300 digits is read; one more is refused at once, where Python
// 2 would take time growing with the square of the length (a server could
// stall the client with one number).
func TestPythonIntLengthLimit(t *testing.T) {
	v, err := pyInt(strings.Repeat("9", maxLongDigits))
	require.NoError(t, err)
	assert.IsType(t, (*big.Int)(nil), v)
	// Refused without parsing: a 5 MB number parsed would need a 2 MB
	// big.Int; the refusal allocates little more than its message. Bytes
	// allocated, not time, so a loaded machine cannot fail the test.
	long := strings.Repeat("9", 5<<20)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = pyInt(long)
	runtime.ReadMemStats(&after)
	assert.ErrorIs(t, err, exceptions.ErrInvalidResponse)
	assert.ErrorContains(t, err, "Exceeds the limit (4300 digits)")
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(256<<10), "refused without parsing")
}
