"""The https section's set-up for scripts/bench: certificates and trust, static copies of the demo API's
pages, nginx, the 50 ms relay and a TLS server that never answers one record. Everything listens on
127.0.0.1 and lives under .build-bench/https; the servers run as this user and stop with the bench.
"""

import asyncio
import ctypes
import json
import multiprocessing
import os
import queue
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SYSTEM_BUNDLES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem")
HANG_ID = "int-never-answered"
FORK = multiprocessing.get_context("fork")


def die_with_parent():
    """The servers go when the bench goes, even if it is killed before it can stop them (Linux prctl)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


# ---------------------------------------------------------------------------------------------------------
# Certificates and trust


def make_trust(root):
    """A CA and a leaf for 127.0.0.1/localhost (P-256), the combined bundle, and a hashed directory."""
    os.makedirs(root, exist_ok=True)
    p = lambda name: os.path.join(root, name)
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    run(["openssl", "req", "-x509"] + ec + ["-keyout", p("ca.key"), "-out", p("ca.pem"), "-days", "2",
        "-subj", "/CN=twbrowse bench CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    run(["openssl", "req"] + ec + ["-keyout", p("leaf.key"), "-out", p("leaf.csr"), "-subj", "/CN=127.0.0.1"])
    with open(p("leaf.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n")
    run(["openssl", "x509", "-req", "-in", p("leaf.csr"), "-CA", p("ca.pem"), "-CAkey", p("ca.key"),
         "-CAcreateserial", "-out", p("leaf.pem"), "-days", "2", "-extfile", p("leaf.ext")])
    system = next((b for b in SYSTEM_BUNDLES if os.path.exists(b)), None)
    with open(p("bundle.pem"), "w") as out:
        if system:
            with open(system) as f:
                out.write(f.read().rstrip("\n") + "\n")
        with open(p("ca.pem")) as f:
            out.write(f.read())
    hashed = p("hashed")
    shutil.rmtree(hashed, ignore_errors=True)
    os.makedirs(hashed)
    shutil.copy(p("ca.pem"), os.path.join(hashed, "bench-ca.pem"))
    run(["openssl", "rehash", hashed])
    count = sum(1 for line in open(p("bundle.pem")) if "BEGIN CERTIFICATE" in line)
    return dict(ca=p("ca.pem"), leaf=p("leaf.pem"), key=p("leaf.key"), bundle=p("bundle.pem"), hashed=hashed,
                system=system, bundle_certs=count)


def bundle_env(trust, token):
    """Every client trusts the system bundle plus the test CA, through CURL_CA_BUNDLE; no proxy."""
    return {"TECHWOLF_TOKEN": token, "CURL_CA_BUNDLE": trust["bundle"], "no_proxy": "127.0.0.1,localhost",
            "NO_PROXY": "127.0.0.1,localhost", "https_proxy": "", "HTTPS_PROXY": "", "all_proxy": "", "ALL_PROXY": ""}


def hashed_env(trust, token):
    """The test CA from a hashed directory only: no bundle file read at all."""
    return dict(bundle_env(trust, token), CURL_CA_BUNDLE="", SSL_CERT_FILE="", SSL_CERT_DIR=trust["hashed"])


# ---------------------------------------------------------------------------------------------------------
# The pages: static copies of the demo API


def crawl(B, bin_dir, site):
    """Copies the demo's /version, the three pages of /employees and, for the first 40 employees with
    interactions, the employee, their interactions and the vacancies those point at. Returns what the
    measurements need: the token, the first listed employee, and employees whose records point at vacancies
    with plain-ASCII job titles (their titles are what the screen is checked for)."""
    shutil.rmtree(site, ignore_errors=True)
    os.makedirs(site)
    worklist = os.path.join(B.DATA, "https-demo-worklist.txt")
    server = B.DemoServer(bin_dir, worklist)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def get(path):
        req = urllib.request.Request(server.url + path, headers={"Authorization": "Bearer " + server.token})
        try:
            return opener.open(req, timeout=10).read()
        except urllib.error.HTTPError as e:
            if e.code == 404:  # the demo has a record whose vacancy does not exist: nginx answers 404 too
                return None
            raise

    def save(name, body):
        path = os.path.join(site, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(body)

    try:
        save("version.json", get("/version"))
        for offset in (0, 100, 200):
            save("employees-offset-%d.json" % offset, get("/employees?limit=100&offset=%d" % offset))
        first_page = json.loads(open(os.path.join(site, "employees-offset-0.json")).read())
        first_id = first_page["results"][0]["external_id"]
        by_employee = {}
        for line in open(worklist):
            parts = line.split()
            if len(parts) >= 2 and not line.startswith("#"):
                by_employee.setdefault(parts[0], []).append(parts[1])
        vacancies, records = {}, {}
        for e in list(by_employee)[:40]:
            save("employees/%s.json" % e, get("/employees/%s?include=custom_properties" % e))
            for i in by_employee[e]:
                body = get("/employees/%s/interactions/%s" % (e, i))
                save("employees/%s/interactions/%s.json" % (e, i), body)
                v = json.loads(body).get("vacancy_id")
                if v and v not in vacancies:
                    vbody = get("/vacancies/%s?include=custom_properties" % v)
                    if vbody is not None:
                        save("vacancies/%s.json" % v, vbody)
                    vacancies[v] = json.loads(vbody).get("job_title") or "" if vbody else ""
                records[(e, i)] = v
    finally:
        server.stop()

    return dict(choose(by_employee, records, vacancies, os.path.dirname(site)), token=server.token, first_id=first_id)


def choose(by_employee, records, vacancies, folder):
    """The employees the measurements use. Their records point at vacancies with plain-ASCII job titles, as
    the screen is checked for a title's first 12 characters; no two of the records involved share one."""
    def title(e, i):
        return vacancies.get(records.get((e, i))) or ""

    def plain(e, i):
        t = title(e, i)
        return t.isascii() and t.isprintable() and len(t) >= 6

    crawled = {e: ids for e, ids in by_employee.items() if all((e, i) in records for i in ids)}
    n = None
    for e, ids in crawled.items():
        # The record opened first and the one `n` goes to; then one left out of the worklist whose vacancy no
        # listed record points at: opening it costs the record and its vacancy, like `n` without prefetch.
        if len(ids) < 4 or not (plain(e, ids[0]) and plain(e, ids[1]) and title(e, ids[0])[:12] != title(e, ids[1])[:12]):
            continue
        for x in ids[2:]:
            listed = [i for i in ids if i != x]
            if plain(e, x) and records[(e, x)] not in {records[(e, i)] for i in listed} \
                    and title(e, x)[:12] not in {title(e, i)[:12] for i in listed}:
                n = dict(n_employee=e, n_first=ids[0], n_next=ids[1], n_uncached=x, listed=listed)
                break
        if n:
            break
    add = None
    for e, ids in crawled.items():
        if n and e == n["n_employee"]:
            continue
        got, seen = [], set()
        for i in ids:
            if plain(e, i) and records[(e, i)] not in seen and title(e, i)[:12] not in {title(e, j)[:12] for j in got}:
                got.append(i)
                seen.add(records[(e, i)])
        if len(got) >= 3:
            add = dict(add_employee=e, add_ids=got[:3], add_titles=[title(e, i)[:12] for i in got[:3]])
            break
    if not (n and add):
        raise RuntimeError("the demo data has no employee with records pointing at plain-titled vacancies")
    n["n_worklist"] = os.path.join(folder, "n-worklist.txt")
    with open(n["n_worklist"], "w") as f:
        f.writelines("%s %s\n" % (n["n_employee"], i) for i in n.pop("listed"))
    n["n_titles"] = {k: title(n["n_employee"], n["n_" + k])[:12] for k in ("first", "next", "uncached")}
    return dict(n, **add)


# ---------------------------------------------------------------------------------------------------------
# nginx


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_listening(port, timeout=10):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


class Nginx:
    """nginx with TLS 1.3 and HTTP/2 on 127.0.0.1, its own prefix, config, pid and logs; `daemon off`, so it
    is this process's child and stops with it. The access log records each request's connection, protocol and
    TLS version, to confirm what the clients negotiated."""

    def __init__(self, prefix, site, trust):
        self.prefix = prefix
        shutil.rmtree(prefix, ignore_errors=True)
        os.makedirs(os.path.join(prefix, "tmp"))
        self.port = free_port()
        self.access_log = os.path.join(prefix, "access.log")
        user = "user root root;\n" if os.geteuid() == 0 else ""
        temp = "".join("    %s_temp_path %s;\n" % (k, os.path.join(prefix, "tmp", k))
                       for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        conf = f"""# written by scripts/bench
daemon off;
master_process on;
worker_processes 1;
{user}pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
{temp}    log_format bench '$msec $connection $connection_requests $server_protocol $ssl_protocol $request_uri $status';
    access_log {self.access_log} bench;
    types {{ application/json json; }}
    default_type application/json;
    server {{
        listen 127.0.0.1:{self.port} ssl http2;
        ssl_certificate {trust['leaf']};
        ssl_certificate_key {trust['key']};
        ssl_protocols TLSv1.3;
        keepalive_timeout 75s;
        root {site};
        location = /version {{ try_files /version.json =404; }}
        # nginx serves files by path; the page is picked by the query's offset.
        location = /employees {{ try_files /employees-offset-$arg_offset.json =404; }}
        location / {{ try_files $uri.json =404; }}
    }}
}}
"""
        self.conf = os.path.join(prefix, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(conf)
        self.proc = subprocess.Popen(["nginx", "-p", prefix, "-c", self.conf, "-e", os.path.join(prefix, "error.log")],
                                     preexec_fn=die_with_parent,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_listening(self.port):
            self.stop()
            raise RuntimeError("nginx did not start: %s" % self.errors())
        self.url = "https://127.0.0.1:%d" % self.port

    def errors(self):
        try:
            return open(os.path.join(self.prefix, "error.log")).read()[-1500:]
        except OSError:
            return "(no error log)"

    def log_lines(self):
        try:
            return open(self.access_log).read().splitlines()
        except OSError:
            return []

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def nginx_version():
    r = subprocess.run(["nginx", "-v"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.stdout.strip().replace("nginx version: ", "")


# ---------------------------------------------------------------------------------------------------------
# The 50 ms relay


def _relay_main(sock, target_port, one_way, count):
    die_with_parent()
    async def pump(reader, writer, not_before):
        loop = asyncio.get_running_loop()
        queue = asyncio.Queue()

        async def sender():
            while True:
                due, data = await queue.get()
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not data:
                    try:
                        writer.write_eof()
                    except OSError:
                        pass
                    return
                writer.write(data)
                try:
                    await writer.drain()
                except OSError:
                    return

        task = asyncio.create_task(sender())
        while True:
            try:
                data = await reader.read(65536)
            except OSError:
                data = b""
            queue.put_nowait((max(loop.time(), not_before) + one_way, data))
            if not data:
                break
        await task

    async def handle(reader, writer):
        with count.get_lock():
            count.value += 1
        loop = asyncio.get_running_loop()
        # The kernel completed the client's TCP handshake at once; on a real link that takes a round trip
        # before the client can send. So nothing the client sends leaves before a round trip after accept:
        # its bytes arrive when they would have.
        not_before = loop.time() + 2 * one_way
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            writer.close()
            return
        # No Nagle on either side: asyncio sets TCP_NODELAY only on sockets it made with an explicit TCP
        # protocol, not on those accepted from a listening socket handed to it, and Nagle's wait for the
        # client's delayed ACK would add 40 ms to a second response sent right after a first.
        for w in (writer, up_writer):
            w.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        await asyncio.gather(pump(reader, up_writer, not_before), pump(up_reader, writer, 0))
        for w in (writer, up_writer):
            w.close()

    async def main():
        server = await asyncio.start_server(handle, sock=sock)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


class Relay:
    """127.0.0.1:port → target, `one_way` seconds each way, in a process of its own (so the bench's own work
    never delays a byte); `connections` counts what it accepted."""

    def __init__(self, target_port, one_way):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = "https://127.0.0.1:%d" % self.port
        self.count = FORK.Value("i", 0)
        self.proc = FORK.Process(target=_relay_main, args=(self.sock, target_port, one_way, self.count), daemon=True)
        self.proc.start()

    @property
    def connections(self):
        with self.count.get_lock():
            return self.count.value

    def stop(self):
        self.proc.terminate()
        self.proc.join(5)
        self.sock.close()


# ---------------------------------------------------------------------------------------------------------
# A TLS server that never answers one record


def _hang_main(sock, trust, site, events):
    die_with_parent()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(trust["leaf"], trust["key"])
    context.set_alpn_protocols(["http/1.1"])

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path.endswith("/" + HANG_ID):
                events.put(("request", time.monotonic()))
                # Never answer: wait for the client to drop the connection.
                try:
                    while self.connection.recv(4096):
                        pass
                except (OSError, ssl.SSLError):
                    pass
                events.put(("closed", time.monotonic()))
                self.close_connection = True
                return
            if path == "/version":
                name = "version.json"
            elif path == "/employees":
                offset = self.path.split("offset=", 1)[1].split("&")[0] if "offset=" in self.path else "0"
                name = "employees-offset-%s.json" % offset
            else:
                name = path.lstrip("/") + ".json"
            full = os.path.realpath(os.path.join(site, name))
            if not full.startswith(os.path.realpath(site) + os.sep) or not os.path.isfile(full):
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = open(full, "rb").read()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def server_bind(self):
            pass

        def get_request(self):
            conn, addr = self.socket.accept()
            # The handshake happens in the connection's own thread, on its first read.
            return context.wrap_socket(conn, server_side=True, do_handshake_on_connect=False), addr

    server = Server(("127.0.0.1", 0), Handler, bind_and_activate=False)
    server.socket.close()
    server.socket = sock
    server.serve_forever()


class HangServer:
    def __init__(self, trust, site):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = "https://127.0.0.1:%d" % self.sock.getsockname()[1]
        self.events = FORK.Queue()
        self.proc = FORK.Process(target=_hang_main, args=(self.sock, trust, site, self.events), daemon=True)
        self.proc.start()

    def next_event(self, kind, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                k, t = self.events.get(timeout=max(0.01, end - time.monotonic()))
            except queue.Empty:
                return None
            if k == kind:
                return t
        return None

    def drain(self):
        while True:
            try:
                self.events.get_nowait()
            except queue.Empty:
                return

    def stop(self):
        self.proc.terminate()
        self.proc.join(5)
        self.sock.close()
