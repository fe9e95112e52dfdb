//go:build js

package exceptions

import (
	"errors"
	"net"
	"strings"
	"syscall"
)

// platformErrno finds the errno of a dial that failed in Go's in-process
// network for js/wasm (the docs pages' Run buttons): it reports a refused
// connection as a *net.AddrError whose text is "connect: connection
// refused", the errno flattened into words. The words name one errno, so
// it is found again, and a page prints what Linux prints.
func platformErrno(err error) (syscall.Errno, bool) {
	var ae *net.AddrError
	if !errors.As(err, &ae) {
		return 0, false
	}
	text := strings.TrimPrefix(ae.Err, "connect: ")
	for _, en := range []syscall.Errno{syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.ETIMEDOUT, syscall.EPROTOTYPE, syscall.EINVAL} {
		if en.Error() == text {
			return en, true
		}
	}
	return 0, false
}
