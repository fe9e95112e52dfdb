// Package bench measures the redispy client against redigo and go-redis on
// one redis-server, in one run, so that the numbers can be compared: the
// machines this project runs on drift too much between runs for absolute
// figures to mean much (see /work/shared/notes/performance.md).
//
// It is a module of its own so that the comparison libraries never become
// requirements of redispy itself. Everything lives in the tests:
//
//	go test ./...                                      # do the clients agree? (fast)
//	go test -run '^$' -bench . -benchmem               # the benchmarks
//	make bench                                         # six interleaved rounds, benchstat
//
// Besides ns/op, B/op and allocs/op every benchmark reports cpu-ns/op: the
// CPU time this process spent per command (user and system, all threads,
// GC included). The server is another process, so this is the client's own
// cost, with the network's waiting taken out; it is the figure that
// separates the clients when one round trip takes tens of microseconds.
package bench
