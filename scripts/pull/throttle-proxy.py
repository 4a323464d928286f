#!/usr/bin/env python3
"""A bandwidth-limited TCP proxy for loopback pulls (Python stdlib only).

Usage: throttle-proxy.py LISTEN_PORT TARGET_PORT MBIT_S
Listens on 127.0.0.1:LISTEN_PORT and forwards every connection to 127.0.0.1:TARGET_PORT.
One budget is shared by all connections and both directions, as one network link is:
containerd's parallel layer fetches split the bandwidth between them. An idle link banks at
most 20 ms of credit, so bursts stay short.
Prints "ready" on stdout once listening.
"""
import socket
import sys
import threading
import time

CHUNK = 256 * 1024
BURST_S = 0.02


class Bucket:
    """A virtual clock of when the link is free again: `take(n)` books n bytes on it and
    sleeps until they have passed. Oversleeping loses nothing (the clock does not move with the
    sleeper), and an idle link banks at most BURST_S of credit."""

    def __init__(self, bytes_per_s):
        self.rate = bytes_per_s
        self.free_at = time.monotonic()
        self.lock = threading.Lock()

    def take(self, n):
        with self.lock:
            now = time.monotonic()
            self.free_at = max(self.free_at, now - BURST_S) + n / self.rate
            wait = self.free_at - now
        if wait > 0:
            time.sleep(wait)


def pump(src, dst, bucket):
    try:
        while True:
            data = src.recv(CHUNK)
            if not data:
                break
            bucket.take(len(data))
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    listen_port, target_port, mbit_s = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    bucket = Bucket(mbit_s * 1e6 / 8)
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", listen_port))
    server.listen(64)
    print("ready", flush=True)
    while True:
        client, _ = server.accept()
        upstream = socket.create_connection(("127.0.0.1", target_port))
        for a, b in ((client, upstream), (upstream, client)):
            threading.Thread(target=pump, args=(a, b, bucket), daemon=True).start()


if __name__ == "__main__":
    main()
