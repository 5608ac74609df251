#define _POSIX_C_SOURCE 200809L

#include "curl_shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// MARK: libcurl's ABI, declared here so its headers need not be installed.
// The numbers are fixed by libcurl's ABI promise (curl/curl.h: "Never *EVER* remove any").

typedef void CURL;
typedef int CURLcode;     // an enum in curl.h
typedef int CURLoption;   // an enum in curl.h
typedef int CURLINFO;     // an enum in curl.h
typedef int64_t curl_off_t;
struct curl_slist;

#define CURLOPTTYPE_LONG 0
#define CURLOPTTYPE_OBJECTPOINT 10000
#define CURLOPTTYPE_FUNCTIONPOINT 20000
#define CURLOPTTYPE_OFF_T 30000

enum {
    CURLOPT_WRITEDATA = CURLOPTTYPE_OBJECTPOINT + 1,
    CURLOPT_URL = CURLOPTTYPE_OBJECTPOINT + 2,
    CURLOPT_PROXY = CURLOPTTYPE_OBJECTPOINT + 4,
    CURLOPT_WRITEFUNCTION = CURLOPTTYPE_FUNCTIONPOINT + 11,
    CURLOPT_POSTFIELDS = CURLOPTTYPE_OBJECTPOINT + 15,
    CURLOPT_HTTPHEADER = CURLOPTTYPE_OBJECTPOINT + 23,
    CURLOPT_HEADERDATA = CURLOPTTYPE_OBJECTPOINT + 29,
    CURLOPT_NOPROGRESS = CURLOPTTYPE_LONG + 43,
    CURLOPT_NETRC = CURLOPTTYPE_LONG + 51,
    CURLOPT_FOLLOWLOCATION = CURLOPTTYPE_LONG + 52,
    CURLOPT_XFERINFODATA = CURLOPTTYPE_OBJECTPOINT + 57,
    CURLOPT_CAINFO = CURLOPTTYPE_OBJECTPOINT + 65,
    CURLOPT_HEADERFUNCTION = CURLOPTTYPE_FUNCTIONPOINT + 79,
    CURLOPT_HTTPGET = CURLOPTTYPE_LONG + 80,
    CURLOPT_NOSIGNAL = CURLOPTTYPE_LONG + 99,
    CURLOPT_ACCEPT_ENCODING = CURLOPTTYPE_OBJECTPOINT + 102,
    CURLOPT_MAXFILESIZE_LARGE = CURLOPTTYPE_OFF_T + 117,
    CURLOPT_POSTFIELDSIZE_LARGE = CURLOPTTYPE_OFF_T + 120,
    CURLOPT_TIMEOUT_MS = CURLOPTTYPE_LONG + 155,
    CURLOPT_CONNECTTIMEOUT_MS = CURLOPTTYPE_LONG + 156,
    CURLOPT_PROTOCOLS = CURLOPTTYPE_LONG + 181,
    CURLOPT_XFERINFOFUNCTION = CURLOPTTYPE_FUNCTIONPOINT + 219,
    CURLOPT_PROTOCOLS_STR = CURLOPTTYPE_OBJECTPOINT + 318,
};

#define CURLINFO_LONG 0x200000
#define CURLINFO_RESPONSE_CODE (CURLINFO_LONG + 2)

#define CURLE_OK 0
#define CURLE_OPERATION_TIMEDOUT 28
#define CURLE_ABORTED_BY_CALLBACK 42
#define CURLE_UNKNOWN_OPTION 48
#define CURLE_FILESIZE_EXCEEDED 63

#define CURL_GLOBAL_DEFAULT 3L   // CURL_GLOBAL_SSL | CURL_GLOBAL_WIN32
#define CURL_NETRC_IGNORED 0L
#define CURLPROTO_HTTP (1L << 0)
#define CURLPROTO_HTTPS (1L << 1)

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
    CURLcode (*easy_perform)(CURL *handle);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    void (*easy_reset)(CURL *handle);
    void (*easy_cleanup)(CURL *handle);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *line);
    void (*slist_free_all)(struct curl_slist *list);
    const char *(*easy_strerror)(CURLcode code);
    char *(*version)(void);
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *library = NULL;
    for (const char *const *name = library_names; *name && !library; name++) {
        library = dlopen(*name, RTLD_NOW | RTLD_LOCAL);
    }
    if (!library) {
        const char *reason = dlerror();
        snprintf(api.error, sizeof api.error, "%s", reason ? reason : "libcurl not found");
        return;
    }
    // Copied, not cast: ISO C has no object-to-function pointer conversion; POSIX guarantees the bytes.
#define LOAD(field, symbol)                                                                    \
    {                                                                                          \
        void *address = dlsym(library, symbol);                                                \
        if (!address) {                                                                        \
            snprintf(api.error, sizeof api.error, "libcurl has no %s (too old)", symbol);      \
            return;                                                                            \
        }                                                                                      \
        memcpy(&api.field, &address, sizeof address);                                          \
    }
    LOAD(global_init, "curl_global_init")
    LOAD(easy_init, "curl_easy_init")
    LOAD(easy_setopt, "curl_easy_setopt")
    LOAD(easy_perform, "curl_easy_perform")
    LOAD(easy_getinfo, "curl_easy_getinfo")
    LOAD(easy_reset, "curl_easy_reset")
    LOAD(easy_cleanup, "curl_easy_cleanup")
    LOAD(slist_append, "curl_slist_append")
    LOAD(slist_free_all, "curl_slist_free_all")
    LOAD(easy_strerror, "curl_easy_strerror")
    LOAD(version, "curl_version")
#undef LOAD
    // Never dlclose: libcurl and its TLS library keep global state (and maybe threads) for the process.
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(api.error, sizeof api.error, "curl_global_init failed");
        return;
    }
    api.loaded = 1;
}

// MARK: Cancelling

struct twb_curl_cancel {
    atomic_int raised;
};

twb_curl_cancel *twb_curl_cancel_new(void) {
    twb_curl_cancel *flag = malloc(sizeof *flag);
    if (flag) atomic_init(&flag->raised, 0);
    return flag;
}

void twb_curl_cancel_raise(twb_curl_cancel *flag) {
    if (flag) atomic_store(&flag->raised, 1);
}

void twb_curl_cancel_free(twb_curl_cancel *flag) {
    free(flag);
}

static int is_raised(twb_curl_cancel *flag) {
    return flag && atomic_load(&flag->raised);
}

// MARK: Idle handles
// An easy handle keeps its connections and TLS sessions, so handing a finished one to the next request
// saves a TCP and TLS handshake per request to the same origin.

#define IDLE_HANDLES 4
static pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;
static CURL *idle[IDLE_HANDLES];
static int idle_count;

static CURL *take_handle(void) {
    CURL *handle = NULL;
    pthread_mutex_lock(&idle_lock);
    if (idle_count > 0) handle = idle[--idle_count];
    pthread_mutex_unlock(&idle_lock);
    return handle ? handle : api.easy_init();
}

static void give_back(CURL *handle) {
    // Reset first: the handle still points at this request's header list, body and callbacks' state.
    api.easy_reset(handle);
    pthread_mutex_lock(&idle_lock);
    if (idle_count < IDLE_HANDLES) {
        idle[idle_count++] = handle;
        handle = NULL;
    }
    pthread_mutex_unlock(&idle_lock);
    if (handle) api.easy_cleanup(handle);
}

// MARK: Receiving

// A server could send headers forever; libcurl's own limit has changed between versions.
#define MAX_HEADER_BYTES (256 * 1024)

typedef struct {
    unsigned char *bytes;
    size_t length;
    size_t capacity;
} buffer;

typedef struct {
    buffer headers;
    buffer body;
    size_t max_body_bytes;
    int body_too_large;
    int headers_too_large;
    int out_of_memory;
    twb_curl_cancel *cancel;
} transfer;

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
    transfer *t = context;
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
    transfer *t = context;
    size_t length = size * count;
    // Returning less than `length` makes libcurl stop the transfer with CURLE_WRITE_ERROR.
    if (length > t->max_body_bytes - t->body.length) {
        t->body_too_large = 1;
        return 0;
    }
    if (!append(&t->body, data, length, t->max_body_bytes)) {
        t->out_of_memory = 1;
        return 0;
    }
    return length;
}

// Called while connecting and transferring, at least about once a second even when nothing arrives;
// non-zero aborts with CURLE_ABORTED_BY_CALLBACK.
static int on_progress(void *context, curl_off_t download_total, curl_off_t downloaded,
                       curl_off_t upload_total, curl_off_t uploaded) {
    (void)download_total;
    (void)downloaded;
    (void)upload_total;
    (void)uploaded;
    transfer *t = context;
    return is_raised(t->cancel);
}

// MARK: Performing

static CURLcode configure(CURL *handle, const twb_curl_request *request, transfer *t, struct curl_slist *headers) {
    CURLcode code;
#define SET(option, value)                                                      \
    if ((code = api.easy_setopt(handle, option, value)) != CURLE_OK) return code
    SET(CURLOPT_URL, request->url);
    // Threads: no SIGALRM for DNS timeouts (the resolver is threaded).
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_TIMEOUT_MS, request->timeout_ms);
    SET(CURLOPT_CONNECTTIMEOUT_MS, request->timeout_ms);
    // Never follow: the Authorization header must stay on this origin; the caller reports the 3xx.
    SET(CURLOPT_FOLLOWLOCATION, 0L);
    SET(CURLOPT_NETRC, CURL_NETRC_IGNORED);
    // No Accept-Encoding, so no decompression: the size cap counts the bytes we actually keep.
    SET(CURLOPT_ACCEPT_ENCODING, (const char *)NULL);
    code = api.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    if (code == CURLE_UNKNOWN_OPTION) code = api.easy_setopt(handle, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
    if (code != CURLE_OK) return code;
    if (request->direct) SET(CURLOPT_PROXY, "");
    if (request->ca_file) SET(CURLOPT_CAINFO, request->ca_file);
    if (headers) SET(CURLOPT_HTTPHEADER, headers);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, (void *)t);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, (void *)t);
    SET(CURLOPT_NOPROGRESS, 0L);
    SET(CURLOPT_XFERINFOFUNCTION, on_progress);
    SET(CURLOPT_XFERINFODATA, (void *)t);
    // 0 would mean "no limit" to libcurl; the write callback alone enforces a zero cap.
    if (request->max_body_bytes > 0 && request->max_body_bytes <= INT64_MAX) {
        SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)request->max_body_bytes);
    }
    if (strcmp(request->method, "POST") == 0) {
        // Set the size first: without it libcurl would strlen() the body.
        SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)request->body_length);
        SET(CURLOPT_POSTFIELDS, request->body_length ? request->body : (const void *)"");
    } else {
        SET(CURLOPT_HTTPGET, 1L);
    }
#undef SET
    return CURLE_OK;
}

static struct curl_slist *header_list(const twb_curl_request *request, int *failed) {
    struct curl_slist *list = NULL;
    // An empty "Expect:" stops libcurl from sending "Expect: 100-continue" and waiting up to a second
    // before a larger POST body.
    static const char *const extra[] = {"Expect:", NULL};
    const char *const *groups[] = {request->headers, strcmp(request->method, "POST") == 0 ? extra : NULL};
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        for (const char *const *line = groups[g]; line && *line; line++) {
            struct curl_slist *longer = api.slist_append(list, *line);
            if (!longer) {
                *failed = 1;
                return list;
            }
            list = longer;
        }
    }
    return list;
}

static void fail(twb_curl_result *result, int outcome, int curl_code, const char *message) {
    result->outcome = outcome;
    result->curl_code = curl_code;
    snprintf(result->message, sizeof result->message, "%s", message ? message : "");
}

int twb_curl_perform(const twb_curl_request *request, twb_curl_result *result) {
    memset(result, 0, sizeof *result);
    pthread_once(&load_once, load);
    if (!api.loaded) {
        fail(result, TWB_CURL_UNAVAILABLE, 0, api.error);
        return result->outcome;
    }
    if (!request->url || !request->method) {
        fail(result, TWB_CURL_FAILED, 0, "no URL or method");
        return result->outcome;
    }
    if (strcmp(request->method, "GET") != 0 && strcmp(request->method, "POST") != 0) {
        fail(result, TWB_CURL_FAILED, 0, "only GET and POST are supported");
        return result->outcome;
    }
    // libcurl reads a timeout of 0 as "never".
    if (request->timeout_ms <= 0) {
        fail(result, TWB_CURL_TIMED_OUT, 0, "");
        return result->outcome;
    }
    if (is_raised(request->cancel)) {
        fail(result, TWB_CURL_CANCELLED, 0, "");
        return result->outcome;
    }

    CURL *handle = take_handle();
    if (!handle) {
        fail(result, TWB_CURL_FAILED, 0, "curl_easy_init failed");
        return result->outcome;
    }
    transfer t = {.max_body_bytes = request->max_body_bytes, .cancel = request->cancel};
    int list_failed = 0;
    struct curl_slist *headers = header_list(request, &list_failed);
    CURLcode code = list_failed ? CURLE_OK : configure(handle, request, &t, headers);
    if (!list_failed && code == CURLE_OK) code = api.easy_perform(handle);
    long status = 0;
    if (api.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK) result->status = status;
    give_back(handle);
    api.slist_free_all(headers);

    if (list_failed || t.out_of_memory) {
        fail(result, TWB_CURL_FAILED, code, "out of memory");
    } else if (code == CURLE_OK) {
        result->outcome = TWB_CURL_OK;
    } else if (is_raised(request->cancel) && code == CURLE_ABORTED_BY_CALLBACK) {
        fail(result, TWB_CURL_CANCELLED, code, "");
    } else if (t.body_too_large || code == CURLE_FILESIZE_EXCEEDED) {
        fail(result, TWB_CURL_TOO_LARGE, code, "");
    } else if (t.headers_too_large) {
        fail(result, TWB_CURL_FAILED, code, "the response headers were too large");
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
        fail(result, TWB_CURL_TIMED_OUT, code, "");
    } else {
        fail(result, TWB_CURL_FAILED, code, api.easy_strerror(code));
    }
    if (result->outcome == TWB_CURL_OK) {
        result->headers = (char *)t.headers.bytes;
        result->headers_length = t.headers.length;
        result->body = t.body.bytes;
        result->body_length = t.body.length;
    } else {
        free(t.headers.bytes);
        free(t.body.bytes);
    }
    return result->outcome;
}

void twb_curl_result_free(twb_curl_result *result) {
    if (!result) return;
    free(result->headers);
    free(result->body);
    result->headers = NULL;
    result->body = NULL;
    result->headers_length = 0;
    result->body_length = 0;
}

const char *twb_curl_version(void) {
    pthread_once(&load_once, load);
    return api.loaded ? api.version() : NULL;
}

const char *twb_curl_load_error(void) {
    pthread_once(&load_once, load);
    return api.loaded ? NULL : api.error;
}
