package lock

import (
	"testing"

	"github.com/redispy-go/redispy/workshop/internal/wtest"
)

// TestMain keeps these tests for the checker: under `go test ./...` they
// are compiled and vetted, not run (see wtest.Main).
func TestMain(m *testing.M) { wtest.Main(m) }
