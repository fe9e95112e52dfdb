package connection

import (
	"math"
	"strconv"
	"testing"

	"github.com/redispy-go/redispy/internal/redistest"
	"github.com/redispy-go/redispy/workshop/internal/wredis"
	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// The bug: a float that goes in is not the float that comes out.
func TestAThirdComesBackAsAThird(t *testing.T) {
	wredis.Each(t, func(t *testing.T, s *redistest.Server) {
		c, _ := tapped(t, s, Options{})
		third := 1 / 3.0
		if _, err := do(c, "SET", "third", third); err != nil {
			t.Fatal(err)
		}
		reply, err := do(c, "GET", "third")
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := reply.([]byte)
		back, err := strconv.ParseFloat(string(stored), 64)
		if err != nil || back != third {
			wtest.Errorf(t, "SET third 1/3.0, then GET third: the server stored %s, which reads back as %v, not %v.\nThe float lost its digits on the way out.",
				"SET third 1/3.0 之后 GET third：服务器存下的是 %s，读回来是 %v，而不是 %v。\n浮点数在发出去的路上丢了位数。",
				wtest.Quote(stored), back, third)
		}
	})
}

// The bytes Python 2.7's repr() writes for each float (checked under
// Python 2.7.18), which redis-py 2.7.0 sends.
func TestFloatsAreWrittenAsReprWritesThem(t *testing.T) {
	c := NewConnection(Options{})
	for _, tc := range []struct {
		in   any
		repr string
	}{
		{1 / 3.0, "0.3333333333333333"},
		{0.1, "0.1"},
		{100.0, "100.0"},
		{0.0, "0.0"},
		{math.Copysign(0, -1), "-0.0"},
		{1e15, "1000000000000000.0"},
		{1e16, "1e+16"},
		{0.0001, "0.0001"},
		{0.00001, "1e-05"},
		{123456789012345678.0, "1.2345678901234568e+17"},
		{12345678901234.5, "12345678901234.5"},
		{3.14159265358979, "3.14159265358979"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.NaN(), "nan"},
		{float32(0.1), "0.1"},
	} {
		got, err := c.Encode(tc.in)
		if err != nil {
			wtest.Errorf(t, "Encode(%v): %v", "Encode(%v) 出错：%v", tc.in, err)
			continue
		}
		if string(got) != tc.repr {
			wtest.Errorf(t, "Encode(%s) = %s, want %s (Python's repr)", "Encode(%s) = %s，期望 %s（Python 的 repr）",
				wtest.Describe(tc.in), wtest.Quote(got), wtest.Quote([]byte(tc.repr)))
		}
	}
}

// Everything else goes out as it did. (Sending every argument through
// the float path would pass the tests above; this stops it.)
func TestOtherArgumentsAreUnchanged(t *testing.T) {
	c := NewConnection(Options{})
	for _, tc := range []struct {
		in   any
		want string
	}{
		{"text", "text"}, {[]byte("raw"), "raw"}, {42, "42"}, {int64(-7), "-7"}, {"3.0", "3.0"},
	} {
		got, err := c.Encode(tc.in)
		if err != nil || string(got) != tc.want {
			wtest.Errorf(t, "Encode(%s) = %s, %v; want %s", "Encode(%s) = %s, %v；期望 %s",
				wtest.Describe(tc.in), wtest.Quote(got), err, wtest.Quote([]byte(tc.want)))
		}
	}
}
