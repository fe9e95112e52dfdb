package redispy_test

import (
	"fmt"

	"github.com/alicebob/miniredis/v2"

	"github.com/redispy-go/redispy"
)

// Subscribe, publish through the client, and read the message with Listen,
// a Go iterator: the loop ends when nothing is subscribed any more.
func ExamplePubsub() {
	srv, err := miniredis.Run() // the example's own server
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	r := redispy.NewRedis(redispy.Options{Host: srv.Host(), Port: atoi(srv.Port())})
	defer r.ConnectionPool.Disconnect()

	p := redispy.Pubsub(r, "")
	defer p.Close()
	confirmation, _ := p.Subscribe("news")
	fmt.Println(confirmation)
	n, _ := r.Publish("news", "hello")
	fmt.Println("delivered to", n)

	for msg, err := range p.Listen() {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Printf("%s: %s\n", msg.Channel, msg.Data)
		p.Unsubscribe("news") // the count goes to 0, and the loop ends
	}
	fmt.Println(r.ConnectionPool.Stats())
	// Output:
	// {'type': 'subscribe', 'pattern': None, 'channel': 'news', 'data': 1}
	// delivered to 1
	// news: hello
	// created=2 available=2 in_use=0
}
