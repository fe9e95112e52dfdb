//go:build !race

package wtest

// Race reports whether the test binary was built with -race.
const Race = false
