package bench

import (
	"fmt"
	"testing"
)

// TestClientsAgree checks that the three libraries, pointed at the same
// server, see the same data: what one writes the others read back alike.
// It keeps `go test ./...` honest (the benchmarks only run with -bench) and
// proves the benchmarks compare clients doing the same work.
func TestClientsAgree(t *testing.T) {
	for _, tr := range []transport{tcp, unix} {
		t.Run(map[transport]string{tcp: "tcp", unix: "unix"}[tr], func(t *testing.T) {
			clients := newClients(tr)
			defer func() {
				for _, c := range clients {
					c.close()
				}
			}()
			prefix := fmt.Sprintf("agree:%d:", tr)

			// Each client writes a value; every client reads each back.
			for _, w := range clients {
				key := prefix + "written-by:" + w.name
				value := []byte("value from " + w.name + "\x00\r\n binary-safe")
				if err := w.set(key, value); err != nil {
					t.Fatalf("%s SET: %v", w.name, err)
				}
				for _, r := range clients {
					got, err := r.get(key)
					if err != nil || string(got) != string(value) {
						t.Errorf("%s GET %s = %q, %v; want %q", r.name, key, got, err, value)
					}
				}
			}
			for _, r := range clients {
				if got, err := r.get(prefix + "missing"); err != nil || got != nil {
					t.Errorf("%s GET missing = %q, %v; want nil (None)", r.name, got, err)
				}
			}

			// One counter, incremented by each in turn: each sees the
			// others' increments.
			for i, c := range clients {
				n, err := c.incr(prefix + "counter")
				if err != nil || n != int64(i+1) {
					t.Errorf("%s INCR = %d, %v; want %d", c.name, n, err, i+1)
				}
			}

			// A pipeline of SETs from each client, read back by the others.
			for _, w := range clients {
				keys := []string{prefix + "pipe:" + w.name + ":1", prefix + "pipe:" + w.name + ":2"}
				if err := w.pipelineSet(keys, []byte("piped")); err != nil {
					t.Fatalf("%s pipeline: %v", w.name, err)
				}
				for _, r := range clients {
					for _, k := range keys {
						if got, err := r.get(k); err != nil || string(got) != "piped" {
							t.Errorf("%s GET %s = %q, %v; want \"piped\"", r.name, k, got, err)
						}
					}
				}
			}

			// A list and a hash written by the server's own connection.
			if _, err := server.Do("RPUSH", prefix+"list", "a", "", "c\r\n"); err != nil {
				t.Fatal(err)
			}
			if _, err := server.Do("HSET", prefix+"hash", "f1", "v1", "f2", ""); err != nil {
				t.Fatal(err)
			}
			wantList := []string{"a", "", "c\r\n"}
			wantHash := map[string]string{"f1": "v1", "f2": ""}
			for _, c := range clients {
				list, err := c.lrange(prefix + "list")
				if err != nil || fmt.Sprint(list) != fmt.Sprint(wantList) || len(list) != len(wantList) {
					t.Errorf("%s LRANGE = %q, %v; want %q", c.name, list, err, wantList)
				}
				hash, err := c.hgetall(prefix + "hash")
				if err != nil || fmt.Sprint(hash) != fmt.Sprint(wantHash) {
					t.Errorf("%s HGETALL = %q, %v; want %q", c.name, hash, err, wantHash)
				}
			}
		})
	}
}
