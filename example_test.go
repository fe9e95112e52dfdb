package redispy_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/redispy-go/redispy"
)

// A client for the server at host:port. Here the server is an embedded
// miniredis; against a local Redis, use Host "localhost" and Port 6379.
func Example() {
	srv, err := miniredis.Run() // the example's own server
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	r := redispy.NewRedis(redispy.Options{Host: srv.Host(), Port: atoi(srv.Port())})
	defer r.ConnectionPool.Disconnect()

	ok, _ := r.Set("greeting", "hello")
	v, _ := r.Get("greeting")
	missing, _ := r.Get("nobody")
	n, _ := r.Incr("visits", 1)
	fmt.Println(ok, string(v), missing == nil, n)

	_, err = r.Lpush("greeting", "x") // a string is not a list
	var reply redispy.ResponseError
	fmt.Println(errors.Is(err, redispy.ErrResponse), errors.As(err, &reply))
	fmt.Println(reply.Msg)
	// Output:
	// true hello true 1
	// true true
	// WRONGTYPE Operation against a key holding the wrong kind of value
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

// r.lock(name, timeout, sleep): a lock in one key, shared by every client of
// the server. Do is Python's "with lock:".
func ExampleNewLock() {
	srv, err := miniredis.Run()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	r := redispy.NewRedis(redispy.Options{Host: srv.Host(), Port: atoi(srv.Port())})
	defer r.ConnectionPool.Disconnect()

	l, _ := redispy.NewLock(r, "nightly-report", 30*time.Second, redispy.DefaultLockSleep)
	err = l.Do(func() error {
		fmt.Println("only one client at a time gets here")
		return nil
	})
	fmt.Println(err)

	_, err = redispy.NewLock(r, "x", time.Second, 2*time.Second)
	fmt.Println(errors.Is(err, redispy.ErrLock), err)
	// Output:
	// only one client at a time gets here
	// <nil>
	// true 'sleep' must be less than 'timeout'
}
