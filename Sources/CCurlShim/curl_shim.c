#define _POSIX_C_SOURCE 200809L

#include "curl_shim.h"

#include "process_setup.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// MARK: libcurl's ABI, declared here so its headers need not be installed.
// The numbers are fixed by libcurl's ABI promise (curl/curl.h: "Never *EVER* remove any").

typedef void CURL;
typedef void CURLM;
typedef int CURLcode;     // an enum in curl.h
typedef int CURLMcode;    // an enum in multi.h
typedef int CURLoption;   // an enum in curl.h
typedef int CURLMoption;  // an enum in multi.h
typedef int CURLINFO;     // an enum in curl.h
typedef int64_t curl_off_t;
struct curl_slist;
struct curl_waitfd;

typedef struct {
    int msg;
    CURL *easy_handle;
    union {
        void *whatever;
        CURLcode result;
    } data;
} CURLMsg;

// The head of curl_version_info_data, up to the fields of CURLVERSION_SEVENTH.
typedef struct {
    int age;
    const char *version;
    unsigned int version_num;
    const char *host;
    int features;
    const char *ssl_version;
    long ssl_version_num;
    const char *libz_version;
    const char *const *protocols;
    const char *ares;
    int ares_num;
    const char *libidn;
    int iconv_ver_num;
    const char *libssh_version;
    unsigned int brotli_ver_num;
    const char *brotli_version;
    unsigned int nghttp2_ver_num;
    const char *nghttp2_version;
    const char *quic_version;
    const char *cainfo;
    const char *capath;
} version_info;
#define CURLVERSION_SEVENTH 6

#define CURLOPTTYPE_LONG 0
#define CURLOPTTYPE_OBJECTPOINT 10000
#define CURLOPTTYPE_FUNCTIONPOINT 20000
#define CURLOPTTYPE_OFF_T 30000

enum {
    CURLOPT_WRITEDATA = CURLOPTTYPE_OBJECTPOINT + 1,
    CURLOPT_URL = CURLOPTTYPE_OBJECTPOINT + 2,
    CURLOPT_PROXY = CURLOPTTYPE_OBJECTPOINT + 4,
    CURLOPT_ERRORBUFFER = CURLOPTTYPE_OBJECTPOINT + 10,
    CURLOPT_WRITEFUNCTION = CURLOPTTYPE_FUNCTIONPOINT + 11,
    CURLOPT_POSTFIELDS = CURLOPTTYPE_OBJECTPOINT + 15,
    CURLOPT_HTTPHEADER = CURLOPTTYPE_OBJECTPOINT + 23,
    CURLOPT_HEADERDATA = CURLOPTTYPE_OBJECTPOINT + 29,
    CURLOPT_NETRC = CURLOPTTYPE_LONG + 51,
    CURLOPT_FOLLOWLOCATION = CURLOPTTYPE_LONG + 52,
    CURLOPT_CAINFO = CURLOPTTYPE_OBJECTPOINT + 65,
    CURLOPT_HEADERFUNCTION = CURLOPTTYPE_FUNCTIONPOINT + 79,
    CURLOPT_HTTPGET = CURLOPTTYPE_LONG + 80,
    CURLOPT_HTTP_VERSION = CURLOPTTYPE_LONG + 84,
    CURLOPT_CAPATH = CURLOPTTYPE_OBJECTPOINT + 97,
    CURLOPT_NOSIGNAL = CURLOPTTYPE_LONG + 99,
    CURLOPT_ACCEPT_ENCODING = CURLOPTTYPE_OBJECTPOINT + 102,
    CURLOPT_PRIVATE = CURLOPTTYPE_OBJECTPOINT + 103,
    CURLOPT_RESOLVE = CURLOPTTYPE_OBJECTPOINT + 203,
    CURLOPT_MAXFILESIZE_LARGE = CURLOPTTYPE_OFF_T + 117,
    CURLOPT_POSTFIELDSIZE_LARGE = CURLOPTTYPE_OFF_T + 120,
    CURLOPT_TIMEOUT_MS = CURLOPTTYPE_LONG + 155,
    CURLOPT_CONNECTTIMEOUT_MS = CURLOPTTYPE_LONG + 156,
    CURLOPT_PROTOCOLS = CURLOPTTYPE_LONG + 181,
    CURLOPT_PIPEWAIT = CURLOPTTYPE_LONG + 237,
    CURLOPT_PROTOCOLS_STR = CURLOPTTYPE_OBJECTPOINT + 318,
};

enum {
    CURLMOPT_PIPELINING = CURLOPTTYPE_LONG + 3,
};

#define CURLINFO_STRING 0x100000
#define CURLINFO_LONG 0x200000
#define CURLINFO_RESPONSE_CODE (CURLINFO_LONG + 2)
#define CURLINFO_SSL_VERIFYRESULT (CURLINFO_LONG + 13)
#define CURLINFO_PRIVATE (CURLINFO_STRING + 21)
#define CURLINFO_HTTP_CONNECTCODE (CURLINFO_LONG + 22)
#define CURLINFO_NUM_CONNECTS (CURLINFO_LONG + 26)
#define CURLINFO_HTTP_VERSION (CURLINFO_LONG + 46)

#define CURLE_OK 0
#define CURLE_WRITE_ERROR 23
#define CURLE_OPERATION_TIMEDOUT 28
#define CURLE_UNKNOWN_OPTION 48
#define CURLE_FILESIZE_EXCEEDED 63
#define CURLM_OK 0
#define CURLMSG_DONE 1
#define CURL_ERROR_SIZE 256

#define CURL_GLOBAL_DEFAULT 3L   // CURL_GLOBAL_SSL | CURL_GLOBAL_WIN32
#define CURL_NETRC_IGNORED 0L
#define CURLPROTO_HTTP (1L << 0)
#define CURLPROTO_HTTPS (1L << 1)
#define CURL_HTTP_VERSION_1_1 2L
#define CURL_HTTP_VERSION_2_0 3L
#define CURL_HTTP_VERSION_2TLS 4L
#define CURLPIPE_MULTIPLEX 2L

// MARK: Loading

#ifdef __APPLE__
static const char *const library_names[] = {"libcurl.4.dylib", NULL};
#else
// Debian and Ubuntu machines often have only the GnuTLS build (git depends on it); same ABI.
static const char *const library_names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", NULL};
#endif

static struct {
    int loaded;
    char error[160];
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    void (*easy_cleanup)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_setopt)(CURLM *multi, CURLMoption option, ...);
    CURLMcode (*multi_add_handle)(CURLM *multi, CURL *handle);
    CURLMcode (*multi_remove_handle)(CURLM *multi, CURL *handle);
    CURLMcode (*multi_perform)(CURLM *multi, int *running);
    CURLMcode (*multi_poll)(CURLM *multi, struct curl_waitfd *extra, unsigned count, int timeout_ms, int *ready);
    CURLMcode (*multi_wakeup)(CURLM *multi);
    CURLMsg *(*multi_info_read)(CURLM *multi, int *queued);
    const char *(*multi_strerror)(CURLMcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *line);
    void (*slist_free_all)(struct curl_slist *list);
    char *(*version)(void);
    const version_info *(*version_info)(int age);
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *library = NULL;
    // Lazy binding: each of the thirty-odd libraries resolves a function when it first calls it, instead of
    // every import of every library at once (0.1 MiB of symbol tables touched and 0.5 ms less to load).
    // The functions used here are looked up with dlsym below, so a libcurl without them is still refused.
    for (const char *const *name = library_names; *name && !library; name++) {
        library = dlopen(*name, RTLD_LAZY | RTLD_LOCAL);
    }
    if (!library) {
        const char *reason = dlerror();
        snprintf(api.error, sizeof api.error, "%s", reason ? reason : "libcurl not found");
        return;
    }
    // Copied, not cast: ISO C has no object-to-function pointer conversion; POSIX guarantees the bytes.
#define LOAD(field, symbol)                                                                          \
    {                                                                                                \
        void *address = dlsym(library, symbol);                                                      \
        if (!address) {                                                                              \
            snprintf(api.error, sizeof api.error, "libcurl has no %s (7.68 or later is needed)", symbol); \
            return;                                                                                  \
        }                                                                                            \
        memcpy(&api.field, &address, sizeof address);                                                \
    }
    LOAD(global_init, "curl_global_init")
    LOAD(easy_init, "curl_easy_init")
    LOAD(easy_setopt, "curl_easy_setopt")
    LOAD(easy_getinfo, "curl_easy_getinfo")
    LOAD(easy_cleanup, "curl_easy_cleanup")
    LOAD(easy_strerror, "curl_easy_strerror")
    LOAD(multi_init, "curl_multi_init")
    LOAD(multi_setopt, "curl_multi_setopt")
    LOAD(multi_add_handle, "curl_multi_add_handle")
    LOAD(multi_remove_handle, "curl_multi_remove_handle")
    LOAD(multi_perform, "curl_multi_perform")
    LOAD(multi_poll, "curl_multi_poll")
    LOAD(multi_wakeup, "curl_multi_wakeup")
    LOAD(multi_info_read, "curl_multi_info_read")
    LOAD(multi_strerror, "curl_multi_strerror")
    LOAD(slist_append, "curl_slist_append")
    LOAD(slist_free_all, "curl_slist_free_all")
    LOAD(version, "curl_version")
    LOAD(version_info, "curl_version_info")
#undef LOAD
    // Never dlclose: libcurl and its TLS library keep global state (and maybe threads) for the process.
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(api.error, sizeof api.error, "curl_global_init failed");
        return;
    }
    // libcurl and its thirty-odd libraries are loaded and initialised: most of them are never called again.
    (void)twb_release_library_pages();
    api.loaded = 1;
}

// MARK: Transfers

// A server could send headers forever; libcurl's own limit has changed between versions.
#define MAX_HEADER_BYTES (256 * 1024)

typedef struct {
    unsigned char *bytes;
    size_t length;
    size_t capacity;
} buffer;

struct twb_curl_transfer {
    // One reference for the caller, one for the transfer thread.
    atomic_int references;
    atomic_int cancel_requested;
    twb_curl_done done;
    void *context;

    // The request, copied at start.
    char *url;
    int post;
    struct curl_slist *header_list;
    struct curl_slist *resolve_list;
    void *body;
    size_t body_length;
    long timeout_ms;
    size_t max_body_bytes;
    char *ca_file;
    char *ca_path;
    int only_named_store;
    int direct;

    // Touched by the transfer thread only.
    CURL *easy;
    buffer headers;
    buffer received;
    int body_too_large;
    int headers_too_large;
    int out_of_memory;
    char error_buffer[CURL_ERROR_SIZE];
    struct twb_curl_transfer *next;
};

static void release(twb_curl_transfer *t) {
    if (!t || atomic_fetch_sub(&t->references, 1) != 1) return;
    if (t->easy) api.easy_cleanup(t->easy);
    if (t->header_list) api.slist_free_all(t->header_list);
    if (t->resolve_list) api.slist_free_all(t->resolve_list);
    free(t->url);
    free(t->body);
    free(t->ca_file);
    free(t->ca_path);
    free(t->headers.bytes);
    free(t->received.bytes);
    free(t);
}

// Appends, growing geometrically but never past `cap` (the caller has checked the length against it).
static int append(buffer *into, const char *data, size_t count, size_t cap) {
    if (count == 0) return 1;
    size_t needed = into->length + count;
    if (needed > into->capacity) {
        size_t capacity = into->capacity ? into->capacity : 16 * 1024;
        while (capacity < needed) capacity = capacity > SIZE_MAX / 2 ? needed : capacity * 2;
        if (capacity > cap) capacity = cap;
        unsigned char *grown = realloc(into->bytes, capacity);
        if (!grown) return 0;
        into->bytes = grown;
        into->capacity = capacity;
    }
    memcpy(into->bytes + into->length, data, count);
    into->length = needed;
    return 1;
}

static size_t on_header(char *data, size_t size, size_t count, void *context) {
    twb_curl_transfer *t = context;
    size_t length = size * count;
    // Each response (a 100 Continue, a proxy's CONNECT answer, the real one) starts with its status
    // line; only the last one's headers describe the body.
    if (length >= 5 && memcmp(data, "HTTP/", 5) == 0) t->headers.length = 0;
    if (length > MAX_HEADER_BYTES - t->headers.length) {
        t->headers_too_large = 1;
        return 0;
    }
    if (!append(&t->headers, data, length, MAX_HEADER_BYTES)) {
        t->out_of_memory = 1;
        return 0;
    }
    return length;
}

static size_t on_body(char *data, size_t size, size_t count, void *context) {
    twb_curl_transfer *t = context;
    size_t length = size * count;
    // Returning less than `length` makes libcurl stop the transfer with CURLE_WRITE_ERROR.
    if (length > t->max_body_bytes - t->received.length) {
        t->body_too_large = 1;
        return 0;
    }
    if (!append(&t->received, data, length, t->max_body_bytes)) {
        t->out_of_memory = 1;
        return 0;
    }
    return length;
}

static CURLcode configure(twb_curl_transfer *t) {
    CURL *handle = t->easy;
    CURLcode code;
#define SET(option, value)                                                      \
    if ((code = api.easy_setopt(handle, option, value)) != CURLE_OK) return code
    SET(CURLOPT_URL, t->url);
    SET(CURLOPT_PRIVATE, (void *)t);
    SET(CURLOPT_ERRORBUFFER, t->error_buffer);
    // Threads: no SIGALRM for DNS timeouts (the resolver is threaded).
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_TIMEOUT_MS, t->timeout_ms);
    SET(CURLOPT_CONNECTTIMEOUT_MS, t->timeout_ms);
    // Never follow: the Authorization header must stay on this origin; the caller reports the 3xx.
    SET(CURLOPT_FOLLOWLOCATION, 0L);
    SET(CURLOPT_NETRC, CURL_NETRC_IGNORED);
    // No Accept-Encoding, so no decompression: the size cap counts the bytes we actually keep.
    SET(CURLOPT_ACCEPT_ENCODING, (const char *)NULL);
    code = api.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    if (code == CURLE_UNKNOWN_OPTION) code = api.easy_setopt(handle, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
    if (code != CURLE_OK) return code;
    // HTTP/2 where TLS offers it, so concurrent requests become streams of one connection; an https
    // request that starts while that connection is still being set up waits for it instead of opening
    // another. Plain http is 1.1 only, so waiting there would only queue requests behind each other. A
    // libcurl built without HTTP/2 refuses the option and speaks 1.1.
    if (api.easy_setopt(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS) != CURLE_OK) {
        SET(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    }
    if (strncmp(t->url, "https:", 6) == 0) SET(CURLOPT_PIPEWAIT, 1L);
    if (t->direct) SET(CURLOPT_PROXY, "");
    if (t->ca_file) SET(CURLOPT_CAINFO, t->ca_file);
    if (t->ca_path) SET(CURLOPT_CAPATH, t->ca_path);
    if (t->only_named_store) {
        if (!t->ca_path) SET(CURLOPT_CAPATH, (const char *)NULL);
        if (!t->ca_file) SET(CURLOPT_CAINFO, (const char *)NULL);
    }
    if (t->header_list) SET(CURLOPT_HTTPHEADER, t->header_list);
    if (t->resolve_list) SET(CURLOPT_RESOLVE, t->resolve_list);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, (void *)t);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, (void *)t);
    // 0 would mean "no limit" to libcurl; the write callback alone enforces a zero cap.
    if (t->max_body_bytes > 0 && t->max_body_bytes <= INT64_MAX) {
        SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t->max_body_bytes);
    }
    if (t->post) {
        // Set the size first: without it libcurl would strlen() the body.
        SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)t->body_length);
        SET(CURLOPT_POSTFIELDS, t->body_length ? t->body : (const void *)"");
    } else {
        SET(CURLOPT_HTTPGET, 1L);
    }
#undef SET
    return CURLE_OK;
}

static void fail(twb_curl_result *result, int outcome, int curl_code, const char *message) {
    result->outcome = outcome;
    result->curl_code = curl_code;
    snprintf(result->message, sizeof result->message, "%s", message ? message : "");
}

// Reports the end of `t` to its caller and drops the transfer thread's reference.
static void finish(twb_curl_transfer *t, twb_curl_result *result) {
    if (result->outcome == TWB_CURL_OK) {
        result->headers = (char *)t->headers.bytes;
        result->headers_length = t->headers.length;
        result->body = t->received.bytes;
        result->body_length = t->received.length;
    }
    t->done(t->context, result);
    // Cleaned up here, on the thread that drives the multi handle, rather than by whichever thread
    // drops the last reference.
    if (t->easy) {
        api.easy_cleanup(t->easy);
        t->easy = NULL;
    }
    release(t);
}

static void finish_with(twb_curl_transfer *t, int outcome, const char *message) {
    twb_curl_result result;
    memset(&result, 0, sizeof result);
    fail(&result, outcome, 0, message);
    finish(t, &result);
}

static void finish_transfer(twb_curl_transfer *t, CURLcode code) {
    twb_curl_result result;
    memset(&result, 0, sizeof result);
    long value = 0;
    if (api.easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &value) == CURLE_OK) result.status = value;
    value = 0;
    if (api.easy_getinfo(t->easy, CURLINFO_SSL_VERIFYRESULT, &value) == CURLE_OK) result.verify_result = value;
    value = 0;
    if (api.easy_getinfo(t->easy, CURLINFO_HTTP_CONNECTCODE, &value) == CURLE_OK) result.connect_code = value;
    value = 0;
    if (api.easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &value) == CURLE_OK) result.new_connections = value;
    value = 0;
    if (api.easy_getinfo(t->easy, CURLINFO_HTTP_VERSION, &value) == CURLE_OK) {
        // CURL_HTTP_VERSION_1_0 = 1, _1_1 = 2, _2_0 = 3, _3 = 30.
        result.http_version = value == 3 ? 20 : value == 2 ? 11 : value == 1 ? 10 : value == 30 ? 30 : 0;
    }
    if (t->out_of_memory) {
        fail(&result, TWB_CURL_FAILED, code, "out of memory");
    } else if (code == CURLE_OK) {
        result.outcome = TWB_CURL_OK;
    } else if (t->body_too_large || code == CURLE_FILESIZE_EXCEEDED) {
        fail(&result, TWB_CURL_TOO_LARGE, code, "");
    } else if (t->headers_too_large) {
        fail(&result, TWB_CURL_FAILED, code, "the response headers were too large");
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
        fail(&result, TWB_CURL_TIMED_OUT, code, "");
    } else {
        fail(&result, TWB_CURL_FAILED, code, t->error_buffer[0] ? t->error_buffer : api.easy_strerror(code));
    }
    finish(t, &result);
}

// MARK: The transfer thread

static struct {
    pthread_mutex_t lock;
    CURLM *multi;
    // Handed over by twb_curl_start, not yet added to the multi handle.
    twb_curl_transfer *incoming;
    // In the multi handle.
    twb_curl_transfer *active;
    int running;
    char error[160];
} engine = {.lock = PTHREAD_MUTEX_INITIALIZER};

static pthread_once_t engine_once = PTHREAD_ONCE_INIT;

static void unlink_active(twb_curl_transfer *t) {
    for (twb_curl_transfer **link = &engine.active; *link; link = &(*link)->next) {
        if (*link == t) {
            *link = t->next;
            t->next = NULL;
            return;
        }
    }
}

// Takes what twb_curl_start handed over into the multi handle, and drops what was cancelled.
static void admit_and_cancel(void) {
    pthread_mutex_lock(&engine.lock);
    twb_curl_transfer *incoming = engine.incoming;
    engine.incoming = NULL;
    pthread_mutex_unlock(&engine.lock);

    while (incoming) {
        twb_curl_transfer *t = incoming;
        incoming = t->next;
        t->next = NULL;
        if (atomic_load(&t->cancel_requested)) {
            finish_with(t, TWB_CURL_CANCELLED, "");
            continue;
        }
        t->easy = api.easy_init();
        if (!t->easy) {
            finish_with(t, TWB_CURL_FAILED, "curl_easy_init failed");
            continue;
        }
        CURLcode code = configure(t);
        if (code != CURLE_OK) {
            twb_curl_result result;
            memset(&result, 0, sizeof result);
            fail(&result, TWB_CURL_FAILED, code, api.easy_strerror(code));
            finish(t, &result);
            continue;
        }
        CURLMcode added = api.multi_add_handle(engine.multi, t->easy);
        if (added != CURLM_OK) {
            finish_with(t, TWB_CURL_FAILED, api.multi_strerror(added));
            continue;
        }
        t->next = engine.active;
        engine.active = t;
    }

    twb_curl_transfer **link = &engine.active;
    while (*link) {
        twb_curl_transfer *t = *link;
        if (!atomic_load(&t->cancel_requested)) {
            link = &t->next;
            continue;
        }
        *link = t->next;
        t->next = NULL;
        // Removing a transfer mid-way closes its HTTP/1.1 connection or resets its HTTP/2 stream at once.
        api.multi_remove_handle(engine.multi, t->easy);
        finish_with(t, TWB_CURL_CANCELLED, "");
    }
}

static void collect_finished(void) {
    CURLMsg *message;
    int queued;
    while ((message = api.multi_info_read(engine.multi, &queued))) {
        if (message->msg != CURLMSG_DONE) continue;
        CURL *easy = message->easy_handle;
        CURLcode code = message->data.result;
        char *private = NULL;
        api.easy_getinfo(easy, CURLINFO_PRIVATE, &private);
        twb_curl_transfer *t = (twb_curl_transfer *)private;
        api.multi_remove_handle(engine.multi, easy);
        if (!t) continue;
        unlink_active(t);
        finish_transfer(t, code);
    }
}

static void *run(void *unused) {
    (void)unused;
    // Signals belong to the UI thread's handlers; a write to a closed socket must be an error, not a kill.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    for (;;) {
        admit_and_cancel();
        int running = 0;
        api.multi_perform(engine.multi, &running);
        collect_finished();
        // Sleeps until a socket is ready, libcurl's next timer, or twb_curl_start/cancel wakes it. Should
        // polling itself fail, a short sleep keeps the loop from spinning.
        if (api.multi_poll(engine.multi, NULL, 0, 1000, NULL) != CURLM_OK) {
            struct timespec pause = {0, 10 * 1000 * 1000};
            nanosleep(&pause, NULL);
        }
    }
    return NULL;
}

static void start_engine(void) {
    pthread_once(&load_once, load);
    if (!api.loaded) return;
    engine.multi = api.multi_init();
    if (!engine.multi) {
        snprintf(engine.error, sizeof engine.error, "curl_multi_init failed");
        return;
    }
    api.multi_setopt(engine.multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    int failed = pthread_create(&thread, &attributes, run, NULL);
    pthread_attr_destroy(&attributes);
    if (failed) {
        snprintf(engine.error, sizeof engine.error, "cannot start the transfer thread");
        return;
    }
    engine.running = 1;
}

int twb_curl_prepare(void) {
    pthread_once(&engine_once, start_engine);
    return engine.running;
}

// MARK: Starting and cancelling

static char *copy_string(const char *text, int *failed) {
    if (!text) return NULL;
    char *copy = strdup(text);
    if (!copy) *failed = 1;
    return copy;
}

twb_curl_transfer *twb_curl_start(const twb_curl_request *request, twb_curl_done done, void *context) {
    twb_curl_transfer *t = calloc(1, sizeof *t);
    if (!t) {
        twb_curl_result result;
        memset(&result, 0, sizeof result);
        fail(&result, TWB_CURL_FAILED, 0, "out of memory");
        done(context, &result);
        return NULL;
    }
    atomic_init(&t->references, 2);
    atomic_init(&t->cancel_requested, 0);
    t->done = done;
    t->context = context;

    twb_curl_prepare();
    if (!engine.running) {
        finish_with(t, TWB_CURL_UNAVAILABLE, api.loaded ? engine.error : api.error);
        return t;
    }
    if (!request->url || !request->method ||
        (strcmp(request->method, "GET") != 0 && strcmp(request->method, "POST") != 0)) {
        finish_with(t, TWB_CURL_FAILED, "only GET and POST are supported");
        return t;
    }
    // libcurl reads a timeout of 0 as "never".
    if (request->timeout_ms <= 0) {
        finish_with(t, TWB_CURL_TIMED_OUT, "");
        return t;
    }
    int failed = 0;
    t->url = copy_string(request->url, &failed);
    t->ca_file = copy_string(request->ca_file, &failed);
    t->ca_path = copy_string(request->ca_path, &failed);
    t->only_named_store = request->only_named_store;
    t->post = strcmp(request->method, "POST") == 0;
    t->timeout_ms = request->timeout_ms;
    t->max_body_bytes = request->max_body_bytes;
    t->direct = request->direct;
    if (t->post && request->body_length) {
        t->body = malloc(request->body_length);
        if (t->body) {
            memcpy(t->body, request->body, request->body_length);
            t->body_length = request->body_length;
        } else {
            failed = 1;
        }
    }
    for (const char *const *line = request->headers; line && *line && !failed; line++) {
        struct curl_slist *longer = api.slist_append(t->header_list, *line);
        if (longer) t->header_list = longer; else failed = 1;
    }
    // An empty "Expect:" stops libcurl from sending "Expect: 100-continue" and waiting up to a second
    // before a larger POST body.
    if (t->post && !failed) {
        struct curl_slist *longer = api.slist_append(t->header_list, "Expect:");
        if (longer) t->header_list = longer; else failed = 1;
    }
    if (request->resolve && !failed) {
        t->resolve_list = api.slist_append(NULL, request->resolve);
        if (!t->resolve_list) failed = 1;
    }
    if (failed) {
        finish_with(t, TWB_CURL_FAILED, "out of memory");
        return t;
    }

    pthread_mutex_lock(&engine.lock);
    t->next = engine.incoming;
    engine.incoming = t;
    pthread_mutex_unlock(&engine.lock);
    api.multi_wakeup(engine.multi);
    return t;
}

void twb_curl_cancel(twb_curl_transfer *transfer) {
    if (!transfer) return;
    atomic_store(&transfer->cancel_requested, 1);
    if (engine.running) api.multi_wakeup(engine.multi);
}

void twb_curl_release(twb_curl_transfer *transfer) {
    release(transfer);
}

// MARK: Describing

const char *twb_curl_version(void) {
    pthread_once(&load_once, load);
    return api.loaded ? api.version() : NULL;
}

const char *twb_curl_load_error(void) {
    pthread_once(&load_once, load);
    return api.loaded ? NULL : api.error;
}

static const version_info *info(void) {
    pthread_once(&load_once, load);
    if (!api.loaded) return NULL;
    const version_info *data = api.version_info(CURLVERSION_SEVENTH);
    return data && data->age >= CURLVERSION_SEVENTH ? data : NULL;
}

const char *twb_curl_default_ca_file(void) {
    const version_info *data = info();
    return data ? data->cainfo : NULL;
}

const char *twb_curl_default_ca_path(void) {
    const version_info *data = info();
    return data ? data->capath : NULL;
}
