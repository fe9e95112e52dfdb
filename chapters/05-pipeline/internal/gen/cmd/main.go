// Command gen rewrites chapters/05-pipeline/commands_gen.go from chapter
// 04's source. Run it with go generate ./chapters/05-pipeline/ (from the
// repository root), which runs it in chapters/05-pipeline.
package main

import (
	"fmt"
	"os"

	"github.com/redispy-go/redispy/chapters/05-pipeline/internal/gen"
)

func main() {
	src, err := gen.Commands("../04-client")
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile("commands_gen.go", src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
