package pipeline_test

import (
	"fmt"
	"strconv"

	"github.com/alicebob/miniredis/v2"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/05-pipeline"
)

func startExampleServer() (*miniredis.Miniredis, *client.Redis) {
	srv, err := miniredis.Run()
	if err != nil {
		panic(err)
	}
	port, _ := strconv.Atoi(srv.Port())
	return srv, client.NewRedis(client.Options{Host: srv.Host(), Port: port})
}

// Commands queue until Execute, which returns 2.4.6's list and fills each
// command's typed Result.
func ExampleNew() {
	srv, r := startExampleServer()
	defer srv.Close()

	p := pipeline.New(r, true) // r.pipeline(), a MULTI/EXEC transaction
	p.Set("a", "a1")
	get := p.Get("a")
	scores := p.ZrangeWithscores("z", 0, -1, false)
	fmt.Println(get.Err() == pipeline.ErrNotExecuted)

	results, err := p.Execute()
	fmt.Println(len(results), err)
	fmt.Println(string(get.Val()), len(scores.Val()))
	// Output:
	// true
	// 3 <nil>
	// a1 0
}

// A read-modify-write guarded by WATCH: fn reads at once (a WATCH is on),
// then queues its write after Multi. Transaction runs fn again if the key
// changed before EXEC.
func ExampleTransaction() {
	srv, r := startExampleServer()
	defer srv.Close()
	r.Set("balance", 10)

	results, err := pipeline.Transaction(r, func(p *pipeline.Pipeline) error {
		v, err := p.Get("balance").Result()
		if err != nil {
			return err
		}
		n, _ := strconv.Atoi(string(v))
		if err := p.Multi(); err != nil {
			return err
		}
		p.Set("balance", n+5)
		return nil
	}, "balance")
	v, _ := r.Get("balance")
	fmt.Println(results, err, string(v))
	// Output:
	// [true] <nil> 15
}
