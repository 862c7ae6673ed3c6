// Command s3-server is the tests' S3-compatible object store: gofakes3 (the S3 server rclone's `serve s3` is built on)
// with its in-memory backend, listening on the loopback address.
//
// Usage:
//
//	s3-server [-host 127.0.0.1] [-port 9000] [-stop-with-stdin]
//
// -port 0 picks a free port. With -stop-with-stdin it also stops when its standard input closes: a test runner that
// dies without stopping it leaves no server behind. Once it listens it prints one line on standard output,
// `s3-server listening on http://HOST:PORT`, which a test waits for. It creates no bucket (a test creates its own,
// with CreateBucket), accepts any credentials and keeps everything in memory: it is gone when the process stops.
// SIGTERM or SIGINT stops it; it exits 0 once the requests in flight are answered (at most 5 s).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

func main() {
	host := flag.String("host", "127.0.0.1", "the address to listen on")
	port := flag.Int("port", 9000, "the port to listen on; 0 picks a free one")
	stopWithStdin := flag.Bool("stop-with-stdin", false, "stop when standard input closes (the parent process is gone)")
	flag.Parse()
	if err := run(*host, *port, *stopWithStdin); err != nil {
		log.Fatalf("s3-server: %v", err)
	}
}

func run(host string, port int, stopWithStdin bool) error {
	listener, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	faker := gofakes3.New(s3mem.New())
	server := &http.Server{Handler: faker.Server(), ReadHeaderTimeout: 10 * time.Second}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	if stopWithStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop <- syscall.SIGTERM
		}()
	}
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	fmt.Printf("s3-server listening on http://%s\n", listener.Addr().String())

	select {
	case err := <-served:
		return err
	case <-stop:
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := server.Shutdown(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return nil
	}
}
