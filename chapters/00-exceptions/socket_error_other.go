//go:build !js

package exceptions

import "syscall"

// platformErrno: elsewhere Go's net errors keep their errno (see
// socket_error_js.go for the one system that does not).
func platformErrno(error) (syscall.Errno, bool) { return 0, false }
