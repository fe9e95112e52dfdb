package lock_test

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/redispy-go/redispy/chapters/00-exceptions"
	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/07-lock"
)

func startExampleServer() (*miniredis.Miniredis, *client.Redis) {
	srv, err := miniredis.Run()
	if err != nil {
		panic(err)
	}
	port, _ := strconv.Atoi(srv.Port())
	return srv, client.NewRedis(client.Options{Host: srv.Host(), Port: port})
}

// Two owners of one lock: the second waits its turn.
func ExampleLock_Acquire() {
	srv, r := startExampleServer()
	defer srv.Close()

	first, _ := lock.New(r, "report", 10*time.Second, lock.DefaultSleep)
	second, _ := lock.New(r, "report", 10*time.Second, lock.DefaultSleep)
	ok, _ := first.Acquire(true)
	fmt.Println("first:", ok)
	ok, _ = second.Acquire(false) // do not wait
	fmt.Println("second:", ok)
	first.Release()
	ok, _ = second.Acquire(false)
	fmt.Println("second, after first's release:", ok)
	// Output:
	// first: true
	// second: false
	// second, after first's release: true
}

// Do is Python's "with lock:": the lock is released when fn returns.
func ExampleLock_Do() {
	srv, r := startExampleServer()
	defer srv.Close()

	l, _ := lock.New(r, "report", 10*time.Second, lock.DefaultSleep)
	err := l.Do(func() error {
		held, _ := r.Exists("report")
		fmt.Println("inside, the key exists:", held)
		return nil
	})
	held, _ := r.Exists("report")
	fmt.Println(err, "after, the key exists:", held)
	// Output:
	// inside, the key exists: true
	// <nil> after, the key exists: false
}

// The lock expired while its owner worked, and someone else took it: the
// owner's release says so, and leaves the other owner's lock alone.
func ExampleLock_Release() {
	srv, r := startExampleServer()
	defer srv.Close()

	mine, _ := lock.New(r, "report", time.Second, lock.DefaultSleep)
	mine.Acquire(true)
	srv.FastForward(2 * time.Second) // the server's clock: the key expires
	theirs, _ := lock.New(r, "report", 10*time.Second, lock.DefaultSleep)
	theirs.Acquire(true)

	err := mine.Release()
	fmt.Println(errors.Is(err, exceptions.ErrLock), err)
	held, _ := r.Exists("report")
	fmt.Println("their lock is still there:", held)
	// Output:
	// true Cannot release a lock that's no longer owned
	// their lock is still there: true
}
