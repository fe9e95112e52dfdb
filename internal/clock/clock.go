// Package clock gives this module's tests and scenarios a way to set the
// clock a lock of chapters/07-lock reads: a fake one that moves only when
// told, or two clocks set apart, to show what redis-py 2.4.6's timestamps do
// when clients disagree about the time, without waiting for real seconds.
//
// Like internal/fixes it is internal, so code outside this module cannot
// import it: its locks always read time.Now.
package clock

import (
	"sync"
	"time"
)

// SetLock gives lock, a *lock.Lock, the clock now; nil gives it time.Now
// back. chapters/07-lock sets this variable when it is loaded, so that this
// package need not import the lock's type (which imports this package).
var SetLock func(lock any, now func() time.Time)

// Fake is a clock that stands still until Set or Add moves it. It is safe
// for concurrent use.
type Fake struct {
	mu sync.Mutex
	t  time.Time
}

// NewFake returns a clock that reads t.
func NewFake(t time.Time) *Fake { return &Fake{t: t} }

// Unix is the time at sec seconds after the epoch, with a fraction, as
// Python's time.time() gives it: Unix(1700000000.25).
func Unix(sec float64) time.Time {
	whole := int64(sec)
	return time.Unix(whole, int64((sec-float64(whole))*1e9+0.5))
}

// Now returns the clock's time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

// Set puts the clock at t.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = t
}

// Add moves the clock by d, forward or back.
func (f *Fake) Add(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}
