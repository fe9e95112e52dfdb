package connection_test

import (
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/02-connection"
	"github.com/redispy-go/redispy/internal/fixes"
)

// Golden bytes for PackCommand, byte for byte. The float and 2.4.6 columns
// were produced by running redis-py 2.4.6's pack_command (str) and 2.7.0's
// encode (repr) under Python 2.7.18.
func TestPackCommandGolden(t *testing.T) {
	c := connection.NewConnection(connection.Options{})
	cases := []struct {
		name string
		args []any
		want string
	}{
		{"no arguments", nil, "*0\r\n"},
		{"ping", []any{"PING"}, "*1\r\n$4\r\nPING\r\n"},
		{"set", []any{"SET", "foo", "bar"}, "*3\r\n$3\r\nSET\r\n$3\r\nfoo\r\n$3\r\nbar\r\n"},
		{"empty string is $0", []any{"SET", "k", ""}, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n"},
		{"bytes pass through", []any{"SET", []byte("k"), []byte{0, '\r', '\n', 0xff}}, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\n\x00\r\n\xff\r\n"},
		{"utf-8 length is in bytes", []any{"SET", "键", "值"}, "*3\r\n$3\r\nSET\r\n$3\r\n键\r\n$3\r\n值\r\n"},
		{"ints", []any{"EXPIRE", "k", 10, int64(-7), uint8(255)}, "*5\r\n$6\r\nEXPIRE\r\n$1\r\nk\r\n$2\r\n10\r\n$2\r\n-7\r\n$3\r\n255\r\n"},
		{"big ints", []any{int64(math.MinInt64), uint64(math.MaxUint64)}, "*2\r\n$20\r\n-9223372036854775808\r\n$20\r\n18446744073709551615\r\n"},
		{"float repr", []any{"ZADD", "z", 1 / 3.0, "m"}, "*4\r\n$4\r\nZADD\r\n$1\r\nz\r\n$18\r\n0.3333333333333333\r\n$1\r\nm\r\n"},
		{"long argument", []any{string(make([]byte, 300))}, "*1\r\n$300\r\n" + string(make([]byte, 300)) + "\r\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.PackCommand(tc.args...)
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
		})
	}
}

// Python's repr() of a float, which the port sends (redis-py 2.7.0), next
// to 2.4.6's str(). Both columns come from Python 2.7.18.
func TestEncodeFloat(t *testing.T) {
	c := connection.NewConnection(connection.Options{})
	cases := []struct {
		in        float64
		repr, str string
	}{
		{1 / 3.0, "0.3333333333333333", "0.333333333333"},
		{0.1, "0.1", "0.1"},
		{1e16, "1e+16", "1e+16"},
		{1e15, "1000000000000000.0", "1e+15"},
		{100, "100.0", "100.0"},
		{0.0001, "0.0001", "0.0001"},
		{0.00001, "1e-05", "1e-05"},
		{-2.5, "-2.5", "-2.5"},
		{1e22, "1e+22", "1e+22"},
		{123456789012345678, "1.2345678901234568e+17", "1.23456789012e+17"},
		{0, "0.0", "0.0"},
		{math.Copysign(0, -1), "-0.0", "-0.0"},
		{3.14159265358979, "3.14159265358979", "3.14159265359"},
		{1e-7, "1e-07", "1e-07"},
		{12345678901234.5, "12345678901234.5", "1.23456789012e+13"},
		{math.Inf(1), "inf", "inf"},
		{math.Inf(-1), "-inf", "-inf"},
		{math.NaN(), "nan", "nan"},
	}
	for _, tc := range cases {
		got, err := c.Encode(tc.in)
		require.NoError(t, err)
		assert.Equal(t, tc.repr, string(got), "repr(%v)", tc.in)
		assert.Equal(t, tc.str, connection.PyStr(tc.in), "str(%v)", tc.in)
	}
	got, err := c.Encode(float32(0.1))
	require.NoError(t, err)
	assert.Equal(t, "0.1", string(got), "a float32 is written with the digits a float32 needs")
}

// redis-py 3.0.0 refuses what is not bytes, a string or a number; 2.4.6
// sent str(value): "None", "True".
func TestEncodeRefusesOtherTypes(t *testing.T) {
	c := connection.NewConnection(connection.Options{})
	legacy := connection.NewConnection(connection.Options{Fixes: fixes.Without(fixes.RefuseNoneAndBool)})
	for _, tc := range []struct {
		in     any
		msg    string
		legacy string
	}{
		{nil, "Invalid input of type: 'NoneType'. Convert to a byte, string or number first.", "None"},
		{true, "Invalid input of type: 'bool'. Convert to a byte, string or number first.", "True"},
		{false, "Invalid input of type: 'bool'. Convert to a byte, string or number first.", "False"},
		{[]string{"a"}, "Invalid input of type: '[]string'. Convert to a byte, string or number first.", ""},
		{struct{}{}, "Invalid input of type: 'struct {}'. Convert to a byte, string or number first.", ""},
		{time.Second, "Invalid input of type: 'time.Duration'. Convert to a byte, string or number first.", ""},
	} {
		_, err := c.Encode(tc.in)
		assert.ErrorIs(t, err, exceptions.ErrData)
		assert.EqualError(t, err, tc.msg)
		_, err = c.PackCommand("SET", "k", tc.in)
		assert.ErrorIs(t, err, exceptions.ErrData, "PackCommand fails the whole command")
		if tc.legacy != "" {
			got, err := legacy.Encode(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.legacy, string(got), "2.4.6 sent str(%v)", tc.in)
		}
	}
}

// Python's ints have no size limit; 2.4.6 sent the digits of 2**70 as they
// are (checked with redis-py 2.4.6 under Python 2.7.18). *big.Int is Go's
// nearest thing.
func TestEncodeBigIntegers(t *testing.T) {
	c := connection.NewConnection(connection.Options{})
	big70 := new(big.Int).Lsh(big.NewInt(1), 70)
	got, err := c.PackCommand("SET", "k", big70)
	require.NoError(t, err)
	assert.Equal(t, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$22\r\n1180591620717411303424\r\n", string(got))
	got, err = c.Encode(new(big.Int).Neg(big70))
	require.NoError(t, err)
	assert.Equal(t, "-1180591620717411303424", string(got))
	_, err = c.Encode((*big.Int)(nil))
	assert.ErrorIs(t, err, exceptions.ErrData, "a nil *big.Int is no number")
}

// Named types are encoded as their underlying type, as redis-py 3.0.0
// accepted subclasses of str, int and float.
func TestEncodeNamedTypes(t *testing.T) {
	type Key string
	type Score float64
	type Count uint16
	type Blob []byte
	c := connection.NewConnection(connection.Options{})
	got, err := c.PackCommand(Key("k"), Score(0.5), Count(7), Blob("b"))
	require.NoError(t, err)
	assert.Equal(t, "*4\r\n$1\r\nk\r\n$3\r\n0.5\r\n$1\r\n7\r\n$1\r\nb\r\n", string(got))
	type Flag bool
	_, err = c.Encode(Flag(true))
	assert.ErrorIs(t, err, exceptions.ErrData)
}

func TestPackCommandAllocations(t *testing.T) {
	c := connection.NewConnection(connection.Options{})
	buf := make([]byte, 0, 128)
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = connection.AppendCommandForTest(c, buf[:0], "SET", "key", 42, "value")
	})
	assert.Zero(t, allocs, "packing into a reused buffer allocates nothing")
}

func BenchmarkPackCommand(b *testing.B) {
	c := connection.NewConnection(connection.Options{})
	buf := make([]byte, 0, 128)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = connection.AppendCommandForTest(c, buf[:0], "SET", "key:000001", "some value of moderate size", 3.5)
	}
}
