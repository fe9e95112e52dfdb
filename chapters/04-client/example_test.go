package client_test

import (
	"fmt"
	"strconv"

	"github.com/alicebob/miniredis/v2"

	"github.com/redispy-go/redispy/chapters/04-client"
)

func startExampleServer() (*miniredis.Miniredis, client.Options) {
	srv, err := miniredis.Run()
	if err != nil {
		panic(err)
	}
	port, _ := strconv.Atoi(srv.Port())
	return srv, client.Options{Host: srv.Host(), Port: port}
}

// 2.4.6's argument order: the value before the seconds, though the server
// wants SETEX name seconds value.
func ExampleRedis_Setex() {
	srv, opts := startExampleServer()
	defer srv.Close()
	r := client.NewRedis(opts)

	r.Setex("session", "abc", 60)
	v, _ := r.Get("session")
	ttl, _ := r.Ttl("session")
	fmt.Println(string(v), *ttl)
	// Output: abc 60
}

// A callback turns a reply into the value a method returns, on this client
// only.
func ExampleRedis_SetResponseCallback() {
	srv, opts := startExampleServer()
	defer srv.Close()
	r := client.NewRedis(opts)

	r.SetResponseCallback("GET", func(reply any, _ client.CommandOptions) (any, error) {
		if b, ok := reply.([]byte); ok {
			return len(b), nil
		}
		return 0, nil
	})
	r.Set("greeting", "hello")
	n, _ := r.ExecuteCommand("GET", "greeting")
	fmt.Println(n)
	// Output: 5
}

// Without WITHSCORES a range is a list of members; the ...Withscores twin
// pairs them with their scores.
func ExampleRedis_ZrangeWithscores() {
	srv, opts := startExampleServer()
	defer srv.Close()
	r := client.NewRedis(opts)

	r.Zadd("scores", map[string]float64{"ann": 3, "bob": 1.5})
	pairs, _ := r.ZrangeWithscores("scores", 0, -1, false)
	for _, p := range pairs {
		fmt.Printf("%s %g\n", p.Member, p.Score)
	}
	// Output:
	// bob 1.5
	// ann 3
}
