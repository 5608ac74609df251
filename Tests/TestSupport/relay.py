#!/usr/bin/env python3
"""Relays for the test suite, listening on 127.0.0.1 (an ephemeral port) and connecting only to 127.0.0.1.

  relay.py tls --cert PEM --key PEM --backend PORT [--delay-ms N]
      A TLS terminator (ALPN http/1.1) in front of a plain backend port: whatever the backend does (trickles,
      floods, silence, an orderly close, a reset) happens to the client inside TLS. A reset from either side
      becomes a reset (SO_LINGER 0) toward the other; an orderly close becomes close_notify and FIN.
      --delay-ms N holds every chunk N ms in each direction, the TLS handshake included, and a connection's
      first chunk from the client one round trip more (its TCP handshake): a link with a 2N ms round trip.

  relay.py proxy (--backend PORT | --demand-credentials)
      An HTTP CONNECT proxy that tunnels every CONNECT to the backend port, whatever host the client named,
      or answers 407 with Proxy-Authenticate.

Prints "port N" once listening, then one line per event, flushed: "accepted N" for each connection, and for
the proxy "request JSON" with the request line and head. Exits when its stdin reaches end of file, so it never
outlives the test process that started it.
"""

import argparse
import collections
import json
import os
import select
import socket
import ssl
import struct
import sys
import threading
import time

output_lock = threading.Lock()


def say(line):
    with output_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def reset(sock):
    """Close with a TCP reset instead of an orderly FIN."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


# Bytes queued toward one side before the other side is no longer read (a flood waits for a slow reader).
QUEUE_LIMIT = 1 << 20


class End:
    """One side of a tunnel: its socket, and what is waiting to be written to it."""

    def __init__(self, sock, tls=False):
        self.sock = sock
        self.tls = tls
        self.reading = True       # the peer has not ended its side yet
        self.outbox = collections.deque()  # (due, bytes), in order
        self.queued = 0
        self.then = None          # once the outbox is written: "close" (orderly) or "reset"
        self.write_closed = False
        self.dead = False

    def fileno(self):
        return self.sock.fileno()

    def has_buffered(self):
        """TLS may hold decrypted bytes that select cannot see."""
        return self.tls and self.reading and self.sock.pending() > 0

    def read(self):
        """Bytes read, b"" at the peer's orderly end, None when nothing is ready; raises on a reset."""
        chunks = []
        try:
            while True:
                data = self.sock.recv(65536)
                if not data:
                    if chunks:
                        break
                    return b""
                chunks.append(data)
                if not self.has_buffered():
                    break
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError):
            pass
        return b"".join(chunks) if chunks else None

    def queue(self, due, data):
        self.outbox.append((due, data))
        self.queued += len(data)

    def write_due(self, now):
        """Writes what is due; False when the peer has gone."""
        while self.outbox and self.outbox[0][0] <= now:
            due, data = self.outbox[0]
            try:
                sent = self.sock.send(data)
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError):
                return True
            except OSError:
                return False
            self.queued -= sent
            if sent < len(data):
                self.outbox[0] = (due, data[sent:])
                return True
            self.outbox.popleft()
        return True

    def finish_if_drained(self):
        if self.outbox or self.then is None or self.write_closed or self.dead:
            return
        if self.then == "reset":
            reset(self.sock)
            self.dead = True
            self.reading = False
            return
        if self.tls:
            try:
                # Non-blocking: sends close_notify, then reports that the peer's has not arrived.
                self.sock.unwrap()
            except (ssl.SSLError, OSError, ValueError):
                pass
            # The response has ended; what the client sends after it is not passed on.
            self.reading = False
        try:
            socket.socket.shutdown(self.sock, socket.SHUT_WR)
        except OSError:
            pass
        self.write_closed = True


def tunnel(client, backend, delay, first_from_client=0.0):
    """Pumps bytes both ways, each chunk `delay` seconds after it was read, until both sides have ended or
    one was reset. The first chunk from the client waits `first_from_client` seconds more."""
    ends = (client, backend)

    def other(end):
        return backend if end is client else client

    def lost(end):
        """The peer of `end` reset or vanished: reset the other side once it has what it was owed."""
        end.dead = True
        end.reading = False
        end.outbox.clear()
        end.queued = 0
        try:
            end.sock.close()
        except OSError:
            pass
        partner = other(end)
        partner.reading = False
        partner.then = "reset"

    for end in ends:
        end.sock.setblocking(False)
    try:
        while True:
            # Twice: ending one side (close_notify sent) can be what ends the other.
            for _ in range(2):
                for end in ends:
                    if not end.reading and not end.dead and other(end).then is None:
                        other(end).then = "close"
                for end in ends:
                    end.finish_if_drained()
            if all(end.dead or (not end.reading and end.write_closed) for end in ends):
                break
            now = time.monotonic()
            readable = [end for end in ends if end.reading and other(end).queued < QUEUE_LIMIT]
            writable = [end for end in ends if not end.dead and end.outbox and end.outbox[0][0] <= now]
            dues = [end.outbox[0][0] for end in ends if not end.dead and end.outbox and end.outbox[0][0] > now]
            timeout = max(0.0, min(dues) - now) if dues else 1.0
            buffered = [end for end in readable if end.has_buffered()]
            ready_read, _, _ = select.select(readable, writable, [], 0.0 if buffered else timeout)
            now = time.monotonic()
            for end in set(ready_read) | set(buffered):
                if not end.reading:
                    continue
                try:
                    data = end.read()
                except OSError:  # ConnectionResetError, ssl.SSLError
                    lost(end)
                    continue
                if data is None:
                    continue
                if data == b"":
                    end.reading = False
                    continue
                extra = 0.0
                if end is client and first_from_client:
                    extra, first_from_client = first_from_client, 0.0
                other(end).queue(now + delay + extra, data)
            for end in ends:
                if not end.dead and not end.write_due(now):
                    lost(end)
    finally:
        for end in ends:
            if not end.dead:
                try:
                    end.sock.close()
                except OSError:
                    pass


def serve_tls(connection, context, backend_port):
    try:
        connection.settimeout(10)
        try:
            secure = context.wrap_socket(connection, server_side=True)
        except (ssl.SSLError, OSError):
            # The client refused the certificate (or spoke no TLS): close as a server would.
            connection.close()
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", backend_port), timeout=10)
        except OSError:
            reset(secure)
            return
        upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        tunnel(End(secure, tls=True), End(upstream), 0.0)
    except Exception as error:  # a relay thread must never take the process down
        sys.stderr.write("relay: %r\n" % (error,))


def read_head(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return None, b""
        data += chunk
        if len(data) > 64 * 1024:
            return None, b""
    head, rest = data.split(b"\r\n\r\n", 1)
    return head.decode("latin-1"), rest


def serve_proxy(connection, backend_port, demand_credentials):
    try:
        connection.settimeout(10)
        head, rest = read_head(connection)
        if head is None:
            connection.close()
            return
        line = head.split("\r\n", 1)[0]
        say("request " + json.dumps({"line": line, "head": head}))
        parts = line.split(" ")
        if demand_credentials:
            connection.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                               b"Proxy-Authenticate: Basic realm=\"test proxy\"\r\n"
                               b"Content-Length: 0\r\nConnection: close\r\n\r\n")
            connection.close()
            return
        if len(parts) != 3 or parts[0] != "CONNECT":
            connection.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            connection.close()
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", backend_port), timeout=10)
        except OSError:
            connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            connection.close()
            return
        connection.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        client, server = End(connection), End(upstream)
        if rest:
            server.queue(0.0, rest)
        tunnel(client, server, 0.0)
    except Exception as error:
        sys.stderr.write("relay: %r\n" % (error,))


def serve_delayed(connection, target_port, delay):
    """A plain relay that holds every chunk `delay` seconds each way; the first chunk from the client waits
    one more round trip, the one its TCP handshake would have taken on a real link."""
    try:
        upstream = socket.create_connection(("127.0.0.1", target_port), timeout=10)
        upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        tunnel(End(connection), End(upstream), delay, first_from_client=2 * delay)
    except Exception as error:
        sys.stderr.write("relay: %r\n" % (error,))


def listen(handler, on_accept=None):
    """Accepts on 127.0.0.1 (an ephemeral port) on a thread of its own; returns the port."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)

    def accept_loop():
        while True:
            connection, _ = listener.accept()
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if on_accept:
                on_accept()
            threading.Thread(target=handler, args=(connection,), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()
    return listener.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    modes = parser.add_subparsers(dest="mode", required=True)
    tls = modes.add_parser("tls")
    tls.add_argument("--cert", required=True)
    tls.add_argument("--key", required=True)
    tls.add_argument("--backend", type=int, required=True)
    tls.add_argument("--delay-ms", type=int, default=0)
    proxy = modes.add_parser("proxy")
    proxy.add_argument("--backend", type=int, default=0)
    proxy.add_argument("--demand-credentials", action="store_true")
    options = parser.parse_args()

    accepted = [0]

    def count():
        with output_lock:
            accepted[0] += 1
            number = accepted[0]
        say("accepted %d" % number)

    if options.mode == "tls":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(options.cert, options.key)
        context.set_alpn_protocols(["http/1.1"])
        delay = options.delay_ms / 1000.0

        def terminate(connection):
            serve_tls(connection, context, options.backend)

        if delay > 0:
            # The delay sits in front of the TLS terminator, so the handshake crosses the slow link too.
            inner = listen(terminate)
            port = listen(lambda connection: serve_delayed(connection, inner, delay), count)
        else:
            port = listen(terminate, count)
    else:
        port = listen(lambda connection: serve_proxy(connection, options.backend, options.demand_credentials), count)
    say("port %d" % port)
    exit_when_stdin_closes()


if __name__ == "__main__":
    main()
