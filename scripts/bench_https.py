"""The https section of scripts/bench: twbrowse on the path users run, beside tig and curl in the same run.

Set-up (scripts/bench_https_setup.py): a throwaway CA and a leaf for 127.0.0.1/localhost made with the
openssl CLI; one trust bundle (the system's CA bundle plus the test CA) that every client is given through
CURL_CA_BUNDLE; static JSON copies of the demo API's pages served by nginx with TLS 1.3 and HTTP/2; two TCP
relays in front of nginx that delay every byte 25 ms and 50 ms each way (50 and 100 ms links) and count
the connections they accept; a TLS server that answers everything but one record, which it never answers
(for Esc).

scripts/bench imports this module and passes itself in (`B`), so the pty driver, the statistics, the
installer and the table helpers are the same ones the demo section uses.
"""

import os
import subprocess
import time

from bench_https_setup import (HANG_ID, HangServer, Nginx, Relay, bundle_env, crawl, hashed_env, make_trust,
                               nginx_version)

# The link users are measured on: 25 ms each way. Round trips are counted from the same action on a link
# twice as slow: (time at 100 ms − time at 50 ms) / 50 ms. The program's own work is the same on both links
# and cancels out, wherever it falls (before connecting, or while a connection's handshake is on its way).
RTT_MS = 50


# ---------------------------------------------------------------------------------------------------------
# Screen checks


def screen_text(p):
    if p.tracker.ok:
        p.sync()
        return "\n".join(p.tracker.screen.display)
    return p.buffer.decode("utf-8", "replace")


def last_words(p, limit=300):
    """The screen's text for a note, blanks folded."""
    return " ".join(screen_text(p).split())[-limit:]


def shows(*needles, absent=()):
    """A predicate: every needle on screen and none of `absent` (read from pyte's screen)."""
    def check(p):
        if not p.screen_has(*[n.encode() for n in needles]):
            return False
        if not absent:
            return True
        text = screen_text(p)
        return not any(a in text for a in absent)
    return check


def idle(p, seconds):
    t = time.monotonic()
    while time.monotonic() - t < seconds:
        p.quiet(0.5, seconds - (time.monotonic() - t))


def timed_process(argv, env):
    """Wall time of a whole process (ms) and its peak RSS (KiB, from wait4)."""
    t = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    ms = (time.monotonic() - t) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (ms if proc.returncode == 0 else None), usage.ru_maxrss


# ---------------------------------------------------------------------------------------------------------
# The measurements


def measure(B, bin_dir, reps, home, tig_dir):
    """All https figures, interleaved with the peers rep by rep. Returns the raw samples and the set-up."""
    B.apt_install([("openssl", "openssl"), ("nginx", "nginx"), ("curl", "curl")])
    for tool in ("openssl", "nginx", "curl"):
        if not B.have(tool):
            B.note("https section skipped: %s missing" % tool)
            return None
    root = os.path.join(B.SCRATCH, "https")
    os.makedirs(root, exist_ok=True)
    trust = make_trust(os.path.join(root, "trust"))
    site = os.path.join(root, "site")
    B.log("https: crawling the demo API into static pages ...")
    pages = crawl(B, bin_dir, site)
    servers = []
    try:
        nginx = Nginx(os.path.join(root, "nginx"), site, trust)
        servers.append(nginx)
        relay = Relay(nginx.port, RTT_MS / 2000)
        servers.append(relay)
        slow = Relay(nginx.port, RTT_MS / 1000)
        servers.append(slow)
        hang = HangServer(trust, site)
        servers.append(hang)
        return run_all(B, bin_dir, reps, home, tig_dir, trust, pages, nginx, relay, slow, hang)
    finally:
        for server in reversed(servers):
            server.stop()


def run_all(B, bin_dir, reps, home, tig_dir, trust, pages, nginx, relay, slow, hang):
    env = bundle_env(trust, pages["token"])
    path = os.path.join(bin_dir, "twbrowse")
    twb = lambda *args: [path, *args]
    curl_env = dict(os.environ, **env)
    page_path = "/employees?limit=100&offset=0"
    curl = lambda base: ["curl", "-s", "-f", "-o", "/dev/null", "-H", "Authorization: Bearer " + pages["token"],
                         base + page_path]
    raw = {k: [] for k in ("paint", "list", "rss", "tig", "curl", "curl_rss", "paint_hashed", "list_hashed",
                           "rss_hashed", "esc_screen", "esc_close", "n_prefetched", "n_uncached",
                           "n_uncached_fields", "rt_list", "rt_list_slow", "rt_list_conns", "rt_curl",
                           "rt_curl_slow", "rt_curl_conns", "add3", "add3_slow", "add3_conns")}
    setup = dict(nginx=nginx_version(), system_bundle=trust["system"], bundle_certs=trust["bundle_certs"],
                 pages={k: v for k, v in pages.items() if k != "token"})
    listed = shows(pages["first_id"], "quit")
    header = shows(" twbrowse ")
    check = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{http_version}", "-H",
                            "Authorization: Bearer " + pages["token"], nginx.url + page_path],
                           env=curl_env, stdout=subprocess.PIPE, text=True)
    setup["curl_check"] = check.stdout
    if not check.stdout.startswith("200 2"):
        B.note("https: curl got '%s' from nginx (expected 200 over HTTP/2)" % check.stdout)
    for rep in range(reps):
        B.log("  https, repetition %d/%d" % (rep + 1, reps))
        # 1-3: first paint, list, peak RSS idle, beside tig and curl.
        start_idle(B, twb("--base-url", nginx.url), env, home, header, listed, raw, "", rep)
        if tig_dir and B.have("tig"):
            p = B.Pty(["tig"], cwd=tig_dir, home=home)
            t = p.until(lambda p: p.screen_has(b"commit 1 of"), 20)
            if t is not None:
                raw["tig"].append((t - p.t0) * 1000)
            p.close()
        ms, rss = timed_process(curl(nginx.url), curl_env)
        raw["curl"].append(ms)
        raw["curl_rss"].append(rss)
        start_idle(B, twb("--base-url", nginx.url), hashed_env(trust, pages["token"]), home, header, listed, raw,
                   "_hashed", rep)

        # 4: Esc on a transfer the server never answers.
        esc_cancel(B, twb, home, env, hang, pages, raw, rep)
        # 5: n with the next record already fetched, then an uncached record, through the 50 ms link.
        n_latency(B, twb, home, env, relay, pages, raw, rep)
        # 6: round trips: start, curl, adding three interactions, each on the 50 and the 100 ms link.
        round_trips(B, twb, home, env, curl_env, relay, slow, pages, curl, listed, raw, rep)
    log = nginx.log_lines()
    setup["nginx_protocols"] = sorted({" ".join(line.split()[3:5]) for line in log})
    return dict(raw=raw, setup=setup)


def start_idle(B, argv, env, home, header, listed, raw, suffix, rep):
    """Spawn → header drawn, → list visible, then the peak RSS after 4.6 s idle (the demo's wait)."""
    p = B.Pty(argv, cwd=home, home=home, env_extra=env)
    t_paint = p.until(header, 20)
    t_list = p.until(listed, 20)
    if t_list is None:
        B.note("https%s: no employees list within 20 s (rep %d): %s" % (suffix, rep, last_words(p)))
    else:
        raw["paint" + suffix].append((t_paint - p.t0) * 1000)
        raw["list" + suffix].append((t_list - p.t0) * 1000)
        idle(p, 4.6)
        raw["rss" + suffix].append(p.hwm_kib())
    p.close((b"\x03",))


def esc_cancel(B, twb, home, env, hang, pages, raw, rep):
    hang.drain()
    e = pages["n_employee"]
    p = B.Pty(twb("--base-url", hang.url, "--employee", e, "--interaction", HANG_ID), cwd=home, home=home,
              env_extra=env)
    asked = hang.next_event("request", 20)
    loading = p.until(shows("loading " + HANG_ID, "Esc cancels"), 10) if asked else None
    if loading is None:
        B.note("https Esc: the record request never showed as loading (rep %d): %s" % (rep, last_words(p)))
        p.close((b"\x03",))
        return
    p.quiet(0.2, 1)
    t_key = time.monotonic()
    os.write(p.master, b"\x1b")
    t_screen = p.until(shows(HANG_ID + " was not loaded", absent=("Esc cancels",)), 5)
    t_close = hang.next_event("closed", 5)
    raw["esc_screen"].append(None if t_screen is None else (t_screen - t_key) * 1000)
    raw["esc_close"].append(None if t_close is None else (t_close - t_key) * 1000)
    if t_screen is None or t_close is None:
        B.note("https Esc (rep %d): screen %s, connection closed %s" % (rep, "left the spinner" if t_screen else "kept the spinner 5 s",
                                                                         "seen" if t_close else "not seen in 5 s"))
    p.close((b"\x03",))


def record_fields(interaction):
    """The record screen of this interaction with its fields (not its loading line)."""
    return "Interaction     " + interaction


def record_shown(pages, which):
    """Its fields and its vacancy's job title, resolved."""
    return shows(record_fields(pages["n_" + which]), pages["n_titles"][which], "Source")


def n_latency(B, twb, home, env, relay, pages, raw, rep):
    p = B.Pty(twb("--base-url", relay.url, "--worklist", pages["n_worklist"], "--employee", pages["n_employee"],
               "--interaction", pages["n_first"]), cwd=home, home=home, env_extra=env)
    if p.until(record_shown(pages, "first"), 20) is None:
        B.note("https n: the first record never showed (rep %d): %s" % (rep, last_words(p)))
        p.close((b"\x03",))
        return
    idle(p, 1.0)
    t_key = time.monotonic()
    os.write(p.master, b"n")
    t = p.until(record_shown(pages, "next"), 10)
    raw["n_prefetched"].append(None if t is None else (t - t_key) * 1000)
    p.quiet(0.3, 2)
    os.write(p.master, (":interaction %s %s" % (pages["n_employee"], pages["n_uncached"])).encode())
    p.quiet(0.2, 2)
    t_key = time.monotonic()
    os.write(p.master, b"\r")
    t_fields = p.until(shows(record_fields(pages["n_uncached"])), 10)
    t = p.until(record_shown(pages, "uncached"), 10)
    raw["n_uncached_fields"].append(None if t_fields is None else (t_fields - t_key) * 1000)
    raw["n_uncached"].append(None if t is None else (t - t_key) * 1000)
    p.close((b"\x03",))


def add_three(B, twb, home, env, base, pages, rep, relay=None):
    """Starts on the add-employee's screen, presses a, pastes three IDs, Enter: ms until all three rows show
    their vacancies' job titles, and the connections the relay accepted meanwhile."""
    p = B.Pty(twb("--base-url", base, "--employee", pages["add_employee"]), cwd=home, home=home, env_extra=env)
    if p.until(shows("Position", "a adds interaction IDs"), 20) is None:
        B.note("https add: the employee screen never loaded (rep %d): %s" % (rep, last_words(p)))
        p.close((b"\x03",))
        return None, None
    idle(p, 0.5)
    os.write(p.master, b"a")
    p.quiet(0.2, 2)
    os.write(p.master, " ".join(pages["add_ids"]).encode())
    p.quiet(0.2, 2)
    before = relay.connections if relay else None
    t_key = time.monotonic()
    os.write(p.master, b"\r")
    t = p.until(shows(*pages["add_titles"]), 10)
    conns = relay.connections - before if relay else None
    if t is None:
        B.note("https add (rep %d): the three rows did not all resolve in 10 s: %s" % (rep, last_words(p)))
    p.close((b"\x03",))
    return (None if t is None else (t - t_key) * 1000), conns


def round_trips(B, twb, home, env, curl_env, relay, slow, pages, curl, listed, raw, rep):
    """Start → list, curl's fetch and adding three interactions, each on the 50 ms link (elapsed, and the
    connections that relay accepted) and then on the 100 ms one."""
    for link, suffix in ((relay, ""), (slow, "_slow")):
        before = link.connections
        p = B.Pty(twb("--base-url", link.url), cwd=home, home=home, env_extra=env)
        t = p.until(listed, 20)
        raw["rt_list" + suffix].append(None if t is None else (t - p.t0) * 1000)
        if link is relay:
            raw["rt_list_conns"].append(link.connections - before)
        p.close((b"\x03",))
        before = link.connections
        ms, _ = timed_process(curl(link.url), curl_env)
        raw["rt_curl" + suffix].append(ms)
        if link is relay:
            raw["rt_curl_conns"].append(link.connections - before)
        ms, conns = add_three(B, twb, home, env, link.url, pages, rep, link)
        raw["add3" + suffix].append(ms)
        if link is relay:
            raw["add3_conns"].append(conns)


# ---------------------------------------------------------------------------------------------------------
# The table


def figures(B, result, demo_rss):
    """Statistics for the results JSON, and the table's rows (figure, stats, unit, peers, target, met)."""
    if not result:
        return {}, []
    raw = result["raw"]
    mib = lambda xs: [x / 1024 for x in xs if x is not None]
    S = {"https_" + k: B.stats(mib(v) if "rss" in k else v) for k, v in raw.items()}
    med = lambda k: S[k]["median"] if S.get(k) else None
    fmt = B.fmt

    def round_trips(key):
        """Per repetition: (time on the 100 ms link − time on the 50 ms link) / 50 ms."""
        return B.stats([(slow - fast) / RTT_MS for fast, slow in zip(raw[key], raw[key + "_slow"])
                        if fast is not None and slow is not None])

    S["https_rt_list_count"] = round_trips("rt_list")
    S["https_rt_curl_count"] = round_trips("rt_curl")
    S["https_add3_count"] = round_trips("add3")
    S["https_demo_rss"] = demo_rss
    paint, tig = med("https_paint"), med("https_tig")
    lst, crl = med("https_list"), med("https_curl")
    rss, drss = med("https_rss"), (demo_rss or {}).get("median")
    esc_s, esc_c = med("https_esc_screen"), med("https_esc_close")
    n_pre, n_unc = med("https_n_prefetched"), med("https_n_uncached")
    rt_l, rt_c, rt_a = med("https_rt_list_count"), med("https_rt_curl_count"), med("https_add3_count")
    per_rtt = lambda k: None if med(k) is None else med(k) / RTT_MS
    conns = lambda k: "/".join(str(c) for c in sorted(set(x for x in raw[k] if x is not None))) or "—"
    ok = lambda cond, *xs: None if any(x is None for x in xs) else cond()
    rows = [
        ("first paint (header drawn), https, 100x30", S["https_paint"], "ms", "tig's first frame %s" % fmt(tig, "ms"),
         "≤ tig", ok(lambda: paint <= tig, paint, tig)),
        ("employees list visible, https", S["https_list"], "ms",
         "curl -s -o /dev/null, whole process: %s" % fmt(crl, "ms"), "≤ curl + 25 ms", ok(lambda: lst <= crl + 25, lst, crl)),
        ("peak RSS, https, list visible and idle (CA bundle)", S["https_rss"], "MiB",
         "curl %s" % fmt(med("https_curl_rss"), "MiB"), "≤ 20 MiB", ok(lambda: rss <= 20, rss)),
        ("peak RSS, --demo idle (the demo table's figure)", demo_rss, "MiB", "", "≤ 20 MiB", ok(lambda: drss <= 20, drss)),
        ("  peak RSS, https, trust from a hashed directory (SSL_CERT_DIR)", S["https_rss_hashed"], "MiB",
         "list visible %s ms, first paint %s ms" % (fmt(med("https_list_hashed"), "ms"), fmt(med("https_paint_hashed"), "ms")),
         "", None),
        ("Esc on an unanswered https request → screen off the spinner", S["https_esc_screen"], "ms", "", "≤ 100 ms",
         ok(lambda: esc_s <= 100, esc_s)),
        ("  Esc → the server sees the connection closed", S["https_esc_close"], "ms", "", "≤ 100 ms",
         ok(lambda: esc_c <= 100, esc_c)),
        ("n on a record, next record fetched ahead (50 ms link)", S["https_n_prefetched"], "ms",
         "an uncached record opened: %s" % fmt(n_unc, "ms"), "no network wait (< 25 ms)", ok(lambda: n_pre < 25, n_pre)),
        ("  an uncached record (:interaction, Enter) until its vacancy shows: what n costs without prefetch",
         S["https_n_uncached"], "ms", "its fields: %s ms" % fmt(med("https_n_uncached_fields"), "ms"), "", None),
        ("round trips, start → list visible", S["https_rt_list_count"], "RT",
         "curl %s RT; on the 50 ms link %s vs %s ms (/50: %s vs %s); connections %s vs %s" % (
             fmt(rt_c, "RT"), fmt(med("https_rt_list"), "ms"), fmt(med("https_rt_curl"), "ms"),
             fmt(per_rtt("https_rt_list"), "RT"), fmt(per_rtt("https_rt_curl"), "RT"),
             conns("rt_list_conns"), conns("rt_curl_conns")),
         "no more than curl's", ok(lambda: rt_l <= rt_c + 0.5, rt_l, rt_c)),
        ("round trips, adding 3 interactions (a, 3 IDs, Enter) → rows show their vacancies", S["https_add3_count"], "RT",
         "on the 50 ms link %s ms (/50: %s); new connections %s" % (
             fmt(med("https_add3"), "ms"), fmt(per_rtt("https_add3"), "RT"), conns("add3_conns")),
         "≤ 2", ok(lambda: rt_a <= 2.5, rt_a)),
    ]
    return S, rows
