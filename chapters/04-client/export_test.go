package client

// SetLegacy246 switches r back to redis-py 2.4.6 wherever the port takes a
// later fix: a timed-out command is sent again, and TTL and BGREWRITEAOF
// use 2.4.6's callbacks. Only tests call it, to show the failure beside
// the fix.
func SetLegacy246(r *Redis) {
	r.legacy246 = true
	for command, callback := range legacyCallbacks {
		r.SetResponseCallback(command, callback)
	}
}
