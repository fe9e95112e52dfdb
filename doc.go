// Package redispy is a Go port of redis-py 2.4.6, built one chapter at a
// time so the two can be read side by side.
//
// The chapters live under chapters/: 00-exceptions (redis/exceptions.py),
// 01-pool, 02-connection and 03-parser (redis/connection.py). The docs site
// under docs/ walks through each chapter in English and Chinese.
package redispy
