package lock

import (
	"fmt"
	"strconv"
	"testing"
	"time"
)

// A timeout written in Python as 1.118 is the float nearest 1.118. seconds
// gives that float for every whole number of milliseconds up to 100 s;
// Duration.Seconds, which adds the whole seconds and the fraction
// separately, misses it for 1.118 s, among others.
func TestSecondsAsPythonWritesThem(t *testing.T) {
	missed := 0
	for ms := int64(1); ms <= 100000; ms++ {
		d := time.Duration(ms) * time.Millisecond
		literal := fmt.Sprintf("%d.%03d", ms/1000, ms%1000) // as a Python caller would write it
		want, err := strconv.ParseFloat(literal, 64)
		if err != nil {
			t.Fatal(err)
		}
		if got := seconds(d); got != want {
			t.Fatalf("seconds(%v) = %v, want %s", d, got, literal)
		}
		if d.Seconds() != want {
			missed++
		}
	}
	if (1118*time.Millisecond).Seconds() == 1.118 || missed == 0 {
		t.Errorf("Duration.Seconds gives the literal's float everywhere: seconds need not divide")
	}
	t.Logf("Duration.Seconds misses the literal's float for %d of 100000", missed)
}
