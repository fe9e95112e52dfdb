package pubsub_test

import (
	"fmt"

	"github.com/alicebob/miniredis/v2"

	"github.com/redispy-go/redispy/chapters/04-client"
	"github.com/redispy-go/redispy/chapters/06-pubsub"
)

// A listener in a goroutine of its own, stopped by Close from another: the
// one call a PubSub takes from a second goroutine. The loop ends without
// an error, and the connection goes back to the pool, closed.
func ExamplePubSub_Close() {
	srv, err := miniredis.Run()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	var port int
	fmt.Sscan(srv.Port(), &port)
	r := client.NewRedis(client.Options{Host: srv.Host(), Port: port})
	defer r.ConnectionPool.Disconnect()

	p := pubsub.Pubsub(r, "")
	if _, err := p.Subscribe("news"); err != nil {
		panic(err)
	}
	got, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for msg, err := range p.Listen() {
			fmt.Println("got", string(msg.Data), err)
			got <- struct{}{}
		}
		fmt.Println("listen ended")
	}()
	r.Publish("news", "first")
	<-got // the listener has it, and goes on to wait for the next
	p.Close()
	<-done
	fmt.Println(r.ConnectionPool.Stats())
	// Output:
	// got first <nil>
	// listen ended
	// created=2 available=2 in_use=0
}

// Every (P)(UN)SUBSCRIBE returns the server's first confirmation, as
// 2.4.6's returned the reply list; the rest come out of Listen.
func ExamplePubSub_Subscribe() {
	srv, err := miniredis.Run()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	var port int
	fmt.Sscan(srv.Port(), &port)
	r := client.NewRedis(client.Options{Host: srv.Host(), Port: port})
	defer r.ConnectionPool.Disconnect()

	p := pubsub.Pubsub(r, "")
	defer p.Close()
	fmt.Println(p.Subscribe("a", "b"))
	for msg := range p.Listen() {
		fmt.Println(msg)
		break
	}
	fmt.Println(p.SubscriptionCount(), p.Channels())
	// Output:
	// {'type': 'subscribe', 'pattern': None, 'channel': 'a', 'data': 1} <nil>
	// {'type': 'subscribe', 'pattern': None, 'channel': 'b', 'data': 2}
	// 2 [a b]
}
