package client

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
)

// Python 2.7's int() and float() of a str, which every callback and
// parse_info use to read a number. Go's strconv reads a different language:
// it refuses " 5" and "- 5", which int() reads as 5 and -5, and reads
// "0x1p4", "1_0" and "0x_1p4", which float() refuses; ParseInt stops at
// int64, where int() goes on into a long. These two read what Python reads,
// refuse what it refuses, with its error messages, and hand the digits
// they checked to strconv (or math/big) only for the arithmetic. The C
// they follow is PyInt_FromString and PyLong_FromString (int), and
// PyFloat_FromString with PyOS_string_to_double (float):
// https://github.com/python/cpython/blob/v2.7.18/Objects/intobject.c
// https://github.com/python/cpython/blob/v2.7.18/Objects/floatobject.c
// https://github.com/python/cpython/blob/v2.7.18/Python/pystrtod.c

// isPySpace is C's isspace() in the C locale, which both int() and float()
// strip: not Go's unicode.IsSpace, which also takes U+0085 and U+00A0.
func isPySpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// maxLongDigits is Python 3.11's default int_max_str_digits: the longest
// decimal text int() reads into a long.
const maxLongDigits = 4300

// pyInt is int(s) for a str s: blanks around the number and between its
// sign and its digits are allowed ("- 5" is -5), decimal digits only. The
// result is an int64, or a *big.Int where Python 2 gave a long.
func pyInt(s string) (any, error) {
	cstr := s // the C string Python parses stops at a NUL byte
	if i := strings.IndexByte(s, 0); i >= 0 {
		cstr = s[:i]
	}
	i := 0
	for i < len(cstr) && isPySpace(cstr[i]) {
		i++
	}
	shown := cstr[i:] // the message shows the text after the leading blanks
	neg := false
	if i < len(cstr) && (cstr[i] == '+' || cstr[i] == '-') {
		neg = cstr[i] == '-'
		i++
		for i < len(cstr) && isPySpace(cstr[i]) {
			i++
		}
	}
	start := i
	for i < len(cstr) && isDigit(cstr[i]) {
		i++
	}
	digits := cstr[start:i]
	for i < len(cstr) && isPySpace(cstr[i]) {
		i++
	}
	if digits == "" || i != len(cstr) {
		if len(shown) > 200 {
			shown = shown[:200]
		}
		return nil, exceptions.New(exceptions.ErrInvalidResponse,
			"invalid literal for int() with base 10: "+exceptions.PyRepr(shown))
	}
	if len(cstr) != len(s) {
		return nil, exceptions.New(exceptions.ErrInvalidResponse, "null byte in argument for int()")
	}
	if len(digits) > maxLongDigits {
		// Python 2 read any length, in time that grows with the square of
		// it: a server could stall the client with one long number. The
		// port refuses it, as Python 3.11 does (CVE-2020-10735).
		return nil, exceptions.New(exceptions.ErrInvalidResponse,
			"Exceeds the limit ("+strconv.Itoa(maxLongDigits)+" digits) for integer string conversion: value has "+
				strconv.Itoa(len(digits))+" digits")
	}
	sign := ""
	if neg {
		sign = "-"
	}
	if n, err := strconv.ParseInt(sign+digits, 10, 64); err == nil {
		return n, nil
	}
	long, _ := new(big.Int).SetString(sign+digits, 10) // only digits here: cannot fail
	return long, nil
}

// PyFloat is Python 2.7's float(s), with its error messages (an
// InvalidResponse, as for a reply a callback cannot read). Chapter 07's Lock
// reads the time stored in its key with it, as 2.4.6 did with float().
func PyFloat(s string) (float64, error) { return pyFloat(s) }

// pyFloat is float(s) for a str s: blanks around the number, a sign,
// decimal digits with an optional point and exponent, or inf, infinity and
// nan in any case, each with an optional sign. Too large is ±inf and too
// small is 0, as in Python (which strconv reads the same way).
func pyFloat(s string) (float64, error) {
	first, last := 0, len(s)
	for first < last && isPySpace(s[first]) {
		first++
	}
	for last > first+1 && isPySpace(s[last-1]) {
		last--
	}
	text := s[first:last]
	n := floatPrefix(text)
	if n == 0 || n != len(text) {
		shown := s[first:] // printed with %.200s: up to a NUL, at most 200 bytes
		if i := strings.IndexByte(shown, 0); i >= 0 {
			shown = shown[:i]
		}
		if len(shown) > 200 {
			shown = shown[:200]
		}
		if n == 0 {
			return 0, exceptions.New(exceptions.ErrInvalidResponse, "could not convert string to float: "+shown)
		}
		return 0, exceptions.New(exceptions.ErrInvalidResponse, "invalid literal for float(): "+shown)
	}
	body := strings.TrimLeft(text, "+-")
	if len(body) == 3 && strings.EqualFold(body, "nan") {
		return math.NaN(), nil // strconv refuses a signed nan; Python does not
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && f == 0 {
		// Not ErrRange (that comes with ±Inf, which is Python's answer):
		// floatPrefix let through something strconv does not read.
		return 0, exceptions.New(exceptions.ErrInvalidResponse, "could not convert string to float: "+text)
	}
	return f, nil
}

// floatPrefix returns the length of the longest start of s that Python's
// strtod reads as a number, 0 for none.
func floatPrefix(s string) int {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	for _, word := range []string{"infinity", "inf", "nan"} {
		if len(s)-i >= len(word) && strings.EqualFold(s[i:i+len(word)], word) {
			return i + len(word)
		}
	}
	intDigits := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		intDigits++
	}
	fracDigits := 0
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
			fracDigits++
		}
		if intDigits > 0 || fracDigits > 0 {
			i = j
		}
	}
	if intDigits == 0 && fracDigits == 0 {
		return 0
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		expStart := j
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j > expStart { // "1e" and "1e+" read as 1, then stop at the e
			i = j
		}
	}
	return i
}
