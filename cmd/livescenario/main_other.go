//go:build !(js && wasm)

package main

import "os"

func main() { os.Exit(cli()) }
